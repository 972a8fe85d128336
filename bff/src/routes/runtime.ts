import { Hono, type MiddlewareHandler } from 'hono'
import type { $ZodType } from 'zod/v4/core'
import { ReportUsageEventInputSchema, UsageQuerySchema, type ExecutionProvidersState } from '@exocorp/shared/companies'
import { visibleCompany } from '../http/company-access'
import { audit, type AppContext, type AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import type { Actor } from '../services/audit'
import { bookUsageAndEvaluate } from '../services/billing/state'
import { recordDelivery, RUNTIME_CONNECTORS, statusForHttp } from '../services/connector-events'
import { listUsageEvents, recordUsageEvent } from '../services/catalog/pricing'
import { companyForUsageToken } from '../services/catalog/usage-tokens'
import { capacityOf } from '../services/lifecycle/context'
import { runtimeFlagsFor } from '../services/rollout/flags'
import { shipRuntimeLogLines } from '../services/logs'
import { RuntimeLogInputSchema } from '@exocorp/shared/logs'
import { EnrollRunnerInputSchema, ReportWorkloadInputSchema } from '@exocorp/shared/workloads'
import { RuntimeNoticeInputSchema } from '@exocorp/shared/admin-notifications'
import { evaluateUsageSpike, recordRuntimeNotice } from '../services/admin-notifications'
import { SpendRequestInputSchema } from '@exocorp/shared/agent-wallets'
import { requestSpend, runtimeSpendRequest } from '../services/agent-wallets'
import { IdPathSchema } from '@exocorp/shared/api-operations'
import { StoreSnapshotInputSchema } from '@exocorp/shared/commerce'
import { recordStoreSnapshot } from '../services/commerce'
import { claimRunnerWorkload, enrollRunner, reportRunnerWorkload, reportWorkload, runnerHeartbeat } from '../services/workloads'

/**
 * Records each runtime callback as a connector event (decision 047): how it authenticated (the
 * runtime token: `verified`, a known id again: `replayed`, no token: `unsigned`, an unknown one:
 * `bad_signature`) and how it was handled. Runs right after the guard, around everything else.
 */
const recordCallback =
  (
    connector: string,
    eventIdOf: (body: Record<string, unknown>, c: AppContext) => string | undefined,
  ): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const started = performance.now()
    const raw = await c.req.text()
    await next()
    const runtime = c.get('reportingRuntime')
    let body: Record<string, unknown> = {}
    try {
      const parsed: unknown = JSON.parse(raw)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>
    } catch {
      // Malformed: the handler refused it; no event id to show.
    }
    const status = c.res.status
    const id = eventIdOf(body, c)
    const header = c.req.header('idempotency-key')?.trim()
    await recordDelivery(c.get('deps'), {
      source: 'runtime',
      connector,
      eventId: typeof id === 'string' ? id : null,
      companyId: runtime?.id ?? null,
      verification: runtime
        ? c.get('deliveryDuplicate')
          ? 'replayed'
          : 'verified'
        : c.req.header('authorization')
          ? 'bad_signature'
          : 'unsigned',
      status: statusForHttp(status),
      reason:
        status < 400
          ? c.get('deliveryDuplicate')
            ? 'Already received; nothing booked again'
            : null
          : (c.error?.message ?? `HTTP ${status}`),
      latencyMs: performance.now() - started,
      payload: runtime ? raw : null,
      meta: header && connector === RUNTIME_CONNECTORS.usage ? { idempotencyKey: header } : {},
    })
  }

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)

type ReportingRuntime = { id: string; slug: string; name: string }

/** Set by `reportingRuntime`, which runs first on the usage route. */
function runtimeOf(c: AppContext): ReportingRuntime {
  const runtime = c.get('reportingRuntime')
  if (!runtime) throw new Error('reportingRuntime must run before this handler')
  return runtime
}

const runtimeActor = (company: ReportingRuntime): Actor => ({
  type: 'runtime',
  id: company.id,
  label: `runtime of ${company.slug}`,
})

