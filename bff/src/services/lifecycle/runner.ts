import { appendLogLines, type NewLogLine } from '../logs'
import { and, eq, inArray } from 'drizzle-orm'
import type { JobPhase, JobPhaseName, LifecycleAction, Release } from '@exocorp/shared/companies'
import type { Deps } from '../../deps'
import type { Db } from '../../db/client'
import { lockRows } from '../../db/portable'
import { companies, jobs } from '../../db/schema/companies'
import type { RuntimeSpec } from '../../runtime/driver'
import { recordAudit, SYSTEM_ACTOR } from '../audit'
import { autoBindForProvision, listBindings, parseDraftConfig } from '../catalog/bindings'
import { renderManifest } from '../catalog/manifest'
import { findRelease } from '../catalog/releases'
import { issueUsageToken } from '../catalog/usage-tokens'
import type { CompanyRow } from '../companies/access'
import { activePriceBookRef } from './catalog-port'
import type { LifecycleContext } from './context'
import { findJob, parsePhases, type JobRow } from './jobs'
import { forgetRuntime, recordRuntime } from './runtimes'
import { runtimePlacementOf } from '../deployments/targets'
import { applyOutcome, type JobOutcome, type OutcomeChange, TRANSITIONS } from './state-machine'

/** The job's lease moved to someone else (or the job was cancelled): stop touching it. */
export class LostLease extends Error {
  constructor(jobId: string) {
    super(`Lost the lease on job ${jobId}`)
    this.name = 'LostLease'
  }
}

/** A phase failed for a reason a person can act on; the message goes into the job and the audit. */
export class PhaseFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PhaseFailure'
  }
}

type RunDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'env'>

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Keeps state shared by a job's phases (the release, the spec handed to the driver). */
interface RunState {
  company: CompanyRow
  release: Release | null
  spec: RuntimeSpec | null
  usageToken: string | null
}

class JobRun {
  private phases: JobPhase[]
  private state: RunState

  constructor(
    private deps: RunDeps,
    private ctx: LifecycleContext,
    private job: JobRow,
    company: CompanyRow,
  ) {
    this.phases = parsePhases(job.phases)
    this.state = { company, release: null, spec: null, usageToken: null }
  }

  private now() {
    return this.deps.clock.now().toISOString()
  }

  /** Every write is conditional on still holding the lease, so a job never has two writers. */
  private async write(patch: Partial<JobRow>, line?: NewLogLine) {
    const set = {
      ...patch,
      heartbeatAt: this.now(),
      leaseExpiresAt: new Date(this.deps.clock.now().getTime() + this.ctx.leaseMs).toISOString(),
    }
    const kept = await this.deps.db.write(async (tx) => {
      // The company's row first, as the engine and settling take it: the log line below references
      // it, and a stop holding it FOR UPDATE while it cancels this job would otherwise wait on this
      // job's row while this waits on it (a deadlock PostgreSQL broke by failing the stop with a 500).
      await lockRows(tx, 'companies', this.job.companyId, 'key share')
      const rows = await tx
        .update(jobs)
        .set(set)
        .where(and(eq(jobs.id, this.job.id), eq(jobs.status, 'running'), eq(jobs.leaseOwner, this.ctx.workerId)))
        .returning({ id: jobs.id })
      // The phase's log line commits with the phase change it describes (decision 037).
      if (rows.length === 1 && line) await appendLogLines({ db: tx, env: this.deps.env }, this.job.companyId, [line])
      return rows
    })
    if (kept.length !== 1) throw new LostLease(this.job.id)
  }

  heartbeat() {
    return this.write({})
  }

  private setPhase(name: JobPhaseName, patch: Partial<JobPhase>) {
    this.phases = this.phases.map((p) => (p.name === name ? { ...p, ...patch } : p))
    const phase = this.phases.find((p) => p.name === name)
    const label = phase?.label ?? name
    const status = patch.status
    const message =
      status === 'running'
        ? `${this.job.action}: ${label} started`
        : status === 'failed'
          ? `${this.job.action}: ${label} failed${patch.note ? ` — ${patch.note}` : ''}`
          : `${this.job.action}: ${label} ${status ?? 'updated'}${patch.note ? ` — ${patch.note}` : ''}`
    return this.write(
      { phases: JSON.stringify(this.phases) },
      { at: this.now(), level: status === 'failed' ? 'error' : 'info', source: 'job', jobId: this.job.id, phase: name, message },
    )
  }

