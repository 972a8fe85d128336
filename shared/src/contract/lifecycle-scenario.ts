import type { z } from 'zod/mini'
import {
  ActionResultSchema,
  CompanyDetailSchema,
  CompanyListSchema,
  JobSchema,
  type ActionResult,
  type CompanyDetail,
  type LifecycleAction,
} from '../companies'
import { ApiErrorBodySchema, type ApiErrorBody } from '../errors'
import { acceptedStatusFor, LifecycleRefusalReasonSchema, type LifecycleRefusalReason } from '../lifecycle'

/**
 * One scripted API conversation about an exocorp's lifecycle, run by the web project against the
 * msw mock and by the BFF project against the real app (decision 022). Test-only: nothing in the
 * product imports it. Both runs must produce exactly `expectedTranscript(subject)`, so the two
 * backends answer the same status codes, reason codes, messages and response shapes.
 *
 * The subject is an exocorp the signed-in owner has, `running`, with every required credential
 * bound and a release installed (each side arranges that with its own fixtures).
 */
export interface ContractSubject {
  id: string
  slug: string
}

export interface ContractResponse {
  status: number
  body: unknown
}

/** How a side sends a request: a session-bearing client against msw or against the real app. */
export type ContractSend = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<ContractResponse>

type Observed = Record<string, unknown>

interface Step<T = unknown> {
  name: string
  method: 'GET' | 'POST'
  path: (s: ContractSubject) => string
  body?: (s: ContractSubject) => unknown
  /** The lifecycle action this step asks for, when it is one. */
  action?: LifecycleAction
  status: number
  /** Schema the body must match, key for key (no missing and no extra keys). */
  schema: z.ZodMiniType<T>
  /** `error.details.reason` of a refusal. */
  reason?: LifecycleRefusalReason | 'confirmation_mismatch'
  /** What the step looks at besides status and shape, computed from the parsed body. */
  observe?: (body: T, s: ContractSubject) => Observed
  expected?: Observed | ((s: ContractSubject) => Observed)
}

const company = (s: ContractSubject) => `/api/registry/companies/${s.id}`
const act = (action: LifecycleAction, confirm?: (s: ContractSubject) => string) => ({
  method: 'POST' as const,
  path: (s: ContractSubject) => `${company(s)}/actions`,
  body: (s: ContractSubject) => ({ action, ...(confirm ? { confirm: confirm(s) } : {}) }),
  action,
})
const slug = (s: ContractSubject) => s.slug

/** Keeps each step's `observe` typed by its own schema inside the one list. */
const step = <T>(s: Step<T>) => s as unknown as Step

const accepted = (r: ActionResult) => ({
  companyStatus: r.company.status,
  jobAction: r.job?.action ?? null,
  // Immediate actions answer with their finished job; phased ones with the job just queued.
  jobPhases: r.job?.phases.length ?? null,
})
const immediateJob = (r: ActionResult) => ({ ...accepted(r), jobStatus: r.job?.status ?? null })
const refused = (r: ApiErrorBody) => ({
  code: r.error.code,
  message: r.error.message,
  companyStatus: r.error.details?.status ?? null,
})
const allowedOf = (d: CompanyDetail, actions: LifecycleAction[]) =>
  Object.fromEntries(
    actions.map((a) => {
      const entry = d.allowedActions.find((x) => x.action === a)
      return [a, entry?.allowed ? true : (entry?.reason ?? 'missing')]
    }),
  )

