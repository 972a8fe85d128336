import { act, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { applyLiveEvent } from '../live-sync'

// Issue 15 items 4 and 5 (decision 037): Activity → Workloads and the Runners tab, live.

const SLOW = { timeout: 5_000 }
const OWNER = 'owner@demo.exocorp.dev'
const at = '2026-11-29T12:00:00.000Z'

describe('runners and workloads', () => {
  it('creates a runner enrollment showing the token once; the row flips to enrolled when the event comes', async () => {
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner' && x.status === 'running')!
    const { user, queryClient } = renderRoute(`/company/${c.id}/runners`)
    const panel = await screen.findByRole('region', { name: 'Runners' }, SLOW)
    await user.type(within(panel).getByLabelText('Runner name'), 'build box')
    await user.click(within(panel).getByRole('button', { name: 'Create enrollment' }))
    expect(await within(panel).findByRole('status')).toHaveTextContent(/pnpm exocorp runner --server .* --token exo_run_/)
    const table = await within(panel).findByRole('table', { name: 'Runners' })
    expect(within(table).getByText('pending')).toBeInTheDocument()

    // The runner enrolls somewhere else: the server's event makes the row refetch and flip.
    db.runners[0]!.status = 'enrolled'
    act(() =>
      applyLiveEvent(queryClient, {
        type: 'runner.status',
        id: 90,
        at,
        companyId: c.id,
        data: { runnerId: db.runners[0]!.id, name: 'build box', status: 'enrolled', previousStatus: 'pending' },
      }),
    )
    expect(await within(table).findByText('enrolled')).toBeInTheDocument()
  }, 20_000)

  it('shows a new workload at once and updates its status in place', async () => {
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner' && x.status === 'running')!
    const { queryClient } = renderRoute(`/company/${c.id}/activity`)
    const section = await screen.findByRole('region', { name: 'Workloads' }, SLOW)
    expect(await within(section).findByText('No workloads yet.')).toBeInTheDocument()
    const data = { workloadId: 'wl_0123456789abcdef', agent: 'Ada', title: 'Triage the inbox', startedAt: at, finishedAt: null }
    act(() =>
      applyLiveEvent(queryClient, {
        type: 'workload.status',
        id: 91,
        at,
        companyId: c.id,
        data: { ...data, status: 'starting' },
      }),
    )
    expect(await within(section).findByText('starting')).toBeInTheDocument()
    expect(within(section).getByText('Triage the inbox')).toBeInTheDocument()
    act(() =>
      applyLiveEvent(queryClient, {
        type: 'workload.status',
        id: 92,
        at,
        companyId: c.id,
        data: { ...data, status: 'stopped', finishedAt: at },
      }),
    )
    expect(await within(section).findByText('stopped')).toBeInTheDocument()
    expect(within(section).getAllByRole('row')).toHaveLength(2)
    expect(within(section).getByRole('cell', { name: 'Runtime' })).toBeInTheDocument()
  }, 20_000)

  it('loads older workloads a page at a time and says which runner each runs on', async () => {
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner' && x.status === 'running')!
    for (let i = 0; i < 30; i++) {
      db.workloads.push({
        companyId: c.id,
        id: `wl_mock_${String(i).padStart(2, '0')}`,
        agent: 'Ada',
        title: `Task ${i}`,
        status: 'stopped',
        startedAt: `2026-11-29T12:${String(i).padStart(2, '0')}:00.000Z`,
        finishedAt: `2026-11-29T12:${String(i).padStart(2, '0')}:30.000Z`,
        runner: i % 2 === 0 ? { id: 'r-1', name: 'gpu box' } : null,
      })
    }
    const { user } = renderRoute(`/company/${c.id}/activity`)
    const section = await screen.findByRole('region', { name: 'Workloads' }, SLOW)
    expect(await within(section).findByText('Task 29')).toBeInTheDocument()
    // One page (25 rows, newest first) and a header row.
    expect(within(section).getAllByRole('row')).toHaveLength(26)
    expect(within(section).queryByText('Task 4')).not.toBeInTheDocument()
    expect(within(section).getAllByRole('cell', { name: 'Runner gpu box' }).length).toBeGreaterThan(0)
    await user.click(within(section).getByRole('button', { name: 'Load more' }))
    expect(await within(section).findByText('Task 0')).toBeInTheDocument()
    expect(within(section).getAllByRole('row')).toHaveLength(31)
    const oldest = within(section).getByText('Task 0').closest('tr')!
    expect(within(oldest).getByText('Runner gpu box')).toBeInTheDocument()
    expect(within(section).queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument()
  }, 20_000)
})
