import { expect, test, type APIRequestContext, type Page } from '@playwright/test'

// Issue 17 item 4 (decisions 036, 051): in Chromium a platform owner flips `ai.loop.kill_switch`
// for one running exocorp at /admin/runtime after the step-up; its agents stop starting work (no
// new workload, and the runtime reports each scheduled run it held back), and the one-click revert
// resumes them. The real BFF, a real reference runtime and the built web app.

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
  expect(await (await request.get('/api/auth/me')).json()).toMatchObject({ isPlatformOwner: true })
}

/** A running exocorp whose agent has a schedule due every two seconds (so its work is visible at once). */
async function runningExocorp(request: APIRequestContext, origin: string, slug: string) {
  const post = async (url: string, data: unknown, status: number) => {
    const res = await request.post(url, { data, headers: { origin } })
    expect(res.status(), `${url}: ${await res.text()}`).toBe(status)
    return res.json()
  }
  const company = (await post('/api/registry/companies', { name: `Loop ${slug}`, slug }, 201)) as { id: string }
  const base = `/api/registry/companies/${company.id}`
  const draft = (await (await request.get(`${base}/draft`)).json()) as { version: number }
  await post(
    `${base}/draft`,
    {
      baseVersion: draft.version,
      config: {
        agents: [
          {
            name: 'Scout',
            role: 'Researcher',
            model: 'gpt-4o-mini',
            schedules: [{ name: 'Queue check', cron: '*/2 * * * * *', task: 'Check the queue' }],
          },
        ],
        providers: [],
        settings: {},
      },
    },
    200,
  )
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

/** The newest workload's task and start time (the table lists the newest first). */
function newestStart(page: Page) {
  return page.getByRole('region', { name: 'Workloads' }).getByRole('row').nth(1).getByRole('cell').nth(4)
}

async function heldBackRuns(request: APIRequestContext): Promise<number> {
  const res = await request.get('/api/admin/notifications?kind=schedule_failed')
  const body = (await res.json()) as { items: { detail: string | null; occurrences: number; companySlug: string | null }[] }
  return body.items.find((n) => n.detail?.includes('kill switch'))?.occurrences ?? 0
}

test('the kill switch, flipped after the step-up, stops a running exocorp’s agents starting work; the revert resumes them', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const origin = baseURL!
  await signInAsPlatformOwner(page.request, origin)
  const slug = `loop-${Date.now().toString(36)}`
  const id = await runningExocorp(page.request, origin, slug)

  // The exocorp's workloads, live in a tab of its own: the scheduled runs appear.
  const workloads = await page.context().newPage()
  await workloads.goto(`/company/${id}/activity`)
  const table = workloads.getByRole('region', { name: 'Workloads' })
  await expect(table.getByRole('cell', { name: 'Check the queue' }).first()).toBeVisible({ timeout: 20_000 })

  await page.goto('/admin/runtime')
  const form = page.getByRole('form', { name: 'Change a flag' })
  await form.getByLabel('Flag').selectOption('ai.loop.kill_switch')
  await form.getByLabel('Scope').selectOption('company')
  await form.getByLabel('Exocorp (slug)').fill(slug)
  await form.getByLabel('Reason').fill('Runaway loop')
  await form.getByRole('button', { name: 'Apply change' }).click()
  const stepUp = page.getByRole('dialog', { name: 'Confirm your password' })
  await stepUp.getByLabel('Password').fill(PASSWORD)
  await stepUp.getByRole('button', { name: 'Confirm and continue' }).click()
  const effective = page.getByRole('table', { name: 'Effective flag values per exocorp' })
  await page.getByLabel('Find an exocorp').fill(slug)
  const row = effective.getByRole('row', { name: new RegExp(`^${slug}`) })
  await expect(row).toContainText('halted')
  await expect(row).toContainText('from this exocorp')

  // The runtime holds its runs back and says so; once two more were due and held, the newest
  // workload is still the one from before (none started).
  await expect.poll(() => heldBackRuns(page.request), { timeout: 15_000 }).toBeGreaterThan(0)
  await workloads.reload()
  const before = await newestStart(workloads).textContent()
  const held = await heldBackRuns(page.request)
  await expect.poll(() => heldBackRuns(page.request), { timeout: 15_000 }).toBeGreaterThanOrEqual(held + 2)
  await workloads.reload()
  await expect(newestStart(workloads)).toHaveText(before!)
  // Admins see the held-back runs in the notifications queue.
  const notices = await browser.newContext({ baseURL: origin, storageState: await page.context().storageState() })
  const queue = await notices.newPage()
  await queue.goto('/admin/feedback?mode=notifications')
  await expect(queue.getByText(`Schedule “Queue check” of Scout of Loop ${slug} failed`)).toBeVisible()
  await notices.close()

  // One click reverts it: the halt goes and new workloads appear live in the exocorp's tab.
  const history = page.getByRole('list', { name: 'Flag changes' })
  await history
    .getByRole('button', { name: `Revert: ai.loop.kill_switch at ${slug} to unset` })
    .first()
    .click()
  if (await stepUp.isVisible()) {
    await stepUp.getByLabel('Password').fill(PASSWORD)
    await stepUp.getByRole('button', { name: 'Confirm and continue' }).click()
  }
  await expect(row).not.toContainText('halted')
  await expect(newestStart(workloads)).not.toHaveText(before!, { timeout: 15_000 })
})
