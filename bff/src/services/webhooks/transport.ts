import { lookup as systemLookup } from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { ipLiteralOf, judgeAddress } from '@exocorp/shared/webhooks'
import type { Deps } from '../../deps'
import { resolverFor } from '../domains/custom-domains'

/*
 * Where a webhook may be sent, and the sending (decision 046). SSRF rule: the URL's host is resolved
 * and EVERY address it has is judged (shared/src/webhooks.ts `judgeAddress`): private, link-local
 * (cloud metadata), loopback, multicast, documentation and reserved ranges are refused — loopback is
 * allowed only in development and test mode (NODE_ENV ≠ production), and plain http only to it. The
 * check runs when the endpoint is saved (400 on `url`) and again before every attempt, and the
 * connection goes to the very addresses that were judged (a custom `lookup`), so a name that
 * re-resolves to a private address between the check and the connect (DNS rebinding) gains nothing.
 * Redirects are not followed.
 */

type TransportDeps = Pick<Deps, 'env'>

export type Target = { ok: true; url: URL; addresses: Array<{ address: string; family: 4 | 6 }> } | { ok: false; reason: string }

export const devMode = (env: Deps['env']) => env.NODE_ENV !== 'production'

const isLocalhostName = (h: string) => h === 'localhost' || h.endsWith('.localhost')

async function resolveHost(deps: TransportDeps, host: string): Promise<Array<{ address: string; family: 4 | 6 }>> {
  // RFC 6761: localhost names are loopback, whatever a resolver says.
  if (isLocalhostName(host)) return [{ address: '127.0.0.1', family: 4 }]
  if (deps.env.EXOCORP_DNS_SERVERS.trim()) {
    // The same configured resolver custom domains use (decision 042): tests run it on loopback.
    const resolver = resolverFor(deps)
    const [v4, v6] = await Promise.all([
      resolver.resolve4(host).catch(() => [] as string[]),
      resolver.resolve6(host).catch(() => [] as string[]),
    ])
    return [...v4.map((address) => ({ address, family: 4 as const })), ...v6.map((address) => ({ address, family: 6 as const }))]
  }
  const found = await systemLookup(host, { all: true, verbatim: true }).catch(() => [])
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))
}

/** Judges a URL for sending now: scheme, then every address its host resolves to. */
export async function vetTarget(deps: TransportDeps, raw: string): Promise<Target> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'Not a URL' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'Use an https:// URL' }
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  const literal = ipLiteralOf(host)
  const addresses = literal
    ? [{ address: literal, family: (literal.includes(':') ? 6 : 4) as 4 | 6 }]
    : await resolveHost(deps, host)
  if (addresses.length === 0) return { ok: false, reason: `${host} does not resolve to any address` }
  const allowLoopback = devMode(deps.env)
  let allLoopback = true
  for (const { address } of addresses) {
    const verdict = judgeAddress(address, allowLoopback)
    if (!verdict.ok) {
      return {
        ok: false,
        reason: literal
          ? `${address} is ${verdict.reason}: webhooks go to public addresses only`
          : `${host} resolves to ${address}, ${verdict.reason}: webhooks go to public addresses only`,
      }
    }
    allLoopback &&= verdict.loopback
  }
  if (url.protocol === 'http:' && !allLoopback)
    return { ok: false, reason: 'Use an https:// URL (plain http only to loopback in development)' }
  return { ok: true, url, addresses }
}

export interface SendResult {
  status: number | null
  /** The first RESPONSE_BYTES of the body. */
  body: string | null
  error: string | null
  durationMs: number
}

export const RESPONSE_BYTES = 2048

/** POSTs `body` to the vetted target, connecting only to its judged addresses. Never throws. */
export function sendWebhook(
  target: Extract<Target, { ok: true }>,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const list = target.addresses
    if ((options as { all?: boolean }).all) callback(null, list)
    else callback(null, list[0]!.address, list[0]!.family)
  }
  const { url } = target
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve) => {
    let settled = false
    const finish = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return
      settled = true
      resolve({ ...r, durationMs: elapsed() })
    }
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Exocorp-Webhooks/1',
        },
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          if (size < RESPONSE_BYTES) chunks.push(chunk)
          size += chunk.length
          // Enough to show; the rest is not read (a huge or endless body must not hold the sender).
          if (size >= RESPONSE_BYTES) res.destroy()
        })
        const done = () =>
          finish({
            status: res.statusCode ?? null,
            body: Buffer.concat(chunks).subarray(0, RESPONSE_BYTES).toString('utf8'),
            error: null,
          })
        res.on('end', done)
        res.on('close', done)
        res.on('error', done)
      },
    )
    req.on('timeout', () => {
      req.destroy()
      finish({ status: null, body: null, error: `No answer within ${Math.round(timeoutMs / 1000)} s` })
    })
    req.on('error', (err: NodeJS.ErrnoException) => finish({ status: null, body: null, error: err.code ?? err.message }))
    req.end(body)
  })
}
