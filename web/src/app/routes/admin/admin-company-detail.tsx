import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { adminCompanyQueries } from '@/features/admin-companies/api/queries'
import { AdminActionSurface } from '@/features/admin-companies/components/action-surface'
import { CompanyAdminFacts } from '@/features/admin-companies/components/company-admin-facts'
import { RuntimeHealthCard } from '@/features/admin-companies/components/runtime-health-card'
import { adminAuditQueries } from '@/features/admin-audit/api/queries'
import { AuditTable } from '@/features/admin-audit/components/audit-table'
import { authQueries } from '@/features/auth/api/queries'
import { useReauthenticate } from '@/features/auth/api/reauthenticate'
import { ErrorMessage } from '@/components/errors/error-message'
import { NotFound } from '@/components/errors/not-found'
import { isApiError } from '@/lib/api-client'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'
import { companyAuditQuery } from './admin-page-queries'
import { auditTargetHref } from './audit-target-href'

export function AdminCompanyDetailPage() {
  const { companyId = '' } = useParams()
  const me = useQuery(authQueries.me())
  const company = useQuery(adminCompanyQueries.detail(companyId))
  const runtime = useQuery(adminCompanyQueries.runtime(companyId))
  const audit = useQuery(adminAuditQueries.list(companyAuditQuery(companyId)))
  const reauth = useReauthenticate()
  const notFound = isApiError(company.error) && company.error.status === 404
  const { t } = useTranslation()
  usePageTitle(
    company.data
      ? t('company.titleSuffix', { name: company.data.name })
      : notFound
        ? t('company.notFound')
        : t('company.exocorp'),
  )

  if (company.isPending) return <Skeleton label={t('company.loading')} />
  if (company.isError) {
    if (notFound) {
      return (
        <NotFound title={t('company.notFound')} backTo={paths.adminCompanies()} backLabel={t('company.backToAll')}>
          <p>
            {t('company.noSuchId')} <code>{companyId}</code>.
          </p>
        </NotFound>
      )
    }
    return <ErrorMessage error={company.error} />
  }
  return (
    <div className="stack">
      <p className="back-link">
        <Link to={paths.adminCompanies()}>{t('company.allCompanies')}</Link>
      </p>
      <CompanyAdminFacts company={company.data} />
      <AdminActionSurface
        company={company.data}
        canAct={Boolean(me.data?.isPlatformOwner)}
        reauthenticate={(password) => reauth.mutateAsync(password)}
      />
      {runtime.isPending ? (
        <Skeleton label={t('company.probing')} variant="block" />
      ) : runtime.isError ? (
        <ErrorMessage error={runtime.error} title={t('company.runtimeUnavailable')} />
      ) : (
        <RuntimeHealthCard runtime={runtime.data} />
      )}
      <section className="stack" aria-labelledby="company-audit">
        <div className="row space-between">
          <h2 id="company-audit">{t('company.recentAudit')}</h2>
          <Link to={`${paths.adminAudit()}?targetType=company&targetId=${encodeURIComponent(companyId)}`}>
            {t('company.allEvents')}
          </Link>
        </div>
        {audit.isPending ? (
          <Skeleton label={t('company.loadingAudit')} variant="table" />
        ) : audit.isError ? (
          <ErrorMessage error={audit.error} />
        ) : (
          <AuditTable events={audit.data.items} targetHref={auditTargetHref} />
        )}
      </section>
    </div>
  )
}
