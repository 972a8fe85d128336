import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import {
  InvitationResponseSchema,
  InvitationSchema,
  IssuedInvitationSchema,
  type CreateInvitationInput,
  type MyInvitationList,
} from '@exocorp/shared/teams'
import { api } from '@/lib/api-client'
import { teamQueries } from './queries'

export function useCreateInvitation(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: CreateInvitationInput) =>
      api.post(API.registry.createInvitation, IssuedInvitationSchema, { params: { id: companyId }, body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: teamQueries.invitations(companyId).queryKey }),
  })
}

export function useResendInvitation(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (invitationId: string) =>
      api.post(API.registry.resendInvitation, IssuedInvitationSchema, { params: { id: companyId, invitationId }, body: {} }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: teamQueries.invitations(companyId).queryKey }),
  })
}

export function useRevokeInvitation(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (invitationId: string) =>
      api.delete(API.registry.revokeInvitation, InvitationSchema, { params: { id: companyId, invitationId } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: teamQueries.invitations(companyId).queryKey }),
  })
}

/**
 * Accept or decline in place: the invitation leaves the list at once (optimistic) and comes back if
 * the server refuses; on accept the exocorp lists are refreshed by the caller's `onAccepted`.
 */
export function useRespondToInvitation(onSettled?: () => void) {
  const queryClient = useQueryClient()
  const key = teamQueries.mine().queryKey
  return useMutation({
    mutationFn: ({ invitationId, response }: { invitationId: string; response: 'accept' | 'decline' }) =>
      api.post(response === 'accept' ? API.account.acceptInvitation : API.account.declineInvitation, InvitationResponseSchema, {
        params: { invitationId },
        body: {},
      }),
    onMutate: async ({ invitationId }) => {
      await queryClient.cancelQueries({ queryKey: key })
      const previous = queryClient.getQueryData<MyInvitationList>(key)
      queryClient.setQueryData<MyInvitationList>(key, (old) =>
        old ? { items: old.items.filter((i) => i.id !== invitationId) } : old,
      )
      return { previous }
    },
    onError: (_err, _vars, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous)
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: key })
      onSettled?.()
    },
  })
}

export function useAcceptInvitationLink() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (token: string) => api.post(API.account.acceptInvitationLink, InvitationResponseSchema, { body: { token } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: teamQueries.mine().queryKey }),
  })
}
