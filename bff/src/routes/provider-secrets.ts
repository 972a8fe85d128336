import { Hono } from 'hono'
import { CreateProviderSecretInputSchema, RotateProviderSecretInputSchema } from '@exocorp/shared/companies'
import type { AppEnv } from '../http/context'
import { principalOf } from '../http/guards'
import {
  createProviderSecret,
  deleteProviderSecret,
  getProviderSecret,
  listProviderSecrets,
  rotateProviderSecret,
} from '../services/catalog/secrets'
import { attempt, validateAudited } from './catalog-attempt'

/**
 * Account-scoped provider credentials. Write-only: responses carry id, provider, label, last 4, dates
 * and which exocorps use it; never the value. Another account's id answers 404.
 */
export const providerSecretRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ items: await listProviderSecrets(c.var.deps, principalOf(c).user.id) }, 200))

  .get('/:id', async (c) => c.json(await getProviderSecret(c.var.deps, principalOf(c).user.id, c.req.param('id')), 200))

  .post(
    '/',
    validateAudited('json', CreateProviderSecretInputSchema, () => ({
      action: 'provider_secret.create',
      target: { type: 'provider_secret', id: null },
      failSummary: 'Adding a provider credential was refused',
    })),
    async (c) => {
      const input = c.req.valid('json')
      const secret = await attempt(
        c,
        {
          action: 'provider_secret.create',
          target: { type: 'provider_secret', id: null },
          failSummary: `Adding the ${input.provider} credential “${input.label}” failed`,
        },
        () => createProviderSecret(c.var.deps, principalOf(c).user.id, input),
        (s) => ({
          targetId: s.id,
          summary: `Added the ${s.provider} credential “${s.label}”`,
          details: { provider: s.provider, label: s.label },
        }),
      )
      return c.json(secret, 201)
    },
  )

  .post(
    '/:id/rotate',
    validateAudited('json', RotateProviderSecretInputSchema, (c) => ({
      action: 'provider_secret.rotate',
      target: { type: 'provider_secret', id: c.req.param('id') ?? null },
      failSummary: 'Rotating a provider credential was refused',
    })),
    async (c) => {
      const id = c.req.param('id')
      const secret = await attempt(
        c,
        {
          action: 'provider_secret.rotate',
          target: { type: 'provider_secret', id },
          failSummary: 'Rotating a provider credential failed',
        },
        () => rotateProviderSecret(c.var.deps, principalOf(c).user.id, id, c.req.valid('json').value),
        (s) => ({
          summary: `Rotated the ${s.provider} credential “${s.label}” (${s.usedBy.length} exocorp${s.usedBy.length === 1 ? '' : 's'} keep their binding)`,
          details: { provider: s.provider, label: s.label, boundCompanies: s.usedBy.map((u) => u.companyId) },
        }),
      )
      return c.json(secret, 200)
    },
  )

  .delete('/:id', async (c) => {
    const id = c.req.param('id')
    const secret = await attempt(
      c,
      {
        action: 'provider_secret.delete',
        target: { type: 'provider_secret', id },
        failSummary: 'Deleting a provider credential was refused',
      },
      () => deleteProviderSecret(c.var.deps, principalOf(c).user.id, id),
      (s) => ({
        summary: `Deleted the ${s.provider} credential “${s.label}”`,
        details: { provider: s.provider, label: s.label },
      }),
    )
    return c.json(secret, 200)
  })
