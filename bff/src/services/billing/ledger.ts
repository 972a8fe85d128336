import { and, asc, desc, eq, isNull, lt, or, type SQL } from 'drizzle-orm'
import type { AdjustmentInput, LedgerEntry, LedgerQuery } from '@exocorp/shared/billing'
import type { Deps } from '../../deps'
import type { Db } from '../../db/client'
import { isUniqueViolation, lockRows } from '../../db/portable'
import { billingAccounts, ledgerEntries } from '../../db/schema/billing'
import { usageEvents } from '../../db/schema/catalog'
import { companies } from '../../db/schema/companies'
import { newId, sha256Hex } from '../../lib/crypto'
import { decodeCursor, encodeCursor, pairCursor } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import type { Actor } from '../audit'

type EntryRow = typeof ledgerEntries.$inferSelect

function parseCreatedBy(value: string | null): LedgerEntry['createdBy'] {
  if (value === null) return null
  try {
    const parsed: unknown = JSON.parse(value)
    if (parsed && typeof parsed === 'object' && 'type' in parsed && 'label' in parsed) {
      const p = parsed as { type: unknown; id?: unknown; label: unknown }
      return { type: String(p.type), id: typeof p.id === 'string' ? p.id : null, label: String(p.label) }
    }
  } catch {
    // Foundation rows store a bare word ('system').
  }
  return { type: value, id: null, label: value }
}

export function toLedgerEntry(row: EntryRow): LedgerEntry {
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind,
    amountMicros: row.amountMicros,
    description: row.description,
    reason: row.reason,
    companyId: row.companyId,
    usageEventId: row.refType === 'usage_event' ? row.refId : null,
    providerEventId: row.refType === 'provider_event' ? row.refId : null,
    createdBy: parseCreatedBy(row.createdBy),
    at: row.createdAt,
  }
}

/** Newest first, keyset-paged on (created_at, id). */
export async function listLedger(deps: Pick<Deps, 'db'>, accountId: string, query: LedgerQuery) {
  const where: (SQL | undefined)[] = [eq(ledgerEntries.accountId, accountId)]
  if (query.kind) where.push(eq(ledgerEntries.kind, query.kind))
  const after = decodeCursor(query.cursor, (v) => {
    const pair = pairCursor(v)
    return pair && { at: pair[0], id: pair[1] }
  })
  if (after) {
    where.push(
      or(lt(ledgerEntries.createdAt, after.at), and(eq(ledgerEntries.createdAt, after.at), lt(ledgerEntries.id, after.id))),
    )
  }
  const rows = await deps.db
    .select()
    .from(ledgerEntries)
    .where(and(...where))
    .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map(toLedgerEntry),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null,
  }
}

export function actorText(actor: Actor) {
  return JSON.stringify({ type: actor.type, id: actor.id, label: actor.label })
}

async function usageEntry(q: Db, usageEventId: string): Promise<EntryRow | undefined> {
  const [row] = await q
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.refType, 'usage_event'), eq(ledgerEntries.refId, usageEventId)))
    .limit(1)
  return row
}

/**
 * Books a priced usage event as a (negative) ledger entry. Idempotent on the usage event id:
 * a retried report returns the entry booked the first time. Call `evaluateAccount` afterwards
 * (or let the scheduled evaluator pick it up).
 */
