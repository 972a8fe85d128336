import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router'
import type { SignupResult } from '@exocorp/shared/auth'
import { useConfirmRecoveryKitSaved } from '@/features/account/api/mutations'
import { accountQueries } from '@/features/account/api/queries'
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
  const me = useQuery(authQueries.me())
  // A signed-in visitor (a reload of the kit, or a stray link) never sees the sign-up form: the
  // kit this session has not confirmed saving comes back, otherwise on to the console.
  const held = useQuery({ ...accountQueries.pendingRecoveryKit(), enabled: !result && Boolean(me.data) })
  const confirm = useConfirmRecoveryKitSaved()

  const codes = result?.recoveryCodes ?? held.data?.recoveryCodes
  if (codes) {
    return (
      <AuthFrame title="Welcome aboard">
        <RecoveryKit
          codes={codes}
          onDone={() => {
            confirm.mutate()
            if (result) queryClient.setQueryData(authQueries.me().queryKey, result.me)
            navigate(next, { replace: true })
          }}
        />
      </AuthFrame>
    )
  }
  if (me.isPending || (me.data && held.isPending)) return null
  if (me.data) return <Navigate to={next} replace />
  return (
    <AuthFrame title="Create your account">
      <SignUpForm onSignedUp={setResult} />
      <p className="muted">
        Already have an account? <Link to={paths.signIn(params.get('next') ?? undefined)}>Sign in</Link>
      </p>
    </AuthFrame>
  )
}
