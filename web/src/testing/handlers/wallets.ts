import { http, HttpResponse } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  AdminAgentWalletQuerySchema,
  AdminWalletStatusInputSchema,
  AgentWalletInputSchema,
  AgentWalletQuerySchema,
  type AdminAgentWallets,
  type AgentWallet,
} from '@exocorp/shared/agent-wallets'
import { db } from '../mock-db'
import { adminGuard, apiError, requireUser } from '../http'
import { invalid } from './admin-billing'

// Agent wallets (decision 040), typed and validated by the shared contract; owners of the exocorp
// only (a member 403, anyone else 404), like the BFF.

function ownedCompany(userId: string, companyId: string) {
  const c = db.fleet.companies.find((x) => x.id === companyId)
  const member = db.teams.memberships.some((m) => m.companyId === companyId && m.userId === userId)
  if (!c || (c.ownerId !== userId && !member)) return { denied: apiError(404, 'not_found', 'Exocorp not found') }
  if (c.ownerId !== userId) return { denied: apiError(403, 'forbidden', 'Only the owner of this exocorp can do this') }
  return { company: c }
}

export const walletHandlers = [
  http.get(API.billing.agentWallets.path, ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = AgentWalletQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalid(parsed.error)
    const owned = ownedCompany(user.id, parsed.data.companyId)
    if (owned.denied) return owned.denied
    const items = db.billing.agentWallets
      .filter((w) => w.companyId === parsed.data.companyId)
      .sort((a, b) => a.agent.localeCompare(b.agent))
    return HttpResponse.json({ items })
  }),
  http.put(API.billing.setAgentWallet.path, async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = AgentWalletInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error)
    const input = parsed.data
    const owned = ownedCompany(user.id, input.companyId)
    if (owned.denied) return owned.denied
    const now = new Date().toISOString()
    const existing = db.billing.agentWallets.find((w) => w.companyId === input.companyId && w.agent === input.agent)
    const monthlyLimitMicros = input.monthlyLimitMinor * 10_000
    const spentMicros = existing?.spentMicros ?? 0
    const wallet: AgentWallet = {
      id: existing?.id ?? `aw-${db.billing.agentWallets.length + 1}`,
      companyId: input.companyId,
      agent: input.agent,
      status: input.status ?? existing?.status ?? 'active',
      monthlyLimitMicros,
      perRequestLimitMicros: input.perRequestLimitMinor ? input.perRequestLimitMinor * 10_000 : null,
      period: now.slice(0, 7),
      spentMicros,
      remainingMicros: Math.max(0, monthlyLimitMicros - spentMicros),
      updatedAt: now,
    }
    if (existing) Object.assign(existing, wallet)
    else db.billing.agentWallets.push(wallet)
    return HttpResponse.json(wallet)
  }),

  http.get(ADMIN_API.agentWallets.path, ({ request }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const parsed = AdminAgentWalletQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalid(parsed.error)
    const q = parsed.data
    const body: AdminAgentWallets = {
      wallets: db.billing.agentWallets
        .filter((w) => !q.companyId || w.companyId === q.companyId)
        .map((w) => ({ ...w, companyName: db.fleet.companies.find((c) => c.id === w.companyId)?.name ?? w.companyId })),
      requests: db.billing.spendRequests
        .filter((r) => (!q.companyId || r.companyId === q.companyId) && (!q.status || r.status === q.status))
        .slice()
        .reverse()
        .slice(0, q.limit ?? 50),
    }
    return HttpResponse.json(body)
  }),
  http.post(ADMIN_API.setAgentWalletStatus.path, async ({ request, params }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = AdminWalletStatusInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error)
    const w = db.billing.agentWallets.find((x) => x.id === params.id)
    if (!w) return apiError(404, 'not_found', 'Wallet not found')
    w.status = parsed.data.status
    return HttpResponse.json(w)
  }),
]
