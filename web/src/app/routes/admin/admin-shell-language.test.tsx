import { act, screen, waitFor, within } from '@testing-library/react'
import { onlineManager } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { en } from '@/lib/i18n/en'
import { catalog as de } from '@/lib/i18n/de'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Decision 050, the console around the admin screens: the top bar, the user menu, the context
// switcher, the sidebar's landmark and the offline banner read the admin console's language on
// /admin, and English again on the owner's own screens (which are not localized yet).

const SLOW = { timeout: 10_000 }

describe('the console shell follows the admin language', () => {
  it('reads German around an admin screen, and English again on the owner’s screens', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const admin = db.users.find((u) => u.email === 'admin@demo.exocorp.dev')!
    const { user } = renderRoute('/admin/companies')
    await screen.findByRole('table', { name: en.companies.caption }, SLOW)
    expect(screen.getByRole('navigation', { name: en.chrome.sections })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: new RegExp(`^Account menu for ${admin.name}`) }))
    await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))
    await screen.findByRole('table', { name: de.companies.caption }, SLOW)

    // Top bar and sidebar landmarks.
    expect(await screen.findByRole('navigation', { name: de.chrome.sections }, SLOW)).toBeInTheDocument()
    expect(screen.queryByRole('navigation', { name: en.chrome.sections })).not.toBeInTheDocument()
    expect(screen.getByRole('link', { name: de.chrome.skip })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: de.chrome.navMenu })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: de.chrome.home })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: de.topbar.feedback })).toBeInTheDocument()

    // The user menu: its name, headings, entries and sign-out.
    const account = screen.getByRole('button', { name: new RegExp(`^Kontomenü für ${admin.name}`) })
    await user.click(account)
    const menu = await screen.findByRole('menu')
    for (const item of [de.chrome.profile, de.chrome.devices, de.chrome.apiTokens, de.chrome.logOut])
      expect(within(menu).getByRole('menuitem', { name: item })).toBeInTheDocument()
    expect(within(menu).queryByRole('menuitem', { name: en.chrome.logOut })).not.toBeInTheDocument()
    expect(within(menu).getByRole('group', { name: de.chrome.theme })).toBeInTheDocument()
    expect(within(menu).getByRole('group', { name: de.chrome.language })).toBeInTheDocument()
    expect(within(menu).getByRole('menuitemradio', { name: de.chrome.theme_dark })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('menu')).not.toBeInTheDocument())

    // The context switcher names the admin context and its way back in German.
    const switcher = screen.getByRole('button', { name: new RegExp(`^${de.chrome.switchContext}`) })
    expect(switcher).toHaveTextContent(de.chrome.admin)
    await user.click(switcher)
    const contexts = await screen.findByRole('menu')
    expect(within(contexts).getByRole('menuitem', { name: de.chrome.create })).toBeInTheDocument()
    expect(within(contexts).getByRole('menuitem', { name: de.chrome.admin })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('menu')).not.toBeInTheDocument())

    // The offline banner.
    try {
      act(() => onlineManager.setOnline(false))
      expect(await screen.findByRole('alert')).toHaveTextContent(`${de.chrome.offline} ${de.chrome.offlineMore}`)
    } finally {
      act(() => onlineManager.setOnline(true))
    }

    // Leaving for the owner's own screens brings their English back, the shell's included.
    await user.click(screen.getByRole('button', { name: new RegExp(`^${de.chrome.switchContext}`) }))
    await user.click(await screen.findByRole('menuitem', { name: de.chrome.yourExocorps }))
    expect(await screen.findByRole('button', { name: new RegExp(`^Account menu for ${admin.name}`) }, SLOW)).toBeInTheDocument()
    expect(screen.getByRole('navigation', { name: en.chrome.sections })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: new RegExp(`^${en.chrome.switchContext}`) })).toHaveTextContent(
      en.chrome.yourExocorps,
    )
  })
})
