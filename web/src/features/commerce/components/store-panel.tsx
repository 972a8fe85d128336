import { useQuery } from '@tanstack/react-query'
import { STALE_AFTER_INTERVALS } from '@exocorp/shared/commerce'
import { RevenueFigure } from '@/components/charts/revenue-figure'
import { ErrorMessage } from '@/components/errors/error-message'
import { Badge } from '@/components/ui/badge'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { formatMinorMoney, formatNumber } from '@/lib/format'
import { commerceQueries } from '../api/queries'

/**
 * The exocorp's Store tab (decision 055): the stores its runtime reports — products, orders, last
 * order, revenue over the last 30 days — with a stale warning when a running exocorp's store went
 * quiet. Owners and members read it; products and orders are managed by the agents in the runtime.
 */
export function StorePanel({ companyId }: { companyId: string }) {
  const stores = useQuery(commerceQueries.stores(companyId))
  if (stores.isPending) return <Skeleton label="Loading the store" />
  if (stores.isError) return <ErrorMessage error={stores.error} />
  if (stores.data.stores.length === 0) {
    return (
      <section className="card stack" aria-labelledby="store-title">
        <h2 id="store-title">Store</h2>
        <p className="muted">
          No store reported yet. Give an agent a shop role (for example “Runs the shop”) and run the exocorp: its runtime keeps
          the store and reports it here.
        </p>
      </section>
    )
  }
  return (
    <div className="stack">
      {stores.data.stores.map((s) => (
        <section key={s.storeId} className="card stack" aria-labelledby={`store-${s.storeId}`}>
          <div className="row">
            <h2 id={`store-${s.storeId}`}>{s.storeName}</h2>
            {s.stale ? <Badge tone="warn">Stale</Badge> : null}
          </div>
          {s.stale ? (
            <p role="status" className="alert alert-warn">
              No snapshot since <RelativeTime iso={s.receivedAt} />: the runtime reports every {s.intervalSeconds} s, and a
              running exocorp’s store is stale after {STALE_AFTER_INTERVALS} missed reports.
            </p>
          ) : null}
          <dl className="metrics" aria-label={`${s.storeName} figures`}>
            <div className="metric">
              <dt>Products</dt>
              <dd className="metric-value">{formatNumber(s.productCount)}</dd>
            </div>
            <div className="metric">
              <dt>Orders</dt>
              <dd className="metric-value">{formatNumber(s.orderCount)}</dd>
            </div>
            <div className="metric">
              <dt>Revenue</dt>
              <dd className="metric-value">{formatMinorMoney(s.revenueMinor, s.currency)}</dd>
            </div>
            <div className="metric">
              <dt>Last order</dt>
              <dd className="metric-value">
                <RelativeTime iso={s.lastOrderAt} fallback="None yet" />
              </dd>
            </div>
          </dl>
          <p className="muted small">
            Last snapshot <RelativeTime iso={s.receivedAt} /> (#{s.sequence}).
          </p>
          {s.revenueByDay.length ? (
            <RevenueFigure
              caption={`Revenue per day, last 30 days (${s.currency})`}
              points={s.revenueByDay.map((d) => ({ ...d, currency: s.currency }))}
              labels={{ day: 'Day', orders: 'Orders', revenue: 'Revenue' }}
            />
          ) : (
            <p className="muted">No orders in the last 30 days.</p>
          )}
        </section>
      ))}
    </div>
  )
}
