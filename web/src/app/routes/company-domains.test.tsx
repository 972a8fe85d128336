import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Issue 18 item 4 (decision 042): the Domains tab of an exocorp.

const SLOW = { timeout: 5_000 }
const OWNER = 'owner@demo.exocorp.dev'

describe('custom domains tab', () => {
  it('adds a domain, shows the records to create, and walks pending → failed → active on Check now', async () => {
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner' && x.status === 'running' && x.health === 'healthy')!
    const { user } = renderRoute(`/company/${c.id}/domains`)
    const panel = await screen.findByRole('region', { name: 'Custom domains' }, SLOW)
    expect(within(panel).getByText(/TLS is terminated by the front proxy/)).toBeInTheDocument()
    await user.type(within(panel).getByLabelText('Domain'), 'Agents.Example.com')
    await user.click(within(panel).getByRole('button', { name: 'Add domain' }))

    const item = await within(panel).findByRole('listitem', { name: 'agents.example.com' })
    expect(within(item).getByTestId('domain-state')).toHaveTextContent('Pending')
    const records = within(item).getByRole('table', { name: 'DNS records for agents.example.com' })
    expect(records).toHaveTextContent('_exocorp-challenge.agents.example.com')
    const token = db.customDomains[0]!.token
    expect(records).toHaveTextContent(token)
    expect(records).toHaveTextContent(`${c.slug}.app.localhost`)

    await user.click(within(item).getByRole('button', { name: 'Check now' }))
    expect(await within(item).findByText('No TXT record at _exocorp-challenge.agents.example.com yet')).toBeInTheDocument()

    db.dns.set('_exocorp-challenge.agents.example.com', { txt: ['not-the-token'] })
    await user.click(within(item).getByRole('button', { name: 'Check now' }))
    await waitFor(() => expect(within(item).getByTestId('domain-state')).toHaveTextContent('Failed'))
    expect(within(item).getByText(/does not hold this domain's token/)).toBeInTheDocument()

    db.dns.set('_exocorp-challenge.agents.example.com', { txt: [token] })
    db.dns.set('agents.example.com', { cname: `${c.slug}.app.localhost` })
    await user.click(within(item).getByRole('button', { name: 'Check now' }))
    await waitFor(() => expect(within(item).getByTestId('domain-state')).toHaveTextContent('Active'))
    expect(within(item).getByText(/Live at/)).toBeInTheDocument()

    await user.click(within(item).getByRole('button', { name: 'Remove' }))
    expect(await within(panel).findByText('No custom domains yet.')).toBeInTheDocument()
  }, 30_000)

  it('shows a bad domain next to the field', async () => {
    resetMockDb({ signedInAs: OWNER })
    const c = db.fleet.companies.find((x) => x.ownerId === 'u-owner')!
    const { user } = renderRoute(`/company/${c.id}/domains`)
    const panel = await screen.findByRole('region', { name: 'Custom domains' }, SLOW)
    await user.type(within(panel).getByLabelText('Domain'), 'localhost')
    await user.click(within(panel).getByRole('button', { name: 'Add domain' }))
    expect(await within(panel).findByText('Enter a host name such as agents.example.com')).toBeInTheDocument()
    expect(db.customDomains).toEqual([])
  }, 20_000)
})
