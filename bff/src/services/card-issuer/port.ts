import type { AuthorizationDeclineReason } from '@exocorp/shared/agent-wallets'
import { testCardIssuer } from './test-issuer'

/**
 * The card issuer port (decision 048): where agents' virtual cards live and where spend is
 * authorized. The platform keeps each card's controls (limits, categories, status) and hands them
 * over with every authorization, so an issuer that enforces controls itself (Stripe Issuing's
 * spending controls) and one that is told them per call (the built-in test issuer) fit the same port.
 * Amounts in micro-dollars.
 */
export interface CardIssuer {
  /** Stored on the card row; names the issuer that holds it. */
  readonly id: string
  issueCard(input: { cardId: string; companyId: string; agent: string }): Promise<{ issuerCardId: string; last4: string }>
  authorize(input: AuthorizationInput): Promise<AuthorizationResult>
  /** Returns a captured (or disputed) transaction's money; the platform books the refund entry. */
  refund(input: { issuerAuthorizationId: string; amountMicros: number }): Promise<{ issuerRefundId: string }>
  cancelCard(input: { issuerCardId: string }): Promise<void>
}

export interface AuthorizationInput {
  requestId: string
  issuerCardId: string
  amountMicros: number
  merchant: string
  category: string
  card: {
    status: 'active' | 'frozen'
    perTransactionLimitMicros: number | null
    dailyLimitMicros: number | null
    allowedCategories: readonly string[]
    blockedCategories: readonly string[]
  }
  /** Captured on this card today (UTC) before this authorization, refunds excluded. */
  spentTodayMicros: number
  /** The wallet's balance (Σ its ledger entries) before this authorization. */
  balanceMicros: number
}

export type AuthorizationResult =
  | { approved: true; issuerAuthorizationId: string; /** The issuer opened a dispute on the capture. */ disputed: boolean }
  | { approved: false; issuerAuthorizationId: string; reason: AuthorizationDeclineReason }

export const CARD_ISSUERS: Readonly<Record<string, CardIssuer>> = { [testCardIssuer.id]: testCardIssuer }
/** The embedded default: the built-in test issuer. */
export const DEFAULT_CARD_ISSUER: CardIssuer = testCardIssuer

export function cardIssuerFor(id: string): CardIssuer {
  const issuer = CARD_ISSUERS[id]
  if (!issuer) throw new Error(`unknown card issuer ${id}`)
  return issuer
}
