import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import {
  ADMIN_NOTIFICATION_TRANSITIONS,
  AdminNotificationKindSchema,
  AdminNotificationQuerySchema,
  AdminNotificationSeveritySchema,
  AdminNotificationStateSchema,
  type AdminNotification,
} from '@exocorp/shared/admin-notifications'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { adminNotificationQueries } from '@/features/admin-notifications/api/queries'
import { useNotificationAction, type NotificationAction } from '@/features/admin-notifications/api/mutations'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { AdminReauthDialog as ReauthDialog } from '@/components/admin-reauth-dialog'
import { isApiError } from '@/lib/api-client'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'

const SEVERITY_TONE = { info: 'info', warning: 'warn', critical: 'bad' } as const

/**
 * `/admin/feedback?mode=notifications`: platform-level alerts (seed 002) — lifecycle failures,
 * unreachable runtimes, usage thresholds, schedule runs and agent messages — as a queue with
 * states, repeats counted on one row, refreshed live from the event stream.
 */
export function AdminNotificationsMode() {
  const { t } = useTranslation()
  usePageTitle(t('notifications.title'))
  const me = useQuery(authQueries.me())
  const canAct = me.data?.isPlatformOwner === true
  const [params, setParams] = useSearchParams()
  const [cursors, setCursors] = useState<string[]>([])
  const parsed = AdminNotificationQuerySchema.safeParse({
    ...Object.fromEntries([...params].filter(([k]) => ['state', 'kind', 'severity'].includes(k))),
    ...(cursors.length ? { cursor: cursors.at(-1) } : {}),
    limit: 25,
  })
  const query = parsed.success ? parsed.data : AdminNotificationQuerySchema.parse({ limit: 25 })
  const list = useQuery(adminNotificationQueries.list(query))
  const [selected, setSelected] = useState<string[]>([])
  const action = useNotificationAction()
  const [pending, setPending] = useState<NotificationAction | null>(null)
  const stepUp = isApiError(action.error) && action.error.code === 'reauth_required'
  const act = (a: NotificationAction) => {
    setPending(a)
    action.mutate(a, { onSuccess: () => a.kind === 'bulk' && setSelected([]) })
  }
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    setCursors([])
    setSelected([])
    setParams(next, { replace: true })
  }

  return (
    <div className="stack">
      {list.data ? (
        <p className="muted" aria-live="polite">
          {t('notifications.counts', { fresh: list.data.counts.new, acknowledged: list.data.counts.acknowledged })}
        </p>
      ) : null}
      <div className="row wrap" role="group" aria-label={t('notifications.filters')}>
        <div className="field">
          <label htmlFor="n-state">{t('notifications.state')}</label>
          <select id="n-state" value={params.get('state') ?? ''} onChange={(e) => setFilter('state', e.target.value)}>
            <option value="">{t('notifications.notResolved')}</option>
            {AdminNotificationStateSchema.options.map((s) => (
              <option key={s} value={s}>
                {t(`notifications.state_${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="n-kind">{t('notifications.source')}</label>
          <select id="n-kind" value={params.get('kind') ?? ''} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">{t('notifications.any')}</option>
            {AdminNotificationKindSchema.options.map((k) => (
              <option key={k} value={k}>
                {t(`notifications.kind_${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="n-severity">{t('notifications.severity')}</label>
          <select id="n-severity" value={params.get('severity') ?? ''} onChange={(e) => setFilter('severity', e.target.value)}>
            <option value="">{t('notifications.any')}</option>
            {AdminNotificationSeveritySchema.options.map((s) => (
              <option key={s} value={s}>
                {t(`notifications.severity_${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {canAct && selected.length > 0 ? (
        <div className="row wrap" role="group" aria-label={t('notifications.bulk')}>
          <span>{t('notifications.selected', { n: selected.length })}</span>
          {(['acknowledged', 'resolved'] as const).map((state) => (
            <Button key={state} size="sm" busy={action.isPending} onClick={() => act({ kind: 'bulk', ids: selected, state })}>
              {t(`notifications.selected_${state}`)}
            </Button>
          ))}
        </div>
      ) : null}
      {action.error && !stepUp ? <ErrorMessage error={action.error} /> : null}

      {list.isPending ? (
        <Skeleton label={t('notifications.loading')} />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">{t('notifications.empty')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table" aria-label={t('notifications.caption')}>
            <thead>
              <tr>
                {canAct ? <th scope="col">{t('notifications.select')}</th> : null}
                <th scope="col">{t('notifications.severity')}</th>
                <th scope="col">{t('notifications.notification')}</th>
                <th scope="col">{t('notifications.seen')}</th>
                <th scope="col">{t('notifications.last')}</th>
                <th scope="col">{t('notifications.state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((n) => (
                <NotificationRow
                  key={n.id}
                  n={n}
                  canAct={canAct}
                  busy={action.isPending}
                  selected={selected.includes(n.id)}
                  onSelect={(on) => setSelected((s) => (on ? [...s, n.id] : s.filter((x) => x !== n.id)))}
                  act={act}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row">
        {cursors.length ? (
          <Button size="sm" onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('notifications.previous')}
          </Button>
        ) : null}
        {list.data?.nextCursor ? (
          <Button size="sm" onClick={() => setCursors((c) => [...c, list.data!.nextCursor!])}>
            {t('notifications.next')}
          </Button>
        ) : null}
      </div>

      <ReauthDialog
        open={stepUp}
        onCancel={() => action.reset()}
        reauthenticate={reauthenticate}
        onConfirmed={() => {
          if (pending) act(pending)
        }}
        actionLabel={t('notifications.stepUp')}
      />
    </div>
  )
}

function NotificationRow(props: {
  n: AdminNotification
  canAct: boolean
  busy: boolean
  selected: boolean
  onSelect: (on: boolean) => void
  act: (a: NotificationAction) => void
}) {
  const { n } = props
  const { t } = useTranslation()
  const moves = ADMIN_NOTIFICATION_TRANSITIONS[n.state].filter((s): s is 'acknowledged' | 'resolved' => s !== 'new')
  return (
    <tr>
      {props.canAct ? (
        <td>
          {moves.length ? (
            <input
              type="checkbox"
              aria-label={t('notifications.selectRow', { title: n.title })}
              checked={props.selected}
              onChange={(e) => props.onSelect(e.target.checked)}
            />
          ) : null}
        </td>
      ) : null}
      <td>
        <Badge tone={SEVERITY_TONE[n.severity]}>{t(`notifications.severity_${n.severity}`)}</Badge>
      </td>
      <td>
        <strong>{n.title}</strong>
        <div className="muted">
          {t(`notifications.kind_${n.kind}`)}
          {n.companyId && n.companySlug ? (
            <>
              {' · '}
              <Link to={paths.adminCompany(n.companyId)}>{n.companySlug}</Link>
            </>
          ) : null}
        </div>
        {n.detail ? <p className="pre-wrap">{n.detail}</p> : null}
      </td>
      <td>
        {t('notifications.times', { count: n.occurrences })}
        <div className="muted">
          {t('notifications.since')} <RelativeTime iso={n.firstAt} />
        </div>
      </td>
      <td>
        <RelativeTime iso={n.lastAt} />
      </td>
      <td>
        <span data-testid={`notification-state-${n.id}`}>{t(`notifications.state_${n.state}`)}</span>
        {n.stateChangedBy ? <div className="muted">{t('notifications.by', { who: n.stateChangedBy })}</div> : null}
        {props.canAct && moves.length ? (
          <div className="row wrap">
            {moves.map((to) => (
              <Button
                key={to}
                size="sm"
                variant="secondary"
                busy={props.busy}
                aria-label={t('notifications.actOn', { action: t(`notifications.act_${to}`), title: n.title })}
                onClick={() => props.act({ kind: 'update', id: n.id, state: to })}
              >
                {t(`notifications.act_${to}`)}
              </Button>
            ))}
          </div>
        ) : null}
      </td>
    </tr>
  )
}
