import { lazy, Suspense, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { companyQueries } from '@/features/companies/api/queries'
import { fleetListQuery, hasFleetFilters } from '@/features/companies/api/fleet-list-query'
import { BillingStateBanner } from '@/features/billing/components/billing-state-banner'
import { CompanyCard } from '@/features/companies/components/company-card'
import { FleetFilters } from '@/features/companies/components/fleet-filters'
import { FleetStrip } from '@/features/companies/components/fleet-strip'
import { FleetTable, type FleetSortKey } from '@/features/companies/components/fleet-table'
import { ErrorMessage } from '@/components/errors/error-message'
import { Button } from '@/components/ui/button'
import { ListPager } from '@/components/ui/list-pager'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { useListParams } from '@/lib/use-list-params'
import { paths } from '../paths'

// Bulk actions (their dialogs and Radix) load when the first row is selected, not with the dashboard.
const BulkActionBar = lazy(() =>
  import('@/features/companies/components/bulk-actions').then((m) => ({ default: m.BulkActionBar })),
)

/** Up to this many exocorps the dashboard shows cards; a larger fleet gets the table (issue 12). */
const CARDS_UP_TO = 12

/** Sort directions a person expects on first click: names A→Z, dates newest first. */
const FIRST_ORDER: Record<FleetSortKey, 'asc' | 'desc'> = { name: 'asc', status: 'asc', createdAt: 'desc', updatedAt: 'desc' }

/**
 * Seed 000's landing: fleet status strip, the owner's exocorps and the way into onboarding. The
 * list is one server page at a time (filters, sort and cursor in the URL); cards for a small
 * fleet, a table for a large one, and either on request (`?view=`).
 */
export function DashboardPage() {
  usePageTitle('Dashboard')
  const me = useQuery(authQueries.me())
  const params = useListParams()
  const query = fleetListQuery(params.params)
  const filtered = hasFleetFilters(params.params)
  const list = useQuery(companyQueries.list(query))
  const summary = useQuery(companyQueries.summary())
  const onlyGaps = params.get('show') === 'missing-credentials'
  // Selected ids survive paging and filtering, so a bulk action can span pages.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev)
      if (!next.delete(id)) next.add(id)
      return next
    })
  const togglePage = (ids: string[]) =>
    setSelected((prev) => {
      const next = new Set(prev)
      const all = ids.every((id) => next.has(id))
      for (const id of ids) {
        if (all) next.delete(id)
        else next.add(id)
      }
      return next
    })
  const welcome = (
    <>
      <BillingStateBanner billingHref={paths.billing()} />
      <p className="welcome">Welcome, {me.data?.user.name}.</p>
    </>
  )

  if (list.isPending) return <Skeleton label="Loading your exocorps" />
  if (list.isError) return <ErrorMessage error={list.error} />

  const page = list.data
  if (page.items.length === 0 && !filtered && !params.cursor) {
    return (
      <section className="empty-state card stack" aria-labelledby="empty-heading">
        {welcome}
        <h2 id="empty-heading">Launch your first exocorp</h2>
        <p>
          An exocorp is a company of AI agents with its own runtime, operator portal and domains. Name it, pick a release channel,
          connect model providers, and provision it — it takes a couple of minutes.
        </p>
        <p>
          <Link className="btn btn-primary" to={paths.onboarding()}>
            Launch onboarding
          </Link>
        </p>
      </section>
    )
  }

  const large = (summary.data?.total ?? 0) > CARDS_UP_TO || page.nextCursor !== null || params.hasPrevious
  const requested = params.get('view')
  const view = requested === 'table' || requested === 'cards' ? requested : large ? 'table' : 'cards'
  // The readiness gaps are not a server filter: say plainly that only this page is narrowed.
  // Seed 004: your own exocorps here; those you are only a member of under "Shared with you", read-only.
  const owned = page.items.filter((c) => c.role === 'owner')
  const shared = page.items.filter((c) => c.role !== 'owner')
  const shown = onlyGaps ? owned.filter((c) => c.providerReadiness.missingRequired.length > 0) : owned
  const pageLabel = params.hasPrevious || page.nextCursor ? ' on this page' : ''
  return (
    <div className="stack">
      {welcome}
      <div className="row wrap spread">
        {summary.data ? (
          <FleetStrip summary={summary.data} gapsHref={paths.dashboardGaps()} />
        ) : summary.isError ? (
          <ErrorMessage error={summary.error} />
        ) : (
          <span />
        )}
        <Link className="btn btn-primary" to={paths.onboarding()}>
          Launch onboarding
        </Link>
      </div>
      <FleetFilters
        value={{
          q: query.q,
          status: query.status,
          channel: query.channel,
          health: query.health,
          role: query.role,
          sort: query.sort,
          order: query.order,
        }}
        onChange={(next) => params.setFilters(next)}
        onClear={() =>
          params.setFilters({ q: undefined, status: undefined, channel: undefined, health: undefined, role: undefined })
        }
      />
      <div className="row wrap spread">
        <div className="row" role="group" aria-label="Show exocorps as">
          <Button size="sm" aria-pressed={view === 'cards'} onClick={() => params.setDisplay({ view: 'cards' })}>
            Cards
          </Button>
          <Button size="sm" aria-pressed={view === 'table'} onClick={() => params.setDisplay({ view: 'table' })}>
            Table
          </Button>
        </div>
      </div>
      {view === 'table' && selected.size > 0 ? (
        <Suspense fallback={null}>
          <BulkActionBar selectedIds={[...selected]} onClear={() => setSelected(new Set())} />
        </Suspense>
      ) : null}
      {onlyGaps ? (
        <p className="row filter-note" role="status">
          Showing the exocorps{pageLabel} missing a required credential. <Link to={paths.dashboard()}>Show all exocorps</Link>
        </p>
      ) : null}
      {shown.length === 0 ? (
        <section className="card stack" aria-labelledby="no-results-heading">
          <h2 id="no-results-heading">No exocorps match</h2>
          <p className="muted">
            {onlyGaps
              ? `Every exocorp${pageLabel} has its required credentials.`
              : 'Nothing in your fleet matches these filters.'}
          </p>
          {filtered ? (
            <p>
              <Button
                onClick={() =>
                  params.setFilters({ q: undefined, status: undefined, channel: undefined, health: undefined, role: undefined })
                }
              >
                Clear filters
              </Button>
            </p>
          ) : null}
        </section>
      ) : view === 'table' ? (
        <FleetTable
          rows={shown}
          sort={query.sort}
          order={query.order}
          hrefFor={(c) => paths.company(c.id)}
          selection={{ selected, onToggle: toggle, onTogglePage: togglePage }}
          onSort={(sort) =>
            params.setFilters({ sort, order: sort === query.sort ? (query.order === 'asc' ? 'desc' : 'asc') : FIRST_ORDER[sort] })
          }
        />
      ) : (
        <ul className="company-grid" aria-label="Your exocorps">
          {shown.map((c) => (
            <CompanyCard key={c.id} company={c} href={paths.company(c.id)} />
          ))}
        </ul>
      )}
      <ListPager
        page={params.page}
        hasPrevious={params.hasPrevious}
        nextCursor={page.nextCursor}
        onPrevious={params.previousPage}
        onNext={params.nextPage}
        busy={list.isPlaceholderData}
      />
      {shared.length > 0 ? (
        <section className="stack" aria-labelledby="shared-heading">
          <h2 id="shared-heading">Shared with you</h2>
          <p className="muted">Exocorps you are a member of: you can look, their owners act.</p>
          <ul className="company-grid" aria-label="Shared with you">
            {shared.map((c) => (
              <CompanyCard key={c.id} company={c} href={paths.company(c.id)} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
