import { barX, barY, plot, ruleX, ruleY, tickY } from '@observablehq/plot'
import type { UsageBreakdownRow, UsageSeriesPoint } from '@exocorp/shared/usage'

// The drawings of usage analytics (decision 040) and of commerce revenue (decision 055), in their own
// chunk with Observable Plot: loaded by plot-figure.tsx only when a chart is shown. Deliberately free of React: a chunk that imports
// React's CommonJS build pulls React (and the bundler's interop helpers) out of the entry into shared
// chunks, which costs the owner's first route about 0.7 KB gzip. Plot draws SVG; colours come from the
// theme through CSS classes (styles.css), so both themes keep their contrast.

const dollars = (micros: number) => micros / 1_000_000
const compactTokens = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 })

const base = (width: number, height: number) => ({
  width,
  height,
  marginLeft: 72,
  style: { background: 'transparent', color: 'var(--muted)', fontSize: '12px' },
})

export interface TimePlot {
  points: UsageSeriesPoint[]
  compare: boolean
  label: (start: string) => string
  money: (micros: number) => string
}

export function spendPlot({ points, compare, label, money }: TimePlot, width: number) {
  const data = points.map((p) => ({
    name: label(p.start),
    spend: dollars(p.costMicros),
    previous: dollars(p.previousCostMicros),
  }))
  return plot({
    ...base(width, 240),
    x: { type: 'band', label: null, domain: data.map((d) => d.name), tickRotate: data.length > 12 ? -45 : 0 },
    y: { grid: true, label: null, tickFormat: (v: number) => money(v * 1_000_000) },
    marks: [
      barY(data, { x: 'name', y: 'spend', fill: 'currentColor', className: 'usage-mark-now' }),
      compare
        ? tickY(data, { x: 'name', y: 'previous', stroke: 'currentColor', strokeWidth: 3, className: 'usage-mark-before' })
        : null,
      ruleY([0]),
    ],
  })
}

export function tokensPlot({ points, label }: Pick<TimePlot, 'points' | 'label'>, width: number) {
  const data = points.flatMap((p) => [
    { name: label(p.start), kind: 'Input', tokens: p.inputTokens },
    { name: label(p.start), kind: 'Output', tokens: p.outputTokens },
  ])
  return plot({
    ...base(width, 200),
    x: { type: 'band', label: null, domain: points.map((p) => label(p.start)), tickRotate: points.length > 12 ? -45 : 0 },
    y: { grid: true, label: null, tickFormat: (v: number) => compactTokens.format(v) },
    color: { domain: ['Input', 'Output'], range: ['var(--accent)', 'var(--ok)'], legend: true },
    marks: [barY(data, { x: 'name', y: 'tokens', fill: 'kind' }), ruleY([0])],
  })
}

export function breakdownPlot({ rows, money }: { rows: UsageBreakdownRow[]; money: (micros: number) => string }, width: number) {
  const top = rows.slice(0, 10).map((r) => ({ name: r.label, spend: dollars(r.costMicros) }))
  return plot({
    ...base(width, Math.max(120, top.length * 28 + 40)),
    marginLeft: 140,
    x: { grid: true, label: null, tickFormat: (v: number) => money(v * 1_000_000) },
    y: { label: null, domain: top.map((t) => t.name) },
    marks: [barX(top, { y: 'name', x: 'spend', fill: 'currentColor', className: 'usage-mark-now' }), ruleX([0])],
  })
}

export interface RevenuePlot {
  /** One bar per day (and currency, when several). */
  points: { day: string; currency: string; revenueMinor: number }[]
  label: (day: string) => string
  money: (minor: number, currency: string) => string
}

/** Revenue per day (decision 055): bars in minor units, labelled in the store's currency. */
export function revenuePlot({ points, label, money }: RevenuePlot, width: number) {
  const currencies = [...new Set(points.map((p) => p.currency))]
  const currency = currencies[0] ?? 'USD'
  const data = points.map((p) => ({ name: label(p.day), revenue: p.revenueMinor, currency: p.currency }))
  return plot({
    ...base(width, 220),
    x: { type: 'band', label: null, domain: [...new Set(data.map((d) => d.name))], tickRotate: data.length > 12 ? -45 : 0 },
    y: { grid: true, label: null, tickFormat: (v: number) => money(v, currency) },
    ...(currencies.length > 1 ? { color: { domain: currencies, legend: true } } : {}),
    marks: [
      barY(data, {
        x: 'name',
        y: 'revenue',
        ...(currencies.length > 1 ? { fill: 'currency' } : { fill: 'currentColor', className: 'usage-mark-now' }),
      }),
      ruleY([0]),
    ],
  })
}
