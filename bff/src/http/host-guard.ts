import type { MiddlewareHandler } from 'hono'
import type { Env } from '../env'
import { AppError } from '../lib/errors'
import type { AppEnv } from './context'
import { LOCAL_APP_HOST, LOCAL_PORTAL_HOST } from '../runtime/domains'

type HostEnv = Pick<Env, 'PORT' | 'EXOCORP_PUBLIC_ORIGIN' | 'EXOCORP_ALLOWED_ORIGINS' | 'EXOCORP_ALLOWED_HOSTS'>

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]']

function list(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean)
}

interface PortHosts {
  exact: Set<string>
  suffixes: string[]
}

/** Host header values this port answers to on loopback, and the `*.localhost` exocorp suffixes. */
function loopbackHosts(port: number): PortHosts {
  const withPort = (h: string) => (port === 80 ? [h, `${h}:80`] : [`${h}:${port}`])
  return {
    exact: new Set(LOOPBACK.flatMap(withPort)),
    suffixes: [LOCAL_PORTAL_HOST, LOCAL_APP_HOST].flatMap((base) => withPort(`.${base}`)),
  }
}

/**
 * The Host values the platform answers to: the public origin's host, the hosts of the origins
 * allowed to send mutations (the Vite dev server), EXOCORP_ALLOWED_HOSTS, and loopback names and
 * `<slug>.portal.localhost` / `<slug>.app.localhost` on the port the server listens on. Loopback
 * stays allowed with a public origin: runtimes report usage to 127.0.0.1, and a DNS-rebinding page
 * can only ever send its own (attacker-chosen) name, never `localhost`. docs/decisions/014.
 */
export function hostPolicy(env: HostEnv) {
  const exact = new Set<string>()
  if (env.EXOCORP_PUBLIC_ORIGIN) {
    const url = new URL(env.EXOCORP_PUBLIC_ORIGIN)
    exact.add(url.host.toLowerCase())
    exact.add(`${url.hostname.toLowerCase()}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`)
  }
  for (const origin of list(env.EXOCORP_ALLOWED_ORIGINS)) {
    if (URL.canParse(origin)) exact.add(new URL(origin).host)
  }
  for (const host of list(env.EXOCORP_ALLOWED_HOSTS)) exact.add(host)
  // Per listening port, computed once: the hot path is a Set lookup and at most two suffix tests.
  const byPort = new Map<number, PortHosts>()
  const onPort = (port: number) => {
    let hosts = byPort.get(port)
    if (!hosts) byPort.set(port, (hosts = loopbackHosts(port)))
    return hosts
  }
  const matches = (h: string, hosts: PortHosts) => hosts.exact.has(h) || hosts.suffixes.some((s) => h.endsWith(s))

  const decide = (host: string, localPort: number | undefined): boolean => {
    const h = host.toLowerCase()
    if (exact.has(h) || matches(h, onPort(env.PORT))) return true
    return localPort !== undefined && localPort !== env.PORT && matches(h, onPort(localPort))
  }
  // Every request asks, and a server answers to a handful of hosts: the answers are kept (a
  // bounded number, so a flood of made-up names cannot grow it).
  const decided = new Map<string, boolean>()
  /** `localPort` is the port the connection arrived on; it differs from PORT only when PORT is 0. */
  return (host: string, localPort: number | undefined): boolean => {
    const key = localPort === undefined || localPort === env.PORT ? host : `${host} ${localPort}`
    let answer = decided.get(key)
    if (answer === undefined) {
      answer = decide(host, localPort)
      if (decided.size < 256) decided.set(key, answer)
    }
    return answer
  }
}

/**
 * Refuses requests whose Host (or absolute-form request target) names a host we do not serve,
 * before any handler: a DNS-rebinding page reaches us under its own name, and would otherwise
 * pass the Origin check because its Origin matches that same Host.
 */
export function trustedHostsOnly(
  env: HostEnv,
  /** The exocorp slug of an active custom domain (decision 042), asked only for hosts not allowed above. */
  customDomain?: (host: string) => Promise<string | null>,
): MiddlewareHandler<AppEnv> {
  const allowed = hostPolicy(env)
  return async (c, next) => {
    const host = c.req.header('host')
    // Every HTTP/1.1 request carries Host (Node refuses one without); only in-process calls
    // (app.request in tests) have none.
    if (host !== undefined) {
      const localPort = (c.env as { incoming?: { socket?: { localPort?: number } } } | undefined)?.incoming?.socket?.localPort
      // In absolute form (`GET http://other/ HTTP/1.1`) the target's authority is the URL's host.
      const url = c.req.url
      const start = url.indexOf('//') + 2
      const urlHost = url.slice(start, url.indexOf('/', start))
      if (!allowed(host, localPort) || (urlHost !== host && !allowed(urlHost, localPort))) {
        const slug = customDomain && urlHost === host ? await customDomain(host) : null
        if (!slug) throw new AppError(421, 'misdirected_request', 'This server does not answer for that host name')
        c.set('customDomainSlug', slug)
      }
    }
    return next()
  }
}
