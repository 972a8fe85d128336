import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { Deployment, JobPhase } from '@exocorp/shared/companies'
import { Pager } from '@/components/ui/pager'
import { Skeleton } from '@/components/ui/skeleton'
import { RelativeTime } from '@/components/ui/relative-time'
import { ErrorMessage } from '@/components/errors/error-message'
import { formatDuration } from '@/lib/format'
import { companyQueries } from '../api/queries'

const STATUS_BADGE: Record<Deployment['status'], string> = {
  queued: '',
  running: 'badge-info',
  succeeded: 'badge-ok',
  failed: 'badge-bad',
}

function phaseDuration(p: JobPhase): number | null {
  return p.startedAt && p.finishedAt ? Date.parse(p.finishedAt) - Date.parse(p.startedAt) : null
}

/** Every lifecycle job of the exocorp, kept after it finishes: what ran, who asked, when, how long, and each phase. */
export function DeploymentHistory({ companyId }: { companyId: string }) {
  // Cursors of the pages before the one shown, so "Newer" walks back without refetching from the top.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  const cursor = cursors.at(-1)
  const page = useQuery(companyQueries.deployments(companyId, cursor))
  return (
    <section className="card stack" aria-labelledby="deployments-heading">
      <h2 id="deployments-heading">Deployment history</h2>
      {page.isPending ? (
        <Skeleton label="Loading deployment history" variant="table" />
      ) : page.isError ? (
        <ErrorMessage error={page.error} />
      ) : page.data.items.length === 0 ? (
        <p className="muted">Nothing has run yet: provisioning starts the history.</p>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0}>
            <table className="table" aria-label="Deployment history">
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Result</th>
                  <th scope="col">By</th>
                  <th scope="col">Started</th>
                  <th scope="col" className="num">
                    Took
                  </th>
                  <th scope="col">Phases</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((d) => (
                  <tr key={d.id}>
                    <td>{d.action}</td>
                    <td>
                      <span className={`badge ${STATUS_BADGE[d.status]}`}>{d.status}</span>
                      {d.error ? <p className="small muted">{d.error}</p> : null}
                    </td>
                    <td>{d.requestedBy ?? <span className="muted">—</span>}</td>
                    <td>
                      <RelativeTime iso={d.startedAt ?? d.createdAt} />
                    </td>
                    <td className="num">
                      {d.status === 'running' || d.status === 'queued' ? 'running…' : formatDuration(d.durationMs)}
                    </td>
                    <td>
                      {d.phases.length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        <details>
                          <summary>
                            {d.phases.length} phase{d.phases.length === 1 ? '' : 's'}
                          </summary>
                          <ol className="phase-timings" aria-label={`Phases of ${d.action}`}>
                            {d.phases.map((p) => (
                              <li key={p.name}>
                                {p.label} — {p.status}
                                {phaseDuration(p) !== null ? `, ${formatDuration(phaseDuration(p), { tenths: true })}` : ''}
                                {p.note ? <span className="muted"> ({p.note})</span> : null}
                              </li>
                            ))}
                          </ol>
                        </details>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Deployment history pages"
            canGoBack={cursors.length > 1}
            nextCursor={page.isPlaceholderData ? null : page.data.nextCursor}
            onBack={() => setCursors((c) => c.slice(0, -1))}
            onNext={(next) => setCursors((c) => [...c, next])}
          />
        </>
      )}
    </section>
  )
}
