import { http, HttpResponse } from 'msw'
import type { z } from 'zod/mini'
import {
  AdjustmentInputSchema,
  BillingAccountQuerySchema,
  GracePolicyInputSchema,
  LedgerQuerySchema,
  ProviderEventQuerySchema,
  RefundInputSchema,
  type AdjustmentResult,
  type BillingAccount,
  type CollectionsRow,
  type LedgerEntry,
} from '@exocorp/shared/billing'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { CollectionsQuerySchema } from '@exocorp/shared/api-operations'
import { addAudit, db } from '../mock-db'
import { DEFAULT_POLICY, type MockBillingAccount } from '../mock-billing'
import { apiError, invalidInput } from '../http'
import { requireAdmin } from './admin-companies'

const DAY = 86_400_000

export function balanceOf(accountId: string) {
  return db.billing.ledger.filter((e) => e.accountId === accountId).reduce((sum, e) => sum + e.amountMicros, 0)
}

export function toBillingAccount(a: MockBillingAccount): BillingAccount {
  return {
    id: a.id,
    owner: a.owner,
    state: a.state,
    balanceMicros: balanceOf(a.id),
    currency: 'USD',
    stateChangedAt: a.stateChangedAt,
    daysInState: Math.max(0, Math.floor((Date.now() - Date.parse(a.stateChangedAt)) / DAY)),
    policy: a.policy,
    createdAt: a.createdAt,
  }
}

export function collectionsRow(a: MockBillingAccount): CollectionsRow {
  const account = toBillingAccount(a)
  const since = Date.parse(a.stateChangedAt)
  const p = a.policy
  const next =
    a.state === 'grace'
      ? { nextState: 'restricted' as const, at: since + p.restrictAfterDays * DAY }
      : a.state === 'restricted'
        ? { nextState: 'suspended' as const, at: since + (p.suspendAfterDays - p.restrictAfterDays) * DAY }
        : null
  return {
    account,
    amountDueMicros: Math.max(0, p.thresholdMicros - account.balanceMicros),
    daysInState: account.daysInState,
    nextState: next?.nextState ?? null,
    nextStateAt: next ? new Date(next.at).toISOString() : null,
  }
}

/** What the evaluator would do after money moved: paid up → current; overdue and current → grace. */
function evaluate(a: MockBillingAccount) {
  const overdue = balanceOf(a.id) < a.policy.thresholdMicros
  const next = overdue ? (a.state === 'current' ? 'grace' : a.state) : 'current'
  if (next !== a.state) {
    a.state = next
    a.stateChangedAt = new Date().toISOString()
  }
}

function page<T>(items: T[], cursor: string | undefined, limit: number) {
  const offset = Number(cursor ?? 0) || 0
  return {
    items: items.slice(offset, offset + limit),
    nextCursor: offset + limit < items.length ? String(offset + limit) : null,
  }
}

/** Like the BFF: every admin mutation needs a password re-entered within 10 minutes. */
function staleStepUp() {
  const fresh = db.reauthenticatedAt !== null && Date.now() - Date.parse(db.reauthenticatedAt) < 10 * 60_000
  return fresh ? null : apiError(403, 'reauth_required', 'Enter your password again to confirm this action')
}

const query = (request: Request) => Object.fromEntries(new URL(request.url).searchParams)
const findAccount = (id: unknown) => db.billing.accounts.find((a) => a.id === id) ?? null
/** The BFF's 400 for input `schema` refused (through the shared `fieldErrorsOf`: unknown fields name the allowed ones). */
export const invalid = (error: z.core.$ZodError, schema: z.core.$ZodType) => invalidInput(error.issues, schema)

