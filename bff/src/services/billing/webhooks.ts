import fs from 'node:fs'
import path from 'node:path'
import { createHmac, randomBytes } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { ProviderWebhookBodySchema, type ProviderEventStatus } from '@exocorp/shared/billing'
import { within, type Deps } from '../../deps'
import type { Db } from '../../db/client'
import { isUniqueViolation, lockRows } from '../../db/portable'
import { billingAccounts, providerEvents } from '../../db/schema/billing'
import { newId, safeEqual } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import { settleCheckout } from './checkout'
import { bookPayment } from './ledger'

/** Header names of a signed delivery (docs/decisions/010-billing-and-operator-clients.md). */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000

const secretCache = new Map<string, string>()

/** EXOCORP_PAYMENT_WEBHOOK_SECRET, or a secret generated once into the data dir. */
export function webhookSecret(deps: Pick<Deps, 'env'>): string {
  if (deps.env.EXOCORP_PAYMENT_WEBHOOK_SECRET) return deps.env.EXOCORP_PAYMENT_WEBHOOK_SECRET
  const file = path.join(deps.env.dataDir, 'payment-webhook-secret')
  const cached = secretCache.get(file)
  if (cached) return cached
  let secret: string
  try {
    secret = fs.readFileSync(file, 'utf8').trim()
  } catch {
    fs.mkdirSync(deps.env.dataDir, { recursive: true })
    secret = `whsec_${randomBytes(32).toString('base64url')}`
    fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' })
  }
  secretCache.set(file, secret)
  return secret
}

/** `v1=<hex HMAC-SHA256 of "<id>.<timestamp>.<raw body>">`; what a provider (or a test) sends. */
export function signWebhook(secret: string, id: string, timestamp: number | string, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${id}.${timestamp}.${rawBody}`).digest('hex')}`
}

export interface WebhookDelivery {
  provider: string
  id: string | undefined
  timestamp: string | undefined
  signature: string | undefined
  rawBody: string
}

/**
 * Refuses anything not signed with our secret within the tolerance window. Several
 * space-separated `v1=` signatures are accepted so the secret can be rotated.
 */
export function verifyWebhook(deps: Pick<Deps, 'env' | 'clock'>, d: WebhookDelivery): { id: string; timestamp: number } {
  if (!d.id || !d.timestamp || !d.signature) {
    throw new AppError(
      400,
      'bad_request',
      `Missing ${WEBHOOK_HEADERS.id}, ${WEBHOOK_HEADERS.timestamp} or ${WEBHOOK_HEADERS.signature} header`,
      { verification: 'unsigned' },
    )
  }
  if (!/^\d{1,12}$/.test(d.timestamp))
    throw new AppError(400, 'bad_request', 'The webhook timestamp must be Unix seconds', { verification: 'bad_signature' })
  const expected = signWebhook(webhookSecret(deps), d.id, d.timestamp, d.rawBody)
  const ok = d.signature
    .split(/\s+/)
    .filter(Boolean)
    .reduce((found, candidate) => safeEqual(candidate, expected) || found, false)
  if (!ok) throw new AppError(401, 'unauthenticated', 'The webhook signature does not match', { verification: 'bad_signature' })
  const timestamp = Number(d.timestamp)
  if (Math.abs(deps.clock.now().getTime() - timestamp * 1000) > WEBHOOK_TOLERANCE_MS) {
    throw new AppError(401, 'unauthenticated', 'The webhook timestamp is outside the 5-minute tolerance', {
      verification: 'stale',
    })
  }
  return { id: d.id, timestamp }
}

/**
 * The same rule as verifyWebhook against any secret, as a verdict instead of an error: connector
 * deliveries (decision 047) are signed like payment webhooks with the exocorp's own secret.
 */
export function signatureVerdict(
  secret: string,
  d: Omit<WebhookDelivery, 'provider'>,
  nowMs: number,
): 'verified' | 'unsigned' | 'bad_signature' | 'stale' {
  if (!d.id || !d.timestamp || !d.signature) return 'unsigned'
  if (!/^\d{1,12}$/.test(d.timestamp)) return 'bad_signature'
  const expected = signWebhook(secret, d.id, d.timestamp, d.rawBody)
  const ok = d.signature
    .split(/\s+/)
    .filter(Boolean)
    .reduce((found, candidate) => safeEqual(candidate, expected) || found, false)
  if (!ok) return 'bad_signature'
  return Math.abs(nowMs - Number(d.timestamp) * 1000) > WEBHOOK_TOLERANCE_MS ? 'stale' : 'verified'
}

