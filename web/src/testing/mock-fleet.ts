import type { AuditEvent } from '@exocorp/shared/audit'
import type {
  Deployment,
  AllowedAction,
  BudgetPause,
  CompanyDetail,
  CompanyStatus,
  CompanySummary,
  DraftConfig,
  Health,
  Job,
  JobPhaseName,
  LifecycleAction,
  Provider,
  ProviderReadiness,
  Release,
  ReleaseChannel,
  UpdateHandshake,
  UsageEvent,
} from '@exocorp/shared/companies'
import { LifecycleActionSchema } from '@exocorp/shared/companies'
import { settingsErrors, type SettingDeclaration } from '@exocorp/shared/settings'
import {
  ALL_PHASES,
  applyOutcome,
  isDestructive,
  PHASE_LABELS,
  phasesFor,
  RELEASE_ACTIONS,
  refusalFor,
  refusals,
  targetVersionFor,
  viaStatus,
  type JobOutcome,
  type Refusal,
  type StateFacts,
} from '@exocorp/shared/lifecycle'

/**
 * The mocked fleet: exocorps, their jobs, drafts, bindings and the owner's provider secrets.
 * Jobs advance with the wall clock (one phase every `phaseMs`), so `pnpm dev:mock` shows live progress.
 */
export interface MockCompany {
  id: string
  slug: string
  name: string
  ownerId: string
  status: CompanyStatus
  health: Health
  channel: ReleaseChannel
  installedVersion: string | null
  previousVersion: string | null
  draftVersion: number
  deployedDraftVersion: number | null
  /** The draft config the runtime was provisioned from (the BFF's `deployed_config`); absent: the seed's draft. */
  deployedConfig?: DraftConfig
  draft: DraftConfig
  draftUpdatedAt: string
  bindings: Partial<Record<Provider, string>>
  job: MockJob | null
  /** The last finished job, which `jobs/current` shows when none is in flight (like the BFF). */
  lastJob?: Job
  /** Every finished job, newest first: the deployment history (`GET …/jobs`). */
  history?: Deployment[]
  lastError: string | null
  createdAt: string
  updatedAt: string
  healthCheckedAt: string | null
}

export interface MockJob {
  id: string
  action: LifecycleAction
  phases: { name: JobPhaseName; label: string }[]
  startedMs: number
  createdAt: string
  /** The release the job installs (null: the one installed now). */
  target: { version: string | null }
  /** The job fails at this phase instead of succeeding, with this message. */
  failAt?: number
  failMessage?: string
  /** Who asked for it (the signed-in user's email). */
  requestedBy?: string | null
}

export interface MockSecret {
  id: string
  ownerId: string
  provider: Provider
  label: string
  value: string
  createdAt: string
  updatedAt: string
}

export interface MockFleet {
  companies: MockCompany[]
  secrets: MockSecret[]
  /** Priced usage; `agent` as the runtime named it (decision 040). */
  usage: (UsageEvent & { agent?: string; outcome?: 'ok' | 'error' })[]
  /** How long each provisioning phase takes in the mock. Tests stretch it to hold a job mid-flight. */
  phaseMs: number
}

/**
 * The settings the mock's releases declare (decision 052), as the seeded BFF releases do
 * (bff/src/db/migrations/0033_release_settings.sql): typed by the shared contract.
 */
export const MOCK_SETTINGS: SettingDeclaration[] = [
  {
    key: 'autonomy',
    type: 'boolean',
    label: 'Autonomous mode',
    description: 'Agents act without asking for an approval first.',
    default: false,
    min: null,
    max: null,
    choices: [],
    required: false,
  },
  {
    key: 'maxConcurrentTasks',
    type: 'integer',
    label: 'Concurrent tasks',
    description: 'How many tasks the agents work on at once.',
    default: 4,
    min: 1,
    max: 20,
    choices: [],
    required: false,
  },
  {
    key: 'temperature',
    type: 'number',
    label: 'Model temperature',
    description: 'Higher is more varied, lower more predictable.',
    default: 0.7,
    min: 0,
    max: 2,
    choices: [],
    required: false,
  },
  {
    key: 'logLevel',
    type: 'enum',
    label: 'Log level',
    description: 'How much the runtime writes to its log.',
    default: 'info',
    min: null,
    max: null,
    choices: ['error', 'warn', 'info', 'debug'],
    required: false,
  },
  {
    key: 'timezone',
    type: 'string',
    label: 'Time zone',
    description: 'IANA name used for schedules and reports, e.g. Europe/Paris.',
    default: 'UTC',
    min: null,
    max: null,
    choices: [],
    required: false,
  },
]

