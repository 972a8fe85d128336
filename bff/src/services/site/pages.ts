import { and, asc, desc, eq, max } from 'drizzle-orm'
import type {
  CreateSitePageInput,
  SitePage,
  SitePageDetail,
  SitePageList,
  SitePageVersion,
  UpdateSitePageInput,
} from '@exocorp/shared/site'
import type { Deps } from '../../deps'
import type { Db } from '../../db/client'
import { flagValues } from '../../db/schema/signals'
import { sitePages, sitePageVersions } from '../../db/schema/site'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import { etagOf, pageDocument, renderMarkdown, xmlEscape } from './render'

/*
 * The site CMS (issue 18 item 5, decision 042). A page row is the working copy; publishing
 * snapshots it into `site_page_versions` together with its sanitised HTML and that document's
 * ETag, and points the row at the version. The public site reads only the published version,
 * so edits stay private until the next publish, and a revert publishes an old version again.
 */

type PageRow = typeof sitePages.$inferSelect
type VersionRow = typeof sitePageVersions.$inferSelect

const publicPathOf = (slug: string) => `/${slug}`

function toPage(row: PageRow, published: Pick<VersionRow, 'title' | 'description' | 'body'> | undefined): SitePage {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    body: row.body,
    status: row.status,
    publishedVersion: row.publishedVersion,
    hasUnpublishedChanges:
      !published || published.title !== row.title || published.description !== row.description || published.body !== row.body,
    publicPath: publicPathOf(row.slug),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedAt: row.publishedAt,
    archivedAt: row.archivedAt,
  }
}

function toVersion(row: VersionRow): SitePageVersion {
  return {
    version: row.version,
    title: row.title,
    description: row.description,
    body: row.body,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
    revertOf: row.revertOf,
  }
}

async function pageRow(db: Db, id: string): Promise<PageRow> {
  const [row] = await db.select().from(sitePages).where(eq(sitePages.id, id)).limit(1)
  if (!row) throw AppError.notFound('Page')
  return row
}

async function versionRow(db: Db, pageId: string, version: number | null): Promise<VersionRow | undefined> {
  if (version === null) return undefined
  const [row] = await db
    .select()
    .from(sitePageVersions)
    .where(and(eq(sitePageVersions.pageId, pageId), eq(sitePageVersions.version, version)))
    .limit(1)
  return row
}

/** Whether the public site is on (the global product flag `site.cms_enabled`, default off). */
export async function siteEnabled(deps: Pick<Deps, 'db'>): Promise<boolean> {
  const [row] = await deps.db
    .select({ value: flagValues.value })
    .from(flagValues)
    .where(and(eq(flagValues.key, 'site.cms_enabled'), eq(flagValues.scope, 'global'), eq(flagValues.scopeId, '')))
    .limit(1)
  return row?.value === 'true'
}

export async function listSitePages(deps: Pick<Deps, 'db'>): Promise<SitePageList> {
  const rows = await deps.db
    .select({ page: sitePages, published: sitePageVersions })
    .from(sitePages)
    .leftJoin(
      sitePageVersions,
      and(eq(sitePageVersions.pageId, sitePages.id), eq(sitePageVersions.version, sitePages.publishedVersion)),
    )
    .orderBy(asc(sitePages.slug))
    .limit(500)
  return { items: rows.map((r) => toPage(r.page, r.published ?? undefined)), siteEnabled: await siteEnabled(deps) }
}

export async function sitePageDetail(deps: Pick<Deps, 'db'>, id: string): Promise<SitePageDetail> {
  const row = await pageRow(deps.db, id)
  const versions = await deps.db
    .select()
    .from(sitePageVersions)
    .where(eq(sitePageVersions.pageId, id))
    .orderBy(desc(sitePageVersions.version))
    .limit(200)
  const published = versions.find((v) => v.version === row.publishedVersion)
  return { page: toPage(row, published), versions: versions.map(toVersion), previewHtml: renderMarkdown(row.body) }
}

export async function createSitePage(deps: Pick<Deps, 'db' | 'clock'>, input: CreateSitePageInput): Promise<SitePage> {
  const now = deps.clock.now().toISOString()
  const row: PageRow = {
    id: newId(),
    slug: input.slug,
    title: input.title,
    description: input.description ?? '',
    body: input.body,
    status: 'draft',
    publishedVersion: null,
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
    archivedAt: null,
  }
  await deps.db.write(async (tx) => {
    const [taken] = await tx.select({ id: sitePages.id }).from(sitePages).where(eq(sitePages.slug, input.slug)).limit(1)
    if (taken) throw AppError.rule('slug', 'Another page already uses this slug', 'site_slug_taken')
    await tx.insert(sitePages).values(row)
  })
  return toPage(row, undefined)
}

export async function updateSitePage(
  deps: Pick<Deps, 'db' | 'clock'>,
  id: string,
  input: UpdateSitePageInput,
): Promise<{ page: SitePage; changed: string[] }> {
  return deps.db.write(async (tx) => {
    const row = await pageRow(tx, id)
    const changed = (['title', 'description', 'body'] as const).filter((k) => input[k] !== undefined && input[k] !== row[k])
    const next: PageRow = {
      ...row,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      updatedAt: deps.clock.now().toISOString(),
    }
    if (changed.length) {
      await tx
        .update(sitePages)
        .set({ title: next.title, description: next.description, body: next.body, updatedAt: next.updatedAt })
        .where(eq(sitePages.id, id))
    }
    return { page: toPage(changed.length ? next : row, await versionRow(tx, id, row.publishedVersion)), changed }
  })
}

