import { MyCompanyQuerySchema } from '@exocorp/shared/companies'
import { parseListQuery } from '@/lib/use-list-params'

/** Rows per page of the owner's fleet (cards or table). */
export const FLEET_PAGE_SIZE = 25

export const FLEET_FILTER_KEYS = ['q', 'status', 'channel', 'health', 'role'] as const

/**
 * The dashboard's list query, read from its URL: the page and the route loader both call this, so
 * the loader warms exactly the cache entry the page then reads. A bad parameter is dropped, not fatal.
 */
export function fleetListQuery(search: URLSearchParams) {
  const raw = Object.fromEntries(
    [...FLEET_FILTER_KEYS, 'sort', 'order', 'cursor'].map((k) => [k, search.get(k) ?? undefined] as const),
  )
  return parseListQuery(MyCompanyQuerySchema, raw, { limit: FLEET_PAGE_SIZE }).query
}

/** True when the URL narrows the fleet (an empty answer then means "no match", not "no exocorps"). */
export function hasFleetFilters(search: URLSearchParams) {
  return FLEET_FILTER_KEYS.some((k) => search.get(k))
}