export const RELEASES: Release[] = [
  {
    version: '1.4.2',
    channel: 'stable',
    publishedAt: '2026-09-01T10:00:00.000Z',
    notes: 'Steadier agent scheduling.',
    requiredProviders: ['openai'],
    optionalProviders: ['anthropic'],
    settings: MOCK_SETTINGS,
  },
  {
    version: '1.5.0',
    channel: 'stable',
    publishedAt: '2026-11-02T10:00:00.000Z',
    notes: 'Faster boot; budgets per agent.',
    requiredProviders: ['openai'],
    optionalProviders: ['anthropic'],
    settings: MOCK_SETTINGS,
  },
  {
    version: '1.6.0-beta.2',
    channel: 'beta',
    publishedAt: '2026-11-10T10:00:00.000Z',
    notes: 'Multi-model routing (beta).',
    requiredProviders: ['openai', 'anthropic'],
    optionalProviders: ['google'],
    settings: MOCK_SETTINGS,
  },
  {
    version: '1.7.0-canary.3',
    channel: 'canary',
    publishedAt: '2026-11-18T10:00:00.000Z',
    notes: 'Sandboxed code execution.',
    requiredProviders: ['openai', 'anthropic'],
    optionalProviders: ['e2b'],
    settings: MOCK_SETTINGS,
  },
]

const CHANNEL_ORDER: ReleaseChannel[] = ['stable', 'beta', 'canary']

/** The newest release a channel may install (canary also sees beta and stable). */
export function currentRelease(channel: ReleaseChannel): Release {
  const allowed = CHANNEL_ORDER.slice(0, CHANNEL_ORDER.indexOf(channel) + 1)
  const candidates = RELEASES.filter((r) => allowed.includes(r.channel))
  return candidates.reduce((a, b) => (a.publishedAt > b.publishedAt ? a : b))
}

function releaseOf(c: MockCompany): Release {
  return RELEASES.find((r) => r.version === c.installedVersion) ?? currentRelease(c.channel)
}

export function readiness(c: MockCompany, secrets: MockSecret[]): ProviderReadiness {
  const rel = currentRelease(c.channel)
  const providers = [...rel.requiredProviders, ...rel.optionalProviders]
  const bound = (p: Provider) => Boolean(c.bindings[p] && secrets.some((s) => s.id === c.bindings[p]))
  return {
    configured: providers.filter(bound).length,
    total: providers.length,
    missingRequired: rel.requiredProviders.filter((p) => !bound(p)),
    willAutoBind: rel.requiredProviders.filter((p) => !bound(p) && secrets.filter((s) => s.provider === p).length === 1),
  }
}

/** Writes a job's end into the company the way the BFF's worker does: the shared `applyOutcome` decides. */
function settle(c: MockCompany, action: LifecycleAction, outcome: JobOutcome) {
  const change = applyOutcome(action, c, outcome)
  const now = new Date().toISOString()
  Object.assign(c, change.next)
  if (change.healthCheckedAt !== 'keep') c.healthCheckedAt = change.healthCheckedAt === 'now' ? now : null
  if (change.deployDraft) c.deployedConfig = structuredClone(c.draft)
  c.job = null
  c.updatedAt = now
}

