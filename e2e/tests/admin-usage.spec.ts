import AxeBuilder from '@axe-core/playwright'
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

test('both screens fit a 360 px phone and pass axe in both themes', async ({ page, baseURL }) => {
  await signInAsPlatformOwner(page.request, baseURL!)
  await page.setViewportSize({ width: 360, height: 740 })
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    for (const [path, title] of [
      ['/admin/usage?from=2026-01-01&to=2026-12-31', /^Platform usage/],
      ['/admin/models', /^Models/],
    ] as const) {
      await page.goto(path)
      await expect(page).toHaveTitle(title)
      await expect(page.locator('.skeleton')).toHaveCount(0)
      const excess = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect.soft(excess, `${path} is wider than 360 px`).toBeLessThanOrEqual(0)
      const results = await new AxeBuilder({ page }).analyze()
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      expect.soft(bad.map((v) => `${path} ${theme}: ${v.id} on ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
    }
  }
})
