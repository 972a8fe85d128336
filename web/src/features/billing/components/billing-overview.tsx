import type { BillingState, LedgerEntry, LedgerEntryKind, OwnerBilling } from '@exocorp/shared/billing'
import { formatMoney } from '@/lib/format'
import { RelativeTime } from '@/components/ui/relative-time'
import { AddFunds } from './add-funds'
import { Budgets, type BudgetScopeOption } from './budgets'
import { CheckoutReturn } from './checkout-return'
import { PayDueButton } from './pay-due-button'
import { Receipts } from './receipts'

const STATE: Record<BillingState, { label: string; tone: string; meaning: string }> = {
  current: { label: 'Current', tone: 'ok', meaning: 'Your account is in good standing. Everything works.' },
  grace: { label: 'Grace period', tone: 'warn', meaning: 'Overdue, but nothing is blocked yet.' },
  restricted: { label: 'Restricted', tone: 'bad', meaning: 'No new provisioning or updates until the balance is paid.' },
  suspended: { label: 'Suspended', tone: 'bad', meaning: 'Your exocorps are paused until the balance is paid.' },
}

const NEXT: Record<BillingState, string> = {
  current: 'current',
  grace: 'a grace period',
  restricted: 'restricted (no provisioning or updates)',
  suspended: 'suspended (exocorps paused)',
}

const KIND: Record<LedgerEntryKind, string> = {
  signup_credit: 'Signup credit',
  usage: 'Usage',
  payment: 'Payment',
  adjustment: 'Adjustment',
  refund: 'Refund',
}

function Entries({ entries, currency }: { entries: LedgerEntry[]; currency: string }) {
  if (entries.length === 0) return <p className="muted">No entries yet.</p>
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">Recent ledger entries</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Kind</th>
            <th scope="col">Description</th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>
                <RelativeTime iso={e.at} />
              </td>
              <td>{KIND[e.kind]}</td>
              <td>{e.description}</td>
              <td className={`num ${e.amountMicros < 0 ? 'amount-debit' : 'amount-credit'}`}>
                {formatMoney(e.amountMicros, currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The owner's billing page: state, balance, what it means and what to do, recent ledger. */
export function BillingOverview({
  billing,
  returnedFrom,
  exocorps = [],
}: {
  billing: OwnerBilling
  /** The exocorps the owner can set a budget on (the route reads them from the companies feature). */
  exocorps?: BudgetScopeOption[]
  /** The checkout the provider sent the owner back from (`?checkout=<id>`), if any. */
  returnedFrom?: { checkoutId: string; cancelled: boolean } | null
}) {
  const { account, notice } = billing
  const state = STATE[account.state]
  return (
    <div className="stack">
      {returnedFrom ? <CheckoutReturn checkoutId={returnedFrom.checkoutId} cancelled={returnedFrom.cancelled} /> : null}
      {notice ? (
        <section
          className={`card stack notice notice-${notice.severity}`}
          role={notice.severity === 'info' ? 'status' : 'alert'}
          aria-labelledby="billing-notice-title"
        >
          <h2 id="billing-notice-title">{notice.title}</h2>
          <p>{notice.body}</p>
          <p>
            <strong>What to do:</strong> {notice.action}
          </p>
          {billing.amountDueMicros > 0 ? (
            <>
              <p>
                Amount due: <strong>{formatMoney(billing.amountDueMicros, account.currency)}</strong>
              </p>
              <div>
                <PayDueButton amountDueMicros={billing.amountDueMicros} currency={account.currency} />
              </div>
            </>
          ) : null}
          {billing.nextState && billing.nextStateAt ? (
            <p className="muted">
              If nothing is paid, the account becomes {NEXT[billing.nextState]} <RelativeTime iso={billing.nextStateAt} />.
            </p>
          ) : null}
        </section>
      ) : null}
      <section className="card stack" aria-labelledby="billing-summary-title">
        <h2 id="billing-summary-title">Balance</h2>
        <p className={`balance ${account.balanceMicros < 0 ? 'amount-debit' : ''}`}>
          {formatMoney(account.balanceMicros, account.currency)}
        </p>
        <dl className="facts">
          <dt>Account state</dt>
          <dd>
            <span className={`badge badge-${state.tone}`}>{state.label}</span> <span className="muted">{state.meaning}</span>
          </dd>
          <dt>In this state since</dt>
          <dd>
            <RelativeTime iso={account.stateChangedAt} />
          </dd>
          <dt>Grace policy</dt>
          <dd>
            {account.policy.graceDays} days of grace, restricted after {account.policy.restrictAfterDays} days, suspended after{' '}
            {account.policy.suspendAfterDays} days overdue
          </dd>
        </dl>
        <p className="muted small">
          Model usage is priced by the active price book and booked against this balance; the balance is always the sum of the
          entries below.
        </p>
      </section>
      <AddFunds currency={account.currency} />
      <Receipts />
      <Budgets currency={account.currency} exocorps={exocorps} />
      <section className="stack" aria-labelledby="billing-entries-title">
        <h2 id="billing-entries-title">Recent entries</h2>
        <Entries entries={billing.recentEntries} currency={account.currency} />
      </section>
    </div>
  )
}
