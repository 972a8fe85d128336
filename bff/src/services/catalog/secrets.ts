import { and, asc, eq, inArray, ne } from 'drizzle-orm'
import type { CreateProviderSecretInput, Provider, ProviderSecret } from '@exocorp/shared/companies'
import { within, type Deps } from '../../deps'
import { isUniqueViolation } from '../../db/portable'
import { bindings, providerSecrets } from '../../db/schema/catalog'
import { companies } from '../../db/schema/companies'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import { secretBoxFor } from '../../lib/secret-box'

type SecretDeps = Pick<Deps, 'db' | 'clock' | 'env'>
type SecretRow = typeof providerSecrets.$inferSelect

/** Binds a ciphertext to its row: moved to another row or account, it no longer decrypts. */
function aadFor(row: { id: string; ownerUserId: string; provider: Provider }) {
  return `provider_secret:v1:${row.id}:${row.ownerUserId}:${row.provider}`
}

/** By code point, so a credential ending in a non-BMP character never yields half a surrogate pair. */
function last4Of(value: string) {
  return Array.from(value).slice(-4).join('')
}

export interface SecretUse {
  companyId: string
  slug: string
  name: string
}

/** Exocorps (not destroyed) bound to each of the given secrets. */
async function usesOf(deps: Pick<Deps, 'db'>, secretIds: string[]): Promise<Map<string, SecretUse[]>> {
  const out = new Map<string, SecretUse[]>()
  if (secretIds.length === 0) return out
  const rows = await deps.db
    .select({ secretId: bindings.secretId, companyId: companies.id, slug: companies.slug, name: companies.name })
    .from(bindings)
    .innerJoin(companies, eq(companies.id, bindings.companyId))
    .where(and(inArray(bindings.secretId, secretIds), ne(companies.status, 'destroyed')))
    .orderBy(asc(companies.name), asc(companies.id))
  for (const r of rows) {
    if (!r.secretId) continue
    const list = out.get(r.secretId) ?? []
    if (!list.some((u) => u.companyId === r.companyId)) list.push({ companyId: r.companyId, slug: r.slug, name: r.name })
    out.set(r.secretId, list)
  }
  return out
}

/** The allow-list of what ever leaves the server about a credential. */
function toProviderSecret(row: SecretRow, usedBy: SecretUse[]): ProviderSecret {
  return {
    id: row.id,
    provider: row.provider,
    label: row.label,
    last4: row.last4,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    usedBy,
  }
}

export async function listProviderSecrets(deps: Pick<Deps, 'db'>, ownerUserId: string): Promise<ProviderSecret[]> {
  const rows = await deps.db
    .select()
    .from(providerSecrets)
    .where(eq(providerSecrets.ownerUserId, ownerUserId))
    .orderBy(asc(providerSecrets.provider), asc(providerSecrets.label), asc(providerSecrets.id))
  const uses = await usesOf(
    deps,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toProviderSecret(r, uses.get(r.id) ?? []))
}

async function findOwned(deps: Pick<Deps, 'db'>, ownerUserId: string, id: string): Promise<SecretRow> {
  const [row] = await deps.db
    .select()
    .from(providerSecrets)
    .where(and(eq(providerSecrets.id, id), eq(providerSecrets.ownerUserId, ownerUserId)))
    .limit(1)
  // Another account's credential answers exactly like one that does not exist.
  if (!row) throw AppError.notFound('Provider secret')
  return row
}

export async function getProviderSecret(deps: Pick<Deps, 'db'>, ownerUserId: string, id: string): Promise<ProviderSecret> {
  const row = await findOwned(deps, ownerUserId, id)
  return toProviderSecret(row, (await usesOf(deps, [id])).get(id) ?? [])
}

function labelTaken(provider: Provider, label: string) {
  return AppError.conflict('label_taken', `You already have a ${provider} credential named “${label}”`, {
    fields: { label: ['Choose a label you have not used for this provider'] },
  })
}

async function assertLabelFree(deps: Pick<Deps, 'db'>, ownerUserId: string, provider: Provider, label: string) {
  const rows = await deps.db
    .select({ id: providerSecrets.id, label: providerSecrets.label })
    .from(providerSecrets)
    .where(and(eq(providerSecrets.ownerUserId, ownerUserId), eq(providerSecrets.provider, provider)))
  if (rows.some((r) => r.label.toLowerCase() === label.toLowerCase())) throw labelTaken(provider, label)
}