export const adminBillingHandlers = [
  http.post(ADMIN_API.refundPayment.path, async ({ params, request }) => {
    const { user, denied } = requireAdmin(true)
    if (denied) return denied
    const stale = staleStepUp()
    if (stale) return stale
    const a = findAccount(params.id)
    if (!a) return apiError(404, 'not_found', 'Billing account not found')
    const parsed = RefundInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, RefundInputSchema)
    const { idempotencyKey, amountMicros, reason, paymentEntryId } = parsed.data
    const body = JSON.stringify({ paymentEntryId, amountMicros, reason })
    const seen = db.billing.adjustmentKeys.get(idempotencyKey)
    if (seen) {
      if (seen.body !== body) {
        return apiError(409, 'conflict', 'This idempotency key was already used for something else', {
          reason: 'idempotency_key_reused',
        })
      }
      const existing = db.billing.ledger.find((e) => e.id === seen.entryId)!
      const replay: AdjustmentResult = { entry: existing, account: toBillingAccount(a), created: false }
      return HttpResponse.json(replay, { status: 200 })
    }
    const payment = db.billing.ledger.find((e) => e.id === paymentEntryId && e.accountId === a.id && e.kind === 'payment')
    if (!payment) return apiError(404, 'not_found', 'Payment not found')
    const refunded = db.billing.ledger
      .filter((e) => e.kind === 'refund' && e.providerEventId === paymentEntryId)
      .reduce((sum, e) => sum - e.amountMicros, 0)
    if (amountMicros > payment.amountMicros - refunded) {
      // As the BFF: the reason, and what is left to refund.
      return apiError(409, 'conflict', 'That is more than what is left of this payment to refund.', {
        reason: 'refund_exceeds_payment',
        refundableMicros: payment.amountMicros - refunded,
      })
    }
    const entry: LedgerEntry = {
      id: `le-${crypto.randomUUID()}`,
      accountId: a.id,
      kind: 'refund',
      amountMicros: -amountMicros,
      description: 'Refund via test',
      reason,
      companyId: null,
      usageEventId: null,
      // The mock keeps the refunded payment's id here (the BFF links it in its own column).
      providerEventId: paymentEntryId,
      createdBy: { type: 'user', id: user.id, label: user.email },
      at: new Date().toISOString(),
    }
    db.billing.ledger.push(entry)
    db.billing.adjustmentKeys.set(idempotencyKey, { body, entryId: entry.id })
    evaluate(a)
    const result: AdjustmentResult = { entry, account: toBillingAccount(a), created: true }
    return HttpResponse.json(result, { status: 201 })
  }),

  http.get('/api/admin/billing/accounts', ({ request }) => {
    const { denied } = requireAdmin()
    if (denied) return denied
    const parsed = BillingAccountQuerySchema.safeParse(query(request))
    if (!parsed.success) return invalid(parsed.error, BillingAccountQuerySchema)
    const q = parsed.data
    const rows = db.billing.accounts
      .filter((a) => (!q.state || a.state === q.state) && (!q.q || a.owner.email.includes(q.q.toLowerCase())))
      .map(toBillingAccount)
    return HttpResponse.json(page(rows, q.cursor, q.limit))
  }),

  http.get('/api/admin/billing/accounts/:id', ({ params, request }) => {
    const { denied } = requireAdmin()
    if (denied) return denied
    const a = findAccount(params.id)
    if (!a) return apiError(404, 'not_found', 'Billing account not found')
    const parsed = LedgerQuerySchema.safeParse(query(request))
    if (!parsed.success) return invalid(parsed.error, LedgerQuerySchema)
    const entries = db.billing.ledger
      .filter((e) => e.accountId === a.id && (!parsed.data.kind || e.kind === parsed.data.kind))
      .sort((x, y) => y.at.localeCompare(x.at))
    return HttpResponse.json({ account: toBillingAccount(a), ledger: page(entries, parsed.data.cursor, parsed.data.limit) })
  }),

  http.post('/api/admin/billing/accounts/:id/adjustments', async ({ params, request }) => {
    const { user, denied } = requireAdmin(true)
    if (denied) return denied
    const stale = staleStepUp()
    if (stale) return stale
    const a = findAccount(params.id)
    if (!a) return apiError(404, 'not_found', 'Billing account not found')
    const parsed = AdjustmentInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, AdjustmentInputSchema)
    const { idempotencyKey, amountMicros, reason } = parsed.data
    const body = JSON.stringify({ accountId: a.id, amountMicros, reason })
    const seen = db.billing.adjustmentKeys.get(idempotencyKey)
    if (seen) {
      if (seen.body !== body) {
        return apiError(409, 'conflict', 'This idempotency key was already used for a different adjustment', {
          reason: 'idempotency_key_reused',
        })
      }
      const existing = db.billing.ledger.find((e) => e.id === seen.entryId)!
      const replay: AdjustmentResult = { entry: existing, account: toBillingAccount(a), created: false }
      return HttpResponse.json(replay, { status: 200 })
    }
    const entry: LedgerEntry = {
      id: `le-${crypto.randomUUID()}`,
      accountId: a.id,
      kind: 'adjustment',
      amountMicros,
      description: `Adjustment: ${reason}`,
      reason,
      companyId: null,
      usageEventId: null,
      providerEventId: null,
      createdBy: { type: 'user', id: user.id, label: user.email },
      at: new Date().toISOString(),
    }
    db.billing.ledger.push(entry)
    db.billing.adjustmentKeys.set(idempotencyKey, { body, entryId: entry.id })
    evaluate(a)
    addAudit({
      actor: { type: 'user', id: user.id, label: user.email },
      action: 'billing.adjustment',
      target: { type: 'billing_account', id: a.id },
      outcome: 'succeeded',
      summary: `Adjusted the balance by ${amountMicros} micros: ${reason}`,
    })
    const result: AdjustmentResult = { entry, account: toBillingAccount(a), created: true }
    return HttpResponse.json(result, { status: 201 })
  }),

  http.put('/api/admin/billing/accounts/:id/policy', async ({ params, request }) => {
    const { denied } = requireAdmin(true)
    if (denied) return denied
    const stale = staleStepUp()
    if (stale) return stale
    const a = findAccount(params.id)
    if (!a) return apiError(404, 'not_found', 'Billing account not found')
    const parsed = GracePolicyInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, GracePolicyInputSchema)
    const p = parsed.data
    a.policy = {
      graceDays: p.graceDays,
      restrictAfterDays: p.restrictAfterDays ?? p.graceDays,
      suspendAfterDays: p.suspendAfterDays,
      thresholdMicros: p.thresholdMicros ?? 0,
      isDefault: false,
    }
    return HttpResponse.json(toBillingAccount(a))
  }),

  http.delete('/api/admin/billing/accounts/:id/policy', ({ params }) => {
    const { denied } = requireAdmin(true)
    if (denied) return denied
    const stale = staleStepUp()
    if (stale) return stale
    const a = findAccount(params.id)
    if (!a) return apiError(404, 'not_found', 'Billing account not found')
    a.policy = DEFAULT_POLICY
    return HttpResponse.json(toBillingAccount(a))
  }),

  http.get('/api/admin/billing/collections', ({ request }) => {
    const { denied } = requireAdmin()
    if (denied) return denied
    const parsed = CollectionsQuerySchema.safeParse(query(request))
    if (!parsed.success) return invalid(parsed.error, CollectionsQuerySchema)
    const rank = { suspended: 0, restricted: 1, grace: 2, current: 3 }
    const rows = db.billing.accounts
      .filter((a) => a.state !== 'current')
      .sort((x, y) => rank[x.state] - rank[y.state] || x.stateChangedAt.localeCompare(y.stateChangedAt))
      .map(collectionsRow)
    return HttpResponse.json(page(rows, parsed.data.cursor, parsed.data.limit))
  }),

  http.get('/api/admin/billing/provider-events', ({ request }) => {
    const { denied } = requireAdmin()
    if (denied) return denied
    const parsed = ProviderEventQuerySchema.safeParse(query(request))
    if (!parsed.success) return invalid(parsed.error, ProviderEventQuerySchema)
    const q = parsed.data
    const rows = db.billing.providerEvents
      .filter((e) => (!q.status || e.status === q.status) && (!q.provider || e.provider === q.provider))
      .sort((x, y) => y.receivedAt.localeCompare(x.receivedAt))
    return HttpResponse.json(page(rows, q.cursor, q.limit))
  }),
]
