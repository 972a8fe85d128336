import { expect, test, type APIRequestContext } from '@playwright/test'

// Issue 19 (decision 043): a platform owner's broadcast reaches an owner's console in Chromium.

const PASSWORD = 'a long enough passphrase'

const uniqueEmail = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`

async function signUp(request: APIRequestContext, origin: string, email: string, name: string) {
  const res = await request.post('/api/auth/signup', { data: { email, name, password: PASSWORD }, headers: { origin } })
  expect(res.status(), await res.text()).toBe(201)
}

/** eve@example.com is the first account (accounts.spec.ts creates her; run alone, this spec does). */
async function signInAsPlatformOwner(request: APIRequestContext, origin: string) {
  const login = await request.post('/api/auth/login', {
    data: { email: 'eve@example.com', password: PASSWORD },
    headers: { origin },
  })
  if (login.status() !== 200) await signUp(request, origin, 'eve@example.com', 'Eve Example')
  const me = await request.get('/api/auth/me')
  expect(await me.json()).toMatchObject({ isPlatformOwner: true })
}

test('a broadcast to owners, sent after the step-up, shows as a banner in an owner’s console', async ({
  page,
  browser,
  baseURL,
}) => {
  const origin = baseURL!
  // The platform owner first: on an empty platform the first account is the platform owner.
  await signInAsPlatformOwner(page.request, origin)
  // An owner of an exocorp, in a browser of their own.
  const ownerContext = await browser.newContext({ baseURL: origin })
  const ownerPage = await ownerContext.newPage()
  await signUp(ownerPage.request, origin, uniqueEmail('banner-owner'), 'Bea Owner')
  const created = await ownerPage.request.post('/api/registry/companies', {
    data: { name: 'Banner Co', slug: `banner-${Date.now().toString(36)}` },
    headers: { origin },
  })
  expect(created.status(), await created.text()).toBe(201)

  await page.goto('/admin')
  await page
    .getByRole('navigation', { name: 'Platform operations' })
    .getByRole('link', { name: 'Broadcasts and newsletter' })
    .click()
  const title = `Maintenance ${Date.now().toString(36)}`
  const form = page.getByRole('form', { name: 'New broadcast' })
  await form.getByLabel('Title').fill(title)
  await form.getByLabel('Message').fill('Provisioning pauses for ten minutes.')
  await form.getByLabel('Segment').selectOption('owners')
  await form.getByLabel('Severity').selectOption('warning')
  await form.getByLabel('Ends').fill('2099-01-01T10:00')
  await form.getByRole('button', { name: 'Broadcast' }).click()
  const stepUp = page.getByRole('dialog', { name: 'Confirm your password' })
  await stepUp.getByLabel('Password').fill(PASSWORD)
  await stepUp.getByRole('button', { name: 'Confirm and continue' }).click()
  const row = page.getByRole('table', { name: 'Broadcasts' }).getByRole('row').filter({ hasText: title })
  await expect(row).toContainText('live')

  await ownerPage.goto('/dashboard')
  const banners = ownerPage.getByRole('region', { name: 'Announcements' })
  await expect(banners).toContainText(title)
  await expect(banners).toContainText('Provisioning pauses for ten minutes.')
  // The notification bell has it too.
  await expect(ownerPage.getByRole('button', { name: /^Notifications, \d+ unread/ })).toBeVisible()

  // Cancelled: the banner is gone on the next load.
  await row.getByRole('button', { name: `Cancel “${title}”` }).click()
  await expect(row).toContainText('cancelled')
  await ownerPage.reload()
  await expect(ownerPage.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(ownerPage.getByRole('region', { name: 'Announcements' })).toHaveCount(0)
  await ownerContext.close()
})
