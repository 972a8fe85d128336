import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  ADMIN_USAGE_PRESETS,
  AdminModelsSchema,
  AdminUsageQuerySchema,
  adminUsagePreset,
  AdminUsageSchema,
  type AdminUsageGroup,
  type AdminUsageQueryInput,
  type AdminUsageSort,
} from '@exocorp/shared/admin-usage'
import { MAX_RANGE_DAYS } from '@exocorp/shared/usage'
import { DateEcho } from '@/components/admin-date-echo'
import { ErrorMessage } from '@/components/errors/error-message'
import { Button } from '@/components/ui/button'
import { DataTable } from '@/components/ui/data-table'
import { Skeleton } from '@/components/ui/skeleton'
import { api } from '@/lib/api-client'
import { formatMoney, formatNumber, formatPercent } from '@/lib/format'

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

const GROUPS: readonly AdminUsageGroup[] = ['account', 'company', 'model', 'day']
const SORTS: readonly AdminUsageSort[] = ['cost', 'tokens', 'events', 'errors', 'name']

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
  today,
}: {
  view: AdminUsageView
  onView: (next: Partial<AdminUsageView>) => void
  /** Cursors of the pages before this one, so Previous goes back. */
  cursorHistory: string[]
  /** The UTC day the presets end on. */
  today: string
}) {
  const { t } = useTranslation()
  const q: AdminUsageQueryInput = { ...view }
  // Checked with the contract before anything is sent (a backwards range is refused at the field).
  const checked = AdminUsageQuerySchema.safeParse(q)
  const page = useQuery({ ...adminUsageQueries.page(q), enabled: checked.success })
  const issue = checked.success ? null : checked.error.issues[0]
  // The contract's two range checks read in the chosen language; anything else as the contract says.
  const rangeError = checked.success
    ? null
    : issue?.message === 'The range ends before it starts'
      ? t('usage.rangeBackwards')
      : issue?.message === `Choose at most ${MAX_RANGE_DAYS} days`
        ? t('usage.rangeTooLong', { days: MAX_RANGE_DAYS })
        : (issue?.message ?? t('usage.rangeBackwards'))
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="admin-usage-filters">
        <h2 id="admin-usage-filters">{t('usage.rangeAndGrouping')}</h2>
        <div className="row wrap" role="group" aria-label={t('usage.presets')}>
          {ADMIN_USAGE_PRESETS.map((p) => {
            const range = adminUsagePreset(p, today)
            const on = range.from === view.from && range.to === view.to
            return (
              <Button
                key={p}
                size="sm"
                variant={on ? 'primary' : 'ghost'}
                aria-pressed={on}
                onClick={() => onView({ ...range, cursor: undefined })}
              >
                {t(`usage.preset_${p}`)}
              </Button>
            )
          })}
        </div>
        <div className="filters">
          <div className="field">
            <label htmlFor="au-from">{t('usage.from')}</label>
            <input
              id="au-from"
              type="date"
              value={view.from}
              aria-invalid={rangeError ? true : undefined}
              aria-describedby={rangeError ? 'au-range-error' : 'au-from-hint'}
              onChange={(e) => onView({ from: e.target.value, cursor: undefined })}
            />
            <DateEcho id="au-from-hint" value={view.from} kind="date" />
          </div>
          <div className="field">
            <label htmlFor="au-to">{t('usage.to')}</label>
            <input
              id="au-to"
              type="date"
              value={view.to}
              aria-describedby="au-to-hint"
              onChange={(e) => onView({ to: e.target.value, cursor: undefined })}
            />
            <DateEcho id="au-to-hint" value={view.to} kind="date" />
          </div>
          <div className="field">
            <label htmlFor="au-by">{t('usage.groupBy')}</label>
            <select
              id="au-by"
              value={view.by}
              onChange={(e) => onView({ by: GROUPS.find((g) => g === e.target.value) ?? 'account', cursor: undefined })}
            >
              {GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(`usage.group_${g}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="au-sort">{t('usage.sortBy')}</label>
            <select
              id="au-sort"
              value={view.sort}
              onChange={(e) => onView({ sort: SORTS.find((s) => s === e.target.value) ?? 'cost', cursor: undefined })}
            >
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`usage.sort_${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="au-order">{t('usage.order')}</label>
            <select
              id="au-order"
              value={view.order}
              onChange={(e) => onView({ order: e.target.value === 'asc' ? 'asc' : 'desc', cursor: undefined })}
            >
              <option value="desc">{t('usage.desc')}</option>
              <option value="asc">{t('usage.asc')}</option>
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
        <Skeleton label={t('usage.loading')} variant="table" />
      ) : page.isError ? (
        <ErrorMessage error={page.error} />
      ) : (
        <section className="card stack" aria-labelledby="admin-usage-results">
          <div className="row">
            <h2 id="admin-usage-results">{t(`usage.heading_${view.by}`)}</h2>
            <a className="btn btn-secondary btn-sm" href={adminUsageCsvHref(q)} download>
              {t('usage.exportCsv')}
            </a>
          </div>
          <dl className="metrics" aria-label={t('usage.totals')}>
            <div className="metric">
              <dt>{t('usage.spend')}</dt>
              <dd className="metric-value">{formatMoney(page.data.totals.costMicros)}</dd>
            </div>
            <div className="metric">
              <dt>{t('usage.calls')}</dt>
              <dd className="metric-value">{formatNumber(page.data.totals.events)}</dd>
            </div>
            <div className="metric">
              <dt>{t('usage.errors')}</dt>
              <dd className="metric-value">{formatNumber(page.data.totals.errors)}</dd>
            </div>
            <div className="metric">
              <dt>{t('usage.tokens')}</dt>
              <dd className="metric-value">{formatNumber(page.data.totals.inputTokens + page.data.totals.outputTokens)}</dd>
            </div>
          </dl>
          {page.data.items.length === 0 ? (
            <p className="muted">{t('usage.none')}</p>
          ) : (
            <DataTable
              caption={t(`usage.caption_${view.by}`)}
              columns={[
                { label: t(`usage.column_${view.by}`) },
                { label: t('usage.calls'), num: true },
                { label: t('usage.errors'), num: true },
                { label: t('usage.inputTokens'), num: true },
                { label: t('usage.outputTokens'), num: true },
                { label: t('usage.spend'), num: true },
              ]}
            >
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
            </DataTable>
          )}
          <div className="row">
            <p className="muted">{t('usage.rows', { count: page.data.groups, n: formatNumber(page.data.groups) })}</p>
            <div className="inline-form">
              <Button
                variant="secondary"
                size="sm"
                disabled={cursorHistory.length === 0 && !view.cursor}
                onClick={() => onView({ cursor: cursorHistory.at(-2) ?? undefined })}
              >
                {t('usage.previous')}
              </Button>
              <Button
                variant="secondary"
                size="sm"
                disabled={!page.data.nextCursor}
                onClick={() => onView({ cursor: page.data.nextCursor ?? undefined })}
              >
                {t('usage.next')}
              </Button>
            </div>
          </div>
        </section>
      )}
    </div>
  )
}

