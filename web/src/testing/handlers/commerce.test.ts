import { describe, expect, it } from 'vitest'
import { API, pathOf } from '@exocorp/shared/api-paths'
import { db, resetMockDb } from '@/testing/mock-db'

// The mock answers adding a store product as the BFF does (bff/src/routes/company-commerce.ts): the
// body is validated before the exocorp is looked up, and a refusal is worded by the shared
// `fieldErrorsOf` — an unknown field names the fields allowed, as bff/test/api-surface.test.ts shows.

const post = (companyId: string, body: string) =>
  fetch(new URL(pathOf(API.registry.addStoreProduct.path, { id: companyId }), window.location.origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })

describe('the mock’s add-product answer', () => {
  it('refuses a bad body before it looks at the exocorp, naming the fields allowed', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const before = structuredClone(db.commerce)
    for (const id of ['c-acme', 'no-such-exocorp']) {
      const res = await post(id, JSON.stringify({ name: 'Gift card', priceMinor: 2550, colour: 'red' }))
      expect(res.status).toBe(400)
      const { error } = await res.json()
      expect(error.code).toBe('validation_failed')
      expect(error.details.fields).toEqual({ colour: ['Unknown field; allowed: name, priceMinor'] })
      expect(error.details.fieldIssues).toEqual({ colour: [{ code: 'unrecognized_keys', allowed: ['name', 'priceMinor'] }] })
    }
    const notJson = await post('no-such-exocorp', '{"name":')
    expect(notJson.status).toBe(400)
    expect((await notJson.json()).error.code).toBe('bad_request')
    expect(db.commerce).toEqual(before)

    // A good body for an exocorp that is not there: only then the 404.
    expect((await post('no-such-exocorp', JSON.stringify({ name: 'Gift card', priceMinor: 2550 }))).status).toBe(404)
  })
})
