import { z } from 'zod/mini'
import { CompanyStatusSchema } from './companies'
import { PageLimitSchema, pageOf } from './pagination'

/*
 * Commerce health (issue 19 item 2, seed 002 "shopping store/product/order snapshots", decision 055).
 * An exocorp's runtime keeps a small store its agents run (products, orders) and reports a snapshot
 * of it with its runtime token — on every change and on an interval it names. The platform keeps the
 * newest snapshot per store and a per-day revenue series; admins list every store, owners and
 * members read their exocorp's. Money is in minor units of the store's one currency.
 */

/** A store is stale when its exocorp is running and no snapshot arrived for this many of its intervals. */
export const STALE_AFTER_INTERVALS = 3
/** Days of revenue one snapshot may carry (the runtime sends its last 30). */
export const MAX_SNAPSHOT_DAYS = 90
/** Days of revenue the screens show. */
export const COMMERCE_REVENUE_DAYS = 30

const CountSchema = z.int().check(z.minimum(0, 'Use a whole number, 0 or more'), z.maximum(1_000_000_000, 'Too large'))
const MinorSchema = z
  .int()
  .check(z.minimum(0, 'Use a whole number of minor units, 0 or more'), z.maximum(Number.MAX_SAFE_INTEGER, 'Too large'))
export const CurrencySchema = z.string().check(z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as USD'))

export const StoreRevenueDaySchema = z.strictObject({
  day: z.iso.date('A day as YYYY-MM-DD'),
  orders: CountSchema,
  revenueMinor: MinorSchema,
})
export type StoreRevenueDay = z.infer<typeof StoreRevenueDaySchema>

/** `POST /api/runtime/store-snapshots` (runtime token). */
export const StoreSnapshotInputSchema = z.strictObject({
  /** Names this report: sending it again changes nothing. */
  snapshotId: z.string().check(z.regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'Use 1–100 letters, digits, _ . : or -')),
  /** Counts up per store; a report with a sequence at or below the stored one never replaces it. */
  sequence: z.int().check(z.positive('Use a whole number from 1'), z.maximum(Number.MAX_SAFE_INTEGER, 'Too large')),
  takenAt: z.iso.datetime({ offset: true }),
  /** How often the runtime reports when nothing changes: the stale rule counts in these. */
  intervalSeconds: z.int().check(z.minimum(1, 'Use 1 second or more'), z.maximum(86_400, 'Use at most a day')),
  store: z.strictObject({
    id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use 1–64 letters, digits, _ or -')),
    name: z.string().check(z.trim(), z.minLength(1, 'Name the store'), z.maxLength(100, 'Use at most 100 characters')),
  }),
  currency: CurrencySchema,
  productCount: CountSchema,
  orderCount: CountSchema,
  lastOrderAt: z.nullable(z.iso.datetime({ offset: true })),
  /** Every order's total since the store opened. */
  revenueMinor: MinorSchema,
  revenueByDay: z.array(StoreRevenueDaySchema).check(
    z.maxLength(MAX_SNAPSHOT_DAYS, `Send at most ${MAX_SNAPSHOT_DAYS} days`),
    z.refine((days) => new Set(days.map((d) => d.day)).size === days.length, 'Send each day once'),
  ),
})
export type StoreSnapshotInput = z.infer<typeof StoreSnapshotInputSchema>

export const StoreSnapshotReceiptSchema = z.object({
  storeId: z.string(),
  /** False when this report was a replay or older than the stored one (nothing changed). */
  applied: z.boolean(),
  /** The sequence the platform now holds for the store. */
  sequence: z.int(),
})
export type StoreSnapshotReceipt = z.infer<typeof StoreSnapshotReceiptSchema>

