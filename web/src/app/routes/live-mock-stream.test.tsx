import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { API, pathOf } from '@exocorp/shared/api-paths'
import { addNotification, db, resetMockDb } from '@/testing/mock-db'
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

  it('pushes a new notification and a new log line derived from the mock’s state (decision 051)', async () => {
    liveSettings.inTests = true
    resetMockDb({ signedInAs: OWNER })
    const owner = db.users.find((u) => u.email === OWNER)!
    const c = db.fleet.companies.find((x) => x.id === 'c-acme' && x.status === 'running')!
    const { unmount } = renderRoute(`/company/${c.id}/logs`)
    expect(await screen.findByText('Live', { selector: '.live-indicator' }, SLOW)).toBeInTheDocument()
    const bell = await screen.findByRole('button', { name: /^Notifications/ }, SLOW)
    const unread = () => Number(/(\d+) unread/.exec(bell.getAttribute('aria-label') ?? '')?.[1] ?? 0)
    const before = unread()

    // The platform raises a notification for this owner (as a trigger would); only the socket can tell this tab.
    addNotification({ userId: owner.id, kind: 'job_failed', companyId: c.id, title: 'The update job of Acme failed' })
    await screen.findByRole('button', { name: `Notifications, ${before + 1} unread` }, SLOW)

    // A restart elsewhere writes its phase lines: they reach the open Logs tab over the socket.
    const res = await fetch(new URL(pathOf(API.registry.companyAction.path, { id: c.id }), window.location.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'restart' }),
    })
    expect(res.ok).toBe(true)
    expect(await screen.findAllByText(/restart: /, {}, SLOW)).not.toHaveLength(0)
    unmount()
  }, 30_000)
})
