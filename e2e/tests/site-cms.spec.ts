import { expect, test, type APIRequestContext } from '@playwright/test'

// Issue 18 item 5 (decision 042): a platform owner publishes a page in /admin/site/pages and a
// visitor sees it, server-rendered, at its public path and in /sitemap.xml.

const PASSWORD = 'a long enough passphrase'

/** eve@example.com is the first account (accounts.spec.ts creates her; run alone, this spec does). */
async function signInAsPlatformOwner(request: APIRequestContext, origin: string) {
  const login = await request.post('/api/auth/login', {
    data: { email: 'eve@example.com', password: PASSWORD },
    headers: { origin },
  })
  if (login.status() !== 200) {
    const res = await request.post('/api/auth/signup', {
      data: { email: 'eve@example.com', name: 'Eve Example', password: PASSWORD },
      headers: { origin },
    })
    expect(res.status(), await res.text()).toBe(201)
  }
  const me = await request.get('/api/auth/me')
  expect(await me.json()).toMatchObject({ isPlatformOwner: true })
}

test('a published page is served at its path and listed in the sitemap; its <script> never runs', async ({
  page,
  browser,
  baseURL,
}) => {
  const origin = baseURL!
  await signInAsPlatformOwner(page.request, origin)
  const slug = `launch-${Date.now().toString(36)}`

  // The site is off until the flag is on: the page is not public yet.
  await page.goto('/admin/site/pages')
  await expect(page.getByText(/The public site is (off|on)/)).toBeVisible()

  const form = page.getByRole('form', { name: 'New page' })
  await form.getByLabel('Path').fill(slug)
  await form.getByLabel('Title').fill('Launch week')
  await form.getByRole('button', { name: 'Create draft' }).click()
  const stepUp = page.getByRole('dialog', { name: 'Confirm your password' })
  await stepUp.getByLabel('Password').fill(PASSWORD)
  await stepUp.getByRole('button', { name: 'Confirm and continue' }).click()

  await expect(page.getByRole('heading', { name: 'Site page: Launch week' })).toBeVisible()
  await page.getByLabel('Body (markdown)').fill('# Launch week\n\nFive **new** things.\n\n<script>window.pwned = true</script>')
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect(page.getByRole('button', { name: 'Publish' })).toBeEnabled()
  await page.getByRole('button', { name: 'Publish' }).click()
  await expect(page.getByTestId('page-version')).toHaveText('Live: version 1')

  // Turn the site on (the product flag, decision 036) — the step-up is still fresh.
  const flag = await page.request.post('/api/admin/runtime/flags', {
    data: { key: 'site.cms_enabled', scope: 'global', value: true, reason: 'e2e: launch the site' },
    headers: { origin },
  })
  expect(flag.status(), await flag.text()).toBe(201)

  // A visitor (no session) opens the public path in Chromium.
  const visitor = await browser.newContext({ baseURL: origin })
  const visit = await visitor.newPage()
  const res = await visit.goto(`/${slug}`)
  expect(res?.status()).toBe(200)
  expect(res?.headers()['etag']).toMatch(/^"[0-9a-f]{32}"$/)
  await expect(visit.getByRole('heading', { name: 'Launch week', level: 1 })).toBeVisible()
  await expect(visit.getByText('Five new things.')).toBeVisible()
  expect(await visit.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined()
  await expect(visit).toHaveTitle('Launch week')

  const sitemap = await visitor.request.get('/sitemap.xml')
  expect(sitemap.status()).toBe(200)
  expect(await sitemap.text()).toContain(`/${slug}</loc>`)
  await visitor.close()
})
