import { screen, waitFor, within } from '@testing-library/react'
import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import { catalog as de } from '@/lib/i18n/de'
import { useLocaleStore } from '@/lib/locale'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

// Decision 064: inputs with a machine format read the admin's language (a decimal comma in German,
// a date field's value said in German words), and the request carries the same value as ever.

const SLOW = { timeout: 10_000 }
const ADMIN = 'admin@demo.exocorp.dev'

function inGerman() {
  resetMockDb({ signedInAs: ADMIN })
  useLocaleStore.setState({ byUser: { 'u-admin': 'de' } })
}

describe('machine formats of admin inputs in German', () => {
  it('takes an adjustment as "7,25" and books 7.25', { timeout: 30_000 }, async () => {
    inGerman()
    db.reauthenticatedAt = new Date().toISOString()
    const sent: { amountMicros: number }[] = []
    server.use(
      http.post('/api/admin/billing/accounts/:id/adjustments', async ({ request }) => {
        sent.push((await request.clone().json()) as (typeof sent)[number])
        return undefined
      }),
    )
    const { user } = renderRoute('/admin/billing/accounts/ba-grace')
    await user.click(await screen.findByRole('button', { name: de.adjustment.open }, SLOW))
    const dialog = await screen.findByRole('dialog', { name: de.adjustment.open })
    const amount = within(dialog).getByLabelText('Betrag (USD)')
    expect(amount).toHaveAttribute('placeholder', '12,50')
    // Nothing typed: the example in the error is German too.
    await user.type(within(dialog).getByLabelText(de.adjustment.reason), 'Kulanz nach dem Ausfall')
    await user.click(within(dialog).getByRole('button', { name: de.adjustment.book }))
    expect(await within(dialog).findByText('Geben Sie einen Betrag über null ein, etwa 12,50')).toBeInTheDocument()
    expect(sent).toEqual([])

    await user.type(amount, '7,25')
    await user.click(within(dialog).getByRole('button', { name: de.adjustment.book }))
    await waitFor(() => expect(sent).toHaveLength(1), SLOW)
    expect(sent[0]!.amountMicros).toBe(7_250_000)
  })

  it('starts a refund at "20,00" and a price at "2,50", and sends them as before', { timeout: 30_000 }, async () => {
    inGerman()
    const billing = renderRoute('/admin/billing/accounts/ba-owner?kind=payment')
    await billing.user.click(await screen.findByRole('button', { name: /^Zahlung über 20,00/ }, SLOW))
    const dialog = await screen.findByRole('dialog', { name: de.refund.title })
    expect(within(dialog).getByLabelText('Zu erstattender Betrag (USD)')).toHaveValue('20,00')
    billing.unmount()

    db.reauthenticatedAt = new Date().toISOString()
    const { user } = renderRoute('/admin/pricing')
    const form = await screen.findByRole('form', { name: de.pricing.publishForm }, SLOW)
    const input = within(form).getByLabelText('gpt-4o Eingabepreis')
    expect(input).toHaveValue('2,50')
    await user.clear(input)
    await user.type(input, '2,75')
    await user.click(within(form).getByRole('button', { name: de.pricing.publish }))
    await waitFor(() => expect(db.priceBooks).toHaveLength(2), SLOW)
    expect(db.priceBooks.find((b) => b.version === 2)?.models['gpt-4o']?.inputMicrosPerMTok).toBe(2_750_000)
  })

  it('says what a broadcast’s end means in German words', { timeout: 30_000 }, async () => {
    inGerman()
    const { user } = renderRoute('/admin/broadcasts')
    const form = await screen.findByRole('form', { name: de.broadcasts.newBroadcast }, SLOW)
    const ends = within(form).getByLabelText(de.broadcasts.ends)
    await user.type(ends, '2099-01-31T10:00')
    expect(ends).toHaveValue('2099-01-31T10:00')
    expect(within(form).getByText('Das ist der 31. Januar 2099 um 10:00')).toBeInTheDocument()
  })
})
