import { Hono } from 'hono'
import { CreateProviderSecretInputSchema, RotateProviderSecretInputSchema } from '@exocorp/shared/companies'
import type { AppEnv } from '../http/context'
import { attempt } from '../http/attempt'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import {
  createProviderSecret,
  deleteProviderSecret,
  getProviderSecret,
  listProviderSecrets,
  rotateProviderSecret,
} from '../services/catalog/secrets'

/**
 * Account-scoped provider credentials. Write-only: responses carry id, provider, label, last 4, dates
 * and which exocorps use it; never the value. Another account's id answers 404.
 */
export const providerSecretRoutes = new Hono<AppEnv>()
  .get('/', guard.user, async (c) => c.json({ items: await listProviderSecrets(c.get('deps'), principalOf(c).user.id) }, 200))

  .get('/:id', guard.user, async (c) =>
    c.json(await getProviderSecret(c.get('deps'), principalOf(c).user.id, c.req.param('id')), 200),
  )

  .post(
    '/',
    guard.user,
    validate('json', CreateProviderSecretInputSchema, () => ({
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
        () => createProviderSecret(c.get('deps'), principalOf(c).user.id, input),
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
    guard.user,
    validate('json', RotateProviderSecretInputSchema, (c) => ({
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
        () => rotateProviderSecret(c.get('deps'), principalOf(c).user.id, id, c.req.valid('json').value),
        (s) => ({
          summary: `Rotated the ${s.provider} credential “${s.label}” (${s.usedBy.length} exocorp${s.usedBy.length === 1 ? '' : 's'} keep their binding)`,
          details: { provider: s.provider, label: s.label, boundCompanies: s.usedBy.map((u) => u.companyId) },
        }),
      )
      return c.json(secret, 200)
    },
  )

  .delete('/:id', guard.user, async (c) => {
    const id = c.req.param('id')
    const secret = await attempt(
      c,
      {
        action: 'provider_secret.delete',
        target: { type: 'provider_secret', id },
        failSummary: 'Deleting a provider credential was refused',
      },
      () => deleteProviderSecret(c.get('deps'), principalOf(c).user.id, id),
      (s) => ({
        summary: `Deleted the ${s.provider} credential “${s.label}”`,
        details: { provider: s.provider, label: s.label },
      }),
    )
    return c.json(secret, 200)
  })
