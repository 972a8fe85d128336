import { describe, expect, it } from 'vitest'
import { expectedTranscript, runLifecycleScenario, type ContractSend } from '@exocorp/shared/contract/lifecycle-scenario'
import { resetMockDb } from '../mock-db'

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
