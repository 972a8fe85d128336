import { useMutation, useQueryClient } from '@tanstack/react-query'
import { CompanyDetailSchema, type CreateCompanyInput } from '@exocorp/shared/companies'
import { api } from '@/lib/api-client'
import { companyQueries } from './queries'

export function createCompany(input: CreateCompanyInput) {
  return api.post('/api/registry/companies', CompanyDetailSchema, input)
}

export function useCreateCompany() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createCompany,
    onSuccess: (company) => {
      queryClient.setQueryData(companyQueries.detail(company.id).queryKey, company)
      void queryClient.invalidateQueries({ queryKey: companyQueries.list().queryKey })
      void queryClient.invalidateQueries({ queryKey: companyQueries.summary().queryKey })
    },
  })
}
