import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState } from 'react'
import { formatLogLine, LogLevelSchema, type LogLevel, type LogLine } from '@exocorp/shared/logs'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { logDownloadHref, logQueries } from '../api/queries'

const LEVELS = LogLevelSchema.options
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

/**
 * The Logs tab (issue 15 item 6): the exocorp's newest lines, new ones appearing live. Follow keeps
 * the view at the bottom; Pause freezes what is shown while lines keep arriving; filter by minimum
 * level and text; download the whole retained log with those filters (the server streams it, so it
 * is every kept line, not only the 1,000 shown). `jobId` + `phase` (from a phase's link) highlight that
 * phase's lines.
 */
export function LogsPanel({ companyId, jobId, phase }: { companyId: string; jobId?: string; phase?: string }) {
  const tail = useQuery(logQueries.tail(companyId))
  const [paused, setPaused] = useState<LogLine[] | null>(null)
  const [follow, setFollow] = useState(true)
  const [minLevel, setMinLevel] = useState<LogLevel>('debug')
  const [text, setText] = useState('')
  const [onlyJob, setOnlyJob] = useState(Boolean(jobId))
  const boxRef = useRef<HTMLPreElement>(null)
  const items = tail.data?.items
  const shown = useMemo(() => {
    const all = paused ?? items ?? []
    const needle = text.trim().toLowerCase()
    return all.filter(
      (l) =>
        RANK[l.level] >= RANK[minLevel] &&
        (!needle || l.message.toLowerCase().includes(needle)) &&
        (!onlyJob || !jobId || l.jobId === jobId),
    )
  }, [paused, items, minLevel, text, onlyJob, jobId])
  const arrived = paused ? (tail.data?.items.length ?? 0) - paused.length : 0

  useEffect(() => {
    const box = boxRef.current
    if (!box) return
    if (phase && jobId) {
      box.querySelector<HTMLElement>('[data-highlight="true"]')?.scrollIntoView?.({ block: 'center' })
      return
    }
    if (follow && !paused) box.scrollTop = box.scrollHeight
  }, [shown, follow, paused, phase, jobId])

  if (tail.isPending) return <Skeleton label="Loading logs" />
  if (tail.isError) return <ErrorMessage error={tail.error} />

  const filters = {
    ...(minLevel === 'debug' ? {} : { minLevel }),
    ...(text.trim() ? { q: text.trim() } : {}),
    ...(onlyJob && jobId ? { jobId } : {}),
  }

  return (
    <section className="card stack logs-panel" aria-labelledby="logs-heading">
      <h2 id="logs-heading">Logs</h2>
      <div className="row wrap logs-controls">
        <label>
          Level{' '}
          <select value={minLevel} onChange={(e) => setMinLevel(LogLevelSchema.parse(e.target.value))}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l === 'debug' ? 'All' : `${l} and above`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Filter <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Text in the line" />
        </label>
        {jobId ? (
          <label>
            <input type="checkbox" checked={onlyJob} onChange={(e) => setOnlyJob(e.target.checked)} /> Only this job
          </label>
        ) : null}
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <button type="button" className="btn" onClick={() => setPaused(paused ? null : [...(tail.data?.items ?? [])])}>
          {paused ? `Resume${arrived > 0 ? ` (${arrived} new)` : ''}` : 'Pause'}
        </button>
        <a className="btn" href={logDownloadHref(companyId, 'txt', filters)} download>
          Download all
        </a>
        <a className="btn" href={logDownloadHref(companyId, 'ndjson', filters)} download>
          NDJSON
        </a>
      </div>
      <pre ref={boxRef} className="logs-box" tabIndex={0} aria-label="Log lines" aria-live={paused ? 'off' : 'polite'}>
        {shown.length === 0 ? (
          <span className="muted">No lines yet.</span>
        ) : (
          shown.map((l) => (
            <div
              key={l.id}
              className={`log-line log-${l.level}`}
              data-highlight={phase !== undefined && l.jobId === jobId && l.phase === phase ? 'true' : undefined}
            >
              {formatLogLine(l)}
            </div>
          ))
        )}
      </pre>
    </section>
  )
}
