import { z } from 'zod/mini'

// Agent wallets (issue 16 items 4–5, decision 040): a monthly spending allowance per agent of an
// exocorp, set by its owner; the runtime asks to spend from it (with its runtime token) and each
// request is approved or declined at once against the allowance; platform owners read every wallet
// and request, and freeze or unfreeze a wallet (fresh step-up, audited).

export const AGENT_WALLET_STATUSES = ['active', 'frozen'] as const
export const AgentWalletStatusSchema = z.enum(AGENT_WALLET_STATUSES)
export const SPEND_DECLINE_REASONS = ['no_wallet', 'frozen', 'over_request_limit', 'over_monthly_allowance'] as const
export const SpendDeclineReasonSchema = z.enum(SPEND_DECLINE_REASONS)

const AgentName = z.string().check(z.trim(), z.minLength(1, 'Name the agent'), z.maxLength(100))
const Minor = (max: number) =>
  z.number().check(z.int('Whole cents'), z.minimum(1, 'At least 1 cent'), z.maximum(max, `At most ${max} cents`))

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
  remainingMicros: z.number(),
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

export const SpendRequestSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  agent: z.string(),
  walletId: z.nullable(z.string()),
  amountMicros: z.number(),
  merchant: z.string(),
  category: z.string(),
  reason: z.string(),
  status: z.enum(['approved', 'declined']),
  declineReason: z.nullable(SpendDeclineReasonSchema),
  createdAt: z.string(),
})
export type SpendRequest = z.infer<typeof SpendRequestSchema>

/** The runtime's answer: the decision and what is left of the allowance this month. */
export const SpendDecisionSchema = z.object({
  ...SpendRequestSchema.shape,
  remainingMicros: z.nullable(z.number()),
})
export type SpendDecision = z.infer<typeof SpendDecisionSchema>

/** GET /api/admin/agent-wallet — every wallet and the newest spend requests, filtered. */
export const AdminAgentWalletQuerySchema = z.strictObject({
  companyId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  status: z.optional(z.enum(['approved', 'declined'])),
  limit: z.optional(z.pipe(z.string().check(z.regex(/^\d{1,3}$/)), z.transform(Number))),
})
export const AdminAgentWalletsSchema = z.object({
  wallets: z.array(z.object({ ...AgentWalletSchema.shape, companyName: z.string() })),
  requests: z.array(SpendRequestSchema),
})
export type AdminAgentWallets = z.infer<typeof AdminAgentWalletsSchema>

/** POST /api/admin/agent-wallet/:id/status — freeze or unfreeze a wallet (fresh step-up). */
export const AdminWalletStatusInputSchema = z.strictObject({
  status: AgentWalletStatusSchema,
  reason: z.string().check(z.trim(), z.minLength(1, 'Say why'), z.maxLength(500)),
})
