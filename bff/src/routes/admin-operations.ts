import { Hono } from 'hono'
import {
  AdminUserPathSchema,
  BroadcastPathSchema,
  CreateBroadcastInputSchema,
  CredentialPathSchema,
  NewsletterExportInputSchema,
  RevokeCredentialInputSchema,
  SaveSkillDocumentInputSchema,
  SkillPathSchema,
} from '@exocorp/shared/platform-ops'
import { attempt } from '../http/attempt'
import { audit, type AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { cancelBroadcast, createBroadcast, listBroadcasts } from '../services/operations/broadcasts'
import { adminCredentialsOf, revokeCredential } from '../services/operations/credential-revocation'
import { newsletterCsv, newsletterSubscriberCount } from '../services/operations/newsletter'
import {
  deleteSkillDocument,
  listSkillDocuments,
  saveSkillDocument,
  skillDocumentDetail,
} from '../services/operations/skill-documents'

/**
 * Mounted at /api/admin: the destructive super-admin actions of seed 003 that operations I and II
 * left (decision 043) — BYOK revoke, broadcasts, newsletter export, platform skill documents.
 * Admins read; platform owners act behind a fresh step-up; every attempt (refused input included)
 * is audited.
 */
export const adminOperationRoutes = new Hono<AppEnv>()
  // ---- BYOK revoke
  .get('/users/:userId/credentials', guard.admin, validate('param', AdminUserPathSchema), async (c) =>
    c.json(await adminCredentialsOf(c.get('deps'), c.req.valid('param').userId), 200),
  )
  .post(
    '/credentials/:id/revoke',
    guard.platformOwner,
    validate('param', CredentialPathSchema),
    validate('json', RevokeCredentialInputSchema, (c) => ({
      action: 'provider_secret.revoked',
      target: { type: 'provider_secret', id: c.req.param('id') ?? null },
      failSummary: 'Revoking a provider credential was refused',
    })),
    async (c) => {
      const p = principalOf(c)
      const { id } = c.req.valid('param')
      const { reason } = c.req.valid('json')
      const r = await attempt(
        c,
        {
          action: 'provider_secret.revoked',
          target: { type: 'provider_secret', id },
          failSummary: `${p.user.email}: revoking a provider credential failed`,
        },
        () => revokeCredential(c.get('deps'), p.user, id, reason),
        (r) => ({
          summary: `${p.user.email} revoked the ${r.provider} credential “${r.label}” (…${r.last4}) of a tenant: ${reason}`,
          details: {
            ownerUserId: r.ownerUserId,
            provider: r.provider,
            label: r.label,
            reason,
            affectedCompanies: r.affectedCompanies.map((a) => a.id),
          },
        }),
      )
      const { ownerUserId: _owner, ...revocation } = r
      return c.json(revocation, 200)
    },
  )

  // ---- Broadcasts
  .get('/broadcasts', guard.admin, async (c) => c.json(await listBroadcasts(c.get('deps')), 200))
  .post(
    '/broadcasts',
    guard.platformOwner,
    validate('json', CreateBroadcastInputSchema, () => ({
      action: 'broadcast.created',
      target: { type: 'broadcast', id: null },
      failSummary: 'A broadcast was refused',
    })),
    async (c) => {
      const p = principalOf(c)
      const input = c.req.valid('json')
      const b = await attempt(
        c,
        {
          action: 'broadcast.created',
          target: { type: 'broadcast', id: null },
          failSummary: `${p.user.email}: a broadcast failed`,
        },
        () => createBroadcast(c.get('deps'), p.user, input),
        (b) => ({
          targetId: b.id,
          summary: `${p.user.email} broadcast “${b.title}” to ${b.segment} (${b.startsAt} → ${b.endsAt})`,
          details: { segment: b.segment, severity: b.severity, startsAt: b.startsAt, endsAt: b.endsAt, state: b.state },
        }),
      )
      return c.json(b, 201)
    },
  )
  .post('/broadcasts/:id/cancel', guard.platformOwner, validate('param', BroadcastPathSchema), async (c) => {
    const p = principalOf(c)
    const { id } = c.req.valid('param')
    const b = await attempt(
      c,
      {
        action: 'broadcast.cancelled',
        target: { type: 'broadcast', id },
        failSummary: `${p.user.email}: cancelling a broadcast refused`,
      },
      () => cancelBroadcast(c.get('deps'), id),
      (b) => ({ summary: `${p.user.email} cancelled the broadcast “${b.title}”` }),
    )
    return c.json(b, 200)
  })

  // ---- Newsletter
  .get('/newsletter', guard.admin, async (c) => c.json({ subscribers: await newsletterSubscriberCount(c.get('deps')) }, 200))
  .post(
    '/newsletter/export',
    guard.platformOwner,
    validate('json', NewsletterExportInputSchema, () => ({
      action: 'newsletter.exported',
      target: { type: 'newsletter', id: null },
      failSummary: 'A newsletter export was refused',
    })),
    async (c) => {
      const p = principalOf(c)
      const { csv, rows } = await newsletterCsv(c.get('deps'))
      await audit(c, {
        action: 'newsletter.exported',
        target: { type: 'newsletter', id: null },
        outcome: 'succeeded',
        summary: `${p.user.email} exported ${rows} newsletter subscriber(s) as CSV`,
        details: { rows },
      })
      const stamp = c.get('deps').clock.now().toISOString().slice(0, 10)
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="newsletter-subscribers-${stamp}.csv"`,
        'Cache-Control': 'no-store',
      })
    },
  )

  // ---- Platform skill documents
  .get('/skills', guard.admin, async (c) => c.json(await listSkillDocuments(c.get('deps')), 200))
  .get('/skills/:slug', guard.admin, validate('param', SkillPathSchema), async (c) =>
    c.json(await skillDocumentDetail(c.get('deps'), c.req.valid('param').slug), 200),
  )
  .put(
    '/skills/:slug',
    guard.platformOwner,
    validate('param', SkillPathSchema, (c) => ({
      action: 'skill.saved',
      target: { type: 'skill_document', id: null },
      failSummary: `A skill document at an invalid path was refused`,
      details: { slug: (c.req.param('slug') ?? '').slice(0, 80) },
    })),
    validate('json', SaveSkillDocumentInputSchema, (c) => ({
      action: 'skill.saved',
      target: { type: 'skill_document', id: c.req.param('slug') ?? null },
      failSummary: 'Saving a skill document was refused',
    })),
    async (c) => {
      const p = principalOf(c)
      const { slug } = c.req.valid('param')
      const doc = await attempt(
        c,
        {
          action: 'skill.saved',
          target: { type: 'skill_document', id: slug },
          failSummary: `${p.user.email}: saving ${slug} failed`,
        },
        () => saveSkillDocument(c.get('deps'), p.user, slug, c.req.valid('json')),
        (d) => ({
          summary: `${p.user.email} ${d.created ? 'published' : 'saved'} skill document ${d.path} (version ${d.currentVersion})`,
          details: { version: d.currentVersion },
        }),
      )
      const { created, ...document } = doc
      return c.json(document, created ? 201 : 200)
    },
  )
  .delete('/skills/:slug', guard.platformOwner, validate('param', SkillPathSchema), async (c) => {
    const p = principalOf(c)
    const { slug } = c.req.valid('param')
    const doc = await attempt(
      c,
      {
        action: 'skill.deleted',
        target: { type: 'skill_document', id: slug },
        failSummary: `${p.user.email}: deleting ${slug} refused`,
      },
      () => deleteSkillDocument(c.get('deps'), slug),
      (d) => ({ summary: `${p.user.email} deleted skill document ${d.path} (${d.currentVersion} version(s) kept)` }),
    )
    return c.json(doc, 200)
  })
