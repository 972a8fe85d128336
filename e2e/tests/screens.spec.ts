import AxeBuilder from '@axe-core/playwright'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'

// Every main screen at the phone widths the product promises (360 and 390 px), where overflow
// shows: nothing wider than the screen, no serious accessibility violation (contrast included) in
// the light and the dark theme, and a screenshot of each kept under the e2e output dir for a person
// to look at. The journeys' key screens are checked at desktop width too (the sidebar and wide
// tables show there). One page walks them all: each screen is loaded once per width class and the
// theme and the phone width change in place (the theme follows `prefers-color-scheme` in CSS).

test.describe.configure({ mode: 'serial' })
test.setTimeout(900_000)

const PASSWORD = 'a long enough passphrase'

/** The platform owner (accounts.spec.ts creates her first; run alone, this spec does). */
async function signInAsPlatformOwner(request: APIRequestContext, origin: string) {
  const email = 'eve@example.com'
  const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD }, headers: { origin } })
  if (login.status() === 200) return
  const res = await request.post('/api/auth/signup', {
    data: { email, name: 'Eve Example', password: PASSWORD },
    headers: { origin },
  })
  expect(res.status(), await res.text()).toBe(201)
}

function watchErrors(page: Page) {
  const errors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(err.message))
  return errors
}

/**
 * What a theme changes: the dark theme only redefines colour custom properties (web/src/styles.css),
 * so of axe's rules only these can answer differently in it; the rest are run in the light theme.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block']

async function expectAccessible(page: Page, screen: string, rules?: string[]) {
  // Let running animations end first (a toast fading in has, for a moment, too little contrast).
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))))
  const axe = new AxeBuilder({ page })
  const results = await (rules ? axe.withRules(rules) : axe).analyze()
  const bad = results.violations.filter((v) => (v.impact === 'serious' || v.impact === 'critical') && v.nodes.length > 0)
  expect
    .soft(
      bad.map(
        (v) =>
          `${screen}: ${v.id} (${v.impact}) on ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ')}]` : ''}`).join(', ')}`,
      ),
      `${screen} has serious or critical accessibility violations`,
    )
    .toEqual([])
}

/** How far the page is wider than the screen (0 when it fits), and what sticks out. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth
    const wide = Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length > 0)
      // What scrolls in its own box does not widen the page, unless it is positioned and escapes it.
      .filter((el) => !el.closest('.table-wrap, .scroll-x, .section-tabs') || getComputedStyle(el).position === 'absolute')
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} → ${Math.round(el.getBoundingClientRect().right)}`)
    return { excess: document.documentElement.scrollWidth - width, wide }
  })
}

interface Screen {
  name: string
  path: string
  ready: (page: Page) => Promise<void>
}

/** A screen that names itself in the document title, once nothing on it is still loading. */
function titled(name: string, path: string, title: RegExp): Screen {
  return {
    name,
    path,
    ready: async (p) => {
      await expect(p).toHaveTitle(title)
      await expect(p.locator('.skeleton')).toHaveCount(0)
    },
  }
}

