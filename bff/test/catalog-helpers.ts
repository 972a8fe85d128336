import { eq, sql } from 'drizzle-orm'
import type { DraftConfig, ReleaseChannel } from '@exocorp/shared/companies'
import { execute } from '../src/db/portable'
import { companies, memberships } from '../src/db/schema/companies'
import { newId } from '../src/lib/crypto'
import { auditAttempts, signUp, TestClient, type Harness } from './harness'

/** Fixtures for the catalog tests: exocorps are inserted as the lifecycle engine leaves them. */

export async function newUser(h: Harness, email: string) {
  const client = new TestClient(h.app)
  const res = await signUp(client, email)
  return { client, id: res.me.user.id, email }
}

type CompanyRow = typeof companies.$inferSelect

export async function insertCompany(
  h: Harness,
  ownerUserId: string,
  opts: Partial<Pick<CompanyRow, 'status' | 'installedVersion' | 'manifestYaml'>> & {
    slug?: string
    channel?: ReleaseChannel
    draft?: Partial<DraftConfig>
  } = {},
): Promise<CompanyRow> {
  const now = h.clock.now().toISOString()
  const slug = opts.slug ?? `exo-${newId().slice(0, 8)}`
  const draft: DraftConfig = { agents: [], providers: [], settings: {}, ...opts.draft }
  const row: CompanyRow = {
    id: newId(),
    slug,
    name: slug.replace(/-/g, ' '),
    ownerUserId,
    status: opts.status ?? 'draft',
    health: 'unknown',
    healthCheckedAt: null,
    channel: opts.channel ?? 'stable',
    installedVersion: opts.installedVersion ?? null,
    previousVersion: null,
    draftVersion: 1,
    draftConfig: JSON.stringify(draft),
    draftUpdatedAt: now,
    deployedDraftVersion: null,
    deployedConfig: null,
    manifestYaml: opts.manifestYaml ?? null,
    manifestGeneratedAt: null,
    lastError: null,
    usageTokenHash: null,
    createdAt: now,
    updatedAt: now,
    destroyedAt: null,
    deploymentTargetId: null,
  }
  await h.db.write(async (tx) => {
    await tx.insert(companies).values(row)
    await tx.insert(memberships).values({ companyId: row.id, userId: ownerUserId, role: 'owner', createdAt: now })
  })
  return row
}

export async function addMembership(h: Harness, companyId: string, userId: string) {
  await h.db.write(async (tx) => {
    await tx.insert(memberships).values({ companyId, userId, role: 'member', createdAt: h.clock.now().toISOString() })
  })
}

export async function setCompany(h: Harness, companyId: string, patch: Partial<CompanyRow>) {
  await h.db.write(async (tx) => {
    await tx.update(companies).set(patch).where(eq(companies.id, companyId))
  })
}

/** One entry per audited attempt: a refusal counted N times on one row appears N times (decision 015). */
export async function auditRows(h: Harness, action?: string) {
  const rows = await auditAttempts(h.db)
  return action ? rows.filter((r) => r.action === action) : rows
}

export async function countRows(h: Harness, table: string): Promise<number> {
  const [row] = await execute<{ n: number | string }>(h.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`)
  // PostgreSQL's count is a bigint, which its driver hands back as a string.
  return Number(row?.n ?? 0)
}

/** A credential-looking value with a recognisable tail. */
export function fakeKey(prefix: string, tail: string) {
  return `${prefix}-${'x'.repeat(24)}${tail}`
}
