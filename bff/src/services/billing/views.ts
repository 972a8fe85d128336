import { and, asc, desc, eq, gt, ne, or, sql, type SQL } from 'drizzle-orm'
import type {
  BillingAccount,
  BillingAccountQuery,
  CollectionsRow,
  GracePolicyInput,
  OwnerBilling,
  ProviderEvent,
  ProviderEventQuery,
} from '@exocorp/shared/billing'
import type { Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { billingAccounts, ledgerEntries, providerEvents } from '../../db/schema/billing'
import { decodeCursor, encodeCursor, intCursor, pairCursor } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import { listLedger } from './ledger'
import { DAY_MS, nextStep, policyOf } from './policy'

// mapWith: PostgreSQL's SUM over a bigint arrives as a numeric string.
const balanceSql =
  sql<number>`(SELECT coalesce(sum(${ledgerEntries.amountMicros}), 0) FROM ${ledgerEntries} WHERE ${ledgerEntries.accountId} = ${billingAccounts.id})`.mapWith(
    Number,
  )

const accountColumns = {
  account: billingAccounts,
  ownerEmail: users.email,
  ownerName: users.name,
  balance: balanceSql,
}

type AccountJoin = { account: typeof billingAccounts.$inferSelect; ownerEmail: string; ownerName: string; balance: number }

function toBillingAccount(row: AccountJoin, now: Date): BillingAccount {
  const a = row.account
  return {
    id: a.id,
    owner: { id: a.ownerUserId, email: row.ownerEmail, name: row.ownerName },
    state: a.state,
    balanceMicros: row.balance,
    currency: 'USD',
    stateChangedAt: a.stateChangedAt,
    daysInState: Math.max(0, Math.floor((now.getTime() - Date.parse(a.stateChangedAt)) / DAY_MS)),
    policy: policyOf(a),
    createdAt: a.createdAt,
  }
}

function selectAccounts(deps: Pick<Deps, 'db'>) {
  return deps.db.select(accountColumns).from(billingAccounts).innerJoin(users, eq(users.id, billingAccounts.ownerUserId))
}

export async function getBillingAccount(deps: Pick<Deps, 'db' | 'clock'>, accountId: string): Promise<BillingAccount> {
  const [row] = await selectAccounts(deps).where(eq(billingAccounts.id, accountId)).limit(1)
  if (!row) throw AppError.notFound('Billing account')
  return toBillingAccount(row, deps.clock.now())
}

/** Oldest first, keyset on (created_at, id); filter by state or owner email. */
export async function listBillingAccounts(deps: Pick<Deps, 'db' | 'clock'>, query: BillingAccountQuery) {
  const where: (SQL | undefined)[] = []
  if (query.state) where.push(eq(billingAccounts.state, query.state))
  if (query.q) {
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    const pattern = `%${query.q.toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`)}%`
    where.push(sql`lower(${users.email}) LIKE ${pattern} ESCAPE '\\'`)
  }
  const after = decodeCursor(query.cursor, (v) => {
    const pair = pairCursor(v)
    return pair && { at: pair[0], id: pair[1] }
  })
  if (after) {
    where.push(
      or(gt(billingAccounts.createdAt, after.at), and(eq(billingAccounts.createdAt, after.at), gt(billingAccounts.id, after.id))),
    )
  }
  const rows = await selectAccounts(deps)
    .where(and(...where))
    .orderBy(asc(billingAccounts.createdAt), asc(billingAccounts.id))
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  const now = deps.clock.now()
  return {
    items: page.map((r) => toBillingAccount(r, now)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.account.createdAt, last.account.id]) : null,
  }
}

function collectionsRow(account: BillingAccount, overdueSince: string | null): CollectionsRow {
  const next = nextStep(account.policy, account.state, overdueSince)
  return {
    account,
    amountDueMicros: Math.max(0, account.policy.thresholdMicros - account.balanceMicros),
    daysInState: account.daysInState,
    nextState: next?.nextState ?? null,
    nextStateAt: next?.at ?? null,
  }
}

const STATE_RANK = sql`CASE ${billingAccounts.state} WHEN 'suspended' THEN 0 WHEN 'restricted' THEN 1 ELSE 2 END`

/** Accounts in grace, restricted or suspended: the worst state first, longest in it first. */
export async function listCollections(deps: Pick<Deps, 'db' | 'clock'>, query: { cursor?: string; limit: number }) {
  const after = decodeCursor(query.cursor, intCursor) ?? 0
  const rows = await selectAccounts(deps)
    .where(ne(billingAccounts.state, 'current'))
    .orderBy(STATE_RANK, asc(billingAccounts.stateChangedAt), asc(billingAccounts.id))
    .limit(query.limit + 1)
    .offset(after)
  const page = rows.slice(0, query.limit)
  const now = deps.clock.now()
  return {
    items: page.map((r) => collectionsRow(toBillingAccount(r, now), r.account.overdueSince)),
    // The queue is short and re-sorted as accounts move; an offset cursor is honest enough here.
    nextCursor: rows.length > query.limit ? encodeCursor(after + query.limit) : null,
  }
}

export async function setGracePolicy(deps: Pick<Deps, 'db' | 'clock'>, accountId: string, input: GracePolicyInput | null) {
  const updated = await deps.db.write((tx) =>
    tx
      .update(billingAccounts)
      .set({
        graceDays: input?.graceDays ?? null,
        restrictAfterDays: input ? (input.restrictAfterDays ?? input.graceDays) : null,
        suspendAfterDays: input?.suspendAfterDays ?? null,
        thresholdMicros: input ? (input.thresholdMicros ?? 0) : null,
        updatedAt: deps.clock.now().toISOString(),
      })
      .where(eq(billingAccounts.id, accountId))
      .returning({ id: billingAccounts.id }),
  )
  if (updated.length === 0) throw AppError.notFound('Billing account')
}

const NOTICES: Record<BillingAccount['state'], OwnerBilling['notice']> = {
  current: null,
  grace: {
    severity: 'info',
    title: 'Your balance is overdue',
    body: 'Your exocorps keep running during the grace period. After it ends, provisioning and updates are blocked.',
    action: 'Add funds to bring your balance back above zero.',
  },
  restricted: {
    severity: 'warning',
    title: 'Billing restricted: no new provisioning or updates',
    body: 'Your running exocorps keep running, but you cannot provision, update or reprovision until the balance is paid.',
    action: 'Pay the amount due to lift the restriction at once.',
  },
  suspended: {
    severity: 'danger',
    title: 'Billing suspended: your exocorps are paused',
    body: 'Running exocorps were paused because the balance stayed unpaid. They resume automatically once the account is current.',
    action: 'Pay the amount due; paused exocorps resume as soon as the payment is booked.',
  },
}

/** The owner's own page: account, last entries and what the state means for them. */
export async function getOwnerBilling(deps: Pick<Deps, 'db' | 'clock'>, ownerUserId: string): Promise<OwnerBilling> {
  const [row] = await selectAccounts(deps).where(eq(billingAccounts.ownerUserId, ownerUserId)).limit(1)
  if (!row) throw AppError.notFound('Billing account')
  const account = toBillingAccount(row, deps.clock.now())
  const c = collectionsRow(account, row.account.overdueSince)
  return {
    account,
    recentEntries: (await listLedger(deps, account.id, { limit: 20 })).items,
    amountDueMicros: c.amountDueMicros,
    nextState: c.nextState,
    nextStateAt: c.nextStateAt,
    notice: NOTICES[account.state],
  }
}

/** When the owner's billing view next changes by the clock alone: its days in state go up by one. */
export function billingViewChangesAt(view: OwnerBilling): number {
  return Date.parse(view.account.stateChangedAt) + (view.account.daysInState + 1) * DAY_MS
}

export function toProviderEvent(row: typeof providerEvents.$inferSelect): ProviderEvent {
  return {
    id: row.id,
    provider: row.provider,
    eventId: row.eventId,
    type: row.type,
    accountId: row.accountId,
    amountMicros: row.amountMicros,
    status: row.status,
    note: row.note,
    deliveries: row.deliveries,
    receivedAt: row.receivedAt,
  }
}

/** Newest first, keyset on (received_at, id). */
export async function listProviderEvents(deps: Pick<Deps, 'db'>, query: ProviderEventQuery) {
  const where: (SQL | undefined)[] = []
  if (query.provider) where.push(eq(providerEvents.provider, query.provider))
  if (query.status) where.push(eq(providerEvents.status, query.status))
  const after = decodeCursor(query.cursor, (v) => {
    const pair = pairCursor(v)
    return pair && { at: pair[0], id: pair[1] }
  })
  if (after) {
    where.push(
      or(
        sql`${providerEvents.receivedAt} < ${after.at}`,
        and(eq(providerEvents.receivedAt, after.at), sql`${providerEvents.id} < ${after.id}`),
      ),
    )
  }
  const rows = await deps.db
    .select()
    .from(providerEvents)
    .where(and(...where))
    .orderBy(desc(providerEvents.receivedAt), desc(providerEvents.id))
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map(toProviderEvent),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.receivedAt, last.id]) : null,
  }
}
