import type { ReactNode } from 'react'
import type { LedgerEntry } from '@exocorp/shared/billing'
import { Amount } from './amount'
import { useTranslation } from 'react-i18next'
import { RelativeTime } from '@/components/ui/relative-time'
import { DataTable } from '@/components/ui/data-table'

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
    <DataTable
      caption={caption}
      columns={[
        { label: t('billingAccount.when') },
        { label: t('billingAccount.kind') },
        { label: t('billingAccount.description') },
        { label: t('billingAccount.amount'), num: true },
        { label: t('billingAccount.by') },
        ...(actionsOf ? [{ label: t('billingAccount.actions'), hidden: true }] : []),
      ]}
    >
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
    </DataTable>
  )
}
