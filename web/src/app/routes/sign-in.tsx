import { useQuery } from '@tanstack/react-query'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { SignInForm } from '@/features/auth/components/sign-in-form'
import { paths, safeNext } from '../paths'
import { AuthFrame } from '../layout/auth-frame'

export function SignInPage() {
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const next = safeNext(params.get('next'))
  const me = useQuery(authQueries.me())
  if (me.data) return <Navigate to={next} replace />
  return (
    <AuthFrame title="Sign in to Exocorp">
      <SignInForm onSignedIn={() => navigate(next, { replace: true })} />
      <p className="muted">
        New here? <Link to={paths.signUp(params.get('next') ?? undefined)}>Create an account</Link>
      </p>
    </AuthFrame>
  )
}
