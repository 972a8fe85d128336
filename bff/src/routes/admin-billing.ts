import { Hono } from 'hono'
import { type z } from 'zod/mini'
import {
  AdjustmentInputSchema,
  BillingAccountQuerySchema,
  GracePolicyInputSchema,
  LedgerQuerySchema,
  ProviderEventQuerySchema,
  RefundInputSchema,
} from '@exocorp/shared/billing'
import { CollectionsQuerySchema, IdPathSchema } from '@exocorp/shared/api-operations'
import { actorOf, audit, type AppContext, type AppEnv } from '../http/context'
import { attempt } from '../http/attempt'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { refundPayment } from '../services/billing/checkout'
import { addAdjustment, listLedger } from '../services/billing/ledger'
import { evaluateAccount, evaluateAllAccounts } from '../services/billing/state'
import {
  getBillingAccount,
  listBillingAccounts,
  listCollections,
  listProviderEvents,
  setGracePolicy,
} from '../services/billing/views'

async function putPolicy(c: AppContext, accountId: string, input: z.infer<typeof GracePolicyInputSchema>) {
  const deps = c.get('deps')
  const before = (await getBillingAccount(deps, accountId)).policy
  await setGracePolicy(deps, accountId, input)
  await audit(c, {
    action: 'billing.policy_changed',
    target: { type: 'billing_account', id: accountId },
    outcome: 'succeeded',
    summary: `Grace policy set to ${input.graceDays}/${input.restrictAfterDays ?? input.graceDays}/${input.suspendAfterDays} days`,
    details: { before, after: input },
  })
  await evaluateAccount(deps, accountId, 'policy changed')
  return c.json(await getBillingAccount(deps, accountId), 200)
}

/** Mounted at /api/admin/billing: admins read, platform owners also act. */
export const adminBillingRoutes = new Hono<AppEnv>()
  .get('/accounts', guard.admin, validate('query', BillingAccountQuerySchema), async (c) =>
    c.json(await listBillingAccounts(c.get('deps'), c.req.valid('query')), 200),
  )

  .get('/accounts/:id', guard.admin, validate('param', IdPathSchema), validate('query', LedgerQuerySchema), async (c) => {
    const { id } = c.req.valid('param')
    const account = await getBillingAccount(c.get('deps'), id)
    return c.json({ account, ledger: await listLedger(c.get('deps'), id, c.req.valid('query')) }, 200)
  })

  .post(
    '/accounts/:id/adjustments',
    guard.platformOwner,
    validate('param', IdPathSchema),
    validate('json', AdjustmentInputSchema),
    async (c) => {
      const deps = c.get('deps')
      const { id } = c.req.valid('param')
      const input = c.req.valid('json')
      let result
      try {
        result = await addAdjustment(deps, id, input, actorOf(c.get('principal')))
      } catch (err) {
        await audit(c, {
          action: 'billing.adjustment',
          target: { type: 'billing_account', id },
          outcome: 'failed',
          summary: `Adjustment refused: ${err instanceof AppError ? err.message : 'error'}`,
          details: {
            idempotencyKey: input.idempotencyKey,
            amountMicros: input.amountMicros,
            reason: err instanceof AppError ? (err.details?.reason ?? err.code) : 'error',
          },
        })
        throw err
      }
      await audit(c, {
        action: 'billing.adjustment',
        target: { type: 'billing_account', id },
        outcome: 'succeeded',
        summary: result.created
          ? `Adjusted the balance by ${input.amountMicros} micros: ${input.reason}`
          : `Adjustment replayed with idempotency key ${input.idempotencyKey}; nothing new booked`,
        details: {
          entryId: result.entry.id,
          amountMicros: input.amountMicros,
          reason: input.reason,
          idempotencyKey: input.idempotencyKey,
          replayed: !result.created,
        },
      })
      if (result.created) await evaluateAccount(deps, id, 'adjustment')
      return c.json({ ...result, account: await getBillingAccount(deps, id) }, result.created ? 201 : 200)
    },
  )

  .post(
    '/accounts/:id/refunds',
    guard.platformOwner,
    validate('param', IdPathSchema),
    validate('json', RefundInputSchema),
    async (c) => {
      const deps = c.get('deps')
      const { id } = c.req.valid('param')
      const input = c.req.valid('json')
      const result = await attempt(
        c,
        {
          action: 'billing.refund',
          target: { type: 'billing_account', id },
          failSummary: `Refund of payment ${input.paymentEntryId} refused`,
          details: {
            paymentEntryId: input.paymentEntryId,
            amountMicros: input.amountMicros,
            idempotencyKey: input.idempotencyKey,
          },
        },
        () => refundPayment(deps, id, input, actorOf(c.get('principal'))),
        (r) => ({
          summary: r.created
            ? `Refunded ${input.amountMicros} micros of payment ${input.paymentEntryId}: ${input.reason}`
            : `Refund replayed with idempotency key ${input.idempotencyKey}; nothing new refunded`,
          details: { entryId: r.entry.id, reason: input.reason, replayed: !r.created },
        }),
      )
      if (result.created) await evaluateAccount(deps, id, 'refund')
      return c.json({ ...result, account: await getBillingAccount(deps, id) }, result.created ? 201 : 200)
    },
  )

  .put(
    '/accounts/:id/policy',
    guard.platformOwner,
    validate('param', IdPathSchema),
    validate('json', GracePolicyInputSchema),
    (c) => putPolicy(c, c.req.valid('param').id, c.req.valid('json')),
  )
  .post(
    '/accounts/:id/policy',
    guard.platformOwner,
    validate('param', IdPathSchema),
    validate('json', GracePolicyInputSchema),
    (c) => putPolicy(c, c.req.valid('param').id, c.req.valid('json')),
  )

  .delete('/accounts/:id/policy', guard.platformOwner, validate('param', IdPathSchema), async (c) => {
    const deps = c.get('deps')
    const { id } = c.req.valid('param')
    await setGracePolicy(deps, id, null)
    await audit(c, {
      action: 'billing.policy_changed',
      target: { type: 'billing_account', id },
      outcome: 'succeeded',
      summary: 'Grace policy reset to the platform default',
      details: { after: 'default' },
    })
    await evaluateAccount(deps, id, 'policy changed')
    return c.json(await getBillingAccount(deps, id), 200)
  })

  .get('/collections', guard.admin, validate('query', CollectionsQuerySchema), async (c) =>
    c.json(await listCollections(c.get('deps'), c.req.valid('query')), 200),
  )

  .get('/provider-events', guard.admin, validate('query', ProviderEventQuerySchema), async (c) =>
    c.json(await listProviderEvents(c.get('deps'), c.req.valid('query')), 200),
  )

  /** Runs the scheduled evaluator now (it also runs on an interval). */
  .post('/evaluate', guard.platformOwner, async (c) => {
    const changes = await evaluateAllAccounts(c.get('deps'))
    await audit(c, {
      action: 'billing.evaluated',
      target: { type: 'billing', id: null },
      outcome: 'succeeded',
      summary: `Billing evaluation moved ${changes.length} account(s)`,
      details: { changes: changes.map((ch) => ({ accountId: ch.accountId, from: ch.from, to: ch.to })) },
    })
    return c.json({ changes: changes.map((ch) => ({ accountId: ch.accountId, from: ch.from, to: ch.to })) }, 200)
  })
