import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

describe('dashboard', { timeout: 20_000 }, () => {
  it('shows the fleet strip and one card per exocorp linking to its detail', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user, router } = renderRoute('/dashboard')
    const cards = await screen.findByRole('list', { name: 'Your exocorps' }, { timeout: 5000 })
    expect(within(cards).getAllByRole('listitem')).toHaveLength(7)
    const strip = await screen.findByLabelText('Fleet status')
    expect(within(strip).getByText('Total').nextSibling).toHaveTextContent('7')
    expect(within(strip).getByText('Running').nextSibling).toHaveTextContent('2')
    expect(within(strip).getByText('Failed').nextSibling).toHaveTextContent('1')
    const draft = within(cards).getByRole('link', { name: 'Draft Dept' }).closest('li')!
    expect(within(draft as HTMLElement).getByText('Draft')).toBeInTheDocument()
    expect(within(draft as HTMLElement).getByText(/Missing openai/)).toBeInTheDocument()
    await user.click(within(cards).getByRole('link', { name: 'Acme Research' }))
    expect(await screen.findByRole('heading', { name: 'Status' }, { timeout: 5000 })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/company/c-acme')
  })

  it('has status tiles that add up to the total, and explains credential coverage with a link to the gaps', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user, router } = renderRoute('/dashboard')
    const strip = await screen.findByLabelText('Fleet status', undefined, { timeout: 5000 })
    const value = (label: string) => Number(within(strip).getByText(label, { selector: 'dt' }).nextSibling!.textContent)
    const tiles = ['Running', 'In progress', 'Paused', 'Stopped', 'Failed', 'Draft'].map(value)
    expect(value('Total')).toBe(7)
    expect(value('Paused')).toBe(1)
    expect(value('In progress')).toBe(1)
    expect(tiles.reduce((a, b) => a + b, 0)).toBe(value('Total'))

    const coverage = screen.getByLabelText('Credential coverage')
    expect(within(coverage).getByText('Required credentials bound')).toBeInTheDocument()
    expect(within(coverage).getByText(/Counts each provider an exocorp's release requires/)).toBeInTheDocument()
    await user.click(within(coverage).getByRole('link', { name: /missing: show/ }))
    expect(router.state.location.search).toBe('?show=missing-credentials')
    await screen.findByText(/Showing the exocorps missing a required credential/)
    const cards = await screen.findByRole('list', { name: 'Your exocorps' })
    const shown = within(cards).getAllByRole('listitem')
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.length).toBeLessThan(7)
    for (const card of shown) expect(within(card).getByText(/^Missing /)).toBeInTheDocument()
    await user.click(screen.getByRole('link', { name: 'Show all exocorps' }))
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Your exocorps' })).getAllByRole('listitem')).toHaveLength(7),
    )
  })

  it('shows a real not-found page for an unknown address', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    renderRoute('/no/such/page')
    expect(await screen.findByRole('heading', { level: 2, name: 'Page not found' }, { timeout: 5000 })).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument()
    expect(screen.queryByText('Something went wrong')).not.toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Back to your dashboard' })).toHaveAttribute('href', '/dashboard')
  })

  it('leads a new owner with no exocorps straight into onboarding', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    db.fleet.companies = []
    const { user, router } = renderRoute('/dashboard')
    expect(await screen.findByRole('heading', { name: 'Launch your first exocorp' }, { timeout: 5000 })).toBeInTheDocument()
    expect(screen.getByText('Welcome, Olive Owner.')).toBeInTheDocument()
    await user.click(screen.getByRole('link', { name: 'Launch onboarding' }))
    expect(await screen.findByLabelText('Exocorp name', undefined, { timeout: 5000 })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/onboarding')
  })
})
