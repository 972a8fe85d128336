import { Link } from 'react-router'
import type { CollectionsRow } from '@exocorp/shared/billing'
import { formatMoney } from '@/lib/format'
import { STATE_LABEL } from './format'
import { StateBadge } from './state-badge'
import { RelativeTime } from '@/components/ui/relative-time'

/** Accounts in grace, restricted or suspended: what they owe and what happens next. */
export function CollectionsTable({ rows, hrefFor }: { rows: CollectionsRow[]; hrefFor: (accountId: string) => string }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">Collections queue</caption>
        <thead>
          <tr>
            <th scope="col">Owner</th>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Amount due
            </th>
            <th scope="col">Days in state</th>
            <th scope="col">Next step</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                Nobody is overdue. Every account is current.
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.account.id}>
                <td>
                  <Link to={hrefFor(r.account.id)}>{r.account.owner.email}</Link>
                </td>
                <td>
                  <StateBadge state={r.account.state} />
                </td>
                <td className="num">{formatMoney(r.amountDueMicros, r.account.currency)}</td>
                <td>{r.daysInState}</td>
                <td>
                  {r.nextState && r.nextStateAt ? (
                    <>
                      {STATE_LABEL[r.nextState]} <RelativeTime iso={r.nextStateAt} />
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}
