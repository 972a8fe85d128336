import { queryOptions } from '@tanstack/react-query'
import { ReleaseSchema, SlugAvailabilitySchema, type ReleaseChannel } from '@exocorp/shared/companies'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'

export const onboardingQueries = {
  all: () => ['onboarding'] as const,
  slugAvailability: (slug: string) =>
    queryOptions({
      queryKey: [...onboardingQueries.all(), 'slug-availability', slug] as const,
      queryFn: ({ signal }) => api.get(API.registry.slugAvailability, SlugAvailabilitySchema, { query: { slug }, signal }),
      staleTime: 5_000,
    }),
  currentRelease: (channel: ReleaseChannel) =>
    queryOptions({
      queryKey: [...onboardingQueries.all(), 'current-release', channel] as const,
      queryFn: ({ signal }) => api.get(API.registry.currentRelease, ReleaseSchema, { query: { channel }, signal }),
      staleTime: 5 * 60_000,
    }),
}