  async execute(): Promise<void> {
    const action = this.job.action
    if (this.phases.length === 0) {
      await this.immediate(action)
      return
    }
    // A resumed job (attempt > 1) runs every phase again: each one is idempotent, and the
    // driver's in-memory state died with the previous process.
    this.phases = this.phases.map((p) => ({ ...p, status: 'pending', startedAt: null, finishedAt: null, note: null }))
    await this.write({ phases: JSON.stringify(this.phases) })
    for (const phase of this.phases) {
      await this.setPhase(phase.name, { status: 'running', startedAt: this.now() })
      let note: string | null
      try {
        note = await this.runPhase(phase.name, action)
      } catch (err) {
        if (err instanceof LostLease) throw err
        const message = err instanceof PhaseFailure ? err.message : `${phase.label} failed: ${errorText(err)}`
        await this.setPhase(phase.name, { status: 'failed', finishedAt: this.now(), note: message })
        throw new PhaseFailure(message)
      }
      await this.setPhase(phase.name, { status: 'succeeded', finishedAt: this.now(), note })
    }
  }

  private async immediate(action: LifecycleAction) {
    const driver = this.ctx.driver
    const id = this.state.company.id
    if (action === 'pause') await driver.pause(id)
    else if (action === 'resume') await driver.resume(id)
    else if (action === 'stop') await driver.stop(id)
    else if (action === 'destroy') await driver.destroy(id)
    else throw new PhaseFailure(`${action} has no phases`)
  }

  private targetVersion(): string {
    const v = this.job.targetVersion ?? this.state.company.installedVersion
    if (!v) throw new PhaseFailure('No release version to install')
    return v
  }

  private async resolveRelease(): Promise<Release> {
    if (this.state.release) return this.state.release
    const version = this.targetVersion()
    const release = await findRelease(this.deps, version)
    if (!release) throw new PhaseFailure(`Release ${version} is not in the catalog`)
    this.state.release = release
    return release
  }

  private async buildSpec(): Promise<RuntimeSpec> {
    if (this.state.spec) return this.state.spec
    const company = this.state.company
    const release = await this.resolveRelease()
    const draft = parseDraftConfig(company.draftConfig)
    // A new token per start retires the previous runtime's (only its SHA-256 is stored).
    this.state.usageToken ??= await issueUsageToken(this.deps, company.id)
    const bindings = await listBindings(this.deps, company.id, release)
    this.state.spec = {
      companyId: company.id,
      slug: company.slug,
      name: company.name,
      version: release.version,
      manifestYaml: await renderManifest(this.deps, { company, release, bindings }),
      agents: draft?.agents ?? [],
      usageReportUrl: this.ctx.usageReportUrl,
      usageToken: this.state.usageToken,
      // The deployment target it is placed on (a move placed it on the new one before this job).
      placement: await runtimePlacementOf(this.deps, company.id),
    }
    return this.state.spec
  }

  private async runPhase(name: JobPhaseName, action: LifecycleAction): Promise<string | null> {
    const company = this.state.company
    const driver = this.ctx.driver
    switch (name) {
      case 'validate_draft': {
        const draft = parseDraftConfig(company.draftConfig)
        if (!draft) throw new PhaseFailure(`Draft version ${company.draftVersion} is not valid; open the draft and save it again`)
        if (draft.agents.length === 0)
          throw new PhaseFailure(`Draft version ${company.draftVersion} has no agents; add at least one`)
        return `Draft version ${company.draftVersion}: ${draft.agents.length} agent${draft.agents.length === 1 ? '' : 's'}`
      }
      case 'resolve_release': {
        if (!(await activePriceBookRef(this.deps))) throw new PhaseFailure('No model price book is active')
        const release = await this.resolveRelease()
        return `Release ${release.version} (${release.channel})`
      }
      case 'bind_credentials': {
        const release = await this.resolveRelease()
        const result = await autoBindForProvision(this.deps, { companyId: company.id, ownerUserId: company.ownerUserId, release })
        if (result.missing.length > 0) throw new PhaseFailure(`Missing credentials for ${result.missing.join(', ')}`)
        return result.notes.length ? result.notes.join('; ') : 'Every required provider already has a credential bound'
      }
      case 'allocate_runtime': {
        const cap = driver.capacity()
        if (!driver.handle(company.id) && cap.running >= cap.maxRuntimes) {
          throw new PhaseFailure(`No runtime capacity left (${cap.running} of ${cap.maxRuntimes} in use)`)
        }
        // Reprovision means a fresh runtime: its old data goes first.
        if (action === 'reprovision' && this.job.attempts === 1) await driver.destroy(company.id)
        await driver.allocate(await this.buildSpec())
        return `${driver.name} runtime allocated`
      }
      case 'write_manifest': {
        const spec = await this.buildSpec()
        const manifestGeneratedAt = this.now()
        await this.deps.db.write(async (tx) => {
          await tx
            .update(companies)
            .set({ manifestYaml: spec.manifestYaml, manifestGeneratedAt })
            .where(eq(companies.id, company.id))
        })
        return `Manifest for ${spec.version} written`
      }
      case 'start_control_plane': {
        const spec = await this.buildSpec()
        const handle = await driver.start(spec)
        // Record where it runs at once, so a crash from here on leaves something to reconcile.
        await this.deps.db.write((tx) =>
          recordRuntime(tx, this.deps.env, { hostId: this.ctx.hostId, driver: driver.name }, handle, this.now()),
        )
        await this.heartbeat()
        return `Control plane up${handle.pid ? ` (pid ${handle.pid})` : ''}`
      }
      case 'health_check': {
        const deadline = Date.now() + 5_000
        let detail: string | null = null
        while (Date.now() < deadline) {
          const probe = await driver.probe(company.id)
          if (probe.healthy) return `Healthy${probe.version ? ` on ${probe.version}` : ''}`
          detail = probe.detail
          await sleep(150)
        }
        throw new PhaseFailure(`The control plane did not answer its health check${detail ? `: ${detail}` : ''}`)
      }
    }
  }

