import { and, desc, eq, inArray } from 'drizzle-orm'
import type { LifecycleAction } from '@exocorp/shared/companies'
import { within, type Deps } from '../../deps'
import type { Db } from '../../db/client'
import { moveRefusal, placeExocorp } from '@exocorp/shared/deployments'
import { isUniqueViolation, lockKey, lockRows } from '../../db/portable'
import { companies, jobs } from '../../db/schema/companies'
import { newId } from '../../lib/crypto'
import { AppError, isAppError } from '../../lib/errors'
import { recordAudit, type Actor } from '../audit'
import { findCompany, membershipOf, type CompanyRow } from '../companies/access'
import { probeStaleTargets } from '../deployments/probe'
import { placementCandidates } from '../deployments/targets'
import { instanceCutoff, lifecycleOf } from './context'
import { freshPhases, waitForJob, type JobRow } from './jobs'
import { evaluateAction } from './policy'
import { runLeasedJob } from './runner'
import { JOBS_CHANNEL, liveForeignOwner } from './runtimes'
import { isDestructive, phasesFor, targetVersionFor, TRANSITIONS, viaStatus } from './state-machine'

/**
 * Who is asking, which decides what a refusal looks like:
 * - `user`: the registry. Owners act, members get 403, everyone else 404 (like a missing id).
 * - `platform`: a platform owner on the admin API. Destroying someone else's exocorp needs a
 *   fresh step-up (403 `reauth_required`).
 * - `system`: billing, boot recovery, the demo seed.
 */
export type ActionAccess =
  { kind: 'user'; userId: string } | { kind: 'platform'; userId: string; stepUpFresh: boolean } | { kind: 'system' }

export interface LifecycleRequest {
  companyId: string
  action: LifecycleAction
  actor: Actor
  access?: ActionAccess
  confirm?: string
  requestId?: string | null
  /** Internal callers (billing suspension) skip the typed-slug confirmation. */
  bypassConfirm?: boolean
  /** Entry point, recorded in the audit details (`registry`, `admin`, `billing`, …). */
  via?: string
  /**
   * A move (decision 054): the reprovision runs on this deployment target. The exocorp is placed
   * there in the same transaction that claims the job, so the move is one durable job.
   */
  moveTo?: string
}

export interface LifecycleOutcome {
  company: CompanyRow
  /** The job created for this action (already finished for immediate actions). */
  job: JobRow
  /** True when the action finished inside the request (pause, resume, stop, destroy). */
  finished: boolean
}

type EngineDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'env' | 'lifecycle'>

async function authorize(deps: EngineDeps, company: CompanyRow | null, req: LifecycleRequest): Promise<CompanyRow> {
  const access = req.access ?? { kind: 'system' }
  if (!company) throw AppError.notFound('Exocorp')
  if (access.kind === 'user') {
    const role = await membershipOf(deps, company.id, access.userId)
    if (!role) throw AppError.notFound('Exocorp')
    if (role !== 'owner') throw AppError.forbidden('Only the owner of this exocorp can run lifecycle actions')
  }
  // QUALITY.md: every destructive cross-tenant action (stop, reprovision, rollback, destroy) needs a fresh step-up.
  if (access.kind === 'platform' && isDestructive(req.action) && company.ownerUserId !== access.userId && !access.stepUpFresh) {
    throw new AppError(
      403,
      'reauth_required',
      'Enter your password again to run a destructive action on an exocorp you do not own',
      {
        reauthenticateAt: '/api/auth/reauthenticate',
      },
    )
  }
  return company
}

/**
 * A job's `createdAt`, strictly after the company's previous job: "latest job" orders by it, and
 * two actions within one clock tick (or under a test's stopped clock) must still come out in the
 * order they were taken. The caller holds the company's row lock, so this read cannot race.
 */
async function nextJobCreatedAt(tx: Db, companyId: string, now: string): Promise<string> {
  const [last] = await tx
    .select({ createdAt: jobs.createdAt })
    .from(jobs)
    .where(eq(jobs.companyId, companyId))
    .orderBy(desc(jobs.createdAt))
    .limit(1)
  return last && last.createdAt >= now ? new Date(Date.parse(last.createdAt) + 1).toISOString() : now
}

/**
 * Where the job runs, when that is decided now (decision 054): a move names its target (checked by
 * `moveRefusal`); a first provision of an exocorp not yet placed takes the placement rule's choice
 * (`placeExocorp`), and none is a 409 `placement_blocked` with the reason. Placements serialise on
 * one key, so concurrent provisions on any instance cannot overfill a target.
 */