/** Moves a running job forward by the clock; finishes it (and the company) when every phase is done. */
export function advance(c: MockCompany, fleet: MockFleet) {
  const job = c.job
  if (!job) return
  const done = Math.floor((Date.now() - job.startedMs) / fleet.phaseMs)
  if (job.failAt !== undefined && done > job.failAt) {
    const error = job.failMessage ?? `${job.phases[job.failAt]!.label} failed`
    finish(c, finishedView(c, fleet, 'failed', error), job.requestedBy ?? null)
    // The mock's jobs only fail validating the draft, before any release was resolved.
    settle(c, job.action, { kind: 'failed', error, startedVersion: null })
    return
  }
  if (done < job.phases.length) return
  finish(c, finishedView(c, fleet, 'succeeded', null), job.requestedBy ?? null)
  settle(c, job.action, { kind: 'succeeded', startedVersion: job.target.version ?? c.installedVersion })
}

export function jobView(c: MockCompany, fleet: MockFleet): Job | null {
  const job = c.job
  if (!job) return null
  const elapsed = Date.now() - job.startedMs
  const done = Math.min(Math.floor(elapsed / fleet.phaseMs), job.phases.length)
  const at = (i: number) => new Date(job.startedMs + i * fleet.phaseMs).toISOString()
  return {
    id: job.id,
    companyId: c.id,
    action: job.action,
    status: 'running',
    phases: job.phases.map((p, i) => ({
      name: p.name,
      label: p.label,
      status: i < done ? 'succeeded' : i === done ? 'running' : 'pending',
      startedAt: i <= done ? at(i) : null,
      finishedAt: i < done ? at(i + 1) : null,
      note: p.name === 'bind_credentials' && i < done ? 'Credentials bound' : null,
    })),
    progress: { current: Math.min(done + 1, job.phases.length), total: job.phases.length },
    attempts: 1,
    error: null,
    createdAt: job.createdAt,
    startedAt: at(0),
    finishedAt: null,
  }
}

/** The job as it ended, for `jobs/current` once nothing is in flight. */
function finishedView(c: MockCompany, fleet: MockFleet, status: 'succeeded' | 'failed', error: string | null): Job {
  const view = jobView(c, fleet)!
  const at = new Date().toISOString()
  const phases = view.phases.map((p, i): Job['phases'][number] => {
    if (status === 'succeeded' || i < (c.job?.failAt ?? 0)) return { ...p, status: 'succeeded', finishedAt: p.finishedAt ?? at }
    if (i === c.job?.failAt) return { ...p, status: 'failed', startedAt: p.startedAt ?? at, finishedAt: at }
    return { ...p, status: 'pending', startedAt: null, finishedAt: null }
  })
  return { ...view, status, phases, progress: { current: phases.length, total: phases.length }, error, finishedAt: at }
}

function missingFor(c: MockCompany, release: Release, secrets: MockSecret[]): Provider[] {
  return release.requiredProviders.filter((p) => !(c.bindings[p] && secrets.some((s) => s.id === c.bindings[p])))
}

/** What the BFF's policy reads from its database, taken from the mock's memory. */
function factsOf(c: MockCompany): StateFacts {
  return {
    status: c.status,
    installedVersion: c.installedVersion,
    previousVersion: c.previousVersion,
    availableVersion: currentRelease(c.channel).version,
    jobInFlight: c.job?.action ?? null,
    billingState: null,
  }
}

/**
 * The BFF's `evaluateAction` over the mock's memory: the shared table decides, then the catalog
 * and credential checks of release actions (a price book is always active in the mock).
 */
export function actionRefusal(c: MockCompany, action: LifecycleAction, secrets: MockSecret[]): Refusal | null {
  const facts = factsOf(c)
  const refusal = refusalFor(action, facts)
  if (refusal || !RELEASE_ACTIONS.includes(action)) return refusal
  const version = targetVersionFor(action, facts)
  const target = RELEASES.find((r) => r.version === version)
  if (!target) return refusals.releaseLookupFailed(version, c.channel)
  const missing = missingFor(c, target, secrets)
  if (missing.length) return refusals.blocked(missing)
  const fields = settingsErrors(target.settings, c.draft.settings, { complete: true })
  return Object.keys(fields).length ? refusals.invalidSettings(target.version, fields) : null
}

export function allowedActions(c: MockCompany, secrets: MockSecret[]): AllowedAction[] {
  return LifecycleActionSchema.options.map((action) => {
    const refusal = actionRefusal(c, action, secrets)
    return { action, allowed: refusal === null, reason: refusal?.message ?? null, destructive: isDestructive(action) }
  })
}

