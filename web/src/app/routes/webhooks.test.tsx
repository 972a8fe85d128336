import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Issue 18 item 2 (decision 046): the owner's Webhooks screen, against the msw mock derived from the contract.

const SLOW = { timeout: 5_000 }
const OWNER = 'owner@demo.exocorp.dev'

describe('webhooks screen', () => {
  it('refuses a private address next to the field, then adds an endpoint and shows its secret once', async () => {
    resetMockDb({ signedInAs: OWNER })
    const { user } = renderRoute('/account/webhooks')
    const form = await screen.findByRole('form', { name: 'Add an endpoint' }, SLOW)
    expect(screen.getByRole('link', { name: 'Webhooks' })).toBeInTheDocument()

    await user.type(within(form).getByLabelText('Endpoint URL'), 'https://169.254.169.254/latest')
    await user.click(within(form).getByRole('button', { name: 'Add endpoint' }))
    expect(await within(form).findByText(/link-local \(cloud metadata\) address/)).toBeInTheDocument()
    expect(db.webhooks).toEqual([])

    await user.clear(within(form).getByLabelText('Endpoint URL'))
    await user.type(within(form).getByLabelText('Endpoint URL'), 'https://hooks.example.com/exocorp')
    await user.click(within(form).getByRole('checkbox', { name: /Billing state changed/ }))
    await user.click(within(form).getByRole('button', { name: 'Add endpoint' }))

    const secret = await screen.findByRole('status', { name: 'Signing secret' }, SLOW)
    expect(within(secret).getByTestId('webhook-secret')).toHaveTextContent(/^whsec_/)
    const item = await screen.findByRole('listitem', { name: 'https://hooks.example.com/exocorp' })
    expect(within(item).getByTestId('webhook-state')).toHaveTextContent('Enabled')
    expect(within(item).getByText(/Status changed, .*Job failed · every exocorp you own/)).toBeInTheDocument()
    expect(db.webhooks[0]!.eventTypes).not.toContain('billing.state_changed')
    await user.click(within(secret).getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('status', { name: 'Signing secret' })).not.toBeInTheDocument()
  }, 30_000)

  it('shows the delivery log with each attempt, resends, rotates the secret and deletes after confirming', async () => {
    resetMockDb({ signedInAs: OWNER })
    const now = new Date().toISOString()
    db.webhooks.push({
      id: 'wh-1',
      userId: 'u-owner',
      url: 'https://hooks.example.com/in',
      description: 'CI',
      eventTypes: ['job.failed'],
      exocorpIds: null,
      state: 'enabled',
      disabledReason: null,
      failingSince: now,
      previousSecretExpiresAt: null,
      secretRotatedAt: null,
      createdAt: now,
      updatedAt: now,
    })
    db.webhookDeliveries.push({
      id: 'msg_1',
      endpointId: 'wh-1',
      eventType: 'job.failed',
      exocorpId: null,
      state: 'failed',
      attempts: 2,
      createdAt: now,
      nextAttemptAt: null,
      deliveredAt: null,
      lastStatus: 500,
      lastError: 'HTTP 500',
      payload: '{"type":"job.failed"}',
      log: [1, 2].map((attempt) => ({
        attempt,
        at: now,
        status: 500,
        durationMs: 12,
        error: 'HTTP 500',
        responseBody: `upstream broke ${attempt}`,
        requestHeaders: { 'webhook-id': 'msg_1' },
      })),
    })
    const { user } = renderRoute('/account/webhooks')
    const item = await screen.findByRole('listitem', { name: 'https://hooks.example.com/in' }, SLOW)
    expect(within(item).getByTestId('webhook-state')).toHaveTextContent('Failing')

    await user.click(within(item).getByRole('button', { name: 'Delivery log' }))
    const table = await within(item).findByRole('table', { name: 'Deliveries' })
    expect(within(table).getByText('Failed')).toBeInTheDocument()
    await user.click(within(table).getByRole('button', { name: 'Details' }))
    const attempts = await within(item).findByRole('list', { name: 'Attempts' })
    expect(within(attempts).getByText('upstream broke 2')).toBeInTheDocument()
    expect(within(attempts).getAllByText(/HTTP 500/)).toHaveLength(2)

    await user.click(within(table).getByRole('button', { name: 'Resend msg_1' }))
    await waitFor(() => expect(within(table).getByText('Retrying')).toBeInTheDocument())
    expect(db.webhookDeliveries[0]!.state).toBe('pending')

    await user.click(within(item).getByRole('button', { name: 'Rotate secret' }))
    const rotate = await screen.findByRole('dialog', { name: 'Rotate the signing secret?' })
    await user.click(within(rotate).getByRole('button', { name: 'Rotate' }))
    expect(await within(item).findByRole('status', { name: 'Signing secret' })).toBeInTheDocument()
    expect(await within(item).findByText(/The previous secret also signs until/)).toBeInTheDocument()

    await user.click(within(item).getByRole('button', { name: 'Delete' }))
    const confirm = await screen.findByRole('dialog', { name: 'Delete this endpoint?' })
    expect(db.webhooks).toHaveLength(1)
    await user.click(within(confirm).getByRole('button', { name: 'Delete endpoint' }))
    expect(await screen.findByText('No endpoints yet.')).toBeInTheDocument()
    expect(db.webhooks).toEqual([])
  }, 30_000)

  it('pages the delivery log: 25 rows, then Load more', async () => {
    resetMockDb({ signedInAs: OWNER })
    const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString()
    db.webhooks.push({
      id: 'wh-1',
      userId: 'u-owner',
      url: 'https://hooks.example.com/in',
      description: '',
      eventTypes: ['exocorp.status_changed'],
      exocorpIds: null,
      state: 'enabled',
      disabledReason: null,
      failingSince: null,
      previousSecretExpiresAt: null,
      secretRotatedAt: null,
      createdAt: at(0),
      updatedAt: at(0),
    })
    for (let i = 0; i < 30; i++) {
      db.webhookDeliveries.push({
        id: `msg_${i}`,
        endpointId: 'wh-1',
        eventType: 'exocorp.status_changed',
        exocorpId: null,
        state: 'succeeded',
        attempts: 1,
        createdAt: at(i),
        nextAttemptAt: null,
        deliveredAt: at(i),
        lastStatus: 200,
        lastError: null,
        payload: '{}',
        log: [],
      })
    }
    const { user } = renderRoute('/account/webhooks')
    const item = await screen.findByRole('listitem', { name: 'https://hooks.example.com/in' }, SLOW)
    await user.click(within(item).getByRole('button', { name: 'Delivery log' }))
    const table = await within(item).findByRole('table', { name: 'Deliveries' })
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(26))
    await user.click(within(item).getByRole('button', { name: 'Load more' }))
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(31))
    expect(within(item).queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument()
  }, 30_000)

  it('sends a test event: the outcome shows, and it is in the delivery log with Resend', async () => {
    resetMockDb({ signedInAs: OWNER })
    const at = new Date().toISOString()
    db.webhooks.push({
      id: 'wh-test',
      userId: 'u-owner',
      url: 'https://hooks.example.com/test',
      description: '',
      eventTypes: ['exocorp.status_changed'],
      exocorpIds: null,
      state: 'enabled',
      disabledReason: null,
      failingSince: null,
      previousSecretExpiresAt: null,
      secretRotatedAt: null,
      createdAt: at,
      updatedAt: at,
    })
    const { user } = renderRoute('/account/webhooks')
    const item = await screen.findByRole('listitem', { name: 'https://hooks.example.com/test' }, SLOW)
    await user.click(within(item).getByRole('button', { name: 'Send test event' }))
    expect(await within(item).findByRole('status', {}, SLOW)).toHaveTextContent(
      'Test event delivered: the endpoint answered HTTP 200.',
    )
    // The log opens with the test delivery in it, resendable like any other.
    const table = await within(item).findByRole('table', { name: 'Deliveries' }, SLOW)
    await waitFor(() => expect(table).toHaveTextContent('webhook.test'))
    const id = db.webhookDeliveries[0]!.id
    expect(within(table).getByRole('button', { name: `Resend ${id}` })).toBeInTheDocument()
    expect(db.webhookDeliveries[0]).toMatchObject({ eventType: 'webhook.test', state: 'succeeded', endpointId: 'wh-test' })
  }, 30_000)
})