export async function createProviderSecret(
  deps: SecretDeps,
  ownerUserId: string,
  input: CreateProviderSecretInput,
): Promise<ProviderSecret> {
  const box = secretBoxFor(deps.env)
  try {
    return await deps.db.write(async (tx) => {
      await assertLabelFree(within(deps, tx), ownerUserId, input.provider, input.label)
      const now = deps.clock.now().toISOString()
      const id = newId()
      const sealed = box.seal(input.value, aadFor({ id, ownerUserId, provider: input.provider }))
      const row: SecretRow = {
        id,
        ownerUserId,
        provider: input.provider,
        label: input.label,
        ...sealed,
        last4: last4Of(input.value),
        createdAt: now,
        updatedAt: now,
      }
      await tx.insert(providerSecrets).values(row)
      return toProviderSecret(row, [])
    })
  } catch (err) {
    // The same label added twice at once: the case-insensitive unique index refuses the second.
    if (isUniqueViolation(err)) throw labelTaken(input.provider, input.label)
    throw err
  }
}

/** New value, same id: every binding keeps pointing at it. */
export async function rotateProviderSecret(
  deps: SecretDeps,
  ownerUserId: string,
  id: string,
  value: string,
): Promise<ProviderSecret> {
  const box = secretBoxFor(deps.env)
  return deps.db.write(async (tx) => {
    const row = await findOwned(within(deps, tx), ownerUserId, id)
    const sealed = box.seal(value, aadFor(row))
    const updated: SecretRow = { ...row, ...sealed, last4: last4Of(value), updatedAt: deps.clock.now().toISOString() }
    await tx
      .update(providerSecrets)
      .set({
        ciphertext: updated.ciphertext,
        iv: updated.iv,
        tag: updated.tag,
        last4: updated.last4,
        updatedAt: updated.updatedAt,
      })
      .where(eq(providerSecrets.id, id))
    return toProviderSecret(updated, (await usesOf(within(deps, tx), [id])).get(id) ?? [])
  })
}

/**
 * Refused (409 `secret_in_use`, naming the exocorps) while any exocorp that is not destroyed is
 * bound to it: deleting would silently break its next provision or update. Rebind or unbind first.
 */
export async function deleteProviderSecret(deps: Pick<Deps, 'db'>, ownerUserId: string, id: string): Promise<ProviderSecret> {
  return deps.db.write(async (tx) => {
    const row = await findOwned(within(deps, tx), ownerUserId, id)
    const usedBy = (await usesOf(within(deps, tx), [id])).get(id) ?? []
    if (usedBy.length > 0) {
      const names = usedBy.map((u) => u.name).join(', ')
      throw AppError.conflict(
        'secret_in_use',
        `“${row.label}” is used by ${names}. Bind those exocorps to another credential first.`,
        {
          usedBy,
        },
      )
    }
    // Bindings of destroyed exocorps are left empty by ON DELETE SET NULL.
    await tx.delete(providerSecrets).where(eq(providerSecrets.id, id))
    return toProviderSecret(row, [])
  })
}

/**
 * The decrypted value, for a runtime driver that hands it to the process it starts. Never put the
 * result in a response, a log line, an audit row, a job error or a manifest.
 */
export async function readProviderSecretValue(deps: SecretDeps, ownerUserId: string, id: string): Promise<string> {
  const row = await findOwned(deps, ownerUserId, id)
  return secretBoxFor(deps.env).open(row, aadFor(row))
}

export async function secretsOfOwner(deps: Pick<Deps, 'db'>, ownerUserId: string, provider?: Provider) {
  return deps.db
    .select({
      id: providerSecrets.id,
      provider: providerSecrets.provider,
      label: providerSecrets.label,
      last4: providerSecrets.last4,
    })
    .from(providerSecrets)
    .where(and(eq(providerSecrets.ownerUserId, ownerUserId), provider ? eq(providerSecrets.provider, provider) : undefined))
    .orderBy(asc(providerSecrets.createdAt), asc(providerSecrets.id))
}

/**
 * The decrypted values of the credentials bound to an exocorp, only so its log lines can be
 * redacted of them (decision 039). A value that no longer decrypts is skipped: it cannot be printed.
 */
export async function boundSecretValues(deps: Pick<Deps, 'db' | 'env'>, companyId: string): Promise<string[]> {
  const rows = await deps.db
    .select({
      id: providerSecrets.id,
      ownerUserId: providerSecrets.ownerUserId,
      provider: providerSecrets.provider,
      ciphertext: providerSecrets.ciphertext,
      iv: providerSecrets.iv,
      tag: providerSecrets.tag,
    })
    .from(bindings)
    .innerJoin(providerSecrets, eq(providerSecrets.id, bindings.secretId))
    .where(eq(bindings.companyId, companyId))
  if (rows.length === 0) return []
  const box = secretBoxFor(deps.env)
  const values: string[] = []
  for (const row of rows) {
    try {
      values.push(box.open(row, aadFor(row)))
    } catch {
      // A key change or a tampered row: nothing to redact with, and nothing a runtime was given.
    }
  }
  return values
}
