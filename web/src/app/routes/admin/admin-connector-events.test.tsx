import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ConnectorEvent } from '@exocorp/shared/connector-events'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { seedConnectorEvents } from '@/testing/mock-connector-events'
import { catalog as de } from '@/lib/i18n/de'

// Issue 18 item 1 (decision 047): platform operators see recent delivery failures, each connector's
// health and verification posture, and a platform owner replays a failed delivery after the step-up.

const SLOW = { timeout: 8_000 }

function event(over: Partial<ConnectorEvent> & { id: string }): ConnectorEvent {
  return {
    source: 'connector',
    connector: 'github',
    eventId: over.id,
    companyId: null,
    companySlug: 'acme',
    receivedAt: '2026-11-29T10:00:00.000Z',
    verification: 'verified',
    status: 'delivered',
    reason: null,
    cause: null,
    causeFacts: null,
    attempts: 1,
    latencyMs: 12,
    lastAttemptAt: '2026-11-29T10:00:00.000Z',
    deliveredAt: '2026-11-29T10:00:00.000Z',
    nextAttemptAt: null,
    replayable: true,
    ...over,
  }
}

function seed() {
  db.connectorEvents.push(
    event({ id: 'gh-ok', receivedAt: '2026-11-29T09:00:00.000Z' }),
    event({
      id: 'gh-paused',
      receivedAt: '2026-11-29T10:00:00.000Z',
      status: 'retrying',
      reason: 'The exocorp is paused',
      cause: 'exocorp_paused',
      causeFacts: {},
      nextAttemptAt: '2026-11-29T10:01:00.000Z',
      deliveredAt: null,
    }),
    event({
      id: 'gh-forged',
      receivedAt: '2026-11-29T11:00:00.000Z',
      verification: 'bad_signature',
      status: 'failed',
      reason: 'The signature does not match',
      deliveredAt: null,
      replayable: false,
    }),
    event({
      id: 'evt_pay',
      source: 'payment',
      connector: 'stripe',
      companySlug: null,
      receivedAt: '2026-11-29T08:00:00.000Z',
    }),
  )
}

