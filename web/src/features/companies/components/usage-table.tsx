import { useQuery } from '@tanstack/react-query'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { companyQueries } from '../api/queries'
import { formatFineMoney } from '@/lib/format'
import { RelativeTime } from '@/components/ui/relative-time'

export function UsageTable({ companyId }: { companyId: string }) {
  const usage = useQuery(companyQueries.usage(companyId))
  return (
    <section className="card stack" aria-labelledby="usage-heading">
      <h2 id="usage-heading">Recent usage</h2>
      {usage.isPending ? (
        <Skeleton label="Loading usage" variant="table" />
      ) : usage.isError ? (
        <ErrorMessage error={usage.error} />
      ) : usage.data.items.length === 0 ? (
        <p className="muted">No usage reported yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Model</th>
                <th scope="col" className="num">
                  Input tokens
                </th>
                <th scope="col" className="num">
                  Output tokens
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {usage.data.items.map((u) => (
                <tr key={u.id}>
                  <td>
                    <RelativeTime iso={u.at} />
                  </td>
                  <td className="mono">{u.model}</td>
                  <td className="num">{u.inputTokens.toLocaleString()}</td>
                  <td className="num">{u.outputTokens.toLocaleString()}</td>
                  <td className="num">{formatFineMoney(u.costMicros)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
