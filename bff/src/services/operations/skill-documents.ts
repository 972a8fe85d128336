import { and, asc, desc, eq, isNull } from 'drizzle-orm'
import type { SaveSkillDocumentInput, SkillDocument, SkillDocumentDetail } from '@exocorp/shared/platform-ops'
import type { Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { skillDocumentVersions, skillDocuments } from '../../db/schema/operations'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'

// Platform skill documents as managed content (issue 19 item 3, decision 043): served to agents at
// `/skills/<slug>.md`; every save is a new version (the history stays); a delete stops serving the
// document at once. Saving a deleted slug again brings it back as the next version.

type Row = typeof skillDocuments.$inferSelect

const toDocument = (r: Row): SkillDocument => ({
  slug: r.slug,
  title: r.title,
  path: `/skills/${r.slug}.md`,
  currentVersion: r.currentVersion,
  updatedAt: r.updatedAt,
  deletedAt: r.deletedAt,
})

export async function listSkillDocuments(deps: Pick<Deps, 'db'>): Promise<{ items: SkillDocument[] }> {
  const rows = await deps.db.select().from(skillDocuments).orderBy(asc(skillDocuments.slug)).limit(500)
  return { items: rows.map(toDocument) }
}

async function findBySlug(deps: Pick<Deps, 'db'>, slug: string) {
  const [row] = await deps.db.select().from(skillDocuments).where(eq(skillDocuments.slug, slug)).limit(1)
  return row ?? null
}

export async function skillDocumentDetail(deps: Pick<Deps, 'db'>, slug: string): Promise<SkillDocumentDetail> {
  const row = await findBySlug(deps, slug)
  if (!row) throw AppError.notFound('Skill document')
  const versions = await deps.db
    .select({
      version: skillDocumentVersions.version,
      body: skillDocumentVersions.body,
      createdAt: skillDocumentVersions.createdAt,
      createdBy: users.email,
    })
    .from(skillDocumentVersions)
    .leftJoin(users, eq(users.id, skillDocumentVersions.createdByUserId))
    .where(eq(skillDocumentVersions.documentId, row.id))
    .orderBy(desc(skillDocumentVersions.version))
    .limit(50)
  return { document: toDocument(row), versions: versions.map((v) => ({ ...v, createdBy: v.createdBy ?? 'a removed user' })) }
}

export async function saveSkillDocument(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: { id: string },
  slug: string,
  input: SaveSkillDocumentInput,
): Promise<SkillDocument & { created: boolean }> {
  const now = deps.clock.now().toISOString()
  return deps.db.write(async (tx) => {
    const [row] = await tx.select().from(skillDocuments).where(eq(skillDocuments.slug, slug)).limit(1)
    if (!row) {
      const doc: Row = {
        id: newId(),
        slug,
        title: input.title,
        currentVersion: 1,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      }
      await tx.insert(skillDocuments).values(doc)
      await tx
        .insert(skillDocumentVersions)
        .values({ documentId: doc.id, version: 1, body: input.body, createdByUserId: actor.id, createdAt: now })
      return { ...toDocument(doc), created: true }
    }
    const next: Row = { ...row, title: input.title, currentVersion: row.currentVersion + 1, updatedAt: now, deletedAt: null }
    await tx
      .update(skillDocuments)
      .set({ title: next.title, currentVersion: next.currentVersion, updatedAt: now, deletedAt: null })
      .where(eq(skillDocuments.id, row.id))
    await tx
      .insert(skillDocumentVersions)
      .values({ documentId: row.id, version: next.currentVersion, body: input.body, createdByUserId: actor.id, createdAt: now })
    return { ...toDocument(next), created: false }
  })
}

export async function deleteSkillDocument(deps: Pick<Deps, 'db' | 'clock'>, slug: string): Promise<SkillDocument> {
  const now = deps.clock.now().toISOString()
  return deps.db.write(async (tx) => {
    const [row] = await tx.select().from(skillDocuments).where(eq(skillDocuments.slug, slug)).limit(1)
    if (!row) throw AppError.notFound('Skill document')
    if (row.deletedAt) throw AppError.conflict('already_deleted', 'This skill document is already deleted')
    await tx.update(skillDocuments).set({ deletedAt: now, updatedAt: now }).where(eq(skillDocuments.id, row.id))
    return toDocument({ ...row, deletedAt: now, updatedAt: now })
  })
}

/** The body agents read, or null when there is no such document or it was deleted. */
export async function servedSkillDocument(deps: Pick<Deps, 'db'>, slug: string): Promise<string | null> {
  const [row] = await deps.db
    .select({ body: skillDocumentVersions.body })
    .from(skillDocuments)
    .innerJoin(
      skillDocumentVersions,
      and(
        eq(skillDocumentVersions.documentId, skillDocuments.id),
        eq(skillDocumentVersions.version, skillDocuments.currentVersion),
      ),
    )
    .where(and(eq(skillDocuments.slug, slug), isNull(skillDocuments.deletedAt)))
    .limit(1)
  return row?.body ?? null
}
