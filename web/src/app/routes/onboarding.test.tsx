import { screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { useOnboardingStore } from '@/features/onboarding/stores/onboarding-store'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

const slow = { timeout: 5000 }

function signIn() {
  resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
}

describe('onboarding', { timeout: 20_000 }, () => {
  beforeEach(() => useOnboardingStore.getState().reset())

  it('walks name → slug → channel → providers → review, creates the draft and provisions it', async () => {
    signIn()
    db.fleet.phaseMs = 60_000
    const { user, router } = renderRoute('/onboarding')
    await user.type(await screen.findByLabelText('Exocorp name', undefined, slow), 'Moon Bakery')
    await user.click(screen.getByRole('button', { name: 'Continue' }))

    // The slug follows the name and is checked live.
    const slug = await screen.findByLabelText('Slug')
    expect(slug).toHaveValue('moon-bakery')
    expect(await screen.findByText('moon-bakery is available', undefined, slow)).toBeInTheDocument()
    // The hint names the hosts the platform answered for this slug.
    expect(slug).toHaveAccessibleDescription(/moon-bakery\.exocorp\.company .* moon-bakery\.exocorp\.app/)
    await user.clear(slug)
    await user.type(slug, 'moon-bakery-2')
    expect(slug).toHaveAccessibleDescription(/moon-bakery-2\.exocorp\.company/)
    expect(await screen.findByText('moon-bakery-2 is available', undefined, slow)).toBeInTheDocument()
    await user.clear(slug)
    await user.type(slug, 'moon-bakery')
    expect(await screen.findByText('moon-bakery is available', undefined, slow)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Continue' }))

    await user.click(await screen.findByRole('radio', { name: /Beta/ }))
    await user.click(screen.getByRole('button', { name: 'Continue' }))

    // Beta needs openai and anthropic; google is optional.
    expect(await screen.findByLabelText(/openai \(required\)/, undefined, slow)).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText(/openai \(required\)/), 's-openai')
    await user.selectOptions(screen.getByLabelText(/anthropic \(required\)/), 's-anthropic')
    expect(screen.getByLabelText(/google \(optional\)/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Continue' }))

    expect(screen.getByText('moon-bakery.exocorp.company, moon-bakery.exocorp.app')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Create exocorp' }))
    expect(await screen.findByRole('heading', { name: 'Moon Bakery is saved as a draft' }, slow)).toBeInTheDocument()
    const created = db.fleet.companies.find((c) => c.slug === 'moon-bakery')!
    expect(created).toMatchObject({
      status: 'draft',
      channel: 'beta',
      bindings: { openai: 's-openai', anthropic: 's-anthropic' },
    })
    // A new draft has no agents; onboarding saves a starter team so it can be provisioned.
    expect(created.draft.agents.map((a) => a.name)).toEqual(['CEO', 'Engineer'])
    expect(created.draftVersion).toBe(2)

    await user.click(screen.getByRole('button', { name: 'Provision now' }))
    await waitFor(() => expect(router.state.location.pathname).toBe(`/company/${created.id}`), slow)
    expect(await screen.findByText(/Phase 1 of 7/, undefined, slow)).toBeInTheDocument()
  })

  it('makes each step a history entry: Back returns to the previous step with its data', async () => {
    signIn()
    const { user, router } = renderRoute('/onboarding')
    await user.type(await screen.findByLabelText('Exocorp name', undefined, slow), 'Moon Bakery')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect(await screen.findByLabelText('Slug')).toHaveValue('moon-bakery')
    await waitFor(() => expect(router.state.location.search).toBe('?step=2'))
    expect(await screen.findByText('moon-bakery is available', undefined, slow)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect(await screen.findByRole('radio', { name: /Beta/ }, slow)).toBeInTheDocument()
    await waitFor(() => expect(router.state.location.search).toBe('?step=3'))

    await router.navigate(-1)
    expect(await screen.findByLabelText('Slug', undefined, slow)).toHaveValue('moon-bakery')
    await router.navigate(-1)
    expect(await screen.findByLabelText('Exocorp name', undefined, slow)).toHaveValue('Moon Bakery')
    expect(router.state.location.pathname).toBe('/onboarding')
  })

  it('never jumps past what is filled in when the address names a later step', async () => {
    signIn()
    renderRoute('/onboarding?step=5')
    expect(await screen.findByLabelText('Exocorp name', undefined, slow)).toBeInTheDocument()
  })

  it('refuses a taken slug and an unsafe one before going on', async () => {
    signIn()
    const { user } = renderRoute('/onboarding')
    await user.type(await screen.findByLabelText('Exocorp name', undefined, slow), 'Acme Research')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    const slug = await screen.findByLabelText('Slug')
    expect(await screen.findByText('This slug is already taken', undefined, slow)).toBeInTheDocument()
    expect(slug).toHaveAttribute('aria-invalid', 'true')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect(screen.getByRole('heading', { name: /Step 2 of 5/ })).toBeInTheDocument()

    await user.clear(slug)
    await user.type(slug, 'bad_slug')
    expect(await screen.findByText('Use lowercase letters, digits and inner hyphens only')).toBeInTheDocument()
    await user.clear(slug)
    await user.type(slug, 'acme-two')
    expect(await screen.findByText('acme-two is available', undefined, slow)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect(await screen.findByRole('heading', { name: /Step 3 of 5/ })).toBeInTheDocument()
  })

  it('keeps the answers when the owner leaves midway and comes back', async () => {
    signIn()
    const first = renderRoute('/onboarding')
    await first.user.type(await screen.findByLabelText('Exocorp name', undefined, slow), 'Half Done')
    await first.user.click(screen.getByRole('button', { name: 'Continue' }))
    expect(await screen.findByLabelText('Slug')).toHaveValue('half-done')
    first.unmount()

    // A reload: memory is gone, only what the browser stored survives.
    const stored = localStorage.getItem('exocorp.onboarding')
    expect(stored).toContain('half-done')
    useOnboardingStore.getState().reset()
    localStorage.setItem('exocorp.onboarding', stored!)
    await useOnboardingStore.persist.rehydrate()

    const second = renderRoute('/onboarding')
    expect(await screen.findByRole('heading', { name: /Step 2 of 5: Address/ }, slow)).toBeInTheDocument()
    expect(screen.getByLabelText('Slug')).toHaveValue('half-done')
    await second.user.click(screen.getByRole('button', { name: 'Start over' }))
    expect(await screen.findByLabelText('Exocorp name')).toHaveValue('')
  })

  it('adds a new credential inline and picks it', async () => {
    signIn()
    db.fleet.secrets = []
    const { user } = renderRoute('/onboarding')
    await user.type(await screen.findByLabelText('Exocorp name', undefined, slow), 'Fresh Start')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect(await screen.findByText('fresh-start is available', undefined, slow)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await user.click(await screen.findByRole('button', { name: 'Continue' }))
    await user.click(await screen.findByRole('button', { name: 'Add a new openai credential' }, slow))
    await user.type(screen.getByLabelText('Label'), 'My OpenAI')
    await user.type(screen.getByLabelText('openai API key'), 'sk-test-1234567890')
    await user.click(screen.getByRole('button', { name: 'Add credential' }))
    const select = screen.getByLabelText(/openai \(required\)/)
    await waitFor(() => expect(within(select).getByRole('option', { name: 'My OpenAI (…7890)' })).toBeInTheDocument(), slow)
    await waitFor(() => expect(select).toHaveDisplayValue('My OpenAI (…7890)'))
  })
})