export async function bookUsage(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: ({ accountId: string } | { ownerUserId: string }) & {
    companyId: string
    usageEventId: string
    costMicros: number
    description?: string
  },
): Promise<{ entry: LedgerEntry; created: boolean } | null> {
  try {
    return await deps.db.write(async (tx) => {
      const accountId =
        'accountId' in input
          ? input.accountId
          : (
              await tx
                .select({ id: billingAccounts.id })
                .from(billingAccounts)
                .where(eq(billingAccounts.ownerUserId, input.ownerUserId))
                .limit(1)
            )[0]?.id
      if (!accountId) return null
      // The route and the evaluator (on any instance) may book the same event at once: queue on the account.
      await lockRows(tx, 'billing_accounts', accountId)
      const existing = await usageEntry(tx, input.usageEventId)
      if (existing) return { entry: toLedgerEntry(existing), created: false }
      const row: EntryRow = {
        id: newId(),
        accountId,
        kind: 'usage',
        amountMicros: -Math.abs(Math.round(input.costMicros)),
        description: input.description ?? 'Model usage',
        idempotencyKey: null,
        refType: 'usage_event',
        refId: input.usageEventId,
        createdBy: actorText({ type: 'system', id: null, label: 'usage metering' }),
        createdAt: deps.clock.now().toISOString(),
        companyId: input.companyId,
        reason: null,
        requestHash: null,
      }
      await tx.insert(ledgerEntries).values(row)
      return { entry: toLedgerEntry(row), created: true }
    })
  } catch (err) {
    // The unique link on the usage event refused a second booking: answer the first one.
    if (deps.db.inTransaction || !isUniqueViolation(err)) throw err
    const existing = await usageEntry(deps.db, input.usageEventId)
    if (!existing) throw err
    return { entry: toLedgerEntry(existing), created: false }
  }
}

/**
 * Books a payment reported by the provider; one entry per provider event. Runs in the caller's
 * transaction when handed one (the webhook records the event and books it together).
 */
export async function bookPayment(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { accountId: string; providerEventRowId: string; amountMicros: number; provider: string },
): Promise<LedgerEntry> {
  const row: EntryRow = {
    id: newId(),
    accountId: input.accountId,
    kind: 'payment',
    amountMicros: input.amountMicros,
    description: `Payment via ${input.provider}`,
    idempotencyKey: null,
    refType: 'provider_event',
    refId: input.providerEventRowId,
    createdBy: actorText({ type: 'system', id: null, label: `${input.provider} webhook` }),
    createdAt: deps.clock.now().toISOString(),
    companyId: null,
    reason: null,
    requestHash: null,
  }
  await deps.db.write(async (tx) => {
    await tx.insert(ledgerEntries).values(row)
  })
  return toLedgerEntry(row)
}

function adjustmentHash(input: AdjustmentInput) {
  return sha256Hex(JSON.stringify({ amountMicros: input.amountMicros, reason: input.reason }))
}

async function entryByKey(q: Db, accountId: string, idempotencyKey: string): Promise<EntryRow | undefined> {
  const [row] = await q
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.idempotencyKey, idempotencyKey)))
    .limit(1)
  return row
}

type KeyedRequest = {
  kind: EntryRow['kind']
  idempotencyKey: string
  requestHash: string
  /** The 409's message when the key was used before for another body or another kind. */
  reusedMessage: string
}

/** The answer to a key used before: the same body replays the entry, another body is 409. */
function replayKeyed(existing: EntryRow, request: KeyedRequest): { entry: LedgerEntry; created: boolean } {
  if (existing.kind === request.kind && existing.requestHash === request.requestHash) {
    return { entry: toLedgerEntry(existing), created: false }
  }
  throw AppError.conflict('idempotency_key_reused', request.reusedMessage, { entryId: existing.id })
}

/**
 * Books one entry a person asked for under an idempotency key scoped to the account (an
 * adjustment, a refund). Under the account's lock: an unknown account is 404; a key used before
 * replays or answers 409; otherwise `build` makes the row (it may refuse with an AppError) and it
 * is inserted. A concurrent twin that the key's unique index refuses answers as its replay would.
 */
export async function bookKeyedEntry(
  deps: Pick<Deps, 'db'>,
  accountId: string,
  request: KeyedRequest,
  build: (tx: Db) => Promise<EntryRow>,
): Promise<{ entry: LedgerEntry; created: boolean }> {
  try {
    return await deps.db.write(async (tx) => {
      await lockRows(tx, 'billing_accounts', accountId)
      const [account] = await tx
        .select({ id: billingAccounts.id })
        .from(billingAccounts)
        .where(eq(billingAccounts.id, accountId))
        .limit(1)
      if (!account) throw AppError.notFound('Billing account')
      const existing = await entryByKey(tx, accountId, request.idempotencyKey)
      if (existing) return replayKeyed(existing, request)
      const row = await build(tx)
      await tx.insert(ledgerEntries).values(row)
      return { entry: toLedgerEntry(row), created: true }
    })
  } catch (err) {
    if (deps.db.inTransaction || !isUniqueViolation(err)) throw err
    const existing = await entryByKey(deps.db, accountId, request.idempotencyKey)
    if (!existing) throw err
    return replayKeyed(existing, request)
  }
}

