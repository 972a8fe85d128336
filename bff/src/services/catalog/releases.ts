import { eq, inArray, sql } from 'drizzle-orm'
import { ProviderSchema, type Provider, type Release, type ReleaseChannel } from '@exocorp/shared/companies'
import { SettingDeclarationSchema, type SettingDeclaration } from '@exocorp/shared/settings'
import { z } from 'zod/mini'
import type { Deps } from '../../deps'
import { releases } from '../../db/schema/catalog'
import { preparedRead } from '../../db/prepared'

type ReleaseRow = typeof releases.$inferSelect

/**
 * A channel sees its own releases and every steadier one: beta also gets a stable release that
 * overtakes it, canary gets everything. So switching to a riskier channel never goes backwards.
 */
export const CHANNELS_SEEN_FROM: Record<ReleaseChannel, ReleaseChannel[]> = {
  stable: ['stable'],
  beta: ['stable', 'beta'],
  canary: ['stable', 'beta', 'canary'],
}

function providerList(json: string): Provider[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return []
  }
  if (!Array.isArray(parsed)) return []
  return parsed.flatMap((p) => {
    const r = ProviderSchema.safeParse(p)
    return r.success ? [r.data] : []
  })
}

const DeclarationsSchema = z.array(SettingDeclarationSchema)

/** A release's declared settings; a column that does not parse declares none (never a 500). */
function declarations(json: string): SettingDeclaration[] {
  try {
    const r = DeclarationsSchema.safeParse(JSON.parse(json))
    return r.success ? r.data : []
  } catch {
    return []
  }
}

export function toRelease(row: ReleaseRow): Release {
  return {
    version: row.version,
    channel: row.channel,
    publishedAt: row.publishedAt,
    notes: row.notes,
    requiredProviders: providerList(row.requiredProviders),
    optionalProviders: providerList(row.optionalProviders),
    settings: declarations(row.settings),
  }
}

interface ParsedVersion {
  core: [number, number, number]
  pre: (string | number)[]
}

function parseVersion(v: string): ParsedVersion | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim())
  if (!m) return null
  const pre = m[4] ? m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)) : []
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre }
}

/** Semver precedence (build metadata ignored); unparseable versions sort below every real one. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a)
  const pb = parseVersion(b)
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a.localeCompare(b)
  for (let i = 0; i < 3; i++) {
    const d = pa.core[i]! - pb.core[i]!
    if (d !== 0) return Math.sign(d)
  }
  // A release without a pre-release tag outranks its pre-releases.
  if (pa.pre.length === 0 && pb.pre.length === 0) return 0
  if (pa.pre.length === 0) return 1
  if (pb.pre.length === 0) return -1
  for (let i = 0; i < Math.max(pa.pre.length, pb.pre.length); i++) {
    const x = pa.pre[i]
    const y = pb.pre[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    if (x === y) continue
    if (typeof x === 'number' && typeof y === 'number') return Math.sign(x - y)
    if (typeof x === 'number') return -1
    if (typeof y === 'number') return 1
    return x < y ? -1 : 1
  }
  return 0
}

const newestFirst = (a: Release, b: Release) => compareVersions(b.version, a.version)

/** Releases published on exactly `channel` (all channels when omitted), newest first. */
export async function listReleases(deps: Pick<Deps, 'db'>, channel?: ReleaseChannel): Promise<Release[]> {
  const rows = await deps.db
    .select()
    .from(releases)
    .where(channel ? eq(releases.channel, channel) : undefined)
  return rows.map(toRelease).sort(newestFirst)
}

/** The release an exocorp on `channel` installs or updates to; null when the channel has none. */
export async function latestRelease(deps: Pick<Deps, 'db'>, channel: ReleaseChannel): Promise<Release | null> {
  const rows = await deps.db.select().from(releases).where(inArray(releases.channel, CHANNELS_SEEN_FROM[channel]))
  return rows.map(toRelease).sort(newestFirst)[0] ?? null
}

const releaseByVersion = preparedRead((db) =>
  db
    .select()
    .from(releases)
    .where(eq(releases.version, sql.placeholder('version')))
    .limit(1)
    .prepare(),
)
const allReleases = preparedRead((db) => db.select().from(releases).prepare())

export async function findRelease(deps: Pick<Deps, 'db'>, version: string): Promise<Release | null> {
  const [row] = await releaseByVersion(deps.db, { version })
  return row ? toRelease(row) : null
}

/** Latest release per channel, computed once for fleet-wide rollups. */
export async function latestByChannel(deps: Pick<Deps, 'db'>): Promise<Record<ReleaseChannel, Release | null>> {
  const all = (await allReleases(deps.db)).map(toRelease).sort(newestFirst)
  const pick = (ch: ReleaseChannel) => all.find((r) => CHANNELS_SEEN_FROM[ch].includes(r.channel)) ?? null
  return { stable: pick('stable'), beta: pick('beta'), canary: pick('canary') }
}
