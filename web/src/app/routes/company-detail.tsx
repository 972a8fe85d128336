import { useQuery, useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useCallback } from 'react'
import { ProviderSchema, type CompanyDetail } from '@exocorp/shared/companies'
import { NavLink, useNavigate, useParams, useSearchParams } from 'react-router'
import { agentQueries } from '@/features/agents/api/queries'
import { AgentsPanel } from '@/features/agents/components/agents-panel'
import { DraftChanges } from '@/features/agents/components/draft-changes'
import { useBindProvider } from '@/features/companies/api/bind-provider'
import { authQueries } from '@/features/auth/api/queries'
import { companyQueries, invalidateFleet } from '@/features/companies/api/queries'
import { useRunCompanyAction } from '@/features/companies/api/run-action'
import { ActionBar } from '@/features/companies/components/action-bar'
import { AuditTrail } from '@/features/companies/components/audit-trail'
import { ConfigStatus } from '@/features/companies/components/config-status'
import { ManifestPreview } from '@/features/companies/components/manifest-preview'
import { ReadinessPanel } from '@/features/companies/components/readiness-panel'
import { ReleaseSection } from '@/features/companies/components/release-section'
import { RenameForm } from '@/features/companies/components/rename-form'
import { SettingsPanel } from '@/features/companies/components/settings-panel'
import { DomainsPanel, StatusHero, UnreachableBanner } from '@/features/companies/components/status-hero'
import { DeploymentHistory } from '@/features/companies/components/deployment-history'
import { UsageTable } from '@/features/companies/components/usage-table'
import { formatAbsolute, formatMoney } from '@/lib/format'
import { useRefreshWhenSettled } from '@/features/companies/hooks/use-refresh-when-settled'
import { providerSecretQueries } from '@/features/provider-secrets/api/queries'
import { LeaveCompany } from '@/features/teams/components/leave-company'
import { MembersPanel } from '@/features/teams/components/members-panel'
import { LogsPanel } from '@/features/logs/components/logs-panel'
import { RunnersPanel } from '@/features/workloads/components/runners-panel'
import { WalletsPanel } from '@/features/wallets/components/wallets-panel'
import { AgentCards, SpendApprovals } from '@/features/wallets/components/agent-cards'
import { WorkloadsTable } from '@/features/workloads/components/workloads-table'
import { ErrorMessage } from '@/components/errors/error-message'
import { CopyButton } from '@/components/ui/copy-button'
import { NotFound } from '@/components/errors/not-found'
import { Skeleton } from '@/components/ui/skeleton'
import { notifyError, notifySuccess } from '@/components/ui/toast'
import { isApiError } from '@/lib/api-client'
import { STATUS_LABEL } from '@/lib/lifecycle-labels'
import { usePageTitle } from '@/lib/page-title'
import { sectionsFor } from '../company-sections'
import { paths } from '../paths'

// Its own chunk: only owners who open the tab load it (decision 042).
const CustomDomainsPanel = lazy(() =>
  import('@/features/custom-domains/components/domains-panel').then((m) => ({ default: m.CustomDomainsPanel })),
)
const ConnectorsPanel = lazy(() =>
  import('@/features/connector-secrets/components/connectors-panel').then((m) => ({ default: m.ConnectorsPanel })),
)
const StorePanel = lazy(() => import('@/features/commerce/components/store-panel').then((m) => ({ default: m.StorePanel })))
const WorkloadQueuePanel = lazy(() =>
  import('@/features/workloads/components/workload-queue-panel').then((m) => ({ default: m.WorkloadQueuePanel })),
)

