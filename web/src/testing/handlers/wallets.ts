import { http, HttpResponse } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  AdminAgentWalletQuerySchema,
  AdminWalletActionInputSchema,
  AdminWalletStatusInputSchema,
  AgentWalletInputSchema,
  AgentWalletQuerySchema,
  FundAgentWalletInputSchema,
  IssueAgentCardInputSchema,
  SpendApprovalInputSchema,
  SpendRequestQuerySchema,
  testIssuerDecline,
  UpdateAgentCardInputSchema,
  type AdminAgentWallets,
  type AgentCard,
  type AgentWallet,
  type SpendRequest,
  type SpendRequestPage,
} from '@exocorp/shared/agent-wallets'
import { db } from '../mock-db'
import { adminGuard, apiError, requireUser } from '../http'
import { invalid } from './admin-billing'

// Agent wallets and cards (decisions 040, 048), typed and validated by the shared contract; owners
// of the exocorp only (a member 403, anyone else 404), like the BFF. Authorizations are decided by
// the shared `testIssuerDecline`, the same rule as the BFF's built-in test issuer.

const MICROS = 10_000

function ownedCompany(userId: string, companyId: string) {
  const c = db.fleet.companies.find((x) => x.id === companyId)
  const member = db.teams.memberships.some((m) => m.companyId === companyId && m.userId === userId)
  if (!c || (c.ownerId !== userId && !member)) return { denied: apiError(404, 'not_found', 'Exocorp not found') }
  if (c.ownerId !== userId) return { denied: apiError(403, 'forbidden', 'Only the owner of this exocorp can do this') }
  return { company: c }
}

function owner(companyId: string) {
  const { user, denied } = requireUser()
  if (denied) return { denied }
  const owned = ownedCompany(user.id, companyId)
  if (owned.denied) return { denied: owned.denied }
  return { user, company: owned.company }
}

const liveCard = (walletId: string) =>
  db.billing.agentCards.find((c) => c.walletId === walletId && c.status !== 'canceled') ?? null

/** The wallet as the BFF answers it: with its live card. */
const view = (w: AgentWallet): AgentWallet => ({ ...w, card: liveCard(w.id) })

/** Authorizes an approved request against its card (the shared rule) and captures it. */
function authorize(r: SpendRequest, card: AgentCard) {
  const w = db.billing.agentWallets.find((x) => x.id === card.walletId)!
  const now = new Date().toISOString()
  const reason = testIssuerDecline({
    ...card,
    status: card.status === 'frozen' ? 'frozen' : 'active',
    amountMicros: r.amountMicros,
    category: r.category,
    spentTodayMicros: card.spentTodayMicros,
    balanceMicros: w.balanceMicros,
  })
  r.cardId = card.id
  r.authorization = {
    id: `auth-${r.id}`,
    cardId: card.id,
    amountMicros: r.amountMicros,
    outcome: reason ? 'declined' : 'approved',
    declineReason: reason,
    issuerAuthorizationId: `iauth_test_${r.id}`,
    createdAt: now,
  }
  if (reason) {
    r.status = 'declined'
    r.declineReason = reason
    return
  }
  r.transaction = {
    id: `tx-${r.id}`,
    cardId: card.id,
    walletId: w.id,
    amountMicros: r.amountMicros,
    merchant: r.merchant,
    category: r.category,
    status: 'captured',
    createdAt: now,
    updatedAt: now,
  }
  w.balanceMicros -= r.amountMicros
  w.spentMicros += r.amountMicros
  w.pendingMicros = Math.max(0, w.pendingMicros - r.amountMicros)
  card.spentTodayMicros += r.amountMicros
}

function page(items: SpendRequest[], cursor: string | undefined, limit = 50): SpendRequestPage {
  const start = cursor ? Number(cursor) : 0
  const slice = items.slice(start, start + limit)
  return { items: slice, nextCursor: start + limit < items.length ? String(start + limit) : null }
}

