import type { AdminRuntime } from '@exocorp/shared/companies'
import { useTranslation } from 'react-i18next'
import { HealthBadge, StatusBadge } from './status-badges'
import { RelativeTime } from '@/components/ui/relative-time'
import { CopyButton } from '@/components/ui/copy-button'

/** What the runtime driver and the health monitor know about one exocorp. */
export function RuntimeHealthCard({ runtime }: { runtime: AdminRuntime }) {
  const { t } = useTranslation()
  return (
    <section className="card stack" aria-labelledby="runtime-title">
      <h2 id="runtime-title">{t('company.runtimeHealth')}</h2>
      {runtime.health === 'unreachable' ? (
        <div role="alert" className="alert alert-warn">
          {t('company.unreachable', { status: runtime.status })}
          {runtime.detail ? ` ${runtime.detail}` : ''}
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('company.status')}</dt>
        <dd>
          <StatusBadge status={runtime.status} />
        </dd>
        <dt>{t('company.health')}</dt>
        <dd>
          <HealthBadge health={runtime.health} />
        </dd>
        <dt>{t('company.lastCheck')}</dt>
        <dd>
          <RelativeTime iso={runtime.healthCheckedAt} />
        </dd>
        <dt>{t('company.driver')}</dt>
        <dd>{runtime.driver}</dd>
        <dt>{t('company.endpoint')}</dt>
        <dd className="copyable">
          {runtime.endpoint ? (
            <>
              <code>{runtime.endpoint}</code>
              <CopyButton text={runtime.endpoint} what={t('company.copyEndpoint')} />
            </>
          ) : (
            <span className="muted">{t('company.nothingRunning')}</span>
          )}
        </dd>
        <dt>{t('company.process')}</dt>
        <dd>{runtime.pid ?? '—'}</dd>
        <dt>{t('company.owningInstance')}</dt>
        <dd>{runtime.owner ?? '—'}</dd>
        <dt>{t('company.reportedVersion')}</dt>
        <dd>{runtime.version ?? '—'}</dd>
        {runtime.detail && runtime.health !== 'unreachable' ? (
          <>
            <dt>{t('company.probeNote')}</dt>
            <dd>{runtime.detail}</dd>
          </>
        ) : null}
      </dl>
    </section>
  )
}
