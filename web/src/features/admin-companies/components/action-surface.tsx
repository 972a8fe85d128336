import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ActionInput, AdminCompanyDetail, AllowedAction, LifecycleAction } from '@exocorp/shared/companies'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useRunAdminAction } from '../api/run-admin-action'
import { Dialog } from '@/components/ui/dialog'
import { AdminReauthDialog as ReauthDialog } from '@/components/admin-reauth-dialog'
import type { TFunction } from 'i18next'

function consequence(action: LifecycleAction, company: AdminCompanyDetail, t: TFunction): string {
  switch (action) {
    case 'stop':
      return t('action.stopEffect')
    case 'reprovision':
      return t('action.reprovisionEffect')
    case 'rollback':
      return t('action.rollbackEffect', { version: company.previousVersion ?? t('action.previousVersion') })
    case 'destroy':
      return t('action.destroyEffect')
    default:
      return ''
  }
}

interface Props {
  company: AdminCompanyDetail
  /** Posts the password to /api/auth/reauthenticate; composed by the route from the auth feature. */
  reauthenticate: (password: string) => Promise<unknown>
  /** Platform admins may look; only platform owners may act. */
  canAct: boolean
}

/**
 * The full lifecycle action surface for any tenant's exocorp. Destructive actions need the slug
 * typed; when the server asks for a fresh password (`reauth_required`), a step-up dialog asks for
 * it and the same action is sent again.
 */
export function AdminActionSurface({ company, reauthenticate, canAct }: Props) {
  const { t } = useTranslation()
  const label = (action: LifecycleAction) => t(`action.${action}`)
  const run = useRunAdminAction(company.id)
  const [confirming, setConfirming] = useState<LifecycleAction | null>(null)
  const [typed, setTyped] = useState('')
  const [stepUp, setStepUp] = useState<ActionInput | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const reasonBase = useId()

  function send(input: ActionInput) {
    setDone(null)
    run.mutate(input, {
      onSuccess: () => {
        setConfirming(null)
        setTyped('')
        setStepUp(null)
        setDone(t('action.accepted', { action: label(input.action) }))
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'reauth_required') {
          setConfirming(null)
          setStepUp(input)
        } else {
          setStepUp(null)
        }
      },
    })
  }

  function onPick(a: AllowedAction) {
    if (!a.allowed || !canAct || run.isPending) return
    run.reset()
    if (a.destructive) {
      setTyped('')
      setConfirming(a.action)
    } else {
      send({ action: a.action })
    }
  }

  const showError = run.error && !(isApiError(run.error) && run.error.code === 'reauth_required') && !confirming
  return (
    <section className="card stack" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('action.title')}</h2>
      {canAct ? null : <p className="muted">{t('action.readOnly')}</p>}
      <div className="action-bar">
        {company.allowedActions.map((a, i) => {
          const disabled = !a.allowed || !canAct
          const reasonId = `${reasonBase}-${i}`
          return (
            <span key={a.action}>
              <Button
                size="sm"
                variant={a.action === 'destroy' ? 'danger' : 'secondary'}
                aria-disabled={disabled || run.isPending || undefined}
                aria-describedby={disabled && a.reason ? reasonId : undefined}
                title={disabled ? (a.reason ?? undefined) : undefined}
                busy={run.isPending && run.variables?.action === a.action}
                onClick={() => onPick(a)}
              >
                {label(a.action)}
              </Button>
              {disabled && a.reason ? (
                <span id={reasonId} className="visually-hidden">
                  {a.reason}
                </span>
              ) : null}
            </span>
          )
        })}
      </div>
      {done ? <p role="status">{done}</p> : null}
      {showError ? (
        <ErrorMessage error={run.error} title={t('action.failed', { action: label(run.variables?.action ?? 'update') })} />
      ) : null}

      {confirming ? (
        <Dialog
          open
          onOpenChange={(o) => {
            if (!o) setConfirming(null)
          }}
          title={t('action.confirmTitle', { action: label(confirming), name: company.name })}
          description={consequence(confirming, company, t)}
        >
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault()
              if (typed === company.slug) send({ action: confirming, confirm: typed })
            }}
          >
            <div className="field">
              <label htmlFor="confirm-slug">
                {t('action.typeToConfirm')} <code>{company.slug}</code> {t('action.toConfirm')}
              </label>
              <input
                id="confirm-slug"
                autoComplete="off"
                spellCheck={false}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </div>
            {run.error ? <ErrorMessage error={run.error} /> : null}
            <div className="dialog-actions">
              <Button variant="ghost" onClick={() => setConfirming(null)}>
                {t('action.cancel')}
              </Button>
              <Button type="submit" variant="danger" busy={run.isPending} disabled={typed !== company.slug}>
                {label(confirming)}
              </Button>
            </div>
          </form>
        </Dialog>
      ) : null}

      {stepUp ? (
        <ReauthDialog
          open
          actionLabel={label(stepUp.action)}
          reauthenticate={reauthenticate}
          onCancel={() => {
            setStepUp(null)
            run.reset()
          }}
          onConfirmed={() => send(stepUp)}
        />
      ) : null}
    </section>
  )
}
