import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import type { LifecycleAction } from '@exocorp/shared/companies'
import { QueueJobStatusSchema, QueueJobsQuerySchema, SPIKE_RULE, type QueueSpike } from '@exocorp/shared/runtime-queues'
import { adminRuntimeQueries } from '@/features/admin-runtime/api/queries'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { RelativeTime } from '@/components/ui/relative-time'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { paths } from '../../paths'

const SPIKE_LABEL: Record<NonNullable<QueueSpike>, string> = {
  failures: 'Spike: failures',
  queue_depth: 'Spike: queue depth',
}

/**
 * The runtime queues on `/admin/runtime` (issue 17 item 5, seed 003: "clear queue spikes before
 * changing configurations"): per action, waiting, in flight, oldest waiting and the last hour's
 * outcomes, spikes first and marked; runtimes by health against capacity; the agents' workloads;
 * and the jobs behind a row (`?queue=<action>&jobStatus=<status>` in the URL).
 */
export function RuntimeQueuesSection() {
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
      <h2 id="queues-title">Runtime queues</h2>
      {queues.isPending ? (
        <Skeleton label="Loading queues" />
      ) : queues.isError ? (
        <ErrorMessage error={queues.error} />
      ) : (
        <>
          <p>
            {queues.data.totals.queued} waiting · {queues.data.totals.running} in flight · {queues.data.totals.failedLastHour}{' '}
            failed in the last hour
            {queues.data.totals.oldestQueuedAt ? (
              <>
                {' '}
                · oldest waiting since <RelativeTime iso={queues.data.totals.oldestQueuedAt} />
              </>
            ) : null}
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table className="table" aria-label="Job queues by action">
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Waiting</th>
                  <th scope="col">In flight</th>
                  <th scope="col">Oldest waiting</th>
                  <th scope="col">Failed (1 h)</th>
                  <th scope="col">Succeeded (1 h)</th>
                  <th scope="col">Jobs</th>
                </tr>
              </thead>
              <tbody>
                {queues.data.actions.map((a) => (
                  <tr key={a.action} className={a.spike ? 'row-spike' : undefined}>
                    <th scope="row">
                      {a.action}
                      {a.spike ? (
                        <div>
                          <Badge tone="bad">{SPIKE_LABEL[a.spike]}</Badge>
                        </div>
                      ) : null}
                    </th>
                    <td>{a.queued}</td>
                    <td>{a.running}</td>
                    <td>{a.oldestQueuedAt ? <RelativeTime iso={a.oldestQueuedAt} /> : '—'}</td>
                    <td>
                      {a.failedLastHour}
                      {a.failedPerHourBefore > 0 ? <div className="muted">{a.failedPerHourBefore}/h before</div> : null}
                    </td>
                    <td>{a.succeededLastHour}</td>
                    <td>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Jobs of ${a.action}`}
                        onClick={() => show(a.action, a.spike === 'failures' ? 'failed' : a.queued ? 'queued' : undefined)}
                      >
                        Jobs
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            A spike: at least {SPIKE_RULE.minFailures} failures in the last hour and more than {SPIKE_RULE.failureFactor}× the
            hourly rate of the day before, or {SPIKE_RULE.queueDepth} or more jobs waiting.
          </p>
          <dl className="facts" aria-label="Runtimes and workloads">
            <dt>Runtimes</dt>
            <dd>
              {queues.data.runtimes.byHealth.healthy} healthy · {queues.data.runtimes.byHealth.unreachable} unreachable ·{' '}
              {queues.data.runtimes.byHealth.unknown} unknown
            </dd>
            <dt>Driver capacity</dt>
            <dd>
              {queues.data.runtimes.capacity.driver}: {queues.data.runtimes.capacity.running} of{' '}
              {queues.data.runtimes.capacity.maxRuntimes} running, {queues.data.runtimes.capacity.available} available
            </dd>
            <dt>Workloads</dt>
            <dd>
              {queues.data.workloads.running} running · {queues.data.workloads.starting} starting ·{' '}
              {queues.data.workloads.failedLastHour} failed and {queues.data.workloads.stoppedLastHour} finished in the last hour
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
  const [cursors, setCursors] = useState<string[]>([])
  const list = useQuery(adminRuntimeQueries.queueJobs({ ...props.query, ...(cursors.length ? { cursor: cursors.at(-1) } : {}) }))
  const title = `Jobs: ${props.query.action ?? 'every action'}`
  return (
    <section className="stack" aria-label={title}>
      <div className="row wrap">
        <h3>{title}</h3>
        <div className="field">
          <label htmlFor="queue-status">Status</label>
          <select
            id="queue-status"
            value={props.query.status ?? ''}
            onChange={(e) => {
              setCursors([])
              props.onStatus(e.target.value)
            }}
          >
            <option value="">Any</option>
            {QueueJobStatusSchema.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <Button size="sm" variant="ghost" onClick={props.onClose}>
          Close
        </Button>
      </div>
      {list.isPending ? (
        <Skeleton label="Loading jobs" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">No jobs here.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table" aria-label="Queue jobs">
            <thead>
              <tr>
                <th scope="col">Exocorp</th>
                <th scope="col">Action</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Attempts</th>
                <th scope="col">Error</th>
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
                  <td>{j.attempts}</td>
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
            Previous page
          </Button>
        ) : null}
        {list.data?.nextCursor ? (
          <Button size="sm" onClick={() => setCursors((c) => [...c, list.data!.nextCursor!])}>
            Next page
          </Button>
        ) : null}
      </div>
    </section>
  )
}
