import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { catalog as de } from '@/lib/i18n/de'
import { useLocaleStore } from '@/lib/locale'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Decision 064: a price book the server refuses by a rule of its own (here: no model priced) says
// that rule by key, and the publish form words it in the admin's language.

const SLOW = { timeout: 10_000 }

describe('price book refusals in German', () => {
  it('says "price at least one model" in German when every price is cleared', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    useLocaleStore.setState({ byUser: { 'u-admin': 'de' } })
    db.reauthenticatedAt = new Date().toISOString()
    const books = db.priceBooks.length
    const { user } = renderRoute('/admin/pricing')
    const form = await screen.findByRole('form', { name: de.pricing.publishForm }, SLOW)
    for (const input of within(form).getAllByRole('textbox')) await user.clear(input)
    await user.click(within(form).getByRole('button', { name: de.pricing.publish }))
    expect(await within(form).findByText(de.serverErrors.rule.price_book_at_least_one, undefined, SLOW)).toBeInTheDocument()
    expect(within(form).queryByText('Price at least one model')).not.toBeInTheDocument()
    expect(db.priceBooks).toHaveLength(books)
  })
})
