import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

const SLOW = { timeout: 5_000 }

function moveOwnerTo(state: 'grace' | 'restricted' | 'suspended', owedMicros: number) {
  const account = db.billing.accounts.find((a) => a.id === 'ba-owner')!
  account.state = state
  account.stateChangedAt = new Date(Date.now() - 2 * 86_400_000).toISOString()
  db.billing.ledger.push({
    id: 'le-big-usage',
    accountId: 'ba-owner',
    kind: 'usage',
    // Current balance is $40.50; this leaves the account owing `owedMicros`.
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

describe('owner billing page', () => {
  it('shows a current account: balance, state and recent entries, no warning', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    renderRoute('/billing')
    const summary = await screen.findByRole('region', { name: 'Balance' }, SLOW)
    expect(within(summary).getByText('$40.50')).toBeInTheDocument()
    expect(within(summary).getByText('Current')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    const entries = within(screen.getByRole('table', { name: 'Recent ledger entries' })).getAllByRole('row')
    expect(entries).toHaveLength(21)
    expect(entries[1]).toHaveTextContent('Payment via mockpay')
  })

  it('tells an owner in grace what happens next and what to do', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    moveOwnerTo('grace', 5_000_000)
    renderRoute('/billing')
    const heading = await screen.findByRole('heading', { name: 'Your balance is overdue' }, SLOW)
    const notice = heading.closest('section')!
    expect(notice).toHaveAttribute('role', 'status')
    expect(notice).toHaveTextContent('What to do: Add funds to bring your balance back above zero.')
    expect(notice).toHaveTextContent('Amount due: $5.00')
    expect(notice).toHaveTextContent(
      /If nothing is paid, the account becomes restricted \(no provisioning or updates\) in \d+ days\./,
    )
    // One date style: relative, with the exact time on hover.
    const when = notice.querySelector('time')!
    expect(when).toHaveAttribute('title', expect.stringMatching(/\d{4}/))
    expect(screen.getByRole('region', { name: 'Balance' })).toHaveTextContent('-$5.00')
  })

  it('warns a restricted owner that provisioning and updates are blocked', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    moveOwnerTo('restricted', 12_000_000)
    renderRoute('/billing')
    const alert = await screen.findByRole('alert', {}, SLOW)
    expect(alert).toHaveTextContent('Billing restricted: no new provisioning or updates')
    expect(alert).toHaveTextContent('Pay the amount due to lift the restriction at once.')
    expect(alert).toHaveTextContent('Amount due: $12.00')
    expect(alert).toHaveTextContent(/the account becomes suspended \(exocorps paused\) in \d+ days/)
  })

  it('tells a suspended owner their exocorps are paused and resume on payment', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    moveOwnerTo('suspended', 30_000_000)
    renderRoute('/billing')
    const alert = await screen.findByRole('alert', {}, SLOW)
    expect(alert).toHaveTextContent('Billing suspended: your exocorps are paused')
    expect(alert).toHaveTextContent('paused exocorps resume as soon as the payment is booked')
    expect(alert).toHaveTextContent('Amount due: $30.00')
    expect(alert).not.toHaveTextContent('If nothing is paid')
    expect(screen.getByRole('region', { name: 'Balance' })).toHaveTextContent('Suspended')
  })
})