export interface WebhookOutcome {
  duplicate: boolean
  status: ProviderEventStatus
  accountId: string | null
  providerEventId: string
  booked: boolean
}

const PAYMENT_TYPES = new Set(['payment.succeeded'])

type ProviderEventRow = typeof providerEvents.$inferSelect

/** A repeated delivery only bumps the count; the first one's outcome stands. */
async function countRedelivery(tx: Db, existing: ProviderEventRow, now: string): Promise<WebhookOutcome> {
  await tx
    .update(providerEvents)
    .set({ deliveries: sql`${providerEvents.deliveries} + 1`, lastDeliveryAt: now })
    .where(eq(providerEvents.id, existing.id))
  return { duplicate: true, status: existing.status, accountId: existing.accountId, providerEventId: existing.id, booked: false }
}

async function eventById(q: Db, eventId: string): Promise<ProviderEventRow | undefined> {
  // One signing secret covers every provider path, so an event id is unique across them:
  // a signed delivery replayed to another `/:provider` path is still a duplicate.
  const [row] = await q.select().from(providerEvents).where(eq(providerEvents.eventId, eventId)).limit(1)
  return row
}

/**
 * Records a verified delivery once per (provider, event id); a payment books one ledger entry.
 * Duplicates only bump the delivery count.
 */
export async function receiveWebhook(
  deps: Pick<Deps, 'db' | 'clock'>,
  provider: string,
  eventId: string,
  rawBody: string,
): Promise<WebhookOutcome> {
  let json: unknown
  try {
    json = JSON.parse(rawBody)
  } catch {
    throw new AppError(400, 'bad_request', 'The webhook body is not JSON')
  }
  const parsed = ProviderWebhookBodySchema.safeParse(json)
  if (!parsed.success) throw new AppError(400, 'bad_request', 'The webhook body is not a payment event we understand')
  const body = parsed.data
  if (body.id !== eventId) throw new AppError(400, 'bad_request', 'The body id does not match the webhook-id header')

  try {
    return await deps.db.write(async (tx) => {
      const now = deps.clock.now().toISOString()
      // Providers retry, sometimes to several instances at once: deliveries for one account queue here.
      await lockRows(tx, 'billing_accounts', body.data.accountId)
      const existing = await eventById(tx, eventId)
      if (existing) return countRedelivery(tx, existing, now)
      const [account] = await tx
        .select({ id: billingAccounts.id })
        .from(billingAccounts)
        .where(eq(billingAccounts.id, body.data.accountId))
        .limit(1)
      let status: ProviderEventStatus = 'booked'
      let note: string | null = null
      if (body.type === 'payment.failed') {
        status = 'ignored'
        note = `Payment declined${body.data.declineCode ? `: ${body.data.declineCode}` : ''}; nothing booked`
      } else if (!PAYMENT_TYPES.has(body.type)) {
        status = 'ignored'
        note = `Event type ${body.type} is not booked`
      } else if (!account) {
        status = 'ignored'
        note = 'Unknown billing account'
      } else if (body.data.currency !== undefined && body.data.currency.toUpperCase() !== 'USD') {
        status = 'rejected'
        note = `Currency ${body.data.currency} is not supported`
      }
      const id = newId()
      await tx.insert(providerEvents).values({
        id,
        provider,
        eventId,
        type: body.type,
        accountId: account?.id ?? null,
        amountMicros: body.data.amountMicros,
        status,
        note,
        payload: rawBody,
        deliveries: 1,
        receivedAt: now,
        lastDeliveryAt: now,
      })
      if (status === 'booked' && account) {
        const entry = await bookPayment(within(deps, tx), {
          accountId: account.id,
          providerEventRowId: id,
          amountMicros: body.data.amountMicros,
          provider,
        })
        if (body.data.checkoutSessionId) {
          await settleCheckout(tx, {
            checkoutSessionId: body.data.checkoutSessionId,
            accountId: account.id,
            paymentEntryId: entry.id,
            paidAt: entry.at,
            card: body.data.card,
          })
        }
      }
      return { duplicate: false, status, accountId: account?.id ?? null, providerEventId: id, booked: status === 'booked' }
    })
  } catch (err) {
    // A concurrent delivery of the same event (for an account we do not lock, an unknown one) got
    // there first: (provider, event id) is unique, so this one counts as a redelivery.
    if (deps.db.inTransaction || !isUniqueViolation(err)) throw err
    return deps.db.write(async (tx) => {
      const existing = await eventById(tx, eventId)
      if (!existing) throw err
      return countRedelivery(tx, existing, deps.clock.now().toISOString())
    })
  }
}
