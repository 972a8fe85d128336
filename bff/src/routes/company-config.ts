import { Hono } from 'hono'
import { BindInputSchema } from '@exocorp/shared/companies'
import { audit, type AppEnv } from '../http/context'
import { attempt } from '../http/attempt'
import { companyAgentRoutes } from './company-agents'
import { ownedCompany, visibleCompany } from '../http/company-access'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { AppError, isAppError } from '../lib/errors'
import { bindProvider, listBindings, targetReleaseFor } from '../services/catalog/bindings'
import { updateHandshake } from '../services/catalog/handshake'
import { renderManifest } from '../services/catalog/manifest'

/**
 * Mounted at /api/registry/companies: per-exocorp configuration around the lifecycle: credential
 * bindings, the update handshake and the manifest preview. Members see (bindings, handshake); only the owner binds and
 * reads the manifest (a member gets 403 there, everyone else 404).
 */
export const companyConfigRoutes = new Hono<AppEnv>()
  .get('/:id/bindings', guard.user, async (c) => {
    const { company } = await visibleCompany(c, c.req.param('id'))
    return c.json(await listBindings(c.get('deps'), company.id), 200)
  })

  .post(
    '/:id/bindings',
    guard.user,
    validate('json', BindInputSchema, (c) => ({
      action: 'binding.set',
      target: { type: 'company', id: c.req.param('id') ?? null },
      failSummary: 'Changing a credential binding was refused',
    })),
    async (c) => {
      const input = c.req.valid('json')
      const companyId = c.req.param('id')
      const verb = input.secretId === null ? 'Unbinding' : 'Binding'
      const { list } = await attempt(
        c,
        {
          action: 'binding.set',
          target: { type: 'company', id: companyId },
          failSummary: `${verb} ${input.provider} was refused`,
        },
        async () => {
          const { company } = await ownedCompany(c, companyId)
          return {
            company,
            list: await bindProvider(c.get('deps'), { companyId: company.id, ownerUserId: company.ownerUserId, ...input }),
          }
        },
        ({ company, list }) => {
          const row = list.items.find((i) => i.provider === input.provider)
          return {
            summary:
              input.secretId === null
                ? `${company.slug}: ${input.provider} unbound`
                : `${company.slug}: ${input.provider} bound to “${row?.secretLabel ?? '?'}”`,
            details: { provider: input.provider, secretId: input.secretId, coverage: list.coverage },
          }
        },
      )
      return c.json(list, 200)
    },
  )

  .get('/:id/update-handshake', guard.user, async (c) => {
    const { company } = await visibleCompany(c, c.req.param('id'))
    return c.json(await updateHandshake(c.get('deps'), company), 200)
  })

  .get('/:id/manifest', guard.user, async (c) => {
    let access
    try {
      access = await ownedCompany(c, c.req.param('id'))
    } catch (err) {
      // A member asking for the owner-only manifest is a denied attempt worth recording.
      if (isAppError(err) && err.status === 403) {
        await audit(c, {
          action: 'company.manifest.read',
          target: { type: 'company', id: c.req.param('id') },
          outcome: 'failed',
          summary: `${principalOf(c).user.email} is a member, not the owner, and cannot read the manifest`,
          details: { status: 403 },
        })
      }
      throw err
    }
    const { company } = access
    const deps = c.get('deps')
    // The manifest written by the last provision is the effective one; before that, a preview.
    if (company.manifestYaml) return c.json({ yaml: company.manifestYaml, generatedAt: company.manifestGeneratedAt }, 200)
    const release = await targetReleaseFor(deps, company)
    if (!release) throw AppError.conflict('release_lookup_failed', `No release is published on the ${company.channel} channel`)
    const yaml = await renderManifest(deps, { company, release, bindings: await listBindings(deps, company.id, release) })
    return c.json({ yaml, generatedAt: null }, 200)
  })

  .route('/', companyAgentRoutes)
