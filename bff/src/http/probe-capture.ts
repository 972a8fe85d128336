import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import { isAppError } from '../lib/errors'
import { recordProbe, type SignalSource } from '../services/signals/record'
import { classifyRefusal, classifyText, type ProbeMatch } from '../services/signals/probe-rules'
import { clientIp, type AppContext, type AppEnv } from './context'

/*
 * Security probes captured by the product (issue 17, decision 036). Outermost on /api, after the
 * response is decided:
 * - a refused request (4xx) has its path, query and (already read) body matched against the probe
 *   rules, and the refusal itself classified (oversized, binary, malformed → fuzz);
 * - a write that succeeded has the free-text fields it stored matched (allow-listed names only:
 *   credentials, tokens and passwords are never looked at, let alone sampled).
 * It only records: the response is already decided and is never changed. A successful GET returns
 * after one status check, so the polled hot path pays nothing.
 */

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Body fields that hold free text a person typed and we store. Anything else is left alone. */
const FREE_TEXT_FIELDS = new Set([
  'name',
  'message',
  'description',
  'role',
  'label',
  'body',
  'reason',
  'title',
  'note',
  'notes',
  'summary',
  'instructions',
  'prompt',
  'page',
])

function sourceOf(c: AppContext): SignalSource {
  const p = c.get('principal')
  const ip = clientIp(c) ?? 'unknown'
  if (p?.kind === 'session') return { key: `user:${p.user.id}`, label: `${p.user.email} (${ip})` }
  if (p?.kind === 'operator_client')
    return { key: `operator_client:${p.clientId}`, label: `${p.clientName} for ${p.user.email} (${ip})` }
  return { key: `ip:${ip}`, label: `anonymous (${ip})` }
}

/** Free-text strings of a validated body, with their field path (bounded walk). */
function freeTextOf(value: unknown, path = '', depth = 0, out: [string, string][] = []): [string, string][] {
  if (depth > 4 || out.length >= 50 || value === null || typeof value !== 'object') return out
  for (const [key, v] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key
    if (typeof v === 'string' && FREE_TEXT_FIELDS.has(key)) out.push([at, v])
    else if (typeof v === 'object') freeTextOf(v, Array.isArray(value) ? path : at, depth + 1, out)
  }
  return out
}

/** Names whose values are never looked at or sampled, whatever the request (credentials). */
const SECRET_KEY = /pass|secret|token|^value$|key|code|credential|signature|authorization|cookie/i

/**
 * The strings of a refused JSON body with their field path, credentials left out; a body that is
 * not JSON is one string (`body`). Only these are matched and sampled, never the whole body.
 */
function bodyStringsOf(body: string): [string, string][] {
  if (!body) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return [['body', body]]
  }
  const out: [string, string][] = []
  const walk = (v: unknown, path: string, depth: number) => {
    if (out.length >= 50 || depth > 6) return
    if (typeof v === 'string') out.push([path || 'body', v])
    else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        out.push(...(classifyText(k).length ? ([[`${path}[key]`, k]] as [string, string][]) : []))
        if (!SECRET_KEY.test(k)) walk(inner, Array.isArray(v) ? path : path ? `${path}.${k}` : k, depth + 1)
      }
    }
  }
  walk(parsed, '', 0)
  return out
}

async function cachedBodyText(c: AppContext): Promise<string> {
  // Only a body some layer already read: reading an unread one (a 415's) could be any size.
  const cached: unknown = c.req.bodyCache.text
  if (cached instanceof Promise) return String(await cached).slice(0, 16 * 1024)
  return ''
}

async function inspectRefusal(c: AppContext, status: number) {
  const url = new URL(c.req.url)
  const endpoint = `${c.req.method} ${routePath(c, -1) || url.pathname}`
  const found: { matches: ProbeMatch[]; sample: string; location: string }[] = []
  const pathMatches = classifyText(url.pathname)
  if (pathMatches.length) found.push({ matches: pathMatches, sample: url.pathname, location: 'refused:path' })
  const query = url.search.slice(1)
  const queryMatches = query ? classifyText(query) : []
  if (queryMatches.length) found.push({ matches: queryMatches, sample: query, location: 'refused:query' })
  const body = MUTATING.has(c.req.method) ? await cachedBodyText(c) : ''
  for (const [field, text] of bodyStringsOf(body)) {
    const matches = classifyText(text)
    if (matches.length) found.push({ matches, sample: text, location: `refused:${field}` })
  }
  const err = c.error
  const bodyBytes = Number(c.req.header('content-length') ?? (body ? body.length : 0)) || body.length
  const refusal = classifyRefusal({
    status,
    code: isAppError(err) ? err.code : undefined,
    contentType: c.req.header('content-type') ?? null,
    bodyBytes,
  })
  if (refusal && !found.some((f) => f.matches.some((m) => m.probeClass === 'fuzz'))) {
    found.push({
      matches: [refusal],
      // Described, not quoted: a malformed body may be a cut-off credential.
      sample: `${refusal.rule}: ${c.req.header('content-type') ?? 'no content type'}, ${bodyBytes} bytes`,
      location: `refused:${status}`,
    })
  }
  // One occurrence per class per request: a payload in both path and query counts once.
  const seen = new Set<string>()
  for (const f of found) {
    const matches = f.matches.filter((m) => !seen.has(m.probeClass))
    for (const m of matches) seen.add(m.probeClass)
    if (matches.length) await recordProbe(c.get('deps'), { ...f, matches, source: sourceOf(c), endpoint, stored: false })
  }
}

async function inspectStored(c: AppContext, body: unknown) {
  const route = routePath(c, -1) || c.req.path
  // Triage notes quote the payloads they are about: an admin's note is not a probe.
  if (route.startsWith('/api/admin/feedback')) return
  const endpoint = `${c.req.method} ${route}`
  for (const [field, text] of freeTextOf(body)) {
    const matches = classifyText(text)
    if (matches.length) {
      await recordProbe(c.get('deps'), {
        matches,
        sample: text,
        location: `stored:${field}`,
        source: sourceOf(c),
        endpoint,
        stored: true,
      })
    }
  }
}

export const captureProbes: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  const status = c.res.status
  if (status < 400 && !(MUTATING.has(c.req.method) && status < 300 && c.get('validatedBody') !== undefined)) return
  try {
    if (status >= 400 && status < 500) await inspectRefusal(c, status)
    else if (status < 300) await inspectStored(c, c.get('validatedBody'))
  } catch (err) {
    // Recording is best effort: a full disk or a lost connection must not change the answer.
    c.get('deps').log.warn({ requestId: c.get('requestId'), err: { message: String(err) } }, 'probe not recorded')
  }
}
