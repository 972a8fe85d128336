import { useEffect, useState } from 'react'
import type { CompanyDetail } from '@exocorp/shared/companies'
import { CopyButton } from '@/components/ui/copy-button'
import { openPortalHref } from '../api/open-portal'
import { PhaseProgress } from './phase-progress'
import { HealthBadge, StatusBadge } from './status-badge'
import { RelativeTime } from '@/components/ui/relative-time'

function message(c: CompanyDetail): string {
  switch (c.status) {
    case 'draft':
      return c.providerReadiness.missingRequired.length
        ? 'Saved as a draft. Bind the missing credentials, then provision it.'
        : 'Saved as a draft. Provision it to start its runtime.'
    case 'provisioning':
      return 'Building its runtime. This page follows every phase.'
    case 'starting':
      return 'Starting the runtime.'
    case 'running':
      return c.health === 'unreachable'
        ? 'The runtime should be running but its control plane is not answering.'
        : `Running${c.installedVersion ? ` version ${c.installedVersion}` : ''}.`
    case 'paused':
      return 'Paused: agents take no new work. Resume to continue.'
    case 'stopped':
      return 'Stopped. Provision it to start it again.'
    case 'failed':
      return c.lastError ? `The last job failed: ${c.lastError}` : 'The last job failed.'
    case 'destroyed':
      return 'Destroyed. Only its audit trail remains.'
  }
}

/** Ticks once a second while a job runs so the running phase's duration counts up. */
function useNow(active: boolean) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [active])
  return now
}

export function StatusHero({
  company,
  phaseLogsHref,
  pausedBecause,
}: {
  company: CompanyDetail
  /** Where a phase's log lines are (owners): each started phase links there. */
  phaseLogsHref?: ((jobId: string, phase: string) => string) | undefined
  /** Why it is paused when the platform paused it (a budget's hard limit), in words; composed by the route. */
  pausedBecause?: string | null
}) {
  const now = useNow(Boolean(company.currentJob))
  return (
    <section className={`card hero hero-${company.status}`} aria-labelledby="status-heading">
      <div className="row wrap">
        <h2 id="status-heading" className="hero-title">
          Status
        </h2>
        <StatusBadge status={company.status} />
        {company.status === 'running' || company.status === 'paused' ? <HealthBadge health={company.health} /> : null}
      </div>
      <p className="hero-message" role="status">
        {company.status === 'paused' && pausedBecause ? pausedBecause : message(company)}
      </p>
      {company.currentJob ? <PhaseProgress job={company.currentJob} now={now} logsHref={phaseLogsHref} /> : null}
      {company.healthCheckedAt && company.health !== 'unknown' ? (
        <p className="muted small">
          Health checked <RelativeTime iso={company.healthCheckedAt} />
        </p>
      ) : null}
    </section>
  )
}

export function UnreachableBanner({ company }: { company: CompanyDetail }) {
  if (company.health !== 'unreachable') return null
  return (
    <div role="alert" className="alert alert-warn">
      <strong>Unreachable.</strong> {company.name} is marked as running, but its control plane is not responding. Restart it, or
      check the runtime.
    </div>
  )
}

export function DomainsPanel({ company }: { company: CompanyDetail }) {
  const portalReady = company.status === 'running' && company.health === 'healthy'
  return (
    <section className="card stack" aria-labelledby="domains-heading">
      <h2 id="domains-heading">Domains</h2>
      <dl className="facts facts-stacked">
        <dt>Operator portal</dt>
        <dd className="copyable">
          <a className="mono domain" href={company.domains.portalUrl} target="_blank" rel="noreferrer">
            {company.domains.portal}
          </a>
          <CopyButton text={company.domains.portal} what="operator portal domain" />
        </dd>
        <dt>App</dt>
        <dd className="copyable">
          <a className="mono domain" href={company.domains.appUrl} target="_blank" rel="noreferrer">
            {company.domains.app}
          </a>
          <CopyButton text={company.domains.app} what="app domain" />
        </dd>
      </dl>
      {portalReady ? (
        <p>
          <a className="btn btn-primary" href={openPortalHref(company.slug)} target="_blank" rel="noreferrer">
            Open the operator portal
          </a>
        </p>
      ) : (
        <p className="muted">The operator portal link appears when the exocorp is running and healthy.</p>
      )}
      {portalReady && <p className="muted">Owners and members only: the portal signs you in with this console session.</p>}
    </section>
  )
}
