import { z } from 'zod/mini'

// Agent wallets (issue 16 items 4–5, decision 040): a monthly spending allowance per agent of an
// exocorp, set by its owner; the runtime asks to spend from it (with its runtime token) and each
// request is approved or declined at once against the allowance; platform owners read every wallet
// and request, and freeze or unfreeze a wallet (fresh step-up, audited).

export const AGENT_WALLET_STATUSES = ['active', 'frozen'] as const
export const AgentWalletStatusSchema = z.enum(AGENT_WALLET_STATUSES)
/**
 * Why a request was declined: the wallet's policy (`no_wallet`, `no_card`, `frozen`, `over_request_limit`,
 * `over_monthly_allowance`) or, once approved, the card issuer's authorization (`over_limit`, `frozen`,
 * `insufficient_balance`, `blocked_category`).
 */
export const SPEND_DECLINE_REASONS = [
  'no_wallet',
  'no_card',
  'frozen',
  'over_request_limit',
  'over_monthly_allowance',
  'over_limit',
  'insufficient_balance',
  'blocked_category',
] as const
export const SpendDeclineReasonSchema = z.enum(SPEND_DECLINE_REASONS)
/** `pending_approval`: above the card's auto-approve limit, waiting for an owner; `denied`: an owner said no. */
export const SPEND_REQUEST_STATUSES = ['pending_approval', 'approved', 'declined', 'denied'] as const
export const SpendRequestStatusSchema = z.enum(SPEND_REQUEST_STATUSES)
export const AGENT_CARD_STATUSES = ['active', 'frozen', 'canceled'] as const
export const AgentCardStatusSchema = z.enum(AGENT_CARD_STATUSES)
export const AUTHORIZATION_DECLINE_REASONS = ['over_limit', 'frozen', 'insufficient_balance', 'blocked_category'] as const
export const AuthorizationDeclineReasonSchema = z.enum(AUTHORIZATION_DECLINE_REASONS)
export type AuthorizationDeclineReason = z.infer<typeof AuthorizationDeclineReasonSchema>
export const CARD_TRANSACTION_STATUSES = ['captured', 'refunded', 'disputed'] as const
export const CardTransactionStatusSchema = z.enum(CARD_TRANSACTION_STATUSES)
export const WALLET_ENTRY_KINDS = ['funding', 'capture', 'refund'] as const

const AgentName = z.string().check(z.trim(), z.minLength(1, 'Name the agent'), z.maxLength(100))
const Minor = (max: number) =>
  z.number().check(z.int('Whole cents'), z.minimum(1, 'At least 1 cent'), z.maximum(max, `At most ${max} cents`))
const Id = z.string().check(z.minLength(1), z.maxLength(100))
/** A merchant category as cards name it: lower-case letters, digits and `_` (`compute`, `travel`). */
export const MerchantCategorySchema = z
  .string()
  .check(z.regex(/^[a-z0-9_]{1,40}$/, 'Lower-case letters, digits and _ (at most 40)'))
const Categories = z.array(MerchantCategorySchema).check(z.maxLength(20, 'At most 20 categories'))

/** A virtual card of an agent, issued through the card issuer (decision 048). Amounts in micro-dollars. */
export const AgentCardSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  walletId: z.string(),
  agent: z.string(),
  /** Which issuer holds it (`test`: the built-in test issuer). */
  issuer: z.string(),
  last4: z.string(),
  status: AgentCardStatusSchema,
  /** Requests up to this amount are approved without an owner; above it they wait for one. */
  autoApproveMicros: z.number(),
  perTransactionLimitMicros: z.nullable(z.number()),
  dailyLimitMicros: z.nullable(z.number()),
  /** Empty: every category not blocked. */
  allowedCategories: z.array(z.string()),
  blockedCategories: z.array(z.string()),
  /** Captured on this card today (UTC), refunds excluded. */
  spentTodayMicros: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  canceledAt: z.nullable(z.string()),
})
export type AgentCard = z.infer<typeof AgentCardSchema>

/** POST /api/registry/companies/:id/agent-cards — issue a card to an agent that has a wallet. */
export const IssueAgentCardInputSchema = z.strictObject({
  agent: AgentName,
  autoApproveMinor: z.number().check(z.int('Whole cents'), z.minimum(0, 'Not negative'), z.maximum(10_000_000)),
  perTransactionLimitMinor: z.optional(z.nullable(Minor(10_000_000))),
  dailyLimitMinor: z.optional(z.nullable(Minor(10_000_000))),
  allowedCategories: z.optional(Categories),
  blockedCategories: z.optional(Categories),
})
export type IssueAgentCardInput = z.infer<typeof IssueAgentCardInputSchema>

