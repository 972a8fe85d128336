import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Decision 043's screens against the shared msw handlers: broadcasts (and the owner's banner),
// skill documents, BYOK revoke (and the owner's binding), newsletter opt-in and export.

const ADMIN = 'admin@demo.exocorp.dev'
const OWNER = 'owner@demo.exocorp.dev'
const SLOW = { timeout: 5_000 }

async function confirmPassword(user: ReturnType<typeof renderRoute>['user']) {
  const stepUp = await screen.findByRole('dialog', { name: 'Confirm your password' }, SLOW)
  await user.type(within(stepUp).getByLabelText('Password'), 'demo-admin-pass')
  await user.click(within(stepUp).getByRole('button', { name: /confirm/i }))
}

afterEach(() => vi.restoreAllMocks())

describe('broadcasts (/admin/broadcasts)', () => {
  it(
    'a platform owner broadcasts to owners after the step-up; the owner sees the banner until it is cancelled',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: ADMIN })
      const { user, unmount } = renderRoute('/admin/broadcasts')
      const form = await screen.findByRole('form', { name: 'New broadcast' }, SLOW)
      await user.type(within(form).getByLabelText('Title'), 'Maintenance tonight')
      await user.type(within(form).getByLabelText('Message'), 'Provisioning pauses at 22:00 UTC.')
      await user.selectOptions(within(form).getByLabelText('Segment'), 'owners')
      await user.type(within(form).getByLabelText('Ends'), '2099-01-01T10:00')
      await user.click(within(form).getByRole('button', { name: 'Broadcast' }))
      await confirmPassword(user)

      const table = await screen.findByRole('table', { name: 'Broadcasts' }, SLOW)
      const row = within(table).getAllByRole('row')[1]!
      expect(row).toHaveTextContent('Maintenance tonight')
      expect(row).toHaveTextContent('Owners of an exocorp')
      expect(row).toHaveTextContent('live')
      expect(row).toHaveTextContent('1 notified')
      expect(db.notifications.filter((n) => n.kind === 'broadcast').map((n) => n.userId)).toEqual(['u-owner'])
      unmount()

      // The owner's console shows it; the admin (not an owner) does not get it.
      db.sessionUserId = 'u-owner'
      const owner = renderRoute('/dashboard')
      const banners = await screen.findByRole('region', { name: 'Announcements' }, SLOW)
      expect(banners).toHaveTextContent('Maintenance tonight Provisioning pauses at 22:00 UTC.')
      owner.unmount()

      db.sessionUserId = 'u-admin'
      const again = renderRoute('/admin/broadcasts')
      await again.user.click(await screen.findByRole('button', { name: 'Cancel “Maintenance tonight”' }, SLOW))
      await waitFor(() =>
        expect(within(screen.getByRole('table', { name: 'Broadcasts' })).getAllByRole('row')[1]).toHaveTextContent('cancelled'),
      )
      again.unmount()
      db.sessionUserId = 'u-owner'
      renderRoute('/dashboard')
      await screen.findByRole('heading', { level: 1 }, SLOW)
      expect(screen.queryByRole('region', { name: 'Announcements' })).not.toBeInTheDocument()
    },
  )

  it('shows an end before the start next to the field and broadcasts nothing', { timeout: 20_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.reauthenticatedAt = new Date().toISOString()
    const { user } = renderRoute('/admin/broadcasts')
    const form = await screen.findByRole('form', { name: 'New broadcast' }, SLOW)
    await user.type(within(form).getByLabelText('Title'), 'Backwards')
    await user.type(within(form).getByLabelText('Message'), 'x')
    await user.type(within(form).getByLabelText('Starts'), '2099-02-01T10:00')
    await user.type(within(form).getByLabelText('Ends'), '2099-01-01T10:00')
    await user.click(within(form).getByRole('button', { name: 'Broadcast' }))
    expect(await within(form).findByText('The end must come after the start', undefined, SLOW)).toBeInTheDocument()
    expect(db.ops.broadcasts).toEqual([])
  })
})

describe('newsletter', () => {
  it(
    'an owner opts in from the profile; a platform owner sees the count and downloads the CSV after the step-up',
    { timeout: 30_000 },
    async () => {
      resetMockDb({ signedInAs: OWNER })
      const profile = renderRoute('/account/profile')
      const box = await screen.findByRole('checkbox', { name: 'Send me the product newsletter' }, SLOW)
      expect(box).not.toBeChecked()
      await profile.user.click(box)
      await waitFor(() => expect(box).toBeChecked())
      expect(Object.keys(db.ops.newsletter)).toEqual(['u-owner'])
      profile.unmount()

      db.sessionUserId = 'u-admin'
      const downloads: string[] = []
      vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:newsletter')
      vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        downloads.push(this.download)
      })
      const { user } = renderRoute('/admin/broadcasts')
      expect(await screen.findByTestId('newsletter-subscribers', undefined, SLOW)).toHaveTextContent('1 person has opted in')
      await user.click(screen.getByRole('button', { name: 'Export subscribers (CSV)' }))
      await confirmPassword(user)
      expect(await screen.findByRole('status', undefined, SLOW)).toHaveTextContent('The CSV was downloaded.')
      expect(downloads).toEqual([expect.stringMatching(/^newsletter-subscribers-\d{4}-\d{2}-\d{2}\.csv$/)])
      expect(db.audit[0]).toMatchObject({ action: 'newsletter.exported', summary: 'Exported 1 newsletter subscriber(s) as CSV' })
    },
  )
})

