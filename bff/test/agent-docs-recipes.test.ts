import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { releases } from '../src/db/schema/catalog'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  settled,
  sleep,
  type LifecycleHarness,
} from './lifecycle-fixtures'
import { serveWithEvents } from './events-fixtures'

/*
 * Executes the agent docs (decision 021). Every ```http recipe=NAME block served in /SKILL.md and
 * /skills/connect-agent.md is sent, in document order, to the real BFF with a real runtime driver;
 * the ```json status=N block after it is the answer it must get. In expected answers `"{name}"`
 * captures a value the first time and must equal it afterwards, `"…"` is any value, `"abc…"` a
 * string starting with abc, `[]` an empty list, and a non-empty list must contain a match for each
 * element shown. `poll` blocks are repeated until they match. An `http websocket` block opens a real
 * WebSocket (the `ws` library, over a real HTTP server) with the block's headers; its answer
 * (`status=101`) is the first message, and each later `json event` block is a message that must
 * arrive on that socket, in document order. Nothing here knows an endpoint: if the docs are
 * wrong, this fails.
 */

type Block = { lang: string; info: Record<string, string | true>; body: string }
type Step =
  | { kind: 'http'; recipe: string; poll: boolean; websocket: boolean; request: string; status: number; expect: unknown }
  | { kind: 'human'; recipe: string; action: string; text: string }
  | { kind: 'event'; recipe: string; expect: unknown }

function parseInfo(rest: string): Record<string, string | true> {
  const info: Record<string, string | true> = {}
  for (const part of rest.trim().split(/\s+/).filter(Boolean)) {
    const [k, v] = part.split('=')
    info[k!] = v ?? true
  }
  return info
}

function blocksOf(markdown: string): Block[] {
  const out: Block[] = []
  for (const m of markdown.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)\n```$/gm)) {
    out.push({ lang: m[1]!, info: parseInfo(m[2]!), body: m[3]! })
  }
  return out
}

function stepsOf(markdown: string): Step[] {
  const blocks = blocksOf(markdown)
  const steps: Step[] = []
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!
    if (typeof b.info.recipe !== 'string') continue
    if (b.lang === 'text' && typeof b.info.human === 'string') {
      steps.push({ kind: 'human', recipe: b.info.recipe, action: b.info.human, text: b.body })
      continue
    }
    if (b.lang === 'json' && b.info.event === true) {
      steps.push({ kind: 'event', recipe: b.info.recipe, expect: JSON.parse(b.body) })
      continue
    }
    expect(b.lang, `recipe block ${i}`).toBe('http')
    const answer = blocks[i + 1]
    expect(answer?.lang, `the block after request ${b.body.split('\n')[0]}`).toBe('json')
    expect(typeof answer!.info.status, `status of the answer to ${b.body.split('\n')[0]}`).toBe('string')
    steps.push({
      kind: 'http',
      recipe: b.info.recipe,
      poll: b.info.poll === true,
      websocket: b.info.websocket === true,
      request: b.body,
      status: Number(answer!.info.status),
      expect: JSON.parse(answer!.body),
    })
    i++
  }
  return steps
}

type Vars = Record<string, unknown>

function substitute(text: string, vars: Vars): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in vars)) throw new Error(`the docs use {${name}} before any answer gave it`)
    return String(vars[name])
  })
}

/** Mismatches of `actual` against the documented `expected`; captures go into `vars`. */
function mismatches(expected: unknown, actual: unknown, vars: Vars, at = '$'): string[] {
  if (typeof expected === 'string') {
    const capture = /^\{(\w+)\}$/.exec(expected)
    if (capture) {
      const name = capture[1]!
      if (actual === null || actual === undefined || typeof actual === 'object') return [`${at}: expected a value for {${name}}`]
      if (!(name in vars)) {
        vars[name] = actual
        return []
      }
      return String(vars[name]) === String(actual)
        ? []
        : [`${at}: expected {${name}} = ${String(vars[name])}, got ${String(actual)}`]
    }
    if (expected === '…') return actual === null || actual === undefined ? [`${at}: expected a value`] : []
    if (expected.endsWith('…')) {
      const prefix = expected.slice(0, -1)
      return typeof actual === 'string' && actual.startsWith(prefix)
        ? []
        : [`${at}: expected "${prefix}…", got ${JSON.stringify(actual)}`]
    }
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected a list`]
    if (expected.length === 0) return actual.length === 0 ? [] : [`${at}: expected an empty list, got ${actual.length} items`]
    const problems: string[] = []
    expected.forEach((e, i) => {
      for (const a of actual) {
        const trial = { ...vars }
        if (mismatches(e, a, trial, `${at}[${i}]`).length === 0) {
          Object.assign(vars, trial)
          return
        }
      }
      problems.push(`${at}: no item matches ${JSON.stringify(e)}`)
    })
    return problems
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${at}: expected an object, got ${JSON.stringify(actual)}`]
    return Object.entries(expected).flatMap(([k, v]) => mismatches(v, (actual as Record<string, unknown>)[k], vars, `${at}.${k}`))
  }
  return expected === actual ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`]
}

