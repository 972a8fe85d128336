import { and, desc, eq, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm'
import type {
  AdminAgentWallets,
  AgentCard,
  AgentWallet,
  AgentWalletInput,
  CardAuthorization,
  CardTransaction,
  FundAgentWalletInput,
  IssueAgentCardInput,
  SpendDecision,
  SpendRequest,
  SpendRequestInput,
  SpendRequestPage,
  UpdateAgentCardInput,
} from '@exocorp/shared/agent-wallets'
import type { Db } from '../db/client'
import type { Deps } from '../deps'
import { isUniqueViolation, lockKey } from '../db/portable'
import {
  agentCardAuthorizations,
  agentCards,
  agentCardTransactions,
  agentSpendRequests,
  agentWalletEntries,
  agentWallets,
} from '../db/schema/agent-wallets'
import { companies } from '../db/schema/companies'
import { newId, sha256Hex } from '../lib/crypto'
import { decodeCursor, encodeCursor, pairCursor } from '../lib/cursor'
import { AppError } from '../lib/errors'
import { periodOf } from './billing/budgets'
import { cardIssuerFor, DEFAULT_CARD_ISSUER } from './card-issuer/port'
import { companyForOwner } from './companies/access'

/**
 * Agent wallets (decisions 040 and 048). A wallet is an agent's monthly allowance (micro-dollars,
 * calendar month UTC) and its money: a ledger of entries (funding +, captures −, refunds +) whose
 * sum is the balance, one entry per (wallet, idempotency key). A wallet spends through its live
 * virtual card, issued by the card issuer (services/card-issuer; the built-in test issuer by default).
 *
 * A runtime's spend request is first held against the wallet's policy (declined: no wallet, no
 * card, wallet frozen, over the per-request limit, over what is left this month — pending requests
 * hold their share). Up to the card's auto-approve limit it is approved at once; above it, it waits
 * (`pending_approval`) for an owner to approve or deny it with a note. An approved request is
 * authorized at the issuer (declined: `frozen`, `blocked_category`, `over_limit`,
 * `insufficient_balance`, which also declines the request) and an approved authorization is captured
 * as a transaction with its capture entry. Every step runs in one write transaction that first takes
 * the wallet's lock, so concurrent requests and approvals are decided one after another: the balance
 * never goes below zero and a request is approved once however many owners click at the same time.
 */

const MICROS_PER_CENT = 10_000
type WalletRow = typeof agentWallets.$inferSelect
type RequestRow = typeof agentSpendRequests.$inferSelect
type CardRow = typeof agentCards.$inferSelect
type AuthRow = typeof agentCardAuthorizations.$inferSelect
type TxRow = typeof agentCardTransactions.$inferSelect

const walletLock = (companyId: string, agent: string) => `agent_wallet:${companyId}:${agent}`
const micros = (minor: number) => minor * MICROS_PER_CENT
const dayOf = (now: Date) => {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  return { start: start.toISOString(), next: new Date(start.getTime() + 86_400_000).toISOString() }
}

async function periodSpend(db: Db, walletId: string, now: Date): Promise<{ approved: number; pending: number }> {
  const { start, next } = periodOf(now)
  const rows = await db
    .select({
      status: agentSpendRequests.status,
      total: sql<number>`coalesce(sum(${agentSpendRequests.amountMicros}), 0)`.mapWith(Number),
    })
    .from(agentSpendRequests)
    .where(
      and(
        eq(agentSpendRequests.walletId, walletId),
        inArray(agentSpendRequests.status, ['approved', 'pending_approval']),
        gte(agentSpendRequests.createdAt, start),
        lt(agentSpendRequests.createdAt, next),
      ),
    )
    .groupBy(agentSpendRequests.status)
  return {
    approved: rows.find((r) => r.status === 'approved')?.total ?? 0,
    pending: rows.find((r) => r.status === 'pending_approval')?.total ?? 0,
  }
}

/** The wallet's balance: the sum of its ledger entries, nothing else. */
export async function walletBalance(db: Db, walletId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${agentWalletEntries.amountMicros}), 0)`.mapWith(Number) })
    .from(agentWalletEntries)
    .where(eq(agentWalletEntries.walletId, walletId))
  return row?.total ?? 0
}

async function spentToday(db: Db, cardId: string, now: Date): Promise<number> {
  const { start, next } = dayOf(now)
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${agentCardTransactions.amountMicros}), 0)`.mapWith(Number) })
    .from(agentCardTransactions)
    .where(
      and(
        eq(agentCardTransactions.cardId, cardId),
        ne(agentCardTransactions.status, 'refunded'),
        gte(agentCardTransactions.createdAt, start),
        lt(agentCardTransactions.createdAt, next),
      ),
    )
  return row?.total ?? 0
}

