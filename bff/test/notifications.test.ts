import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { NotificationListSchema } from '@exocorp/shared/notifications'
import type { ServerMessage } from '@exocorp/shared/events'
import { auditEvents } from '../src/db/schema/audit'
import { billingAccounts } from '../src/db/schema/billing'
import { jobs } from '../src/db/schema/companies'
import { newId } from '../src/lib/crypto'
import { addMembership, insertCompany, newUser, setCompany } from './catalog-helpers'
import { isHello, openStream, serveWithEvents } from './events-fixtures'
import { makeHarness, type Harness } from './harness'

// Issue 15 item 7, decision 037: notifications for owners, created by the database, pushed over
// the event stream to their user only, marked read one by one or all. Both databases.

const isNotification = (m: ServerMessage) => m.type === 'notification.created' || m.type === 'notification.read'

async function failJob(h: Harness, companyId: string) {
  const id = newId()
  const now = h.clock.now().toISOString()
  await h.db.write(async (tx) => {
    await tx.insert(jobs).values({
      id,
      companyId,
      action: 'provision',
      status: 'running',
      phases: '[]',
      attempts: 1,
      maxAttempts: 2,
      createdAt: now,
    })
  })
  await h.db.write(async (tx) => {
    await tx.update(jobs).set({ status: 'failed', error: 'boom' }).where(eq(jobs.id, id))
  })
}

async function world() {
  const h = await makeHarness()
  await newUser(h, 'root@example.com') // the platform owner: the test's people are plain users
  const owner = await newUser(h, 'owner@example.com')
  const member = await newUser(h, 'member@example.com')
  const stranger = await newUser(h, 'stranger@example.com')
  const invitee = await newUser(h, 'invitee@example.com')
  const mine = await insertCompany(h, owner.id, { slug: 'acme-labs', status: 'running' })
  await insertCompany(h, stranger.id, { slug: 'theirs', status: 'running' })
  await addMembership(h, mine.id, member.id)
  return { h, owner, member, stranger, invitee, mine }
}

