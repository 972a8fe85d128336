import { and, count, eq, gte, inArray, isNotNull, ne, notExists, sql, type SQL } from 'drizzle-orm'
import {
  ADMIN_USAGE_CSV_COLUMNS,
  splitByMonths,
  type AdminModels,
  type AdminUsage,
  type AdminUsageQuery,
  type AdminUsageRow,
  type AdminUsageTotals,
} from '@exocorp/shared/admin-usage'
import { MODEL_CATALOG, providerOfModel } from '@exocorp/shared/configuration'
import { addDays, addMonths, microsToDollars } from '@exocorp/shared/usage'
import type { Deps } from '../../deps'
import { execute } from '../../db/portable'
import { users } from '../../db/schema/accounts'
import { bindings } from '../../db/schema/catalog'
import { companies } from '../../db/schema/companies'
import { usageModelDaily, usageModelHourly } from '../../db/schema/usage'
import { decodeCursor, encodeCursor, intCursor } from '../../lib/cursor'
import { csvCell } from '../operations/newsletter'
import { modelCatalog } from '../config/models'
import { activePriceBook } from '../catalog/pricing'
import { carryCumulative, SUM_COLUMNS, TRAILING_MONTHS } from './usage-cumulative'

/*
 * Platform usage for admins (issue 19 item 1, decision 049). Every figure comes from a rollup the
 * usage_events trigger keeps in the transaction that records the event (migration 0030 / pg 0025):
 *   - /admin/models: `usage_model_hourly` (last 24 h) and `usage_model_daily` (last 30 d) — a few
 *     hundred rows whatever the fleet's size — and the bound credentials per provider.
 *   - /admin/usage: by day or model with no account/exocorp filter, `usage_model_daily`; otherwise
 *     the whole months of the range from `usage_platform_monthly` and the days at its edges from
 *     `usage_platform_daily`, both keyed (period, account, exocorp, model), so a month of the whole
 *     platform is one key range of at most exocorps × models rows.
 */

const ZERO: AdminUsageTotals = { events: 0, errors: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 }
const ZERO_SUMS = { events: 0, errors: 0, input_tokens: 0, output_tokens: 0, cost_micros: 0 }

type SumRow = { events: unknown; errors: unknown; input_tokens: unknown; output_tokens: unknown; cost_micros: unknown }
// PostgreSQL answers sum(bigint) as numeric (a string in node-postgres): numbers either way.
const totalsOf = (r: SumRow | undefined): AdminUsageTotals =>
  r
    ? {
        events: Number(r.events ?? 0),
        errors: Number(r.errors ?? 0),
        inputTokens: Number(r.input_tokens ?? 0),
        outputTokens: Number(r.output_tokens ?? 0),
        costMicros: Number(r.cost_micros ?? 0),
      }
    : { ...ZERO }

const sums = sql.raw(SUM_COLUMNS.map((c) => `coalesce(sum(${c}), 0) AS ${c}`).join(', '))
/**
 * The sums of a GROUP BY over thousands of groups. PostgreSQL sums bigint into numeric, and making
 * 10,000 groups × 5 numerics costs more than reading the rows (decision 061), so there it sums
 * float8: every term is a non-negative integer, so each partial sum is exact below 2^53, the point
 * past which the JSON number the client gets stops being exact anyway.
 */
const groupSums = (db: Deps['db']) =>
  db.sqlDialect === 'postgres' ? sql.raw(SUM_COLUMNS.map((c) => `coalesce(sum(${c}::float8), 0)::int8 AS ${c}`).join(', ')) : sums
const plain = sql.raw(SUM_COLUMNS.join(', '))
const MONTH_FIGURES = sql.raw(SUM_COLUMNS.map((c) => `month_${c} AS ${c}`).join(', '))

/** The server's UTC day: a range reaching it reads this month from the monthly rollup (decision 057). */
const todayOf = (deps: Pick<Deps, 'clock'>) => deps.clock.now().toISOString().slice(0, 10)