test('every main screen fits a phone, passes axe in both themes, and is photographed', async ({ page, baseURL }, testInfo) => {
  const origin = baseURL!
  const errors = watchErrors(page)
  await signInAsPlatformOwner(page.request, origin)
  const slug = `screens-${Date.now().toString(36)}`
  const created = await page.request.post('/api/registry/companies', {
    data: { name: 'Screenshot Studios International', slug },
    headers: { origin },
  })
  expect(created.status(), await created.text()).toBe(201)
  const companyId = ((await created.json()) as { id: string }).id

  const screens: Screen[] = [
    {
      name: 'dashboard',
      path: '/dashboard',
      ready: async (p) => {
        await expect(p.getByRole('list', { name: 'Your exocorps' })).toBeVisible()
        await expect(p.getByLabel('Fleet status')).toBeVisible()
      },
    },
    {
      name: 'company-detail',
      path: `/company/${companyId}`,
      ready: async (p) => {
        // Blocked until the platform owner has a credential; other specs may have given her one.
        await expect(p.getByRole('region', { name: 'Release' }).getByText(/^(Blocked|Install required)$/)).toBeVisible()
        await expect(p.getByRole('region', { name: 'Runtime readiness' }).getByRole('table')).toBeVisible()
      },
    },
    {
      name: 'onboarding',
      path: '/onboarding',
      ready: async (p) => {
        await expect(p.getByLabel('Exocorp name')).toBeVisible()
      },
    },
    {
      name: 'admin-companies',
      path: '/admin/companies',
      ready: async (p) => {
        await expect(p.getByRole('table', { name: 'Exocorps on the platform' }).getByRole('link').first()).toBeVisible()
      },
    },
    {
      name: 'audit-explorer',
      path: '/admin/audit',
      ready: async (p) => {
        await expect(p.getByRole('table').getByRole('row').nth(1)).toBeVisible()
      },
    },
    // The screens the second wave added (issues 12, 15–19): the same bar.
    titled('company-activity', `/company/${companyId}/activity`, /Screenshot Studios International/),
    titled('company-logs', `/company/${companyId}/logs`, /Screenshot Studios International/),
    titled('billing', '/billing', /^Billing/),
    titled('usage', '/usage', /^Usage/),
    titled('api-tokens', '/account/api-tokens', /^API tokens/),
    titled('admin-runtime', '/admin/runtime', /^Runtime rollout controls/),
    titled('admin-feedback', '/admin/feedback', /^Feedback and probes/),
    titled('admin-pricing', '/admin/pricing', /^Price books/),
    titled('admin-site-pages', '/admin/site/pages', /^Site pages/),
    titled('admin-agent-wallets', '/admin/agent-wallets', /^Agent wallets/),
    // The rest of an exocorp's sections, and the admin screens not listed above.
    titled('company-new-agent', `/company/${companyId}/new-agent`, /^Add an agent/),
    titled('company-members', `/company/${companyId}/members`, /Screenshot Studios International/),
    titled('company-manifest', `/company/${companyId}/manifest`, /Screenshot Studios International/),
    titled('company-runners', `/company/${companyId}/runners`, /Screenshot Studios International/),
    titled('company-wallets', `/company/${companyId}/wallets`, /Screenshot Studios International/),
    titled('company-domains', `/company/${companyId}/domains`, /Screenshot Studios International/),
    titled('admin-landing', '/admin', /^Platform administration/),
    titled('admin-users', '/admin/users', /^Users/),
    titled('admin-billing', '/admin/billing', /^Billing/),
    titled('admin-broadcasts', '/admin/broadcasts', /^Broadcasts/),
    titled('admin-skills', '/admin/skills', /^Skill documents/),
    titled('admin-usage', '/admin/usage', /^Platform usage/),
    titled('admin-models', '/admin/models', /^Models/),
  ]

  /** Lets the page lay out again after a viewport or colour-scheme change (no fixed wait). */
  const settle = () => page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => done())))
  const fits = async (name: string, width: number) => {
    const { excess, wide } = await overflow(page)
    expect.soft(excess, `${name} is ${excess} px wider than a ${width} px screen: ${wide.join('; ')}`).toBeLessThanOrEqual(0)
  }
  const checkThemes = async (name: string, width: number) => {
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme })
      await settle()
      await expectAccessible(page, `${name} (${width} px, ${theme})`, theme === 'dark' ? COLOUR_RULES : undefined)
      await page.screenshot({ path: testInfo.outputPath(`${name}-${width}-${theme}.png`), fullPage: true })
    }
  }

  // Every screen on a phone: loaded at the narrowest width the product promises, then at 390 px.
  for (const s of screens) {
    await test.step(`${s.name} on a phone`, async () => {
      await page.setViewportSize({ width: 360, height: 740 })
      await page.goto(s.path)
      await s.ready(page)
      await fits(s.name, 360)
      await page.setViewportSize({ width: 390, height: 844 })
      await settle()
      await fits(s.name, 390)
      await checkThemes(s.name, 390)
    })
  }

  // The journeys' key screens at desktop width: the owner's and the admin's (the sidebar shows here).
  const desktop = new Set([
    'dashboard',
    'company-detail',
    'onboarding',
    'billing',
    'admin-landing',
    'admin-companies',
    'audit-explorer',
    'admin-usage',
  ])
  await page.setViewportSize({ width: 1440, height: 900 })
  for (const s of screens.filter((x) => desktop.has(x.name))) {
    await test.step(`${s.name} at 1440 px`, async () => {
      await page.goto(s.path)
      await s.ready(page)
      await checkThemes(s.name, 1440)
    })
  }

  expect(errors).toEqual([])
})

test('on a phone the account menu and the sections are reachable', async ({ page, baseURL }) => {
  const origin = baseURL!
  const errors = watchErrors(page)
  await signInAsPlatformOwner(page.request, origin)
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto('/dashboard')

  const account = page.getByRole('button', { name: /^Account menu/ })
  await expect(account).toBeInViewport()
  await account.click()
  const logOut = page.getByRole('menuitem', { name: 'Log out' })
  await expect(logOut).toBeInViewport()
  await expect(page.getByRole('menuitemradio', { name: 'Dark' })).toBeInViewport()
  await page.keyboard.press('Escape')
  await expect(account).toBeFocused()

  // The sidebar is a menu behind a button on a phone.
  const sections = page.getByRole('navigation', { name: 'Sections' })
  await expect(sections).toBeHidden()
  await page.getByRole('button', { name: 'Navigation menu' }).click()
  await expect(sections.getByRole('link', { name: 'Provider credentials' })).toBeInViewport()
  await sections.getByRole('link', { name: 'Provider credentials' }).click()
  await expect(page).toHaveURL(/\/credentials$/)
  await expect(sections).toBeHidden()

  expect(errors).toEqual([])
})
