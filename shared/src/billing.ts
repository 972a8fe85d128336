import { z } from 'zod/mini'
import { keyedPattern, rule } from './field-rules'
import { pageOf, PageLimitSchema } from './pagination'

/** Billing account states, in the order the evaluator moves through them. */
export const BillingStateSchema = z.enum(['current', 'grace', 'restricted', 'suspended'])
export type BillingState = z.infer<typeof BillingStateSchema>

export const LedgerEntryKindSchema = z.enum(['signup_credit', 'usage', 'payment', 'adjustment', 'refund'])
export type LedgerEntryKind = z.infer<typeof LedgerEntryKindSchema>

/**
 * Per-account grace policy. Days are counted from the moment the balance went negative
 * (the account entered `grace`): after `graceDays` → restricted, after `suspendAfterDays` → suspended.
 * `restrictAfterDays` equals `graceDays` by default; both are kept so the UI can name them.
 */
export const GracePolicySchema = z.object({
  graceDays: z.number(),
  restrictAfterDays: z.number(),
  suspendAfterDays: z.number(),
  /** Balance (micros) below which the account is overdue; 0 = any negative balance. */
  thresholdMicros: z.number(),
  /** True when the platform default applies (no per-account override). */
  isDefault: z.boolean(),
})
export type GracePolicy = z.infer<typeof GracePolicySchema>

const days = z.number().check(z.int('Use whole days'), z.minimum(0, 'Use 0 or more days'), z.maximum(365, 'Use at most 365 days'))

// An idempotency key a person types in the refund and adjustment dialogs.
const idempotencyKeyPattern = keyedPattern(/^[A-Za-z0-9._:-]+$/, 'idempotency_key_pattern')

export const GracePolicyInputSchema = z
  .strictObject({
    graceDays: days,
    restrictAfterDays: z.optional(days),
    suspendAfterDays: days,
    thresholdMicros: z.optional(z.number().check(z.int(), z.maximum(0, 'The threshold is 0 or negative'))),
  })
  .check(
    z.refine(
      (v) => v.suspendAfterDays >= (v.restrictAfterDays ?? v.graceDays),
      rule('Suspension comes after restriction', 'grace_suspend_after_restrict', ['suspendAfterDays']),
    ),
    z.refine(
      (v) => (v.restrictAfterDays ?? v.graceDays) >= v.graceDays,
      rule('Restriction comes after the grace period', 'grace_restrict_after_grace', ['restrictAfterDays']),
    ),
  )
export type GracePolicyInput = z.infer<typeof GracePolicyInputSchema>

export const BillingAccountSchema = z.object({
  id: z.string(),
  owner: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  state: BillingStateSchema,
  /** Sum of all ledger entries, in millionths of a dollar (negative = owes money). */
  balanceMicros: z.number(),
  currency: z.string(),
  stateChangedAt: z.string(),
  daysInState: z.number(),
  policy: GracePolicySchema,
  createdAt: z.string(),
})
export type BillingAccount = z.infer<typeof BillingAccountSchema>

export const BillingAccountPageSchema = pageOf(BillingAccountSchema)
export type BillingAccountPage = z.infer<typeof BillingAccountPageSchema>

export const BillingAccountQuerySchema = z.strictObject({
  state: z.optional(BillingStateSchema),
  q: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: PageLimitSchema,
})
export type BillingAccountQuery = z.infer<typeof BillingAccountQuerySchema>

export const LedgerEntrySchema = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: LedgerEntryKindSchema,
  amountMicros: z.number(),
  description: z.string(),
  /** Adjustments: the reason given by the platform owner. */
  reason: z.nullable(z.string()),
  companyId: z.nullable(z.string()),
  usageEventId: z.nullable(z.string()),
  providerEventId: z.nullable(z.string()),
  createdBy: z.nullable(z.object({ type: z.string(), id: z.nullable(z.string()), label: z.string() })),
  at: z.string(),
})
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>

