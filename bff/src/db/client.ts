import { AsyncLocalStorage } from 'node:async_hooks'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import * as schema from './schema/index'
import { dialect, type Dialect } from './schema/dialect'
import { migrate, migratePostgres } from './migrate'
import type { Env } from '../env'

/** The query surface services see, typed as drizzle's SQLite database (decision 023). */
export type Sql = BetterSQLite3Database<typeof schema>

/**
 * The one data handle services hold (docs/decisions/017 and 023). Reads go straight through it;
 * every write goes through `write`, which opens a transaction — or, on a handle that already is
 * one (`inTransaction`), joins it. Helpers that must take part in their caller's transaction
 * receive that transaction's handle explicitly; using the root handle inside a transaction throws.
 */
export type Db = Sql & {
  /** Not `dialect`: drizzle's own field of that name builds its SQL. */
  readonly sqlDialect: Dialect
  readonly inTransaction: boolean
  write<T>(fn: (tx: Db) => Promise<T>, options?: WriteOptions): Promise<T>
  /**
   * The data version (decision 026): moved forward by every committed write a view can show.
   * Polled reads derive their ETag from it and cached sessions and views hold only while it stands.
   * This instance's own commits are seen at once; another's (PostgreSQL) or the CLI's within
   * VERSION_REFRESH_MS, the longest a cached read can lag behind a write made elsewhere.
   */
  dataVersion(): Promise<number>
  /**
   * The data version without waiting: what `dataVersion` would answer at once, or undefined when
   * it would have to read the database first. For the polled lane's synchronous answer.
   */
  knownDataVersion(): number | undefined
  /** Round-trips one trivial statement (health checks). */
  ping(): Promise<void>
  /**
   * Tells every instance listening on `channel` (PostgreSQL NOTIFY); nothing to tell on SQLite,
   * where one instance runs. Listeners are a wake-up only: work is still found by polling.
   */
  notify(channel: string, payload: string): Promise<void>
  /** Calls `onPayload` for each notification on `channel` until the returned stop is called. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

export interface WriteOptions {
  /**
   * False for writes no view shows (a session's sliding expiry, an instance heartbeat): they leave
   * the data version alone, so polled reads keep answering 304. Default true.
   */
  visible?: boolean
}

/** How long a data version read from the database is trusted before it is read again (decision 026). */
export const VERSION_REFRESH_MS = 1000

export interface OpenOptions {
  /** SQLite file (`:memory:` → a private temporary file); ignored when `url` is a PostgreSQL URL. */
  file?: string
  /** `postgres://…`: PostgreSQL. */
  url?: string
  /** PostgreSQL schema to use (created if missing); tests give each harness its own. */
  pgSchema?: string
  poolSize?: number
  /** Called with every statement's SQL text (tests count statements per request). */
  onQuery?: (sql: string) => void
}

const inTransaction = new AsyncLocalStorage<true>()

/**
 * The live event stream's channel (decision 030). On PostgreSQL the event triggers NOTIFY it at
 * commit with `<schema> <id>`; on SQLite, where one process writes, a listener on it is woken
 * (payload '') after every committed write transaction, coalesced per tick.
 */
export const EVENTS_CHANNEL = 'exocorp_events'

let openTransactions = 0

/**
 * Runs a transaction's body with the marker set. While no transaction is open the marker is
 * switched off: on Node 20 an enabled AsyncLocalStorage hooks every promise the process creates,
 * and on a read-only poll that was a few percent of its CPU for nothing (decision 033).
 */
async function insideTransaction<T>(fn: () => Promise<T>): Promise<T> {
  openTransactions++
  try {
    return await inTransaction.run(true, fn)
  } finally {
    if (--openTransactions === 0) inTransaction.disable()
  }
}

/** Throws when called inside a write transaction: for reads that bypass the root handle's checks. */
export function refuseRootInsideTransaction(): void {
  refuseInsideTransaction('A read')
}

function refuseInsideTransaction(what: string) {
  if (inTransaction.getStore())
    throw new Error(`${what} through the root database handle inside a transaction: use the transaction's handle (tx)`)
}

/** The database the environment names: PostgreSQL by DATABASE_URL, else SQLite in the data dir. */
export function openConfiguredDb(env: Env): Promise<Db> {
  return openDb({
    file: path.join(env.dataDir, 'exocorp.db'),
    url: env.DATABASE_URL,
    pgSchema: env.EXOCORP_PG_SCHEMA,
    poolSize: env.EXOCORP_DB_POOL_SIZE,
  })
}

/** Opens the database this process was configured for and applies pending migrations. */
export async function openDb(options: OpenOptions): Promise<Db> {
  if (dialect === 'postgres') {
    if (!options.url) throw new Error('DATABASE_URL names PostgreSQL but no URL was passed to openDb')
    return openPostgres(options.url, options)
  }
  return openSqlite(options.file ?? ':memory:', options.onQuery)
}

/**
 * A FIFO async lock: only one transaction's statements run on SQLite's single write connection
 * at a time, even when the transaction awaits between them.
 */
