import { Hono } from 'hono'
import { ProviderPathSchema } from '@exocorp/shared/api-operations'
import { audit, type AppContext, type AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { evaluateAccount } from '../services/billing/state'
import { recordDelivery, statusForHttp } from '../services/connector-events'
import type { VerificationResult } from '@exocorp/shared/connector-events'
import {
  receiveWebhook,
  verifyWebhook,
  WEBHOOK_HEADERS,
  type WebhookDelivery,
  type WebhookOutcome,
} from '../services/billing/webhooks'

/**
 * A signed delivery, however it arrived: verify, record once, audit, and re-evaluate the account
 * so a payment lifts grace, restriction or suspension at once. The webhook route below and the
 * built-in test provider's checkout page (routes/test-checkout.ts) both come through here.
 */
export async function acceptWebhook(c: AppContext, d: WebhookDelivery): Promise<WebhookOutcome> {
  const deps = c.get('deps')
  const { provider } = d
  const actor = { type: 'system' as const, id: null, label: `${provider} webhook` }
  const started = performance.now()
  let outcome
  // Until the signature holds, the delivery is not trusted: its body is not kept (decision 047).
  let verification: VerificationResult | null = null
  try {
    verifyWebhook(deps, d)
    verification = 'verified'
    outcome = await receiveWebhook(deps, provider, d.id ?? '', d.rawBody)
  } catch (err) {
    const status = err instanceof AppError ? err.status : 500
    const refusedAs = err instanceof AppError ? (err.details?.verification as VerificationResult | undefined) : undefined
    await recordDelivery(deps, {
      source: 'payment',
      connector: provider,
      eventId: d.id ?? null,
      companyId: null,
      verification: verification ?? refusedAs ?? 'bad_signature',
      status: statusForHttp(status),
      reason: err instanceof AppError ? err.message : 'The handler failed',
      latencyMs: performance.now() - started,
      payload: verification ? d.rawBody : null,
      meta: { provider },
    })
    await audit(c, {
      actor,
      action: 'billing.webhook_refused',
      target: { type: 'provider_event', id: d.id?.slice(0, 200) ?? null },
      outcome: 'failed',
      summary: `Webhook from ${provider} refused: ${err instanceof AppError ? err.message : 'error'}`,
      details: { provider, status: err instanceof AppError ? err.status : 500 },
    })
    throw err
  }
  await audit(c, {
    actor,
    action: 'billing.webhook_received',
    target: { type: 'provider_event', id: outcome.providerEventId },
    outcome: 'succeeded',
    summary: outcome.duplicate
      ? `Duplicate delivery of ${provider} event ${d.id} ignored`
      : `${provider} event ${d.id} ${outcome.status}`,
    details: { provider, eventId: d.id, status: outcome.status, duplicate: outcome.duplicate, accountId: outcome.accountId },
  })
  if (outcome.booked && outcome.accountId) await evaluateAccount(deps, outcome.accountId, 'payment received')
  await recordDelivery(deps, {
    source: 'payment',
    connector: provider,
    eventId: d.id ?? null,
    companyId: null,
    verification: outcome.duplicate ? 'replayed' : 'verified',
    status: 'delivered',
    reason: outcome.duplicate
      ? 'Already received; nothing booked again'
      : outcome.status === 'booked'
        ? null
        : `Not booked (${outcome.status})`,
    latencyMs: performance.now() - started,
    payload: d.rawBody,
    meta: { provider, accountId: outcome.accountId },
  })
  return outcome
}

/**
 * Mounted at /api/billing/webhooks: the signature is the authentication (guard.webhook). Refusals are audited; duplicates answer 200 and book nothing.
 */
export const billingWebhookRoutes = new Hono<AppEnv>().post(
  '/:provider',
  guard.webhook,
  validate('param', ProviderPathSchema),
  async (c) => {
    const { provider } = c.req.valid('param')
    const outcome = await acceptWebhook(c, {
      provider,
      id: c.req.header(WEBHOOK_HEADERS.id),
      timestamp: c.req.header(WEBHOOK_HEADERS.timestamp),
      signature: c.req.header(WEBHOOK_HEADERS.signature),
      rawBody: await c.req.text(),
    })
    return c.json({ received: true, duplicate: outcome.duplicate, status: outcome.status }, 200)
  },
)
