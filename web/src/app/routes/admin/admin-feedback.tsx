import { useQuery } from '@tanstack/react-query'
import { formatNumber } from '@/lib/format'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import {
  FeedbackQuerySchema,
  ProbeClassSchema,
  SeveritySchema,
  SignalCategorySchema,
  TRIAGE_TRANSITIONS,
  TriageStateSchema,
  type SignalGroup,
  type TriageState,
} from '@exocorp/shared/feedback'
import { AdminNotificationQuerySchema } from '@exocorp/shared/admin-notifications'
import { authQueries } from '@/features/auth/api/queries'
import { reauthenticate } from '@/features/auth/api/reauthenticate'
import { adminFeedbackQueries } from '@/features/admin-feedback/api/queries'
import { adminNotificationQueries } from '@/features/admin-notifications/api/queries'
import { useTriageAction, type TriageAction } from '@/features/admin-feedback/api/mutations'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { FilterSelect } from '@/components/ui/filter-select'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { TriageQueue, useTriageQueue } from '@/components/triage-queue'
import { usePageTitle } from '@/lib/page-title'
import { AdminNotificationsMode } from './admin-notifications'

const SEVERITY_TONE = { low: 'neutral', medium: 'warn', high: 'bad', critical: 'bad' } as const

type View = 'queue' | 'security' | 'urgent'

type Mode = 'feedback' | 'notifications'

/**
 * `/admin/feedback`, in its two modes (seed 002): feedback (user reports and security probes) and
 * notifications (platform-level alerts). The mode is in the URL (`?mode=notifications`).
 */
export function AdminFeedbackPage() {
  const [params, setParams] = useSearchParams()
  const mode: Mode = params.get('mode') === 'notifications' ? 'notifications' : 'feedback'
  const counts = useQuery(adminNotificationQueries.list(AdminNotificationQuerySchema.parse({ limit: 25 }))).data?.counts
  const { t } = useTranslation()
  return (
    <div className="stack">
      <nav aria-label={t('feedback.modes')} className="row wrap">
        {(['feedback', 'notifications'] as const).map((m) => (
          <Button
            key={m}
            variant={mode === m ? 'primary' : 'ghost'}
            aria-pressed={mode === m}
            // Each mode has its own filters: switching starts from a clean URL.
            onClick={() => setParams(m === 'feedback' ? {} : { mode: m }, { replace: true })}
          >
            {m === 'feedback'
              ? t('feedback.modeFeedback')
              : counts?.new
                ? t('feedback.modeNotificationsNew', { n: counts.new })
                : t('feedback.modeNotifications')}
          </Button>
        ))}
      </nav>
      {mode === 'notifications' ? <AdminNotificationsMode /> : <FeedbackMode />}
    </div>
  )
}

