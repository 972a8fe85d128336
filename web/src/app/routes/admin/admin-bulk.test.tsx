import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Issue 12: the admin twin of bulk actions — the platform owner on any tenant's exocorps.

const slow = { timeout: 5000 }
const status = (id: string) => db.fleet.companies.find((c) => c.id === id)!.status

async function select(names: string[]) {
  const { user } = renderRoute('/admin/companies')
  for (const n of names) await user.click(await screen.findByRole('checkbox', { name: `Select ${n}` }, slow))
  const bar = await screen.findByRole('region', { name: 'Bulk actions' }, slow)
  return { user, bar }
}

describe('admin bulk actions', { timeout: 20_000 }, () => {
  it('previews with refusals, then runs only the allowed ones with per-item results', async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user, bar } = await select(['Acme Research', 'Paused Press'])
    expect(within(bar).getByText('2 exocorps selected')).toBeInTheDocument()
    await user.selectOptions(within(bar).getByLabelText('Action'), 'pause')
    await user.click(within(bar).getByRole('button', { name: 'Preview' }))
    const preview = await screen.findByRole('dialog', { name: 'Pause 2 exocorps?' }, slow)
    const items = within(preview).getByRole('list', { name: 'Preview' })
    expect(within(items).getByText('Will run')).toBeInTheDocument()
    expect(within(items).getByText('Refused')).toBeInTheDocument()
    expect(within(items).getByText('Cannot pause an exocorp that is paused')).toBeInTheDocument()
    // The preview changed nothing.
    expect(status('c-acme')).toBe('running')
    await user.click(within(preview).getByRole('button', { name: 'Pause 1 exocorp' }))
    const results = await screen.findByRole('dialog', { name: 'Pause: results' }, slow)
    expect(within(results).getByText('1 done, 0 started, 0 refused, 0 failed.')).toBeInTheDocument()
    expect(status('c-acme')).toBe('paused')
  })

  it('asks for the count, then for the password, before a destructive run', async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user, bar } = await select(['Acme Research', 'Paused Press'])
    await user.selectOptions(within(bar).getByLabelText('Action'), 'stop')
    await user.click(within(bar).getByRole('button', { name: 'Preview' }))
    const preview = await screen.findByRole('dialog', { name: 'Stop 2 exocorps?' }, slow)
    const run = within(preview).getByRole('button', { name: 'Stop 2 exocorps' })
    await user.click(run)
    expect(status('c-acme')).toBe('running')
    await user.type(within(preview).getByLabelText(/Type 2 to confirm/), '2')
    await user.click(run)
    const reauth = await screen.findByRole('dialog', { name: 'Confirm your password' }, slow)
    expect(status('c-acme')).toBe('running')
    await user.type(within(reauth).getByLabelText('Password'), 'demo-admin-pass')
    await user.click(within(reauth).getByRole('button', { name: 'Confirm and continue' }))
    const results = await screen.findByRole('dialog', { name: 'Stop: results' }, slow)
    expect(within(results).getAllByRole('listitem')).toHaveLength(2)
    await waitFor(() =>
      expect([status('c-acme'), status('c-paused')].every((s) => s === 'stopped' || s === 'starting')).toBe(true),
    )
    expect(status('c-acme')).not.toBe('running')
  })

  it('offers no selection to an admin who is not the platform owner', async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    db.users.find((u) => u.email === 'admin@demo.exocorp.dev')!.role = 'admin'
    renderRoute('/admin/companies')
    expect(await screen.findByRole('link', { name: 'Acme Research' }, slow)).toBeInTheDocument()
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument()
  })
})
