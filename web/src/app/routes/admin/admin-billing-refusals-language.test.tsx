import { screen, within } from '@testing-library/react'
import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import { catalog as de } from '@/lib/i18n/de'
import { useLocaleStore } from '@/lib/locale'
import { apiError } from '@/testing/http'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

// Decision 064: the billing services' own refusals on admin screens are 409s with a reason (not
// field rules), and a German admin reads them in German: a refund larger than what is left of the
// payment, and a payment whose provider cannot refund.

const SLOW = { timeout: 10_000 }

async function refund(amount: string) {
  const { user } = renderRoute('/admin/billing/accounts/ba-owner?kind=payment')
  await user.click(await screen.findByRole('button', { name: /^Zahlung über 20,00/ }, SLOW))
  const dialog = await screen.findByRole('dialog', { name: de.refund.title })
  const field = within(dialog).getByLabelText('Zu erstattender Betrag (USD)')
  await user.clear(field)
  await user.type(field, amount)
  await user.type(within(dialog).getByLabelText(de.refund.reason), 'Doppelt abgebucht')
  await user.click(within(dialog).getByRole('button', { name: de.refund.refund }))
  return dialog
}

describe('billing refusals in German', () => {
  it('says a refund over what is left of the payment in German, and books nothing', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    useLocaleStore.setState({ byUser: { 'u-admin': 'de' } })
    db.reauthenticatedAt = new Date().toISOString()
    const entries = db.billing.ledger.length
    const dialog = await refund('25,00')
    expect(
      await within(dialog).findByText(de.serverErrors.reason.refund_exceeds_payment, { exact: false }, SLOW),
    ).toBeInTheDocument()
    expect(within(dialog).queryByText(/more than what is left/)).not.toBeInTheDocument()
    expect(db.billing.ledger).toHaveLength(entries)
  })

  it('says a payment its provider cannot refund in German', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    useLocaleStore.setState({ byUser: { 'u-admin': 'de' } })
    db.reauthenticatedAt = new Date().toISOString()
    // As the BFF answers a payment taken by a provider the platform has no refund path for.
    server.use(
      http.post('/api/admin/billing/accounts/:id/refunds', () =>
        apiError(
          409,
          'conflict',
          'The payment was taken by legacy-pay, which this platform cannot refund through; use an adjustment.',
          { reason: 'provider_unavailable' },
        ),
      ),
    )
    const dialog = await refund('5,00')
    expect(
      await within(dialog).findByText(de.serverErrors.reason.provider_unavailable, { exact: false }, SLOW),
    ).toBeInTheDocument()
    expect(within(dialog).queryByText(/cannot refund through/)).not.toBeInTheDocument()
  })
})
