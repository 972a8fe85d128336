import { useId, useState } from 'react'
import { useQueries } from '@tanstack/react-query'
import { LifecycleActionSchema, type LifecycleAction } from '@exocorp/shared/companies'
import type { BulkActionResult, BulkItem } from '@exocorp/shared/configuration'
import { isDestructive } from '@exocorp/shared/lifecycle'
import { ErrorMessage } from '@/components/errors/error-message'
import { ReauthDialog } from '@/components/reauth-dialog'
import { isApiError } from '@/lib/api-client'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Dialog } from '@/components/ui/dialog'
import { bulkEn } from '@/lib/i18n/bulk-en'
import { useCommonText } from '@/lib/i18n/common-text'
import { addEnglish } from '@/lib/i18n/common-translate'
import { companyQueries } from '../api/queries'
import { useBulkPreview, useBulkRun, type BulkScope } from '../api/bulk-action'
import { StatusBadge } from './status-badge'

// The bar's words come with its chunk, not with the owner's first route.
addEnglish({ bulk: bulkEn })

/** Actions that make sense across several exocorps at once (provision and rollback are per exocorp). */
const BULK_ACTIONS: LifecycleAction[] = LifecycleActionSchema.options.filter((a) => a !== 'provision' && a !== 'rollback')

const OUTCOME_TONE: Record<BulkItem['outcome'], BadgeTone> = {
  allowed: 'ok',
  refused: 'warn',
  accepted: 'info',
  succeeded: 'ok',
  failed: 'bad',
}

/** Results whose jobs are still running are followed live, up to this many (each polls its detail). */
const FOLLOW_AT_MOST = 25

/**
 * Issue 12's bulk lifecycle actions on the selected rows: pick an action, see the server's preview
 * (`dryRun`: who will run it and who is refused, with the reason), confirm (destructive ones by
 * typing the count), then the per-item results, following started jobs until they settle.
 */
export function BulkActionBar({
  selectedIds,
  onClear,
  scope = 'owner',
  reauthenticate,
  onSettled,
}: {
  selectedIds: string[]
  onClear: () => void
  /** `admin`: the platform owner's twin over any tenant's exocorps (step-up before destructive runs). */
  scope?: BulkScope
  /** Posts the password to /api/auth/reauthenticate when the server asks for a step-up. */
  reauthenticate?: (password: string) => Promise<unknown>
  /** After a run, whatever else lists these exocorps (the admin list) is refreshed. */
  onSettled?: () => void
}) {
  const [action, setAction] = useState<LifecycleAction>('pause')
  const [open, setOpen] = useState(false)
  const preview = useBulkPreview(scope)
  const selectId = useId()
  const { t } = useCommonText()
  return (
    <div className="bulk-bar row wrap" role="region" aria-label={t('bulk.region')}>
      <strong>{t('bulk.selected', { count: selectedIds.length })}</strong>
      <div className="row">
        <label htmlFor={selectId}>{t('bulk.action')}</label>
        <select
          id={selectId}
          value={action}
          onChange={(e) => setAction(LifecycleActionSchema.safeParse(e.target.value).data ?? 'pause')}
        >
          {BULK_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {isDestructive(a) ? t('bulk.destructive', { action: t(`action.${a}`) }) : t(`action.${a}`)}
            </option>
          ))}
        </select>
      </div>
      <Button
        variant="primary"
        busy={preview.isPending}
        onClick={() => preview.mutate({ action, companyIds: selectedIds }, { onSuccess: () => setOpen(true) })}
      >
        {t('bulk.preview')}
      </Button>
      <Button variant="ghost" onClick={onClear}>
        {t('bulk.clear')}
      </Button>
      {preview.isError ? <ErrorMessage error={preview.error} title={t('bulk.previewFailed')} /> : null}
      {open && preview.data ? (
        <BulkActionDialog
          preview={preview.data}
          selectedCount={selectedIds.length}
          onOpenChange={(next) => {
            if (!next) {
              setOpen(false)
              preview.reset()
            }
          }}
          onDone={onClear}
          scope={scope}
          reauthenticate={reauthenticate}
          onSettled={onSettled}
        />
      ) : null}
    </div>
  )
}

function ItemRow({ item, live }: { item: BulkItem; live?: BulkItem['status'] | undefined }) {
  const { t, refusal } = useCommonText()
  const status = live ?? item.status
  const reason = refusal(item.code, item.reason)
  return (
    <li className="bulk-item">
      <span className="bulk-item-name">{item.name ?? item.companyId}</span>
      <span className="badges">
        <Badge tone={OUTCOME_TONE[item.outcome]}>{t(`bulk.outcome_${item.outcome}`)}</Badge>
        {status ? <StatusBadge status={status} /> : null}
      </span>
      {reason ? <span className="muted small bulk-item-reason">{reason}</span> : null}
    </li>
  )
}