describe('notifications for owners', () => {
  it('a failed job, an unreachable exocorp, a billing change and an invite each notify their owner only, pushed live', async () => {
    const w = await world()
    const srv = await serveWithEvents(w.h)
    const sockets = {
      owner: await openStream(srv.port, { cookie: w.owner.client.cookie }),
      member: await openStream(srv.port, { cookie: w.member.client.cookie }),
      stranger: await openStream(srv.port, { cookie: w.stranger.client.cookie }),
      invitee: await openStream(srv.port, { cookie: w.invitee.client.cookie }),
    }
    await Promise.all(Object.values(sockets).map((s) => s.waitFor(isHello)))

    await failJob(w.h, w.mine.id)
    await setCompany(w.h, w.mine.id, { health: 'unreachable' })
    await w.h.db.write(async (tx) => {
      await tx.update(billingAccounts).set({ state: 'grace' }).where(eq(billingAccounts.ownerUserId, w.owner.id))
    })
    const invited = await w.owner.client.post(`/api/registry/companies/${w.mine.id}/invitations`, {
      email: 'Invitee@example.com',
      role: 'member',
    })
    expect(invited.status).toBe(201)
    await srv.hub.pump()

    await sockets.owner.waitFor((m) => m.type === 'notification.created' && m.data.kind === 'billing_state')
    await sockets.invitee.waitFor((m) => m.type === 'notification.created')
    // All events are delivered in id order: by the invitee's last, the others have had theirs.
    await sockets.member.waitFor((m) => m.type === 'company.status')
    await new Promise((r) => setTimeout(r, 100))
    const pushed = (name: keyof typeof sockets) =>
      sockets[name].events().flatMap((e) => (e.type === 'notification.created' ? [`${e.data.kind}: ${e.data.title}`] : []))
    expect(pushed('owner')).toEqual([
      'job_failed: The provision job of acme labs failed',
      'unreachable: acme labs is unreachable',
      'billing_state: Your billing account is now grace',
    ])
    expect(pushed('invitee')).toEqual(['invite_received: You are invited to acme labs as member'])
    // A member reads the exocorp's events but gets no owner notices; another tenant gets nothing.
    expect(sockets.member.events().filter(isNotification)).toEqual([])
    expect(sockets.stranger.events().filter(isNotification)).toEqual([])

    const list = NotificationListSchema.parse((await w.owner.client.get('/api/account/notifications')).json)
    expect(list.unreadCount).toBe(3)
    expect(list.items.map((n) => n.kind)).toEqual(['billing_state', 'unreachable', 'job_failed'])
    expect(list.items.every((n) => n.readAt === null)).toBe(true)
    expect(list.items[1]!.companyId).toBe(w.mine.id)
    expect((await w.stranger.client.get('/api/account/notifications')).json).toEqual({ items: [], unreadCount: 0 })
    expect((await w.member.client.get('/api/account/notifications')).json).toEqual({ items: [], unreadCount: 0 })
  })

  it('marks one read (yours only) or all; each read is pushed to your own sockets', async () => {
    const w = await world()
    await failJob(w.h, w.mine.id)
    await setCompany(w.h, w.mine.id, { health: 'unreachable' })
    const srv = await serveWithEvents(w.h)
    const own = await openStream(srv.port, { cookie: w.owner.client.cookie })
    const other = await openStream(srv.port, { cookie: w.stranger.client.cookie })
    await Promise.all([own.waitFor(isHello), other.waitFor(isHello)])

    const { items } = NotificationListSchema.parse((await w.owner.client.get('/api/account/notifications')).json)
    const [newest, oldest] = items
    // Someone else's notification is a 404 like one that does not exist, and nothing changes.
    const foreign = await w.stranger.client.post(`/api/account/notifications/${newest!.id}/read`)
    expect(foreign.status).toBe(404)
    expect((await w.owner.client.post('/api/account/notifications/999999/read')).status).toBe(404)
    const bad = await w.owner.client.post('/api/account/notifications/__proto__/read')
    expect(bad.status).toBe(400)
    expect(bad.json.error.details.fields.notificationId).toBeDefined()
    expect((await w.owner.client.get('/api/account/notifications')).json.unreadCount).toBe(2)

    const one = await w.owner.client.post(`/api/account/notifications/${newest!.id}/read`)
    expect(one.status).toBe(200)
    expect(one.json).toEqual({ marked: 1, unreadCount: 1 })
    expect((await w.owner.client.post(`/api/account/notifications/${newest!.id}/read`)).json).toEqual({
      marked: 0,
      unreadCount: 1,
    })
    await srv.hub.pump()
    await own.waitFor((m) => m.type === 'notification.read')

    const all = await w.owner.client.post('/api/account/notifications/read-all')
    expect(all.json).toEqual({ marked: 1, unreadCount: 0 })
    await srv.hub.pump()
    await own.waitFor((m) => m.type === 'notification.read' && m.data.notificationId === oldest!.id)
    expect(own.events().flatMap((e) => (e.type === 'notification.read' ? [e.data.notificationId] : []))).toEqual([
      newest!.id,
      oldest!.id,
    ])
    expect(other.events().filter(isNotification)).toEqual([])

    const after = NotificationListSchema.parse((await w.owner.client.get('/api/account/notifications')).json)
    expect(after.unreadCount).toBe(0)
    expect(after.items.every((n) => n.readAt !== null)).toBe(true)
    // Each mutation is audited once.
    const audited = await w.h.db.select({ action: auditEvents.action, outcome: auditEvents.outcome }).from(auditEvents)
    expect(audited.filter((a) => a.action.startsWith('notification.'))).toEqual([
      { action: 'notification.read', outcome: 'failed' },
      { action: 'notification.read', outcome: 'failed' },
      { action: 'notification.read', outcome: 'failed' },
      { action: 'notification.read', outcome: 'succeeded' },
      { action: 'notification.read', outcome: 'succeeded' },
      { action: 'notification.read_all', outcome: 'succeeded' },
    ])
  })
})
