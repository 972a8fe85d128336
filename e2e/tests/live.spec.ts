import { spawn } from 'node:child_process'
import path from 'node:path'
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test'

// Issue 15, decisions 030, 037 and 039: the live event stream in the real product. Two browser
// contexts of one owner; a pause made in one shows on the other's dashboard within a second, without
// a reload; the Logs tab shows a provisioning's lines as they are written; a runner's row flips
// pending → enrolled → offline, and enrolled → revoked, while the page stays open.

const PASSWORD = 'a long enough passphrase'

/** Sets up one exocorp ready to provision through the API, as onboarding would: agent, credentials. */
async function readyExocorp(request: APIRequestContext, origin: string, name: string, slug: string) {
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
  return company.id
}

/** …then provisioned and running. */
async function runningExocorp(request: APIRequestContext, origin: string, name: string, slug: string) {
  const id = await readyExocorp(request, origin, name, slug)
  const base = `/api/registry/companies/${id}`
  const res = await request.post(`${base}/actions`, { data: { action: 'provision' }, headers: { origin } })
  expect(res.status(), await res.text()).toBe(202)
  await expect
    .poll(async () => ((await (await request.get(base)).json()) as { status: string }).status, { timeout: 20_000 })
    .toBe('running')
  return id
}

/** A signed-up owner in a fresh browser context. */
async function ownerPage(browser: Browser, origin: string, tag: string) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  const email = `${tag}-${Date.now().toString(36)}@example.com`
  const signup = await page.request.post('/api/auth/signup', {
    data: { email, name: 'Live Owner', password: PASSWORD },
    headers: { origin },
  })
  expect(signup.status(), await signup.text()).toBe(201)
  return { context, page, errors }
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

test('the Logs tab shows a provisioning’s lines as they are written', async ({ browser, baseURL }) => {
  const origin = baseURL!
  const stamp = Date.now().toString(36)
  const { context, page, errors } = await ownerPage(browser, origin, 'logs')
  const id = await readyExocorp(page.request, origin, `Logged ${stamp}`, `logged-${stamp}`)

  await page.goto(`/company/${id}/logs`)
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()
  const box = page.getByLabel('Log lines')
  await expect(box.getByText('No lines yet.')).toBeVisible()

  const res = await page.request.post(`/api/registry/companies/${id}/actions`, {
    data: { action: 'provision' },
    headers: { origin },
  })
  expect(res.status(), await res.text()).toBe(202)
  // The job worker's phase lines, then the runtime's own line, arrive while the page stays open.
  await expect(box.getByText(/\[validate_draft\] provision: .+ started/).first()).toBeVisible()
  await expect(box.getByText(/\[stderr\] .*listening on/)).toBeVisible({ timeout: 20_000 })
  const lines = await box.locator('.log-line').allTextContents()
  expect(lines.length).toBeGreaterThan(4)
  // Credentials never show (decision 039): the bound keys' values are nowhere in the tab.
  expect(lines.join('\n')).not.toContain('sk-e2e-')
  expect(errors).toEqual([])
  await context.close()
})

test('a runner’s row flips live: pending → enrolled → offline, and enrolled → revoked', async ({ browser, baseURL }) => {
  const origin = baseURL!
  const stamp = Date.now().toString(36)
  const { context, page, errors } = await ownerPage(browser, origin, 'runner')
  const created = await page.request.post('/api/registry/companies', {
    data: { name: `Runs ${stamp}`, slug: `runs-${stamp}` },
    headers: { origin },
  })
  expect(created.status(), await created.text()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  await page.goto(`/company/${id}/runners`)
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()

  const panel = page.getByRole('region', { name: 'Runners' })
  const table = panel.getByRole('table', { name: 'Runners' })
  const cli = path.resolve(import.meta.dirname, '../../bff/dist/cli.mjs')
  const children: ReturnType<typeof spawn>[] = []
  const startRunner = (token: string) => {
    const child = spawn(
      process.execPath,
      [cli, 'runner', '--server', origin, '--token', token, '--heartbeat-ms', '300', '--work-every-ms', '0'],
      { stdio: 'ignore' },
    )
    children.push(child)
    return { child, exited: new Promise<number | null>((r) => child.once('exit', (code) => r(code))) }
  }
  const enroll = async (name: string) => {
    await panel.getByLabel('Runner name').fill(name)
    await panel.getByRole('button', { name: 'Create enrollment' }).click()
    // The one-time command for this runner (not the previous one still on screen until it answers).
    await expect(panel.getByRole('status')).toContainText(name)
    const command = await panel.getByRole('status').locator('pre').textContent()
    const token = /--token (\S+)/.exec(command ?? '')?.[1]
    expect(token).toMatch(/^exo_run_/)
    const row = table.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) })
    await expect(row.getByText('pending', { exact: true })).toBeVisible()
    return { row, token: token! }
  }
  try {
    // One runner stops: enrolled, then offline after three missed heartbeats.
    const one = await enroll(`box-${stamp}`)
    const first = startRunner(one.token)
    await expect(one.row.getByText('enrolled', { exact: true })).toBeVisible()
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    await expect(one.row.getByText('offline', { exact: true })).toBeVisible()

    // Another is revoked elsewhere (the API, as another tab would): its row flips, the process stops.
    const two = await enroll(`gpu-${stamp}`)
    const second = startRunner(two.token)
    await expect(two.row.getByText('enrolled', { exact: true })).toBeVisible()
    const runners = (await (await page.request.get(`/api/registry/companies/${id}/runners`)).json()) as {
      items: { id: string; name: string }[]
    }
    const target = runners.items.find((r) => r.name === `gpu-${stamp}`)!
    const revoked = await page.request.post(`/api/registry/companies/${id}/runners/${target.id}/revoke`, { headers: { origin } })
    expect(revoked.status(), await revoked.text()).toBe(200)
    await expect(two.row.getByText('revoked', { exact: true })).toBeVisible()
    expect(await second.exited).toBe(1)
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  }
  expect(errors).toEqual([])
  await context.close()
})
