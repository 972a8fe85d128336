import { QueryClient } from '@tanstack/react-query'
import { isApiError } from './api-client'

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // 4xx answers will not change on retry; network blips and 5xx might.
        retry: (count, error) => count < 2 && !(isApiError(error) && error.status < 500),
        refetchOnWindowFocus: true,
      },
      // 'always': a mutation sent while offline fails at once and says so, instead of being held and
      // replayed seconds after the connection returns without the person seeing it happen.
      mutations: { retry: false, networkMode: 'always' },
    },
  })
}
