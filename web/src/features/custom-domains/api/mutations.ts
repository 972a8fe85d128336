import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { CustomDomainListSchema, CustomDomainSchema } from '@exocorp/shared/domains'
import { api } from '@/lib/api-client'
import { customDomainQueries } from './queries'

/** Add, check and remove are audited on the server; the list is read again after each. */
export function useCustomDomainActions(companyId: string) {
  const queryClient = useQueryClient()
  const onSettled = () => queryClient.invalidateQueries({ queryKey: customDomainQueries.all(companyId) })
  return {
    add: useMutation({
      mutationFn: (domain: string) =>
        api.post(API.registry.addCustomDomain, CustomDomainSchema, { params: { id: companyId }, body: { domain } }),
      onSettled,
    }),
    check: useMutation({
      mutationFn: (domainId: string) =>
        api.post(API.registry.checkCustomDomain, CustomDomainSchema, { params: { id: companyId, domainId }, body: {} }),
      onSettled,
    }),
    remove: useMutation({
      mutationFn: (domainId: string) =>
        api.delete(API.registry.removeCustomDomain, CustomDomainListSchema, { params: { id: companyId, domainId } }),
      onSettled,
    }),
  }
}
