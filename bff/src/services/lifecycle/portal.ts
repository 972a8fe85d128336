import { eq } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies } from '../../db/schema/companies'
import { runtimes } from '../../db/schema/runtimes'

/** What runs behind a slug: a runtime endpoint (e.g. `http://127.0.0.1:41234`) when it serves. */
export type PortalTarget = { state: 'running'; endpoint: string } | { state: 'paused' } | { state: 'unavailable' }

/**
 * What `<slug>.portal.localhost` serves: the runtime endpoint, a paused page, or nothing (null).
 * The endpoint comes from the `runtimes` table, so any instance proxies to a runtime another owns.
 */
export async function portalTargetFor(deps: Pick<Deps, 'db'>, slug: string): Promise<PortalTarget | null> {
  const [row] = await deps.db
    .select({ status: companies.status, endpoint: runtimes.endpoint })
    .from(companies)
    .leftJoin(runtimes, eq(runtimes.companyId, companies.id))
    .where(eq(companies.slug, slug))
    .limit(1)
  if (!row || row.status === 'destroyed') return null
  if (row.status === 'paused') return { state: 'paused' }
  if (row.status !== 'running') return { state: 'unavailable' }
  return row.endpoint ? { state: 'running', endpoint: row.endpoint } : { state: 'unavailable' }
}
