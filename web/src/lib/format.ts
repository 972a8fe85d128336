/**
 * The console's one date style and one money style. Dates: relative ("3 min ago", "in 2 days")
 * with the absolute time, in the person's locale, on hover (see components/ui/relative-time.tsx).
 * Money: micros (millionths of a unit) in the currency's own format; small usage charges keep four
 * decimals so a $0.0004 call does not show as $0.00. Durations: "850 ms", "42 s", "3 min 5 s".
 */
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'long' })

export function formatAbsolute(iso: string): string {
  return absolute.format(new Date(iso))
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
  if (Math.abs(seconds) < 45) return seconds > 5 ? 'in a few seconds' : 'just now'
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'minute') return relative.format(Math.round(seconds / size), unit)
  }
  return 'just now'
}

const money = new Map<string, Intl.NumberFormat>()

export function formatMoney(micros: number, currency = 'USD'): string {
  let format = money.get(currency)
  if (!format) {
    // en-US so "$" reads as US dollars everywhere, not "US$" in one locale and "$" in another.
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 4 })
    money.set(currency, format)
  }
  return format.format(micros / 1_000_000)
}

/**
 * Milliseconds as "850 ms", "42 s" or "3 min 5 s"; `tenths` keeps one decimal under a minute
 * ("1.4 s"), for phases that take a second or two. `null` (nothing measured yet) shows as "—".
 */
export function formatDuration(ms: number | null, { tenths = false } = {}): string {
  if (ms === null) return '—'
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`
  if (tenths && ms < 59_950) return `${(ms / 1_000).toFixed(1)} s`
  const s = Math.round(ms / 1_000)
  if (s < 60) return `${s} s`
  return `${Math.floor(s / 60)} min ${s % 60} s`
}
