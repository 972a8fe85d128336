import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { billingQueries } from '../api/queries'
import { BillingStateBanner } from './billing-state-banner'

function renderBanner() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <BillingStateBanner billingHref="/billing" />
        <p>dashboard</p>
      </MemoryRouter>
    </QueryClientProvider>,
  )
  return queryClient
}

describe('billing state banner', () => {
  it('tells a suspended owner on the dashboard what happened and where to pay', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    db.billing.accounts.find((a) => a.id === 'ba-owner')!.state = 'suspended'
    renderBanner()
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Billing suspended: your exocorps are paused.')
    expect(screen.getByRole('link', { name: 'Open billing' })).toHaveAttribute('href', '/billing')
  })

  it('stays out of the way while the account is current', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const queryClient = renderBanner()
    // Absence only means something once the account has loaded.
    await waitFor(() => expect(queryClient.getQueryState(billingQueries.account().queryKey)?.status).toBe('success'))
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(screen.queryByRole('status')).not.toBeInTheDocument()
  })
})
