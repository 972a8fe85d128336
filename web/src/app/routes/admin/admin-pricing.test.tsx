import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

const slow = { timeout: 5000 }

function signInAsPlatformOwner() {
  resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
}

describe('admin price books', { timeout: 20_000 }, () => {
  it('publishes a new version after a fresh step-up, and it becomes the active one', async () => {
    signInAsPlatformOwner()
    const { user } = renderRoute('/admin/pricing')
    const versions = await screen.findByRole('table', { name: 'Versions' }, slow)
    expect(within(versions).getAllByRole('row')[1]).toHaveTextContent(/^v1Active/)
    const form = screen.getByRole('form', { name: 'Publish a price book' })
    // Started from the active book.
    expect(within(form).getByLabelText('gpt-4o input price')).toHaveValue('2.50')
    await user.clear(within(form).getByLabelText('gpt-4o input price'))
    await user.type(within(form).getByLabelText('gpt-4o input price'), '2.00')
    await user.click(within(form).getByRole('button', { name: 'Publish' }))
    // The server asks for the password again; the same book is sent once it is confirmed.
    const reauth = await screen.findByRole('dialog', { name: 'Confirm your password' }, slow)
    await user.type(within(reauth).getByLabelText('Password'), 'demo-admin-pass')
    await user.click(within(reauth).getByRole('button', { name: /Confirm/ }))
    const row = (version: string) =>
      within(screen.getByRole('table', { name: 'Versions' }))
        .getAllByRole('row')
        .find((r) => r.querySelector('th')?.textContent === version)
    await waitFor(() => expect(row('v2')).toHaveTextContent('Active'), slow)
    expect(row('v1')).toHaveTextContent('Inactive')
    expect(db.priceBooks.find((b) => b.version === 2)?.models['gpt-4o']).toEqual({
      inputMicrosPerMTok: 2_000_000,
      outputMicrosPerMTok: 10_000_000,
    })
    expect(db.priceBooks).toHaveLength(2)
    expect(db.audit[0]).toMatchObject({ action: 'price_book.publish', outcome: 'succeeded' })
  })

  it('says which price is not a price, and publishes nothing', async () => {
    signInAsPlatformOwner()
    db.reauthenticatedAt = new Date().toISOString()
    const { user } = renderRoute('/admin/pricing')
    const form = await screen.findByRole('form', { name: 'Publish a price book' }, slow)
    await user.clear(within(form).getByLabelText('claude-sonnet-4 output price'))
    await user.type(within(form).getByLabelText('claude-sonnet-4 output price'), 'lots')
    await user.click(within(form).getByRole('button', { name: 'Publish' }))
    expect(await within(form).findByText('Enter both prices in dollars, 0 or more')).toBeInTheDocument()
    expect(db.priceBooks).toHaveLength(1)
  })

  it('shows an admin the versions but no way to publish', async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    db.users.find((u) => u.email === 'admin@demo.exocorp.dev')!.role = 'admin'
    renderRoute('/admin/pricing')
    expect(await screen.findByRole('table', { name: 'Versions' }, slow)).toBeInTheDocument()
    expect(screen.getByText('Only platform owners publish price books.')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Publish' })).not.toBeInTheDocument()
  })
})
