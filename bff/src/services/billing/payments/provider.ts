import { testPaymentProvider } from './test-provider'

/**
 * What the platform needs from a payment provider (decision 035). A provider hosts the checkout
 * page (the owner's card never touches our API), confirms payments through the signed webhook
 * (`POST /api/billing/webhooks/:provider`, decision 010), and refunds a payment it took.
 */
export interface PaymentProvider {
  /** The `:provider` segment of its webhook path and of its provider events. */
  readonly id: string
  /** Where the owner's browser goes to pay for one of our checkout sessions. */
  checkoutUrl(session: { id: string }): string
  /** Gives (part of) a payment back; resolves with the provider's refund id or throws. */
  refund(input: { paymentEntryId: string; amountMicros: number; idempotencyKey: string }): Promise<{ refundId: string }>
}

/**
 * The providers this build knows. The built-in test provider is the embedded default; a real one
 * (Stripe, Adyen, …) is another entry with the same interface and webhook path.
 */
export const PAYMENT_PROVIDERS: Readonly<Record<string, PaymentProvider>> = { [testPaymentProvider.id]: testPaymentProvider }

export const DEFAULT_PAYMENT_PROVIDER = testPaymentProvider
