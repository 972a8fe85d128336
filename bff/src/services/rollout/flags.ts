import { createHash } from 'node:crypto'
import { and, asc, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm'
import {
  FLAG_DEFINITIONS,
  flagScopeRule,
  flagValueRule,
  type FlagRefusal,
  type FlagChange,
  type FlagChangePage,
  type FlagHistoryQuery,
  type FlagKey,
  type FlagOverview,
  type FlagScope,
  type FlagSource,
  type FlagValue,
  type ResolvedCompanyFlags,
  type ResolvedFlag,
  type ResolvedFlagsQuery,
  type RuntimeFlags,
  type SetFlagInput,
} from '@exocorp/shared/rollout'
import { ReleaseChannelSchema, type ReleaseChannel } from '@exocorp/shared/companies'
import type { Deps } from '../../deps'
import type { Db } from '../../db/client'
import { lockKey } from '../../db/portable'
import { companies } from '../../db/schema/companies'
import { flagChanges, flagValues } from '../../db/schema/signals'
import { decodeCursor, encodeCursor, pairCursor } from '../../lib/cursor'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'

/*
 * Rollout controls (issue 17 item 4, decision 036). One store for agent-loop and product flags:
 * a value per (flag, scope, scope id); an exocorp's effective value is its own, else its release
 * channel's, else the global one, else the flag's default. Every change is a row in
 * `flag_changes` (from, to, reason, who); reverting one sets its `from` back as a new change.
 * The table is small (flags × scopes), so resolution reads it whole and resolves in memory.
 */

type SettingRow = typeof flagValues.$inferSelect

const encode = (v: FlagValue | null) => (v === null ? null : JSON.stringify(v))
function decode(text: string | null): FlagValue | null {
  if (text === null) return null
  const v: unknown = JSON.parse(text)
  return typeof v === 'boolean' || typeof v === 'number' ? v : null
}

async function allSettings(db: Db): Promise<SettingRow[]> {
  return db.select().from(flagValues).orderBy(asc(flagValues.key), asc(flagValues.scope), asc(flagValues.scopeId))
}

async function companyLabels(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const rows = await db.select({ id: companies.id, slug: companies.slug }).from(companies).where(inArray(companies.id, ids))
  return new Map(rows.map((r) => [r.id, r.slug]))
}

const labelOf = (scope: FlagScope, scopeId: string, slugs: Map<string, string>) =>
  scope === 'global' ? 'global' : scope === 'channel' ? `channel ${scopeId}` : (slugs.get(scopeId) ?? scopeId)

export async function flagOverview(deps: Pick<Deps, 'db'>): Promise<FlagOverview> {
  const rows = await allSettings(deps.db)
  const slugs = await companyLabels(deps.db, [...new Set(rows.filter((r) => r.scope === 'company').map((r) => r.scopeId))])
  return {
    definitions: FLAG_DEFINITIONS.map((d) => ({ ...d, scopes: [...d.scopes] })),
    settings: rows.flatMap((r) => {
      const value = decode(r.value)
      if (value === null || !FLAG_DEFINITIONS.some((d) => d.key === r.key)) return []
      return [
        {
          key: r.key as FlagKey,
          scope: r.scope,
          scopeId: r.scopeId,
          scopeLabel: labelOf(r.scope, r.scopeId, slugs),
          value,
          updatedAt: r.updatedAt,
          updatedBy: r.updatedBy,
        },
      ]
    }),
  }
}

/** Effective values for one exocorp from the whole settings table. */
export function resolveFlags(settings: SettingRow[], company: { id: string; channel: ReleaseChannel }): ResolvedFlag[] {
  return FLAG_DEFINITIONS.map((d) => {
    const at = (scope: FlagScope, scopeId: string) =>
      settings.find((s) => s.key === d.key && s.scope === scope && s.scopeId === scopeId)
    const order: [FlagSource & FlagScope, string][] = [
      ['company', company.id],
      ['channel', company.channel],
      ['global', ''],
    ]
    for (const [scope, scopeId] of order) {
      const row = at(scope, scopeId)
      const value = row ? decode(row.value) : null
      if (value !== null) return { key: d.key, value, source: scope }
    }
    return { key: d.key, value: d.default, source: 'default' as const }
  })
}

export async function resolvedFlagsPage(deps: Pick<Deps, 'db'>, q: ResolvedFlagsQuery) {
  const where: (SQL | undefined)[] = [ne(companies.status, 'destroyed')]
  if (q.q?.trim()) {
    const p = `%${q.q
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    where.push(or(sql`lower(${companies.slug}) LIKE ${p} ESCAPE '\\'`, sql`lower(${companies.name}) LIKE ${p} ESCAPE '\\'`))
  }
  const after = decodeCursor(q.cursor, pairCursor)
  if (after) where.push(sql`${companies.slug} > ${after[0]}`)
  const rows = await deps.db
    .select({
      id: companies.id,
      slug: companies.slug,
      name: companies.name,
      channel: companies.channel,
      status: companies.status,
    })
    .from(companies)
    .where(and(...where))
    .orderBy(asc(companies.slug))
    .limit(q.limit + 1)
  const settings = await allSettings(deps.db)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  const items: ResolvedCompanyFlags[] = page.map((c) => ({
    companyId: c.id,
    slug: c.slug,
    name: c.name,
    channel: c.channel,
    status: c.status,
    flags: resolveFlags(settings, c),
  }))
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.slug, last.id]) : null }
}

/** What a runtime reads: its exocorp's effective loop flags, with a version (its ETag). */
export async function runtimeFlagsFor(deps: Pick<Deps, 'db'>, companyId: string): Promise<RuntimeFlags> {
  const [company] = await deps.db
    .select({ id: companies.id, channel: companies.channel })
    .from(companies)
    .where(eq(companies.id, companyId))
    .limit(1)
  if (!company) throw AppError.notFound('Exocorp')
  const settings = await deps.db
    .select()
    .from(flagValues)
    .where(
      or(
        and(eq(flagValues.scope, 'company'), eq(flagValues.scopeId, company.id)),
        and(eq(flagValues.scope, 'channel'), eq(flagValues.scopeId, company.channel)),
        eq(flagValues.scope, 'global'),
      ),
    )
  const resolved = new Map(resolveFlags(settings, company).map((f) => [f.key, f.value]))
  const flags = {
    killSwitch: resolved.get('ai.loop.kill_switch') === true,
    contextPruning: resolved.get('ai.loop.context_pruning') === true,
    maxSteps: Number(resolved.get('ai.loop.max_steps')),
  }
  const version = createHash('sha256').update(JSON.stringify(flags)).digest('base64url').slice(0, 16)
  return { version, flags }
}

/** A flag change's refusal of one field, keyed (decision 064); the sentence is the same for API clients. */
const refusal = (r: FlagRefusal) => AppError.rule(r.field, r.sentence, r.key, r.vars ? { vars: r.vars } : {})

/** The scope id a request names, checked: '' for global, a channel, or an existing exocorp's id (by id or slug). */
async function scopeIdOf(
  db: Db,
  key: FlagKey,
  scope: FlagScope,
  scopeId: string | undefined,
): Promise<{ id: string; label: string }> {
  const refused = flagScopeRule(key, scope, scopeId)
  if (refused) throw refusal(refused)
  if (scope === 'global') return { id: '', label: 'global' }
  // flagScopeRule has named the channel or the exocorp.
  if (scope === 'channel') {
    const channel = ReleaseChannelSchema.parse(scopeId)
    return { id: channel, label: `channel ${channel}` }
  }
  const named = scopeId ?? ''
  const [company] = await db
    .select({ id: companies.id, slug: companies.slug })
    .from(companies)
    .where(and(or(eq(companies.id, named), eq(companies.slug, named)), ne(companies.status, 'destroyed')))
    .limit(1)
  if (!company) throw AppError.notFound('Exocorp')
  return { id: company.id, label: company.slug }
}

async function applyChange(
  tx: Db,
  deps: Pick<Deps, 'clock'>,
  c: {
    key: FlagKey
    scope: FlagScope
    scopeId: string
    scopeLabel: string
    to: FlagValue | null
    reason: string
    revertOf: string | null
  },
  actor: { id: string; email: string },
): Promise<FlagChange> {
  await lockKey(tx, `flag:${c.key}:${c.scope}:${c.scopeId}`)
  const where = and(eq(flagValues.key, c.key), eq(flagValues.scope, c.scope), eq(flagValues.scopeId, c.scopeId))
  const [current] = await tx.select().from(flagValues).where(where).limit(1)
  const from = current ? decode(current.value) : null
  const at = deps.clock.now().toISOString()
  if (c.to === null) await tx.delete(flagValues).where(where)
  else if (current)
    await tx
      .update(flagValues)
      .set({ value: encode(c.to)!, updatedAt: at, updatedBy: actor.email })
      .where(where)
  else
    await tx
      .insert(flagValues)
      .values({ key: c.key, scope: c.scope, scopeId: c.scopeId, value: encode(c.to)!, updatedAt: at, updatedBy: actor.email })
  const change: FlagChange = {
    id: newId(),
    at,
    key: c.key,
    scope: c.scope,
    scopeId: c.scopeId,
    scopeLabel: c.scopeLabel,
    from,
    to: c.to,
    reason: c.reason,
    actor: actor.email,
    revertOf: c.revertOf,
  }
  await tx.insert(flagChanges).values({
    id: change.id,
    at,
    key: c.key,
    scope: c.scope,
    scopeId: c.scopeId,
    scopeLabel: c.scopeLabel,
    fromValue: encode(from),
    toValue: encode(c.to),
    reason: c.reason,
    actorId: actor.id,
    actorLabel: actor.email,
    revertOf: c.revertOf,
  })
  return change
}

/** Sets (or clears, `value: null`) a flag at a scope; 400 for a value or scope the flag does not take. */
export async function setFlag(deps: Pick<Deps, 'db' | 'clock'>, actor: { id: string; email: string }, input: SetFlagInput) {
  if (input.value !== null) {
    const refused = flagValueRule(input.key, input.value)
    if (refused) throw refusal(refused)
  }
  const scope = await scopeIdOf(deps.db, input.key, input.scope, input.scopeId)
  return deps.db.write((tx) =>
    applyChange(tx, deps, { ...input, scopeId: scope.id, scopeLabel: scope.label, to: input.value, revertOf: null }, actor),
  )
}

/**
 * Undoes one change: its `from` is set back, as a new change that names it. Refused (409
 * `superseded`) when the value has changed since, so a revert never silently undoes a later change.
 */
export async function revertFlagChange(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: { id: string; email: string },
  changeId: string,
  reason: string | undefined,
) {
  return deps.db.write(async (tx) => {
    const [row] = await tx.select().from(flagChanges).where(eq(flagChanges.id, changeId)).limit(1)
    if (!row || !FLAG_DEFINITIONS.some((d) => d.key === row.key)) throw AppError.notFound('Flag change')
    const key = row.key as FlagKey
    const [current] = await tx
      .select()
      .from(flagValues)
      .where(and(eq(flagValues.key, key), eq(flagValues.scope, row.scope), eq(flagValues.scopeId, row.scopeId)))
      .limit(1)
    const now = current ? decode(current.value) : null
    if (now !== decode(row.toValue)) {
      throw AppError.conflict('superseded', 'The flag has changed since; revert the later change first', { current: now })
    }
    return applyChange(
      tx,
      deps,
      {
        key,
        scope: row.scope,
        scopeId: row.scopeId,
        scopeLabel: row.scopeLabel,
        to: decode(row.fromValue),
        reason: reason?.trim() || `Revert of the change made ${row.at} by ${row.actorLabel}`,
        revertOf: row.id,
      },
      actor,
    )
  })
}

export async function flagHistory(deps: Pick<Deps, 'db'>, q: FlagHistoryQuery): Promise<FlagChangePage> {
  const where: (SQL | undefined)[] = []
  if (q.key) where.push(eq(flagChanges.key, q.key))
  const after = decodeCursor(q.cursor, pairCursor)
  if (after) {
    where.push(or(sql`${flagChanges.at} < ${after[0]}`, and(eq(flagChanges.at, after[0]), sql`${flagChanges.id} < ${after[1]}`)))
  }
  const rows = await deps.db
    .select()
    .from(flagChanges)
    .where(and(...where))
    .orderBy(desc(flagChanges.at), desc(flagChanges.id))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at,
      key: r.key as FlagKey,
      scope: r.scope,
      scopeId: r.scopeId,
      scopeLabel: r.scopeLabel,
      from: decode(r.fromValue),
      to: decode(r.toValue),
      reason: r.reason,
      actor: r.actorLabel,
      revertOf: r.revertOf,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.at, last.id]) : null,
  }
}