function asyncLock() {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn)
    tail = run.catch(() => undefined)
    return run
  }
}

/**
 * The data version as this process knows it: exact after its own commits (`committed`), read
 * again from the database once VERSION_REFRESH_MS has passed (other instances, the CLI).
 */
function versionTracker(read: () => Promise<number>) {
  let known = -1
  let readAt = -Infinity
  let reading: Promise<number> | null = null
  return {
    get(): Promise<number> {
      if (performance.now() - readAt < VERSION_REFRESH_MS) return Promise.resolve(known)
      reading ??= read().then(
        (n) => {
          reading = null
          readAt = performance.now()
          known = Math.max(known, n)
          return known
        },
        (err: unknown) => {
          reading = null
          throw err
        },
      )
      return reading
    },
    peek(): number | undefined {
      return performance.now() - readAt < VERSION_REFRESH_MS ? known : undefined
    },
    committed(n: number) {
      known = Math.max(known, n)
    },
  }
}

const VERSION_BUMP = 'UPDATE data_version SET n = n + 1 WHERE id = 1 RETURNING n'
const VERSION_READ = 'SELECT n FROM data_version WHERE id = 1'

function openSqlite(requested: string, onQuery?: (sql: string) => void): Db {
  // A read connection needs a file to share with the write connection: `:memory:` is a temp file.
  const temporary = requested === ':memory:'
  const file = temporary ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-db-')), 'exocorp.db') : requested
  let writer: Database.Database | undefined
  let reader: Database.Database | undefined
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    writer = new Database(file)
    writer.pragma('journal_mode = WAL')
    writer.pragma('busy_timeout = 5000')
    writer.pragma('foreign_keys = ON')
    // FULL for every write: ledger and audit rows must survive a power cut, and the cost is small here.
    writer.pragma('synchronous = FULL')
    migrate(writer)
    reader = new Database(file, { readonly: true })
    reader.pragma('busy_timeout = 5000')
  } catch (err) {
    writer?.close()
    reader?.close()
    throw new Error(cannotOpenMessage(file, err), { cause: err })
  }
  const w = writer
  const r = reader
  // Reads outside a transaction use their own read-only connection: they never see another
  // request's uncommitted rows, and a write sent there by mistake fails loudly.
  const prepare = r.prepare.bind(r)
  r.prepare = ((source: string) => {
    refuseInsideTransaction('A read')
    return prepare(source)
  }) as typeof r.prepare
  const locked = asyncLock()
  const bump = w.prepare(VERSION_BUMP)
  const readVersion = r.prepare(VERSION_READ).pluck()
  const version = versionTracker(async () => {
    onQuery?.(VERSION_READ)
    return readVersion.get() as number
  })
  const logger = onQuery ? { logger: { logQuery: (q: string) => onQuery(q) } } : {}
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    r.close()
    w.close()
    if (temporary) fs.rmSync(path.dirname(file), { recursive: true, force: true })
  }
  const committedListeners = new Set<(payload: string) => void>()
  let wakePending = false
  const afterCommit = () => {
    if (wakePending || committedListeners.size === 0) return
    wakePending = true
    queueMicrotask(() => {
      wakePending = false
      for (const cb of committedListeners) cb('')
    })
  }
  const oneInstance = {
    notify: async () => undefined,
    listen: async (channel: string, onPayload: (payload: string) => void) => {
      if (channel !== EVENTS_CHANNEL) return async () => undefined
      committedListeners.add(onPayload)
      return async () => void committedListeners.delete(onPayload)
    },
  }
  const tx: Db = Object.assign(drizzle(w, { schema, ...logger }), {
    sqlDialect: 'sqlite' as const,
    inTransaction: true,
    write: <T>(fn: (tx: Db) => Promise<T>) => fn(tx),
    dataVersion: () => version.get(),
    knownDataVersion: () => version.peek(),
    ping: async () => void w.prepare('SELECT 1').get(),
    close,
    ...oneInstance,
  })
  const root: Db = Object.assign(drizzle(r, { schema, ...logger }), {
    sqlDialect: 'sqlite' as const,
    inTransaction: false,
    write: <T>(fn: (tx: Db) => Promise<T>, options: WriteOptions = {}): Promise<T> => {
      refuseInsideTransaction('A write')
      return locked(async () => {
        // IMMEDIATE: take the write lock now, so another process (the CLI) queues instead of failing late.
        w.exec('BEGIN IMMEDIATE')
        try {
          const result = await insideTransaction(() => fn(tx))
          let n: number | undefined
          if (options.visible !== false) {
            onQuery?.(VERSION_BUMP)
            n = (bump.get() as { n: number }).n
          }
          w.exec('COMMIT')
          if (n !== undefined) version.committed(n)
          afterCommit()
          return result
        } catch (err) {
          if (w.inTransaction) w.exec('ROLLBACK')
          throw err
        }
      })
    },
    ping: async () => void r.prepare('SELECT 1').get(),
    dataVersion: () => version.get(),
    knownDataVersion: () => version.peek(),
    close,
    ...oneInstance,
  })
  return root
}

