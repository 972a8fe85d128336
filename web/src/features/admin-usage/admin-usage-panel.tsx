import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  AdminModelsSchema,
  AdminUsageQuerySchema,
  AdminUsageSchema,
  type AdminUsageGroup,
  type AdminUsageQueryInput,
  type AdminUsageSort,
} from '@exocorp/shared/admin-usage'
import { ErrorMessage } from '@/components/errors/error-message'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'
import { api } from '@/lib/api-client'
import { formatMoney, formatNumber } from '@/lib/format'

// Platform usage and model health for admins (issue 19 item 1, decision 049), read from the BFF's
// platform rollups: /admin/usage reviews spend by account, exocorp, model or day (sorted and paged
// on the server, CSV of every row); /admin/models lists the catalog with prices, usage, error rate
// and how many exocorps have a credential for each model's provider.

export const adminUsageQueries = {
  all: () => ['admin', 'usage'] as const,
  page: (q: AdminUsageQueryInput) =>
    queryOptions({
      queryKey: [...adminUsageQueries.all(), 'page', q] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.usage, AdminUsageSchema, { signal, query: q }),
      placeholderData: keepPreviousData,
    }),
  models: () =>
    queryOptions({
      queryKey: ['admin', 'models'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.models, AdminModelsSchema, { signal }),
    }),
}

export function adminUsageCsvHref(q: AdminUsageQueryInput): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== 'cursor' && k !== 'limit') params.set(k, String(v))
  return `${ADMIN_API.usageCsv.path}?${params}`
}

const GROUPS: { value: AdminUsageGroup; label: string; column: string }[] = [
  { value: 'account', label: 'Account', column: 'Account' },
  { value: 'company', label: 'Exocorp', column: 'Exocorp' },
  { value: 'model', label: 'Model', column: 'Model' },
  { value: 'day', label: 'Day', column: 'Day (UTC)' },
]
const SORTS: { value: AdminUsageSort; label: string }[] = [
  { value: 'cost', label: 'Spend' },
  { value: 'tokens', label: 'Tokens' },
  { value: 'events', label: 'Calls' },
  { value: 'errors', label: 'Errors' },
  { value: 'name', label: 'Name' },
]

export interface AdminUsageView {
  from: string
  to: string
  by: AdminUsageGroup
  sort: AdminUsageSort
  order: 'asc' | 'desc'
  cursor?: string
}

