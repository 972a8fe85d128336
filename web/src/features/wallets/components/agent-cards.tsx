import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { IssueAgentCardInputSchema, type AgentWallet, type SpendRequest } from '@exocorp/shared/agent-wallets'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { formatMoney } from '@/lib/format'
import {
  spendRequestQueries,
  useCancelAgentCard,
  useDecideSpendRequest,
  useFundAgentWallet,
  useIssueAgentCard,
  useUpdateAgentCard,
  walletQueries,
} from '../api/queries'

/** Whole dollars or dollars and cents → cents; null when it is not an amount. */
export function toMinor(text: string): number | null {
  const t = text.trim()
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null
  return Math.round(Number(t) * 100)
}

function PendingRequest({ r, decide }: { r: SpendRequest; decide: ReturnType<typeof useDecideSpendRequest> }) {
  const [note, setNote] = useState('')
  const noteId = `spend-note-${r.id}`
  return (
    <li className="stack" aria-label={`${r.agent} asks ${formatMoney(r.amountMicros)} at ${r.merchant}`}>
      <p>
        <strong>{r.agent}</strong> asks <strong>{formatMoney(r.amountMicros)}</strong> at {r.merchant} ({r.category}): {r.reason}
      </p>
      <div className="field">
        <label htmlFor={noteId}>Note (optional)</label>
        <input id={noteId} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="row">
        <Button
          size="sm"
          variant="primary"
          busy={decide.isPending}
          onClick={() => decide.mutate({ requestId: r.id, decision: 'approve', ...(note.trim() ? { note } : {}) })}
        >
          Approve
        </Button>
        <Button
          size="sm"
          busy={decide.isPending}
          onClick={() => decide.mutate({ requestId: r.id, decision: 'deny', ...(note.trim() ? { note } : {}) })}
        >
          Deny
        </Button>
      </div>
    </li>
  )
}

/** Requests above a card's auto-approve limit, waiting for an owner (decision 048). */
export function SpendApprovals({ companyId }: { companyId: string }) {
  const pending = useQuery(spendRequestQueries.pending(companyId))
  const decided = useDecideSpendRequest(companyId)
  return (
    <section className="card stack" aria-labelledby="spend-approvals-title">
      <h2 id="spend-approvals-title">Waiting for your approval</h2>
      {decided.data ? <p role="status">{outcome(decided.data)}</p> : null}
      {decided.isError ? <ErrorMessage error={decided.error} /> : null}
      {pending.isPending ? null : pending.isError ? (
        <ErrorMessage error={pending.error} />
      ) : pending.data.items.length === 0 ? (
        <p className="muted">No spend request is waiting.</p>
      ) : (
        <ul className="stack" aria-label="Spend requests waiting for approval">
          {pending.data.items.map((r) => (
            <PendingRequest key={r.id} r={r} decide={decided} />
          ))}
        </ul>
      )}
    </section>
  )
}

/** What an approval came to, in words. */
export function outcome(r: SpendRequest): string {
  if (r.status === 'denied') return `Denied ${formatMoney(r.amountMicros)} at ${r.merchant}.`
  if (r.transaction) return `Approved: ${formatMoney(r.amountMicros)} at ${r.merchant} ${r.transaction.status}.`
  if (r.authorization?.declineReason)
    return `Approved, but the card issuer declined it: ${r.authorization.declineReason.replace(/_/g, ' ')}.`
  return `${r.status.replace(/_/g, ' ')}.`
}

function CardCell({ w, companyId }: { w: AgentWallet; companyId: string }) {
  const update = useUpdateAgentCard(companyId)
  const cancel = useCancelAgentCard(companyId)
  const card = w.card
  if (!card) return <span className="muted">No card</span>
  const frozen = card.status === 'frozen'
  return (
    <span className="row">
      <span>
        ···· {card.last4} {frozen ? 'Frozen' : 'Active'}, auto-approves up to {formatMoney(card.autoApproveMicros)}
      </span>
      <Button
        size="sm"
        busy={update.isPending}
        aria-label={`${frozen ? 'Unfreeze' : 'Freeze'} the card of ${w.agent}`}
        onClick={() => update.mutate({ cardId: card.id, status: frozen ? 'active' : 'frozen' })}
      >
        {frozen ? 'Unfreeze card' : 'Freeze card'}
      </Button>
      <Button
        size="sm"
        busy={cancel.isPending}
        aria-label={`Cancel the card of ${w.agent}`}
        onClick={() => {
          if (window.confirm(`Cancel card ···· ${card.last4} of ${w.agent} for good?`)) cancel.mutate(card.id)
        }}
      >
        Cancel card
      </Button>
    </span>
  )
}

