import { randomBytes } from 'node:crypto'
import { and, asc, desc, eq, lt, or, type SQL } from 'drizzle-orm'
import type {
  CreateWebhookInput,
  UpdateWebhookInput,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookEndpoint,
  WebhookEventType,
  WebhookWithSecret,
} from '@exocorp/shared/webhooks'
import { WEBHOOK_RETRY_WINDOW_MS, WebhookDeliveryEventTypeSchema, WebhookEventTypeSchema } from '@exocorp/shared/webhooks'
import type { Deps } from '../../deps'
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema/webhooks'
import { newId } from '../../lib/crypto'
import { decodeCursor, encodeCursor, pairCursor } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import { secretBoxFor } from '../../lib/secret-box'
import { vetTarget } from './transport'

/*
 * An owner's webhook endpoints (decision 046): create, list, change, delete, rotate the secret,
 * read the delivery log and resend. Endpoints belong to the user; which exocorps they hear about is
 * checked when saved (the caller owns each one) and again when each event is fanned out (dispatch.ts).
 */

export type EndpointRow = typeof webhookEndpoints.$inferSelect
type DeliveryRow = typeof webhookDeliveries.$inferSelect

export const MAX_ENDPOINTS_PER_USER = 20
export const DEFAULT_OVERLAP_MINUTES = 24 * 60
const PAYLOAD_SHOWN = 8 * 1024
const PAGE = 25

/** `whsec_` + base64 of 24 random bytes (Standard Webhooks' format; 192 bits). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`
}

const secretAad = (endpointId: string, which: 'current' | 'previous') => `webhook:${endpointId}:${which}`

export function sealSecret(deps: Pick<Deps, 'env'>, endpointId: string, secret: string, which: 'current' | 'previous') {
  return secretBoxFor(deps.env).sealText(secret, secretAad(endpointId, which))
}

/** The secrets that sign now: the current one, and the previous one while its overlap lasts. */
export function signingSecrets(deps: Pick<Deps, 'env'>, row: EndpointRow, now: Date): string[] {
  const box = secretBoxFor(deps.env)
  const current = box.openText(row.sealedSecret, secretAad(row.id, 'current'))
  if (!current) throw new Error(`webhook endpoint ${row.id}: its secret does not open`)
  const out = [current]
  if (row.previousSealedSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now.toISOString()) {
    const previous = box.openText(row.previousSealedSecret, secretAad(row.id, 'previous'))
    if (previous) out.push(previous)
  }
  return out
}

const parseTypes = (json: string): WebhookEventType[] =>
  (JSON.parse(json) as unknown[]).flatMap((t) => {
    const r = WebhookEventTypeSchema.safeParse(t)
    return r.success ? [r.data] : []
  })
const parseIds = (json: string | null): string[] | null => (json === null ? null : (JSON.parse(json) as string[]))

export function toEndpoint(row: EndpointRow, now: Date): WebhookEndpoint {
  const overlapLive = row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > now.toISOString()
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: parseTypes(row.eventTypes),
    exocorpIds: parseIds(row.companyIds),
    state: row.state,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince,
    previousSecretExpiresAt: overlapLive ? row.previousSecretExpiresAt : null,
    secretRotatedAt: row.secretRotatedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export function endpointTypes(row: EndpointRow) {
  return new Set(parseTypes(row.eventTypes))
}
export function endpointCompanies(row: EndpointRow): Set<string> | null {
  const ids = parseIds(row.companyIds)
  return ids ? new Set(ids) : null
}

/** Refuses a URL the platform may not send to: 400 on `url`, nothing written. */
async function vetUrl(deps: Pick<Deps, 'env'>, url: string) {
  const target = await vetTarget(deps, url)
  if (!target.ok) throw AppError.validation({ url: [target.reason] })
}

/** The caller owns every exocorp named: a member gets 403, someone else's or unknown 404 (checkOwned). */
export type OwnedCheck = (companyId: string) => Promise<unknown>

async function checkExocorps(ids: string[] | null | undefined, checkOwned: OwnedCheck) {
  for (const id of new Set(ids ?? [])) await checkOwned(id)
}

export async function endpointOf(deps: Pick<Deps, 'db'>, userId: string, id: string): Promise<EndpointRow> {
  const [row] = await deps.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, userId)))
    .limit(1)
  if (!row) throw AppError.notFound('Webhook')
  return row
}

