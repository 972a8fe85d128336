import { z } from 'zod/mini'

/**
 * What an agent may ask for. Operator clients act as the approving user on the registry API; never
 * admin. `registry:write` operates exocorps (everything but destroying one); `registry:destroy`
 * adds destroying them, which cannot be undone.
 */
export const OperatorScopeSchema = z.enum(['registry:read', 'registry:write', 'registry:destroy'])
export type OperatorScope = z.infer<typeof OperatorScopeSchema>

/** The three choices of the consent screen, each a fixed set of scopes. */
export const OperatorAccessLevelSchema = z.enum(['read', 'operate', 'full'])
export type OperatorAccessLevel = z.infer<typeof OperatorAccessLevelSchema>

export const SCOPES_BY_LEVEL: Record<OperatorAccessLevel, OperatorScope[]> = {
  read: ['registry:read'],
  operate: ['registry:read', 'registry:write'],
  full: ['registry:read', 'registry:write', 'registry:destroy'],
}

/** The level a set of scopes amounts to (the narrowest level that holds them all). */
export function accessLevelOf(scopes: readonly OperatorScope[]): OperatorAccessLevel {
  if (scopes.includes('registry:destroy')) return 'full'
  return scopes.includes('registry:write') ? 'operate' : 'read'
}

/** Exactly what a token of each level can do, as the consent screen lists it. */
export const LEVEL_CAPABILITIES: Record<OperatorAccessLevel, string[]> = {
  read: ['See your exocorps: status, health, configuration, releases, credential coverage, usage and their audit trail'],
  operate: [
    'See your exocorps: status, health, configuration, releases, credential coverage, usage and their audit trail',
    'Create exocorps, change their settings, agents and credential bindings',
    'Provision, update, restart, stop, pause, resume, reprovision and roll back your exocorps',
  ],
  full: [
    'See your exocorps: status, health, configuration, releases, credential coverage, usage and their audit trail',
    'Create exocorps, change their settings, agents and credential bindings',
    'Provision, update, restart, stop, pause, resume, reprovision and roll back your exocorps',
    'Destroy your exocorps — this cannot be undone',
  ],
}

/** At most this many exocorps can be chosen one by one; beyond that, grant all. */
export const MAX_CHOSEN_COMPANIES = 100

/**
 * POST /api/operator-clients/approvals/:userCode/approve: the level the human grants (default: what
 * was asked) and which exocorps the token reaches — `companyIds` null or left out: every exocorp the
 * human can reach, now and later; a list: only those (issue 20 item 8). A token limited to chosen
 * exocorps answers 404 for any other, cannot create exocorps and cannot use account-wide endpoints.
 */
export const ApproveInputSchema = z.strictObject({
  access: z.optional(OperatorAccessLevelSchema),
  companyIds: z.optional(
    z.nullable(
      z
        .array(z.string().check(z.minLength(1), z.maxLength(64)))
        .check(
          z.minLength(1, 'Choose at least one exocorp, or allow all of them'),
          z.maxLength(MAX_CHOSEN_COMPANIES, `Choose at most ${MAX_CHOSEN_COMPANIES} exocorps, or allow all of them`),
        ),
    ),
  ),
})
export type ApproveInput = z.infer<typeof ApproveInputSchema>

export const CreateDraftInputSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'Name the client'), z.maxLength(80, 'Use at most 80 characters')),
  scopes: z.optional(z.array(OperatorScopeSchema).check(z.minLength(1), z.maxLength(3))),
})
export type CreateDraftInput = z.infer<typeof CreateDraftInputSchema>

/** 201 from POST /api/operator-clients/drafts. The draft token is shown once. */
export const DraftResultSchema = z.object({
  draftToken: z.string(),
  /** Relative to the platform origin: `/connect/<userCode>`. */
  approvalUrl: z.string(),
  userCode: z.string(),
  expiresAt: z.string(),
  pollIntervalSeconds: z.number(),
})
export type DraftResult = z.infer<typeof DraftResultSchema>