/**
 * One request's view of time: every statement of an answer reads the same day, so a request that
 * spans midnight on the 1st cannot carry one month and read the next.
 */
function atOneInstant<D extends Pick<Deps, 'clock'>>(deps: D): D {
  const instant = deps.clock.now()
  return { ...deps, clock: { now: () => new Date(instant) } }
}

const KEY_COLUMN = { account: 'account_id', company: 'company_id', model: 'model', day: 'day' } as const

/**
 * The rows of the range, as one derived table `(k, events, errors, input_tokens, output_tokens, cost_micros)`.
 * `keyIs`, when given, narrows the key (`= n.id` for one key at a time, `IN (…)` for a page of keys).
 */
function source(q: AdminUsageQuery, by: keyof typeof KEY_COLUMN, today: string, keyIs?: SQL): SQL {
  const key = sql.raw(KEY_COLUMN[by])
  const filters = (extra: SQL[], table = sql``): SQL => {
    const parts = [...extra]
    if (q.accountId) parts.push(sql`${table}account_id = ${q.accountId}`)
    if (q.companyId) parts.push(sql`${table}company_id = ${q.companyId}`)
    if (q.model) parts.push(sql`${table}model = ${q.model}`)
    if (keyIs) parts.push(sql`${table}${key} ${keyIs}`)
    return sql.join(parts, sql` AND `)
  }
  // The whole platform by day or by model: the per-model daily rollup, at most days × models rows.
  if (!q.accountId && !q.companyId && (by === 'day' || by === 'model')) {
    return sql`SELECT ${key} AS k, ${plain} FROM usage_model_daily WHERE ${filters([sql`day >= ${q.from}`, sql`day <= ${q.to}`])}`
  }
  // Days are not in the monthly rollup: by day reads the daily one for the whole range.
  if (by === 'day') {
    return sql`SELECT ${key} AS k, ${plain} FROM usage_platform_daily WHERE ${filters([sql`day >= ${q.from}`, sql`day <= ${q.to}`])}`
  }
  const { months, edges } = splitByMonths(q.from, q.to, today)
  const parts: SQL[] = edges.map(
    ([a, b]) =>
      sql`SELECT ${key} AS k, ${plain} FROM usage_platform_daily WHERE ${filters([sql`day >= ${a}`, sql`day <= ${b}`])}`,
  )
  const cumulative = cumulativeMonths(q, by, today)
  // The cumulative rollup's rows are keyed by the group itself (decision 065): no filter but the key applies.
  const ofKey = (table: SQL) => (keyIs ? [sql`${table}key_id ${keyIs}`] : [])
  if (cumulative && cumulative.single) {
    // One month of the whole platform by account or exocorp: the month's own figures, a row per key (decision 061).
    parts.push(
      sql`SELECT key_id AS k, ${MONTH_FIGURES} FROM usage_cumulative_monthly
          WHERE ${sql.join([sql`month = ${cumulative.last}`, sql`dimension = ${by}`, sql`month_events <> 0`, ...ofKey(sql``)], sql` AND `)}`,
    )
  } else if (cumulative && cumulative.trailing) {
    // The last 3 or 12 months through a month: that month's row minus the base it carries (decision 067), no join.
    const trailing = sql.raw(SUM_COLUMNS.map((c) => `${c} - base${cumulative.trailing}_${c} AS ${c}`).join(', '))
    parts.push(
      sql`SELECT key_id AS k, ${trailing} FROM usage_cumulative_monthly
          WHERE ${sql.join(
            [
              sql`month = ${cumulative.last}`,
              sql`dimension = ${by}`,
              sql`events <> ${sql.raw(`base${cumulative.trailing}_events`)}`,
              ...ofKey(sql``),
            ],
            sql` AND `,
          )}`,
    )
  } else if (cumulative) {
    // Several months of the whole platform by account or exocorp: two cumulative rows per key, whatever the months.
    const diff = sql.raw(SUM_COLUMNS.map((c) => `e.${c} - coalesce(s.${c}, 0) AS ${c}`).join(', '))
    parts.push(
      sql`SELECT e.key_id AS k, ${diff} FROM usage_cumulative_monthly e
          LEFT JOIN usage_cumulative_monthly s
            ON s.month = ${cumulative.before} AND s.dimension = e.dimension AND s.key_id = e.key_id
          WHERE ${sql.join(
            [
              sql`e.month = ${cumulative.last}`,
              sql`e.dimension = ${by}`,
              sql`e.events <> coalesce(s.events, 0)`,
              ...ofKey(sql`e.`),
            ],
            sql` AND `,
          )}`,
    )
  } else if (months) {
    // The platform's monthly rollup, by the account billed when each event arrived; a filter by
    // account or by exocorp seeks its own index instead of every pair's rows (decision 061).
    parts.push(
      sql`SELECT ${key} AS k, ${plain} FROM usage_platform_monthly WHERE ${filters([sql`month >= ${months[0]}`, sql`month <= ${months[1]}`])}`,
    )
  }
  return sql.join(parts, sql` UNION ALL `)
}

