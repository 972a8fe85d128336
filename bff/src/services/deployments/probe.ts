import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, mkdir, rm, statfs, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import path from 'node:path'
import { and, eq, ne, sql } from 'drizzle-orm'
import type { TargetCheck, TargetHealth } from '@exocorp/shared/deployments'
import type { Deps } from '../../deps'
import type { Db } from '../../db/client'
import { execute } from '../../db/portable'
import { adminNotifications } from '../../db/schema/admin-notifications'
import { deploymentTargets } from '../../db/schema/deployments'
import { addAdminNotification } from '../admin-notifications'
import { parseTargetConfig, probedDataDir, type TargetRow } from './targets'

/*
 * The deployment targets' health (decision 054), probed by the platform on an interval (the
 * lifecycle host), on demand (an admin's "Probe now") and before a placement when the last probe
 * is stale. A local target is healthy when this machine can run runtimes there: its data dir can
 * be created and written, enough disk is free there, a loopback port can be bound, and the node
 * executable that runs the reference runtime is there. The first failing check is the reason.
 */

type ProbeDeps = Pick<Deps, 'db' | 'env' | 'clock' | 'log'>

/** How old a probe may be before placement probes again. */
export const PROBE_MAX_AGE_MS = 60_000

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))

async function check(name: string, run: () => Promise<string>): Promise<TargetCheck> {
  try {
    return { name, ok: true, detail: await run() }
  } catch (err) {
    return { name, ok: false, detail: message(err) }
  }
}

