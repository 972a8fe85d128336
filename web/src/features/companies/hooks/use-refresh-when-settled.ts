import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import type { CompanyDetail } from '@exocorp/shared/companies'
import { isTransitional } from '../api/queries'
import { refreshAfterLifecycle } from '../api/refresh-after-lifecycle'

/**
 * The detail query polls while a job runs, but the release handshake, bindings, audit and fleet
 * views do not: when the job settles (transitional → settled) they are all stale at once, so they
 * are refreshed together. `onSettled` lets the app refresh other features' views too.
 */
export function useRefreshWhenSettled(company: CompanyDetail | undefined, onSettled?: (company: CompanyDetail) => void) {
  const queryClient = useQueryClient()
  const wasMoving = useRef(false)
  const moving = isTransitional(company)
  const latest = useRef(company)
  latest.current = company
  const id = company?.id
  useEffect(() => {
    if (!id) return
    const settled = wasMoving.current && !moving
    wasMoving.current = moving
    if (!settled) return
    void refreshAfterLifecycle(queryClient, id)
    if (latest.current) onSettled?.(latest.current)
  }, [id, moving, queryClient, onSettled])
}
