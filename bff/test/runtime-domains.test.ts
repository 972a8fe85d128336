import { describe, expect, it } from 'vitest'
import { loadEnv } from '../src/env'
import { domainBasesFromEnv, domainsFor, matchExocorpHost, PRODUCTION_BASES } from '../src/runtime/domains'

const env = (vars: Record<string, string>) => loadEnv({ EXOCORP_DATA_DIR: '/tmp/unused', ...vars })

describe('exocorp domains', () => {
  it('gives every exocorp a portal and an app domain on the production bases', () => {
    expect(domainsFor('acme', PRODUCTION_BASES)).toEqual({
      portal: 'acme.exocorp.company',
      app: 'acme.exocorp.app',
      portalUrl: 'https://acme.exocorp.company/',
      appUrl: 'https://acme.exocorp.app/',
    })
  })

  it('defaults to *.localhost names on the BFF port, which browsers resolve to this machine', () => {
    expect(domainsFor('acme', domainBasesFromEnv(env({ PORT: '8080' })))).toEqual({
      portal: 'acme.portal.localhost:8080',
      app: 'acme.app.localhost:8080',
      portalUrl: 'http://acme.portal.localhost:8080/',
      appUrl: 'http://acme.app.localhost:8080/',
    })
  })

  it('takes the bases from EXOCORP_PORTAL_BASE and EXOCORP_APP_BASE', () => {
    const bases = domainBasesFromEnv(
      env({ EXOCORP_PORTAL_BASE: 'exocorp.company', EXOCORP_APP_BASE: 'https://exocorp.app:8443' }),
    )
    expect(domainsFor('acme', bases)).toEqual({
      portal: 'acme.exocorp.company',
      app: 'acme.exocorp.app:8443',
      portalUrl: 'https://acme.exocorp.company/',
      appUrl: 'https://acme.exocorp.app:8443/',
    })
  })

  it('recognises exocorp hosts (any port) and nothing else', () => {
    const hosts = { portal: 'portal.localhost', app: 'app.localhost' }
    expect(matchExocorpHost('acme.portal.localhost:8080', hosts)).toEqual({ slug: 'acme', surface: 'portal' })
    expect(matchExocorpHost('Acme-2.APP.localhost', hosts)).toEqual({ slug: 'acme-2', surface: 'app' })
    expect(matchExocorpHost('localhost:8080', hosts)).toBeNull()
    expect(matchExocorpHost('portal.localhost', hosts)).toBeNull()
    expect(matchExocorpHost('a.b.portal.localhost', hosts)).toBeNull()
    expect(matchExocorpHost('acme.portal.localhost.evil.example', hosts)).toBeNull()
    expect(matchExocorpHost('-bad.portal.localhost', hosts)).toBeNull()
    expect(matchExocorpHost(undefined, hosts)).toBeNull()
  })
})
