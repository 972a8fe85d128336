import { Hono } from 'hono'
import { ProviderPathSchema } from '@exocorp/shared/api-operations'
import { audit, type AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { evaluateAccount } from '../services/billing/state'
import { receiveWebhook, verifyWebhook, WEBHOOK_HEADERS } from '../services/billing/webhooks'

/**
 * Mounted at /api/billing/webhooks: the signature is the authentication (guard.webhook). Refusals are audited; duplicates answer 200 and book nothing.
 */
export const billingWebhookRoutes = new Hono<AppEnv>().post(
  '/:provider',
  guard.webhook,
  validate('param', ProviderPathSchema),
  async (c) => {
    const deps = c.var.deps
    const { provider } = c.req.valid('param')
    const actor = { type: 'system' as const, id: null, label: `${provider} webhook` }
    const rawBody = await c.req.text()
    const eventId = c.req.header(WEBHOOK_HEADERS.id)
    let outcome
    try {
      verifyWebhook(deps, {
        provider,
        id: eventId,
        timestamp: c.req.header(WEBHOOK_HEADERS.timestamp),
        signature: c.req.header(WEBHOOK_HEADERS.signature),
        rawBody,
      })
      outcome = await receiveWebhook(deps, provider, eventId ?? '', rawBody)
    } catch (err) {
      await audit(c, {
        actor,
        action: 'billing.webhook_refused',
        target: { type: 'provider_event', id: eventId?.slice(0, 200) ?? null },
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
        ? `Duplicate delivery of ${provider} event ${eventId} ignored`
        : `${provider} event ${eventId} ${outcome.status}`,
      details: { provider, eventId, status: outcome.status, duplicate: outcome.duplicate, accountId: outcome.accountId },
    })
    if (outcome.booked && outcome.accountId) await evaluateAccount(deps, outcome.accountId, 'payment received')
    return c.json({ received: true, duplicate: outcome.duplicate, status: outcome.status }, 200)
  },
)
