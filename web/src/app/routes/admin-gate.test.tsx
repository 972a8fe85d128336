import { screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { en } from '@/lib/i18n/en'
import { catalog as de } from '@/lib/i18n/de'
import { useLocaleStore } from '@/lib/locale'
import { resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Decision 064: /admin speaks the chosen language before the admin chunk has loaded: the gate's
// loading label and refusal, and the console shell around it, from the handful of words that ship
// with the first route (lib/i18n/gate-text.ts).

// The admin chunk arrives only when a test lets it, so what shows before it can be looked at.
const chunk = vi.hoisted(() => {
  let release = () => {}
  const arrived = new Promise<void>((resolve) => (release = resolve))
  return { arrived, release }
})
vi.mock('./admin/admin-routes', async (importOriginal) => {
  await chunk.arrived
  return importOriginal()
})

const SLOW = { timeout: 10_000 }

function chooseGerman(userId: string) {
  useLocaleStore.setState({ byUser: { [userId]: 'de' } })
}

describe('the admin gate in the chosen language', () => {
  it('refuses a non-admin in German', { timeout: 20_000 }, async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    chooseGerman('u-owner')
    renderRoute('/admin/companies')
    const alert = await screen.findByRole('alert', {}, SLOW)
    expect(alert).toHaveTextContent(de.shell.refused)
    expect(screen.queryByText(en.shell.refused)).not.toBeInTheDocument()
  })

  it('shows its loading label and the shell in German until the admin chunk mounts', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    chooseGerman('u-admin')
    renderRoute('/admin/companies')

    // The admin chunk is held back: only the gate and the shell are on screen.
    // (Before the person is known, the app's own placeholder says "Loading…": no language yet.)
    const loading = await screen.findByText(`${de.shell.loadingAdmin}…`, undefined, SLOW)
    expect(loading.closest('[role="status"]')).not.toBeNull()
    expect(screen.queryByText(new RegExp(en.shell.loadingAdmin))).not.toBeInTheDocument()
    expect(screen.getByRole('navigation', { name: de.chrome.sections })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: de.chrome.navMenu })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: de.chrome.home })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /^Kontomenü für Ada Admin/ })).toBeInTheDocument()
    const switcher = screen.getByRole('button', { name: new RegExp(`^${de.chrome.switchContext}`) })
    expect(switcher).toHaveTextContent(de.chrome.admin)
    expect(screen.queryByRole('navigation', { name: en.chrome.sections })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /^Account menu/ })).not.toBeInTheDocument()

    // The chunk arrives: the screen is German at once, and so is the shell, now from the catalog.
    chunk.release()
    const table = await screen.findByRole('table', { name: de.companies.caption }, SLOW)
    expect(within(table).getAllByRole('row').length).toBeGreaterThan(1)
    expect(screen.queryByRole('table', { name: en.companies.caption })).not.toBeInTheDocument()
    expect(screen.getByRole('navigation', { name: de.chrome.sections })).toBeInTheDocument()
  })
})
