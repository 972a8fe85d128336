import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { z } from 'zod/mini'
import { API } from '@exocorp/shared/api-paths'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { apiError } from '@/testing/http'
import { server } from '@/testing/server'
import { api, isApiError, NoContentSchema } from './api-client'

describe('the API client', () => {
  it('fills and encodes path params, adds the query, and resolves a 204 to undefined', async () => {
    let seen = ''
    server.use(
      http.delete('/api/registry/provider-secrets/:id', ({ request }) => {
        seen = request.url
        return new HttpResponse(null, { status: 204 })
      }),
    )
    await expect(
      api.delete(API.registry.deleteProviderSecret, NoContentSchema, { params: { id: 'a/b' }, query: { x: 1, y: undefined } }),
    ).resolves.toBeUndefined()
    expect(new URL(seen).pathname + new URL(seen).search).toBe('/api/registry/provider-secrets/a%2Fb?x=1')
  })

  it('turns every non-2xx answer into an ApiError, for every verb', async () => {
    server.use(
      http.put('/api/admin/billing/accounts/:id/policy', () => apiError(409, 'conflict', 'No', { reason: 'x' })),
      http.patch('/api/registry/companies/:id', () => new HttpResponse('not json', { status: 502 })),
    )
    const refused = await api
      .put(ADMIN_API.setGracePolicy, z.object({}), { params: { id: 'ba-1' }, body: { graceDays: 1 } })
      .catch((e: unknown) => e)
    expect(isApiError(refused) && [refused.status, refused.code, refused.details]).toEqual([409, 'conflict', { reason: 'x' }])
    const broken = await api
      .patch(API.registry.updateCompany, z.object({}), { params: { id: 'c' }, body: {} })
      .catch((e: unknown) => e)
    expect(isApiError(broken) && [broken.status, broken.code]).toEqual([502, 'unknown'])
  })

  it('accepts only declared endpoints, with the verb they were declared with and their params', () => {
    // Never called: the checks are the compiler's.
    const typeChecks = () => [
      // @ts-expect-error a GET endpoint is not a POST
      api.post(API.auth.me, z.object({})),
      // @ts-expect-error a path with :id needs params
      api.get(API.registry.company, z.object({})),
      // @ts-expect-error and the right params
      api.get(API.registry.company, z.object({}), { params: { slug: 'x' } }),
      // @ts-expect-error an untyped string is no endpoint
      api.get('/api/auth/me', z.object({})),
    ]
    expect(typeChecks).toBeTypeOf('function')
  })
})
