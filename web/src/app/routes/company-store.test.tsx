import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { liveSettings } from '../live-sync'

// Issue 19 item 2 (decision 055): an exocorp's Store tab shows the store its runtime reports —
// products, orders, last order, revenue per day — and warns when a running exocorp's store went quiet.

const SLOW = { timeout: 8_000 }
const OWNER = 'owner@demo.exocorp.dev'

afterEach(() => {
  liveSettings.inTests = false
})

describe('the Store tab', () => {
  it('shows the store’s figures and its revenue per day', async () => {
    resetMockDb({ signedInAs: OWNER })
    renderRoute('/company/c-acme/store')
    const store = await screen.findByRole('region', { name: 'Acme Research shop' }, SLOW)
    const figures = within(store).getByLabelText('Acme Research shop figures')
    expect(figures).toHaveTextContent(/Products4Orders7Revenue\$184\.50/)
    expect(within(store).queryByText('Stale')).not.toBeInTheDocument()
    expect(within(store).getByRole('table', { name: 'Revenue per day, last 30 days (USD)' })).toHaveTextContent('$97.50')
    expect(screen.getAllByRole('link', { name: 'Store' }).length).toBeGreaterThan(0)
  }, 20_000)

  it('warns when a running exocorp’s store sent nothing for three intervals, and says when none is reported', async () => {
    resetMockDb({ signedInAs: OWNER })
    db.fleet.companies.find((c) => c.id === 'c-paused')!.status = 'running'
    const { unmount } = renderRoute('/company/c-paused/store')
    const store = await screen.findByRole('region', { name: 'Press kiosk' }, SLOW)
    expect(within(store).getByText('Stale')).toBeInTheDocument()
    expect(within(store).getByRole('status')).toHaveTextContent(/No snapshot since .*every 60 s.*after 3 missed reports/)
    unmount()

    const quiet = db.fleet.companies.find((c) => c.ownerId === 'u-owner' && !db.commerce.some((m) => m.companyId === c.id))!
    renderRoute(`/company/${quiet.id}/store`)
    expect(await screen.findByText(/No store reported yet/, undefined, SLOW)).toBeInTheDocument()
  }, 20_000)

  it('updates when a newer snapshot is pushed, without waiting for a poll (decision 060)', async () => {
    // The mocked stream (decision 039) sends what the BFF's trigger would: a store.snapshot for the
    // exocorp's members. While the stream is live the tab does not poll (the next refetch it plans
    // is when the store could turn stale, minutes away), so the new figures can only come from it.
    liveSettings.inTests = true
    resetMockDb({ signedInAs: OWNER })
    const { unmount } = renderRoute('/company/c-acme/store')
    const store = await screen.findByRole('region', { name: 'Acme Research shop' }, SLOW)
    expect(await screen.findByText('Live', { selector: '.live-indicator' }, SLOW)).toBeInTheDocument()
    const figures = within(store).getByLabelText('Acme Research shop figures')
    expect(figures).toHaveTextContent(/Products4Orders7Revenue\$184\.50/)

    // The runtime reports an order: the platform applies snapshot #43.
    const held = db.commerce.find((m) => m.companyId === 'c-acme')!
    held.snapshot = { ...held.snapshot, snapshotId: 'st_acme01-43', sequence: 43, orderCount: 8, revenueMinor: 20_950 }
    held.receivedAt = new Date().toISOString()
    await within(store).findByText('#43', { exact: false }, SLOW)
    expect(figures).toHaveTextContent(/Products4Orders8Revenue\$209\.50/)
    unmount()
  }, 30_000)

  it('lets the owner add a product: bad input shows the server’s field errors, a good one reaches the store (decision 060)', async () => {
    resetMockDb({ signedInAs: OWNER })
    const { user } = renderRoute('/company/c-acme/store')
    const store = await screen.findByRole('region', { name: 'Acme Research shop' }, SLOW)
    const form = screen.getByRole('region', { name: 'Add a product' })
    await user.type(within(form).getByLabelText('Price (USD)'), 'cheap')
    await user.click(within(form).getByRole('button', { name: 'Add product' }))
    expect(await within(form).findByText('Name the product')).toBeInTheDocument()
    expect(within(form).getByLabelText('Product name')).toHaveAttribute('aria-invalid', 'true')
    expect(within(form).getByLabelText('Price (USD)')).toHaveAttribute('aria-invalid', 'true')
    expect(db.commerce.find((m) => m.companyId === 'c-acme')!.snapshot.productCount).toBe(4)

    await user.type(within(form).getByLabelText('Product name'), 'Gift card')
    await user.clear(within(form).getByLabelText('Price (USD)'))
    await user.type(within(form).getByLabelText('Price (USD)'), '25.50')
    await user.click(within(form).getByRole('button', { name: 'Add product' }))
    expect(await within(form).findByRole('status')).toHaveTextContent(/^Added Gift card at \$25\.50/)
    expect(within(form).getByLabelText('Product name')).toHaveValue('')
    await waitFor(
      () => expect(within(store).getByLabelText('Acme Research shop figures')).toHaveTextContent(/Products5Orders7/),
      SLOW,
    )
  }, 30_000)

  it('shows members the store without the form (owners add products)', async () => {
    resetMockDb({ signedInAs: OWNER })
    const createdAt = new Date().toISOString()
    db.users.push({ id: 'u-member', email: 'member@example.com', name: 'Mo Member', password: 'x', role: 'user', createdAt })
    db.teams.memberships.push({ companyId: 'c-acme', userId: 'u-member', role: 'member', addedAt: createdAt })
    db.sessionUserId = 'u-member'
    renderRoute('/company/c-acme/store')
    expect(await screen.findByRole('region', { name: 'Acme Research shop' }, SLOW)).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Add a product' })).not.toBeInTheDocument()
  }, 20_000)
})
