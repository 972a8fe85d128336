import { Hono } from 'hono'
import { BindInputSchema, UsageQuerySchema } from '@exocorp/shared/companies'
import { audit, type AppEnv } from '../http/context'
import { principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { AppError, isAppError } from '../lib/errors'
import { bindProvider, listBindings, targetReleaseFor } from '../services/catalog/bindings'
import { updateHandshake } from '../services/catalog/handshake'
import { renderManifest } from '../services/catalog/manifest'
import { listUsageEvents } from '../services/catalog/pricing'
import { attempt, ownedCompany, validateAudited, visibleCompany } from './catalog-attempt'

/**
 * Per-exocorp configuration around the lifecycle: credential bindings, the update handshake, the
 * manifest preview and usage. Members see (bindings, handshake, usage); only the owner binds and
 * reads the manifest (a member gets 403 there, everyone else 404).
 */
export const companyConfigRoutes = new Hono<AppEnv>()
  .get('/registry/companies/:id/bindings', async (c) => {
    const { company } = await visibleCompany(c, c.req.param('id'))
    return c.json(await listBindings(c.var.deps, company.id), 200)
  })

  .post(
    '/registry/companies/:id/bindings',
    validateAudited('json', BindInputSchema, (c) => ({
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
            list: await bindProvider(c.var.deps, { companyId: company.id, ownerUserId: company.ownerUserId, ...input }),
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

  .get('/registry/companies/:id/update-handshake', async (c) => {
    const { company } = await visibleCompany(c, c.req.param('id'))
    return c.json(await updateHandshake(c.var.deps, company), 200)
  })

  .get('/registry/companies/:id/manifest', async (c) => {
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
    const deps = c.var.deps
    // The manifest written by the last provision is the effective one; before that, a preview.
    if (company.manifestYaml) return c.json({ yaml: company.manifestYaml, generatedAt: company.manifestGeneratedAt }, 200)
    const release = await targetReleaseFor(deps, company)
    if (!release) throw AppError.conflict('release_lookup_failed', `No release is published on the ${company.channel} channel`)
    const yaml = await renderManifest(deps, { company, release, bindings: await listBindings(deps, company.id, release) })
    return c.json({ yaml, generatedAt: null }, 200)
  })

  .get('/runtime/billing/usage', validate('query', UsageQuerySchema), async (c) => {
    const query = c.req.valid('query')
    const { company } = await visibleCompany(c, query.companyId)
    return c.json(await listUsageEvents(c.var.deps, { ...query, companyId: company.id }), 200)
  })
