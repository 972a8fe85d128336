import { useMutation } from '@tanstack/react-query'
import {
  ActionResultSchema,
  BindingListSchema,
  CompanyDetailSchema,
  DraftSchema,
  type CompanyDetail,
  type DraftConfig,
  type CreateCompanyInput,
  type Provider,
} from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'

/** A new exocorp needs at least one agent to provision; onboarding starts it with this team. */
export const STARTER_AGENTS: DraftConfig['agents'] = [
  { name: 'CEO', role: 'Sets goals, plans the work and reviews results', model: 'gpt-4.1' },
  { name: 'Engineer', role: 'Builds and ships what the CEO asks for', model: 'gpt-4.1' },
]

/** Creates the draft, saves the starter team into it, then binds the credentials picked along the way. */
export async function createDraftCompany(
  input: CreateCompanyInput,
  picks: Partial<Record<Provider, string>>,
  onSaved: (company: CompanyDetail) => void,
) {
  const company = await api.post(API.registry.createCompany, CompanyDetailSchema, { body: input })
  // The draft exists from here on: remember it even if a binding below fails.
  onSaved(company)
  const params = { id: company.id }
  const draft = await api.get(API.registry.draft, DraftSchema, { params })
  if (draft.config.agents.length === 0) {
    await api.post(API.registry.saveDraft, DraftSchema, {
      params,
      body: { baseVersion: draft.version, config: { ...draft.config, agents: STARTER_AGENTS } },
    })
  }
  for (const [provider, secretId] of Object.entries(picks)) {
    if (secretId) await api.post(API.registry.bind, BindingListSchema, { params, body: { provider, secretId } })
  }
  return company
}

export function useCreateDraftCompany(onSaved: (company: CompanyDetail) => void) {
  return useMutation({
    mutationFn: ({ input, picks }: { input: CreateCompanyInput; picks: Partial<Record<Provider, string>> }) =>
      createDraftCompany(input, picks, onSaved),
  })
}

export function useProvisionNow(onStarted: (result: { company: CompanyDetail }) => void) {
  return useMutation({
    mutationFn: (id: string) =>
      api.post(API.registry.companyAction, ActionResultSchema, { params: { id }, body: { action: 'provision' } }),
    onSuccess: onStarted,
  })
}
