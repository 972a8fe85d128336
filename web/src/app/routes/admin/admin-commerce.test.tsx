import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { seedCommerce } from '@/testing/mock-commerce'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Issue 19 item 2 (decision 055): admins see every runtime's store — counts, last order, revenue
// over time — with stale ones flagged, filtered and paged on the server (filters in the URL). The
// msw handlers answer from the shared contract.

const SLOW = { timeout: 8_000 }

describe('admin commerce', () => {
  it('lists stores per exocorp, flags a stale one and filters to stale stores only', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    // Paused Press's store went quiet an hour ago; running again, it is stale.
    db.fleet.companies.find((c) => c.id === 'c-paused')!.status = 'running'
    const { user, router } = renderRoute('/admin/commerce')
    const table = await screen.findByRole('table', { name: 'Stores by exocorp' }, SLOW)
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Acme Research shop', 'Press kiosk Stale'])
    expect(rows[0]).toHaveTextContent('Acme Research')
    expect(rows[0]).toHaveTextContent(/4\s*7/)
    expect(rows[0]).toHaveTextContent('$184.50')
    expect(rows[1]).toHaveTextContent('€12.00')
    expect(screen.getByText('1 stale store')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Acme Research' })).toHaveAttribute('href', '/admin/companies/c-acme')
    // Revenue over time: the chart's table carries the same figures.
    const revenue = screen.getByRole('region', { name: 'Revenue over the last 30 days' })
    expect(within(revenue).getByRole('table', { name: 'Revenue per day of the listed stores, last 30 days' })).toHaveTextContent(
      '$97.50',
    )

    await user.click(screen.getByRole('checkbox', { name: 'Stale stores only' }))
    await waitFor(
      () =>
        expect(
          within(table)
            .getAllByRole('rowheader')
            .map((h) => h.textContent),
        ).toEqual(['Press kiosk Stale']),
      SLOW,
    )
    expect(router.state.location.search).toContain('stale=true')
  })

  it('searches exocorps and pages with the server cursor', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    // Sixty more stores for Acme Research: a page holds fifty.
    const [acme] = seedCommerce()
    for (let i = 0; i < 60; i++) {
      db.commerce.push({
        ...acme!,
        snapshot: { ...acme!.snapshot, store: { id: `st_more${String(i).padStart(2, '0')}`, name: `Branch ${i}` } },
      })
    }
    const { user, router } = renderRoute('/admin/commerce?q=press')
    const table = await screen.findByRole('table', { name: 'Stores by exocorp' }, SLOW)
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Press kiosk'])
    await user.clear(screen.getByLabelText('Exocorp name or slug'))
    await waitFor(() => expect(within(table).getAllByRole('rowheader')).toHaveLength(50), SLOW)
    expect(router.state.location.search).not.toContain('q=')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await waitFor(() => expect(within(table).getAllByRole('rowheader')).toHaveLength(12), SLOW)
    expect(router.state.location.search).toContain('cursor=')
    await user.click(screen.getByRole('button', { name: 'Previous' }))
    await waitFor(() => expect(within(table).getAllByRole('rowheader')).toHaveLength(50), SLOW)
  })
})
