import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bffProcess, signUpWithCredentials } from './bff-process'
import { AGENTS, runtimeProcesses, waitFor } from './lifecycle-fixtures'

// Issue 17 item 4: the real BFF (compiled) and real reference-runtime processes. A kill switch
// flipped in the admin API stops the runtime starting agent work, and reverting it resumes the
// work — asserted through what the runtime itself reports on /healthz, polled with deadlines.

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-killswitch-'))
const bff = await bffProcess(dataDir, {
  EXOCORP_RUNTIME_USAGE_INTERVAL_MS: '150',
  EXOCORP_KEEP_RUNTIMES_ON_EXIT: '0',
})
const { api } = bff

afterAll(async () => {
  await bff.stop('SIGTERM')
  for (const pid of runtimeProcesses(dataDir)) process.kill(pid, 'SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

async function runningCompany(slug: string) {
  const c = await api('POST', '/api/registry/companies', { name: slug, slug })
  expect(c.status).toBe(201)
  const d = await api('POST', `/api/registry/companies/${c.json.id}/draft`, {
    baseVersion: 1,
    config: { agents: AGENTS, providers: [], settings: {} },
  })
  expect(d.status).toBe(200)
  expect((await api('POST', `/api/registry/companies/${c.json.id}/provision`, {})).status).toBe(202)
  await waitFor(
    async () => {
      const detail = (await api('GET', `/api/registry/companies/${c.json.id}`)).json
      return detail.currentJob === null && detail.status === 'running'
    },
    20_000,
    50,
  )
  const runtime = (await api('GET', `/api/admin/companies/${c.json.id}/runtime`)).json
  expect(runtime.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  return { id: c.json.id as string, endpoint: runtime.endpoint as string }
}

interface Reported {
  loop: { killSwitch: boolean; halted: boolean; maxSteps: number; flagsVersion: string }
  work: { tasksStarted: number; stepsRun: number }
}
const reported = async (endpoint: string): Promise<Reported> => (await fetch(`${endpoint}/healthz`)).json() as Promise<Reported>

describe('the kill switch against a running reference runtime', () => {
  it('stops new agent work within 5 s, leaves other exocorps working, and resumes after a one-click revert', async () => {
    await bff.start()
    await signUpWithCredentials(bff, 'Ops')
    const target = await runningCompany('loop-target')
    const other = await runningCompany('loop-other')

    // Both do agent work and have heard the platform's flags (the defaults).
    await waitFor(async () => {
      const r = await reported(target.endpoint)
      return r.work.stepsRun > 2 && r.loop.flagsVersion !== '' && !r.loop.halted
    })

    // Without a fresh step-up the change is refused and nothing changes.
    const refused = await api('POST', '/api/admin/runtime/flags', {
      key: 'ai.loop.kill_switch',
      scope: 'company',
      scopeId: 'loop-target',
      value: true,
      reason: 'Runaway loop',
    })
    expect(refused.status).toBe(403)
    expect(refused.json.error.code).toBe('reauth_required')
    expect((await api('GET', '/api/admin/runtime/flags')).json.settings).toEqual([])

    expect((await api('POST', '/api/auth/reauthenticate', { password: 'correct horse battery' })).status).toBe(200)
    const on = await api('POST', '/api/admin/runtime/flags', {
      key: 'ai.loop.kill_switch',
      scope: 'company',
      scopeId: 'loop-target',
      value: true,
      reason: 'Runaway loop',
    })
    expect(on.status).toBe(201)

    // The runtime reports the switch within 5 s…
    const halted = (await waitFor(
      async () => {
        const r = await reported(target.endpoint)
        return r.loop.killSwitch && r.loop.halted ? r : null
      },
      5_000,
      50,
    ))!
    // …and starts no more work, while the other exocorp (not in scope) keeps working: its steps
    // are the clock, so this waits for work that could have happened, not for a fixed time.
    const otherBefore = (await reported(other.endpoint)).work.stepsRun
    await waitFor(async () => (await reported(other.endpoint)).work.stepsRun >= otherBefore + 8, 10_000, 50)
    const still = await reported(target.endpoint)
    expect(still.work.stepsRun).toBe(halted.work.stepsRun)
    expect(still.work.tasksStarted).toBe(halted.work.tasksStarted)
    expect((await reported(other.endpoint)).loop.halted).toBe(false)

    // The resolved view says where the target's value comes from.
    const resolved = (await api('GET', '/api/admin/runtime/flags/resolved')).json.items
    const targetRow = resolved.find((r: { slug: string }) => r.slug === 'loop-target')
    expect(targetRow.flags.find((f: { key: string }) => f.key === 'ai.loop.kill_switch')).toEqual({
      key: 'ai.loop.kill_switch',
      value: true,
      source: 'company',
    })

    // One-click revert of that change: work resumes.
    const history = (await api('GET', '/api/admin/runtime/flags/history')).json.items
    expect(history[0]).toMatchObject({ id: on.json.id, from: null, to: true, reason: 'Runaway loop', actor: 'ops@example.com' })
    const revert = await api('POST', `/api/admin/runtime/flags/history/${on.json.id}/revert`, {})
    expect(revert.status).toBe(201)
    expect(revert.json).toMatchObject({ from: true, to: null, revertOf: on.json.id })
    await waitFor(
      async () => {
        const r = await reported(target.endpoint)
        return !r.loop.halted && r.work.stepsRun > halted.work.stepsRun
      },
      5_000,
      50,
    )

    const audit = (await api('GET', '/api/admin/audit-events?targetType=flag')).json.items.map(
      (e: { action: string; outcome: string }) => [e.action, e.outcome],
    )
    expect(audit).toContainEqual(['flag.changed', 'succeeded'])
    const reverts = (await api('GET', '/api/admin/audit-events?action=flag.reverted')).json.items
    expect(reverts).toHaveLength(1)
  })
})
