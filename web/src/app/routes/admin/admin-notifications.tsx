import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import {
  ADMIN_NOTIFICATION_TRANSITIONS,
  AdminNotificationKindSchema,
  AdminNotificationQuerySchema,
  AdminNotificationSeveritySchema,
  AdminNotificationStateSchema,
  type AdminNotification,
  type AdminNotificationKind,
  type AdminNotificationState,
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
import { ReauthDialog } from '@/components/reauth-dialog'
import { isApiError } from '@/lib/api-client'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'

export const KIND_LABEL: Record<AdminNotificationKind, string> = {
  job_failed: 'Lifecycle failure',
  unreachable: 'Unreachable runtime',
  usage_threshold: 'Usage threshold',
  schedule_completed: 'Schedule completed',
  schedule_failed: 'Schedule failed',
  message: 'Agent message',
  enterprise_inquiry: 'Enterprise inquiry',
  custom_domain: 'Custom domain',
}
const STATE_LABEL: Record<AdminNotificationState, string> = { new: 'New', acknowledged: 'Acknowledged', resolved: 'Resolved' }
const SEVERITY_TONE = { info: 'info', warning: 'warn', critical: 'bad' } as const
const ACT_LABEL = { acknowledged: 'Acknowledge', resolved: 'Resolve' } as const

/**
 * `/admin/feedback?mode=notifications`: platform-level alerts (seed 002) — lifecycle failures,
 * unreachable runtimes, usage thresholds, schedule runs and agent messages — as a queue with
 * states, repeats counted on one row, refreshed live from the event stream.
 */
export function AdminNotificationsMode() {
  usePageTitle('Platform notifications')
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
          {list.data.counts.new} new, {list.data.counts.acknowledged} acknowledged
        </p>
      ) : null}
      <div className="row wrap" role="group" aria-label="Filters">
        <div className="field">
          <label htmlFor="n-state">State</label>
          <select id="n-state" value={params.get('state') ?? ''} onChange={(e) => setFilter('state', e.target.value)}>
            <option value="">Not resolved</option>
            {AdminNotificationStateSchema.options.map((s) => (
              <option key={s} value={s}>
                {STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="n-kind">Source</label>
          <select id="n-kind" value={params.get('kind') ?? ''} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">Any</option>
            {AdminNotificationKindSchema.options.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="n-severity">Severity</label>
          <select id="n-severity" value={params.get('severity') ?? ''} onChange={(e) => setFilter('severity', e.target.value)}>
            <option value="">Any</option>
            {AdminNotificationSeveritySchema.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </div>

      {canAct && selected.length > 0 ? (
        <div className="row wrap" role="group" aria-label="Bulk change">
          <span>{selected.length} selected</span>
          {(['acknowledged', 'resolved'] as const).map((state) => (
            <Button key={state} size="sm" busy={action.isPending} onClick={() => act({ kind: 'bulk', ids: selected, state })}>
              {ACT_LABEL[state]} selected
            </Button>
          ))}
        </div>
      ) : null}
      {action.error && !stepUp ? <ErrorMessage error={action.error} /> : null}

      {list.isPending ? (
        <Skeleton label="Loading notifications" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">No notifications here.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table" aria-label="Platform notifications">
            <thead>
              <tr>
                {canAct ? <th scope="col">Select</th> : null}
                <th scope="col">Severity</th>
                <th scope="col">Notification</th>
                <th scope="col">Seen</th>
                <th scope="col">Last</th>
                <th scope="col">State</th>
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
            Previous page
          </Button>
        ) : null}
        {list.data?.nextCursor ? (
          <Button size="sm" onClick={() => setCursors((c) => [...c, list.data!.nextCursor!])}>
            Next page
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
        actionLabel="Changing a notification"
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
  const moves = ADMIN_NOTIFICATION_TRANSITIONS[n.state].filter((s): s is 'acknowledged' | 'resolved' => s !== 'new')
  return (
    <tr>
      {props.canAct ? (
        <td>
          {moves.length ? (
            <input
              type="checkbox"
              aria-label={`Select ${n.title}`}
              checked={props.selected}
              onChange={(e) => props.onSelect(e.target.checked)}
            />
          ) : null}
        </td>
      ) : null}
      <td>
        <Badge tone={SEVERITY_TONE[n.severity]}>{n.severity}</Badge>
      </td>
      <td>
        <strong>{n.title}</strong>
        <div className="muted">
          {KIND_LABEL[n.kind]}
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
        {n.occurrences} time{n.occurrences === 1 ? '' : 's'}
        <div className="muted">
          since <RelativeTime iso={n.firstAt} />
        </div>
      </td>
      <td>
        <RelativeTime iso={n.lastAt} />
      </td>
      <td>
        <span data-testid={`notification-state-${n.id}`}>{STATE_LABEL[n.state]}</span>
        {n.stateChangedBy ? <div className="muted">by {n.stateChangedBy}</div> : null}
        {props.canAct && moves.length ? (
          <div className="row wrap">
            {moves.map((to) => (
              <Button
                key={to}
                size="sm"
                variant="secondary"
                busy={props.busy}
                aria-label={`${ACT_LABEL[to]}: ${n.title}`}
                onClick={() => props.act({ kind: 'update', id: n.id, state: to })}
              >
                {ACT_LABEL[to]}
              </Button>
            ))}
          </div>
        ) : null}
      </td>
    </tr>
  )
}
