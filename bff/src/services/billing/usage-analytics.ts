import { and, asc, eq, gt, gte, inArray, lte, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { providerOfModel } from '@exocorp/shared/configuration'
import {
  assembleUsageAnalytics,
  microsToDollars,
  previousPeriod,
  USAGE_CSV_COLUMNS,
  type UsageAnalytics,
  type UsageAnalyticsQuery,
  type UsageGroup,
} from '@exocorp/shared/usage'
import type { Deps } from '../../deps'
import { companies } from '../../db/schema/companies'
import { usageAccountCompanyDaily, usageAccountDaily, usageAccountMonthly, usageDaily } from '../../db/schema/usage'
import { splitByMonths } from '@exocorp/shared/admin-usage'
import { companyForOwner } from '../companies/access'

/**
 * Usage analytics (decision 040): everything is read from rollups a trigger keeps as usage events are
 * recorded, never from the events themselves. One exocorp you own reads `usage_daily` over its
 * (exocorp, day) prefix; every exocorp of your account (the fleet that your bill and your fleet
 * budget count) reads the account-keyed daily rollups (decision 062).
 */

const num = (col: AnyColumn) => sql<number>`coalesce(sum(${col}), 0)`.mapWith(Number)
const sumsOf = (t: { costMicros: AnyColumn; inputTokens: AnyColumn; outputTokens: AnyColumn; events: AnyColumn }) => ({
  costMicros: num(t.costMicros),
  inputTokens: num(t.inputTokens),
  outputTokens: num(t.outputTokens),
  events: num(t.events),
})
const sums = sumsOf(usageDaily)

/** The exocorp filter: the one asked for (owners only: 404 / 403 as elsewhere), or the whole fleet. */
async function scopeOf(deps: Pick<Deps, 'db'>, userId: string, companyId: string | undefined): Promise<SQL> {
  if (companyId) {
    const { company } = await companyForOwner(deps, companyId, userId)
    return eq(usageDaily.companyId, company.id)
  }
  return inArray(
    usageDaily.companyId,
    deps.db.select({ id: companies.id }).from(companies).where(eq(companies.ownerUserId, userId)),
  )
}

const inRange = (from: string, to: string) => and(gte(usageDaily.day, from), lte(usageDaily.day, to))

async function grouped(
  deps: Pick<Deps, 'db'>,
  where: SQL | undefined,
  by: 'day' | 'company' | 'model' | 'agent',
): Promise<UsageGroup[]> {
  const col = { day: usageDaily.day, company: usageDaily.companyId, model: usageDaily.model, agent: usageDaily.agent }[by]
  return deps.db
    .select({ key: col, ...sums })
    .from(usageDaily)
    .where(where)
    .groupBy(col)
}

/** Sums groups that share a key (parts of one range read from different rollups). */
function merge(parts: UsageGroup[][]): UsageGroup[] {
  const out = new Map<string, UsageGroup>()
  for (const g of parts.flat()) {
    const r = out.get(g.key)
    out.set(
      g.key,
      r
        ? {
            key: g.key,
            costMicros: r.costMicros + g.costMicros,
            inputTokens: r.inputTokens + g.inputTokens,
            outputTokens: r.outputTokens + g.outputTokens,
            events: r.events + g.events,
          }
        : g,
    )
  }
  return [...out.values()]
}

/**
 * The whole fleet (decision 062): every bucket reads account-keyed rollups, one key range of the
 * account whatever the fleet's size. The series and the model / agent breakdowns read
 * `usage_account_daily` (days × models × agents rows). The exocorp breakdown reads the range's whole
 * months from `usage_account_monthly` (months × exocorps × models × agents rows) and only the days at
 * its edges from `usage_account_company_daily`, so a year is not 365 rows per exocorp. Their account
 * is the exocorp's owner now (rows move with ownership), the same fleet as `companies.owner_user_id`.
 */
async function groupedFleet(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  range: { from: string; to: string },
  by: 'day' | 'company' | 'model' | 'agent',
): Promise<UsageGroup[]> {
  if (by === 'company') {
    const { months, edges } = splitByMonths(range.from, range.to, deps.clock.now().toISOString().slice(0, 10))
    const d = usageAccountCompanyDaily
    const m = usageAccountMonthly
    return merge(
      await Promise.all([
        ...edges.map(([a, b]) =>
          deps.db
            .select({ key: d.companyId, ...sumsOf(d) })
            .from(d)
            .where(and(eq(d.accountId, userId), gte(d.day, a), lte(d.day, b)))
            .groupBy(d.companyId),
        ),
        months
          ? deps.db
              .select({ key: m.companyId, ...sumsOf(m) })
              .from(m)
              .where(and(eq(m.accountId, userId), gte(m.month, months[0]), lte(m.month, months[1])))
              .groupBy(m.companyId)
          : Promise.resolve([]),
      ]),
    )
  }
  const t = usageAccountDaily
  const col = { day: t.day, model: t.model, agent: t.agent }[by]
  return deps.db
    .select({ key: col, ...sumsOf(t) })
    .from(t)
    .where(and(eq(t.accountId, userId), gte(t.day, range.from), lte(t.day, range.to)))
    .groupBy(col)
}

export async function usageAnalytics(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  query: UsageAnalyticsQuery,
): Promise<UsageAnalytics> {
  const bucket = query.bucket ?? 'day'
  const scope = await scopeOf(deps, userId, query.companyId)
  const prev = previousPeriod(query.from, query.to)
  const now = and(scope, inRange(query.from, query.to))
  const before = and(scope, inRange(prev.from, prev.to))
  // The whole fleet reads the account's own rollups, whatever the bucket (decision 062).
  const fleet = !query.companyId
  const q = (range: { from: string; to: string }, where: SQL | undefined, by: 'day' | 'company' | 'model' | 'agent') =>
    fleet ? groupedFleet(deps, userId, range, by) : grouped(deps, where, by)
  const [days, prevDays, byCompany, prevCompany, byModel, prevModel, byAgent, prevAgent] = await Promise.all([
    q(query, now, 'day'),
    q(prev, before, 'day'),
    q(query, now, 'company'),
    q(prev, before, 'company'),
    q(query, now, 'model'),
    q(prev, before, 'model'),
    q(query, now, 'agent'),
    q(prev, before, 'agent'),
  ])

  const ids = byCompany.map((c) => c.key)
  const names = new Map(
    ids.length
      ? (await deps.db.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.id, ids))).map(
          (c) => [c.id, c.name],
        )
      : [],
  )
  return assembleUsageAnalytics(
    { ...query, bucket },
    { days, prevDays, byCompany, prevCompany, byModel, prevModel, byAgent, prevAgent },
    (id) => names.get(id) ?? id,
  )
}

