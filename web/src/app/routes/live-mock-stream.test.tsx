import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { API, pathOf } from '@exocorp/shared/api-paths'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { liveSettings } from '../live-sync'

// Decision 039: the mock serves `GET /api/events` as a WebSocket (msw `ws.link`) derived from its own
// state, so the mocked app is live. While the stream is live the screens do not poll (decision 030),
// so what changes on screen here arrived over the socket.

const SLOW = { timeout: 8_000 }
const OWNER = 'owner@demo.exocorp.dev'

afterEach(() => {
  liveSettings.inTests = false
})

describe('the mocked event stream', () => {
  it('pushes a change made elsewhere to the open screen, which updates without polling', async () => {
    liveSettings.inTests = true
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.id === 'c-acme' && x.status === 'running')!
    const { unmount } = renderRoute(`/company/${c.id}`)
    const hero = await screen.findByRole('region', { name: 'Status' }, SLOW)
    expect(await screen.findByText('Live', { selector: '.live-indicator' }, SLOW)).toBeInTheDocument()
    expect(within(hero).queryByText(/^Paused: agents take no new work/)).not.toBeInTheDocument()

    // Another tab pauses it through the (mocked) API; this tab's caches are never told directly.
    const res = await fetch(new URL(pathOf(API.registry.companyAction.path, { id: c.id }), window.location.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'pause' }),
    })
    expect(res.ok).toBe(true)
    expect(await within(hero).findByText(/^Paused: agents take no new work/, {}, SLOW)).toBeInTheDocument()
    unmount()
  }, 30_000)
})