/** PATCH /api/registry/companies/:id/agent-cards/:cardId — change limits, freeze or unfreeze. */
export const UpdateAgentCardInputSchema = z.strictObject({
  autoApproveMinor: z.optional(z.number().check(z.int('Whole cents'), z.minimum(0, 'Not negative'), z.maximum(10_000_000))),
  perTransactionLimitMinor: z.optional(z.nullable(Minor(10_000_000))),
  dailyLimitMinor: z.optional(z.nullable(Minor(10_000_000))),
  allowedCategories: z.optional(Categories),
  blockedCategories: z.optional(Categories),
  status: z.optional(z.enum(['active', 'frozen'])),
})
export type UpdateAgentCardInput = z.infer<typeof UpdateAgentCardInputSchema>

export const AgentCardPathSchema = z.strictObject({ id: Id, cardId: Id })
export const AgentWalletPathSchema = z.strictObject({ id: Id, walletId: Id })
export const SpendRequestPathSchema = z.strictObject({ id: Id, requestId: Id })

/** POST /api/registry/companies/:id/agent-wallets/:walletId/funds — load money onto the wallet. */
export const FundAgentWalletInputSchema = z.strictObject({
  amountMinor: Minor(10_000_000),
  /** The same key adds the funds once. */
  idempotencyKey: Id,
})
export type FundAgentWalletInput = z.infer<typeof FundAgentWalletInputSchema>

/** PUT /api/billing/agent-wallets — set (create or replace) one agent's allowance in one of your exocorps. */
export const AgentWalletInputSchema = z.strictObject({
  companyId: z.string().check(z.minLength(1), z.maxLength(100)),
  agent: AgentName,
  /** Cents per calendar month (UTC). */
  monthlyLimitMinor: Minor(10_000_000),
  /** The most one request may ask for; null or absent: no limit below the monthly one. */
  perRequestLimitMinor: z.optional(z.nullable(Minor(10_000_000))),
  /** An owner can freeze their own agent's wallet too. */
  status: z.optional(AgentWalletStatusSchema),
})
export type AgentWalletInput = z.infer<typeof AgentWalletInputSchema>

export const AgentWalletSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  agent: z.string(),
  status: AgentWalletStatusSchema,
  monthlyLimitMicros: z.number(),
  perRequestLimitMicros: z.nullable(z.number()),
  /** YYYY-MM (UTC). */
  period: z.string(),
  /** Approved spend this period. */
  spentMicros: z.number(),
  /** Requests waiting for an owner this period: they hold their share of the allowance. */
  pendingMicros: z.number(),
  remainingMicros: z.number(),
  /** Σ of the wallet's ledger entries: funding minus captures plus refunds. */
  balanceMicros: z.number(),
  /** The live card (active or frozen); null before one is issued or after it was canceled. */
  card: z.nullable(AgentCardSchema),
  updatedAt: z.string(),
})
export type AgentWallet = z.infer<typeof AgentWalletSchema>
export const AgentWalletListSchema = z.object({ items: z.array(AgentWalletSchema) })

export const AgentWalletQuerySchema = z.strictObject({ companyId: z.string().check(z.minLength(1), z.maxLength(100)) })

/** POST /api/runtime/spend-requests — the runtime asks to spend for one of its agents. */
export const SpendRequestInputSchema = z.strictObject({
  agent: AgentName,
  amountMinor: Minor(10_000_000),
  merchant: z.string().check(z.trim(), z.minLength(1, 'Name the merchant'), z.maxLength(200)),
  category: z.string().check(z.trim(), z.minLength(1, 'Name the category'), z.maxLength(60)),
  reason: z.string().check(z.trim(), z.minLength(1, 'Say what it is for'), z.maxLength(500)),
  /** The runtime's key: the same key with the same body answers the first decision; another body 409. */
  idempotencyKey: z.string().check(z.minLength(1), z.maxLength(100)),
})
export type SpendRequestInput = z.infer<typeof SpendRequestInputSchema>

/** The card issuer's answer to an approved request. */
export const CardAuthorizationSchema = z.object({
  id: z.string(),
  cardId: z.string(),
  amountMicros: z.number(),
  outcome: z.enum(['approved', 'declined']),
  declineReason: z.nullable(AuthorizationDeclineReasonSchema),
  issuerAuthorizationId: z.string(),
  createdAt: z.string(),
})
export type CardAuthorization = z.infer<typeof CardAuthorizationSchema>

/** What an approved authorization captured; refunded or disputed later. */
export const CardTransactionSchema = z.object({
  id: z.string(),
  cardId: z.string(),
  walletId: z.string(),
  amountMicros: z.number(),
  merchant: z.string(),
  category: z.string(),
  status: CardTransactionStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type CardTransaction = z.infer<typeof CardTransactionSchema>

export const SpendRequestSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  agent: z.string(),
  walletId: z.nullable(z.string()),
  cardId: z.nullable(z.string()),
  amountMicros: z.number(),
  merchant: z.string(),
  category: z.string(),
  reason: z.string(),
  status: SpendRequestStatusSchema,
  declineReason: z.nullable(SpendDeclineReasonSchema),
  /** `policy` (the wallet's rules), `auto` (under the card's auto-approve limit), or the owner who decided. */
  decidedBy: z.nullable(z.string()),
  decisionNote: z.nullable(z.string()),
  decidedAt: z.nullable(z.string()),
  createdAt: z.string(),
  authorization: z.nullable(CardAuthorizationSchema),
  transaction: z.nullable(CardTransactionSchema),
})
export type SpendRequest = z.infer<typeof SpendRequestSchema>

