import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { createApp } from './app'
import { openDb } from './db/client'
import type { Deps } from './deps'
import { seedDemo } from './demo/seed'
import { loadEnv } from './env'
import { systemClock } from './lib/clock'
import { createLogger } from './lib/logger'
import { mountWebApp } from './static'

async function main() {
  const env = loadEnv()
  const log = createLogger(env.LOG_LEVEL)
  const db = openDb(path.join(env.dataDir, 'exocorp.db'))
  const deps: Deps = { env, db, clock: systemClock, log }

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
  const app = createApp(deps, { mountStatic: (a) => (served = mountWebApp(a, distDir)) })
  if (!served) log.warn(`No built web app at ${distDir}; run \`pnpm build\` (the API still works).`)

  const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => {
    log.info(
      `Exocorp Platform listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${info.port} (data in ${env.dataDir})`,
    )
  })

  const shutdown = (signal: string) => {
    log.info(`${signal} received, shutting down`)
    server.close()
    db.$client.close()
    process.exit(0)
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