describe('skill documents (/admin/skills)', () => {
  it('publishes a document and its next version, shows the versions, and deletes it', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.reauthenticatedAt = new Date().toISOString()
    const { user } = renderRoute('/admin/skills')
    const form = await screen.findByRole('form', { name: 'Publish a skill document' }, SLOW)
    for (const body of ['# Billing v1', '# Billing v2']) {
      await user.clear(within(form).getByLabelText('Name'))
      await user.type(within(form).getByLabelText('Name'), 'billing-help')
      await user.clear(within(form).getByLabelText('Title'))
      await user.type(within(form).getByLabelText('Title'), 'Billing help')
      await user.clear(within(form).getByLabelText('Body (markdown)'))
      await user.type(within(form).getByLabelText('Body (markdown)'), body)
      await user.click(within(form).getByRole('button', { name: 'Publish' }))
      await waitFor(() => expect(db.ops.skills.find((s) => s.slug === 'billing-help')?.versions[0]?.body).toBe(body))
    }
    const versions = await screen.findByRole('list', { name: 'Versions' }, SLOW)
    await waitFor(() => expect(within(versions).getAllByRole('listitem')).toHaveLength(2))
    expect(within(versions).getAllByRole('listitem')[0]).toHaveTextContent('Version 2 by admin@demo.exocorp.dev')
    const table = screen.getByRole('table', { name: 'Skill documents' })
    expect(within(table).getByText('/skills/billing-help.md')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Delete /skills/billing-help.md' }))
    await waitFor(() => expect(within(table).getAllByText('Deleted')).toHaveLength(1))
    expect(db.audit.map((a) => a.action).slice(0, 3)).toEqual(['skill.deleted', 'skill.saved', 'skill.saved'])
  })

  it('refuses a bad name next to the field', { timeout: 20_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.reauthenticatedAt = new Date().toISOString()
    const { user } = renderRoute('/admin/skills')
    const form = await screen.findByRole('form', { name: 'Publish a skill document' }, SLOW)
    await user.type(within(form).getByLabelText('Name'), 'connect-agent')
    await user.type(within(form).getByLabelText('Title'), 'Mine')
    await user.type(within(form).getByLabelText('Body (markdown)'), '# x')
    await user.click(within(form).getByRole('button', { name: 'Publish' }))
    expect(await within(form).findByText('connect-agent is built in', undefined, SLOW)).toBeInTheDocument()
    expect(db.ops.skills.map((s) => s.slug)).toEqual(['refunds'])
  })
})

describe('BYOK revoke (/admin/users/:userId)', () => {
  it('a platform owner revokes a tenant credential; the owner’s binding says why', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    const { user, unmount } = renderRoute('/admin/users/u-owner')
    const creds = await screen.findByRole('list', { name: 'Provider credentials' }, SLOW)
    const openai = within(creds)
      .getByText(/OpenAI production/)
      .closest('li')!
    expect(openai).not.toHaveTextContent('sk-')
    await user.click(within(openai).getByRole('button', { name: 'Revoke OpenAI production' }))
    const form = screen.getByRole('form', { name: 'Revoke OpenAI production' })
    await user.type(within(form).getByLabelText('Reason'), 'Key posted in a public repo')
    await user.click(within(form).getByRole('button', { name: 'Revoke credential' }))
    await confirmPassword(user)
    const revoked = await screen.findByRole('list', { name: 'Revoked credentials' }, SLOW)
    expect(revoked).toHaveTextContent('openai · OpenAI production')
    expect(revoked).toHaveTextContent('Key posted in a public repo')
    expect(within(revoked).getByRole('link', { name: 'Acme Research' })).toBeInTheDocument()
    expect(db.notifications.find((n) => n.kind === 'credential_revoked')).toMatchObject({ userId: 'u-owner' })
    unmount()

    db.sessionUserId = 'u-owner'
    renderRoute('/company/c-acme')
    expect(
      await screen.findByText(
        /“OpenAI production” \(…\w{4}\) was revoked by the platform: Key posted in a public repo/,
        undefined,
        SLOW,
      ),
    ).toBeInTheDocument()
  })
})