/** Feedback mode: one triage queue of user reports and security probes, grouped. */
function FeedbackMode() {
  const { t } = useTranslation()
  usePageTitle(t('feedback.title'))
  const me = useQuery(authQueries.me())
  const canAct = me.data?.isPlatformOwner === true
  const queue = useTriageQueue(useTriageAction(), {
    clearSelectionOnFilter: false,
    actionLabel: t('feedback.stepUp'),
    reauthenticate,
  })
  const { params, setFilter, act, action } = queue
  const view: View = params.get('view') === 'security' ? 'security' : params.get('view') === 'urgent' ? 'urgent' : 'queue'
  const parsed = FeedbackQuerySchema.safeParse({
    ...Object.fromEntries([...params].filter(([k]) => ['category', 'probeClass', 'severity', 'state', 'q'].includes(k))),
    ...(view === 'security' ? { kind: 'probe' } : {}),
    ...(view === 'urgent' ? { state: 'open', sort: 'severity' } : {}),
    ...(queue.cursor ? { cursor: queue.cursor } : {}),
    limit: 25,
  })
  const query = parsed.success ? parsed.data : FeedbackQuerySchema.parse({ limit: 25 })
  const list = useQuery(adminFeedbackQueries.list(query))
  const security = useQuery({ ...adminFeedbackQueries.security(), enabled: view === 'security' })
  const [openId, setOpenId] = useState<string | null>(null)
  const [bulkState, setBulkState] = useState<TriageState>('triaged')
  const setView = (v: View) => setFilter('view', v === 'queue' ? '' : v)

  return (
    <div className="stack">
      <nav aria-label={t('feedback.views')} className="row wrap">
        {(['queue', 'security', 'urgent'] as const).map((v) => (
          <Button
            key={v}
            size="sm"
            variant={view === v ? 'primary' : 'ghost'}
            aria-pressed={view === v}
            onClick={() => setView(v)}
          >
            {t(`feedback.view_${v}`)}
          </Button>
        ))}
      </nav>

      {view === 'security' && security.data ? (
        <section className="card" aria-labelledby="probe-classes">
          <h2 id="probe-classes">{t('feedback.probesByClass')}</h2>
          <ul className="row wrap plain-list" aria-label={t('feedback.probeClasses')}>
            {security.data.classes.map((c) => (
              <li key={c.probeClass}>
                <Button
                  size="sm"
                  variant={params.get('probeClass') === c.probeClass ? 'primary' : 'secondary'}
                  onClick={() => setFilter('probeClass', params.get('probeClass') === c.probeClass ? '' : c.probeClass)}
                >
                  {t('feedback.classGroups', {
                    cls: t(`feedback.class_${c.probeClass}`),
                    count: c.groups,
                    seen: c.occurrences,
                  })}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="row wrap" role="group" aria-label={t('feedback.filters')}>
        {view !== 'urgent' ? (
          <FilterSelect
            id="f-state"
            label={t('feedback.state')}
            anyLabel={t('feedback.notArchived')}
            value={params.get('state') ?? ''}
            options={TriageStateSchema.options}
            optionLabel={(s) => t(`feedback.state_${s}`)}
            onChange={(v) => setFilter('state', v)}
          />
        ) : null}
        <FilterSelect
          id="f-category"
          label={t('feedback.category')}
          anyLabel={t('feedback.any')}
          value={params.get('category') ?? ''}
          options={SignalCategorySchema.options}
          optionLabel={(c) => t(`feedback.category_${c}`)}
          onChange={(v) => setFilter('category', v)}
        />
        <FilterSelect
          id="f-class"
          label={t('feedback.probeClass')}
          anyLabel={t('feedback.any')}
          value={params.get('probeClass') ?? ''}
          options={ProbeClassSchema.options}
          optionLabel={(c) => t(`feedback.class_${c}`)}
          onChange={(v) => setFilter('probeClass', v)}
        />
        <FilterSelect
          id="f-severity"
          label={t('feedback.severity')}
          anyLabel={t('feedback.any')}
          value={params.get('severity') ?? ''}
          options={SeveritySchema.options}
          optionLabel={(s) => t(`feedback.severity_${s}`)}
          onChange={(v) => setFilter('severity', v)}
        />
      </div>

      <TriageQueue
        queue={queue}
        list={list}
        canAct={canAct}
        bulk={{
          label: t('feedback.bulk'),
          summary: t('feedback.selected', { n: queue.selected.length }),
          actions: (
            <>
              <label htmlFor="bulk-state" className="visually-hidden">
                {t('feedback.newState')}
              </label>
              <select id="bulk-state" value={bulkState} onChange={(e) => setBulkState(TriageStateSchema.parse(e.target.value))}>
                {TriageStateSchema.options.map((s) => (
                  <option key={s} value={s}>
                    {t(`feedback.state_${s}`)}
                  </option>
                ))}
              </select>
              <Button
                size="sm"
                busy={action.isPending}
                onClick={() => act({ kind: 'bulk', ids: queue.selected, state: bulkState })}
              >
                {t('feedback.moveSelected')}
              </Button>
            </>
          ),
        }}
        text={{
          loading: t('feedback.loading'),
          empty: t('feedback.empty'),
          caption: t('feedback.caption'),
          previous: t('feedback.previous'),
          next: t('feedback.next'),
        }}
        columns={[
          ...(canAct ? [{ label: t('feedback.select') }] : []),
          { label: t('feedback.severity') },
          { label: t('feedback.group') },
          { label: t('feedback.source') },
          { label: t('feedback.count') },
          { label: t('feedback.lastSeen') },
          { label: t('feedback.state') },
        ]}
        detail={
          openId ? (
            <GroupDetail id={openId} canAct={canAct} meId={me.data?.user.id ?? ''} act={act} busy={action.isPending} />
          ) : null
        }
      >
        {(items) =>
          items.map((g) => (
            <tr key={g.id}>
              {canAct ? (
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('feedback.selectRow', { title: g.title })}
                    checked={queue.selected.includes(g.id)}
                    onChange={(e) => queue.select(g.id, e.target.checked)}
                  />
                </td>
              ) : null}
              <td>
                <Badge tone={SEVERITY_TONE[g.severity]}>{t(`feedback.severity_${g.severity}`)}</Badge>
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => setOpenId(g.id)}>
                  {g.title}
                </button>
                <div className="muted">
                  {g.probeClass
                    ? t('feedback.probe', { cls: t(`feedback.class_${g.probeClass}`) })
                    : t(`feedback.category_${g.category}`)}
                  {g.endpoint ? ` · ${g.endpoint}` : ''}
                </div>
              </td>
              <td>{g.sourceLabel}</td>
              <td>{formatNumber(g.count)}</td>
              <td>
                <RelativeTime iso={g.lastSeenAt} />
              </td>
              <td>
                {t(`feedback.state_${g.state}`)}
                {g.assignee ? <div className="muted">{g.assignee.email}</div> : null}
              </td>
            </tr>
          ))
        }
      </TriageQueue>
    </div>
  )
}

function GroupDetail(props: { id: string; canAct: boolean; meId: string; act: (a: TriageAction) => void; busy: boolean }) {
  const { t } = useTranslation()
  const detail = useQuery(adminFeedbackQueries.detail(props.id))
  const [note, setNote] = useState('')
  if (detail.isPending) return <Skeleton label={t('feedback.loadingGroup')} />
  if (detail.isError) return <ErrorMessage error={detail.error} />
  const { group, members, notes } = detail.data
  return (
    <section className="card stack" aria-labelledby="group-title">
      <h2 id="group-title">{group.title}</h2>
      <GroupFacts group={group} />
      {props.canAct ? (
        <div className="row wrap" role="group" aria-label={t('feedback.workflow')}>
          {TRIAGE_TRANSITIONS[group.state].map((to) => (
            <Button
              key={to}
              size="sm"
              busy={props.busy}
              onClick={() => props.act({ kind: 'update', id: group.id, input: { state: to } })}
            >
              {t(`feedback.mark_${to}`)}
            </Button>
          ))}
          {group.assignee?.id !== props.meId ? (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => props.act({ kind: 'update', id: group.id, input: { assigneeId: props.meId } })}
            >
              {t('feedback.assignToMe')}
            </Button>
          ) : null}
        </div>
      ) : null}
      <h3>{t('feedback.members', { shown: members.length, count: group.count })}</h3>
      <ul className="plain-list stack" aria-label={t('feedback.membersList')}>
        {members.map((m) => (
          <li key={m.id}>
            <RelativeTime iso={m.at} /> · {m.sourceLabel}
            {m.location ? ` · ${m.location}` : ''}
            {m.page ? ` · ${m.page}` : ''}
            <pre className="sample">{m.text}</pre>
          </li>
        ))}
      </ul>
      <h3>{t('feedback.notes')}</h3>
      {notes.length === 0 ? <p className="muted">{t('feedback.noNotes')}</p> : null}
      <ul className="plain-list stack">
        {notes.map((n) => (
          <li key={n.id}>
            <RelativeTime iso={n.at} /> — {n.author}: {n.body}
          </li>
        ))}
      </ul>
      {props.canAct ? (
        <form
          className="row wrap"
          onSubmit={(e) => {
            e.preventDefault()
            if (note.trim()) props.act({ kind: 'note', id: group.id, body: note.trim() })
            setNote('')
          }}
        >
          <label htmlFor="triage-note" className="visually-hidden">
            {t('feedback.note')}
          </label>
          <input
            id="triage-note"
            value={note}
            maxLength={2000}
            placeholder={t('feedback.notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button size="sm" type="submit">
            {t('feedback.addNote')}
          </Button>
        </form>
      ) : null}
    </section>
  )
}

function GroupFacts({ group }: { group: SignalGroup }) {
  const { t } = useTranslation()
  return (
    <dl className="facts">
      <dt>{t('feedback.state')}</dt>
      <dd data-testid="group-state">{t(`feedback.state_${group.state}`)}</dd>
      <dt>{t('feedback.category')}</dt>
      <dd>{t(`feedback.category_${group.category}`)}</dd>
      {group.probeClass ? (
        <>
          <dt>{t('feedback.class')}</dt>
          <dd>{t(`feedback.class_${group.probeClass}`)}</dd>
        </>
      ) : null}
      <dt>{t('feedback.severity')}</dt>
      <dd>{t(`feedback.severity_${group.severity}`)}</dd>
      <dt>{t('feedback.seen')}</dt>
      <dd>
        {t('feedback.times', { count: group.count })}, {t('feedback.first')} <RelativeTime iso={group.firstSeenAt} />,{' '}
        {t('feedback.last')} <RelativeTime iso={group.lastSeenAt} />
      </dd>
      <dt>{t('feedback.assignee')}</dt>
      <dd>{group.assignee?.email ?? t('feedback.nobody')}</dd>
    </dl>
  )
}