/**
 * The whole months of an unfiltered by-account or by-exocorp range, read from the cumulative rollup
 * (decision 057): its last month (no later than this one), the month before its first, whether
 * it is a single month (read from that month's own figures, decision 061), and whether it is a run of
 * 3 or 12 months (read from the last month's trailing base, decision 067). Null when the range has
 * no whole month or a filter narrows it (those read a key range of a monthly rollup).
 */
function cumulativeMonths(q: AdminUsageQuery, by: keyof typeof KEY_COLUMN, today: string) {
  if ((by !== 'account' && by !== 'company') || q.accountId || q.companyId || q.model) return null
  const { months } = splitByMonths(q.from, q.to, today)
  if (!months) return null
  const last = months[1] < today.slice(0, 7) ? months[1] : today.slice(0, 7)
  if (months[0] > last) return null
  const before = addMonths(months[0], -1)
  // A run of 3 or 12 months reads the trailing base its last month's row carries (decision 067).
  const span = TRAILING_MONTHS.find((n) => addMonths(before, n) === last) ?? null
  return { before, last, single: months[0] === last, trailing: span }
}

/**
 * Whether the range's rows are already one per group: whole months of the cumulative rollup, whose
 * rows are keyed by the group, and no days at the range's edges (decision 065). Then nothing is grouped.
 */
function onePerKey(q: AdminUsageQuery, by: keyof typeof KEY_COLUMN, today: string): boolean {
  return !!cumulativeMonths(q, by, today) && splitByMonths(q.from, q.to, today).edges.length === 0
}

/** Carries the cumulative rollup through the months a query reads, when it reads it. */
async function readyCumulative(deps: Pick<Deps, 'db' | 'clock'>, q: AdminUsageQuery) {
  const months = cumulativeMonths(q, q.by ?? 'account', todayOf(deps))
  // A single month reads its own figures, which need no carried rows.
  if (months && !months.single) await carryCumulative(deps, months.last)
}

const SORT_EXPR = {
  cost: 'g.cost_micros',
  tokens: '(g.input_tokens + g.output_tokens)',
  events: 'g.events',
  errors: 'g.errors',
} as const

type Grouped = SumRow & { k: string; n?: unknown }

/** The names a page by account or exocorp can be ordered by, each with its own index (users.email, companies(name, id)). */
const NAMED = { account: { table: 'users', name: 'email' }, company: { table: 'companies', name: 'name' } } as const

/** A page by account or exocorp name walks the names' index (decision 061). */
const walksNames = (q: AdminUsageQuery) => q.sort === 'name' && (q.by ?? 'account') !== 'model' && q.by !== 'day'

/**
 * One page of groups (`limit` null: every group, for the CSV). With `counted`, each row also carries
 * how many groups the range has (`n`); otherwise `countGroups` says.
 */
