import { eq } from 'drizzle-orm'
import { within, type Deps } from '../../deps'
import { billingAccounts } from '../../db/schema/billing'
import { recordAudit, SYSTEM_ACTOR } from '../audit'
import { createUser } from '../accounts/users'
import { findBillingAccountByOwner } from './accounts'
import { addAdjustment } from './ledger'
import { DAY_MS } from './policy'
import { receiveWebhook } from './webhooks'

/**
 * Billing demo data: a payment and a goodwill credit on the demo owner's account, and a third
 * account three days into grace so the collections queue has something in it.
 */
export async function seedBillingDemo(deps: Deps, input: { ownerUserId: string; adminUserId: string; adminEmail: string }) {
  const owner = await findBillingAccountByOwner(deps, input.ownerUserId)
  if (owner) {
    const eventId = 'evt_demo_payment_1'
    await receiveWebhook(
      deps,
      'demo-pay',
      eventId,
      JSON.stringify({
        id: eventId,
        type: 'payment.succeeded',
        data: { accountId: owner.id, amountMicros: 10_000_000, currency: 'USD' },
      }),
    )
    await addAdjustment(
      deps,
      owner.id,
      { amountMicros: 5_000_000, reason: 'Welcome credit for early users', idempotencyKey: 'demo-welcome-credit' },
      { type: 'user', id: input.adminUserId, label: input.adminEmail },
    )
  }

  const { user: late } = await createUser(deps, {
    email: 'late@demo.exocorp.dev',
    name: 'Lee Late',
    password: 'demo-late-pass',
    role: 'user',
  })
  const account = await findBillingAccountByOwner(deps, late.id)
  if (!account) return
  await addAdjustment(
    deps,
    account.id,
    {
      amountMicros: -42_500_000,
      reason: 'Model usage imported from the previous billing system',
      idempotencyKey: 'demo-usage-import',
    },
    SYSTEM_ACTOR,
  )
  // Overdue for three days already: in grace, four days before restriction under the default policy.
  const since = new Date(deps.clock.now().getTime() - 3 * DAY_MS).toISOString()
  await deps.db.write(async (tx) => {
    await tx
      .update(billingAccounts)
      .set({ state: 'grace', stateChangedAt: since, overdueSince: since, updatedAt: since })
      .where(eq(billingAccounts.id, account.id))
    await recordAudit(within(deps, tx), {
      actor: SYSTEM_ACTOR,
      action: 'billing.state_changed',
      target: { type: 'billing_account', id: account.id },
      outcome: 'succeeded',
      summary: 'Billing account moved from current to grace (demo data)',
      details: { from: 'current', to: 'grace', cause: 'demo seed', ownerUserId: late.id },
    })
  })
}