const percent = (x: number | null) => (x === null ? '—' : formatPercent(x, x < 0.01 && x > 0 ? 2 : 1))
const perMTok = (micros: number | undefined) => (micros === undefined ? '—' : formatMoney(micros))

export function AdminModelsPanel() {
  const { t } = useTranslation()
  const models = useQuery(adminUsageQueries.models())
  if (models.isPending) return <Skeleton label={t('models.loading')} variant="table" />
  if (models.isError) return <ErrorMessage error={models.error} />
  const d = models.data
  return (
    <section className="card stack" aria-labelledby="admin-models-title">
      <h2 id="admin-models-title">{t('models.catalog')}</h2>
      <p className="muted">
        {d.priceBook ? t('models.pricesFrom', { version: d.priceBook.version }) : t('models.noPriceBook')}{' '}
        {t('models.coverage', { n: formatNumber(d.exocorps) })}
      </p>
      <DataTable
        caption={t('models.caption')}
        columns={[
          { label: t('models.model') },
          { label: t('models.provider') },
          { label: t('models.inputPer1M'), num: true },
          { label: t('models.outputPer1M'), num: true },
          { label: t('models.calls24h'), num: true },
          { label: t('models.spend24h'), num: true },
          { label: t('models.calls30d'), num: true },
          { label: t('models.spend30d'), num: true },
          { label: t('models.errorRate30d'), num: true },
          { label: t('models.covered'), num: true },
        ]}
      >
        {d.items.map((m) => (
          <tr key={m.id}>
            <th scope="row">
              {m.label}
              {m.inCatalog ? null : <span className="muted"> · {t('models.notInCatalog')}</span>}
            </th>
            <td>{m.provider ?? t('models.unknownProvider')}</td>
            <td className="num">
              {perMTok(m.price?.inputMicrosPerMTok)}
              {m.priceSource === 'default' ? <span className="muted"> {t('models.defaultPrice')}</span> : null}
            </td>
            <td className="num">{perMTok(m.price?.outputMicrosPerMTok)}</td>
            <td className="num">{formatNumber(m.last24h.events)}</td>
            <td className="num">{formatMoney(m.last24h.costMicros)}</td>
            <td className="num">{formatNumber(m.last30d.events)}</td>
            <td className="num">{formatMoney(m.last30d.costMicros)}</td>
            <td className="num">{percent(m.errorRate30d)}</td>
            <td className="num">
              {m.coveredExocorps === null
                ? '—'
                : t('models.coveredOf', { covered: formatNumber(m.coveredExocorps), total: formatNumber(d.exocorps) })}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  )
}
