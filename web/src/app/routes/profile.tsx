import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { authQueries } from '@/features/auth/api/queries'
import { useReauthenticate } from '@/features/auth/api/reauthenticate'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { usePageTitle } from '@/lib/page-title'
import { RelativeTime } from '@/components/ui/relative-time'

const ROLE_LABEL = { user: 'User', admin: 'Admin (read-only platform administration)', platform_owner: 'Platform owner' } as const

export function ProfilePage() {
  usePageTitle('Profile')
  const me = useQuery(authQueries.me())
  const reauth = useReauthenticate()
  const [password, setPassword] = useState('')
  if (!me.data) return null
  const { user, reauthenticatedAt } = me.data
  return (
    <div className="stack">
      <section className="card">
        <dl className="facts">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Platform role</dt>
          <dd>{ROLE_LABEL[user.role]}</dd>
          <dt>Member since</dt>
          <dd>
            <RelativeTime iso={user.createdAt} />
          </dd>
        </dl>
      </section>
      <section className="card stack" aria-labelledby="stepup-title">
        <h2 id="stepup-title">Confirm your password</h2>
        <p className="muted">
          Destructive actions on other people&apos;s exocorps ask for your password again if you have not entered it in the last
          10 minutes.
          {reauthenticatedAt ? (
            <>
              {' '}
              Last confirmed <RelativeTime iso={reauthenticatedAt} />.
            </>
          ) : null}
        </p>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            reauth.mutate(password, { onSuccess: () => setPassword('') })
          }}
        >
          <Field
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button type="submit" busy={reauth.isPending} disabled={!password}>
            Confirm
          </Button>
        </form>
        <ErrorMessage error={reauth.error} />
        {reauth.isSuccess ? <p role="status">Password confirmed for the next 10 minutes.</p> : null}
      </section>
    </div>
  )
}
