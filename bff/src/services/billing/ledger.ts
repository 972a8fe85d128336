import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm'
import type { AdjustmentInput, LedgerEntry, LedgerQuery } from '@exocorp/shared/billing'
import type { Deps } from '../../deps'
import { writeTx } from '../../db/client'
import { billingAccounts, ledgerEntries } from '../../db/schema/billing'
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
export function listLedger(deps: Pick<Deps, 'db'>, accountId: string, query: LedgerQuery) {
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
  const rows = deps.db
    .select()
    .from(ledgerEntries)
    .where(and(...where))
    .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
    .limit(query.limit + 1)
    .all()
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map(toLedgerEntry),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null,
  }
}

function actorText(actor: Actor) {
  return JSON.stringify({ type: actor.type, id: actor.id, label: actor.label })
}

/**
 * Books a priced usage event as a (negative) ledger entry. Idempotent on the usage event id:
 * a retried report returns the entry booked the first time. Call `evaluateAccount` afterwards
 * (or let the scheduled evaluator pick it up).
 */
export function bookUsage(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: ({ accountId: string } | { ownerUserId: string }) & {
    companyId: string
    usageEventId: string
    costMicros: number
    description?: string
  },
): { entry: LedgerEntry; created: boolean } | null {
  return writeTx(deps.db, () => {
    const accountId =
      'accountId' in input
        ? input.accountId
        : deps.db
            .select({ id: billingAccounts.id })
            .from(billingAccounts)
            .where(eq(billingAccounts.ownerUserId, input.ownerUserId))
            .get()?.id
    if (!accountId) return null
    const existing = deps.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.refType, 'usage_event'), eq(ledgerEntries.refId, input.usageEventId)))
      .get()
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
    deps.db.insert(ledgerEntries).values(row).run()
    return { entry: toLedgerEntry(row), created: true }
  })
}

/** Books a payment reported by the provider; one entry per provider event. */
export function bookPayment(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { accountId: string; providerEventRowId: string; amountMicros: number; provider: string },
): LedgerEntry {
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
  deps.db.insert(ledgerEntries).values(row).run()
  return toLedgerEntry(row)
}

function adjustmentHash(input: AdjustmentInput) {
  return sha256Hex(JSON.stringify({ amountMicros: input.amountMicros, reason: input.reason }))
}

/**
 * A platform owner's manual correction. The idempotency key is scoped to the account: the same
 * key with the same body answers the entry made the first time; with another body, 409.
 */
export function addAdjustment(
  deps: Pick<Deps, 'db' | 'clock'>,
  accountId: string,
  input: AdjustmentInput,
  actor: Actor,
): { entry: LedgerEntry; created: boolean } {
  const hash = adjustmentHash(input)
  return writeTx(deps.db, () => {
    const account = deps.db
      .select({ id: billingAccounts.id })
      .from(billingAccounts)
      .where(eq(billingAccounts.id, accountId))
      .get()
    if (!account) throw AppError.notFound('Billing account')
    const existing = deps.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.idempotencyKey, input.idempotencyKey)))
      .get()
    if (existing) {
      if (existing.kind === 'adjustment' && existing.requestHash === hash)
        return { entry: toLedgerEntry(existing), created: false }
      throw AppError.conflict(
        'idempotency_key_reused',
        'This idempotency key was already used for a different adjustment. Use a new key for a new adjustment.',
        { entryId: existing.id },
      )
    }
    const row: EntryRow = {
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
      requestHash: hash,
    }
    deps.db.insert(ledgerEntries).values(row).run()
    return { entry: toLedgerEntry(row), created: true }
  })
}

interface PendingUsage {
  id: string
  company_id: string
  cost_micros: number
  model: string
  input_tokens: number
  output_tokens: number
  owner_user_id: string
}

/**
 * Books priced usage events that have no ledger entry yet (the catalog records and prices them;
 * see services/catalog/pricing.ts). Run by the evaluator, so usage reaches the ledger even when
 * a report's own booking was missed; `bookUsage`'s unique link makes a race harmless.
 * Returns the accounts that got new entries.
 */
export function bookPendingUsage(deps: Pick<Deps, 'db' | 'clock'>, limit = 5000): string[] {
  const pending = deps.db.$client
    .prepare(
      `SELECT u.id, u.company_id, u.cost_micros, u.model, u.input_tokens, u.output_tokens, c.owner_user_id
       FROM usage_events u
       JOIN companies c ON c.id = u.company_id
       LEFT JOIN ledger_entries le ON le.ref_type = 'usage_event' AND le.ref_id = u.id
       WHERE le.id IS NULL
       ORDER BY u.at, u.id
       LIMIT ?`,
    )
    .all(limit) as PendingUsage[]
  const touched = new Set<string>()
  for (const u of pending) {
    const res = bookUsage(deps, {
      ownerUserId: u.owner_user_id,
      companyId: u.company_id,
      usageEventId: u.id,
      costMicros: u.cost_micros,
      description: `Model usage: ${u.model} (${u.input_tokens} in / ${u.output_tokens} out tokens)`,
    })
    if (res?.created) touched.add(res.entry.accountId)
  }
  return [...touched]
}

/** Books one recorded usage event right away (for the usage-report route). */
export function bookUsageEvent(deps: Pick<Deps, 'db' | 'clock'>, usageEventId: string) {
  const u = deps.db.$client
    .prepare(
      `SELECT u.id, u.company_id, u.cost_micros, u.model, u.input_tokens, u.output_tokens, c.owner_user_id
       FROM usage_events u JOIN companies c ON c.id = u.company_id WHERE u.id = ?`,
    )
    .get(usageEventId) as PendingUsage | undefined
  if (!u) return null
  return bookUsage(deps, {
    ownerUserId: u.owner_user_id,
    companyId: u.company_id,
    usageEventId: u.id,
    costMicros: u.cost_micros,
    description: `Model usage: ${u.model} (${u.input_tokens} in / ${u.output_tokens} out tokens)`,
  })
}
