import { Hono } from 'hono'
import { IdPathSchema, UserCodePathSchema } from '@exocorp/shared/api-operations'
import {
  ApproveInputSchema,
  CreateDraftInputSchema,
  RedeemInputSchema,
  SCOPES_BY_LEVEL,
  UserCodeSchema,
  type OperatorScope,
} from '@exocorp/shared/operator-clients'
import { audit, clientIp, type AppContext, type AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { findUserById } from '../services/accounts/users'
import {
  codeLookupsBlocked,
  createDraft,
  decideDraft,
  getApproval,
  listOperatorClients,
  parseCompanyIds,
  parseScopes,
  POLL_INTERVAL_SECONDS,
  recordCodeMiss,
  redeemDraft,
  revokeOperatorClient,
  takeDraftAllowance,
} from '../services/operator-clients/drafts'

/** Runs a user-code lookup, counting unknown codes against the person's hourly allowance. */
async function withCodeThrottle<T>(c: AppContext, userId: string, fn: () => Promise<T>): Promise<T> {
  const deps = c.get('deps')
  if (await codeLookupsBlocked(deps, userId)) {
    throw new AppError(
      429,
      'too_many_requests',
      'Too many unknown codes. Check the code your agent shows and try again within the hour.',
    )
  }
  try {
    return await fn()
  } catch (err) {
    if (err instanceof AppError && err.status === 404) await recordCodeMiss(deps, userId)
    throw err
  }
}

function redeemError(c: AppContext, status: 403 | 404 | 410, code: string, message: string) {
  return c.json({ error: { code, message, details: { reason: code }, requestId: c.get('requestId') } }, status)
}

/**
 * Mounted at /api/operator-clients: an agent asks to connect and collects its token (no account
 * needed), and its human approves, lists and revokes agents from a browser session.
 */
export const operatorClientRoutes = new Hono<AppEnv>()
  .post('/drafts', guard.publicNoAgents, validate('json', CreateDraftInputSchema), async (c) => {
    const deps = c.get('deps')
    const ip = clientIp(c)
    if (!(await takeDraftAllowance(deps, ip))) {
      await audit(c, {
        action: 'operator_client.draft_created',
        target: { type: 'operator_client_draft', id: null },
        outcome: 'failed',
        summary: 'Connection request refused: too many from this address',
        details: { reason: 'rate_limited' },
      })
      throw new AppError(429, 'too_many_requests', 'Too many connection requests from this address. Try again within the hour.')
    }
    const input = c.req.valid('json')
    const { id, ...draft } = await createDraft(deps, input, ip)
    await audit(c, {
      action: 'operator_client.draft_created',
      target: { type: 'operator_client_draft', id },
      outcome: 'succeeded',
      // The user code is a bearer secret until approved: whoever enters it gets the agent. Never audit it.
      summary: `Agent "${input.name}" asked to connect`,
      details: { name: input.name },
    })
    return c.json(draft, 201)
  })

  .post('/redeem', guard.publicNoAgents, validate('json', RedeemInputSchema), async (c) => {
    const outcome = await redeemDraft(c.get('deps'), c.req.valid('json').draftToken)
    if (outcome.kind === 'pending') {
      c.header('Retry-After', String(POLL_INTERVAL_SECONDS))
      return c.json({ status: 'pending' as const, expiresAt: outcome.expiresAt, pollIntervalSeconds: POLL_INTERVAL_SECONDS }, 202)
    }
    if (outcome.kind === 'error') {
      await audit(c, {
        action: 'operator_client.redeemed',
        target: { type: 'operator_client_draft', id: outcome.draft?.id ?? null },
        outcome: 'failed',
        summary: `Draft token refused: ${outcome.code}`,
        details: { reason: outcome.code },
      })
      return redeemError(c, outcome.status, outcome.code, outcome.message)
    }
    const { client, draft, token } = outcome
    const user = await findUserById(c.get('deps'), client.userId)
    await audit(c, {
      actor: { type: 'operator_client', id: client.id, label: `${client.name} (for ${user?.email ?? client.userId})` },
      action: 'operator_client.redeemed',
      target: { type: 'operator_client', id: client.id },
      outcome: 'succeeded',
      summary: `Agent "${client.name}" received its bearer token`,
      details: { draftId: draft.id, userId: client.userId },
    })
    return c.json(
      {
        status: 'approved' as const,
        token,
        tokenType: 'Bearer' as const,
        scopes: parseScopes(client.scopes),
        // Bearer tokens have no lifetime of their own: they work until the human revokes them.
        expiresAt: null,
        client: { id: client.id, name: client.name },
        user: { id: client.userId, email: user?.email ?? '' },
        companyIds: parseCompanyIds(draft.companyIds),
      },
      200,
    )
  })

  .get('/approvals/:userCode', guard.session, validate('param', UserCodePathSchema), async (c) => {
    const p = principalOf(c)
    const { id: _id, ...view } = await withCodeThrottle(c, p.user.id, () =>
      getApproval(c.get('deps'), c.req.valid('param').userCode),
    )
    return c.json(view, 200)
  })

  .post(
    '/approvals/:userCode/approve',
    guard.session,
    validate('param', UserCodePathSchema),
    validate('json', ApproveInputSchema),
    (c) => {
      const { access, companyIds } = c.req.valid('json')
      return decide(c, 'approved', access ? SCOPES_BY_LEVEL[access] : undefined, companyIds)
    },
  )
  .post('/approvals/:userCode/deny', guard.session, validate('param', UserCodePathSchema), (c) => decide(c, 'denied'))

  .get('/', guard.session, async (c) => {
    const p = principalOf(c)
    return c.json({ items: await listOperatorClients(c.get('deps'), p.user.id) }, 200)
  })

  .post('/:id/revoke', guard.session, validate('param', IdPathSchema), async (c) => {
    const p = principalOf(c)
    const client = await revokeOperatorClient(c.get('deps'), p.user.id, c.req.valid('param').id)
    await audit(c, {
      action: 'operator_client.revoked',
      target: { type: 'operator_client', id: client.id },
      outcome: 'succeeded',
      summary: `Revoked agent "${client.name}"`,
      details: { name: client.name },
    })
    return c.json(client, 200)
  })

async function decide(
  c: AppContext,
  decision: 'approved' | 'denied',
  grantedScopes?: OperatorScope[],
  companyIds?: readonly string[] | null,
) {
  const p = principalOf(c)
  const userCode = UserCodeSchema.parse(c.req.param('userCode'))
  let view
  try {
    view = await withCodeThrottle(c, p.user.id, () =>
      decideDraft(c.get('deps'), userCode, p.user.id, decision, grantedScopes, companyIds),
    )
  } catch (err) {
    await audit(c, {
      action: decision === 'approved' ? 'operator_client.approved' : 'operator_client.denied',
      target: { type: 'operator_client_draft', id: null },
      outcome: 'failed',
      summary: `Could not ${decision === 'approved' ? 'approve' : 'deny'} connection request ${userCode}`,
      details: { userCode, reason: err instanceof AppError ? (err.details?.reason ?? err.code) : 'error' },
    })
    throw err
  }
  const { id, ...rest } = view
  await audit(c, {
    action: decision === 'approved' ? 'operator_client.approved' : 'operator_client.denied',
    target: { type: 'operator_client_draft', id },
    outcome: 'succeeded',
    summary: `${p.user.email} ${decision} agent "${rest.name}"`,
    details: {
      userCode,
      name: rest.name,
      ...(decision === 'approved' ? { scopes: rest.scopes, companyIds: rest.companyIds } : {}),
    },
  })
  return c.json(rest, 200)
}
