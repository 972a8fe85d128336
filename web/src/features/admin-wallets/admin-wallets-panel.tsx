import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  AdminAgentWalletsSchema,
  AgentCardSchema,
  AgentWalletSchema,
  CardTransactionSchema,
  CARD_TRANSACTION_STATUSES,
  SPEND_REQUEST_STATUSES,
  type AdminAgentWallets,
  type SpendRequest,
} from '@exocorp/shared/agent-wallets'
import { AdminReauthDialog as ReauthDialog } from '@/components/admin-reauth-dialog'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { DataTable } from '@/components/ui/data-table'
import { Skeleton } from '@/components/ui/skeleton'
import { api, isApiError } from '@/lib/api-client'
import { formatAbsolute, formatMoney } from '@/lib/format'

// Admin agent wallets (issue 16 item 5, decision 040): every wallet and the newest spend requests,
// to investigate disputes and anomalies; platform owners freeze or unfreeze a wallet after a fresh
// step-up (the BFF audits it).

/** What the spend-request list is narrowed to: the decision, the issuer's answer, the money's state. */
export interface SpendFilters {
  status?: SpendRequest['status'] | undefined
  authorization?: 'approved' | 'declined' | undefined
  transaction?: (typeof CARD_TRANSACTION_STATUSES)[number] | undefined
}

/** The filters as the URL holds them (`decision`, `authorization`, `transaction`); unknown values are dropped. */
export function spendFiltersOf(params: URLSearchParams): SpendFilters {
  const authorization = params.get('authorization')
  return {
    status: SPEND_REQUEST_STATUSES.find((s) => s === params.get('decision')),
    authorization: authorization === 'approved' || authorization === 'declined' ? authorization : undefined,
    transaction: CARD_TRANSACTION_STATUSES.find((s) => s === params.get('transaction')),
  }
}

export const adminWalletQueries = {
  all: () => ['admin', 'agent-wallets'] as const,
  list: (filters: SpendFilters, cursor?: string) =>
    queryOptions({
      queryKey: [...adminWalletQueries.all(), filters, cursor ?? ''] as const,
      // A new filter or page keeps the screen (and its filters) while the answer comes.
      placeholderData: keepPreviousData,
      queryFn: ({ signal }) =>
        api.get(ADMIN_API.agentWallets, AdminAgentWalletsSchema, {
          signal,
          query: {
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.authorization ? { authorization: filters.authorization } : {}),
            ...(filters.transaction ? { transaction: filters.transaction } : {}),
            ...(cursor ? { cursor } : {}),
          },
        }),
    }),
}

type Wallet = AdminAgentWallets['wallets'][number]

function FreezeButton({ w, reauthenticate }: { w: Wallet; reauthenticate: (password: string) => Promise<unknown> }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const next = w.status === 'frozen' ? 'active' : 'frozen'
  const [reason, setReason] = useState('')
  const change = useMutation({
    mutationFn: () =>
      api.post(ADMIN_API.setAgentWalletStatus, AgentWalletSchema, { params: { id: w.id }, body: { status: next, reason } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminWalletQueries.all() }),
  })
  const stepUp = isApiError(change.error) && change.error.code === 'reauth_required'
  const label = t(next === 'frozen' ? 'wallets.freezeLabel' : 'wallets.unfreezeLabel', {
    agent: w.agent,
    company: w.companyName,
  })
  return (
    <>
      <form
        className="inline-form"
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault()
          if (reason.trim()) change.mutate()
        }}
      >
        <label className="visually-hidden" htmlFor={`reason-${w.id}`}>
          {t('wallets.reason')}
        </label>
        <input
          id={`reason-${w.id}`}
          placeholder={t('wallets.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
        />
        <Button type="submit" size="sm" busy={change.isPending} aria-label={label}>
          {next === 'frozen' ? t('wallets.freeze') : t('wallets.unfreeze')}
        </Button>
      </form>
      {change.isError && !stepUp ? <ErrorMessage error={change.error} /> : null}
      <ReauthDialog
        open={stepUp}
        actionLabel={label}
        reauthenticate={reauthenticate}
        onCancel={() => change.reset()}
        onConfirmed={() => change.mutate()}
      />
    </>
  )
}

