import { http, HttpResponse } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  AddStoreProductInputSchema,
  AdminCommercePageSchema,
  AdminCommerceQuerySchema,
  COMMERCE_REVENUE_DAYS,
  CompanyCommerceSchema,
  STALE_AFTER_INTERVALS,
  StoreProductSchema,
  type CommerceStore,
  type CommerceRevenuePoint,
} from '@exocorp/shared/commerce'
import { db } from '../mock-db'
import { adminGuard, apiError, invalidInput, jsonBodyOf, requireUser } from '../http'

// Commerce health (decision 055): the stores runtimes reported, shaped and checked by the shared
// contract, stale by the contract's rule (running, and nothing for STALE_AFTER_INTERVALS intervals).

type Mocked = (typeof db.commerce)[number]

function toStore(m: Mocked, now: number): CommerceStore | null {
  const c = db.fleet.companies.find((x) => x.id === m.companyId)
  if (!c) return null
  const staleAt = new Date(Date.parse(m.receivedAt) + STALE_AFTER_INTERVALS * m.snapshot.intervalSeconds * 1000).toISOString()
  const s = m.snapshot
  return {
    companyId: c.id,
    companySlug: c.slug,
    companyName: c.name,
    companyStatus: c.status,
    storeId: s.store.id,
    storeName: s.store.name,
    currency: s.currency,
    productCount: s.productCount,
    orderCount: s.orderCount,
    lastOrderAt: s.lastOrderAt,
    revenueMinor: s.revenueMinor,
    sequence: s.sequence,
    takenAt: s.takenAt,
    receivedAt: m.receivedAt,
    intervalSeconds: s.intervalSeconds,
    staleAt,
    stale: c.status === 'running' && Date.parse(staleAt) <= now,
  }
}

const windowStart = (now: number) => new Date(now - (COMMERCE_REVENUE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10)

export const commerceHandlers = [
  http.get(ADMIN_API.commerce.path, ({ request }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const parsed = AdminCommerceQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalidInput(parsed.error.issues, AdminCommerceQuerySchema)
    const q = parsed.data
    const now = Date.now()
    const all = db.commerce.flatMap((m) => {
      const s = toStore(m, now)
      return s ? [{ m, s }] : []
    })
    const needle = q.q?.trim().toLowerCase()
    const selected = all
      .filter(({ s }) => !needle || s.companyName.toLowerCase().includes(needle) || s.companySlug.includes(needle))
      .filter(({ s }) => (q.stale === 'true' ? s.stale : q.stale === 'false' ? !s.stale : true))
      .sort((a, b) => a.s.companySlug.localeCompare(b.s.companySlug) || a.s.storeId.localeCompare(b.s.storeId))
    // The BFF's cursor is a keyset; the mock's an offset, which a client cannot tell apart.
    const offset = q.cursor ? Number(q.cursor) : 0
    if (!Number.isInteger(offset) || offset < 0) {
      return apiError(400, 'validation_failed', 'Some fields are invalid', {
        fields: { cursor: ['Invalid cursor: use the nextCursor of a previous page'] },
      })
    }
    const from = windowStart(now)
    const revenue = new Map<string, CommerceRevenuePoint>()
    for (const { m } of selected) {
      for (const d of m.snapshot.revenueByDay.filter((x) => x.day >= from)) {
        const key = `${d.day}|${m.snapshot.currency}`
        const p = revenue.get(key) ?? { day: d.day, currency: m.snapshot.currency, orders: 0, revenueMinor: 0 }
        revenue.set(key, { ...p, orders: p.orders + d.orders, revenueMinor: p.revenueMinor + d.revenueMinor })
      }
    }
    const body = AdminCommercePageSchema.parse({
      items: selected.slice(offset, offset + q.limit).map(({ s }) => s),
      nextCursor: offset + q.limit < selected.length ? String(offset + q.limit) : null,
      staleCount: all.filter(({ s }) => s.stale).length,
      revenue: [...revenue.values()].sort((a, b) => a.day.localeCompare(b.day) || a.currency.localeCompare(b.currency)),
    })
    return HttpResponse.json(body)
  }),
  http.get(API.registry.commerce.path, ({ params }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const c = db.fleet.companies.find((x) => x.id === params.id)
    const visible = c && (c.ownerId === user.id || db.teams.memberships.some((m) => m.companyId === c.id && m.userId === user.id))
    if (!c || !visible) return apiError(404, 'not_found', 'No such exocorp')
    const now = Date.now()
    const from = windowStart(now)
    const body = CompanyCommerceSchema.parse({
      stores: db.commerce
        .filter((m) => m.companyId === c.id)
        .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
        .flatMap((m) => {
          const s = toStore(m, now)
          return s ? [{ ...s, revenueByDay: m.snapshot.revenueByDay.filter((d) => d.day >= from) }] : []
        }),
    })
    return HttpResponse.json(body)
  }),
  // Owners add a product (decision 060): the BFF forwards it to the runtime, whose next snapshot counts
  // it; the mock applies that snapshot at once (and its stream pushes it, like the BFF's trigger).
  http.post(API.registry.addStoreProduct.path, async ({ params, request }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    // The BFF's order: the body is validated before the exocorp is looked up.
    const { body, refused } = await jsonBodyOf(request)
    if (refused) return refused
    const parsed = AddStoreProductInputSchema.safeParse(body)
    if (!parsed.success) return invalidInput(parsed.error.issues, AddStoreProductInputSchema)
    const c = db.fleet.companies.find((x) => x.id === params.id)
    const member = c && db.teams.memberships.some((m) => m.companyId === c.id && m.userId === user.id)
    if (!c || (c.ownerId !== user.id && !member)) return apiError(404, 'not_found', 'No such exocorp')
    if (c.ownerId !== user.id) return apiError(403, 'forbidden', 'Only the owner of this exocorp can do this')
    if (c.status !== 'running') {
      return apiError(
        409,
        'conflict',
        `Products are added to the store its runtime keeps: start the exocorp first (it is ${c.status})`,
        {
          reason: 'runtime_not_running',
          status: c.status,
        },
      )
    }
    const now = new Date().toISOString()
    const held = db.commerce.find((m) => m.companyId === c.id)
    const s = held?.snapshot
    const next = {
      snapshotId: `mock-${Date.now()}`,
      sequence: (s?.sequence ?? 0) + 1,
      takenAt: now,
      intervalSeconds: s?.intervalSeconds ?? 60,
      store: s?.store ?? { id: `st_${c.id}`, name: `${c.name} shop` },
      currency: s?.currency ?? 'USD',
      productCount: (s?.productCount ?? 0) + 1,
      orderCount: s?.orderCount ?? 0,
      lastOrderAt: s?.lastOrderAt ?? null,
      revenueMinor: s?.revenueMinor ?? 0,
      revenueByDay: s?.revenueByDay ?? [],
    }
    if (held) Object.assign(held, { snapshot: next, receivedAt: now })
    else db.commerce.push({ companyId: c.id, snapshot: next, receivedAt: now })
    const product = StoreProductSchema.parse({ id: `pr_${Date.now().toString(16)}`, ...parsed.data, createdAt: now })
    return HttpResponse.json(product, { status: 201 })
  }),
]
