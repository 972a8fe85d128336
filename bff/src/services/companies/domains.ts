import type { Deps } from '../../deps'
import { domainBasesFromEnv, domainsFor } from '../../runtime/domains'

/** `<slug>.<portal base>` and `<slug>.<app base>` (runtime/domains.ts; `*.localhost` by default). */
export function domainsOf(deps: Pick<Deps, 'env'>, slug: string) {
  return domainsFor(slug, domainBasesFromEnv(deps.env))
}
