import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { NavLink, useNavigate, useParams } from 'react-router'
import { companyQueries } from '@/features/companies/api/queries'
import { ActionBar } from '@/features/companies/components/action-bar'
import { AuditTrail } from '@/features/companies/components/audit-trail'
import { ConfigStatus } from '@/features/companies/components/config-status'
import { ManifestPreview } from '@/features/companies/components/manifest-preview'
import { ReadinessPanel } from '@/features/companies/components/readiness-panel'
import { ReleaseSection } from '@/features/companies/components/release-section'
import { RenameForm } from '@/features/companies/components/rename-form'
import { DomainsPanel, StatusHero, UnreachableBanner } from '@/features/companies/components/status-hero'
import { UsageTable } from '@/features/companies/components/usage-table'
import { useRefreshWhenSettled } from '@/features/companies/hooks/use-refresh-when-settled'
import { providerSecretQueries } from '@/features/provider-secrets/api/queries'
import { ErrorMessage } from '@/components/errors/error-message'
import { PageSpinner } from '@/components/ui/spinner'
import { isApiError } from '@/lib/api-client'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../paths'

const TABS = [
  { tab: undefined, label: 'Overview' },
  { tab: 'activity', label: 'Activity' },
  { tab: 'manifest', label: 'Manifest' },
] as const

/** `/company/:id[/activity|/manifest]`: status and actions on every tab; each tab at a stable URL. */
export function CompanyDetailPage() {
  const { id = '', tab } = useParams()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const company = useQuery(companyQueries.detail(id))
  const secrets = useQuery(providerSecretQueries.list())
  usePageTitle(company.data?.name ?? 'Exocorp')
  // A finished job can also free or take up provider credentials (destroy, provision).
  const refreshSecrets = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: providerSecretQueries.all() }),
    [queryClient],
  )
  useRefreshWhenSettled(company.data, refreshSecrets)

  if (company.isPending) return <PageSpinner />
  if (company.isError) {
    if (isApiError(company.error) && company.error.status === 404) {
      return (
        <div className="card stack">
          <h2>Exocorp not found</h2>
          <p>It does not exist, or you do not have access to it.</p>
        </div>
      )
    }
    return <ErrorMessage error={company.error} />
  }
  const c = company.data
  const isOwner = c.role === 'owner'
  const active = tab === 'activity' || tab === 'manifest' ? tab : undefined

  return (
    <div className="stack company-detail">
      <div className="company-head">
        <RenameForm company={c} />
        <p className="muted mono">{c.slug}</p>
      </div>
      <UnreachableBanner company={c} />
      <StatusHero company={c} />
      {isOwner ? (
        <ActionBar
          company={c}
          onDestroyed={() => {
            queryClient.removeQueries({ queryKey: companyQueries.scope(id) })
            navigate(paths.dashboard(), { replace: true })
          }}
        />
      ) : null}
      <nav className="section-tabs" aria-label="Exocorp sections">
        {TABS.filter((t) => isOwner || t.tab !== 'manifest').map((t) => (
          <NavLink key={t.label} to={paths.company(id, t.tab)} end className="section-tab">
            {t.label}
          </NavLink>
        ))}
      </nav>
      {active === undefined ? (
        <div className="detail-grid">
          {isOwner ? (
            <ReadinessPanel
              companyId={c.id}
              secrets={secrets.data?.items ?? []}
              credentialsHref={paths.credentials()}
              onBound={() => void queryClient.invalidateQueries({ queryKey: providerSecretQueries.all() })}
            />
          ) : null}
          <ReleaseSection company={c} />
          <ConfigStatus company={c} />
          <DomainsPanel company={c} />
        </div>
      ) : active === 'activity' ? (
        <div className="stack">
          <AuditTrail companyId={c.id} />
          <UsageTable companyId={c.id} />
        </div>
      ) : isOwner ? (
        <ManifestPreview companyId={c.id} />
      ) : null}
    </div>
  )
}

export { CompanyDetailPage as Component }
