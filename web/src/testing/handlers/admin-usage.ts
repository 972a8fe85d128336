import { http, HttpResponse } from 'msw'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  ADMIN_USAGE_CSV_COLUMNS,
  AdminUsageQuerySchema,
  type AdminModels,
  type AdminUsage,
  type AdminUsageRow,
  type AdminUsageTotals,
} from '@exocorp/shared/admin-usage'
import { MODEL_CATALOG, providerOfModel } from '@exocorp/shared/configuration'
import { addDays, microsToDollars } from '@exocorp/shared/usage'
import { db } from '../mock-db'
import { adminGuard } from '../http'
import { invalid } from './admin-billing'

// Decision 049: the admin usage review and model health, summed from the mock's usage events the
// way the BFF's rollups sum them, shaped and validated by the shared contract.

type Event = (typeof db.fleet.usage)[number]
const ZERO: AdminUsageTotals = { events: 0, errors: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 }
const add = (t: AdminUsageTotals, u: Event): AdminUsageTotals => ({
  events: t.events + 1,
  errors: t.errors + (u.outcome === 'error' ? 1 : 0),
  inputTokens: t.inputTokens + u.inputTokens,
  outputTokens: t.outputTokens + u.outputTokens,
  costMicros: t.costMicros + u.costMicros,
})
const ownerOf = (companyId: string) => db.fleet.companies.find((c) => c.id === companyId)?.ownerId ?? ''

function rowsOf(request: Request) {
  const parsed = AdminUsageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!parsed.success) return { error: invalid(parsed.error, AdminUsageQuerySchema) }
  const q = parsed.data
  const by = q.by ?? 'account'
  const events = db.fleet.usage.filter((u) => {
    const day = u.at.slice(0, 10)
    return (
      day >= q.from &&
      day <= q.to &&
      (!q.accountId || ownerOf(u.companyId) === q.accountId) &&
      (!q.companyId || u.companyId === q.companyId) &&
      (!q.model || u.model === q.model)
    )
  })
  const keyOf = (u: Event) =>
    by === 'account' ? ownerOf(u.companyId) : by === 'company' ? u.companyId : by === 'model' ? u.model : u.at.slice(0, 10)
  const groups = new Map<string, AdminUsageTotals>()
  for (const u of events) groups.set(keyOf(u), add(groups.get(keyOf(u)) ?? ZERO, u))
  const rows: AdminUsageRow[] = [...groups].map(([key, t]) => {
    const company = db.fleet.companies.find((c) => c.id === key)
    const label =
      by === 'account'
        ? (db.users.find((u) => u.id === key)?.email ?? key)
        : by === 'company'
          ? (company?.name ?? key)
          : by === 'model'
            ? (MODEL_CATALOG.find((m) => m.id === key)?.label ?? key)
            : key
    const detail = by === 'company' ? (company?.slug ?? null) : by === 'model' ? providerOfModel(key) : null
    return { key, label, detail, ...t }
  })
  const sort = q.sort ?? 'cost'
  const sign = (q.order ?? (sort === 'name' ? 'asc' : 'desc')) === 'asc' ? 1 : -1
  const value = (r: AdminUsageRow) =>
    sort === 'cost'
      ? r.costMicros
      : sort === 'tokens'
        ? r.inputTokens + r.outputTokens
        : sort === 'events'
          ? r.events
          : sort === 'errors'
            ? r.errors
            : by === 'day'
              ? r.key
              : r.label
  rows.sort((a, b) => {
    const x = value(a)
    const y = value(b)
    return (x < y ? -sign : x > y ? sign : 0) || (a.key < b.key ? -1 : 1)
  })
  return { q, by, rows, totals: events.reduce(add, ZERO) }
}

const csvCell = (s: string) => {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

export const adminUsageHandlers = [
  http.get(ADMIN_API.usage.path, ({ request }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const r = rowsOf(request)
    if ('error' in r) return r.error
    const offset = r.q.cursor ? Number(atob(r.q.cursor)) || 0 : 0
    const items = r.rows.slice(offset, offset + r.q.limit)
    const next = offset + items.length < r.rows.length ? btoa(String(offset + items.length)) : null
    const body: AdminUsage = {
      from: r.q.from,
      to: r.q.to,
      by: r.by,
      totals: r.totals,
      groups: r.rows.length,
      items,
      nextCursor: next,
    }
    return HttpResponse.json(body)
  }),
  http.get(ADMIN_API.usageCsv.path, ({ request }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const r = rowsOf(request)
    if ('error' in r) return r.error
    const lines = [
      ADMIN_USAGE_CSV_COLUMNS.join(','),
      ...r.rows.map((x) =>
        [
          csvCell(x.key),
          csvCell(x.label),
          csvCell(x.detail ?? ''),
          x.events,
          x.errors,
          x.inputTokens,
          x.outputTokens,
          microsToDollars(x.costMicros),
        ].join(','),
      ),
    ]
    return new HttpResponse(lines.join('\r\n') + '\r\n', { headers: { 'Content-Type': 'text/csv; charset=utf-8' } })
  }),
  http.get(ADMIN_API.models.path, () => {
    const denied = adminGuard(false)
    if (denied) return denied
    const now = new Date()
    const hourFrom = new Date(now.getTime() - 23 * 3_600_000).toISOString().slice(0, 13)
    const dayFrom = addDays(now.toISOString().slice(0, 10), -29)
    const book = db.priceBooks.find((b) => b.active) ?? null
    const live = db.fleet.companies.filter((c) => c.status !== 'destroyed')
    const known = new Set(MODEL_CATALOG.map((m) => m.id))
    const unknown = [...new Set(db.fleet.usage.map((u) => u.model))].filter((m) => !known.has(m)).sort()
    const sum = (id: string, since: (u: Event) => boolean) =>
      db.fleet.usage.filter((u) => u.model === id && since(u)).reduce(add, ZERO)
    const body: AdminModels = {
      items: [
        ...MODEL_CATALOG.map((m) => ({ ...m, inCatalog: true })),
        ...unknown.map((id) => ({ id, label: id, provider: null, inCatalog: false })),
      ].map((m) => {
        const own = book && Object.hasOwn(book.models, m.id) ? book.models[m.id]! : null
        const price = own ?? book?.default ?? null
        const last30d = sum(m.id, (u) => u.at.slice(0, 10) >= dayFrom)
        return {
          id: m.id,
          label: m.label,
          provider: m.provider,
          inCatalog: m.inCatalog,
          price,
          priceSource: own ? 'model' : price ? 'default' : null,
          last24h: sum(m.id, (u) => u.at.slice(0, 13) >= hourFrom),
          last30d,
          errorRate30d: last30d.events ? last30d.errors / last30d.events : null,
          coveredExocorps: m.provider ? live.filter((c) => m.provider && c.bindings[m.provider]).length : null,
        }
      }),
      priceBook: book ? { id: book.id, version: book.version } : null,
      exocorps: live.length,
      asOf: now.toISOString(),
    }
    return HttpResponse.json(body)
  }),
]
