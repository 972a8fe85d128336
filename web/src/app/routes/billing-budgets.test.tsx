import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { addNotification, db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

const SLOW = { timeout: 5_000 }

describe('budgets on the billing page', () => {
  it(
    'sets a fleet budget and one per exocorp, refusing bad amounts before anything is sent, and removes one',
    { timeout: 20_000 },
    async () => {
      resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
      const { user } = renderRoute('/billing')
      const region = await screen.findByRole('region', { name: 'Budgets' }, SLOW)
      expect(await within(region).findByText('No budgets yet.', {}, SLOW)).toBeInTheDocument()
      const form = within(region).getByRole('form', { name: 'Set a budget' })
      const amount = within(form).getByLabelText('Monthly budget (USD)')
      await user.type(amount, '0.5')
      await user.click(within(form).getByRole('button', { name: 'Save budget' }))
      expect(await within(form).findByText('The smallest budget is $1.00')).toBeInTheDocument()
      const threshold = within(form).getByLabelText('Alert at (% of the budget)')
      await user.clear(threshold)
      await user.type(threshold, '150')
      await user.clear(amount)
      await user.type(amount, '200')
      await user.click(within(form).getByRole('button', { name: 'Save budget' }))
      expect(await within(form).findByText('Up to 100%')).toBeInTheDocument()
      expect(db.billing.budgets).toHaveLength(0)

      await user.clear(threshold)
      await user.type(threshold, '75')
      await user.click(within(form).getByRole('button', { name: 'Save budget' }))
      const table = await within(region).findByRole('table', { name: 'Monthly budgets' })
      expect(within(table).getByRole('row', { name: /Whole fleet/ })).toHaveTextContent('Whole fleet$200.00$0.00 75%Alert only')

      const scope = within(form).getByLabelText('Budget for')
      const exocorp = within(scope).getAllByRole('option')[1]!
      await user.selectOptions(scope, exocorp)
      await user.type(amount, '50')
      await user.click(within(form).getByLabelText('Hard limit: pause at 100% until next month'))
      await user.click(within(form).getByRole('button', { name: 'Save budget' }))
      const row = await within(table).findByRole('row', { name: new RegExp(exocorp.textContent!) })
      expect(row).toHaveTextContent('$50.00$0.00 75%Pauses at 100%')

      // Usage arrived and the hard limit paused it.
      const b = db.billing.budgets.find((x) => x.company !== null)!
      b.spentMicros = 50_000_000
      b.pausedAt = new Date().toISOString()
      await user.click(within(row).getByRole('button', { name: `Remove the budget of ${exocorp.textContent}` }))
      expect(await within(region).findByRole('row', { name: /Whole fleet/ })).toBeInTheDocument()
      expect(within(table).queryByRole('row', { name: new RegExp(exocorp.textContent!) })).not.toBeInTheDocument()
      expect(db.billing.budgets).toHaveLength(1)
    },
  )

  it('shows spend against the budget and a hard-limit pause with when it ends', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const company = db.fleet.companies.find((c) => c.ownerId === 'u-owner') ?? db.fleet.companies[0]!
    db.billing.budgets.push({
      id: 'bu-1',
      accountId: 'ba-owner',
      company: { id: company.id, slug: company.slug, name: company.name },
      monthlyLimitMicros: 20_000_000,
      softThresholdPct: 80,
      hardLimit: true,
      period: '2026-11',
      spentMicros: 20_004_000,
      softAlertedAt: new Date().toISOString(),
      pausedAt: new Date().toISOString(),
      resumesAt: '2026-12-01T00:00:00.000Z',
    })
    renderRoute('/billing')
    const row = await screen.findByRole('row', { name: new RegExp(company.name) }, SLOW)
    expect(row).toHaveTextContent('$20.00$20.00')
    expect(row).toHaveTextContent('Paused at 100% until')
    expect(within(row).getByRole('meter', { name: `${company.name}: 100% of the budget spent` })).toBeInTheDocument()
  })

  it('says on the status hero of a paused exocorp that its budget paused it, and until when', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    db.billing.budgets.push({
      id: 'bu-2',
      accountId: 'ba-owner',
      company: { id: 'c-paused', slug: 'paused-press', name: 'Paused Press' },
      monthlyLimitMicros: 5_000_000,
      softThresholdPct: 80,
      hardLimit: true,
      period: '2026-11',
      spentMicros: 5_000_000,
      softAlertedAt: new Date().toISOString(),
      pausedAt: new Date().toISOString(),
      resumesAt: '2026-12-01T00:00:00.000Z',
    })
    renderRoute('/company/c-paused')
    const hero = await screen.findByRole('region', { name: 'Status' }, SLOW)
    expect(
      await within(hero).findByText(
        /^Paused by its monthly budget: \$5\.00 of \$5\.00 spent\. It resumes on .*, or raise the budget on the billing page\.$/,
        {},
        SLOW,
      ),
    ).toBeInTheDocument()
  })

  it('tells a member too why the exocorp is paused, without offering what only its owner can do', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const paused = db.fleet.companies.find((c) => c.id === 'c-paused')!
    db.fleet.companies.push({
      ...structuredClone(paused),
      id: 'c-shared',
      slug: 'shared-co',
      name: 'Shared Co',
      ownerId: 'u-admin',
    })
    db.teams.memberships.push({ companyId: 'c-shared', userId: 'u-owner', role: 'member', addedAt: '2026-11-01T09:00:00.000Z' })
    db.billing.budgets.push({
      id: 'bu-3',
      accountId: 'ba-admin',
      company: null,
      monthlyLimitMicros: 30_000_000,
      softThresholdPct: 80,
      hardLimit: true,
      period: '2026-11',
      spentMicros: 30_500_000,
      softAlertedAt: new Date().toISOString(),
      pausedAt: new Date().toISOString(),
      resumesAt: '2026-12-01T00:00:00.000Z',
    })
    renderRoute('/company/c-shared')
    const hero = await screen.findByRole('region', { name: 'Status' }, SLOW)
    const reason = await within(hero).findByText(/^Paused by the fleet monthly budget: \$30\.50 of \$30\.00 spent\./, {}, SLOW)
    expect(reason.textContent).toMatch(/It resumes on .+ 2026, .+\.$/)
    expect(reason.textContent).not.toMatch(/raise the budget/)
  })

  it('a budget alert in the bell opens the budgets on the billing page', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner')!
    addNotification({ userId: 'u-owner', kind: 'budget', companyId: c.id, title: `${c.name} reached 80% of its monthly budget` })
    const { user, router } = renderRoute('/')
    await user.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }, SLOW))
    await user.click(await screen.findByRole('menuitem', { name: /reached 80% of its monthly budget/ }))
    await expect.poll(() => router.state.location.pathname, SLOW).toBe('/billing')
    expect(await screen.findByRole('region', { name: 'Budgets' }, SLOW)).toBeInTheDocument()
  })
})
