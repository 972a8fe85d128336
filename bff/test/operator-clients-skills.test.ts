import { describe, expect, it } from 'vitest'
import { makeHarness } from './harness'

describe('agent skills', () => {
  it('serves /SKILL.md publicly as markdown, pointing at the real endpoints', async () => {
    const h = await makeHarness()
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
    const h = await makeHarness({ EXOCORP_PUBLIC_ORIGIN: 'https://console.example.com' })
    const res = await h.client.get('/skills/connect-agent.md')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    for (const needle of [
      'POST https://console.example.com/api/operator-clients/drafts',
      'POST https://console.example.com/api/operator-clients/redeem',
      'authorization: Bearer {token}',
      'draft_denied',
      'draft_expired',
      'draft_already_redeemed',
      // §2 ends with where the human manages tokens (it once stopped mid-sentence).
      'They can see and revoke you later on their API tokens page, https://console.example.com/account/api-tokens.',
      'https://console.example.com/SKILL.md',
    ]) {
      expect(res.text).toContain(needle)
    }
  })

  it('SKILL.md is the working guide: endpoints, the draft, sync and async actions, errors, audit; /llms.txt indexes it', async () => {
    const h = await makeHarness({ EXOCORP_PUBLIC_ORIGIN: 'https://console.example.com' })
    const skill = await h.client.get('/SKILL.md')
    for (const needle of [
      'The API is JSON under `https://console.example.com/api`',
      '`POST /api/registry/companies/:id/draft` `{ baseVersion, config }`',
      '409 `stale_draft`',
      '`GET /api/registry/audit-events?…`',
      '| `pause` | running | **200**, done |',
      '| `provision` | draft, stopped, failed | **202**, a job |',
      'allowedActions',
      'lastError',
      '**or else the last finished one**',
      'willAutoBind',
      // The models come from the active price book.
      '`gpt-4o`, `gpt-4o-mini`',
    ]) {
      expect(skill.text).toContain(needle)
    }
    expect(skill.text).not.toMatch(/HTTPS under `http:/)
    expect(skill.text).toContain('[https://console.example.com/api/openapi.json](https://console.example.com/api/openapi.json)')
    const llms = await h.client.get('/llms.txt')
    expect(llms.status).toBe(200)
    expect(llms.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(llms.text).toContain('(https://console.example.com/SKILL.md)')
    expect(llms.text).toContain('(https://console.example.com/skills/connect-agent.md)')
    expect(llms.text).toContain('(https://console.example.com/api/openapi.json)')
    // The documents they link to are there, for anyone.
    expect((await h.client.get('/api/openapi.json')).status).toBe(200)
  })

  it('the steps in the skill work as written', async () => {
    const h = await makeHarness()
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
