import { screen, waitFor, within } from '@testing-library/react'
import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import { apiError } from '@/testing/http'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

const ADMIN = 'admin@demo.exocorp.dev'
const ADMIN_PASSWORD = 'demo-admin-pass'
const SLOW = { timeout: 5_000 }

function rowsOf(tableName: string) {
  return within(screen.getByRole('table', { name: tableName }))
    .getAllByRole('row')
    .slice(1)
}

describe('admin billing accounts', () => {
  it('lists accounts with state and balance, and filters by state from the URL', async () => {
    resetMockDb({ signedInAs: ADMIN })
    const { user, router } = renderRoute('/admin/billing')
    await screen.findByRole('table', { name: 'Billing accounts' }, SLOW)
    expect(rowsOf('Billing accounts')).toHaveLength(5)
    const grace = rowsOf('Billing accounts').find((r) => r.textContent?.includes('gus@late.example'))!
    expect(grace).toHaveTextContent('Grace')
    expect(grace).toHaveTextContent('-$5.00')

    await user.selectOptions(screen.getByLabelText('State'), 'suspended')
    await waitFor(() => expect(rowsOf('Billing accounts')).toHaveLength(1))
    expect(rowsOf('Billing accounts')[0]).toHaveTextContent('sam@paused.example')
    expect(router.state.location.search).toBe('?state=suspended')
  })

  it('shows the collections queue, worst first, with the amount due', async () => {
    resetMockDb({ signedInAs: ADMIN })
    renderRoute('/admin/billing/collections')
    await screen.findByRole('table', { name: 'Collections queue' }, SLOW)
    const rows = rowsOf('Collections queue')
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual([
      'sam@paused.example',
      'rita@overdue.example',
      'gus@late.example',
    ])
    expect(rows[1]).toHaveTextContent('$15.00')
    expect(rows[2]).toHaveTextContent(/Restricted in \d+ days/)
  })

  it('shows the provider event log with why events were ignored, filtered from the URL', async () => {
    resetMockDb({ signedInAs: ADMIN })
    renderRoute('/admin/billing/provider-events?status=ignored')
    await screen.findByRole('table', { name: 'Provider events' }, SLOW)
    const rows = rowsOf('Provider events')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toHaveTextContent('Unsupported event type')
    expect(rows[1]).toHaveTextContent('Unknown billing account')
    expect(screen.getByLabelText('Status')).toHaveValue('ignored')
  })
})

