import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
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
import { useNoticeText } from '@/features/admin-notifications/hooks/use-notice-text'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { FilterSelect } from '@/components/ui/filter-select'
import { RelativeTime } from '@/components/ui/relative-time'
import { TriageQueue, useTriageQueue } from '@/components/triage-queue'
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
  const queue = useTriageQueue(useNotificationAction(), {
    clearSelectionOnFilter: true,
    actionLabel: t('notifications.stepUp'),
    reauthenticate,
  })
  const { params, setFilter, act, action } = queue
  const parsed = AdminNotificationQuerySchema.safeParse({
    ...Object.fromEntries([...params].filter(([k]) => ['state', 'kind', 'severity'].includes(k))),
    ...(queue.cursor ? { cursor: queue.cursor } : {}),
    limit: 25,
  })
  const query = parsed.success ? parsed.data : AdminNotificationQuerySchema.parse({ limit: 25 })
  const list = useQuery(adminNotificationQueries.list(query))

  return (
    <div className="stack">
      {list.data ? (
        <p className="muted" aria-live="polite">
          {t('notifications.counts', { fresh: list.data.counts.new, acknowledged: list.data.counts.acknowledged })}
        </p>
      ) : null}
      <div className="row wrap" role="group" aria-label={t('notifications.filters')}>
        <FilterSelect
          id="n-state"
          label={t('notifications.state')}
          anyLabel={t('notifications.notResolved')}
          value={params.get('state') ?? ''}
          options={AdminNotificationStateSchema.options}
          optionLabel={(s) => t(`notifications.state_${s}`)}
          onChange={(v) => setFilter('state', v)}
        />
        <FilterSelect
          id="n-kind"
          label={t('notifications.source')}
          anyLabel={t('notifications.any')}
          value={params.get('kind') ?? ''}
          options={AdminNotificationKindSchema.options}
          optionLabel={(k) => t(`notifications.kind_${k}`)}
          onChange={(v) => setFilter('kind', v)}
        />
        <FilterSelect
          id="n-severity"
          label={t('notifications.severity')}
          anyLabel={t('notifications.any')}
          value={params.get('severity') ?? ''}
          options={AdminNotificationSeveritySchema.options}
          optionLabel={(s) => t(`notifications.severity_${s}`)}
          onChange={(v) => setFilter('severity', v)}
        />
      </div>

      <TriageQueue
        queue={queue}
        list={list}
        canAct={canAct}
        bulk={{
          label: t('notifications.bulk'),
          summary: t('notifications.selected', { n: queue.selected.length }),
          actions: (['acknowledged', 'resolved'] as const).map((state) => (
            <Button
              key={state}
              size="sm"
              busy={action.isPending}
              onClick={() => act({ kind: 'bulk', ids: queue.selected, state })}
            >
              {t(`notifications.selected_${state}`)}
            </Button>
          )),
        }}
        text={{
          loading: t('notifications.loading'),
          empty: t('notifications.empty'),
          caption: t('notifications.caption'),
          previous: t('notifications.previous'),
          next: t('notifications.next'),
        }}
        columns={[
          ...(canAct ? [{ label: t('notifications.select') }] : []),
          { label: t('notifications.severity') },
          { label: t('notifications.notification') },
          { label: t('notifications.seen') },
          { label: t('notifications.last') },
          { label: t('notifications.state') },
        ]}
      >
        {(items) =>
          items.map((n) => (
            <NotificationRow
              key={n.id}
              n={n}
              canAct={canAct}
              busy={action.isPending}
              selected={queue.selected.includes(n.id)}
              onSelect={(on) => queue.select(n.id, on)}
              act={act}
            />
          ))
        }
      </TriageQueue>
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
  // The platform's own notices in the reader's language; the stored English otherwise (decision 063).
  const { title, detail } = useNoticeText()(n)
  const moves = ADMIN_NOTIFICATION_TRANSITIONS[n.state].filter((s): s is 'acknowledged' | 'resolved' => s !== 'new')
  return (
    <tr>
      {props.canAct ? (
        <td>
          {moves.length ? (
            <input
              type="checkbox"
              aria-label={t('notifications.selectRow', { title })}
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
        <strong>{title}</strong>
        <div className="muted">
          {t(`notifications.kind_${n.kind}`)}
          {n.companyId && n.companySlug ? (
            <>
              {' · '}
              <Link to={paths.adminCompany(n.companyId)}>{n.companySlug}</Link>
            </>
          ) : null}
          {n.link ? (
            <>
              {' · '}
              <Link to={n.link} aria-label={t('notifications.openOn', { title })}>
                {t('notifications.open')}
              </Link>
            </>
          ) : null}
        </div>
        {detail ? <p className="pre-wrap">{detail}</p> : null}
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
                aria-label={t('notifications.actOn', { action: t(`notifications.act_${to}`), title })}
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