async function liveCard(db: Db, walletId: string): Promise<CardRow | null> {
  const [row] = await db
    .select()
    .from(agentCards)
    .where(and(eq(agentCards.walletId, walletId), ne(agentCards.status, 'canceled')))
  return row ?? null
}

const categories = (json: string): string[] => {
  const parsed: unknown = JSON.parse(json)
  return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string') : []
}

async function toCard(deps: Pick<Deps, 'db' | 'clock'>, c: CardRow, agent: string): Promise<AgentCard> {
  return {
    id: c.id,
    companyId: c.companyId,
    walletId: c.walletId,
    agent,
    issuer: c.issuer,
    last4: c.last4,
    status: c.status,
    autoApproveMicros: c.autoApproveMicros,
    perTransactionLimitMicros: c.perTransactionLimitMicros,
    dailyLimitMicros: c.dailyLimitMicros,
    allowedCategories: categories(c.allowedCategories),
    blockedCategories: categories(c.blockedCategories),
    spentTodayMicros: c.status === 'canceled' ? 0 : await spentToday(deps.db, c.id, deps.clock.now()),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    canceledAt: c.canceledAt,
  }
}

async function toWallet(deps: Pick<Deps, 'db' | 'clock'>, w: WalletRow): Promise<AgentWallet> {
  const now = deps.clock.now()
  const spend = await periodSpend(deps.db, w.id, now)
  const card = await liveCard(deps.db, w.id)
  return {
    id: w.id,
    companyId: w.companyId,
    agent: w.agent,
    status: w.status,
    monthlyLimitMicros: w.monthlyLimitMicros,
    perRequestLimitMicros: w.perRequestLimitMicros,
    period: periodOf(now).period,
    spentMicros: spend.approved,
    pendingMicros: spend.pending,
    remainingMicros: Math.max(0, w.monthlyLimitMicros - spend.approved - spend.pending),
    balanceMicros: await walletBalance(deps.db, w.id),
    card: card ? await toCard(deps, card, w.agent) : null,
    updatedAt: w.updatedAt,
  }
}

const toAuthorization = (a: AuthRow): CardAuthorization => ({
  id: a.id,
  cardId: a.cardId,
  amountMicros: a.amountMicros,
  outcome: a.outcome,
  declineReason: a.declineReason,
  issuerAuthorizationId: a.issuerAuthorizationId,
  createdAt: a.createdAt,
})

const toTransaction = (t: TxRow): CardTransaction => ({
  id: t.id,
  cardId: t.cardId,
  walletId: t.walletId,
  amountMicros: t.amountMicros,
  merchant: t.merchant,
  category: t.category,
  status: t.status,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
})

const toRequest = (r: RequestRow, auth: AuthRow | null = null, tx: TxRow | null = null): SpendRequest => ({
  id: r.id,
  companyId: r.companyId,
  agent: r.agent,
  walletId: r.walletId,
  cardId: r.cardId,
  amountMicros: r.amountMicros,
  merchant: r.merchant,
  category: r.category,
  reason: r.reason,
  status: r.status,
  declineReason: r.declineReason,
  decidedBy: r.decidedBy,
  decisionNote: r.decisionNote,
  decidedAt: r.decidedAt,
  createdAt: r.createdAt,
  authorization: auth ? toAuthorization(auth) : null,
  transaction: tx ? toTransaction(tx) : null,
})

