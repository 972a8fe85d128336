import { expect, test, type APIRequestContext } from '@playwright/test'

// Issue 15, decision 030: the live event stream in the real product. Two browser contexts of one
// owner; a pause made in one shows on the other's dashboard within a second, without a reload.

const PASSWORD = 'a long enough passphrase'

/** Sets up one running exocorp through the API, as onboarding would: agent, credentials, provision. */
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
    .poll(async () => ((await (await request.get(base)).json()) as { status: string }).status, { timeout: 20_000 })
    .toBe('running')
  return company.id
}

test('a pause in one browser shows live on the dashboard of another', async ({ browser, baseURL }) => {
  const origin = baseURL!
  const stamp = Date.now().toString(36)
  const email = `live-${stamp}@example.com`
  const a = await browser.newContext()
  const b = await browser.newContext()
  const pageA = await a.newPage()
  const pageB = await b.newPage()
  const errors: string[] = []
  for (const p of [pageA, pageB]) p.on('pageerror', (err) => errors.push(err.message))
  const signup = await pageA.request.post('/api/auth/signup', {
    data: { email, name: 'Live Owner', password: PASSWORD },
    headers: { origin },
  })
  expect(signup.status(), await signup.text()).toBe(201)
  const login = await pageB.request.post('/api/auth/login', { data: { email, password: PASSWORD }, headers: { origin } })
  expect(login.status(), await login.text()).toBe(200)
  const name = `Live One ${stamp}`
  const id = await runningExocorp(pageA.request, origin, name, `live-${stamp}`)

  await pageB.goto('/dashboard?view=table')
  // The top bar says the stream is up (the CSP lets the page open it).
  await expect(pageB.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()
  const table = pageB.getByRole('table', { name: 'Your exocorps' })
  const row = table.getByRole('row').filter({ has: pageB.getByRole('link', { name }) })
  await expect(row.getByText('Running', { exact: true })).toBeVisible()

  await pageA.goto(`/dashboard`)
  await expect(pageA.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()
  const paused = await pageA.request.post(`/api/registry/companies/${id}/actions`, {
    data: { action: 'pause' },
    headers: { origin },
  })
  expect(paused.status(), await paused.text()).toBe(200)
  const answered = Date.now()
  await expect(row.getByText('Paused', { exact: true })).toBeVisible({ timeout: 1_000 })
  console.log(`pause → other browser's dashboard: ${Date.now() - answered} ms after the API answered`)
  expect(errors).toEqual([])
  await a.close()
  await b.close()
})
