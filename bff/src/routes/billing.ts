import { Hono } from 'hono'
import { IdPathSchema } from '@exocorp/shared/api-operations'
import { CheckoutInputSchema } from '@exocorp/shared/billing'
import { audit, type AppEnv } from '../http/context'
import { polledJson } from '../http/etag'
import { polled } from '../http/respond'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { createCheckout, getCheckout, listReceipts } from '../services/billing/checkout'
import { billingViewChangesAt, getOwnerBilling } from '../services/billing/views'
import { billingWebhookRoutes } from './billing-webhooks'

/** Mounted at /api/billing: the signed-in owner's own account (polled by the billing banner, ETag), checkouts, receipts and the providers' webhooks. */
export const billingRoutes = new Hono<AppEnv>()
  .get('/account', polled(guard.user), async (c) =>
    // Keyed on the data version like every polled read; its days-in-state also change with the clock.
    polledJson(c, () => getOwnerBilling(c.get('deps'), principalOf(c).user.id), { until: billingViewChangesAt }),
  )
  .post('/checkout', guard.session, validate('json', CheckoutInputSchema), async (c) => {
    const input = c.req.valid('json')
    const result = await createCheckout(c.get('deps'), principalOf(c).user.id, input)
    await audit(c, {
      action: 'billing.checkout_created',
      target: { type: 'checkout_session', id: result.id },
      outcome: 'succeeded',
      summary: `Checkout opened for ${result.amountMicros / 1_000_000} ${result.currency}${input.payDue ? ' (amount due)' : ''}`,
      details: { amountMicros: result.amountMicros, payDue: input.payDue === true },
    })
    return c.json(result, 201)
  })
  .get('/checkout/:id', guard.user, validate('param', IdPathSchema), async (c) =>
    c.json(await getCheckout(c.get('deps'), principalOf(c).user.id, c.req.valid('param').id), 200),
  )
  .get('/receipts', guard.user, async (c) => c.json({ items: await listReceipts(c.get('deps'), principalOf(c).user.id) }, 200))
  .route('/webhooks', billingWebhookRoutes)
