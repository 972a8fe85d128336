import { useMutation, useQueryClient } from '@tanstack/react-query'
import { MeSchema, type LoginInput } from '@exocorp/shared/auth'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'
import { authQueries } from './queries'

export function signIn(input: LoginInput) {
  return api.post(API.auth.login, MeSchema, { body: input })
}

export function useSignIn() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: signIn,
    onSuccess: (me) => {
      // Another user's cached data must not survive a change of identity.
      queryClient.clear()
      queryClient.setQueryData(authQueries.me().queryKey, me)
    },
  })
}
