import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { adminBillingQueries } from '@/features/admin-billing/api/queries'
import { AdjustBalance } from '@/features/admin-billing/components/adjustment-dialog'
import { Amount } from '@/features/admin-billing/components/amount'
import { LedgerKindFilter } from '@/features/admin-billing/components/billing-filters'
import { GracePolicyForm } from '@/features/admin-billing/components/grace-policy-form'
import { LedgerTable } from '@/features/admin-billing/components/ledger-table'
import { RefundPayment } from '@/features/admin-billing/components/refund-dialog'
import { StateBadge } from '@/features/admin-billing/components/state-badge'
import { authQueries } from '@/features/auth/api/queries'
import { useReauthenticate } from '@/features/auth/api/reauthenticate'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../../paths'
import { ListPager } from '@/components/ui/list-pager'
import { ledgerQuery } from './admin-page-queries'
import { useListParams } from '@/lib/use-list-params'
import { RelativeTime } from '@/components/ui/relative-time'

export function AdminBillingAccountPage() {
  const { accountId = '' } = useParams()
  const list = useListParams()
  const me = useQuery(authQueries.me())
  const reauth = useReauthenticate()
  const reauthenticate = (password: string) => reauth.mutateAsync(password)
  const query = ledgerQuery(list.params)
  const detail = useQuery(adminBillingQueries.account(accountId, query))
  const [booked, setBooked] = useState<string | null>(null)
  const canAct = Boolean(me.data?.isPlatformOwner)
  const { t } = useTranslation()
  usePageTitle(
    detail.data ? t('billingAccount.pageTitle', { email: detail.data.account.owner.email }) : t('billingAccount.title'),
  )

  if (detail.isPending) return <Skeleton label={t('billingAccount.loading')} />
  if (detail.isError) return <ErrorMessage error={detail.error} />
  const { account, ledger } = detail.data
  return (
    <div className="stack">
      <p className="back-link">
        <Link to={paths.adminBilling()}>{t('billingAccount.allAccounts')}</Link>
      </p>
      <section className="card stack" aria-labelledby="account-title">
        <div className="row space-between">
          <h2 id="account-title">{account.owner.name}</h2>
          {canAct ? <AdjustBalance account={account} onBooked={setBooked} reauthenticate={reauthenticate} /> : null}
        </div>
        <dl className="facts">
          <dt>{t('billingAccount.owner')}</dt>
          <dd>{account.owner.email}</dd>
          <dt>{t('billingAccount.state')}</dt>
          <dd>
            <StateBadge state={account.state} />{' '}
            <span className="muted">{t('billingAccount.forDays', { days: account.daysInState })}</span>
          </dd>
          <dt>{t('billingAccount.balance')}</dt>
          <dd>
            <Amount micros={account.balanceMicros} currency={account.currency} />
          </dd>
          <dt>{t('billingAccount.stateSince')}</dt>
          <dd>
            <RelativeTime iso={account.stateChangedAt} />
          </dd>
        </dl>
        {booked ? <p role="status">{booked}</p> : null}
      </section>
      <section className="card stack" aria-labelledby="policy-title">
        <h2 id="policy-title">{t('billingAccount.gracePolicy')}</h2>
        <GracePolicyForm account={account} canAct={canAct} reauthenticate={reauthenticate} />
      </section>
      <section className="stack" aria-labelledby="ledger-title">
        <div className="row space-between">
          <h2 id="ledger-title">{t('billingAccount.ledger')}</h2>
          <LedgerKindFilter value={query.kind} onChange={(kind) => list.setFilters({ kind })} />
        </div>
        <LedgerTable
          entries={ledger.items}
          currency={account.currency}
          caption={t('billingAccount.ledgerOf', { email: account.owner.email })}
          actionsOf={
            canAct
              ? (e) =>
                  e.kind === 'payment' ? (
                    <RefundPayment account={account} payment={e} onRefunded={setBooked} reauthenticate={reauthenticate} />
                  ) : null
              : undefined
          }
        />
        <ListPager
          page={list.page}
          hasPrevious={list.hasPrevious}
          nextCursor={ledger.nextCursor}
          onPrevious={list.previousPage}
          onNext={list.nextPage}
          busy={detail.isPlaceholderData}
        />
      </section>
    </div>
  )
}
