import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mountWebApp } from '../src/static'
import { makeHarness, signUp } from './harness'

const dist = mkdtempSync(path.join(os.tmpdir(), 'exocorp-dist-'))
mkdirSync(path.join(dist, 'assets'))
writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Exocorp app</title>')
writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)')
afterAll(() => rmSync(dist, { recursive: true, force: true }))

function withWebApp() {
  return makeHarness({}, { mountStatic: (a) => void mountWebApp(a, dist) })
}

describe('API surface: 405 with Allow, 404 outside the app', () => {
  it('a wrong method on a real path answers 405 with Allow and the error envelope', async () => {
    const h = await withWebApp()
    await signUp(h.client, 'ada@example.com')
    const del = await h.client.request('DELETE', '/api/registry/my-companies')
    expect(del.status).toBe(405)
    expect(del.headers.get('allow')).toBe('GET, HEAD')
    expect(del.json.error).toMatchObject({ code: 'method_not_allowed', details: { allow: ['GET', 'HEAD'] } })
    expect(typeof del.json.error.requestId).toBe('string')

    const created = await h.client.post('/api/registry/companies', { name: 'Acme', slug: 'acme-co' })
    const put = await h.client.request('PUT', `/api/registry/companies/${created.json.id}/draft`, {})
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST')

    const getAction = await h.client.get(`/api/registry/companies/${created.json.id}/provision`)
    expect(getAction.status).toBe(405)
    expect(getAction.headers.get('allow')).toBe('POST')
    // The skill files are routes too.
    const postSkill = await h.client.post('/SKILL.md', {})
    expect(postSkill.status).toBe(405)
    expect(postSkill.headers.get('allow')).toBe('GET, HEAD')
  })

  it('unknown API paths and machine-fetched files answer 404 JSON, never the app HTML', async () => {
    const h = await withWebApp()
    await signUp(h.client, 'ada@example.com')
    for (const p of [
      '/api/registry/nope',
      '/api/foo',
      '/api',
      '/openapi.json',
      '/robots.txt',
      '/foo.php',
      '/.env',
      '/assets/missing.js',
    ]) {
      const res = await h.client.get(p)
      expect(res.status, p).toBe(404)
      expect(res.json?.error?.code, p).toBe('not_found')
      expect(res.text, p).not.toContain('Exocorp app')
    }
  })

  it('the app still answers its own routes and deep links, and its real files', async () => {
    const h = await withWebApp()
    for (const p of [
      '/',
      '/dashboard',
      '/company/abc123/releases',
      '/connect/ABCD-2345',
      '/account/api-tokens',
      '/admin/companies',
    ]) {
      const res = await h.client.get(p)
      expect(res.status, p).toBe(200)
      expect(res.text, p).toContain('Exocorp app')
    }
    const asset = await h.client.get('/assets/app-abc123.js')
    expect(asset.status).toBe(200)
    expect(asset.text).toBe('console.log(1)')
  })

  it('an unknown field says which fields are allowed, nested ones too', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const created = await h.client.post('/api/registry/companies', { name: 'Acme', slug: 'acme-co', colour: 'red' })
    expect(created.status).toBe(400)
    expect(created.json.error.details.fields.colour).toEqual([expect.stringMatching(/^Unknown field; allowed: name, slug/)])
    const ok = await h.client.post('/api/registry/companies', { name: 'Acme', slug: 'acme-co' })
    const draft = await h.client.post(`/api/registry/companies/${ok.json.id}/draft`, {
      baseVersion: 0,
      config: { agents: [{ name: 'ceo', role: 'CEO', model: 'claude-sonnet-4', mood: 'calm' }], providers: [], settings: {} },
    })
    expect(draft.status).toBe(400)
    expect(draft.json.error.details.fields['config.agents.0.mood']).toEqual([
      'Unknown field; allowed: id, name, role, model, schedules',
    ])
  })
})