async function groupedPage(
  deps: Pick<Deps, 'db' | 'clock'>,
  q: AdminUsageQuery,
  offset: number,
  limit: number | null,
  counted = false,
): Promise<Grouped[]> {
  const by = q.by ?? 'account'
  const sort = q.sort ?? 'cost'
  const dir = sql.raw((q.order ?? (sort === 'name' ? 'asc' : 'desc')) === 'asc' ? 'ASC' : 'DESC')
  const today = todayOf(deps)
  const page = limit === null ? sql`` : sql` LIMIT ${limit} OFFSET ${offset}`
  if (walksNames(q) && limit !== null && (by === 'account' || by === 'company')) {
    // A page by name walks the names' own index and keeps the keys with usage in the range, so no
    // group is summed or sorted beyond the page (decision 061); then sums just those keys.
    const named = NAMED[by]
    const keys = await execute<{ k: string }>(
      deps.db,
      sql`SELECT n.id AS k FROM ${sql.raw(named.table)} AS n
          WHERE EXISTS (SELECT 1 FROM (${source(q, by, today, sql`= n.id`)}) AS s)
          ORDER BY n.${sql.raw(named.name)} ${dir}, n.id ${dir}${page}`,
    )
    if (!keys.length) return []
    const pageSums = await execute<Grouped>(
      deps.db,
      sql`SELECT k, ${sums} FROM (${source(
        q,
        by,
        today,
        sql`IN (${sql.join(
          keys.map((r) => sql`${r.k}`),
          sql`, `,
        )})`,
      )}) AS s GROUP BY k`,
    )
    const byKey = new Map(pageSums.map((r) => [r.k, r]))
    return keys.map((r) => byKey.get(r.k) ?? { ...r, ...ZERO_SUMS })
  }
  const grouped = onePerKey(q, by, today)
    ? source(q, by, today)
    : sql`SELECT k, ${groupSums(deps.db)} FROM (${source(q, by, today)}) AS s GROUP BY k`
  let from = sql`(${grouped}) AS g`
  let order: SQL
  if (sort === 'name' && by !== 'model' && by !== 'day') {
    const named = NAMED[by]
    from = sql`${from} LEFT JOIN ${sql.raw(named.table)} AS n ON n.id = g.k`
    order = sql`coalesce(n.${sql.raw(named.name)}, g.k) ${dir}, g.k ${dir}`
  } else if (sort === 'name') {
    order = sql`g.k ${dir}`
  } else {
    // Ties broken by key, so pages never repeat or skip a row.
    order = sql`${sql.raw(SORT_EXPR[sort])} ${dir}, g.k ASC`
  }
  const n = counted ? sql`, count(*) OVER () AS n` : sql``
  return execute<Grouped>(
    deps.db,
    sql`SELECT g.k AS k, g.events, g.errors, g.input_tokens, g.output_tokens, g.cost_micros${n} FROM ${from} ORDER BY ${order}${page}`,
  )
}

/** How many groups the range has, for the pager. */
async function countGroups(deps: Pick<Deps, 'db' | 'clock'>, q: AdminUsageQuery): Promise<number> {
  const [by, today] = [q.by ?? 'account', todayOf(deps)]
  const rows = source(q, by, today)
  const [c] = await execute<{ n: unknown }>(
    deps.db,
    // Grouped then counted: PostgreSQL hashes the keys instead of sorting them for a DISTINCT.
    onePerKey(q, by, today)
      ? sql`SELECT count(*) AS n FROM (${rows}) AS g`
      : sql`SELECT count(*) AS n FROM (SELECT k FROM (${rows}) AS s GROUP BY k) AS g`,
  )
  return Number(c?.n ?? 0)
}