describe('ledger adjustment', () => {
  it('retries with the same idempotency key after a failure and books one entry', async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.reauthenticatedAt = new Date().toISOString()
    const sent: { idempotencyKey: string; amountMicros: number }[] = []
    server.use(
      http.post('/api/admin/billing/accounts/:id/adjustments', async ({ request }) => {
        sent.push((await request.clone().json()) as (typeof sent)[number])
        // The first attempt dies on the way back; later ones fall through to the mock BFF.
        if (sent.length === 1) return apiError(503, 'internal', 'Upstream timed out')
        return undefined
      }),
    )
    const { user } = renderRoute('/admin/billing/accounts/ba-grace')
    await user.click(await screen.findByRole('button', { name: 'Adjust balance' }, SLOW))
    const dialog = await screen.findByRole('dialog', { name: 'Adjust balance' })
    await user.type(within(dialog).getByLabelText('Amount (USD)'), '7.25')
    await user.type(within(dialog).getByLabelText('Reason'), 'Goodwill credit for the outage')
    await user.click(within(dialog).getByRole('button', { name: 'Book adjustment' }))

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Not booked yet — you can safely try again.')
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }))

    expect(await screen.findByRole('status')).toHaveTextContent('Credited $7.25. New balance $2.25.')
    expect(sent).toHaveLength(2)
    expect(sent[1]!.idempotencyKey).toBe(sent[0]!.idempotencyKey)
    expect(sent[1]!.amountMicros).toBe(7_250_000)
    expect(db.billing.ledger.filter((e) => e.accountId === 'ba-grace' && e.kind === 'adjustment')).toHaveLength(1)
    // Paid up: the account is current again, and the ledger shows the entry.
    expect(await screen.findByText('Adjustment: Goodwill credit for the outage')).toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Gus Late' })).toHaveTextContent('Current')

    // A new dialog is a new adjustment with a new key.
    await user.click(screen.getByRole('button', { name: 'Adjust balance' }))
    const again = await screen.findByRole('dialog', { name: 'Adjust balance' })
    await user.click(within(again).getByLabelText(/Debit/))
    await user.type(within(again).getByLabelText('Amount (USD)'), '1')
    await user.type(within(again).getByLabelText('Reason'), 'Correction')
    await user.click(within(again).getByRole('button', { name: 'Book adjustment' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Debited $1.00. New balance $1.25.')
    expect(sent).toHaveLength(3)
    expect(sent[2]!.idempotencyKey).not.toBe(sent[0]!.idempotencyKey)
    expect(sent[2]!.amountMicros).toBe(-1_000_000)
  })

  it('asks for the password when the step-up window has passed, then books the same adjustment once', async () => {
    resetMockDb({ signedInAs: ADMIN })
    const sent: { idempotencyKey: string }[] = []
    server.use(
      http.post('/api/admin/billing/accounts/:id/adjustments', async ({ request }) => {
        sent.push((await request.clone().json()) as (typeof sent)[number])
        return undefined
      }),
    )
    const { user } = renderRoute('/admin/billing/accounts/ba-grace')
    await user.click(await screen.findByRole('button', { name: 'Adjust balance' }, SLOW))
    const dialog = await screen.findByRole('dialog', { name: 'Adjust balance' })
    await user.type(within(dialog).getByLabelText('Amount (USD)'), '7.25')
    await user.type(within(dialog).getByLabelText('Reason'), 'Goodwill credit for the outage')
    await user.click(within(dialog).getByRole('button', { name: 'Book adjustment' }))

    const stepUp = await screen.findByRole('dialog', { name: 'Confirm your password' })
    expect(db.billing.ledger.filter((e) => e.accountId === 'ba-grace' && e.kind === 'adjustment')).toHaveLength(0)
    await user.type(within(stepUp).getByLabelText('Password'), ADMIN_PASSWORD)
    await user.click(within(stepUp).getByRole('button', { name: 'Confirm and continue' }))

    expect(await screen.findByRole('status')).toHaveTextContent('Credited $7.25. New balance $2.25.')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(sent).toHaveLength(2)
    expect(sent[1]!.idempotencyKey).toBe(sent[0]!.idempotencyKey)
    expect(db.billing.ledger.filter((e) => e.accountId === 'ba-grace' && e.kind === 'adjustment')).toHaveLength(1)
  })

  it('refunds part of a payment after the step-up, once, and refuses more than was paid', { timeout: 15_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    const { user } = renderRoute('/admin/billing/accounts/ba-owner?kind=payment')
    await user.click(await screen.findByRole('button', { name: 'Refund payment of $20.00' }, SLOW))
    const dialog = await screen.findByRole('dialog', { name: 'Refund payment' })
    const amount = within(dialog).getByLabelText('Amount to refund (USD)')
    expect(amount).toHaveValue('20.00')
    await user.clear(amount)
    await user.type(amount, '20.01')
    await user.type(within(dialog).getByLabelText('Reason'), 'Charged twice')
    await user.click(within(dialog).getByRole('button', { name: 'Refund' }))
    const stepUp = await screen.findByRole('dialog', { name: 'Confirm your password' })
    await user.type(within(stepUp).getByLabelText('Password'), ADMIN_PASSWORD)
    await user.click(within(stepUp).getByRole('button', { name: 'Confirm and continue' }))
    expect(await within(dialog).findByText('That is more than what is left of this payment to refund.')).toBeInTheDocument()
    await user.clear(amount)
    await user.type(amount, '4')
    await user.click(within(dialog).getByRole('button', { name: 'Refund' }))
    expect(await screen.findByRole('status')).toHaveTextContent(/^Refunded \$4\.00\. New balance \$36\.50\.$/)
    expect(db.billing.ledger.filter((e) => e.kind === 'refund')).toMatchObject([
      { amountMicros: -4_000_000, reason: 'Charged twice' },
    ])
  })

  it('checks the amount and the reason before sending', async () => {
    resetMockDb({ signedInAs: ADMIN })
    const { user } = renderRoute('/admin/billing/accounts/ba-grace')
    await user.click(await screen.findByRole('button', { name: 'Adjust balance' }, SLOW))
    const dialog = await screen.findByRole('dialog', { name: 'Adjust balance' })
    await user.click(within(dialog).getByRole('button', { name: 'Book adjustment' }))
    expect(within(dialog).getByLabelText('Amount (USD)')).toHaveAccessibleDescription(
      'Enter an amount greater than zero, like 12.50',
    )
    await user.type(within(dialog).getByLabelText('Amount (USD)'), '3')
    await user.click(within(dialog).getByRole('button', { name: 'Book adjustment' }))
    expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription('Give a reason')
    expect(db.billing.ledger.some((e) => e.kind === 'adjustment')).toBe(false)
  })

  it('is not offered to a read-only admin', async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.users.find((u) => u.email === ADMIN)!.role = 'admin'
    renderRoute('/admin/billing/accounts/ba-grace')
    expect(await screen.findByRole('region', { name: 'Gus Late' }, SLOW)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Adjust balance' })).not.toBeInTheDocument()
    expect(screen.getByLabelText('Days of grace')).toBeDisabled()
  })
})

