import { describe, expect, it } from 'vitest'
import { AdminNotificationPageSchema, type AdminNotification } from '@exocorp/shared/admin-notifications'
import { WorkloadListSchema } from '@exocorp/shared/workloads'
import { setFlag } from '../src/services/rollout/flags'
import { freePort } from './bff-process'
import { serveWithEvents } from './events-fixtures'
import {
  AGENTS,
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  waitFor,
  type LifecycleHarness,
} from './lifecycle-fixtures'

// Issue 17 item 3, decision 051: agents' schedules in the draft (validated cron expressions), run by
// the real reference runtime, which reports each run and the messages its agents send; they arrive
// in the admins' notifications queue, repeats counted on one open notice. Both databases.

const SCHEDULED = [
  {
    ...AGENTS[0]!,
    schedules: [{ name: 'Inbox sweep', cron: '* * * * * *', task: 'Sweep the inbox', notify: '#ops' }],
  },
  AGENTS[1]!,
]

async function notices(h: LifecycleHarness, kind: AdminNotification['kind']) {
  const res = await h.client.get(`/api/admin/notifications?kind=${kind}`)
  expect(res.status, res.text).toBe(200)
  return AdminNotificationPageSchema.parse(res.json).items
}

describe('agent schedules', () => {
  it('are validated in the draft: a bad cron expression or a repeated name is a field error and nothing is saved', async () => {
    const h = await makeLifecycleHarness()
    try {
      await ownerWithCredentials(h)
      const c = await createCompany(h.client, 'cron-check')
      const save = (schedules: unknown) =>
        h.client.post(`/api/registry/companies/${c.id}/draft`, {
          baseVersion: 2,
          config: { agents: [{ ...AGENTS[0]!, schedules }], providers: [], settings: {} },
        })
      const bad = await save([{ name: 'Nightly', cron: '0 25 * * *' }])
      expect(bad.status).toBe(400)
      expect(bad.json.error.details.fields['config.agents.0.schedules.0.cron']).toEqual(['Hour 25 is outside 0–23'])
      const twice = await save([
        { name: 'Nightly', cron: '@daily' },
        { name: 'nightly', cron: '0 12 * * mon-fri' },
      ])
      expect(twice.status).toBe(400)
      expect(twice.json.error.details.fields['config.agents.0.schedules']).toEqual(['Give each schedule its own name'])
      expect((await save([{ name: 'Nightly', cron: '@daily', extra: 1 }])).status).toBe(400)
      expect((await h.client.get(`/api/registry/companies/${c.id}/draft`)).json.version).toBe(2)

      const ok = await save([{ name: 'Nightly', cron: '0 2 * * *', task: 'Reconcile the books', notify: 'finance@example.com' }])
      expect(ok.status, ok.text).toBe(200)
      expect(ok.json.config.agents[0].schedules).toEqual([
        { name: 'Nightly', cron: '0 2 * * *', task: 'Reconcile the books', notify: 'finance@example.com' },
      ])
      // The draft's changes list the schedule, and the manifest carries it to the runtime.
      const diff = await h.client.get(`/api/registry/companies/${c.id}/draft/diff`)
      expect(diff.status, diff.text).toBe(200)
      expect(JSON.stringify(diff.json.agents)).toContain('Nightly (0 2 * * *)')
    } finally {
      await h.cleanup()
    }
  })

  it('the reference runtime runs them and reports completions, failures and its agents’ messages as admin notices', async () => {
    const port = await freePort()
    const h = await makeLifecycleHarness({ env: { PORT: String(port) } })
    try {
      const owner = await ownerWithCredentials(h) // the first account: the platform owner too
      await serveWithEvents(h, { port })
      const c = await createCompany(h.client, 'on-the-clock', 'On the clock', SCHEDULED)
      expect((await h.client.post(`/api/registry/companies/${c.id}/provision`, {})).status).toBe(202)

      // Every second Ada sweeps the inbox: one open notice, its runs counted on it, and her message to #ops.
      const completed = await waitFor(
        async () => {
          const [n] = await notices(h, 'schedule_completed')
          return n && n.occurrences >= 3 ? n : null
        },
        30_000,
        100,
      )
      expect(completed).toMatchObject({
        severity: 'info',
        state: 'new',
        companyId: c.id,
        companySlug: 'on-the-clock',
        title: 'Schedule “Inbox sweep” of Ada of On the clock completed',
        detail: expect.stringMatching(/^“Sweep the inbox” finished in \d+ ms \(\* \* \* \* \* \*\)$/),
      })
      expect(await notices(h, 'schedule_completed')).toHaveLength(1)
      const [message] = (await waitFor(async () => {
        const list = await notices(h, 'message')
        return list.length ? list : null
      }))!
      expect(message).toMatchObject({
        title: 'Ada of On the clock sent a message to #ops',
        detail: 'Done: Sweep the inbox (schedule “Inbox sweep”)',
        companyId: c.id,
      })
      // Each run is agent work the owner sees among the workloads.
      const workloads = WorkloadListSchema.parse((await h.client.get(`/api/registry/companies/${c.id}/workloads`)).json)
      expect(workloads.items.some((w) => w.title === 'Sweep the inbox' && w.agent === 'Ada')).toBe(true)

      // The platform's kill switch holds the runs back: each one due is reported failed, and says why.
      await setFlag(
        h.deps,
        { id: owner.me.user.id, email: 'owner@example.com' },
        {
          key: 'ai.loop.kill_switch',
          scope: 'company',
          scopeId: c.id,
          value: true,
          reason: 'Hold the schedules',
        },
      )
      const held = (await waitFor(
        async () => {
          const [n] = await notices(h, 'schedule_failed')
          return n?.detail?.includes('kill switch') ? n : null
        },
        15_000,
        100,
      ))!
      expect(held).toMatchObject({
        severity: 'warning',
        title: 'Schedule “Inbox sweep” of Ada of On the clock failed',
        detail: "Not started: the platform's kill switch holds agent work (* * * * * *)",
      })
      const again = await waitFor(
        async () => {
          const [n] = await notices(h, 'schedule_failed')
          return n && n.occurrences > held.occurrences ? n : null
        },
        15_000,
        100,
      )
      expect(again?.id).toBe(held.id)
    } finally {
      await h.cleanup()
    }
  })
})
