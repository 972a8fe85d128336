import { createHash } from 'node:crypto'
import { testIssuerDecline } from '@exocorp/shared/agent-wallets'
import type { AuthorizationInput, AuthorizationResult, CardIssuer } from './port'

/** A merchant of this name has the built-in test issuer open a dispute on the capture (decision 048). */
export const TEST_DISPUTE_MERCHANT = 'Test Dispute Merchant'

const digest = (s: string) => createHash('sha256').update(s).digest('hex')

/**
 * The built-in test issuer (decision 048), the embedded default. Deterministic, no network:
 * - a card's number ends in four digits derived from its id (the same id, the same last 4);
 * - an authorization is decided by the controls it is handed, in this order: a frozen card →
 *   `frozen`; a category blocked, or not in a non-empty allowed list → `blocked_category`; over the
 *   per-transaction limit, or today's captures plus this one over the daily limit → `over_limit`;
 *   more than the wallet's balance → `insufficient_balance`; otherwise approved and captured;
 * - the merchant `Test Dispute Merchant` (any case) is approved and its capture disputed at once, so
 *   the dispute path can be exercised end to end;
 * - ids are derived from the platform's ids (`ic_test_…`, `iauth_test_…`, `iref_test_…`).
 */
export const testCardIssuer: CardIssuer = {
  id: 'test',
  async issueCard({ cardId }) {
    const last4 = String(Number.parseInt(digest(cardId).slice(0, 8), 16) % 10_000).padStart(4, '0')
    return { issuerCardId: `ic_test_${cardId}`, last4 }
  },
  async authorize(input: AuthorizationInput): Promise<AuthorizationResult> {
    const issuerAuthorizationId = `iauth_test_${input.requestId}`
    const reason = testIssuerDecline({
      ...input.card,
      amountMicros: input.amountMicros,
      category: input.category,
      spentTodayMicros: input.spentTodayMicros,
      balanceMicros: input.balanceMicros,
    })
    if (reason) return { approved: false, issuerAuthorizationId, reason }
    return {
      approved: true,
      issuerAuthorizationId,
      disputed: input.merchant.trim().toLowerCase() === TEST_DISPUTE_MERCHANT.toLowerCase(),
    }
  },
  async refund({ issuerAuthorizationId }) {
    return { issuerRefundId: issuerAuthorizationId.replace(/^iauth_/, 'iref_') }
  },
  async cancelCard() {},
}
