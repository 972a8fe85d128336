import { expect, test, type APIRequestContext, type Page } from '@playwright/test'

const PASSWORD = 'a long enough passphrase'

/** A fresh address per run: specs share one BFF and one database. */
function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`
}

/** Signs up through the API; the session cookie lands in `request`'s jar (the page's, for `page.request`). */
async function signUp(request: APIRequestContext, origin: string, email: string, name: string) {
  const res = await request.post('/api/auth/signup', {
    data: { email, name, password: PASSWORD },
    headers: { origin },
  })
  expect(res.status(), await res.text()).toBe(201)
  return (await res.json()) as { me: { user: { id: string }; isAdmin: boolean } }
}

/** Collects the browser's console errors; 401 answers to /api/auth/me are expected, not faults. */
function watchErrors(page: Page) {
  const errors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().includes('status of 401')) errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(err.message))
  return errors
}

/** What a coding agent does: plain HTTP from outside the browser, no cookies. */
function agentAt(origin: string) {
  return {
    post: (path: string, body: unknown) =>
      fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    get: (path: string, token: string) => fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${token}` } }),
  }
}

/**
 * The platform owner: the first account on the platform. accounts.spec.ts (which runs first) creates
 * eve@example.com with this password; run alone, this spec creates her.
 */
async function signInAsPlatformOwner(request: APIRequestContext, origin: string) {
  const email = 'eve@example.com'
  const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD }, headers: { origin } })
  const me =
    login.status() === 200
      ? ((await login.json()) as { isPlatformOwner: boolean })
      : (await signUp(request, origin, email, 'Eve Example')).me
  expect(me, 'eve@example.com is the platform owner').toMatchObject({ isPlatformOwner: true })
}

