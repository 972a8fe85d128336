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
  const seen = useRef<{ id: string; moving: boolean } | null>(null)
  useEffect(() => {
    if (!company) return
    const moving = isTransitional(company)
    const before = seen.current
    seen.current = { id: company.id, moving }
    if (before?.id !== company.id || !before.moving || moving) return
    void refreshAfterLifecycle(queryClient, company.id)
    onSettled?.(company)
  }, [company, queryClient, onSettled])
}
