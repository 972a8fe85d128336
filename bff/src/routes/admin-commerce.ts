import { Hono } from 'hono'
import { AdminCommerceQuerySchema } from '@exocorp/shared/commerce'
import type { AppEnv } from '../http/context'
import { polledJson } from '../http/etag'
import { guard } from '../http/guards'
import { polled } from '../http/respond'
import { validate } from '../http/validate'
import { commerceViewChangesAt, listAdminCommerce } from '../services/commerce'

/**
 * Mounted at /api/admin/commerce (decision 055): every runtime's store as last reported, stale ones
 * flagged; admins read. Polled: the view changes with snapshots (writes) and with the clock (a store
 * turns stale, the revenue window moves at midnight), both of which the polled lane follows.
 */
export const adminCommerceRoutes = new Hono<AppEnv>().get(
  '/',
  polled(guard.admin),
  validate('query', AdminCommerceQuerySchema),
  async (c) =>
    polledJson(c, () => listAdminCommerce(c.get('deps'), c.req.valid('query')), {
      until: (view) => commerceViewChangesAt(view.items, c.get('deps').clock.now()),
    }),
)