async function placeFor(tx: Db, company: CompanyRow, req: LifecycleRequest): Promise<string | null> {
  const phased = TRANSITIONS[req.action].phases.length > 0
  if (!req.moveTo && (!phased || company.deploymentTargetId)) return null
  await lockKey(tx, 'deployment-placement')
  const candidates = await placementCandidates(tx)
  if (req.moveTo) {
    const target = candidates.find((t) => t.id === req.moveTo)
    if (!target) throw AppError.notFound('Deployment target')
    const refusal = moveRefusal(target, company.deploymentTargetId)
    if (refusal) throw AppError.conflict('move_refused', refusal, { status: company.status })
    return target.id
  }
  const placement = placeExocorp(candidates)
  if (!placement.ok) throw AppError.conflict('placement_blocked', placement.reason, { status: company.status })
  return placement.targetId
}

const jobInFlight = (status: string) =>
  AppError.conflict('job_in_flight', 'Another lifecycle action is still running; wait for it to finish', { status })

/**
 * The single entry point for lifecycle actions (registry, admin, billing, seed). Decides and
 * claims inside one write transaction that first locks the company's row — so of many concurrent
 * requests, on any number of instances, exactly one wins — then runs immediate actions here
 * (outside the transaction) and hands phased jobs to the worker. Every attempt writes exactly one
 * audit row, whatever its outcome.
 */
