import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { createPolledLane, withPolledLane } from './http/polled-lane'
import { WebSocketServer } from 'ws'
import { createApp } from './app'
import { openConfiguredDb } from './db/client'
import { createDeps } from './create-deps'
import { seedDemo } from './demo/seed'
import { loadEnv } from './env'
import { systemClock } from './lib/clock'
import { createLogger } from './lib/logger'
import { createLocalDriver } from './runtime/local/local-driver'
import { portalTargetFor } from './services/lifecycle/portal'
import { lifecycleOf } from './services/lifecycle/context'
import { mountWebApp } from './static'
import { createLifecycleHost } from './worker/lifecycle-host'
import { startBillingEvaluator } from './services/billing/state'
import { secretBoxFor } from './lib/secret-box'
import { createEventHub } from './services/events/hub'
import { startRunnerSweeper } from './services/workloads'
import { startBroadcastDelivery } from './services/operations/broadcasts'
import { activeDomainIndex, startDomainRechecker } from './services/domains/custom-domains'
import { createEventStream } from './services/events/stream'
import { startWebhookWorker } from './services/webhooks/dispatch'
import { runConnectorRetryRound } from './services/connector-events/retry'

async function main() {
  const loaded = loadEnv()
  // Runtimes report usage to this process's port: with PORT=0 take a free one now, so everything
  // built below (usage URL, allowed hosts) knows the port it will really listen on.
  const env = loaded.PORT === 0 ? { ...loaded, PORT: await freePort(loaded.HOST) } : loaded
  const log = createLogger(env.LOG_LEVEL)
  // The database first: an unusable data dir or server is reported with what to do (db/client.ts).
  const db = await openConfiguredDb(env)
  // Load (or generate) the provider-secret key now: a bad key stops the boot, not the first write.
  secretBoxFor(env)
  const base = { env, db, clock: systemClock, log }
  // The live event stream (decision 030): reads the events the database records and pushes them
  // to this instance's sockets; other instances are heard through PostgreSQL NOTIFY.
  const hub = createEventHub(base)
  await hub.start()
  const events = createEventStream(base, hub)
  // The one dependency object, built here and passed down (services never look anything up).
  const deps = createDeps(base, {
    lifecycle: {
      driver: createLocalDriver({
        dataDir: env.dataDir,
        maxRuntimes: env.EXOCORP_MAX_RUNTIMES,
        orphanGraceMs: env.EXOCORP_RUNTIME_ORPHAN_GRACE_MS,
        usageIntervalMs: env.EXOCORP_RUNTIME_USAGE_INTERVAL_MS,
        storeIntervalMs: env.EXOCORP_RUNTIME_STORE_INTERVAL_MS,
        snapshotIntervalMs: env.EXOCORP_RUNTIME_SNAPSHOT_INTERVAL_MS,
        log,
      }),
      localDriverFor: (dataDir) =>
        createLocalDriver({
          dataDir,
          maxRuntimes: env.EXOCORP_MAX_RUNTIMES,
          orphanGraceMs: env.EXOCORP_RUNTIME_ORPHAN_GRACE_MS,
          usageIntervalMs: env.EXOCORP_RUNTIME_USAGE_INTERVAL_MS,
          storeIntervalMs: env.EXOCORP_RUNTIME_STORE_INTERVAL_MS,
          snapshotIntervalMs: env.EXOCORP_RUNTIME_SNAPSHOT_INTERVAL_MS,
          log,
        }),
      leaseMs: env.EXOCORP_JOB_LEASE_MS,
    },
    events,
  })

  // Runtimes first: re-attach (or end) what a previous process left, then start the job worker
  // (it resumes or fails jobs whose lease expired) and the health monitor.
  const lifecycle = createLifecycleHost(
    { ...deps, lifecycle: lifecycleOf(deps) },
    { healthIntervalMs: env.EXOCORP_HEALTH_INTERVAL_MS },
  )
  const recovered = await lifecycle.recover()
  if (recovered.reattached || recovered.failed || recovered.restarted) log.info(recovered, 'runtimes recovered')
  lifecycle.start()
  // Moves billing accounts between current, grace, restricted and suspended, and books usage.
  const stopBilling = startBillingEvaluator(deps, { holder: lifecycle.ctx.hostId })
  // Enrolled runners that stop heartbeating become offline (decision 037); idempotent on every instance.
  const stopRunnerSweeper = startRunnerSweeper(deps)
  // Scheduled broadcasts send their notifications when they go live (decision 043); claimed once.
  const stopBroadcasts = startBroadcastDelivery(deps)
  // Custom domains are checked against DNS again every EXOCORP_DOMAIN_RECHECK_MS (decision 042).
  const stopDomainRechecker = startDomainRechecker(deps)
  // Outgoing webhooks (decision 046): the hub's cursor bounds the fan-out, so it never passes an
  // event PostgreSQL has not committed yet; deliveries are claimed, so every instance may send.
  // The same loop retries inbound connector events left `retrying` (decision 056), claimed the same way.
  const stopWebhooks = startWebhookWorker(deps, {
    upTo: () => hub.cursor(),
    alsoEachRound: () => runConnectorRetryRound(deps),
  })

  if (env.EXOCORP_DEMO) {
    const demo = await seedDemo(deps)
    if (demo) {
      log.info('Demo data loaded. Sign in with:')
      for (const login of demo.logins) log.info(`  ${login.role}: ${login.email} / ${login.password}`)
    }
  }

  const distDir = env.EXOCORP_WEB_DIST
    ? path.resolve(env.EXOCORP_WEB_DIST)
    : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist')
  let served = false
  const app = createApp(deps, {
    mountStatic: (a) => (served = mountWebApp(a, distDir)),
    portalLookup: (slug) => portalTargetFor(deps, slug),
    customDomains: activeDomainIndex(deps),
  })
  if (!served) log.warn(`No built web app at ${distDir}; run \`pnpm build\` (the API still works).`)

  // WebSocket upgrades go through app.fetch like any request (routes/events.ts); 4 KB frames at most
  // from clients, who have nothing to say on this one-way stream.
  const websocket = { server: new WebSocketServer({ noServer: true, maxPayload: 4096 }) }
  // Polls of a view the browser already holds are answered before the router (http/polled-lane.ts).
  const createServer = withPolledLane(createPolledLane(deps))
  const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT, websocket, createServer }, (info) => {
    log.info(
      `Exocorp Platform listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${info.port} (data in ${env.dataDir})`,
    )
  })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info(`${signal} received, shutting down`)
    server.close()
    try {
      await events.close()
      await hub.stop()
      await stopBilling()
      stopRunnerSweeper()
      stopBroadcasts()
      stopDomainRechecker()
      stopWebhooks()
      // Jobs in flight keep their rows; their leases expire and the next start resumes them.
      // Runtimes keep serving (a deploy does not stop the fleet); the next start re-attaches to them.
      if (env.EXOCORP_KEEP_RUNTIMES_ON_EXIT) {
        const released = await lifecycle.detach()
        log.info({ released }, 'runtimes left running for the next start')
      } else {
        await lifecycle.shutdown()
      }
    } catch (err) {
      log.error({ err: { message: String(err) } }, 'runtime shutdown failed')
    } finally {
      await db.close().catch(() => undefined)
      process.exit(0)
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

/** A port the OS says is free on `host` right now (for PORT=0). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
