import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type {
  AdminAgentWallets,
  AgentWallet,
  AgentWalletInput,
  SpendDecision,
  SpendRequest,
  SpendRequestInput,
} from '@exocorp/shared/agent-wallets'
import type { Deps } from '../deps'
import { isUniqueViolation } from '../db/portable'
import { agentSpendRequests, agentWallets } from '../db/schema/agent-wallets'
import { companies } from '../db/schema/companies'
import { newId, sha256Hex } from '../lib/crypto'
import { AppError } from '../lib/errors'
import { periodOf } from './billing/budgets'
import { companyForOwner } from './companies/access'

/**
 * Agent wallets (decision 040): a monthly allowance (micro-dollars, calendar month UTC) per agent of
 * an exocorp. The runtime's spend requests are decided at once: declined without a wallet, when it is
 * frozen, over its per-request limit or over what is left this month; approved otherwise. The wallet's
 * spend is Σ of this month's approved requests, nothing else, so it cannot drift from the requests.
 * The decision and its row are taken in one write transaction that first locks the wallet row, so
 * concurrent requests are decided one after another (no overspend), and a request is stored once per
 * (exocorp, idempotency key): a retry answers the first decision and books nothing again.
 */

const MICROS_PER_CENT = 10_000
type WalletRow = typeof agentWallets.$inferSelect
type RequestRow = typeof agentSpendRequests.$inferSelect

async function spentThisPeriod(deps: Pick<Deps, 'db'>, walletId: string, now: Date): Promise<number> {
  const { start, next } = periodOf(now)
  const [row] = await deps.db
    .select({ total: sql<number>`coalesce(sum(${agentSpendRequests.amountMicros}), 0)`.mapWith(Number) })
    .from(agentSpendRequests)
    .where(
      and(
        eq(agentSpendRequests.walletId, walletId),
        eq(agentSpendRequests.status, 'approved'),
        gte(agentSpendRequests.createdAt, start),
        lt(agentSpendRequests.createdAt, next),
      ),
    )
  return row?.total ?? 0
}

async function toWallet(deps: Pick<Deps, 'db' | 'clock'>, w: WalletRow): Promise<AgentWallet> {
  const now = deps.clock.now()
  const spent = await spentThisPeriod(deps, w.id, now)
  return {
    id: w.id,
    companyId: w.companyId,
    agent: w.agent,
    status: w.status,
    monthlyLimitMicros: w.monthlyLimitMicros,
    perRequestLimitMicros: w.perRequestLimitMicros,
    period: periodOf(now).period,
    spentMicros: spent,
    remainingMicros: Math.max(0, w.monthlyLimitMicros - spent),
    updatedAt: w.updatedAt,
  }
}

function toRequest(r: RequestRow): SpendRequest {
  return {
    id: r.id,
    companyId: r.companyId,
    agent: r.agent,
    walletId: r.walletId,
    amountMicros: r.amountMicros,
    merchant: r.merchant,
    category: r.category,
    reason: r.reason,
    status: r.status,
    declineReason: r.declineReason,
    createdAt: r.createdAt,
  }
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
    monthlyLimitMicros: input.monthlyLimitMinor * MICROS_PER_CENT,
    perRequestLimitMicros: input.perRequestLimitMinor ? input.perRequestLimitMinor * MICROS_PER_CENT : null,
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

const hashOf = (input: SpendRequestInput) =>
  sha256Hex(JSON.stringify([input.agent, input.amountMinor, input.merchant, input.category, input.reason]))

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
    const [w] = existing.walletId ? await deps.db.select().from(agentWallets).where(eq(agentWallets.id, existing.walletId)) : []
    return {
      decision: { ...toRequest(existing), remainingMicros: w ? (await toWallet(deps, w)).remainingMicros : null },
      created: false,
    }
  }
  const first = await replay()
  if (first) return first
  try {
    return await deps.db.write(async (tx) => {
      const now = deps.clock.now()
      // Lock the wallet row before reading what it spent: on PostgreSQL concurrent requests for one
      // wallet queue here (SQLite's write transaction is exclusive already).
      await tx
        .update(agentWallets)
        .set({ updatedAt: sql`${agentWallets.updatedAt}` })
        .where(and(eq(agentWallets.companyId, companyId), eq(agentWallets.agent, input.agent)))
      const [wallet] = await tx
        .select()
        .from(agentWallets)
        .where(and(eq(agentWallets.companyId, companyId), eq(agentWallets.agent, input.agent)))
      const amount = input.amountMinor * MICROS_PER_CENT
      const spent = wallet ? await spentThisPeriod({ db: tx }, wallet.id, now) : 0
      const decline: SpendRequest['declineReason'] = !wallet
        ? 'no_wallet'
        : wallet.status === 'frozen'
          ? 'frozen'
          : wallet.perRequestLimitMicros !== null && amount > wallet.perRequestLimitMicros
            ? 'over_request_limit'
            : spent + amount > wallet.monthlyLimitMicros
              ? 'over_monthly_allowance'
              : null
      const row: RequestRow = {
        id: newId(),
        companyId,
        walletId: wallet?.id ?? null,
        agent: input.agent,
        amountMicros: amount,
        merchant: input.merchant,
        category: input.category,
        reason: input.reason,
        status: decline ? 'declined' : 'approved',
        declineReason: decline,
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        createdAt: now.toISOString(),
      }
      await tx.insert(agentSpendRequests).values(row)
      const remaining = wallet ? Math.max(0, wallet.monthlyLimitMicros - spent - (decline ? 0 : amount)) : null
      return { decision: { ...toRequest(row), remainingMicros: remaining }, created: true }
    })
  } catch (err) {
    // The same key raced itself (another instance, or a concurrent retry): answer the stored one.
    if (!isUniqueViolation(err)) throw err
    const again = await replay()
    if (!again) throw err
    return again
  }
}

/** Platform view: every wallet (with its exocorp) and the newest spend requests, filtered. */
export async function adminAgentWallets(
  deps: Pick<Deps, 'db' | 'clock'>,
  query: { companyId?: string; status?: 'approved' | 'declined'; limit?: number },
): Promise<AdminAgentWallets> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200)
  const walletRows = await deps.db
    .select({ w: agentWallets, companyName: companies.name })
    .from(agentWallets)
    .innerJoin(companies, eq(companies.id, agentWallets.companyId))
    .where(query.companyId ? eq(agentWallets.companyId, query.companyId) : undefined)
    .orderBy(companies.name, agentWallets.agent)
    .limit(500)
  const where: SQL[] = []
  if (query.companyId) where.push(eq(agentSpendRequests.companyId, query.companyId))
  if (query.status) where.push(eq(agentSpendRequests.status, query.status))
  const requests = await deps.db
    .select()
    .from(agentSpendRequests)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(agentSpendRequests.createdAt), desc(agentSpendRequests.id))
    .limit(limit)
  return {
    wallets: await Promise.all(walletRows.map(async (r) => ({ ...(await toWallet(deps, r.w)), companyName: r.companyName }))),
    requests: requests.map(toRequest),
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
