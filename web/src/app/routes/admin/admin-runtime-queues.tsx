import { useQuery } from '@tanstack/react-query'
import { formatNumber } from '@/lib/format'
import { useTranslation } from 'react-i18next'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import type { LifecycleAction } from '@exocorp/shared/companies'
import { QueueJobStatusSchema, QueueJobsQuerySchema, SPIKE_RULE } from '@exocorp/shared/runtime-queues'
import { adminRuntimeQueries } from '@/features/admin-runtime/api/queries'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { paths } from '../../paths'

/**
 * The runtime queues on `/admin/runtime` (issue 17 item 5, seed 003: "clear queue spikes before
 * changing configurations"): per action, waiting, in flight, oldest waiting and the last hour's
 * outcomes, spikes first and marked; runtimes by health against capacity; the agents' workloads;
 * and the jobs behind a row (`?queue=<action>&jobStatus=<status>` in the URL).
 */
export function RuntimeQueuesSection() {
  const { t } = useTranslation()
  const queues = useQuery(adminRuntimeQueries.queues())
  const [params, setParams] = useSearchParams()
  const drill = QueueJobsQuerySchema.safeParse({
    ...(params.get('queue') ? { action: params.get('queue') } : {}),
    ...(params.get('jobStatus') ? { status: params.get('jobStatus') } : {}),
    limit: 25,
  })
  const open = params.has('queue') && drill.success
  const show = (action: LifecycleAction | null, status?: string) => {
    const next = new URLSearchParams(params)
    if (action) next.set('queue', action)
    else next.delete('queue')
    if (status) next.set('jobStatus', status)
    else next.delete('jobStatus')
    setParams(next, { replace: true })
  }

  return (
    <section className="card stack" aria-labelledby="queues-title">
      <h2 id="queues-title">{t('queues.title')}</h2>
      {queues.isPending ? (
        <Skeleton label={t('queues.loading')} />
      ) : queues.isError ? (
        <ErrorMessage error={queues.error} />
      ) : (
        <>
          <p>
            {t('queues.totals', {
              queued: queues.data.totals.queued,
              running: queues.data.totals.running,
              failed: queues.data.totals.failedLastHour,
            })}
            {queues.data.totals.oldestQueuedAt ? (
              <>
                {' '}
                {t('queues.oldestSince')} <RelativeTime iso={queues.data.totals.oldestQueuedAt} />
              </>
            ) : null}
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table className="table" aria-label={t('queues.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('queues.action')}</th>
                  <th scope="col">{t('queues.waiting')}</th>
                  <th scope="col">{t('queues.inFlight')}</th>
                  <th scope="col">{t('queues.oldest')}</th>
                  <th scope="col">{t('queues.failed1h')}</th>
                  <th scope="col">{t('queues.succeeded1h')}</th>
                  <th scope="col">{t('queues.jobs')}</th>
                </tr>
              </thead>
              <tbody>
                {queues.data.actions.map((a) => (
                  <tr key={a.action} className={a.spike ? 'row-spike' : undefined}>
                    <th scope="row">
                      {a.action}
                      {a.spike ? (
                        <div>
                          <Badge tone="bad">{t(`queues.spike_${a.spike}`)}</Badge>
                        </div>
                      ) : null}
                    </th>
                    <td>{formatNumber(a.queued)}</td>
                    <td>{formatNumber(a.running)}</td>
                    <td>{a.oldestQueuedAt ? <RelativeTime iso={a.oldestQueuedAt} /> : '—'}</td>
                    <td>
                      {a.failedLastHour}
                      {a.failedPerHourBefore > 0 ? (
                        <div className="muted">{t('queues.perHourBefore', { rate: a.failedPerHourBefore })}</div>
                      ) : null}
                    </td>
                    <td>{a.succeededLastHour}</td>
                    <td>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={t('queues.jobsOf', { action: a.action })}
                        onClick={() => show(a.action, a.spike === 'failures' ? 'failed' : a.queued ? 'queued' : undefined)}
                      >
                        {t('queues.jobs')}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            {t('queues.rule', {
              minFailures: SPIKE_RULE.minFailures,
              factor: SPIKE_RULE.failureFactor,
              depth: SPIKE_RULE.queueDepth,
            })}
          </p>
          <dl className="facts" aria-label={t('queues.runtimesAndWorkloads')}>
            <dt>{t('queues.runtimes')}</dt>
            <dd>{t('queues.byHealth', queues.data.runtimes.byHealth)}</dd>
            <dt>{t('queues.capacity')}</dt>
            <dd>
              {t('queues.capacityLine', {
                driver: queues.data.runtimes.capacity.driver,
                running: queues.data.runtimes.capacity.running,
                max: queues.data.runtimes.capacity.maxRuntimes,
                available: queues.data.runtimes.capacity.available,
              })}
            </dd>
            <dt>{t('queues.workloads')}</dt>
            <dd>
              {t('queues.workloadsLine', {
                running: queues.data.workloads.running,
                starting: queues.data.workloads.starting,
                failed: queues.data.workloads.failedLastHour,
                stopped: queues.data.workloads.stoppedLastHour,
              })}
            </dd>
          </dl>
        </>
      )}
      {open ? (
        <QueueJobs query={drill.data} onStatus={(s) => show(drill.data.action ?? null, s)} onClose={() => show(null)} />
      ) : null}
    </section>
  )
}

function QueueJobs(props: {
  query: ReturnType<typeof QueueJobsQuerySchema.parse>
  onStatus: (status: string) => void
  onClose: () => void
}) {
  const { t } = useTranslation()
  const [cursors, setCursors] = useState<string[]>([])
  const list = useQuery(adminRuntimeQueries.queueJobs({ ...props.query, ...(cursors.length ? { cursor: cursors.at(-1) } : {}) }))
  const title = t('queues.jobsTitle', { action: props.query.action ?? t('queues.everyAction') })
  return (
    <section className="stack" aria-label={title}>
      <div className="row wrap">
        <h3>{title}</h3>
        <div className="field">
          <label htmlFor="queue-status">{t('queues.status')}</label>
          <select
            id="queue-status"
            value={props.query.status ?? ''}
            onChange={(e) => {
              setCursors([])
              props.onStatus(e.target.value)
            }}
          >
            <option value="">{t('queues.any')}</option>
            {QueueJobStatusSchema.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <Button size="sm" variant="ghost" onClick={props.onClose}>
          {t('queues.close')}
        </Button>
      </div>
      {list.isPending ? (
        <Skeleton label={t('queues.loadingJobs')} />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">{t('queues.noJobs')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table" aria-label={t('queues.jobsTable')}>
            <thead>
              <tr>
                <th scope="col">{t('queues.exocorp')}</th>
                <th scope="col">{t('queues.action')}</th>
                <th scope="col">{t('queues.status')}</th>
                <th scope="col">{t('queues.created')}</th>
                <th scope="col">{t('queues.attempts')}</th>
                <th scope="col">{t('queues.error')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((j) => (
                <tr key={j.id}>
                  <td>
                    <Link to={paths.adminCompany(j.companyId)}>{j.companySlug}</Link>
                  </td>
                  <td>{j.action}</td>
                  <td>{j.status}</td>
                  <td>
                    <RelativeTime iso={j.createdAt} />
                  </td>
                  <td>{formatNumber(j.attempts)}</td>
                  <td>{j.error ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row">
        {cursors.length ? (
          <Button size="sm" onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('queues.previous')}
          </Button>
        ) : null}
        {list.data?.nextCursor ? (
          <Button size="sm" onClick={() => setCursors((c) => [...c, list.data!.nextCursor!])}>
            {t('queues.next')}
          </Button>
        ) : null}
      </div>
    </section>
  )
}
