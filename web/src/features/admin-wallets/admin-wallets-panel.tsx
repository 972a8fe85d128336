import { useState } from 'react'
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { AdminAgentWalletsSchema, AgentWalletSchema, type AdminAgentWallets } from '@exocorp/shared/agent-wallets'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { Skeleton } from '@/components/ui/skeleton'
import { api, isApiError } from '@/lib/api-client'
import { formatAbsolute, formatMoney } from '@/lib/format'

// Admin agent wallets (issue 16 item 5, decision 040): every wallet and the newest spend requests,
// to investigate disputes and anomalies; platform owners freeze or unfreeze a wallet after a fresh
// step-up (the BFF audits it).

export type DecisionFilter = 'approved' | 'declined' | undefined

export const adminWalletQueries = {
  all: () => ['admin', 'agent-wallets'] as const,
  list: (status: DecisionFilter) =>
    queryOptions({
      queryKey: [...adminWalletQueries.all(), status ?? 'all'] as const,
      queryFn: ({ signal }) =>
        api.get(ADMIN_API.agentWallets, AdminAgentWalletsSchema, { signal, query: status ? { status } : undefined }),
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

export function AdminWalletsPanel({
  status,
  onStatus,
  canAct,
  reauthenticate,
}: {
  status: DecisionFilter
  onStatus: (s: DecisionFilter) => void
  canAct: boolean
  reauthenticate: (password: string) => Promise<unknown>
}) {
  const list = useQuery(adminWalletQueries.list(status))
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
      <section className="card stack" aria-labelledby="admin-spend-title">
        <h2 id="admin-spend-title">Spend requests</h2>
        <div className="field">
          <label htmlFor="spend-decision">Decision</label>
          <select
            id="spend-decision"
            value={status ?? ''}
            onChange={(e) =>
              onStatus(e.target.value === 'approved' || e.target.value === 'declined' ? e.target.value : undefined)
            }
          >
            <option value="">All</option>
            <option value="approved">Approved</option>
            <option value="declined">Declined</option>
          </select>
        </div>
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
                    <td>{r.status === 'approved' ? 'Approved' : `Declined (${r.declineReason?.replace(/_/g, ' ')})`}</td>
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
