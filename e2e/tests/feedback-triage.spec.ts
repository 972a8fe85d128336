import { execFileSync } from 'node:child_process'
import { expect, test, type APIRequestContext } from '@playwright/test'

// Issue 17 (decisions 036, 041): a probe sent with curl — raw HTTP, no browser — is recorded by
// the product, appears in the security view at /admin/feedback, is triaged after the step-up and
// archived, all in Chromium; then the notifications mode lists what the platform raised.

const PASSWORD = 'a long enough passphrase'

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

test('a template-injection probe sent with curl shows in the security view, is triaged after the step-up and archived', async ({
  page,
  baseURL,
}) => {
  const origin = baseURL!
  await signInAsPlatformOwner(page.request, origin)

  // The probe: a refused sign-in whose e-mail is a server-side template expression.
  const status = execFileSync(
    'curl',
    [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'POST',
      '-H',
      'content-type: application/json',
      '-H',
      `origin: ${origin}`,
      '--data',
      JSON.stringify({ email: '{{7*7}}@example.com', password: '${7*7}' }),
      `${origin}/api/auth/login`,
    ],
    { encoding: 'utf8' },
  )
  expect(Number(status)).toBeGreaterThanOrEqual(400)

  await page.goto('/admin/feedback')
  await page.getByRole('navigation', { name: 'Feedback views' }).getByRole('button', { name: 'Security view' }).click()
  await expect(
    page.getByRole('list', { name: 'Probe classes' }).getByRole('button', { name: /^Template: 1 group, \d+ seen$/ }),
  ).toBeVisible()
  const table = page.getByRole('table', { name: 'Feedback and probe groups' })
  const group = table.getByRole('button', { name: /^template probe \(template-[a-z-]+\) on POST / })
  await expect(group).toBeVisible()
  await group.click()

  const detail = page.getByRole('region', { name: /^template probe/ })
  // The redacted sample of what was sent, and where it came from.
  await expect(detail.getByRole('list', { name: 'Members' })).toContainText('{{7*7}}')
  await detail.getByRole('button', { name: 'Mark triaged' }).click()
  const stepUp = page.getByRole('dialog', { name: 'Confirm your password' })
  await stepUp.getByLabel('Password').fill(PASSWORD)
  await stepUp.getByRole('button', { name: 'Confirm and continue' }).click()
  await expect(detail.getByTestId('group-state')).toHaveText('Triaged')
  await detail.getByRole('button', { name: 'Archive' }).click()
  await expect(detail.getByTestId('group-state')).toHaveText('Archived')
  // Archived groups leave the security view.
  await expect(group).toHaveCount(0)
  await expect(
    page.getByRole('list', { name: 'Probe classes' }).getByRole('button', { name: /^Template: 0 groups, 0 seen$/ }),
  ).toBeVisible()

  // The other mode of the same page: platform notifications.
  await page
    .getByRole('navigation', { name: 'Modes' })
    .getByRole('button', { name: /^Notifications/ })
    .click()
  await expect(page).toHaveURL(/mode=notifications/)
  await expect(page.getByLabel('Source')).toBeVisible()
})
