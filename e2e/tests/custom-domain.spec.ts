import { request as httpRequest } from 'node:http'
import { chromium, expect, test, type APIRequestContext } from '@playwright/test'
import { startDnsServer } from '../../bff/test/dns-server'

// Issue 18 item 4 (decision 042) in Chromium: an owner adds a custom domain on the Domains tab, the
// server's resolver asks a real DNS server on loopback (the one the BFF tests use, on the port the
// server was started with: E2E_DNS_PORT, playwright.config.ts), the domain verifies and goes live,
// and a browser that resolves the name to this machine opens the exocorp's app through it.

const PASSWORD = 'a long enough passphrase'

/** The status the server answers a request for `host` (as a browser DNS sent here would send it). */
function statusFor(host: string, port: number) {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

/** One running exocorp, set up through the API as onboarding would: agent, credentials, provision. */
async function runningExocorp(request: APIRequestContext, origin: string, name: string, slug: string) {
  const post = async (url: string, data: unknown, status: number) => {
    const res = await request.post(url, { data, headers: { origin } })
    expect(res.status(), `${url}: ${await res.text()}`).toBe(status)
    return res.json()
  }
  const company = (await post('/api/registry/companies', { name, slug }, 201)) as { id: string }
  const base = `/api/registry/companies/${company.id}`
  const draft = (await (await request.get(`${base}/draft`)).json()) as { version: number }
  await post(`${base}/agents`, { baseVersion: draft.version, name: 'Scout', role: 'Researcher', model: 'gpt-4o-mini' }, 201)
  const bindings = (await (await request.get(`${base}/bindings`)).json()) as { items: { provider: string; required: boolean }[] }
  for (const { provider } of bindings.items.filter((b) => b.required)) {
    const secret = (await post(
      '/api/registry/provider-secrets',
      { provider, label: `${provider} ${slug}`, value: `sk-e2e-${provider}-${slug}-0000` },
      201,
    )) as { id: string }
    await post(`${base}/bindings`, { provider, secretId: secret.id }, 200)
  }
  await post(`${base}/actions`, { action: 'provision' }, 202)
  await expect
    .poll(async () => (await (await request.get(base)).json()) as { status: string; health: string }, { timeout: 20_000 })
    .toMatchObject({ status: 'running', health: 'healthy' })
  return company.id
}

test('an owner adds a custom domain, it verifies against the DNS server, and the app opens through it', async ({
  page,
  baseURL,
}) => {
  const origin = baseURL!
  const port = new URL(origin).port
  const dns = await startDnsServer(Number(process.env.E2E_DNS_PORT))
  try {
    const stamp = Date.now().toString(36)
    const signup = await page.request.post('/api/auth/signup', {
      data: { email: `domains-${stamp}@example.com`, name: 'Dora Domains', password: PASSWORD },
      headers: { origin },
    })
    expect(signup.status(), await signup.text()).toBe(201)
    const slug = `acme-${stamp}`
    const name = `Acme Agents ${stamp}`
    const id = await runningExocorp(page.request, origin, name, slug)
    const domain = `agents-${stamp}.example.com`

    // The owner adds the domain on the Domains tab.
    await page.goto(`/company/${id}/domains`)
    const panel = page.getByRole('region', { name: 'Custom domains' })
    await expect(panel.getByText(/TLS is terminated by the front proxy/)).toBeVisible()
    await panel.getByRole('textbox', { name: 'Domain' }).fill(domain)
    await panel.getByRole('button', { name: 'Add domain' }).click()
    const item = panel.getByRole('listitem', { name: domain })
    const state = item.getByTestId('domain-state')
    await expect(state).toHaveText('Pending')

    // Nothing in DNS yet: the check asks the server and stays pending.
    await item.getByRole('button', { name: 'Check now' }).click()
    await expect(item.getByText(`No TXT record at _exocorp-challenge.${domain} yet`)).toBeVisible()
    await expect.poll(() => dns.queries.includes(`_exocorp-challenge.${domain} 16`)).toBe(true)

    // The records the page says to create go into the zone, as the owner would at their DNS host.
    const records = item.getByRole('table', { name: `DNS records for ${domain}` })
    const txt = (
      await records.getByRole('row').filter({ hasText: 'TXT' }).locator('td').nth(2).locator('code').innerText()
    ).trim()
    const cname = (
      await records.getByRole('row').filter({ hasText: 'CNAME' }).locator('td').nth(2).locator('code').innerText()
    ).trim()
    expect(txt).toMatch(/^exo_dns_/)
    expect(cname).toBe(`${slug}.app.localhost`)
    dns.zone.set(`_exocorp-challenge.${domain}`, { txt: [txt] })
    dns.zone.set(domain, { cname })

    // Verified, and active: the exocorp is running and healthy.
    await item.getByRole('button', { name: 'Check now' }).click()
    await expect(state).toHaveText('Active')
    await expect(item.getByText(`Live at ${domain}`)).toBeVisible()

    // A browser whose resolver sends the name to this machine opens the exocorp's app through it.
    const visitorBrowser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        `--host-resolver-rules=MAP ${domain} 127.0.0.1`,
        '--disable-features=HttpsUpgrades',
      ],
    })
    try {
      const visitor = await visitorBrowser.newPage()
      const res = await visitor.goto(`http://${domain}:${port}/`)
      expect(res?.status()).toBe(200)
      await expect(visitor.getByText(name).first()).toBeVisible()
      // Only the app is served there: not the console's API.
      await visitor.goto(`http://${domain}:${port}/api/health`)
      expect(await visitor.content()).not.toContain('"ok":true')
    } finally {
      await visitorBrowser.close()
    }
    // A host no exocorp has claimed is refused (421), so the app above came through the domain.
    expect(await statusFor(`elsewhere-${stamp}.example.com:${port}`, Number(port))).toBe(421)
  } finally {
    await dns.close()
  }
})
