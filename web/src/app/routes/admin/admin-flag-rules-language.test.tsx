import { screen, within } from '@testing-library/react'
import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import { catalog as de } from '@/lib/i18n/de'
import { useLocaleStore } from '@/lib/locale'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

// Decision 064: a flag change the server refuses (a scope or value the flag does not take) names its
// rule by key, and the rollout form says it in the admin's language; the form's own check of the
// value words the same rule the same way.

const SLOW = { timeout: 10_000 }

describe('rollout flag refusals in German', () => {
  it('says a channel the server refuses, and a value out of range, in German', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    useLocaleStore.setState({ byUser: { 'u-admin': 'de' } })
    db.reauthenticatedAt = new Date().toISOString()
    const sent: unknown[] = []
    server.use(
      http.post('/api/admin/runtime/flags', async ({ request }) => {
        sent.push(await request.clone().json())
        return undefined
      }),
    )
    const { user } = renderRoute('/admin/runtime')
    const form = await screen.findByRole('form', { name: de.runtime.changeFlag }, SLOW)

    // The server's refusal: a channel there is none of.
    await user.selectOptions(within(form).getByLabelText(de.runtime.scope), 'channel')
    await user.type(within(form).getByLabelText(de.runtime.channel), 'nightly')
    await user.type(within(form).getByLabelText(de.runtime.reason), 'Nur für den Test')
    await user.click(within(form).getByRole('button', { name: de.runtime.apply }))
    expect(await within(form).findByText('Einer dieser Kanäle: stable, beta, canary', undefined, SLOW)).toBeInTheDocument()
    expect(within(form).queryByText('One of stable, beta, canary')).not.toBeInTheDocument()
    expect(sent).toHaveLength(1)
    expect(db.ops.flagSettings).toEqual([])

    // The form's own check, before anything is sent: the same rule's German words, bounds filled in.
    await user.selectOptions(within(form).getByLabelText(de.runtime.flag), 'ai.loop.max_steps')
    await user.selectOptions(within(form).getByLabelText(de.runtime.scope), 'global')
    await user.clear(within(form).getByLabelText(de.runtime.value))
    await user.type(within(form).getByLabelText(de.runtime.value), '0')
    await user.click(within(form).getByRole('button', { name: de.runtime.apply }))
    expect(await within(form).findByText('Muss zwischen 1 und 500 liegen', undefined, SLOW)).toBeInTheDocument()
    expect(within(form).queryByText('Must be between 1 and 500')).not.toBeInTheDocument()
    expect(sent).toHaveLength(1)
  })
})
