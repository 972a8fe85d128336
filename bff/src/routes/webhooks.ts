import { Hono } from 'hono'
import { EmptyActionInputSchema } from '@exocorp/shared/site'
import {
  CreateWebhookInputSchema,
  RotateWebhookSecretInputSchema,
  UpdateWebhookInputSchema,
  WebhookDeliveryPathSchema,
  WebhookDeliveryQuerySchema,
  WebhookPathSchema,
  type WebhookEndpointList,
} from '@exocorp/shared/webhooks'
import { attempt } from '../http/attempt'
import { ownedCompany } from '../http/company-access'
import type { AppContext, AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import {
  createWebhook,
  deleteWebhook,
  getDelivery,
  getWebhook,
  listDeliveries,
  listWebhooks,
  resendDelivery,
  rotateWebhookSecret,
  updateWebhook,
} from '../services/webhooks/endpoints'
import { sendTestEvent } from '../services/webhooks/dispatch'

// An owner's outgoing webhooks (decision 046). Account-level, in a browser session (an agent's
// token is refused: the secret is shown here); each endpoint hears only about exocorps its user
// owns, checked when saved (a member 403, anyone else's 404) and again at every fan-out.

const hookAttempt = (c: AppContext, action: string, id: string | null) => ({
  action,
  target: { type: 'webhook', id },
  failSummary: `${principalOf(c).user.email}: ${action} refused`,
})

const userId = (c: AppContext) => principalOf(c).user.id
const owns = (c: AppContext) => (companyId: string) => ownedCompany(c, companyId)
const hostOf = (url: string) => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

export const webhookRoutes = new Hono<AppEnv>()
  .get('/', guard.session, async (c) => {
    const body: WebhookEndpointList = { items: await listWebhooks(c.get('deps'), userId(c)) }
    return c.json(body, 200)
  })
  .post(
    '/',
    guard.session,
    validate('json', CreateWebhookInputSchema, (c) => hookAttempt(c, 'webhook.created', null)),
    async (c) => {
      const input = c.req.valid('json')
      const created = await attempt(
        c,
        hookAttempt(c, 'webhook.created', null),
        () => createWebhook(c.get('deps'), userId(c), input, owns(c)),
        (r) => ({
          summary: `${principalOf(c).user.email} added a webhook to ${hostOf(r.endpoint.url)}`,
          targetId: r.endpoint.id,
          details: { url: r.endpoint.url, eventTypes: r.endpoint.eventTypes, exocorpIds: r.endpoint.exocorpIds },
        }),
      )
      return c.json(created, 201)
    },
  )
  .get('/:webhookId', guard.session, validate('param', WebhookPathSchema), async (c) => {
    return c.json(await getWebhook(c.get('deps'), userId(c), c.req.valid('param').webhookId), 200)
  })
  .patch(
    '/:webhookId',
    guard.session,
    validate('param', WebhookPathSchema, (c) => hookAttempt(c, 'webhook.updated', null)),
    validate('json', UpdateWebhookInputSchema, (c) => hookAttempt(c, 'webhook.updated', c.req.param('webhookId') ?? null)),
    async (c) => {
      const { webhookId } = c.req.valid('param')
      const input = c.req.valid('json')
      const updated = await attempt(
        c,
        hookAttempt(c, 'webhook.updated', webhookId),
        () => updateWebhook(c.get('deps'), userId(c), webhookId, input, owns(c)),
        (r) => ({
          summary: `${principalOf(c).user.email} changed the webhook to ${hostOf(r.url)}`,
          details: { fields: Object.keys(input), state: r.state },
        }),
      )
      return c.json(updated, 200)
    },
  )
  .delete(
    '/:webhookId',
    guard.session,
    validate('param', WebhookPathSchema, (c) => hookAttempt(c, 'webhook.deleted', null)),
    async (c) => {
      const { webhookId } = c.req.valid('param')
      await attempt(
        c,
        hookAttempt(c, 'webhook.deleted', webhookId),
        () => deleteWebhook(c.get('deps'), userId(c), webhookId),
        (r) => ({ summary: `${principalOf(c).user.email} deleted the webhook to ${hostOf(r.url)}` }),
      )
      const body: WebhookEndpointList = { items: await listWebhooks(c.get('deps'), userId(c)) }
      return c.json(body, 200)
    },
  )
  .post(
    '/:webhookId/rotate-secret',
    guard.session,
    validate('param', WebhookPathSchema, (c) => hookAttempt(c, 'webhook.secret_rotated', null)),
    validate('json', RotateWebhookSecretInputSchema, (c) =>
      hookAttempt(c, 'webhook.secret_rotated', c.req.param('webhookId') ?? null),
    ),
    async (c) => {
      const { webhookId } = c.req.valid('param')
      const { overlapMinutes } = c.req.valid('json')
      const rotated = await attempt(
        c,
        hookAttempt(c, 'webhook.secret_rotated', webhookId),
        () => rotateWebhookSecret(c.get('deps'), userId(c), webhookId, overlapMinutes),
        (r) => ({
          summary: `${principalOf(c).user.email} rotated the secret of the webhook to ${hostOf(r.endpoint.url)}`,
          details: { previousSecretExpiresAt: r.endpoint.previousSecretExpiresAt },
        }),
      )
      return c.json(rotated, 200)
    },
  )
  .post(
    '/:webhookId/test',
    guard.session,
    validate('param', WebhookPathSchema, (c) => hookAttempt(c, 'webhook.test_sent', null)),
    validate('json', EmptyActionInputSchema, (c) => hookAttempt(c, 'webhook.test_sent', c.req.param('webhookId') ?? null)),
    async (c) => {
      const { webhookId } = c.req.valid('param')
      const sent = await attempt(
        c,
        hookAttempt(c, 'webhook.test_sent', webhookId),
        () => sendTestEvent(c.get('deps'), userId(c), webhookId),
        (r) => ({
          summary: `${principalOf(c).user.email} sent a test event to webhook ${webhookId}: ${r.state === 'succeeded' ? `HTTP ${r.lastStatus}` : (r.lastError ?? 'failed')}`,
          details: { deliveryId: r.id, state: r.state, status: r.lastStatus },
        }),
      )
      return c.json(sent, 200)
    },
  )
  .get(
    '/:webhookId/deliveries',
    guard.session,
    validate('param', WebhookPathSchema),
    validate('query', WebhookDeliveryQuerySchema),
    async (c) =>
      c.json(await listDeliveries(c.get('deps'), userId(c), c.req.valid('param').webhookId, c.req.valid('query')), 200),
  )
  .get('/:webhookId/deliveries/:deliveryId', guard.session, validate('param', WebhookDeliveryPathSchema), async (c) => {
    const { webhookId, deliveryId } = c.req.valid('param')
    return c.json(await getDelivery(c.get('deps'), userId(c), webhookId, deliveryId), 200)
  })
  .post(
    '/:webhookId/deliveries/:deliveryId/resend',
    guard.session,
    validate('param', WebhookDeliveryPathSchema, (c) => hookAttempt(c, 'webhook.delivery_resent', null)),
    validate('json', EmptyActionInputSchema, (c) => hookAttempt(c, 'webhook.delivery_resent', c.req.param('webhookId') ?? null)),
    async (c) => {
      const { webhookId, deliveryId } = c.req.valid('param')
      const resent = await attempt(
        c,
        hookAttempt(c, 'webhook.delivery_resent', webhookId),
        () => resendDelivery(c.get('deps'), userId(c), webhookId, deliveryId),
        (r) => ({ summary: `${principalOf(c).user.email} resent webhook delivery ${r.id}`, details: { deliveryId: r.id } }),
      )
      return c.json(resent, 200)
    },
  )
