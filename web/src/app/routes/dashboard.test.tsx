import { screen, within } from '@testing-library/react'
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
