import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLocalDriver } from '../src/runtime/local/local-driver'
import { resolveRuntimeEntry } from '../src/runtime/local/runtime-entry'
import { AGENTS, runtimeProcesses, waitFor } from './lifecycle-fixtures'

// `pnpm build` output, run the way `pnpm start` runs it: `node bff/dist/main.mjs`. The test
// suite's global setup compiled it with the same script into EXOCORP_TEST_BUILD_DIR.

const buildDir = process.env.EXOCORP_TEST_BUILD_DIR!
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-prod-'))
const children: ChildProcess[] = []

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM')
  await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.once('exit', r))))
  for (const pid of runtimeProcesses(dataDir)) process.kill(pid, 'SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port
      srv.close(() => resolve(p))
    })
  })
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
  } catch {
    return []
  }
}

/** `pid` and every process below it, from /proc. */
function processTree(root: number): number[] {
  const parent = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root]
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parent) if (ppid === tree[i]) tree.push(pid)
  return tree
}

describe('the production build', () => {
  it('runs as compiled JavaScript: no tsx anywhere in the process tree, JSON logs, nothing compiled into the data dir', async () => {
    for (const file of ['main.mjs', 'cli.mjs', 'reference-runtime.mjs']) expect(existsSync(path.join(buildDir, file))).toBe(true)
    const port = await freePort()
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      EXOCORP_DATA_DIR: dataDir,
      EXOCORP_DEMO: '0',
      EXOCORP_WEB_DIST: path.join(dataDir, 'no-web'),
    }
    // No EXOCORP_RUNTIME_ENTRY, no NODE_OPTIONS: the compiled BFF must find its compiled runtime itself.
    const bff = spawn(process.execPath, [path.join(buildDir, 'main.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(bff)
    let out = ''
    bff.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    bff.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    const base = `http://127.0.0.1:${port}`
    await waitFor(async () => {
      if (bff.exitCode !== null) throw new Error(`BFF exited: ${out}`)
      return fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    }, 20_000)

    let cookie = ''
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(base + p, {
        method,
        headers: { origin: base, cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const set = res.headers.get('set-cookie')
      if (set) cookie = set.split(';')[0]!
      const text = await res.text()
      return { status: res.status, json: text ? JSON.parse(text) : undefined }
    }
    expect(
      (await call('POST', '/api/auth/signup', { email: 'prod@example.com', name: 'Prod', password: 'correct horse battery' }))
        .status,
    ).toBe(201)
    for (const [provider, value] of [
      ['openai', 'sk-prod-openai-0000000000001'],
      ['anthropic', 'sk-prod-anthropic-000000002'],
    ]) {
      expect((await call('POST', '/api/registry/provider-secrets', { provider, label: provider, value })).status).toBe(201)
    }
    const company = await call('POST', '/api/registry/companies', { name: 'Prod', slug: 'prod' })
    expect(company.status).toBe(201)
    const id = company.json.id as string
    expect(
      (
        await call('POST', `/api/registry/companies/${id}/draft`, {
          baseVersion: 1,
          config: { agents: AGENTS, providers: [], settings: {} },
        })
      ).status,
    ).toBe(200)
    expect((await call('POST', `/api/registry/companies/${id}/provision`, {})).status).toBe(202)
    await waitFor(async () => (await call('GET', `/api/registry/companies/${id}`)).json.status === 'running', 20_000, 50)

    const tree = processTree(bff.pid!)
    const runtimes = runtimeProcesses(dataDir, id)
    expect(runtimes).toHaveLength(1)
    expect(tree).toContain(runtimes[0])
    for (const pid of tree) expect(cmdline(pid).join(' ')).not.toMatch(/tsx/)
    expect(cmdline(bff.pid!)).toEqual([process.execPath, path.join(buildDir, 'main.mjs')])
    expect(cmdline(runtimes[0]!)[1]).toBe(path.join(buildDir, 'reference-runtime.mjs'))

    // Nothing but data under the data dir: no compiled runtime, no bundles.
    const files = readdirSync(dataDir, { recursive: true }).map(String)
    expect(files.filter((f) => /\.(m?js|cjs|ts)$/.test(f))).toEqual([])

    // stdout is a pipe here, as under a collector: every log line is one JSON object.
    const lines = out.split('\n').filter(Boolean)
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow()
  }, 60_000)

  it('from sources (pnpm dev, tests) the runtime still starts through tsx', async () => {
    const entry = resolveRuntimeEntry({})
    expect(entry.kind).toBe('tsx')
    const driver = createLocalDriver({ dataDir: path.join(dataDir, 'dev'), stopGraceMs: 1_000, entry })
    try {
      const handle = await driver.start({
        companyId: 'co_dev',
        slug: 'dev',
        name: 'Dev',
        version: '1.0.0',
        manifestYaml: 'company: dev\n',
        agents: AGENTS,
        usageReportUrl: 'http://127.0.0.1:9/unused',
        usageToken: 'usage-token-dev',
      })
      expect(cmdline(handle.pid!).join(' ')).toMatch(/tsx/)
      expect((await fetch(`${handle.endpoint}/healthz`)).status).toBe(200)
    } finally {
      await driver.shutdownAll()
    }
  }, 30_000)
})
