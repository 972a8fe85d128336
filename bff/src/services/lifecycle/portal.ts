import { and, eq, inArray } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies } from '../../db/schema/companies'
import { lifecycleOf } from './context'

/** Runtime endpoint behind `<slug>.portal.localhost`, or null when nothing runs for that slug. */
export function portalEndpointFor(deps: Pick<Deps, 'db'>, slug: string): string | null {
  const row = deps.db
    .select({ id: companies.id, endpoint: companies.runtimeEndpoint })
    .from(companies)
    .where(and(eq(companies.slug, slug), inArray(companies.status, ['running', 'paused'])))
    .get()
  if (!row) return null
  return lifecycleOf(deps).driver.handle(row.id)?.endpoint ?? row.endpoint
}
