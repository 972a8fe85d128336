import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { CollectionsRow } from '@exocorp/shared/billing'
import { formatMoney } from '@/lib/format'
import { StateBadge } from './state-badge'
import { RelativeTime } from '@/components/ui/relative-time'
import { DataTable } from '@/components/ui/data-table'

/** Accounts in grace, restricted or suspended: what they owe and what happens next. */
export function CollectionsTable({ rows, hrefFor }: { rows: CollectionsRow[]; hrefFor: (accountId: string) => string }) {
  const { t } = useTranslation()
  return (
    <DataTable
      caption={t('billingPages.collectionsCaption')}
      columns={[
        { label: t('billingPages.owner') },
        { label: t('billingPages.state') },
        { label: t('billingPages.amountDue'), num: true },
        { label: t('billingPages.daysInState') },
        { label: t('billingPages.nextStep') },
      ]}
    >
      {rows.length === 0 ? (
        <tr>
          <td colSpan={5} className="muted">
            {t('billingPages.nobodyOverdue')}
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
                  {t(`billingAccount.state_${r.nextState}`)} <RelativeTime iso={r.nextStateAt} />
                </>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
          </tr>
        ))
      )}
    </DataTable>
  )
}
