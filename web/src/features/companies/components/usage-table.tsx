import { useQuery } from '@tanstack/react-query'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { companyQueries } from '../api/queries'
import { formatMoney } from '@/lib/format'
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
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Model</th>
                <th scope="col">Input tokens</th>
                <th scope="col">Output tokens</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {usage.data.items.map((u) => (
                <tr key={u.id}>
                  <td>
                    <RelativeTime iso={u.at} />
                  </td>
                  <td className="mono">{u.model}</td>
                  <td>{u.inputTokens.toLocaleString()}</td>
                  <td>{u.outputTokens.toLocaleString()}</td>
                  <td>{formatMoney(u.costMicros)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
