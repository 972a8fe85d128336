import { queryOptions } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { DeploymentTargetDetailSchema, DeploymentTargetListSchema } from '@exocorp/shared/deployments'
import { api } from '@/lib/api-client'

export const adminDeploymentQueries = {
  all: () => ['admin-deployments'] as const,
  targets: () =>
    queryOptions({
      queryKey: [...adminDeploymentQueries.all(), 'targets'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.deploymentTargets, DeploymentTargetListSchema, { signal }),
    }),
  target: (id: string) =>
    queryOptions({
      queryKey: [...adminDeploymentQueries.all(), 'target', id] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.deploymentTarget, DeploymentTargetDetailSchema, { params: { id }, signal }),
    }),
}
