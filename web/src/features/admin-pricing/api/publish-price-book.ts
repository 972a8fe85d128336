import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { PriceBookSchema, type PublishPriceBookInput } from '@exocorp/shared/configuration'
import { api } from '@/lib/api-client'
import { adminPricingQueries } from './queries'

export function publishPriceBook(input: PublishPriceBookInput) {
  return api.post(ADMIN_API.publishPriceBook, PriceBookSchema, { body: input })
}

/** Publishes the next version; the list is read again (model prices follow on their next read). */
export function usePublishPriceBook() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: publishPriceBook,
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminPricingQueries.all() }),
  })
}
