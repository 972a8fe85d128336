import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'

// The owner's whole day against the real BFF and the local runtime driver (real child processes):
// sign up → onboard → provision → watch phases → running and healthy → operator portal → pause/resume
// → kill the runtime and see Unreachable → restart → destroy by typing the slug.

test.describe.configure({ mode: 'serial' })
test.setTimeout(300_000)

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts')

/** No serious or critical axe-core violations on the screen as it is now. */
async function expectAccessible(page: Page, screen: string) {
  // Let running animations end first (a toast fading in has, for a moment, too little contrast).
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))))
  const results = await new AxeBuilder({ page }).analyze()
  const bad = results.violations.filter((v) => (v.impact === 'serious' || v.impact === 'critical') && v.nodes.length > 0)
  expect(
    bad.map((v) => `${screen}: ${v.id} (${v.impact}) on ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `${screen} has serious or critical accessibility violations`,
  ).toEqual([])
}

/** The pid of the local runtime serving this exocorp: from its runtime.json, else from the process table. */
function runtimePid(companyId: string): number | null {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (!entry.startsWith('exocorp-e2e-')) continue
    const record = path.join(os.tmpdir(), entry, 'runtimes', companyId, 'runtime.json')
    if (!fs.existsSync(record)) continue
    const pid = Number((JSON.parse(fs.readFileSync(record, 'utf8')) as { pid?: unknown }).pid)
    if (Number.isInteger(pid) && pid > 0) return pid
  }
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
  const line = table.split('\n').find((l) => l.includes(`runtimes/${companyId}`) || l.includes(`runtimes${path.sep}${companyId}`))
  return line ? Number(line.trim().split(/\s+/)[0]) : null
}

function lifecycleButton(page: Page, name: string) {
  return page.getByRole('group', { name: 'Lifecycle actions' }).getByRole('button', { name, exact: true })
}

test('an owner launches, runs, watches, recovers and destroys an exocorp', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))

  const stamp = Date.now().toString(36)
  const name = `Orbit Labs ${stamp}`
  const slug = `orbit-labs-${stamp}`

  // Sign up: a new owner lands on the dashboard's empty state.
  await page.goto('/sign-up')
  await page.getByLabel('Name').fill('Owen Owner')
  await page.getByLabel('Email').fill(`owen-${stamp}@example.com`)
  await page.getByLabel('Password').fill('a long enough passphrase')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.getByLabel('I have saved these codes somewhere safe').check()
  await page.getByRole('button', { name: 'Continue to the console' }).click()
  await expect(page.getByRole('heading', { name: 'Launch your first exocorp' })).toBeVisible()
  await page.screenshot({ path: path.join(ARTIFACTS, 'owner-landing.png'), fullPage: true })
  await expectAccessible(page, 'dashboard (empty)')

  // Onboarding: name → slug (checked live) → channel → providers → review → create.
  await page.getByRole('link', { name: 'Launch onboarding' }).click()
  await page.getByLabel('Exocorp name').fill(name)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByLabel('Slug')).toHaveValue(slug)
  await expect(page.getByText(`${slug} is available`)).toBeVisible()
  await expectAccessible(page, 'onboarding')
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('radio', { name: /Stable/ }).check()
  await page.getByRole('button', { name: 'Continue' }).click()

  // Every provider the release requires gets a new credential, added inline.
  await expect(page.getByText(/needs these providers/)).toBeVisible()
  const requiredLabels = page.locator('label', { hasText: '(required)' })
  const count = await requiredLabels.count()
  for (let i = 0; i < count; i++) {
    const provider = (await requiredLabels.nth(i).innerText()).trim().split(/\s+/)[0]!
    await page.getByRole('button', { name: `Add a new ${provider} credential` }).click()
    await page.getByLabel('Label').fill(`${provider} e2e`)
    await page.getByLabel(`${provider} API key`).fill(`sk-e2e-${provider}-${stamp}-0000`)
    await page.getByRole('button', { name: 'Add credential' }).click()
    await expect(page.getByLabel(new RegExp(`^${provider} \\(required\\)`))).toHaveValue(/.+/)
  }
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByText(`${slug}.`, { exact: false }).first()).toBeVisible()
  await page.getByRole('button', { name: 'Create exocorp' }).click()
  await expect(page.getByRole('heading', { name: `${name} is saved as a draft` })).toBeVisible()

  // Provision now: the detail page follows the phases while it polls.
  await page.getByRole('button', { name: 'Provision now' }).click()
  await expect(page).toHaveURL(/\/company\/[^/]+$/)
  const companyId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!)
  const progress = page.getByText(/Phase \d+ of \d+/)
  // The status hero's message (role=status), not the word elsewhere on the page.
  const running = page.getByRole('status').filter({ hasText: /^Running/ })
  await expect(progress.or(running).first()).toBeVisible()
  if (await progress.isVisible()) {
    await page.screenshot({ path: path.join(ARTIFACTS, 'owner-detail-provisioning.png'), fullPage: true })
    // The page follows the job live: it may finish while we count, and then there is no list.
    const phases = page.getByRole('list', { name: 'Phases' }).getByRole('listitem')
    await expect(async () => {
      if (!(await running.isVisible())) expect(await phases.count()).toBe(7)
    }).toPass({ timeout: 10_000 })
    await expectAccessible(page, 'exocorp detail (provisioning)')
  }
  await expect(running).toBeVisible({ timeout: 90_000 })
  await expect(page.getByText('Healthy', { exact: true })).toBeVisible({ timeout: 30_000 })
  if (!fs.existsSync(path.join(ARTIFACTS, 'owner-detail-provisioning.png'))) {
    await page.screenshot({ path: path.join(ARTIFACTS, 'owner-detail-provisioning.png'), fullPage: true })
  }
  await expectAccessible(page, 'exocorp detail (running)')

  // The operator portal link opens the runtime's own portal.
  const portalLink = page.getByRole('link', { name: 'Open the operator portal' })
  await expect(portalLink).toBeVisible()
  const [portal] = await Promise.all([page.context().waitForEvent('page'), portalLink.click()])
  await portal.waitForLoadState()
  await expect(portal.getByRole('heading', { level: 1, name })).toBeVisible()
  await portal.close()

  // Pause and resume.
  await lifecycleButton(page, 'Pause').click()
  await expect(page.getByText('Paused: agents take no new work. Resume to continue.')).toBeVisible()
  await lifecycleButton(page, 'Resume').click()
  await expect(running).toBeVisible()

  // Kill the runtime process: the health monitor notices and the page warns.
  const pid = runtimePid(companyId)
  expect(pid, 'the local runtime process should be found').not.toBeNull()
  process.kill(pid!, 'SIGKILL')
  // The detail page does not poll a settled exocorp; a reload (or focus) asks again.
  await expect(async () => {
    await page.reload()
    await expect(page.getByRole('alert').filter({ hasText: 'Unreachable.' })).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 60_000 })
  await expect(page.getByRole('link', { name: 'Open the operator portal' })).toHaveCount(0)

  // Restart brings it back.
  await lifecycleButton(page, 'Restart').click()
  await expect(page.getByText('Healthy', { exact: true })).toBeVisible({ timeout: 90_000 })
  await expect(page.getByRole('alert').filter({ hasText: 'Unreachable.' })).toHaveCount(0)

  // Destroy: the dialog refuses anything but the exact slug.
  await lifecycleButton(page, 'Destroy').click()
  const dialog = page.getByRole('dialog', { name: `Destroy ${name}?` })
  await expect(dialog).toBeVisible()
  const confirm = dialog.getByLabel(/to confirm/)
  await confirm.fill(slug.slice(0, -1))
  // The confirm button is aria-disabled until the slug matches; Enter submits and is refused.
  await expect(dialog.getByRole('button', { name: 'Destroy' })).toHaveAttribute('aria-disabled', 'true')
  await confirm.press('Enter')
  await expect(dialog.getByText(`That does not match ${slug}.`)).toBeVisible()
  await page.screenshot({ path: path.join(ARTIFACTS, 'owner-destroy-dialog.png') })
  await expectAccessible(page, 'destroy dialog')
  await confirm.fill(slug)
  await dialog.getByRole('button', { name: 'Destroy' }).click()
  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.getByRole('heading', { name: 'Launch your first exocorp' })).toBeVisible()

  // Credentials outlive the exocorp and show only their last four characters.
  await page.getByRole('link', { name: 'Provider credentials' }).click()
  const table = page.getByRole('table', { name: 'Provider credentials' })
  await expect(table).toBeVisible()
  await expect(table).not.toContainText(`sk-e2e-`)
  await expect(table).toContainText('•••• 0000')
  await expectAccessible(page, 'provider credentials')

  expect(errors).toEqual([])
})
