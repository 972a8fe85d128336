import { Link } from 'react-router'
import type { ProviderEvent, ProviderEventStatus } from '@exocorp/shared/billing'
import { formatMoney } from '@/lib/format'
import { RelativeTime } from '@/components/ui/relative-time'

const STATUS_TONE: Record<ProviderEventStatus, string> = { booked: 'ok', ignored: 'warn', rejected: 'bad' }

/** Every verified webhook delivery from the payment provider, by event id. */
export function ProviderEventsTable({ events, hrefFor }: { events: ProviderEvent[]; hrefFor: (accountId: string) => string }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">Provider events</caption>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Event</th>
            <th scope="col">Account</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Status</th>
            <th scope="col">Deliveries</th>
          </tr>
        </thead>
        <tbody>
          {events.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                No provider events yet.
              </td>
            </tr>
          ) : (
            events.map((e) => (
              <tr key={e.id}>
                <td>
                  <RelativeTime iso={e.receivedAt} />
                </td>
                <td>
                  <code>{e.type}</code>
                  <br />
                  <span className="muted small">
                    {e.provider} · {e.eventId}
                  </span>
                </td>
                <td>{e.accountId ? <Link to={hrefFor(e.accountId)}>{e.accountId}</Link> : <span className="muted">—</span>}</td>
                <td className="num">{e.amountMicros !== null ? formatMoney(e.amountMicros) : '—'}</td>
                <td>
                  <span className={`badge badge-${STATUS_TONE[e.status]}`}>{e.status}</span>
                  {e.note ? <div className="muted small">{e.note}</div> : null}
                </td>
                <td>{e.deliveries}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}
