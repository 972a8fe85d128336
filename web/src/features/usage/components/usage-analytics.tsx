import { useCallback, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import {
  UsageAnalyticsQuerySchema,
  addDays,
  type UsageAnalyticsQuery,
  type UsageBreakdownRow,
  type UsageBucket,
  type UsageTotals,
} from '@exocorp/shared/usage'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { formatMoney } from '@/lib/format'
import { usageCsvHref, usageQueries } from '../api/queries'
import { PlotFigure } from '@/components/charts/plot-figure'
import type * as PlotsModule from '@/components/charts/plots'

type Plots = typeof PlotsModule

// Usage analytics (issue 16 item 3, decision 040): range, bucket and scope live in the URL (the route
// owns them); charts load in their own chunk; every chart has a table with the same figures under it.

export const BREAKDOWNS = {
  company: { label: 'Exocorp', field: 'byCompany' },
  model: { label: 'Model', field: 'byModel' },
  provider: { label: 'Provider', field: 'byProvider' },
  agent: { label: 'Agent', field: 'byAgent' },
} as const
export type BreakdownKey = keyof typeof BREAKDOWNS

const numbers = new Intl.NumberFormat()
const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' })
const monthLabel = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' })

function bucketLabel(start: string, bucket: UsageBucket): string {
  const d = new Date(`${start}T00:00:00.000Z`)
  if (bucket === 'month') return monthLabel.format(d)
  return bucket === 'week' ? `Week of ${dayLabel.format(d)}` : dayLabel.format(d)
}

/** "+12%", "−8%", "new" (nothing before), or "" (nothing either time). */
export function changeOf(now: number, before: number): string {
  if (before === 0) return now === 0 ? '' : 'new'
  const pct = Math.round(((now - before) / before) * 100)
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)}%`
}

function Totals({
  now,
  before,
  currency,
  compare,
}: {
  now: UsageTotals
  before: UsageTotals
  currency: string
  compare: boolean
}) {
  const items = [
    {
      label: 'Spend',
      value: formatMoney(now.costMicros, currency),
      prev: formatMoney(before.costMicros, currency),
      change: changeOf(now.costMicros, before.costMicros),
    },
    {
      label: 'Tokens',
      value: numbers.format(now.inputTokens + now.outputTokens),
      prev: numbers.format(before.inputTokens + before.outputTokens),
      change: changeOf(now.inputTokens + now.outputTokens, before.inputTokens + before.outputTokens),
    },
    {
      label: 'Model calls',
      value: numbers.format(now.events),
      prev: numbers.format(before.events),
      change: changeOf(now.events, before.events),
    },
  ]
  return (
    <dl className="usage-totals" aria-label="Totals for the range">
      {items.map((i) => (
        <div key={i.label} className="usage-total">
          <dt>{i.label}</dt>
          <dd>
            <strong>{i.value}</strong>
            {compare ? (
              <span className="muted small">
                {' '}
                previous period {i.prev}
                {i.change ? ` (${i.change})` : ''}
              </span>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function BreakdownTable({
  id,
  rows,
  heading,
  currency,
  compare,
}: {
  id: string
  rows: UsageBreakdownRow[]
  heading: string
  currency: string
  compare: boolean
}) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table" id={id}>
        <caption className="visually-hidden">Spend by {heading.toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col" className="num">
              Spend
            </th>
            {compare ? (
              <>
                <th scope="col" className="num">
                  Previous period
                </th>
                <th scope="col" className="num">
                  Change
                </th>
              </>
            ) : null}
            <th scope="col" className="num">
              Tokens
            </th>
            <th scope="col" className="num">
              Model calls
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td className="num">{formatMoney(r.costMicros, currency)}</td>
              {compare ? (
                <>
                  <td className="num">{formatMoney(r.previousCostMicros, currency)}</td>
                  <td className="num">{changeOf(r.costMicros, r.previousCostMicros)}</td>
                </>
              ) : null}
              <td className="num">{numbers.format(r.inputTokens + r.outputTokens)}</td>
              <td className="num">{numbers.format(r.events)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export interface UsageAnalyticsProps {
  query: UsageAnalyticsQuery
  compare: boolean
  by: BreakdownKey
  exocorps: { id: string; name: string }[]
  currency?: string
  /** Writes the new filters into the URL (the route's job). */
  onChange: (next: { query: UsageAnalyticsQuery; compare: boolean; by: BreakdownKey }) => void
  today: string
}

export function UsageAnalytics({ query, compare, by, exocorps, currency = 'USD', onChange, today }: UsageAnalyticsProps) {
  const analytics = useQuery(usageQueries.analytics(query))
  const [draft, setDraft] = useState({ from: query.from, to: query.to })
  const [rangeError, setRangeError] = useState<string | null>(null)
  const set = (patch: Partial<UsageAnalyticsQuery>, more: Partial<{ compare: boolean; by: BreakdownKey }> = {}) =>
    onChange({ query: { ...query, ...patch }, compare, by, ...more })
  const preset = (days: number) => {
    const next = { from: addDays(today, -(days - 1)), to: today }
    setDraft(next)
    setRangeError(null)
    set(next)
  }
  const bucket = query.bucket ?? 'day'
  const label = (start: string) => bucketLabel(start, bucket)
  const breakdown = BREAKDOWNS[by]
  const data = analytics.data
  const money = useCallback((micros: number) => formatMoney(micros, currency), [currency])
  const drawSpend = useCallback(
    (p: Plots, width: number) =>
      p.spendPlot({ points: data?.series ?? [], compare, label: (s) => bucketLabel(s, bucket), money }, width),
    [data, compare, bucket, money],
  )
  const drawTokens = useCallback(
    (p: Plots, width: number) => p.tokensPlot({ points: data?.series ?? [], label: (s) => bucketLabel(s, bucket) }, width),
    [data, bucket],
  )
  const drawBreakdown = useCallback(
    (p: Plots, width: number) => p.breakdownPlot({ rows: data?.[breakdown.field] ?? [], money }, width),
    [data, breakdown.field, money],
  )
  // Nothing in either period: the charts would only draw empty axes, so the sentence stands alone.
  const noUsage = analytics.data !== undefined && analytics.data.totals.events === 0 && analytics.data.previousTotals.events === 0
  return (
    <div className="stack usage-analytics">
      <form
        className="usage-controls"
        aria-label="Usage range"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          const parsed = UsageAnalyticsQuerySchema.safeParse({ ...query, ...draft })
          if (!parsed.success) {
            setRangeError(parsed.error.issues[0]?.message ?? 'Choose a valid range')
            return
          }
          setRangeError(null)
          set(draft)
        }}
      >
        <div className="field">
          <label htmlFor="usage-from">From</label>
          <input
            id="usage-from"
            type="date"
            value={draft.from}
            max={today}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            aria-describedby={rangeError ? 'usage-range-error' : undefined}
            aria-invalid={rangeError ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="usage-to">To</label>
          <input
            id="usage-to"
            type="date"
            value={draft.to}
            max={today}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            aria-describedby={rangeError ? 'usage-range-error' : undefined}
            aria-invalid={rangeError ? true : undefined}
          />
        </div>
        <Button type="submit" variant="primary">
          Apply range
        </Button>
        <div className="usage-presets" role="group" aria-label="Quick ranges">
          {[7, 30, 90].map((d) => (
            <Button key={d} size="sm" onClick={() => preset(d)}>
              Last {d} days
            </Button>
          ))}
        </div>
        {rangeError ? (
          <p id="usage-range-error" className="field-error" role="alert">
            {rangeError}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="usage-bucket">Group by</label>
          <select id="usage-bucket" value={bucket} onChange={(e) => set({ bucket: e.target.value as UsageBucket })}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="usage-scope">Exocorps</label>
          <select
            id="usage-scope"
            value={query.companyId ?? ''}
            onChange={(e) => set({ companyId: e.target.value || undefined })}
          >
            <option value="">Whole fleet</option>
            {exocorps.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={compare} onChange={(e) => set({}, { compare: e.target.checked })} /> Compare to the
          previous period
        </label>
        <a className="btn btn-secondary btn-sm" href={usageCsvHref(query)} download>
          Export CSV
        </a>
      </form>

      {analytics.isPending ? (
        <Skeleton label="Loading usage" variant="table" />
      ) : analytics.isError ? (
        <ErrorMessage error={analytics.error} />
      ) : (
        <>
          <p className="muted small" aria-live="polite">
            {bucketLabel(analytics.data.from, 'day')} – {bucketLabel(analytics.data.to, 'day')} (UTC)
            {compare
              ? `, compared with ${bucketLabel(analytics.data.previous.from, 'day')} – ${bucketLabel(analytics.data.previous.to, 'day')}`
              : ''}
          </p>
          <Totals now={analytics.data.totals} before={analytics.data.previousTotals} currency={currency} compare={compare} />
          {noUsage ? <p className="muted">No usage in this range.</p> : null}
          {noUsage ? null : (
            <section className="card stack" aria-labelledby="usage-time-title">
              <h2 id="usage-time-title">Over time</h2>
              <PlotFigure
                caption={`Spend over time${compare ? ', with the previous period' : ''}`}
                describedBy="usage-time-table"
                draw={drawSpend}
              >
                {compare ? (
                  <p className="usage-legend muted small" aria-hidden="true">
                    <span className="usage-key usage-key-now" /> This period <span className="usage-key usage-key-before" />{' '}
                    Previous period
                  </p>
                ) : null}
              </PlotFigure>
              <PlotFigure caption="Tokens over time" describedBy="usage-time-table" draw={drawTokens} />
              <div className="table-wrap" tabIndex={0}>
                <table className="table" id="usage-time-table">
                  <caption className="visually-hidden">Usage by {bucket}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{bucket === 'day' ? 'Day' : bucket === 'week' ? 'Week' : 'Month'}</th>
                      <th scope="col" className="num">
                        Spend
                      </th>
                      {compare ? (
                        <th scope="col" className="num">
                          Previous period
                        </th>
                      ) : null}
                      <th scope="col" className="num">
                        Input tokens
                      </th>
                      <th scope="col" className="num">
                        Output tokens
                      </th>
                      <th scope="col" className="num">
                        Model calls
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {analytics.data.series.map((p) => (
                      <tr key={p.start}>
                        <th scope="row">{label(p.start)}</th>
                        <td className="num">{formatMoney(p.costMicros, currency)}</td>
                        {compare ? <td className="num">{formatMoney(p.previousCostMicros, currency)}</td> : null}
                        <td className="num">{numbers.format(p.inputTokens)}</td>
                        <td className="num">{numbers.format(p.outputTokens)}</td>
                        <td className="num">{numbers.format(p.events)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          <section className="card stack" aria-labelledby="usage-breakdown-title">
            <div className="section-head">
              <h2 id="usage-breakdown-title">Breakdown</h2>
              <div className="field">
                <label htmlFor="usage-by">Break down by</label>
                <select id="usage-by" value={by} onChange={(e) => set({}, { by: e.target.value as BreakdownKey })}>
                  {Object.entries(BREAKDOWNS).map(([key, b]) => (
                    <option key={key} value={key}>
                      {b.label}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {analytics.data[breakdown.field].length === 0 ? (
              <p className="muted">Nothing to break down.</p>
            ) : (
              <>
                <PlotFigure
                  caption={`Spend by ${breakdown.label.toLowerCase()} (top 10)`}
                  describedBy="usage-breakdown-table"
                  draw={drawBreakdown}
                />
                <BreakdownTable
                  id="usage-breakdown-table"
                  rows={analytics.data[breakdown.field]}
                  heading={breakdown.label}
                  currency={currency}
                  compare={compare}
                />
              </>
            )}
          </section>
        </>
      )}
    </div>
  )
}
