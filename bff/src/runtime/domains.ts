/**
 * Every exocorp gets `<slug>.<portal base>` (operator portal) and `<slug>.<app base>` (public app).
 * In production the bases are `exocorp.company` and `exocorp.app`, served by an ingress. The
 * embedded default uses `portal.localhost` / `app.localhost` on the BFF's own port: browsers resolve
 * every `*.localhost` name to loopback, and the BFF proxies those hosts to the runtime
 * (http/portal-proxy.ts), so the portal link works on a laptop with no DNS or /etc/hosts edits.
 */

export interface DomainBase {
  /** Host name under which slugs live, e.g. `exocorp.company` or `portal.localhost`. */
  host: string
  scheme: 'http' | 'https'
  /** Added to URLs and hosts when it is not the scheme's default. */
  port: number | null
}

export interface DomainBases {
  portal: DomainBase
  app: DomainBase
}

export interface ExocorpDomains {
  /** Host (with a port when one is needed), e.g. `acme.exocorp.company` or `acme.portal.localhost:8080`. */
  portal: string
  app: string
  portalUrl: string
  appUrl: string
}

export const PRODUCTION_BASES: DomainBases = {
  portal: { host: 'exocorp.company', scheme: 'https', port: null },
  app: { host: 'exocorp.app', scheme: 'https', port: null },
}

export const LOCAL_PORTAL_HOST = 'portal.localhost'
export const LOCAL_APP_HOST = 'app.localhost'

/** The embedded default: `*.portal.localhost` / `*.app.localhost` on the BFF's port. */
export function localBases(port: number): DomainBases {
  const p = port > 0 ? port : null
  return {
    portal: { host: LOCAL_PORTAL_HOST, scheme: 'http', port: p },
    app: { host: LOCAL_APP_HOST, scheme: 'http', port: p },
  }
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

function hostWithPort(host: string, base: DomainBase): string {
  const defaultPort = base.scheme === 'https' ? 443 : 80
  return base.port !== null && base.port !== defaultPort ? `${host}:${base.port}` : host
}

export function domainsFor(slug: string, bases: DomainBases): ExocorpDomains {
  const portal = hostWithPort(`${slug}.${bases.portal.host}`, bases.portal)
  const app = hostWithPort(`${slug}.${bases.app.host}`, bases.app)
  return {
    portal,
    app,
    portalUrl: `${bases.portal.scheme}://${portal}/`,
    appUrl: `${bases.app.scheme}://${app}/`,
  }
}

/**
 * `exocorp.company`, `exocorp.company:8443` or `https://exocorp.company`. Without a scheme,
 * `*.localhost` means http and anything else https.
 */
export function parseDomainBase(value: string, fallbackPort: number | null = null): DomainBase {
  const text = value.trim().replace(/\/+$/, '')
  const url = new URL(text.includes('://') ? text : `http://${text}`)
  if (url.pathname !== '/' || url.search || url.username) throw new Error(`"${value}" is not a domain base`)
  const host = url.hostname.toLowerCase().replace(/^\*\./, '')
  const scheme: DomainBase['scheme'] = text.includes('://')
    ? url.protocol === 'https:'
      ? 'https'
      : 'http'
    : host === 'localhost' || host.endsWith('.localhost')
      ? 'http'
      : 'https'
  const port = url.port ? Number(url.port) : scheme === 'http' && host.endsWith('localhost') ? fallbackPort : null
  return { host, scheme, port: port && port > 0 ? port : null }
}

/** Bases from EXOCORP_PORTAL_BASE / EXOCORP_APP_BASE, else the `*.localhost` default on PORT. */
export function domainBasesFromEnv(env: { EXOCORP_PORTAL_BASE?: string; EXOCORP_APP_BASE?: string; PORT: number }): DomainBases {
  const local = localBases(env.PORT)
  return {
    portal: env.EXOCORP_PORTAL_BASE ? parseDomainBase(env.EXOCORP_PORTAL_BASE, env.PORT) : local.portal,
    app: env.EXOCORP_APP_BASE ? parseDomainBase(env.EXOCORP_APP_BASE, env.PORT) : local.app,
  }
}

export type ExocorpSurface = 'portal' | 'app'

/** Whether a Host header is a base host or any name under one, well-formed slug or not. */
export function isUnderExocorpBase(hostHeader: string, baseHosts: { portal: string; app: string }): boolean {
  const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '')
  return [baseHosts.portal, baseHosts.app].some((base) => host === base || host.endsWith(`.${base}`))
}

/** Which exocorp and surface a Host header names under these base hosts; the port is ignored. */
export function matchExocorpHost(
  hostHeader: string | undefined,
  baseHosts: { portal: string; app: string },
): { slug: string; surface: ExocorpSurface } | null {
  if (!hostHeader) return null
  const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '')
  for (const surface of ['portal', 'app'] as const) {
    const suffix = `.${baseHosts[surface]}`
    if (host.endsWith(suffix)) {
      const slug = host.slice(0, -suffix.length)
      return SLUG.test(slug) ? { slug, surface } : null
    }
  }
  return null
}
