import { http, HttpResponse } from 'msw'
import { PublishPriceBookInputSchema } from '@exocorp/shared/configuration'
import { addAudit, currentUser, db } from '../mock-db'
import { adminGuard, apiError, invalidInput, requireUser } from '../http'

/* Price books as the BFF serves them (decision 028): admins read every version, platform owners
 * publish the next one after a fresh step-up; publishing with `activate` switches the active one. */

export const priceBookHandlers = [
  http.get('/api/registry/price-books/active', () => {
    const { denied } = requireUser()
    if (denied) return denied
    const book = db.priceBooks.find((b) => b.active)
    return book ? HttpResponse.json(book) : apiError(404, 'not_found', 'No price book is active')
  }),

  http.get('/api/admin/price-books', () => {
    const denied = adminGuard(false)
    if (denied) return denied
    return HttpResponse.json({ items: [...db.priceBooks].sort((a, b) => b.version - a.version) })
  }),

  http.post('/api/admin/price-books', async ({ request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = PublishPriceBookInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalidInput(parsed.error.issues, PublishPriceBookInputSchema)
    const input = parsed.data
    const activate = input.activate ?? true
    const now = new Date().toISOString()
    const version = Math.max(0, ...db.priceBooks.map((b) => b.version)) + 1
    if (activate) for (const b of db.priceBooks) b.active = false
    const book = {
      id: `pb-v${version}`,
      version,
      active: activate,
      models: input.models,
      default: input.default ?? null,
      createdAt: now,
      activatedAt: activate ? now : null,
    }
    db.priceBooks.push(book)
    const user = currentUser()!
    addAudit({
      actor: { type: 'user', id: user.id, label: user.email },
      action: 'price_book.publish',
      target: { type: 'price_book', id: book.id },
      outcome: 'succeeded',
      summary: `Price book v${version} published${activate ? ' and activated' : ''}`,
    })
    return HttpResponse.json(book, { status: 201 })
  }),
]
