import { http, HttpResponse } from 'msw'
import { ApproveInputSchema, SCOPES_BY_LEVEL, UserCodeSchema, type OperatorClient } from '@exocorp/shared/operator-clients'
import { addAudit, db, type MockUser } from '../mock-db'
import { apiError, requireUser } from '../http'

function findDraft(raw: unknown) {
  const code = UserCodeSchema.safeParse(raw)
  if (!code.success) return { draft: null, missing: apiError(400, 'validation_failed', 'That is not a connection code') }
  const draft = db.operatorClients.drafts.find((d) => d.view.userCode === code.data)
  return draft ? { draft, missing: null } : { draft: null, missing: apiError(404, 'not_found', 'No such connection request') }
}

function decide(raw: unknown, user: MockUser, decision: 'approved' | 'denied', body: unknown = {}) {
  const input = ApproveInputSchema.safeParse(body ?? {})
  if (!input.success) return apiError(400, 'validation_failed', 'Choose read, operate or full access')
  const chosen = input.data.companyIds ?? null
  if (decision === 'approved' && chosen) {
    // As the BFF: only exocorps the approving human owns or is a member of, not destroyed.
    const reachable = (id: string) =>
      db.fleet.companies.some(
        (c) =>
          c.id === id &&
          c.status !== 'destroyed' &&
          (c.ownerId === user.id || db.teams.memberships.some((m) => m.companyId === id && m.userId === user.id)),
      )
    const unknown = [...new Set(chosen)].filter((id) => !reachable(id))
    if (unknown.length > 0) {
      return apiError(400, 'validation_failed', 'Some fields are invalid', {
        fields: { companyIds: [`Not one of your exocorps: ${unknown.join(', ')}`] },
      })
    }
  }
  const { draft, missing } = findDraft(raw)
  if (missing) return missing
  if (draft.view.status === 'pending' && Date.parse(draft.view.expiresAt) < Date.now()) draft.view.status = 'expired'
  if (draft.view.status !== 'pending') {
    return apiError(409, 'conflict', `This request is already ${draft.view.status}`, { reason: `draft_${draft.view.status}` })
  }
  draft.view.status = decision
  if (decision === 'approved' && input.data.access) draft.view.scopes = SCOPES_BY_LEVEL[input.data.access]
  if (decision === 'approved') draft.view.companyIds = chosen ? [...new Set(chosen)] : null
  draft.decidedBy = user.id
  addAudit({
    actor: { type: 'user', id: user.id, label: user.email },
    action: decision === 'approved' ? 'operator_client.approved' : 'operator_client.denied',
    target: { type: 'operator_client_draft', id: draft.view.userCode },
    outcome: 'succeeded',
    summary: `${user.email} ${decision} agent "${draft.view.name}"`,
  })
  return HttpResponse.json(draft.view)
}

const publicView = ({ userId: _userId, ...client }: OperatorClient & { userId: string }): OperatorClient => client

export const operatorClientHandlers = [
  http.get('/api/operator-clients/approvals/:userCode', ({ params }) => {
    const { denied } = requireUser()
    if (denied) return denied
    const { draft, missing } = findDraft(params.userCode)
    if (missing) return missing
    return HttpResponse.json(draft.view)
  }),

  http.post('/api/operator-clients/approvals/:userCode/approve', async ({ params, request }) => {
    const { user, denied } = requireUser()
    return denied ?? decide(params.userCode, user, 'approved', await request.json().catch(() => ({})))
  }),

  http.post('/api/operator-clients/approvals/:userCode/deny', ({ params }) => {
    const { user, denied } = requireUser()
    return denied ?? decide(params.userCode, user, 'denied')
  }),

  http.get('/api/operator-clients', () => {
    const { user, denied } = requireUser()
    if (denied) return denied
    return HttpResponse.json({ items: db.operatorClients.clients.filter((c) => c.userId === user.id).map(publicView) })
  }),

  http.post('/api/operator-clients/:id/revoke', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const client = db.operatorClients.clients.find((c) => c.id === params.id && c.userId === user.id)
    if (!client) return apiError(404, 'not_found', 'No such operator client')
    if (client.status === 'active') {
      client.status = 'revoked'
      client.revokedAt = new Date().toISOString()
      addAudit({
        actor: { type: 'user', id: user.id, label: user.email },
        action: 'operator_client.revoked',
        target: { type: 'operator_client', id: client.id },
        outcome: 'succeeded',
        summary: `Revoked agent "${client.name}"`,
      })
    }
    return HttpResponse.json(publicView(client))
  }),
]
