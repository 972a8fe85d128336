import { Hono } from 'hono'
import { PublishPriceBookInputSchema } from '@exocorp/shared/configuration'
import type { AppEnv } from '../http/context'
import { requireRole } from '../http/guards'
import { AppError } from '../lib/errors'
import { publishPriceBook } from '../services/catalog/pricing'
import { listPriceBooks, modelCatalog, toPriceBook } from '../services/config/models'
import { priceBooks } from '../db/schema/catalog'
import { eq } from 'drizzle-orm'
import { attempt, validateAudited } from './catalog-attempt'

/**
 * The model catalog (seeded per provider, priced by the active price book) for everyone signed in,
 * and the price books: any signed-in user reads the active one, admins read every version,
 * platform owners publish a new one (decision 028).
 */
export const modelRoutes = new Hono<AppEnv>()
  .get('/registry/models', async (c) => c.json(await modelCatalog(c.var.deps), 200))

  .get('/registry/price-books/active', async (c) => {
    const [row] = await c.var.deps.db.select().from(priceBooks).where(eq(priceBooks.active, true)).limit(1)
    if (!row) throw new AppError(404, 'not_found', 'No price book is active')
    return c.json(toPriceBook(row), 200)
  })

  .get('/admin/price-books', requireRole('admin'), async (c) => c.json({ items: await listPriceBooks(c.var.deps) }, 200))

  .post(
    '/admin/price-books',
    requireRole('platform_owner'),
    validateAudited('json', PublishPriceBookInputSchema, () => ({
      action: 'price_book.publish',
      target: { type: 'price_book', id: null },
      failSummary: 'Publishing a price book was refused',
    })),
    async (c) => {
      const input = c.req.valid('json')
      const activate = input.activate ?? true
      const book = await attempt(
        c,
        { action: 'price_book.publish', target: { type: 'price_book', id: null }, failSummary: 'Publishing a price book failed' },
        () => publishPriceBook(c.var.deps, { prices: { models: input.models, default: input.default ?? null }, activate }),
        (b) => ({
          targetId: b.id,
          summary: `Price book v${b.version} published${activate ? ' and activated' : ''} (${Object.keys(b.models).length} models)`,
          details: { version: b.version, activate, models: Object.keys(b.models).slice(0, 50) },
        }),
      )
      const [row] = await c.var.deps.db.select().from(priceBooks).where(eq(priceBooks.id, book.id)).limit(1)
      if (!row) throw new AppError(500, 'internal', 'The price book vanished after publishing')
      return c.json(toPriceBook(row), 201)
    },
  )
