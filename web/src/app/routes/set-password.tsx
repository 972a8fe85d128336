import { useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { usePageTitle } from '@/lib/page-title'
import { paths } from '../paths'
import { PasswordForm } from './password-form'

/** After a recovery-code sign-in: a new password before anything else (RequireAuth sends people here). */
export function SetPasswordPage() {
  usePageTitle('Set a new password')
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  return (
    <section className="card stack narrow" aria-labelledby="set-password-title">
      <h2 id="set-password-title">Set a new password</h2>
      <p>You signed in with a recovery code. Choose a new password so your next sign-in does not use up another code.</p>
      <PasswordForm
        needsCurrent={false}
        onChanged={() => {
          void queryClient
            .invalidateQueries({ queryKey: authQueries.me().queryKey })
            .then(() => navigate(paths.dashboard(), { replace: true }))
        }}
      />
    </section>
  )
}
