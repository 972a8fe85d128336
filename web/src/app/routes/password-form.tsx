import { useState } from 'react'
import { useChangePassword } from '@/features/account/api/mutations'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'

/** New password (twice); the current one unless the session was opened with a recovery code. */
export function PasswordForm({ needsCurrent, onChanged }: { needsCurrent: boolean; onChanged?: () => void }) {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const change = useChangePassword(onChanged)
  const fields = isApiError(change.error) ? change.error.fieldErrors : {}
  const mismatch = again.length > 0 && again !== next
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault()
        if (mismatch) return
        change.mutate(
          { ...(needsCurrent ? { currentPassword: current } : {}), newPassword: next },
          {
            onSuccess: () => {
              setCurrent('')
              setNext('')
              setAgain('')
            },
          },
        )
      }}
    >
      {needsCurrent ? (
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={fields.currentPassword?.[0]}
        />
      ) : null}
      <Field
        label="New password"
        hint="8 to 128 characters."
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={fields.newPassword?.[0]}
      />
      <Field
        label="New password again"
        type="password"
        autoComplete="new-password"
        value={again}
        onChange={(e) => setAgain(e.target.value)}
        error={mismatch ? 'The two passwords differ' : undefined}
      />
      <div className="row">
        <Button
          type="submit"
          variant="primary"
          busy={change.isPending}
          disabled={!next || mismatch || (needsCurrent && !current)}
        >
          Set new password
        </Button>
      </div>
      {change.error && Object.keys(fields).length === 0 ? <ErrorMessage error={change.error} /> : null}
      {change.data ? (
        <p role="status">
          Password changed.{' '}
          {change.data.signedOutSessions > 0 ? `${change.data.signedOutSessions} other device(s) were signed out.` : ''}
        </p>
      ) : null}
    </form>
  )
}