function newJob(c: MockCompany, action: LifecycleAction, phases: readonly JobPhaseName[], target: MockJob['target']): MockJob {
  const now = new Date()
  return {
    id: `job-${c.slug}-${now.getTime()}`,
    action,
    phases: phases.map((name) => ({ name, label: PHASE_LABELS[name] })),
    startedMs: now.getTime(),
    createdAt: now.toISOString(),
    target,
  }
}

function asDeployment(job: Job, requestedBy: string | null): Deployment {
  const durationMs = job.startedAt && job.finishedAt ? Date.parse(job.finishedAt) - Date.parse(job.startedAt) : null
  return { ...job, requestedBy, durationMs }
}

function finish(c: MockCompany, job: Job, requestedBy: string | null) {
  c.lastJob = job
  ;(c.history ??= []).unshift(asDeployment(job, requestedBy))
}

/** The job in flight (if any), then every finished one, newest first: like the BFF's `GET …/jobs`. */
export function deploymentsOf(c: MockCompany, fleet: MockFleet): Deployment[] {
  const running = jobView(c, fleet)
  return [...(running ? [asDeployment(running, c.job?.requestedBy ?? null)] : []), ...(c.history ?? [])]
}

/**
 * Applies an allowed action the way the BFF's engine does: actions without phases finish at once
 * (and answer with their finished job), the others start a job that advances with the clock.
 */
export function applyAction(
  c: MockCompany,
  action: LifecycleAction,
  fleet: MockFleet,
  requestedBy: string | null = null,
): Job | null {
  const now = new Date().toISOString()
  c.updatedAt = now
  const facts = factsOf(c)
  const phases = phasesFor(action, c.status, c.installedVersion)
  if (phases.length === 0) {
    settle(c, action, { kind: 'succeeded', startedVersion: null })
    const done: Job = {
      id: `job-${c.slug}-${Date.now()}`,
      companyId: c.id,
      action,
      status: 'succeeded',
      phases: [],
      progress: { current: 0, total: 0 },
      attempts: 1,
      error: null,
      createdAt: now,
      startedAt: now,
      finishedAt: now,
    }
    finish(c, done, requestedBy)
    return done
  }
  const version = targetVersionFor(action, facts)
  c.status = viaStatus(action, c.status, c.installedVersion) ?? c.status
  c.health = 'unknown'
  c.lastError = null
  c.job = { ...newJob(c, action, phases, { version }), requestedBy }
  // Like the BFF's validate_draft phase: a draft without agents cannot be provisioned.
  if (c.job.phases[0]?.name === 'validate_draft' && c.draft.agents.length === 0) {
    c.job.failAt = 0
    c.job.failMessage = `Draft version ${c.draftVersion} has no agents; add at least one`
  }
  return jobView(c, fleet)
}

export function toSummary(c: MockCompany, fleet: MockFleet, userId: string): CompanySummary {
  advance(c, fleet)
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    status: c.status,
    health: c.health,
    channel: c.channel,
    installedVersion: c.installedVersion,
    role: c.ownerId === userId ? 'owner' : 'member',
    providerReadiness: readiness(c, fleet.secrets),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}

/** `budgetPause`: what the mocked billing side says holds it paused (`budgetPauseOf` in mock-billing). */
export function toDetail(
  c: MockCompany,
  fleet: MockFleet,
  userId: string,
  budgetPause: BudgetPause | null = null,
): CompanyDetail {
  const summary = toSummary(c, fleet, userId)
  const latest = currentRelease(c.channel).version
  return {
    ...summary,
    previousVersion: c.previousVersion,
    availableVersion: latest !== c.installedVersion ? latest : null,
    draftVersion: c.draftVersion,
    deployedDraftVersion: c.deployedDraftVersion,
    domains: mockDomains(c.slug),
    currentJob: jobView(c, fleet),
    allowedActions: allowedActions(c, fleet.secrets),
    lastError: c.lastError,
    activePriceBook: { id: 'pb-3', version: 3 },
    healthCheckedAt: c.healthCheckedAt,
    budgetPause: c.status === 'paused' ? budgetPause : null,
  }
}

