import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { lazy, Suspense } from 'react'
import { Link, useParams } from 'react-router'
import type { PlatformRole } from '@exocorp/shared/auth'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { useAdminUserAction } from '@/features/admin-users/api/mutations'
import { adminUserQueries } from '@/features/admin-users/api/queries'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { useSteppedAction } from '@/components/stepped-action'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'

// BYOK revoke (decision 043) loads with its own chunk, after the admin chunk's budget was set.
const AdminUserCredentials = lazy(() => import('./admin-operations').then((m) => ({ default: m.AdminUserCredentials })))

/** `/admin/users/:userId` — one account; platform owners act (after a step-up), admins read. */
export function AdminUserDetailPage() {
  const { userId = '' } = useParams()
  const me = useQuery(authQueries.me())
  const detail = useQuery(adminUserQueries.detail(userId))
  const action = useAdminUserAction(userId)
  const { t } = useTranslation()
  const { act, stepUp, dialog } = useSteppedAction(action, { actionLabel: t('user.stepUp'), reauthenticate })
  usePageTitle(detail.data ? detail.data.user.email : t('user.title'))
  const canAct = me.data?.isPlatformOwner === true
  if (detail.isPending) return <Skeleton label={t('user.loading')} />
  if (detail.isError) return <ErrorMessage error={detail.error} />
  const { user, companies, sessions, tokens, recentAudit } = detail.data
  return (
    <div className="stack">
      <p>
        <Link to={paths.adminUsers()}>{t('user.allUsers')}</Link>
      </p>
      <section className="card stack" aria-labelledby="user-title">
        <h2 id="user-title">
          {user.name} <span className="muted">{user.email}</span>{' '}
          {user.state === 'active' ? (
            <Badge tone="ok">{t('users.active')}</Badge>
          ) : (
            <Badge tone="bad">{t('users.disabled')}</Badge>
          )}
        </h2>
        <dl className="facts">
          <dt>{t('user.platformRole')}</dt>
          <dd>{t(`user.role_${user.role}`)}</dd>
          <dt>{t('user.created')}</dt>
          <dd>
            <RelativeTime iso={user.createdAt} />
          </dd>
          <dt>{t('user.lastSignIn')}</dt>
          <dd>{user.lastSignInAt ? <RelativeTime iso={user.lastSignInAt} /> : t('user.never')}</dd>
        </dl>
        {canAct ? (
          <div className="row wrap">
            <div className="field">
              <label htmlFor="platform-role">{t('user.platformRole')}</label>
              <select
                id="platform-role"
                value={user.role}
                onChange={(e) => act({ kind: 'role', role: e.target.value as PlatformRole })}
              >
                <option value="user">{t('user.role_user')}</option>
                <option value="admin">{t('user.admin')}</option>
                <option value="platform_owner">{t('user.role_platform_owner')}</option>
              </select>
            </div>
            {user.state === 'active' ? (
              <Button variant="danger" busy={action.isPending} onClick={() => act({ kind: 'disable' })}>
                {t('user.disable')}
              </Button>
            ) : (
              <Button busy={action.isPending} onClick={() => act({ kind: 'enable' })}>
                {t('user.enable')}
              </Button>
            )}
          </div>
        ) : null}
        {action.error && !stepUp ? <ErrorMessage error={action.error} /> : null}
      </section>
      <section className="card stack" aria-labelledby="user-companies">
        <h2 id="user-companies">{t('user.exocorps')}</h2>
        {companies.length === 0 ? (
          <p className="muted">{t('user.none')}</p>
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
      <Suspense fallback={<Skeleton label={t('user.loadingCredentials')} />}>
        <AdminUserCredentials />
      </Suspense>
      <section className="card stack" aria-labelledby="user-sessions">
        <h2 id="user-sessions">{t('user.sessions')}</h2>
        {sessions.length === 0 ? (
          <p className="muted">{t('user.noSessions')}</p>
        ) : (
          <ul className="plain-list stack">
            {sessions.map((s) => (
              <li key={s.id} className="row wrap spread">
                <span>
                  {t('user.session', { browser: s.browser, os: s.os, ip: s.ip ?? t('user.unknownAddress') })}{' '}
                  <RelativeTime iso={s.lastSeenAt} />
                </span>
                {canAct ? (
                  <Button size="sm" variant="danger" onClick={() => act({ kind: 'cancelSession', sessionId: s.id })}>
                    {t('user.cancelSession')}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card stack" aria-labelledby="user-tokens">
        <h2 id="user-tokens">{t('user.tokens')}</h2>
        {tokens.length === 0 ? (
          <p className="muted">{t('user.noTokens')}</p>
        ) : (
          <ul>
            {tokens.map((token) => (
              <li key={token.id}>
                {token.name}{' '}
                <span className="muted">
                  ({token.tokenPrefix}…, {token.status})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card stack" aria-labelledby="user-audit">
        <h2 id="user-audit">{t('user.activity')}</h2>
        {recentAudit.length === 0 ? (
          <p className="muted">{t('user.nothing')}</p>
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
      {dialog}
    </div>
  )
}
