import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { AdminWalletsPanel, spendFiltersOf, type SpendFilters } from '@/features/admin-wallets/admin-wallets-panel'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { usePageTitle } from '@/lib/page-title'

/** The filters in the URL; a new filter starts again from the newest page. */
function searchOf(f: SpendFilters): Record<string, string> {
  const out: Record<string, string> = {}
  if (f.status) out.decision = f.status
  if (f.authorization) out.authorization = f.authorization
  if (f.transaction) out.transaction = f.transaction
  return out
}

/** `/admin/agent-wallets`: every agent wallet and spend request; the filters and the page live in the URL. */
export function AdminWalletsPage() {
  const { t } = useTranslation()
  usePageTitle(t('wallets.title'))
  const me = useQuery(authQueries.me())
  const [params, setParams] = useSearchParams()
  const filters = spendFiltersOf(params)
  return (
    <AdminWalletsPanel
      filters={filters}
      onFilters={(f) => setParams(searchOf(f), { replace: true })}
      cursor={params.get('cursor') ?? undefined}
      onCursor={(c) => {
        const next = new URLSearchParams(params)
        if (c) next.set('cursor', c)
        else next.delete('cursor')
        setParams(next)
      }}
      canAct={Boolean(me.data?.isPlatformOwner)}
      reauthenticate={reauthenticate}
    />
  )
}
