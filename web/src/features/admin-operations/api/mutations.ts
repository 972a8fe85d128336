import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  BroadcastSchema,
  CredentialRevocationSchema,
  SkillDocumentSchema,
  type CreateBroadcastInput,
  type SaveSkillDocumentInput,
} from '@exocorp/shared/platform-ops'
import { api, send } from '@/lib/api-client'
import { adminOperationQueries } from './queries'

export type OperationAction =
  | { kind: 'revoke'; secretId: string; reason: string }
  | { kind: 'broadcast'; input: CreateBroadcastInput }
  | { kind: 'cancelBroadcast'; id: string }
  | { kind: 'saveSkill'; slug: string; input: SaveSkillDocumentInput }
  | { kind: 'deleteSkill'; slug: string }
  | { kind: 'exportNewsletter' }

/** The CSV is handed to the browser as a download (the export is a step-up POST, so not a plain link). */
async function downloadNewsletter(): Promise<{ kind: 'exported'; rows: number }> {
  const res = await send(ADMIN_API.exportNewsletter, { body: {} })
  const csv = await res.text()
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }))
  const a = document.createElement('a')
  a.href = url
  a.download = `newsletter-subscribers-${new Date().toISOString().slice(0, 10)}.csv`
  a.click()
  URL.revokeObjectURL(url)
  return { kind: 'exported', rows: Math.max(0, csv.trim().split('\r\n').length - 1) }
}

async function run(a: OperationAction) {
  switch (a.kind) {
    case 'revoke':
      return api.post(ADMIN_API.revokeCredential, CredentialRevocationSchema, {
        params: { id: a.secretId },
        body: { reason: a.reason },
      })
    case 'broadcast':
      return api.post(ADMIN_API.createBroadcast, BroadcastSchema, { body: a.input })
    case 'cancelBroadcast':
      return api.post(ADMIN_API.cancelBroadcast, BroadcastSchema, { params: { id: a.id }, body: {} })
    case 'saveSkill':
      return api.put(ADMIN_API.saveSkill, SkillDocumentSchema, { params: { slug: a.slug }, body: a.input })
    case 'deleteSkill':
      return api.delete(ADMIN_API.deleteSkill, SkillDocumentSchema, { params: { slug: a.slug } })
    case 'exportNewsletter':
      return downloadNewsletter()
  }
}

/** Every action here needs a fresh step-up (`reauth_required` opens the dialog) and is audited; none is optimistic. */
export function useOperationAction() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminOperationQueries.all() }),
  })
}
