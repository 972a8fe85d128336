import { and, eq, gt, ne } from 'drizzle-orm'
import type { Deps } from '../../deps'
import type { Db } from '../../db/client'
import { instances, runtimes } from '../../db/schema/runtimes'
import { secretBoxFor } from '../../lib/secret-box'
import type { RuntimeHandle } from '../../runtime/driver'

/**
 * Where each exocorp's runtime runs and which BFF instance owns it (decision 024). The owner
 * carries out its lifecycle jobs and probes it; every instance proxies to its endpoint. The
 * control token is sealed with the platform key, bound to the company, so a copied row is useless.
 */
export type RuntimeRow = typeof runtimes.$inferSelect

/** Notified with an instance id when a job waits for that instance (it owns the runtime). */
export const JOBS_CHANNEL = 'exocorp_jobs'

const aadFor = (companyId: string) => `runtime-control:${companyId}`

function seal(env: Deps['env'], companyId: string, token: string): string {
  return secretBoxFor(env).sealText(token, aadFor(companyId))
}

/** The runtime's control token, or null when none was stored or it does not open with this key. */
export function openControlToken(env: Deps['env'], row: Pick<RuntimeRow, 'companyId' | 'controlToken'>): string | null {
  return row.controlToken ? secretBoxFor(env).openText(row.controlToken, aadFor(row.companyId)) : null
}

/** Records (or moves) a company's runtime to `hostId`, inside the caller's transaction. */
export async function recordRuntime(
  tx: Db,
  env: Deps['env'],
  owner: { hostId: string; driver: string },
  handle: RuntimeHandle,
  now: string,
): Promise<void> {
  const row = {
    hostId: owner.hostId,
    driver: owner.driver,
    endpoint: handle.endpoint,
    pid: handle.pid,
    controlToken: handle.controlToken ? seal(env, handle.companyId, handle.controlToken) : null,
    updatedAt: now,
  }
  await tx
    .insert(runtimes)
    .values({ companyId: handle.companyId, startedAt: now, ...row })
    .onConflictDoUpdate({ target: runtimes.companyId, set: row })
}

/** Nothing runs for this company any more. */
export async function forgetRuntime(tx: Db, companyId: string): Promise<void> {
  await tx.delete(runtimes).where(eq(runtimes.companyId, companyId))
}

export async function runtimeOf(q: Db, companyId: string): Promise<RuntimeRow | null> {
  const [row] = await q.select().from(runtimes).where(eq(runtimes.companyId, companyId)).limit(1)
  return row ?? null
}

/**
 * The instance that owns this company's runtime, when that is another instance still alive: its
 * jobs are for it to run. Null when the runtime is ours, unowned, or its owner is gone.
 */
export async function liveForeignOwner(q: Db, companyId: string, hostId: string, cutoff: string): Promise<string | null> {
  const [row] = await q
    .select({ hostId: runtimes.hostId })
    .from(runtimes)
    .innerJoin(instances, eq(instances.id, runtimes.hostId))
    .where(and(eq(runtimes.companyId, companyId), ne(runtimes.hostId, hostId), gt(instances.heartbeatAt, cutoff)))
    .limit(1)
  return row?.hostId ?? null
}
