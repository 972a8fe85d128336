import { expect, test, type APIRequestContext } from '@playwright/test'

// Issue 19 item 1 (decision 049): in Chromium, the platform owner reviews platform usage at
// /admin/usage and the Export CSV link downloads the same answer as a CSV file.

const PASSWORD = 'a long enough passphrase'

/** eve@example.com is the platform owner (accounts.spec.ts creates her; run alone, this spec does). */
async function signInAsPlatformOwner(request: APIRequestContext, origin: string) {
  const email = 'eve@example.com'
  const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD }, headers: { origin } })
  if (login.status() !== 200) {
    const res = await request.post('/api/auth/signup', {
      data: { email, name: 'Eve Example', password: PASSWORD },
      headers: { origin },
    })
    expect(res.status(), await res.text()).toBe(201)
  }
}

test('the platform owner reviews usage by exocorp and downloads it as CSV', async ({ page, baseURL }) => {
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  await signInAsPlatformOwner(page.request, baseURL!)
  await page.goto('/admin/usage?from=2026-01-01&to=2026-12-31')
  await expect(page.getByRole('heading', { name: 'Usage by account' })).toBeVisible()
  await page.getByLabel('Group by').selectOption('company')
  await expect(page).toHaveURL(/by=company/)
  await expect(page.getByRole('heading', { name: 'Usage by exocorp' })).toBeVisible()
  await expect(page.getByLabel('Totals for the range')).toContainText('Spend')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()])
  expect(download.suggestedFilename()).toBe('platform-usage-by-company-2026-01-01-to-2026-12-31.csv')
  const text = await (await download.createReadStream()).toArray()
  const csv = Buffer.concat(text).toString('utf8')
  expect(csv.split('\r\n')[0]).toBe('key,label,detail,events,errors,input_tokens,output_tokens,cost_usd')

  await page.getByRole('link', { name: 'Models', exact: true }).click()
  await expect(page).toHaveURL(/\/admin\/models$/)
  await expect(page.getByRole('table', { name: 'Models' })).toContainText('GPT-4o')
  expect(errors).toEqual([])
})
