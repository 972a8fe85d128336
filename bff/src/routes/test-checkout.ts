import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { IdPathSchema } from '@exocorp/shared/api-operations'
import type { AppContext, AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { auditRefusedWrites, refuseCrossOrigin } from '../http/middleware'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { newId } from '../lib/crypto'
import { findCheckout, recordDecline } from '../services/billing/checkout'
import { checkCard, TEST_CARDS, testPaymentProvider, type CardForm } from '../services/billing/payments/test-provider'
import { signWebhook, webhookSecret } from '../services/billing/webhooks'
import { acceptWebhook } from './billing-webhooks'

type Session = NonNullable<Awaited<ReturnType<typeof findCheckout>>>

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })
const grouped = (n: string) => n.replace(/(\d{4})(?=\d)/g, '$1 ')

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f4f5f7;color:#16181d}
main{max-width:30rem;margin:2rem auto;padding:0 1rem}.card{background:#fff;border:1px solid #d5d8de;border-radius:8px;padding:1.5rem}
.mode{background:#fff4d6;color:#5c4000;border:1px solid #e6c766;border-radius:6px;padding:.5rem .75rem;margin-bottom:1rem}
h1{font-size:1.25rem;margin:0 0 .25rem}.amount{font-size:2rem;font-weight:700;margin:.25rem 0 1rem}
label{display:block;font-weight:600;margin-top:1rem}input{width:100%;font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:6px}
input[aria-invalid=true]{border-color:#b42318}.err{color:#b42318;margin:.25rem 0 0}.row{display:flex;gap:1rem}.row>div{flex:1}
button{margin-top:1.5rem;width:100%;font:inherit;font-weight:600;padding:.75rem;border:0;border-radius:6px;background:#1f4fd1;color:#fff;cursor:pointer}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #1f4fd1;outline-offset:2px}
.alert{border:1px solid #b42318;background:#fdecea;color:#7a1a12;border-radius:6px;padding:.75rem;margin-bottom:1rem}
table{border-collapse:collapse;width:100%;margin-top:.5rem}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e3e5e9}
.muted{color:#4b5563}a{color:#1f4fd1}`

function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="/favicon.svg"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`
}

const returnUrl = (s: Pick<Session, 'id'>, extra = '') => `/billing?checkout=${encodeURIComponent(s.id)}${extra}`

function checkoutPage(
  s: Session,
  opts: { form?: CardForm; fieldErrors?: Partial<Record<keyof CardForm, string>>; declined?: string } = {},
) {
  const f = opts.form ?? { number: '', expiry: '', cvc: '', name: '' }
  const errs = opts.fieldErrors ?? {}
  const field = (key: keyof CardForm, label: string, attrs: string) => {
    const err = errs[key]
    return `<div><label for="${key}">${label}</label><input id="${key}" name="${key}" value="${escapeHtml(f[key])}" ${attrs}${
      err ? ` aria-invalid="true" aria-describedby="${key}-error"` : ''
    }>${err ? `<p class="err" id="${key}-error">${escapeHtml(err)}</p>` : ''}</div>`
  }
  const problems = Object.values(errs).filter(Boolean)
  const alert = opts.declined
    ? `<div class="alert" role="alert"><strong>Payment declined.</strong> ${escapeHtml(opts.declined)} Nothing was charged.</div>`
    : problems.length > 0
      ? `<div class="alert" role="alert"><strong>Check the card details.</strong> ${problems.length} field${problems.length > 1 ? 's need' : ' needs'} attention.</div>`
      : ''
  const cards = TEST_CARDS.map(
    (c) =>
      `<tr><td><code>${grouped(c.number)}</code></td><td>${c.brand}</td><td>${
        c.outcome === 'succeeds' ? 'Succeeds' : `Declines (${c.outcome.decline})`
      }</td></tr>`,
  ).join('')
  return page(
    `Pay ${usd.format(s.amountMicros / 1_000_000)} — Exocorp test checkout`,
    `<p class="mode" role="note"><strong>Test mode.</strong> No real card is charged. Use a test card below with any future expiry date and any 3-digit CVC.</p>
<div class="card"><h1>Pay Exocorp Platform</h1><p class="muted">${s.purpose === 'pay_due' ? 'Amount due on your billing account' : 'Add funds to your billing account'}</p>
<p class="amount">${usd.format(s.amountMicros / 1_000_000)}</p>${alert}
<form method="post" action="${testPaymentProvider.checkoutUrl(s)}" novalidate>
${field('number', 'Card number', 'inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required')}
<div class="row">${field('expiry', 'Expiry (MM/YY)', 'autocomplete="cc-exp" placeholder="12/34" required')}${field('cvc', 'CVC', 'inputmode="numeric" autocomplete="cc-csc" placeholder="123" required')}</div>
${field('name', 'Name on card (optional)', 'autocomplete="cc-name"')}
<button type="submit">Pay ${usd.format(s.amountMicros / 1_000_000)}</button></form>
<p><a href="${returnUrl(s, '&cancelled=1')}">Cancel and return to Exocorp</a></p></div>
<h2>Test cards</h2><table><caption class="muted">Any future expiry and any CVC.</caption><thead><tr><th scope="col">Number</th><th scope="col">Brand</th><th scope="col">Outcome</th></tr></thead><tbody>${cards}</tbody></table>`,
  )
}

function closedPage(c: AppContext, s: Session | null) {
  if (!s)
    return c.html(
      page(
        'Checkout not found',
        '<div class="card"><h1>Checkout not found</h1><p>This payment link is not valid.</p><p><a href="/billing">Go to billing</a></p></div>',
      ),
      404,
    )
  const paid = s.status === 'paid'
  return c.html(
    page(
      paid ? 'Already paid' : 'Checkout expired',
      `<div class="card"><h1>${paid ? 'This checkout is already paid' : 'This checkout has expired'}</h1><p>${
        paid ? 'Nothing more is charged.' : 'Start a new payment from the billing page.'
      }</p><p><a href="${returnUrl(s)}">Return to Exocorp</a></p></div>`,
    ),
    paid ? 200 : 410,
  )
}

/** Signs an event with the webhook secret and hands it to the same receiver the webhook route uses. */
async function deliver(c: AppContext, eventId: string, type: string, data: Record<string, unknown>) {
  const deps = c.get('deps')
  const rawBody = JSON.stringify({ id: eventId, type, data })
  const timestamp = Math.floor(deps.clock.now().getTime() / 1000)
  return acceptWebhook(c, {
    provider: testPaymentProvider.id,
    id: eventId,
    timestamp: String(timestamp),
    signature: signWebhook(webhookSecret(deps), eventId, timestamp, rawBody),
    rawBody,
  })
}

const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : '')

/**
 * Mounted at /pay: the built-in test provider's hosted checkout (decision 035). Server-rendered, no
 * script; the unguessable session id in the URL is the capability, as with a real hosted checkout.
 */
export const testCheckoutRoutes = new Hono<AppEnv>()
  // A refused card form (400), an expired checkout (410) or a cross-origin post (403) is audited like any refused write.
  .use(auditRefusedWrites)
  .get('/test/checkout/:id', guard.public, validate('param', IdPathSchema), async (c) => {
    const s = await findCheckout(c.get('deps'), c.req.valid('param').id)
    if (!s || s.status !== 'open') return closedPage(c, s)
    return c.html(checkoutPage(s), 200)
  })
  .post(
    '/test/checkout/:id',
    guard.public,
    bodyLimit({
      maxSize: 8 * 1024,
      onError: () => {
        throw new AppError(413, 'payload_too_large', 'Form too large')
      },
    }),
    validate('param', IdPathSchema),
    async (c) => {
      refuseCrossOrigin(c)
      const deps = c.get('deps')
      const s = await findCheckout(deps, c.req.valid('param').id)
      if (!s || s.status !== 'open') return closedPage(c, s)
      const body = await c.req.parseBody()
      const form: CardForm = {
        number: str(body.number),
        expiry: str(body.expiry),
        cvc: str(body.cvc),
        name: str(body.name).trim(),
      }
      const check = checkCard(form, deps.clock.now())
      // Never echo the card number back beyond its last four digits or keep the CVC in the page.
      const safeForm = { ...form, cvc: '' }
      if (!check.ok) return c.html(checkoutPage(s, { form: safeForm, fieldErrors: check.fieldErrors }), 400)
      const { card, last4 } = check
      if (card.outcome !== 'succeeds') {
        await recordDecline(deps, s.id, card.outcome.message)
        await deliver(c, `evt_test_${newId().replace(/-/g, '')}`, 'payment.failed', {
          accountId: s.accountId,
          amountMicros: s.amountMicros,
          currency: s.currency,
          checkoutSessionId: s.id,
          declineCode: card.outcome.decline,
        })
        return c.html(checkoutPage(s, { form: { ...safeForm, number: '' }, declined: card.outcome.message }), 402)
      }
      // One event id per checkout: a double-submitted form (or two tabs) books one payment.
      await deliver(c, `evt_test_${s.id}_paid`, 'payment.succeeded', {
        accountId: s.accountId,
        amountMicros: s.amountMicros,
        currency: s.currency,
        checkoutSessionId: s.id,
        card: { brand: card.brand, last4 },
      })
      return c.redirect(returnUrl(s), 303)
    },
  )
