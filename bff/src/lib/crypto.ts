import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

export function newId(): string {
  return randomUUID()
}

/** 256 random bits, URL-safe; `prefix` makes leaked tokens recognisable to secret scanners. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url')
}

export function sha256Hex(value: string): string {
  // One-shot: no Hash object per call (every request with a session cookie hashes its token).
  return hash('sha256', value, 'hex')
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}
