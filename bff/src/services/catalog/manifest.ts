import { stringify } from 'yaml'
import type { Binding, BindingList, Release } from '@exocorp/shared/companies'
import type { Deps } from '../../deps'
import { parseDraftConfig, type CompanyRow } from './bindings'
import { activePriceBook } from './pricing'

export interface RenderManifestInput {
  company: Pick<CompanyRow, 'id' | 'slug' | 'name' | 'channel' | 'draftVersion' | 'draftConfig'>
  release: Release
  bindings: Binding[] | BindingList
}

/**
 * The effective manifest: draft + release + bindings, as YAML. Credentials appear only as provider,
 * secret id, label and last four characters; the runtime is handed values some other way.
 */
export async function renderManifest(deps: Pick<Deps, 'db'>, input: RenderManifestInput): Promise<string> {
  const { company, release } = input
  const items = Array.isArray(input.bindings) ? input.bindings : input.bindings.items
  const draft = parseDraftConfig(company.draftConfig) ?? { agents: [], providers: [], settings: {} }
  const book = await activePriceBook(deps)
  const doc = {
    apiVersion: 'exocorp.company/v1',
    kind: 'Exocorp',
    metadata: {
      id: company.id,
      slug: company.slug,
      name: company.name,
      channel: company.channel,
      draftVersion: company.draftVersion,
    },
    release: {
      version: release.version,
      channel: release.channel,
      publishedAt: release.publishedAt,
      requiredProviders: release.requiredProviders,
      optionalProviders: release.optionalProviders,
      // What the release reads from `settings` below (decision 052): the runtime falls back to these defaults.
      settings: release.settings.map((d) => ({ key: d.key, type: d.type, default: d.default })),
    },
    providers: items.map((b) => ({
      name: b.provider,
      required: b.required,
      credential: b.secretId ? { secretId: b.secretId, label: b.secretLabel, last4: b.last4 } : null,
    })),
    agents: draft.agents.map((a) => ({
      name: a.name,
      role: a.role,
      model: a.model,
      ...(a.schedules?.length ? { schedules: a.schedules } : {}),
    })),
    settings: draft.settings,
    pricing: book ? { priceBook: book.id, version: book.version } : null,
  }
  return `# Effective manifest for ${JSON.stringify(company.slug)}. Credentials are shown as label and last 4 only.\n${stringify(doc, { lineWidth: 0 })}`
}
