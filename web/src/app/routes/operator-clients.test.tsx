import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { LEVEL_CAPABILITIES } from '@exocorp/shared/operator-clients'
import { db, MOCK_PASSWORD, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

const SLOW = { timeout: 5_000 }
const OWNER = 'owner@demo.exocorp.dev'

describe('agent approval page', () => {
  it('shows the client, what it asks for and the code, and approves it', async () => {
    resetMockDb({ signedInAs: OWNER })
    const { user } = renderRoute('/connect/ABCD-2345')
    const card = await screen.findByRole('region', { name: '“Claude Code on my laptop” wants to act for you' }, SLOW)
    expect(within(card).getByText('ABCD-2345')).toBeInTheDocument()
    // Exactly what the token can do at the level asked for (operate): no destroy.
    const items = () =>
      within(within(card).getByRole('list', { name: 'What the token can do' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent)
    expect(within(card).getByRole('radio', { name: /Operate \(no destroy\)/ })).toBeChecked()
    expect(items()).toEqual(LEVEL_CAPABILITIES.operate)
    expect(items().join(' ')).not.toMatch(/destroy/i)
    expect(card).toHaveTextContent('It cannot destroy an exocorp.')
    // Choosing full access lists destroying too; read-only lists reading only.
    await user.click(within(card).getByRole('radio', { name: 'Full, including destroy' }))
    expect(items().at(-1)).toBe('Destroy your exocorps — this cannot be undone')
    await user.click(within(card).getByRole('radio', { name: 'Read-only' }))
    expect(items()).toEqual(LEVEL_CAPABILITIES.read)
    expect(card).toHaveTextContent(`It acts as ${OWNER}`)
    expect(card).toHaveTextContent('203.0.113.7')

    await user.click(within(card).getByRole('button', { name: 'Approve' }))
    expect(await within(card).findByRole('status')).toHaveTextContent('Approved. Go back to your agent')
    expect(within(card).queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument()
    expect(db.operatorClients.drafts[0]!.view.status).toBe('approved')
    expect(db.operatorClients.drafts[0]!.view.scopes).toEqual(['registry:read'])
    expect(db.operatorClients.drafts[0]!.decidedBy).toBe('u-owner')
  })

  it('limits the token to the exocorps the human ticks, and says so once approved', async () => {
    resetMockDb({ signedInAs: OWNER })
    const { user } = renderRoute('/connect/ABCD-2345')
    const card = await screen.findByRole('region', { name: /wants to act for you/ }, SLOW)
    expect(within(card).getByRole('radio', { name: 'All my exocorps, including ones created later' })).toBeChecked()
    await user.click(within(card).getByRole('radio', { name: 'Only the exocorps I choose' }))
    // Nothing ticked yet: approving would grant nothing, so it waits.
    const list = await within(card).findByRole('group', { name: 'Choose exocorps' }, SLOW)
    expect(within(card).getByRole('button', { name: 'Approve' })).toBeDisabled()
    expect(card).toHaveTextContent('Choose at least one exocorp.')
    await user.click(within(list).getByRole('checkbox', { name: /Acme Research/ }))
    expect(card).toHaveTextContent('1 chosen.')
    await user.click(within(card).getByRole('button', { name: 'Approve' }))
    expect(await within(card).findByRole('status')).toHaveTextContent('Approved.')
    expect(card).toHaveTextContent('Only on the exocorp you chose.')
    expect(db.operatorClients.drafts[0]!.view.companyIds).toEqual(['c-acme'])
  })

  it('denies a request', async () => {
    resetMockDb({ signedInAs: OWNER })
    const { user } = renderRoute('/connect/abcd-2345')
    const card = await screen.findByRole('region', { name: /wants to act for you/ }, SLOW)
    await user.click(within(card).getByRole('button', { name: 'Deny' }))
    expect(await within(card).findByRole('status')).toHaveTextContent('Denied. The agent gets no access')
    expect(db.operatorClients.drafts[0]!.view.status).toBe('denied')
  })

  it('says so when the request expired, and offers no buttons', async () => {
    resetMockDb({ signedInAs: OWNER })
    renderRoute('/connect/WXYZ-6789')
    const card = await screen.findByRole('region', { name: /Nightly report script/ }, SLOW)
    expect(within(card).getByRole('status')).toHaveTextContent('This request has expired')
    expect(within(card).queryByRole('button')).not.toBeInTheDocument()
  })

  it('explains an unknown or malformed code', async () => {
    resetMockDb({ signedInAs: OWNER })
    renderRoute('/connect/QQQQ-2222')
    expect(await screen.findByRole('alert', {}, SLOW)).toHaveTextContent('No agent is waiting with code QQQQ-2222.')
  })

  it('refuses a malformed code without asking the server', async () => {
    resetMockDb({ signedInAs: OWNER })
    renderRoute('/connect/hello')
    expect(await screen.findByRole('alert', {}, SLOW)).toHaveTextContent('“hello” is not a connection code.')
  })

  it('sends a signed-out visitor to sign in and back to the approval', async () => {
    const { user, router } = renderRoute('/connect/ABCD-2345')
    await user.type(await screen.findByLabelText('Email', {}, SLOW), OWNER)
    await user.type(screen.getByLabelText('Password'), MOCK_PASSWORD)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('button', { name: 'Approve' }, SLOW)).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/connect/ABCD-2345')
  })
})

describe('API tokens page', () => {
  it('lists tokens with name, created and last used, and revokes one after confirmation', async () => {
    resetMockDb({ signedInAs: OWNER })
    const { user } = renderRoute('/account/api-tokens')
    const table = await screen.findByRole('table', { name: 'API tokens' }, SLOW)
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toHaveTextContent('Cursor agent')
    expect(rows[0]).toHaveTextContent('exo_oc_7Hq2…')
    expect(rows[1]).toHaveTextContent('CI status check')
    expect(rows[1]).toHaveTextContent('Never')
    // Which exocorps each token reaches: all, or the chosen ones by name.
    expect(rows[0]).toHaveTextContent('All')
    expect(rows[1]).toHaveTextContent('Acme Research')
    expect(rows[2]).toHaveTextContent('Revoked')

    // Cancelling changes nothing.
    await user.click(within(rows[0]!).getByRole('button', { name: 'Revoke Cursor agent' }))
    let dialog = await screen.findByRole('dialog', { name: 'Revoke Cursor agent?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(db.operatorClients.clients[0]!.status).toBe('active')

    await user.click(within(rows[0]!).getByRole('button', { name: 'Revoke Cursor agent' }))
    dialog = await screen.findByRole('dialog', { name: 'Revoke Cursor agent?' })
    expect(dialog).toHaveTextContent('The agent loses access at once')
    await user.click(within(dialog).getByRole('button', { name: 'Revoke token' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Cursor agent was revoked.')
    expect(db.operatorClients.clients[0]!.status).toBe('revoked')
    const after = within(screen.getByRole('table', { name: 'API tokens' })).getAllByRole('row')[1]!
    expect(within(after).queryByRole('button', { name: 'Revoke Cursor agent' })).not.toBeInTheDocument()
    expect(after).toHaveTextContent('Revoked')
  })

  it('is reachable from the user menu', async () => {
    resetMockDb({ signedInAs: OWNER })
    const { user, router } = renderRoute('/dashboard')
    await user.click(await screen.findByRole('button', { name: /Account menu/ }, SLOW))
    await user.click(await screen.findByRole('menuitem', { name: 'API tokens' }))
    expect(await screen.findByRole('table', { name: 'API tokens' }, SLOW)).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/account/api-tokens')
  })
})