/** `/company/:id[/activity|/manifest]`: status and actions on every tab; each tab at a stable URL. */
export function CompanyDetailPage() {
  const { id = '', tab } = useParams()
  const [search] = useSearchParams()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const company = useQuery(companyQueries.detail(id))
  const me = useQuery(authQueries.me())
  const secrets = useQuery(providerSecretQueries.list())
  const apply = useRunCompanyAction(id)
  const bind = useBindProvider(id)
  const notFound = isApiError(company.error) && company.error.status === 404
  usePageTitle(company.data?.name ?? (notFound ? 'Exocorp not found' : 'Exocorp'))
  const onJobSettled = useCallback(
    (settled: CompanyDetail) => {
      // A finished job can also free or take up provider credentials (destroy, provision).
      void queryClient.invalidateQueries({ queryKey: providerSecretQueries.all() })
      // What runs changed: the draft ↔ running diff and each agent's deployment state with it.
      void queryClient.invalidateQueries({ queryKey: agentQueries.all(settled.id) })
      if (settled.status === 'failed')
        notifyError(`${settled.name}: the job failed`, { description: settled.lastError ?? undefined })
      else notifySuccess(`${settled.name} is ${STATUS_LABEL[settled.status].toLowerCase()}`)
    },
    [queryClient],
  )
  useRefreshWhenSettled(company.data, onJobSettled)

  if (company.isPending) return <Skeleton label="Loading exocorp" />
  if (company.isError) {
    if (notFound) {
      return (
        <NotFound title="Exocorp not found" backLabel="Back to your exocorps">
          <p>
            No exocorp has the id <code>{id}</code>, or you do not have access to it.
          </p>
        </NotFound>
      )
    }
    return <ErrorMessage error={company.error} />
  }
  const c = company.data
  const isOwner = c.role === 'owner'
  // A destroyed exocorp is kept for its audit trail only: nothing on it can change any more.
  const destroyed = c.status === 'destroyed'
  const canEdit = isOwner && !destroyed
  // A budget's hard limit holds it paused: say so to owners and members alike (decision 040).
  const pause = c.budgetPause
  const pausedBecause = pause
    ? `Paused by ${pause.scope === 'company' ? 'its' : 'the fleet'} monthly budget: ${formatMoney(pause.spentMicros)} of ${formatMoney(pause.limitMicros)} spent. It resumes on ${formatAbsolute(pause.resumesAt)}${isOwner ? ', or raise the budget on the billing page.' : '.'}`
    : null
  const active =
    tab === 'agents' ||
    tab === 'activity' ||
    tab === 'store' ||
    tab === 'manifest' ||
    tab === 'members' ||
    tab === 'logs' ||
    tab === 'runners' ||
    tab === 'wallets' ||
    tab === 'domains'
      ? tab
      : undefined

  return (
    <div className="stack company-detail">
      <div className="company-head">
        <RenameForm company={c} canEdit={canEdit} />
        <p className="copyable muted">
          <span className="mono">{c.slug}</span>
          <CopyButton text={c.slug} what="slug" />
          <CopyButton text={c.id} label="Copy id" />
          {!isOwner ? (
            <LeaveCompany
              companyId={c.id}
              name={c.name}
              onLeft={() => {
                queryClient.removeQueries({ queryKey: companyQueries.scope(id) })
                void invalidateFleet(queryClient)
                notifySuccess(`You left ${c.name}`)
                navigate(paths.dashboard(), { replace: true })
              }}
            />
          ) : null}
        </p>
      </div>
      {destroyed ? (
        <div className="alert alert-info" role="note">
          <strong>Read-only.</strong> {c.name} was destroyed; its settings and credentials can no longer change. Its activity
          stays available.
        </div>
      ) : null}
      <UnreachableBanner company={c} />
      <StatusHero
        company={c}
        pausedBecause={pausedBecause}
        phaseLogsHref={
          isOwner
            ? (jobId, phase) => `${paths.company(id, 'logs')}?job=${encodeURIComponent(jobId)}&phase=${encodeURIComponent(phase)}`
            : undefined
        }
      />
      {canEdit ? (
        <ActionBar
          company={c}
          onDestroyed={() => {
            queryClient.removeQueries({ queryKey: companyQueries.scope(id) })
            navigate(paths.dashboard(), { replace: true })
          }}
        />
      ) : null}
      <nav className="section-tabs" aria-label="Exocorp sections">
        {sectionsFor(isOwner).map((t) => (
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
              readOnly={destroyed}
              secrets={secrets.data?.items ?? []}
              credentialsHref={paths.credentials()}
              onBound={() => void queryClient.invalidateQueries({ queryKey: providerSecretQueries.all() })}
            />
          ) : null}
          {destroyed ? null : (
            <DraftChanges
              companyId={c.id}
              slug={c.slug}
              canApply={canEdit}
              applying={apply.isPending}
              onApply={(plan, confirm) =>
                apply.mutate(
                  { action: plan.action, ...(confirm ? { confirm } : {}) },
                  {
                    onSuccess: () => void queryClient.invalidateQueries({ queryKey: agentQueries.all(id) }),
                    onError: (e) => notifyError(isApiError(e) ? e.message : 'Applying the draft failed'),
                  },
                )
              }
            />
          )}
          {canEdit ? (
            <SettingsPanel
              companyId={c.id}
              channel={c.channel}
              onSaved={() => void queryClient.invalidateQueries({ queryKey: agentQueries.all(id) })}
            />
          ) : null}
          <ReleaseSection company={c} canEdit={canEdit} />
          <ConfigStatus company={c} />
          {destroyed ? null : <DomainsPanel company={c} />}
        </div>
      ) : active === 'agents' ? (
        <AgentsPanel
          companyId={c.id}
          canEdit={canEdit}
          credentialsHref={paths.credentials()}
          bindingsHref={paths.company(c.id)}
          agentHref={(agentId) => paths.companyAgent(c.id, agentId)}
          newAgentHref={paths.companyNewAgent(c.id)}
          onBind={(provider, secretId) => {
            const parsed = ProviderSchema.safeParse(provider)
            if (!parsed.success) return
            bind.mutate(
              { provider: parsed.data, secretId },
              {
                onSuccess: () => void queryClient.invalidateQueries({ queryKey: agentQueries.all(id) }),
                onError: (e) => notifyError(isApiError(e) ? e.message : 'Binding failed'),
              },
            )
          }}
          onChanged={() => void queryClient.invalidateQueries({ queryKey: companyQueries.scope(id) })}
        />
      ) : active === 'activity' ? (
        <div className="stack">
          <WorkloadsTable companyId={c.id} />
          <DeploymentHistory companyId={c.id} />
          <AuditTrail companyId={c.id} />
          <UsageTable companyId={c.id} />
        </div>
      ) : active === 'store' ? (
        <Suspense fallback={<Skeleton label="Loading the store" />}>
          <StorePanel companyId={c.id} canEdit={canEdit} />
        </Suspense>
      ) : !isOwner ? null : active === 'members' ? (
        <MembersPanel companyId={c.id} viewerId={me.data?.user.id ?? ''} />
      ) : active === 'runners' ? (
        <div className="stack">
          <RunnersPanel companyId={c.id} serverUrl={window.location.origin} />
          <Suspense fallback={<Skeleton label="Loading queued workloads" />}>
            <WorkloadQueuePanel companyId={c.id} />
          </Suspense>
        </div>
      ) : active === 'wallets' ? (
        <div className="stack">
          <SpendApprovals companyId={c.id} />
          <WalletsPanel companyId={c.id} agents={[]} />
          <AgentCards companyId={c.id} />
        </div>
      ) : active === 'domains' ? (
        <Suspense fallback={<Skeleton label="Loading domains" />}>
          <div className="stack">
            <CustomDomainsPanel companyId={c.id} />
            {/* Connector deliveries arrive on the app host too (decisions 047, 056). */}
            <ConnectorsPanel companyId={c.id} />
          </div>
        </Suspense>
      ) : active === 'logs' ? (
        <LogsPanel companyId={c.id} jobId={search.get('job') ?? undefined} phase={search.get('phase') ?? undefined} />
      ) : (
        <ManifestPreview companyId={c.id} />
      )}
    </div>
  )
}

export { CompanyDetailPage as Component }
