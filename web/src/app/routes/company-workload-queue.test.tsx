import { act, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { applyLiveEvent } from '../live-sync'

// Decision 053: an owner queues a workload for the exocorp's runners from the Runners tab; it shows
// `queued` until a runner claims it, then leaves the queue (the claim arrives as workload.status).

const SLOW = { timeout: 5_000 }
const OWNER = 'owner@demo.exocorp.dev'

describe('queued workloads', () => {
  it('"Run on a runner" queues a workload, field errors are shown, and a claim takes it off the queue', async () => {
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner' && x.status === 'running')!
    const { user, queryClient } = renderRoute(`/company/${c.id}/runners`)
    const panel = await screen.findByRole('region', { name: 'Queued workloads' }, SLOW)
    expect(await within(panel).findByText('Nothing queued.')).toBeInTheDocument()

    // Blank after trimming: the server's field error, nothing queued.
    await user.type(within(panel).getByLabelText('Agent'), '   ')
    await user.type(within(panel).getByLabelText('Title'), 'Crunch the numbers')
    await user.click(within(panel).getByRole('button', { name: 'Run on a runner' }))
    expect(await within(panel).findByRole('alert')).toHaveTextContent('Name the agent')
    expect(db.workloadQueue).toEqual([])

    await user.clear(within(panel).getByLabelText('Agent'))
    await user.type(within(panel).getByLabelText('Agent'), 'Ada')
    await user.click(within(panel).getByRole('button', { name: 'Run on a runner' }))
    const table = await within(panel).findByRole('table', { name: 'Queued workloads' }, SLOW)
    expect(within(table).getByText('Crunch the numbers')).toBeInTheDocument()
    expect(within(table).getByText('queued')).toBeInTheDocument()
    expect(db.workloadQueue).toHaveLength(1)

    // A runner claims it elsewhere: the pushed `starting` event takes it off the queue.
    const q = db.workloadQueue.shift()!
    const at = new Date().toISOString()
    db.workloads.push({ ...q, status: 'starting', startedAt: at, finishedAt: null, runner: { id: 'r-1', name: 'box' } })
    act(() =>
      applyLiveEvent(queryClient, {
        type: 'workload.status',
        id: 95,
        at,
        companyId: c.id,
        data: {
          workloadId: q.id,
          agent: q.agent,
          title: q.title,
          status: 'starting',
          startedAt: at,
          finishedAt: null,
          runner: { id: 'r-1', name: 'box' },
        },
      }),
    )
    expect(await within(panel).findByText('Nothing queued.')).toBeInTheDocument()
  }, 30_000)
})
