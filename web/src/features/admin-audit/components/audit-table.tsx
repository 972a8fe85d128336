import type { AuditEvent } from '@exocorp/shared/audit'

export function AuditTable({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return <p className="muted">No audit events yet.</p>
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
              </td>
              <td>{e.actor.label}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                <span className={`badge badge-${e.outcome === 'succeeded' ? 'ok' : 'bad'}`}>{e.outcome}</span>
              </td>
              <td>{e.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
