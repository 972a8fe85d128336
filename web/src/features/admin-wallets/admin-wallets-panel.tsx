import { useState } from 'react'
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
import { ReauthDialog } from '@/components/reauth-dialog'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
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
  const queryClient = useQueryClient()
  const next = w.status === 'frozen' ? 'active' : 'frozen'
  const [reason, setReason] = useState('')
  const change = useMutation({
    mutationFn: () =>
      api.post(ADMIN_API.setAgentWalletStatus, AgentWalletSchema, { params: { id: w.id }, body: { status: next, reason } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminWalletQueries.all() }),
  })
  const stepUp = isApiError(change.error) && change.error.code === 'reauth_required'
  const label = `${next === 'frozen' ? 'Freeze' : 'Unfreeze'} the wallet of ${w.agent} in ${w.companyName}`
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
          Reason
        </label>
        <input id={`reason-${w.id}`} placeholder="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
        <Button type="submit" size="sm" busy={change.isPending} aria-label={label}>
          {next === 'frozen' ? 'Freeze' : 'Unfreeze'}
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
          Reason
        </label>
        <input id={`reason-${id}`} placeholder="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
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

const requestOutcome = (r: SpendRequest) =>
  r.status === 'pending_approval'
    ? 'Waiting for the owner'
    : r.status === 'denied'
      ? `Denied by ${r.decidedBy ?? 'the owner'}${r.decisionNote ? `: ${r.decisionNote}` : ''}`
      : r.status === 'approved'
        ? `Approved${r.decidedBy === 'auto' ? ' (auto)' : r.decidedBy && r.decidedBy !== 'policy' ? ` by ${r.decidedBy}` : ''}`
        : `Declined (${r.declineReason?.replace(/_/g, ' ')})`

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
  const list = useQuery(adminWalletQueries.list(filters, cursor))
  if (list.isPending) return <Skeleton label="Loading agent wallets" variant="table" />
  if (list.isError) return <ErrorMessage error={list.error} />
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="admin-wallets-title">
        <h2 id="admin-wallets-title">Wallets</h2>
        {list.data.wallets.length === 0 ? (
          <p className="muted">No agent wallets yet.</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">Agent wallets</caption>
              <thead>
                <tr>
                  <th scope="col">Exocorp</th>
                  <th scope="col">Agent</th>
                  <th scope="col" className="num">
                    Monthly allowance
                  </th>
                  <th scope="col" className="num">
                    Spent this month
                  </th>
                  <th scope="col">Status</th>
                  {canAct ? <th scope="col">Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {list.data.wallets.map((w) => (
                  <tr key={w.id}>
                    <td>{w.companyName}</td>
                    <th scope="row">{w.agent}</th>
                    <td className="num">{formatMoney(w.monthlyLimitMicros)}</td>
                    <td className="num">{formatMoney(w.spentMicros)}</td>
                    <td>{w.status === 'frozen' ? 'Frozen' : 'Active'}</td>
                    {canAct ? (
                      <td>
                        <FreezeButton w={w} reauthenticate={reauthenticate} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card stack" aria-labelledby="admin-cards-title">
        <h2 id="admin-cards-title">Cards</h2>
        {list.data.cards.length === 0 ? (
          <p className="muted">No agent cards yet.</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">Agent cards</caption>
              <thead>
                <tr>
                  <th scope="col">Exocorp</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Card</th>
                  <th scope="col" className="num">
                    Auto-approve up to
                  </th>
                  <th scope="col">Status</th>
                  {canAct ? <th scope="col">Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {list.data.cards.map((card) => (
                  <tr key={card.id}>
                    <td>{card.companyName}</td>
                    <th scope="row">{card.agent}</th>
                    <td>···· {card.last4}</td>
                    <td className="num">{formatMoney(card.autoApproveMicros)}</td>
                    <td>{card.status[0]!.toUpperCase() + card.status.slice(1)}</td>
                    {canAct ? (
                      <td>
                        {card.status === 'canceled' ? null : (
                          <ReasonAction
                            id={card.id}
                            verb="Cancel card"
                            label={`Cancel card ···· ${card.last4} of ${card.agent} in ${card.companyName}`}
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
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card stack" aria-labelledby="admin-spend-title">
        <h2 id="admin-spend-title">Spend requests</h2>
        <div className="row wrap" role="group" aria-label="Spend request filters">
          <div className="field">
            <label htmlFor="spend-decision">Decision</label>
            <select
              id="spend-decision"
              value={filters.status ?? ''}
              onChange={(e) => onFilters({ ...filters, status: SPEND_REQUEST_STATUSES.find((s) => s === e.target.value) })}
            >
              <option value="">All</option>
              <option value="pending_approval">Waiting for the owner</option>
              <option value="approved">Approved</option>
              <option value="declined">Declined</option>
              <option value="denied">Denied</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="spend-authorization">Authorization</label>
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
              <option value="">Any</option>
              <option value="approved">Approved by the issuer</option>
              <option value="declined">Declined by the issuer</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="spend-transaction">Transaction</label>
            <select
              id="spend-transaction"
              value={filters.transaction ?? ''}
              onChange={(e) =>
                onFilters({ ...filters, transaction: CARD_TRANSACTION_STATUSES.find((s) => s === e.target.value) })
              }
            >
              <option value="">Any</option>
              <option value="captured">Captured</option>
              <option value="refunded">Refunded</option>
              <option value="disputed">Disputed</option>
            </select>
          </div>
        </div>
        {onCursor && (cursor || list.data.nextCursor) ? (
          <div className="row">
            {cursor ? (
              <Button size="sm" onClick={() => onCursor(undefined)}>
                Newest
              </Button>
            ) : null}
            {list.data.nextCursor ? (
              <Button size="sm" onClick={() => onCursor(list.data.nextCursor ?? undefined)}>
                Older requests
              </Button>
            ) : null}
          </div>
        ) : null}
        {list.data.requests.length === 0 ? (
          <p className="muted">No spend requests.</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">Spend requests, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Merchant</th>
                  <th scope="col">Category</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Decision</th>
                  <th scope="col">Authorization</th>
                  <th scope="col">Transaction</th>
                </tr>
              </thead>
              <tbody>
                {list.data.requests.map((r) => (
                  <tr key={r.id}>
                    <td>{formatAbsolute(r.createdAt)}</td>
                    <th scope="row">{r.agent}</th>
                    <td>{r.merchant}</td>
                    <td>{r.category}</td>
                    <td className="num">{formatMoney(r.amountMicros)}</td>
                    <td>{requestOutcome(r)}</td>
                    <td>
                      {r.authorization
                        ? r.authorization.outcome === 'approved'
                          ? 'Approved'
                          : `Declined (${r.authorization.declineReason?.replace(/_/g, ' ')})`
                        : '—'}
                    </td>
                    <td>
                      {r.transaction ? (
                        <span className="row">
                          <span>{r.transaction.status[0]!.toUpperCase() + r.transaction.status.slice(1)}</span>
                          {canAct && r.transaction.status !== 'refunded' ? (
                            <ReasonAction
                              id={r.transaction.id}
                              verb="Refund"
                              label={`Refund ${formatMoney(r.transaction.amountMicros)} at ${r.merchant} to ${r.agent}`}
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
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}
