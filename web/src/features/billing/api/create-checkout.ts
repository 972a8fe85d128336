import { useMutation } from '@tanstack/react-query'
import { CheckoutResultSchema, type CheckoutInput } from '@exocorp/shared/billing'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { leaveApp } from '@/lib/leave-app'

export function createCheckout(input: CheckoutInput) {
  return api.post(API.billing.checkout, CheckoutResultSchema, { body: input })
}

/** Opens a checkout and sends the browser to the provider's page; the webhook books the payment. */
export function useCreateCheckout() {
  return useMutation({
    mutationFn: createCheckout,
    onSuccess: (result) => leaveApp(result.checkoutUrl),
  })
}
