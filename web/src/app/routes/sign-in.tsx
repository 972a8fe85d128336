import { useEffect, useRef } from 'react'
import { useQuery } from '@tanstack/react-query'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { leaveApp } from '@/lib/leave-app'
import { SignInForm } from '@/features/auth/components/sign-in-form'
import { paths, safeNext } from '../paths'
import { AuthFrame } from '../layout/auth-frame'

export function SignInPage() {
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const next = safeNext(params.get('next'))
  const me = useQuery(authQueries.me())
  // The operator portal's hand-off (/api/portal/handoff) is served by the BFF, not by a screen of
  // this app: it needs a full page load (decision 032).
  const leavesApp = next.startsWith('/api/')
  const left = useRef(false)
  const leave = () => {
    if (left.current) return
    left.current = true
    leaveApp(next)
  }
  useEffect(() => {
    if (me.data && leavesApp && !left.current) {
      left.current = true
      leaveApp(next)
    }
  }, [me.data, leavesApp, next])
  if (me.data) return leavesApp ? null : <Navigate to={next} replace />
  return (
    <AuthFrame title="Sign in to Exocorp">
      <SignInForm onSignedIn={() => (leavesApp ? leave() : navigate(next, { replace: true }))} />
      <p className="muted">
        New here? <Link to={paths.signUp(params.get('next') ?? undefined)}>Create an account</Link>
      </p>
    </AuthFrame>
  )
}
