import { queryOptions } from '@tanstack/react-query'
import { MeSchema } from '@exocorp/shared/auth'
import { API } from '@exocorp/shared/api-paths'
import { api, isApiError } from '@/lib/api-client'

export const authQueries = {
  all: () => ['auth'] as const,
  /** The signed-in identity, or null when nobody is signed in. */
  me: () =>
    queryOptions({
      queryKey: [...authQueries.all(), 'me'] as const,
      queryFn: async ({ signal }) => {
        try {
          return await api.get(API.auth.me, MeSchema, { signal })
        } catch (e) {
          if (isApiError(e) && e.status === 401) return null
          throw e
        }
      },
      staleTime: 60_000,
    }),
}
