import { screen, waitFor, within } from '@testing-library/react'
import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import { apiError } from '@/testing/http'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

// Issue 12, "optimistic everywhere it is safe": pause/resume and bindings show at once and roll
// back when the BFF fails, as rename and channel already do.

const slow = { timeout: 5000 }

/** A handler answer the test releases by hand, so the page is seen while the request is in flight. */
function gate() {
  let open: () => void = () => undefined
  const opened = new Promise<void>((r) => (open = r))
  return { open, opened }
}

async function statusHero() {
  return screen.findByRole('region', { name: 'Status' }, slow)
}

async function actionButton(name: string) {
  const group = await screen.findByRole('group', { name: 'Lifecycle actions' }, slow)
  return within(group).getByRole('button', { name })
}

describe('optimistic lifecycle and bindings', { timeout: 20_000 }, () => {
  it('shows Paused at once, and rolls back to Running when the BFF fails', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const answer = gate()
    server.use(
      http.post('/api/registry/companies/:id/actions', async () => {
        await answer.opened
        return apiError(500, 'internal', 'The runtime did not answer')
      }),
    )
    const { user } = renderRoute('/company/c-acme')
    const hero = await statusHero()
    expect(await within(hero).findByText('Running', { exact: true }, slow)).toBeInTheDocument()
    await user.click(await actionButton('Pause'))
    // Before the BFF answers: the page already shows the outcome, and nothing else can start.
    expect(await within(hero).findByText('Paused', { exact: true }, slow)).toBeInTheDocument()
    expect(await actionButton('Stop')).toHaveAttribute('aria-disabled', 'true')
    answer.open()
    expect(await screen.findByRole('alert', undefined, slow)).toHaveTextContent('Could not pause. The runtime did not answer')
    expect(within(hero).getByText('Running', { exact: true })).toBeInTheDocument()
    expect(within(hero).queryByText('Paused', { exact: true })).not.toBeInTheDocument()
    expect(await actionButton('Pause')).not.toHaveAttribute('aria-disabled')
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.status).toBe('running')
  })

  it('shows Running at once on resume, and keeps it when the BFF agrees', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const answer = gate()
    // Holds the request, then lets the mock's own handler answer it (a handler that returns nothing falls through).
    server.use(
      http.post('/api/registry/companies/:id/actions', async () => {
        await answer.opened
      }),
    )
    const { user } = renderRoute('/company/c-paused')
    const hero = await statusHero()
    expect(await within(hero).findByText('Paused', { exact: true }, slow)).toBeInTheDocument()
    await user.click(await actionButton('Resume'))
    // Before the BFF answers.
    expect(await within(hero).findByText('Running', { exact: true }, slow)).toBeInTheDocument()
    expect(db.fleet.companies.find((c) => c.id === 'c-paused')!.status).toBe('paused')
    answer.open()
    await waitFor(() => expect(db.fleet.companies.find((c) => c.id === 'c-paused')!.status).toBe('running'), slow)
    expect(await actionButton('Pause')).not.toHaveAttribute('aria-disabled')
    expect(within(hero).getByText('Running', { exact: true })).toBeInTheDocument()
  })

  it('shows a bound credential at once, and unbinds it again when the BFF refuses', async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    delete db.fleet.companies.find((c) => c.id === 'c-acme')!.bindings.openai
    const answer = gate()
    server.use(
      http.post('/api/registry/companies/:id/bindings', async () => {
        await answer.opened
        return apiError(500, 'internal', 'The vault is down')
      }),
    )
    const { user } = renderRoute('/company/c-acme')
    const readiness = await screen.findByRole('region', { name: 'Runtime readiness' }, slow)
    expect(await within(readiness).findByText('0 of 1 providers configured', undefined, slow)).toBeInTheDocument()
    const select = within(readiness).getByLabelText('Credential for openai')
    await user.selectOptions(select, 's-openai')
    // Before the BFF answers.
    expect(await within(readiness).findByText('1 of 1 providers configured', undefined, slow)).toBeInTheDocument()
    expect(select).toHaveValue('s-openai')
    answer.open()
    expect(await within(readiness).findByText('The vault is down', undefined, slow)).toBeInTheDocument()
    expect(within(readiness).getByText('0 of 1 providers configured')).toBeInTheDocument()
    expect(select).toHaveValue('')
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.bindings.openai).toBeUndefined()
  })
})
