import { describe, expect, it } from 'vitest'
import { IP_LIMIT } from '../src/services/accounts/throttle'
import { makeHarness, signUp, TestClient } from './harness'

// Finding 6 of the red-team report: with EXOCORP_TRUST_PROXY the left-most X-Forwarded-For entry,
// which the client writes itself, was taken as its address.

const PROXY_SAW = '203.0.113.7'

describe('client address behind trusted proxies', () => {
  it('a spoofed left-most X-Forwarded-For does not get around the login throttle', async () => {
    const h = await makeHarness({ EXOCORP_TRUST_PROXY: '1' })
    const attempt = (i: number, forwarded: string) =>
      new TestClient(h.app).post(
        '/api/auth/login',
        // A new account name each time, so only the per-address budget can stop this.
        { email: `target-${i}@example.com`, password: 'wrong password guess' },
        { 'x-forwarded-for': forwarded },
      )
    for (let i = 0; i < IP_LIMIT; i++) {
      const res = await attempt(i, `10.${i}.0.1, ${PROXY_SAW}`)
      expect(res.status, `attempt ${i}`).toBe(401)
    }
    const spoofed = await attempt(IP_LIMIT, `10.250.0.1, ${PROXY_SAW}`)
    expect(spoofed.status).toBe(429)
    expect(spoofed.json.error.code).toBe('too_many_requests')
    // Another real client behind the same proxy is unaffected.
    expect((await attempt(IP_LIMIT + 1, `10.250.0.1, 198.51.100.9`)).status).toBe(401)
  })

  it('shows the address the proxy saw on the approval page, not the one the client wrote', async () => {
    const h = await makeHarness({ EXOCORP_TRUST_PROXY: 'true' })
    const human = new TestClient(h.app)
    await signUp(human)
    const draft = await new TestClient(h.app).post(
      '/api/operator-clients/drafts',
      { name: 'Agent' },
      { 'x-forwarded-for': `1.2.3.4, ${PROXY_SAW}` },
    )
    expect(draft.status).toBe(201)
    const view = await human.get(`/api/operator-clients/approvals/${draft.json.userCode}`)
    expect(view.status).toBe(200)
    expect(view.json.requestedFromIp).toBe(PROXY_SAW)
  })

  it('with two proxies, takes the address the outer one appended', async () => {
    const h = await makeHarness({ EXOCORP_TRUST_PROXY: '2' })
    const human = new TestClient(h.app)
    await signUp(human)
    const draft = await new TestClient(h.app).post(
      '/api/operator-clients/drafts',
      { name: 'Agent' },
      // client-written, outer proxy's view of the client, inner proxy's view of the outer proxy
      { 'x-forwarded-for': `1.2.3.4, ${PROXY_SAW}, 10.0.0.2` },
    )
    const view = await human.get(`/api/operator-clients/approvals/${draft.json.userCode}`)
    expect(view.json.requestedFromIp).toBe(PROXY_SAW)
  })

  it('ignores X-Forwarded-For entirely when no proxy is trusted', async () => {
    const h = await makeHarness()
    const human = new TestClient(h.app)
    await signUp(human)
    const draft = await new TestClient(h.app).post(
      '/api/operator-clients/drafts',
      { name: 'Agent' },
      { 'x-forwarded-for': '1.2.3.4' },
    )
    const view = await human.get(`/api/operator-clients/approvals/${draft.json.userCode}`)
    expect(view.json.requestedFromIp).not.toBe('1.2.3.4')
  })

  it('refuses a trust-proxy value that is neither a hop count nor a boolean', async () => {
    await expect(makeHarness({ EXOCORP_TRUST_PROXY: 'loopback' })).rejects.toThrow(/EXOCORP_TRUST_PROXY/)
  })
})
