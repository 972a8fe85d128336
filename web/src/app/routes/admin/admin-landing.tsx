import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { adminAuditQueries } from '@/features/admin-audit/api/queries'
import { AuditTable } from '@/features/admin-audit/components/audit-table'
import { adminCompanyQueries } from '@/features/admin-companies/api/queries'
import { RuntimeStatsPanel } from '@/features/admin-companies/components/runtime-stats-panel'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'
import { landingAuditQuery } from './admin-page-queries'
import { auditTargetHref } from './audit-target-href'

export function AdminLandingPage() {
  usePageTitle('Platform administration')
  const stats = useQuery(adminCompanyQueries.stats())
  const audit = useQuery(adminAuditQueries.list(landingAuditQuery))
  return (
    <div className="stack">
      {stats.isPending ? (
        <Skeleton label="Loading fleet metrics" />
      ) : stats.isError ? (
        <ErrorMessage error={stats.error} title="Fleet metrics are unavailable." />
      ) : (
        <RuntimeStatsPanel stats={stats.data} />
      )}
      {/* Linked from here rather than the sidebar: the sidebar ships with the owner's first route (decision 043). */}
      <nav className="card row" aria-label="Platform operations">
        <Link to="/admin/broadcasts">Broadcasts and newsletter</Link>
        <Link to="/admin/skills">Skill documents</Link>
      </nav>
      <section className="stack" aria-labelledby="latest-audit">
        <div className="row space-between">
          <h2 id="latest-audit">Latest audit events</h2>
          <Link to={paths.adminAudit()}>Open the audit explorer</Link>
        </div>
        {audit.isPending ? (
          <Skeleton label="Loading audit events" variant="table" />
        ) : audit.isError ? (
          <ErrorMessage error={audit.error} />
        ) : (
          <AuditTable events={audit.data.items} targetHref={auditTargetHref} />
        )}
      </section>
    </div>
  )
}
