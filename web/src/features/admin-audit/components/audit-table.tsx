import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { AuditEvent } from '@exocorp/shared/audit'
import { RelativeTime } from '@/components/ui/relative-time'
import { CopyButton } from '@/components/ui/copy-button'

export function AuditTable({
  events,
  showDetails = false,
  targetHref,
}: {
  events: AuditEvent[]
  showDetails?: boolean
  /** Where a target lives in the console, when it has a page (the app knows the routes). */
  targetHref?: (target: AuditEvent['target']) => string | undefined
}) {
  const { t } = useTranslation()
  if (events.length === 0) return <p className="muted">{t('audit.none')}</p>
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.target')}</th>
            <th scope="col">{t('audit.outcome')}</th>
            <th scope="col">{t('audit.summary')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                <RelativeTime iso={e.at} />
              </td>
              <td>
                {e.actor.label}
                {e.actor.type !== 'user' ? <span className="muted small"> ({e.actor.type.replace('_', ' ')})</span> : null}
              </td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {e.target.type}
                {e.target.id ? (
                  <>
                    <br />
                    {targetHref?.(e.target) ? (
                      <Link to={targetHref(e.target)!} className="small mono">
                        {e.target.id}
                      </Link>
                    ) : (
                      <code className="muted small">{e.target.id}</code>
                    )}
                  </>
                ) : null}
              </td>
              <td>
                <span className={`badge badge-${e.outcome === 'succeeded' ? 'ok' : 'bad'}`}>{e.outcome}</span>
              </td>
              <td>
                {e.summary}
                {e.repeats ? (
                  <p className="muted small">
                    {t('audit.repeated', { count: e.repeats.count })} <RelativeTime iso={e.repeats.lastAt} />
                  </p>
                ) : null}
                {showDetails && (Object.keys(e.details).length > 0 || e.requestId) ? (
                  <details className="audit-details">
                    <summary>{t('audit.details')}</summary>
                    {e.requestId ? (
                      <p className="muted small copyable">
                        {t('audit.request')} <span className="mono">{e.requestId}</span>
                        <CopyButton text={e.requestId} what={t('audit.copyRequestId')} />
                      </p>
                    ) : null}
                    <pre>{JSON.stringify(e.details, null, 2)}</pre>
                  </details>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