  /** Spec actually started (null for jobs that never reached it). */
  get startedVersion() {
    return this.state.spec?.version ?? this.state.release?.version ?? null
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 300) : 'unknown error'
}

async function audit(
  deps: RunDeps,
  job: JobRow,
  company: CompanyRow,
  outcome: 'succeeded' | 'failed',
  summary: string,
  details: Record<string, unknown>,
) {
  await recordAudit(deps, {
    actor: SYSTEM_ACTOR,
    action: outcome === 'succeeded' ? 'lifecycle.job_succeeded' : 'lifecycle.job_failed',
    target: { type: 'company', id: company.id },
    outcome,
    summary,
    details: { jobId: job.id, action: job.action, attempts: job.attempts, requestedBy: job.requestedBy, ...details },
  })
}

/**
 * Runs a job this process holds the lease on, from its first phase to its end, and settles the
 * company. Returns the final job row; throws LostLease when another worker took it over.
 */
export async function runLeasedJob(deps: RunDeps, ctx: LifecycleContext, jobId: string): Promise<JobRow | null> {
  const job = await findJob(deps, jobId)
  if (!job || job.status !== 'running' || job.leaseOwner !== ctx.workerId) return job
  const company = await findCompanyRow(deps, job.companyId)
  if (!company) return job
  const run = new JobRun(deps, ctx, job, company)
  const beat = setInterval(() => {
    run.heartbeat().catch(() => {
      // the phase's own next write notices the lost lease
    })
  }, ctx.heartbeatMs)
  try {
    await run.execute()
    await settleSuccess(deps, ctx, job, run.startedVersion)
  } catch (err) {
    clearInterval(beat)
    if (err instanceof LostLease) {
      await afterLostLease(deps, ctx, job.companyId)
      return findJob(deps, jobId)
    }
    const message = err instanceof PhaseFailure ? err.message : errorText(err)
    if (!(err instanceof PhaseFailure)) deps.log.error({ jobId, err: { message: errorText(err) } }, 'job failed unexpectedly')
    await settleFailure(deps, ctx, job, message, run.startedVersion)
  } finally {
    clearInterval(beat)
  }
  return findJob(deps, jobId)
}

async function findCompanyRow(deps: Pick<Deps, 'db'>, companyId: string): Promise<CompanyRow | null> {
  const [row] = await deps.db.select().from(companies).where(eq(companies.id, companyId)).limit(1)
  return row ?? null
}

/** Cancelled or taken over: if nothing should run any more, make sure nothing does. */
async function afterLostLease(deps: RunDeps, ctx: LifecycleContext, companyId: string) {
  const c = await findCompanyRow(deps, companyId)
  if (!c) return
  if (c.status === 'destroyed') await ctx.driver.destroy(companyId).catch(() => {})
  else if (c.status === 'stopped' || c.status === 'failed' || c.status === 'draft')
    await ctx.driver.stop(companyId).catch(() => {})
}

/**
 * Settling locks the company's row before the job's, in the engine's order, so a concurrent action
 * on another instance queues instead of deadlocking with it.
 */
async function settleSuccess(deps: RunDeps, ctx: LifecycleContext, job: JobRow, startedVersion: string | null) {
  const now = deps.clock.now().toISOString()
  const company = await deps.db.write(async (tx) => {
    await lockRows(tx, 'companies', job.companyId)
    const settled = await tx
      .update(jobs)
      .set({ status: 'succeeded', finishedAt: now, leaseOwner: null, leaseExpiresAt: null, heartbeatAt: now, error: null })
      .where(and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.leaseOwner, ctx.workerId)))
      .returning({ id: jobs.id })
    if (settled.length !== 1) throw new LostLease(job.id)
    const c = (await findCompanyRow({ db: tx }, job.companyId))!
    return settleCompany(tx, deps, ctx, c, applyOutcome(job.action, c, { kind: 'succeeded', startedVersion }), now)
  })
  const version = company.installedVersion ? ` on ${company.installedVersion}` : ''
  await audit(deps, job, company, 'succeeded', `${job.action} of ${company.slug} finished: ${company.status}${version}`, {
    status: company.status,
    version: company.installedVersion,
  })
}

