import { describe, expect, it } from 'vitest'
import { makeHarness } from './harness'

describe('agent skills', () => {
  it('serves /SKILL.md publicly as markdown, pointing at the real endpoints', async () => {
    const h = makeHarness()
    const res = await h.client.get('/SKILL.md')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(res.text).toMatch(/^---\nname: exocorp-platform\n/)
    // No public origin configured: the default local origin on PORT (8080), never the Host.
    expect(res.text).toContain('POST http://localhost:8080/api/operator-clients/drafts')
    expect(res.text).toContain('http://localhost:8080/skills/connect-agent.md')
    expect(res.text).toMatch(/no API to create a platform user/)
  })

  it('serves /skills/connect-agent.md with every step of the two-token flow', async () => {
    const h = makeHarness({ EXOCORP_PUBLIC_ORIGIN: 'https://console.example.com' })
    const res = await h.client.get('/skills/connect-agent.md')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    for (const needle of [
      'POST https://console.example.com/api/operator-clients/drafts',
      'POST https://console.example.com/api/operator-clients/redeem',
      'authorization: Bearer exo_oc_',
      'draft_denied',
      'draft_expired',
      'draft_already_redeemed',
      '/api/registry/my-companies',
    ]) {
      expect(res.text).toContain(needle)
    }
  })

  it('the steps in the skill work as written', async () => {
    const h = makeHarness()
    await h.client.post('/api/auth/signup', { email: 'ada@example.com', name: 'Ada', password: 'correct horse battery' })
    const agentFetch = (path: string, init: RequestInit = {}) =>
      h.app.request(`http://localhost${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
      })
    const draft = (await (
      await agentFetch('/api/operator-clients/drafts', { method: 'POST', body: JSON.stringify({ name: 'Doc reader' }) })
    ).json()) as {
      draftToken: string
      userCode: string
    }
    expect((await h.client.post(`/api/operator-clients/approvals/${draft.userCode}/approve`)).status).toBe(200)
    const redeemed = (await (
      await agentFetch('/api/operator-clients/redeem', { method: 'POST', body: JSON.stringify({ draftToken: draft.draftToken }) })
    ).json()) as {
      token: string
    }
    const me = await agentFetch('/api/auth/me', { headers: { authorization: `Bearer ${redeemed.token}` } })
    expect(me.status).toBe(200)
  })
})
