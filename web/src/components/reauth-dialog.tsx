import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { Dialog } from '@/components/ui/dialog'
import { useCommonText } from '@/lib/i18n/common-text'
import { addEnglish } from '@/lib/i18n/common-translate'
import { stepUpEn } from '@/lib/i18n/dialogs-en'

addEnglish({ stepUp: stepUpEn })

interface Props {
  open: boolean
  onCancel: () => void
  /** Sends the password to /api/auth/reauthenticate (composed by the route). */
  reauthenticate: (password: string) => Promise<unknown>
  /** Runs after the password is confirmed: the action is retried. */
  onConfirmed: () => void
  actionLabel: string
  /** The dialog's words, when a screen has its own; otherwise the shared catalog's (`stepUp.*`) in the screen's language. */
  text?: ReauthText
}

export interface ReauthText {
  title: string
  description: string
  password: string
  cancel: string
  confirm: string
}

/**
 * Step-up: the server answers `reauth_required` to destructive actions on another tenant's data
 * (lifecycle actions, billing adjustments, grace policies, …) without a password from the last
 * 10 minutes. Screens open this on that answer and send the same request again once confirmed.
 */
export function ReauthDialog({ open, onCancel, reauthenticate, onConfirmed, actionLabel, text }: Props) {
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const { t, field } = useCommonText()
  const serverFieldError = isApiError(error) ? error.fieldErrors.password?.[0] : undefined
  const fieldError = serverFieldError === undefined ? undefined : field(serverFieldError)
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) {
          setPassword('')
          setError(null)
          onCancel()
        }
      }}
      title={text?.title ?? t('stepUp.title')}
      description={text?.description ?? t('stepUp.description', { action: actionLabel })}
    >
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault()
          setBusy(true)
          setError(null)
          try {
            await reauthenticate(password)
            setPassword('')
            onConfirmed()
          } catch (err) {
            setError(err)
          } finally {
            setBusy(false)
          }
        }}
      >
        <Field
          label={text?.password ?? t('stepUp.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError}
          autoFocus
        />
        {fieldError ? null : <ErrorMessage error={error} />}
        <div className="dialog-actions">
          <Button variant="ghost" onClick={onCancel}>
            {text?.cancel ?? t('stepUp.cancel')}
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!password}>
            {text?.confirm ?? t('stepUp.confirm')}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