export async function listWebhooks(deps: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<WebhookEndpoint[]> {
  const rows = await deps.db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.userId, userId))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id))
  const now = deps.clock.now()
  return rows.map((r) => toEndpoint(r, now))
}

export async function getWebhook(deps: Pick<Deps, 'db' | 'clock'>, userId: string, id: string): Promise<WebhookEndpoint> {
  return toEndpoint(await endpointOf(deps, userId, id), deps.clock.now())
}

export async function createWebhook(
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  userId: string,
  input: CreateWebhookInput,
  checkOwned: OwnedCheck,
): Promise<WebhookWithSecret> {
  await checkExocorps(input.exocorpIds, checkOwned)
  await vetUrl(deps, input.url)
  const id = newId()
  const secret = newWebhookSecret()
  const now = deps.clock.now().toISOString()
  const row: EndpointRow = {
    id,
    userId,
    url: input.url,
    description: input.description ?? '',
    eventTypes: JSON.stringify(input.eventTypes),
    companyIds: input.exocorpIds ? JSON.stringify([...new Set(input.exocorpIds)]) : null,
    sealedSecret: sealSecret(deps, id, secret, 'current'),
    previousSealedSecret: null,
    previousSecretExpiresAt: null,
    secretRotatedAt: null,
    state: 'enabled',
    disabledReason: null,
    failingSince: null,
    failureStreak: 0,
    createdAt: now,
    updatedAt: now,
  }
  await deps.db.write(async (tx) => {
    const mine = await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.userId, userId))
    if (mine.length >= MAX_ENDPOINTS_PER_USER) {
      throw AppError.conflict('limit_reached', `You can have at most ${MAX_ENDPOINTS_PER_USER} webhook endpoints`)
    }
    await tx.insert(webhookEndpoints).values(row)
  })
  return { endpoint: toEndpoint(row, deps.clock.now()), secret }
}

export async function updateWebhook(
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  userId: string,
  id: string,
  input: UpdateWebhookInput,
  checkOwned: OwnedCheck,
): Promise<WebhookEndpoint> {
  const current = await endpointOf(deps, userId, id)
  await checkExocorps(input.exocorpIds, checkOwned)
  if (input.url !== undefined && input.url !== current.url) await vetUrl(deps, input.url)
  const now = deps.clock.now().toISOString()
  const patch: Partial<EndpointRow> = { updatedAt: now }
  if (input.url !== undefined) patch.url = input.url
  if (input.description !== undefined) patch.description = input.description
  if (input.eventTypes !== undefined) patch.eventTypes = JSON.stringify(input.eventTypes)
  if (input.exocorpIds !== undefined) patch.companyIds = input.exocorpIds ? JSON.stringify([...new Set(input.exocorpIds)]) : null
  if (input.enabled === true && current.state === 'disabled') {
    Object.assign(patch, { state: 'enabled', disabledReason: null, failingSince: null, failureStreak: 0 })
  } else if (input.enabled === false && current.state === 'enabled') {
    Object.assign(patch, { state: 'disabled', disabledReason: 'Disabled by you' })
  }
  const [updated] = await deps.db.write((tx) =>
    tx
      .update(webhookEndpoints)
      .set(patch)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, userId)))
      .returning(),
  )
  if (!updated) throw AppError.notFound('Webhook')
  return toEndpoint(updated, deps.clock.now())
}

export async function deleteWebhook(deps: Pick<Deps, 'db'>, userId: string, id: string): Promise<{ url: string }> {
  return deps.db.write(async (tx) => {
    const [row] = await tx
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, userId)))
      .returning({ url: webhookEndpoints.url })
    if (!row) throw AppError.notFound('Webhook')
    return row
  })
}

/**
 * A new secret signs from now on; the old one keeps signing beside it (two `v1,` signatures) until
 * the overlap ends, so receivers can switch without dropping a delivery. A rotation during an
 * overlap ends the older overlap: only the secret being replaced is kept.
 */
