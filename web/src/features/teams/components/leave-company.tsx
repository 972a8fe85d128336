import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Dialog } from '@/components/ui/dialog'
import { ErrorMessage } from '@/components/errors/error-message'
import { useLeaveCompany } from '../api/leave-company'

/** A member leaves the exocorp themselves, after confirming; `onLeft` takes them somewhere they still belong. */
export function LeaveCompany({ companyId, name, onLeft }: { companyId: string; name: string; onLeft: () => void }) {
  const [confirming, setConfirming] = useState(false)
  const leave = useLeaveCompany(companyId)
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
        Leave exocorp
      </Button>
      <Dialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Leave ${name}?`}
        description="You lose access at once. An owner can invite you again."
      >
        <ErrorMessage error={leave.error} />
        <div className="row">
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button variant="danger" busy={leave.isPending} onClick={() => leave.mutate(undefined, { onSuccess: onLeft })}>
            Leave
          </Button>
        </div>
      </Dialog>
    </>
  )
}