export const LIFECYCLE_SCENARIO: readonly Step[] = [
  step({
    name: 'list my exocorps',
    method: 'GET',
    path: () => '/api/registry/my-companies',
    status: 200,
    schema: CompanyListSchema,
    observe: (l, s) => ({ listed: l.items.filter((i) => i.id === s.id).map((i) => i.status) }),
    expected: { listed: ['running'] },
  }),
  step({
    name: 'read the detail',
    method: 'GET',
    path: company,
    status: 200,
    schema: CompanyDetailSchema,
    observe: (d) => ({ status: d.status, allowed: allowedOf(d, ['pause', 'resume', 'stop', 'provision', 'destroy']) }),
    expected: {
      status: 'running',
      allowed: {
        pause: true,
        resume: 'Cannot resume an exocorp that is running',
        stop: true,
        provision: 'Cannot provision an exocorp that is running',
        destroy: true,
      },
    },
  }),
  step({
    name: 'pause finishes at once',
    ...act('pause'),
    status: 200,
    schema: ActionResultSchema,
    observe: immediateJob,
    expected: { companyStatus: 'paused', jobAction: 'pause', jobPhases: 0, jobStatus: 'succeeded' },
  }),
  step({
    name: 'pause again is refused',
    ...act('pause'),
    status: 409,
    schema: ApiErrorBodySchema,
    reason: 'invalid_state',
    observe: refused,
    expected: { code: 'conflict', message: 'Cannot pause an exocorp that is paused', companyStatus: 'paused' },
  }),
  step({
    name: 'resume finishes at once',
    ...act('resume'),
    status: 200,
    schema: ActionResultSchema,
    observe: immediateJob,
    expected: { companyStatus: 'running', jobAction: 'resume', jobPhases: 0, jobStatus: 'succeeded' },
  }),
  step({
    name: 'stop without the typed slug is a 400',
    ...act('stop'),
    status: 400,
    schema: ApiErrorBodySchema,
    reason: 'confirmation_mismatch',
    observe: (r) => ({ code: r.error.code, fields: r.error.details?.fields ?? null }),
    expected: (s) => ({ code: 'validation_failed', fields: { confirm: [`Type ${s.slug} to confirm`] } }),
  }),
  step({
    name: 'stop with the typed slug finishes at once',
    ...act('stop', slug),
    status: 200,
    schema: ActionResultSchema,
    observe: immediateJob,
    expected: { companyStatus: 'stopped', jobAction: 'stop', jobPhases: 0, jobStatus: 'succeeded' },
  }),
  step({
    name: 'resume a stopped exocorp is refused',
    ...act('resume'),
    status: 409,
    schema: ApiErrorBodySchema,
    reason: 'invalid_state',
    observe: refused,
    expected: { code: 'conflict', message: 'Cannot resume an exocorp that is stopped', companyStatus: 'stopped' },
  }),
  step({
    name: 'provision (a start) answers 202 with its job',
    method: 'POST',
    path: (s) => `${company(s)}/provision`,
    body: () => ({}),
    action: 'provision',
    status: 202,
    schema: ActionResultSchema,
    observe: accepted,
    expected: { companyStatus: 'starting', jobAction: 'provision', jobPhases: 3 },
  }),
  step({
    name: 'a second provision waits its turn',
    method: 'POST',
    path: (s) => `${company(s)}/provision`,
    body: () => ({}),
    action: 'provision',
    status: 409,
    schema: ApiErrorBodySchema,
    reason: 'job_in_flight',
    observe: refused,
    expected: {
      code: 'conflict',
      message: 'Another lifecycle action is still running; wait for it to finish',
      companyStatus: 'starting',
    },
  }),
  step({
    name: 'jobs/current shows that job',
    method: 'GET',
    path: (s) => `${company(s)}/jobs/current`,
    status: 200,
    schema: JobSchema,
    observe: (j, s) => ({ action: j.action, companyId: j.companyId === s.id, phases: j.phases.map((p) => p.name) }),
    expected: { action: 'provision', companyId: true, phases: ['allocate_runtime', 'start_control_plane', 'health_check'] },
  }),
]

/** Keys the value has that the schema lacks, and required keys it misses (objects, arrays, nullables). */
interface Def {
  type: string
  innerType?: z.ZodMiniType
  element?: z.ZodMiniType
  shape?: Record<string, z.ZodMiniType>
}
const defOf = (schema: z.ZodMiniType) => schema._zod.def as unknown as Def

export function shapeProblems(schema: z.ZodMiniType, value: unknown, at = '$'): string[] {
  const def = defOf(schema)
  if (def.type === 'nullable' || def.type === 'optional') {
    return value === null || value === undefined ? [] : shapeProblems(def.innerType!, value, at)
  }
  if (def.type === 'array') {
    return Array.isArray(value) ? value.flatMap((v, i) => shapeProblems(def.element!, v, `${at}[${i}]`)) : [`${at}: not an array`]
  }
  if (def.type !== 'object') return []
  if (typeof value !== 'object' || value === null) return [`${at}: not an object`]
  const shape = def.shape ?? {}
  const problems: string[] = []
  for (const key of Object.keys(value)) if (!(key in shape)) problems.push(`${at}.${key}: not in the contract`)
  for (const [key, child] of Object.entries(shape)) {
    const v = (value as Record<string, unknown>)[key]
    if (v === undefined) {
      if (child._zod.optin !== 'optional') problems.push(`${at}.${key}: missing`)
      continue
    }
    problems.push(...shapeProblems(child, v, `${at}.${key}`))
  }
  return problems
}

export interface TranscriptEntry {
  step: string
  status: number
  reason: string | null
  observed: Observed | null
  problems: string[]
}

/** Runs the script through `send`; every difference from the contract lands in the transcript. */
export async function runLifecycleScenario(send: ContractSend, subject: ContractSubject): Promise<TranscriptEntry[]> {
  const out: TranscriptEntry[] = []
  for (const step of LIFECYCLE_SCENARIO) {
    const res = await send(step.method, step.path(subject), step.body?.(subject))
    const problems: string[] = []
    const parsed = step.schema.safeParse(res.body)
    if (!parsed.success) problems.push(`schema: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`)
    problems.push(...shapeProblems(step.schema, res.body))
    const details = (res.body as Partial<ApiErrorBody> | undefined)?.error?.details
    const reason = res.status >= 400 ? ((details?.reason as string | undefined) ?? null) : null
    if (res.status === 409 && !LifecycleRefusalReasonSchema.safeParse(reason).success) {
      problems.push(`reason ${String(reason)} is not a contract refusal reason`)
    }
    if (step.action && res.status < 300 && res.status !== acceptedStatusFor(step.action)) {
      problems.push(`${step.action} answered ${res.status}, the contract says ${acceptedStatusFor(step.action)}`)
    }
    let observed: Observed | null = null
    if (step.observe && parsed.success) {
      try {
        observed = step.observe(parsed.data, subject)
      } catch (err) {
        problems.push(`observe: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    out.push({ step: step.name, status: res.status, reason, observed, problems })
  }
  return out
}

/** What every backend must answer to the script. */
export function expectedTranscript(subject: ContractSubject): TranscriptEntry[] {
  return LIFECYCLE_SCENARIO.map((step) => ({
    step: step.name,
    status: step.status,
    reason: step.reason ?? null,
    observed: typeof step.expected === 'function' ? step.expected(subject) : (step.expected ?? null),
    problems: [],
  }))
}
