import { useInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { WorkloadStatusSchema, type WorkloadStatus } from '@exocorp/shared/workloads'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { workloadQueries } from '../api/queries'

/**
 * Activity → Workloads (seed 004): new ones appear and statuses change in place, live; older ones
 * load a page at a time. Each row says where it runs: the exocorp's runtime or a named runner.
 */
export function WorkloadsTable({ companyId }: { companyId: string }) {
  const [status, setStatus] = useState<WorkloadStatus | ''>('')
  const list = useInfiniteQuery(workloadQueries.list(companyId, status ? { status } : {}))
  const rows = list.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <section className="card stack" aria-labelledby="workloads-heading">
      <div className="row wrap">
        <h2 id="workloads-heading">Workloads</h2>
        <label>
          Status{' '}
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value === '' ? '' : WorkloadStatusSchema.parse(e.target.value))}
          >
            <option value="">All</option>
            {WorkloadStatusSchema.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.isPending ? (
        <Skeleton label="Loading workloads" />
      ) : list.isError && rows.length === 0 ? (
        <ErrorMessage error={list.error} />
      ) : rows.length === 0 ? (
        <p className="muted">No workloads yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Task</th>
                <th scope="col">Status</th>
                <th scope="col">Runs on</th>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((w) => (
                <tr key={w.id}>
                  <td>{w.agent}</td>
                  <td>{w.title}</td>
                  <td>
                    <span className={`badge workload-${w.status}`}>{w.status}</span>
                  </td>
                  <td>{w.runner ? `Runner ${w.runner.name}` : 'Runtime'}</td>
                  <td>{new Date(w.startedAt).toLocaleTimeString()}</td>
                  <td>{w.finishedAt ? new Date(w.finishedAt).toLocaleTimeString() : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.hasNextPage ? (
            <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          ) : null}
          {list.isFetchNextPageError ? <ErrorMessage error={list.error} /> : null}
        </div>
      )}
    </section>
  )
}