/** Each request with its authorization and transaction: two queries for the whole page. */
async function withOutcomes(db: Db, rows: RequestRow[]): Promise<SpendRequest[]> {
  if (!rows.length) return []
  const auths = await db
    .select()
    .from(agentCardAuthorizations)
    .where(
      inArray(
        agentCardAuthorizations.requestId,
        rows.map((r) => r.id),
      ),
    )
  const txs = auths.length
    ? await db
        .select()
        .from(agentCardTransactions)
        .where(
          inArray(
            agentCardTransactions.authorizationId,
            auths.map((a) => a.id),
          ),
        )
    : []
  return rows.map((r) => {
    const auth = auths.find((a) => a.requestId === r.id) ?? null
    return toRequest(r, auth, auth ? (txs.find((t) => t.authorizationId === auth.id) ?? null) : null)
  })
}

export async function listAgentWallets(deps: Pick<Deps, 'db' | 'clock'>, userId: string, companyId: string) {
  const { company } = await companyForOwner(deps, companyId, userId)
  const rows = await deps.db.select().from(agentWallets).where(eq(agentWallets.companyId, company.id)).orderBy(agentWallets.agent)
  return Promise.all(rows.map((w) => toWallet(deps, w)))
}

/** Sets (creates or replaces) one agent's allowance; owners of the exocorp only (404 / 403 otherwise). */
export async function setAgentWallet(deps: Pick<Deps, 'db' | 'clock'>, userId: string, input: AgentWalletInput) {
  const { company } = await companyForOwner(deps, input.companyId, userId)
  const now = deps.clock.now().toISOString()
  const values = {
    monthlyLimitMicros: micros(input.monthlyLimitMinor),
    perRequestLimitMicros: input.perRequestLimitMinor ? micros(input.perRequestLimitMinor) : null,
    updatedAt: now,
    ...(input.status ? { status: input.status } : {}),
  }
  await deps.db.write(async (tx) => {
    await tx
      .insert(agentWallets)
      .values({ id: newId(), companyId: company.id, agent: input.agent, status: 'active', createdAt: now, ...values })
      .onConflictDoUpdate({ target: [agentWallets.companyId, agentWallets.agent], set: values })
  })
  const [row] = await deps.db
    .select()
    .from(agentWallets)
    .where(and(eq(agentWallets.companyId, company.id), eq(agentWallets.agent, input.agent)))
  if (!row) throw AppError.notFound('Wallet')
  return toWallet(deps, row)
}

async function walletOf(db: Db, companyId: string, walletId: string): Promise<WalletRow> {
  const [w] = await db
    .select()
    .from(agentWallets)
    .where(and(eq(agentWallets.id, walletId), eq(agentWallets.companyId, companyId)))
  if (!w) throw AppError.notFound('Wallet')
  return w
}

async function walletById(db: Db, walletId: string): Promise<WalletRow> {
  const [w] = await db.select().from(agentWallets).where(eq(agentWallets.id, walletId))
  if (!w) throw AppError.notFound('Wallet')
  return w
}

/**
 * Loads money onto a wallet (a `funding` entry). The same idempotency key adds it once: a retry
 * answers the wallet as it is; the key with another amount is 409 `idempotency_key_reused`.
 */
export async function fundAgentWallet(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  walletId: string,
  input: FundAgentWalletInput,
): Promise<{ wallet: AgentWallet; created: boolean }> {
  const w = await walletOf(deps.db, companyId, walletId)
  const key = `funding:${input.idempotencyKey}`
  const amount = micros(input.amountMinor)
  const created = await deps.db
    .write(async (tx) => {
      await lockKey(tx, walletLock(w.companyId, w.agent))
      const [existing] = await tx
        .select()
        .from(agentWalletEntries)
        .where(and(eq(agentWalletEntries.walletId, w.id), eq(agentWalletEntries.idempotencyKey, key)))
      if (existing) {
        if (existing.amountMicros !== amount) {
          throw AppError.conflict('idempotency_key_reused', 'This idempotency key was used for another amount')
        }
        return false
      }
      await tx.insert(agentWalletEntries).values({
        id: newId(),
        walletId: w.id,
        kind: 'funding',
        amountMicros: amount,
        idempotencyKey: key,
        transactionId: null,
        createdAt: deps.clock.now().toISOString(),
      })
      return true
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) return false
      throw err
    })
  return { wallet: await toWallet(deps, await walletById(deps.db, w.id)), created }
}

