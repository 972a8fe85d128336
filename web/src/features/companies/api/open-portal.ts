import { API } from '@exocorp/shared/api-paths'

/**
 * The console's link to an exocorp's operator portal: a navigation (not a fetch) through the BFF,
 * which signs the browser in on the portal host with a single-use hand-off (decision 032).
 */
export function openPortalHref(slug: string, next?: string): string {
  return `${API.portal.handoff.path}?${new URLSearchParams({ slug, ...(next ? { next } : {}) }).toString()}`
}
