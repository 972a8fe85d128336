import { Hono } from 'hono'
import {
  CreateSitePageInputSchema,
  RevertSitePageInputSchema,
  SitePagePathSchema,
  UpdateSitePageInputSchema,
} from '@exocorp/shared/site'
import { attempt } from '../http/attempt'
import { type AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { inputRefused, ownerAction, type AdminResource } from '../http/owner-action'
import { validate } from '../http/validate'
import {
  archiveSitePage,
  createSitePage,
  listSitePages,
  publishSitePage,
  revertSitePage,
  sitePageDetail,
  updateSitePage,
} from '../services/site/pages'

const PAGES: AdminResource = { type: 'site_page', path: SitePagePathSchema }
const target = (id: string | null) => ({ type: PAGES.type, id })
const refused = (action: string) => inputRefused(PAGES, action)

/**
 * Mounted at /api/admin/site/pages: the site CMS (decision 042). Admins read; every mutation is
 * the platform owner's, with a fresh step-up (guard.platformOwner), each attempt audited as
 * `site.created`, `site.updated`, `site.published`, `site.archived` or `site.reverted`.
 */
export const adminSiteRoutes = new Hono<AppEnv>()
  .get('/', guard.admin, async (c) => c.json(await listSitePages(c.get('deps')), 200))
  .post('/', guard.platformOwner, validate('json', CreateSitePageInputSchema, refused('site.created')), async (c) => {
    const p = principalOf(c)
    const input = c.req.valid('json')
    const page = await attempt(
      c,
      { action: 'site.created', target: target(null), failSummary: `${p.user.email}: creating page /${input.slug} refused` },
      () => createSitePage(c.get('deps'), input),
      (r) => ({ summary: `${p.user.email} created page /${r.slug}`, targetId: r.id, details: { slug: r.slug } }),
    )
    return c.json(page, 201)
  })
  .get('/:id', guard.admin, validate('param', SitePagePathSchema), async (c) =>
    c.json(await sitePageDetail(c.get('deps'), c.req.valid('param').id), 200),
  )
  .patch(
    '/:id',
    guard.platformOwner,
    validate('param', SitePagePathSchema, refused('site.updated')),
    validate('json', UpdateSitePageInputSchema, refused('site.updated')),
    async (c) => {
      const p = principalOf(c)
      const { id } = c.req.valid('param')
      const r = await attempt(
        c,
        { action: 'site.updated', target: target(id), failSummary: `${p.user.email}: editing a page refused` },
        () => updateSitePage(c.get('deps'), id, c.req.valid('json')),
        (r) => ({
          summary: `${p.user.email} edited page /${r.page.slug}${r.changed.length ? ` (${r.changed.join(', ')})` : ' (no change)'}`,
          details: { changed: r.changed },
        }),
      )
      return c.json(r.page, 200)
    },
  )
  .post(
    '/:id/publish',
    ...ownerAction(PAGES, {
      action: 'site.published',
      doing: 'publishing a page',
      run: (deps, id, email) => publishSitePage(deps, email, id),
      describe: (r, email) => ({
        summary: `${email} published page /${r.page.slug} as version ${r.version.version}`,
        details: { version: r.version.version, from: r.from },
      }),
      answer: (r) => r.page,
    }),
  )
  .post(
    '/:id/archive',
    ...ownerAction(PAGES, {
      action: 'site.archived',
      doing: 'archiving a page',
      run: (deps, id) => archiveSitePage(deps, id),
      describe: (r, email) => ({ summary: `${email} archived page /${r.page.slug}`, details: { from: r.from } }),
      answer: (r) => r.page,
    }),
  )
  .post(
    '/:id/revert',
    guard.platformOwner,
    validate('param', SitePagePathSchema, refused('site.reverted')),
    validate('json', RevertSitePageInputSchema, refused('site.reverted')),
    async (c) => {
      const p = principalOf(c)
      const { id } = c.req.valid('param')
      const { version } = c.req.valid('json')
      const r = await attempt(
        c,
        { action: 'site.reverted', target: target(id), failSummary: `${p.user.email}: reverting a page refused` },
        () => revertSitePage(c.get('deps'), p.user.email, id, version),
        (r) => ({
          summary: `${p.user.email} reverted page /${r.page.slug} to version ${version} (published as version ${r.version.version})`,
          details: { toVersion: version, version: r.version.version },
        }),
      )
      return c.json(r.page, 200)
    },
  )
