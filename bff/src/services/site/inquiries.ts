import { and, count, eq, gte, sql } from 'drizzle-orm'
import type { EnterpriseInquiryInput } from '@exocorp/shared/site'
import type { Deps } from '../../deps'
import { lockKey } from '../../db/portable'
import { adminNotifications } from '../../db/schema/admin-notifications'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import { messageColumns, type NoticeMessage } from '../admin-notifications'

/*
 * Enterprise inquiries (issue 18 item 5), which land in the admin notifications queue (decision 041,
 * served by routes/admin-notifications.ts). The form
 * is public, so it is spam-resistant in layers: a honeypot field people never see, a cap on links,
 * and a per-address limit counted in the database (so it holds across instances).
 */

/** Inquiries one address may send per window (then 429 with Retry-After). */
export const INQUIRY_LIMIT = 3
export const INQUIRY_WINDOW_MS = 60 * 60_000
/** More links than this in the message reads as spam. */
const MAX_LINKS = 3

/** Why an inquiry that passed validation is spam, or null. Spam is answered like a success and dropped. */
export function spamReason(input: EnterpriseInquiryInput): string | null {
  if (input.website && input.website.trim() !== '') return 'honeypot'
  const links = input.message.match(/https?:\/\/|www\./gi)?.length ?? 0
  if (links > MAX_LINKS) return 'links'
  return null
}

export async function recordEnterpriseInquiry(
  deps: Pick<Deps, 'db' | 'clock'>,
  sourceKey: string,
  input: EnterpriseInquiryInput,
): Promise<{ id: string }> {
  const now = deps.clock.now()
  const since = new Date(now.getTime() - INQUIRY_WINDOW_MS).toISOString()
  return deps.db.write(async (tx) => {
    await lockKey(tx, `inquiry:${sourceKey}`)
    const [sent] = await tx
      .select({ n: count(), first: sql<string>`min(${adminNotifications.firstAt})` })
      .from(adminNotifications)
      .where(and(eq(adminNotifications.sourceKey, sourceKey), gte(adminNotifications.firstAt, since)))
    if ((sent?.n ?? 0) >= INQUIRY_LIMIT) {
      const retryAt = new Date(sent?.first ?? now.toISOString()).getTime() + INQUIRY_WINDOW_MS
      throw new AppError(429, 'too_many_requests', 'Too many inquiries from this address; try again later', {
        retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
      })
    }
    const id = newId()
    const seats = input.seats ? ` · ${input.seats} ${input.seats === 1 ? 'seat' : 'seats'}` : ''
    // The title is the platform's sentence (decision 063). The detail is the visitor's words, but with
    // seats it has the platform's "· 40 seats" ("· 1 seat") in it: then it is keyed whole, the seats a
    // number the catalogs count by (plural forms).
    const message: NoticeMessage = input.seats
      ? {
          key: 'enterprise_inquiry_seats',
          params: { company: input.company, name: input.name, email: input.email, seats: input.seats, message: input.message },
        }
      : { key: 'enterprise_inquiry', params: { company: input.company } }
    // Every inquiry is its own notice (never counted on another one).
    await tx.insert(adminNotifications).values({
      kind: 'enterprise_inquiry',
      severity: 'info',
      dedupKey: `enterprise_inquiry:${id}`,
      title: `Enterprise inquiry from ${input.company}`,
      ...messageColumns(message),
      detail: `${input.name} <${input.email}>${seats}\n\n${input.message}`,
      sourceKey,
      firstAt: now.toISOString(),
      lastAt: now.toISOString(),
    })
    return { id }
  })
}
