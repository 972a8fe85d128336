import { Link } from 'react-router'
import type { BillingAccount } from '@exocorp/shared/billing'
import { Amount } from './amount'
import { StateBadge } from './state-badge'
import { RelativeTime } from '@/components/ui/relative-time'

export function policySummary(a: BillingAccount): string {
  const p = a.policy
  return `${p.graceDays} d grace · restrict ${p.restrictAfterDays} d · suspend ${p.suspendAfterDays} d${p.isDefault ? ' (default)' : ''}`
}

export function AccountsTable({ accounts, hrefFor }: { accounts: BillingAccount[]; hrefFor: (a: BillingAccount) => string }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">Billing accounts</caption>
        <thead>
          <tr>
            <th scope="col">Owner</th>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Balance
            </th>
            <th scope="col">In state</th>
            <th scope="col">Grace policy</th>
            <th scope="col">Opened</th>
          </tr>
        </thead>
        <tbody>
          {accounts.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                No billing accounts match.
              </td>
            </tr>
          ) : (
            accounts.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={hrefFor(a)}>{a.owner.email}</Link>
                  <br />
                  <span className="muted small">{a.owner.name}</span>
                </td>
                <td>
                  <StateBadge state={a.state} />
                </td>
                <td className="num">
                  <Amount micros={a.balanceMicros} currency={a.currency} />
                </td>
                <td>{a.daysInState} d</td>
                <td className="small">{policySummary(a)}</td>
                <td>
                  <RelativeTime iso={a.createdAt} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}
