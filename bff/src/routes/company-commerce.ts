import { Hono } from 'hono'
import { AddStoreProductInputSchema, type StoreProduct } from '@exocorp/shared/commerce'
import { attempt } from '../http/attempt'
import { ownedCompany, visibleCompany } from '../http/company-access'
import type { AppContext, AppEnv } from '../http/context'
import { polledJson } from '../http/etag'
import { guard, principalOf } from '../http/guards'
import { polled } from '../http/respond'
import { validate } from '../http/validate'
import { commerceViewChangesAt, companyCommerce } from '../services/commerce'
import { addStoreProduct } from '../services/store-products'

const productAttempt = (c: AppContext) => ({
  action: 'store.product_added',
  target: { type: 'company', id: c.req.param('id') ?? null },
  failSummary: `${principalOf(c).user.email}: adding a store product refused`,
})

/**
 * An exocorp's stores (decision 055): its owner and members read them in the exocorp's context;
 * anyone else gets the 404 of an unknown exocorp. Polled like the admin list. Owners add products,
 * forwarded to the running runtime (decision 060).
 */
export const companyCommerceRoutes = new Hono<AppEnv>()
  .get('/companies/:id/commerce', polled(guard.user), async (c) =>
    polledJson(
      c,
      async () => {
        const { company } = await visibleCompany(c, c.req.param('id'))
        return companyCommerce(c.get('deps'), company.id)
      },
      { until: (view) => commerceViewChangesAt(view.stores, c.get('deps').clock.now()) },
    ),
  )
  .post(
    '/companies/:id/commerce/products',
    guard.user,
    validate('json', AddStoreProductInputSchema, productAttempt),
    async (c) => {
      const input = c.req.valid('json')
      const product = await attempt(
        c,
        productAttempt(c),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return addStoreProduct(c.get('deps'), company.id, input)
        },
        (p) => ({
          summary: `${principalOf(c).user.email} added ${p.name} to the store`,
          details: { productId: p.id, name: p.name, priceMinor: p.priceMinor },
        }),
      )
      const body: StoreProduct = product
      return c.json(body, 201)
    },
  )
