import { z } from 'zod/mini'
import { providerOfModel } from './configuration'

// Usage analytics (issue 16 item 3, decision 040): the owner's priced model usage over a date range,
// by day/week/month, broken down by exocorp, model, provider and agent, next to the period before.
// Served from the daily rollup the database keeps as usage arrives, never from a scan of the events.

/** The longest range one request covers (a year and a day, so any calendar year fits). */
export const MAX_RANGE_DAYS = 366

export const UsageBucketSchema = z.enum(['day', 'week', 'month'])
export type UsageBucket = z.infer<typeof UsageBucketSchema>

const DaySchema = z.iso.date('A day as YYYY-MM-DD')

const dayMs = (d: string) => Date.parse(`${d}T00:00:00.000Z`)
/** Days from `from` to `to`, both included. */
export function daysIn(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / 86_400_000) + 1
}

/** `GET /api/usage/analytics` (and `.csv`): both days are included, UTC. */
export const UsageAnalyticsQuerySchema = z
  .strictObject({
    from: DaySchema,
    to: DaySchema,
    bucket: z.optional(UsageBucketSchema),
    /** One of your exocorps; absent: your whole fleet. */
    companyId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  })
  .check(
    z.refine((q) => q.from <= q.to, { message: 'The range ends before it starts', path: ['to'] }),
    z.refine((q) => q.from > q.to || daysIn(q.from, q.to) <= MAX_RANGE_DAYS, {
      message: `Choose at most ${MAX_RANGE_DAYS} days`,
      path: ['from'],
    }),
  )
export type UsageAnalyticsQuery = z.infer<typeof UsageAnalyticsQuerySchema>

const Count = z.number().check(z.int(), z.nonnegative())

export const UsageTotalsSchema = z.object({
  /** Millionths of a dollar (decision 010). */
  costMicros: Count,
  inputTokens: Count,
  outputTokens: Count,
  /** Model calls. */
  events: Count,
})
export type UsageTotals = z.infer<typeof UsageTotalsSchema>

export const UsageSeriesPointSchema = z.object({
  /** The bucket's first day (YYYY-MM-DD): a day, a Monday, or the 1st of a month (clipped to the range). */
  start: z.string(),
  ...UsageTotalsSchema.shape,
  /** The same position in the previous period (its n-th bucket), for the comparison line. */
  previousCostMicros: Count,
  previousTokens: Count,
})
export type UsageSeriesPoint = z.infer<typeof UsageSeriesPointSchema>

export const UsageBreakdownRowSchema = z.object({
  /** Exocorp id, model id, provider or agent name ('' for usage no agent was named for). */
  key: z.string(),
  label: z.string(),
  ...UsageTotalsSchema.shape,
  /** Spend on the same key in the previous period. */
  previousCostMicros: Count,
})
export type UsageBreakdownRow = z.infer<typeof UsageBreakdownRowSchema>

export const UsageAnalyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucket: UsageBucketSchema,
  companyId: z.nullable(z.string()),
  /** The period of the same length just before `from`. */
  previous: z.object({ from: z.string(), to: z.string() }),
  totals: UsageTotalsSchema,
  previousTotals: UsageTotalsSchema,
  series: z.array(UsageSeriesPointSchema),
  /** Each sorted by spend, largest first. */
  byCompany: z.array(UsageBreakdownRowSchema),
  byModel: z.array(UsageBreakdownRowSchema),
  byProvider: z.array(UsageBreakdownRowSchema),
  byAgent: z.array(UsageBreakdownRowSchema),
})
export type UsageAnalytics = z.infer<typeof UsageAnalyticsSchema>

/** The columns of the CSV export, one row per day × exocorp × model × agent with usage. */
export const USAGE_CSV_COLUMNS = [
  'day',
  'exocorp_id',
  'exocorp',
  'model',
  'provider',
  'agent',
  'events',
  'input_tokens',
  'output_tokens',
  'cost_usd',
] as const

// ── Pure helpers shared by the BFF and the msw mock, so both bucket and compare alike ──────────

export function addDays(day: string, n: number): string {
  return new Date(dayMs(day) + n * 86_400_000).toISOString().slice(0, 10)
}

/** The month `n` months after `month` (YYYY-MM; `n` may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7)
}

/** The last day of `month` (YYYY-MM → YYYY-MM-DD). */
export function monthEnd(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1)
}

