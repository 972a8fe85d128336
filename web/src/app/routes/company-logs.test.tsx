import { act, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { applyLiveEvent } from '../live-sync'

// Issue 15 item 6 (decision 037): the Logs tab of an exocorp.

const SLOW = { timeout: 5_000 }
const OWNER = 'owner@demo.exocorp.dev'

let nextId = 1000
function pushLine(
  queryClient: Parameters<typeof applyLiveEvent>[0],
  companyId: string,
  message: string,
  level: 'info' | 'error' = 'info',
) {
  nextId += 1
  act(() =>
    applyLiveEvent(queryClient, {
      type: 'log.line',
      id: nextId,
      at: '2026-11-29T12:00:00.000Z',
      companyId,
      data: { lineId: String(nextId), level, source: 'stdout', jobId: null, phase: null, message },
    }),
  )
}

describe('the Logs tab', () => {
  it('shows the runtime’s lines, appends pushed ones live, filters by text and level, and pauses', async () => {
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner' && x.status === 'running')!
    const { user, queryClient } = renderRoute(`/company/${c.id}/logs`)
    const panel = await screen.findByRole('region', { name: 'Logs' }, SLOW)
    const box = within(panel).getByLabelText('Log lines')
    expect(await within(box).findByText(/listening on 127\.0\.0\.1/)).toBeInTheDocument()

    pushLine(queryClient, c.id, 'agent Ada picked up a task')
    expect(await within(box).findByText(/agent Ada picked up a task/)).toBeInTheDocument()
    pushLine(queryClient, c.id, 'model call failed: 429', 'error')
    expect(await within(box).findByText(/model call failed: 429/)).toBeInTheDocument()

    await user.type(within(panel).getByLabelText('Filter'), 'ada')
    expect(within(box).queryByText(/model call failed/)).not.toBeInTheDocument()
    expect(within(box).getByText(/agent Ada picked up a task/)).toBeInTheDocument()
    await user.clear(within(panel).getByLabelText('Filter'))
    await user.selectOptions(within(panel).getByLabelText('Level'), 'error')
    expect(within(box).queryByText(/agent Ada/)).not.toBeInTheDocument()
    expect(within(box).getByText(/model call failed: 429/)).toBeInTheDocument()
    // Download takes the whole retained log from the server, with the tab's filters.
    const all = within(panel).getByRole('link', { name: 'Download all' })
    expect(all).toHaveAttribute('href', `/api/registry/companies/${c.id}/logs/download.txt?minLevel=error`)
    await user.selectOptions(within(panel).getByLabelText('Level'), 'debug')
    await user.type(within(panel).getByLabelText('Filter'), 'listening')
    const href = within(panel).getByRole('link', { name: 'Download all' }).getAttribute('href')!
    expect(href).toBe(`/api/registry/companies/${c.id}/logs/download.txt?q=listening`)
    const file = await fetch(new URL(href, window.location.origin))
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/)
    expect((await file.text()).trimEnd().split('\n')).toEqual([
      expect.stringMatching(/ INFO {2}\[stderr\] .*listening on 127\.0\.0\.1/),
    ])
    expect(within(panel).getByRole('link', { name: 'NDJSON' })).toHaveAttribute(
      'href',
      `/api/registry/companies/${c.id}/logs/download.ndjson?q=listening`,
    )
    await user.clear(within(panel).getByLabelText('Filter'))

    await user.click(within(panel).getByRole('button', { name: 'Pause' }))
    pushLine(queryClient, c.id, 'a line while paused')
    expect(await within(panel).findByRole('button', { name: 'Resume (1 new)' })).toBeInTheDocument()
    expect(within(box).queryByText(/a line while paused/)).not.toBeInTheDocument()
    await user.click(within(panel).getByRole('button', { name: 'Resume (1 new)' }))
    expect(await within(box).findByText(/a line while paused/)).toBeInTheDocument()
    // Another exocorp's line never lands here.
    pushLine(queryClient, 'someone-else', 'not this exocorp')
    expect(within(box).queryByText(/not this exocorp/)).not.toBeInTheDocument()
  }, 20_000)
})
