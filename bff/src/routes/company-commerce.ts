import { Hono } from 'hono'
import { visibleCompany } from '../http/company-access'
import type { AppEnv } from '../http/context'
import { polledJson } from '../http/etag'
import { guard } from '../http/guards'
import { polled } from '../http/respond'
import { commerceViewChangesAt, companyCommerce } from '../services/commerce'

/**
 * An exocorp's stores (decision 055): its owner and members read them in the exocorp's context;
 * anyone else gets the 404 of an unknown exocorp. Polled like the admin list.
 */
export const companyCommerceRoutes = new Hono<AppEnv>().get('/companies/:id/commerce', polled(guard.user), async (c) =>
  polledJson(
    c,
    async () => {
      const { company } = await visibleCompany(c, c.req.param('id'))
      return companyCommerce(c.get('deps'), company.id)
    },
    { until: (view) => commerceViewChangesAt(view.stores, c.get('deps').clock.now()) },
  ),
)