test('the platform owner works in the admin context: metrics, fleet table, runtime health, step-up destroy, billing adjustment', async ({
  page,
  playwright,
  baseURL,
}) => {
  const origin = baseURL!
  const errors = watchErrors(page)
  await signInAsPlatformOwner(page.request, origin)
  const slug = `admin-e2e-${Date.now().toString(36)}`
  const created = await page.request.post('/api/registry/companies', {
    data: { name: 'Admin E2E Co', slug },
    headers: { origin },
  })
  expect(created.status(), await created.text()).toBe(201)

  const requested: string[] = []
  page.on('request', (r) => requested.push(new URL(r.url()).pathname))
  await page.goto('/admin')
  const fleet = page.getByLabel('Exocorps by status')
  await expect(fleet).toBeVisible()
  await expect(page.getByLabel('Jobs', { exact: true })).toContainText('Jobs in flight')
  await expect(page.getByRole('heading', { name: 'Latest audit events' })).toBeVisible()
  // The positive control for the test below: an admin does load the admin chunk.
  expect(requested.some((p) => /admin-routes[-.]/.test(p))).toBe(true)

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Companies' }).click()
  await page.getByLabel('Search', { exact: true }).fill(slug)
  await page.getByRole('button', { name: 'Search', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]q=${slug}`))
  const table = page.getByRole('table', { name: 'Exocorps on the platform' })
  await expect(table.getByRole('link', { name: 'Admin E2E Co' })).toBeVisible()
  await page.getByRole('button', { name: /^Exocorp/ }).click()
  await expect(page).toHaveURL(/sort=name&order=asc/)
  // Filters survive a reload.
  await page.reload()
  await expect(table.getByRole('link', { name: 'Admin E2E Co' })).toBeVisible()
  await expect(page.getByLabel('Search', { exact: true })).toHaveValue(slug)

  await table.getByRole('link', { name: 'Admin E2E Co' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Admin E2E Co' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Runtime health' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Lifecycle actions' }).getByRole('button', { name: 'Destroy' })).toBeVisible()

  // Destroying another tenant's exocorp: the slug typed, then the password again (no step-up since login).
  const tenant = await playwright.request.newContext({ baseURL: origin })
  await signUp(tenant, origin, uniqueEmail('tenant'), 'Tina Tenant')
  const theirSlug = `tenant-e2e-${Date.now().toString(36)}`
  const theirs = await tenant.post('/api/registry/companies', {
    data: { name: 'Tenant E2E Co', slug: theirSlug },
    headers: { origin },
  })
  expect(theirs.status(), await theirs.text()).toBe(201)
  const theirId = ((await theirs.json()) as { id: string }).id
  await tenant.dispose()
  await page.goto(`/admin/companies/${theirId}`)
  const actions = page.getByRole('region', { name: 'Lifecycle actions' })
  await actions.getByRole('button', { name: 'Destroy' }).click()
  const confirm = page.getByRole('dialog', { name: 'Destroy Tenant E2E Co?' })
  await confirm.getByLabel(/to confirm/).fill(theirSlug)
  await confirm.getByRole('button', { name: 'Destroy' }).click()
  const stepUp = page.getByRole('dialog', { name: 'Confirm your password' })
  await stepUp.getByLabel('Password').fill(PASSWORD)
  await stepUp.getByRole('button', { name: 'Confirm and continue' }).click()
  await expect(actions.getByRole('status')).toHaveText('Destroy accepted.')
  await expect(page.getByRole('region', { name: 'Tenant E2E Co' })).toContainText('Destroyed')

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Billing' }).click()
  await page.getByRole('table', { name: 'Billing accounts' }).getByRole('link', { name: 'eve@example.com' }).click()
  await page.getByRole('button', { name: 'Adjust balance' }).click()
  const dialog = page.getByRole('dialog', { name: 'Adjust balance' })
  await dialog.getByLabel('Amount (USD)').fill('1.25')
  await dialog.getByLabel('Reason').fill('E2E goodwill credit')
  await dialog.getByRole('button', { name: 'Book adjustment' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Credited' })).toContainText('Credited $1.25.')
  await expect(page.getByRole('table', { name: 'Ledger of eve@example.com' })).toContainText('E2E goodwill credit')

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit' }).click()
  await page.getByLabel('Action', { exact: true }).fill('billing.adjustment')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await expect(page).toHaveURL(/action=billing\.adjustment/)
  await expect(page.getByRole('table')).toContainText('E2E goodwill credit')
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
    'href',
    '/api/admin/audit-events/export.csv?action=billing.adjustment',
  )
  const csv = await page.request.get('/api/admin/audit-events/export.csv?action=billing.adjustment')
  expect(csv.status()).toBe(200)
  expect(await csv.text()).toContain('E2E goodwill credit')
  // The one expected failure: the 403 `reauth_required` that opened the password dialog.
  expect(errors).toEqual(['Failed to load resource: the server responded with a status of 403 (Forbidden)'])
})

test('a non-admin never downloads the admin code and is refused on /admin', async ({ page, playwright, baseURL }) => {
  const origin = baseURL!
  const errors = watchErrors(page)
  // Someone else is on the platform first, so the user below is a plain user whatever ran before.
  const first = await playwright.request.newContext({ baseURL: origin })
  await signUp(first, origin, uniqueEmail('first'), 'First Person')
  await first.dispose()

  // The entry chunk names a separate admin chunk: it exists, and it is only loaded on demand.
  const html = await (await page.request.get('/')).text()
  const entry = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1]
  expect(entry, 'entry script in index.html').toBeTruthy()
  const entryJs = await (await page.request.get(entry!)).text()
  const adminChunk = /admin-routes[-.][\w-]*\.js/.exec(entryJs)?.[0]
  expect(adminChunk, 'the entry chunk refers to a lazy admin-routes chunk').toBeTruthy()

  const requested: string[] = []
  page.on('request', (r) => requested.push(new URL(r.url()).pathname))

  const { me } = await signUp(page.request, origin, uniqueEmail('plain'), 'Plain User')
  expect(me.isAdmin).toBe(false)

  await page.goto('/dashboard')
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await page.getByRole('button', { name: 'Switch context' }).click()
  await expect(page.getByRole('menuitem', { name: 'Your exocorps' })).toBeVisible()
  await expect(page.getByRole('menuitem', { name: 'Platform administration' })).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Companies' })).toHaveCount(0)

  // Typing the address does not help: refused in the main bundle, before the admin chunk is asked for.
  for (const path of ['/admin', '/admin/companies', '/admin/billing']) {
    await page.goto(path)
    await expect(page.getByRole('alert')).toHaveText('Platform administration needs the admin or platform owner role.')
  }
  await page.goto('/billing')
  await expect(page.getByRole('region', { name: 'Balance' })).toBeVisible()

  expect(requested.filter((p) => p.includes('admin-routes'))).toEqual([])
  expect(requested.filter((p) => p.endsWith(adminChunk!))).toEqual([])
  expect(requested.filter((p) => p.startsWith('/api/admin'))).toEqual([])
  // The API refuses them too.
  expect((await page.request.get('/api/admin/companies')).status()).toBe(403)
  expect((await page.request.get('/api/admin/runtime-stats')).status()).toBe(403)
  expect(errors).toEqual([])
})

test('a coding agent asks, the human approves in the browser, the agent works with its token until revoked', async ({
  page,
  baseURL,
}) => {
  const origin = baseURL!
  const agent = agentAt(origin)
  const errors = watchErrors(page)
  await signUp(page.request, origin, uniqueEmail('human'), 'Hannah Human')
  const slug = `agent-e2e-${Date.now().toString(36)}`
  const created = await page.request.post('/api/registry/companies', {
    data: { name: 'Agent E2E Co', slug },
    headers: { origin },
  })
  expect(created.status(), await created.text()).toBe(201)

  // 1. The agent asks for access: a draft token, an approval URL and a user code.
  const draftRes = await agent.post('/api/operator-clients/drafts', { name: 'E2E Coding Agent', scopes: ['registry:read'] })
  expect(draftRes.status).toBe(201)
  const draft = (await draftRes.json()) as { draftToken: string; approvalUrl: string; userCode: string }
  expect(draft.approvalUrl).toBe(`/connect/${draft.userCode}`)

  // Until the human decides, redeeming says "pending".
  const pending = await agent.post('/api/operator-clients/redeem', { draftToken: draft.draftToken })
  expect(pending.status).toBe(202)
  expect(await pending.json()).toMatchObject({ status: 'pending' })

  // 2. The human opens the URL while signed in, sees who asks for what, and approves.
  await page.goto(draft.approvalUrl)
  const card = page.getByRole('region', { name: '“E2E Coding Agent” wants to act for you' })
  await expect(card).toBeVisible()
  await expect(card.getByText(draft.userCode)).toBeVisible()
  // The level the agent asked for (read) is preselected, and the card lists exactly what it grants.
  await expect(card.getByRole('radio', { name: /Read-only/ })).toBeChecked()
  await expect(card).toContainText('It cannot destroy an exocorp.')
  await card.getByRole('button', { name: 'Approve' }).click()
  await expect(card.getByRole('status')).toContainText('Approved')

  // 3. The agent redeems its bearer token exactly once.
  const redeemed = await agent.post('/api/operator-clients/redeem', { draftToken: draft.draftToken })
  expect(redeemed.status).toBe(200)
  const { token } = (await redeemed.json()) as { token: string }
  expect(token).toMatch(/^exo_oc_/)
  const again = await agent.post('/api/operator-clients/redeem', { draftToken: draft.draftToken })
  expect(again.status).toBe(410)
  expect(await again.json()).toMatchObject({ error: { code: 'draft_already_redeemed' } })

  // 4. It lists the human's exocorps with the token, and nothing of the platform's own controls.
  const mine = await agent.get('/api/registry/my-companies', token)
  expect(mine.status).toBe(200)
  const list = (await mine.json()) as { items: { slug: string }[] }
  expect(list.items.map((c) => c.slug)).toContain(slug)
  expect((await agent.get('/api/admin/companies', token)).status).toBe(403)

  // 5. The human sees it under API tokens and revokes it; the token stops working at once.
  await page.goto('/account/api-tokens')
  const row = page.getByRole('row', { name: /E2E Coding Agent/ })
  await expect(row).toBeVisible()
  await row.getByRole('button', { name: 'Revoke E2E Coding Agent' }).click()
  const dialog = page.getByRole('dialog', { name: 'Revoke E2E Coding Agent?' })
  await dialog.getByRole('button', { name: 'Revoke token' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'revoked' })).toHaveText('E2E Coding Agent was revoked.')
  expect((await agent.get('/api/registry/my-companies', token)).status).toBe(401)

  // A denied request ends clearly for the agent.
  const second = (await (await agent.post('/api/operator-clients/drafts', { name: 'Unwanted Agent' })).json()) as {
    draftToken: string
    approvalUrl: string
  }
  await page.goto(second.approvalUrl)
  const secondCard = page.getByRole('region', { name: /Unwanted Agent/ })
  await secondCard.getByRole('button', { name: 'Deny' }).click()
  await expect(secondCard.getByRole('status')).toContainText('Denied')
  const refused = await agent.post('/api/operator-clients/redeem', { draftToken: second.draftToken })
  expect(refused.status).toBe(403)
  expect(await refused.json()).toMatchObject({ error: { code: 'draft_denied' } })

  expect(errors).toEqual([])
})
