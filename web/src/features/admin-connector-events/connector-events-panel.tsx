import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  ConnectorEventPageSchema,
  ConnectorHealthListSchema,
  parseEventCause,
  ReplayResultSchema,
  type ConnectorEvent,
  type ConnectorEventFilter,
  type ConnectorHealth,
  type ReplayConnectorEventsInput,
  type ReplayResult,
} from '@exocorp/shared/connector-events'
import { AdminReauthDialog as ReauthDialog } from '@/components/admin-reauth-dialog'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { DataTable } from '@/components/ui/data-table'
import { Skeleton } from '@/components/ui/skeleton'
import { api, isApiError } from '@/lib/api-client'
import { formatAbsolute, formatNumber } from '@/lib/format'

// Connector events (issue 18 item 1, decision 047): every inbound delivery with how it authenticated
// and how it was handled — recent failures, per-connector health and verification posture — and a
// replay of one event or the filtered set for platform owners (fresh step-up; the BFF audits it).

export type EventFilter = Pick<ConnectorEventFilter, 'status' | 'source'>

export const connectorEventQueries = {
  all: () => ['admin', 'connector-events'] as const,
  health: () =>
    queryOptions({
      queryKey: [...connectorEventQueries.all(), 'health'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.connectorHealth, ConnectorHealthListSchema, { signal }),
    }),
  list: (filter: EventFilter) =>
    infiniteQueryOptions({
      queryKey: [...connectorEventQueries.all(), 'list', filter.status ?? 'all', filter.source ?? 'all'] as const,
      initialPageParam: undefined as string | undefined,
      queryFn: ({ signal, pageParam }) =>
        api.get(ADMIN_API.connectorEvents, ConnectorEventPageSchema, {
          signal,
          query: {
            limit: '25',
            ...(filter.status ? { status: filter.status } : {}),
            ...(filter.source ? { source: filter.source } : {}),
            ...(pageParam ? { cursor: pageParam } : {}),
          },
        }),
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`)
const when = (iso: string | null, t: TFunction) => (iso ? formatAbsolute(iso) : t('connectorEvents.never'))

/**
 * Why an event failed, in the reader's language (decision 063): its cause code worded by the same
 * catalog words the admin notices use (`adminNotices.cause.<code>`, with its facts), framed as the
 * stored English frames it (given up after N attempts, a failed replay). The stored English reason
 * when there is no cause, a code this console does not know, or facts that are not the code's.
 */
function reasonText(e: ConnectorEvent, t: TFunction): string | null {
  const cause = parseEventCause(e.cause, e.causeFacts)
  if (!cause) return e.reason
  let text = t(`adminNotices.cause.${cause.cause}`, { ...cause, connector: e.connector })
  if (cause.gaveUpAfter !== undefined) text = t('connectorEvents.causeGaveUp', { attempts: cause.gaveUpAfter, cause: text })
  if (cause.replayFailed) text = t('connectorEvents.causeReplayFailed', { cause: text })
  return text
}

function statusText(e: ConnectorEvent, t: TFunction) {
  const status = t(`connectorEvents.status_${e.status}`)
  const reason = reasonText(e, t)
  const text = reason ? t('connectorEvents.statusWhy', { status, reason }) : status
  // The platform retries it itself (decision 056): say when.
  return e.status === 'retrying' && e.nextAttemptAt
    ? t('connectorEvents.nextRetry', { status: text, at: formatAbsolute(e.nextAttemptAt) })
    : text
}

/** A replay, with the step-up dialog when the BFF asks for the password again. */
function useReplay() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: ReplayConnectorEventsInput) => api.post(ADMIN_API.replayConnectorEvents, ReplayResultSchema, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectorEventQueries.all() }),
  })
}

function ReplayButton({
  label,
  text,
  body,
  reauthenticate,
  onDone,
}: {
  label: string
  text: string
  body: ReplayConnectorEventsInput
  reauthenticate: (password: string) => Promise<unknown>
  onDone: (r: ReplayResult) => void
}) {
  const replay = useReplay()
  const stepUp = isApiError(replay.error) && replay.error.code === 'reauth_required'
  const run = () => replay.mutate(body, { onSuccess: onDone })
  return (
    <>
      <Button type="button" size="sm" busy={replay.isPending} aria-label={label} onClick={run}>
        {text}
      </Button>
      {replay.isError && !stepUp ? <ErrorMessage error={replay.error} /> : null}
      <ReauthDialog
        open={stepUp}
        actionLabel={label}
        reauthenticate={reauthenticate}
        onCancel={() => replay.reset()}
        onConfirmed={run}
      />
    </>
  )
}

function summary(r: ReplayResult, t: TFunction) {
  const n = (o: string) => r.results.filter((x) => x.outcome === o).length
  return t('connectorEvents.summary', {
    replayed: r.replayed,
    delivered: n('delivered'),
    duplicate: n('duplicate'),
    failed: n('failed'),
    skipped: n('skipped'),
  })
}

function HealthTables({ connectors }: { connectors: ConnectorHealth[] }) {
  const { t } = useTranslation()
  return (
    <>
      <section className="card stack" aria-labelledby="connector-health-title">
        <h2 id="connector-health-title">{t('connectorEvents.health')}</h2>
        <DataTable
          caption={t('connectorEvents.healthCaption')}
          columns={[
            { label: t('connectorEvents.connector') },
            { label: t('connectorEvents.source') },
            { label: t('connectorEvents.successRate'), num: true },
            { label: t('connectorEvents.deliveredOfTotal'), num: true },
            { label: t('connectorEvents.lastSuccess') },
            { label: t('connectorEvents.lastFailure') },
          ]}
        >
          {connectors.map((c) => (
            <tr key={`${c.source}-${c.connector}`}>
              <th scope="row">{c.connector}</th>
              <td>{c.source}</td>
              <td className="num">{percent(c.successRate)}</td>
              <td className="num">
                {formatNumber(c.delivered)} / {formatNumber(c.total)}
              </td>
              <td>{when(c.lastSuccessAt, t)}</td>
              <td>{when(c.lastFailureAt, t)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section className="card stack" aria-labelledby="connector-posture-title">
        <h2 id="connector-posture-title">{t('connectorEvents.posture')}</h2>
        <DataTable
          caption={t('connectorEvents.postureCaption')}
          columns={[
            { label: t('connectorEvents.connector') },
            { label: t('connectorEvents.signing') },
            { label: t('connectorEvents.exocorpsSigned') },
            { label: t('connectorEvents.secretRotated') },
            { label: t('connectorEvents.verification_bad_signature'), num: true },
            { label: t('connectorEvents.verification_stale'), num: true },
            { label: t('connectorEvents.verification_unsigned'), num: true },
            { label: t('connectorEvents.verification_replayed'), num: true },
          ]}
        >
          {connectors.map((c) => (
            <tr key={`${c.source}-${c.connector}`}>
              <th scope="row">{c.connector}</th>
              <td>{t(`connectorEvents.signing_${c.signing}`)}</td>
              <td>{c.exocorpsSigned === null ? '—' : `${c.exocorpsSigned} / ${c.exocorpsUnsigned ?? 0}`}</td>
              <td>
                {c.secretRotatedAt
                  ? formatAbsolute(c.secretRotatedAt)
                  : c.source === 'connector'
                    ? t('connectorEvents.never')
                    : t('connectorEvents.platformManaged')}
              </td>
              <td className="num">{c.verification.bad_signature}</td>
              <td className="num">{c.verification.stale}</td>
              <td className="num">{c.verification.unsigned}</td>
              <td className="num">{c.verification.replayed}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </>
  )
}

export function ConnectorEventsPanel({
  filter,
  onFilter,
  canReplay,
  reauthenticate,
  lastReplay,
  onReplayed,
}: {
  filter: EventFilter
  onFilter: (f: EventFilter) => void
  canReplay: boolean
  reauthenticate: (password: string) => Promise<unknown>
  lastReplay: string | null
  onReplayed: (summary: string) => void
}) {
  const { t } = useTranslation()
  const health = useQuery(connectorEventQueries.health())
  const list = useInfiniteQuery(connectorEventQueries.list(filter))
  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  const title =
    filter.status === 'failed' && !filter.source ? t('connectorEvents.recentFailures') : t('connectorEvents.deliveries')
  return (
    <div className="stack">
      {lastReplay ? (
        <p role="status" className="alert alert-success">
          {lastReplay}
        </p>
      ) : null}
      <section className="card stack" aria-labelledby="connector-events-title">
        <h2 id="connector-events-title">{title}</h2>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="ce-status">{t('connectorEvents.status')}</label>
            <select
              id="ce-status"
              value={filter.status ?? ''}
              onChange={(e) => {
                const v = e.target.value
                onFilter({ ...filter, status: v === 'failed' || v === 'retrying' || v === 'delivered' ? v : undefined })
              }}
            >
              <option value="">{t('connectorEvents.all')}</option>
              <option value="failed">{t('connectorEvents.status_failed')}</option>
              <option value="retrying">{t('connectorEvents.status_retrying')}</option>
              <option value="delivered">{t('connectorEvents.status_delivered')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="ce-source">{t('connectorEvents.source')}</label>
            <select
              id="ce-source"
              value={filter.source ?? ''}
              onChange={(e) => {
                const v = e.target.value
                onFilter({ ...filter, source: v === 'payment' || v === 'runtime' || v === 'connector' ? v : undefined })
              }}
            >
              <option value="">{t('connectorEvents.all')}</option>
              <option value="payment">{t('connectorEvents.source_payment')}</option>
              <option value="runtime">{t('connectorEvents.source_runtime')}</option>
              <option value="connector">{t('connectorEvents.source_connector')}</option>
            </select>
          </div>
          {canReplay && items.length > 0 ? (
            <ReplayButton
              label={t('connectorEvents.replayAllLabel')}
              text={t('connectorEvents.replayAll')}
              body={{ filter, limit: 100, reason: 'Replayed the filtered set from /admin/connector-events' }}
              reauthenticate={reauthenticate}
              onDone={(r) => onReplayed(summary(r, t))}
            />
          ) : null}
        </div>
        {list.isPending ? (
          <Skeleton label={t('connectorEvents.loading')} variant="table" />
        ) : list.isError ? (
          <ErrorMessage error={list.error} />
        ) : items.length === 0 ? (
          <p className="muted">{t('connectorEvents.none')}</p>
        ) : (
          <DataTable
            caption={t('connectorEvents.caption')}
            columns={[
              { label: t('connectorEvents.received') },
              { label: t('connectorEvents.connector') },
              { label: t('connectorEvents.eventId') },
              { label: t('connectorEvents.exocorp') },
              { label: t('connectorEvents.verification') },
              { label: t('connectorEvents.status') },
              { label: t('connectorEvents.attempts'), num: true },
              { label: t('connectorEvents.latency'), num: true },
              ...(canReplay ? [{ label: t('connectorEvents.action') }] : []),
            ]}
          >
            {items.map((e) => (
              <tr key={e.id}>
                <td>{formatAbsolute(e.receivedAt)}</td>
                <th scope="row">{e.connector}</th>
                <td>
                  <code>{e.eventId ?? '—'}</code>
                </td>
                <td>{e.companySlug ?? '—'}</td>
                <td>{t(`connectorEvents.verification_${e.verification}`)}</td>
                <td>{statusText(e, t)}</td>
                <td className="num">{formatNumber(e.attempts)}</td>
                <td className="num">{t('connectorEvents.ms', { n: e.latencyMs })}</td>
                {canReplay ? (
                  <td>
                    {e.replayable ? (
                      <ReplayButton
                        label={t('connectorEvents.replayLabel', { connector: e.connector, id: e.eventId ?? e.id })}
                        text={t('connectorEvents.replay')}
                        body={{ ids: [e.id], reason: 'Replayed from /admin/connector-events' }}
                        reauthenticate={reauthenticate}
                        onDone={(r) => onReplayed(summary(r, t))}
                      />
                    ) : (
                      <span className="muted">{t('connectorEvents.notReplayable')}</span>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </DataTable>
        )}
        {list.hasNextPage ? (
          <Button type="button" variant="secondary" busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('connectorEvents.loadMore')}
          </Button>
        ) : null}
      </section>
      {health.isPending ? (
        <Skeleton label={t('connectorEvents.loadingHealth')} variant="table" />
      ) : health.isError ? (
        <ErrorMessage error={health.error} />
      ) : (
        <HealthTables connectors={health.data.connectors} />
      )}
    </div>
  )
}
