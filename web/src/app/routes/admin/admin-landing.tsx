import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
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
  const { t } = useTranslation()
  usePageTitle(t('landing.title'))
  const stats = useQuery(adminCompanyQueries.stats())
  const audit = useQuery(adminAuditQueries.list(landingAuditQuery))
  return (
    <div className="stack">
      {stats.isPending ? (
        <Skeleton label={t('landing.loadingMetrics')} />
      ) : stats.isError ? (
        <ErrorMessage error={stats.error} title={t('landing.metricsUnavailable')} />
      ) : (
        <RuntimeStatsPanel stats={stats.data} />
      )}
      {/* Linked from here rather than the sidebar: the sidebar ships with the owner's first route (decision 043). */}
      <nav className="card row" aria-label={t('landing.operations')}>
        <Link to="/admin/broadcasts">{t('nav.broadcasts')}</Link>
        <Link to="/admin/skills">{t('nav.skills')}</Link>
      </nav>
      <section className="stack" aria-labelledby="latest-audit">
        <div className="row space-between">
          <h2 id="latest-audit">{t('landing.latestAudit')}</h2>
          <Link to={paths.adminAudit()}>{t('landing.openAudit')}</Link>
        </div>
        {audit.isPending ? (
          <Skeleton label={t('landing.loadingAudit')} variant="table" />
        ) : audit.isError ? (
          <ErrorMessage error={audit.error} />
        ) : (
          <AuditTable events={audit.data.items} targetHref={auditTargetHref} />
        )}
      </section>
    </div>
  )
}
