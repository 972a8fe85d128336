import { eq } from 'drizzle-orm'
import type { DraftConfig, ReleaseChannel } from '@exocorp/shared/companies'
import { companies, memberships } from '../src/db/schema/companies'
import { newId } from '../src/lib/crypto'
import { signUp, TestClient, type Harness } from './harness'

/** Fixtures for the catalog tests: exocorps are inserted as the lifecycle engine leaves them. */

export async function newUser(h: Harness, email: string) {
  const client = new TestClient(h.app)
  const res = await signUp(client, email)
  return { client, id: res.me.user.id, email }
}

type CompanyRow = typeof companies.$inferSelect

export function insertCompany(
  h: Harness,
  ownerUserId: string,
  opts: Partial<Pick<CompanyRow, 'status' | 'installedVersion' | 'manifestYaml'>> & {
    slug?: string
    channel?: ReleaseChannel
    draft?: Partial<DraftConfig>
  } = {},
): CompanyRow {
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
    manifestYaml: opts.manifestYaml ?? null,
    manifestGeneratedAt: null,
    lastError: null,
    runtimeEndpoint: null,
    runtimePid: null,
    usageTokenHash: null,
    createdAt: now,
    updatedAt: now,
    destroyedAt: null,
  }
  h.db.insert(companies).values(row).run()
  h.db.insert(memberships).values({ companyId: row.id, userId: ownerUserId, role: 'owner', createdAt: now }).run()
  return row
}

export function addMembership(h: Harness, companyId: string, userId: string) {
  h.db.insert(memberships).values({ companyId, userId, role: 'member', createdAt: h.clock.now().toISOString() }).run()
}

export function setCompany(h: Harness, companyId: string, patch: Partial<CompanyRow>) {
  h.db.update(companies).set(patch).where(eq(companies.id, companyId)).run()
}

/** One entry per audited attempt: a refusal counted N times on one row appears N times (decision 015). */
export function auditRows(h: Harness, action?: string) {
  const rows = (
    h.db.$client
      .prepare(
        `SELECT e.*, COALESCE(r.count, 1) AS occurrences
         FROM audit_events e LEFT JOIN audit_refusals r ON r.audit_event_id = e.id ORDER BY e.seq`,
      )
      .all() as {
      action: string
      outcome: string
      summary: string
      details: string
      target_id: string | null
      actor_type: string
      occurrences: number
    }[]
  ).flatMap((r) => Array.from({ length: r.occurrences }, () => r))
  return action ? rows.filter((r) => r.action === action) : rows
}

export function countRows(h: Harness, table: string): number {
  return (h.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
}

/** A credential-looking value with a recognisable tail. */
export function fakeKey(prefix: string, tail: string) {
  return `${prefix}-${'x'.repeat(24)}${tail}`
}
