import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXPECTED_DRAFT_DIFF, runDraftDiffScenario } from '@exocorp/shared/contract/draft-diff-scenario'
import { expectedTranscript, runLifecycleScenario, type ContractSend } from '@exocorp/shared/contract/lifecycle-scenario'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  provisionAndWait,
  settled,
  type LifecycleHarness,
} from './lifecycle-fixtures'

// The same conversation runs against the msw mock in web/src/testing/contract/ (decision 022):
// a real session, real SQLite, the job worker and the local runtime driver's child processes.
let h: LifecycleHarness
beforeAll(async () => {
  h = await makeLifecycleHarness()
})
afterAll(async () => h.cleanup())

describe('lifecycle contract scenario against the real BFF', () => {
  it('answers the scripted conversation exactly as the contract says', async () => {
    await ownerWithCredentials(h)
    const created = await createCompany(h.client, 'acme-research', 'Acme Research')
    expect((await provisionAndWait(h.client, created.id)).status).toBe('running')
    const send: ContractSend = async (method, path, body) => {
      const res = await h.client.request(method, path, body)
      return { status: res.status, body: res.json }
    }
    const subject = { id: created.id, slug: created.slug }
    expect(await runLifecycleScenario(send, subject)).toEqual(expectedTranscript(subject))
    // Let the start the script queued finish, so cleanup stops a settled runtime.
    expect((await settled(h.client, created.id)).status).toBe('running')
  })

  it('answers the draft diff scenario (agents, settings, providers) exactly as the contract says', async () => {
    const created = await createCompany(h.client, 'diff-contract', 'Diff Contract')
    expect((await provisionAndWait(h.client, created.id)).status).toBe('running')
    const send: ContractSend = async (method, path, body) => {
      const res = await h.client.request(method, path, body)
      return { status: res.status, body: res.json }
    }
    expect(await runDraftDiffScenario(send, { id: created.id, slug: created.slug })).toEqual(EXPECTED_DRAFT_DIFF)
  })
})