/**
 * Page sizes of the CSV export: usage rows per statement (and per chunk sent), and exocorps per read
 * of the owner's list. They bound memory and size the statements; the bytes sent never depend on them.
 */
export interface UsageCsvPages {
  rows: number
  exocorps: number
}
const CSV_PAGES: UsageCsvPages = { rows: 2000, exocorps: 500 }
const csvCell = (v: string | number) => {
  const s = String(v)
  // Quote what needs it; a leading =, +, - or @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The CSV export: one row per exocorp × day × model × agent with usage in the range, ordered by the
 * rollup's key (exocorp id, day, model, agent). The owner's exocorps are walked in id order, a page
 * at a time, and each exocorp's rows are read in pages that seek `usage_daily`'s primary key
 * (company_id, day, model, agent) past the last row sent: every statement reads one range of that
 * index for one exocorp, nothing sorts the fleet's rows, and memory holds one page (decision 066, with
 * the plans). An `IN (every exocorp)` list could not deliver rows in key order and its keyset was only
 * a filter, so PostgreSQL re-read the owner's earlier rows and sorted them again for every page.
 */
export async function streamUsageCsv(
  deps: Pick<Deps, 'db'>,
  userId: string,
  query: UsageAnalyticsQuery,
  pages: UsageCsvPages = CSV_PAGES,
): Promise<ReadableStream<Uint8Array>> {
  // One exocorp you own (a member 403, anyone else 404, before anything is sent), or your fleet.
  const one = query.companyId ? (await companyForOwner(deps, query.companyId, userId)).company : null
  let exocorps: { id: string; name: string }[] = one ? [{ id: one.id, name: one.name }] : []
  let next = 0
  let listed = one !== null
  let after: { day: string; model: string; agent: string } | null = null
  let header = true
  const encoder = new TextEncoder()
  const d = usageDaily

  /** The next page of the owner's exocorps, in id order (the order of the export). */
  async function listMore() {
    const last = exocorps.at(-1)
    exocorps = await deps.db
      .select({ id: companies.id, name: companies.name })
      .from(companies)
      .where(and(eq(companies.ownerUserId, userId), last ? gt(companies.id, last.id) : undefined))
      .orderBy(asc(companies.id))
      .limit(pages.exocorps)
    next = 0
    listed = exocorps.length < pages.exocorps
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let out = header ? `${USAGE_CSV_COLUMNS.join(',')}\r\n` : ''
        header = false
        // Exocorps without rows in the range send nothing: go on until a page has rows or the walk ends.
        for (;;) {
          if (next === exocorps.length) {
            if (listed) {
              if (out) controller.enqueue(encoder.encode(out))
              controller.close()
              return
            }
            await listMore()
            continue
          }
          const c = exocorps[next]!
          const a = after
          const rows = await deps.db
            .select()
            .from(d)
            .where(
              and(
                eq(d.companyId, c.id),
                lte(d.day, query.to),
                // Past the last row sent: a row-value seek, so the page starts where the last one ended.
                a ? sql`(${d.day}, ${d.model}, ${d.agent}) > (${a.day}, ${a.model}, ${a.agent})` : gte(d.day, query.from),
              ),
            )
            .orderBy(asc(d.day), asc(d.model), asc(d.agent))
            .limit(pages.rows)
          for (const r of rows) {
            out +=
              [
                r.day,
                c.id,
                c.name,
                r.model,
                providerOfModel(r.model) ?? 'other',
                r.agent,
                r.events,
                r.inputTokens,
                r.outputTokens,
                microsToDollars(r.costMicros),
              ]
                .map(csvCell)
                .join(',') + '\r\n'
          }
          const last = rows.at(-1)
          if (rows.length < pages.rows || !last) {
            next += 1
            after = null
          } else after = { day: last.day, model: last.model, agent: last.agent }
          if (rows.length) {
            controller.enqueue(encoder.encode(out))
            return
          }
        }
      },
    },
    { highWaterMark: 1 },
  )
}
