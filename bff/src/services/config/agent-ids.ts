import type { DraftConfig } from '@exocorp/shared/companies'
import type { IdentifiedConfig } from '@exocorp/shared/config-diff'

export type { IdentifiedAgent, IdentifiedConfig } from '@exocorp/shared/config-diff'

function baseIdOf(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return base || 'agent'
}

/** A free id for an agent called `name`: its name as a URL segment, with -2, -3… when taken. */
export function freeAgentId(name: string, taken: ReadonlySet<string>): string {
  const base = baseIdOf(name)
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

/**
 * Gives every agent a stable id. Agents saved before ids existed (or sent without one) get one
 * derived from their name, in list order, so the same draft always yields the same ids and the
 * first save after that keeps them for good (renames do not change an id).
 */
export function withAgentIds(config: DraftConfig): IdentifiedConfig {
  const taken = new Set(config.agents.flatMap((a) => (a.id ? [a.id] : [])))
  const seen = new Set<string>()
  const agents = config.agents.map((a) => {
    if (a.id && !seen.has(a.id)) {
      seen.add(a.id)
      return { ...a, id: a.id }
    }
    const id = freeAgentId(a.name, taken)
    taken.add(id)
    seen.add(id)
    return { ...a, id }
  })
  return { ...config, agents }
}
