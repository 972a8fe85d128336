import { describe, expect, it } from 'vitest'
import { expectedTranscript, runLifecycleScenario, type ContractSend } from '@exocorp/shared/contract/lifecycle-scenario'
import { EXPECTED_DRAFT_DIFF, runDraftDiffScenario } from '@exocorp/shared/contract/draft-diff-scenario'
import { db, resetMockDb } from '../mock-db'

// The same conversation runs against the real BFF in bff/test/lifecycle-contract.test.ts
// (decision 022): the mock may simplify, but never answer differently.
const send: ContractSend = async (method, path, body) => {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

describe('lifecycle contract scenario against the msw mock', () => {
  it('answers the scripted conversation exactly as the contract says', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const subject = { id: 'c-acme', slug: 'acme-research' }
    expect(await runLifecycleScenario(send, subject)).toEqual(expectedTranscript(subject))
  })
})

describe('draft diff contract scenario against the msw mock', () => {
  it('lists agents, settings and providers changed against what runs, as the BFF does', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    // c-acme runs exactly its saved draft.
    const acme = db.fleet.companies.find((c) => c.id === 'c-acme')!
    acme.deployedConfig = structuredClone(acme.draft)
    acme.deployedDraftVersion = acme.draftVersion
    expect(await runDraftDiffScenario(send, { id: 'c-acme', slug: 'acme-research' })).toEqual(EXPECTED_DRAFT_DIFF)
  })
})
