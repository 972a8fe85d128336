import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'

// Issue 19 item 1 (decision 049): admins review platform usage by account, exocorp, model and day
// (range, sort and page in the URL, CSV of every row) and the model catalog with prices, usage, error
// rate and credential coverage. The msw handlers answer from the shared contract.

const SLOW = { timeout: 8_000 }

function seed() {
  db.fleet.usage.length = 0
  const [a, b] = db.fleet.companies
  const at = (day: string) => `${day}T10:00:00.000Z`
  db.fleet.usage.push(
    {
      id: 'x1',
      companyId: a!.id,
      model: 'gpt-4o',
      inputTokens: 1000,
      outputTokens: 10,
      costMicros: 5_000_000,
      at: at('2026-11-02'),
    },
    {
      id: 'x2',
      companyId: a!.id,
      model: 'gpt-4o',
      inputTokens: 2000,
      outputTokens: 20,
      costMicros: 1_000_000,
      at: at('2026-11-03'),
      outcome: 'error',
    },
    {
      id: 'x3',
      companyId: b!.id,
      model: 'claude-sonnet-4',
      inputTokens: 500,
      outputTokens: 5,
      costMicros: 2_500_000,
      at: at('2026-11-03'),
    },
  )
  return { a: a!, b: b! }
}

describe('admin usage', () => {
  it('groups the range, pages on the server, keeps it in the URL and links the CSV', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    const { a, b } = seed()
    const { user, router } = renderRoute('/admin/usage?from=2026-11-01&to=2026-11-30&by=company')
    const table = await screen.findByRole('table', { name: 'Platform usage by exocorp' }, SLOW)
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      `${a.name} · ${a.slug}`,
      `${b.name} · ${b.slug}`,
    ])
    expect(rows[0]).toHaveTextContent('$6.00')
    expect(rows[0]).toHaveTextContent(/2\s*1\s*3,000\s*30/)
    expect(screen.getByLabelText('Totals for the range')).toHaveTextContent(/Spend\$8\.50Calls3Errors1/)
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      '/api/admin/usage/export.csv?from=2026-11-01&to=2026-11-30&by=company&sort=cost&order=desc',
    )

    await user.selectOptions(screen.getByLabelText('Group by'), 'model')
    const byModel = await screen.findByRole('table', { name: 'Platform usage by model' }, SLOW)
    await waitFor(
      () =>
        expect(
          within(byModel)
            .getAllByRole('rowheader')
            .map((h) => h.textContent),
        ).toEqual(['GPT-4o · openai', 'Claude Sonnet 4 · anthropic']),
      SLOW,
    )
    expect(router.state.location.search).toContain('by=model')

    // One change at a time, each in the URL before the next (as a person would).
    await user.selectOptions(screen.getByLabelText('Group by'), 'day')
    await waitFor(() => expect(screen.getByLabelText('Group by')).toHaveValue('day'), SLOW)
    await user.selectOptions(screen.getByLabelText('Sort by'), 'name')
    await waitFor(() => expect(screen.getByLabelText('Sort by')).toHaveValue('name'), SLOW)
    await user.selectOptions(screen.getByLabelText('Order'), 'asc')
    await waitFor(() => expect(router.state.location.search).toContain('by=day&sort=name&order=asc'), SLOW)
    await waitFor(
      () =>
        expect(
          within(screen.getByRole('table', { name: 'Platform usage by day (utc)' }))
            .getAllByRole('rowheader')
            .map((h) => h.textContent),
        ).toEqual(['2026-11-02', '2026-11-03']),
      SLOW,
    )
  })

  it('opens on this month so far and switches ranges with month presets', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    seed()
    const today = new Date().toISOString().slice(0, 10)
    const { user, router } = renderRoute('/admin/usage')
    await screen.findByRole('table', { name: 'Platform usage by account' }, SLOW)
    expect(screen.getByLabelText('From')).toHaveValue(`${today.slice(0, 7)}-01`)
    expect(screen.getByLabelText('To')).toHaveValue(today)
    const presets = screen.getByRole('group', { name: 'Range presets' })
    expect(within(presets).getByRole('button', { name: 'This month' })).toHaveAttribute('aria-pressed', 'true')
    await user.click(within(presets).getByRole('button', { name: 'Last month' }))
    const [y, m] = today.split('-').map(Number) as [number, number]
    const lastMonthStart = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10)
    const lastMonthEnd = new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10)
    await waitFor(() => expect(router.state.location.search).toBe(`?from=${lastMonthStart}&to=${lastMonthEnd}`), SLOW)
    await waitFor(() => expect(screen.getByLabelText('From')).toHaveValue(lastMonthStart), SLOW)
    expect(within(presets).getByRole('button', { name: 'Last month' })).toHaveAttribute('aria-pressed', 'true')
    expect(within(presets).getByRole('button', { name: 'This month' })).toHaveAttribute('aria-pressed', 'false')
  })

  it('walks pages with the cursor', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    seed()
    // 60 exocorps' worth of usage: the mock pages 50 at a time, like the BFF's default.
    for (let i = 0; i < 60; i++)
      db.fleet.usage.push({
        id: `y${i}`,
        companyId: db.fleet.companies[0]!.id,
        model: `house-${String(i).padStart(2, '0')}`,
        inputTokens: 1,
        outputTokens: 1,
        costMicros: 1000 + i,
        at: '2026-11-05T10:00:00.000Z',
      })
    const { user } = renderRoute('/admin/usage?from=2026-11-01&to=2026-11-30&by=model')
    const table = await screen.findByRole('table', { name: 'Platform usage by model' }, SLOW)
    expect(within(table).getAllByRole('row')).toHaveLength(51)
    expect(screen.getByText('62 rows')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Next page' }))
    await waitFor(
      () => expect(within(screen.getByRole('table', { name: 'Platform usage by model' })).getAllByRole('row')).toHaveLength(13),
      SLOW,
    )
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Previous page' }))
    await waitFor(
      () => expect(within(screen.getByRole('table', { name: 'Platform usage by model' })).getAllByRole('row')).toHaveLength(51),
      SLOW,
    )
  })

  it('refuses a range that ends before it starts without asking the server', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    seed()
    renderRoute('/admin/usage?from=2026-11-20&to=2026-11-01')
    expect(await screen.findByRole('alert', {}, SLOW)).toHaveTextContent('The range ends before it starts')
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  it('is for admins only', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'owner@demo.exocorp.dev' })
    renderRoute('/admin/usage')
    expect(
      await screen.findByText('Platform administration needs the admin or platform owner role.', {}, SLOW),
    ).toBeInTheDocument()
  })
})