export function AdminUsagePanel({
  view,
  onView,
  cursorHistory,
}: {
  view: AdminUsageView
  onView: (next: Partial<AdminUsageView>) => void
  /** Cursors of the pages before this one, so Previous goes back. */
  cursorHistory: string[]
}) {
  const q: AdminUsageQueryInput = { ...view }
  // Checked with the contract before anything is sent (a backwards range is refused at the field).
  const checked = AdminUsageQuerySchema.safeParse(q)
  const page = useQuery({ ...adminUsageQueries.page(q), enabled: checked.success })
  const rangeError = checked.success ? null : (checked.error.issues[0]?.message ?? 'Check the range')
  const column = GROUPS.find((g) => g.value === view.by)!.column
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="admin-usage-filters">
        <h2 id="admin-usage-filters">Range and grouping</h2>
        <div className="filters">
          <div className="field">
            <label htmlFor="au-from">From</label>
            <input
              id="au-from"
              type="date"
              value={view.from}
              aria-invalid={rangeError ? true : undefined}
              aria-describedby={rangeError ? 'au-range-error' : undefined}
              onChange={(e) => onView({ from: e.target.value, cursor: undefined })}
            />
          </div>
          <div className="field">
            <label htmlFor="au-to">To</label>
            <input id="au-to" type="date" value={view.to} onChange={(e) => onView({ to: e.target.value, cursor: undefined })} />
          </div>
          <div className="field">
            <label htmlFor="au-by">Group by</label>
            <select
              id="au-by"
              value={view.by}
              onChange={(e) =>
                onView({ by: GROUPS.find((g) => g.value === e.target.value)?.value ?? 'account', cursor: undefined })
              }
            >
              {GROUPS.map((g) => (
                <option key={g.value} value={g.value}>
                  {g.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="au-sort">Sort by</label>
            <select
              id="au-sort"
              value={view.sort}
              onChange={(e) =>
                onView({ sort: SORTS.find((s) => s.value === e.target.value)?.value ?? 'cost', cursor: undefined })
              }
            >
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="au-order">Order</label>
            <select
              id="au-order"
              value={view.order}
              onChange={(e) => onView({ order: e.target.value === 'asc' ? 'asc' : 'desc', cursor: undefined })}
            >
              <option value="desc">Largest first</option>
              <option value="asc">Smallest first</option>
            </select>
          </div>
        </div>
        {rangeError ? (
          <p id="au-range-error" className="field-error" role="alert">
            {rangeError}
          </p>
        ) : null}
      </section>
      {!checked.success ? null : page.isPending ? (
        <Skeleton label="Loading platform usage" variant="table" />
      ) : page.isError ? (
        <ErrorMessage error={page.error} />
      ) : (
        <section className="card stack" aria-labelledby="admin-usage-results">
          <div className="row">
            <h2 id="admin-usage-results">Usage by {GROUPS.find((g) => g.value === view.by)!.label.toLowerCase()}</h2>
            <a className="btn btn-secondary btn-sm" href={adminUsageCsvHref(q)} download>
              Export CSV
            </a>
          </div>
          <dl className="metrics" aria-label="Totals for the range">
            <div className="metric">
              <dt>Spend</dt>
              <dd className="metric-value">{formatMoney(page.data.totals.costMicros)}</dd>
            </div>
            <div className="metric">
              <dt>Calls</dt>
              <dd className="metric-value">{formatNumber(page.data.totals.events)}</dd>
            </div>
            <div className="metric">
              <dt>Errors</dt>
              <dd className="metric-value">{formatNumber(page.data.totals.errors)}</dd>
            </div>
            <div className="metric">
              <dt>Tokens</dt>
              <dd className="metric-value">{formatNumber(page.data.totals.inputTokens + page.data.totals.outputTokens)}</dd>
            </div>
          </dl>
          {page.data.items.length === 0 ? (
            <p className="muted">No usage in this range.</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table className="table">
                <caption className="visually-hidden">Platform usage by {column.toLowerCase()}</caption>
                <thead>
                  <tr>
                    <th scope="col">{column}</th>
                    <th scope="col" className="num">
                      Calls
                    </th>
                    <th scope="col" className="num">
                      Errors
                    </th>
                    <th scope="col" className="num">
                      Input tokens
                    </th>
                    <th scope="col" className="num">
                      Output tokens
                    </th>
                    <th scope="col" className="num">
                      Spend
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.items.map((r) => (
                    <tr key={r.key}>
                      <th scope="row">
                        {r.label}
                        {r.detail ? <span className="muted"> · {r.detail}</span> : null}
                      </th>
                      <td className="num">{formatNumber(r.events)}</td>
                      <td className="num">{formatNumber(r.errors)}</td>
                      <td className="num">{formatNumber(r.inputTokens)}</td>
                      <td className="num">{formatNumber(r.outputTokens)}</td>
                      <td className="num">{formatMoney(r.costMicros)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="row">
            <p className="muted">
              {formatNumber(page.data.groups)} {page.data.groups === 1 ? 'row' : 'rows'}
            </p>
            <div className="inline-form">
              <Button
                variant="secondary"
                size="sm"
                disabled={cursorHistory.length === 0 && !view.cursor}
                onClick={() => onView({ cursor: cursorHistory.at(-2) ?? undefined })}
              >
                Previous page
              </Button>
              <Button
                variant="secondary"
                size="sm"
                disabled={!page.data.nextCursor}
                onClick={() => onView({ cursor: page.data.nextCursor ?? undefined })}
              >
                Next page
              </Button>
            </div>
          </div>
        </section>
      )}
    </div>
  )
}

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(x < 0.01 && x > 0 ? 2 : 1)}%`)
const perMTok = (micros: number | undefined) => (micros === undefined ? '—' : formatMoney(micros))

export function AdminModelsPanel() {
  const models = useQuery(adminUsageQueries.models())
  if (models.isPending) return <Skeleton label="Loading models" variant="table" />
  if (models.isError) return <ErrorMessage error={models.error} />
  const d = models.data
  return (
    <section className="card stack" aria-labelledby="admin-models-title">
      <h2 id="admin-models-title">Model catalog</h2>
      <p className="muted">
        {d.priceBook ? `Prices from price book v${d.priceBook.version}.` : 'No price book is active.'} Coverage counts the{' '}
        {formatNumber(d.exocorps)} exocorps that are not destroyed.
      </p>
      <div className="table-wrap" tabIndex={0}>
        <table className="table">
          <caption className="visually-hidden">Models</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Provider</th>
              <th scope="col" className="num">
                Input per 1M
              </th>
              <th scope="col" className="num">
                Output per 1M
              </th>
              <th scope="col" className="num">
                Calls 24 h
              </th>
              <th scope="col" className="num">
                Spend 24 h
              </th>
              <th scope="col" className="num">
                Calls 30 d
              </th>
              <th scope="col" className="num">
                Spend 30 d
              </th>
              <th scope="col" className="num">
                Error rate 30 d
              </th>
              <th scope="col" className="num">
                Exocorps with a credential
              </th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  {m.label}
                  {m.inCatalog ? null : <span className="muted"> · not in the catalog</span>}
                </th>
                <td>{m.provider ?? 'Unknown'}</td>
                <td className="num">
                  {perMTok(m.price?.inputMicrosPerMTok)}
                  {m.priceSource === 'default' ? <span className="muted"> (default)</span> : null}
                </td>
                <td className="num">{perMTok(m.price?.outputMicrosPerMTok)}</td>
                <td className="num">{formatNumber(m.last24h.events)}</td>
                <td className="num">{formatMoney(m.last24h.costMicros)}</td>
                <td className="num">{formatNumber(m.last30d.events)}</td>
                <td className="num">{formatMoney(m.last30d.costMicros)}</td>
                <td className="num">{percent(m.errorRate30d)}</td>
                <td className="num">
                  {m.coveredExocorps === null ? '—' : `${formatNumber(m.coveredExocorps)} of ${formatNumber(d.exocorps)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
