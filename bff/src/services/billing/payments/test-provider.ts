import { randomBytes } from 'node:crypto'
import type { PaymentProvider } from './provider'

/**
 * The built-in test provider: a hosted checkout in test mode, served by the BFF under `/pay/test/`
 * (routes/test-checkout.ts). Like a real provider in test mode it knows a few card numbers and
 * nothing else; documented in README.md and on the page itself.
 */
export const TEST_CARDS: readonly {
  number: string
  brand: string
  outcome: 'succeeds' | { decline: string; message: string }
}[] = [
  { number: '4242424242424242', brand: 'Visa', outcome: 'succeeds' },
  { number: '5555555555554444', brand: 'Mastercard', outcome: 'succeeds' },
  {
    number: '4000000000000002',
    brand: 'Visa',
    outcome: { decline: 'card_declined', message: 'Your card was declined. Try another card.' },
  },
  {
    number: '4000000000009995',
    brand: 'Visa',
    outcome: { decline: 'insufficient_funds', message: 'Your card has insufficient funds. Try another card.' },
  },
]

export const testPaymentProvider: PaymentProvider = {
  id: 'test',
  checkoutUrl: (session) => `/pay/test/checkout/${encodeURIComponent(session.id)}`,
  // Test mode: refunds always succeed at once.
  refund: async () => ({ refundId: `re_test_${randomBytes(9).toString('base64url')}` }),
}

export interface CardForm {
  number: string
  expiry: string
  cvc: string
  name: string
}

export type CardCheck =
  | { ok: true; card: (typeof TEST_CARDS)[number]; last4: string }
  | { ok: false; fieldErrors: Partial<Record<keyof CardForm, string>> }

function luhn(digits: string) {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}

/** Checks the form like a hosted checkout would, before any charge is attempted. */
export function checkCard(form: CardForm, now: Date): CardCheck {
  const fieldErrors: Partial<Record<keyof CardForm, string>> = {}
  const digits = form.number.replace(/[\s-]/g, '')
  const card = TEST_CARDS.find((c) => c.number === digits)
  if (!/^\d{12,19}$/.test(digits) || !luhn(digits)) fieldErrors.number = 'Enter a valid card number.'
  else if (!card) fieldErrors.number = 'Test mode: use one of the test card numbers listed below.'
  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2})\s*$/.exec(form.expiry)
  if (!expiry) fieldErrors.expiry = 'Enter the expiry date as MM/YY.'
  else {
    const month = Number(expiry[1])
    const year = 2000 + Number(expiry[2])
    const endOfMonth = Date.UTC(year, month, 1)
    if (month < 1 || month > 12) fieldErrors.expiry = 'Enter a month from 01 to 12.'
    else if (endOfMonth <= now.getTime()) fieldErrors.expiry = 'This card has expired.'
  }
  if (!/^\d{3,4}$/.test(form.cvc.trim())) fieldErrors.cvc = 'Enter the 3 or 4 digits on the back of the card.'
  if (form.name.length > 100) fieldErrors.name = 'Use at most 100 characters.'
  if (Object.keys(fieldErrors).length > 0 || !card) return { ok: false, fieldErrors }
  return { ok: true, card, last4: digits.slice(-4) }
}
