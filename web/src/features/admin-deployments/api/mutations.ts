import { useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod/mini'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  DeploymentTargetSchema,
  MoveResultSchema,
  type CreateDeploymentTargetInput,
  type MoveExocorpInput,
  type UpdateDeploymentTargetInput,
} from '@exocorp/shared/deployments'
import { api } from '@/lib/api-client'
import { adminDeploymentQueries } from './queries'

export type DeploymentAction =
  | { kind: 'create'; input: CreateDeploymentTargetInput }
  | { kind: 'update'; id: string; input: UpdateDeploymentTargetInput }
  | { kind: 'drain' | 'activate' | 'probe'; id: string }
  | { kind: 'remove'; id: string }
  | { kind: 'move'; input: MoveExocorpInput }

const OkSchema = z.object({ ok: z.literal(true) })

function run(a: DeploymentAction): Promise<unknown> {
  switch (a.kind) {
    case 'create':
      return api.post(ADMIN_API.createDeploymentTarget, DeploymentTargetSchema, { body: a.input })
    case 'update':
      return api.patch(ADMIN_API.updateDeploymentTarget, DeploymentTargetSchema, { params: { id: a.id }, body: a.input })
    case 'drain':
      return api.post(ADMIN_API.drainDeploymentTarget, DeploymentTargetSchema, { params: { id: a.id }, body: {} })
    case 'activate':
      return api.post(ADMIN_API.activateDeploymentTarget, DeploymentTargetSchema, { params: { id: a.id }, body: {} })
    case 'probe':
      return api.post(ADMIN_API.probeDeploymentTarget, DeploymentTargetSchema, { params: { id: a.id }, body: {} })
    case 'remove':
      return api.delete(ADMIN_API.removeDeploymentTarget, OkSchema, { params: { id: a.id } })
    case 'move':
      return api.post(ADMIN_API.moveExocorp, MoveResultSchema, { body: a.input })
  }
}

/** Every deployment mutation needs a fresh step-up (`reauth_required` opens the dialog) and is audited; not optimistic. */
export function useDeploymentAction() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminDeploymentQueries.all() }),
  })
}
