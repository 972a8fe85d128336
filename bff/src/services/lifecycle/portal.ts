import { eq } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies } from '../../db/schema/companies'
import { lifecycleOf } from './context'

/** What runs behind a slug: a runtime endpoint (e.g. `http://127.0.0.1:41234`) when it serves. */
export type PortalTarget = { state: 'running'; endpoint: string } | { state: 'paused' } | { state: 'unavailable' }

/** What `<slug>.portal.localhost` serves: the runtime endpoint, a paused page, or nothing (null). */
export async function portalTargetFor(deps: Pick<Deps, 'db'>, slug: string): Promise<PortalTarget | null> {
  const [row] = await deps.db
    .select({ id: companies.id, status: companies.status, endpoint: companies.runtimeEndpoint })
    .from(companies)
    .where(eq(companies.slug, slug))
    .limit(1)
  if (!row || row.status === 'destroyed') return null
  if (row.status === 'paused') return { state: 'paused' }
  if (row.status !== 'running') return { state: 'unavailable' }
  const endpoint = lifecycleOf(deps).driver.handle(row.id)?.endpoint ?? row.endpoint
  return endpoint ? { state: 'running', endpoint } : { state: 'unavailable' }
}
