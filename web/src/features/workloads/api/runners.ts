import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { IssuedRunnerSchema, RunnerSchema } from '@exocorp/shared/workloads'
import { api } from '@/lib/api-client'
import { workloadQueries } from './queries'

export function useCreateRunner(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (name: string) =>
      api.post(API.registry.createRunner, IssuedRunnerSchema, { params: { id: companyId }, body: { name } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workloadQueries.runners(companyId).queryKey }),
  })
}

export function useRevokeRunner(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (runnerId: string) => api.post(API.registry.revokeRunner, RunnerSchema, { params: { id: companyId, runnerId } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workloadQueries.runners(companyId).queryKey }),
  })
}
