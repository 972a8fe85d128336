import { eq } from 'drizzle-orm'
import type { Release } from '@exocorp/shared/companies'
import type { Deps } from '../../deps'
import { priceBooks } from '../../db/schema/catalog'
import { preparedRead } from '../../db/prepared'

/**
 * What the lifecycle engine reads from the price books. Releases, bindings and coverage come from
 * the catalog service (`services/catalog/*`) directly; this file keeps the one query it lacks.
 */
export type { Release }

const activePriceBook = preparedRead((db) =>
  db
    .select({ id: priceBooks.id, version: priceBooks.version })
    .from(priceBooks)
    .where(eq(priceBooks.active, true))
    .limit(1)
    .prepare(),
)

export async function activePriceBookRef(deps: Pick<Deps, 'db'>): Promise<{ id: string; version: number } | null> {
  const [row] = await activePriceBook(deps.db)
  return row ?? null
}
