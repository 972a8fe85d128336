import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ApiErrorBodySchema } from '@exocorp/shared/errors'
import { ApiError } from '@/lib/api-client'
import { providerSecretQueries } from './queries'

/** DELETE answers 204 with no body, which the JSON client cannot parse; errors still become ApiError. */
export async function deleteProviderSecret(id: string): Promise<void> {
  const res = await fetch(`/api/registry/provider-secrets/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  })
  if (res.ok) return
  const parsed = ApiErrorBodySchema.safeParse(await res.json().catch(() => null))
  if (!parsed.success) throw new ApiError(res.status, 'unknown', `The server answered ${res.status}`)
  const { code, message, details, requestId } = parsed.data.error
  throw new ApiError(res.status, code, message, details, requestId)
}

export function useDeleteProviderSecret() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteProviderSecret,
    onSettled: () => queryClient.invalidateQueries({ queryKey: providerSecretQueries.all() }),
  })
}