/** One store as the platform last heard of it. */
export const CommerceStoreSchema = z.object({
  companyId: z.string(),
  companySlug: z.string(),
  companyName: z.string(),
  companyStatus: CompanyStatusSchema,
  storeId: z.string(),
  storeName: z.string(),
  currency: z.string(),
  productCount: z.int(),
  orderCount: z.int(),
  lastOrderAt: z.nullable(z.string()),
  revenueMinor: z.int(),
  sequence: z.int(),
  takenAt: z.string(),
  receivedAt: z.string(),
  intervalSeconds: z.int(),
  /** `receivedAt` + STALE_AFTER_INTERVALS × `intervalSeconds`. */
  staleAt: z.string(),
  /** Running, and nothing heard since `staleAt`. */
  stale: z.boolean(),
})
export type CommerceStore = z.infer<typeof CommerceStoreSchema>

/**
 * How long until one of these stores may turn stale by the clock alone (the earliest `staleAt` still
 * ahead of a running exocorp's store that is not stale yet), in ms, or null when none will. New
 * snapshots are pushed (decision 060); this is what a view that stopped polling still refetches for.
 */
export function msUntilNextStale(
  stores: readonly Pick<CommerceStore, 'companyStatus' | 'stale' | 'staleAt'>[],
  now: number,
): number | null {
  let next: number | null = null
  for (const s of stores) {
    if (s.stale || s.companyStatus !== 'running') continue
    const at = Date.parse(s.staleAt)
    if (at > now && (next === null || at < next)) next = at
  }
  return next === null ? null : next - now
}

export const CommerceRevenuePointSchema = z.object({
  day: z.string(),
  currency: z.string(),
  orders: z.int(),
  revenueMinor: z.int(),
})
export type CommerceRevenuePoint = z.infer<typeof CommerceRevenuePointSchema>

/** `GET /api/admin/commerce`: stores by exocorp slug, then store id. */
export const AdminCommercePageSchema = z.object({
  ...pageOf(CommerceStoreSchema).shape,
  /** Stale stores platform-wide, whatever the filters. */
  staleCount: z.int(),
  /** Revenue per day and currency over the last COMMERCE_REVENUE_DAYS days, of the stores the filters select. */
  revenue: z.array(CommerceRevenuePointSchema),
})
export type AdminCommercePage = z.infer<typeof AdminCommercePageSchema>

export const AdminCommerceQuerySchema = z.strictObject({
  /** `true`: only stale stores. */
  stale: z.optional(z.enum(['true', 'false'])),
  /** Part of the exocorp's name or slug. */
  q: z.optional(z.string().check(z.maxLength(100))),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type AdminCommerceQuery = z.infer<typeof AdminCommerceQuerySchema>
export type AdminCommerceQueryInput = z.input<typeof AdminCommerceQuerySchema>

/** `GET /api/registry/companies/:id/commerce`: the exocorp's stores with their daily revenue. */
export const CompanyCommerceSchema = z.object({
  stores: z.array(
    z.object({
      ...CommerceStoreSchema.shape,
      revenueByDay: z.array(z.object({ day: z.string(), orders: z.int(), revenueMinor: z.int() })),
    }),
  ),
})
export type CompanyCommerce = z.infer<typeof CompanyCommerceSchema>

/** The most a product may cost, in minor units (the reference runtime's own bound). */
export const MAX_PRODUCT_PRICE_MINOR = 100_000_000

/**
 * `POST /api/registry/companies/:id/commerce/products` (owners; decision 060): a product for the
 * exocorp's store, which the platform forwards to its running runtime with the runtime's control token.
 */
export const AddStoreProductInputSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'Name the product'), z.maxLength(100, 'Use at most 100 characters')),
  priceMinor: z
    .int('A whole number of minor units (cents)')
    .check(z.nonnegative('A price cannot be negative'), z.maximum(MAX_PRODUCT_PRICE_MINOR, 'At most 1,000,000.00')),
})
export type AddStoreProductInput = z.infer<typeof AddStoreProductInputSchema>

/** A product as the runtime's store holds it. */
export const StoreProductSchema = z.object({
  id: z.string(),
  name: z.string(),
  priceMinor: z.int(),
  createdAt: z.string(),
})
export type StoreProduct = z.infer<typeof StoreProductSchema>
