import { DraftSchema, type Provider } from '../companies'
import { DraftDiffSchema, type DraftDiff } from '../configuration'
import type { ContractSend, ContractSubject } from './lifecycle-scenario'

/*
 * The draft ↔ running diff as a conversation both backends must answer alike (decision 022's
 * contract scenarios, extended by decision 038): the subject runs what its draft says; the script
 * changes an agent's model, adds a setting and a provider, and reads the diff. The msw mock runs
 * it in web/src/testing/contract/, the real BFF in bff/test/lifecycle-contract.test.ts.
 */

const PROBE_KEY = 'contractProbe'
const PROBE_PROVIDER: Provider = 'mistral'

function observeDiff(d: DraftDiff) {
  return {
    changed: d.changed,
    agents: d.agents.map((a) => ({ change: a.change, fields: a.fields.map((f) => f.field) })),
    settings: d.settings,
    providers: d.providers,
    apply: d.apply ? { action: d.apply.action, destructive: d.apply.destructive } : null,
  }
}

export interface DraftDiffTranscript {
  before: unknown
  saved: number
  after: unknown
}

/** Runs the script; every answer is parsed with the contract's schemas, so a shape drift throws. */
export async function runDraftDiffScenario(send: ContractSend, subject: ContractSubject): Promise<DraftDiffTranscript> {
  const base = `/api/registry/companies/${subject.id}`
  const before = await send('GET', `${base}/draft/diff`)
  const draft = DraftSchema.parse((await send('GET', `${base}/draft`)).body)
  const [first, ...rest] = draft.config.agents
  if (!first) throw new Error('the subject needs at least one agent')
  const config = {
    agents: [{ ...first, model: first.model === 'o3-mini' ? 'gpt-4o-mini' : 'o3-mini' }, ...rest],
    providers: [...draft.config.providers.filter((p) => p !== PROBE_PROVIDER), PROBE_PROVIDER],
    settings: { ...draft.config.settings, [PROBE_KEY]: 42 },
  }
  const saved = await send('POST', `${base}/draft`, { baseVersion: draft.version, config })
  const after = await send('GET', `${base}/draft/diff`)
  return {
    before: before.status === 200 ? observeDiff(DraftDiffSchema.parse(before.body)) : before.status,
    saved: saved.status,
    after: after.status === 200 ? observeDiff(DraftDiffSchema.parse(after.body)) : after.status,
  }
}

/** What every backend must answer. */
export const EXPECTED_DRAFT_DIFF: DraftDiffTranscript = {
  before: {
    changed: false,
    agents: [],
    settings: [],
    providers: { added: [], removed: [] },
    apply: null,
  },
  saved: 200,
  after: {
    changed: true,
    agents: [{ change: 'changed', fields: ['model'] }],
    settings: [{ key: PROBE_KEY, change: 'added', from: null, to: 42 }],
    providers: { added: [PROBE_PROVIDER], removed: [] },
    apply: { action: 'reprovision', destructive: true },
  },
}
