import { Link } from 'react-router'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { BillingAccount } from '@exocorp/shared/billing'
import { Amount } from './amount'
import { StateBadge } from './state-badge'
import { RelativeTime } from '@/components/ui/relative-time'
import { DataTable } from '@/components/ui/data-table'

export function policySummary(a: BillingAccount, t: TFunction): string {
  const p = a.policy
  return (
    t('billing.policy', { grace: p.graceDays, restrict: p.restrictAfterDays, suspend: p.suspendAfterDays }) +
    (p.isDefault ? t('billing.policyDefault') : '')
  )
}

export function AccountsTable({ accounts, hrefFor }: { accounts: BillingAccount[]; hrefFor: (a: BillingAccount) => string }) {
  const { t } = useTranslation()
  return (
    <DataTable
      caption={t('billing.caption')}
      columns={[
        { label: t('billing.owner') },
        { label: t('billing.state') },
        { label: t('billing.balance'), num: true },
        { label: t('billing.inState') },
        { label: t('billing.gracePolicy') },
        { label: t('billing.opened') },
      ]}
    >
      {accounts.length === 0 ? (
        <tr>
          <td colSpan={6} className="muted">
            {t('billing.none')}
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
            <td>{t('billing.days', { days: a.daysInState })}</td>
            <td className="small">{policySummary(a, t)}</td>
            <td>
              <RelativeTime iso={a.createdAt} />
            </td>
          </tr>
        ))
      )}
    </DataTable>
  )
}
