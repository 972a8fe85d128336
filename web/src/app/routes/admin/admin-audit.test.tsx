import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

function auditRows() {
  return within(screen.getByRole('table')).getAllByRole('row').slice(1)
}

describe('audit explorer', { timeout: 20_000 }, () => {
  it('reads its filters from the URL and links the exports with the same filters', async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    renderRoute('/admin/audit?outcome=failed')
    await screen.findByRole('table', {}, { timeout: 5_000 })
    // The seeded history has five refused updates among 30 events.
    expect(auditRows()).toHaveLength(5)
    for (const row of auditRows()) expect(row).toHaveTextContent('failed')
    expect(screen.getByLabelText('Outcome')).toHaveValue('failed')
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/admin/audit-events/export.csv?outcome=failed',
    )
    expect(screen.getByRole('link', { name: 'Download NDJSON' })).toHaveAttribute(
      'href',
      '/api/admin/audit-events/export.ndjson?outcome=failed',
    )
  })

  it('writes applied filters to the URL and narrows the table', async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user, router } = renderRoute('/admin/audit')
    await screen.findByRole('table', {}, { timeout: 5_000 })
    expect(auditRows()).toHaveLength(30)
    await user.type(screen.getByLabelText('Action'), 'company.pause')
    await user.type(screen.getByLabelText('Target id'), 'c-acme')
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))
    await waitFor(() => expect(auditRows()).toHaveLength(5), { timeout: 5_000 })
    for (const row of auditRows()) expect(row).toHaveTextContent('company.pause')
    const params = new URLSearchParams(router.state.location.search)
    expect(params.get('action')).toBe('company.pause')
    expect(params.get('targetId')).toBe('c-acme')
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/admin/audit-events/export.csv?action=company.pause&targetId=c-acme',
    )
  })

  it('filters by time range and ignores a malformed value instead of failing', async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    // Seeded events run from 09:00 to 12:23 UTC on 1 Nov 2026, one every 7 minutes.
    renderRoute('/admin/audit?from=2026-11-01T12:00:00.000Z&to=not-a-date')
    await screen.findByRole('table', {}, { timeout: 5_000 })
    expect(auditRows()).toHaveLength(4)
    expect(screen.getByRole('alert')).toHaveTextContent('Ignored filters the address did not spell correctly: to.')
  })

  it('offers actions and actors to pick, and links targets to their pages', async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    renderRoute('/admin/audit')
    const table = await screen.findByRole('table', {}, { timeout: 5_000 })
    const action = screen.getByLabelText('Action')
    const actionOptions = [...document.querySelectorAll(`#${action.getAttribute('list')} option`)].map((o) =>
      o.getAttribute('value'),
    )
    expect(actionOptions).toEqual(expect.arrayContaining(['company.destroy', 'company.pause', 'auth.login']))
    const actor = screen.getByLabelText('Actor id')
    const actorOptions = document.querySelectorAll(`#${actor.getAttribute('list')} option`)
    expect(actorOptions.length).toBeGreaterThan(0)
    expect(within(table).getAllByRole('link', { name: 'c-acme' })[0]).toHaveAttribute('href', '/admin/companies/c-acme')
  })

  it('refuses a range that ends before it starts instead of showing nothing', async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user, router } = renderRoute('/admin/audit')
    await screen.findByRole('table', {}, { timeout: 5_000 })
    await user.type(screen.getByLabelText('From'), '2026-11-02T10:00')
    await user.type(screen.getByLabelText('To'), '2026-11-01T10:00')
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))
    expect(await screen.findByText(/The end is before the start/, {}, { timeout: 5_000 })).toBeInTheDocument()
    expect(screen.getByLabelText('To')).toHaveAttribute('aria-invalid', 'true')
    expect(router.state.location.search).toBe('')

    // The same range typed into the address is called out, not answered with an empty table.
    await router.navigate('/admin/audit?from=2026-11-02T10:00:00.000Z&to=2026-11-01T10:00:00.000Z')
    expect(await screen.findByText(/This time range ends before it starts/, {}, { timeout: 5_000 })).toBeInTheDocument()
    expect(screen.queryByText('No audit events match.')).not.toBeInTheDocument()
  })
})
