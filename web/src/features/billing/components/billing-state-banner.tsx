import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { billingQueries } from '../api/queries'
import { PayDueButton } from './pay-due-button'

/**
 * For the owner's dashboard: when the billing account is not current, what that means for their
 * exocorps and what to do, with a link to the billing page. Renders nothing while current.
 */
export function BillingStateBanner({ billingHref }: { billingHref: string }) {
  const billing = useQuery(billingQueries.account())
  const notice = billing.data?.notice
  if (!notice) return null
  const tone = notice.severity === 'danger' ? 'alert-error' : notice.severity === 'warning' ? 'alert-warn' : 'alert-info'
  const due = billing.data?.amountDueMicros ?? 0
  return (
    <div role={notice.severity === 'info' ? 'status' : 'alert'} className={`alert ${tone} stack`}>
      <p>
        <strong>{notice.title}.</strong> {notice.body} {notice.action} <Link to={billingHref}>Open billing</Link>
      </p>
      {billing.data && due > 0 ? (
        <div>
          <PayDueButton amountDueMicros={due} currency={billing.data.account.currency} />
        </div>
      ) : null}
    </div>
  )
}
