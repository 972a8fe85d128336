import { and, asc, count, desc, eq, gte, inArray, lte, not, or, sql, sum, type SQL } from 'drizzle-orm'
import {
  COMMERCE_REVENUE_DAYS,
  STALE_AFTER_INTERVALS,
  type AdminCommercePage,
  type AdminCommerceQuery,
  type CommerceStore,
  type CompanyCommerce,
  type StoreSnapshotInput,
  type StoreSnapshotReceipt,
} from '@exocorp/shared/commerce'
import type { Deps } from '../deps'
import { commerceRevenueDaily, commerceStores } from '../db/schema/commerce'
import { companies } from '../db/schema/companies'
import { decodeCursor, encodeCursor, pairCursor } from '../lib/cursor'
import { contains, likePattern } from './companies/admin'

/**
 * Commerce health (issue 19 item 2, decision 055): the newest snapshot of each runtime's store and
 * its revenue per day. A report whose sequence is not above the stored one changes nothing (the
 * conditional upsert decides, so two reports racing on two instances cannot step back); the days it
 * carries are written only with the snapshot that won.
 */
export async function recordStoreSnapshot(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  input: StoreSnapshotInput,
): Promise<StoreSnapshotReceipt> {
  const now = deps.clock.now()
  const receivedAt = now.toISOString()
  const staleAt = new Date(now.getTime() + STALE_AFTER_INTERVALS * input.intervalSeconds * 1000).toISOString()
  const values = {
    companyId,
    storeId: input.store.id,
    name: input.store.name,
    currency: input.currency,
    productCount: input.productCount,
    orderCount: input.orderCount,
    lastOrderAt: input.lastOrderAt === null ? null : new Date(input.lastOrderAt).toISOString(),
    revenueMinor: input.revenueMinor,
    sequence: input.sequence,
    snapshotId: input.snapshotId,
    takenAt: new Date(input.takenAt).toISOString(),
    receivedAt,
    intervalSeconds: input.intervalSeconds,
    staleAt,
  }
  return deps.db.write(async (tx) => {
    const { companyId: _c, storeId: _s, ...changes } = values
    const won = await tx
      .insert(commerceStores)
      .values(values)
      .onConflictDoUpdate({
        target: [commerceStores.companyId, commerceStores.storeId],
        set: changes,
        setWhere: sql`${commerceStores.sequence} < excluded.sequence`,
      })
      .returning({ sequence: commerceStores.sequence })
    if (!won.length) {
      const [held] = await tx
        .select({ sequence: commerceStores.sequence })
        .from(commerceStores)
        .where(and(eq(commerceStores.companyId, companyId), eq(commerceStores.storeId, input.store.id)))
      return { storeId: input.store.id, applied: false, sequence: Number(held?.sequence ?? input.sequence) }
    }
    if (input.revenueByDay.length) {
      await tx
        .insert(commerceRevenueDaily)
        .values(
          input.revenueByDay.map((d) => ({
            companyId,
            storeId: input.store.id,
            day: d.day,
            currency: input.currency,
            orders: d.orders,
            revenueMinor: d.revenueMinor,
          })),
        )
        .onConflictDoUpdate({
          target: [commerceRevenueDaily.companyId, commerceRevenueDaily.storeId, commerceRevenueDaily.day],
          set: {
            currency: sql`excluded.currency`,
            orders: sql`excluded.orders`,
            revenueMinor: sql`excluded.revenue_minor`,
          },
        })
    }
    return { storeId: input.store.id, applied: true, sequence: input.sequence }
  })
}

/** The first day of the revenue window ending today (UTC), both included. */
function windowStart(now: Date): string {
  return new Date(now.getTime() - (COMMERCE_REVENUE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10)
}

/** A stale store: its exocorp runs and nothing arrived since `stale_at` (decision 055). */
const staleWhere = (nowIso: string) => and(eq(companies.status, 'running'), lte(commerceStores.staleAt, nowIso))

const storeColumns = {
  companyId: commerceStores.companyId,
  companySlug: companies.slug,
  companyName: companies.name,
  companyStatus: companies.status,
  storeId: commerceStores.storeId,
  storeName: commerceStores.name,
  currency: commerceStores.currency,
  productCount: commerceStores.productCount,
  orderCount: commerceStores.orderCount,
  lastOrderAt: commerceStores.lastOrderAt,
  revenueMinor: commerceStores.revenueMinor,
  sequence: commerceStores.sequence,
  takenAt: commerceStores.takenAt,
  receivedAt: commerceStores.receivedAt,
  intervalSeconds: commerceStores.intervalSeconds,
  staleAt: commerceStores.staleAt,
}

/** A row of `storeColumns` (numbers as the driver hands them: PostgreSQL's bigint mode is number too). */
type StoreRow = Omit<CommerceStore, 'stale'>

function toStore(r: StoreRow, nowIso: string): CommerceStore {
  return {
    ...r,
    productCount: Number(r.productCount),
    orderCount: Number(r.orderCount),
    revenueMinor: Number(r.revenueMinor),
    sequence: Number(r.sequence),
    intervalSeconds: Number(r.intervalSeconds),
    stale: r.companyStatus === 'running' && r.staleAt <= nowIso,
  }
}

/**
 * When a view of these stores changes by itself (the polled lane's `until`): the first store that
 * turns stale, or the next UTC midnight (the revenue window moves), whichever comes first.
 */
export function commerceViewChangesAt(stores: readonly CommerceStore[], now: Date): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)
  let until = midnight
  for (const s of stores) {
    if (s.companyStatus !== 'running' || s.stale) continue
    const at = Date.parse(s.staleAt)
    if (Number.isFinite(at) && at < until) until = at
  }
  return until
}

