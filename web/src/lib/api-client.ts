import { ApiErrorBodySchema } from '@exocorp/shared/errors'
import { onlineManager } from '@tanstack/react-query'
import { z } from 'zod/mini'

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
    const out: Record<string, string[]> = {}
    for (const [key, value] of Object.entries(fields)) {
      if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string')
    }
    return out
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message
  if (e instanceof z.core.$ZodError) return 'The server sent an answer this app does not understand.'
  if (!onlineManager.isOnline()) return 'You are offline, so nothing was sent. Try again once you are back online.'
  return 'Could not reach the server. Check your connection and try again.'
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  body?: unknown
  signal?: AbortSignal
  headers?: Record<string, string>
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal: options.signal }
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    init.body = JSON.stringify(options.body)
  }
  const res = await fetch(path, init)
  if (!res.ok) {
    const parsed = ApiErrorBodySchema.safeParse(await res.json().catch(() => null))
    if (parsed.success) {
      const { code, message, details, requestId } = parsed.data.error
      throw new ApiError(res.status, code, message, details, requestId)
    }
    throw new ApiError(res.status, 'unknown', `The server answered ${res.status}`)
  }
  return res
}

/** Sends a request and parses the JSON answer with the contract's schema (parse, don't cast). */
export async function apiRequest<S extends z.ZodMiniType>(
  method: Method,
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const res = await send(method, path, options)
  return schema.parse(await res.json())
}

export const api = {
  get: <S extends z.ZodMiniType>(path: string, schema: S, options?: RequestOptions) => apiRequest('GET', path, schema, options),
  post: <S extends z.ZodMiniType>(path: string, schema: S, body: unknown = {}, options?: RequestOptions) =>
    apiRequest('POST', path, schema, { ...options, body }),
}
