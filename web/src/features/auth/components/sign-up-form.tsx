import { zodResolver } from '@hookform/resolvers/zod'
import { useForm } from 'react-hook-form'
import { SignupInputSchema, type SignupInput, type SignupResult } from '@exocorp/shared/auth'
import type { z } from 'zod/mini'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { isApiError } from '@/lib/api-client'
import { useSignUp } from '../api/sign-up'

export function SignUpForm({ onSignedUp }: { onSignedUp: (result: SignupResult) => void }) {
  const signUp = useSignUp()
  const { register, handleSubmit, formState } = useForm<z.input<typeof SignupInputSchema>, unknown, SignupInput>({
    resolver: zodResolver(SignupInputSchema),
  })
  const serverFields = isApiError(signUp.error) ? signUp.error.fieldErrors : {}
  const fieldError = (name: keyof SignupInput) => formState.errors[name]?.message ?? serverFields[name]?.[0]

  return (
    <form onSubmit={handleSubmit((values) => signUp.mutate(values, { onSuccess: onSignedUp }))} noValidate className="stack">
      <ErrorMessage error={signUp.error} />
      <Field label="Name" autoComplete="name" error={fieldError('name')} {...register('name')} />
      <Field label="Email" type="email" autoComplete="email" error={fieldError('email')} {...register('email')} />
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters. A passphrase is easiest to remember."
        error={fieldError('password')}
        {...register('password')}
      />
      <Button type="submit" variant="primary" busy={signUp.isPending}>
        Create account
      </Button>
    </form>
  )
}
