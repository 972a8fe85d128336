import { expect, test } from '@playwright/test'

// Issue 12: configuring an exocorp after onboarding, in the real product (BFF, local runtimes, built
// web app). The failed exocorp is made the way the demo's Helios Trading is: provisioned with no
// agents, so its "validate draft" phase fails for real.

const PASSWORD = 'a long enough passphrase'

test('an owner adds an agent to a failed exocorp, applies it, then sees a model change as a diff before applying', async ({
  page,
  baseURL,
}) => {
  const origin = baseURL!
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  const stamp = Date.now().toString(36)
  const post = async (url: string, data: unknown, status: number) => {
    const res = await page.request.post(url, { data, headers: { origin } })
    expect(res.status(), `${url}: ${await res.text()}`).toBe(status)
    return res.json()
  }
  await post('/api/auth/signup', { email: `configure-${stamp}@example.com`, name: 'Helios Owner', password: PASSWORD }, 201)
  const slug = `helios-${stamp}`
  const company = (await post('/api/registry/companies', { name: `Helios ${stamp}`, slug }, 201)) as { id: string }
  const base = `/api/registry/companies/${company.id}`
  // Like the demo owner: one key per provider the release needs, so provisioning binds them on its own.
  for (const provider of ['openai', 'anthropic'])
    await post(
      '/api/registry/provider-secrets',
      { provider, label: `${provider} e2e`, value: `sk-e2e-${provider}-${stamp}-0000` },
      201,
    )
  await post(`${base}/actions`, { action: 'provision' }, 202)
  await expect
    .poll(async () => ((await (await page.request.get(base)).json()) as { status: string }).status, { timeout: 20_000 })
    .toBe('failed')

  await page.goto(`/company/${company.id}`)
  const status = page.getByRole('region', { name: 'Status', exact: true })
  await expect(status.getByText('Failed', { exact: true })).toBeVisible()

  // Add an agent on its own page.
  await page.getByRole('navigation', { name: 'Exocorp sections' }).getByRole('link', { name: 'Agents' }).click()
  await expect(page.getByText('No agents yet.')).toBeVisible()
  await page.getByRole('link', { name: 'Add agent' }).click()
  const form = page.getByRole('form', { name: 'Add agent' })
  await form.getByLabel('Name').fill('Scout')
  await form.getByLabel('Role').fill('Reads the market every morning')
  await form.getByLabel('Model').selectOption('gpt-4o-mini')
  await form.getByRole('button', { name: 'Add agent' }).click()
  await expect(page.getByRole('heading', { name: 'Scout', level: 2 })).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`/company/${company.id}/agents/scout$`))

  // The overview shows what the draft adds, and Apply provisions it.
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: `Helios ${stamp}` })
    .click()
  const changes = page.getByRole('region', { name: 'Draft changes' })
  await expect(changes.getByText('+ Scout')).toBeVisible()
  await changes.getByRole('button', { name: 'Apply (provision)' }).click()
  const confirm = page.getByRole('dialog', { name: 'Apply the draft: provision' })
  await expect(confirm.getByText('+ Scout')).toBeVisible()
  await confirm.getByRole('button', { name: 'Apply (provision)' }).click()
  await expect(status.getByText('Running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await expect(status.getByText('Healthy', { exact: true })).toBeVisible({ timeout: 30_000 })
  await expect(changes.getByText(/The running exocorp matches the saved draft/)).toBeVisible()

  // A setting the release declares (decision 052): added from its default, checked inline, saved to the draft.
  const settings = page.getByRole('form', { name: 'Draft settings' })
  await settings.getByRole('button', { name: 'Add Concurrent tasks' }).click()
  const tasks = settings.getByRole('spinbutton', { name: 'Concurrent tasks' })
  await expect(tasks).toHaveValue('4')
  await tasks.fill('50')
  await settings.getByRole('button', { name: 'Save settings' }).click()
  await expect(settings.getByText('Must be at most 20')).toBeVisible()
  await tasks.fill('6')
  await settings.getByRole('button', { name: 'Save settings' }).click()
  await expect(changes.getByText(/Setting maxConcurrentTasks/)).toBeVisible()

  // Change the agent's model: its page marks it changed, and the overview shows the diff before applying.
  await page.getByRole('navigation', { name: 'Exocorp sections' }).getByRole('link', { name: 'Agents' }).click()
  await page.getByRole('link', { name: 'Scout', exact: true }).click()
  const edit = page.getByRole('form', { name: 'Save agent' })
  await edit.getByLabel('Model').selectOption('gpt-4o')
  await edit.getByRole('button', { name: 'Save agent' }).click()
  await expect(page.getByText('Changed, not applied')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Draft and running' }).getByRole('row', { name: /model/ })).toContainText(
    'gpt-4o-mini',
  )
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: `Helios ${stamp}` })
    .click()
  await expect(changes.getByText('~ Scout: model gpt-4o-mini → gpt-4o')).toBeVisible()
  await changes.getByRole('button', { name: 'Apply (reprovision)' }).click()
  const reprovision = page.getByRole('dialog', { name: 'Apply the draft: reprovision' })
  await expect(reprovision.getByText('~ Scout: model gpt-4o-mini → gpt-4o')).toBeVisible()
  await reprovision.getByLabel(`Type ${slug} to confirm`).fill(slug)
  await reprovision.getByRole('button', { name: 'Apply (reprovision)' }).click()
  await expect(changes.getByText(/The running exocorp matches the saved draft/)).toBeVisible({ timeout: 30_000 })
  await expect(status.getByText('Running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await expect(status.getByText('Healthy', { exact: true })).toBeVisible({ timeout: 30_000 })
  expect(errors).toEqual([])
})