export function handshake(c: MockCompany, fleet: MockFleet): UpdateHandshake {
  const rel = currentRelease(c.channel)
  const missing = readiness(c, fleet.secrets).missingRequired
  const base = {
    installedVersion: c.installedVersion,
    availableVersion: rel.version,
    channel: c.channel,
    notes: rel.notes,
    missingProviders: missing,
  }
  if (missing.length) return { ...base, status: 'blocked', reason: `Missing credentials: ${missing.join(', ')}` }
  if (!c.installedVersion) return { ...base, status: 'install_required', reason: null }
  if (c.installedVersion === rel.version) return { ...base, status: 'up_to_date', reason: null }
  return { ...base, status: 'update_available', reason: null }
}

export function manifestYaml(c: MockCompany, secrets: MockSecret[]): string {
  const rel = releaseOf(c)
  const lines = [
    '# Effective exocorp manifest',
    `apiVersion: exocorp.ai/v1`,
    `kind: Exocorp`,
    `metadata:`,
    `  slug: ${c.slug}`,
    `  name: "${c.name}"`,
    `release:`,
    `  version: ${rel.version}`,
    `  channel: ${c.channel}`,
    `draftVersion: ${c.draftVersion}`,
    `agents:`,
    ...c.draft.agents.flatMap((a) => [`  - name: "${a.name}"`, `    role: "${a.role}"`, `    model: ${a.model}`]),
    `providers:`,
    ...Object.entries(c.bindings).map(([p, id]) => `  ${p}: secret://${secrets.find((s) => s.id === id)?.label ?? 'missing'}`),
    `settings:`,
    `  autonomy: true`,
    `  budgetUsd: 250`,
  ]
  return lines.join('\n') + '\n'
}

const OWNER = 'u-owner'
const defaultDraft = (): DraftConfig => ({
  agents: [
    { name: 'CEO', role: 'Sets goals and reviews work', model: 'gpt-4.1' },
    { name: 'Engineer', role: 'Builds what the CEO asks for', model: 'claude-sonnet-4' },
  ],
  providers: ['openai', 'anthropic'],
  settings: { autonomy: true },
})

function company(p: Partial<MockCompany> & Pick<MockCompany, 'id' | 'slug' | 'name' | 'status'>): MockCompany {
  return {
    ownerId: OWNER,
    health: p.status === 'running' || p.status === 'paused' ? 'healthy' : 'unknown',
    channel: 'stable',
    installedVersion: '1.5.0',
    previousVersion: '1.4.2',
    draftVersion: 3,
    deployedDraftVersion: 3,
    draft: defaultDraft(),
    draftUpdatedAt: '2026-11-01T12:00:00.000Z',
    bindings: { openai: 's-openai', anthropic: 's-anthropic' },
    job: null,
    lastError: null,
    createdAt: '2026-10-01T09:00:00.000Z',
    updatedAt: '2026-11-15T09:00:00.000Z',
    healthCheckedAt: p.status === 'running' || p.status === 'paused' ? '2026-11-20T09:00:00.000Z' : null,
    ...p,
  }
}

