import { createHash } from 'node:crypto'
import os from 'node:os'
import { and, eq, lt, or } from 'drizzle-orm'
import type { Deps } from '../deps'
import type { Dialect } from '../db/schema/dialect'
import { instances, leases } from '../db/schema/runtimes'

/**
 * Several BFF instances on one database (decision 024). Each has a stable id — the same after a
 * restart, so it finds the runtimes it owned — and says it is alive in `instances` every third of
 * a job lease; one that has not for a whole lease is gone, and its work may be taken over
 * (`instanceCutoff` in lifecycle/context.ts).
 */

/**
 * `EXOCORP_INSTANCE_ID`; else `local` on SQLite (one instance by design); else this machine's name
 * and its data dir (two instances on one machine need two data dirs).
 */
export function instanceIdFor(env: Pick<Deps['env'], 'EXOCORP_INSTANCE_ID' | 'dataDir'>, dialect: Dialect): string {
  if (env.EXOCORP_INSTANCE_ID) return env.EXOCORP_INSTANCE_ID
  if (dialect === 'sqlite') return 'local'
  const dir = createHash('sha256').update(env.dataDir).digest('hex').slice(0, 8)
  return `${os.hostname()}-${dir}`
}

/** Records that `id` is alive now (upsert); called at start and on every heartbeat. */
export async function heartbeat(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<void> {
  const now = deps.clock.now().toISOString()
  // No view shows a heartbeat: it leaves the data version (decision 026) alone.
  await deps.db.write(
    (tx) =>
      tx
        .insert(instances)
        .values({ id, startedAt: now, heartbeatAt: now })
        .onConflictDoUpdate({ target: instances.id, set: { heartbeatAt: now } }),
    { visible: false },
  )
}

/**
 * Takes or renews the lease `name` for `holder` until now + `ms`; false while another holder's
 * lease runs. Loops only one instance may run (billing evaluator, cleanup) call it every tick.
 */
export async function acquireLease(deps: Pick<Deps, 'db' | 'clock'>, name: string, holder: string, ms: number): Promise<boolean> {
  const now = deps.clock.now()
  const expiresAt = new Date(now.getTime() + ms).toISOString()
  return deps.db.write(async (tx) => {
    const taken = await tx
      .update(leases)
      .set({ holder, expiresAt })
      .where(and(eq(leases.name, name), or(eq(leases.holder, holder), lt(leases.expiresAt, now.toISOString()))))
      .returning({ name: leases.name })
    if (taken.length > 0) return true
    const created = await tx
      .insert(leases)
      .values({ name, holder, expiresAt })
      .onConflictDoNothing()
      .returning({ name: leases.name })
    return created.length > 0
  })
}

/** Gives the lease up (graceful stop), so another instance takes the loop over at its next tick. */
export async function releaseLease(deps: Pick<Deps, 'db'>, name: string, holder: string): Promise<void> {
  await deps.db.write((tx) => tx.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder))))
}
