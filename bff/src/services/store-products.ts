import { eq } from 'drizzle-orm'
import { StoreProductSchema, type AddStoreProductInput, type StoreProduct } from '@exocorp/shared/commerce'
import type { Deps } from '../deps'
import { companies } from '../db/schema/companies'
import { runtimes } from '../db/schema/runtimes'
import { AppError } from '../lib/errors'
import { openControlToken } from './lifecycle/runtimes'

/*
 * Owners add a product to their exocorp's store (decision 060). The store lives in the runtime
 * (decision 055), so the platform forwards the product to the runtime's own API with the runtime's
 * control token — from the `runtimes` row, so any instance can, whichever one runs the runtime — and
 * the store's next snapshot (sent on the change) carries it back to the screens.
 */

/** How long the runtime has to answer. */
const RUNTIME_TIMEOUT_MS = 5_000

/** The longest runtime refusal passed on to the owner and the audit log. */
const MAX_MESSAGE = 300

/** The runtime's `"<field>: <message>"` refusal as the contract's field errors (anything else: the form's). */
function fieldErrorsOf(message: string) {
  const m = /^(name|priceMinor): (.+)$/.exec(message)
  return m ? { [m[1]!]: [m[2]!] } : { _root: [message] }
}

export async function addStoreProduct(
  deps: Pick<Deps, 'db' | 'env'>,
  companyId: string,
  input: AddStoreProductInput,
): Promise<StoreProduct> {
  const [row] = await deps.db
    .select({
      status: companies.status,
      endpoint: runtimes.endpoint,
      companyId: runtimes.companyId,
      token: runtimes.controlToken,
    })
    .from(companies)
    .leftJoin(runtimes, eq(runtimes.companyId, companies.id))
    .where(eq(companies.id, companyId))
  const token = row?.companyId ? openControlToken(deps.env, { companyId: row.companyId, controlToken: row.token }) : null
  if (!row || row.status !== 'running' || !row.endpoint || !token) {
    throw AppError.conflict(
      'runtime_not_running',
      `Products are added to the store its runtime keeps: start the exocorp first (it is ${row?.status ?? 'not running'})`,
      { status: row?.status ?? null },
    )
  }
  let res: Response
  try {
    res = await fetch(new URL('/store/products', row.endpoint), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(RUNTIME_TIMEOUT_MS),
      // The control token goes to the runtime's address and nowhere it might redirect to.
      redirect: 'error',
    })
  } catch {
    throw new AppError(503, 'service_unavailable', 'The exocorp’s runtime did not answer; try again in a moment')
  }
  const body: unknown = await res.json().catch(() => null)
  const error =
    typeof body === 'object' && body && 'error' in body && typeof body.error === 'string'
      ? body.error.slice(0, MAX_MESSAGE)
      : null
  if (res.status === 201) {
    const product = StoreProductSchema.safeParse(body)
    if (product.success) return product.data
  } else if (res.status === 400 && error) {
    throw AppError.validation(fieldErrorsOf(error))
  } else if (res.status === 409 && error) {
    throw AppError.conflict('store_full', error)
  }
  throw new AppError(503, 'service_unavailable', `The exocorp’s runtime refused the product (HTTP ${res.status})`)
}
