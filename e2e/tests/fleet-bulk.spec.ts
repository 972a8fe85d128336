import { expect, test, type APIRequestContext } from '@playwright/test'

// Issue 12: the owner's fleet table and a bulk pause/resume of three running exocorps, in the real
// product (BFF, local runtimes, built web app).

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

test('an owner pauses and resumes three exocorps at once from the fleet table', async ({ page, baseURL }) => {
  const origin = baseURL!
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  const stamp = Date.now().toString(36)
  const signup = await page.request.post('/api/auth/signup', {
    data: { email: `fleet-${stamp}@example.com`, name: 'Fleet Owner', password: PASSWORD },
    headers: { origin },
  })
  expect(signup.status(), await signup.text()).toBe(201)
  const names = [`Bulk One ${stamp}`, `Bulk Two ${stamp}`, `Bulk Three ${stamp}`]
  await Promise.all(names.map((n, i) => runningExocorp(page.request, origin, n, `bulk-${i + 1}-${stamp}`)))

  await page.goto('/dashboard?view=table')
  const table = page.getByRole('table', { name: 'Your exocorps' })
  await expect(table.getByRole('row')).toHaveCount(4)
  const row = (n: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name: n }) })

  for (const [action, from, to] of [
    ['pause', 'Running', 'Paused'],
    ['resume', 'Paused', 'Running'],
  ] as const) {
    for (const n of names) await expect(row(n).getByText(from, { exact: true })).toBeVisible()
    await page.getByRole('checkbox', { name: 'Select every exocorp on this page' }).check()
    const bar = page.getByRole('region', { name: 'Bulk actions' })
    await expect(bar.getByText('3 exocorps selected')).toBeVisible()
    await bar.getByLabel('Action').selectOption(action)
    await bar.getByRole('button', { name: 'Preview' }).click()
    const label = action === 'pause' ? 'Pause' : 'Resume'
    const preview = page.getByRole('dialog', { name: `${label} 3 exocorps?` })
    await expect(preview.getByRole('list', { name: 'Preview' }).getByText('Will run')).toHaveCount(3)
    await preview.getByRole('button', { name: `${label} 3 exocorps` }).click()
    const results = page.getByRole('dialog', { name: `${label}: results` })
    await expect(results.getByText('3 done, 0 started, 0 refused, 0 failed.')).toBeVisible({ timeout: 15_000 })
    await results.getByRole('button', { name: 'Close' }).click()
    for (const n of names) await expect(row(n).getByText(to, { exact: true })).toBeVisible()
  }
  expect(errors).toEqual([])
})
