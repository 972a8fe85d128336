import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { catalog as de } from '@/lib/i18n/de'

// Issue 16 item 5 (decision 040): platform operators read every agent wallet and spend request, and a
// platform owner freezes a wallet after re-entering the password.

const SLOW = { timeout: 8_000 }

function seed() {
  const c = db.fleet.companies[0]!
  db.billing.agentWallets.push({
    id: 'aw-1',
    companyId: c.id,
    agent: 'buyer',
    status: 'active',
    monthlyLimitMicros: 50_000_000,
    perRequestLimitMicros: null,
    period: '2026-11',
    spentMicros: 12_000_000,
    pendingMicros: 0,
    remainingMicros: 38_000_000,
    balanceMicros: 0,
    card: null,
    updatedAt: '2026-11-20T10:00:00.000Z',
  })
  const base = {
    companyId: c.id,
    agent: 'buyer',
    walletId: 'aw-1',
    category: 'compute',
    reason: 'GPUs',
    createdAt: '2026-11-20T10:00:00.000Z',
    cardId: null,
    decidedBy: 'policy',
    decisionNote: null,
    decidedAt: '2026-11-20T10:00:00.000Z',
    authorization: null,
    transaction: null,
  }
  db.billing.spendRequests.push(
    { ...base, id: 'sr-1', amountMicros: 12_000_000, merchant: 'Cloud GPUs Ltd', status: 'approved', declineReason: null },
    {
      ...base,
      id: 'sr-2',
      amountMicros: 90_000_000,
      merchant: 'Big Iron Inc',
      status: 'declined',
      declineReason: 'over_monthly_allowance',
    },
  )
  return c
}

