import { onlineManager } from '@tanstack/react-query'
import { act, screen, waitFor, within } from '@testing-library/react'
import { delay, http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { apiError } from '@/testing/http'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { server } from '@/testing/server'

// Whole routes render in jsdom on a shared 2-core box: give async queries room.
const slow = { timeout: 5000 }

function signIn() {
  resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
}

async function actionButton(name: string) {
  const group = await screen.findByRole('group', { name: 'Lifecycle actions' }, slow)
  return within(group).getByRole('button', { name })
}

/** Counts requests to one path from now on (what a person's browser would send). */
function countRequests(pathname: string) {
  const seen = { count: 0 }
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname === pathname) seen.count += 1
  })
  return seen
}

/** The toast region (aria-live) that announces action results. */
async function toast(text: string | RegExp) {
  const region = screen.getByRole('region', { name: /^Notifications/ })
  expect(region).toHaveAttribute('aria-live', 'polite')
  // Under load the same toast was seen twice for a moment, one copy mid exit-animation
  // (data-removed); either copy shows the person the result.
  const [first] = await within(region).findAllByText(text, undefined, slow)
  return first
}

describe('exocorp detail', { timeout: 20_000 }, () => {
  it('shows status, health, domains and the operator-portal link for a running, healthy exocorp', async () => {
    signIn()
    renderRoute('/company/c-acme')
    expect(await screen.findByText('Running version 1.4.2.', undefined, slow)).toBeInTheDocument()
    expect(screen.getByText('Healthy')).toBeInTheDocument()
    expect(screen.getByText('acme-research.exocorp.company')).toBeInTheDocument()
    expect(screen.getByText('acme-research.exocorp.app')).toBeInTheDocument()
    // Through the console's single-use hand-off, which signs the browser in on the portal host.
    expect(screen.getByRole('link', { name: 'Open the operator portal' })).toHaveAttribute(
      'href',
      '/api/portal/handoff?slug=acme-research',
    )
    expect(await screen.findByText('Update available', undefined, slow)).toBeInTheDocument()
    expect(screen.getByText(/What changes in 1.5.0/)).toBeInTheDocument()
  })

  it('enables only the actions the state machine allows, and explains the others on focus', async () => {
    signIn()
    const { user } = renderRoute('/company/c-acme')
    expect(await actionButton('Pause')).not.toHaveAttribute('aria-disabled')
    expect(await actionButton('Stop')).not.toHaveAttribute('aria-disabled')
    const resume = await actionButton('Resume')
    expect(resume).toHaveAttribute('aria-disabled', 'true')
    expect(resume).toHaveAccessibleDescription('Cannot resume an exocorp that is running')
    // Acme has no previous version.
    expect(await actionButton('Roll back')).toHaveAccessibleDescription('There is no previous version to roll back to')
    // Keyboard users reach a refused action and hear why; pressing it does nothing.
    const provision = await actionButton('Provision')
    provision.focus()
    expect(provision).toHaveFocus()
    expect(provision).toHaveAccessibleDescription('Cannot provision an exocorp that is running')
    await user.keyboard('{Enter}')
    expect(screen.getByText('Running version 1.4.2.')).toBeInTheDocument()
  })

  it('flips the allowed actions for a paused exocorp', async () => {
    signIn()
    renderRoute('/company/c-paused')
    expect(await actionButton('Resume')).not.toHaveAttribute('aria-disabled')
    expect(await actionButton('Pause')).toHaveAttribute('aria-disabled', 'true')
    expect(await actionButton('Restart')).not.toHaveAttribute('aria-disabled')
  })

  it('shows the new state at once after pausing', async () => {
    signIn()
    const { user } = renderRoute('/company/c-acme')
    await user.click(await actionButton('Pause'))
    expect(await screen.findByText('Paused: agents take no new work. Resume to continue.', undefined, slow)).toBeInTheDocument()
    expect(await actionButton('Resume')).not.toHaveAttribute('aria-disabled')
  })

  it('confirms each action result in an aria-live toast, destroy included', async () => {
    signIn()
    const { user, router } = renderRoute('/company/c-acme')
    await user.click(await actionButton('Pause'))
    expect(await toast('Acme Research is paused')).toBeInTheDocument()

    await user.click(await actionButton('Destroy'))
    const dialog = await screen.findByRole('dialog', { name: 'Destroy Acme Research?' })
    await user.type(within(dialog).getByLabelText(/to confirm/), 'acme-research')
    await user.click(within(dialog).getByRole('button', { name: 'Destroy' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/dashboard'), slow)
    // The redirect no longer happens silently: the toast outlives the page it came from.
    expect(await toast('Destroyed Acme Research')).toBeInTheDocument()
  })

  it('confirms a channel change with a toast whose Undo puts the old channel back', async () => {
    signIn()
    const { user } = renderRoute('/company/c-acme')
    const channel = await screen.findByLabelText('Release channel', undefined, slow)
    await user.selectOptions(channel, 'beta')
    expect(await toast('Release channel set to Beta')).toBeInTheDocument()
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.channel).toBe('beta')
    await user.click(within(screen.getByRole('region', { name: /^Notifications/ })).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.channel).toBe('stable'), slow)
    await waitFor(() => expect(channel).toHaveValue('stable'), slow)
  })

  it('confirms binding a credential with a toast', async () => {
    signIn()
    const { user } = renderRoute('/company/c-draft')
    await user.selectOptions(await screen.findByLabelText('Credential for openai', undefined, slow), 's-openai')
    expect(await toast('OpenAI production bound to openai')).toBeInTheDocument()
  })

  it('returns focus to the button that opened a dialog when Escape closes it', async () => {
    signIn()
    const { user } = renderRoute('/company/c-paused')
    const stop = await actionButton('Stop')
    await user.click(stop)
    expect(await screen.findByRole('dialog', { name: 'Stop Paused Press?' })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    await waitFor(() => expect(stop).toHaveFocus())
    // And with Cancel.
    await user.click(stop)
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(stop).toHaveFocus())
  })

  it('shows a destroyed exocorp read-only: no rename, no actions, channel and credentials locked', async () => {
    signIn()
    const stopped = db.fleet.companies.find((c) => c.id === 'c-stopped')!
    stopped.status = 'destroyed'
    renderRoute('/company/c-stopped')
    expect(await screen.findByText('Destroyed. Only its audit trail remains.', undefined, slow)).toBeInTheDocument()
    expect(screen.getByRole('note')).toHaveTextContent('Read-only. Quiet Quarters was destroyed')
    expect(screen.queryByRole('button', { name: 'Rename' })).not.toBeInTheDocument()
    expect(screen.queryByRole('group', { name: 'Lifecycle actions' })).not.toBeInTheDocument()
    expect(screen.getByLabelText('Release channel')).toBeDisabled()
    expect(await screen.findByLabelText('Credential for openai', undefined, slow)).toBeDisabled()
    expect(screen.queryByRole('region', { name: 'Domains' })).not.toBeInTheDocument()
  })

  it('links the domains and offers to copy them, the slug and the id', async () => {
    signIn()
    const { user } = renderRoute('/company/c-acme')
    const domains = await screen.findByRole('region', { name: 'Domains' }, slow)
    expect(within(domains).getByRole('link', { name: 'acme-research.exocorp.app' })).toHaveAttribute(
      'href',
      'https://acme-research.exocorp.app/',
    )
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    await user.click(within(domains).getByRole('button', { name: 'Copy operator portal domain' }))
    expect(writeText).toHaveBeenCalledWith('acme-research.exocorp.company')
    expect(await within(domains).findByRole('button', { name: 'Copied operator portal domain' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Copy slug' }))
    expect(writeText).toHaveBeenCalledWith('acme-research')
    await user.click(screen.getByRole('button', { name: 'Copy id' }))
    expect(writeText).toHaveBeenCalledWith('c-acme')
  })

  it('says when it is offline and never replays an action that failed offline', async () => {
    signIn()
    const actions = countRequests('/api/registry/companies/c-acme/actions')
    const { user } = renderRoute('/company/c-acme')
    const pause = await actionButton('Pause')
    try {
      act(() => onlineManager.setOnline(false))
      expect(await screen.findByText('You are offline.')).toBeInTheDocument()
      server.use(http.post('/api/registry/companies/:id/actions', () => HttpResponse.error()))
      await user.click(pause)
      await waitFor(
        () =>
          expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(
            'Could not pause. You are offline, so nothing was sent. Try again once you are back online.',
          ),
        slow,
      )
      server.resetHandlers()
      act(() => onlineManager.setOnline(true))
      await waitFor(() => expect(screen.queryByText('You are offline.')).not.toBeInTheDocument())
      // Back online, nothing is sent behind the person's back.
      await new Promise((r) => setTimeout(r, 1000))
      expect(actions.count).toBe(1)
      expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.status).toBe('running')
    } finally {
      act(() => onlineManager.setOnline(true))
    }
  })

  it("switches the sidebar to the exocorp's own sections", async () => {
    signIn()
    const { user, router } = renderRoute('/company/c-acme')
    const sections = await screen.findByRole('navigation', { name: 'Sections' }, slow)
    expect(await within(sections).findByText('Acme Research', undefined, slow)).toBeInTheDocument()
    expect(within(sections).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page')
    // The same sections as the page's tabs, in the same order (an owner sees them all).
    const labels = within(sections)
      .getAllByRole('link')
      .map((l) => l.textContent)
    expect(labels.slice(0, 10)).toEqual([
      'Overview',
      'Agents',
      'Activity',
      'Store',
      'Members',
      'Manifest',
      'Logs',
      'Runners',
      'Wallets',
      'Domains',
    ])
    await user.click(within(sections).getByRole('link', { name: 'Activity' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/company/c-acme/activity'))
    expect(within(sections).getByRole('link', { name: 'Manifest' })).toHaveAttribute('href', '/company/c-acme/manifest')
    // The way back to the fleet stays.
    expect(within(sections).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('href', '/dashboard')
  })

  it('shows a 409 from the server as a clear message and keeps the state', async () => {
    signIn()
    server.use(
      http.post('/api/registry/companies/:id/actions', () =>
        apiError(409, 'conflict', 'A job is already running for this exocorp', { reason: 'job_in_flight' }),
      ),
    )
    const { user } = renderRoute('/company/c-acme')
    await user.click(await actionButton('Pause'))
    expect(await screen.findByRole('alert', undefined, slow)).toHaveTextContent(
      'Could not pause. A job is already running for this exocorp',
    )
    expect(screen.getByText('Running version 1.4.2.')).toBeInTheDocument()
  })

  it('refuses to destroy until the slug is typed exactly, then destroys and goes back to the fleet', async () => {
    signIn()
    const actions = countRequests('/api/registry/companies/c-acme/actions')
    const { user, router } = renderRoute('/company/c-acme')
    await user.click(await actionButton('Destroy'))
    const dialog = await screen.findByRole('dialog', { name: 'Destroy Acme Research?' })
    const input = within(dialog).getByLabelText(/to confirm/)
    await user.type(input, 'acme-researc')
    await user.click(within(dialog).getByRole('button', { name: 'Destroy' }))
    expect(within(dialog).getByText('That does not match acme-research.')).toBeInTheDocument()
    expect(input).toHaveAttribute('aria-invalid', 'true')
    expect(actions.count).toBe(0)
    expect(db.fleet.companies.find((c) => c.id === 'c-acme')!.status).toBe('running')

    await user.type(input, 'h')
    await user.click(within(dialog).getByRole('button', { name: 'Destroy' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/dashboard'), slow)
    const cards = await screen.findByRole('list', { name: 'Your exocorps' }, slow)
    expect(within(cards).queryByRole('link', { name: 'Acme Research' })).not.toBeInTheDocument()
  })

  it('closes the destroy dialog with Escape without doing anything', async () => {
    signIn()
    const { user } = renderRoute('/company/c-paused')
    await user.click(await actionButton('Stop'))
    expect(await screen.findByRole('dialog', { name: 'Stop Paused Press?' })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(db.fleet.companies.find((c) => c.id === 'c-paused')!.status).toBe('paused')
  })

  it('renames optimistically and rolls back when the server fails', async () => {
    signIn()
    server.use(
      http.patch('/api/registry/companies/:id', async () => {
        await delay(300)
        return apiError(500, 'internal', 'Something broke on our side')
      }),
    )
    const { user } = renderRoute('/company/c-acme')
    await user.click(await screen.findByRole('button', { name: 'Rename' }, slow))
    const input = screen.getByLabelText('Name')
    await user.clear(input)
    await user.type(input, 'Acme Labs{Enter}')
    // The new name shows before the server answers…
    expect(await screen.findByRole('heading', { level: 1, name: 'Acme Labs' })).toBeInTheDocument()
    // …and the old one comes back with the reason when it refuses.
    expect(await screen.findByRole('alert', undefined, slow)).toHaveTextContent('Could not rename. Something broke on our side')
    expect(screen.getByRole('heading', { level: 1, name: 'Acme Research' })).toBeInTheDocument()
  })

  it('rolls a channel change back when the server fails', async () => {
    signIn()
    server.use(http.patch('/api/registry/companies/:id', () => apiError(500, 'internal', 'Channel service down')))
    const { user } = renderRoute('/company/c-acme')
    const channel = await screen.findByLabelText('Release channel', undefined, slow)
    await user.selectOptions(channel, 'canary')
    expect(await screen.findByRole('alert', undefined, slow)).toHaveTextContent(
      'Could not change the channel. Channel service down',
    )
    expect(channel).toHaveValue('stable')
  })

  it('follows provisioning phase by phase and stops polling once it settles', async () => {
    signIn()
    db.fleet.phaseMs = 60_000
    renderRoute('/company/c-nightly')
    expect(await screen.findByText(/Phase 1 of 7/, undefined, slow)).toBeInTheDocument()
    const phases = screen.getByRole('list', { name: 'Phases' })
    expect(within(phases).getAllByRole('listitem')).toHaveLength(7)
    expect(within(phases).getByText('Validate draft').closest('li')).toHaveAttribute('aria-current', 'step')

    // Every phase's time is up: the next poll finds it running.
    db.fleet.phaseMs = 1
    expect(await screen.findByText(/^Running version 1\.7\.0-canary\.3/, undefined, slow)).toBeInTheDocument()
    expect(screen.queryByText(/Phase \d of 7/)).not.toBeInTheDocument()

    const polls = countRequests('/api/registry/companies/c-nightly')
    await new Promise((r) => setTimeout(r, 2500))
    expect(polls.count).toBe(0)
  }, 20_000)

  it('refreshes the release panel when an update job settles, without a reload', async () => {
    signIn()
    db.fleet.phaseMs = 400
    const { user } = renderRoute('/company/c-acme')
    const release = await screen.findByRole('region', { name: 'Release' }, slow)
    expect(await within(release).findByText('Update available', undefined, slow)).toBeInTheDocument()
    await user.click(within(release).getByRole('button', { name: 'Update to 1.5.0' }))
    expect(await screen.findByText(/Phase \d of 7/, undefined, slow)).toBeInTheDocument()
    expect(await screen.findByText('Running version 1.5.0.', undefined, { timeout: 10_000 })).toBeInTheDocument()
    // The handshake is its own query: it must follow the settled job, not show the pre-update answer.
    expect(await within(release).findByText('Up to date', undefined, slow)).toBeInTheDocument()
    expect(within(release).queryByText('Update available')).not.toBeInTheDocument()
    expect(within(release).queryByRole('button', { name: /Update to/ })).not.toBeInTheDocument()
  }, 20_000)

  it('after a restart shows Starting at once and polls until running', async () => {
    signIn()
    db.fleet.phaseMs = 300
    const { user } = renderRoute('/company/c-broken')
    expect(await screen.findByText('The last job failed: Health check timed out after 60 s', undefined, slow)).toBeInTheDocument()
    await user.click(await actionButton('Restart'))
    expect(await screen.findByText('Starting the runtime.', undefined, slow)).toBeInTheDocument()
    expect(screen.getByText(/Phase \d of 2/)).toBeInTheDocument()
    expect(await screen.findByText(/^Running version/, undefined, { timeout: 8000 })).toBeInTheDocument()
  }, 20_000)

  it('warns when a running exocorp is unreachable and hides the portal link', async () => {
    signIn()
    renderRoute('/company/c-ghost')
    expect(await screen.findByRole('alert', undefined, slow)).toHaveTextContent('Unreachable.')
    expect(screen.queryByRole('link', { name: 'Open the operator portal' })).not.toBeInTheDocument()
  })

  it('binds a missing credential from the page, which makes Provision available', async () => {
    signIn()
    const { user } = renderRoute('/company/c-draft')
    expect(await actionButton('Provision')).toHaveAccessibleDescription('Bind credentials for openai first')
    expect(await screen.findByText('Required · missing', undefined, slow)).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Credential for openai'), 's-openai')
    await waitFor(async () => expect(await actionButton('Provision')).not.toHaveAttribute('aria-disabled'), slow)
    await user.click(await actionButton('Provision'))
    expect(await screen.findByText(/Phase 1 of 7/, undefined, slow)).toBeInTheDocument()
  })

  it('keeps every run in the deployment history with who asked, how long it took and its phases', async () => {
    signIn()
    db.fleet.phaseMs = 1
    const { user } = renderRoute('/company/c-acme/activity')
    const history = await screen.findByRole('region', { name: 'Deployment history' }, slow)
    expect(await within(history).findByText(/Nothing has run yet/)).toBeInTheDocument()

    await user.click(await actionButton('Restart'))
    const table = await within(history).findByRole('table', { name: 'Deployment history' }, slow)
    await waitFor(() => expect(within(table).getAllByRole('row')[1]).toHaveTextContent('succeeded'), slow)
    const row = within(table).getAllByRole('row')[1]!
    expect(row).toHaveTextContent('restart')
    expect(row).toHaveTextContent('owner@demo.exocorp.dev')
    await user.click(within(row).getByText(/phases?$/))
    const phases = within(row).getByRole('list', { name: 'Phases of restart' })
    expect(within(phases).getAllByRole('listitem').length).toBeGreaterThan(0)
    expect(within(phases).getAllByRole('listitem')[0]).toHaveTextContent('succeeded')

    // A second run goes on top; the first stays.
    await waitFor(async () => expect(await actionButton('Pause')).not.toHaveAttribute('aria-disabled'), slow)
    await user.click(await actionButton('Pause'))
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3), slow)
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('pause')
    expect(within(table).getAllByRole('row')[2]).toHaveTextContent('restart')
  })

  it('restores audit filters and paging from the URL, newest first', async () => {
    signIn()
    const { user, router } = renderRoute('/company/c-acme/activity?auditOutcome=failed')
    const table = await screen.findByRole('table', { name: 'Audit events' }, slow)
    expect(screen.getByLabelText('Outcome')).toHaveValue('failed')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(5)
    for (const row of rows) expect(within(row).getByText('Failed')).toBeInTheDocument()
    expect(rows[0]).toHaveTextContent('#29')
    expect(rows[4]).toHaveTextContent('#5')
    // The export downloads every event this filter matches, not just the page on screen.
    expect(screen.getByRole('link', { name: 'Export the audit trail as CSV' })).toHaveAttribute(
      'href',
      '/api/registry/audit-events/export.csv?targetType=company&targetId=c-acme&outcome=failed',
    )
    expect(screen.getByRole('link', { name: 'Export the audit trail as NDJSON' })).toHaveAttribute(
      'href',
      '/api/registry/audit-events/export.ndjson?targetType=company&targetId=c-acme&outcome=failed',
    )

    await user.selectOptions(screen.getByLabelText('Outcome'), '')
    await waitFor(() => expect(router.state.location.search).toBe(''))
    const pages = await screen.findByRole('navigation', { name: 'Audit pages' }, slow)
    // The unfiltered first page replaces the filtered one (kept on screen while it loads) before paging on.
    await waitFor(() => expect(within(pages).getByRole('button', { name: 'Older' })).toBeEnabled(), slow)
    await user.click(within(pages).getByRole('button', { name: 'Older' }))
    await waitFor(() => expect(router.state.location.search).toContain('auditCursor=10'))
    expect(await screen.findByText(/#20\)/, undefined, slow)).toBeInTheDocument()
    await user.click(within(pages).getByRole('button', { name: 'Newer' }))
    expect(await screen.findByText(/#30\)/, undefined, slow)).toBeInTheDocument()
  })

  it('shows recent usage on the activity tab', async () => {
    signIn()
    renderRoute('/company/c-acme/activity')
    const usage = await screen.findByRole('heading', { name: 'Recent usage' }, slow)
    const section = usage.closest('section')!
    expect(await within(section).findAllByText('gpt-4.1', undefined, slow)).toHaveLength(3)
  })

  it('previews the manifest YAML with highlighting and a copy button', async () => {
    signIn()
    const { user } = renderRoute('/company/c-acme/manifest')
    const yaml = await screen.findByLabelText('Manifest YAML', undefined, slow)
    expect(yaml).toHaveTextContent('slug: acme-research')
    expect(within(yaml).getByText('slug')).toHaveClass('tok-key')
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    await user.click(screen.getByRole('button', { name: 'Copy YAML' }))
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining('slug: acme-research'))
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument()
  })

  it('answers an unknown id with a not-found message', async () => {
    signIn()
    renderRoute('/company/c-nope')
    expect(await screen.findByRole('heading', { level: 2, name: 'Exocorp not found' }, slow)).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'Exocorp not found' })).toBeInTheDocument()
    expect(screen.getByText('c-nope')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Back to your exocorps' })).toHaveAttribute('href', '/dashboard')
  })
})
