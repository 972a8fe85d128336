import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { addNotification, db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { applyLiveEvent } from '../live-sync'

// Issue 15 item 7 (decision 037): the top bar's bell.

const SLOW = { timeout: 5_000 }
const OWNER = 'owner@demo.exocorp.dev'

describe('the notification bell', () => {
  it('shows the unread count; choosing one marks it read and opens its exocorp; mark all read clears the badge', async () => {
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner')!
    addNotification({ userId: 'u-owner', kind: 'job_failed', companyId: c.id, title: `The provision job of ${c.name} failed` })
    addNotification({ userId: 'u-owner', kind: 'unreachable', companyId: c.id, title: `${c.name} is unreachable` })
    // Someone else's never shows.
    addNotification({ userId: 'u-admin', kind: 'billing_state', companyId: null, title: 'Not yours' })
    const { user, router } = renderRoute('/')

    await user.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }, SLOW))
    expect(screen.getAllByRole('menuitem').map((i) => i.textContent)).toEqual([
      `Unread: ${c.name} is unreachable`,
      `Unread: The provision job of ${c.name} failed`,
      'Your billing account is now current',
      'Mark all read',
    ])
    await user.click(screen.getByRole('menuitem', { name: /is unreachable/ }))
    await waitFor(() => expect(router.state.location.pathname).toBe(`/company/${c.id}`))
    expect(await screen.findByRole('button', { name: 'Notifications, 1 unread' })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Notifications, 1 unread' }))
    await user.click(screen.getByRole('menuitem', { name: 'Mark all read' }))
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument()
    expect(db.notifications.filter((n) => n.userId === 'u-owner' && n.readAt === null)).toEqual([])
  })

  it('a pushed notification appears at once, and a read in another tab clears it', async () => {
    resetMockDb({ signedInAs: OWNER })
    const { queryClient } = renderRoute('/')
    expect(await screen.findByRole('button', { name: 'Notifications' }, SLOW)).toBeInTheDocument()
    const at = '2026-11-29T12:00:00.000Z'
    act(() =>
      applyLiveEvent(queryClient, {
        type: 'notification.created',
        id: 40,
        at,
        data: { notificationId: '7', kind: 'billing_state', companyId: null, title: 'Your billing account is now grace' },
      }),
    )
    expect(await screen.findByRole('button', { name: 'Notifications, 1 unread' })).toBeInTheDocument()
    act(() => applyLiveEvent(queryClient, { type: 'notification.read', id: 41, at, data: { notificationId: '7' } }))
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument()
  })
})
