import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { StoreProductSchema, type AddStoreProductInput } from '@exocorp/shared/commerce'
import { api } from '@/lib/api-client'
import { commerceKeys } from './keys'

/**
 * Adds a product to the exocorp's store (owners; decision 060). The runtime reports the change in a
 * snapshot, which is pushed; the store is read again after the call too, for when the stream is not live.
 */
export function useAddStoreProduct(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    // A price the form could not read is sent as null: the server's field error says what is wrong.
    mutationFn: (body: Omit<AddStoreProductInput, 'priceMinor'> & { priceMinor: number | null }) =>
      api.post(API.registry.addStoreProduct, StoreProductSchema, { params: { id: companyId }, body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: commerceKeys.all(companyId) }),
  })
}
