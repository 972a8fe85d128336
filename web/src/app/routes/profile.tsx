import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useConfirmRecoveryKitSaved, useRegenerateRecoveryKit, useUpdateProfile } from '@/features/account/api/mutations'
import { accountQueries } from '@/features/account/api/queries'
import { authQueries } from '@/features/auth/api/queries'
import { RecoveryKit } from '@/features/auth/components/recovery-kit'
import { isApiError } from '@/lib/api-client'
import { PasswordForm } from './password-form'
import { useReauthenticate } from '@/features/auth/api/reauthenticate'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { usePageTitle } from '@/lib/page-title'
import { RelativeTime } from '@/components/ui/relative-time'
import { NewsletterPreference } from '@/features/newsletter/components/newsletter-preference'

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
      <ProfileForm key={`${user.name}|${user.email}`} name={user.name} email={user.email} />
      <NewsletterPreference />
      <section className="card stack" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <p className="muted">Every other device is signed out when the password changes.</p>
        <PasswordForm needsCurrent />
      </section>
      <RecoveryKitSection />
      <section className="card">
        <dl className="facts">
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

function ProfileForm({ name: initialName, email: initialEmail }: { name: string; email: string }) {
  const queryClient = useQueryClient()
  const [name, setName] = useState(initialName)
  const [email, setEmail] = useState(initialEmail)
  const [currentPassword, setCurrentPassword] = useState('')
  const save = useUpdateProfile((me) => queryClient.setQueryData(authQueries.me().queryKey, me))
  const emailChanged = email.trim().toLowerCase() !== initialEmail
  const fields = isApiError(save.error) ? save.error.fieldErrors : {}
  return (
    <section className="card stack" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate(
            {
              ...(name !== initialName ? { name } : {}),
              ...(emailChanged ? { email, currentPassword } : {}),
            },
            { onSuccess: () => setCurrentPassword('') },
          )
        }}
      >
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" error={fields.name?.[0]} />
        <Field
          label="Email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="email"
          error={fields.email?.[0]}
        />
        {emailChanged ? (
          <Field
            label="Current password"
            hint="Needed to change your email."
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
            error={fields.currentPassword?.[0]}
          />
        ) : null}
        <div className="row">
          <Button type="submit" variant="primary" busy={save.isPending} disabled={name === initialName && !emailChanged}>
            Save profile
          </Button>
        </div>
        {save.error && Object.keys(fields).length === 0 ? <ErrorMessage error={save.error} /> : null}
        {save.isSuccess ? <p role="status">Profile saved.</p> : null}
      </form>
    </section>
  )
}

function RecoveryKitSection() {
  const regenerate = useRegenerateRecoveryKit()
  // A kit shown in this session but not confirmed as saved comes back after a reload.
  const held = useQuery(accountQueries.pendingRecoveryKit())
  const confirm = useConfirmRecoveryKitSaved()
  const [password, setPassword] = useState('')
  const fields = isApiError(regenerate.error) ? regenerate.error.fieldErrors : {}
  const codes = regenerate.data?.recoveryCodes ?? held.data?.recoveryCodes
  return (
    <section className="card stack" aria-labelledby="kit-section-title">
      <h2 id="kit-section-title">Recovery kit</h2>
      {codes ? (
        <RecoveryKit
          codes={codes}
          onDone={() => {
            confirm.mutate()
            regenerate.reset()
          }}
        />
      ) : (
        <>
          <p className="muted">Generate a new set of one-time codes. Your previous codes stop working at once.</p>
          <form
            className="row wrap"
            onSubmit={(e) => {
              e.preventDefault()
              regenerate.mutate(password, { onSuccess: () => setPassword('') })
            }}
          >
            <Field
              label="Password for the new kit"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={fields.password?.[0]}
            />
            <Button type="submit" busy={regenerate.isPending} disabled={!password}>
              Generate new recovery kit
            </Button>
          </form>
          {regenerate.error && !fields.password ? <ErrorMessage error={regenerate.error} /> : null}
        </>
      )}
    </section>
  )
}
