import { describe, expect, it } from 'vitest'
import { LIFECYCLE_ACTIONS, type CompanyStatus, type LifecycleAction } from './companies'
import { applyOutcome, TRANSITIONS, viaStatus, type JobOutcome, type LifecycleState, type OutcomeChange } from './lifecycle'

/** The company as a job of `action` finds it when it ends: in the action's via status (or where it started). */
function before(action: LifecycleAction, patch: Partial<LifecycleState> = {}): LifecycleState {
  const from: CompanyStatus = TRANSITIONS[action].from[0]!
  return {
    status: viaStatus(action, from, '1.4.2') ?? from,
    health: 'unknown',
    installedVersion: '1.4.2',
    previousVersion: '1.3.0',
    draftVersion: 7,
    deployedDraftVersion: 5,
    lastError: 'an older error',
    ...patch,
  }
}

type Expected = Pick<OutcomeChange, 'healthCheckedAt' | 'runtime' | 'revokeUsageToken' | 'destroyed' | 'deployDraft'> & {
  next: Partial<LifecycleState>
}

const succeeded = (startedVersion: string | null): JobOutcome => ({ kind: 'succeeded', startedVersion })
const failed = (startedVersion: string | null): JobOutcome => ({ kind: 'failed', error: 'Health check failed', startedVersion })
const abandoned: JobOutcome = { kind: 'abandoned', error: 'Interrupted 3 times; gave up' }

const live = (runtime: 'record' | 'keep') =>
  ({ healthCheckedAt: 'now', runtime, revokeUsageToken: false, destroyed: false }) as const
const gone = { healthCheckedAt: 'clear', runtime: 'forget' } as const
const keep = { healthCheckedAt: 'keep', runtime: 'keep', revokeUsageToken: false, destroyed: false, deployDraft: false } as const
const failedState = { status: 'failed', health: 'unknown' } as const

