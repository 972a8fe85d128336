import { createFactory } from 'hono/factory'
import type { $ZodType } from 'zod/v4/core'
import { EmptyActionInputSchema } from '@exocorp/shared/site'
import type { Deps } from '../deps'
import { attempt } from './attempt'
import type { AppEnv } from './context'
import { guard, principalOf } from './guards'
import { validate, type AuditedAttempt } from './validate'

const factory = createFactory<AppEnv>()

/** An admin resource whose records a platform owner acts on by id (`/:id/…`). */
export interface AdminResource {
  /** The audit target type (`deployment_target`, `site_page`). */
  type: string
  /** The path schema: `{ id }`, checked before anything runs. */
  path: $ZodType<{ id: string }>
}

/** The audit row of a refused input (nothing about the input's values; no id, it may be the bad part). */
export const inputRefused = (resource: AdminResource, action: string) => (): AuditedAttempt => ({
  action,
  target: { type: resource.type, id: null },
  failSummary: `${action}: input refused`,
})

/**
 * An action with an empty JSON body on one record of an admin resource (drain, probe, publish, …),
 * the shape those routes share: the platform owner behind a fresh step-up (`guard.platformOwner`),
 * path and body parsed with refused input audited, the service run inside `attempt` (one audit row
 * saying who did what, or what failed), and its answer returned with 200. What differs — the
 * action, what it does, the audit summary and the answer — is written at the route.
 */
export function ownerAction<T, A>(
  resource: AdminResource,
  spec: {
    action: string
    /** The failure row's summary: "<email>: <doing> refused". */
    doing: string
    run: (deps: Deps, id: string, email: string) => Promise<T>
    describe: (result: T, email: string) => { summary: string; details?: Record<string, unknown> }
    answer: (result: T) => A
  },
) {
  const refused = inputRefused(resource, spec.action)
  return factory.createHandlers(
    guard.platformOwner,
    validate('param', resource.path, refused),
    validate('json', EmptyActionInputSchema, refused),
    async (c) => {
      const email = principalOf(c).user.email
      const { id } = c.req.valid('param')
      const result = await attempt(
        c,
        { action: spec.action, target: { type: resource.type, id }, failSummary: `${email}: ${spec.doing} refused` },
        () => spec.run(c.get('deps'), id, email),
        (r) => spec.describe(r, email),
      )
      return c.json(spec.answer(result), 200)
    },
  )
}
