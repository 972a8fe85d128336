import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'

// The demo data set (README: late@demo.exocorp.dev owes $17.50 and is in grace) needs a product
// started with EXOCORP_DEMO=1; the shared server of the other specs starts empty.
const port = Number(process.env.E2E_DEMO_PORT ?? 8791)
const origin = `http://localhost:${port}`
let server: ChildProcess | undefined
let dataDir = ''

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-e2e-demo-'))
  server = spawn(process.execPath, ['bff/dist/main.mjs'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      EXOCORP_DATA_DIR: dataDir,
      EXOCORP_DEMO: '1',
      EXOCORP_KEEP_RUNTIMES_ON_EXIT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  })
  for (let i = 0; i < 240; i++) {
    const up = await fetch(`${origin}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (up) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('the demo server did not start')
})

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r))
    server.kill('SIGTERM')
    await exited
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
})

test('the late demo owner pays what is due with a test card and the overdue banner goes away', async ({ page }) => {
  const errors: string[] = []
  page.on('console', (msg) => {
    // The declined card answers 402 on the provider's page: an expected answer, not a fault.
    if (msg.type() === 'error' && !/status of (401|402)/.test(msg.text())) errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(err.message))

  await page.goto(`${origin}/sign-in`)
  await page.getByLabel('Email').fill('late@demo.exocorp.dev')
  await page.getByLabel('Password').fill('demo-late-pass')
  await page.getByRole('button', { name: 'Sign in' }).click()

  const banner = page.getByRole('status').filter({ hasText: 'Your balance is overdue' })
  await expect(banner).toBeVisible()
  await banner.getByRole('button', { name: 'Pay $17.50 due' }).click()

  // The provider's hosted checkout (test mode), served by the BFF under its own path.
  await expect(page).toHaveURL(/\/pay\/test\/checkout\/cs_/)
  await expect(page.getByRole('heading', { name: 'Pay Exocorp Platform' })).toBeVisible()
  await expect(page.getByText('$17.50').first()).toBeVisible()

  await page.getByLabel('Card number').fill('4000 0000 0000 0002')
  await page.getByLabel('Expiry (MM/YY)').fill('12/34')
  await page.getByLabel('CVC').fill('123')
  await page.getByRole('button', { name: 'Pay $17.50' }).click()
  await expect(page.getByRole('alert')).toContainText('Your card was declined')

  await page.getByLabel('Card number').fill('4242 4242 4242 4242')
  await page.getByLabel('CVC').fill('123')
  await page.getByRole('button', { name: 'Pay $17.50' }).click()

  await expect(page).toHaveURL(/\/billing\?checkout=cs_/)
  await expect(page.getByText(/Payment received: \$17\.50\./)).toBeVisible()
  await expect(page.getByRole('table', { name: 'Payment receipts' })).toContainText('Visa ···· 4242')
  await expect(page.getByRole('region', { name: 'Balance' })).toContainText('Current')
  await expect(page.getByText('Your balance is overdue')).toHaveCount(0)

  await page.getByRole('link', { name: 'Dashboard' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(page.getByText('Your balance is overdue')).toHaveCount(0)
  expect(errors).toEqual([])
})