export const LedgerPageSchema = pageOf(LedgerEntrySchema)
export type LedgerPage = z.infer<typeof LedgerPageSchema>

export const LedgerQuerySchema = z.strictObject({
  kind: z.optional(LedgerEntryKindSchema),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: PageLimitSchema,
})
export type LedgerQuery = z.infer<typeof LedgerQuerySchema>

/** GET /api/admin/billing/accounts/:id */
export const BillingAccountDetailSchema = z.object({
  account: BillingAccountSchema,
  ledger: LedgerPageSchema,
})
export type BillingAccountDetail = z.infer<typeof BillingAccountDetailSchema>

export const AdjustmentInputSchema = z.strictObject({
  /** Positive credits the account, negative debits it. Never 0. */
  amountMicros: z.number().check(
    z.int('Use whole micros'),
    z.minimum(-1_000_000_000_000, 'Amount is too large'),
    z.maximum(1_000_000_000_000, 'Amount is too large'),
    z.refine((n) => n !== 0, rule('Amount cannot be zero', 'amount_not_zero')),
  ),
  reason: z.string().check(z.trim(), z.minLength(3, 'Give a reason'), z.maxLength(500, 'Use at most 500 characters')),
  /** Same key + same body → the same single entry; same key + different body → 409. */
  idempotencyKey: z
    .string()
    .check(
      z.trim(),
      z.minLength(8, 'Use at least 8 characters'),
      z.maxLength(100),
      z.regex(idempotencyKeyPattern, 'Letters, digits and . _ : - only'),
    ),
})
export type AdjustmentInput = z.infer<typeof AdjustmentInputSchema>

export const AdjustmentResultSchema = z.object({
  entry: LedgerEntrySchema,
  account: BillingAccountSchema,
  /** False when the idempotency key had already been used with the same body. */
  created: z.boolean(),
})
export type AdjustmentResult = z.infer<typeof AdjustmentResultSchema>

export const ProviderEventStatusSchema = z.enum(['booked', 'ignored', 'rejected'])
export type ProviderEventStatus = z.infer<typeof ProviderEventStatusSchema>

/** One row of the provider event log (every verified webhook delivery, by event id). */
export const ProviderEventSchema = z.object({
  id: z.string(),
  provider: z.string(),
  eventId: z.string(),
  type: z.string(),
  accountId: z.nullable(z.string()),
  amountMicros: z.nullable(z.number()),
  status: ProviderEventStatusSchema,
  /** Why it was ignored or rejected (unknown account, unsupported type, …). */
  note: z.nullable(z.string()),
  /** How many deliveries of this event id were received (duplicates are counted, never booked). */
  deliveries: z.number(),
  receivedAt: z.string(),
})
export type ProviderEvent = z.infer<typeof ProviderEventSchema>

export const ProviderEventPageSchema = pageOf(ProviderEventSchema)
export type ProviderEventPage = z.infer<typeof ProviderEventPageSchema>

export const ProviderEventQuerySchema = z.strictObject({
  provider: z.optional(z.string().check(z.maxLength(40))),
  status: z.optional(ProviderEventStatusSchema),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: PageLimitSchema,
})
export type ProviderEventQuery = z.infer<typeof ProviderEventQuerySchema>

/** Body of a payment-provider webhook (signed; see docs/decisions/010). */
export const ProviderWebhookBodySchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  type: z.string().check(z.minLength(1), z.maxLength(100)),
  data: z.object({
    accountId: z.string().check(z.minLength(1), z.maxLength(100)),
    amountMicros: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000_000_000)),
    currency: z.optional(z.string().check(z.maxLength(10))),
    /** The checkout this payment settles (the built-in test provider and hosted checkouts send it). */
    checkoutSessionId: z.optional(z.string().check(z.maxLength(100))),
    /** The card charged, for the receipt. */
    card: z.optional(z.object({ brand: z.string().check(z.maxLength(20)), last4: z.string().check(z.regex(/^\d{4}$/)) })),
    /** `payment.failed`: why the card was declined. */
    declineCode: z.optional(z.string().check(z.maxLength(60))),
  }),
})
export type ProviderWebhookBody = z.infer<typeof ProviderWebhookBodySchema>