describe('grace policy', () => {
  it('saves a per-account policy', async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.reauthenticatedAt = new Date().toISOString()
    const { user } = renderRoute('/admin/billing/accounts/ba-grace')
    const grace = await screen.findByLabelText('Days of grace', {}, SLOW)
    await user.clear(grace)
    await user.type(grace, '10')
    await user.clear(screen.getByLabelText('Restrict after (days)'))
    await user.type(screen.getByLabelText('Restrict after (days)'), '12')
    await user.clear(screen.getByLabelText('Suspend after (days)'))
    await user.type(screen.getByLabelText('Suspend after (days)'), '30')
    await user.click(screen.getByRole('button', { name: 'Save policy' }))
    expect(await screen.findByText('Grace policy saved.')).toBeInTheDocument()
    expect(db.billing.accounts.find((a) => a.id === 'ba-grace')!.policy).toMatchObject({
      graceDays: 10,
      restrictAfterDays: 12,
      suspendAfterDays: 30,
      isDefault: false,
    })
    expect(screen.getByText('This account has its own policy.', { exact: false })).toBeInTheDocument()
  })

  it('asks for the password when the step-up window has passed, then saves the same policy', async () => {
    resetMockDb({ signedInAs: ADMIN })
    const { user } = renderRoute('/admin/billing/accounts/ba-grace')
    const grace = await screen.findByLabelText('Days of grace', {}, SLOW)
    await user.clear(grace)
    await user.type(grace, '10')
    await user.clear(screen.getByLabelText('Restrict after (days)'))
    await user.type(screen.getByLabelText('Restrict after (days)'), '12')
    await user.clear(screen.getByLabelText('Suspend after (days)'))
    await user.type(screen.getByLabelText('Suspend after (days)'), '30')
    await user.click(screen.getByRole('button', { name: 'Save policy' }))

    const stepUp = await screen.findByRole('dialog', { name: 'Confirm your password' })
    expect(db.billing.accounts.find((a) => a.id === 'ba-grace')!.policy.graceDays).toBe(7)
    expect(screen.queryByText('The policy was not saved.', { exact: false })).not.toBeInTheDocument()
    await user.type(within(stepUp).getByLabelText('Password'), ADMIN_PASSWORD)
    await user.click(within(stepUp).getByRole('button', { name: 'Confirm and continue' }))

    expect(await screen.findByText('Grace policy saved.')).toBeInTheDocument()
    expect(db.billing.accounts.find((a) => a.id === 'ba-grace')!.policy).toMatchObject({
      graceDays: 10,
      restrictAfterDays: 12,
      suspendAfterDays: 30,
      isDefault: false,
    })
  })

  it('refuses suspension before restriction without sending anything', async () => {
    resetMockDb({ signedInAs: ADMIN })
    const { user } = renderRoute('/admin/billing/accounts/ba-grace')
    const suspend = await screen.findByLabelText('Suspend after (days)', {}, SLOW)
    await user.clear(suspend)
    await user.type(suspend, '3')
    await user.click(screen.getByRole('button', { name: 'Save policy' }))
    expect(suspend).toHaveAccessibleDescription('Suspension comes after restriction')
    expect(db.billing.accounts.find((a) => a.id === 'ba-grace')!.policy.suspendAfterDays).toBe(14)
  })

  it('rolls the form back when the server refuses the change', async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.reauthenticatedAt = new Date().toISOString()
    server.use(
      http.put('/api/admin/billing/accounts/:id/policy', () => apiError(500, 'internal', 'Something went wrong on our side.')),
    )
    const { user } = renderRoute('/admin/billing/accounts/ba-grace')
    const grace = await screen.findByLabelText('Days of grace', {}, SLOW)
    await user.clear(grace)
    await user.type(grace, '3')
    await user.click(screen.getByRole('button', { name: 'Save policy' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The policy was not saved.')
    await waitFor(() => expect(screen.getByLabelText('Days of grace')).toHaveValue(7))
  })
})
