import { useState } from 'react'
import type { CompanyDetail, LifecycleAction } from '@exocorp/shared/companies'
import { Button } from '@/components/ui/button'
import { ConfirmByTypingDialog } from '@/components/ui/confirm-dialog'
import { Tooltip } from '@/components/ui/tooltip'
import { ErrorMessage } from '@/components/errors/error-message'
import { useRunCompanyAction } from '../api/run-action'
import { notifySuccess } from '@/components/ui/toast'
import { ACTION_LABEL, STATUS_LABEL } from '@/lib/lifecycle-labels'
import { isTransitional } from '../api/queries'
import { ACTION_EXPLAIN } from './format'

const ORDER: LifecycleAction[] = [
  'provision',
  'pause',
  'resume',
  'update',
  'restart',
  'reprovision',
  'rollback',
  'stop',
  'destroy',
]

/**
 * The lifecycle action surface. A button is usable only when the server's state machine allows the
 * action; a refused one stays focusable (aria-disabled) so its reason is reachable by keyboard too.
 */
export function ActionBar({ company, onDestroyed }: { company: CompanyDetail; onDestroyed: () => void }) {
  const run = useRunCompanyAction(company.id)
  const [confirming, setConfirming] = useState<LifecycleAction | null>(null)
  const [lastAction, setLastAction] = useState<LifecycleAction | null>(null)
  const byAction = new Map(company.allowedActions.map((a) => [a.action, a]))

  const start = (action: LifecycleAction, confirm?: string) => {
    setLastAction(action)
    // The promise, not mutate()'s callbacks: the live stream may show the new status (and a
    // destroyed exocorp hides this bar) before the answer arrives, and an unmounted caller's
    // callbacks never run. Errors are shown from `run.error`.
    run
      .mutateAsync(confirm === undefined ? { action } : { action, confirm })
      .then((result) => {
        setConfirming(null)
        const name = company.name
        if (result.company.status === 'destroyed') {
          notifySuccess(`Destroyed ${name}`, { description: 'Its runtime and data are gone; the audit trail is kept.' })
          onDestroyed()
        } else if (isTransitional(result.company)) {
          notifySuccess(`${ACTION_LABEL[action]} started for ${name}`, { description: 'This page follows every phase.' })
        } else {
          notifySuccess(`${name} is ${STATUS_LABEL[result.company.status].toLowerCase()}`)
        }
      })
      .catch(() => undefined)
  }

  return (
    <section className="card stack" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      <div className="lifecycle-actions" role="group" aria-label="Lifecycle actions">
        {ORDER.map((action) => {
          const entry = byAction.get(action)
          if (!entry) return null
          const label = action === 'provision' && company.status === 'stopped' ? 'Start' : ACTION_LABEL[action]
          const busy = run.isPending && lastAction === action
          const onClick = () => {
            if (!entry.allowed || run.isPending) return
            run.reset()
            if (entry.destructive) setConfirming(action)
            else start(action)
          }
          return (
            <Tooltip key={action} content={entry.allowed ? ACTION_EXPLAIN[action] : (entry.reason ?? 'Not available now')}>
              {(describedBy) => (
                <Button
                  size="sm"
                  variant={action === 'destroy' ? 'danger' : action === 'provision' ? 'primary' : 'secondary'}
                  aria-disabled={!entry.allowed || undefined}
                  aria-describedby={describedBy}
                  busy={busy}
                  onClick={onClick}
                >
                  {label}
                </Button>
              )}
            </Tooltip>
          )
        })}
      </div>
      {run.isError && !confirming ? (
        <ErrorMessage error={run.error} title={`Could not ${ACTION_LABEL[lastAction ?? 'provision'].toLowerCase()}.`} />
      ) : null}
      {confirming ? (
        <ConfirmByTypingDialog
          open
          onOpenChange={(open) => {
            if (!open) setConfirming(null)
          }}
          title={`${ACTION_LABEL[confirming]} ${company.name}?`}
          description={ACTION_EXPLAIN[confirming]}
          expected={company.slug}
          confirmLabel={ACTION_LABEL[confirming]}
          busy={run.isPending}
          error={
            run.isError ? <ErrorMessage error={run.error} title={`Could not ${ACTION_LABEL[confirming].toLowerCase()}.`} /> : null
          }
          onConfirm={(typed) => start(confirming, typed)}
        />
      ) : null}
    </section>
  )
}