/** A socket the docs opened: every message it received, in order, and how far the docs have read. */
interface DocSocket {
  ws: WebSocket
  messages: unknown[]
  read: number
  wake: () => void
}

/** The next message from `socket.read` on that matches `expected`, waiting up to `timeoutMs`. */
async function nextMatching(socket: DocSocket, expected: unknown, vars: Vars, timeoutMs = 30_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    for (let i = socket.read; i < socket.messages.length; i++) {
      const trial = { ...vars }
      if (mismatches(expected, socket.messages[i], trial).length === 0) {
        Object.assign(vars, trial)
        socket.read = i + 1
        return socket.messages[i]
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no message on the socket matches ${JSON.stringify(expected)}; got ${JSON.stringify(socket.messages.slice(socket.read))}`,
      )
    }
    await new Promise<void>((r) => {
      socket.wake = r
      setTimeout(r, 250)
    })
  }
}

function openDocSocket(url: string, headers: Record<string, string>): Promise<{ socket: DocSocket } | { status: number }> {
  const ws = new WebSocket(url, { headers })
  const socket: DocSocket = { ws, messages: [], read: 0, wake: () => {} }
  ws.on('message', (data) => {
    socket.messages.push(JSON.parse(String(data)))
    socket.wake()
  })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ socket }))
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }))
    ws.once('error', reject)
  })
}

let h: LifecycleHarness
let socket: DocSocket | null = null
afterAll(async () => {
  socket?.ws.close()
  await h?.cleanup()
})

describe('the agent docs, executed', () => {
  it('connect, fix the failed exocorp, update, pause/resume, read the audit trail and watch events exactly as documented', async () => {
    h = await makeLifecycleHarness()
    // A real HTTP server with the event stream, as main.ts wires it: the docs' WebSocket goes there.
    const server = await serveWithEvents(h)
    // The human: an account with one openai and one anthropic credential, and a failed exocorp
    // like the demo's Helios (a draft with no agents, provisioned: validate_draft fails).
    await ownerWithCredentials(h, 'ada@example.com')
    const helios = await createCompany(h.client, 'helios', 'Helios Trading', [])
    expect((await h.client.post(`/api/registry/companies/${helios.id}/provision`, {})).status).toBe(202)
    expect((await settled(h.client, helios.id)).status).toBe('failed')

    const connect = await h.client.get('/skills/connect-agent.md')
    const skill = await h.client.get('/SKILL.md')
    expect(connect.status).toBe(200)
    expect(skill.status).toBe(200)
    const origin = /Base URL: `([^`]+)`/.exec(skill.text)![1]!
    const steps = [...stepsOf(connect.text), ...stepsOf(skill.text)]
    const order = ['connect', 'fix-failed', 'update', 'pause', 'audit', 'watch']
    // Every recipe in the docs is run here, and nothing is run that the docs do not show.
    expect([...new Set(steps.map((s) => s.recipe))].sort()).toEqual([...order].sort())

    const vars: Vars = {}
    const calls: string[] = []
    const before: Record<string, () => Promise<void>> = {
      // The platform publishes a newer stable release (not an agent's call).
      update: async () => {
        await h.db.write(async (tx) => {
          await tx.insert(releases).values({
            version: '1.5.1',
            channel: 'stable',
            publishedAt: '2026-05-30T10:00:00.000Z',
            notes: 'Quicker hand-offs.',
            requiredProviders: '["openai","anthropic"]',
            optionalProviders: '["e2b","google"]',
          })
        })
        calls.push('[platform] publishes release 1.5.1 on stable')
      },
    }

    for (const recipe of order) {
      await before[recipe]?.()
      calls.push(`# recipe ${recipe}`)
      for (const step of steps.filter((s) => s.recipe === recipe)) {
        if (step.kind === 'human') {
          expect(step.action).toBe('approve')
          const code = String(vars.userCode)
          expect(substitute(step.text, vars)).toContain(`${origin}/connect/${code}`)
          const res = await h.client.post(`/api/operator-clients/approvals/${code}/approve`)
          expect(res.status).toBe(200)
          calls.push(`[human, signed in] opens /connect/${code} and approves → ${res.status}`)
          continue
        }
        if (step.kind === 'event') {
          expect(socket, 'an event block follows an opened WebSocket').not.toBeNull()
          const got = (await nextMatching(socket!, step.expect, vars)) as { type: string; data?: { status?: string } }
          calls.push(`  ← on the socket: ${got.type}${got.data?.status ? ` (${got.data.status})` : ''}`)
          continue
        }
        const text = substitute(step.request, vars)
        const [head, ...rest] = text.split('\n')
        const blank = rest.indexOf('')
        const headerLines = blank === -1 ? rest : rest.slice(0, blank)
        const body = blank === -1 ? undefined : rest.slice(blank + 1).join('\n')
        const [method, url] = head!.split(' ')
        expect(url!.startsWith(`${origin}/`), `${url} is under the documented origin`).toBe(true)
        const path = url!.slice(origin.length)
        const headers: Record<string, string> = {}
        for (const line of headerLines) {
          const i = line.indexOf(':')
          headers[line.slice(0, i).trim()] = line.slice(i + 1).trim()
        }
        if (step.websocket) {
          const wsUrl = `ws://localhost:${server.port}${path}`
          const opened = await openDocSocket(wsUrl, headers)
          const status = 'socket' in opened ? 101 : opened.status
          expect(status, `${method} ${path} as a WebSocket`).toBe(step.status)
          if ('socket' in opened) {
            socket = opened.socket
            await nextMatching(socket, step.expect, vars, 5_000)
          }
          calls.push(`${method} ${path} (WebSocket upgrade, bearer token) → ${status}, then hello`)
          continue
        }
        const deadline = Date.now() + 30_000
        for (let attempt = 1; ; attempt++) {
          const res = await h.app.request(`http://localhost${path}`, { method, headers, body: body?.trim() ? body : undefined })
          const json: unknown = await res.json()
          const trial = { ...vars }
          const problems =
            res.status === step.status
              ? mismatches(step.expect, json, trial)
              : [`status ${res.status}, documented ${step.status}`]
          if (problems.length === 0) {
            Object.assign(vars, trial)
            const sent = body?.trim() ? ` ${JSON.stringify(JSON.parse(body))}` : ''
            const shown = `${method} ${path}${sent.length > 90 ? `${sent.slice(0, 87)}…` : sent}`.replace(
              /exo_(draft|oc)_[\w-]+/g,
              'exo_$1_…',
            )
            calls.push(`${shown} → ${res.status}${step.poll ? ` (polled ${attempt}×)` : ''}`)
            break
          }
          if (!step.poll || Date.now() > deadline) {
            throw new Error(
              `${method} ${path} does not answer as documented:\n${problems.join('\n')}\n${JSON.stringify(json, null, 2)}`,
            )
          }
          await sleep(200)
        }
      }
    }
    console.log(`Calls the agent docs made, in order:\n${calls.join('\n')}`)
    // The recipe ended where it promised: the failed exocorp runs the updated release.
    const final = await h.client.get(`/api/registry/companies/${helios.id}`)
    expect(final.json).toMatchObject({ status: 'running', installedVersion: '1.5.1', lastError: null })
  }, 90_000)
})
