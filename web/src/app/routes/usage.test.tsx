import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db, resetMockDb } from '@/testing/mock-db'
import { renderRoute } from '@/testing/render'
import { formatMoney } from '@/lib/format'

// Issue 16 item 3 (decision 040): usage analytics with a date range, buckets, comparison to the
// previous period, breakdowns, charts (own chunk) with a table under each, and a CSV export.

const SLOW = { timeout: 8_000 }
const OWNER = 'owner@demo.exocorp.dev'

/** jsdom lays nothing out: give the charts' container a size, as a browser would. */
class SizedResizeObserver {
  constructor(private cb: ResizeObserverCallback) {}
  observe(target: Element) {
    const entry = { target, contentRect: { width: 640, height: 240, top: 0, left: 0, right: 640, bottom: 240, x: 0, y: 0 } }
    this.cb([entry as unknown as ResizeObserverEntry], this as unknown as ResizeObserver)
  }
  unobserve() {}
  disconnect() {}
}

function seed() {
  resetMockDb({ signedInAs: OWNER })
  const [a, b] = db.fleet.companies.filter((c) => c.ownerId === 'u-owner')
  db.fleet.usage.length = 0
  const add = (companyId: string, day: string, model: string, costMicros: number, agent?: string) =>
    db.fleet.usage.push({
      id: `u-${db.fleet.usage.length}`,
      companyId,
      model,
      inputTokens: 1000,
      outputTokens: 500,
      costMicros,
      at: `${day}T10:00:00.000Z`,
      ...(agent ? { agent } : {}),
    })
  add(a!.id, '2026-11-17', 'gpt-4o', 1_000_000, 'writer') // the previous period
  add(a!.id, '2026-11-18', 'gpt-4o', 2_000_000, 'writer')
  add(a!.id, '2026-11-19', 'claude-sonnet-4', 500_000, 'researcher')
  add(b!.id, '2026-11-19', 'gpt-4o', 1_500_000)
  // Someone else's usage never shows.
  db.fleet.companies.push({ ...structuredClone(a!), id: 'c-theirs', slug: 'theirs', name: 'Theirs', ownerId: 'u-admin' })
  add('c-theirs', '2026-11-18', 'gpt-4o', 9_000_000, 'writer')
  return { a: a!, b: b! }
}

beforeEach(() => vi.stubGlobal('ResizeObserver', SizedResizeObserver))
afterEach(() => vi.unstubAllGlobals())

describe('usage analytics', () => {
  it('says so when nothing was used, instead of drawing empty charts', async () => {
    seed()
    renderRoute('/usage?from=2026-10-01&to=2026-10-05')
    expect(await screen.findByText('No usage in this range.', {}, SLOW)).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Over time' })).not.toBeInTheDocument()
    expect(screen.queryByRole('figure')).not.toBeInTheDocument()
  })

  it(
    'shows totals against the previous period, charts with a table each, and breakdowns you switch in the URL',
    { timeout: 30_000 },
    async () => {
      const { a, b } = seed()
      const { user, router } = renderRoute('/usage?from=2026-11-18&to=2026-11-19')
      const totals = await screen.findByLabelText('Totals for the range', {}, SLOW)
      expect(totals).toHaveTextContent(`Spend${formatMoney(4_000_000)} previous period ${formatMoney(1_000_000)} (+300%)`)
      expect(totals).toHaveTextContent('Model calls3 previous period 1 (+200%)')

      // Charts load in their own chunk and each is described by the table under it.
      const spend = await screen.findByRole('figure', { name: 'Spend over time, with the previous period' }, SLOW)
      expect(spend).toHaveAttribute('aria-describedby', 'usage-time-table')
      await waitFor(() => expect(spend.querySelector('svg')).not.toBeNull(), SLOW)
      const overTime = screen.getByRole('table', { name: 'Usage by day' })
      const rows = within(overTime).getAllByRole('row').slice(1)
      expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual([
        formatMoney(2_000_000),
        formatMoney(2_000_000),
      ])
      // The n-th day beside the previous period's n-th: Nov 19 beside Nov 17.
      expect(within(rows[1]!).getAllByRole('cell')[1]).toHaveTextContent(formatMoney(1_000_000))

      const byExocorp = screen.getByRole('table', { name: 'Spend by exocorp' })
      expect(
        within(byExocorp)
          .getAllByRole('rowheader')
          .map((h) => h.textContent),
      ).toEqual([a.name, b.name])
      expect(within(byExocorp).getByRole('row', { name: new RegExp(a.name) })).toHaveTextContent(
        `${formatMoney(2_500_000)}${formatMoney(1_000_000)}+150%`,
      )

      await user.selectOptions(screen.getByLabelText('Break down by'), 'agent')
      const byAgent = await screen.findByRole('table', { name: 'Spend by agent' })
      expect(
        within(byAgent)
          .getAllByRole('rowheader')
          .map((h) => h.textContent),
      ).toEqual(['writer', 'No agent named', 'researcher'])
      expect(router.state.location.search).toContain('by=agent')

      await user.selectOptions(screen.getByLabelText('Exocorps'), a.id)
      await expect.poll(() => router.state.location.search, SLOW).toContain(`exocorp=${a.id}`)
      await waitFor(
        () => expect(screen.getByLabelText('Totals for the range')).toHaveTextContent(`Spend${formatMoney(2_500_000)} previous`),
        SLOW,
      )
      expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
        'href',
        `/api/usage/analytics.csv?from=2026-11-18&to=2026-11-19&bucket=day&companyId=${a.id}`,
      )

      await user.click(screen.getByLabelText('Compare to the previous period'))
      await expect.poll(() => router.state.location.search).toContain('compare=0')
      expect(await screen.findByRole('figure', { name: 'Spend over time' })).toBeInTheDocument()
      expect(
        within(screen.getByRole('table', { name: 'Usage by day' })).queryByRole('columnheader', { name: 'Previous period' }),
      ).toBeNull()
    },
  )

  it(
    'groups by week or month, and refuses a range that ends before it starts without asking the server',
    { timeout: 30_000 },
    async () => {
      seed()
      const { user, router } = renderRoute('/usage?from=2026-11-01&to=2026-11-30&bucket=week')
      const table = await screen.findByRole('table', { name: 'Usage by week' }, SLOW)
      // Nov 1 2026 is a Sunday: its week is clipped to the range; then Mondays.
      expect(
        within(table)
          .getAllByRole('rowheader')
          .map((h) => h.textContent),
      ).toEqual(['Week of Nov 1', 'Week of Nov 2', 'Week of Nov 9', 'Week of Nov 16', 'Week of Nov 23', 'Week of Nov 30'])
      await user.selectOptions(screen.getByLabelText('Group by'), 'month')
      expect(await screen.findByRole('table', { name: 'Usage by month' })).toBeInTheDocument()

      const before = router.state.location.search
      await user.clear(screen.getByLabelText('From'))
      await user.type(screen.getByLabelText('From'), '2026-12-05')
      await user.click(screen.getByRole('button', { name: 'Apply range' }))
      expect(await screen.findByRole('alert')).toHaveTextContent('The range ends before it starts')
      expect(screen.getByLabelText('From')).toHaveAttribute('aria-invalid', 'true')
      expect(router.state.location.search).toBe(before)
    },
  )
})
