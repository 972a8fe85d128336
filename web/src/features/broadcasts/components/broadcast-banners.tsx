import { queryOptions, useQuery } from '@tanstack/react-query'
import { ACCOUNT_OPS_API } from '@exocorp/shared/api-paths-account-ops'
import { ActiveBroadcastListSchema, type BroadcastSeverity } from '@exocorp/shared/platform-ops'
import { api } from '@/lib/api-client'
import { useCommonText } from '@/lib/i18n/common-text'
import { addEnglish } from '@/lib/i18n/common-translate'
import { topbarEn } from '@/lib/i18n/topbar-en'

addEnglish({ topbar: topbarEn })

export const broadcastQueries = {
  active: () =>
    queryOptions({
      queryKey: ['broadcasts', 'active'] as const,
      queryFn: ({ signal }) => api.get(ACCOUNT_OPS_API.broadcasts, ActiveBroadcastListSchema, { signal }),
      // A scheduled broadcast appears, and an expired one goes, without a reload.
      refetchInterval: 60_000,
    }),
}

const TONE: Record<BroadcastSeverity, string> = { info: 'alert-info', warning: 'alert-warn', critical: 'alert-error' }

/** Platform broadcasts live for this user's segment (decision 043), above every console page. */
export function BroadcastBanners() {
  const active = useQuery(broadcastQueries.active())
  const { t } = useCommonText()
  const items = active.data?.items ?? []
  if (items.length === 0) return null
  return (
    <section aria-label={t('topbar.announcements')} className="stack">
      {items.map((b) => (
        <div key={b.id} className={`alert ${TONE[b.severity]}`}>
          <strong>{b.title}</strong> {b.body}
        </div>
      ))}
    </section>
  )
}