function bindLoopback(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = address && typeof address === 'object' ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function probeLocal(deps: ProbeDeps, row: TargetRow): Promise<TargetCheck[]> {
  const config = parseTargetConfig(row)
  if (!config || config.driver !== 'local')
    return [{ name: 'config', ok: false, detail: 'The stored configuration is not valid' }]
  const dir = probedDataDir(deps.env, config)
  const runtimesDir = path.join(dir, 'runtimes')
  const dataDir = await check('data dir', async () => {
    await mkdir(runtimesDir, { recursive: true, mode: 0o700 })
    const file = path.join(runtimesDir, `.probe-${randomBytes(6).toString('hex')}`)
    await writeFile(file, 'ok', { mode: 0o600 })
    await rm(file, { force: true })
    return `${runtimesDir} is writable`
  })
  const disk = dataDir.ok
    ? await check('free disk', async () => {
        const fs = await statfs(dir)
        const freeMb = Math.floor((fs.bavail * fs.bsize) / (1024 * 1024))
        if (freeMb < config.minFreeDiskMb) throw new Error(`only ${freeMb} MB free in ${dir} (needs ${config.minFreeDiskMb} MB)`)
        return `${freeMb} MB free`
      })
    : { name: 'free disk', ok: false, detail: 'not checked: the data dir is not usable' }
  const port = await check('loopback port', async () => `bound and released 127.0.0.1:${await bindLoopback()}`)
  const runtime = await check('runtime executable', async () => {
    await access(process.execPath, constants.X_OK)
    return `${process.execPath} (node ${process.version})`
  })
  return [dataDir, disk, port, runtime]
}

async function schemaVersion(deps: ProbeDeps): Promise<string | null> {
  const [row] = await execute<{ name: string | null }>(deps.db, sql`SELECT max(name) AS name FROM schema_migrations`)
  return row?.name ? row.name.replace(/\.sql$/, '') : null
}

export interface ProbeResult {
  health: TargetHealth
  reason: string | null
  checks: TargetCheck[]
  changed: boolean
  /** The health this probe moved the target from, when it (and no other probe) moved it. */
  transitionFrom: TargetHealth | null
}

/**
 * Raises the admin notice of a health transition, in the transaction that made it (decision 060):
 * turning unhealthy opens (or counts on) the target's "unhealthy" notice; recovering resolves that
 * one as `system` and opens (or counts on) a "recovered" notice. Nothing for a first probe that
 * finds a new target healthy.
 */
async function announceTransition(
  deps: ProbeDeps,
  tx: Db,
  row: TargetRow,
  from: TargetHealth,
  to: TargetHealth,
  reason: string | null,
  now: string,
): Promise<void> {
  const link = `/admin/deployments/${encodeURIComponent(row.id)}`
  if (to === 'unhealthy') {
    await addAdminNotification(
      { clock: deps.clock, db: tx },
      {
        kind: 'deployment_target',
        severity: 'critical',
        sourceKey: `${row.id}:unhealthy`,
        title: `Deployment target ${row.name} is unhealthy`,
        body: `${reason ?? 'The probe failed'}\nNo new exocorp is placed there and nothing moves there until it is healthy again.`,
        link,
        // The reason is the probe's own wording of the failed check, a fact like the target's name;
        // without one the catalog words the whole detail (no platform English passed as a fact).
        message:
          reason !== null
            ? { key: 'target_unhealthy', params: { target: row.name, reason } }
            : { key: 'target_unhealthy_no_reason', params: { target: row.name } },
      },
    )
    return
  }
  if (to !== 'healthy' || from !== 'unhealthy') return
  await tx
    .update(adminNotifications)
    .set({ state: 'resolved', stateChangedAt: now, stateChangedBy: 'system' })
    .where(
      and(eq(adminNotifications.dedupKey, `deployment_target:${row.id}:unhealthy`), ne(adminNotifications.state, 'resolved')),
    )
  await addAdminNotification(
    { clock: deps.clock, db: tx },
    {
      kind: 'deployment_target',
      severity: 'info',
      sourceKey: `${row.id}:recovered`,
      title: `Deployment target ${row.name} recovered`,
      body: `Healthy again (it was unhealthy: ${row.healthReason ?? 'no reason recorded'}). It takes new exocorps and moves again.`,
      link,
      message:
        row.healthReason !== null
          ? { key: 'target_recovered', params: { target: row.name, reason: row.healthReason } }
          : { key: 'target_recovered_no_reason', params: { target: row.name } },
    },
  )
}

/**
 * Probes one target now and stores what it found. Several instances may probe the same target at
 * once (each runs the periodic probe): the health only moves by an update conditional on the health
 * stored, so exactly one of them makes — and announces — each transition; the others see the health
 * already moved and only record their probe.
 */
export async function probeTarget(deps: ProbeDeps, row: TargetRow): Promise<ProbeResult> {
  const checks =
    row.driver === 'local'
      ? await probeLocal(deps, row)
      : [{ name: 'driver', ok: false, detail: `The ${row.driver} driver is not available in this build` }]
  const failed = checks.find((c) => !c.ok)
  const health: TargetHealth = failed ? 'unhealthy' : 'healthy'
  const reason = failed ? `${failed.name}: ${failed.detail}` : null
  const now = deps.clock.now().toISOString()
  const version = row.driver === 'local' ? await schemaVersion(deps) : row.schemaVersion
  const changed = health !== row.health || reason !== row.healthReason
  const found = {
    health,
    healthReason: reason,
    healthCheckedAt: now,
    healthChecks: JSON.stringify(checks),
    schemaVersion: version,
  }
  const transitionFrom = await deps.db.write(
    async (tx) => {
      // A retry only when another probe moved the health between this read and this update.
      for (let attempt = 0; attempt < 3; attempt++) {
        const [stored] = await tx.select().from(deploymentTargets).where(eq(deploymentTargets.id, row.id))
        if (!stored) return null
        const moved = await tx
          .update(deploymentTargets)
          .set(found)
          .where(and(eq(deploymentTargets.id, row.id), eq(deploymentTargets.health, stored.health)))
          .returning({ id: deploymentTargets.id })
        if (moved.length === 0) continue
        if (stored.health === health) return null
        await announceTransition(deps, tx, stored, stored.health, health, reason, now)
        return stored.health
      }
      return null
    },
    { visible: changed },
  )
  if (changed) deps.log.info({ target: row.name, health, reason }, 'deployment target health changed')
  return { health, reason, checks, changed, transitionFrom }
}

/** Probes every target (the periodic probe). */
export async function probeAllTargets(deps: ProbeDeps): Promise<void> {
  const rows = await deps.db.select().from(deploymentTargets)
  for (const row of rows) await probeTarget(deps, row)
}

/** Probes the targets whose last probe is missing or older than `maxAgeMs` (before a placement). */
export async function probeStaleTargets(deps: ProbeDeps, maxAgeMs = PROBE_MAX_AGE_MS): Promise<void> {
  const cutoff = deps.clock.now().getTime() - maxAgeMs
  const rows = await deps.db.select().from(deploymentTargets)
  for (const row of rows) {
    if (!row.healthCheckedAt || Date.parse(row.healthCheckedAt) < cutoff) await probeTarget(deps, row)
  }
}
