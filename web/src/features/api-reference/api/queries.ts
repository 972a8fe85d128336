import { queryOptions } from '@tanstack/react-query'
import { OPENAPI_ENDPOINT, OpenApiDocumentSchema } from '@exocorp/shared/openapi'
import { api } from '@/lib/api-client'

export const apiReferenceQueries = {
  all: () => ['api-reference'] as const,
  /** The document changes only with a deploy; the browser revalidates it with its ETag. */
  document: () =>
    queryOptions({
      queryKey: [...apiReferenceQueries.all(), 'document'] as const,
      queryFn: ({ signal }) => api.get(OPENAPI_ENDPOINT, OpenApiDocumentSchema, { signal }),
      staleTime: Infinity,
    }),
}
