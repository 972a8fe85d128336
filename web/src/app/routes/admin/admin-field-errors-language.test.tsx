import { screen, within } from '@testing-library/react'
import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import { en } from '@/lib/i18n/en'
import { catalog as de } from '@/lib/i18n/de'
import { db, resetMockDb } from '@/testing/mock-db'
import { apiError } from '@/testing/http'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

// Decision 050: field errors from the server read the admin console's language. The mock answers
// a refused input as the BFF does (`invalidInput`: the contract's sentences and, sentence by
// sentence, the issue behind it, through the shared `fieldIssueOf`).

const SLOW = { timeout: 10_000 }

async function fillBroadcast(user: ReturnType<typeof renderRoute>['user'], title: string, starts = '') {
  const form = await screen.findByRole('form', { name: de.broadcasts.newBroadcast }, SLOW)
  await user.clear(within(form).getByLabelText(de.broadcasts.titleField))
  await user.type(within(form).getByLabelText(de.broadcasts.titleField), title)
  await user.clear(within(form).getByLabelText(de.broadcasts.message))
  await user.type(within(form).getByLabelText(de.broadcasts.message), 'x')
  await user.clear(within(form).getByLabelText(de.broadcasts.starts))
  if (starts) await user.type(within(form).getByLabelText(de.broadcasts.starts), starts)
  await user.clear(within(form).getByLabelText(de.broadcasts.ends))
  await user.type(within(form).getByLabelText(de.broadcasts.ends), '2099-01-01T10:00')
  await user.click(within(form).getByRole('button', { name: de.broadcasts.broadcast }))
  return form
}

describe('field errors follow the admin language', () => {
  it(
    'words a field error by its issue in German, keeps English in English, and a refinement by its rule’s key',
    { timeout: 40_000 },
    async () => {
      resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
      db.reauthenticatedAt = new Date().toISOString()
      const { user } = renderRoute('/admin/broadcasts')
      const english = await screen.findByRole('form', { name: en.broadcasts.newBroadcast }, SLOW)
      await user.type(within(english).getByLabelText(en.broadcasts.titleField), 'Hi')
      await user.type(within(english).getByLabelText(en.broadcasts.message), 'x')
      await user.type(within(english).getByLabelText(en.broadcasts.ends), '2099-01-01T10:00')
      await user.click(within(english).getByRole('button', { name: en.broadcasts.broadcast }))
      // English screens keep the server's own sentence.
      expect(await within(english).findByText('At least 3 characters', undefined, SLOW)).toBeInTheDocument()

      await user.click(screen.getByRole('button', { name: /^Account menu/ }))
      await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))
      const form = await fillBroadcast(user, 'Hi')
      // too_small on a string with minimum 3, in the catalog's words with the bound filled in.
      expect(await within(form).findByText('Mindestens 3 Zeichen', undefined, SLOW)).toBeInTheDocument()
      expect(within(form).queryByText('At least 3 characters')).not.toBeInTheDocument()
      expect(db.ops.broadcasts).toEqual([])

      // A refinement (`custom`) names its rule by key (decision 064): German too.
      await fillBroadcast(user, 'Backwards', '2099-02-01T10:00')
      expect(await within(form).findByText(de.serverErrors.rule.broadcast_end_after_start, undefined, SLOW)).toBeInTheDocument()
      expect(within(form).queryByText('The end must come after the start')).not.toBeInTheDocument()
      expect(db.ops.broadcasts).toEqual([])
    },
  )

  it('keeps the server’s sentence for an issue code this client does not know', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    db.reauthenticatedAt = new Date().toISOString()
    server.use(
      http.post('/api/admin/broadcasts', () =>
        apiError(400, 'validation_failed', 'Some fields are invalid', {
          fields: { title: ['Titles may not shout'], body: ['At most 2000 characters'], endsAt: ['Ends on a holiday'] },
          fieldIssues: {
            title: [{ code: 'no_shouting' }],
            body: [{ code: 'too_big', origin: 'string', maximum: 2000, inclusive: true }],
            endsAt: [{ code: 'custom', key: 'no_holidays' }],
          },
        }),
      ),
    )
    const { user } = renderRoute('/admin/broadcasts')
    await screen.findByRole('form', { name: en.broadcasts.newBroadcast }, SLOW)
    await user.click(screen.getByRole('button', { name: /^Account menu/ }))
    await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))
    const form = await fillBroadcast(user, 'LOUD NEWS')
    expect(await within(form).findByText('Titles may not shout', undefined, SLOW)).toBeInTheDocument()
    // A rule's key this client's catalog does not have: the sentence as sent.
    expect(within(form).getByText('Ends on a holiday')).toBeInTheDocument()
    // The known one next to it is German, its bound grouped the German way.
    expect(within(form).getByText('Höchstens 2.000 Zeichen')).toBeInTheDocument()
  })

  it(
    'words a page path’s pattern, a reserved path and a taken one (a service’s own refusal) in German',
    { timeout: 40_000 },
    async () => {
      resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
      db.reauthenticatedAt = new Date().toISOString()
      const { user } = renderRoute('/admin/site/pages')
      const english = await screen.findByRole('form', { name: en.site.newPage }, SLOW)
      const create = async (form: HTMLElement, path: string, labels: typeof en.site) => {
        await user.clear(within(form).getByLabelText(labels.path))
        await user.type(within(form).getByLabelText(labels.path), path)
        await user.clear(within(form).getByLabelText(labels.titleField))
        await user.type(within(form).getByLabelText(labels.titleField), 'Page')
        await user.click(within(form).getByRole('button', { name: labels.createDraft }))
      }
      // English keeps the service's own sentence.
      await create(english, 'enterprise', en.site)
      expect(await within(english).findByText('Another page already uses this slug', undefined, SLOW)).toBeInTheDocument()

      await user.click(screen.getByRole('button', { name: /^Account menu/ }))
      await user.click(await screen.findByRole('menuitemradio', { name: 'Deutsch' }))
      const form = await screen.findByRole('form', { name: de.site.newPage }, SLOW)
      await create(form, 'enterprise', de.site)
      expect(await within(form).findByText(de.serverErrors.rule.site_slug_taken, undefined, SLOW)).toBeInTheDocument()
      // A pattern the contract keyed.
      await create(form, 'Not A Slug', de.site)
      expect(await within(form).findByText(de.serverErrors.rule.site_slug_pattern, undefined, SLOW)).toBeInTheDocument()
      // A refinement: the path belongs to the console.
      await create(form, 'dashboard', de.site)
      expect(await within(form).findByText(de.serverErrors.rule.site_slug_reserved, undefined, SLOW)).toBeInTheDocument()
      expect(within(form).queryByText('This path belongs to the console; choose another slug')).not.toBeInTheDocument()
      expect(db.ops.sitePages).toHaveLength(1)
    },
  )
})
