import { createHash } from 'node:crypto'
import { and, count, desc, eq, gte, ne, sql } from 'drizzle-orm'
import type { FeedbackInput, ProbeClass, Severity, SignalCategory, SignalKind } from '@exocorp/shared/feedback'
import { SEVERITY_RANK } from '@exocorp/shared/feedback'
import type { Deps } from '../../deps'
import type { Db } from '../../db/client'
import { lockKey } from '../../db/portable'
import { signalGroups, signals } from '../../db/schema/signals'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import { classifyText, probeSeverity, redactSample, type ProbeMatch } from './probe-rules'

/*
 * Recording signals (decision 036). A *group* is what an admin triages; each occurrence is a
 * member. Probes group by source and class within BURST_WINDOW_MS of the group's last occurrence;
 * feedback groups by near-identical text (the same words, whatever the case, punctuation, digits
 * or spacing) until the group is archived. At most MAX_STORED_MEMBERS members are kept per group
 * (the first ones; `count` counts them all), so a flood costs one row update per occurrence.
 * Writes are `visible: false`: a probe flood must not move the data version every polled view
 * keys on (decision 026).
 */

export const BURST_WINDOW_MS = 10 * 60_000
export const MAX_STORED_MEMBERS = 100
/** Feedback a user may send per FEEDBACK_WINDOW_MS (then 429 with Retry-After). */
export const FEEDBACK_LIMIT = 5
export const FEEDBACK_WINDOW_MS = 10 * 60_000

export interface SignalSource {
  /** Grouping key: `user:<id>`, `operator_client:<id>` or `ip:<address>`. */
  key: string
  label: string
}

interface Occurrence {
  kind: SignalKind
  groupKey: string
  category: SignalCategory
  severity: Severity
  probeClass: ProbeClass | null
  title: string
  source: SignalSource
  endpoint: string | null
  text: string
  page?: string | null
  companySlug?: string | null
  userAgent?: string | null
  location?: string | null
  /** Join a group only if it was last seen after this (ISO); null: any group not archived. */
  windowStart: string | null
}

async function addOccurrence(tx: Db, deps: Pick<Deps, 'clock'>, o: Occurrence) {
  await lockKey(tx, `signal:${o.groupKey}`)
  const now = deps.clock.now().toISOString()
  const where = [eq(signalGroups.groupKey, o.groupKey), ne(signalGroups.state, 'archived')]
  if (o.windowStart) where.push(gte(signalGroups.lastSeenAt, o.windowStart))
  const [group] = await tx
    .select({
      id: signalGroups.id,
      storedMembers: signalGroups.storedMembers,
      severityRank: signalGroups.severityRank,
    })
    .from(signalGroups)
    .where(and(...where))
    .orderBy(desc(signalGroups.lastSeenAt))
    .limit(1)
  let groupId: string
  let store = true
  if (group) {
    groupId = group.id
    store = group.storedMembers < MAX_STORED_MEMBERS
    const rank = SEVERITY_RANK[o.severity]
    await tx
      .update(signalGroups)
      .set({
        count: sql`${signalGroups.count} + 1`,
        storedMembers: store ? sql`${signalGroups.storedMembers} + 1` : signalGroups.storedMembers,
        lastSeenAt: now,
        // A more severe occurrence raises the group (a stored probe after refused ones).
        ...(rank > group.severityRank ? { severity: o.severity, severityRank: rank } : {}),
      })
      .where(eq(signalGroups.id, group.id))
  } else {
    groupId = newId()
    await tx.insert(signalGroups).values({
      id: groupId,
      groupKey: o.groupKey,
      kind: o.kind,
      category: o.category,
      severity: o.severity,
      severityRank: SEVERITY_RANK[o.severity],
      probeClass: o.probeClass,
      state: 'open',
      title: o.title.slice(0, 200),
      sourceKey: o.source.key.slice(0, 200),
      sourceLabel: o.source.label.slice(0, 200),
      endpoint: o.endpoint?.slice(0, 200) ?? null,
      count: 1,
      storedMembers: 1,
      firstSeenAt: now,
      lastSeenAt: now,
      assigneeUserId: null,
      updatedAt: now,
    })
  }
  const id = newId()
  if (store) {
    await tx.insert(signals).values({
      id,
      groupId,
      at: now,
      kind: o.kind,
      text: o.text,
      sourceKey: o.source.key.slice(0, 200),
      sourceLabel: o.source.label.slice(0, 200),
      endpoint: o.endpoint?.slice(0, 200) ?? null,
      page: o.page?.slice(0, 500) ?? null,
      companySlug: o.companySlug?.slice(0, 100) ?? null,
      userAgent: o.userAgent?.slice(0, 500) ?? null,
      location: o.location?.slice(0, 100) ?? null,
    })
  }
  return { id, groupId, at: now }
}