export function seedFleet(): MockFleet {
  const fleet: MockFleet = {
    phaseMs: 1500,
    secrets: [
      {
        id: 's-openai',
        ownerId: OWNER,
        provider: 'openai',
        label: 'OpenAI production',
        value: 'sk-mock-openai-7f3a',
        createdAt: '2026-09-20T09:00:00.000Z',
        updatedAt: '2026-09-20T09:00:00.000Z',
      },
      {
        id: 's-anthropic',
        ownerId: OWNER,
        provider: 'anthropic',
        label: 'Anthropic team key',
        value: 'sk-ant-mock-91bd',
        createdAt: '2026-09-21T09:00:00.000Z',
        updatedAt: '2026-10-02T09:00:00.000Z',
      },
    ],
    usage: [],
    companies: [
      company({
        id: 'c-acme',
        slug: 'acme-research',
        name: 'Acme Research',
        status: 'running',
        installedVersion: '1.4.2',
        previousVersion: null,
        draftVersion: 4,
      }),
      company({
        id: 'c-nightly',
        slug: 'nightly-lab',
        name: 'Nightly Lab',
        status: 'provisioning',
        channel: 'canary',
        installedVersion: null,
        previousVersion: null,
        deployedDraftVersion: null,
        createdAt: '2026-11-20T08:00:00.000Z',
      }),
      company({
        id: 'c-paused',
        slug: 'paused-press',
        name: 'Paused Press',
        status: 'paused',
        createdAt: '2026-10-05T09:00:00.000Z',
      }),
      company({
        id: 'c-ghost',
        slug: 'ghost-works',
        name: 'Ghost Works',
        status: 'running',
        health: 'unreachable',
        createdAt: '2026-10-08T09:00:00.000Z',
      }),
      company({
        id: 'c-broken',
        slug: 'broken-bots',
        name: 'Broken Bots',
        status: 'failed',
        lastError: 'Health check timed out after 60 s',
        createdAt: '2026-10-12T09:00:00.000Z',
      }),
      company({
        id: 'c-stopped',
        slug: 'quiet-quarters',
        name: 'Quiet Quarters',
        status: 'stopped',
        createdAt: '2026-10-15T09:00:00.000Z',
      }),
      company({
        id: 'c-draft',
        slug: 'draft-dept',
        name: 'Draft Dept',
        status: 'draft',
        installedVersion: null,
        previousVersion: null,
        deployedDraftVersion: null,
        draftVersion: 1,
        bindings: {},
        createdAt: '2026-11-19T09:00:00.000Z',
      }),
    ],
  }
  const nightly = fleet.companies.find((c) => c.id === 'c-nightly')!
  nightly.job = newJob(nightly, 'provision', ALL_PHASES, { version: currentRelease('canary').version })
  for (const c of fleet.companies.filter((c) => c.installedVersion)) {
    for (let i = 0; i < 6; i++) {
      const input = 1200 + i * 731
      const output = 300 + i * 211
      fleet.usage.push({
        id: `u-${c.id}-${i}`,
        companyId: c.id,
        model: i % 2 ? 'claude-sonnet-4' : 'gpt-4.1',
        inputTokens: input,
        outputTokens: output,
        costMicros: input * 2 + output * 8,
        at: new Date(Date.UTC(2026, 10, 20, 12 - i)).toISOString(),
      })
    }
  }
  return fleet
}

export function isOwner(c: MockCompany, userId: string) {
  return c.ownerId === userId
}

export const newDraft = defaultDraft

/** A history for the demo owner's first exocorp, newest first, enough to page through. */
export function seedFleetAudit(): AuditEvent[] {
  const actions: [string, 'succeeded' | 'failed', string][] = [
    ['company.create', 'succeeded', 'Created Acme Research'],
    ['company.provision', 'succeeded', 'Provisioned acme-research'],
    ['company.pause', 'succeeded', 'Paused acme-research'],
    ['company.resume', 'succeeded', 'Resumed acme-research'],
    ['company.update', 'failed', 'Update refused: a job is already running'],
    ['company.restart', 'succeeded', 'Restarted acme-research'],
  ]
  const events: AuditEvent[] = []
  for (let i = 0; i < 30; i++) {
    const [action, outcome, summary] = actions[i % actions.length]!
    events.push({
      id: `a-acme-${i}`,
      at: new Date(Date.UTC(2026, 10, 1, 9, i * 7)).toISOString(),
      actor: { type: 'user', id: OWNER, label: 'owner@demo.exocorp.dev' },
      action,
      target: { type: 'company', id: 'c-acme' },
      outcome,
      summary: `${summary} (#${i + 1})`,
      details: {},
      requestId: null,
    })
  }
  return events.reverse()
}

/** The mock platform's hosts for a slug (the production bases). */
export function mockDomains(slug: string) {
  return {
    portal: `${slug}.exocorp.company`,
    app: `${slug}.exocorp.app`,
    portalUrl: `https://${slug}.exocorp.company/`,
    appUrl: `https://${slug}.exocorp.app/`,
  }
}
