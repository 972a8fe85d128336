import { Hono } from 'hono'
import type { AppEnv } from '../http/context'
import { principalOf } from '../http/guards'
import { getOwnerBilling } from '../services/billing/views'

/** Mounted at /api/billing: the signed-in owner's own account. */
export const billingRoutes = new Hono<AppEnv>().get('/account', (c) =>
  c.json(getOwnerBilling(c.var.deps, principalOf(c).user.id), 200),
)
