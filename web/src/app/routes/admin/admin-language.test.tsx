import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { en } from '@/lib/i18n/en'
import { catalog as de } from '@/lib/i18n/de'
import { db, resetMockDb } from '@/testing/mock-db'
import { keyed } from '@/testing/mock-ops'
import { renderRoute } from '@/testing/render'

const SLOW = { timeout: 10_000 }

/** Picks Deutsch in the user menu, as a person would. */
async function switchToGerman(user: ReturnType<typeof renderRoute>['user']) {
  await user.click(await screen.findByRole('button', { name: /^Account menu/ }, SLOW))
  await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))
}

describe('admin console language', () => {
  it(
    'switches every admin navigation string to German from the user menu, and keeps it for this person',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
      const { user, unmount } = renderRoute('/admin/companies')
      const sections = await screen.findByRole('navigation', { name: en.chrome.sections }, SLOW)
      expect(await within(sections).findByRole('link', { name: en.nav.companies }, SLOW)).toBeInTheDocument()
      expect(await screen.findByRole('table', { name: en.companies.caption }, SLOW)).toBeInTheDocument()

      await user.click(screen.getByRole('button', { name: /^Account menu/ }))
      await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))

      // Every navigation entry now reads German; none of the English ones is left.
      for (const key of [
        'overview',
        'companies',
        'users',
        'audit',
        'feedback',
        'runtime',
        'site',
        'billing',
        'agentWallets',
        'pricing',
      ] as const) {
        expect(await within(sections).findByRole('link', { name: de.nav[key] }, SLOW)).toBeInTheDocument()
        if (de.nav[key] !== en.nav[key])
          expect(within(sections).queryByRole('link', { name: en.nav[key] })).not.toBeInTheDocument()
      }
      expect(within(sections).getByText(de.nav.platform)).toBeInTheDocument()
      // The screen too: its table, filters and column headers.
      expect(await screen.findByRole('table', { name: de.companies.caption }, SLOW)).toBeInTheDocument()
      expect(screen.getByRole('search', { name: de.companies.filter })).toBeInTheDocument()
      expect(screen.getByRole('button', { name: new RegExp(`^${de.companies.owner}`) })).toBeInTheDocument()
      expect(document.documentElement.lang).toBe('de')

      // Reloaded, the same person still reads German.
      unmount()
      const { user: user2 } = renderRoute('/admin')
      // The console around the screen reads German too (its own test: admin-shell-language.test.tsx).
      const again = await screen.findByRole('navigation', { name: de.chrome.sections }, SLOW)
      expect(await within(again).findByRole('link', { name: de.nav.companies }, SLOW)).toBeInTheDocument()
      expect(await screen.findByRole('heading', { name: de.fleet.title }, SLOW)).toBeInTheDocument()
      // Other screens follow the same catalog.
      await user2.click(within(again).getByRole('link', { name: de.nav.users }))
      expect(await screen.findByRole('columnheader', { name: de.users.lastSignIn }, SLOW)).toBeInTheDocument()
      await user2.click(within(again).getByRole('link', { name: de.nav.runtime }))
      expect(await screen.findByRole('heading', { name: de.runtime.history }, SLOW)).toBeInTheDocument()
    },
  )

  it('formats dates and numbers in the chosen language', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/admin')
    const fleet = await screen.findByLabelText(en.fleet.byStatus, {}, SLOW)
    expect(within(fleet).getByText(en.fleet.exocorps)).toBeInTheDocument()
    const updated = await screen.findByText(en.fleet.updated, { exact: false }, SLOW)
    const time = updated.querySelector('time')
    expect(time?.textContent).toMatch(/ago|just now|in a few seconds/)
    await user.click(screen.getByRole('button', { name: /^Account menu/ }))
    await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))
    const updatedDe = await screen.findByText(de.fleet.updated, { exact: false }, SLOW)
    const timeDe = updatedDe.querySelector('time')
    expect(timeDe?.textContent).toMatch(/^(vor|jetzt|in)/)
    expect(timeDe?.getAttribute('title')).toMatch(/\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\. \w+\.? \d{4}/)
  })

  it('shows feedback triage and platform notifications in German', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/admin/feedback')
    await screen.findByRole('table', { name: en.feedback.caption }, SLOW)
    await switchToGerman(user)
    const table = await screen.findByRole('table', { name: de.feedback.caption }, SLOW)
    expect(within(table).getByRole('columnheader', { name: de.feedback.lastSeen })).toBeInTheDocument()
    expect(screen.queryByRole('table', { name: en.feedback.caption })).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: de.feedback.view_security }))
    expect(await screen.findByRole('button', { name: 'SQL: 1 Gruppe, 500-mal gesehen' }, SLOW)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'sql probe on POST /api/auth/login' }))
    const detail = await screen.findByRole('region', { name: 'sql probe on POST /api/auth/login' }, SLOW)
    expect(within(detail).getByRole('button', { name: de.feedback.mark_triaged })).toBeInTheDocument()
    expect(within(detail).getByText(de.feedback.assignee)).toBeInTheDocument()
    expect(within(detail).getByText(/^500-mal, zuerst/)).toBeInTheDocument()
    // The step-up dialog speaks German too, naming the action in German.
    await user.click(within(detail).getByRole('button', { name: de.feedback.mark_triaged }))
    const stepUp = await screen.findByRole('dialog', { name: de.stepUp.title }, SLOW)
    expect(stepUp).toHaveTextContent(/Rückmeldungen sichten: Dabei werden Daten einer anderen Person geändert\./)
    expect(within(stepUp).getByLabelText(de.stepUp.password)).toBeInTheDocument()
    await user.click(within(stepUp).getByRole('button', { name: de.stepUp.cancel }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())

    // Within the page: the top bar's bell is called "Benachrichtigungen" too.
    await user.click(
      within(screen.getByRole('main')).getByRole('button', { name: new RegExp(`^${de.feedback.modeNotifications}`) }),
    )
    const notifications = await screen.findByRole('table', { name: de.notifications.caption }, SLOW)
    expect(within(notifications).getByRole('columnheader', { name: de.notifications.notification })).toBeInTheDocument()
    expect(screen.getByLabelText(de.notifications.source)).toBeInTheDocument()
    expect(screen.getByRole('option', { name: de.notifications.notResolved })).toBeInTheDocument()
  })

  it(
    "words the platform's own notices in German with their facts, and shows the stored English for a key it does not know",
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
      const seeded = db.ops.adminNotifications[0]!
      const at = new Date().toISOString()
      db.ops.adminNotifications.push(
        {
          ...seeded,
          id: '20',
          kind: 'usage_threshold',
          severity: 'critical',
          title: 'Hard budget limit reached: Initech (2026-11)',
          detail: 'Spent 1234.50 of a 1200.00 monthly budget (alert at 80%)',
          messageKey: 'budget_limit',
          messageParams: { exocorp: 'Initech', period: '2026-11', spent: 1234.5, limit: 1200, pct: 80 },
          lastAt: at,
        },
        {
          ...seeded,
          id: '21',
          kind: 'message',
          title: 'A notice from a newer server',
          detail: 'Its own English detail',
          // A key this console's catalogs do not have (a newer BFF): the stored English stays.
          messageKey: 'quantum_flux',
          messageParams: { exocorp: 'Initech' },
          lastAt: at,
        },
      )
      const { user } = renderRoute('/admin/feedback?mode=notifications')
      const english = await screen.findByRole('table', { name: en.notifications.caption }, SLOW)
      expect(within(english).getByText('Hard budget limit reached: Initech (2026-11)')).toBeInTheDocument()
      expect(within(english).getByText('Spent 1,234.50 of a 1,200.00 monthly budget (alert at 80%)')).toBeInTheDocument()

      await switchToGerman(user)
      const table = await screen.findByRole('table', { name: de.notifications.caption }, SLOW)
      // Trigger-raised (budget, runtime, job) and BFF-raised (deployment target) notices, in German.
      expect(within(table).getByText('Hartes Budgetlimit erreicht: Initech (2026-11)')).toBeInTheDocument()
      expect(within(table).getByText('1.234,50 von 1.200,00 Monatsbudget ausgegeben (Warnung bei 80 %)')).toBeInTheDocument()
      expect(within(table).getByText('Die Laufzeit von Ghost Works ist nicht erreichbar')).toBeInTheDocument()
      expect(within(table).getByText('Der Job „provision“ von Broken Bots ist fehlgeschlagen')).toBeInTheDocument()
      // The job's error is its own words, not the platform's: shown as stored.
      expect(within(table).getByText('Health check timed out after 60 s')).toBeInTheDocument()
      expect(within(table).getByText('Deployment-Ziel edge ist nicht funktionsfähig')).toBeInTheDocument()
      expect(
        within(table).getByText(/^free disk: only 12 MB free \(needs 64 MB\)\s+Dort wird kein neues Exocorp platziert/),
      ).toBeInTheDocument()
      expect(within(table).getByRole('link', { name: 'Öffnen: Deployment-Ziel edge ist nicht funktionsfähig' })).toHaveAttribute(
        'href',
        '/admin/deployments/t-edge',
      )
      expect(within(table).getByText('Zeitplan „Inbox sweep“ von Ada (Acme Research) abgeschlossen')).toBeInTheDocument()
      expect(within(table).getByText('Enterprise-Anfrage von Globex')).toBeInTheDocument()
      expect(within(table).queryByText('The runtime of Ghost Works is unreachable')).not.toBeInTheDocument()
      // The unknown key: the stored English title and detail.
      expect(within(table).getByText('A notice from a newer server')).toBeInTheDocument()
      expect(within(table).getByText('Its own English detail')).toBeInTheDocument()
    },
  )

  it(
    'words a notice without a reason, a connector give-up and an inquiry for one seat or many wholly in German, and shows the English of a notice missing a fact',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
      const seeded = db.ops.adminNotifications[0]!
      const at = new Date().toISOString()
      const base = { ...seeded, detail: null, link: null, lastAt: at }
      db.ops.adminNotifications.push(
        {
          ...base,
          id: '30',
          kind: 'deployment_target',
          severity: 'critical',
          title: 'Deployment target core is unhealthy',
          detail: 'The probe failed\nNo new exocorp is placed there and nothing moves there until it is healthy again.',
          ...keyed({ key: 'target_unhealthy_no_reason', params: { target: 'core' } }),
        },
        {
          ...base,
          id: '31',
          kind: 'deployment_target',
          title: 'Deployment target spare recovered',
          detail: 'Healthy again (it was unhealthy: no reason recorded). It takes new exocorps and moves again.',
          ...keyed({ key: 'target_recovered_no_reason', params: { target: 'spare' } }),
        },
        {
          ...base,
          id: '32',
          kind: 'connector_event',
          severity: 'warning',
          title: 'A github delivery to Initech failed after 10 attempts',
          detail:
            'Event evt-9 (received 2026-11-30T08:00:00.000Z): Gave up after 10 attempts: The exocorp is paused. Replay it from Connector events once the cause is fixed.',
          ...keyed({
            key: 'connector_gave_up',
            params: {
              connector: 'github',
              exocorp: 'Initech',
              attempts: 10,
              event: 'evt-9',
              receivedAt: '2026-11-30T08:00:00.000Z',
              cause: 'exocorp_paused',
            },
          }),
        },
        {
          ...base,
          id: '34',
          kind: 'connector_event',
          severity: 'warning',
          companyId: null,
          title: 'A stripe delivery failed after 2 attempts',
          detail:
            'Event evt-10 (received 2026-11-30T08:05:00.000Z): The runtime answered 422. Replay it from Connector events once the cause is fixed.',
          ...keyed({
            key: 'connector_refused_unowned',
            params: {
              connector: 'stripe',
              attempts: 2,
              event: 'evt-10',
              receivedAt: '2026-11-30T08:05:00.000Z',
              cause: 'runtime_answered',
              status: 422,
            },
          }),
        },
        {
          ...base,
          id: '35',
          kind: 'enterprise_inquiry',
          severity: 'info',
          companyId: null,
          title: 'Enterprise inquiry from Solo Engines',
          detail: 'Ada Lovelace <ada@example.com> · 1 seat\n\nJust me for now.',
          ...keyed({
            key: 'enterprise_inquiry_seats',
            params: {
              company: 'Solo Engines',
              name: 'Ada Lovelace',
              email: 'ada@example.com',
              seats: 1,
              message: 'Just me for now.',
            },
          }),
        },
        {
          ...base,
          id: '33',
          kind: 'custom_domain',
          severity: 'warning',
          title: 'shop.initech.example stopped serving Initech',
          detail: 'The TXT record is gone',
          // Its facts lack `exocorp`, a placeholder of the key's title: worded, it would read "{{exocorp}}".
          messageKey: 'domain_stopped',
          messageParams: { domain: 'shop.initech.example' },
        },
      )
      const { user } = renderRoute('/admin/feedback?mode=notifications')
      // In English, from the catalog, the same words the BFF stored: one seat singular, causes worded.
      const inEnglish = await screen.findByRole('table', { name: en.notifications.caption }, SLOW)
      expect(within(inEnglish).getByText(/^Ada Lovelace <ada@example\.com> · 1 seat\s+Just me for now\.$/)).toBeInTheDocument()
      expect(within(inEnglish).getByText(/^Hank Scorpio <hank@globex\.example> · 200 seats\s+/)).toBeInTheDocument()
      for (const id of ['32', '34']) {
        const stored = db.ops.adminNotifications.find((n) => n.id === id)!.detail!
        expect(within(inEnglish).getByText(stored)).toBeInTheDocument()
      }
      await switchToGerman(user)
      const table = await screen.findByRole('table', { name: de.notifications.caption }, SLOW)
      expect(within(table).getByText('Deployment-Ziel core ist nicht funktionsfähig')).toBeInTheDocument()
      expect(
        within(table).getByText(/^Die Prüfung ist fehlgeschlagen\.\s+Dort wird kein neues Exocorp platziert/),
      ).toBeInTheDocument()
      expect(within(table).getByText('Deployment-Ziel spare ist wieder funktionsfähig')).toBeInTheDocument()
      expect(within(table).getByText(/^Wieder funktionsfähig \(kein Grund der Störung aufgezeichnet\)/)).toBeInTheDocument()
      expect(
        within(table).getByText('Eine github-Zustellung an Initech ist nach 10 Versuchen fehlgeschlagen'),
      ).toBeInTheDocument()
      // The retrier's reason is its cause's code: worded in German, the attempts a number.
      expect(
        within(table).getByText(
          /^Ereignis evt-9 \(empfangen 2026-11-30T08:00:00\.000Z\): Nach 10 Versuchen aufgegeben: Das Exocorp ist pausiert\. Spielen Sie es/,
        ),
      ).toBeInTheDocument()
      expect(within(table).getByText('Eine stripe-Zustellung ist nach 2 Versuchen fehlgeschlagen')).toBeInTheDocument()
      expect(
        within(table).getByText(
          /^Ereignis evt-10 \(empfangen 2026-11-30T08:05:00\.000Z\): Die Laufzeit hat mit 422 geantwortet\. Spielen Sie es/,
        ),
      ).toBeInTheDocument()
      // The seeded inquiry has seats: the platform's line is German, the visitor's words as sent;
      // one seat is singular.
      expect(
        within(table).getByText(/^Hank Scorpio <hank@globex\.example> · 200 Plätze\s+We want a dedicated target\.$/),
      ).toBeInTheDocument()
      expect(within(table).getByText(/^Ada Lovelace <ada@example\.com> · 1 Platz\s+Just me for now\.$/)).toBeInTheDocument()
      // No English of the platform's is left in these notices (the facts above are names and ids).
      const text = table.textContent ?? ''
      for (const english of [
        'The probe failed',
        'no reason recorded',
        ': failed.',
        ' seat',
        'Healthy again',
        'Replay it',
        'Gave up after',
        'The exocorp is',
        'The runtime answered',
      ]) {
        expect(text, english).not.toContain(english)
      }
      // The notice missing a fact: its stored English, never a raw placeholder.
      expect(within(table).getByText('shop.initech.example stopped serving Initech')).toBeInTheDocument()
      expect(text).not.toContain('{{')
    },
  )

  it('shows platform usage and the model catalog in German', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/admin/usage?from=2026-11-01&to=2026-11-30&by=model')
    await screen.findByRole('heading', { name: en.usage.heading_model }, SLOW)
    await switchToGerman(user)
    expect(await screen.findByRole('heading', { name: de.usage.heading_model }, SLOW)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: de.usage.exportCsv })).toBeInTheDocument()
    expect(screen.getByLabelText(de.usage.groupBy)).toHaveDisplayValue(de.usage.group_model)
    expect(screen.getByLabelText(de.usage.totals)).toHaveTextContent(de.usage.calls)
    fireEvent.change(screen.getByLabelText(de.usage.to), { target: { value: '2026-10-01' } })
    expect(await screen.findByRole('alert')).toHaveTextContent(de.usage.rangeBackwards)

    const sections = await screen.findByRole('navigation', { name: de.chrome.sections }, SLOW)
    await user.click(within(sections).getByRole('link', { name: de.nav.models }))
    const models = await screen.findByRole('table', { name: de.models.caption }, SLOW)
    expect(within(models).getByRole('columnheader', { name: de.models.covered })).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: de.models.catalog })).toBeInTheDocument()
  })

  it('shows broadcasts and the newsletter export in German', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/admin/broadcasts')
    await screen.findByRole('form', { name: en.broadcasts.newBroadcast }, SLOW)
    await switchToGerman(user)
    const form = await screen.findByRole('form', { name: de.broadcasts.newBroadcast }, SLOW)
    expect(within(form).getByLabelText(de.broadcasts.segment)).toHaveDisplayValue(de.broadcasts.segment_all)
    expect(within(form).getByRole('option', { name: de.broadcasts.segment_owners })).toBeInTheDocument()
    expect(within(form).getByLabelText(de.broadcasts.ends)).toBeInTheDocument()
    expect(within(form).getByRole('button', { name: de.broadcasts.broadcast })).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: de.broadcasts.newsletter })).toBeInTheDocument()
    expect(await screen.findByTestId('newsletter-subscribers', {}, SLOW)).toHaveTextContent(
      /eingewilligt \(im eigenen Profil\)\.$/,
    )
    expect(screen.getByRole('button', { name: de.broadcasts.export })).toBeInTheDocument()
  })

  it('shows skill documents and their versions in German', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/admin/skills')
    await screen.findByRole('table', { name: en.skills.caption }, SLOW)
    await switchToGerman(user)
    const table = await screen.findByRole('table', { name: de.skills.caption }, SLOW)
    expect(within(table).getByRole('columnheader', { name: de.skills.document })).toBeInTheDocument()
    expect(screen.getByRole('form', { name: de.skills.publishForm })).toBeInTheDocument()
    expect(screen.getByLabelText(de.skills.body)).toBeInTheDocument()
    await user.click(within(table).getAllByRole('button')[0]!)
    expect(await screen.findByRole('heading', { name: /: Versionen$/ }, SLOW)).toBeInTheDocument()
    expect(screen.getByRole('list', { name: de.skills.versions })).toHaveTextContent(/Version \d+ von /)
  })

  it('shows the site pages and a page editor in German', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/admin/site/pages')
    await screen.findByRole('table', { name: en.site.caption }, SLOW)
    await switchToGerman(user)
    const table = await screen.findByRole('table', { name: de.site.caption }, SLOW)
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent(de.site.status_published)
    const off = screen.getByText(/Die öffentliche Website ist ausgeschaltet/)
    expect(off).toHaveTextContent('site.cms_enabled unter Laufzeit eingeschaltet wird.')
    expect(within(off).getByRole('link', { name: 'Laufzeit' })).toBeInTheDocument()
    expect(screen.getByRole('form', { name: de.site.newPage })).toBeInTheDocument()
    const inquiries = await screen.findByRole('list', { name: de.site.notifications }, SLOW)
    expect(within(inquiries).getByText('Enterprise-Anfrage von Globex')).toBeInTheDocument()
    expect(
      within(inquiries).getByText(/^Hank Scorpio <hank@globex\.example> · 200 Plätze\s+We want a dedicated target\.$/),
    ).toBeInTheDocument()
    await user.click(within(table).getByRole('link', { name: 'Enterprise' }))
    expect(await screen.findByRole('form', { name: de.site.editPage }, SLOW)).toBeInTheDocument()
    expect(screen.getByTestId('page-version')).toHaveTextContent('Live: Version 1')
    expect(screen.getByRole('heading', { name: de.site.preview })).toBeInTheDocument()
    expect(screen.getByLabelText(de.site.body)).toBeInTheDocument()
  })

  it(
    'shows a billing account, its ledger, grace policy and the refund and adjustment dialogs in German',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
      const { user } = renderRoute('/admin/billing/accounts/ba-owner?kind=payment')
      await screen.findByRole('heading', { name: en.billingAccount.ledger }, SLOW)
      await switchToGerman(user)
      expect(await screen.findByRole('heading', { name: de.billingAccount.ledger }, SLOW)).toBeInTheDocument()
      expect(screen.getByRole('table', { name: /^Kontobuch von / })).toHaveTextContent(de.billingAccount.kind_payment)
      expect(screen.getByText(de.billingAccount.stateSince)).toBeInTheDocument()
      const policy = screen.getByRole('form', { name: de.gracePolicy.form })
      expect(within(policy).getByLabelText(de.gracePolicy.graceDays)).toBeInTheDocument()
      expect(within(policy).getByRole('button', { name: de.gracePolicy.save })).toBeInTheDocument()

      await user.click(screen.getByRole('button', { name: /^Zahlung über .+ erstatten$/ }))
      const refund = await screen.findByRole('dialog', { name: de.refund.title })
      expect(within(refund).getByLabelText('Zu erstattender Betrag (USD)')).toBeInTheDocument()
      expect(within(refund).getByText(de.refund.reasonHint)).toBeInTheDocument()
      await user.keyboard('{Escape}')
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())

      await user.click(screen.getByRole('button', { name: de.adjustment.open }))
      const adjust = await screen.findByRole('dialog', { name: de.adjustment.open })
      expect(within(adjust).getByRole('group', { name: de.adjustment.direction })).toBeInTheDocument()
      expect(within(adjust).getByLabelText(de.adjustment.credit)).toBeInTheDocument()
      expect(within(adjust).getByRole('button', { name: de.adjustment.book })).toBeInTheDocument()
    },
  )

  it("shows a user's provider credentials and the revoke form in German", { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { user } = renderRoute('/admin/users/u-owner')
    await screen.findByRole('heading', { name: en.credentials.title }, SLOW)
    await switchToGerman(user)
    expect(await screen.findByRole('heading', { name: de.credentials.title }, SLOW)).toBeInTheDocument()
    const list = screen.getByRole('list', { name: de.credentials.list })
    expect(list).toHaveTextContent(/von \d+ Exocorps? genutzt/)
    await user.click(within(list).getAllByRole('button', { name: /widerrufen$/ })[0]!)
    expect(await screen.findByText(de.credentials.warning)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: de.credentials.revokeCredential })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: de.credentials.keep })).toBeInTheDocument()
  })
})
