import { Hono } from 'hono'
import { PublishPriceBookInputSchema } from '@exocorp/shared/configuration'
import type { AppEnv } from '../http/context'
import { attempt } from '../http/attempt'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { publishPriceBook } from '../services/catalog/pricing'
import { findPriceBook, listPriceBooks, modelCatalog } from '../services/config/models'

/** Mounted at /api/registry/models: the catalog, for anyone signed in. */
export const modelRoutes = new Hono<AppEnv>().get('/', guard.user, async (c) => c.json(await modelCatalog(c.get('deps')), 200))

/** Mounted at /api/registry/price-books: the active price book, for anyone signed in. */
export const priceBookRoutes = new Hono<AppEnv>().get('/active', guard.user, async (c) => {
  const book = await findPriceBook(c.get('deps'), 'active')
  if (!book) throw new AppError(404, 'not_found', 'No price book is active')
  return c.json(book, 200)
})

/** Mounted at /api/admin/price-books: admins read every version, platform owners publish one. */
export const adminPriceBookRoutes = new Hono<AppEnv>()
  .get('/', guard.admin, async (c) => c.json({ items: await listPriceBooks(c.get('deps')) }, 200))

  .post(
    '/',
    guard.platformOwner,
    validate('json', PublishPriceBookInputSchema, () => ({
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
        () => publishPriceBook(c.get('deps'), { prices: { models: input.models, default: input.default ?? null }, activate }),
        (b) => ({
          targetId: b.id,
          summary: `Price book v${b.version} published${activate ? ' and activated' : ''} (${Object.keys(b.models).length} models)`,
          details: { version: b.version, activate, models: Object.keys(b.models).slice(0, 50) },
        }),
      )
      const published = await findPriceBook(c.get('deps'), { id: book.id })
      if (!published) throw new AppError(500, 'internal', 'The price book vanished after publishing')
      return c.json(published, 201)
    },
  )