/**
 * A platform owner's manual correction. The idempotency key is scoped to the account: the same
 * key with the same body answers the entry made the first time; with another body, 409.
 */
export async function addAdjustment(
  deps: Pick<Deps, 'db' | 'clock'>,
  accountId: string,
  input: AdjustmentInput,
  actor: Actor,
): Promise<{ entry: LedgerEntry; created: boolean }> {
  const requestHash = adjustmentHash(input)
  return bookKeyedEntry(
    deps,
    accountId,
    {
      kind: 'adjustment',
      idempotencyKey: input.idempotencyKey,
      requestHash,
      reusedMessage: 'This idempotency key was already used for a different adjustment. Use a new key for a new adjustment.',
    },
    async () => ({
      id: newId(),
      accountId,
      kind: 'adjustment',
      amountMicros: input.amountMicros,
      description: input.amountMicros > 0 ? 'Credit adjustment' : 'Debit adjustment',
      idempotencyKey: input.idempotencyKey,
      refType: null,
      refId: null,
      createdBy: actorText(actor),
      createdAt: deps.clock.now().toISOString(),
      companyId: null,
      reason: input.reason,
      requestHash,
    }),
  )
}

/** Priced usage events with what their ledger entry needs: the owner and a description. */
function selectUsage(deps: Pick<Deps, 'db'>) {
  return deps.db
    .select({
      id: usageEvents.id,
      companyId: usageEvents.companyId,
      costMicros: usageEvents.costMicros,
      model: usageEvents.model,
      inputTokens: usageEvents.inputTokens,
      outputTokens: usageEvents.outputTokens,
      ownerUserId: companies.ownerUserId,
    })
    .from(usageEvents)
    .innerJoin(companies, eq(companies.id, usageEvents.companyId))
}

type PendingUsage = Awaited<ReturnType<typeof selectUsage>>[number]

function bookPending(deps: Pick<Deps, 'db' | 'clock'>, u: PendingUsage) {
  return bookUsage(deps, {
    ownerUserId: u.ownerUserId,
    companyId: u.companyId,
    usageEventId: u.id,
    costMicros: u.costMicros,
    description: `Model usage: ${u.model} (${u.inputTokens} in / ${u.outputTokens} out tokens)`,
  })
}

/**
 * Books priced usage events that have no ledger entry yet (the catalog records and prices them;
 * see services/catalog/pricing.ts). Run by the evaluator, so usage reaches the ledger even when
 * a report's own booking was missed; `bookUsage`'s unique link makes a race harmless.
 * Returns the accounts that got new entries.
 */
export async function bookPendingUsage(deps: Pick<Deps, 'db' | 'clock'>, limit = 5000): Promise<string[]> {
  const pending = await selectUsage(deps)
    .leftJoin(ledgerEntries, and(eq(ledgerEntries.refType, 'usage_event'), eq(ledgerEntries.refId, usageEvents.id)))
    .where(isNull(ledgerEntries.id))
    .orderBy(asc(usageEvents.at), asc(usageEvents.id))
    .limit(limit)
  const touched = new Set<string>()
  for (const u of pending) {
    const res = await bookPending(deps, u)
    if (res?.created) touched.add(res.entry.accountId)
  }
  return [...touched]
}

/** Books one recorded usage event right away (for the usage-report route). */
export async function bookUsageEvent(deps: Pick<Deps, 'db' | 'clock'>, usageEventId: string) {
  const [u] = await selectUsage(deps).where(eq(usageEvents.id, usageEventId)).limit(1)
  return u ? bookPending(deps, u) : null
}
