import type { DraftAgent, DraftConfig } from './companies'
import type { AgentChange, DraftDiff } from './configuration'

/*
 * What a saved draft changes against what runs (decision 028): one pure comparison shared by the
 * BFF (the diff endpoint and the before/after of audited draft edits) and the msw mock, so the two
 * cannot list different changes for the same configurations.
 */

export type IdentifiedAgent = DraftAgent & { id: string }
export type IdentifiedConfig = Omit<DraftConfig, 'agents'> & { agents: IdentifiedAgent[] }

export interface ConfigChanges {
  agents: AgentChange[]
  settings: DraftDiff['settings']
  providers: DraftDiff['providers']
}

const FIELDS = ['name', 'role', 'model', 'schedules'] as const

/** An agent's field as the diff shows it; schedules read `name (cron)`, comma-separated. */
function fieldText(a: DraftAgent, f: (typeof FIELDS)[number]): string {
  if (f !== 'schedules') return a[f]
  return (a.schedules ?? []).map((s) => `${s.name} (${s.cron})`).join(', ')
}

/** What `after` changes against `before` (null: nothing before, everything is added). */
export function compareConfigs(before: IdentifiedConfig | null, after: IdentifiedConfig): ConfigChanges {
  const old = new Map((before?.agents ?? []).map((a) => [a.id, a]))
  const agents: AgentChange[] = []
  for (const a of after.agents) {
    const was = old.get(a.id)
    if (!was) {
      const fields = FIELDS.map((f) => ({ field: f, from: '', to: fieldText(a, f) })).filter(
        (f) => f.field !== 'schedules' || f.to,
      )
      agents.push({ id: a.id, name: a.name, change: 'added', fields })
      continue
    }
    old.delete(a.id)
    const fields = FIELDS.filter((f) => fieldText(was, f) !== fieldText(a, f)).map((f) => ({
      field: f,
      from: fieldText(was, f),
      to: fieldText(a, f),
    }))
    if (fields.length) agents.push({ id: a.id, name: a.name, change: 'changed', fields })
  }
  for (const a of old.values()) {
    const fields = FIELDS.map((f) => ({ field: f, from: fieldText(a, f), to: '' })).filter(
      (f) => f.field !== 'schedules' || f.from,
    )
    agents.push({ id: a.id, name: a.name, change: 'removed', fields })
  }
  const settings: ConfigChanges['settings'] = []
  const oldSettings = before?.settings ?? {}
  for (const [key, to] of Object.entries(after.settings)) {
    const from = Object.hasOwn(oldSettings, key) ? oldSettings[key]! : null
    if (from === null) settings.push({ key, change: 'added', from: null, to })
    else if (from !== to) settings.push({ key, change: 'changed', from, to })
  }
  for (const [key, from] of Object.entries(oldSettings)) {
    if (!Object.hasOwn(after.settings, key)) settings.push({ key, change: 'removed', from, to: null })
  }
  const oldProviders = new Set(before?.providers ?? [])
  const newProviders = new Set(after.providers)
  return {
    agents,
    settings,
    providers: {
      added: after.providers.filter((p) => !oldProviders.has(p)),
      removed: (before?.providers ?? []).filter((p) => !newProviders.has(p)),
    },
  }
}

export function hasChanges(c: ConfigChanges): boolean {
  return c.agents.length > 0 || c.settings.length > 0 || c.providers.added.length > 0 || c.providers.removed.length > 0
}