function BulkActionDialog({
  preview,
  selectedCount,
  onOpenChange,
  onDone,
  scope,
  reauthenticate,
  onSettled,
}: {
  preview: BulkActionResult
  selectedCount: number
  onOpenChange: (open: boolean) => void
  onDone: () => void
  scope: BulkScope
  reauthenticate?: ((password: string) => Promise<unknown>) | undefined
  onSettled?: (() => void) | undefined
}) {
  const run = useBulkRun(scope, onSettled)
  const stepUp = isApiError(run.error) && run.error.code === 'reauth_required'
  const [typed, setTyped] = useState('')
  const confirmId = useId()
  const { t } = useCommonText()
  const label = t(`action.${preview.action}`)
  const allowed = preview.items.filter((i) => i.outcome === 'allowed')
  const refused = preview.items.filter((i) => i.outcome === 'refused')
  // Only the allowed ones are sent: the refused would only be refused again.
  const count = allowed.length
  const confirmed = !preview.destructive || typed === String(count)
  const result = run.data
  const following = (result?.items ?? []).filter((i) => i.outcome === 'accepted').slice(0, FOLLOW_AT_MOST)
  const live = useQueries({
    queries: following.map((i) => companyQueries.detail(i.companyId)),
    combine: (results) => new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data.status] as const] : []))),
  })

  if (result) {
    const { succeeded, accepted, refused: refusedNow, failed } = result.counts
    return (
      <Dialog
        open
        onOpenChange={(next) => {
          if (!next) onDone()
          onOpenChange(next)
        }}
        title={t('bulk.resultsTitle', { action: label })}
        description={t('bulk.resultsSummary', { succeeded, accepted, refused: refusedNow, failed })}
      >
        <ul className="bulk-items" aria-label={t('bulk.results')}>
          {result.items.map((item) => (
            <ItemRow key={item.companyId} item={item} live={live.get(item.companyId)} />
          ))}
        </ul>
        <div className="row dialog-actions">
          <Button
            variant="primary"
            onClick={() => {
              onDone()
              onOpenChange(false)
            }}
          >
            {t('bulk.close')}
          </Button>
        </div>
      </Dialog>
    )
  }

  return (
    <Dialog
      open
      onOpenChange={onOpenChange}
      title={t('bulk.confirmTitle', { action: label, count: selectedCount })}
      description={t('bulk.confirmSummary', { count, verb: label.toLowerCase(), refused: refused.length })}
    >
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          if (!confirmed || count === 0) return
          run.mutate({
            action: preview.action,
            companyIds: allowed.map((i) => i.companyId),
            confirm: preview.destructive ? typed : undefined,
            allowedIds: allowed.map((i) => i.companyId),
          })
        }}
      >
        <ul className="bulk-items" aria-label={t('bulk.preview')}>
          {[...allowed, ...refused].map((item) => (
            <ItemRow key={item.companyId} item={item} />
          ))}
        </ul>
        {preview.destructive && count > 0 ? (
          <div className="field">
            <label htmlFor={confirmId}>
              {t('bulk.typeToConfirm')} <strong className="mono">{count}</strong> {t('bulk.toConfirm')}
            </label>
            <input
              id={confirmId}
              inputMode="numeric"
              autoComplete="off"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
        ) : null}
        {run.isError && !(stepUp && reauthenticate) ? <ErrorMessage error={run.error} title={t('bulk.nothingRan')} /> : null}
        <div className="row dialog-actions">
          <Button onClick={() => onOpenChange(false)}>{t('bulk.cancel')}</Button>
          <Button
            type="submit"
            variant={preview.destructive ? 'danger' : 'primary'}
            busy={run.isPending}
            aria-disabled={!confirmed || count === 0 || undefined}
          >
            {count === 0 ? t('bulk.nothingToRun') : t('bulk.run', { action: label, count })}
          </Button>
        </div>
      </form>
      {stepUp && reauthenticate ? (
        // The same run is sent again once the password is confirmed (outside the form: a portal's
        // submit bubbles to its React parents).
        <ReauthDialog
          open
          actionLabel={t('bulk.stepUpAction', { action: label })}
          reauthenticate={reauthenticate}
          onCancel={() => run.reset()}
          onConfirmed={() => run.variables && run.mutate(run.variables)}
        />
      ) : null}
    </Dialog>
  )
}
