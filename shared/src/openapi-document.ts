import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiOverrideContext,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi'
import { z } from 'zod/mini'
import type { $ZodType } from 'zod/v4/core'
import * as apiOperations from './api-operations'
import { API_OPERATIONS, API_TAGS, type ApiAccess, type ApiOperation, type ErrorStatus } from './api-operations'
import * as audit from './audit'
import * as auth from './auth'
import * as billing from './billing'
import * as companies from './companies'
import * as errors from './errors'
import { ApiErrorBodySchema, ErrorCodeSchema } from './errors'
import * as fieldIssues from './field-issues'
import { ValidationErrorBodySchema } from './field-issues'
import * as lifecycle from './lifecycle'
import * as openapi from './openapi'
import * as operatorClients from './operator-clients'

/**
 * The OpenAPI 3.1 document of the API, generated from the operation table (api-operations.ts) and
 * the contract's zod schemas by zod-openapi, which renders them with zod's own `toJSONSchema`
 * (decision 025). The BFF serves it at GET /api/openapi.json; the web's API reference renders it.
 */

export const API_VERSION = '1.0.0'

/**
 * Every exported `…Schema` of the contract becomes a named component (`CompanyDetailSchema` →
 * `CompanyDetail`), so bodies refer to `#/components/schemas/CompanyDetail` instead of repeating it.
 * Query and path schemas are left out: they are spread into parameters.
 */
function namedSchemas(): Record<string, $ZodType> {
  const out: Record<string, $ZodType> = {}
  for (const module of [
    errors,
    fieldIssues,
    auth,
    companies,
    lifecycle,
    operatorClients,
    billing,
    audit,
    openapi,
    apiOperations,
  ]) {
    for (const [name, value] of Object.entries(module)) {
      if (!name.endsWith('Schema') || /(Query|Path)Schema$/.test(name) || !isZodSchema(value)) continue
      out[name.slice(0, -'Schema'.length)] = value
    }
  }
  return out
}

function isZodSchema(value: unknown): value is $ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value
}

const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'exo_session',
    description: 'The browser session set by sign-in (`__Host-exo_session` over HTTPS). Writes also need a same-origin `Origin`.',
  },
  operatorClient: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A coding agent’s token (`exo_oc_…`), got through `/api/operator-clients/drafts` and `/redeem` once a human approved it. It acts as that human on the registry API; reads need the `registry:read` scope, writes `registry:write`.',
  },
  runtimeToken: { type: 'http', scheme: 'bearer', description: 'An exocorp runtime’s own usage token.' },
  webhookSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-signature',
    description: 'HMAC over `webhook-id`, `webhook-timestamp` and the raw body, with the provider’s shared secret.',
  },
} as const

const ACCESS_TEXT: Record<ApiAccess, string> = {
  public: 'Anyone; no credentials.',
  user: 'A signed-in user, or a coding agent acting for one.',
  session: 'A signed-in browser session (not a coding agent).',
  admin: 'A signed-in admin or platform owner.',
  platform_owner: 'A signed-in platform owner.',
  runtime_token: 'An exocorp runtime, with its usage token.',
  webhook_signature: 'A payment provider, with a signed delivery.',
}

function securityOf(op: ApiOperation): Array<Record<string, string[]>> {
  switch (op.access) {
    case 'public':
      return []
    case 'user':
      return [{ session: [] }, { operatorClient: [op.method === 'get' ? 'registry:read' : 'registry:write'] }]
    case 'session':
    case 'admin':
    case 'platform_owner':
      return [{ session: [] }]
    case 'runtime_token':
      return [{ runtimeToken: [] }]
    case 'webhook_signature':
      return [{ webhookSignature: [] }]
  }
}

/** The error statuses an operation's shape implies, with what they mean; `op.errors` adds to them. */
function errorStatuses(op: ApiOperation): Partial<Record<ErrorStatus, string>> {
  const out: Partial<Record<ErrorStatus, string>> = {}
  if (op.body || op.query) {
    out[400] =
      "`validation_failed` with `details.fields` naming each invalid field (unknown fields too) in English sentences and, when the contract refused it, `details.fieldIssues` with a machine-readable issue per sentence (zod's code and the bound, type, format or values it names; see `FieldIssue`), or `bad_request` for a body that is not JSON."
  }
  if (op.access === 'runtime_token') out[401] = '`unauthenticated`: no usage token, or one that is unknown or retired.'
  else if (op.access === 'webhook_signature') out[401] = '`unauthenticated`: the signature or its timestamp does not verify.'
  else if (op.access !== 'public') out[401] = '`unauthenticated`: sign in, or send a valid bearer token.'
  if (op.access === 'admin' || op.access === 'platform_owner') {
    const role = op.access === 'admin' ? 'admin' : 'platform owner'
    out[403] =
      op.method === 'get'
        ? `\`forbidden\`: this needs the ${role} role.`
        : `\`forbidden\`: this needs the ${role} role; \`reauth_required\`: re-enter your password (POST /api/auth/reauthenticate) first.`
  } else if (op.access === 'session') {
    out[403] = '`forbidden`: coding agents cannot call this; a person does, in a browser.'
  } else if (op.access === 'user' && op.method !== 'get') {
    out[403] = '`forbidden`: the agent’s token lacks the `registry:write` scope, or you are a member and not the owner.'
  }
  if (op.params && op.access !== 'webhook_signature') out[404] = '`not_found`: no such resource visible to you.'
  if (op.body) out[413] = '`payload_too_large`: the body is larger than 256 KB.'
  return { ...out, ...op.errors }
}

