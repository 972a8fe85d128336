import { http, HttpResponse } from 'msw'
import {
  BudgetInputSchema,
  CheckoutInputSchema,
  type Budget,
  type BudgetList,
  type CheckoutResult,
  type OwnerBilling,
  type ReceiptList,
} from '@exocorp/shared/billing'
import { API } from '@exocorp/shared/api-paths'
import { db } from '../mock-db'
import { OWNER_NOTICES } from '../mock-billing'
import { apiError, requireUser } from '../http'
import { collectionsRow, invalid } from './admin-billing'

export const billingHandlers = [
  http.get('/api/billing/account', () => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const a = db.billing.accounts.find((x) => x.owner.id === user.id)
    if (!a) return apiError(404, 'not_found', 'Billing account not found')
    const row = collectionsRow(a)
    const body: OwnerBilling = {
      account: row.account,
      recentEntries: db.billing.ledger
        .filter((e) => e.accountId === a.id)
        .sort((x, y) => y.at.localeCompare(x.at))
        .slice(0, 20),
      amountDueMicros: row.amountDueMicros,
      nextState: row.nextState,
      nextStateAt: row.nextStateAt,
      notice: OWNER_NOTICES[a.state],
    }
    return HttpResponse.json(body)
  }),

  http.post(API.billing.checkout.path, async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const a = db.billing.accounts.find((x) => x.owner.id === user.id)
    if (!a) return apiError(404, 'not_found', 'Billing account not found')
    const parsed = CheckoutInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, CheckoutInputSchema)
    const due = collectionsRow(a).amountDueMicros
    if (parsed.data.payDue && due <= 0) {
      return apiError(409, 'conflict', 'Nothing is due on this account.', { reason: 'nothing_due' })
    }
    const amountMicros = parsed.data.payDue ? Math.ceil(due / 10_000) * 10_000 : (parsed.data.amountMinor ?? 0) * 10_000
    const id = `cs_mock${db.billing.checkouts.length + 1}`
    db.billing.checkouts.push({
      id,
      accountId: a.id,
      status: 'open',
      amountMicros,
      currency: 'USD',
      lastDecline: null,
      receipt: null,
    })
    const body: CheckoutResult = {
      id,
      checkoutUrl: `/pay/test/checkout/${id}`,
      amountMicros,
      currency: 'USD',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    }
    return HttpResponse.json(body, { status: 201 })
  }),

  http.get(API.billing.checkoutSession.path, ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const a = db.billing.accounts.find((x) => x.owner.id === user.id)
    const c = db.billing.checkouts.find((x) => x.id === params.id && x.accountId === a?.id)
    if (!c) return apiError(404, 'not_found', 'Checkout not found')
    const { accountId: _, ...session } = c
    return HttpResponse.json(session)
  }),

  http.get(API.billing.receipts.path, () => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const a = db.billing.accounts.find((x) => x.owner.id === user.id)
    const body: ReceiptList = {
      items: db.billing.checkouts.flatMap((c) => (c.accountId === a?.id && c.receipt ? [c.receipt] : [])).reverse(),
    }
    return HttpResponse.json(body)
  }),

  http.get(API.billing.budgets.path, () => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const a = db.billing.accounts.find((x) => x.owner.id === user.id)
    return HttpResponse.json(budgetsOf(a?.id))
  }),

  http.put(API.billing.setBudget.path, async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const a = db.billing.accounts.find((x) => x.owner.id === user.id)
    if (!a) return apiError(404, 'not_found', 'Billing account not found')
    const parsed = BudgetInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalid(parsed.error, BudgetInputSchema)
    const input = parsed.data
    const company = input.companyId ? db.fleet.companies.find((c) => c.id === input.companyId) : null
    if (input.companyId && company?.ownerId !== user.id) return apiError(404, 'not_found', 'Exocorp not found')
    const now = new Date()
    const existing = db.billing.budgets.find((b) => b.accountId === a.id && (b.company?.id ?? null) === input.companyId)
    const budget: Budget & { accountId: string } = {
      id: existing?.id ?? `bu-${db.billing.budgets.length + 1}`,
      accountId: a.id,
      company: company ? { id: company.id, slug: company.slug, name: company.name } : null,
      monthlyLimitMicros: input.monthlyLimitMinor * 10_000,
      softThresholdPct: input.softThresholdPct,
      hardLimit: input.hardLimit,
      period: now.toISOString().slice(0, 7),
      spentMicros: existing?.spentMicros ?? 0,
      softAlertedAt: existing?.softAlertedAt ?? null,
      pausedAt: existing?.pausedAt ?? null,
      resumesAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    }
    db.billing.budgets = [...db.billing.budgets.filter((b) => b.id !== budget.id), budget]
    const { accountId: _, ...body } = budget
    return HttpResponse.json(body)
  }),

  http.delete(API.billing.deleteBudget.path, ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const a = db.billing.accounts.find((x) => x.owner.id === user.id)
    const found = db.billing.budgets.find((b) => b.id === params.id && b.accountId === a?.id)
    if (!found) return apiError(404, 'not_found', 'Budget not found')
    db.billing.budgets = db.billing.budgets.filter((b) => b !== found)
    return HttpResponse.json(budgetsOf(a?.id))
  }),
]

function budgetsOf(accountId: string | undefined): BudgetList {
  return { items: db.billing.budgets.filter((b) => b.accountId === accountId).map(({ accountId: _, ...b }) => b) }
}
