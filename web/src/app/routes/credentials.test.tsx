import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

const slow = { timeout: 5000 }

describe('provider credentials', { timeout: 20_000 }, () => {
  it('lists credentials with their last four only and which exocorps use them', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    renderRoute('/credentials')
    const table = await screen.findByRole('table', { name: 'Provider credentials' }, slow)
    const row = within(table).getByRole('row', { name: /OpenAI production/ })
    expect(row).toHaveTextContent('•••• 7f3a')
    expect(row).not.toHaveTextContent('sk-mock-openai')
    expect(within(row).getByRole('link', { name: 'Acme Research' })).toHaveAttribute('href', '/company/c-acme')
  })

  it('adds, rotates and deletes a credential', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user } = renderRoute('/credentials')
    await screen.findByRole('table', { name: 'Provider credentials' }, slow)
    await user.selectOptions(screen.getByLabelText('Provider'), 'mistral')
    await user.type(screen.getByLabelText('Label'), 'Mistral dev')
    await user.type(screen.getByLabelText('API key'), 'short')
    await user.click(screen.getByRole('button', { name: 'Add credential' }))
    expect(await screen.findByText('That does not look like a credential')).toBeInTheDocument()
    await user.clear(screen.getByLabelText('API key'))
    await user.type(screen.getByLabelText('API key'), 'mistral-key-abcd')
    await user.click(screen.getByRole('button', { name: 'Add credential' }))
    const row = await screen.findByRole('row', { name: /Mistral dev/ }, slow)
    expect(row).toHaveTextContent('•••• abcd')

    await user.click(within(row).getByRole('button', { name: 'Rotate Mistral dev' }))
    const rotate = await screen.findByRole('dialog', { name: 'Rotate Mistral dev' })
    await user.type(within(rotate).getByLabelText('New API key'), 'mistral-key-wxyz')
    await user.click(within(rotate).getByRole('button', { name: 'Rotate' }))
    await waitFor(() => expect(screen.getByRole('row', { name: /Mistral dev/ })).toHaveTextContent('•••• wxyz'), slow)

    await user.click(screen.getByRole('button', { name: 'Delete Mistral dev' }))
    const del = await screen.findByRole('dialog', { name: 'Delete Mistral dev?' })
    await user.click(within(del).getByRole('button', { name: 'Delete credential' }))
    await waitFor(() => expect(screen.queryByRole('row', { name: /Mistral dev/ })).not.toBeInTheDocument(), slow)
    expect(db.fleet.secrets.some((s) => s.label === 'Mistral dev')).toBe(false)
  })

  it('explains why a credential still in use cannot be deleted', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user } = renderRoute('/credentials')
    await user.click(await screen.findByRole('button', { name: 'Delete OpenAI production' }, slow))
    const del = await screen.findByRole('dialog', { name: 'Delete OpenAI production?' })
    await user.click(within(del).getByRole('button', { name: 'Delete credential' }))
    expect(await within(del).findByRole('alert', undefined, slow)).toHaveTextContent(/Still used by Acme Research/)
  })
})
