import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

const slow = { timeout: 5000 }

describe('top-bar menus', { timeout: 20_000 }, () => {
  it('work from the keyboard: arrows move, Escape closes and returns focus', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user } = renderRoute('/dashboard')
    const button = await screen.findByRole('button', { name: /^Switch context/ }, slow)
    button.focus()
    await user.keyboard('{ArrowDown}')
    const menu = await screen.findByRole('menu')
    expect(button).toHaveAttribute('aria-expanded', 'true')
    const items = within(menu).getAllByRole('menuitem')
    expect(items[0]).toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(items[1]).toHaveFocus()
    await user.keyboard('{End}')
    expect(items.at(-1)).toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(items[0]).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('menu')).not.toBeInTheDocument()
    expect(button).toHaveFocus()
  })

  it('lists the owner’s exocorps and opens one, or starts onboarding', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user, router } = renderRoute('/dashboard')
    await screen.findByRole('list', { name: 'Your exocorps' }, slow)
    await user.click(screen.getByRole('button', { name: /^Switch context/ }))
    const group = within(await screen.findByRole('menu')).getByRole('group', { name: 'Exocorps' })
    expect(within(group).getAllByRole('menuitem')).toHaveLength(7)
    await user.click(within(group).getByRole('menuitem', { name: 'Paused Press' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/company/c-paused'))
    expect(screen.queryByRole('menu')).not.toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: /^Switch context/ }))
    await user.keyboard('{End}{Enter}')
    expect(await screen.findByLabelText('Exocorp name', undefined, slow)).toBeInTheDocument()
  })

  it('checks the chosen theme in the account menu', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user } = renderRoute('/dashboard')
    await user.click(await screen.findByRole('button', { name: /Account menu/ }, slow))
    await user.click(screen.getByRole('menuitemradio', { name: 'Dark' }))
    expect(document.documentElement).toHaveAttribute('data-theme', 'dark')
    await user.click(screen.getByRole('button', { name: /Account menu/ }))
    expect(screen.getByRole('menuitemradio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true')
    expect(screen.getByRole('menuitemradio', { name: 'System' })).toHaveAttribute('aria-checked', 'false')
  })
})
