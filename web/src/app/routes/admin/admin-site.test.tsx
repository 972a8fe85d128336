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

describe('site CMS (/admin/site/pages)', () => {
  it('lists pages, says the public site is off, and shows the admin notifications queue', { timeout: 20_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    renderRoute('/admin/site/pages')
    const table = await screen.findByRole('table', { name: 'Site pages' }, { timeout: 5_000 })
    const row = within(table).getAllByRole('row')[1]!
    expect(row).toHaveTextContent('Enterprise')
    expect(row).toHaveTextContent('/enterprise')
    expect(row).toHaveTextContent('Published')
    expect(row).toHaveTextContent('v1')
    expect(screen.getByText(/The public site is off/)).toBeInTheDocument()
    const queue = await screen.findByRole('list', { name: 'Admin notifications' })
    expect(within(queue).getByText('Enterprise inquiry from Globex')).toBeInTheDocument()
  })

  it('creates a draft after the step-up, edits, publishes and reverts it', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    const { user } = renderRoute('/admin/site/pages')
    const form = await screen.findByRole('form', { name: 'New page' }, { timeout: 5_000 })
    await user.type(within(form).getByLabelText('Path'), 'pricing')
    await user.type(within(form).getByLabelText('Title'), 'Pricing')
    await user.click(within(form).getByRole('button', { name: 'Create draft' }))
    await confirmPassword(user)

    // The editor of the new page opens.
    expect(await screen.findByRole('heading', { name: 'Pricing' }, { timeout: 5_000 })).toBeInTheDocument()
    expect(screen.getByTestId('page-version')).toHaveTextContent('Never published')
    const body = screen.getByLabelText('Body (markdown)')
    await user.clear(body)
    await user.type(body, 'Plans from $10')
    await user.click(screen.getByRole('button', { name: 'Save draft' }))
    await waitFor(() => expect(db.ops.sitePages.find((p) => p.slug === 'pricing')?.body).toBe('Plans from $10'))
    await user.click(await screen.findByRole('button', { name: 'Publish' }))
    await waitFor(() => expect(screen.getByTestId('page-version')).toHaveTextContent('Live: version 1'))
    expect(screen.getByRole('link', { name: '/pricing' })).toHaveAttribute('href', '/pricing')

    // Version 2, then back to version 1 (published as version 3).
    const body2 = screen.getByLabelText('Body (markdown)')
    await user.clear(body2)
    await user.type(body2, 'Plans from $12')
    await user.click(screen.getByRole('button', { name: 'Save draft' }))
    await user.click(await screen.findByRole('button', { name: 'Publish' }))
    await waitFor(() => expect(screen.getByTestId('page-version')).toHaveTextContent('Live: version 2'))
    await user.click(screen.getByRole('button', { name: 'Revert to version 1' }))
    await waitFor(() => expect(screen.getByTestId('page-version')).toHaveTextContent('Live: version 3'))
    expect(screen.getByLabelText('Body (markdown)')).toHaveValue('Plans from $10')
    const versions = screen.getByRole('list', { name: 'Versions' })
    expect(within(versions).getByText(/revert to version 1/)).toBeInTheDocument()
    expect(db.audit.filter((a) => a.action.startsWith('site.')).map((a) => a.action)).toEqual([
      'site.reverted',
      'site.published',
      'site.updated',
      'site.published',
      'site.updated',
      'site.created',
    ])
  })

  it('shows a bad slug next to the field and changes nothing', { timeout: 20_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    db.reauthenticatedAt = new Date().toISOString()
    const { user } = renderRoute('/admin/site/pages')
    const form = await screen.findByRole('form', { name: 'New page' }, { timeout: 5_000 })
    await user.type(within(form).getByLabelText('Path'), 'dashboard')
    await user.type(within(form).getByLabelText('Title'), 'Dash')
    await user.click(within(form).getByRole('button', { name: 'Create draft' }))
    expect(await within(form).findByText('This path belongs to the console; choose another slug')).toBeInTheDocument()
    expect(db.ops.sitePages).toHaveLength(1)
  })
})
