import type { DraftConfig } from '@exocorp/shared/companies'
import type { Deps } from '../deps'
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../services/audit'
import { createProviderSecret } from '../services/catalog/secrets'
import { createCompany } from '../services/companies/companies'
import { requestLifecycleAction } from '../services/lifecycle/engine'
import { inFlightJob } from '../services/lifecycle/jobs'
import type { LifecycleAction } from '@exocorp/shared/companies'

const AGENTS: DraftConfig['agents'] = [
  { name: 'Ada', role: 'Chief executive: sets goals and budgets', model: 'gpt-4o' },
  { name: 'Brunel', role: 'Engineer: ships features', model: 'claude-sonnet-4' },
  { name: 'Curie', role: 'Researcher: reads papers, writes briefs', model: 'gpt-4o-mini' },
]

interface DemoCompany {
  slug: string
  name: string
  agents: DraftConfig['agents']
  /** Actions run in order through the engine, each waiting for the previous job. */
  actions: LifecycleAction[]
}

/** One exocorp per interesting state, all reached through the lifecycle engine (nothing faked). */
const DEMO_COMPANIES: DemoCompany[] = [
  { slug: 'northwind', name: 'Northwind Research', agents: AGENTS, actions: ['provision'] },
  { slug: 'acme-support', name: 'Acme Support Desk', agents: AGENTS.slice(0, 2), actions: ['provision', 'pause'] },
  { slug: 'orbit-labs', name: 'Orbit Labs', agents: AGENTS.slice(1), actions: ['provision', 'stop'] },
  // No agents: the "validate draft" phase fails, so the detail page shows a real failed job.
  { slug: 'helios', name: 'Helios Trading', agents: [], actions: ['provision'] },
  { slug: 'nova-studio', name: 'Nova Studio', agents: AGENTS.slice(0, 1), actions: [] },
]

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function jobsDone(deps: Pick<Deps, 'db'>, companyId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while ((await inFlightJob(deps, companyId)) && Date.now() < deadline) await sleep(100)
}

/**
 * Gives the demo owner credentials and a fleet in several states: running and paused ones are
 * real runtimes started now. Needs the lifecycle host started (worker running).
 */
export async function seedDemoCompanies(deps: Deps, owner: { id: string; email: string }) {
  const actor: Actor = { type: 'user', id: owner.id, label: owner.email }
  await createProviderSecret(deps, owner.id, {
    provider: 'openai',
    label: 'Demo OpenAI key',
    value: 'sk-demo-openai-not-a-real-key-0001',
  })
  await createProviderSecret(deps, owner.id, {
    provider: 'anthropic',
    label: 'Demo Anthropic key',
    value: 'sk-ant-demo-not-a-real-key-0002',
  })
  const created = []
  for (const d of DEMO_COMPANIES) {
    const row = await createCompany(deps, owner.id, {
      name: d.name,
      slug: d.slug,
      draft: { agents: d.agents, providers: [], settings: {} },
    })
    created.push({ d, row })
    await recordAudit(deps, {
      actor: SYSTEM_ACTOR,
      action: 'demo.company_created',
      target: { type: 'company', id: row.id },
      outcome: 'succeeded',
      summary: `Demo exocorp ${row.slug} created for ${owner.email}`,
    })
  }
  // Each exocorp's actions run in sequence; different exocorps in parallel.
  await Promise.all(
    created.map(async ({ d, row }) => {
      for (const action of d.actions) {
        try {
          await requestLifecycleAction(deps, {
            companyId: row.id,
            action,
            actor,
            access: { kind: 'system' },
            bypassConfirm: true,
            via: 'demo',
          })
        } catch (err) {
          deps.log.warn(
            { slug: d.slug, action, err: { message: err instanceof Error ? err.message : String(err) } },
            'demo action refused',
          )
          return
        }
        await jobsDone(deps, row.id)
      }
    }),
  )
}
