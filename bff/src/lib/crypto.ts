import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

export function newId(): string {
  return randomUUID()
}

/** 256 random bits, URL-safe; `prefix` makes leaked tokens recognisable to secret scanners. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url')
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}
