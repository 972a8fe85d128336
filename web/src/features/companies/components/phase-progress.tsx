import type { Job } from '@exocorp/shared/companies'
import { Link } from 'react-router'
import { formatDuration } from '@/lib/format'

const MARK = { pending: '○', running: '◐', succeeded: '●', failed: '✕', skipped: '–' } as const

/** Live phase progress: "phase k of n", every phase with its state and how long it took. */
export function PhaseProgress({
  job,
  now,
  logsHref,
}: {
  job: Job
  now: number
  logsHref?: ((jobId: string, phase: string) => string) | undefined
}) {
  const { current, total } = job.progress
  const running = job.phases.find((p) => p.status === 'running')
  return (
    <div className="phase-progress">
      <p id="phase-progress-label">
        <strong>
          Phase {current} of {total}
        </strong>
        {running ? `: ${running.label}` : null}
      </p>
      <progress aria-labelledby="phase-progress-label" max={total} value={Math.max(0, current - (running ? 1 : 0))} />
      <ol className="phases" aria-label="Phases">
        {job.phases.map((p) => {
          const started = p.startedAt ? Date.parse(p.startedAt) : null
          const finished = p.finishedAt ? Date.parse(p.finishedAt) : null
          const duration = started !== null ? (finished ?? now) - started : null
          return (
            <li key={p.name} className={`phase phase-${p.status}`} aria-current={p.status === 'running' ? 'step' : undefined}>
              <span aria-hidden="true" className="phase-mark">
                {MARK[p.status]}
              </span>
              <span className="phase-label">{p.label}</span>
              <span className="phase-status muted">
                {p.status === 'pending'
                  ? 'Waiting'
                  : p.status === 'running'
                    ? 'In progress'
                    : p.status === 'succeeded'
                      ? 'Done'
                      : p.status}
                {duration !== null ? ` · ${formatDuration(duration, { tenths: true })}` : ''}
              </span>
              {p.note ? <span className="phase-note muted small">{p.note}</span> : null}
              {logsHref && p.status !== 'pending' ? (
                <Link className="small" to={logsHref(job.id, p.name)} aria-label={`Log lines of ${p.label}`}>
                  Logs
                </Link>
              ) : null}
            </li>
          )
        })}
      </ol>
    </div>
  )
}
