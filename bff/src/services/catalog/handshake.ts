import type { Provider, UpdateHandshake } from '@exocorp/shared/companies'
import type { Deps } from '../../deps'
import { planCredentials, type CompanyRow } from './bindings'
import { compareVersions, latestRelease } from './releases'

type HandshakeCompany = Pick<CompanyRow, 'id' | 'ownerUserId' | 'status' | 'channel' | 'installedVersion' | 'draftConfig'>

function listOf(providers: Provider[]) {
  return providers.length <= 1 ? (providers[0] ?? '') : `${providers.slice(0, -1).join(', ')} and ${providers.at(-1)}`
}

/**
 * Whether an exocorp is on the newest release of its channel, and if not whether it can get there:
 * `blocked` names the reason and the required providers that have no credential the bind phase
 * could use (none on the account, or several and nobody chose).
 */
export async function updateHandshake(deps: Pick<Deps, 'db'>, company: HandshakeCompany): Promise<UpdateHandshake> {
  const installedVersion = company.installedVersion
  const base = { installedVersion, channel: company.channel, missingProviders: [] as Provider[] }
  if (company.status === 'destroyed') {
    return { ...base, status: 'blocked', availableVersion: null, reason: 'This exocorp is destroyed', notes: null }
  }
  const latest = await latestRelease(deps, company.channel)
  if (!latest) {
    return {
      ...base,
      status: 'blocked',
      availableVersion: null,
      reason: `Release lookup failed: nothing is published on the ${company.channel} channel`,
      notes: null,
    }
  }
  if (installedVersion && compareVersions(installedVersion, latest.version) >= 0) {
    const ahead = compareVersions(installedVersion, latest.version) > 0
    return {
      ...base,
      status: 'up_to_date',
      availableVersion: latest.version,
      reason: null,
      notes: ahead
        ? `${installedVersion} is newer than the latest ${company.channel} release (${latest.version}); it stays until ${company.channel} passes it.`
        : null,
    }
  }
  const plan = await planCredentials(deps, company, latest)
  const autoNotes = plan.autoBindable.map(
    (b) => `${b.provider} will be bound to “${b.label}” (…${b.last4}), the only ${b.provider} credential on the account.`,
  )
  const notes = [latest.notes, ...autoNotes].filter(Boolean).join('\n') || null
  if (plan.missing.length > 0) {
    const verb = installedVersion ? `update to ${latest.version}` : `install ${latest.version}`
    const ambiguous =
      plan.ambiguous.length > 0 ? ` (choose one of your ${listOf(plan.ambiguous.map((a) => a.provider))} credentials)` : ''
    return {
      ...base,
      status: 'blocked',
      availableVersion: latest.version,
      reason: `Add a credential for ${listOf(plan.missing)} to ${verb}${ambiguous}${plan.revoked
        .map((r) => `; the ${r.provider} credential “${r.label}” was revoked by the platform: ${r.reason}`)
        .join('')}`,
      missingProviders: plan.missing,
      notes,
    }
  }
  return {
    ...base,
    status: installedVersion ? 'update_available' : 'install_required',
    availableVersion: latest.version,
    reason: null,
    notes,
  }
}
