import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { CheckoutInput, CheckoutResult, CheckoutSession, Receipt, RefundInput } from '@exocorp/shared/billing'
import type { Deps } from '../../deps'
import type { Db } from '../../db/client'
import { checkoutSessions, ledgerEntries, providerEvents } from '../../db/schema/billing'
import { newId, sha256Hex } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import type { Actor } from '../audit'
import { accountBalanceMicros, findBillingAccountByOwner } from './accounts'
import { actorText, bookKeyedEntry } from './ledger'
import { policyOf } from './policy'
import { DEFAULT_PAYMENT_PROVIDER, PAYMENT_PROVIDERS } from './payments/provider'

/** A checkout page left open longer than this can no longer be paid (a new one is one click away). */
export const CHECKOUT_TTL_MS = 60 * 60_000
const MICROS_PER_CENT = 10_000

type SessionRow = typeof checkoutSessions.$inferSelect

/**
 * Opens a checkout for the signed-in owner's account: a chosen amount, or what is due rounded up
 * to the cent. Nothing is booked here; the provider's webhook books the payment.
 */
export async function createCheckout(
  deps: Pick<Deps, 'db' | 'clock'>,
  ownerUserId: string,
  input: CheckoutInput,
): Promise<CheckoutResult> {
  const account = await findBillingAccountByOwner(deps, ownerUserId)
  if (!account) throw AppError.notFound('Billing account')
  let amountMicros: number
  if (input.payDue) {
    const due = policyOf(account).thresholdMicros - (await accountBalanceMicros(deps, account.id))
    if (due <= 0) throw AppError.conflict('nothing_due', 'Nothing is due on this account. Add funds with an amount instead.')
    amountMicros = Math.ceil(due / MICROS_PER_CENT) * MICROS_PER_CENT
  } else {
    amountMicros = (input.amountMinor ?? 0) * MICROS_PER_CENT
  }
  const now = deps.clock.now()
  const row: SessionRow = {
    id: `cs_${newId().replace(/-/g, '')}`,
    accountId: account.id,
    provider: DEFAULT_PAYMENT_PROVIDER.id,
    purpose: input.payDue ? 'pay_due' : 'add_funds',
    amountMicros,
    currency: 'USD',
    status: 'open',
    createdByUserId: ownerUserId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CHECKOUT_TTL_MS).toISOString(),
    declines: 0,
    lastDecline: null,
    paidAt: null,
    paymentEntryId: null,
    cardBrand: null,
    cardLast4: null,
  }
  await deps.db.write(async (tx) => {
    await tx.insert(checkoutSessions).values(row)
  })
  return {
    id: row.id,
    checkoutUrl: DEFAULT_PAYMENT_PROVIDER.checkoutUrl(row),
    amountMicros,
    currency: row.currency,
    expiresAt: row.expiresAt,
  }
}

/** The checkout as the provider's page sees it: open, paid or expired (by the clock). */
export async function findCheckout(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<SessionRow | null> {
  const [row] = await deps.db.select().from(checkoutSessions).where(eq(checkoutSessions.id, id)).limit(1)
  if (!row) return null
  if (row.status === 'open' && Date.parse(row.expiresAt) <= deps.clock.now().getTime()) return { ...row, status: 'expired' }
  return row
}

/** The provider's page records a declined attempt; nothing reaches the ledger. */
export async function recordDecline(deps: Pick<Deps, 'db'>, id: string, message: string) {
  await deps.db.write((tx) =>
    tx
      .update(checkoutSessions)
      .set({ declines: sql`${checkoutSessions.declines} + 1`, lastDecline: message })
      .where(and(eq(checkoutSessions.id, id), eq(checkoutSessions.status, 'open'))),
  )
}

/**
 * Inside the webhook's transaction: the payment settles its checkout. A second payment for an
 * already paid checkout is still booked (the money arrived) but does not rewrite the receipt.
 */
export async function settleCheckout(
  tx: Db,
  input: {
    checkoutSessionId: string
    accountId: string
    paymentEntryId: string
    paidAt: string
    card?: { brand: string; last4: string }
  },
) {
  await tx
    .update(checkoutSessions)
    .set({
      status: 'paid',
      paidAt: input.paidAt,
      paymentEntryId: input.paymentEntryId,
      cardBrand: input.card?.brand ?? null,
      cardLast4: input.card?.last4 ?? null,
    })
    .where(
      and(
        eq(checkoutSessions.id, input.checkoutSessionId),
        eq(checkoutSessions.accountId, input.accountId),
        eq(checkoutSessions.status, 'open'),
      ),
    )
}

async function refundedByPayment(q: Db, paymentEntryIds: string[]): Promise<Map<string, number>> {
  if (paymentEntryIds.length === 0) return new Map()
  const rows = await q
    .select({ id: ledgerEntries.refId, total: sql<number>`coalesce(sum(${ledgerEntries.amountMicros}), 0)`.mapWith(Number) })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.refType, 'payment_refund'), inArray(ledgerEntries.refId, paymentEntryIds)))
    .groupBy(ledgerEntries.refId)
  return new Map(rows.map((r) => [r.id ?? '', -r.total]))
}

