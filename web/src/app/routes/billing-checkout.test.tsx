import { screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { leaveApp } from '@/lib/leave-app'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

vi.mock('@/lib/leave-app', () => ({ leaveApp: vi.fn() }))

const SLOW = { timeout: 5_000 }

function owe(owedMicros: number) {
  const account = db.billing.accounts.find((a) => a.id === 'ba-owner')!
  account.state = 'grace'
  account.stateChangedAt = new Date(Date.now() - 2 * 86_400_000).toISOString()
  db.billing.ledger.push({
    id: 'le-big-usage',
    accountId: 'ba-owner',
    kind: 'usage',
    amountMicros: -(40_500_000 + owedMicros),
    description: 'Model usage: a very busy week',
    reason: null,
    companyId: 'c-acme',
    usageEventId: 'u-big',
    providerEventId: null,
    createdBy: null,
    at: new Date().toISOString(),
  })
}

describe('paying from the billing page', () => {
  beforeEach(() => {
    vi.mocked(leaveApp).mockClear()
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
  })

  it('pays exactly what is due from the overdue notice', async () => {
    owe(17_503_000)
    const { user } = renderRoute('/billing')
    const pay = await screen.findByRole('button', { name: 'Pay $17.50 due' }, SLOW)
    await user.click(pay)
    await vi.waitFor(() => expect(leaveApp).toHaveBeenCalledWith('/pay/test/checkout/cs_mock1'))
    // Rounded up to the cent, so paying clears the debt.
    expect(db.billing.checkouts[0]).toMatchObject({ amountMicros: 17_510_000, status: 'open' })
  })

  it('adds funds with a preset or a custom amount, refusing amounts out of range before anything is sent', async () => {
    const { user } = renderRoute('/billing')
    const form = await screen.findByRole('region', { name: 'Add funds' }, SLOW)
    expect(within(form).getByRole('radio', { name: '$25.00' })).toBeChecked()
    await user.click(within(form).getByRole('radio', { name: 'Other amount' }))
    const amount = within(form).getByRole('textbox', { name: 'Amount (USD)' })
    await user.type(amount, '0.50')
    await user.click(within(form).getByRole('button', { name: 'Continue to payment' }))
    expect(await within(form).findByText('The smallest payment is $1.00')).toBeInTheDocument()
    expect(amount).toHaveAttribute('aria-invalid', 'true')
    await user.clear(amount)
    await user.type(amount, 'twelve')
    await user.click(within(form).getByRole('button', { name: 'Continue to payment' }))
    expect(await within(form).findByText('Enter an amount like 40 or 12.50')).toBeInTheDocument()
    expect(db.billing.checkouts).toHaveLength(0)
    await user.clear(amount)
    await user.type(amount, '1,250.5')
    await user.click(within(form).getByRole('button', { name: 'Continue to payment' }))
    await vi.waitFor(() => expect(leaveApp).toHaveBeenCalledTimes(1))
    expect(db.billing.checkouts[0]).toMatchObject({ amountMicros: 1_250_500_000 })
  })

  it('shows the receipt when the provider sends the owner back after paying, and lists it', async () => {
    db.billing.checkouts.push({
      id: 'cs_paid',
      accountId: 'ba-owner',
      status: 'paid',
      amountMicros: 25_000_000,
      currency: 'USD',
      lastDecline: null,
      receipt: {
        id: 'cs_paid',
        number: 'R-0A1B2C3D',
        provider: 'test',
        amountMicros: 25_000_000,
        refundedMicros: 0,
        currency: 'USD',
        paidAt: new Date().toISOString(),
        paymentEntryId: 'le-paid',
        card: { brand: 'Visa', last4: '4242' },
      },
    })
    renderRoute('/billing?checkout=cs_paid')
    const status = await screen.findByText(/Payment received: \$25\.00\./, {}, SLOW)
    expect(status.closest('[role="status"]')).toHaveTextContent('Receipt R-0A1B2C3D, Visa ending 4242. Thank you.')
    const receipts = await screen.findByRole('table', { name: 'Payment receipts' })
    expect(within(receipts).getAllByRole('row')[1]).toHaveTextContent('R-0A1B2C3DVisa ···· 4242$25.00—')
  })

  it('says a declined or cancelled payment charged nothing', async () => {
    owe(5_000_000)
    db.billing.checkouts.push({
      id: 'cs_declined',
      accountId: 'ba-owner',
      status: 'open',
      amountMicros: 5_000_000,
      currency: 'USD',
      lastDecline: 'Your card was declined. Try another card.',
      receipt: null,
    })
    renderRoute('/billing?checkout=cs_declined&cancelled=1')
    await screen.findByRole('button', { name: 'Pay $5.00 due' }, SLOW)
    const said = await screen.findByText(/^Payment not completed/, {}, SLOW)
    expect(said).toHaveTextContent('Payment not completed: Your card was declined. Try another card. Nothing was charged.')
  })

  it('puts a pay button on the dashboard banner of an overdue owner', async () => {
    owe(2_000_000)
    const { user } = renderRoute('/')
    await user.click(await screen.findByRole('button', { name: 'Pay $2.00 due' }, SLOW))
    await vi.waitFor(() => expect(leaveApp).toHaveBeenCalledWith('/pay/test/checkout/cs_mock1'))
  })
})