/**
 * `/admin/commerce`: every store by exocorp slug, then store id; keyset-paged, filtered by stale
 * and by part of the exocorp's name or slug. Reads one page plus one row, the stale count through
 * the stale_at index, and the revenue window from the daily table.
 */
export async function listAdminCommerce(deps: Pick<Deps, 'db' | 'clock'>, q: AdminCommerceQuery): Promise<AdminCommercePage> {
  const now = deps.clock.now()
  const nowIso = now.toISOString()
  const filters: (SQL | undefined)[] = []
  if (q.q?.trim()) {
    const p = likePattern(q.q.trim().toLowerCase())
    filters.push(or(contains(companies.name, p), contains(companies.slug, p)))
  }
  if (q.stale === 'true') filters.push(staleWhere(nowIso))
  if (q.stale === 'false') filters.push(not(staleWhere(nowIso)!))
  const where = [...filters]
  const after = decodeCursor(q.cursor, pairCursor)
  if (after) {
    where.push(
      or(sql`${companies.slug} > ${after[0]}`, and(eq(companies.slug, after[0]), sql`${commerceStores.storeId} > ${after[1]}`)),
    )
  }
  const rows = await deps.db
    .select(storeColumns)
    .from(commerceStores)
    .innerJoin(companies, eq(companies.id, commerceStores.companyId))
    .where(and(...where))
    .orderBy(asc(companies.slug), asc(commerceStores.storeId))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit).map((r) => toStore(r, nowIso))
  const last = page.at(-1)
  const [stale] = await deps.db
    .select({ n: count() })
    .from(commerceStores)
    .innerJoin(companies, eq(companies.id, commerceStores.companyId))
    .where(staleWhere(nowIso))
  const revenue = await deps.db
    .select({
      day: commerceRevenueDaily.day,
      currency: commerceRevenueDaily.currency,
      orders: sum(commerceRevenueDaily.orders).mapWith(Number),
      revenueMinor: sum(commerceRevenueDaily.revenueMinor).mapWith(Number),
    })
    .from(commerceRevenueDaily)
    .innerJoin(
      commerceStores,
      and(eq(commerceStores.companyId, commerceRevenueDaily.companyId), eq(commerceStores.storeId, commerceRevenueDaily.storeId)),
    )
    .innerJoin(companies, eq(companies.id, commerceRevenueDaily.companyId))
    .where(and(gte(commerceRevenueDaily.day, windowStart(now)), ...filters))
    .groupBy(commerceRevenueDaily.day, commerceRevenueDaily.currency)
    .orderBy(asc(commerceRevenueDaily.day), asc(commerceRevenueDaily.currency))
  return {
    items: page,
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.companySlug, last.storeId]) : null,
    staleCount: Number(stale?.n ?? 0),
    revenue: revenue.map((r) => ({ ...r, orders: r.orders ?? 0, revenueMinor: r.revenueMinor ?? 0 })),
  }
}

/** An exocorp's stores (the owner's and members' view), each with its revenue over the window. */
export async function companyCommerce(deps: Pick<Deps, 'db' | 'clock'>, companyId: string): Promise<CompanyCommerce> {
  const now = deps.clock.now()
  const nowIso = now.toISOString()
  const rows = await deps.db
    .select(storeColumns)
    .from(commerceStores)
    .innerJoin(companies, eq(companies.id, commerceStores.companyId))
    .where(eq(commerceStores.companyId, companyId))
    .orderBy(desc(commerceStores.receivedAt), asc(commerceStores.storeId))
    .limit(50)
  const stores = rows.map((r) => toStore(r, nowIso))
  const days = stores.length
    ? await deps.db
        .select({
          storeId: commerceRevenueDaily.storeId,
          day: commerceRevenueDaily.day,
          orders: commerceRevenueDaily.orders,
          revenueMinor: commerceRevenueDaily.revenueMinor,
        })
        .from(commerceRevenueDaily)
        .where(
          and(
            eq(commerceRevenueDaily.companyId, companyId),
            inArray(
              commerceRevenueDaily.storeId,
              stores.map((s) => s.storeId),
            ),
            gte(commerceRevenueDaily.day, windowStart(now)),
          ),
        )
        .orderBy(asc(commerceRevenueDaily.day))
    : []
  return {
    stores: stores.map((s) => ({
      ...s,
      revenueByDay: days
        .filter((d) => d.storeId === s.storeId)
        .map((d) => ({ day: d.day, orders: Number(d.orders), revenueMinor: Number(d.revenueMinor) })),
    })),
  }
}