async function openPostgres(url: string, options: OpenOptions): Promise<Db> {
  const schemaName = options.pgSchema
  if (schemaName && !/^[a-z_][a-z0-9_]*$/.test(schemaName)) throw new Error(`Invalid PostgreSQL schema name: ${schemaName}`)
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    idleTimeoutMillis: 10_000,
    ...(schemaName ? { options: `-c search_path=${schemaName}` } : {}),
  })
  try {
    // Instances starting at once may both create it: IF NOT EXISTS is not atomic in PostgreSQL.
    if (schemaName)
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schemaName}`).catch((err: unknown) => {
        if (!['23505', '42P06'].includes(String((err as { code?: unknown }).code))) throw err
      })
    await migratePostgres(pool)
  } catch (err) {
    await pool.end().catch(() => undefined)
    const cause = err instanceof Error ? err.message : String(err)
    throw new Error(
      `Cannot use the PostgreSQL database at ${redactUrl(url)} (${cause}). Check that the server is running and DATABASE_URL names a database this user may create tables in.`,
      { cause: err },
    )
  }
  // Root queries run on the pool; a transaction's run on the one client it checked out.
  const query = pool.query.bind(pool)
  pool.query = ((...args: Parameters<typeof pool.query>) => {
    refuseInsideTransaction('A statement')
    return query(...args)
  }) as typeof pool.query
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await pool.end()
  }
  const onQuery = options.onQuery
  const base = drizzlePg(pool, { schema, ...(onQuery ? { logger: { logQuery: (q: string) => onQuery(q) } } : {}) })
  const version = versionTracker(async () => {
    onQuery?.(VERSION_READ)
    const res = await query<{ n: string }>({ name: 'exocorp_data_version', text: VERSION_READ })
    return Number(res.rows[0]!.n)
  })
  const notify = async (channel: string, payload: string) => {
    await query('SELECT pg_notify($1, $2)', [channel, payload])
  }
  // LISTEN needs a connection of its own for as long as it listens.
  const listen = async (channel: string, onPayload: (payload: string) => void) => {
    const client = new pg.Client({ connectionString: url })
    client.on('notification', (n) => {
      if (n.channel === channel) onPayload(n.payload ?? '')
    })
    client.on('error', () => undefined)
    await client.connect()
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
    return async () => {
      await client.end().catch(() => undefined)
    }
  }
  const root = Object.assign(base, {
    sqlDialect: 'postgres' as const,
    inTransaction: false,
    write: async <T>(fn: (tx: Db) => Promise<T>, options: WriteOptions = {}): Promise<T> => {
      refuseInsideTransaction('A write')
      let n: number | undefined
      const result = await base.transaction(async (pgTx) => {
        const tx = Object.assign(pgTx, {
          sqlDialect: 'postgres' as const,
          inTransaction: true,
          write: <U>(inner: (t: Db) => Promise<U>) => inner(tx as unknown as Db),
          dataVersion: () => version.get(),
          knownDataVersion: () => version.peek(),
          ping: async () => void (await pgTx.execute('SELECT 1')),
          close,
          notify,
          listen,
        })
        const value = await insideTransaction(() => fn(tx as unknown as Db))
        // Last, so the counter's row lock is held only for the commit: version writers queue there.
        if (options.visible !== false) {
          const bumped = (await pgTx.execute(sql.raw(VERSION_BUMP))) as unknown as { rows: { n: string }[] }
          n = Number(bumped.rows[0]!.n)
        }
        return value
      })
      if (n !== undefined) version.committed(n)
      return result
    },
    dataVersion: () => version.get(),
    knownDataVersion: () => version.peek(),
    ping: async () => void (await base.execute('SELECT 1')),
    close,
    notify,
    listen,
  })
  return root as unknown as Db
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'DATABASE_URL'
  }
}

/**
 * What an operator reads when the database cannot be opened: the path and what to do. SQLite alone
 * says "disk I/O error" or "unable to open database file" and names nothing.
 */
export function cannotOpenMessage(file: string, err: unknown): string {
  const code = String((err as { code?: unknown } | null)?.code ?? '')
  const cause = err instanceof Error ? err.message : String(err)
  const dir = path.dirname(file)
  const elsewhere = 'or set EXOCORP_DATA_DIR to another directory'
  let advice: string
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    advice = `The disk holding ${dir} is full: free some space on it and start again, ${elsewhere} on a disk with space.`
  } else if (code === 'ENOTDIR' || code === 'EEXIST') {
    advice = `Something that is not a directory is in the way of ${dir}: move it aside, ${elsewhere}.`
  } else if (['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN'].includes(code)) {
    advice = `${dir} must be a directory this user can write to: fix its permissions (or the mount), ${elsewhere}.`
  } else if (code.startsWith('SQLITE_IOERR')) {
    advice = `The disk holding ${dir} reported an I/O error, which usually means it is full or failing: check its free space and health, ${elsewhere}.`
  } else {
    advice = `Check that ${dir} is a writable directory on a disk with free space, ${elsewhere}.`
  }
  return `Cannot open the database at ${file} (${cause}). ${advice}`
}
