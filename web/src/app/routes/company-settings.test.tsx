import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

const slow = { timeout: 5000 }

function acmeRunningItsDraft() {
  resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
  const acme = db.fleet.companies.find((c) => c.id === 'c-acme')!
  acme.draft.settings = { autonomy: true, maxConcurrentTasks: 4, budgetUsd: 250 }
  acme.deployedConfig = structuredClone(acme.draft)
  acme.deployedDraftVersion = acme.draftVersion
  return acme
}

describe('draft settings', { timeout: 20_000 }, () => {
  it('edits declared settings with typed, labelled fields, saves to the draft, and the diff shows it', async () => {
    const acme = acmeRunningItsDraft()
    const { user } = renderRoute('/company/c-acme')
    const form = await screen.findByRole('form', { name: 'Draft settings' }, slow)
    const autonomy = within(form).getByRole('checkbox', { name: 'Autonomous mode' })
    const tasks = within(form).getByRole('spinbutton', { name: 'Concurrent tasks' })
    expect(autonomy).toBeChecked()
    expect(tasks).toHaveValue(4)
    expect(tasks).toHaveAccessibleDescription(/How many tasks the agents work on at once\. Default: 4\. From 1 to 20\./)
    await user.click(autonomy)
    await user.clear(tasks)
    await user.type(tasks, '6')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(acme.draft.settings).toEqual({ autonomy: false, maxConcurrentTasks: 6, budgetUsd: 250 }), slow)
    const changes = screen.getByRole('region', { name: 'Draft changes' })
    const list = await within(changes).findByRole('list', { name: 'Changes against what runs' }, slow)
    const lines = within(list)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(lines).toEqual(expect.arrayContaining(['Setting autonomy changed', 'Setting maxConcurrentTasks changed']))
  })

  it('checks a value against its declaration inline and sends nothing until it fits', async () => {
    const acme = acmeRunningItsDraft()
    const version = acme.draftVersion
    const { user } = renderRoute('/company/c-acme')
    const form = await screen.findByRole('form', { name: 'Draft settings' }, slow)
    const tasks = within(form).getByRole('spinbutton', { name: 'Concurrent tasks' })
    await user.clear(tasks)
    await user.type(tasks, '50')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    expect(await within(form).findByText('Must be at most 20')).toBeVisible()
    expect(tasks).toBeInvalid()
    expect(acme.draftVersion).toBe(version)
    await user.clear(tasks)
    await user.type(tasks, '20')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(acme.draft.settings.maxConcurrentTasks).toBe(20), slow)
  })

  it('adds a declared setting the draft lacks, from its default', async () => {
    const acme = acmeRunningItsDraft()
    const { user } = renderRoute('/company/c-acme')
    const form = await screen.findByRole('form', { name: 'Draft settings' }, slow)
    const addable = within(form).getByRole('list', { name: 'Settings you can add' })
    expect(within(addable).getByText('Log level (default info)')).toBeVisible()
    await user.click(within(addable).getByRole('button', { name: 'Add Log level' }))
    const level = within(form).getByRole('combobox', { name: 'Log level' })
    expect(level).toHaveValue('info')
    await user.selectOptions(level, 'debug')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(acme.draft.settings.logLevel).toBe('debug'), slow)
  })

  it('shows keys the release does not declare as raw values, under a warning', async () => {
    acmeRunningItsDraft()
    renderRoute('/company/c-acme')
    const form = await screen.findByRole('form', { name: 'Draft settings' }, slow)
    expect(within(form).getByRole('note', { name: 'Undeclared settings' })).toHaveTextContent(
      /Release 1\.5\.0 does not declare this key: it is kept and passed to the runtime as it is, unchecked\./,
    )
    expect(within(form).getByRole('spinbutton', { name: 'budgetUsd' })).toHaveValue(250)
  })

  it('says someone else saved first on a stale draft, and saves nothing', async () => {
    const acme = acmeRunningItsDraft()
    const { user } = renderRoute('/company/c-acme')
    const form = await screen.findByRole('form', { name: 'Draft settings' }, slow)
    acme.draftVersion += 1
    await user.click(within(form).getByRole('checkbox', { name: 'Autonomous mode' }))
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    expect(await within(form).findByRole('alert', undefined, slow)).toHaveTextContent('Someone else saved first.')
    expect(acme.draft.settings.autonomy).toBe(true)
    await waitFor(() => expect(within(form).getByRole('checkbox', { name: 'Autonomous mode' })).toBeChecked())
  })
})