/** Every action × every outcome: the next state a person (or agent) sees once the job ended. */
const TABLE: [LifecycleAction, JobOutcome, Expected][] = [
  // --- succeeded ---
  // First provision: a release is installed, the draft deployed, the runtime recorded.
  [
    'provision',
    succeeded('1.5.0'),
    {
      ...live('record'),
      deployDraft: true,
      next: {
        status: 'running',
        health: 'healthy',
        installedVersion: '1.5.0',
        previousVersion: '1.4.2',
        deployedDraftVersion: 7,
        lastError: null,
      },
    },
  ],
  [
    'update',
    succeeded('1.5.0'),
    {
      ...live('record'),
      deployDraft: true,
      next: {
        status: 'running',
        health: 'healthy',
        installedVersion: '1.5.0',
        previousVersion: '1.4.2',
        deployedDraftVersion: 7,
        lastError: null,
      },
    },
  ],
  // Restart runs no draft validation: the deployed draft stays, the version too.
  [
    'restart',
    succeeded('1.4.2'),
    {
      ...live('record'),
      deployDraft: false,
      next: {
        status: 'running',
        health: 'healthy',
        installedVersion: '1.4.2',
        previousVersion: '1.3.0',
        deployedDraftVersion: 5,
        lastError: null,
      },
    },
  ],
  [
    'pause',
    succeeded(null),
    { ...live('keep'), deployDraft: false, next: { status: 'paused', health: 'healthy', lastError: null } },
  ],
  [
    'resume',
    succeeded(null),
    { ...live('keep'), deployDraft: false, next: { status: 'running', health: 'healthy', lastError: null } },
  ],
  [
    'stop',
    succeeded(null),
    {
      ...gone,
      revokeUsageToken: true,
      destroyed: false,
      deployDraft: false,
      next: { status: 'stopped', health: 'unknown', lastError: null },
    },
  ],
  // Reprovision keeps the version: previousVersion stays the rollback target it was.
  [
    'reprovision',
    succeeded('1.4.2'),
    {
      ...live('record'),
      deployDraft: true,
      next: { status: 'running', installedVersion: '1.4.2', previousVersion: '1.3.0', deployedDraftVersion: 7, lastError: null },
    },
  ],
  [
    'rollback',
    succeeded('1.3.0'),
    {
      ...live('record'),
      deployDraft: true,
      next: { status: 'running', installedVersion: '1.3.0', previousVersion: '1.4.2', deployedDraftVersion: 7, lastError: null },
    },
  ],
  [
    'destroy',
    succeeded(null),
    {
      ...gone,
      revokeUsageToken: true,
      destroyed: true,
      deployDraft: false,
      next: { status: 'destroyed', health: 'unknown', lastError: null },
    },
  ],

  // --- failed ---
  // A phased job that failed leaves the exocorp failed, with nothing running and the reason shown.
  [
    'provision',
    failed('1.5.0'),
    {
      ...keep,
      ...gone,
      next: { ...failedState, installedVersion: '1.4.2', previousVersion: '1.3.0', lastError: 'Health check failed' },
    },
  ],
  // A failed update records the version it tried, and keeps the one it came from for rollback.
  [
    'update',
    failed('1.5.0'),
    {
      ...keep,
      ...gone,
      next: { ...failedState, installedVersion: '1.5.0', previousVersion: '1.4.2', lastError: 'Health check failed' },
    },
  ],
  [
    'restart',
    failed('1.4.2'),
    { ...keep, ...gone, next: { ...failedState, installedVersion: '1.4.2', deployedDraftVersion: 5 } },
  ],
  [
    'reprovision',
    failed(null),
    { ...keep, ...gone, next: { ...failedState, installedVersion: '1.4.2', previousVersion: '1.3.0' } },
  ],
  [
    'rollback',
    failed('1.3.0'),
    { ...keep, ...gone, next: { ...failedState, installedVersion: '1.4.2', previousVersion: '1.3.0' } },
  ],
  // An immediate action the runtime refused changes nothing but lastError.
  ['pause', failed(null), { ...keep, next: { status: 'running', lastError: 'Health check failed' } }],
  ['resume', failed(null), { ...keep, next: { status: 'paused', lastError: 'Health check failed' } }],
  ['stop', failed(null), { ...keep, next: { status: 'running', lastError: 'Health check failed' } }],
  ['destroy', failed(null), { ...keep, next: { status: 'draft', lastError: 'Health check failed' } }],

  // --- abandoned (lease expired after the last attempt) ---
  ...(['provision', 'update', 'restart', 'reprovision', 'rollback'] as const).map(
    (action): [LifecycleAction, JobOutcome, Expected] => [
      action,
      abandoned,
      { ...keep, ...gone, next: { ...failedState, installedVersion: '1.4.2', lastError: 'Interrupted 3 times; gave up' } },
    ],
  ),
  ['pause', abandoned, { ...keep, next: { status: 'running', health: 'unknown', lastError: 'Interrupted 3 times; gave up' } }],
  ['resume', abandoned, { ...keep, next: { status: 'paused', lastError: 'Interrupted 3 times; gave up' } }],
  ['stop', abandoned, { ...keep, next: { status: 'running', lastError: 'Interrupted 3 times; gave up' } }],
  ['destroy', abandoned, { ...keep, next: { status: 'draft', lastError: 'Interrupted 3 times; gave up' } }],
]

describe('applyOutcome: a job’s end → the next lifecycle state', () => {
  it.each(TABLE)('%s %o', (action, outcome, expected) => {
    const change = applyOutcome(action, before(action), outcome)
    const { next, ...effects } = expected
    expect(change.next).toMatchObject(next)
    expect({
      healthCheckedAt: change.healthCheckedAt,
      runtime: change.runtime,
      revokeUsageToken: change.revokeUsageToken,
      destroyed: change.destroyed,
      deployDraft: change.deployDraft,
    }).toEqual(effects)
  })

  it('covers every action with every kind of outcome', () => {
    for (const action of LIFECYCLE_ACTIONS) {
      const kinds = new Set(TABLE.filter(([a]) => a === action).map(([, o]) => o.kind))
      expect([...kinds].sort(), action).toEqual(['abandoned', 'failed', 'succeeded'])
    }
  })

  it('fails an immediate action abandoned while the exocorp was starting (a cancelled start)', () => {
    const change = applyOutcome('stop', before('stop', { status: 'starting' }), abandoned)
    expect(change.next.status).toBe('failed')
    expect(change.runtime).toBe('forget')
  })

  it('does not touch the state it was given', () => {
    const state = before('provision')
    const copy = structuredClone(state)
    applyOutcome('provision', state, succeeded('1.5.0'))
    expect(state).toEqual(copy)
  })
})