export const WebhookAckSchema = z.object({ received: z.boolean(), duplicate: z.boolean(), status: ProviderEventStatusSchema })
export type WebhookAck = z.infer<typeof WebhookAckSchema>

/** Collections queue: accounts not `current`, most overdue first. */
export const CollectionsRowSchema = z.object({
  account: BillingAccountSchema,
  /** What must be paid to be current again (≥ 0). */
  amountDueMicros: z.number(),
  daysInState: z.number(),
  /** When the evaluator will move the account to the next state if nothing is paid, or null. */
  nextStateAt: z.nullable(z.string()),
  nextState: z.nullable(BillingStateSchema),
})
export type CollectionsRow = z.infer<typeof CollectionsRowSchema>

export const CollectionsPageSchema = pageOf(CollectionsRowSchema)
export type CollectionsPage = z.infer<typeof CollectionsPageSchema>

/** POST /api/admin/billing/evaluate — the accounts whose state the evaluator moved. */
export const BillingEvaluationSchema = z.object({
  changes: z.array(z.object({ accountId: z.string(), from: BillingStateSchema, to: BillingStateSchema })),
})
export type BillingEvaluation = z.infer<typeof BillingEvaluationSchema>

/** GET /api/billing/account — the signed-in owner's own billing page. */
export const OwnerBillingSchema = z.object({
  account: BillingAccountSchema,
  recentEntries: z.array(LedgerEntrySchema),
  amountDueMicros: z.number(),
  nextStateAt: z.nullable(z.string()),
  nextState: z.nullable(BillingStateSchema),
  /** What the state means for the owner's exocorps and what to do about it; null when current. */
  notice: z.nullable(
    z.object({
      severity: z.enum(['info', 'warning', 'danger']),
      title: z.string(),
      body: z.string(),
      action: z.string(),
    }),
  ),
})
export type OwnerBilling = z.infer<typeof OwnerBillingSchema>

/**
 * POST /api/billing/checkout — start a hosted checkout: a chosen amount in minor units (cents),
 * from $1 to $10,000, or exactly what is due.
 */
export const CheckoutInputSchema = z
  .strictObject({
    amountMinor: z.optional(
      z
        .number()
        .check(
          z.int('Use whole cents'),
          z.minimum(100, 'The smallest payment is $1.00'),
          z.maximum(1_000_000, 'The largest payment is $10,000.00'),
        ),
    ),
    payDue: z.optional(z.literal(true, 'Use payDue: true, or send amountMinor instead')),
  })
  .check(
    z.refine((v) => (v.amountMinor === undefined) !== (v.payDue === undefined), {
      message: 'Send either amountMinor (cents) or payDue: true',
      path: ['amountMinor'],
    }),
  )
export type CheckoutInput = z.infer<typeof CheckoutInputSchema>

export const CheckoutStatusSchema = z.enum(['open', 'paid', 'expired'])
export type CheckoutStatus = z.infer<typeof CheckoutStatusSchema>

/** What the owner's browser needs: where the provider's checkout page is. */
export const CheckoutResultSchema = z.object({
  id: z.string(),
  checkoutUrl: z.string(),
  amountMicros: z.number(),
  currency: z.string(),
  expiresAt: z.string(),
})
export type CheckoutResult = z.infer<typeof CheckoutResultSchema>

