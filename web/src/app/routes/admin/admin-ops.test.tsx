import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

const ADMIN = 'admin@demo.exocorp.dev'
const ADMIN_PASSWORD = 'demo-admin-pass'

async function confirmPassword(user: ReturnType<typeof renderRoute>['user']) {
  const stepUp = await screen.findByRole('dialog', { name: 'Confirm your password' })
  await user.type(within(stepUp).getByLabelText('Password'), ADMIN_PASSWORD)
  await user.click(within(stepUp).getByRole('button', { name: /confirm/i }))
}

describe('admin feedback triage (/admin/feedback)', () => {
  it(
    'lists groups highest severity first, shows the security view by class, and triages then archives a probe burst',
    { timeout: 20_000 },
    async () => {
      resetMockDb({ signedInAs: ADMIN })
      const { user } = renderRoute('/admin/feedback')
      const table = await screen.findByRole('table', { name: 'Feedback and probe groups' }, { timeout: 5_000 })
      const rows = within(table).getAllByRole('row').slice(1)
      expect(rows[0]).toHaveTextContent('sql probe on POST /api/auth/login')
      expect(rows[0]).toHaveTextContent('500')
      expect(rows.at(-1)).toHaveTextContent('The save button is broken')

      await user.click(screen.getByRole('button', { name: 'Security view' }))
      expect(await screen.findByRole('button', { name: 'SQL: 1 group, 500 seen' }, { timeout: 5_000 })).toBeInTheDocument()
      await waitFor(() => expect(screen.queryByText('The save button is broken on the agents page')).not.toBeInTheDocument())

      await user.click(screen.getByRole('button', { name: 'sql probe on POST /api/auth/login' }))
      const detail = await screen.findByRole('region', { name: 'sql probe on POST /api/auth/login' })
      expect(within(detail).getByText("x@example.com' OR '1'='1")).toBeInTheDocument()
      await user.click(within(detail).getByRole('button', { name: 'Mark triaged' }))
      await confirmPassword(user)
      await waitFor(() => expect(within(detail).getByTestId('group-state')).toHaveTextContent('Triaged'))
      await user.click(within(detail).getByRole('button', { name: 'Archive' }))
      await waitFor(() => expect(db.ops.groups.find((g) => g.id === 'g-sql')?.state).toBe('archived'))
      await waitFor(() => expect(screen.queryByRole('button', { name: 'SQL: 1 group, 500 seen' })).not.toBeInTheDocument())
    },
  )

  it('moves selected groups in bulk and adds a note', { timeout: 20_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.reauthenticatedAt = new Date().toISOString()
    const { user } = renderRoute('/admin/feedback')
    await screen.findByRole('table', { name: 'Feedback and probe groups' }, { timeout: 5_000 })
    await user.click(screen.getByRole('checkbox', { name: 'Select sql probe on POST /api/auth/login' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select script probe on POST /api/auth/login' }))
    await user.selectOptions(screen.getByLabelText('New state'), 'in_progress')
    await user.click(screen.getByRole('button', { name: 'Move selected' }))
    await waitFor(() =>
      expect(
        db.ops.groups
          .filter((g) => g.state === 'in_progress')
          .map((g) => g.id)
          .sort(),
      ).toEqual(['g-script', 'g-sql']),
    )

    await user.click(screen.getByRole('button', { name: 'The save button is broken on the agents page' }))
    const detail = await screen.findByRole('region', { name: 'The save button is broken on the agents page' })
    expect(within(detail).getByText(/\/companies\/c-northwind\/agents/)).toBeInTheDocument()
    await user.type(within(detail).getByLabelText('Note'), 'Reproduced on Chromium')
    await user.click(within(detail).getByRole('button', { name: 'Add note' }))
    expect(await within(detail).findByText(/Reproduced on Chromium/)).toBeInTheDocument()
  })
})

describe('notifications mode (/admin/feedback?mode=notifications)', () => {
  it(
    'lists platform notifications by latest activity with repeats counted, acknowledges after a step-up, filters and resolves',
    { timeout: 20_000 },
    async () => {
      resetMockDb({ signedInAs: ADMIN })
      const { user } = renderRoute('/admin/feedback')
      await user.click(await screen.findByRole('button', { name: 'Notifications (5 new)' }, { timeout: 5_000 }))
      const table = await screen.findByRole('table', { name: 'Platform notifications' }, { timeout: 5_000 })
      const rows = within(table).getAllByRole('row').slice(1)
      const titles = [
        'The runtime of Ghost Works is unreachable',
        'Deployment target edge is unhealthy',
        'Schedule “Inbox sweep” of Ada of Acme Research completed',
        'The provision job of Broken Bots failed',
        'Enterprise inquiry from Globex',
      ]
      expect(rows).toHaveLength(titles.length)
      titles.forEach((title, i) => expect(rows[i]).toHaveTextContent(title))
      expect(rows[0]).toHaveTextContent('critical')
      expect(rows[0]).toHaveTextContent('3 times')
      expect(within(rows[0]!).getByRole('link', { name: 'ghost-works' })).toHaveAttribute('href', '/admin/companies/c-ghost')
      expect(rows[3]).toHaveTextContent('Health check timed out after 60 s')
      // A deployment target's health transition (decision 060) points at the target's page.
      expect(rows[1]).toHaveTextContent('free disk: only 12 MB free (needs 64 MB)')
      expect(within(rows[1]!).getByRole('link', { name: 'Open: Deployment target edge is unhealthy' })).toHaveAttribute(
        'href',
        '/admin/deployments/t-edge',
      )

      await user.click(within(table).getByRole('button', { name: 'Acknowledge: The runtime of Ghost Works is unreachable' }))
      await confirmPassword(user)
      await waitFor(() => expect(within(table).getByTestId('notification-state-2')).toHaveTextContent('Acknowledged'))
      expect(within(table).getByText(`by ${ADMIN}`)).toBeInTheDocument()
      expect(screen.getByText('4 new, 1 acknowledged')).toBeInTheDocument()

      await user.selectOptions(screen.getByLabelText('Source'), 'job_failed')
      await waitFor(() =>
        expect(within(screen.getByRole('table', { name: 'Platform notifications' })).getAllByRole('row')).toHaveLength(2),
      )
      await user.click(screen.getByRole('button', { name: 'Resolve: The provision job of Broken Bots failed' }))
      expect(await screen.findByText('No notifications here.')).toBeInTheDocument()
      expect(db.ops.adminNotifications.find((n) => n.id === '3')).toMatchObject({ state: 'resolved', stateChangedBy: ADMIN })

      await user.selectOptions(screen.getByLabelText('State'), 'resolved')
      const resolved = await screen.findByRole('table', { name: 'Platform notifications' })
      expect(within(resolved).getByText('The provision job of Broken Bots failed')).toBeInTheDocument()
      // A resolved notice offers no further move.
      expect(within(resolved).queryByRole('button', { name: /^Resolve:/ })).not.toBeInTheDocument()
    },
  )

  it('resolves several in bulk', { timeout: 20_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.reauthenticatedAt = new Date().toISOString()
    const { user } = renderRoute('/admin/feedback?mode=notifications')
    await screen.findByRole('table', { name: 'Platform notifications' }, { timeout: 5_000 })
    await user.click(screen.getByRole('checkbox', { name: 'Select Enterprise inquiry from Globex' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select The provision job of Broken Bots failed' }))
    await user.click(screen.getByRole('button', { name: 'Resolve selected' }))
    await waitFor(() =>
      expect(
        db.ops.adminNotifications
          .filter((n) => n.state === 'resolved')
          .map((n) => n.id)
          .sort(),
      ).toEqual(['1', '3']),
    )
    await waitFor(() =>
      expect(within(screen.getByRole('table', { name: 'Platform notifications' })).getAllByRole('row')).toHaveLength(4),
    )
  })
})

describe('rollout controls (/admin/runtime)', () => {
  it(
    'sets the kill switch for one exocorp after a step-up, shows where the value comes from, and reverts it',
    { timeout: 20_000 },
    async () => {
      resetMockDb({ signedInAs: ADMIN })
      const slug = db.fleet.companies.find((c) => c.status === 'running')!.slug
      const { user } = renderRoute('/admin/runtime')
      const form = await screen.findByRole('form', { name: 'Change a flag' }, { timeout: 5_000 })
      await user.selectOptions(within(form).getByLabelText('Scope'), 'company')
      await user.type(within(form).getByLabelText('Exocorp (slug)'), slug)
      await user.type(within(form).getByLabelText('Reason'), 'Runaway loop')
      await user.click(within(form).getByRole('button', { name: 'Apply change' }))
      await confirmPassword(user)

      const resolved = await screen.findByRole('table', { name: 'Effective flag values per exocorp' })
      const row = await within(resolved).findByRole('row', { name: new RegExp(`^${slug}`) })
      await waitFor(() => expect(within(row).getByText('halted')).toBeInTheDocument())
      expect(row).toHaveTextContent('from this exocorp')
      const history = screen.getByRole('list', { name: 'Flag changes' })
      expect(history).toHaveTextContent('Runaway loop')

      await user.click(within(history).getByRole('button', { name: `Revert: ai.loop.kill_switch at ${slug} to unset` }))
      await waitFor(() => expect(within(row).queryByText('halted')).not.toBeInTheDocument())
      expect(db.ops.flagSettings).toEqual([])
    },
  )
})

describe('runtime queues (/admin/runtime)', () => {
  it(
    'shows each action’s queue with spikes first and marked, runtimes and capacity, and drills into the jobs',
    { timeout: 20_000 },
    async () => {
      resetMockDb({ signedInAs: ADMIN })
      const broken = db.fleet.companies.find((c) => c.id === 'c-broken')!
      const now = new Date().toISOString()
      for (let i = 0; i < 3; i++) {
        ;(broken.history ??= []).unshift({
          id: `j-restart-${i}`,
          companyId: broken.id,
          action: 'restart',
          status: 'failed',
          phases: [],
          progress: { current: 0, total: 0 },
          attempts: 2,
          error: 'Health check timed out after 60 s',
          createdAt: now,
          startedAt: now,
          finishedAt: now,
          requestedBy: 'owner@demo.exocorp.dev',
          durationMs: 1000,
        })
      }
      const { user } = renderRoute('/admin/runtime')
      const table = await screen.findByRole('table', { name: 'Job queues by action' }, { timeout: 5_000 })
      const rows = within(table).getAllByRole('row').slice(1)
      expect(within(rows[0]!).getByRole('rowheader')).toHaveTextContent('restart')
      expect(rows[0]).toHaveTextContent('Spike: failures')
      expect(screen.getByText(/3 failed in the last hour/)).toBeInTheDocument()
      // The exocorp provisioning in the seed is the one job in flight.
      const provision = within(table).getByRole('row', { name: /^provision/ })
      expect(within(provision).getAllByRole('cell')[1]).toHaveTextContent('1')
      expect(within(provision).queryByText(/Spike/)).not.toBeInTheDocument()
      expect(screen.getByText(/1 unreachable/)).toBeInTheDocument()

      await user.click(within(rows[0]!).getByRole('button', { name: 'Jobs of restart' }))
      const drill = await screen.findByRole('region', { name: 'Jobs: restart' })
      expect(within(drill).getByLabelText('Status')).toHaveValue('failed')
      const jobs = await within(drill).findByRole('table', { name: 'Queue jobs' })
      expect(within(jobs).getAllByRole('link', { name: 'broken-bots' })).toHaveLength(3)
      expect(jobs).toHaveTextContent('Health check timed out after 60 s')
    },
  )
})

describe('send feedback (console top bar)', () => {
  it('sends a message with the page attached from anywhere in the console', { timeout: 20_000 }, async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    const { user } = renderRoute('/')
    await user.click(await screen.findByRole('button', { name: 'Feedback' }, { timeout: 5_000 }))
    const dialog = await screen.findByRole('dialog', { name: 'Send feedback' })
    await user.type(within(dialog).getByLabelText('Message'), 'Please add a CSV export of usage')
    await user.click(within(dialog).getByRole('button', { name: 'Send feedback' }))
    expect(await within(dialog).findByRole('status')).toHaveTextContent('reached the platform team')
    const sent = db.ops.groups.find((g) => g.title === 'Please add a CSV export of usage')
    expect(sent?.members[0]?.page).toBe('/dashboard')
  })
})
