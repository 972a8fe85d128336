import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { BudgetInputSchema, type Budget } from '@exocorp/shared/billing'
import { Button } from '@/components/ui/button'
import { ErrorMessage } from '@/components/errors/error-message'
import { Field } from '@/components/ui/field'
import { QueryTable } from '@/components/ui/query-table'
import { isApiError } from '@/lib/api-client'
import { formatAbsolute, formatMoney } from '@/lib/format'
import { useDeleteBudget, useSetBudget } from '../api/budgets'
import { billingQueries } from '../api/queries'
import { parseAmountMinor } from './add-funds'

export interface BudgetScopeOption {
  id: string
  name: string
}

function BudgetRow({ b, currency }: { b: Budget; currency: string }) {
  const remove = useDeleteBudget()
  const pct = Math.min(100, Math.round((b.spentMicros / b.monthlyLimitMicros) * 100))
  const name = b.company ? b.company.name : 'Whole fleet'
  return (
    <tr>
      <th scope="row">{name}</th>
      <td className="num">{formatMoney(b.monthlyLimitMicros, currency)}</td>
      <td className="num">
        {formatMoney(b.spentMicros, currency)}{' '}
        <meter min={0} max={100} value={pct} aria-label={`${name}: ${pct}% of the budget spent`} />
      </td>
      <td className="num">{b.softThresholdPct}%</td>
      <td>
        {b.pausedAt ? `Paused at 100% until ${formatAbsolute(b.resumesAt)}` : b.hardLimit ? 'Pauses at 100%' : 'Alert only'}
      </td>
      <td>
        <Button size="sm" busy={remove.isPending} onClick={() => remove.mutate(b.id)} aria-label={`Remove the budget of ${name}`}>
          Remove
        </Button>
      </td>
    </tr>
  )
}

/** Monthly budgets: per exocorp and for the whole fleet, with an alert threshold and an optional hard limit. */
export function Budgets({ currency, exocorps }: { currency: string; exocorps: BudgetScopeOption[] }) {
  const list = useQuery(billingQueries.budgets())
  const set = useSetBudget()
  const [scope, setScope] = useState('fleet')
  const [amount, setAmount] = useState('')
  const [threshold, setThreshold] = useState('80')
  const [hardLimit, setHardLimit] = useState(false)
  const [errors, setErrors] = useState<Record<string, string | undefined>>({})
  const serverFields = isApiError(set.error) ? set.error.fieldErrors : {}
  const amountError = errors.amount ?? serverFields.monthlyLimitMinor?.[0]
  const thresholdError = errors.threshold ?? serverFields.softThresholdPct?.[0]
  return (
    <section className="card stack" aria-labelledby="budgets-title">
      <h2 id="budgets-title">Budgets</h2>
      <p className="muted small">
        Model spend per calendar month (UTC), checked as usage arrives. You are alerted once a month at the threshold; with a hard
        limit the exocorp (or the whole fleet) is paused at 100% and resumes on the 1st.
      </p>
      <QueryTable
        query={list}
        loadingLabel="Loading budgets"
        empty="No budgets yet."
        caption="Monthly budgets"
        columns={[
          { label: 'Scope' },
          { label: 'Budget', num: true },
          { label: 'Spent this month', num: true },
          { label: 'Alert at', num: true },
          { label: 'At 100%' },
          { label: 'Actions', hidden: true },
        ]}
      >
        {(items) => items.map((b) => <BudgetRow key={b.id} b={b} currency={currency} />)}
      </QueryTable>
      <form
        className="stack"
        noValidate
        aria-label="Set a budget"
        onSubmit={(e) => {
          e.preventDefault()
          const monthlyLimitMinor = parseAmountMinor(amount)
          if (monthlyLimitMinor === null) {
            setErrors({ amount: 'Enter an amount like 50 or 12.50' })
            return
          }
          const parsed = BudgetInputSchema.safeParse({
            companyId: scope === 'fleet' ? null : scope,
            monthlyLimitMinor,
            softThresholdPct: Number(threshold),
            hardLimit,
          })
          if (!parsed.success) {
            const next: Record<string, string> = {}
            for (const issue of parsed.error.issues) {
              const key =
                issue.path[0] === 'monthlyLimitMinor' ? 'amount' : issue.path[0] === 'softThresholdPct' ? 'threshold' : 'form'
              next[key] ??= issue.message
            }
            setErrors(next)
            return
          }
          setErrors({})
          set.mutate(parsed.data, { onSuccess: () => setAmount('') })
        }}
      >
        <div className="field">
          <label htmlFor="budget-scope">Budget for</label>
          <select id="budget-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="fleet">Whole fleet</option>
            {exocorps.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="budget-amount"
          label={`Monthly budget (${currency})`}
          inputMode="decimal"
          placeholder="50.00"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={amountError}
        />
        <Field
          id="budget-threshold"
          label="Alert at (% of the budget)"
          type="number"
          min={1}
          max={100}
          value={threshold}
          onChange={(e) => setThreshold(e.target.value)}
          error={thresholdError}
        />
        <label className="checkbox">
          <input type="checkbox" checked={hardLimit} onChange={(e) => setHardLimit(e.target.checked)} />
          Hard limit: pause at 100% until next month
        </label>
        {set.isError && Object.keys(serverFields).length === 0 ? <ErrorMessage error={set.error} title="Not saved." /> : null}
        <div>
          <Button type="submit" variant="primary" busy={set.isPending}>
            Save budget
          </Button>
        </div>
      </form>
    </section>
  )
}