/** Labels for a page of keys: emails, exocorp names and slugs, catalog model names. */
async function labelsOf(deps: Pick<Deps, 'db'>, by: AdminUsage['by'], keys: string[]) {
  const out = new Map<string, { label: string; detail: string | null }>()
  if (!keys.length) return out
  if (by === 'account') {
    for (const u of await deps.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, keys)))
      out.set(u.id, { label: u.email, detail: null })
  } else if (by === 'company') {
    for (const c of await deps.db
      .select({ id: companies.id, name: companies.name, slug: companies.slug })
      .from(companies)
      .where(inArray(companies.id, keys)))
      out.set(c.id, { label: c.name, detail: c.slug })
  } else if (by === 'model') {
    for (const k of keys) {
      const m = MODEL_CATALOG.find((c) => c.id === k)
      out.set(k, { label: m?.label ?? k, detail: providerOfModel(k) })
    }
  }
  return out
}

function toRows(
  by: AdminUsage['by'],
  rows: Grouped[],
  labels: Map<string, { label: string; detail: string | null }>,
): AdminUsageRow[] {
  return rows.map((r) => ({
    key: r.k,
    label: labels.get(r.k)?.label ?? r.k,
    detail: labels.get(r.k)?.detail ?? null,
    ...totalsOf(r),
  }))
}

export async function adminUsage(requestDeps: Pick<Deps, 'db' | 'clock'>, q: AdminUsageQuery): Promise<AdminUsage> {
  const deps = atOneInstant(requestDeps)
  const by = q.by ?? 'account'
  const today = todayOf(deps)
  const offset = decodeCursor(q.cursor, intCursor) ?? 0
  await readyCumulative(deps, q)
  // How many groups: a statement of its own beside the page (a window count would keep every group
  // before the sort drops all but the page), except where several months of cumulative rows meet
  // days at the range's edges: there a second statement would join and group them again, and the
  // window is cheaper (decision 061). Rows that are one per key are counted beside the page (decision 065).
  const months = cumulativeMonths(q, by, today)
  const windowed = !!months && !months.single && !walksNames(q) && !onePerKey(q, by, today)
  const [rows, [total], counted] = await Promise.all([
    groupedPage(deps, q, offset, q.limit, windowed),
    // The totals of the range (the cheapest source that has it: by model when no group needs more).
    execute<SumRow>(deps.db, sql`SELECT ${sums} FROM (${source(q, q.accountId || q.companyId ? by : 'model', today)}) AS s`),
    windowed ? null : countGroups(deps, q),
  ])
  const groups = counted ?? (rows[0] ? Number(rows[0].n) : offset > 0 ? await countGroups(deps, q) : 0)
  const labels = await labelsOf(
    deps,
    by,
    rows.map((r) => r.k),
  )
  return {
    from: q.from,
    to: q.to,
    by,
    totals: totalsOf(total),
    groups,
    items: toRows(by, rows, labels),
    nextCursor: offset + rows.length < groups ? encodeCursor(offset + rows.length) : null,
  }
}

/** Every row of the answer (all pages), as CSV with formula-safe cells and exact dollars. */
export async function adminUsageCsv(
  requestDeps: Pick<Deps, 'db' | 'clock'>,
  q: AdminUsageQuery,
): Promise<{ csv: string; rows: number }> {
  const deps = atOneInstant(requestDeps)
  const by = q.by ?? 'account'
  await readyCumulative(deps, q)
  const rows = await groupedPage(deps, q, 0, null)
  const labels = new Map<string, { label: string; detail: string | null }>()
  for (let i = 0; i < rows.length; i += 500) {
    for (const [k, v] of await labelsOf(
      deps,
      by,
      rows.slice(i, i + 500).map((r) => r.k),
    ))
      labels.set(k, v)
  }
  const lines = [ADMIN_USAGE_CSV_COLUMNS.join(',')]
  for (const r of toRows(by, rows, labels)) {
    lines.push(
      [
        csvCell(r.key),
        csvCell(r.label),
        csvCell(r.detail ?? ''),
        r.events,
        r.errors,
        r.inputTokens,
        r.outputTokens,
        microsToDollars(r.costMicros),
      ].join(','),
    )
  }
  return { csv: lines.join('\r\n') + '\r\n', rows: rows.length }
}

