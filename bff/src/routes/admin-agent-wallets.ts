import { Hono } from 'hono'
import { IdPathSchema } from '@exocorp/shared/api-operations'
import {
  AdminAgentWalletQuerySchema,
  AdminWalletActionInputSchema,
  AdminWalletStatusInputSchema,
} from '@exocorp/shared/agent-wallets'
import type { AppEnv } from '../http/context'
import { attempt } from '../http/attempt'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { adminAgentWallets, cancelAgentCard, refundCardTransaction, setWalletStatus } from '../services/agent-wallets'

/**
 * Mounted at /api/admin/agent-wallet (decisions 040, 048): admins read every agent wallet and card
 * and the spend requests with their authorizations and transactions (filters, cursor paging);
 * platform owners freeze or unfreeze a wallet, refund a transaction and cancel a card after a fresh
 * step-up, audited whichever way it goes.
 */
export const adminAgentWalletRoutes = new Hono<AppEnv>()
  .get('/', guard.admin, validate('query', AdminAgentWalletQuerySchema), async (c) =>
    c.json(await adminAgentWallets(c.get('deps'), c.req.valid('query')), 200),
  )
  .post(
    '/:id/status',
    guard.platformOwner,
    validate('param', IdPathSchema),
    validate('json', AdminWalletStatusInputSchema),
    async (c) => {
      const { id } = c.req.valid('param')
      const input = c.req.valid('json')
      const result = await attempt(
        c,
        {
          action: 'agent_wallet.status',
          target: { type: 'agent_wallet', id },
          failSummary: `Setting agent wallet ${id} ${input.status} refused`,
          details: { status: input.status, reason: input.reason },
        },
        () => setWalletStatus(c.get('deps'), id, input.status),
        (r) => ({
          summary: `Agent wallet of ${r.wallet.agent} ${r.before === input.status ? 'left' : 'set'} ${input.status}: ${input.reason}`,
          details: {
            companyId: r.wallet.companyId,
            agent: r.wallet.agent,
            from: r.before,
            to: input.status,
            reason: input.reason,
          },
        }),
      )
      return c.json(result.wallet, 200)
    },
  )
  .post(
    '/transactions/:id/refund',
    guard.platformOwner,
    validate('param', IdPathSchema),
    validate('json', AdminWalletActionInputSchema),
    async (c) => {
      const { id } = c.req.valid('param')
      const { reason } = c.req.valid('json')
      const result = await attempt(
        c,
        {
          action: 'agent_card.transaction_refunded',
          target: { type: 'card_transaction', id },
          failSummary: `Refunding card transaction ${id} refused`,
          details: { reason },
        },
        () => refundCardTransaction(c.get('deps'), id),
        (r) => ({
          summary: `Refunded ${(r.transaction.amountMicros / 1_000_000).toFixed(2)} USD at ${r.transaction.merchant} to the wallet of ${r.agent}: ${reason}`,
          details: {
            companyId: r.companyId,
            agent: r.agent,
            from: r.from,
            amountMicros: r.transaction.amountMicros,
            issuerRefundId: r.issuerRefundId,
            reason,
          },
        }),
      )
      return c.json(result.transaction, 200)
    },
  )
  .post(
    '/cards/:id/cancel',
    guard.platformOwner,
    validate('param', IdPathSchema),
    validate('json', AdminWalletActionInputSchema),
    async (c) => {
      const { id } = c.req.valid('param')
      const { reason } = c.req.valid('json')
      const card = await attempt(
        c,
        {
          action: 'agent_card.canceled',
          target: { type: 'agent_card', id },
          failSummary: `Canceling agent card ${id} refused`,
          details: { reason, by: 'platform' },
        },
        () => cancelAgentCard(c.get('deps'), null, id),
        (r) => ({
          summary: `Canceled card ···· ${r.last4} of ${r.agent}: ${reason}`,
          details: { companyId: r.companyId, agent: r.agent },
        }),
      )
      return c.json(card, 200)
    },
  )