/** Snapshots `content` as the next version and serves it. */
async function publishContent(
  tx: Db,
  deps: Pick<Deps, 'clock'>,
  row: PageRow,
  content: Pick<PageRow, 'title' | 'description' | 'body'>,
  actor: string,
  revertOf: number | null,
) {
  const now = deps.clock.now().toISOString()
  const [last] = await tx
    .select({ n: max(sitePageVersions.version) })
    .from(sitePageVersions)
    .where(eq(sitePageVersions.pageId, row.id))
  const version = Number(last?.n ?? 0) + 1
  const html = renderMarkdown(content.body)
  const document = pageDocument({ title: content.title, description: content.description, html })
  const v: VersionRow = {
    pageId: row.id,
    version,
    ...content,
    html,
    etag: etagOf(`${row.id}:${version}:${document}`),
    publishedAt: now,
    publishedBy: actor,
    revertOf,
  }
  await tx.insert(sitePageVersions).values(v)
  const next: PageRow = {
    ...row,
    ...content,
    status: 'published',
    publishedVersion: version,
    publishedAt: now,
    archivedAt: null,
    updatedAt: now,
  }
  await tx
    .update(sitePages)
    .set({
      title: next.title,
      description: next.description,
      body: next.body,
      status: 'published',
      publishedVersion: version,
      publishedAt: now,
      archivedAt: null,
      updatedAt: now,
    })
    .where(eq(sitePages.id, row.id))
  return { page: toPage(next, v), version: toVersion(v), from: row.status }
}

/** Publishes the working copy as a new version; an unchanged published page answers 409. */
export async function publishSitePage(deps: Pick<Deps, 'db' | 'clock'>, actor: string, id: string) {
  return deps.db.write(async (tx) => {
    const row = await pageRow(tx, id)
    const current = await versionRow(tx, id, row.publishedVersion)
    if (row.status === 'published' && !toPage(row, current).hasUnpublishedChanges) {
      throw AppError.conflict('no_changes', 'This page is published and has no unpublished changes')
    }
    return publishContent(tx, deps, row, row, actor, null)
  })
}

/** Publishes an earlier version again (as a new version, so history only grows). */
export async function revertSitePage(deps: Pick<Deps, 'db' | 'clock'>, actor: string, id: string, version: number) {
  return deps.db.write(async (tx) => {
    const row = await pageRow(tx, id)
    const target = await versionRow(tx, id, version)
    if (!target) throw AppError.notFound('Version')
    const content = { title: target.title, description: target.description, body: target.body }
    return publishContent(tx, deps, row, content, actor, version)
  })
}

/** Takes a page off the public site; its history stays, and publishing brings it back. */
export async function archiveSitePage(deps: Pick<Deps, 'db' | 'clock'>, id: string) {
  return deps.db.write(async (tx) => {
    const row = await pageRow(tx, id)
    if (row.status === 'archived') throw AppError.conflict('invalid_transition', 'This page is already archived')
    const now = deps.clock.now().toISOString()
    await tx.update(sitePages).set({ status: 'archived', archivedAt: now, updatedAt: now }).where(eq(sitePages.id, id))
    const next: PageRow = { ...row, status: 'archived', archivedAt: now, updatedAt: now }
    return { page: toPage(next, await versionRow(tx, id, row.publishedVersion)), from: row.status }
  })
}

export type PublicPage =
  { kind: 'none' } | { kind: 'hidden' } | { kind: 'page'; document: string; etag: string; lastModified: string }

/**
 * What the public site serves at `/<slug>`: `none` when no page has that slug (the web app's
 * routes answer instead), `hidden` (404) when one exists but is not published or the site is off.
 */
export async function publicPage(deps: Pick<Deps, 'db'>, slug: string): Promise<PublicPage> {
  const [row] = await deps.db
    .select({ page: sitePages, version: sitePageVersions })
    .from(sitePages)
    .leftJoin(
      sitePageVersions,
      and(eq(sitePageVersions.pageId, sitePages.id), eq(sitePageVersions.version, sitePages.publishedVersion)),
    )
    .where(eq(sitePages.slug, slug))
    .limit(1)
  if (!row) return { kind: 'none' }
  if (row.page.status !== 'published' || !row.version || !(await siteEnabled(deps))) return { kind: 'hidden' }
  const v = row.version
  return {
    kind: 'page',
    document: pageDocument({ title: v.title, description: v.description, html: v.html }),
    etag: v.etag,
    lastModified: v.publishedAt,
  }
}

/** `/sitemap.xml`: every published page while the site is on (an empty urlset when it is off). */
export async function sitemap(deps: Pick<Deps, 'db'>, origin: string): Promise<{ xml: string; etag: string }> {
  const rows = (await siteEnabled(deps))
    ? await deps.db
        .select({ slug: sitePages.slug, publishedAt: sitePages.publishedAt })
        .from(sitePages)
        .where(eq(sitePages.status, 'published'))
        .orderBy(asc(sitePages.slug))
        .limit(50_000)
    : []
  const urls = rows
    .map(
      (r) =>
        `  <url><loc>${xmlEscape(origin + publicPathOf(r.slug))}</loc>${r.publishedAt ? `<lastmod>${r.publishedAt}</lastmod>` : ''}</url>`,
    )
    .join('\n')
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls}${urls ? '\n' : ''}</urlset>
`
  return { xml, etag: etagOf(xml) }
}
