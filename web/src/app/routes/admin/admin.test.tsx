import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

const ADMIN = 'admin@demo.exocorp.dev'
const ADMIN_PASSWORD = 'demo-admin-pass'

function signInAsAdmin() {
  resetMockDb({ signedInAs: ADMIN })
}

/** Names in the first column of the companies table, top to bottom. */
function companyNames() {
  const table = screen.getByRole('table', { name: 'Exocorps on the platform' })
  return (
    within(table)
      .getAllByRole('row')
      .slice(1)
      // The exocorp's link (a platform owner's rows start with a selection checkbox).
      .map((row) => row.querySelector('a')?.textContent)
  )
}

describe('admin access', { timeout: 20_000 }, () => {
  it('refuses a non-admin on /admin and shows no admin navigation', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const adminCalls: string[] = []
    server.events.on('request:start', ({ request }) => {
      const path = new URL(request.url).pathname
      if (path.startsWith('/api/admin')) adminCalls.push(path)
    })
    const { user } = renderRoute('/admin/companies')
    expect(await screen.findByRole('alert', {}, { timeout: 5_000 })).toHaveTextContent(
      'Platform administration needs the admin or platform owner role.',
    )
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /^Switch context/ }))
    expect(await screen.findByRole('menuitem', { name: 'Your exocorps' })).toBeInTheDocument()
    expect(screen.queryByRole('menuitem', { name: 'Platform administration' })).not.toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Companies' })).not.toBeInTheDocument()
    // Refused before any admin code runs: not one admin endpoint was asked.
    expect(adminCalls).toEqual([])
    server.events.removeAllListeners()
  })
})

describe('admin landing', { timeout: 20_000 }, () => {
  it('shows fleet metrics from runtime-stats and the latest audit events', async () => {
    signInAsAdmin()
    renderRoute('/admin')
    const fleet = await screen.findByLabelText('Exocorps by status', {}, { timeout: 5_000 })
    // Seeded fleet: 7 exocorps, 2 running, 1 failed.
    expect(within(fleet).getByText('Exocorps').closest('div')).toHaveTextContent('7')
    expect(within(fleet).getByText('Running').closest('div')).toHaveTextContent('2')
    expect(within(fleet).getByText('Failed').closest('div')).toHaveTextContent('1')
    const health = screen.getByLabelText('Exocorps by health')
    expect(within(health).getByText('Unreachable').closest('div')).toHaveTextContent('1')
    const jobs = screen.getByLabelText('Jobs')
    expect(within(jobs).getByText('Jobs in flight').closest('div')).toHaveTextContent('1')
    expect(within(jobs).getByText('Provisioning p50').closest('div')).toHaveTextContent('42 s')
    expect(within(jobs).getByText('Provisioning p95').closest('div')).toHaveTextContent('1 min 36 s')
    expect(screen.getByRole('heading', { name: 'Latest audit events' })).toBeInTheDocument()
    expect(await screen.findByText('Restarted acme-research (#30)')).toBeInTheDocument()
  })
})

/** 30 more exocorps so the table has pages (the page size is 25). */
function addCompanies(n: number) {
  const template = db.fleet.companies.find((c) => c.id === 'c-stopped')!
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(2, '0')
    db.fleet.companies.push({ ...template, id: `c-extra-${id}`, slug: `extra-${id}`, name: `Extra ${id}`, job: null })
  }
}

