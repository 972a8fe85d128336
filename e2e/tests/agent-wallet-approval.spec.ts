import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type APIRequestContext } from '@playwright/test'

// Issue 16 (decision 048): a real runtime's spend request above its card's auto-approve limit waits
// for the owner, who approves it in Chromium; the request is then captured. The same runtime's usage
// reports make the /usage chart draw real data.

const PASSWORD = 'a long enough passphrase'

/** The usage token the local driver gave this exocorp's runtime, read from the process's environment. */
function runtimeToken(companyId: string): string | null {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (!entry.startsWith('exocorp-e2e-')) continue
    const record = path.join(os.tmpdir(), entry, 'runtimes', companyId, 'runtime.json')
    if (!fs.existsSync(record)) continue
    const pid = Number((JSON.parse(fs.readFileSync(record, 'utf8')) as { pid?: unknown }).pid)
    if (!Number.isInteger(pid) || pid <= 0) continue
    const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
    const line = env.find((l) => l.startsWith('EXOCORP_RUNTIME_USAGE_TOKEN='))
    if (line) return line.slice('EXOCORP_RUNTIME_USAGE_TOKEN='.length)
  }
  return null
}

async function runningExocorp(request: APIRequestContext, origin: string, slug: string) {
  const post = async (url: string, data: unknown, status: number) => {
    const res = await request.post(url, { data, headers: { origin } })
    expect(res.status(), `${url}: ${await res.text()}`).toBe(status)
    return res.json()
  }
  const company = (await post('/api/registry/companies', { name: `Wallet ${slug}`, slug }, 201)) as { id: string }
  const base = `/api/registry/companies/${company.id}`
  const draft = (await (await request.get(`${base}/draft`)).json()) as { version: number }
  await post(`${base}/agents`, { baseVersion: draft.version, name: 'Scout', role: 'Buyer', model: 'gpt-4o-mini' }, 201)
  const bindings = (await (await request.get(`${base}/bindings`)).json()) as { items: { provider: string; required: boolean }[] }
  for (const { provider } of bindings.items.filter((b) => b.required)) {
    const secret = (await post(
      '/api/registry/provider-secrets',
      { provider, label: provider, value: `sk-e2e-${provider}-${slug}-0000` },
      201,
    )) as {
      id: string
    }
    await post(`${base}/bindings`, { provider, secretId: secret.id }, 200)
  }
  await post(`${base}/actions`, { action: 'provision' }, 202)
  await expect
    .poll(async () => ((await (await request.get(base)).json()) as { status: string }).status, { timeout: 20_000 })
    .toBe('running')
  return { id: company.id, post }
}

test('a runtime asks to spend above the auto-approve limit, the owner approves it in the browser, and /usage charts the runtime’s usage', async ({
  page,
  baseURL,
}) => {
  const origin = baseURL!
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  const stamp = Date.now().toString(36)
  const signup = await page.request.post('/api/auth/signup', {
    data: { email: `wallet-${stamp}@example.com`, name: 'Wallet Owner', password: PASSWORD },
    headers: { origin },
  })
  expect(signup.status(), await signup.text()).toBe(201)
  const { id, post } = await runningExocorp(page.request, origin, `wallet-${stamp}`)

  // The owner's allowance, a card that approves up to $10 on its own, and $50 on the wallet.
  const put = await page.request.put('/api/billing/agent-wallets', {
    data: { companyId: id, agent: 'Scout', monthlyLimitMinor: 10_000 },
    headers: { origin },
  })
  expect(put.status(), await put.text()).toBe(200)
  const wallet = (await put.json()) as { id: string }
  await post(`/api/registry/companies/${id}/agent-cards`, { agent: 'Scout', autoApproveMinor: 1_000 }, 201)
  await post(`/api/registry/companies/${id}/agent-wallets/${wallet.id}/funds`, { amountMinor: 5_000, idempotencyKey: stamp }, 201)

  // The runtime asks with its own token, the way it reports usage.
  const token = runtimeToken(id)
  expect(token, 'the runtime’s usage token').toBeTruthy()
  const runtime = { authorization: `Bearer ${token}` }
  const asked = await page.request.post('/api/runtime/spend-requests', {
    data: {
      agent: 'Scout',
      amountMinor: 2_500,
      merchant: 'Cloud GPUs Ltd',
      category: 'compute',
      reason: 'Fine-tuning run',
      idempotencyKey: `e2e-${stamp}`,
    },
    headers: { ...runtime, origin },
  })
  expect(asked.status(), await asked.text()).toBe(201)
  const request = (await asked.json()) as { id: string; status: string }
  expect(request.status).toBe('pending_approval')

  await page.goto(`/company/${id}/wallets`)
  const approvals = page.getByRole('region', { name: 'Waiting for your approval' })
  const item = approvals.getByRole('listitem', { name: 'Scout asks $25.00 at Cloud GPUs Ltd' })
  await expect(item).toBeVisible()
  await item.getByLabel('Note (optional)').fill('For the launch')
  await item.getByRole('button', { name: 'Approve' }).click()
  await expect(approvals.getByRole('status')).toHaveText('Approved: $25.00 at Cloud GPUs Ltd captured.')
  await expect(approvals.getByText('No spend request is waiting.')).toBeVisible()
  await expect(page.getByRole('table', { name: 'Agent cards' }).getByRole('row', { name: /Scout/ })).toContainText('$25.00')

  const outcome = await page.request.get(`/api/runtime/spend-requests/${request.id}`, { headers: runtime })
  expect(((await outcome.json()) as { transaction: { status: string } }).transaction.status).toBe('captured')

  // The same runtime has been reporting its agent's model calls: the usage page charts them.
  await expect
    .poll(
      async () =>
        (
          (await (await page.request.get(`/api/usage/analytics?from=${today()}&to=${today()}`)).json()) as {
            totals: { events: number }
          }
        ).totals.events,
      {
        timeout: 20_000,
      },
    )
    .toBeGreaterThan(0)
  await page.goto(`/usage?from=${today()}&to=${today()}`)
  const chart = page.getByRole('figure', { name: /^Spend over time/ })
  await expect(chart.locator('svg')).toBeVisible()
  await expect(page.getByRole('table', { name: 'Usage by day' }).getByRole('row')).toHaveCount(2)
  expect(errors).toEqual([])
})

function today() {
  return new Date().toISOString().slice(0, 10)
}
