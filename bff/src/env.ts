import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true')

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Relative paths are taken from the working directory; unset → `data/` at the checkout's root. */
  EXOCORP_DATA_DIR: z.string().min(1).optional(),
  /**
   * `postgres://user:pass@host:5432/db` runs on PostgreSQL (several instances may share it); unset →
   * SQLite at <data dir>/exocorp.db. Read once at start (docs/decisions/023-postgresql-beside-sqlite.md).
   */
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL (leave it unset for the embedded SQLite)')
      .optional(),
  ),
  /** PostgreSQL connections per instance. */
  EXOCORP_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL schema to use instead of the URL's default (`search_path`); created if missing. */
  EXOCORP_PG_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'lower-case letters, digits and _')
    .optional(),
  /**
   * This instance's name among several on one PostgreSQL; it owns the runtimes it started and must
   * stay the same across restarts. Default: host name + a hash of the data dir.
   */
  EXOCORP_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash, underscore (≤ 64)')
    .optional(),
  EXOCORP_DEMO: flag.default(true),
  /** Public origin of the app (e.g. https://console.example.com); the request's own origin is always allowed. */
  EXOCORP_PUBLIC_ORIGIN: z.url().optional(),
  /** Extra origins allowed to send mutations, comma separated (the Vite dev server in `pnpm dev`). */
  EXOCORP_ALLOWED_ORIGINS: z.string().default(''),
  /** Extra Host names (`name` or `name:port`, comma separated) besides the public origin's and loopback. */
  EXOCORP_ALLOWED_HOSTS: z.string().default(''),
  EXOCORP_SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  EXOCORP_SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
  /** 32-byte key, base64, for provider secrets; a key file under the data dir is generated when absent. */
  EXOCORP_SECRET_KEY: z.string().optional(),
  /** HMAC secret shared with the payment provider; generated into <data dir>/payment-webhook-secret when absent. */
  EXOCORP_PAYMENT_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Reverse proxies in front of the BFF that append to X-Forwarded-For: a hop count; `true` means 1. */
  EXOCORP_TRUST_PROXY: z
    .string()
    .regex(/^(\d{1,2}|true|false)$/, 'a hop count (0, 1, 2, …) or true/false')
    .default('0')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v))),
  /** Signup attempts one address may make per hour (429 with Retry-After beyond that). */
  EXOCORP_SIGNUP_LIMIT_PER_HOUR: z.coerce.number().int().positive().default(10),
  EXOCORP_WEB_DIST: z.string().optional(),
  /** Exocorp domains: a base host (`exocorp.company`) or origin (`https://exocorp.company`); default `*.localhost` on PORT. */
  EXOCORP_PORTAL_BASE: z.string().min(1).optional(),
  EXOCORP_APP_BASE: z.string().min(1).optional(),
  /**
   * On SIGTERM/SIGINT, leave runtimes running for the next start to re-attach (1, the default), or
   * end them with the BFF (0: test rigs, a machine being retired).
   */
  EXOCORP_KEEP_RUNTIMES_ON_EXIT: flag.default(true),
  /** How long a runtime whose BFF crashed (not released) waits to be re-attached before it exits. */
  EXOCORP_RUNTIME_ORPHAN_GRACE_MS: z.coerce.number().int().min(500).default(30_000),
  /** How often a local runtime's agents take a step of work (each reports one usage event). */
  EXOCORP_RUNTIME_USAGE_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** How often a local runtime's shop agent records an order, and how often it reports its store when nothing changed (decision 055). */
  EXOCORP_RUNTIME_STORE_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  EXOCORP_RUNTIME_SNAPSHOT_INTERVAL_MS: z.coerce.number().int().min(200).default(60_000),
  /** Runtimes the local driver runs at once. */
  EXOCORP_MAX_RUNTIMES: z.coerce.number().int().positive().default(20),
  /** Lease of a lifecycle job; a job whose worker died is resumed or failed once it expires. */
  EXOCORP_JOB_LEASE_MS: z.coerce.number().int().min(200).default(15_000),
  /** How often the health monitor probes running runtimes. */
  EXOCORP_HEALTH_INTERVAL_MS: z.coerce.number().int().min(100).default(1_500),
  /**
   * DNS servers custom-domain checks ask (`1.1.1.1,8.8.8.8`, `127.0.0.1:5353`, `[::1]:53`); empty
   * means the system's resolvers. Decision 042.
   */
  EXOCORP_DNS_SERVERS: z.string().default(''),
  /** The host every custom domain must CNAME to (an ingress name); default each exocorp's app host. */
  EXOCORP_CUSTOM_DOMAIN_CNAME: z.string().min(1).optional(),
  /** Addresses a custom domain's A records may point to instead of a CNAME (comma-separated). */
  EXOCORP_CUSTOM_DOMAIN_ADDRESSES: z.string().default(''),
  /** How often every custom domain is checked again. */
  EXOCORP_DOMAIN_RECHECK_MS: z.coerce.number().int().min(1_000).default(300_000),
  /** How long an outgoing webhook's receiver has to answer (decision 046). */
  EXOCORP_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

// bff/src/env.ts from sources, bff/dist/main.mjs compiled: both two levels under the checkout's
// root, so `pnpm start` (from the root) and `pnpm dev` (from bff/) share one `data/` dir.
const DEFAULT_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data')

export type Env = z.infer<typeof EnvSchema> & { dataDir: string }

/** Parses the environment once at boot; a readable list of what is wrong ends the process. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  if (result.data.DATABASE_URL) {
    // Several instances share one PostgreSQL: each must read every secret the others wrote, so the
    // keys come from the environment, never from one instance's data dir.
    const missing = (['EXOCORP_SECRET_KEY', 'EXOCORP_PAYMENT_WEBHOOK_SECRET'] as const).filter((k) => !result.data[k])
    if (missing.length > 0)
      throw new Error(
        `Invalid environment:\n${missing.map((k) => `  ${k}: required with DATABASE_URL (every instance must share it; e.g. openssl rand -base64 32)`).join('\n')}`,
      )
  }
  const dir = result.data.EXOCORP_DATA_DIR
  return { ...result.data, dataDir: dir ? path.resolve(dir) : DEFAULT_DATA_DIR }
}
