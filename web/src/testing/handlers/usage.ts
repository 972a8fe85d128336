import { http, HttpResponse } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import { providerOfModel } from '@exocorp/shared/configuration'
import {
  assembleUsageAnalytics,
  microsToDollars,
  previousPeriod,
  USAGE_CSV_COLUMNS,
  UsageAnalyticsQuerySchema,
  type UsageGroup,
} from '@exocorp/shared/usage'
import { db } from '../mock-db'
import { apiError, requireUser } from '../http'
import { invalid } from './admin-billing'

/** The mock's usage in scope, as the BFF's rollup would hold it: day, exocorp, model, agent. */
function scoped(userId: string, companyId: string | undefined) {
  const owned = new Set(db.fleet.companies.filter((c) => c.ownerId === userId).map((c) => c.id))
  if (companyId) {
    const c = db.fleet.companies.find((x) => x.id === companyId)
    const member = db.teams.memberships.some((m) => m.companyId === companyId && m.userId === userId)
    if (!c || (!owned.has(c.id) && !member)) return { denied: apiError(404, 'not_found', 'Exocorp not found') }
    if (!owned.has(c.id)) return { denied: apiError(403, 'forbidden', 'Only the owner of this exocorp can do this') }
  }
  return {
    events: db.fleet.usage.filter((u) => (companyId ? u.companyId === companyId : owned.has(u.companyId))),
  }
}

function groupBy(events: typeof db.fleet.usage, from: string, to: string, keyOf: (u: (typeof db.fleet.usage)[number]) => string) {
  const out = new Map<string, UsageGroup>()
  for (const u of events) {
    const day = u.at.slice(0, 10)
    if (day < from || day > to) continue
    const key = keyOf(u)
    const g = out.get(key) ?? { key, costMicros: 0, inputTokens: 0, outputTokens: 0, events: 0 }
    g.costMicros += u.costMicros
    g.inputTokens += u.inputTokens
    g.outputTokens += u.outputTokens
    g.events += 1
    out.set(key, g)
  }
  return [...out.values()]
}

function parse(request: Request) {
  const parsed = UsageAnalyticsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  return parsed
}

export const usageHandlers = [
  http.get('/api/runtime/billing/usage', ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const q = new URL(request.url).searchParams
    const companyId = q.get('companyId')
    const company = db.fleet.companies.find((c) => c.id === companyId && c.ownerId === user.id)
    if (companyId && !company) return apiError(404, 'not_found', 'No such exocorp')
    const mine = new Set(db.fleet.companies.filter((c) => c.ownerId === user.id).map((c) => c.id))
    const items = db.fleet.usage.filter((u) => (companyId ? u.companyId === companyId : mine.has(u.companyId)))
    const limit = Number(q.get('limit') ?? 50)
    return HttpResponse.json({ items: items.slice(0, limit), nextCursor: null })
  }),

  http.get(API.usage.analytics.path, ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = parse(request)
    if (!parsed.success) return invalid(parsed.error, UsageAnalyticsQuerySchema)
    const q = parsed.data
    const scope = scoped(user.id, q.companyId)
    if (scope.denied) return scope.denied
    const prev = previousPeriod(q.from, q.to)
    const both = (keyOf: Parameters<typeof groupBy>[3]) => [
      groupBy(scope.events, q.from, q.to, keyOf),
      groupBy(scope.events, prev.from, prev.to, keyOf),
    ]
    const [days, prevDays] = both((u) => u.at.slice(0, 10))
    const [byCompany, prevCompany] = both((u) => u.companyId)
    const [byModel, prevModel] = both((u) => u.model)
    const [byAgent, prevAgent] = both((u) => u.agent ?? '')
    return HttpResponse.json(
      assembleUsageAnalytics(
        { ...q, bucket: q.bucket ?? 'day' },
        {
          days: days!,
          prevDays: prevDays!,
          byCompany: byCompany!,
          prevCompany: prevCompany!,
          byModel: byModel!,
          prevModel: prevModel!,
          byAgent: byAgent!,
          prevAgent: prevAgent!,
        },
        (id) => db.fleet.companies.find((c) => c.id === id)?.name ?? id,
      ),
    )
  }),

  http.get(API.usage.analyticsCsv.path, ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = parse(request)
    if (!parsed.success) return invalid(parsed.error, UsageAnalyticsQuerySchema)
    const q = parsed.data
    const scope = scoped(user.id, q.companyId)
    if (scope.denied) return scope.denied
    const rows = groupBy(scope.events, q.from, q.to, (u) =>
      [u.companyId, u.at.slice(0, 10), u.model, u.agent ?? ''].join('\u0000'),
    )
    const lines = rows
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((g) => {
        const [companyId = '', day = '', model = '', agent = ''] = g.key.split('\u0000')
        const name = db.fleet.companies.find((c) => c.id === companyId)?.name ?? ''
        return [
          day,
          companyId,
          name,
          model,
          providerOfModel(model) ?? 'other',
          agent,
          g.events,
          g.inputTokens,
          g.outputTokens,
          microsToDollars(g.costMicros),
        ].join(',')
      })
    return new HttpResponse([USAGE_CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n', {
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    })
  }),
]
