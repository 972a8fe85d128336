import { useQuery } from '@tanstack/react-query'
import { useEndOtherSessions, useEndSession } from '@/features/account/api/mutations'
import { accountQueries } from '@/features/account/api/queries'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { usePageTitle } from '@/lib/page-title'

/** `/account/devices` — every signed-in browser; sign out one, or all others. */
export function DevicesPage() {
  usePageTitle('Devices')
  const sessions = useQuery(accountQueries.sessions())
  const end = useEndSession()
  const endOthers = useEndOtherSessions()
  if (sessions.isPending) return <Skeleton label="Loading devices" variant="table" />
  if (sessions.isError) return <ErrorMessage error={sessions.error} />
  const others = sessions.data.items.filter((s) => !s.current).length
  return (
    <div className="stack">
      <div className="row wrap spread">
        <p className="muted">Devices signed in to your account. API tokens for coding agents are under API tokens.</p>
        <Button variant="danger" disabled={others === 0} busy={endOthers.isPending} onClick={() => endOthers.mutate()}>
          Sign out all other devices
        </Button>
      </div>
      {endOthers.data ? <p role="status">Signed out {endOthers.data.signedOut} other device(s).</p> : null}
      <ErrorMessage error={end.error ?? endOthers.error} />
      <div className="table-wrap" tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">IP address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.items.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.browser} on {s.os} {s.current ? <Badge tone="ok">This device</Badge> : null}
                </td>
                <td>{s.ip ?? '—'}</td>
                <td>
                  <RelativeTime iso={s.createdAt} />
                </td>
                <td>
                  <RelativeTime iso={s.lastSeenAt} />
                </td>
                <td>
                  {s.current ? null : (
                    <Button onClick={() => end.mutate(s.id)} aria-label={`Sign out ${s.browser} on ${s.os}`}>
                      Sign out
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
