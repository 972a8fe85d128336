import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

const slow = { timeout: 5000 }

function acmeRunningItsDraft() {
  resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
  const acme = db.fleet.companies.find((c) => c.id === 'c-acme')!
  acme.draft.settings = { autonomy: true, budgetUsd: 250 }
  acme.deployedConfig = structuredClone(acme.draft)
  acme.deployedDraftVersion = acme.draftVersion
  return acme
}

describe('draft settings', { timeout: 20_000 }, () => {
  it('edits each setting with a field of its type, saves to the draft, and the diff shows it', async () => {
    const acme = acmeRunningItsDraft()
    const { user } = renderRoute('/company/c-acme')
    const form = await screen.findByRole('form', { name: 'Draft settings' }, slow)
    const autonomy = within(form).getByRole('checkbox', { name: 'autonomy' })
    const budget = within(form).getByRole('spinbutton', { name: 'budgetUsd' })
    expect(autonomy).toBeChecked()
    expect(budget).toHaveValue(250)
    await user.click(autonomy)
    await user.clear(budget)
    await user.type(budget, '300')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(acme.draft.settings).toEqual({ autonomy: false, budgetUsd: 300 }), slow)
    const changes = screen.getByRole('region', { name: 'Draft changes' })
    const list = await within(changes).findByRole('list', { name: 'Changes against what runs' }, slow)
    const lines = within(list)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(lines).toEqual(expect.arrayContaining(['Setting autonomy changed', 'Setting budgetUsd changed']))
  })

  it('says someone else saved first on a stale draft, and saves nothing', async () => {
    const acme = acmeRunningItsDraft()
    const { user } = renderRoute('/company/c-acme')
    const form = await screen.findByRole('form', { name: 'Draft settings' }, slow)
    acme.draftVersion += 1
    await user.click(within(form).getByRole('checkbox', { name: 'autonomy' }))
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    expect(await within(form).findByRole('alert', undefined, slow)).toHaveTextContent('Someone else saved first.')
    expect(acme.draft.settings.autonomy).toBe(true)
    await waitFor(() => expect(within(form).getByRole('checkbox', { name: 'autonomy' })).toBeChecked())
  })
})