describe('admin agent wallets', () => {
  it(
    'lists wallets and spend requests, filters by decision in the URL, and freezes a wallet after the step-up',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
      const c = seed()
      const { user, router } = renderRoute('/admin/agent-wallets')
      const wallets = await screen.findByRole('table', { name: 'Agent wallets' }, SLOW)
      expect(within(wallets).getByRole('row', { name: /buyer/ })).toHaveTextContent(`${c.name}buyer$50.00$12.00Active`)
      const requests = screen.getByRole('table', { name: 'Spend requests, newest first' })
      expect(
        within(requests)
          .getAllByRole('row')
          .slice(1)
          .map((r) => r.textContent),
      ).toEqual([expect.stringContaining('Big Iron Inc'), expect.stringContaining('Cloud GPUs Ltd')])
      expect(within(requests).getByRole('row', { name: /Big Iron/ })).toHaveTextContent('Declined (over monthly allowance)')
      await user.selectOptions(screen.getByLabelText('Decision'), 'approved')
      await expect.poll(() => router.state.location.search, SLOW).toBe('?decision=approved')
      await expect
        .poll(() => within(screen.getByRole('table', { name: 'Spend requests, newest first' })).getAllByRole('row').length, SLOW)
        .toBe(2)

      const label = `Freeze the wallet of buyer in ${c.name}`
      const form = screen.getByRole('form', { name: label })
      await user.type(within(form).getByLabelText('Reason'), 'Disputed charge')
      await user.click(within(form).getByRole('button', { name: label }))
      const dialog = await screen.findByRole('dialog', {}, SLOW)
      await user.type(within(dialog).getByLabelText(/password/i), 'demo-admin-pass')
      await user.click(within(dialog).getByRole('button', { name: /confirm|continue/i }))
      await expect.poll(() => db.billing.agentWallets[0]!.status, SLOW).toBe('frozen')
      expect(await screen.findByText('Frozen', {}, SLOW)).toBeInTheDocument()
      expect(db.billing.agentWallets[0]!.status).toBe('frozen')
    },
  )

  it(
    'shows cards, authorizations and transactions, and refunds a disputed transaction and cancels a card after the step-up (decision 048)',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
      const c = seed()
      db.billing.agentCards.push({
        id: 'card-1',
        companyId: c.id,
        walletId: 'aw-1',
        agent: 'buyer',
        issuer: 'test',
        last4: '4242',
        status: 'active',
        autoApproveMicros: 10_000_000,
        perTransactionLimitMicros: null,
        dailyLimitMicros: null,
        allowedCategories: [],
        blockedCategories: [],
        spentTodayMicros: 0,
        createdAt: '2026-11-20T09:00:00.000Z',
        updatedAt: '2026-11-20T09:00:00.000Z',
        canceledAt: null,
      })
      const approved = db.billing.spendRequests.find((r) => r.id === 'sr-1')!
      approved.authorization = {
        id: 'auth-1',
        cardId: 'card-1',
        amountMicros: 12_000_000,
        outcome: 'approved',
        declineReason: null,
        issuerAuthorizationId: 'iauth_test_sr-1',
        createdAt: approved.createdAt,
      }
      approved.transaction = {
        id: 'tx-1',
        cardId: 'card-1',
        walletId: 'aw-1',
        amountMicros: 12_000_000,
        merchant: 'Cloud GPUs Ltd',
        category: 'compute',
        status: 'disputed',
        createdAt: approved.createdAt,
        updatedAt: approved.createdAt,
      }
      const { user, router } = renderRoute('/admin/agent-wallets?decision=approved')
      const requests = await screen.findByRole('table', { name: 'Spend requests, newest first' }, SLOW)
      expect(within(requests).getByRole('row', { name: /Cloud GPUs/ })).toHaveTextContent('ApprovedApprovedDisputed')
      const cards = screen.getByRole('table', { name: 'Agent cards' })
      expect(within(cards).getByRole('row', { name: /buyer/ })).toHaveTextContent(`${c.name}buyer···· 4242$10.00Active`)

      const refund = 'Refund $12.00 at Cloud GPUs Ltd to buyer'
      const form = screen.getByRole('form', { name: refund })
      await user.type(within(form).getByLabelText('Reason'), 'Merchant confirmed the dispute')
      await user.click(within(form).getByRole('button', { name: refund }))
      const dialog = await screen.findByRole('dialog', {}, SLOW)
      await user.type(within(dialog).getByLabelText(/password/i), 'demo-admin-pass')
      await user.click(within(dialog).getByRole('button', { name: /confirm|continue/i }))
      await expect.poll(() => approved.transaction?.status, SLOW).toBe('refunded')
      expect(await within(requests).findByText('Refunded', {}, SLOW)).toBeInTheDocument()

      const cancel = `Cancel card ···· 4242 of buyer in ${c.name}`
      const cancelForm = screen.getByRole('form', { name: cancel })
      await user.type(within(cancelForm).getByLabelText('Reason'), 'Fraud')
      await user.click(within(cancelForm).getByRole('button', { name: cancel }))
      await expect.poll(() => db.billing.agentCards[0]!.status, SLOW).toBe('canceled')
      expect(await within(cards).findByText('Canceled', {}, SLOW)).toBeInTheDocument()

      await user.selectOptions(screen.getByLabelText('Decision'), 'pending_approval')
      await expect.poll(() => router.state.location.search, SLOW).toBe('?decision=pending_approval')
      expect(await screen.findByText('No spend requests.', {}, SLOW)).toBeInTheDocument()

      // Disputes and anomalies: narrow by the money's state and by the issuer's answer too.
      await user.selectOptions(screen.getByLabelText('Decision'), '')
      await user.selectOptions(screen.getByLabelText('Transaction'), 'refunded')
      await expect.poll(() => router.state.location.search, SLOW).toBe('?transaction=refunded')
      await expect
        .poll(
          () => screen.queryByRole('table', { name: 'Spend requests, newest first' })?.querySelectorAll('tbody tr').length,
          SLOW,
        )
        .toBe(1)
      expect(
        within(screen.getByRole('table', { name: 'Spend requests, newest first' })).getByRole('row', { name: /Cloud GPUs/ }),
      ).toBeInTheDocument()
      await user.selectOptions(screen.getByLabelText('Authorization'), 'declined')
      await expect.poll(() => router.state.location.search, SLOW).toBe('?authorization=declined&transaction=refunded')
      expect(await screen.findByText('No spend requests.', {}, SLOW)).toBeInTheDocument()
    },
  )

  it('pages through spend requests with the server cursor kept in the URL', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    seed()
    const first = db.billing.spendRequests[0]!
    for (let i = 0; i < 50; i++) db.billing.spendRequests.push({ ...first, id: `sr-x${i}`, merchant: `Shop ${i}` })
    const { user, router } = renderRoute('/admin/agent-wallets')
    const requests = await screen.findByRole('table', { name: 'Spend requests, newest first' }, SLOW)
    expect(within(requests).getAllByRole('row')).toHaveLength(51)
    await user.click(screen.getByRole('button', { name: 'Older requests' }))
    await expect.poll(() => router.state.location.search, SLOW).toMatch(/^\?cursor=/)
    await expect
      .poll(() => within(screen.getByRole('table', { name: 'Spend requests, newest first' })).getAllByRole('row').length, SLOW)
      .toBe(3)
    expect(screen.getByRole('table', { name: 'Spend requests, newest first' })).toHaveTextContent('Cloud GPUs Ltd')
    await user.click(screen.getByRole('button', { name: 'Newest' }))
    await expect.poll(() => router.state.location.search, SLOW).toBe('')
  })

  it('reads German after the person picks Deutsch', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const c = seed()
    const { user } = renderRoute('/admin/agent-wallets')
    await screen.findByRole('table', { name: 'Agent wallets' }, SLOW)
    await user.click(screen.getByRole('button', { name: /^Account menu/ }))
    await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))
    const wallets = await screen.findByRole('table', { name: de.wallets.walletsCaption }, SLOW)
    expect(within(wallets).getByRole('columnheader', { name: de.wallets.monthlyAllowance })).toBeInTheDocument()
    expect(within(wallets).getByText(de.wallets.walletStatus_active)).toBeInTheDocument()
    expect(
      within(wallets).getByRole('button', {
        name: de.wallets.freezeLabel.replace('{{agent}}', 'buyer').replace('{{company}}', c.name),
      }),
    ).toBeInTheDocument()
    const requests = screen.getByRole('table', { name: de.wallets.requestsCaption })
    expect(within(requests).getByText('Abgelehnt (über dem Monatsbudget)')).toBeInTheDocument()
    expect(within(requests).getByText(de.wallets.approved)).toBeInTheDocument()
    expect(screen.getByRole('group', { name: de.wallets.filters })).toBeInTheDocument()
  })
})
