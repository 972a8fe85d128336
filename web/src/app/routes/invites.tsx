import { useQueryClient } from '@tanstack/react-query'
import { companyQueries } from '@/features/companies/api/queries'
import { PendingInvites } from '@/features/teams/components/pending-invites'
import { usePageTitle } from '@/lib/page-title'

/** `/account/invites` — invitations addressed to me, accepted or declined in place. */
export function InvitesPage() {
  usePageTitle('Pending invites')
  const queryClient = useQueryClient()
  return <PendingInvites onAnswered={() => void queryClient.invalidateQueries({ queryKey: companyQueries.list().queryKey })} />
}
