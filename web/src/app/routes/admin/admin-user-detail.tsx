import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useState } from 'react'
import { Link, useParams } from 'react-router'
import type { PlatformRole } from '@exocorp/shared/auth'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { useAdminUserAction, type AdminUserAction } from '@/features/admin-users/api/mutations'
import { adminUserQueries } from '@/features/admin-users/api/queries'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { ReauthDialog } from '@/components/reauth-dialog'
import { isApiError } from '@/lib/api-client'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'

// BYOK revoke (decision 043) loads with its own chunk, after the admin chunk's budget was set.
const AdminUserCredentials = lazy(() => import('./admin-operations').then((m) => ({ default: m.AdminUserCredentials })))

const ROLE_LABEL = { user: 'User', admin: 'Admin (reads platform administration)', platform_owner: 'Platform owner' } as const

/** `/admin/users/:userId` — one account; platform owners act (after a step-up), admins read. */
export function AdminUserDetailPage() {
  const { userId = '' } = useParams()
  const me = useQuery(authQueries.me())
  const detail = useQuery(adminUserQueries.detail(userId))
  const action = useAdminUserAction(userId)
  const [pending, setPending] = useState<AdminUserAction | null>(null)
  usePageTitle(detail.data ? detail.data.user.email : 'User')
  const canAct = me.data?.isPlatformOwner === true
  const stepUp = isApiError(action.error) && action.error.code === 'reauth_required'
  const act = (a: AdminUserAction) => {
    setPending(a)
    action.mutate(a)
  }
  if (detail.isPending) return <Skeleton label="Loading user" />
  if (detail.isError) return <ErrorMessage error={detail.error} />
  const { user, companies, sessions, tokens, recentAudit } = detail.data
  return (
    <div className="stack">
      <p>
        <Link to={paths.adminUsers()}>← All users</Link>
      </p>
      <section className="card stack" aria-labelledby="user-title">
        <h2 id="user-title">
          {user.name} <span className="muted">{user.email}</span>{' '}
          {user.state === 'active' ? <Badge tone="ok">Active</Badge> : <Badge tone="bad">Disabled</Badge>}
        </h2>
        <dl className="facts">
          <dt>Platform role</dt>
          <dd>{ROLE_LABEL[user.role]}</dd>
          <dt>Created</dt>
          <dd>
            <RelativeTime iso={user.createdAt} />
          </dd>
          <dt>Last sign-in</dt>
          <dd>{user.lastSignInAt ? <RelativeTime iso={user.lastSignInAt} /> : 'Never'}</dd>
        </dl>
        {canAct ? (
          <div className="row wrap">
            <div className="field">
              <label htmlFor="platform-role">Platform role</label>
              <select
                id="platform-role"
                value={user.role}
                onChange={(e) => act({ kind: 'role', role: e.target.value as PlatformRole })}
              >
                <option value="user">User</option>
                <option value="admin">Admin</option>
                <option value="platform_owner">Platform owner</option>
              </select>
            </div>
            {user.state === 'active' ? (
              <Button variant="danger" busy={action.isPending} onClick={() => act({ kind: 'disable' })}>
                Disable account
              </Button>
            ) : (
              <Button busy={action.isPending} onClick={() => act({ kind: 'enable' })}>
                Enable account
              </Button>
            )}
          </div>
        ) : null}
        {action.error && !stepUp ? <ErrorMessage error={action.error} /> : null}
      </section>
      <section className="card stack" aria-labelledby="user-companies">
        <h2 id="user-companies">Exocorps</h2>
        {companies.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul>
            {companies.map((c) => (
              <li key={c.id}>
                <Link to={paths.adminCompany(c.id)}>{c.name}</Link>{' '}
                <span className="muted">
                  ({c.role}, {c.status})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Suspense fallback={<Skeleton label="Loading credentials" />}>
        <AdminUserCredentials />
      </Suspense>
      <section className="card stack" aria-labelledby="user-sessions">
        <h2 id="user-sessions">Sessions</h2>
        {sessions.length === 0 ? (
          <p className="muted">No active sessions.</p>
        ) : (
          <ul className="plain-list stack">
            {sessions.map((s) => (
              <li key={s.id} className="row wrap spread">
                <span>
                  {s.browser} on {s.os} · {s.ip ?? 'unknown address'} · last seen <RelativeTime iso={s.lastSeenAt} />
                </span>
                {canAct ? (
                  <Button size="sm" variant="danger" onClick={() => act({ kind: 'cancelSession', sessionId: s.id })}>
                    Cancel session
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card stack" aria-labelledby="user-tokens">
        <h2 id="user-tokens">API tokens</h2>
        {tokens.length === 0 ? (
          <p className="muted">No API tokens.</p>
        ) : (
          <ul>
            {tokens.map((t) => (
              <li key={t.id}>
                {t.name}{' '}
                <span className="muted">
                  ({t.tokenPrefix}…, {t.status})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card stack" aria-labelledby="user-audit">
        <h2 id="user-audit">Recent activity</h2>
        {recentAudit.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <ul>
            {recentAudit.map((e) => (
              <li key={e.id}>
                <RelativeTime iso={e.at} /> — {e.summary}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ReauthDialog
        open={stepUp}
        onCancel={() => action.reset()}
        reauthenticate={reauthenticate}
        onConfirmed={() => {
          if (pending) action.mutate(pending)
        }}
        actionLabel="Changing this account"
      />
    </div>
  )
}
