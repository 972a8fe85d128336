import type { AgentCard, AgentWallet, SpendRequest } from '@exocorp/shared/agent-wallets'
import type { BudgetPause } from '@exocorp/shared/companies'
import type {
  BillingState,
  Budget,
  CheckoutSession,
  GracePolicy,
  LedgerEntry,
  OwnerBilling,
  ProviderEvent,
} from '@exocorp/shared/billing'

/** The mocked billing side: accounts, their ledger and the payment provider's event log. */
export interface MockBillingAccount {
  id: string
  owner: { id: string; email: string; name: string }
  state: BillingState
  stateChangedAt: string
  createdAt: string
  policy: GracePolicy
}

export interface MockBilling {
  accounts: MockBillingAccount[]
  ledger: LedgerEntry[]
  providerEvents: ProviderEvent[]
  /** Idempotency key → the body it was first used with and the entry it booked. */
  adjustmentKeys: Map<string, { body: string; entryId: string }>
  /** Checkouts opened through POST /api/billing/checkout; a test plays the provider by settling one. */
  checkouts: (CheckoutSession & { accountId: string })[]
  /** Budgets as the BFF lists them; a test sets `spentMicros` to play the usage that arrived. */
  budgets: (Budget & { accountId: string })[]
  /** Agent wallets as the BFF lists them (decision 040); a test sets `spentMicros` to play the runtime's spend. */
  agentWallets: AgentWallet[]
  /** Runtimes' spend requests with their decisions, newest last. */
  spendRequests: SpendRequest[]
  /** Agent cards (decision 048), canceled ones too; a wallet's `card` is its live one, set by the handlers. */
  agentCards: AgentCard[]
}

/** Like the BFF's `budget_pauses`: a budget of the owner's with a pause that names this exocorp or the fleet. */
export function budgetPauseOf(billing: MockBilling, c: { id: string; ownerId: string }): BudgetPause | null {
  const account = billing.accounts.find((a) => a.owner.id === c.ownerId)
  const b = billing.budgets.find(
    (x) => x.pausedAt && x.accountId === account?.id && (x.company === null || x.company.id === c.id),
  )
  if (!b?.pausedAt) return null
  return {
    scope: b.company ? 'company' : 'fleet',
    spentMicros: b.spentMicros,
    limitMicros: b.monthlyLimitMicros,
    pausedAt: b.pausedAt,
    resumesAt: b.resumesAt,
  }
}

export const DEFAULT_POLICY: GracePolicy = {
  graceDays: 7,
  restrictAfterDays: 7,
  suspendAfterDays: 14,
  thresholdMicros: 0,
  isDefault: true,
}

export const OWNER_NOTICES: Record<BillingState, OwnerBilling['notice']> = {
  current: null,
  grace: {
    severity: 'info',
    title: 'Your balance is overdue',
    body: 'Your exocorps keep running during the grace period. After it ends, provisioning and updates are blocked.',
    action: 'Add funds to bring your balance back above zero.',
  },
  restricted: {
    severity: 'warning',
    title: 'Billing restricted: no new provisioning or updates',
    body: 'Your running exocorps keep running, but you cannot provision, update or reprovision until the balance is paid.',
    action: 'Pay the amount due to lift the restriction at once.',
  },
  suspended: {
    severity: 'danger',
    title: 'Billing suspended: your exocorps are paused',
    body: 'Running exocorps were paused because the balance stayed unpaid. They resume automatically once the account is current.',
    action: 'Pay the amount due; paused exocorps resume as soon as the payment is booked.',
  },
}

const DAY = 86_400_000
const daysAgo = (d: number) => new Date(Date.now() - d * DAY).toISOString()

function entry(p: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'accountId' | 'kind' | 'amountMicros' | 'description' | 'at'>) {
  return {
    reason: null,
    companyId: null,
    usageEventId: null,
    providerEventId: null,
    createdBy: { type: 'system', id: null, label: 'system' },
    ...p,
  } satisfies LedgerEntry
}

