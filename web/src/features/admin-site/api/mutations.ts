import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { SitePageSchema, type CreateSitePageInput, type UpdateSitePageInput } from '@exocorp/shared/site'
import { api } from '@/lib/api-client'
import { adminSiteQueries } from './queries'

export type SiteAction =
  | { kind: 'create'; input: CreateSitePageInput }
  | { kind: 'update'; id: string; input: UpdateSitePageInput }
  | { kind: 'publish'; id: string }
  | { kind: 'archive'; id: string }
  | { kind: 'revert'; id: string; version: number }

function run(a: SiteAction) {
  switch (a.kind) {
    case 'create':
      return api.post(ADMIN_API.createSitePage, SitePageSchema, { body: a.input })
    case 'update':
      return api.patch(ADMIN_API.updateSitePage, SitePageSchema, { params: { id: a.id }, body: a.input })
    case 'publish':
      return api.post(ADMIN_API.publishSitePage, SitePageSchema, { params: { id: a.id }, body: {} })
    case 'archive':
      return api.post(ADMIN_API.archiveSitePage, SitePageSchema, { params: { id: a.id }, body: {} })
    case 'revert':
      return api.post(ADMIN_API.revertSitePage, SitePageSchema, { params: { id: a.id }, body: { version: a.version } })
  }
}

/** Every CMS mutation needs a fresh step-up (`reauth_required` opens the dialog) and is audited; not optimistic. */
export function useSiteAction() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminSiteQueries.all() }),
  })
}