export async function rotateWebhookSecret(
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  userId: string,
  id: string,
  overlapMinutes = DEFAULT_OVERLAP_MINUTES,
): Promise<WebhookWithSecret> {
  const row = await endpointOf(deps, userId, id)
  const [current] = signingSecrets(deps, row, deps.clock.now())
  const secret = newWebhookSecret()
  const now = deps.clock.now()
  const patch: Partial<EndpointRow> = {
    sealedSecret: sealSecret(deps, id, secret, 'current'),
    previousSealedSecret: overlapMinutes > 0 ? sealSecret(deps, id, current!, 'previous') : null,
    previousSecretExpiresAt: overlapMinutes > 0 ? new Date(now.getTime() + overlapMinutes * 60_000).toISOString() : null,
    secretRotatedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }
  const [updated] = await deps.db.write((tx) =>
    tx
      .update(webhookEndpoints)
      .set(patch)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.userId, userId)))
      .returning(),
  )
  if (!updated) throw AppError.notFound('Webhook')
  return { endpoint: toEndpoint(updated, now), secret }
}

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventType: WebhookDeliveryEventTypeSchema.parse(row.eventType),
    exocorpId: row.companyId,
    state: row.state,
    attempts: row.attempts,
    createdAt: row.createdAt,
    nextAttemptAt: row.state === 'pending' ? row.nextAttemptAt : null,
    deliveredAt: row.deliveredAt,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    payload: row.payload.length > PAYLOAD_SHOWN ? `${row.payload.slice(0, PAYLOAD_SHOWN)}…` : row.payload,
  }
}

/** Newest first, keyset-paged on (created_at, id), filtered by state. */
export async function listDeliveries(
  deps: Pick<Deps, 'db'>,
  userId: string,
  endpointId: string,
  query: WebhookDeliveryQuery,
): Promise<WebhookDeliveryPage> {
  await endpointOf(deps, userId, endpointId)
  const after = decodeCursor(query.cursor, pairCursor)
  const conds: SQL[] = [eq(webhookDeliveries.endpointId, endpointId)]
  if (query.state) conds.push(eq(webhookDeliveries.state, query.state))
  if (after) {
    const [at, id] = after
    conds.push(or(lt(webhookDeliveries.createdAt, at), and(eq(webhookDeliveries.createdAt, at), lt(webhookDeliveries.id, id)))!)
  }
  const rows = await deps.db
    .select()
    .from(webhookDeliveries)
    .where(and(...conds))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(PAGE + 1)
  const page = rows.slice(0, PAGE)
  const last = page.at(-1)
  return {
    items: page.map(toDelivery),
    nextCursor: rows.length > PAGE && last ? encodeCursor([last.createdAt, last.id]) : null,
  }
}

async function deliveryOf(deps: Pick<Deps, 'db'>, userId: string, endpointId: string, deliveryId: string) {
  await endpointOf(deps, userId, endpointId)
  const [row] = await deps.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
    .limit(1)
  if (!row) throw AppError.notFound('Delivery')
  return row
}

export async function getDelivery(
  deps: Pick<Deps, 'db'>,
  userId: string,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDeliveryDetail> {
  const row = await deliveryOf(deps, userId, endpointId, deliveryId)
  const attempts = await deps.db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(desc(webhookAttempts.attempt))
    .limit(50)
  return {
    delivery: toDelivery(row),
    attempts: attempts.map((a): WebhookAttempt => ({
      attempt: a.attempt,
      at: a.at,
      status: a.status,
      durationMs: a.durationMs,
      error: a.error,
      responseBody: a.responseBody,
      requestHeaders: JSON.parse(a.requestHeaders) as Record<string, string>,
    })),
  }
}

/**
 * Sends a delivery again (same `webhook-id`, so a receiver that already has it can tell), with a
 * fresh 24 h of retries. A disabled endpoint is re-enabled first (409 until then).
 */
export async function resendDelivery(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const endpoint = await endpointOf(deps, userId, endpointId)
  if (endpoint.state !== 'enabled') throw AppError.conflict('endpoint_disabled', 'Enable this endpoint before resending')
  await deliveryOf(deps, userId, endpointId, deliveryId)
  const now = deps.clock.now()
  const [row] = await deps.db.write((tx) =>
    tx
      .update(webhookDeliveries)
      .set({
        state: 'pending',
        nextAttemptAt: now.toISOString(),
        retryStep: 0,
        retryUntil: new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS).toISOString(),
        claimedUntil: null,
      })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
      .returning(),
  )
  if (!row) throw AppError.notFound('Delivery')
  return toDelivery(row)
}
