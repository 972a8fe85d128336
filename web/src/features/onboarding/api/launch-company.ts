import { useMutation } from '@tanstack/react-query'
import {
  ActionResultSchema,
  BindingListSchema,
  CompanyDetailSchema,
  type CompanyDetail,
  type CreateCompanyInput,
  type Provider,
} from '@exocorp/shared/companies'
import { api } from '@/lib/api-client'

/** Creates the draft, then binds the credentials picked along the way. */
export async function createDraftCompany(
  input: CreateCompanyInput,
  picks: Partial<Record<Provider, string>>,
  onSaved: (company: CompanyDetail) => void,
) {
  const company = await api.post('/api/registry/companies', CompanyDetailSchema, input)
  // The draft exists from here on: remember it even if a binding below fails.
  onSaved(company)
  for (const [provider, secretId] of Object.entries(picks)) {
    if (secretId)
      await api.post(`/api/registry/companies/${encodeURIComponent(company.id)}/bindings`, BindingListSchema, {
        provider,
        secretId,
      })
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
      api.post(`/api/registry/companies/${encodeURIComponent(id)}/actions`, ActionResultSchema, { action: 'provision' }),
    onSuccess: onStarted,
  })
}
