import { z } from 'zod/mini'
import { ModelPriceSchema } from './configuration'
import { ProviderSchema } from './companies'
import { PageLimitSchema } from './pagination'
import { addDays, addMonths, daysIn, MAX_RANGE_DAYS, monthEnd } from './usage'

// Platform usage and the model catalog for admins (issue 19 item 1, decision 049): spend review at
// /admin/usage and model health at /admin/models, both read from the platform rollups the database
// keeps as usage arrives — never from a scan of the usage events.

const DaySchema = z.iso.date('A day as YYYY-MM-DD')
const Id = z.string().check(z.minLength(1), z.maxLength(100))
const Count = z.number().check(z.int(), z.nonnegative())

/** What `/admin/usage` groups by: the billed account (owner), the exocorp, the model, or the UTC day. */
export const AdminUsageGroupSchema = z.enum(['account', 'company', 'model', 'day'])
export type AdminUsageGroup = z.infer<typeof AdminUsageGroupSchema>
export const AdminUsageSortSchema = z.enum(['cost', 'tokens', 'events', 'errors', 'name'])
export type AdminUsageSort = z.infer<typeof AdminUsageSortSchema>

/** `GET /api/admin/usage` (and `.csv`): UTC days, both included, at most a year and a day. */
export const AdminUsageQuerySchema = z
  .strictObject({
    from: DaySchema,
    to: DaySchema,
    /** Default `account`. */
    by: z.optional(AdminUsageGroupSchema),
    /** Default `cost` (largest first); `name` sorts accounts by email, exocorps by name, days by date. */
    sort: z.optional(AdminUsageSortSchema),
    order: z.optional(z.enum(['asc', 'desc'])),
    /** Only this account's usage (the owner's user id). */
    accountId: z.optional(Id),
    /** Only this exocorp's usage. */
    companyId: z.optional(Id),
    /** Only this model's usage. */
    model: z.optional(Id),
    cursor: z.optional(z.string().check(z.maxLength(300))),
    limit: PageLimitSchema,
  })
  .check(
    z.refine((q) => q.from <= q.to, { message: 'The range ends before it starts', path: ['to'] }),
    z.refine((q) => q.from > q.to || daysIn(q.from, q.to) <= MAX_RANGE_DAYS, {
      message: `Choose at most ${MAX_RANGE_DAYS} days`,
      path: ['from'],
    }),
  )
export type AdminUsageQuery = z.infer<typeof AdminUsageQuerySchema>
/** The query a screen builds (before the schema's defaults are applied). */
export type AdminUsageQueryInput = z.input<typeof AdminUsageQuerySchema>

export const AdminUsageTotalsSchema = z.object({
  /** Model calls reported. */
  events: Count,
  /** Calls the runtime reported as failed. */
  errors: Count,
  inputTokens: Count,
  outputTokens: Count,
  /** Millionths of a dollar (decision 010). */
  costMicros: Count,
})
export type AdminUsageTotals = z.infer<typeof AdminUsageTotalsSchema>

export const AdminUsageRowSchema = z.object({
  /** Account (owner user) id, exocorp id, model id or day. */
  key: z.string(),
  /** Email, exocorp name, model name or the day. */
  label: z.string(),
  /** The exocorp's slug, the model's provider; null otherwise. */
  detail: z.nullable(z.string()),
  ...AdminUsageTotalsSchema.shape,
})
export type AdminUsageRow = z.infer<typeof AdminUsageRowSchema>

export const AdminUsageSchema = z.object({
  from: z.string(),
  to: z.string(),
  by: AdminUsageGroupSchema,
  totals: AdminUsageTotalsSchema,
  /** How many rows the whole answer has (every page). */
  groups: Count,
  items: z.array(AdminUsageRowSchema),
  nextCursor: z.nullable(z.string()),
})
export type AdminUsage = z.infer<typeof AdminUsageSchema>

export const ADMIN_USAGE_CSV_COLUMNS = [
  'key',
  'label',
  'detail',
  'events',
  'errors',
  'input_tokens',
  'output_tokens',
  'cost_usd',
] as const

// ── /admin/models ──────────────────────────────────────────────────────────────────────────

export const AdminModelSchema = z.object({
  id: z.string(),
  /** Catalog name; the id for a model runtimes reported that the catalog does not list. */
  label: z.string(),
  /** Null for a model the catalog does not know. */
  provider: z.nullable(ProviderSchema),
  inCatalog: z.boolean(),
  /** Per 1M tokens in micro-dollars from the active price book; null when it prices nothing. */
  price: z.nullable(ModelPriceSchema),
  priceSource: z.nullable(z.enum(['model', 'default'])),
  /** The last 24 hours (whole UTC hours, the current one included). */
  last24h: AdminUsageTotalsSchema,
  /** The last 30 UTC days, today included. */
  last30d: AdminUsageTotalsSchema,
  /** errors / events over the last 30 days; null without calls. */
  errorRate30d: z.nullable(z.number()),
  /** Exocorps (not destroyed) with a credential bound for the provider; null for an unknown model. */
  coveredExocorps: z.nullable(Count),
})
export type AdminModel = z.infer<typeof AdminModelSchema>

export const AdminModelsSchema = z.object({
  items: z.array(AdminModelSchema),
  priceBook: z.nullable(z.object({ id: z.string(), version: z.number() })),
  /** Exocorps that are not destroyed: the coverage's denominator. */
  exocorps: Count,
  /** When the figures were read (the 24 h and 30 d windows end here). */
  asOf: z.string(),
})
export type AdminModels = z.infer<typeof AdminModelsSchema>

/**
 * Whole months inside a range and the days at its edges (decision 049): months from the monthly rollup.
 * With `today` (the server's UTC day), a range that reaches today counts its last month as whole: usage
 * is stamped with the server's clock on arrival, so nothing after today is in any rollup, and this
 * month so far is the monthly rollup's row as it stands (decision 057).
 */
export function splitByMonths(
  from: string,
  to: string,
  today?: string,
): { months: [string, string] | null; edges: [string, string][] } {
  const first = from.endsWith('-01') ? from.slice(0, 7) : addMonths(from.slice(0, 7), 1)
  const last =
    to === monthEnd(to.slice(0, 7)) || (today !== undefined && to >= today) ? to.slice(0, 7) : addMonths(to.slice(0, 7), -1)
  if (first > last) return { months: null, edges: [[from, to]] }
  const edges: [string, string][] = []
  const firstDay = `${first}-01`
  if (from < firstDay) edges.push([from, addDays(firstDay, -1)])
  const lastDay = monthEnd(last)
  if (to > lastDay) edges.push([addDays(lastDay, 1), to])
  return { months: [first, last], edges }
}

/** The range presets of `/admin/usage`, month-aligned so every one reads the monthly rollup (decision 057). */
export const ADMIN_USAGE_PRESETS = ['thisMonth', 'lastMonth', 'last3Months', 'last12Months'] as const
export type AdminUsagePreset = (typeof ADMIN_USAGE_PRESETS)[number]

export function adminUsagePreset(preset: AdminUsagePreset, today: string): { from: string; to: string } {
  const firstOf = (monthsBack: number) => `${addMonths(today.slice(0, 7), -monthsBack)}-01`
  switch (preset) {
    case 'thisMonth':
      return { from: firstOf(0), to: today }
    case 'lastMonth':
      return { from: firstOf(1), to: addDays(firstOf(0), -1) }
    case 'last3Months':
      return { from: firstOf(2), to: today }
    case 'last12Months':
      return { from: firstOf(11), to: today }
  }
}
