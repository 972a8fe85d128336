import { Hono } from 'hono'
import { ReportUsageEventInputSchema } from '@exocorp/shared/companies'
import { audit, type AppEnv } from '../http/context'
import { fieldErrorsOf } from '../http/validate'
import { AppError } from '../lib/errors'
import { bookUsageAndEvaluate } from '../services/billing/state'
import { recordUsageEvent } from '../services/catalog/pricing'
import { companyForUsageToken } from '../services/catalog/usage-tokens'

/**
 * Runtimes report usage here with their per-runtime bearer token (never a session: this route is in
 * PUBLIC_ROUTES and loadPrincipal leaves its Authorization header to us). Refusals are audited;
 * accepted events are their own record (usage_events), so they are not copied into the audit trail.
 */
export const runtimeUsageRoutes = new Hono<AppEnv>().post('/usage-events', async (c) => {
  const authz = c.req.header('authorization')
  const token = authz?.startsWith('Bearer ') ? authz.slice(7).trim() : null
  const company = await companyForUsageToken(c.var.deps, token)
  if (!company) {
    await audit(c, {
      actor: { type: 'runtime', id: null, label: 'unknown runtime' },
      action: 'usage.report',
      target: { type: 'company', id: null },
      outcome: 'failed',
      summary: token ? 'Usage report refused: unknown or retired runtime token' : 'Usage report refused: no runtime token',
      details: { status: 401, reason: token ? 'unknown_token' : 'missing_token' },
    })
    throw new AppError(401, 'unauthenticated', 'A valid runtime usage token is required')
  }
  const actor = { type: 'runtime' as const, id: company.id, label: `runtime of ${company.slug}` }
  const refuse = async (err: AppError) => {
    await audit(c, {
      actor,
      action: 'usage.report',
      target: { type: 'company', id: company.id },
      outcome: 'failed',
      summary: `Usage report from ${company.slug} refused`,
      details: {
        status: err.status,
        code: err.code,
        ...(typeof err.details?.reason === 'string' ? { reason: err.details.reason } : {}),
      },
    })
    return err
  }
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw await refuse(new AppError(400, 'bad_request', 'Send the usage event as JSON'))
  }
  const parsed = ReportUsageEventInputSchema.safeParse(body)
  if (!parsed.success) throw await refuse(AppError.validation(fieldErrorsOf(parsed.error, ReportUsageEventInputSchema)))
  const input = parsed.data
  // The reference runtime names retries with an Idempotency-Key header; a body `eventId` wins.
  const header = c.req.header('idempotency-key')?.trim()
  if (header !== undefined && (header.length === 0 || header.length > 100)) {
    throw await refuse(AppError.validation({ 'idempotency-key': ['Use 1–100 characters'] }))
  }
  const externalId = input.eventId ?? header
  let event
  try {
    event = await recordUsageEvent(c.var.deps, {
      companyId: company.id,
      model: input.model,
      inputTokens: input.inputTokens,
      outputTokens: input.outputTokens,
      externalId,
    })
  } catch (err) {
    // No active price book is the platform's problem, not the runtime's: 503 so it retries later.
    if (err instanceof AppError && err.details?.reason === 'no_active_price_book') {
      throw await refuse(
        new AppError(503, 'internal', 'Usage cannot be priced right now; retry later', { reason: 'no_active_price_book' }),
      )
    }
    if (err instanceof AppError) throw await refuse(err)
    throw err
  }
  const { created, priceBookId: _priceBookId, ...usage } = event
  // Book it on the owner's ledger now, so balances and billing states follow usage without waiting
  // for the evaluator's next pass (which also books anything missed here).
  if (created) {
    await bookUsageAndEvaluate(c.var.deps, usage.id).catch((err: unknown) =>
      c.var.deps.log.error(
        { err: { message: String(err) }, usageEventId: usage.id },
        'booking usage failed; the evaluator retries',
      ),
    )
  }
  return c.json(usage, created ? 201 : 200)
})
