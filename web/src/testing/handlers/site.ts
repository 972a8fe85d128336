import { http, HttpResponse } from 'msw'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  CreateSitePageInputSchema,
  EmptyActionInputSchema,
  RevertSitePageInputSchema,
  UpdateSitePageInputSchema,
  type SitePage,
  type SitePageDetail,
  type SitePageList,
} from '@exocorp/shared/site'
import { addAudit, currentUser, db } from '../mock-db'
import { adminGuard, apiError, invalidInput, ruleRefused } from '../http'

/*
 * The site CMS of the mocked backend. Inputs are parsed with the contract's schemas; the moves
 * (publish snapshots a version, an unchanged published page answers 409, revert publishes an old
 * version as a new one, archiving twice is a conflict) are the BFF's. The preview is the escaped
 * markdown (the BFF renders it with marked + sanitize-html; the mock does not carry them).
 */

type MockPage = (typeof db.ops.sitePages)[number]

async function jsonOf(request: Request): Promise<unknown> {
  const text = await request.text()
  return text ? JSON.parse(text) : {}
}

/** The BFF's 400 for input the contract refuses (field sentences and their issues). */

const pageOf = (p: MockPage): SitePage => {
  const { versions, ...page } = p
  const live = versions.find((v) => v.version === p.publishedVersion)
  return {
    ...page,
    hasUnpublishedChanges: !live || live.title !== p.title || live.description !== p.description || live.body !== p.body,
  }
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const siteEnabled = () =>
  db.ops.flagSettings.some((s) => s.key === 'site.cms_enabled' && s.scope === 'global' && s.value === true)

function find(id: string) {
  return db.ops.sitePages.find((p) => p.id === id)
}

function publish(p: MockPage, content: Pick<MockPage, 'title' | 'description' | 'body'>, revertOf: number | null) {
  const now = new Date().toISOString()
  const version = Math.max(0, ...p.versions.map((v) => v.version)) + 1
  p.versions.unshift({ version, ...content, publishedAt: now, publishedBy: currentUser()!.email, revertOf })
  Object.assign(p, content, {
    status: 'published',
    publishedVersion: version,
    publishedAt: now,
    archivedAt: null,
    updatedAt: now,
  })
}

function audited(action: string, id: string, summary: string) {
  const user = currentUser()
  addAudit({
    actor: { type: 'user', id: user?.id ?? null, label: user?.email ?? 'mock' },
    action,
    target: { type: 'site_page', id },
    outcome: 'succeeded',
    summary,
  })
}

export const siteHandlers = [
  http.get(ADMIN_API.sitePages.path, () => {
    const denied = adminGuard(false)
    if (denied) return denied
    const body: SitePageList = {
      items: [...db.ops.sitePages].sort((a, b) => a.slug.localeCompare(b.slug)).map(pageOf),
      siteEnabled: siteEnabled(),
    }
    return HttpResponse.json(body)
  }),
  http.get(ADMIN_API.sitePage.path, ({ params }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const p = find(String(params.id))
    if (!p) return apiError(404, 'not_found', 'Page not found')
    const body: SitePageDetail = {
      page: pageOf(p),
      versions: p.versions,
      previewHtml: `<pre>${escape(p.body)}</pre>`,
    }
    return HttpResponse.json(body)
  }),
  http.post(ADMIN_API.createSitePage.path, async ({ request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = CreateSitePageInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, CreateSitePageInputSchema)
    if (db.ops.sitePages.some((p) => p.slug === parsed.data.slug)) {
      return ruleRefused('slug', 'Another page already uses this slug', 'site_slug_taken')
    }
    const now = new Date().toISOString()
    const page: MockPage = {
      id: crypto.randomUUID(),
      slug: parsed.data.slug,
      title: parsed.data.title,
      description: parsed.data.description ?? '',
      body: parsed.data.body,
      status: 'draft',
      publishedVersion: null,
      hasUnpublishedChanges: true,
      publicPath: `/${parsed.data.slug}`,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      archivedAt: null,
      versions: [],
    }
    db.ops.sitePages.push(page)
    audited('site.created', page.id, `created page /${page.slug}`)
    return HttpResponse.json(pageOf(page), { status: 201 })
  }),
  http.patch(ADMIN_API.updateSitePage.path, async ({ params, request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = UpdateSitePageInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, UpdateSitePageInputSchema)
    const p = find(String(params.id))
    if (!p) return apiError(404, 'not_found', 'Page not found')
    Object.assign(p, Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)), {
      updatedAt: new Date().toISOString(),
    })
    audited('site.updated', p.id, `edited page /${p.slug}`)
    return HttpResponse.json(pageOf(p))
  }),
  http.post(ADMIN_API.publishSitePage.path, async ({ params, request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = EmptyActionInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, EmptyActionInputSchema)
    const p = find(String(params.id))
    if (!p) return apiError(404, 'not_found', 'Page not found')
    if (p.status === 'published' && !pageOf(p).hasUnpublishedChanges) {
      return apiError(409, 'conflict', 'This page is published and has no unpublished changes', { reason: 'no_changes' })
    }
    publish(p, { title: p.title, description: p.description, body: p.body }, null)
    audited('site.published', p.id, `published page /${p.slug} as version ${p.publishedVersion}`)
    return HttpResponse.json(pageOf(p))
  }),
  http.post(ADMIN_API.archiveSitePage.path, async ({ params, request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = EmptyActionInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, EmptyActionInputSchema)
    const p = find(String(params.id))
    if (!p) return apiError(404, 'not_found', 'Page not found')
    if (p.status === 'archived')
      return apiError(409, 'conflict', 'This page is already archived', { reason: 'invalid_transition' })
    const now = new Date().toISOString()
    Object.assign(p, { status: 'archived', archivedAt: now, updatedAt: now })
    audited('site.archived', p.id, `archived page /${p.slug}`)
    return HttpResponse.json(pageOf(p))
  }),
  http.post(ADMIN_API.revertSitePage.path, async ({ params, request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = RevertSitePageInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, RevertSitePageInputSchema)
    const p = find(String(params.id))
    if (!p) return apiError(404, 'not_found', 'Page not found')
    const target = p.versions.find((v) => v.version === parsed.data.version)
    if (!target) return apiError(404, 'not_found', 'Version not found')
    publish(p, { title: target.title, description: target.description, body: target.body }, target.version)
    audited('site.reverted', p.id, `reverted page /${p.slug} to version ${target.version}`)
    return HttpResponse.json(pageOf(p))
  }),
]
