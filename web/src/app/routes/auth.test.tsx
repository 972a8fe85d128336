import { screen, waitFor, within } from '@testing-library/react'
import { http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { leaveApp } from '@/lib/leave-app'
import { apiError } from '@/testing/http'
import { MOCK_PASSWORD, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

vi.mock('@/lib/leave-app', () => ({ leaveApp: vi.fn() }))

describe('sign-up', () => {
  it('shows the recovery kit once and enters the console only after it is saved', async () => {
    const { user } = renderRoute('/sign-up')
    await user.type(await screen.findByLabelText('Name'), 'Grace Hopper')
    await user.type(screen.getByLabelText('Email'), 'grace@example.com')
    await user.type(screen.getByLabelText('Password'), 'a long passphrase')
    await user.click(screen.getByRole('button', { name: 'Create account' }))

    const codes = await screen.findByRole('list', { name: 'Recovery codes' })
    expect(within(codes).getAllByRole('listitem')).toHaveLength(10)
    const proceed = screen.getByRole('button', { name: 'Continue to the console' })
    expect(proceed).toBeDisabled()
    await user.click(screen.getByLabelText('I have saved these codes somewhere safe'))
    await user.click(proceed)
    expect(await screen.findByText('Welcome, Grace Hopper.')).toBeInTheDocument()
  })

  it('shows the same kit again after a reload until it is saved, then never shows sign-up to the signed-in user', async () => {
    const first = renderRoute('/sign-up')
    await first.user.type(await screen.findByLabelText('Name'), 'Grace Hopper')
    await first.user.type(screen.getByLabelText('Email'), 'grace@example.com')
    await first.user.type(screen.getByLabelText('Password'), 'a long passphrase')
    await first.user.click(screen.getByRole('button', { name: 'Create account' }))
    const shown = within(await screen.findByRole('list', { name: 'Recovery codes' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    first.unmount()

    // The reload: a fresh app on the same URL and session.
    const reloaded = renderRoute('/sign-up')
    const again = await screen.findByRole('list', { name: 'Recovery codes' })
    expect(
      within(again)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(shown)
    expect(screen.queryByRole('button', { name: 'Create account' })).not.toBeInTheDocument()
    await reloaded.user.click(screen.getByLabelText('I have saved these codes somewhere safe'))
    await reloaded.user.click(screen.getByRole('button', { name: 'Continue to the console' }))
    expect(await screen.findByText('Welcome, Grace Hopper.')).toBeInTheDocument()
    reloaded.unmount()

    // Saved: the sign-up page now sends the signed-in user on to the console.
    const later = renderRoute('/sign-up')
    expect(await screen.findByText('Welcome, Grace Hopper.')).toBeInTheDocument()
    expect(later.router.state.location.pathname).toBe('/dashboard')
    expect(screen.queryByRole('list', { name: 'Recovery codes' })).not.toBeInTheDocument()
  })

  it('shows field errors before sending anything', async () => {
    const { user } = renderRoute('/sign-up')
    await user.type(await screen.findByLabelText('Password'), 'short')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByText('Password must be at least 8 characters')).toBeInTheDocument()
    expect(screen.getByText('Enter a valid email address')).toBeInTheDocument()
  })

  it('puts a taken email next to the field', async () => {
    const { user } = renderRoute('/sign-up')
    await user.type(await screen.findByLabelText('Name'), 'Olive')
    await user.type(screen.getByLabelText('Email'), 'owner@demo.exocorp.dev')
    await user.type(screen.getByLabelText('Password'), 'another passphrase')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('An account with this email already exists')
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true')
  })
})

describe('sign-in', () => {
  it('shows the server message on a 401', async () => {
    const { user } = renderRoute('/sign-in')
    await user.type(await screen.findByLabelText('Email'), 'owner@demo.exocorp.dev')
    await user.type(screen.getByLabelText('Password'), 'not the password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is incorrect')
  })

  it('sends a visitor of a protected page to sign-in and back there afterwards', async () => {
    const { user, router } = renderRoute('/account/profile')
    await user.type(await screen.findByLabelText('Email'), 'owner@demo.exocorp.dev')
    expect(router.state.location.pathname).toBe('/sign-in')
    await user.type(screen.getByLabelText('Password'), MOCK_PASSWORD)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    // Wait for the profile page itself (its lazy chunk may take a while on a busy machine): the sign-in form's
    // Email field holds the same value, so looking for the value alone can find the field that is about to go.
    expect(await screen.findByRole('heading', { name: 'Change password' }, { timeout: 5_000 })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/account/profile')
    expect(screen.getByLabelText('Email')).toHaveValue('owner@demo.exocorp.dev')
  })

  it('comes back to the operator portal hand-off with a full page load after sign-in', async () => {
    const assign = vi.mocked(leaveApp)
    assign.mockClear()
    {
      const next = '/api/portal/handoff?slug=acme-research'
      const { user } = renderRoute(`/sign-in?next=${encodeURIComponent(next)}`)
      await user.type(await screen.findByLabelText('Email'), 'owner@demo.exocorp.dev')
      await user.type(screen.getByLabelText('Password'), MOCK_PASSWORD)
      await user.click(screen.getByRole('button', { name: 'Sign in' }))
      await waitFor(() => expect(assign).toHaveBeenCalledWith(next))
      expect(assign).toHaveBeenCalledTimes(1)
    }
  })

  it('shows the request id when the server fails', async () => {
    server.use(http.post('/api/auth/login', () => apiError(500, 'internal', 'Something went wrong on our side.')))
    const { user } = renderRoute('/sign-in')
    await user.type(await screen.findByLabelText('Email'), 'owner@demo.exocorp.dev')
    await user.type(screen.getByLabelText('Password'), 'whatever-123')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('(request mock-request)')
  })
})

describe('console shell', () => {
  it('shows the title, the user menu and no admin context for an owner', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user } = renderRoute('/dashboard')
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /^Switch context/ }))
    expect(await screen.findByRole('menuitem', { name: 'Your exocorps' })).toBeInTheDocument()
    expect(screen.queryByRole('menuitem', { name: 'Platform administration' })).not.toBeInTheDocument()
  })

  it('signs out from the user menu', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user, router } = renderRoute('/dashboard')
    await user.click(await screen.findByRole('button', { name: /Account menu/ }))
    await user.click(await screen.findByRole('menuitem', { name: 'Log out' }))
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/sign-in')
  })

  it('offers platform administration to a platform owner', async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/dashboard')
    await user.click(await screen.findByRole('button', { name: /^Switch context/ }))
    await user.click(await screen.findByRole('menuitem', { name: 'Platform administration' }))
    expect(await screen.findByRole('heading', { name: 'Latest audit events' }, { timeout: 5_000 })).toBeInTheDocument()
  })
})
