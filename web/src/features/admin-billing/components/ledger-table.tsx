import type { ReactNode } from 'react'
import type { LedgerEntry } from '@exocorp/shared/billing'
import { Amount } from './amount'
import { useTranslation } from 'react-i18next'
import { RelativeTime } from '@/components/ui/relative-time'

/** Ledger entries, newest first; the balance is the sum of every entry. */
export function LedgerTable({
  entries,
  currency,
  caption,
  actionsOf,
}: {
  entries: LedgerEntry[]
  currency?: string
  caption: string
  /** Row actions (a platform owner's refund on payments). */
  actionsOf?: (entry: LedgerEntry) => ReactNode
}) {
  const { t } = useTranslation()
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('billingAccount.when')}</th>
            <th scope="col">{t('billingAccount.kind')}</th>
            <th scope="col">{t('billingAccount.description')}</th>
            <th scope="col" className="num">
              {t('billingAccount.amount')}
            </th>
            <th scope="col">{t('billingAccount.by')}</th>
            {actionsOf ? (
              <th scope="col">
                <span className="visually-hidden">{t('billingAccount.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td colSpan={actionsOf ? 6 : 5} className="muted">
                {t('billingAccount.noEntries')}
              </td>
            </tr>
          ) : (
            entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <RelativeTime iso={e.at} />
                </td>
                <td>{t(`billingAccount.kind_${e.kind}`)}</td>
                <td>
                  {e.description}
                  {e.reason && e.reason !== e.description ? (
                    <>
                      <br />
                      <span className="muted small">{t('billingAccount.reason', { reason: e.reason })}</span>
                    </>
                  ) : null}
                </td>
                <td className="num">
                  <Amount micros={e.amountMicros} currency={currency} />
                </td>
                <td className="small">{e.createdBy?.label ?? '—'}</td>
                {actionsOf ? <td>{actionsOf(e)}</td> : null}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}
