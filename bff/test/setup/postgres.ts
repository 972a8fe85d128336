import pg from 'pg'
import type { TestProject } from 'vitest/node'

/**
 * The PostgreSQL run of the BFF suite (project `bff-pg`): one fresh database per run, named for
 * it, dropped at the end, so runs on one server never collide; each harness then takes a schema
 * of its own in it (test/harness.ts). scripts/check.sh makes sure a server is reachable.
 */
export default async function setup(project: TestProject) {
  const admin = process.env.EXOCORP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const name = `exocorp_test_${process.pid}_${Date.now().toString(36)}`
  const client = new pg.Client({ connectionString: admin })
  try {
    await client.connect()
  } catch (err) {
    throw new Error(
      `The PostgreSQL run needs a server at ${admin} (${err instanceof Error ? err.message : String(err)}). ` +
        'scripts/check.sh starts or installs one; or set EXOCORP_TEST_PG_URL to a server whose user may create databases.',
      { cause: err },
    )
  }
  await client.query(`CREATE DATABASE ${name}`)
  await client.end()
  const url = new URL(admin)
  url.pathname = `/${name}`
  project.provide('databaseUrl', url.toString())
  return async () => {
    const drop = new pg.Client({ connectionString: admin })
    await drop.connect()
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await drop.end()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
  }
}