/** The runtime's own bearer token (never a session: loadPrincipal leaves it to us); refusals audited. */
const reportingRuntime =
  (action: string, what: string): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const authz = c.req.header('authorization')
    const token = authz?.startsWith('Bearer ') ? authz.slice(7).trim() : null
    const company = await companyForUsageToken(c.get('deps'), token)
    if (!company) {
      await audit(c, {
        actor: { type: 'runtime', id: null, label: 'unknown runtime' },
        action,
        target: { type: 'company', id: null },
        outcome: 'failed',
        summary: token ? `${what} refused: unknown or retired runtime token` : `${what} refused: no runtime token`,
        details: { status: 401, reason: token ? 'unknown_token' : 'missing_token' },
      })
      throw new AppError(401, 'unauthenticated', 'A valid runtime usage token is required')
    }
    c.set('reportingRuntime', { id: company.id, slug: company.slug, name: company.name })
    await next()
  }

/**
 * What every runtime-token report shares (usage, spend requests, logs, workloads, notices, store
 * snapshots): the runtime's own token, then the body checked against the contract, a refusal of
 * either audited with the runtime as the actor (`<what> from <slug> refused`). Spread it after the
 * guard (and after `recordCallback` where the callback is recorded); the handler then records.
 */
const runtimeReport = <S extends $ZodType>(action: string, what: string, schema: S) =>
  [
    reportingRuntime(action, what),
    validate('json', schema, (c) => ({
      actor: runtimeActor(runtimeOf(c)),
      action,
      target: { type: 'company', id: runtimeOf(c).id },
      failSummary: `${what} from ${runtimeOf(c).slug} refused`,
    })),
  ] as const

/**
 * Mounted at /api/runtime. Runtimes report usage with their per-runtime token; accepted events are
 * their own record (usage_events), so they are not copied into the audit trail. Signed-in people
 * read the driver's capacity (no tenant data in it) and the usage of the exocorps they see.
 */
