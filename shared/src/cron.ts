/*
 * Cron expressions for agent schedules (issue 17 item 3, decision 051). Pure and dependency-free:
 * the contract validates a draft's schedules with it, and the reference runtime (bundled with node
 * built-ins only) computes when each schedule runs next with the same code.
 *
 * Accepted, in UTC (Vixie cron's syntax):
 * - five fields `minute hour day-of-month month day-of-week`, or six with `second` first;
 * - each field `*`, a value, a range `a-b`, a step `*∕n` or `a-b∕n` or `a∕n`, or a comma list of them;
 * - month names `jan`–`dec` and day names `sun`–`sat` (any case); day-of-week 7 is Sunday too;
 * - the macros `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`), `@hourly`.
 * When both day-of-month and day-of-week are restricted, a day matching either runs (as cron does).
 */

export interface CronSchedule {
  seconds: ReadonlySet<number>
  minutes: ReadonlySet<number>
  hours: ReadonlySet<number>
  days: ReadonlySet<number>
  months: ReadonlySet<number>
  weekdays: ReadonlySet<number>
  /** Whether day-of-month / day-of-week were restricted (not `*`): decides AND versus OR. */
  daysRestricted: boolean
  weekdaysRestricted: boolean
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

interface FieldSpec {
  label: string
  min: number
  max: number
  names?: readonly string[]
  /** First name's value (months count from 1, days from 0). */
  nameBase?: number
}

const SECOND: FieldSpec = { label: 'second', min: 0, max: 59 }
const MINUTE: FieldSpec = { label: 'minute', min: 0, max: 59 }
const HOUR: FieldSpec = { label: 'hour', min: 0, max: 23 }
const DAY: FieldSpec = { label: 'day of month', min: 1, max: 31 }
const MONTH: FieldSpec = { label: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 }
const WEEKDAY: FieldSpec = { label: 'day of week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 }

class CronError extends Error {}

function value(raw: string, spec: FieldSpec): number {
  const name = spec.names?.indexOf(raw.toLowerCase()) ?? -1
  if (name >= 0) return name + (spec.nameBase ?? 0)
  if (!/^\d{1,2}$/.test(raw)) throw new CronError(`“${raw}” is not a ${spec.label}`)
  const n = Number(raw)
  if (n < spec.min || n > spec.max) throw new CronError(`${spec.label} ${n} is outside ${spec.min}–${spec.max}`)
  return n
}

function field(raw: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>()
  for (const part of raw.split(',')) {
    if (part === '') throw new CronError(`empty item in the ${spec.label} field`)
    const [range, stepRaw, extra] = part.split('/')
    if (extra !== undefined) throw new CronError(`“${part}” has two steps`)
    let step = 1
    if (stepRaw !== undefined) {
      if (!/^\d{1,2}$/.test(stepRaw) || Number(stepRaw) < 1) throw new CronError(`step “${stepRaw}” must be a whole number ≥ 1`)
      step = Number(stepRaw)
    }
    let from: number
    let to: number
    if (range === '*') {
      from = spec.min
      to = spec === WEEKDAY ? 6 : spec.max
    } else {
      const bounds = range!.split('-')
      if (bounds.length > 2) throw new CronError(`“${range}” is not a range`)
      from = value(bounds[0]!, spec)
      // `a/n` means from a to the end, as in Vixie cron.
      to = bounds.length === 2 ? value(bounds[1]!, spec) : stepRaw !== undefined ? spec.max : from
      if (to < from) throw new CronError(`range “${range}” runs backwards`)
    }
    for (let n = from; n <= to; n += step) out.add(spec === WEEKDAY && n === 7 ? 0 : n)
  }
  return out
}

/** The parsed schedule, or why the expression is not one (a sentence for a field error). */
export function parseCron(expression: string): { ok: true; schedule: CronSchedule } | { ok: false; error: string } {
  const trimmed = expression.trim()
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed
  if (expanded.startsWith('@')) return { ok: false, error: `Unknown macro ${trimmed}` }
  const parts = expanded.split(/\s+/)
  if (parts.length !== 5 && parts.length !== 6) {
    return { ok: false, error: 'Use five fields (minute hour day month weekday), or six with seconds first' }
  }
  const [sec, min, hour, day, month, weekday] = parts.length === 6 ? parts : ['0', ...parts]
  try {
    return {
      ok: true,
      schedule: {
        seconds: field(sec!, SECOND),
        minutes: field(min!, MINUTE),
        hours: field(hour!, HOUR),
        days: field(day!, DAY),
        months: field(month!, MONTH),
        weekdays: field(weekday!, WEEKDAY),
        daysRestricted: day !== '*',
        weekdaysRestricted: weekday !== '*',
      },
    }
  } catch (err) {
    if (err instanceof CronError) return { ok: false, error: err.message.charAt(0).toUpperCase() + err.message.slice(1) }
    throw err
  }
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.days.has(d.getUTCDate())
  const dow = s.weekdays.has(d.getUTCDay())
  if (s.daysRestricted && s.weekdaysRestricted) return dom || dow
  return dom && dow
}

/**
 * The first time strictly after `after` (to the second, UTC) the schedule runs, or null when it
 * never does within five years (e.g. `0 0 31 2 *`).
 */
export function nextCronRun(s: CronSchedule, after: Date): Date | null {
  const t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000)
  const limit = after.getTime() + 5 * 366 * 86_400_000
  while (t.getTime() <= limit) {
    if (!s.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1)
      t.setUTCHours(0, 0, 0)
      continue
    }
    if (!dayMatches(s, t)) {
      t.setUTCDate(t.getUTCDate() + 1)
      t.setUTCHours(0, 0, 0)
      continue
    }
    if (!s.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0)
      continue
    }
    if (!s.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0)
      continue
    }
    if (!s.seconds.has(t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1)
      continue
    }
    return t
  }
  return null
}