describe('admin connector events', () => {
  it('shows recent failures, health and posture, and replays a delivery after the step-up', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    seed()
    const { user, router } = renderRoute('/admin/connector-events')
    expect(await screen.findByRole('heading', { name: 'Recent delivery failures' }, SLOW)).toBeInTheDocument()
    const table = await screen.findByRole('table', { name: 'Connector events, newest first' }, SLOW)
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual(['gh-forged'])
    expect(rows[0]).toHaveTextContent('Bad signature')
    expect(rows[0]).toHaveTextContent('Failed: The signature does not match')
    expect(within(rows[0]!).getByText('Not replayable')).toBeInTheDocument()

    const health = await screen.findByRole('table', { name: 'Connector health' }, SLOW)
    expect(within(health).getByRole('row', { name: /github/ })).toHaveTextContent('33.3%')
    expect(within(health).getByRole('row', { name: /github/ })).toHaveTextContent('1 / 3')
    expect(within(health).getByRole('row', { name: /stripe/ })).toHaveTextContent('100%')
    const posture = screen.getByRole('table', { name: 'Verification posture per connector' })
    expect(within(posture).getByRole('row', { name: /github/ })).toHaveTextContent('Unsigned')
    expect(within(posture).getByRole('row', { name: /stripe/ })).toHaveTextContent('Signed (HMAC)')

    // Retrying deliveries, by the filter in the URL; replay one.
    await user.selectOptions(screen.getByLabelText('Status'), 'retrying')
    await expect.poll(() => router.state.location.search, SLOW).toBe('?status=retrying')
    const replay = await screen.findByRole('button', { name: 'Replay github event gh-paused' }, SLOW)
    // The platform retries it itself: the row says when next.
    expect(replay.closest('tr')).toHaveTextContent(/Retrying: The exocorp is paused — next retry/)
    await user.click(replay)
    const dialog = await screen.findByRole('dialog', {}, SLOW)
    await user.type(within(dialog).getByLabelText(/password/i), 'demo-admin-pass')
    await user.click(within(dialog).getByRole('button', { name: /confirm|continue/i }))
    expect(await screen.findByRole('status', {}, SLOW)).toHaveTextContent('Replayed 1: 1 delivered')
    await expect.poll(() => db.connectorEvents.find((e) => e.id === 'gh-paused')?.status, SLOW).toBe('delivered')
    expect(db.connectorEvents.find((e) => e.id === 'gh-paused')?.attempts).toBe(2)
    expect(await screen.findByText('No deliveries match.', {}, SLOW)).toBeInTheDocument()
  })

  it('shows admins without the owner role no replay buttons', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    db.users.find((u) => u.email === 'admin@demo.exocorp.dev')!.role = 'admin'
    seed()
    renderRoute('/admin/connector-events?status=')
    const table = await screen.findByRole('table', { name: 'Connector events, newest first' }, SLOW)
    expect(within(table).getAllByRole('row')).toHaveLength(5)
    expect(screen.queryByRole('button', { name: /Replay/ })).not.toBeInTheDocument()
  })

  it('reads German after the person picks Deutsch', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    seed()
    const { user } = renderRoute('/admin/connector-events?status=')
    await screen.findByRole('table', { name: 'Connector events, newest first' }, SLOW)
    await user.click(screen.getByRole('button', { name: /^Account menu/ }))
    await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))
    const table = await screen.findByRole('table', { name: de.connectorEvents.caption }, SLOW)
    expect(within(table).getByRole('columnheader', { name: de.connectorEvents.verification })).toBeInTheDocument()
    // The cause in German (decision 063), not the stored English reason.
    expect(within(table).getByText(/^Wird wiederholt: Das Exocorp ist pausiert — nächster Versuch /)).toBeInTheDocument()
    expect(table).not.toHaveTextContent('The exocorp is paused')
    expect(within(table).getAllByText(de.connectorEvents.verification_verified).length).toBeGreaterThan(0)
    expect(screen.getByRole('heading', { name: de.connectorEvents.deliveries })).toBeInTheDocument()
    expect(await screen.findByRole('heading', { name: de.connectorEvents.health }, SLOW)).toBeInTheDocument()
    expect(screen.getByRole('table', { name: de.connectorEvents.postureCaption })).toBeInTheDocument()
  })

  it(
    'words each cause of the mocked deliveries in German, the stored English only without one',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
      db.connectorEvents.push(
        ...seedConnectorEvents(Date.parse('2026-11-29T12:00:00.000Z')),
        // Facts that are not the code's (no status): the stored English, never a raw placeholder.
        event({
          id: 'gh-odd',
          status: 'failed',
          reason: 'The runtime answered 418',
          cause: 'runtime_answered',
          causeFacts: { code: 418 },
          deliveredAt: null,
        }),
        // A code this console does not know (a newer server): the stored English.
        event({
          id: 'gh-new',
          status: 'failed',
          reason: 'Something newer',
          cause: 'quantum_flux',
          causeFacts: {},
          deliveredAt: null,
        }),
      )
      const { user } = renderRoute('/admin/connector-events?status=')
      await screen.findByRole('table', { name: 'Connector events, newest first' }, SLOW)
      await user.click(screen.getByRole('button', { name: /^Account menu/ }))
      await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))
      const table = await screen.findByRole('table', { name: de.connectorEvents.caption }, SLOW)
      const row = (id: string) => within(table).getByText(id).closest('tr')!
      await expect
        .poll(() => row('gh-paused').textContent, SLOW)
        .toMatch(/Wird wiederholt: Das Exocorp ist pausiert — nächster Versuch /)
      expect(row('gh-gave-up')).toHaveTextContent(
        'Fehlgeschlagen: Nach 10 Versuchen aufgegeben: Die Laufzeit war nicht erreichbar',
      )
      expect(row('gh-refused')).toHaveTextContent('Fehlgeschlagen: Die Laufzeit hat mit 422 geantwortet')
      for (const english of [
        'The exocorp is paused',
        'Gave up after',
        'The runtime could not be reached',
        'The runtime answered 422',
      ]) {
        expect(table).not.toHaveTextContent(english)
      }
      // No code for a refused signature, an unknown code, facts that do not parse: the stored English.
      expect(row('gh-forged')).toHaveTextContent('Fehlgeschlagen: The signature does not match')
      expect(row('gh-odd')).toHaveTextContent('Fehlgeschlagen: The runtime answered 418')
      expect(row('gh-new')).toHaveTextContent('Fehlgeschlagen: Something newer')
    },
  )
})
