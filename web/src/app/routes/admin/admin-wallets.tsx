import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { AdminWalletsPanel, decisionFilterOf } from '@/features/admin-wallets/admin-wallets-panel'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { usePageTitle } from '@/lib/page-title'

/** `/admin/agent-wallets`: every agent wallet and spend request; the decision filter lives in the URL. */
export function AdminWalletsPage() {
  usePageTitle('Agent wallets')
  const me = useQuery(authQueries.me())
  const [params, setParams] = useSearchParams()
  const status = decisionFilterOf(params.get('decision'))
  return (
    <AdminWalletsPanel
      status={status}
      onStatus={(s) => setParams(s ? { decision: s } : {}, { replace: true })}
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
