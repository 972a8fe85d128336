import { queryOptions } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { InvitationListSchema, MemberListSchema, MyInvitationListSchema } from '@exocorp/shared/teams'
import { api } from '@/lib/api-client'

export const teamQueries = {
  all: () => ['teams'] as const,
  members: (companyId: string) =>
    queryOptions({
      queryKey: [...teamQueries.all(), 'members', companyId] as const,
      queryFn: ({ signal }) => api.get(API.registry.members, MemberListSchema, { params: { id: companyId }, signal }),
    }),
  invitations: (companyId: string) =>
    queryOptions({
      queryKey: [...teamQueries.all(), 'invitations', companyId] as const,
      queryFn: ({ signal }) => api.get(API.registry.invitations, InvitationListSchema, { params: { id: companyId }, signal }),
    }),
  /** Pending invitations addressed to me (the user menu's badge polls this gently). */
  mine: () =>
    queryOptions({
      queryKey: [...teamQueries.all(), 'mine'] as const,
      queryFn: ({ signal }) => api.get(API.account.invitations, MyInvitationListSchema, { signal }),
      refetchInterval: 60_000,
    }),
}