export const RedeemInputSchema = z.strictObject({
  draftToken: z.string().check(z.minLength(1, 'Give the draft token'), z.maxLength(200)),
})
export type RedeemInput = z.infer<typeof RedeemInputSchema>

/**
 * POST /api/operator-clients/redeem:
 * 202 `{status:'pending'}` → keep polling; 200 `{status:'approved', token}` exactly once.
 * Failures use the error envelope with these codes:
 * 410 `draft_expired`, 403 `draft_denied`, 410 `draft_already_redeemed`, 404 `draft_not_found`.
 */
export const RedeemPendingSchema = z.object({
  status: z.literal('pending'),
  expiresAt: z.string(),
  pollIntervalSeconds: z.number(),
})
export const RedeemApprovedSchema = z.object({
  status: z.literal('approved'),
  /** The trusted-client bearer token (`exo_oc_…`); the server keeps only its hash. */
  token: z.string(),
  tokenType: z.literal('Bearer'),
  /** What the human approved: `registry:read` alone, with `registry:write`, or with both and `registry:destroy`. */
  scopes: z.array(OperatorScopeSchema),
  /** Always null: a bearer token does not expire; it works until the human revokes it. */
  expiresAt: z.null(),
  client: z.object({ id: z.string(), name: z.string() }),
  user: z.object({ id: z.string(), email: z.string() }),
  /** The exocorps the token reaches: null means every exocorp the human can reach, now and later. */
  companyIds: z.nullable(z.array(z.string())),
})
export const RedeemResultSchema = z.discriminatedUnion('status', [RedeemPendingSchema, RedeemApprovedSchema])
export type RedeemResult = z.infer<typeof RedeemResultSchema>

export const REDEEM_ERROR_CODES = ['draft_expired', 'draft_denied', 'draft_already_redeemed', 'draft_not_found'] as const

export const OperatorClientStatusSchema = z.enum(['active', 'revoked'])
export type OperatorClientStatus = z.infer<typeof OperatorClientStatusSchema>

export const OperatorClientSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(OperatorScopeSchema),
  /** First characters of the token, for recognising it (`exo_oc_ab12…`). */
  tokenPrefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.nullable(z.string()),
  revokedAt: z.nullable(z.string()),
  status: OperatorClientStatusSchema,
  /** The exocorps it reaches, by name: null means all of the human's exocorps, including new ones. */
  companies: z.nullable(z.array(z.object({ id: z.string(), name: z.string() }))),
})
export type OperatorClient = z.infer<typeof OperatorClientSchema>

export const OperatorClientListSchema = z.object({ items: z.array(OperatorClientSchema) })
export type OperatorClientList = z.infer<typeof OperatorClientListSchema>

export const ApprovalStatusSchema = z.enum(['pending', 'approved', 'denied', 'expired', 'redeemed'])
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>

/** GET /api/operator-clients/approvals/:userCode — what the human sees before approving. */
export const ApprovalViewSchema = z.object({
  name: z.string(),
  scopes: z.array(OperatorScopeSchema),
  userCode: z.string(),
  requestedAt: z.string(),
  expiresAt: z.string(),
  status: ApprovalStatusSchema,
  /** Shown so the human can recognise where the request came from. */
  requestedFromIp: z.nullable(z.string()),
  /** Once approved: the exocorps chosen (null: all of them). Null while pending. */
  companyIds: z.nullable(z.array(z.string())),
})
export type ApprovalView = z.infer<typeof ApprovalViewSchema>

/** `ABCD-1234`: letters without I/O, digits without 0/1; case-insensitive on input. */
export const UserCodeSchema = z
  .string()
  .check(z.trim(), z.toUpperCase(), z.regex(/^[A-HJ-NP-Z]{4}-[2-9]{4}$/, 'Enter the code shown by your agent, like ABCD-2345'))