/** Issues a virtual card to an agent with a wallet (one live card per wallet: else 409 `card_exists`). */
export async function issueAgentCard(deps: Pick<Deps, 'db' | 'clock'>, companyId: string, input: IssueAgentCardInput) {
  const [w] = await deps.db
    .select()
    .from(agentWallets)
    .where(and(eq(agentWallets.companyId, companyId), eq(agentWallets.agent, input.agent)))
  if (!w) throw AppError.conflict('no_wallet', `${input.agent} has no wallet: set its allowance first`)
  if (await liveCard(deps.db, w.id)) throw AppError.conflict('card_exists', `${input.agent} already has a card: cancel it first`)
  const id = newId()
  const issuer = DEFAULT_CARD_ISSUER
  const issued = await issuer.issueCard({ cardId: id, companyId, agent: w.agent })
  const now = deps.clock.now().toISOString()
  try {
    await deps.db.write(async (tx) => {
      await tx.insert(agentCards).values({
        id,
        companyId,
        walletId: w.id,
        issuer: issuer.id,
        issuerCardId: issued.issuerCardId,
        last4: issued.last4,
        status: 'active',
        autoApproveMicros: micros(input.autoApproveMinor),
        perTransactionLimitMicros: input.perTransactionLimitMinor ? micros(input.perTransactionLimitMinor) : null,
        dailyLimitMicros: input.dailyLimitMinor ? micros(input.dailyLimitMinor) : null,
        allowedCategories: JSON.stringify(input.allowedCategories ?? []),
        blockedCategories: JSON.stringify(input.blockedCategories ?? []),
        createdAt: now,
        updatedAt: now,
        canceledAt: null,
      })
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw AppError.conflict('card_exists', `${input.agent} already has a card: cancel it first`)
    throw err
  }
  return cardById(deps, companyId, id)
}

async function cardRow(db: Db, cardId: string, companyId: string | null): Promise<CardRow> {
  const [c] = await db
    .select()
    .from(agentCards)
    .where(companyId ? and(eq(agentCards.id, cardId), eq(agentCards.companyId, companyId)) : eq(agentCards.id, cardId))
  if (!c) throw AppError.notFound('Card')
  return c
}

async function cardById(deps: Pick<Deps, 'db' | 'clock'>, companyId: string | null, cardId: string): Promise<AgentCard> {
  const c = await cardRow(deps.db, cardId, companyId)
  const w = await walletById(deps.db, c.walletId)
  return toCard(deps, c, w.agent)
}

/** Changes a card's limits or freezes / unfreezes it; a canceled card is 409 `card_canceled`. */
export async function updateAgentCard(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  cardId: string,
  input: UpdateAgentCardInput,
): Promise<{ before: AgentCard; card: AgentCard }> {
  const before = await cardById(deps, companyId, cardId)
  if (before.status === 'canceled') throw AppError.conflict('card_canceled', 'This card was canceled')
  const set: Partial<CardRow> = { updatedAt: deps.clock.now().toISOString() }
  if (input.autoApproveMinor !== undefined) set.autoApproveMicros = micros(input.autoApproveMinor)
  if (input.perTransactionLimitMinor !== undefined)
    set.perTransactionLimitMicros = input.perTransactionLimitMinor ? micros(input.perTransactionLimitMinor) : null
  if (input.dailyLimitMinor !== undefined) set.dailyLimitMicros = input.dailyLimitMinor ? micros(input.dailyLimitMinor) : null
  if (input.allowedCategories) set.allowedCategories = JSON.stringify(input.allowedCategories)
  if (input.blockedCategories) set.blockedCategories = JSON.stringify(input.blockedCategories)
  if (input.status) set.status = input.status
  await deps.db.write(async (tx) => {
    await tx
      .update(agentCards)
      .set(set)
      .where(and(eq(agentCards.id, cardId), ne(agentCards.status, 'canceled')))
  })
  return { before, card: await cardById(deps, companyId, cardId) }
}

/** Cancels a card at the issuer and here (for good); the wallet may then get a new one. */
export async function cancelAgentCard(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string | null,
  cardId: string,
): Promise<AgentCard> {
  const c = await cardRow(deps.db, cardId, companyId)
  if (c.status === 'canceled') throw AppError.conflict('card_canceled', 'This card was already canceled')
  await cardIssuerFor(c.issuer).cancelCard({ issuerCardId: c.issuerCardId })
  const now = deps.clock.now().toISOString()
  const changed = await deps.db.write(async (tx) =>
    tx
      .update(agentCards)
      .set({ status: 'canceled', canceledAt: now, updatedAt: now })
      .where(and(eq(agentCards.id, cardId), ne(agentCards.status, 'canceled')))
      .returning({ id: agentCards.id }),
  )
  if (!changed.length) throw AppError.conflict('card_canceled', 'This card was already canceled')
  return cardById(deps, null, cardId)
}

const hashOf = (input: SpendRequestInput) =>
  sha256Hex(JSON.stringify([input.agent, input.amountMinor, input.merchant, input.category, input.reason]))

/**
 * Authorizes an approved request at the card's issuer inside the caller's transaction (which holds
 * the wallet's lock): writes the authorization, and for an approved one the transaction and its
 * capture entry; a declined authorization declines the request with the issuer's reason.
 */
async function authorizeApproved(tx: Db, now: Date, request: RequestRow, card: CardRow) {
  const balance = await walletBalance(tx, card.walletId)
  const today = await spentToday(tx, card.id, now)
  const result = await cardIssuerFor(card.issuer).authorize({
    requestId: request.id,
    issuerCardId: card.issuerCardId,
    amountMicros: request.amountMicros,
    merchant: request.merchant,
    category: request.category,
    card: {
      status: card.status === 'frozen' ? 'frozen' : 'active',
      perTransactionLimitMicros: card.perTransactionLimitMicros,
      dailyLimitMicros: card.dailyLimitMicros,
      allowedCategories: categories(card.allowedCategories),
      blockedCategories: categories(card.blockedCategories),
    },
    spentTodayMicros: today,
    balanceMicros: balance,
  })
  const at = now.toISOString()
  const authId = newId()
  await tx.insert(agentCardAuthorizations).values({
    id: authId,
    companyId: request.companyId,
    cardId: card.id,
    requestId: request.id,
    amountMicros: request.amountMicros,
    outcome: result.approved ? 'approved' : 'declined',
    declineReason: result.approved ? null : result.reason,
    issuerAuthorizationId: result.issuerAuthorizationId,
    createdAt: at,
  })
  if (!result.approved) {
    await tx
      .update(agentSpendRequests)
      .set({ status: 'declined', declineReason: result.reason })
      .where(eq(agentSpendRequests.id, request.id))
    return
  }
  const txId = newId()
  await tx.insert(agentCardTransactions).values({
    id: txId,
    companyId: request.companyId,
    walletId: card.walletId,
    cardId: card.id,
    authorizationId: authId,
    amountMicros: request.amountMicros,
    merchant: request.merchant,
    category: request.category,
    status: result.disputed ? 'disputed' : 'captured',
    createdAt: at,
    updatedAt: at,
  })
  await tx.insert(agentWalletEntries).values({
    id: newId(),
    walletId: card.walletId,
    kind: 'capture',
    amountMicros: -request.amountMicros,
    idempotencyKey: `capture:${txId}`,
    transactionId: txId,
    createdAt: at,
  })
}

async function requestDetail(db: Db, id: string): Promise<SpendRequest> {
  const [row] = await db.select().from(agentSpendRequests).where(eq(agentSpendRequests.id, id))
  if (!row) throw AppError.notFound('Spend request')
  return (await withOutcomes(db, [row]))[0]!
}

async function decisionOf(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<SpendDecision> {
  const request = await requestDetail(deps.db, id)
  const [w] = request.walletId ? await deps.db.select().from(agentWallets).where(eq(agentWallets.id, request.walletId)) : []
  return { ...request, remainingMicros: w ? (await toWallet(deps, w)).remainingMicros : null }
}

/** Decides one spend request of the runtime of `companyId`; `created` is false for a replay. */
export async function requestSpend(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  input: SpendRequestInput,
): Promise<{ decision: SpendDecision; created: boolean }> {
  const hash = hashOf(input)
  const replay = async (): Promise<{ decision: SpendDecision; created: boolean } | null> => {
    const [existing] = await deps.db
      .select()
      .from(agentSpendRequests)
      .where(and(eq(agentSpendRequests.companyId, companyId), eq(agentSpendRequests.idempotencyKey, input.idempotencyKey)))
    if (!existing) return null
    if (existing.requestHash !== hash) {
      throw AppError.conflict('idempotency_key_reused', 'This idempotency key was used for another spend request')
    }
    return { decision: await decisionOf(deps, existing.id), created: false }
  }
  const first = await replay()
  if (first) return first
  let id: string
  try {
    id = await deps.db.write(async (tx) => {
      const now = deps.clock.now()
      // Concurrent requests and approvals for one wallet queue here (SQLite's write transaction is exclusive already).
      await lockKey(tx, walletLock(companyId, input.agent))
      const [wallet] = await tx
        .select()
        .from(agentWallets)
        .where(and(eq(agentWallets.companyId, companyId), eq(agentWallets.agent, input.agent)))
      const amount = micros(input.amountMinor)
      const card = wallet ? await liveCard(tx, wallet.id) : null
      const spend = wallet ? await periodSpend(tx, wallet.id, now) : { approved: 0, pending: 0 }
      const decline: SpendRequest['declineReason'] = !wallet
        ? 'no_wallet'
        : wallet.status === 'frozen'
          ? 'frozen'
          : wallet.perRequestLimitMicros !== null && amount > wallet.perRequestLimitMicros
            ? 'over_request_limit'
            : spend.approved + spend.pending + amount > wallet.monthlyLimitMicros
              ? 'over_monthly_allowance'
              : !card
                ? 'no_card'
                : null
      const auto = !decline && card !== null && amount <= card.autoApproveMicros
      const row: RequestRow = {
        id: newId(),
        companyId,
        walletId: wallet?.id ?? null,
        cardId: card?.id ?? null,
        agent: input.agent,
        amountMicros: amount,
        merchant: input.merchant,
        category: input.category,
        reason: input.reason,
        status: decline ? 'declined' : auto ? 'approved' : 'pending_approval',
        declineReason: decline,
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        createdAt: now.toISOString(),
        decidedBy: decline ? 'policy' : auto ? 'auto' : null,
        decisionNote: null,
        decidedAt: decline || auto ? now.toISOString() : null,
      }
      await tx.insert(agentSpendRequests).values(row)
      if (auto && card) await authorizeApproved(tx, now, row, card)
      return row.id
    })
  } catch (err) {
    // The same key raced itself (another instance, or a concurrent retry): answer the stored one.
    if (!isUniqueViolation(err)) throw err
    const again = await replay()
    if (!again) throw err
    return again
  }
  return { decision: await decisionOf(deps, id), created: true }
}

/** The runtime reads one of its requests (the outcome of one that waited for an owner). */
export async function runtimeSpendRequest(deps: Pick<Deps, 'db' | 'clock'>, companyId: string, id: string) {
  const decision = await decisionOf(deps, id).catch(() => null)
  if (!decision || decision.companyId !== companyId) throw AppError.notFound('Spend request')
  return decision
}

/**
 * An owner (or their operator client) approves or denies a waiting request. One write transaction
 * takes the wallet's lock and moves the request out of `pending_approval` only if it is still
 * there: of 20 concurrent approvals one wins, the rest are 409 `already_decided`. An approval is
 * authorized at the issuer at once.
 */
export async function decideSpendRequest(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  requestId: string,
  input: { decision: 'approve' | 'deny'; note?: string | undefined },
  decidedBy: string,
): Promise<SpendRequest> {
  const [request] = await deps.db
    .select()
    .from(agentSpendRequests)
    .where(and(eq(agentSpendRequests.id, requestId), eq(agentSpendRequests.companyId, companyId)))
  if (!request) throw AppError.notFound('Spend request')
  const note = input.note?.trim() ? input.note.trim() : null
  await deps.db.write(async (tx) => {
    const now = deps.clock.now()
    await lockKey(tx, walletLock(companyId, request.agent))
    const moved = await tx
      .update(agentSpendRequests)
      .set({
        status: input.decision === 'approve' ? 'approved' : 'denied',
        decidedBy,
        decisionNote: note,
        decidedAt: now.toISOString(),
      })
      .where(and(eq(agentSpendRequests.id, requestId), eq(agentSpendRequests.status, 'pending_approval')))
      .returning()
    const row = moved[0]
    if (!row) {
      throw AppError.conflict('already_decided', 'This spend request was already decided', { status: request.status })
    }
    if (input.decision !== 'approve') return
    const card = row.walletId ? await liveCard(tx, row.walletId) : null
    if (!card) {
      // The card was canceled while the request waited.
      await tx
        .update(agentSpendRequests)
        .set({ status: 'declined', declineReason: 'no_card' })
        .where(eq(agentSpendRequests.id, requestId))
      return
    }
    await tx.update(agentSpendRequests).set({ cardId: card.id }).where(eq(agentSpendRequests.id, requestId))
    await authorizeApproved(tx, now, { ...row, cardId: card.id }, card)
  })
  return requestDetail(deps.db, requestId)
}

function requestCursor(query: { cursor?: string | undefined; limit?: number | undefined }) {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200)
  const after = decodeCursor(query.cursor, pairCursor)
  const keyset = after
    ? or(
        lt(agentSpendRequests.createdAt, after[0]),
        and(eq(agentSpendRequests.createdAt, after[0]), lt(agentSpendRequests.id, after[1])),
      )
    : undefined
  return { limit, keyset }
}

async function page(db: Db, where: (SQL | undefined)[], query: { cursor?: string | undefined; limit?: number | undefined }) {
  const { limit, keyset } = requestCursor(query)
  const rows = await db
    .select()
    .from(agentSpendRequests)
    .where(and(...where, keyset))
    .orderBy(desc(agentSpendRequests.createdAt), desc(agentSpendRequests.id))
    .limit(limit + 1)
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return {
    items: await withOutcomes(db, items),
    nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null,
  }
}

/** One exocorp's spend requests, newest first, filtered by status and cursor paged. */
export async function listSpendRequests(
  deps: Pick<Deps, 'db'>,
  companyId: string,
  query: { status?: SpendRequest['status'] | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<SpendRequestPage> {
  return page(
    deps.db,
    [eq(agentSpendRequests.companyId, companyId), query.status ? eq(agentSpendRequests.status, query.status) : undefined],
    query,
  )
}

/** Platform view: every wallet and card (with its exocorp) and the spend requests, filtered and paged. */
export async function adminAgentWallets(
  deps: Pick<Deps, 'db' | 'clock'>,
  query: {
    companyId?: string | undefined
    status?: SpendRequest['status'] | undefined
    authorization?: 'approved' | 'declined' | undefined
    transaction?: CardTransaction['status'] | undefined
    cursor?: string | undefined
    limit?: number | undefined
  },
): Promise<AdminAgentWallets> {
  const walletRows = await deps.db
    .select({ w: agentWallets, companyName: companies.name })
    .from(agentWallets)
    .innerJoin(companies, eq(companies.id, agentWallets.companyId))
    .where(query.companyId ? eq(agentWallets.companyId, query.companyId) : undefined)
    .orderBy(companies.name, agentWallets.agent)
    .limit(500)
  const cardRows = await deps.db
    .select({ c: agentCards, agent: agentWallets.agent, companyName: companies.name })
    .from(agentCards)
    .innerJoin(agentWallets, eq(agentWallets.id, agentCards.walletId))
    .innerJoin(companies, eq(companies.id, agentCards.companyId))
    .where(query.companyId ? eq(agentCards.companyId, query.companyId) : undefined)
    .orderBy(desc(agentCards.createdAt), desc(agentCards.id))
    .limit(500)
  const where: (SQL | undefined)[] = [
    query.companyId ? eq(agentSpendRequests.companyId, query.companyId) : undefined,
    query.status ? eq(agentSpendRequests.status, query.status) : undefined,
    query.authorization
      ? inArray(
          agentSpendRequests.id,
          deps.db
            .select({ id: agentCardAuthorizations.requestId })
            .from(agentCardAuthorizations)
            .where(eq(agentCardAuthorizations.outcome, query.authorization)),
        )
      : undefined,
    query.transaction
      ? inArray(
          agentSpendRequests.id,
          deps.db
            .select({ id: agentCardAuthorizations.requestId })
            .from(agentCardAuthorizations)
            .innerJoin(agentCardTransactions, eq(agentCardTransactions.authorizationId, agentCardAuthorizations.id))
            .where(eq(agentCardTransactions.status, query.transaction)),
        )
      : undefined,
  ]
  const requests = await page(deps.db, where, query)
  return {
    wallets: await Promise.all(walletRows.map(async (r) => ({ ...(await toWallet(deps, r.w)), companyName: r.companyName }))),
    cards: await Promise.all(cardRows.map(async (r) => ({ ...(await toCard(deps, r.c, r.agent)), companyName: r.companyName }))),
    requests: requests.items,
    nextCursor: requests.nextCursor,
  }
}

/** Freezes or unfreezes a wallet (platform owners, fresh step-up; the route audits it). */
export async function setWalletStatus(deps: Pick<Deps, 'db' | 'clock'>, walletId: string, status: 'active' | 'frozen') {
  const [before] = await deps.db.select().from(agentWallets).where(eq(agentWallets.id, walletId))
  if (!before) throw AppError.notFound('Wallet')
  await deps.db.write(async (tx) => {
    await tx.update(agentWallets).set({ status, updatedAt: deps.clock.now().toISOString() }).where(eq(agentWallets.id, walletId))
  })
  const [after] = await deps.db.select().from(agentWallets).where(eq(agentWallets.id, walletId))
  return { before: before.status, wallet: await toWallet(deps, after!) }
}

/**
 * Refunds a captured or disputed transaction (platform owners, fresh step-up): the issuer returns
 * the money and the wallet gets a `refund` entry, once (its key is the transaction's); a refunded
 * transaction is 409 `already_refunded`.
 */
export async function refundCardTransaction(deps: Pick<Deps, 'db' | 'clock'>, transactionId: string) {
  const [t] = await deps.db.select().from(agentCardTransactions).where(eq(agentCardTransactions.id, transactionId))
  if (!t) throw AppError.notFound('Transaction')
  if (t.status === 'refunded') throw AppError.conflict('already_refunded', 'This transaction was already refunded')
  const [auth] = await deps.db.select().from(agentCardAuthorizations).where(eq(agentCardAuthorizations.id, t.authorizationId))
  const card = await cardRow(deps.db, t.cardId, null)
  const wallet = await walletById(deps.db, t.walletId)
  const { issuerRefundId } = await cardIssuerFor(card.issuer).refund({
    issuerAuthorizationId: auth!.issuerAuthorizationId,
    amountMicros: t.amountMicros,
  })
  const from = t.status
  await deps.db
    .write(async (tx) => {
      await lockKey(tx, walletLock(wallet.companyId, wallet.agent))
      const now = deps.clock.now().toISOString()
      const moved = await tx
        .update(agentCardTransactions)
        .set({ status: 'refunded', updatedAt: now })
        .where(and(eq(agentCardTransactions.id, t.id), ne(agentCardTransactions.status, 'refunded')))
        .returning({ id: agentCardTransactions.id })
      if (!moved.length) throw AppError.conflict('already_refunded', 'This transaction was already refunded')
      await tx.insert(agentWalletEntries).values({
        id: newId(),
        walletId: t.walletId,
        kind: 'refund',
        amountMicros: t.amountMicros,
        idempotencyKey: `refund:${t.id}`,
        transactionId: t.id,
        createdAt: now,
      })
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw AppError.conflict('already_refunded', 'This transaction was already refunded')
      throw err
    })
  const [after] = await deps.db.select().from(agentCardTransactions).where(eq(agentCardTransactions.id, t.id))
  return { from, transaction: toTransaction(after!), companyId: t.companyId, agent: wallet.agent, issuerRefundId }
}
