import { AppError } from './errors'

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

export function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => T | null): T | null {
  if (!cursor) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw AppError.validation({ cursor: ['Invalid cursor'] })
  }
  const value = check(parsed)
  if (value === null) throw AppError.validation({ cursor: ['Invalid cursor'] })
  return value
}
