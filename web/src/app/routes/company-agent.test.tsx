import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import { apiError } from '@/testing/http'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

const slow = { timeout: 5000 }

function acme() {
  return db.fleet.companies.find((c) => c.id === 'c-acme')!
}

async function agentForm() {
  return screen.findByRole('form', { name: 'Save agent' }, slow)
}

async function rename(form: HTMLElement, name: string) {
  const user = userEvent.setup()
  await user.clear(within(form).getByLabelText('Name'))
  await user.type(within(form).getByLabelText('Name'), name)
  await user.click(within(form).getByRole('button', { name: 'Save agent' }))
}

describe('an agent at its own URL', { timeout: 20_000 }, () => {
  it('opens from the list, shows draft against running, and saves an edit', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    acme().deployedConfig = structuredClone(acme().draft)
    const { user, router } = renderRoute('/company/c-acme/agents')
    await user.click(await screen.findByRole('link', { name: 'CEO' }, slow))
    const form = await agentForm()
    expect(router.state.location.pathname).toBe('/company/c-acme/agents/ceo')
    expect(screen.getByText('Running as saved')).toBeInTheDocument()
    await within(form).findByRole('option', { name: /^GPT-4o ·/ }, slow)
    await user.selectOptions(within(form).getByLabelText('Model'), 'gpt-4o')
    await user.click(within(form).getByRole('button', { name: 'Save agent' }))
    expect(await screen.findByText('Changed, not applied', undefined, slow)).toBeInTheDocument()
    const running = screen.getByRole('region', { name: 'Draft and running' })
    const model = within(running).getByRole('row', { name: /model/ })
    expect(model).toHaveTextContent('gpt-4.1')
    expect(model).toHaveTextContent('gpt-4o')
    expect(within(model).getByText('changed')).toBeInTheDocument()
    expect(acme().draft.agents[0]).toMatchObject({ name: 'CEO', model: 'gpt-4o' })
  })

  it('shows a field error from the BFF inline and saves nothing', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    renderRoute('/company/c-acme/agents/ceo')
    const form = await agentForm()
    await rename(form, 'engineer')
    expect(await within(form).findByText('Another agent already has this name', undefined, slow)).toBeInTheDocument()
    expect(within(form).getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true')
    expect(acme().draft.agents.map((a) => a.name)).toEqual(['CEO', 'Engineer'])
  })

  it('rolls an optimistic edit back when the BFF fails', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    let calls = 0
    server.use(
      http.patch('/api/registry/companies/:id/agents/:agentId', () => {
        calls += 1
        return apiError(500, 'internal', 'Something broke')
      }),
    )
    renderRoute('/company/c-acme/agents/ceo')
    const form = await agentForm()
    await rename(form, 'Chief')
    expect(await screen.findByText('Something broke', undefined, slow)).toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('heading', { name: 'CEO', level: 2 })).toBeInTheDocument(), slow)
    expect(calls).toBe(1)
    expect(acme().draft.agents[0]?.name).toBe('CEO')
  })

  it('says someone else saved first on a stale baseVersion, then reloads and re-applies only my change', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    renderRoute('/company/c-acme/agents/ceo')
    const form = await agentForm()
    // Another tab changes the CEO's role meanwhile.
    acme().draft.agents[0]!.role = 'Decides'
    acme().draftVersion += 1
    await rename(form, 'Chief')
    const alert = await screen.findByRole('alert', undefined, slow)
    expect(alert).toHaveTextContent('Someone else saved first.')
    // The optimistic rename rolled back; nothing was saved.
    expect(screen.getByRole('heading', { name: 'CEO', level: 2 })).toBeInTheDocument()
    expect(acme().draft.agents[0]?.name).toBe('CEO')
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Reload and re-apply my change' }))
    expect(await screen.findByRole('heading', { name: 'Chief', level: 2 }, slow)).toBeInTheDocument()
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument())
    // My rename landed on top of the other save, which is kept.
    expect(acme().draft.agents[0]).toMatchObject({ name: 'Chief', role: 'Decides' })
    expect(within(await agentForm()).getByLabelText('Role')).toHaveValue('Decides')
  })

  it('duplicates into a new agent page, and deletes after confirming', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user, router } = renderRoute('/company/c-acme/agents/engineer')
    const form = await agentForm()
    await user.click(within(form).getByRole('button', { name: 'Duplicate' }))
    expect(await screen.findByRole('heading', { name: 'Engineer (copy)', level: 2 }, slow)).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/company/c-acme/agents/engineer-copy')
    await user.click(within(await agentForm()).getByRole('button', { name: 'Delete' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete Engineer (copy)?' })
    await user.click(within(dialog).getByRole('button', { name: 'Delete agent' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/company/c-acme/agents'), slow)
    expect(await screen.findByRole('rowheader', { name: 'Engineer' }, slow)).toBeInTheDocument()
    expect(screen.queryByRole('rowheader', { name: 'Engineer (copy)' })).not.toBeInTheDocument()
    expect(acme().draft.agents.map((a) => a.name)).toEqual(['CEO', 'Engineer'])
  })

  it('flags a model whose provider has no bound credential, and binds the only one in one click', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    delete acme().bindings.anthropic
    const { user } = renderRoute('/company/c-acme/agents/engineer')
    const note = await screen.findByRole('note', undefined, slow)
    expect(note).toHaveTextContent('No anthropic credential bound')
    await user.click(within(note).getByRole('button', { name: 'Bind “Anthropic team key”' }))
    await waitFor(() => expect(screen.queryByRole('note')).not.toBeInTheDocument(), slow)
    expect(acme().bindings.anthropic).toBe('s-anthropic')
  })

  it('says so when the agent does not exist', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    renderRoute('/company/c-acme/agents/nobody')
    expect(await screen.findByRole('heading', { name: 'Agent not found', level: 2 }, slow)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Back to the agents' })).toHaveAttribute('href', '/company/c-acme/agents')
  })
})
