import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  AdminCommercePageSchema,
  COMMERCE_REVENUE_DAYS,
  msUntilNextStale,
  STALE_AFTER_INTERVALS,
  type AdminCommerceQueryInput,
} from '@exocorp/shared/commerce'
import { RevenueFigure } from '@/components/charts/revenue-figure'
import { ErrorMessage } from '@/components/errors/error-message'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { api } from '@/lib/api-client'
import { formatMinorMoney, formatNumber } from '@/lib/format'
import { liveStatus } from '@/lib/live-status'
import { adminCommerceKeys } from './api/keys'

// Commerce health for admins (issue 19 item 2, decision 055): every runtime's store as last
// reported — counts, last order, revenue over time — stale ones flagged; paged and filtered on the
// server. New snapshots are pushed (decision 060); polled while the stream is not live.

export const adminCommerceQueries = {
  all: adminCommerceKeys.all,
  page: (q: AdminCommerceQueryInput) =>
    queryOptions({
      queryKey: [...adminCommerceQueries.all(), 'page', q] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.commerce, AdminCommercePageSchema, { signal, query: q }),
      placeholderData: keepPreviousData,
      // Pushed while live (decision 060): then only when a listed store may turn stale by the clock.
      refetchInterval: (query) => {
        if (liveStatus() !== 'live') return 15_000
        const next = msUntilNextStale(query.state.data?.items ?? [], Date.now())
        return next === null ? false : next + 1000
      },
      refetchIntervalInBackground: false,
    }),
}

export interface AdminCommerceView {
  staleOnly: boolean
  q: string
  cursor?: string
}

export function AdminCommercePanel({
  view,
  onView,
  cursorHistory,
  companyHref,
}: {
  view: AdminCommerceView
  onView: (next: Partial<AdminCommerceView>) => void
  cursorHistory: string[]
  companyHref: (companyId: string) => string
}) {
  const { t } = useTranslation()
  const q: AdminCommerceQueryInput = {
    ...(view.staleOnly ? { stale: 'true' as const } : {}),
    ...(view.q.trim() ? { q: view.q.trim() } : {}),
    ...(view.cursor ? { cursor: view.cursor } : {}),
  }
  const page = useQuery(adminCommerceQueries.page(q))
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="admin-commerce-filters">
        <h2 id="admin-commerce-filters">{t('commerce.filters')}</h2>
        <div className="filters">
          <div className="field">
            <label htmlFor="ac-q">{t('commerce.search')}</label>
            <input
              id="ac-q"
              type="search"
              value={view.q}
              maxLength={100}
              onChange={(e) => onView({ q: e.target.value, cursor: undefined })}
            />
          </div>
          <div className="field checkbox-field">
            <label>
              <input
                type="checkbox"
                checked={view.staleOnly}
                onChange={(e) => onView({ staleOnly: e.target.checked, cursor: undefined })}
              />{' '}
              {t('commerce.staleOnly')}
            </label>
          </div>
        </div>
        <p className="muted small">{t('commerce.staleRule', { n: STALE_AFTER_INTERVALS })}</p>
      </section>
      {page.isPending ? (
        <Skeleton label={t('commerce.loading')} variant="table" />
      ) : page.isError ? (
        <ErrorMessage error={page.error} />
      ) : (
        <>
          <section className="card stack" aria-labelledby="admin-commerce-stores">
            <div className="row">
              <h2 id="admin-commerce-stores">{t('commerce.stores')}</h2>
              {page.data.staleCount > 0 ? (
                <Badge tone="warn">{t('commerce.staleCount', { count: page.data.staleCount })}</Badge>
              ) : null}
            </div>
            {page.data.items.length === 0 ? (
              <p className="muted">{view.staleOnly || view.q ? t('commerce.noneMatch') : t('commerce.none')}</p>
            ) : (
              <div className="table-wrap" tabIndex={0}>
                <table className="table">
                  <caption className="visually-hidden">{t('commerce.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('commerce.store')}</th>
                      <th scope="col">{t('commerce.exocorp')}</th>
                      <th scope="col" className="num">
                        {t('commerce.products')}
                      </th>
                      <th scope="col" className="num">
                        {t('commerce.orders')}
                      </th>
                      <th scope="col">{t('commerce.lastOrder')}</th>
                      <th scope="col" className="num">
                        {t('commerce.revenue')}
                      </th>
                      <th scope="col">{t('commerce.lastSnapshot')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.items.map((s) => (
                      <tr key={`${s.companyId}/${s.storeId}`}>
                        <th scope="row">
                          {s.storeName}
                          {s.stale ? (
                            <>
                              {' '}
                              <Badge tone="warn">{t('commerce.stale')}</Badge>
                            </>
                          ) : null}
                        </th>
                        <td>
                          <Link to={companyHref(s.companyId)}>{s.companyName}</Link>
                          <span className="muted"> · {t(`status.${s.companyStatus}`)}</span>
                        </td>
                        <td className="num">{formatNumber(s.productCount)}</td>
                        <td className="num">{formatNumber(s.orderCount)}</td>
                        <td>
                          <RelativeTime iso={s.lastOrderAt} fallback={t('commerce.noOrders')} />
                        </td>
                        <td className="num">{formatMinorMoney(s.revenueMinor, s.currency)}</td>
                        <td>
                          <RelativeTime iso={s.receivedAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div className="row">
              <span />
              <div className="inline-form">
                <Button
                  variant="secondary"
                  size="sm"
                  disabled={cursorHistory.length === 0 && !view.cursor}
                  onClick={() => onView({ cursor: cursorHistory.at(-2) ?? undefined })}
                >
                  {t('commerce.previous')}
                </Button>
                <Button
                  variant="secondary"
                  size="sm"
                  disabled={!page.data.nextCursor}
                  onClick={() => onView({ cursor: page.data.nextCursor ?? undefined })}
                >
                  {t('commerce.next')}
                </Button>
              </div>
            </div>
          </section>
          <section className="card stack" aria-labelledby="admin-commerce-revenue">
            <h2 id="admin-commerce-revenue">{t('commerce.revenueOverTime', { days: COMMERCE_REVENUE_DAYS })}</h2>
            {page.data.revenue.length === 0 ? (
              <p className="muted">{t('commerce.noRevenue')}</p>
            ) : (
              <RevenueFigure
                caption={t('commerce.revenueCaption', { days: COMMERCE_REVENUE_DAYS })}
                points={page.data.revenue}
                labels={{ day: t('commerce.day'), orders: t('commerce.orders'), revenue: t('commerce.revenue') }}
              />
            )}
          </section>
        </>
      )}
    </div>
  )
}
