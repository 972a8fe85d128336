import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { ConnectorEventsPanel, type EventFilter } from '@/features/admin-connector-events/connector-events-panel'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { usePageTitle } from '@/lib/page-title'

/**
 * `/admin/connector-events`: recent delivery failures first (the default `?status=failed`; `?status=`
 * shows all), per-connector health and verification posture; platform owners replay.
 */
export function AdminConnectorEventsPage() {
  const { t } = useTranslation()
  usePageTitle(t('connectorEvents.title'))
  const me = useQuery(authQueries.me())
  const [params, setParams] = useSearchParams()
  const [lastReplay, setLastReplay] = useState<string | null>(null)
  const rawStatus = params.get('status') ?? 'failed'
  const rawSource = params.get('source')
  const filter: EventFilter = {
    status: rawStatus === 'failed' || rawStatus === 'retrying' || rawStatus === 'delivered' ? rawStatus : undefined,
    source: rawSource === 'payment' || rawSource === 'runtime' || rawSource === 'connector' ? rawSource : undefined,
  }
  return (
    <ConnectorEventsPanel
      filter={filter}
      onFilter={(f) => setParams({ status: f.status ?? '', ...(f.source ? { source: f.source } : {}) }, { replace: true })}
      canReplay={Boolean(me.data?.isPlatformOwner)}
      reauthenticate={reauthenticate}
      lastReplay={lastReplay}
      onReplayed={setLastReplay}
    />
  )
}