describe('admin models', () => {
  it('lists each model with prices, usage, error rate and credential coverage', { timeout: 30_000 }, async () => {
    resetMockDb({ signedInAs: 'admin@demo.exocorp.dev' })
    db.fleet.usage.length = 0
    const now = new Date().toISOString()
    const c = db.fleet.companies[0]!
    db.fleet.usage.push(
      { id: 'm1', companyId: c.id, model: 'gpt-4o', inputTokens: 10, outputTokens: 1, costMicros: 2_000_000, at: now },
      {
        id: 'm2',
        companyId: c.id,
        model: 'gpt-4o',
        inputTokens: 10,
        outputTokens: 1,
        costMicros: 2_000_000,
        at: now,
        outcome: 'error',
      },
      { id: 'm3', companyId: c.id, model: 'house-model', inputTokens: 10, outputTokens: 1, costMicros: 1_000_000, at: now },
    )
    const live = db.fleet.companies.filter((x) => x.status !== 'destroyed')
    const withOpenai = live.filter((x) => x.bindings.openai).length
    renderRoute('/admin/models')
    const table = await screen.findByRole('table', { name: 'Models' }, SLOW)
    const rowOf = (name: string) =>
      within(table)
        .getAllByRole('rowheader')
        .find((h) => h.textContent === name)!
        .closest('tr')!
    const gpt = rowOf('GPT-4o')
    expect(gpt).toHaveTextContent('openai')
    expect(gpt).toHaveTextContent('$2.50') // input per 1M from the active book
    expect(gpt).toHaveTextContent('$4.00')
    expect(gpt).toHaveTextContent('50.0%')
    expect(gpt).toHaveTextContent(`${withOpenai} of ${live.length}`)
    const house = rowOf('house-model · not in the catalog')
    expect(house).toHaveTextContent('not in the catalog')
    expect(house).toHaveTextContent('(default)')
    expect(house).toHaveTextContent('Unknown')
  })
})