/** A platform owner's action with a reason, through the step-up dialog when the password is not fresh (decision 048). */
function ReasonAction({
  label,
  verb,
  id,
  run,
  reauthenticate,
}: {
  label: string
  verb: string
  id: string
  run: (reason: string) => Promise<unknown>
  reauthenticate: (password: string) => Promise<unknown>
}) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [reason, setReason] = useState('')
  const act = useMutation({
    mutationFn: () => run(reason),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminWalletQueries.all() }),
  })
  const stepUp = isApiError(act.error) && act.error.code === 'reauth_required'
  return (
    <>
      <form
        className="inline-form"
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault()
          if (reason.trim()) act.mutate()
        }}
      >
        <label className="visually-hidden" htmlFor={`reason-${id}`}>
          {t('wallets.reason')}
        </label>
        <input
          id={`reason-${id}`}
          placeholder={t('wallets.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
        />
        <Button type="submit" size="sm" busy={act.isPending} aria-label={label}>
          {verb}
        </Button>
      </form>
      {act.isError && !stepUp ? <ErrorMessage error={act.error} /> : null}
      <ReauthDialog
        open={stepUp}
        actionLabel={label}
        reauthenticate={reauthenticate}
        onCancel={() => act.reset()}
        onConfirmed={() => act.mutate()}
      />
    </>
  )
}

const requestOutcome = (r: SpendRequest, t: TFunction) =>
  r.status === 'pending_approval'
    ? t('wallets.decision_pending_approval')
    : r.status === 'denied'
      ? `${r.decidedBy ? t('wallets.deniedBy', { who: r.decidedBy }) : t('wallets.deniedByOwner')}${r.decisionNote ? `: ${r.decisionNote}` : ''}`
      : r.status === 'approved'
        ? r.decidedBy === 'auto'
          ? t('wallets.approvedAuto')
          : r.decidedBy && r.decidedBy !== 'policy'
            ? t('wallets.approvedBy', { who: r.decidedBy })
            : t('wallets.approved')
        : t('wallets.declinedWhy', { reason: r.declineReason ? t(`wallets.reason_${r.declineReason}`) : '—' })

