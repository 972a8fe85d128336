import { Hono } from 'hono'
import type { AppEnv } from '../http/context'
import { jsonWithEtag } from '../http/etag'
import { guard, principalOf } from '../http/guards'
import { getOwnerBilling } from '../services/billing/views'
import { billingWebhookRoutes } from './billing-webhooks'

/** Mounted at /api/billing: the signed-in owner's own account (polled by the billing banner, ETag) and the providers' webhooks. */
export const billingRoutes = new Hono<AppEnv>()
  .get('/account', guard.user, async (c) => jsonWithEtag(c, await getOwnerBilling(c.var.deps, principalOf(c).user.id)))
  .route('/webhooks', billingWebhookRoutes)
