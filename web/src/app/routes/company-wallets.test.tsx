import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Issue 16 item 4 (decision 040): an exocorp's owner sets each agent's monthly allowance and freezes
// a wallet from the Wallets tab; members do not get the tab.

const SLOW = { timeout: 8_000 }

describe('agent wallets on the exocorp page', () => {
  it(
    'sets an allowance after refusing bad amounts, shows what was spent and left, and freezes it',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
      const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner')!
      const { user } = renderRoute(`/company/${c.id}/wallets`)
      const region = await screen.findByRole('region', { name: 'Agent wallets' }, SLOW)
      expect(await within(region).findByText('No wallets yet: every spend request is declined.', {}, SLOW)).toBeInTheDocument()
      const form = within(region).getByRole('form', { name: 'Set a wallet' })
      await user.type(within(form).getByLabelText('Agent'), 'buyer')
      await user.type(within(form).getByLabelText('Monthly allowance (USD)'), 'lots')
      await user.type(within(form).getByLabelText('Largest single request (USD, optional)'), '0')
      await user.click(within(form).getByRole('button', { name: 'Save wallet' }))
      expect(await within(form).findByText('Enter an amount like 50 or 12.50')).toBeInTheDocument()
      expect(within(form).getByLabelText('Monthly allowance (USD)')).toHaveAttribute('aria-invalid', 'true')
      expect(db.billing.agentWallets).toHaveLength(0)

      await user.clear(within(form).getByLabelText('Monthly allowance (USD)'))
      await user.type(within(form).getByLabelText('Monthly allowance (USD)'), '50')
      await user.click(within(form).getByRole('button', { name: 'Save wallet' }))
      expect(await within(form).findByText('At least 1 cent')).toBeInTheDocument()
      expect(db.billing.agentWallets).toHaveLength(0)

      await user.clear(within(form).getByLabelText('Largest single request (USD, optional)'))
      await user.type(within(form).getByLabelText('Largest single request (USD, optional)'), '12.50')
      await user.click(within(form).getByRole('button', { name: 'Save wallet' }))
      const table = await within(region).findByRole('table', { name: 'Agent wallets' }, SLOW)
      // The runtime spent some of it.
      db.billing.agentWallets[0]!.spentMicros = 20_000_000
      db.billing.agentWallets[0]!.remainingMicros = 30_000_000
      expect(within(table).getByRole('row', { name: /buyer/ })).toHaveTextContent('buyer$50.00$12.50')
      await user.click(within(table).getByRole('button', { name: 'Freeze the wallet of buyer' }))
      const row = await within(table).findByRole('row', { name: /buyer.*Frozen/ }, SLOW)
      expect(row).toHaveTextContent('buyer$50.00$12.50$20.00$30.00Frozen')
      expect(db.billing.agentWallets[0]).toMatchObject({ status: 'frozen', monthlyLimitMicros: 50_000_000 })
    },
  )

  it(
    'issues a card, adds funds, and approves a request waiting above the auto-approve limit with a note (decision 048)',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
      const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner')!
      db.billing.agentWallets.push({
        id: 'aw-1',
        companyId: c.id,
        agent: 'buyer',
        status: 'active',
        monthlyLimitMicros: 100_000_000,
        perRequestLimitMicros: null,
        period: '2026-11',
        spentMicros: 0,
        pendingMicros: 0,
        remainingMicros: 100_000_000,
        balanceMicros: 0,
        card: null,
        updatedAt: '2026-11-20T10:00:00.000Z',
      })
      const { user } = renderRoute(`/company/${c.id}/wallets`)
      const cards = await screen.findByRole('region', { name: 'Cards and funds' }, SLOW)
      const table = await within(cards).findByRole('table', { name: 'Agent cards' }, SLOW)
      expect(within(table).getByRole('row', { name: /buyer/ })).toHaveTextContent('No card')

      const issue = within(cards).getByRole('form', { name: 'Issue a card' })
      await user.selectOptions(within(issue).getByLabelText('Agent with a wallet'), 'buyer')
      await user.type(within(issue).getByLabelText('Auto-approve up to (USD)'), '10')
      await user.type(within(issue).getByLabelText('Blocked categories (comma-separated, optional)'), 'Gambling')
      await user.click(within(issue).getByRole('button', { name: 'Issue card' }))
      expect(await within(issue).findByText('Lower-case letters, digits and _ (at most 40)')).toBeInTheDocument()
      expect(db.billing.agentCards).toHaveLength(0)
      await user.clear(within(issue).getByLabelText('Blocked categories (comma-separated, optional)'))
      await user.type(within(issue).getByLabelText('Blocked categories (comma-separated, optional)'), 'gambling')
      await user.click(within(issue).getByRole('button', { name: 'Issue card' }))
      expect(await within(table).findByText(/auto-approves up to \$10\.00/, {}, SLOW)).toBeInTheDocument()
      expect(db.billing.agentCards[0]).toMatchObject({ autoApproveMicros: 10_000_000, blockedCategories: ['gambling'] })

      const fund = within(cards).getByRole('form', { name: 'Add funds' })
      await user.selectOptions(within(fund).getByLabelText('Wallet'), 'buyer')
      await user.type(within(fund).getByLabelText('Amount (USD)'), '50')
      await user.click(within(fund).getByRole('button', { name: 'Add funds' }))
      expect(await within(table).findByRole('row', { name: /buyer.*\$50\.00/ }, SLOW)).toBeInTheDocument()

      // The runtime asked for $25, above the $10 the card approves on its own.
      db.billing.spendRequests.push({
        id: 'sr-9',
        companyId: c.id,
        agent: 'buyer',
        walletId: 'aw-1',
        cardId: db.billing.agentCards[0]!.id,
        amountMicros: 25_000_000,
        merchant: 'Cloud GPUs Ltd',
        category: 'compute',
        reason: 'Fine-tuning run',
        status: 'pending_approval',
        declineReason: null,
        decidedBy: null,
        decisionNote: null,
        decidedAt: null,
        createdAt: '2026-11-29T23:00:00.000Z',
        authorization: null,
        transaction: null,
      })
      const approvals = screen.getByRole('region', { name: 'Waiting for your approval' })
      await user.click(within(cards).getByRole('button', { name: 'Freeze the card of buyer' }))
      await within(table).findByText(/Frozen/, {}, SLOW)
      await user.click(within(cards).getByRole('button', { name: 'Unfreeze the card of buyer' }))
      const item = await within(approvals).findByRole('listitem', { name: 'buyer asks $25.00 at Cloud GPUs Ltd' }, SLOW)
      await user.type(within(item).getByLabelText('Note (optional)'), 'For the launch')
      await user.click(within(item).getByRole('button', { name: 'Approve' }))
      expect(await within(approvals).findByRole('status', {}, SLOW)).toHaveTextContent(
        'Approved: $25.00 at Cloud GPUs Ltd captured.',
      )
      expect(await within(approvals).findByText('No spend request is waiting.', {}, SLOW)).toBeInTheDocument()
      expect(db.billing.spendRequests[0]).toMatchObject({ status: 'approved', decisionNote: 'For the launch' })
      expect(await within(table).findByRole('row', { name: /buyer.*\$25\.00/ }, SLOW)).toBeInTheDocument()
    },
  )

  it('is not offered to a member of a shared exocorp', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const first = db.fleet.companies.find((x) => x.ownerId === 'u-owner')!
    db.fleet.companies.push({
      ...structuredClone(first),
      id: 'c-shared',
      slug: 'shared-co',
      name: 'Shared Co',
      ownerId: 'u-admin',
    })
    db.teams.memberships.push({ companyId: 'c-shared', userId: 'u-owner', role: 'member', addedAt: '2026-11-01T09:00:00.000Z' })
    renderRoute('/company/c-shared')
    const tabs = await screen.findByRole('navigation', { name: 'Exocorp sections' }, SLOW)
    expect(within(tabs).queryByRole('link', { name: 'Wallets' })).toBeNull()
    expect(within(tabs).getByRole('link', { name: 'Activity' })).toBeInTheDocument()
  })
})
