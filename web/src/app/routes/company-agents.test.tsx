import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import { apiError } from '@/testing/http'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

const slow = { timeout: 5000 }

function signIn() {
  resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
}

async function agentsTable() {
  return screen.findByRole('table', undefined, slow)
}

describe('agents of an exocorp', { timeout: 20_000 }, () => {
  it('lists agents and adds one on its own page, with field errors from the BFF inline', async () => {
    signIn()
    const acme = db.fleet.companies.find((c) => c.id === 'c-acme')!
    acme.deployedConfig = structuredClone(acme.draft)
    const user = userEvent.setup()
    renderRoute('/company/c-acme/agents')
    const table = await agentsTable()
    expect(within(table).getByRole('rowheader', { name: 'CEO' })).toBeInTheDocument()
    await user.click(screen.getByRole('link', { name: 'Add agent' }))
    const form = await screen.findByRole('form', { name: 'Add agent' }, slow)
    // The catalog is grouped by provider, each model with its context window and price.
    expect(await within(form).findByRole('option', { name: /^GPT-4o · 128k context · \$2\.50 in/ }, slow)).toBeInTheDocument()
    expect(within(form).getByRole('group', { name: 'anthropic' })).toBeInTheDocument()
    await user.type(within(form).getByLabelText('Name'), 'ceo')
    await user.type(within(form).getByLabelText('Role'), 'Second CEO')
    await user.selectOptions(within(form).getByLabelText('Model'), 'gpt-4o')
    await user.click(within(form).getByRole('button', { name: 'Add agent' }))
    expect(await within(form).findByText('Another agent already has this name', undefined, slow)).toBeInTheDocument()
    await user.clear(within(form).getByLabelText('Name'))
    await user.type(within(form).getByLabelText('Name'), 'Researcher')
    await user.click(within(form).getByRole('button', { name: 'Add agent' }))
    // The new agent's own page opens at its stable URL.
    expect(await screen.findByRole('heading', { name: 'Researcher', level: 2 }, slow)).toBeInTheDocument()
    expect(screen.getByText('Not deployed')).toBeInTheDocument()
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')?.draft.agents.map((a) => a.name)).toContain('Researcher')
  })

  it('rolls a delete back when the BFF fails', async () => {
    signIn()
    const user = userEvent.setup()
    server.use(http.delete('/api/registry/companies/:id/agents/:agentId', () => apiError(500, 'internal', 'Something broke')))
    renderRoute('/company/c-acme/agents')
    await agentsTable()
    await user.click(screen.getByRole('button', { name: 'Delete Engineer' }))
    await user.click(await screen.findByRole('button', { name: 'Delete agent' }))
    await waitFor(() => expect(screen.getByRole('rowheader', { name: 'Engineer' })).toBeInTheDocument(), slow)
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')?.draft.agents).toHaveLength(2)
  })

  it('says someone else saved first when a list action meets a stale baseVersion, and reloads the draft', async () => {
    signIn()
    const user = userEvent.setup()
    renderRoute('/company/c-acme/agents')
    await agentsTable()
    // Another tab saves a new version meanwhile.
    db.fleet.companies.find((c) => c.id === 'c-acme')!.draftVersion += 1
    await user.click(screen.getByRole('button', { name: 'Duplicate CEO' }))
    const alert = await screen.findByRole('alert', undefined, slow)
    expect(alert).toHaveTextContent('Someone else saved first.')
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')?.draft.agents).toHaveLength(2)
    await user.click(within(alert).getByRole('button', { name: 'Reload the draft' }))
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument())
  })

  it('shows the draft ↔ running diff with an apply that names the action', async () => {
    signIn()
    const acme = db.fleet.companies.find((c) => c.id === 'c-acme')!
    acme.deployedConfig = structuredClone(acme.draft)
    acme.draft.agents[0]!.model = 'gpt-4o'
    renderRoute('/company/c-acme')
    const changes = await screen.findByRole('region', { name: 'Draft changes' }, slow)
    expect(await within(changes).findByText(/model gpt-4.1 → gpt-4o/, undefined, slow)).toBeInTheDocument()
    expect(within(changes).getByRole('button', { name: 'Apply (reprovision)' })).toBeEnabled()
  })

  it('applies the draft and shows it matching what runs once the job settles, without a reload', async () => {
    signIn()
    db.fleet.phaseMs = 200
    const acme = db.fleet.companies.find((c) => c.id === 'c-acme')!
    acme.deployedConfig = structuredClone(acme.draft)
    acme.draft.agents[0]!.model = 'gpt-4o'
    const { user } = renderRoute('/company/c-acme')
    const changes = await screen.findByRole('region', { name: 'Draft changes' }, slow)
    await user.click(await within(changes).findByRole('button', { name: 'Apply (reprovision)' }, slow))
    const dialog = await screen.findByRole('dialog', { name: 'Apply the draft: reprovision' })
    expect(within(dialog).getByText(/model gpt-4.1 → gpt-4o/)).toBeInTheDocument()
    await user.type(within(dialog).getByLabelText(/Type acme-research to confirm/), 'acme-research')
    await user.click(within(dialog).getByRole('button', { name: 'Apply (reprovision)' }))
    expect(
      await within(changes).findByText(/The running exocorp matches the saved draft/, undefined, { timeout: 10_000 }),
    ).toBeInTheDocument()
  })
})
