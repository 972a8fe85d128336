import { Hono } from 'hono'
import {
  AgentCardPathSchema,
  AgentWalletPathSchema,
  FundAgentWalletInputSchema,
  IssueAgentCardInputSchema,
  SpendApprovalInputSchema,
  SpendRequestPathSchema,
  SpendRequestQuerySchema,
  UpdateAgentCardInputSchema,
} from '@exocorp/shared/agent-wallets'
import { EmptyActionInputSchema } from '@exocorp/shared/site'
import { attempt } from '../http/attempt'
import { ownedCompany } from '../http/company-access'
import type { AppContext, AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import {
  cancelAgentCard,
  decideSpendRequest,
  fundAgentWallet,
  issueAgentCard,
  listSpendRequests,
  updateAgentCard,
} from '../services/agent-wallets'

// An exocorp's agent cards, wallet funding and spend approvals, for its owners (decision 048).
// Cards and funds are set by a person in a browser (like the allowances, decision 040); spend
// requests are read and decided by owners and by their operator clients with `registry:write`.

const usd = (micros: number) => `${(micros / 1_000_000).toFixed(2)} USD`

const walletAttempt = (c: AppContext, action: string, target: { type: string; id: string | null }) => ({
  action,
  target,
  failSummary: `${principalOf(c).user.email}: ${action} refused`,
  details: { companyId: c.req.param('id') },
})

/** Who decided, as the request shows it: the person, or the agent acting for them. */
const decider = (c: AppContext) => {
  const p = principalOf(c)
  return p.kind === 'operator_client' ? `${p.clientName} (for ${p.user.email})` : p.user.email
}

export const companyAgentCardRoutes = new Hono<AppEnv>()
  .get('/companies/:id/spend-requests', guard.user, validate('query', SpendRequestQuerySchema), async (c) => {
    const { company } = await ownedCompany(c, c.req.param('id'))
    return c.json(await listSpendRequests(c.get('deps'), company.id, c.req.valid('query')), 200)
  })
  .post(
    '/companies/:id/spend-requests/:requestId/decision',
    guard.user,
    validate('param', SpendRequestPathSchema, (c) =>
      walletAttempt(c, 'wallet.spend_decision', { type: 'spend_request', id: null }),
    ),
    validate('json', SpendApprovalInputSchema, (c) =>
      walletAttempt(c, 'wallet.spend_decision', { type: 'spend_request', id: c.req.param('requestId') ?? null }),
    ),
    async (c) => {
      const { requestId } = c.req.valid('param')
      const input = c.req.valid('json')
      const decided = await attempt(
        c,
        {
          ...walletAttempt(c, 'wallet.spend_decision', { type: 'spend_request', id: requestId }),
          details: { companyId: c.req.param('id'), decision: input.decision, note: input.note ?? null },
        },
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return decideSpendRequest(c.get('deps'), company.id, requestId, input, decider(c))
        },
        (r) => ({
          summary: `${decider(c)} ${input.decision === 'approve' ? 'approved' : 'denied'} ${r.agent}'s request of ${usd(r.amountMicros)} at ${r.merchant}${
            r.authorization
              ? `: authorization ${r.authorization.outcome}${r.authorization.declineReason ? ` (${r.authorization.declineReason})` : ''}${r.transaction ? `, ${r.transaction.status}` : ''}`
              : ''
          }`,
          details: {
            agent: r.agent,
            amountMicros: r.amountMicros,
            status: r.status,
            declineReason: r.declineReason,
            authorizationId: r.authorization?.id ?? null,
            authorization: r.authorization?.outcome ?? null,
            transactionId: r.transaction?.id ?? null,
          },
        }),
      )
      return c.json(decided, 200)
    },
  )
  .post(
    '/companies/:id/agent-cards',
    guard.session,
    validate('json', IssueAgentCardInputSchema, (c) => walletAttempt(c, 'agent_card.issued', { type: 'agent_card', id: null })),
    async (c) => {
      const input = c.req.valid('json')
      const card = await attempt(
        c,
        {
          ...walletAttempt(c, 'agent_card.issued', { type: 'agent_card', id: null }),
          details: { companyId: c.req.param('id'), ...input },
        },
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return issueAgentCard(c.get('deps'), company.id, input)
        },
        (r) => ({
          summary: `${principalOf(c).user.email} issued card ···· ${r.last4} to ${r.agent} (auto-approve up to ${usd(r.autoApproveMicros)})`,
          targetId: r.id,
          details: { walletId: r.walletId, issuer: r.issuer, last4: r.last4 },
        }),
      )
      return c.json(card, 201)
    },
  )
  .patch(
    '/companies/:id/agent-cards/:cardId',
    guard.session,
    validate('param', AgentCardPathSchema, (c) => walletAttempt(c, 'agent_card.updated', { type: 'agent_card', id: null })),
    validate('json', UpdateAgentCardInputSchema, (c) =>
      walletAttempt(c, 'agent_card.updated', { type: 'agent_card', id: c.req.param('cardId') ?? null }),
    ),
    async (c) => {
      const { cardId } = c.req.valid('param')
      const input = c.req.valid('json')
      const result = await attempt(
        c,
        {
          ...walletAttempt(c, 'agent_card.updated', { type: 'agent_card', id: cardId }),
          details: { companyId: c.req.param('id'), ...input },
        },
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return updateAgentCard(c.get('deps'), company.id, cardId, input)
        },
        (r) => ({
          summary: `${principalOf(c).user.email} ${
            r.before.status !== r.card.status ? (r.card.status === 'frozen' ? 'froze' : 'unfroze') : 'changed the limits of'
          } card ···· ${r.card.last4} of ${r.card.agent}`,
          details: { from: r.before.status, to: r.card.status },
        }),
      )
      return c.json(result.card, 200)
    },
  )
  .post(
    '/companies/:id/agent-cards/:cardId/cancel',
    guard.session,
    validate('param', AgentCardPathSchema, (c) => walletAttempt(c, 'agent_card.canceled', { type: 'agent_card', id: null })),
    validate('json', EmptyActionInputSchema, (c) =>
      walletAttempt(c, 'agent_card.canceled', { type: 'agent_card', id: c.req.param('cardId') ?? null }),
    ),
    async (c) => {
      const { cardId } = c.req.valid('param')
      const card = await attempt(
        c,
        walletAttempt(c, 'agent_card.canceled', { type: 'agent_card', id: cardId }),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return cancelAgentCard(c.get('deps'), company.id, cardId)
        },
        (r) => ({
          summary: `${principalOf(c).user.email} canceled card ···· ${r.last4} of ${r.agent}`,
          details: { by: 'owner' },
        }),
      )
      return c.json(card, 200)
    },
  )
  .post(
    '/companies/:id/agent-wallets/:walletId/funds',
    guard.session,
    validate('param', AgentWalletPathSchema, (c) => walletAttempt(c, 'agent_wallet.funded', { type: 'agent_wallet', id: null })),
    validate('json', FundAgentWalletInputSchema, (c) =>
      walletAttempt(c, 'agent_wallet.funded', { type: 'agent_wallet', id: c.req.param('walletId') ?? null }),
    ),
    async (c) => {
      const { walletId } = c.req.valid('param')
      const input = c.req.valid('json')
      const result = await attempt(
        c,
        {
          ...walletAttempt(c, 'agent_wallet.funded', { type: 'agent_wallet', id: walletId }),
          details: { companyId: c.req.param('id'), ...input },
        },
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return fundAgentWallet(c.get('deps'), company.id, walletId, input)
        },
        (r) => ({
          summary: r.created
            ? `${principalOf(c).user.email} added ${usd(input.amountMinor * 10_000)} to the wallet of ${r.wallet.agent}`
            : `${principalOf(c).user.email} repeated adding ${usd(input.amountMinor * 10_000)} to the wallet of ${r.wallet.agent}: nothing added again`,
          details: { created: r.created, balanceMicros: r.wallet.balanceMicros },
        }),
      )
      return c.json(result.wallet, result.created ? 201 : 200)
    },
  )