export const runtimeRoutes = new Hono<AppEnv>()
  .post(
    '/usage-events',
    guard.runtime,
    recordCallback(RUNTIME_CONNECTORS.usage, (b, c) => str(b.eventId) ?? c.req.header('idempotency-key')?.trim()),
    ...runtimeReport('usage.report', 'Usage report', ReportUsageEventInputSchema),
    async (c) => {
      const company = runtimeOf(c)
      const input = c.req.valid('json')
      const refuse = async (err: AppError) => {
        await audit(c, {
          actor: runtimeActor(company),
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
      // The reference runtime names retries with an Idempotency-Key header; a body `eventId` wins.
      const header = c.req.header('idempotency-key')?.trim()
      if (header !== undefined && (header.length === 0 || header.length > 100)) {
        throw await refuse(AppError.validation({ 'idempotency-key': ['Use 1–100 characters'] }))
      }
      let event
      try {
        event = await recordUsageEvent(c.get('deps'), {
          companyId: company.id,
          model: input.model,
          inputTokens: input.inputTokens,
          outputTokens: input.outputTokens,
          externalId: input.eventId ?? header,
          agent: input.agent,
          outcome: input.outcome,
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
      if (!created) c.set('deliveryDuplicate', true)
      // Book it on the owner's ledger now, so balances and billing states follow usage without waiting
      // for the evaluator's next pass (which also books anything missed here).
      if (created) {
        await bookUsageAndEvaluate(c.get('deps'), usage.id).catch((err: unknown) =>
          c
            .get('deps')
            .log.error({ err: { message: String(err) }, usageEventId: usage.id }, 'booking usage failed; the evaluator retries'),
        )
        // An unusual spike becomes an admin notice (decision 051); never fails the report.
        await evaluateUsageSpike(c.get('deps'), company).catch((err: unknown) =>
          c.get('deps').log.error({ err: { message: String(err) }, companyId: company.id }, 'usage spike evaluation failed'),
        )
      }
      return c.json(usage, created ? 201 : 200)
    },
  )

  // Agent wallets (decision 040): the runtime asks to spend for one of its agents; decided at once
  // against the agent's allowance and audited either way (a replay answers the first decision).
  .post(
    '/spend-requests',
    guard.runtime,
    recordCallback(RUNTIME_CONNECTORS.spendRequests, (b) => str(b.idempotencyKey)),
    ...runtimeReport('wallet.spend_request', 'Spend request', SpendRequestInputSchema),
    async (c) => {
      const company = runtimeOf(c)
      const input = c.req.valid('json')
      const { decision, created } = await requestSpend(c.get('deps'), company.id, input).catch(async (err: unknown) => {
        if (err instanceof AppError) {
          await audit(c, {
            actor: runtimeActor(company),
            action: 'wallet.spend_request',
            target: { type: 'company', id: company.id },
            outcome: 'failed',
            summary: `Spend request from ${company.slug} refused`,
            details: { status: err.status, code: err.code, idempotencyKey: input.idempotencyKey },
          })
        }
        throw err
      })
      if (!created) c.set('deliveryDuplicate', true)
      if (created) {
        await audit(c, {
          actor: runtimeActor(company),
          action: 'wallet.spend_request',
          target: { type: 'company', id: company.id },
          // The request was decided either way; the decision is in the summary and details.
          outcome: 'succeeded',
          summary: `${input.agent} asked to spend ${input.amountMinor / 100} USD at ${input.merchant}: ${decision.status}${decision.declineReason ? ` (${decision.declineReason})` : ''}${decision.decidedBy === 'auto' ? ' (auto-approved)' : ''}${decision.transaction ? `, ${decision.transaction.status}` : ''}`,
          details: {
            requestId: decision.id,
            walletId: decision.walletId,
            cardId: decision.cardId,
            amountMicros: decision.amountMicros,
            decision: decision.status,
            declineReason: decision.declineReason,
            decidedBy: decision.decidedBy,
            authorizationId: decision.authorization?.id ?? null,
            authorization: decision.authorization?.outcome ?? null,
            transactionId: decision.transaction?.id ?? null,
          },
        })
      }
      return c.json(decision, created ? 201 : 200)
    },
  )
  // The runtime reads a request again: one that waited for an owner has its outcome here (decision 048).
  .get(
    '/spend-requests/:id',
    guard.runtime,
    reportingRuntime('wallet.spend_request_read', 'Spend request read'),
    validate('param', IdPathSchema),
    async (c) => c.json(await runtimeSpendRequest(c.get('deps'), runtimeOf(c).id, c.req.valid('param').id), 200),
  )

  // The runtime's stdout/stderr lines (decision 037): like usage events, accepted lines are their own
  // record (the exocorp's log), so only refusals reach the audit trail.
  .post('/logs', guard.runtime, ...runtimeReport('logs.report', 'Log shipment', RuntimeLogInputSchema), async (c) => {
    const company = runtimeOf(c)
    const { lines } = c.req.valid('json')
    const accepted = await shipRuntimeLogLines(c.get('deps'), company.id, lines)
    return c.json({ accepted }, 201)
  })

  /**
   * The runtime's effective agent-loop flags (decision 036), polled about once a second with its
   * own token; `If-None-Match` with the version answers 304.
   */
  .get('/flags', guard.runtime, reportingRuntime('flags.read', 'Flags read'), async (c) => {
    const flags = await runtimeFlagsFor(c.get('deps'), runtimeOf(c).id)
    const tag = `"${flags.version}"`
    c.header('ETag', tag)
    c.header('Cache-Control', 'no-cache')
    if (c.req.header('if-none-match') === tag) return c.body(null, 304)
    return c.json(flags, 200)
  })

  // Workloads the runtime runs for its agents (decision 037): its own record, so only refusals are audited.
  .post(
    '/workloads',
    guard.runtime,
    recordCallback(RUNTIME_CONNECTORS.workloads, (b) => (str(b.id) ? `${str(b.id)}:${str(b.status) ?? ''}` : undefined)),
    ...runtimeReport('workload.report', 'Workload report', ReportWorkloadInputSchema),
    async (c) => c.json(await reportWorkload(c.get('deps'), runtimeOf(c).id, c.req.valid('json')), 200),
  )

  // Schedule runs and agents' messages, for the admins' notifications (decision 041): a notice is
  // its own record (the queue), so only refusals are audited, like usage and workloads.
  .post('/notices', guard.runtime, ...runtimeReport('notice.report', 'Notice', RuntimeNoticeInputSchema), async (c) =>
    c.json(await recordRuntimeNotice(c.get('deps'), runtimeOf(c), c.req.valid('json')), 201),
  )

  // Store snapshots (decision 055): the newest per store is kept, an older or repeated one changes
  // nothing (200, `applied: false`); like usage, accepted snapshots are their own record.
  .post(
    '/store-snapshots',
    guard.runtime,
    ...runtimeReport('commerce.snapshot', 'Store snapshot', StoreSnapshotInputSchema),
    async (c) => {
      const receipt = await recordStoreSnapshot(c.get('deps'), runtimeOf(c).id, c.req.valid('json'))
      return c.json(receipt, receipt.applied ? 201 : 200)
    },
  )

  // Runners (decision 037): a one-time token buys a secret; heartbeats carry the secret.
  .post(
    '/runners/enroll',
    guard.runtime,
    validate('json', EnrollRunnerInputSchema, () => ({
      actor: { type: 'anonymous', id: null, label: 'unenrolled runner' },
      action: 'runner.enroll',
      target: { type: 'runner', id: null },
      failSummary: 'Runner enrollment refused: malformed request',
    })),
    async (c) => {
      const enrolled = await enrollRunner(c.get('deps'), c.req.valid('json'))
      await audit(c, {
        actor: { type: 'anonymous', id: null, label: enrolled ? `runner ${enrolled.runnerId}` : 'unenrolled runner' },
        action: 'runner.enroll',
        target: { type: 'runner', id: enrolled?.runnerId ?? null },
        outcome: enrolled ? 'succeeded' : 'failed',
        summary: enrolled ? 'A runner enrolled' : 'Runner enrollment refused: unknown, used or revoked token',
        ...(enrolled ? {} : { details: { status: 401 } }),
      })
      if (!enrolled) throw new AppError(401, 'unauthenticated', 'This enrollment token is unknown, used or revoked')
      return c.json(enrolled, 200)
    },
  )

  // A runner's own workloads (decision 039): placed on that runner; like the runtime's, only refusals are audited.
  .post(
    '/runners/workloads',
    guard.runtime,
    validate('json', ReportWorkloadInputSchema, () => ({
      actor: { type: 'anonymous', id: null, label: 'runner' },
      action: 'workload.report',
      target: { type: 'runner', id: null },
      failSummary: 'Workload report from a runner refused',
    })),
    async (c) => {
      const authz = c.req.header('authorization')
      const secret = authz?.startsWith('Bearer ') ? authz.slice(7).trim() : null
      const workload = await reportRunnerWorkload(c.get('deps'), secret, c.req.valid('json'))
      if (!workload) throw new AppError(401, 'unauthenticated', 'A valid runner secret is required')
      return c.json(workload, 200)
    },
  )

  // A runner pulls the oldest queued workload of its exocorp (decision 053); null when idle is not possible.
  .post('/runners/claim', guard.runtime, async (c) => {
    const authz = c.req.header('authorization')
    const claimed = await claimRunnerWorkload(c.get('deps'), authz?.startsWith('Bearer ') ? authz.slice(7).trim() : null)
    if (!claimed) throw new AppError(401, 'unauthenticated', 'A valid runner secret is required')
    return c.json(claimed, 200)
  })

  .post('/runners/heartbeat', guard.runtime, async (c) => {
    const authz = c.req.header('authorization')
    const runner = await runnerHeartbeat(c.get('deps'), authz?.startsWith('Bearer ') ? authz.slice(7).trim() : null)
    if (!runner) throw new AppError(401, 'unauthenticated', 'A valid runner secret is required')
    return c.json({ ok: true as const, status: runner.status }, 200)
  })

  .get('/execution-providers/state', guard.user, (c) => {
    const cap = capacityOf(c.get('deps'))
    const body: ExecutionProvidersState = {
      driver: cap.driver,
      maxRuntimes: cap.maxRuntimes,
      running: cap.running,
      available: Math.max(0, cap.maxRuntimes - cap.running),
    }
    return c.json(body, 200)
  })

  .get('/billing/usage', guard.user, validate('query', UsageQuerySchema), async (c) => {
    const query = c.req.valid('query')
    const { company } = await visibleCompany(c, query.companyId)
    return c.json(await listUsageEvents(c.get('deps'), { ...query, companyId: company.id }), 200)
  })