export async function requestLifecycleAction(deps: EngineDeps, req: LifecycleRequest): Promise<LifecycleOutcome> {
  const ctx = lifecycleOf(deps)
  const auditDetails: Record<string, unknown> = { via: req.via ?? req.access?.kind ?? 'system' }
  let slug: string | null = null
  let statusSeen: string | null = null
  const write = (outcome: 'succeeded' | 'failed', summary: string, extra: Record<string, unknown>) =>
    recordAudit(deps, {
      actor: req.actor,
      // A move is a reprovision onto another target, audited as what the admin asked for.
      action: req.moveTo ? 'company.move' : `company.${req.action}`,
      target: { type: 'company', id: req.companyId },
      outcome,
      summary,
      details: { ...auditDetails, ...extra },
      requestId: req.requestId ?? null,
    })

  /** An immediate action's job has ended (here or on the runtime's owner): answer as it ended. */
  const finishImmediate = async (finalJob: JobRow, claimedCompany: CompanyRow): Promise<LifecycleOutcome> => {
    const company = (await findCompany(deps, req.companyId)) ?? claimedCompany
    if (finalJob.status !== 'succeeded') {
      throw AppError.conflict('runtime_failed', finalJob.error ?? `The runtime did not ${req.action}`, { status: company.status })
    }
    await write('succeeded', `${req.actor.label} ran ${req.action} on ${company.slug}: now ${company.status}`, {
      companyStatus: company.status,
    })
    return { company, job: finalJob, finished: true }
  }

  try {
    if (req.moveTo && req.action !== 'reprovision') throw new Error('A move is a reprovision')
    if (req.moveTo || TRANSITIONS[req.action].phases.length > 0) {
      // Placement decides on health: a stale probe is taken again first (outside the transaction).
      const current = await findCompany(deps, req.companyId)
      if (current && (req.moveTo || !current.deploymentTargetId)) {
        await probeStaleTargets(deps).catch((err: unknown) =>
          deps.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'deployment target probe failed'),
        )
      }
    }
    const claimed = await deps.db
      .write(async (tx) => {
        const d = within(deps, tx)
        // Queue behind any other instance deciding about this company until this one commits.
        await lockRows(tx, 'companies', req.companyId)
        const company = await authorize(d, await findCompany(d, req.companyId), req)
        slug = company.slug
        statusSeen = company.status
        if (isDestructive(req.action) && !req.bypassConfirm && req.confirm !== company.slug) {
          throw new AppError(400, 'validation_failed', `Type the exocorp's slug (${company.slug}) to confirm`, {
            reason: 'confirmation_mismatch',
            fields: { confirm: [`Type ${company.slug} to confirm`] },
          })
        }
        const { refusal, facts, fields } = await evaluateAction(d, company, req.action)
        if (refusal?.reason === 'invalid_settings') {
          throw new AppError(400, 'validation_failed', refusal.message, { reason: refusal.reason, fields })
        }
        if (refusal) throw AppError.conflict(refusal.reason, refusal.message, { status: company.status })
        const placedOn = await placeFor(tx, company, req)

        const now = deps.clock.now().toISOString()
        // Stopping a start in progress cancels that start's job; its worker sees the lost lease.
        if (req.action === 'stop' && company.status === 'starting') {
          await tx
            .update(jobs)
            .set({
              status: 'failed',
              error: `Cancelled: ${req.actor.label} stopped the exocorp`,
              finishedAt: now,
              leaseOwner: null,
            })
            .where(and(eq(jobs.companyId, company.id), inArray(jobs.status, ['queued', 'running'])))
        }
        const phases = phasesFor(req.action, company.status, company.installedVersion)
        // When another live instance owns the runtime, that instance runs the job (claims skip it
        // elsewhere); for an immediate action this request waits for the outcome.
        const owner = await liveForeignOwner(tx, company.id, ctx.hostId, instanceCutoff(ctx, deps.clock.now()))
        const immediate = phases.length === 0 && owner === null
        const job: JobRow = {
          id: newId(),
          companyId: company.id,
          action: req.action,
          // Immediate actions are run by this request, holding the lease from the start.
          status: immediate ? 'running' : 'queued',
          phases: JSON.stringify(freshPhases(phases)),
          attempts: immediate ? 1 : 0,
          maxAttempts: ctx.maxAttempts,
          leaseOwner: immediate ? ctx.workerId : null,
          leaseExpiresAt: immediate ? new Date(deps.clock.now().getTime() + ctx.leaseMs).toISOString() : null,
          heartbeatAt: immediate ? now : null,
          error: null,
          targetVersion: targetVersionFor(req.action, facts),
          requestedBy: req.actor.label,
          createdAt: await nextJobCreatedAt(tx, company.id, now),
          startedAt: immediate ? now : null,
          finishedAt: null,
        }
        await tx.insert(jobs).values(job)
        const via = viaStatus(req.action, company.status, company.installedVersion)
        const patch: Partial<CompanyRow> = { updatedAt: now }
        if (placedOn) {
          patch.deploymentTargetId = placedOn
          auditDetails.deploymentTargetId = placedOn
          if (req.moveTo) auditDetails.movedFrom = company.deploymentTargetId
        }
        if (via) {
          patch.status = via
          patch.health = 'unknown'
          patch.healthCheckedAt = null
          patch.lastError = null
        }
        await tx.update(companies).set(patch).where(eq(companies.id, company.id))
        return { company: { ...company, ...patch }, job, immediate, owner, phased: phases.length > 0 }
      })
      .catch((err: unknown) => {
        // The partial unique index on in-flight jobs: the last line of defence if two claims got past the lock.
        if (isUniqueViolation(err)) throw jobInFlight(statusSeen ?? 'unknown')
        throw err
      })

    auditDetails.jobId = claimed.job.id
    if (claimed.owner) await deps.db.notify(JOBS_CHANNEL, claimed.owner)
    if (claimed.owner && !claimed.phased) {
      const done = await waitForJob(deps, claimed.job.id, 2 * ctx.leaseMs + 10_000)
      if (done?.status === 'succeeded' || done?.status === 'failed') return finishImmediate(done, claimed.company)
      // Still running on its owner: answered as accepted; the job shows how it ends.
      await write('succeeded', `${req.actor.label} started ${req.action} of ${claimed.company.slug} (run by ${claimed.owner})`, {
        companyStatus: claimed.company.status,
      })
      return { company: claimed.company, job: done ?? claimed.job, finished: false }
    }
    if (!claimed.immediate) {
      await write('succeeded', `${req.actor.label} started ${req.action} of ${claimed.company.slug}`, {
        companyStatus: claimed.company.status,
      })
      ctx.jobsQueued.notify()
      return { company: claimed.company, job: claimed.job, finished: false }
    }

    return await finishImmediate((await runLeasedJob(deps, ctx, claimed.job.id)) ?? claimed.job, claimed.company)
  } catch (err) {
    const status = isAppError(err) ? err.status : 500
    const reason = isAppError(err) ? (err.details?.reason ?? err.code) : 'error'
    await write(
      'failed',
      `${req.actor.label} could not ${req.action} ${slug ?? req.companyId}: ${isAppError(err) ? err.message : 'internal error'}`,
      {
        status,
        reason,
      },
    )
    if (!isAppError(err))
      deps.log.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'lifecycle action failed')
    throw err
  }
}