/** Each wallet's card and money: issue a card, freeze / cancel it, add funds. */
export function AgentCards({ companyId }: { companyId: string }) {
  const list = useQuery(walletQueries.list(companyId))
  const issue = useIssueAgentCard(companyId)
  const fund = useFundAgentWallet(companyId)
  const [agent, setAgent] = useState('')
  const [autoApprove, setAutoApprove] = useState('')
  const [blocked, setBlocked] = useState('')
  const [fundAgent, setFundAgent] = useState('')
  const [amount, setAmount] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [fundError, setFundError] = useState<string | null>(null)
  const wallets = list.data?.items ?? []
  return (
    <section className="card stack" aria-labelledby="agent-cards-title">
      <h2 id="agent-cards-title">Cards and funds</h2>
      <p className="muted small">
        Each agent spends through its virtual card. Requests up to the card&apos;s auto-approve limit go through at once; larger
        ones wait for you. The wallet&apos;s balance is what you added, less what was captured, plus refunds.
      </p>
      {wallets.length === 0 ? null : (
        <div className="table-wrap" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Agent cards</caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col" className="num">
                  Balance
                </th>
                <th scope="col">Card</th>
              </tr>
            </thead>
            <tbody>
              {wallets.map((w) => (
                <tr key={w.id}>
                  <th scope="row">{w.agent}</th>
                  <td className="num">{formatMoney(w.balanceMicros)}</td>
                  <td>
                    <CardCell w={w} companyId={companyId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="stack"
        noValidate
        aria-label="Issue a card"
        onSubmit={(e) => {
          e.preventDefault()
          const autoApproveMinor = autoApprove.trim() === '' ? 0 : toMinor(autoApprove)
          const blockedCategories = blocked
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
          const parsed = IssueAgentCardInputSchema.safeParse({ agent, autoApproveMinor, blockedCategories })
          if (autoApproveMinor === null) return setError('Enter an amount like 20 or 12.50')
          if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'Check the card')
          setError(null)
          issue.mutate(parsed.data, { onSuccess: () => setAutoApprove('') })
        }}
      >
        <div className="field">
          <label htmlFor="card-agent">Agent with a wallet</label>
          <select id="card-agent" value={agent} onChange={(e) => setAgent(e.target.value)}>
            <option value="">Choose…</option>
            {wallets
              .filter((w) => !w.card)
              .map((w) => (
                <option key={w.id} value={w.agent}>
                  {w.agent}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="card-auto">Auto-approve up to (USD)</label>
          <input
            id="card-auto"
            inputMode="decimal"
            placeholder="0"
            value={autoApprove}
            onChange={(e) => setAutoApprove(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="card-blocked">Blocked categories (comma-separated, optional)</label>
          <input id="card-blocked" value={blocked} onChange={(e) => setBlocked(e.target.value)} />
        </div>
        {error ? <p className="field-error">{error}</p> : null}
        {issue.isError ? <ErrorMessage error={issue.error} /> : null}
        <Button type="submit" busy={issue.isPending}>
          Issue card
        </Button>
      </form>
      <form
        className="stack"
        noValidate
        aria-label="Add funds"
        onSubmit={(e) => {
          e.preventDefault()
          const w = wallets.find((x) => x.agent === fundAgent)
          const amountMinor = toMinor(amount)
          if (!w) return setFundError('Choose a wallet')
          if (amountMinor === null || amountMinor < 1) return setFundError('Enter an amount like 20 or 12.50')
          setFundError(null)
          fund.mutate({ walletId: w.id, amountMinor, idempotencyKey: crypto.randomUUID() }, { onSuccess: () => setAmount('') })
        }}
      >
        <div className="field">
          <label htmlFor="fund-agent">Wallet</label>
          <select id="fund-agent" value={fundAgent} onChange={(e) => setFundAgent(e.target.value)}>
            <option value="">Choose…</option>
            {wallets.map((w) => (
              <option key={w.id} value={w.agent}>
                {w.agent}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="fund-amount">Amount (USD)</label>
          <input id="fund-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </div>
        {fundError ? <p className="field-error">{fundError}</p> : null}
        {fund.isError ? <ErrorMessage error={fund.error} /> : null}
        <Button type="submit" busy={fund.isPending}>
          Add funds
        </Button>
      </form>
    </section>
  )
}
