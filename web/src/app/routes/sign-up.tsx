import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import type { SignupResult } from '@exocorp/shared/auth'
import { authQueries } from '@/features/auth/api/queries'
import { RecoveryKit } from '@/features/auth/components/recovery-kit'
import { SignUpForm } from '@/features/auth/components/sign-up-form'
import { paths, safeNext } from '../paths'
import { AuthFrame } from '../layout/auth-frame'

export function SignUpPage() {
  const [result, setResult] = useState<SignupResult | null>(null)
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  // An invite link sends newcomers through sign-up and back to the invitation.
  const next = safeNext(params.get('next'))

  if (result) {
    return (
      <AuthFrame title="Welcome aboard">
        <RecoveryKit
          codes={result.recoveryCodes}
          onDone={() => {
            queryClient.setQueryData(authQueries.me().queryKey, result.me)
            navigate(next, { replace: true })
          }}
        />
      </AuthFrame>
    )
  }
  return (
    <AuthFrame title="Create your account">
      <SignUpForm onSignedUp={setResult} />
      <p className="muted">
        Already have an account? <Link to={paths.signIn(params.get('next') ?? undefined)}>Sign in</Link>
      </p>
    </AuthFrame>
  )
}
