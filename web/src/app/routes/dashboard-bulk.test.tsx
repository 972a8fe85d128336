import { screen, waitFor, within } from '@testing-library/react'
import { delay, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { apiError } from '@/testing/http'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

// `hidden`: the table sits behind the modal dialog (aria-hidden) while a bulk action runs.
const rowOf = (name: string) => screen.getByRole('link', { name, hidden: true }).closest('tr')!

async function openTable() {
  resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
  const utils = renderRoute('/dashboard?view=table')
  await screen.findByRole('table', { name: 'Your exocorps' }, { timeout: 5000 })
  return utils
}

describe('dashboard bulk actions', { timeout: 30_000 }, () => {
  it('previews per exocorp what will run and what is refused with the reason, then runs and shows per-item results', async () => {
    const { user } = await openTable()
    for (const name of ['Acme Research', 'Paused Press', 'Draft Dept'])
      await user.click(screen.getByRole('checkbox', { name: `Select ${name}` }))
    const bar = await screen.findByRole('region', { name: 'Bulk actions' }, { timeout: 5000 })
    expect(within(bar).getByText('3 exocorps selected')).toBeInTheDocument()
    await user.selectOptions(within(bar).getByLabelText('Action'), 'pause')
    await user.click(within(bar).getByRole('button', { name: 'Preview' }))

    const dialog = await screen.findByRole('dialog', { name: 'Pause 3 exocorps?' }, { timeout: 5000 })
    expect(within(dialog).getByText(/1 will pause; 2 refused. Nothing has run yet./)).toBeInTheDocument()
    const preview = within(dialog).getByRole('list', { name: 'Preview' })
    const item = (name: string) => within(preview).getByText(name).closest('li')!
    expect(within(item('Acme Research')).getByText('Will run')).toBeInTheDocument()
    expect(within(item('Paused Press')).getByText('Refused')).toBeInTheDocument()
    expect(within(item('Draft Dept')).getByText('Refused')).toBeInTheDocument()
    expect(within(item('Draft Dept')).getByText(/./, { selector: '.bulk-item-reason' }).textContent).not.toBe('')
    // The preview changed nothing.
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.status).toBe('running')

    await user.click(within(dialog).getByRole('button', { name: 'Pause 1 exocorp' }))
    const results = await screen.findByRole('dialog', { name: 'Pause: results' }, { timeout: 5000 })
    expect(within(results).getByText('1 done, 0 started, 0 refused, 0 failed.')).toBeInTheDocument()
    const done = within(within(results).getByRole('list', { name: 'Results' }))
      .getByText('Acme Research')
      .closest('li')!
    expect(within(done).getByText('Done')).toBeInTheDocument()
    expect(within(done).getByText('Paused')).toBeInTheDocument()
    await user.click(within(results).getByRole('button', { name: 'Close' }))

    await waitFor(() => expect(within(rowOf('Acme Research')).getByText('Paused')).toBeInTheDocument())
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument()
  })

  it('asks for the count to be typed before a destructive action runs', async () => {
    const { user } = await openTable()
    await user.click(screen.getByRole('checkbox', { name: 'Select Acme Research' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select Paused Press' }))
    const bar = await screen.findByRole('region', { name: 'Bulk actions' }, { timeout: 5000 })
    await user.selectOptions(within(bar).getByLabelText('Action'), 'stop')
    await user.click(within(bar).getByRole('button', { name: 'Preview' }))
    const dialog = await screen.findByRole('dialog', { name: 'Stop 2 exocorps?' }, { timeout: 5000 })
    const run = within(dialog).getByRole('button', { name: 'Stop 2 exocorps' })
    expect(run).toHaveAttribute('aria-disabled', 'true')
    await user.click(run)
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.status).toBe('running')
    await user.type(within(dialog).getByLabelText(/to confirm/), '2')
    expect(run).not.toHaveAttribute('aria-disabled')
    await user.click(run)
    const results = await screen.findByRole('dialog', { name: 'Stop: results' }, { timeout: 5000 })
    const list = within(results).getByRole('list', { name: 'Results' })
    expect(within(list).getAllByRole('listitem')).toHaveLength(2)
    expect(within(results).queryByText('Refused')).not.toBeInTheDocument()
  })

  it('shows a pause at once and rolls it back when the run fails', async () => {
    const { user } = await openTable()
    server.use(
      http.post('/api/registry/bulk-actions', async ({ request }) => {
        const body = (await request.clone().json()) as { dryRun?: boolean }
        if (!body.dryRun) await delay(400)
        // A preview falls through to the shared handler; only the run breaks.
        return body.dryRun ? undefined : apiError(500, 'internal', 'The bulk run broke')
      }),
    )
    await user.click(screen.getByRole('checkbox', { name: 'Select Acme Research' }))
    const bar = await screen.findByRole('region', { name: 'Bulk actions' }, { timeout: 5000 })
    await user.click(within(bar).getByRole('button', { name: 'Preview' }))
    const dialog = await screen.findByRole('dialog', { name: 'Pause 1 exocorp?' }, { timeout: 5000 })
    await user.click(within(dialog).getByRole('button', { name: 'Pause 1 exocorp' }))
    // Optimistic: the row says Paused before the server has answered…
    await waitFor(() => expect(within(rowOf('Acme Research')).getByText('Paused')).toBeInTheDocument())
    // …and goes back when it fails.
    expect(await within(dialog).findByText(/The bulk run broke/)).toBeInTheDocument()
    expect(within(dialog).getByText('Nothing ran.')).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(within(rowOf('Acme Research')).getByText('Running')).toBeInTheDocument())
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.status).toBe('running')
  })
})
