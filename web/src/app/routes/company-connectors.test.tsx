import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Issue 18 items 1 and 2 (decisions 047, 056): an owner's connector signing secrets on the Domains tab —
// the verification posture per connector, set (shown once), rotate with an overlap, remove.

const SLOW = { timeout: 8_000 }
const OWNER = 'owner@demo.exocorp.dev'

describe('connectors on the Domains tab', () => {
  it('lists connectors with their posture, sets a secret shown once, rotates with an overlap and removes it', async () => {
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner')!
    db.connectorEvents.push({
      id: 'ce-1',
      source: 'connector',
      connector: 'slack',
      eventId: 'sl-1',
      companyId: c.id,
      companySlug: c.slug,
      receivedAt: '2026-11-29T10:00:00.000Z',
      verification: 'unsigned',
      status: 'delivered',
      reason: null,
      cause: null,
      causeFacts: null,
      attempts: 1,
      latencyMs: 9,
      lastAttemptAt: '2026-11-29T10:00:00.000Z',
      deliveredAt: '2026-11-29T10:00:00.000Z',
      nextAttemptAt: null,
      replayable: true,
    })
    const { user } = renderRoute(`/company/${c.id}/domains`)
    const panel = await screen.findByRole('region', { name: 'Connectors' }, SLOW)
    // A connector that delivered unsigned is listed as such, with its hook URL.
    const table = await within(panel).findByRole('table', { name: 'Connector verification posture' }, SLOW)
    const slack = within(table).getByRole('row', { name: /slack/ })
    expect(slack).toHaveTextContent('Unsigned')
    expect(slack).toHaveTextContent(`${c.slug}.app.localhost:8080/hooks/slack`)
    expect(slack).toHaveTextContent('None: deliveries are accepted unsigned')
    expect(slack).toHaveTextContent(', unsigned')

    // Sign a new connector: the secret is shown once, then only its last 4.
    await user.type(within(panel).getByLabelText('Connector'), 'github')
    await user.click(within(panel).getByRole('button', { name: 'Set signing secret' }))
    const once = await within(panel).findByRole('status', { name: 'New github signing secret' }, SLOW)
    const secret = db.connectorSecrets.find((s) => s.connector === 'github')!.secret
    expect(within(once).getByTestId('connector-secret')).toHaveTextContent(secret)
    await user.click(within(once).getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(within(panel).queryByTestId('connector-secret')).toBeNull())
    const github = await within(table).findByRole('row', { name: /github/ }, SLOW)
    expect(github).toHaveTextContent('Signed')
    expect(github).toHaveTextContent(`Ends in ${secret.slice(-4)}`)
    expect(github).not.toHaveTextContent(secret)
    expect(github).not.toHaveTextContent('previous secret')

    // Rotate with the default 24 h overlap: the overlap's end shows.
    await user.click(within(github).getByRole('button', { name: 'Rotate the github secret' }))
    const dialog = await screen.findByRole('dialog', {}, SLOW)
    expect(within(dialog).getByLabelText('Overlap')).toHaveValue('1440')
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }))
    await within(panel).findByRole('status', { name: 'New github signing secret' }, SLOW)
    const rotated = db.connectorSecrets.find((s) => s.connector === 'github')!
    expect(rotated.secret).not.toBe(secret)
    expect(rotated.previousExpiresAt).not.toBeNull()
    await waitFor(() =>
      expect(within(table).getByRole('row', { name: /github/ })).toHaveTextContent(/The previous secret also verifies until/),
    )

    // Rotate again with no overlap: the old secret stops at once.
    await user.click(within(panel).getByRole('button', { name: 'Done' }))
    await user.click(within(table).getByRole('button', { name: 'Rotate the github secret' }))
    const again = await screen.findByRole('dialog', {}, SLOW)
    await user.selectOptions(within(again).getByLabelText('Overlap'), '0')
    await user.click(within(again).getByRole('button', { name: 'Rotate' }))
    await waitFor(() => expect(db.connectorSecrets.find((s) => s.connector === 'github')!.previousExpiresAt).toBeNull())
    await waitFor(() => expect(within(table).getByRole('row', { name: /github/ })).not.toHaveTextContent(/previous secret/))

    // Remove (confirmed): deliveries are accepted unsigned again.
    await user.click(within(table).getByRole('button', { name: 'Remove the github secret' }))
    const confirm = await screen.findByRole('dialog', {}, SLOW)
    await user.click(within(confirm).getByRole('button', { name: 'Remove secret' }))
    await waitFor(() => expect(db.connectorSecrets).toEqual([]))
    await waitFor(() => expect(within(table).queryByRole('row', { name: /github/ })).toBeNull())
  }, 40_000)

  it('shows a bad connector name next to the field and writes nothing', async () => {
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner')!
    const { user } = renderRoute(`/company/${c.id}/domains`)
    const panel = await screen.findByRole('region', { name: 'Connectors' }, SLOW)
    expect(await within(panel).findByText(/No connector has delivered anything/, {}, SLOW)).toBeInTheDocument()
    await user.type(within(panel).getByLabelText('Connector'), 'Git_Hub')
    await user.click(within(panel).getByRole('button', { name: 'Set signing secret' }))
    expect(await within(panel).findByText('Use 1–40 lower-case letters, digits or dashes', {}, SLOW)).toBeInTheDocument()
    expect(db.connectorSecrets).toEqual([])
  }, 20_000)
})