/** The period of the same length just before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const len = daysIn(from, to)
  return { from: addDays(from, -len), to: addDays(from, -1) }
}

/** The first day of the bucket `day` falls in (weeks start on Monday, ISO 8601). */
export function bucketStart(day: string, bucket: UsageBucket): string {
  if (bucket === 'day') return day
  if (bucket === 'month') return `${day.slice(0, 7)}-01`
  const weekday = (new Date(dayMs(day)).getUTCDay() + 6) % 7
  return addDays(day, -weekday)
}

/** Every bucket start of the range, in order; the first is clipped to `from`. */
export function bucketsOf(from: string, to: string, bucket: UsageBucket): string[] {
  const out: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const start = bucketStart(d, bucket)
    const clipped = start < from ? from : start
    if (out.at(-1) !== clipped) out.push(clipped)
  }
  return out
}

/** Microdollars as dollars with six decimals, exact (for the CSV: no float rounding). */
export function microsToDollars(micros: number): string {
  const sign = micros < 0 ? '-' : ''
  const abs = Math.abs(micros)
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`
}

/** Usage summed by one key (a day, an exocorp id, a model, an agent name). */
export type UsageGroup = UsageTotals & { key: string }

const ZERO: UsageTotals = { costMicros: 0, inputTokens: 0, outputTokens: 0, events: 0 }

function addTotals(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    costMicros: a.costMicros + b.costMicros,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    events: a.events + b.events,
  }
}

/** Sums groups by `keyOf(key)`; sorted by spend, largest first, then by key (stable ties). */
function breakdown(
  current: UsageGroup[],
  previous: UsageGroup[],
  keyOf: (k: string) => string,
  labelOf: (k: string) => string,
): UsageBreakdownRow[] {
  const rows = new Map<string, UsageBreakdownRow>()
  for (const c of current) {
    const key = keyOf(c.key)
    const r = rows.get(key) ?? { key, label: labelOf(key), ...ZERO, previousCostMicros: 0 }
    rows.set(key, { ...r, ...addTotals(r, c) })
  }
  // The previous period only adds a comparison to keys this period has.
  for (const p of previous) {
    const r = rows.get(keyOf(p.key))
    if (r) r.previousCostMicros += p.costMicros
  }
  return [...rows.values()].sort((a, b) => b.costMicros - a.costMicros || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/**
 * The analytics answer from usage already summed per day, exocorp, model and agent, for the range
 * and for the previous period. The BFF sums in SQL over its rollup; the msw mock sums its events;
 * both assemble here, so bucketing, comparison and ordering cannot drift apart.
 */
export function assembleUsageAnalytics(
  query: UsageAnalyticsQuery & { bucket: UsageBucket },
  g: Record<'days' | 'prevDays' | 'byCompany' | 'prevCompany' | 'byModel' | 'prevModel' | 'byAgent' | 'prevAgent', UsageGroup[]>,
  companyName: (id: string) => string,
): UsageAnalytics {
  const prev = previousPeriod(query.from, query.to)
  const fold = (rows: UsageGroup[], from: string, starts: string[]) => {
    const index = new Map(starts.map((s, i) => [s, i]))
    const out = starts.map(() => ({ ...ZERO }))
    for (const r of rows) {
      const start = bucketStart(r.key, query.bucket)
      const i = index.get(start < from ? from : start)
      if (i !== undefined) out[i] = addTotals(out[i]!, r)
    }
    return out
  }
  const starts = bucketsOf(query.from, query.to, query.bucket)
  const cur = fold(g.days, query.from, starts)
  // The previous period's buckets, matched by position (its n-th day, week or month).
  const old = fold(g.prevDays, prev.from, bucketsOf(prev.from, prev.to, query.bucket))
  const sum = (rows: UsageTotals[]) => rows.reduce<UsageTotals>((acc, r) => addTotals(acc, r), ZERO)
  const same = (k: string) => k
  const provider = (model: string) => providerOfModel(model) ?? 'other'
  return {
    from: query.from,
    to: query.to,
    bucket: query.bucket,
    companyId: query.companyId ?? null,
    previous: prev,
    totals: sum(g.days),
    previousTotals: sum(g.prevDays),
    series: starts.map((start, i) => ({
      start,
      ...cur[i]!,
      previousCostMicros: old[i]?.costMicros ?? 0,
      previousTokens: (old[i]?.inputTokens ?? 0) + (old[i]?.outputTokens ?? 0),
    })),
    byCompany: breakdown(g.byCompany, g.prevCompany, same, companyName),
    byModel: breakdown(g.byModel, g.prevModel, same, same),
    byProvider: breakdown(g.byModel, g.prevModel, provider, same),
    byAgent: breakdown(g.byAgent, g.prevAgent, same, (k) => k || 'No agent named'),
  }
}
