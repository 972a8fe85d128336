import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { AgentWalletInputSchema, type AgentWallet } from '@exocorp/shared/agent-wallets'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { QueryTable } from '@/components/ui/query-table'
import { isApiError } from '@/lib/api-client'
import { formatMoney } from '@/lib/format'
import { useSetAgentWallet, walletQueries } from '../api/queries'

/** Whole dollars or dollars and cents → cents; null when it is not an amount. */
function toMinor(text: string): number | null {
  const t = text.trim()
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null
  return Math.round(Number(t) * 100)
}

function WalletRow({ w, companyId }: { w: AgentWallet; companyId: string }) {
  const set = useSetAgentWallet(companyId)
  const frozen = w.status === 'frozen'
  return (
    <tr>
      <th scope="row">{w.agent}</th>
      <td className="num">{formatMoney(w.monthlyLimitMicros)}</td>
      <td className="num">{w.perRequestLimitMicros === null ? 'No limit' : formatMoney(w.perRequestLimitMicros)}</td>
      <td className="num">{formatMoney(w.spentMicros)}</td>
      <td className="num">{formatMoney(w.remainingMicros)}</td>
      <td>{frozen ? 'Frozen' : 'Active'}</td>
      <td>
        <Button
          size="sm"
          busy={set.isPending}
          aria-label={`${frozen ? 'Unfreeze' : 'Freeze'} the wallet of ${w.agent}`}
          onClick={() =>
            set.mutate({
              companyId,
              agent: w.agent,
              monthlyLimitMinor: Math.round(w.monthlyLimitMicros / 10_000),
              perRequestLimitMinor: w.perRequestLimitMicros === null ? null : Math.round(w.perRequestLimitMicros / 10_000),
              status: frozen ? 'active' : 'frozen',
            })
          }
        >
          {frozen ? 'Unfreeze' : 'Freeze'}
        </Button>
      </td>
    </tr>
  )
}

/**
 * An exocorp's agent wallets (issue 16 item 4, decision 040): each agent's monthly allowance, what
 * its runtime spent of it this month, and a form to set one. The runtime's spend requests are decided
 * against these at once.
 */
export function WalletsPanel({ companyId, agents }: { companyId: string; agents: string[] }) {
  const list = useQuery(walletQueries.list(companyId))
  const set = useSetAgentWallet(companyId)
  const [agent, setAgent] = useState(agents[0] ?? '')
  const [monthly, setMonthly] = useState('')
  const [perRequest, setPerRequest] = useState('')
  const [errors, setErrors] = useState<Record<string, string | undefined>>({})
  const server = isApiError(set.error) ? set.error.fieldErrors : {}
  const monthlyError = errors.monthly ?? server.monthlyLimitMinor?.[0]
  const perRequestError = errors.perRequest ?? server.perRequestLimitMinor?.[0]
  return (
    <section className="card stack" aria-labelledby="wallets-title">
      <h2 id="wallets-title">Agent wallets</h2>
      <p className="muted small">
        What each agent may spend per calendar month (UTC). Its runtime&apos;s spend requests are approved while they fit and
        declined otherwise; a frozen wallet declines everything.
      </p>
      <QueryTable
        query={list}
        loadingLabel="Loading wallets"
        empty="No wallets yet: every spend request is declined."
        caption="Agent wallets"
        columns={[
          { label: 'Agent' },
          { label: 'Monthly allowance', num: true },
          { label: 'Per request', num: true },
          { label: 'Spent this month', num: true },
          { label: 'Left', num: true },
          { label: 'Status' },
          { label: 'Actions', hidden: true },
        ]}
      >
        {(items) => items.map((w) => <WalletRow key={w.id} w={w} companyId={companyId} />)}
      </QueryTable>
      <form
        className="stack"
        noValidate
        aria-label="Set a wallet"
        onSubmit={(e) => {
          e.preventDefault()
          const monthlyLimitMinor = toMinor(monthly)
          const perRequestLimitMinor = perRequest.trim() === '' ? null : toMinor(perRequest)
          const next: Record<string, string> = {}
          if (monthlyLimitMinor === null) next.monthly = 'Enter an amount like 50 or 12.50'
          if (perRequestLimitMinor === null && perRequest.trim() !== '') next.perRequest = 'Enter an amount, or leave it empty'
          const parsed = AgentWalletInputSchema.safeParse({ companyId, agent, monthlyLimitMinor, perRequestLimitMinor })
          if (Object.keys(next).length === 0 && !parsed.success) {
            for (const issue of parsed.error.issues) {
              const key =
                issue.path[0] === 'perRequestLimitMinor' ? 'perRequest' : issue.path[0] === 'agent' ? 'agent' : 'monthly'
              next[key] ??= issue.message
            }
          }
          setErrors(next)
          if (Object.keys(next).length > 0 || !parsed.success) return
          set.mutate(parsed.data, {
            onSuccess: () => {
              setMonthly('')
              setPerRequest('')
            },
          })
        }}
      >
        <div className="field">
          <label htmlFor="wallet-agent">Agent</label>
          <input
            id="wallet-agent"
            list="wallet-agents"
            value={agent}
            onChange={(e) => setAgent(e.target.value)}
            aria-invalid={errors.agent ? true : undefined}
            aria-describedby={errors.agent ? 'wallet-agent-error' : undefined}
          />
          <datalist id="wallet-agents">
            {agents.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          {errors.agent ? (
            <p id="wallet-agent-error" className="field-error">
              {errors.agent}
            </p>
          ) : null}
        </div>
        <Field
          id="wallet-monthly"
          label="Monthly allowance (USD)"
          inputMode="decimal"
          placeholder="50.00"
          value={monthly}
          onChange={(e) => setMonthly(e.target.value)}
          error={monthlyError}
        />
        <Field
          id="wallet-per-request"
          label="Largest single request (USD, optional)"
          inputMode="decimal"
          value={perRequest}
          onChange={(e) => setPerRequest(e.target.value)}
          error={perRequestError}
        />
        <Button type="submit" variant="primary" busy={set.isPending}>
          Save wallet
        </Button>
      </form>
    </section>
  )
}
