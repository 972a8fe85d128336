import { AppError } from './errors'

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

const invalid = () => AppError.validation({ cursor: ['Invalid cursor: use the nextCursor of a previous page'] })

/**
 * A cursor comes back from the client, so it is input like any other: `check` sees untrusted
 * JSON and answers null for anything that is not exactly the shape this list wrote. Use the
 * shape checks below rather than ad-hoc `typeof` tests: `1e300` is a number and `2 ** 63` an
 * integer, and both reach SQLite as values it cannot bind as an integer.
 */
export function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => T | null): T | null {
  if (!cursor) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid()
  }
  const value = check(parsed)
  if (value === null) throw invalid()
  return value
}

const MAX_KEY_CHARS = 200

/** A row sequence number or an offset: a non-negative integer SQLite stores exactly. */
export function intCursor(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null
}

/** A `(sort value, id)` pair of short strings, as the (at, id) keyset lists write. */
export function pairCursor(v: unknown): [string, string] | null {
  if (!Array.isArray(v) || v.length !== 2) return null
  const [a, b] = v as unknown[]
  if (typeof a !== 'string' || typeof b !== 'string' || a.length > MAX_KEY_CHARS || b.length > MAX_KEY_CHARS) return null
  return [a, b]
}
