import { screen, waitFor, within } from '@testing-library/react'
import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import { en } from '@/lib/i18n/en'
import { catalog as de } from '@/lib/i18n/de'
import { db, resetMockDb } from '@/testing/mock-db'
import { apiError } from '@/testing/http'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

// Decision 050, the shared pieces: the pager, the bulk action bar, toasts and what a failed request
// says are borrowed from the owner's console, and read the admin console's language on admin screens.

const SLOW = { timeout: 10_000 }

async function switchToGerman(user: ReturnType<typeof renderRoute>['user']) {
  await user.click(await screen.findByRole('button', { name: /^Account menu/ }, SLOW))
  await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))
}

describe('shared pieces on admin screens follow the language', () => {
  it('pages the audit log in German', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const first = db.audit[0]!
    for (let i = 0; i < 60; i++) db.audit.push({ ...first, id: `extra-${i}` })
    const { user } = renderRoute('/admin/audit')
    const pager = await screen.findByRole('navigation', { name: en.pager.label }, SLOW)
    expect(within(pager).getByRole('button', { name: en.pager.next })).toBeEnabled()
    expect(within(pager).getByText('Page 1')).toBeInTheDocument()

    await switchToGerman(user)
    const seiten = await screen.findByRole('navigation', { name: de.pager.label }, SLOW)
    expect(within(seiten).getByRole('button', { name: de.pager.previous })).toBeDisabled()
    expect(within(seiten).getByText('Seite 1')).toBeInTheDocument()
    await user.click(within(seiten).getByRole('button', { name: de.pager.next }))
    expect(await within(seiten).findByText('Seite 2', {}, SLOW)).toBeInTheDocument()
    expect(within(seiten).queryByRole('button', { name: en.pager.next })).not.toBeInTheDocument()
  })

  it('runs the bulk action bar in German, refusals included', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/admin/companies')
    await screen.findByRole('table', { name: en.companies.caption }, SLOW)
    await switchToGerman(user)
    for (const name of ['Acme Research', 'Paused Press']) {
      await user.click(await screen.findByRole('checkbox', { name: `${name} auswählen` }, SLOW))
    }
    const bar = await screen.findByRole('region', { name: de.bulk.region }, SLOW)
    expect(within(bar).getByText('2 Exocorps ausgewählt')).toBeInTheDocument()
    expect(within(bar).getByRole('option', { name: 'Stoppen (unwiderruflich)' })).toBeInTheDocument()
    await user.selectOptions(within(bar).getByLabelText(de.bulk.action), 'pause')
    await user.click(within(bar).getByRole('button', { name: de.bulk.preview }))

    const preview = await screen.findByRole('dialog', { name: 'Pausieren: 2 Exocorps?' }, SLOW)
    const items = within(preview).getByRole('list', { name: de.bulk.preview })
    expect(within(items).getByText(de.bulk.outcome_allowed)).toBeInTheDocument()
    expect(within(items).getByText(de.bulk.outcome_refused)).toBeInTheDocument()
    // The refusal's reason code is read from the catalog, not the server's English sentence.
    expect(within(items).getByText(de.serverErrors.reason.invalid_state)).toBeInTheDocument()
    expect(within(items).queryByText('Cannot pause an exocorp that is paused')).not.toBeInTheDocument()
    await user.click(within(preview).getByRole('button', { name: 'Pausieren: 1 Exocorp' }))
    const results = await screen.findByRole('dialog', { name: 'Pausieren: Ergebnisse' }, SLOW)
    expect(within(results).getByText('1 erledigt, 0 gestartet, 0 abgelehnt, 0 fehlgeschlagen.')).toBeInTheDocument()
    await user.click(within(results).getByRole('button', { name: de.bulk.close }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
  })

  it(
    'says what went wrong in German by the error code, and keeps the server English for a code it does not know',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
      server.use(
        http.post('/api/admin/bulk-actions', () => apiError(503, 'service_unavailable', 'The job queue is paused'), {
          once: true,
        }),
        http.post('/api/admin/bulk-actions', () => apiError(418, 'brewing', 'The kettle is on'), { once: true }),
      )
      const { user } = renderRoute('/admin/companies')
      await screen.findByRole('table', { name: en.companies.caption }, SLOW)
      await switchToGerman(user)
      await user.click(await screen.findByRole('checkbox', { name: 'Acme Research auswählen' }, SLOW))
      const bar = await screen.findByRole('region', { name: de.bulk.region }, SLOW)
      await user.click(within(bar).getByRole('button', { name: de.bulk.preview }))
      const alert = await within(bar).findByRole('alert', {}, SLOW)
      expect(alert).toHaveTextContent(de.bulk.previewFailed)
      expect(alert).toHaveTextContent(de.serverErrors.code.service_unavailable)
      expect(alert).not.toHaveTextContent('The job queue is paused')

      await user.click(within(bar).getByRole('button', { name: de.bulk.preview }))
      await waitFor(() => expect(within(bar).getByRole('alert')).toHaveTextContent('The kettle is on'))
    },
  )

  it('raises a toast in German, its close button too', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    db.reauthenticatedAt = new Date().toISOString()
    const { user } = renderRoute('/admin/pricing')
    await screen.findByRole('table', { name: en.pricing.versions }, SLOW)
    await switchToGerman(user)
    const form = await screen.findByRole('form', { name: de.pricing.publishForm }, SLOW)
    await user.click(within(form).getByRole('button', { name: de.pricing.publish }))
    const toast = await screen.findByText('Preisliste v2 veröffentlicht und aktiv', {}, SLOW)
    const item = toast.closest('li')!
    expect(within(item).getByRole('button', { name: de.toast.close })).toBeInTheDocument()
  })

  it("writes counts with the language's grouping, in messages and in table cells", { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    db.ops.groups.find((g) => g.id === 'g-sql')!.count = 12_345
    const { user } = renderRoute('/admin/feedback')
    const table = await screen.findByRole('table', { name: en.feedback.caption }, SLOW)
    expect(within(table).getByRole('cell', { name: '12,345' })).toBeInTheDocument()
    await switchToGerman(user)
    const tabelle = await screen.findByRole('table', { name: de.feedback.caption }, SLOW)
    expect(within(tabelle).getByRole('cell', { name: '12.345' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: de.feedback.view_security }))
    expect(await screen.findByRole('button', { name: 'SQL: 1 Gruppe, 12.345-mal gesehen' }, SLOW)).toBeInTheDocument()
  })

  it('names provider event statuses in German, in the filter and the table', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/admin/billing/provider-events?status=ignored')
    await screen.findByRole('table', { name: en.billingPages.providerEvents }, SLOW)
    await switchToGerman(user)
    const table = await screen.findByRole('table', { name: de.billingPages.providerEvents }, SLOW)
    expect(within(table).getAllByText(de.billingPages.event_ignored).length).toBeGreaterThan(0)
    expect(screen.getByRole('option', { name: de.billingPages.event_booked })).toBeInTheDocument()
    expect(within(table).queryByText('ignored')).not.toBeInTheDocument()
  })

  it('says a wrong step-up password in German', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/admin/pricing')
    await screen.findByRole('table', { name: en.pricing.versions }, SLOW)
    await switchToGerman(user)
    const form = await screen.findByRole('form', { name: de.pricing.publishForm }, SLOW)
    await user.click(within(form).getByRole('button', { name: de.pricing.publish }))
    const stepUp = await screen.findByRole('dialog', { name: de.stepUp.title }, SLOW)
    await user.type(within(stepUp).getByLabelText(de.stepUp.password), 'not-the-password')
    await user.click(within(stepUp).getByRole('button', { name: de.stepUp.confirm }))
    expect(await within(stepUp).findByText(de.serverErrors.field.passwordIncorrect, {}, SLOW)).toBeInTheDocument()
    expect(within(stepUp).queryByText('Password is incorrect')).not.toBeInTheDocument()
  })
})
