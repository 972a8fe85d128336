import { describe, expect, it } from 'vitest'
import { CompanyCommerceSchema, StoreProductSchema } from '@exocorp/shared/commerce'
import { createLocalDriver } from '../src/runtime/local/local-driver'
import { addMembership, auditRows } from './catalog-helpers'
import { freePort } from './bff-process'
import { serveWithEvents } from './events-fixtures'
import { signUp, TestClient } from './harness'
import { createCompany, makeLifecycleHarness, ownerWithCredentials, provisionAndWait, waitFor } from './lifecycle-fixtures'

// Decision 060: an owner adds a product to the exocorp's store from the console; the platform forwards
// it to the running runtime with the runtime's control token, and the store's next snapshot counts it.
// A real reference runtime on loopback; both databases.

describe('owners add products to their store', () => {
  it('forwards a valid product to the running runtime; bad input is 400 with field errors; only the owner may', async () => {
    const port = await freePort()
    const h = await makeLifecycleHarness({
      env: { PORT: String(port) },
      driver: (dataDir) => createLocalDriver({ dataDir, stopGraceMs: 1_000, orphanGraceMs: 2_000, snapshotIntervalMs: 1_000 }),
    })
    try {
      await ownerWithCredentials(h)
      await serveWithEvents(h, { port }) // the runtime reports its snapshots over real HTTP
      // No shop agent: the runtime keeps no store until someone adds a product.
      const c = await createCompany(h.client, 'kiosk', 'Kiosk')
      const add = (client: TestClient, body: unknown) => client.post(`/api/registry/companies/${c.id}/commerce/products`, body)
      const stores = async () =>
        CompanyCommerceSchema.parse((await h.client.get(`/api/registry/companies/${c.id}/commerce`)).json).stores

      // A draft has no runtime to keep a store.
      const early = await add(h.client, { name: 'Gift card', priceMinor: 2_500 })
      expect(early.status, early.text).toBe(409)
      expect(early.json.error.details).toMatchObject({ reason: 'runtime_not_running', status: 'draft' })

      expect((await provisionAndWait(h.client, c.id)).status).toBe('running')
      const member = new TestClient(h.app)
      await addMembership(h, c.id, (await signUp(member, 'member@example.com')).me.user.id)
      const stranger = new TestClient(h.app)
      await signUp(stranger, 'stranger@example.com')
      expect((await add(member, { name: 'Gift card', priceMinor: 2_500 })).status).toBe(403)
      expect((await add(stranger, { name: 'Gift card', priceMinor: 2_500 })).status).toBe(404)
      expect((await add(new TestClient(h.app), { name: 'Gift card', priceMinor: 2_500 })).status).toBe(401)

      const bad = await add(h.client, { name: '  ', priceMinor: -5 })
      expect(bad.status).toBe(400)
      expect(Object.keys(bad.json.error.details.fields).sort()).toEqual(['name', 'priceMinor'])
      expect((await add(h.client, { name: 'Gift card', priceMinor: 12.5 })).json.error.details.fields.priceMinor).toBeDefined()
      expect((await add(h.client, { name: 'Gift card', priceMinor: 2_500, stock: 3 })).status).toBe(400)

      const added = await add(h.client, { name: '  Gift card ', priceMinor: 2_500 })
      expect(added.status, added.text).toBe(201)
      const product = StoreProductSchema.parse(added.json)
      expect(product).toMatchObject({ name: 'Gift card', priceMinor: 2_500 })
      expect(product.id).toMatch(/^pr_/)

      // The runtime reports the change: the store appears with the one product (the refused ones never reached it).
      const [store] = (await waitFor(async () => {
        const s = await stores()
        return s.length ? s : null
      }, 15_000))!
      expect(store).toMatchObject({ storeName: 'Kiosk shop', productCount: 1, orderCount: 0 })
      // Every signed-in attempt is audited: the draft, the member, the stranger, three bad bodies, the product.
      expect((await auditRows(h, 'store.product_added')).map((r) => r.outcome).sort()).toEqual([
        'failed',
        'failed',
        'failed',
        'failed',
        'failed',
        'failed',
        'succeeded',
      ])
    } finally {
      await h.cleanup()
    }
  }, 60_000)
})