/** A paid checkout: what the billing page lists as a receipt. */
export const ReceiptSchema = z.object({
  id: z.string(),
  /** Human-readable receipt number, e.g. `R-3F9A2C1D`. */
  number: z.string(),
  provider: z.string(),
  amountMicros: z.number(),
  refundedMicros: z.number(),
  currency: z.string(),
  paidAt: z.string(),
  paymentEntryId: z.string(),
  card: z.nullable(z.object({ brand: z.string(), last4: z.string() })),
})
export type Receipt = z.infer<typeof ReceiptSchema>

/** GET /api/billing/checkout/:id — the billing page polls it after the provider sends the owner back. */
export const CheckoutSessionSchema = z.object({
  id: z.string(),
  status: CheckoutStatusSchema,
  amountMicros: z.number(),
  currency: z.string(),
  /** The last decline on the provider's page, if any (the owner may have tried another card since). */
  lastDecline: z.nullable(z.string()),
  receipt: z.nullable(ReceiptSchema),
})
export type CheckoutSession = z.infer<typeof CheckoutSessionSchema>

/** GET /api/billing/receipts — newest first. */
export const ReceiptListSchema = z.object({ items: z.array(ReceiptSchema) })
export type ReceiptList = z.infer<typeof ReceiptListSchema>

/** POST /api/admin/billing/accounts/:id/refunds — a platform owner refunds (part of) a payment. */
export const RefundInputSchema = z.strictObject({
  paymentEntryId: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Positive micros to give back; at most what is left of the payment. */
  amountMicros: z
    .number()
    .check(z.int('Use whole micros'), z.minimum(1, 'Refund more than zero'), z.maximum(1_000_000_000_000, 'Amount is too large')),
  reason: z.string().check(z.trim(), z.minLength(3, 'Give a reason'), z.maxLength(500, 'Use at most 500 characters')),
  idempotencyKey: z
    .string()
    .check(
      z.trim(),
      z.minLength(8, 'Use at least 8 characters'),
      z.maxLength(100),
      z.regex(idempotencyKeyPattern, 'Letters, digits and . _ : - only'),
    ),
})
export type RefundInput = z.infer<typeof RefundInputSchema>

/**
 * PUT /api/billing/budgets — set the monthly budget of one of your exocorps (`companyId`) or of your
 * whole fleet (`companyId: null`). Spend is model usage in the calendar month (UTC).
 */
export const BudgetInputSchema = z.strictObject({
  companyId: z.nullable(z.string().check(z.minLength(1), z.maxLength(100))),
  monthlyLimitMinor: z
    .number()
    .check(
      z.int('Use whole cents'),
      z.minimum(100, 'The smallest budget is $1.00'),
      z.maximum(100_000_000, 'The largest budget is $1,000,000.00'),
    ),
  /** Alert once per month when spend reaches this share of the budget. */
  softThresholdPct: z.number().check(z.int('Use a whole percentage'), z.minimum(1, 'From 1%'), z.maximum(100, 'Up to 100%')),
  /** Pause the exocorp (or every exocorp of the fleet) when spend reaches 100%; it resumes next month. */
  hardLimit: z.boolean(),
})
export type BudgetInput = z.infer<typeof BudgetInputSchema>

export const BudgetSchema = z.object({
  id: z.string(),
  /** Null: the fleet-wide budget. */
  company: z.nullable(z.object({ id: z.string(), slug: z.string(), name: z.string() })),
  monthlyLimitMicros: z.number(),
  softThresholdPct: z.number(),
  hardLimit: z.boolean(),
  /** The current period, `YYYY-MM` (UTC), and what was spent in it so far. */
  period: z.string(),
  spentMicros: z.number(),
  softAlertedAt: z.nullable(z.string()),
  /** Set while a hard limit keeps exocorps paused this period. */
  pausedAt: z.nullable(z.string()),
  resumesAt: z.string(),
})
export type Budget = z.infer<typeof BudgetSchema>

export const BudgetListSchema = z.object({ items: z.array(BudgetSchema) })
export type BudgetList = z.infer<typeof BudgetListSchema>