export const walletHandlers = [
  http.get(API.billing.agentWallets.path, ({ request }) => {
    const parsed = AgentWalletQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalid(parsed.error, AgentWalletQuerySchema)
    const o = owner(parsed.data.companyId)
    if (o.denied) return o.denied
    const items = db.billing.agentWallets
      .filter((w) => w.companyId === parsed.data.companyId)
      .sort((a, b) => a.agent.localeCompare(b.agent))
      .map(view)
    return HttpResponse.json({ items })
  }),
  http.put(API.billing.setAgentWallet.path, async ({ request }) => {
    const parsed = AgentWalletInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, AgentWalletInputSchema)
    const input = parsed.data
    const o = owner(input.companyId)
    if (o.denied) return o.denied
    const now = new Date().toISOString()
    const existing = db.billing.agentWallets.find((w) => w.companyId === input.companyId && w.agent === input.agent)
    const monthlyLimitMicros = input.monthlyLimitMinor * MICROS
    const spentMicros = existing?.spentMicros ?? 0
    const pendingMicros = existing?.pendingMicros ?? 0
    const wallet: AgentWallet = {
      id: existing?.id ?? `aw-${db.billing.agentWallets.length + 1}`,
      companyId: input.companyId,
      agent: input.agent,
      status: input.status ?? existing?.status ?? 'active',
      monthlyLimitMicros,
      perRequestLimitMicros: input.perRequestLimitMinor ? input.perRequestLimitMinor * MICROS : null,
      period: now.slice(0, 7),
      spentMicros,
      pendingMicros,
      remainingMicros: Math.max(0, monthlyLimitMicros - spentMicros - pendingMicros),
      balanceMicros: existing?.balanceMicros ?? 0,
      card: null,
      updatedAt: now,
    }
    if (existing) Object.assign(existing, wallet)
    else db.billing.agentWallets.push(wallet)
    return HttpResponse.json(view(wallet))
  }),

  http.get(API.registry.spendRequests.path, ({ request, params }) => {
    const o = owner(String(params.id))
    if (o.denied) return o.denied
    const parsed = SpendRequestQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalid(parsed.error, SpendRequestQuerySchema)
    const items = db.billing.spendRequests
      .filter((r) => r.companyId === params.id && (!parsed.data.status || r.status === parsed.data.status))
      .slice()
      .reverse()
    return HttpResponse.json(page(items, parsed.data.cursor, parsed.data.limit))
  }),
  http.post(API.registry.decideSpendRequest.path, async ({ request, params }) => {
    const parsed = SpendApprovalInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, SpendApprovalInputSchema)
    const o = owner(String(params.id))
    if (o.denied) return o.denied
    const r = db.billing.spendRequests.find((x) => x.id === params.requestId && x.companyId === params.id)
    if (!r) return apiError(404, 'not_found', 'Spend request not found')
    if (r.status !== 'pending_approval') return apiError(409, 'conflict', 'This spend request was already decided')
    r.decidedBy = o.user.email
    r.decisionNote = parsed.data.note?.trim() || null
    r.decidedAt = new Date().toISOString()
    const w = db.billing.agentWallets.find((x) => x.id === r.walletId)
    if (parsed.data.decision === 'deny') {
      r.status = 'denied'
      if (w) w.pendingMicros = Math.max(0, w.pendingMicros - r.amountMicros)
    } else {
      r.status = 'approved'
      const card = w ? liveCard(w.id) : null
      if (card) authorize(r, card)
      else {
        r.status = 'declined'
        r.declineReason = 'no_card'
      }
    }
    return HttpResponse.json(r)
  }),
  http.post(API.registry.issueAgentCard.path, async ({ request, params }) => {
    const parsed = IssueAgentCardInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, IssueAgentCardInputSchema)
    const o = owner(String(params.id))
    if (o.denied) return o.denied
    const input = parsed.data
    const w = db.billing.agentWallets.find((x) => x.companyId === params.id && x.agent === input.agent)
    if (!w) return apiError(409, 'conflict', `${input.agent} has no wallet: set its allowance first`)
    if (liveCard(w.id)) return apiError(409, 'conflict', `${input.agent} already has a card: cancel it first`)
    const now = new Date().toISOString()
    const n = db.billing.agentCards.length + 1
    const card: AgentCard = {
      id: `card-${n}`,
      companyId: w.companyId,
      walletId: w.id,
      agent: w.agent,
      issuer: 'test',
      last4: String(4240 + n).slice(-4),
      status: 'active',
      autoApproveMicros: input.autoApproveMinor * MICROS,
      perTransactionLimitMicros: input.perTransactionLimitMinor ? input.perTransactionLimitMinor * MICROS : null,
      dailyLimitMicros: input.dailyLimitMinor ? input.dailyLimitMinor * MICROS : null,
      allowedCategories: input.allowedCategories ?? [],
      blockedCategories: input.blockedCategories ?? [],
      spentTodayMicros: 0,
      createdAt: now,
      updatedAt: now,
      canceledAt: null,
    }
    db.billing.agentCards.push(card)
    return HttpResponse.json(card, { status: 201 })
  }),
  http.patch(API.registry.updateAgentCard.path, async ({ request, params }) => {
    const parsed = UpdateAgentCardInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, UpdateAgentCardInputSchema)
    const o = owner(String(params.id))
    if (o.denied) return o.denied
    const card = db.billing.agentCards.find((c) => c.id === params.cardId && c.companyId === params.id)
    if (!card) return apiError(404, 'not_found', 'Card not found')
    if (card.status === 'canceled') return apiError(409, 'conflict', 'This card was canceled')
    const input = parsed.data
    const minor = (v: number | null | undefined, was: number | null) => (v === undefined ? was : v === null ? null : v * MICROS)
    Object.assign(card, {
      autoApproveMicros: input.autoApproveMinor === undefined ? card.autoApproveMicros : input.autoApproveMinor * MICROS,
      perTransactionLimitMicros: minor(input.perTransactionLimitMinor, card.perTransactionLimitMicros),
      dailyLimitMicros: minor(input.dailyLimitMinor, card.dailyLimitMicros),
      allowedCategories: input.allowedCategories ?? card.allowedCategories,
      blockedCategories: input.blockedCategories ?? card.blockedCategories,
      status: input.status ?? card.status,
      updatedAt: new Date().toISOString(),
    })
    return HttpResponse.json(card)
  }),
  http.post(API.registry.cancelAgentCard.path, ({ params }) => {
    const o = owner(String(params.id))
    if (o.denied) return o.denied
    const card = db.billing.agentCards.find((c) => c.id === params.cardId && c.companyId === params.id)
    if (!card) return apiError(404, 'not_found', 'Card not found')
    if (card.status === 'canceled') return apiError(409, 'conflict', 'This card was already canceled')
    card.status = 'canceled'
    card.canceledAt = new Date().toISOString()
    return HttpResponse.json(card)
  }),
  http.post(API.registry.fundAgentWallet.path, async ({ request, params }) => {
    const parsed = FundAgentWalletInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, FundAgentWalletInputSchema)
    const o = owner(String(params.id))
    if (o.denied) return o.denied
    const w = db.billing.agentWallets.find((x) => x.id === params.walletId && x.companyId === params.id)
    if (!w) return apiError(404, 'not_found', 'Wallet not found')
    w.balanceMicros += parsed.data.amountMinor * MICROS
    return HttpResponse.json(view(w), { status: 201 })
  }),

  http.get(ADMIN_API.agentWallets.path, ({ request }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const parsed = AdminAgentWalletQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalid(parsed.error, AdminAgentWalletQuerySchema)
    const q = parsed.data
    const name = (companyId: string) => db.fleet.companies.find((c) => c.id === companyId)?.name ?? companyId
    const requests = db.billing.spendRequests
      .filter(
        (r) =>
          (!q.companyId || r.companyId === q.companyId) &&
          (!q.status || r.status === q.status) &&
          (!q.authorization || r.authorization?.outcome === q.authorization) &&
          (!q.transaction || r.transaction?.status === q.transaction),
      )
      .slice()
      .reverse()
    const paged = page(requests, q.cursor, q.limit)
    const body: AdminAgentWallets = {
      wallets: db.billing.agentWallets
        .filter((w) => !q.companyId || w.companyId === q.companyId)
        .map((w) => ({ ...view(w), companyName: name(w.companyId) })),
      cards: db.billing.agentCards
        .filter((c) => !q.companyId || c.companyId === q.companyId)
        .slice()
        .reverse()
        .map((c) => ({ ...c, companyName: name(c.companyId) })),
      requests: paged.items,
      nextCursor: paged.nextCursor,
    }
    return HttpResponse.json(body)
  }),
  http.post(ADMIN_API.setAgentWalletStatus.path, async ({ request, params }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = AdminWalletStatusInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, AdminWalletStatusInputSchema)
    const w = db.billing.agentWallets.find((x) => x.id === params.id)
    if (!w) return apiError(404, 'not_found', 'Wallet not found')
    w.status = parsed.data.status
    return HttpResponse.json(view(w))
  }),
  http.post(ADMIN_API.refundCardTransaction.path, async ({ request, params }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = AdminWalletActionInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, AdminWalletActionInputSchema)
    const r = db.billing.spendRequests.find((x) => x.transaction?.id === params.id)
    if (!r?.transaction) return apiError(404, 'not_found', 'Transaction not found')
    if (r.transaction.status === 'refunded') return apiError(409, 'conflict', 'This transaction was already refunded')
    r.transaction.status = 'refunded'
    const w = db.billing.agentWallets.find((x) => x.id === r.transaction!.walletId)
    if (w) w.balanceMicros += r.transaction.amountMicros
    return HttpResponse.json(r.transaction)
  }),
  http.post(ADMIN_API.cancelAgentCard.path, async ({ request, params }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = AdminWalletActionInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, AdminWalletActionInputSchema)
    const card = db.billing.agentCards.find((c) => c.id === params.id)
    if (!card) return apiError(404, 'not_found', 'Card not found')
    if (card.status === 'canceled') return apiError(409, 'conflict', 'This card was already canceled')
    card.status = 'canceled'
    card.canceledAt = new Date().toISOString()
    return HttpResponse.json(card)
  }),
]
