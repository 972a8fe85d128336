import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { authQueries } from '@/features/auth/api/queries'
import { useSignOut } from '@/features/auth/api/sign-out'
import { Button } from '@/components/ui/button'
import { AuthFrame } from '../layout/auth-frame'
import { paths } from '../paths'
import { PasswordForm } from './password-form'

/**
 * After a recovery-code sign-in: a new password before anything else. RequireAuth sends people
 * here, and the server refuses every other API (403 `password_change_required`) until it is set,
 * so this page stands outside the console shell, whose lists would only be refused.
 */
export function SetPasswordPage() {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const me = useQuery(authQueries.me())
  const signOut = useSignOut()
  const left = me.data?.recoveryCodesRemaining
  return (
    <AuthFrame title="Set a new password">
      <section className="stack" aria-label="Set a new password">
        <p>You signed in with a recovery code. Choose a new password so your next sign-in does not use up another code.</p>
        {left !== undefined ? (
          <p role="status">
            {left === 0
              ? 'That was your last recovery code. After setting a password, generate a new recovery kit on your profile.'
              : `You have ${left} recovery code${left === 1 ? '' : 's'} left.`}
          </p>
        ) : null}
        <PasswordForm
          needsCurrent={false}
          onChanged={() => {
            void queryClient
              .invalidateQueries({ queryKey: authQueries.me().queryKey })
              .then(() => navigate(paths.dashboard(), { replace: true }))
          }}
        />
        <p>
          <Button
            size="sm"
            onClick={() => signOut.mutate(undefined, { onSettled: () => navigate(paths.signIn(), { replace: true }) })}
          >
            Sign out
          </Button>
        </p>
      </section>
    </AuthFrame>
  )
}
