import type { DeploymentTarget, MoveResult } from '@exocorp/shared/deployments'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import type { Actor } from '../audit'
import { findCompany } from '../companies/access'
import { requestLifecycleAction } from '../lifecycle/engine'
import { probeTarget } from './probe'
import { deploymentTargetDetail, findTarget } from './targets'

/** Probes a target now (an admin's "Probe now") and answers with what it found. */
export async function probeDeploymentTarget(
  deps: Pick<Deps, 'db' | 'env' | 'clock' | 'log'>,
  id: string,
): Promise<DeploymentTarget> {
  const row = await findTarget(deps, id)
  if (!row) throw AppError.notFound('Deployment target')
  await probeTarget(deps, row)
  return (await deploymentTargetDetail(deps, id)).target
}

/**
 * Moves an exocorp to another target (decision 054): a reprovision onto it, through the lifecycle
 * engine, so it is one durable job with phases, leases and recovery like any other. The engine
 * places it on the new target in the transaction that claims the job (refusing with 409 while
 * another job runs, or when `moveRefusal` says the target cannot take it), the job destroys the
 * runtime on the old target and starts one on the new, and the exocorp keeps its status line,
 * version, configuration, members and domains. The engine writes the audit row (`company.move`).
 */
export async function moveExocorp(
  deps: Deps,
  input: { companyId: string; targetId: string; confirm: string; actor: Actor; userId: string; requestId: string | null },
): Promise<MoveResult> {
  const before = await findCompany(deps, input.companyId)
  const outcome = await requestLifecycleAction(deps, {
    companyId: input.companyId,
    action: 'reprovision',
    confirm: input.confirm,
    actor: input.actor,
    // The route's guard asked for a fresh step-up already.
    access: { kind: 'platform', userId: input.userId, stepUpFresh: true },
    requestId: input.requestId,
    via: 'admin-move',
    moveTo: input.targetId,
  })
  return {
    companyId: outcome.company.id,
    fromTargetId: before?.deploymentTargetId ?? null,
    targetId: input.targetId,
    jobId: outcome.job.id,
    status: outcome.company.status,
  }
}
