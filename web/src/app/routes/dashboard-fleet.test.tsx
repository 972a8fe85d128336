import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

/** Adds `n` running exocorps ("Fleet 001"…) to the demo owner's seven, so the fleet spans pages. */
function growFleet(n: number) {
  const template = db.fleet.companies.find((c) => c.id === 'c-acme')!
  for (let i = 1; i <= n; i++) {
    const num = String(i).padStart(3, '0')
    db.fleet.companies.push({
      ...structuredClone(template),
      id: `c-fleet-${num}`,
      slug: `fleet-${num}`,
      name: `Fleet ${num}`,
      channel: i % 10 === 0 ? 'beta' : 'stable',
      status: i % 10 === 0 ? 'stopped' : 'running',
      health: i % 10 === 0 ? 'unknown' : 'healthy',
    })
  }
}

const rowNames = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('link')[0]!.textContent)

describe('dashboard fleet table', { timeout: 30_000 }, () => {
  it('shows a large fleet as a table one server page at a time, with every exocorp reachable', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    growFleet(60)
    const { user, router } = renderRoute('/dashboard')
    const table = await screen.findByRole('table', { name: 'Your exocorps' }, { timeout: 5000 })
    expect(screen.getByRole('button', { name: 'Table' })).toHaveAttribute('aria-pressed', 'true')
    expect(rowNames(table)).toHaveLength(25)
    expect(rowNames(table)[0]).toBe('Acme Research')

    const seen = new Set(rowNames(table))
    const current = () => rowNames(screen.getByRole('table', { name: 'Your exocorps' }))
    for (let page = 2; page <= 3; page++) {
      const before = current()[0]
      await user.click(screen.getByRole('button', { name: 'Next page' }))
      await screen.findByText(`Page ${page}`, undefined, { timeout: 5000 })
      await waitFor(() => expect(current()[0]).not.toBe(before), { timeout: 5000 })
      for (const name of current()) seen.add(name!)
    }
    // 67 exocorps over 25 + 25 + 17 rows, none twice, none left out.
    expect(seen.size).toBe(67)
    await waitFor(() => expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled())
    expect(router.state.location.search).toMatch(/cursor=/)

    await waitFor(() => expect(screen.getByRole('button', { name: 'Previous page' })).toBeEnabled())
    await user.click(screen.getByRole('button', { name: 'Previous page' }))
    await screen.findByText('Page 2', undefined, { timeout: 5000 })
  })

  it('filters and sorts on the server and keeps both in the URL', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    growFleet(60)
    const { user, router } = renderRoute('/dashboard')
    await screen.findByRole('table', { name: 'Your exocorps' }, { timeout: 5000 })

    await user.selectOptions(screen.getByLabelText('Status'), 'stopped')
    await waitFor(() => expect(router.state.location.search).toContain('status=stopped'))
    await waitFor(() => expect(rowNames(screen.getByRole('table', { name: 'Your exocorps' }))).toHaveLength(7), { timeout: 5000 })
    await user.selectOptions(screen.getByLabelText('Channel'), 'beta')
    await waitFor(() => expect(rowNames(screen.getByRole('table', { name: 'Your exocorps' }))).toHaveLength(6), { timeout: 5000 })

    await user.click(screen.getByRole('button', { name: /^Exocorp/ }))
    await waitFor(() => expect(router.state.location.search).toContain('order=desc'))
    await waitFor(() => expect(rowNames(screen.getByRole('table', { name: 'Your exocorps' }))[0]).toBe('Fleet 060'), {
      timeout: 5000,
    })
    expect(screen.getByRole('columnheader', { name: /Exocorp/ })).toHaveAttribute('aria-sort', 'descending')

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'fleet-05')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    await waitFor(() => expect(rowNames(screen.getByRole('table', { name: 'Your exocorps' }))).toEqual(['Fleet 050']), {
      timeout: 5000,
    })
    expect(router.state.location.search).toContain('q=fleet-05')
  })

  it('opens from a shared address with its filters, and says so when nothing matches', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user, router } = renderRoute('/dashboard?q=nothing-like-this&view=table')
    expect(await screen.findByRole('heading', { name: 'No exocorps match' }, { timeout: 5000 })).toBeInTheDocument()
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('nothing-like-this')
    // Not the new-owner welcome: the fleet is there, the filter just finds nothing.
    expect(screen.queryByRole('heading', { name: 'Launch your first exocorp' })).not.toBeInTheDocument()
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!)
    const table = await screen.findByRole('table', { name: 'Your exocorps' })
    await waitFor(() => expect(rowNames(table)).toHaveLength(7))
    expect(router.state.location.search).toBe('?view=table')
  })

  it('keeps cards for a small fleet, with a table on request', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user, router } = renderRoute('/dashboard')
    await screen.findByRole('list', { name: 'Your exocorps' }, { timeout: 5000 })
    expect(screen.queryByRole('navigation', { name: 'Pages' })).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Table' }))
    expect(await screen.findByRole('table', { name: 'Your exocorps' })).toBeInTheDocument()
    expect(router.state.location.search).toBe('?view=table')
  })

  it('finds any exocorp from the context switcher by searching, and shows its own sections', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    growFleet(60)
    const { user, router } = renderRoute('/dashboard')
    await screen.findByRole('table', { name: 'Your exocorps' }, { timeout: 5000 })
    await user.click(screen.getByRole('button', { name: /Switch context/ }))
    const menu = await screen.findByRole('menu')
    expect(within(menu).getByRole('group', { name: 'Recently updated' })).toBeInTheDocument()
    await user.click(within(menu).getByRole('menuitem', { name: 'Find an exocorp…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Find an exocorp' })
    await user.type(within(dialog).getByRole('searchbox', { name: 'Name or slug' }), 'fleet 059')
    const results = await within(dialog).findByRole('list', { name: 'Matching exocorps' })
    await waitFor(() =>
      expect(
        within(results)
          .getAllByRole('link')
          .map((l) => l.textContent),
      ).toEqual(['Fleet 059']),
    )
    await user.click(within(results).getByRole('link', { name: 'Fleet 059' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/company/c-fleet-059'))
    // Far past the first page, the exocorp still gets its own sidebar and switcher label.
    const sections = screen.getByRole('navigation', { name: 'Sections' })
    expect(await within(sections).findByText('Fleet 059')).toBeInTheDocument()
    expect(within(sections).getByRole('link', { name: 'Activity' })).toBeInTheDocument()
  })
})
