import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { IssuedRunnerSchema, QueuedWorkloadSchema, RunnerSchema, type EnqueueWorkloadInput } from '@exocorp/shared/workloads'
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

/** Queues a workload; an idle enrolled runner of the exocorp claims it (decision 053). */
export function useEnqueueWorkload(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: EnqueueWorkloadInput) =>
      api.post(API.registry.enqueueWorkload, QueuedWorkloadSchema, { params: { id: companyId }, body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workloadQueries.queue(companyId).queryKey }),
  })
}