export interface ProbeInput {
  matches: ProbeMatch[]
  source: SignalSource
  /** `POST /api/registry/companies` — the route pattern, not the raw path. */
  endpoint: string
  /** The text the probe was recognised in (sampled and redacted here). */
  sample: string
  /** `refused:query`, `refused:body`, `stored:name`… */
  location: string
  /** A write accepted and stored it (more urgent than a refused one). */
  stored: boolean
}

/** Records one occurrence per recognised class. */
export async function recordProbe(deps: Pick<Deps, 'db' | 'clock'>, p: ProbeInput) {
  const windowStart = new Date(deps.clock.now().getTime() - BURST_WINDOW_MS).toISOString()
  const text = redactSample(p.sample)
  await deps.db.write(
    async (tx) => {
      for (const m of p.matches) {
        await addOccurrence(tx, deps, {
          kind: 'probe',
          groupKey: `probe:${p.source.key}:${m.probeClass}`,
          category: 'security_probe',
          severity: probeSeverity(m.probeClass, p.stored),
          probeClass: m.probeClass,
          title: `${m.probeClass} probe (${m.rule}) on ${p.endpoint}`,
          source: p.source,
          endpoint: p.endpoint,
          text,
          location: p.location,
          windowStart,
        })
      }
    },
    { visible: false },
  )
}

const ACTIONABLE =
  /\b(?:bug|broken|breaks?|error|errors|fail(?:s|ed|ing|ure)?|crash(?:es|ed)?|can'?t|cannot|doesn'?t|won'?t|not working|missing|wrong|slow|stuck|timeout|blank|500|404)\b/i
const URGENT =
  /\b(?:data loss|lost (?:my )?data|security|outage|is down|charged twice|double charged|leak(?:ed|s)?|can'?t (?:sign|log) ?in)\b/i

/** The documented category and severity of a feedback message (decision 036). */
export function classifyFeedback(message: string): { category: SignalCategory; severity: Severity; probes: ProbeMatch[] } {
  const probes = classifyText(message)
  if (probes.length) return { category: 'security_probe', severity: 'high', probes }
  const urgent = URGENT.test(message)
  if (ACTIONABLE.test(message) || urgent) {
    const category = message.length <= 140 ? 'short_actionable' : 'actionable'
    return { category, severity: urgent ? 'high' : 'medium', probes }
  }
  return { category: 'product_signal', severity: urgent ? 'high' : 'low', probes }
}

/** Near-identical text: same words whatever the case, punctuation, digits or spacing. */
export function textFingerprint(text: string): string {
  const norm = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z\s]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return createHash('sha256').update(norm).digest('hex').slice(0, 32)
}

/** `POST /api/feedback`: rate limited per user; grouped with near-identical messages. */
export async function recordFeedback(
  deps: Pick<Deps, 'db' | 'clock'>,
  user: { id: string; email: string },
  input: FeedbackInput,
) {
  const now = deps.clock.now()
  const since = new Date(now.getTime() - FEEDBACK_WINDOW_MS).toISOString()
  const source: SignalSource = { key: `user:${user.id}`, label: user.email }
  const { category, severity } = classifyFeedback(input.message)
  return deps.db.write(async (tx) => {
    await lockKey(tx, `feedback:${user.id}`)
    const [sent] = await tx
      .select({ n: count(), first: sql<string>`min(${signals.at})` })
      .from(signals)
      .where(and(eq(signals.sourceKey, source.key), eq(signals.kind, 'feedback'), gte(signals.at, since)))
    if ((sent?.n ?? 0) >= FEEDBACK_LIMIT) {
      const retryAt = new Date(sent?.first ?? now.toISOString()).getTime() + FEEDBACK_WINDOW_MS
      throw new AppError(429, 'too_many_requests', `You can send ${FEEDBACK_LIMIT} messages per 10 minutes; try again later`, {
        retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
      })
    }
    const firstLine = input.message.split('\n')[0]!.trim()
    return addOccurrence(tx, deps, {
      kind: 'feedback',
      groupKey: `feedback:${textFingerprint(input.message)}`,
      category,
      severity,
      probeClass: null,
      title: firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine,
      source,
      endpoint: null,
      text: input.message,
      page: input.context?.page ?? null,
      companySlug: input.context?.companySlug ?? null,
      userAgent: [input.context?.userAgent, input.context?.viewport].filter(Boolean).join(' · ') || null,
      location: null,
      windowStart: null,
    })
  })
}
