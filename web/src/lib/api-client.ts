import { pathOf, searchOf, type Endpoint, type HttpMethod, type PathParamNames, type PathParams } from '@exocorp/shared/api-paths'
import { ApiErrorBodySchema } from '@exocorp/shared/errors'
import { onlineManager } from '@tanstack/react-query'
import { z } from 'zod/mini'
import { englishText, type CommonTranslate } from './i18n/common-translate'

/** Every non-2xx answer becomes an ApiError, so every queryFn rejects the same way. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly requestId?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** `{ field: [messages] }` from a 400, or an empty object. */
  get fieldErrors(): Record<string, string[]> {
    const fields = this.details.fields
    if (!fields || typeof fields !== 'object') return {}
    // The paths are the server's: without a prototype, one named `__proto__` stays a plain key.
    const out: Record<string, string[]> = Object.create(null)
    for (const [key, value] of Object.entries(fields)) {
      if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string')
    }
    return out
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

/**
 * What a failed request says to a person: the server's own message, or the client's words when no
 * answer came (in `t`'s language; the admin console maps server codes to its catalog on top, see
 * components/admin-common-text.tsx).
 */
export function errorMessage(e: unknown, t: CommonTranslate = englishText): string {
  if (isApiError(e)) return e.message
  if (e instanceof z.core.$ZodError) return t('network.badAnswer')
  if (!onlineManager.isOnline()) return t('network.offline')
  return t('network.unreachable')
}

/** What a call adds to the endpoint: the path's `:params` (required when it has any), a query, a body. */
export type RequestOptions<P extends string> = ([PathParamNames<P>] extends [never]
  ? { params?: undefined }
  : { params: PathParams<P> }) & {
  query?: object
  body?: unknown
  signal?: AbortSignal
  headers?: Record<string, string>
}

/** Options may be left out only when the path has no `:params` to fill. */
type OptionsArg<P extends string> = [PathParamNames<P>] extends [never]
  ? [options?: RequestOptions<P>]
  : [options: RequestOptions<P>]

export async function send<P extends string>(
  endpoint: Endpoint<HttpMethod, P>,
  options: RequestOptions<P> | undefined,
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options?.headers }
  const init: RequestInit = { method: endpoint.method, headers, credentials: 'same-origin', signal: options?.signal }
  if (options?.body !== undefined) {
    headers['content-type'] = 'application/json'
    init.body = JSON.stringify(options.body)
  }
  // RequestOptions already demands params exactly when the pattern has some.
  const params = (options?.params ?? {}) as PathParams<P>
  const res = await fetch(`${pathOf(endpoint.path, params)}${searchOf(options?.query)}`, init)
  if (!res.ok) throw await toApiError(res)
  return res
}

/** The one place an error answer is read: the contract's envelope, or a plain "answered 5xx". */
async function toApiError(res: Response): Promise<ApiError> {
  const parsed = ApiErrorBodySchema.safeParse(await res.json().catch(() => null))
  if (!parsed.success) return new ApiError(res.status, 'unknown', englishText('network.answered', { status: res.status }))
  const { code, message, details, requestId } = parsed.data.error
  return new ApiError(res.status, code, message, details, requestId)
}

/** For endpoints that answer 204 No Content. */
export const NoContentSchema = z.undefined()

/**
 * Sends a request and parses the answer with the contract's schema (parse, don't cast). A 204 has
 * no body: `undefined` is what the schema gets, so only NoContentSchema accepts it.
 */
async function apiRequest<S extends z.ZodMiniType, P extends string>(
  endpoint: Endpoint<HttpMethod, P>,
  schema: S,
  options?: RequestOptions<P>,
): Promise<z.infer<S>> {
  const res = await send(endpoint, options)
  return schema.parse(res.status === 204 ? undefined : await res.json())
}

function verb<M extends HttpMethod>() {
  return <S extends z.ZodMiniType, P extends string>(endpoint: Endpoint<M, P>, schema: S, ...[options]: OptionsArg<P>) =>
    apiRequest(endpoint, schema, options)
}

/** One client for every verb; each accepts only the endpoints declared with its method. */
export const api = {
  get: verb<'GET'>(),
  post: verb<'POST'>(),
  put: verb<'PUT'>(),
  patch: verb<'PATCH'>(),
  delete: verb<'DELETE'>(),
}
