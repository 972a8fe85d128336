import { useMutation } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { z } from 'zod/mini'
import { api } from '@/lib/api-client'

/** The signed-in member leaves an exocorp; access ends on the very next request. */
export function useLeaveCompany(companyId: string) {
  return useMutation({
    mutationFn: () =>
      api.post(API.registry.leaveCompany, z.object({ ok: z.literal(true) }), { params: { id: companyId }, body: {} }),
  })
}