/** The runtime's answer: the decision and what is left of the allowance this month. */
export const SpendDecisionSchema = z.object({
  ...SpendRequestSchema.shape,
  remainingMicros: z.nullable(z.number()),
})
export type SpendDecision = z.infer<typeof SpendDecisionSchema>

/** GET /api/registry/companies/:id/spend-requests — an exocorp's requests, newest first, cursor paged. */
export const SpendRequestQuerySchema = z.strictObject({
  status: z.optional(SpendRequestStatusSchema),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  limit: z.optional(z.pipe(z.string().check(z.regex(/^\d{1,3}$/)), z.transform(Number))),
})
export const SpendRequestPageSchema = z.object({ items: z.array(SpendRequestSchema), nextCursor: z.nullable(z.string()) })
export type SpendRequestPage = z.infer<typeof SpendRequestPageSchema>

/** POST /api/registry/companies/:id/spend-requests/:requestId/decision — an owner approves or denies. */
export const SpendApprovalInputSchema = z.strictObject({
  decision: z.enum(['approve', 'deny']),
  note: z.optional(z.string().check(z.trim(), z.maxLength(500))),
})
export type SpendApprovalInput = z.infer<typeof SpendApprovalInputSchema>

/**
 * GET /api/admin/agent-wallet — every wallet and card, and the spend requests (each with its
 * authorization and transaction) newest first, filtered and cursor paged.
 */
export const AdminAgentWalletQuerySchema = z.strictObject({
  companyId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  status: z.optional(SpendRequestStatusSchema),
  /** Requests whose authorization had this outcome. */
  authorization: z.optional(z.enum(['approved', 'declined'])),
  /** Requests whose transaction is in this state. */
  transaction: z.optional(CardTransactionStatusSchema),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  limit: z.optional(z.pipe(z.string().check(z.regex(/^\d{1,3}$/)), z.transform(Number))),
})
export const AdminAgentWalletsSchema = z.object({
  wallets: z.array(z.object({ ...AgentWalletSchema.shape, companyName: z.string() })),
  /** Every card, canceled ones too (newest first). */
  cards: z.array(z.object({ ...AgentCardSchema.shape, companyName: z.string() })),
  requests: z.array(SpendRequestSchema),
  nextCursor: z.nullable(z.string()),
})
export type AdminAgentWallets = z.infer<typeof AdminAgentWalletsSchema>

/** POST /api/admin/agent-wallet/:id/status — freeze or unfreeze a wallet (fresh step-up). */
export const AdminWalletStatusInputSchema = z.strictObject({
  status: AgentWalletStatusSchema,
  reason: z.string().check(z.trim(), z.minLength(1, 'Say why'), z.maxLength(500)),
})

/** POST /api/admin/agent-wallet/transactions/:id/refund and …/cards/:id/cancel (fresh step-up). */
export const AdminWalletActionInputSchema = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1, 'Say why'), z.maxLength(500)),
})

/**
 * How the built-in test issuer decides an authorization from a card's controls (decision 048), in
 * this order: frozen; a blocked category, or one missing from a non-empty allowed list; over the
 * per-transaction limit or, with today's captures, the daily limit; more than the wallet's balance.
 * Null: approved. Pure, so the BFF's test issuer and the msw mock decide alike.
 */
export function testIssuerDecline(input: {
  status: 'active' | 'frozen'
  perTransactionLimitMicros: number | null
  dailyLimitMicros: number | null
  allowedCategories: readonly string[]
  blockedCategories: readonly string[]
  amountMicros: number
  category: string
  spentTodayMicros: number
  balanceMicros: number
}): AuthorizationDeclineReason | null {
  const category = input.category.toLowerCase()
  if (input.status === 'frozen') return 'frozen'
  if (
    input.blockedCategories.includes(category) ||
    (input.allowedCategories.length > 0 && !input.allowedCategories.includes(category))
  ) {
    return 'blocked_category'
  }
  if (
    (input.perTransactionLimitMicros !== null && input.amountMicros > input.perTransactionLimitMicros) ||
    (input.dailyLimitMicros !== null && input.spentTodayMicros + input.amountMicros > input.dailyLimitMicros)
  ) {
    return 'over_limit'
  }
  if (input.amountMicros > input.balanceMicros) return 'insufficient_balance'
  return null
}
