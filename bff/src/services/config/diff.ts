import { parse } from 'yaml'
import { DraftConfigSchema, type LifecycleAction } from '@exocorp/shared/companies'
import { compareConfigs, hasChanges, type ConfigChanges } from '@exocorp/shared/config-diff'
import type { ApplyPlan, DraftDiff } from '@exocorp/shared/configuration'
import type { Deps } from '../../deps'
import { listBindings, targetReleaseFor } from '../catalog/bindings'
import { renderManifest } from '../catalog/manifest'
import type { CompanyRow, MembershipRole } from '../companies/access'
import { evaluateAction } from '../lifecycle/policy'
import { isDestructive } from '../lifecycle/state-machine'
import { withAgentIds, type IdentifiedConfig } from './agent-ids'
import { draftConfigOf } from '../companies/companies'

// The comparison itself is shared with the msw mock (shared/src/config-diff.ts).
export { compareConfigs, hasChanges, type ConfigChanges }

/** One line for the audit trail: which agents, settings and providers an edit changed. */
export function describeChanges(c: ConfigChanges): string {
  const parts: string[] = []
  for (const a of c.agents) {
    if (a.change === 'added') parts.push(`added agent ${a.name} (${a.fields.find((f) => f.field === 'model')?.to})`)
    else if (a.change === 'removed') parts.push(`removed agent ${a.name}`)
    else
      parts.push(
        `agent ${a.name}: ${a.fields.map((f) => `${f.field} ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}`).join(', ')}`,
      )
  }
  for (const s of c.settings) parts.push(`setting ${s.key} ${s.change}`)
  if (c.providers.added.length) parts.push(`providers + ${c.providers.added.join(', ')}`)
  if (c.providers.removed.length) parts.push(`providers − ${c.providers.removed.join(', ')}`)
  return parts.length ? parts.join('; ') : 'no changes'
}

/** Before/after of an edit for the audit details: names and models, never more than 20 entries. */
export function auditDetailsOf(c: ConfigChanges) {
  return {
    agents: c.agents.slice(0, 20).map((a) => ({
      id: a.id,
      change: a.change,
      before: a.change === 'added' ? null : Object.fromEntries(a.fields.map((f) => [f.field, f.from])),
      after: a.change === 'removed' ? null : Object.fromEntries(a.fields.map((f) => [f.field, f.to])),
    })),
    settings: c.settings.slice(0, 20).map((s) => ({ key: s.key, change: s.change })),
    providers: c.providers,
  }
}

function parseConfig(json: string | null): IdentifiedConfig | null {
  if (!json) return null
  try {
    const r = DraftConfigSchema.safeParse(JSON.parse(json))
    return r.success ? withAgentIds(r.data) : null
  } catch {
    return null
  }
}

/** Agents and settings of a stored manifest (runtimes provisioned before `deployed_config` existed). */
function configFromManifest(yaml: string | null): IdentifiedConfig | null {
  if (!yaml) return null
  try {
    const doc: unknown = parse(yaml)
    if (!doc || typeof doc !== 'object') return null
    const { agents, settings } = doc as { agents?: unknown; settings?: unknown }
    const r = DraftConfigSchema.safeParse({ agents: agents ?? [], providers: [], settings: settings ?? {} })
    return r.success ? withAgentIds(r.data) : null
  } catch {
    return null
  }
}

/** The configuration the runtime was last provisioned from; null when nothing was ever deployed. */
export function runningConfigOf(
  company: Pick<CompanyRow, 'deployedConfig' | 'deployedDraftVersion' | 'draftVersion' | 'draftConfig' | 'manifestYaml'>,
): IdentifiedConfig | null {
  if (company.deployedDraftVersion === null) return null
  return (
    parseConfig(company.deployedConfig) ??
    (company.deployedDraftVersion === company.draftVersion ? draftConfigOf(company) : configFromManifest(company.manifestYaml))
  )
}

/**
 * The action that puts the saved draft into the runtime: a first (or failed) provision provisions;
 * a running exocorp with a newer release updates (which applies the draft too); one with only a
 * changed draft is reprovisioned (a fresh runtime, destructive); a stopped one with a changed draft
 * too, else it is simply started.
 */
export function applyActionFor(
  company: Pick<CompanyRow, 'status'>,
  configChanged: boolean,
  releaseChanged: boolean,
): LifecycleAction | null {
  switch (company.status) {
    case 'draft':
    case 'failed':
      return 'provision'
    case 'stopped':
      return configChanged ? 'reprovision' : 'provision'
    case 'running':
    case 'paused':
      if (releaseChanged) return 'update'
      return configChanged ? 'reprovision' : null
    default:
      return null
  }
}

const APPLY_SUMMARY: Partial<Record<LifecycleAction, string>> = {
  provision: 'Provisions a runtime from the saved draft.',
  update: 'Updates the runtime to the newest release with the saved draft.',
  reprovision: 'Replaces the runtime with a fresh one built from the saved draft; its data is reset.',
}

export async function draftDiff(deps: Pick<Deps, 'db'>, company: CompanyRow, role: MembershipRole): Promise<DraftDiff> {
  const draft = draftConfigOf(company)
  const running = runningConfigOf(company)
  const changes = compareConfigs(running, draft)
  const configChanged = running === null || hasChanges(changes)
  const target = await targetReleaseFor(deps, company)
  const to = target?.version ?? null
  const releaseChanged = company.installedVersion !== null && to !== null && to !== company.installedVersion
  const action = applyActionFor(company, configChanged, releaseChanged)
  let apply: ApplyPlan | null = null
  if (action) {
    const { refusal } = await evaluateAction(deps, company, action)
    apply = {
      action,
      allowed: role === 'owner' && refusal === null,
      reason: role !== 'owner' ? 'Only the owner of this exocorp can apply the draft' : (refusal?.message ?? null),
      destructive: isDestructive(action),
      summary:
        action === 'provision' && company.status === 'stopped'
          ? 'Starts the runtime again; the draft has not changed since it last ran.'
          : (APPLY_SUMMARY[action] ?? ''),
    }
  }
  let manifest: DraftDiff['manifest'] = null
  if (role === 'owner') {
    const draftYaml = target
      ? await renderManifest(deps, { company, release: target, bindings: await listBindings(deps, company.id, target) })
      : null
    manifest = { running: company.deployedDraftVersion === null ? null : company.manifestYaml, draft: draftYaml }
  }
  return {
    draftVersion: company.draftVersion,
    deployedDraftVersion: company.deployedDraftVersion,
    hasRunning: running !== null,
    changed: configChanged || releaseChanged,
    agents: changes.agents,
    settings: changes.settings,
    providers: changes.providers,
    release: {
      from: company.installedVersion,
      to,
      changed: releaseChanged || (company.installedVersion === null && to !== null),
    },
    manifest,
    apply,
  }
}