export function seedBilling(): MockBilling {
  const accounts: MockBillingAccount[] = [
    {
      id: 'ba-owner',
      owner: { id: 'u-owner', email: 'owner@demo.exocorp.dev', name: 'Olive Owner' },
      state: 'current',
      stateChangedAt: '2026-01-05T09:00:00.000Z',
      createdAt: '2026-01-05T09:00:00.000Z',
      policy: DEFAULT_POLICY,
    },
    {
      id: 'ba-admin',
      owner: { id: 'u-admin', email: 'admin@demo.exocorp.dev', name: 'Ada Admin' },
      state: 'current',
      stateChangedAt: '2026-01-05T09:00:00.000Z',
      createdAt: '2026-01-05T09:00:00.000Z',
      policy: DEFAULT_POLICY,
    },
    {
      id: 'ba-grace',
      owner: { id: 'u-grace', email: 'gus@late.example', name: 'Gus Late' },
      state: 'grace',
      stateChangedAt: daysAgo(3),
      createdAt: '2026-03-01T09:00:00.000Z',
      policy: DEFAULT_POLICY,
    },
    {
      id: 'ba-restricted',
      owner: { id: 'u-restricted', email: 'rita@overdue.example', name: 'Rita Overdue' },
      state: 'restricted',
      stateChangedAt: daysAgo(2),
      createdAt: '2026-04-01T09:00:00.000Z',
      policy: { graceDays: 5, restrictAfterDays: 5, suspendAfterDays: 10, thresholdMicros: 0, isDefault: false },
    },
    {
      id: 'ba-suspended',
      owner: { id: 'u-suspended', email: 'sam@paused.example', name: 'Sam Paused' },
      state: 'suspended',
      stateChangedAt: daysAgo(6),
      createdAt: '2026-05-01T09:00:00.000Z',
      policy: DEFAULT_POLICY,
    },
  ]
  const ledger: LedgerEntry[] = []
  for (const a of accounts) {
    ledger.push(
      entry({
        id: `le-${a.id}-credit`,
        accountId: a.id,
        kind: 'signup_credit',
        amountMicros: 25_000_000,
        description: 'Signup credit',
        at: a.createdAt,
      }),
    )
  }
  const usage = (accountId: string, n: number, micros: number, startDaysAgo: number) => {
    for (let i = 0; i < n; i++) {
      ledger.push(
        entry({
          id: `le-${accountId}-usage-${i}`,
          accountId,
          kind: 'usage',
          amountMicros: -micros,
          description: `Model usage: gpt-4.1, ${1200 + i * 10} in / ${300 + i} out tokens`,
          companyId: 'c-acme',
          usageEventId: `u-${accountId}-${i}`,
          at: daysAgo(startDaysAgo - i * 0.1),
        }),
      )
    }
  }
  usage('ba-owner', 30, 150_000, 10)
  usage('ba-grace', 3, 10_000_000, 12)
  usage('ba-restricted', 4, 10_000_000, 15)
  usage('ba-suspended', 5, 10_000_000, 25)
  ledger.push(
    entry({
      id: 'le-ba-owner-payment',
      accountId: 'ba-owner',
      kind: 'payment',
      amountMicros: 20_000_000,
      description: 'Payment via mockpay (evt_1001)',
      providerEventId: 'pe-1',
      at: daysAgo(2),
    }),
  )
  const providerEvents: ProviderEvent[] = [
    {
      id: 'pe-1',
      provider: 'mockpay',
      eventId: 'evt_1001',
      type: 'payment.succeeded',
      accountId: 'ba-owner',
      amountMicros: 20_000_000,
      status: 'booked',
      note: null,
      deliveries: 2,
      receivedAt: daysAgo(2),
    },
    {
      id: 'pe-2',
      provider: 'mockpay',
      eventId: 'evt_1002',
      type: 'payment.succeeded',
      accountId: 'ba-unknown',
      amountMicros: 5_000_000,
      status: 'ignored',
      note: 'Unknown billing account',
      deliveries: 1,
      receivedAt: daysAgo(1),
    },
    {
      id: 'pe-3',
      provider: 'mockpay',
      eventId: 'evt_1003',
      type: 'customer.updated',
      accountId: null,
      amountMicros: null,
      status: 'ignored',
      note: 'Unsupported event type',
      deliveries: 1,
      receivedAt: daysAgo(0.5),
    },
  ]
  return {
    accounts,
    ledger,
    providerEvents,
    adjustmentKeys: new Map(),
    checkouts: [],
    budgets: [],
    agentWallets: [],
    spendRequests: [],
    agentCards: [],
  }
}
