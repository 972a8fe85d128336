import { desc, eq } from 'drizzle-orm'
import { z } from 'zod/mini'
import { MODEL_CATALOG, ModelPriceSchema, type ModelCatalog, type PriceBook } from '@exocorp/shared/configuration'
import type { Deps } from '../../deps'
import { priceBooks } from '../../db/schema/catalog'
import { activePriceBook } from '../catalog/pricing'

/** The seeded model catalog with each model's price from the active price book. */
export async function modelCatalog(deps: Pick<Deps, 'db'>): Promise<ModelCatalog> {
  const book = await activePriceBook(deps)
  return {
    items: MODEL_CATALOG.map((m) => {
      const own = book && Object.hasOwn(book.models, m.id) ? book.models[m.id]! : null
      const price = own ?? book?.default ?? null
      return { ...m, price, priceSource: own ? 'model' : price ? 'default' : null }
    }),
    priceBook: book ? { id: book.id, version: book.version } : null,
  }
}

const StoredPricesSchema = z.object({
  models: z.record(z.string(), ModelPriceSchema),
  default: z.optional(z.nullable(ModelPriceSchema)),
})

type PriceBookRow = typeof priceBooks.$inferSelect

export function toPriceBook(row: PriceBookRow): PriceBook {
  const prices = StoredPricesSchema.parse(JSON.parse(row.prices))
  return {
    id: row.id,
    version: row.version,
    active: row.active,
    models: prices.models,
    default: prices.default ?? null,
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
  }
}

/** One price book version, or null (`active`: the one in force). */
export async function findPriceBook(deps: Pick<Deps, 'db'>, which: { id: string } | 'active'): Promise<PriceBook | null> {
  const where = which === 'active' ? eq(priceBooks.active, true) : eq(priceBooks.id, which.id)
  const [row] = await deps.db.select().from(priceBooks).where(where).limit(1)
  return row ? toPriceBook(row) : null
}

/** Every price book version, newest first (a handful: one per price change). */
export async function listPriceBooks(deps: Pick<Deps, 'db'>): Promise<PriceBook[]> {
  return (await deps.db.select().from(priceBooks).orderBy(desc(priceBooks.version)).limit(200)).map(toPriceBook)
}
