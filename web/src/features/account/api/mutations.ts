import { useMutation, useQueryClient } from '@tanstack/react-query'
import {
  ChangePasswordResultSchema,
  RecoveryKitSavedSchema,
  RecoveryKitSchema,
  SignedOutSchema,
  type ChangePasswordInput,
  type DeviceSessionList,
  type UpdateProfileInput,
} from '@exocorp/shared/account'
import { API } from '@exocorp/shared/api-paths'
import { MeSchema, type Me } from '@exocorp/shared/auth'
import { api } from '@/lib/api-client'
import { accountQueries } from './queries'

/** Saves the profile; the caller writes the returned Me into the auth cache. */
export function useUpdateProfile(onSaved: (me: Me) => void) {
  return useMutation({
    mutationFn: (input: UpdateProfileInput) => api.patch(API.account.updateProfile, MeSchema, { body: input }),
    onSuccess: onSaved,
  })
}

export function useChangePassword(onChanged?: () => void) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => api.post(API.account.changePassword, ChangePasswordResultSchema, { body: input }),
    onSuccess: () => onChanged?.(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountQueries.sessions().queryKey }),
  })
}

export function useRegenerateRecoveryKit() {
  return useMutation({
    mutationFn: (password: string) => api.post(API.account.recoveryKit, RecoveryKitSchema, { body: { password } }),
  })
}

/** The user saved the kit: the server stops holding it for this session. */
export function useConfirmRecoveryKitSaved() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.post(API.account.recoveryKitSaved, RecoveryKitSavedSchema, { body: {} }),
    onSuccess: () => queryClient.setQueryData(accountQueries.pendingRecoveryKit().queryKey, { recoveryCodes: null }),
  })
}

/** Signing out a device is destructive for that device, but cheap to show at once: optimistic. */
export function useEndSession() {
  const queryClient = useQueryClient()
  const key = accountQueries.sessions().queryKey
  return useMutation({
    mutationFn: (sessionId: string) => api.delete(API.account.endSession, SignedOutSchema, { params: { sessionId } }),
    onMutate: async (sessionId) => {
      await queryClient.cancelQueries({ queryKey: key })
      const previous = queryClient.getQueryData<DeviceSessionList>(key)
      queryClient.setQueryData<DeviceSessionList>(key, (old) =>
        old ? { items: old.items.filter((s) => s.id !== sessionId) } : old,
      )
      return { previous }
    },
    onError: (_err, _id, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous)
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  })
}

export function useEndOtherSessions() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.post(API.account.endOtherSessions, SignedOutSchema, { body: {} }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountQueries.sessions().queryKey }),
  })
}
