import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { z } from 'zod/mini'
import { EmailSchema } from '@exocorp/shared/auth'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ErrorMessage } from '@/components/errors/error-message'
import { useSignIn } from '../api/sign-in'

const FormSchema = z.object({
  email: EmailSchema,
  secret: z.string().check(z.minLength(1, 'Required'), z.maxLength(128)),
})
type FormValues = z.input<typeof FormSchema>

export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [useCode, setUseCode] = useState(false)
  const signIn = useSignIn()
  const { register, handleSubmit, formState } = useForm<FormValues>({ resolver: zodResolver(FormSchema) })

  const submit = handleSubmit((values) => {
    const email = values.email.trim().toLowerCase()
    const input = useCode ? { email, recoveryCode: values.secret } : { email, password: values.secret }
    signIn.mutate(input, { onSuccess: onSignedIn })
  })

  return (
    <form onSubmit={submit} noValidate className="stack">
      <ErrorMessage error={signIn.error} />
      <Field label="Email" type="email" autoComplete="username" error={formState.errors.email?.message} {...register('email')} />
      <Field
        label={useCode ? 'Recovery code' : 'Password'}
        type={useCode ? 'text' : 'password'}
        autoComplete={useCode ? 'one-time-code' : 'current-password'}
        error={formState.errors.secret?.message}
        {...register('secret')}
      />
      <Button type="submit" variant="primary" busy={signIn.isPending}>
        Sign in
      </Button>
      <button type="button" className="link-button" onClick={() => setUseCode((v) => !v)}>
        {useCode ? 'Use your password instead' : 'Lost your password? Use a recovery code'}
      </button>
    </form>
  )
}
