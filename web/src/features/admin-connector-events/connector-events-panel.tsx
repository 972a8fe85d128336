import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  ConnectorEventPageSchema,
  ConnectorHealthListSchema,
  ReplayResultSchema,
  type ConnectorEvent,
  type ConnectorEventFilter,
  type ConnectorHealth,
  type ReplayConnectorEventsInput,
  type ReplayResult,
} from '@exocorp/shared/connector-events'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { api, isApiError } from '@/lib/api-client'
import { formatAbsolute } from '@/lib/format'

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

const VERIFICATION_LABEL: Record<ConnectorEvent['verification'], string> = {
  verified: 'Verified',
  bad_signature: 'Bad signature',
  stale: 'Stale',
  unsigned: 'Unsigned',
  replayed: 'Replayed',
}
const SIGNING_LABEL: Record<ConnectorHealth['signing'], string> = {
  hmac: 'Signed (HMAC)',
  runtime_token: 'Runtime token',
  unsigned: 'Unsigned',
}
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`)
const when = (iso: string | null) => (iso ? formatAbsolute(iso) : 'Never')

function statusText(e: ConnectorEvent) {
  const status = e.status === 'delivered' ? 'Delivered' : e.status === 'retrying' ? 'Retrying' : 'Failed'
  return e.reason ? `${status}: ${e.reason}` : status
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

function summary(r: ReplayResult) {
  const n = (o: string) => r.results.filter((x) => x.outcome === o).length
  return `Replayed ${r.replayed}: ${n('delivered')} delivered, ${n('duplicate')} already handled (nothing booked twice), ${n('failed')} failed, ${n('skipped')} skipped.`
}

function HealthTables({ connectors }: { connectors: ConnectorHealth[] }) {
  return (
    <>
      <section className="card stack" aria-labelledby="connector-health-title">
        <h2 id="connector-health-title">Connector health (last 7 days)</h2>
        <div className="table-wrap" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Connector health</caption>
            <thead>
              <tr>
                <th scope="col">Connector</th>
                <th scope="col">Source</th>
                <th scope="col" className="num">
                  Success rate
                </th>
                <th scope="col" className="num">
                  Delivered / total
                </th>
                <th scope="col">Last success</th>
                <th scope="col">Last failure</th>
              </tr>
            </thead>
            <tbody>
              {connectors.map((c) => (
                <tr key={`${c.source}-${c.connector}`}>
                  <th scope="row">{c.connector}</th>
                  <td>{c.source}</td>
                  <td className="num">{percent(c.successRate)}</td>
                  <td className="num">
                    {c.delivered} / {c.total}
                  </td>
                  <td>{when(c.lastSuccessAt)}</td>
                  <td>{when(c.lastFailureAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card stack" aria-labelledby="connector-posture-title">
        <h2 id="connector-posture-title">Verification posture</h2>
        <div className="table-wrap" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Verification posture per connector</caption>
            <thead>
              <tr>
                <th scope="col">Connector</th>
                <th scope="col">Signing</th>
                <th scope="col">Exocorps signed / unsigned</th>
                <th scope="col">Secret rotated</th>
                <th scope="col" className="num">
                  Bad signature
                </th>
                <th scope="col" className="num">
                  Stale
                </th>
                <th scope="col" className="num">
                  Unsigned
                </th>
                <th scope="col" className="num">
                  Replayed
                </th>
              </tr>
            </thead>
            <tbody>
              {connectors.map((c) => (
                <tr key={`${c.source}-${c.connector}`}>
                  <th scope="row">{c.connector}</th>
                  <td>{SIGNING_LABEL[c.signing]}</td>
                  <td>{c.exocorpsSigned === null ? '—' : `${c.exocorpsSigned} / ${c.exocorpsUnsigned ?? 0}`}</td>
                  <td>
                    {c.secretRotatedAt
                      ? formatAbsolute(c.secretRotatedAt)
                      : c.source === 'connector'
                        ? 'Never'
                        : 'Platform-managed'}
                  </td>
                  <td className="num">{c.verification.bad_signature}</td>
                  <td className="num">{c.verification.stale}</td>
                  <td className="num">{c.verification.unsigned}</td>
                  <td className="num">{c.verification.replayed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
  const health = useQuery(connectorEventQueries.health())
  const list = useInfiniteQuery(connectorEventQueries.list(filter))
  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  const title = filter.status === 'failed' && !filter.source ? 'Recent delivery failures' : 'Deliveries'
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
            <label htmlFor="ce-status">Status</label>
            <select
              id="ce-status"
              value={filter.status ?? ''}
              onChange={(e) => {
                const v = e.target.value
                onFilter({ ...filter, status: v === 'failed' || v === 'retrying' || v === 'delivered' ? v : undefined })
              }}
            >
              <option value="">All</option>
              <option value="failed">Failed</option>
              <option value="retrying">Retrying</option>
              <option value="delivered">Delivered</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="ce-source">Source</label>
            <select
              id="ce-source"
              value={filter.source ?? ''}
              onChange={(e) => {
                const v = e.target.value
                onFilter({ ...filter, source: v === 'payment' || v === 'runtime' || v === 'connector' ? v : undefined })
              }}
            >
              <option value="">All</option>
              <option value="payment">Payment webhooks</option>
              <option value="runtime">Runtime callbacks</option>
              <option value="connector">Connector deliveries</option>
            </select>
          </div>
          {canReplay && items.length > 0 ? (
            <ReplayButton
              label="Replay every event matching these filters"
              text="Replay these"
              body={{ filter, limit: 100, reason: 'Replayed the filtered set from /admin/connector-events' }}
              reauthenticate={reauthenticate}
              onDone={(r) => onReplayed(summary(r))}
            />
          ) : null}
        </div>
        {list.isPending ? (
          <Skeleton label="Loading connector events" variant="table" />
        ) : list.isError ? (
          <ErrorMessage error={list.error} />
        ) : items.length === 0 ? (
          <p className="muted">No deliveries match.</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">Connector events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Connector</th>
                  <th scope="col">Event id</th>
                  <th scope="col">Exocorp</th>
                  <th scope="col">Verification</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col" className="num">
                    Latency
                  </th>
                  {canReplay ? <th scope="col">Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id}>
                    <td>{formatAbsolute(e.receivedAt)}</td>
                    <th scope="row">{e.connector}</th>
                    <td>
                      <code>{e.eventId ?? '—'}</code>
                    </td>
                    <td>{e.companySlug ?? '—'}</td>
                    <td>{VERIFICATION_LABEL[e.verification]}</td>
                    <td>{statusText(e)}</td>
                    <td className="num">{e.attempts}</td>
                    <td className="num">{e.latencyMs} ms</td>
                    {canReplay ? (
                      <td>
                        {e.replayable ? (
                          <ReplayButton
                            label={`Replay ${e.connector} event ${e.eventId ?? e.id}`}
                            text="Replay"
                            body={{ ids: [e.id], reason: 'Replayed from /admin/connector-events' }}
                            reauthenticate={reauthenticate}
                            onDone={(r) => onReplayed(summary(r))}
                          />
                        ) : (
                          <span className="muted">Not replayable</span>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.hasNextPage ? (
          <Button type="button" variant="secondary" busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load more
          </Button>
        ) : null}
      </section>
      {health.isPending ? (
        <Skeleton label="Loading connector health" variant="table" />
      ) : health.isError ? (
        <ErrorMessage error={health.error} />
      ) : (
        <HealthTables connectors={health.data.connectors} />
      )}
    </div>
  )
}