// ── /admin/models ──────────────────────────────────────────────────────────────────────────

export async function adminModels(deps: Pick<Deps, 'db' | 'clock'>): Promise<AdminModels> {
  const now = deps.clock.now()
  const hourFrom = new Date(now.getTime() - 23 * 3_600_000).toISOString().slice(0, 13)
  const dayFrom = addDays(now.toISOString().slice(0, 10), -29)
  const byModel = (t: typeof usageModelHourly | typeof usageModelDaily) => ({
    model: t.model,
    events: sql<number>`coalesce(sum(${t.events}), 0)`.mapWith(Number),
    errors: sql<number>`coalesce(sum(${t.errors}), 0)`.mapWith(Number),
    inputTokens: sql<number>`coalesce(sum(${t.inputTokens}), 0)`.mapWith(Number),
    outputTokens: sql<number>`coalesce(sum(${t.outputTokens}), 0)`.mapWith(Number),
    costMicros: sql<number>`coalesce(sum(${t.costMicros}), 0)`.mapWith(Number),
  })
  const [catalog, book, last24, last30, covered, [fleet]] = await Promise.all([
    modelCatalog(deps),
    activePriceBook(deps),
    deps.db
      .select(byModel(usageModelHourly))
      .from(usageModelHourly)
      .where(gte(usageModelHourly.hour, hourFrom))
      .groupBy(usageModelHourly.model),
    deps.db
      .select(byModel(usageModelDaily))
      .from(usageModelDaily)
      .where(gte(usageModelDaily.day, dayFrom))
      .groupBy(usageModelDaily.model),
    // Bound credentials of exocorps not destroyed: the few destroyed ones are looked up and left out,
    // instead of joining every binding with its exocorp (an anti-join, about a third of the time on PostgreSQL).
    deps.db
      .select({ provider: bindings.provider, n: count() })
      .from(bindings)
      .where(
        and(
          isNotNull(bindings.secretId),
          notExists(
            deps.db
              .select({ id: companies.id })
              .from(companies)
              .where(and(eq(companies.id, bindings.companyId), eq(companies.status, 'destroyed'))),
          ),
        ),
      )
      .groupBy(bindings.provider),
    deps.db.select({ n: count() }).from(companies).where(ne(companies.status, 'destroyed')),
  ])
  const totals = (rows: typeof last24, id: string): AdminUsageTotals => {
    const r = rows.find((x) => x.model === id)
    return r
      ? { events: r.events, errors: r.errors, inputTokens: r.inputTokens, outputTokens: r.outputTokens, costMicros: r.costMicros }
      : { ...ZERO }
  }
  const coverage = new Map(covered.map((c) => [c.provider, Number(c.n)]))
  const known = new Set(catalog.items.map((m) => m.id))
  // Models runtimes reported that the catalog does not list still show, priced by the book's default.
  const unknown = [...new Set([...last30, ...last24].map((r) => r.model))].filter((m) => !known.has(m)).sort()
  const items = [
    ...catalog.items.map((m) => ({
      id: m.id,
      label: m.label,
      provider: m.provider,
      inCatalog: true,
      price: m.price,
      priceSource: m.priceSource,
    })),
    ...unknown.map((id) => {
      const own = book && Object.hasOwn(book.models, id) ? book.models[id]! : null
      const price = own ?? book?.default ?? null
      return {
        id,
        label: id,
        provider: null,
        inCatalog: false,
        price,
        priceSource: own ? ('model' as const) : price ? ('default' as const) : null,
      }
    }),
  ].map((m) => {
    const last30d = totals(last30, m.id)
    return {
      ...m,
      last24h: totals(last24, m.id),
      last30d,
      errorRate30d: last30d.events ? last30d.errors / last30d.events : null,
      coveredExocorps: m.provider ? (coverage.get(m.provider) ?? 0) : null,
    }
  })
  return { items, priceBook: catalog.priceBook, exocorps: Number(fleet?.n ?? 0), asOf: now.toISOString() }
}
