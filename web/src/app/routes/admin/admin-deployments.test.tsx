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

describe('deployment targets (/admin/deployments)', () => {
  it('lists targets with health, load against capacity, version and hosts', { timeout: 20_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    renderRoute('/admin/deployments')
    const table = await screen.findByRole('table', { name: 'Deployment targets' }, { timeout: 5_000 })
    const [edge, local] = within(table).getAllByRole('row').slice(1)
    expect(edge).toHaveTextContent('edge')
    expect(edge).toHaveTextContent('Unhealthy')
    expect(edge).toHaveTextContent('free disk: only 12 MB free (needs 64 MB)')
    expect(edge).toHaveTextContent('0 of 5 exocorps (0 running)')
    expect(edge).toHaveTextContent('No new exocorps: edge is unhealthy')
    expect(edge).toHaveTextContent('*.edge.example.net')
    expect(local).toHaveTextContent('Healthy')
    expect(local).toHaveTextContent(`${db.fleet.companies.filter((c) => c.status !== 'destroyed').length} of 1000 exocorps`)
    expect(local).toHaveTextContent('0036_deployment_targets')
    expect(screen.getByRole('link', { name: 'Deployments' })).toHaveAttribute('href', '/admin/deployments')
  })

  it('creates a target after the step-up and shows field errors from the contract', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    const { user } = renderRoute('/admin/deployments')
    const form = await screen.findByRole('form', { name: 'New target' }, { timeout: 5_000 })
    await user.type(within(form).getByLabelText('Name'), 'Tokyo')
    await user.type(within(form).getByLabelText(/Data directory/), 'tokyo')
    await user.click(within(form).getByRole('button', { name: 'Create target' }))
    await confirmPassword(user)
    expect(await within(form).findByText(/lower-case letters, digits and dashes/)).toBeInTheDocument()
    expect(db.deploymentTargets).toHaveLength(2)

    await user.clear(within(form).getByLabelText('Name'))
    await user.type(within(form).getByLabelText('Name'), 'tokyo')
    await user.click(within(form).getByRole('button', { name: 'Create target' }))
    expect(await screen.findByRole('heading', { name: 'tokyo', level: 2 }, { timeout: 5_000 })).toBeInTheDocument()
    expect(screen.getByTestId('target-health')).toHaveTextContent('Not probed')
    expect(screen.getByText('No exocorp runs here.')).toBeInTheDocument()
  })

  it('probes a target healthy, then moves an exocorp onto it', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: ADMIN })
    const { user } = renderRoute('/admin/deployments/t-edge')
    await user.click(await screen.findByRole('button', { name: 'Probe now' }, { timeout: 5_000 }))
    await confirmPassword(user)
    await waitFor(() => expect(screen.getByTestId('target-health')).toHaveTextContent('Healthy'))

    await user.click(screen.getByRole('link', { name: 'All deployment targets' }))
    await user.click(await screen.findByRole('link', { name: 'local' }))
    const move = await screen.findByRole('form', { name: 'Move acme-research' }, { timeout: 5_000 })
    await user.selectOptions(within(move).getByLabelText('Target'), 'edge')
    const button = within(move).getByRole('button', { name: 'Move' })
    expect(button).toBeDisabled()
    await user.type(within(move).getByLabelText('Type acme-research to confirm'), 'acme-research')
    await user.click(button)
    expect(await screen.findByRole('status')).toHaveTextContent('Moving acme-research to edge')
    const acme = db.fleet.companies.find((c) => c.slug === 'acme-research')!
    expect(db.placements.get(acme.id)).toBe('t-edge')
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Move acme-research' })).not.toBeInTheDocument())
  })
})
