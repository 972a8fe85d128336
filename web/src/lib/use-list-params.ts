import { useLocation, useSearchParams } from 'react-router'
import { z } from 'zod/mini'

const PagerStateSchema = z.object({ cursors: z.array(z.string()) })

/**
 * List state lives in the URL (filters, sort and the current cursor), so reload and share keep it.
 * The cursors of earlier pages ride in history state, so "Previous" works after a reload too.
 */
export function useListParams() {
  const [params, setParams] = useSearchParams()
  const location = useLocation()
  const parsed = PagerStateSchema.safeParse(location.state)
  const stack = parsed.success ? parsed.data.cursors : []
  const cursor = params.get('cursor') ?? undefined

  /** Replaces the given keys (undefined or '' removes one) and goes back to the first page. */
  function setFilters(next: Record<string, string | number | undefined>) {
    const p = new URLSearchParams(params)
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined || value === '') p.delete(key)
      else p.set(key, String(value))
    }
    p.delete('cursor')
    setParams(p, { state: { cursors: [] } })
  }

  /** Replaces the given keys but stays on this page (how it is shown, not what it lists). */
  function setDisplay(next: Record<string, string | undefined>) {
    const p = new URLSearchParams(params)
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined || value === '') p.delete(key)
      else p.set(key, value)
    }
    setParams(p, { state: { cursors: stack }, replace: true })
  }

  function nextPage(nextCursor: string) {
    const p = new URLSearchParams(params)
    p.set('cursor', nextCursor)
    setParams(p, { state: { cursors: [...stack, cursor ?? ''] } })
  }

  function previousPage() {
    const p = new URLSearchParams(params)
    const previous = stack.at(-1)
    if (previous) p.set('cursor', previous)
    else p.delete('cursor')
    setParams(p, { state: { cursors: stack.slice(0, -1) } })
  }

  return {
    params,
    get: (key: string) => params.get(key) ?? undefined,
    cursor,
    page: stack.length + 1,
    hasPrevious: cursor !== undefined,
    setFilters,
    setDisplay,
    nextPage,
    previousPage,
  }
}

/**
 * The URL is untrusted input: each parameter is checked on its own, a bad one is dropped (and
 * reported) instead of taking the whole page down.
 */
export function parseListQuery<S extends z.ZodMiniType>(
  schema: S,
  raw: Record<string, string | undefined>,
  fixed: Record<string, unknown>,
): { query: z.output<S>; ignored: string[] } {
  const good: Record<string, unknown> = { ...fixed }
  const ignored: string[] = []
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue
    if (schema.safeParse({ ...fixed, [key]: value }).success) good[key] = value
    else ignored.push(key)
  }
  return { query: schema.parse(good), ignored }
}
