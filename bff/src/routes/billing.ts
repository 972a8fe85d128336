import { Hono } from 'hono'
import { IdPathSchema } from '@exocorp/shared/api-operations'
import { AgentWalletInputSchema, AgentWalletQuerySchema } from '@exocorp/shared/agent-wallets'
import { BudgetInputSchema, CheckoutInputSchema } from '@exocorp/shared/billing'
import { audit, type AppEnv } from '../http/context'
import { polledJson } from '../http/etag'
import { polled } from '../http/respond'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { listAgentWallets, setAgentWallet } from '../services/agent-wallets'
import { deleteBudget, listBudgets, setBudget } from '../services/billing/budgets'
import { createCheckout, getCheckout, listReceipts } from '../services/billing/checkout'
import { billingViewChangesAt, getOwnerBilling } from '../services/billing/views'
import { billingWebhookRoutes } from './billing-webhooks'

/** Mounted at /api/billing: the signed-in owner's own account (polled by the billing banner, ETag), checkouts, receipts and the providers' webhooks. */
export const billingRoutes = new Hono<AppEnv>()
  .get('/account', polled(guard.user), async (c) =>
    // Keyed on the data version like every polled read; its days-in-state also change with the clock.
    polledJson(c, () => getOwnerBilling(c.get('deps'), principalOf(c).user.id), { until: billingViewChangesAt }),
  )
  .post('/checkout', guard.session, validate('json', CheckoutInputSchema), async (c) => {
    const input = c.req.valid('json')
    const result = await createCheckout(c.get('deps'), principalOf(c).user.id, input)
    await audit(c, {
      action: 'billing.checkout_created',
      target: { type: 'checkout_session', id: result.id },
      outcome: 'succeeded',
      summary: `Checkout opened for ${result.amountMicros / 1_000_000} ${result.currency}${input.payDue ? ' (amount due)' : ''}`,
      details: { amountMicros: result.amountMicros, payDue: input.payDue === true },
    })
    return c.json(result, 201)
  })
  .get('/checkout/:id', guard.user, validate('param', IdPathSchema), async (c) =>
    c.json(await getCheckout(c.get('deps'), principalOf(c).user.id, c.req.valid('param').id), 200),
  )
  .get('/receipts', guard.user, async (c) => c.json({ items: await listReceipts(c.get('deps'), principalOf(c).user.id) }, 200))
  // Agent wallets (decision 040): one exocorp's allowances, for its owners.
  .get('/agent-wallets', guard.user, validate('query', AgentWalletQuerySchema), async (c) =>
    c.json({ items: await listAgentWallets(c.get('deps'), principalOf(c).user.id, c.req.valid('query').companyId) }, 200),
  )
  .put('/agent-wallets', guard.session, validate('json', AgentWalletInputSchema), async (c) => {
    const input = c.req.valid('json')
    const wallet = await setAgentWallet(c.get('deps'), principalOf(c).user.id, input)
    await audit(c, {
      action: 'agent_wallet.set',
      target: { type: 'company', id: input.companyId },
      outcome: 'succeeded',
      summary: `Wallet of ${input.agent} set to ${input.monthlyLimitMinor / 100} USD a month${input.perRequestLimitMinor ? `, at most ${input.perRequestLimitMinor / 100} USD a request` : ''} (${wallet.status})`,
      details: { walletId: wallet.id, ...input },
    })
    return c.json(wallet, 200)
  })
  .get('/budgets', guard.user, async (c) => c.json({ items: await listBudgets(c.get('deps'), principalOf(c).user.id) }, 200))
  .put('/budgets', guard.session, validate('json', BudgetInputSchema), async (c) => {
    const input = c.req.valid('json')
    const budget = await setBudget(c.get('deps'), principalOf(c).user.id, input)
    await audit(c, {
      action: 'budget.set',
      target: input.companyId ? { type: 'company', id: input.companyId } : { type: 'budget', id: budget.id },
      outcome: 'succeeded',
      summary: `Monthly budget of ${budget.company ? budget.company.name : 'the fleet'} set to ${input.monthlyLimitMinor / 100} USD (alert at ${input.softThresholdPct}%${input.hardLimit ? ', pause at 100%' : ''})`,
      details: { budgetId: budget.id, ...input },
    })
    return c.json(budget, 200)
  })
  .delete('/budgets/:id', guard.session, validate('param', IdPathSchema), async (c) => {
    const { id } = c.req.valid('param')
    const userId = principalOf(c).user.id
    await deleteBudget(c.get('deps'), userId, id)
    await audit(c, {
      action: 'budget.deleted',
      target: { type: 'budget', id },
      outcome: 'succeeded',
      summary: 'Monthly budget removed',
      details: {},
    })
    return c.json({ items: await listBudgets(c.get('deps'), userId) }, 200)
  })
  .route('/webhooks', billingWebhookRoutes)
