import { useMutation } from '@tanstack/react-query'
import { SignupResultSchema, type SignupInput } from '@exocorp/shared/auth'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'

export function signUp(input: SignupInput) {
  return api.post(API.auth.signup, SignupResultSchema, { body: input })
}

/** The identity is written to the cache only after the recovery kit is acknowledged (see SignUpPage). */
export function useSignUp() {
  return useMutation({ mutationFn: signUp })
}