function receiptOf(row: SessionRow, refunded: Map<string, number>): Receipt | null {
  if (row.status !== 'paid' || !row.paidAt || !row.paymentEntryId) return null
  return {
    id: row.id,
    number: `R-${row.id.slice(3, 11).toUpperCase()}`,
    provider: row.provider,
    amountMicros: row.amountMicros,
    refundedMicros: refunded.get(row.paymentEntryId) ?? 0,
    currency: row.currency,
    paidAt: row.paidAt,
    paymentEntryId: row.paymentEntryId,
    card: row.cardBrand && row.cardLast4 ? { brand: row.cardBrand, last4: row.cardLast4 } : null,
  }
}

/** One of the owner's own checkouts (another account's id answers 404, as an unknown one). */
export async function getCheckout(deps: Pick<Deps, 'db' | 'clock'>, ownerUserId: string, id: string): Promise<CheckoutSession> {
  const account = await findBillingAccountByOwner(deps, ownerUserId)
  const row = await findCheckout(deps, id)
  if (!account || !row || row.accountId !== account.id) throw AppError.notFound('Checkout')
  const refunded = await refundedByPayment(deps.db, row.paymentEntryId ? [row.paymentEntryId] : [])
  return {
    id: row.id,
    status: row.status,
    amountMicros: row.amountMicros,
    currency: row.currency,
    lastDecline: row.lastDecline,
    receipt: receiptOf(row, refunded),
  }
}

/** The owner's receipts, newest first (the last 50: one per payment made through a checkout). */
export async function listReceipts(deps: Pick<Deps, 'db' | 'clock'>, ownerUserId: string): Promise<Receipt[]> {
  const account = await findBillingAccountByOwner(deps, ownerUserId)
  if (!account) throw AppError.notFound('Billing account')
  const rows = await deps.db
    .select()
    .from(checkoutSessions)
    .where(and(eq(checkoutSessions.accountId, account.id), eq(checkoutSessions.status, 'paid')))
    .orderBy(desc(checkoutSessions.paidAt), desc(checkoutSessions.id))
    .limit(50)
  const refunded = await refundedByPayment(
    deps.db,
    rows.flatMap((r) => (r.paymentEntryId ? [r.paymentEntryId] : [])),
  )
  return rows.flatMap((r) => receiptOf(r, refunded) ?? [])
}

function refundHash(input: RefundInput) {
  return sha256Hex(JSON.stringify({ refund: input.paymentEntryId, amountMicros: input.amountMicros, reason: input.reason }))
}

/**
 * A platform owner gives (part of) a payment back through the provider that took it. One refund
 * entry per idempotency key; never more than what is left of the payment.
 */
export async function refundPayment(deps: Pick<Deps, 'db' | 'clock'>, accountId: string, input: RefundInput, actor: Actor) {
  const requestHash = refundHash(input)
  return bookKeyedEntry(
    deps,
    accountId,
    {
      kind: 'refund',
      idempotencyKey: input.idempotencyKey,
      requestHash,
      reusedMessage: 'This idempotency key was already used for something else. Use a new key for a new refund.',
    },
    async (tx) => {
      const [payment] = await tx
        .select({ entry: ledgerEntries, provider: providerEvents.provider })
        .from(ledgerEntries)
        .leftJoin(providerEvents, and(eq(ledgerEntries.refType, 'provider_event'), eq(providerEvents.id, ledgerEntries.refId)))
        .where(
          and(
            eq(ledgerEntries.id, input.paymentEntryId),
            eq(ledgerEntries.accountId, accountId),
            eq(ledgerEntries.kind, 'payment'),
          ),
        )
        .limit(1)
      if (!payment) throw AppError.notFound('Payment')
      const left = payment.entry.amountMicros - ((await refundedByPayment(tx, [payment.entry.id])).get(payment.entry.id) ?? 0)
      if (input.amountMicros > left) {
        throw AppError.conflict('refund_exceeds_payment', 'That is more than what is left of this payment to refund.', {
          refundableMicros: left,
        })
      }
      const provider = payment.provider ? PAYMENT_PROVIDERS[payment.provider] : undefined
      if (!provider) {
        throw AppError.conflict(
          'provider_unavailable',
          `The payment was taken by ${payment.provider ?? 'an unknown provider'}, which this platform cannot refund through; use an adjustment.`,
        )
      }
      // The test provider answers at once; a real one is called with the same idempotency key, so
      // a retry after a lost answer cannot refund twice at the provider either.
      const { refundId } = await provider.refund({
        paymentEntryId: payment.entry.id,
        amountMicros: input.amountMicros,
        idempotencyKey: input.idempotencyKey,
      })
      return {
        id: newId(),
        accountId,
        kind: 'refund',
        amountMicros: -input.amountMicros,
        description: `Refund via ${provider.id} (${refundId})`,
        idempotencyKey: input.idempotencyKey,
        refType: 'payment_refund',
        refId: payment.entry.id,
        createdBy: actorText(actor),
        createdAt: deps.clock.now().toISOString(),
        companyId: null,
        reason: input.reason,
        requestHash,
      }
    },
  )
}
