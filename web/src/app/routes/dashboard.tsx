import { useQuery } from '@tanstack/react-query'
import { Link, useSearchParams } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { companyQueries } from '@/features/companies/api/queries'
import { BillingStateBanner } from '@/features/billing/components/billing-state-banner'
import { CompanyCard } from '@/features/companies/components/company-card'
import { FleetStrip } from '@/features/companies/components/fleet-strip'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../paths'

/** Seed 000's landing: fleet status strip, one card per exocorp, and the way into onboarding. */
export function DashboardPage() {
  usePageTitle('Dashboard')
  const me = useQuery(authQueries.me())
  const list = useQuery(companyQueries.list())
  const welcome = (
    <>
      <BillingStateBanner billingHref={paths.billing()} />
      <p className="welcome">Welcome, {me.data?.user.name}.</p>
    </>
  )
  const summary = useQuery(companyQueries.summary())
  const [search] = useSearchParams()
  const onlyGaps = search.get('show') === 'missing-credentials'

  if (list.isPending) return <Skeleton label="Loading your exocorps" />
  if (list.isError) return <ErrorMessage error={list.error} />

  if (list.data.items.length === 0) {
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

  const shown = onlyGaps ? list.data.items.filter((c) => c.providerReadiness.missingRequired.length > 0) : list.data.items
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
      {onlyGaps ? (
        <p className="row filter-note" role="status">
          Showing the exocorps missing a required credential. <Link to={paths.dashboard()}>Show all exocorps</Link>
        </p>
      ) : null}
      <ul className="company-grid" aria-label="Your exocorps">
        {shown.map((c) => (
          <CompanyCard key={c.id} company={c} href={paths.company(c.id)} />
        ))}
      </ul>
    </div>
  )
}