const ErrorHeadlines: Record<ErrorStatus, string> = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  410: 'Gone',
  426: 'Upgrade required',
  413: 'Too large',
  429: 'Too many requests',
  503: 'Unavailable',
}

const json = (schema: $ZodType, contentType = 'application/json') => ({ [contentType]: { schema } })

function operationOf(op: ApiOperation): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {}
  for (const [status, r] of Object.entries(op.responses)) {
    responses[status as `${200 | 201 | 202 | 302}`] = {
      description: r.description,
      ...(r.schema ? { content: json(r.schema, r.contentType) } : {}),
      ...(op.etag && status === '200'
        ? { headers: { ETag: { description: 'Weak validator; send it back as If-None-Match.', schema: { type: 'string' } } } }
        : {}),
    }
  }
  if (op.etag) responses['304'] = { description: 'Not modified: the If-None-Match matched the current ETag; no body.' }
  for (const [status, text] of Object.entries(errorStatuses(op))) {
    const headline = ErrorHeadlines[Number(status) as ErrorStatus]
    const body = status === '400' ? ValidationErrorBodySchema : ApiErrorBodySchema
    responses[status as `4${string}`] = { description: `${headline}. ${text}`, content: json(body) }
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, `**Who may call it:** ${ACCESS_TEXT[op.access]}`].filter(Boolean).join('\n\n'),
    tags: [op.tag],
    security: securityOf(op),
    'x-exocorp-access': op.access,
    requestParams: {
      ...(op.params ? { path: op.params } : {}),
      ...(op.query ? { query: op.query } : {}),
      ...(op.etag ? { header: z.object({ 'if-none-match': z.optional(z.string()) }) } : {}),
    },
    ...(op.body ? { requestBody: { required: !op.bodyOptional, content: json(op.body) } } : {}),
    responses,
  }
}

/**
 * Response objects of the contract are open: the BFF may add a field without breaking a client, so
 * only `strictObject`s (the inputs, which refuse unknown fields) keep `additionalProperties: false`.
 */
function openResponseObjects(ctx: ZodOpenApiOverrideContext) {
  const def = ctx.zodSchema._zod.def
  if (ctx.io === 'output' && def.type === 'object' && def.catchall === undefined) {
    delete ctx.jsonSchema.additionalProperties
  }
}

const OVERVIEW = `The HTTP API of the Exocorp platform: JSON over HTTPS, under \`/api\`.

- **Errors** share one envelope, \`{ "error": { "code", "message", "details?", "requestId" } }\`; \`code\` is one of ${ErrorCodeSchema.options.map((c) => `\`${c}\``).join(', ')}. Branch on \`code\` and \`details.reason\`; the message is for people.
- **Lifecycle actions** answer 200 when they finish within the request (pause, resume, stop, destroy) and 202 with a job otherwise; poll \`GET /api/registry/companies/{id}/jobs/current\`.
- **Pages** are cursor-based: pass the previous page's \`nextCursor\` as \`cursor\`; \`null\` means the last page.
- **Polled reads** carry an ETag; send it back as \`If-None-Match\` to get 304 without a body.
- A wrong method on a real path answers 405 with an \`Allow\` header; writes repeatedly refused may answer 429.`

export function createOpenApiDocument() {
  const paths: ZodOpenApiPathsObject = {}
  for (const op of API_OPERATIONS) {
    paths[op.path] = { ...paths[op.path], [op.method]: operationOf(op) }
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: { title: 'Exocorp Platform API', version: API_VERSION, description: OVERVIEW },
      tags: API_TAGS.map((t) => ({ name: t.name, description: t.description })),
      paths,
      components: { schemas: namedSchemas(), securitySchemes: SECURITY_SCHEMES },
    },
    { override: openResponseObjects },
  )
}