describe('admin companies table', { timeout: 20_000 }, () => {
  it('sorts on the server from the URL and writes a new sort back to the URL', async () => {
    signInAsAdmin()
    const { user, router } = renderRoute('/admin/companies?sort=name&order=asc')
    await screen.findByRole('table', { name: 'Exocorps on the platform' }, { timeout: 5_000 })
    expect(companyNames()).toEqual([
      'Acme Research',
      'Broken Bots',
      'Draft Dept',
      'Ghost Works',
      'Nightly Lab',
      'Paused Press',
      'Quiet Quarters',
    ])
    expect(screen.getByRole('columnheader', { name: /Exocorp/ })).toHaveAttribute('aria-sort', 'ascending')

    await user.click(screen.getByRole('button', { name: /^Exocorp/ }))
    await waitFor(() => expect(companyNames()[0]).toBe('Quiet Quarters'))
    expect(router.state.location.search).toBe('?sort=name&order=desc')
    expect(screen.getByRole('columnheader', { name: /Exocorp/ })).toHaveAttribute('aria-sort', 'descending')
  })

  it('filters from the URL, so a reload keeps the filter', async () => {
    signInAsAdmin()
    renderRoute('/admin/companies?status=paused')
    await waitFor(() => expect(companyNames()).toEqual(['Paused Press']))
    expect(screen.getByLabelText('Status')).toHaveValue('paused')
  })

  it('puts filters into the URL and clears them', async () => {
    signInAsAdmin()
    const { user, router } = renderRoute('/admin/companies')
    await screen.findByRole('table', { name: 'Exocorps on the platform' }, { timeout: 5_000 })
    await user.selectOptions(screen.getByLabelText('Health'), 'unreachable')
    await waitFor(() => expect(companyNames()).toEqual(['Ghost Works']))
    expect(new URLSearchParams(router.state.location.search).get('health')).toBe('unreachable')

    await user.type(screen.getByLabelText('Search'), 'nomatch{Enter}')
    expect(await screen.findByText('No exocorps match these filters.')).toBeInTheDocument()
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('nomatch')

    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(companyNames()).toHaveLength(7))
    expect(router.state.location.search).toBe('')
    expect(screen.getByLabelText('Search')).toHaveValue('')
  })

  it('pages with the cursor in the URL and comes back', { timeout: 20_000 }, async () => {
    signInAsAdmin()
    addCompanies(30)
    const { user, router } = renderRoute('/admin/companies?sort=name&order=asc')
    await screen.findByRole('table', { name: 'Exocorps on the platform' }, { timeout: 5_000 })
    expect(companyNames()).toHaveLength(25)
    expect(companyNames()[0]).toBe('Acme Research')
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled()

    await user.click(screen.getByRole('button', { name: 'Next page' }))
    // A page fetch can take more than waitFor's default second on a busy machine.
    await waitFor(() => expect(companyNames()).toHaveLength(12), { timeout: 5_000 })
    expect(new URLSearchParams(router.state.location.search).get('cursor')).toBe('25')
    expect(screen.getByText('Page 2')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled()

    await user.click(screen.getByRole('button', { name: 'Previous page' }))
    await waitFor(() => expect(companyNames()).toHaveLength(25), { timeout: 5_000 })
    expect(companyNames()[0]).toBe('Acme Research')
    expect(router.state.location.search).toBe('?sort=name&order=asc')
  })

  it('opens the admin detail from a row', async () => {
    signInAsAdmin()
    const { user, router } = renderRoute('/admin/companies')
    await user.click(await screen.findByRole('link', { name: 'Ghost Works' }, { timeout: 5_000 }))
    expect(await screen.findByRole('heading', { name: 'Ghost Works' }, { timeout: 5_000 })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/admin/companies/c-ghost')
    expect(screen.getByText('olive owner', { exact: false })).toBeInTheDocument()
    // Ids an operator pastes into a ticket or a query are one click away.
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    await user.click(screen.getByRole('button', { name: 'Copy id' }))
    expect(writeText).toHaveBeenCalledWith('c-ghost')
    await user.click(screen.getByRole('button', { name: 'Copy slug' }))
    expect(writeText).toHaveBeenCalledWith('ghost-works')
  })
})

describe('admin company detail', { timeout: 20_000 }, () => {
  it('shows runtime health with a warning when the control plane does not answer', async () => {
    signInAsAdmin()
    renderRoute('/admin/companies/c-ghost')
    const runtime = await screen.findByRole('region', { name: 'Runtime health' }, { timeout: 5_000 })
    expect(await within(runtime).findByRole('alert')).toHaveTextContent('its control plane is not answering')
    expect(within(runtime).getByText('local')).toBeInTheDocument()
  })

  it('runs a non-destructive action at once and shows the new status', async () => {
    signInAsAdmin()
    const { user } = renderRoute('/admin/companies/c-acme')
    const actions = await screen.findByRole('region', { name: 'Lifecycle actions' }, { timeout: 5_000 })
    await user.click(within(actions).getByRole('button', { name: 'Pause' }))
    expect(await within(actions).findByRole('status')).toHaveTextContent('Pause accepted.')
    const facts = screen.getByRole('region', { name: 'Acme Research' })
    expect(within(facts).getByText('Paused')).toBeInTheDocument()
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.status).toBe('paused')
  })

  it('explains why an action is unavailable and does not send it', async () => {
    signInAsAdmin()
    const { user } = renderRoute('/admin/companies/c-acme')
    const actions = await screen.findByRole('region', { name: 'Lifecycle actions' }, { timeout: 5_000 })
    const resume = within(actions).getByRole('button', { name: 'Resume' })
    expect(resume).toHaveAttribute('aria-disabled', 'true')
    expect(resume).toHaveAccessibleDescription('Cannot resume an exocorp that is running')
    await user.click(resume)
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.status).toBe('running')
  })

  it('asks for the slug, then for the password when the step-up window has passed, then destroys', async () => {
    signInAsAdmin()
    const { user } = renderRoute('/admin/companies/c-broken')
    const actions = await screen.findByRole('region', { name: 'Lifecycle actions' }, { timeout: 5_000 })
    await user.click(within(actions).getByRole('button', { name: 'Destroy' }))

    const confirm = await screen.findByRole('dialog', { name: 'Destroy Broken Bots?' })
    const submit = within(confirm).getByRole('button', { name: 'Destroy' })
    expect(submit).toBeDisabled()
    await user.type(within(confirm).getByLabelText(/to confirm/), 'broken-bot')
    expect(submit).toBeDisabled()
    await user.type(within(confirm).getByLabelText(/to confirm/), 's')
    await user.click(submit)

    // Another tenant's exocorp, no recent password: the server answers reauth_required.
    const stepUp = await screen.findByRole('dialog', { name: 'Confirm your password' })
    expect(db.fleet.companies.find((c) => c.id === 'c-broken')!.status).toBe('failed')
    await user.type(within(stepUp).getByLabelText('Password'), 'not my password')
    await user.click(within(stepUp).getByRole('button', { name: 'Confirm and continue' }))
    expect(await within(stepUp).findByText('Password is incorrect')).toBeInTheDocument()

    await user.clear(within(stepUp).getByLabelText('Password'))
    await user.type(within(stepUp).getByLabelText('Password'), ADMIN_PASSWORD)
    await user.click(within(stepUp).getByRole('button', { name: 'Confirm and continue' }))

    // The same action is sent again and goes through.
    expect(await within(actions).findByRole('status')).toHaveTextContent('Destroy accepted.')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(db.fleet.companies.find((c) => c.id === 'c-broken')!.status).toBe('destroyed')
    expect(db.audit[0]).toMatchObject({ action: 'admin.company.destroy', outcome: 'succeeded' })
  })

  it('keeps a read-only admin from acting', async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.users.find((u) => u.email === ADMIN)!.role = 'admin'
    const { user } = renderRoute('/admin/companies/c-acme')
    const actions = await screen.findByRole('region', { name: 'Lifecycle actions' }, { timeout: 5_000 })
    expect(within(actions).getByText(/only platform owners can run lifecycle actions/)).toBeInTheDocument()
    await user.click(within(actions).getByRole('button', { name: 'Pause' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.status).toBe('running')
  })
})
