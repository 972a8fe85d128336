import { http, HttpResponse } from 'msw'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  ConnectorEventQuerySchema,
  ConnectorHealthQuerySchema,
  ReplayConnectorEventsInputSchema,
  VERIFICATION_RESULTS,
  type ConnectorEvent,
  type ConnectorEventFilter,
  type ConnectorHealth,
  type ConnectorHealthList,
  type ReplayResult,
} from '@exocorp/shared/connector-events'
import { db } from '../mock-db'
import { adminGuard, apiError } from '../http'
import { invalid } from './admin-billing'

// Connector events (decision 047), typed and validated by the shared contract: the list newest
// first with an opaque cursor, health computed from the same rows, and a replay that — like the
// BFF — needs a platform owner with a fresh step-up, skips what never authenticated and books nothing twice.

function matches(e: ConnectorEvent, f: ConnectorEventFilter) {
  return (
    (!f.source || e.source === f.source) &&
    (!f.connector || e.connector === f.connector) &&
    (!f.companyId || e.companyId === f.companyId) &&
    (!f.verification || e.verification === f.verification) &&
    (!f.status || e.status === f.status) &&
    (!f.since || e.receivedAt >= new Date(f.since).toISOString())
  )
}
const newestFirst = (a: ConnectorEvent, b: ConnectorEvent) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id)

function health(): ConnectorHealthList {
  const byKey = new Map<string, ConnectorHealth>()
  for (const e of db.connectorEvents) {
    const key = `${e.source}/${e.connector}`
    let h = byKey.get(key)
    if (!h) {
      h = {
        source: e.source,
        connector: e.connector,
        total: 0,
        delivered: 0,
        failed: 0,
        retrying: 0,
        successRate: null,
        lastSuccessAt: null,
        lastFailureAt: null,
        verification: Object.fromEntries(VERIFICATION_RESULTS.map((v) => [v, 0])) as ConnectorHealth['verification'],
        signing: e.source === 'payment' ? 'hmac' : e.source === 'runtime' ? 'runtime_token' : 'unsigned',
        exocorpsSigned: e.source === 'connector' ? 0 : null,
        exocorpsUnsigned: e.source === 'connector' ? db.fleet.companies.length : null,
        secretRotatedAt: null,
      }
      byKey.set(key, h)
    }
    h.total++
    h[e.status]++
    h.verification[e.verification]++
    if (e.status === 'delivered')
      h.lastSuccessAt = !h.lastSuccessAt || e.receivedAt > h.lastSuccessAt ? e.receivedAt : h.lastSuccessAt
    else h.lastFailureAt = !h.lastFailureAt || e.receivedAt > h.lastFailureAt ? e.receivedAt : h.lastFailureAt
  }
  const connectors = [...byKey.values()].map((h) => ({ ...h, successRate: h.total ? h.delivered / h.total : null }))
  return { since: new Date(Date.now() - 7 * 86_400_000).toISOString(), connectors }
}

export const connectorEventHandlers = [
  http.get(ADMIN_API.connectorEvents.path, ({ request }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const parsed = ConnectorEventQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalid(parsed.error, ConnectorEventQuerySchema)
    const q = parsed.data
    const rows = db.connectorEvents.filter((e) => matches(e, q)).sort(newestFirst)
    const start = q.cursor ? Number(atob(q.cursor)) : 0
    if (!Number.isInteger(start) || start < 0)
      return apiError(400, 'validation_failed', 'Invalid cursor', { fields: { cursor: ['Invalid cursor'] } })
    const items = rows.slice(start, start + q.limit)
    const next = start + q.limit < rows.length ? btoa(String(start + q.limit)) : null
    return HttpResponse.json({ items, nextCursor: next })
  }),
  http.get(ADMIN_API.connectorHealth.path, ({ request }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const parsed = ConnectorHealthQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalid(parsed.error, ConnectorHealthQuerySchema)
    return HttpResponse.json(health())
  }),
  http.post(ADMIN_API.replayConnectorEvents.path, async ({ request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = ReplayConnectorEventsInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, ReplayConnectorEventsInputSchema)
    const input = parsed.data
    if (!input.ids === !input.filter)
      return apiError(400, 'validation_failed', 'Some fields are invalid', {
        fields: { ids: ['Name the events (ids) or a filter, not both'] },
      })
    const rows = input.ids
      ? input.ids.map((id) => db.connectorEvents.find((e) => e.id === id))
      : db.connectorEvents
          .filter((e) => matches(e, input.filter!))
          .sort(newestFirst)
          .slice(0, input.limit ?? 100)
    if (rows.some((r) => !r)) return apiError(404, 'not_found', 'Connector event not found')
    const result: ReplayResult = { replayed: 0, results: [] }
    for (const e of rows as ConnectorEvent[]) {
      if (!e.replayable) {
        result.results.push({ id: e.id, outcome: 'skipped', reason: `Never authenticated (${e.verification}); not replayed` })
        continue
      }
      result.replayed++
      const was = e.status
      e.attempts++
      e.lastAttemptAt = new Date().toISOString()
      e.status = 'delivered'
      e.nextAttemptAt = null
      // As the BFF: a delivered replay has no failure reason, nor its cause, any more.
      if (was !== 'delivered') Object.assign(e, { reason: null, cause: null, causeFacts: null })
      e.deliveredAt ??= e.lastAttemptAt
      result.results.push({ id: e.id, outcome: was === 'delivered' ? 'duplicate' : 'delivered', reason: null })
    }
    return HttpResponse.json(result)
  }),
]
