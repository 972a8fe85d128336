import { intlTag } from './locale'

/**
 * The console's one date style and one money style. Dates: relative ("3 min ago", "in 2 days")
 * with the absolute time, in the person's locale, on hover (see components/ui/relative-time.tsx).
 * Money: micros (millionths of a unit) rounded to the currency's minor unit (`formatMoney`); one
 * model call or a token price, which can be a fraction of a cent, in `formatFineMoney`. Durations: "850 ms", "42 s", "3 min 5 s".
 * Every formatter follows the language chosen in the user menu (lib/locale.ts, decision 050); until
 * one is chosen, dates use the browser's locale and money en-US.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>()
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>()
const numberFormats = new Map<string, Intl.NumberFormat>()

function cached<T>(formats: Map<string, T>, key: string, make: () => T): T {
  let format = formats.get(key)
  if (!format) {
    format = make()
    formats.set(key, format)
  }
  return format
}

function absoluteFormat(): Intl.DateTimeFormat {
  const tag = intlTag()
  return cached(dateFormats, `${tag}`, () => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }))
}

function relativeFormat(): Intl.RelativeTimeFormat {
  const tag = intlTag()
  return cached(relativeFormats, `${tag}`, () => new Intl.RelativeTimeFormat(tag, { numeric: 'auto', style: 'long' }))
}

export function formatAbsolute(iso: string): string {
  return absoluteFormat().format(new Date(iso))
}

/** A plain count with the locale's grouping: "12,345" or "12.345". */
export function formatNumber(value: number): string {
  const tag = intlTag()
  return cached(numberFormats, `${tag}`, () => new Intl.NumberFormat(tag)).format(value)
}

/** A share as a percentage, with `digits` decimals: "1.5%" or "1,5 %". */
export function formatPercent(share: number, digits = 1): string {
  const tag = intlTag() ?? 'en-US'
  return cached(
    numberFormats,
    `percent:${tag}:${digits}`,
    () => new Intl.NumberFormat(tag, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }),
  ).format(share)
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000
  const relative = relativeFormat()
  if (Math.abs(seconds) < 45) {
    // English keeps its words; another language says "now" in its own ("jetzt").
    const tag = intlTag()
    if (!tag || tag.startsWith('en')) return seconds > 5 ? 'in a few seconds' : 'just now'
    return relative.format(0, 'second')
  }
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'minute') return relative.format(Math.round(seconds / size), unit)
  }
  return 'just now'
}

function moneyFormat(currency: string, fine: boolean): Intl.NumberFormat {
  // en-US until a language is chosen, so "$" reads as US dollars everywhere, not "US$" in one
  // browser and "$" in another; a chosen language writes money its way ("39,36 $").
  // Without digits given, Intl uses the currency's own minor unit (2 for USD, 0 for JPY).
  const tag = intlTag() ?? 'en-US'
  return cached(
    numberFormats,
    `money:${tag}:${currency}:${fine ? 'fine' : 'minor'}`,
    () =>
      new Intl.NumberFormat(
        tag,
        fine ? { style: 'currency', currency, maximumSignificantDigits: 3 } : { style: 'currency', currency },
      ),
  )
}

/**
 * An amount of money held in micros (millionths of a unit), rounded to the currency's minor unit:
 * "$39.36", "-$0.01". Every balance, ledger entry, receipt and amount due goes through here.
 */
export function formatMoney(micros: number, currency = 'USD'): string {
  const value = micros / 1_000_000
  // -0.004 rounds to "-$0.00"; a sign on zero says nothing.
  const rounded = Math.round(value * 100) / 100
  return moneyFormat(currency, false).format(rounded === 0 ? 0 : value)
}

/**
 * The documented finer unit, for prices and costs below a cent (one model call, a token price):
 * three significant digits under a cent ("$0.000412"), the minor unit above it ("$12.30").
 */
export function formatFineMoney(micros: number, currency = 'USD'): string {
  if (Math.abs(micros) >= 10_000) return formatMoney(micros, currency)
  return moneyFormat(currency, true).format(micros / 1_000_000)
}

/**
 * Milliseconds as "850 ms", "42 s" or "3 min 5 s"; `tenths` keeps one decimal under a minute
 * ("1.4 s"), for phases that take a second or two. `null` (nothing measured yet) shows as "—".
 */
export function formatDuration(ms: number | null, { tenths = false } = {}): string {
  if (ms === null) return '—'
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`
  if (tenths && ms < 59_950) {
    const tag = intlTag() ?? 'en-US'
    const tenth = cached(
      numberFormats,
      `tenths:${tag}`,
      () => new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    )
    return `${tenth.format(ms / 1_000)} s`
  }
  const s = Math.round(ms / 1_000)
  if (s < 60) return `${s} s`
  return `${Math.floor(s / 60)} min ${s % 60} s`
}

/**
 * An amount held in the currency's minor units (cents for USD, yen for JPY), as stores report it
 * (decision 055): "$45.00", "¥1,200".
 */
export function formatMinorMoney(minor: number, currency = 'USD'): string {
  const format = moneyFormat(currency, false)
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2
  return format.format(minor / 10 ** digits)
}
