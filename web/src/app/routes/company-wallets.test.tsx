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