export function AdminWalletsPanel({
  filters,
  onFilters,
  cursor,
  onCursor,
  canAct,
  reauthenticate,
}: {
  filters: SpendFilters
  onFilters: (f: SpendFilters) => void
  /** The requests page (server-side keyset cursor), kept in the URL by the route. */
  cursor?: string | undefined
  onCursor?: (cursor: string | undefined) => void
  canAct: boolean
  reauthenticate: (password: string) => Promise<unknown>
}) {
  const { t } = useTranslation()
  const list = useQuery(adminWalletQueries.list(filters, cursor))
  if (list.isPending) return <Skeleton label={t('wallets.loading')} variant="table" />
  if (list.isError) return <ErrorMessage error={list.error} />
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="admin-wallets-title">
        <h2 id="admin-wallets-title">{t('wallets.wallets')}</h2>
        {list.data.wallets.length === 0 ? (
          <p className="muted">{t('wallets.noWallets')}</p>
        ) : (
          <DataTable
            caption={t('wallets.walletsCaption')}
            columns={[
              { label: t('wallets.exocorp') },
              { label: t('wallets.agent') },
              { label: t('wallets.monthlyAllowance'), num: true },
              { label: t('wallets.spentThisMonth'), num: true },
              { label: t('wallets.status') },
              ...(canAct ? [{ label: t('wallets.action') }] : []),
            ]}
          >
            {list.data.wallets.map((w) => (
              <tr key={w.id}>
                <td>{w.companyName}</td>
                <th scope="row">{w.agent}</th>
                <td className="num">{formatMoney(w.monthlyLimitMicros)}</td>
                <td className="num">{formatMoney(w.spentMicros)}</td>
                <td>{t(`wallets.walletStatus_${w.status}`)}</td>
                {canAct ? (
                  <td>
                    <FreezeButton w={w} reauthenticate={reauthenticate} />
                  </td>
                ) : null}
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section className="card stack" aria-labelledby="admin-cards-title">
        <h2 id="admin-cards-title">{t('wallets.cards')}</h2>
        {list.data.cards.length === 0 ? (
          <p className="muted">{t('wallets.noCards')}</p>
        ) : (
          <DataTable
            caption={t('wallets.cardsCaption')}
            columns={[
              { label: t('wallets.exocorp') },
              { label: t('wallets.agent') },
              { label: t('wallets.card') },
              { label: t('wallets.autoApprove'), num: true },
              { label: t('wallets.status') },
              ...(canAct ? [{ label: t('wallets.action') }] : []),
            ]}
          >
            {list.data.cards.map((card) => (
              <tr key={card.id}>
                <td>{card.companyName}</td>
                <th scope="row">{card.agent}</th>
                <td>···· {card.last4}</td>
                <td className="num">{formatMoney(card.autoApproveMicros)}</td>
                <td>{t(`wallets.cardStatus_${card.status}`)}</td>
                {canAct ? (
                  <td>
                    {card.status === 'canceled' ? null : (
                      <ReasonAction
                        id={card.id}
                        verb={t('wallets.cancelCard')}
                        label={t('wallets.cancelLabel', {
                          last4: card.last4,
                          agent: card.agent,
                          company: card.companyName,
                        })}
                        reauthenticate={reauthenticate}
                        run={(reason) =>
                          api.post(ADMIN_API.cancelAgentCard, AgentCardSchema, { params: { id: card.id }, body: { reason } })
                        }
                      />
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section className="card stack" aria-labelledby="admin-spend-title">
        <h2 id="admin-spend-title">{t('wallets.spendRequests')}</h2>
        <div className="row wrap" role="group" aria-label={t('wallets.filters')}>
          <div className="field">
            <label htmlFor="spend-decision">{t('wallets.decision')}</label>
            <select
              id="spend-decision"
              value={filters.status ?? ''}
              onChange={(e) => onFilters({ ...filters, status: SPEND_REQUEST_STATUSES.find((s) => s === e.target.value) })}
            >
              <option value="">{t('wallets.all')}</option>
              {SPEND_REQUEST_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`wallets.decision_${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="spend-authorization">{t('wallets.authorization')}</label>
            <select
              id="spend-authorization"
              value={filters.authorization ?? ''}
              onChange={(e) =>
                onFilters({
                  ...filters,
                  authorization: e.target.value === 'approved' || e.target.value === 'declined' ? e.target.value : undefined,
                })
              }
            >
              <option value="">{t('wallets.any')}</option>
              <option value="approved">{t('wallets.issuerApproved')}</option>
              <option value="declined">{t('wallets.issuerDeclined')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="spend-transaction">{t('wallets.transaction')}</label>
            <select
              id="spend-transaction"
              value={filters.transaction ?? ''}
              onChange={(e) =>
                onFilters({ ...filters, transaction: CARD_TRANSACTION_STATUSES.find((s) => s === e.target.value) })
              }
            >
              <option value="">{t('wallets.any')}</option>
              {CARD_TRANSACTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`wallets.tx_${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {onCursor && (cursor || list.data.nextCursor) ? (
          <div className="row">
            {cursor ? (
              <Button size="sm" onClick={() => onCursor(undefined)}>
                {t('wallets.newest')}
              </Button>
            ) : null}
            {list.data.nextCursor ? (
              <Button size="sm" onClick={() => onCursor(list.data.nextCursor ?? undefined)}>
                {t('wallets.older')}
              </Button>
            ) : null}
          </div>
        ) : null}
        {list.data.requests.length === 0 ? (
          <p className="muted">{t('wallets.noRequests')}</p>
        ) : (
          <DataTable
            caption={t('wallets.requestsCaption')}
            columns={[
              { label: t('wallets.when') },
              { label: t('wallets.agent') },
              { label: t('wallets.merchant') },
              { label: t('wallets.category') },
              { label: t('wallets.amount'), num: true },
              { label: t('wallets.decision') },
              { label: t('wallets.authorization') },
              { label: t('wallets.transaction') },
            ]}
          >
            {list.data.requests.map((r) => (
              <tr key={r.id}>
                <td>{formatAbsolute(r.createdAt)}</td>
                <th scope="row">{r.agent}</th>
                <td>{r.merchant}</td>
                <td>{r.category}</td>
                <td className="num">{formatMoney(r.amountMicros)}</td>
                <td>{requestOutcome(r, t)}</td>
                <td>
                  {r.authorization
                    ? r.authorization.outcome === 'approved'
                      ? t('wallets.approved')
                      : t('wallets.declinedWhy', {
                          reason: r.authorization.declineReason ? t(`wallets.reason_${r.authorization.declineReason}`) : '—',
                        })
                    : '—'}
                </td>
                <td>
                  {r.transaction ? (
                    <span className="row">
                      <span>{t(`wallets.tx_${r.transaction.status}`)}</span>
                      {canAct && r.transaction.status !== 'refunded' ? (
                        <ReasonAction
                          id={r.transaction.id}
                          verb={t('wallets.refund')}
                          label={t('wallets.refundLabel', {
                            amount: formatMoney(r.transaction.amountMicros),
                            merchant: r.merchant,
                            agent: r.agent,
                          })}
                          reauthenticate={reauthenticate}
                          run={(reason) =>
                            api.post(ADMIN_API.refundCardTransaction, CardTransactionSchema, {
                              params: { id: r.transaction!.id },
                              body: { reason },
                            })
                          }
                        />
                      ) : null}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </div>
  )
}
