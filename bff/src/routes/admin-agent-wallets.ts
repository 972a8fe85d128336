import { Hono } from 'hono'
import { IdPathSchema } from '@exocorp/shared/api-operations'
import { AdminAgentWalletQuerySchema, AdminWalletStatusInputSchema } from '@exocorp/shared/agent-wallets'
import type { AppEnv } from '../http/context'
import { attempt } from '../http/attempt'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { adminAgentWallets, setWalletStatus } from '../services/agent-wallets'

/**
 * Mounted at /api/admin/agent-wallet (decision 040): admins read every agent wallet and the newest
 * spend requests (filters: exocorp, decision); platform owners freeze or unfreeze a wallet after a
 * fresh step-up, audited whichever way it goes.
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
