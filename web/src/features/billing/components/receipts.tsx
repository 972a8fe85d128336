import { useQuery } from '@tanstack/react-query'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { RelativeTime } from '@/components/ui/relative-time'
import { formatMoney } from '@/lib/format'
import { billingQueries } from '../api/queries'

/** Every payment made through a checkout, newest first. */
export function Receipts() {
  const receipts = useQuery(billingQueries.receipts())
  return (
    <section className="stack" aria-labelledby="receipts-title">
      <h2 id="receipts-title">Receipts</h2>
      {receipts.isPending ? (
        <Skeleton label="Loading receipts" variant="table" />
      ) : receipts.isError ? (
        <ErrorMessage error={receipts.error} />
      ) : receipts.data.items.length === 0 ? (
        <p className="muted">No payments yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Payment receipts</caption>
            <thead>
              <tr>
                <th scope="col">Paid</th>
                <th scope="col">Receipt</th>
                <th scope="col">Card</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Refunded
                </th>
              </tr>
            </thead>
            <tbody>
              {receipts.data.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <RelativeTime iso={r.paidAt} />
                  </td>
                  <td className="mono">{r.number}</td>
                  <td>{r.card ? `${r.card.brand} ···· ${r.card.last4}` : '—'}</td>
                  <td className="num">{formatMoney(r.amountMicros, r.currency)}</td>
                  <td className="num">{r.refundedMicros > 0 ? formatMoney(r.refundedMicros, r.currency) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