/** Writes what `applyOutcome` decided into the company's row (and the runtime record beside it). */
async function settleCompany(
  tx: Db,
  deps: RunDeps,
  ctx: LifecycleContext,
  c: CompanyRow,
  change: OutcomeChange,
  now: string,
): Promise<CompanyRow> {
  const { next } = change
  const patch: Partial<CompanyRow> = {
    status: next.status,
    health: next.health,
    installedVersion: next.installedVersion,
    previousVersion: next.previousVersion,
    deployedDraftVersion: next.deployedDraftVersion,
    lastError: next.lastError,
    updatedAt: now,
  }
  if (change.healthCheckedAt !== 'keep') patch.healthCheckedAt = change.healthCheckedAt === 'now' ? now : null
  if (change.deployDraft) patch.deployedConfig = c.draftConfig
  if (change.revokeUsageToken) patch.usageTokenHash = null
  if (change.destroyed) patch.destroyedAt = now
  if (change.runtime === 'forget') await forgetRuntime(tx, c.id)
  if (change.runtime === 'record') {
    const handle = ctx.driver.handle(c.id)
    if (handle) await recordRuntime(tx, deps.env, { hostId: ctx.hostId, driver: ctx.driver.name }, handle, now)
  }
  await tx.update(companies).set(patch).where(eq(companies.id, c.id))
  return { ...c, ...patch }
}

async function settleFailure(deps: RunDeps, ctx: LifecycleContext, job: JobRow, message: string, startedVersion: string | null) {
  const now = deps.clock.now().toISOString()
  // A failed start must not leave a process behind; an immediate action leaves things as they were.
  if (TRANSITIONS[job.action].phases.length > 0) await ctx.driver.stop(job.companyId).catch(() => {})
  let company: CompanyRow | null = null
  try {
    company = await deps.db.write(async (tx) => {
      await lockRows(tx, 'companies', job.companyId)
      const settled = await tx
        .update(jobs)
        .set({ status: 'failed', finishedAt: now, leaseOwner: null, leaseExpiresAt: null, heartbeatAt: now, error: message })
        .where(and(eq(jobs.id, job.id), inArray(jobs.status, ['running', 'queued']), eq(jobs.leaseOwner, ctx.workerId)))
        .returning({ id: jobs.id })
      if (settled.length !== 1) throw new LostLease(job.id)
      const c = (await findCompanyRow({ db: tx }, job.companyId))!
      const outcome: JobOutcome = { kind: 'failed', error: message, startedVersion }
      return settleCompany(tx, deps, ctx, c, applyOutcome(job.action, c, outcome), now)
    })
  } catch (err) {
    if (err instanceof LostLease) return
    throw err
  }
  await audit(deps, job, company, 'failed', `${job.action} of ${company.slug} failed: ${message}`, {
    status: company.status,
    error: message,
  })
}

/**
 * A job whose lease expired after its last allowed attempt: fail it with a reason, put the company
 * in `failed` (or leave it as it was for an immediate action) and end any runtime it may have left.
 */
export async function failAbandonedJob(deps: RunDeps, ctx: LifecycleContext, job: JobRow) {
  const now = deps.clock.now().toISOString()
  const message = `Interrupted ${job.attempts} time${job.attempts === 1 ? '' : 's'} (the platform restarted while it ran); gave up`
  const company = await deps.db.write(async (tx) => {
    await lockRows(tx, 'companies', job.companyId)
    // Conditional on the row as claimed: another instance may have failed or resumed it meanwhile.
    const failed = await tx
      .update(jobs)
      .set({ status: 'failed', finishedAt: now, leaseOwner: null, leaseExpiresAt: null, error: message })
      .where(and(eq(jobs.id, job.id), eq(jobs.status, job.status), eq(jobs.attempts, job.attempts)))
      .returning({ id: jobs.id })
    if (failed.length !== 1) return null
    const c = (await findCompanyRow({ db: tx }, job.companyId))!
    return settleCompany(tx, deps, ctx, c, applyOutcome(job.action, c, { kind: 'abandoned', error: message }), now)
  })
  if (!company) return
  if (company.status === 'failed') await ctx.driver.stop(company.id).catch(() => {})
  await audit(deps, job, company, 'failed', `${job.action} of ${company.slug} failed: ${message}`, {
    status: company.status,
    error: message,
  })
}
