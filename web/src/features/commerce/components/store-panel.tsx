import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { STALE_AFTER_INTERVALS } from '@exocorp/shared/commerce'
import { RevenueFigure } from '@/components/charts/revenue-figure'
import { ErrorMessage } from '@/components/errors/error-message'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { isApiError } from '@/lib/api-client'
import { formatMinorMoney, formatNumber } from '@/lib/format'
import { useAddStoreProduct } from '../api/add-store-product'
import { commerceQueries } from '../api/queries'

/** "19.99" → 1999; anything that is not a price goes to the server as null, which says what is wrong. */
function toMinor(price: string): number | null {
  const n = Number(price.trim().replace(',', '.'))
  return price.trim() !== '' && Number.isFinite(n) ? Math.round(n * 100) : null
}

/**
 * Owners add a product (decision 060): the platform forwards it to the running runtime, whose next
 * snapshot — pushed to this tab — counts it.
 */
function AddProductForm({ companyId }: { companyId: string }) {
  const add = useAddStoreProduct(companyId)
  const [name, setName] = useState('')
  const [price, setPrice] = useState('')
  const fieldErrors = isApiError(add.error) ? add.error.fieldErrors : {}
  const known = fieldErrors.name || fieldErrors.priceMinor
  return (
    <section className="card stack" aria-labelledby="add-product-title">
      <h2 id="add-product-title">Add a product</h2>
      <form
        className="row wrap"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          add.mutate({ name, priceMinor: toMinor(price) }, { onSuccess: () => (setName(''), setPrice('')) })
        }}
      >
        <Field label="Product name" value={name} onChange={(e) => setName(e.target.value)} error={fieldErrors.name?.[0]} />
        <Field
          label="Price (USD)"
          inputMode="decimal"
          placeholder="19.99"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          error={fieldErrors.priceMinor?.[0]}
        />
        <Button type="submit" variant="primary" busy={add.isPending}>
          Add product
        </Button>
      </form>
      {add.error && !known ? <ErrorMessage error={add.error} /> : null}
      {add.data && !add.error ? (
        <p role="status" className="muted">
          Added {add.data.name} at {formatMinorMoney(add.data.priceMinor, 'USD')}; the store counts it at its next snapshot.
        </p>
      ) : null}
    </section>
  )
}

/**
 * The exocorp's Store tab (decision 055): the stores its runtime reports — products, orders, last
 * order, revenue over the last 30 days — with a stale warning when a running exocorp's store went
 * quiet. Owners and members read it; products and orders are managed by the agents in the runtime,
 * and owners add products here too.
 */
export function StorePanel({ companyId, canEdit = false }: { companyId: string; canEdit?: boolean }) {
  const stores = useQuery(commerceQueries.stores(companyId))
  if (stores.isPending) return <Skeleton label="Loading the store" />
  if (stores.isError) return <ErrorMessage error={stores.error} />
  const form = canEdit ? <AddProductForm companyId={companyId} /> : null
  if (stores.data.stores.length === 0) {
    return (
      <div className="stack">
        <section className="card stack" aria-labelledby="store-title">
          <h2 id="store-title">Store</h2>
          <p className="muted">
            No store reported yet. Give an agent a shop role (for example “Runs the shop”) and run the exocorp: its runtime keeps
            the store and reports it here.
          </p>
        </section>
        {form}
      </div>
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
      {form}
    </div>
  )
}
