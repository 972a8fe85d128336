import { Hono } from 'hono'
import type { AppEnv } from '../http/context'
import { jsonWithEtag } from '../http/etag'
import { principalOf } from '../http/guards'
import { getOwnerBilling } from '../services/billing/views'

/** Mounted at /api/billing: the signed-in owner's own account, polled by the billing banner (ETag). */
export const billingRoutes = new Hono<AppEnv>().get('/account', async (c) =>
  jsonWithEtag(c, await getOwnerBilling(c.var.deps, principalOf(c).user.id)),
)
