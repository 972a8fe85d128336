import { and, desc, eq, lt, or } from 'drizzle-orm'
import { z } from 'zod/mini'
import type { UsageEvent } from '@exocorp/shared/companies'
import { within, type Deps } from '../../deps'
import type { Db } from '../../db/client'
import { isUniqueViolation } from '../../db/portable'
import { priceBooks, usageEvents } from '../../db/schema/catalog'
import { newId } from '../../lib/crypto'
import { decodeCursor, encodeCursor, pairCursor } from '../../lib/cursor'
import { AppError } from '../../lib/errors'

const MicrosPerMTok = z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000_000))
const ModelPriceSchema = z.object({ inputMicrosPerMTok: MicrosPerMTok, outputMicrosPerMTok: MicrosPerMTok })
export type ModelPrice = z.infer<typeof ModelPriceSchema>

const PricesSchema = z.object({
  models: z.record(z.string(), ModelPriceSchema),
  /** Price for models the book does not name; null refuses them. */
  default: z.optional(z.nullable(ModelPriceSchema)),
})

export interface PriceBook {
  id: string
  version: number
  models: Record<string, ModelPrice>
  default: ModelPrice | null
  activatedAt: string | null
}

/** The one active price book, or null (provisioning then refuses with 409 `no_active_price_book`). */
export async function activePriceBook(deps: Pick<Deps, 'db'>): Promise<PriceBook | null> {
  const [row] = await deps.db.select().from(priceBooks).where(eq(priceBooks.active, true)).limit(1)
  if (!row) return null
  const prices = PricesSchema.parse(JSON.parse(row.prices))
  return {
    id: row.id,
    version: row.version,
    models: prices.models,
    default: prices.default ?? null,
    activatedAt: row.activatedAt,
  }
}

export type PriceBookPrices = z.infer<typeof PricesSchema>

/**
 * Publishes the next version of the price book; with `activate` it replaces the active one in the
 * same transaction (the partial unique index keeps exactly one active). Events already recorded keep
 * the book they were priced with.
 */
export async function publishPriceBook(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { prices: PriceBookPrices; activate: boolean },
): Promise<PriceBook> {
  const prices = PricesSchema.parse(input.prices)
  try {
    return await deps.db.write(async (tx) => {
      const now = deps.clock.now().toISOString()
      const [last] = await tx.select({ version: priceBooks.version }).from(priceBooks).orderBy(desc(priceBooks.version)).limit(1)
      const version = (last?.version ?? 0) + 1
      const id = `pb-v${version}-${newId().slice(0, 8)}`
      if (input.activate) await tx.update(priceBooks).set({ active: false }).where(eq(priceBooks.active, true))
      await tx.insert(priceBooks).values({
        id,
        version,
        active: input.activate,
        prices: JSON.stringify(prices),
        createdAt: now,
        activatedAt: input.activate ? now : null,
      })
      return { id, version, models: prices.models, default: prices.default ?? null, activatedAt: input.activate ? now : null }
    })
  } catch (err) {
    // Two publishers on PostgreSQL read the same last version; the unique version (or the one
    // active book) refuses the second, which has nothing to retry blindly: the prices may differ.
    if (!isUniqueViolation(err)) throw err
    throw AppError.conflict('price_book_changed', 'Another price book was published at the same time; check it and try again')
  }
}

const MILLION = 1_000_000n

/**
 * Cost in micro-dollars: tokens × price per 1M tokens, exact in integers (BigInt), rounded up to the
 * next micro-dollar once per event so no usage is ever billed as free.
 */
export function priceUsage(
  priceBook: Pick<PriceBook, 'version' | 'models' | 'default'>,
  model: string,
  inputTokens: number,
  outputTokens: number,
): number {
  if (!Number.isSafeInteger(inputTokens) || inputTokens < 0 || !Number.isSafeInteger(outputTokens) || outputTokens < 0) {
    throw AppError.validation({ tokens: ['Token counts are whole numbers, zero or more'] })
  }
  const price = Object.hasOwn(priceBook.models, model) ? priceBook.models[model] : priceBook.default
  if (!price) {
    const message = `Price book v${priceBook.version} has no price for ${model}`
    throw AppError.validation({ model: [message] }, message)
  }
  const total = BigInt(inputTokens) * BigInt(price.inputMicrosPerMTok) + BigInt(outputTokens) * BigInt(price.outputMicrosPerMTok)
  return Number((total + MILLION - 1n) / MILLION)
}

type UsageRow = typeof usageEvents.$inferSelect

function toUsageEvent(row: UsageRow): UsageEvent {
  return {
    id: row.id,
    companyId: row.companyId,
    model: row.model,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    costMicros: row.costMicros,
    at: row.at,
  }
}

export interface RecordUsageInput {
  companyId: string
  model: string
  inputTokens: number
  outputTokens: number
  /** The runtime's id for the event: a retry with the same id returns the first record. */
  externalId?: string
  /** The agent the call was for (decision 040). */
  agent?: string
  /** How the call ended (decision 049); `ok` when not said. */
  outcome?: 'ok' | 'error'
}

/**
 * Prices the event with the active book at arrival (server time) and stores it. Billing turns these
 * into ledger entries; this only records the priced event.
 */
export async function recordUsageEvent(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: RecordUsageInput,
): Promise<UsageEvent & { created: boolean; priceBookId: string }> {
  const replay = async (q: Db) => {
    if (input.externalId === undefined) return null
    const [existing] = await q
      .select()
      .from(usageEvents)
      .where(and(eq(usageEvents.companyId, input.companyId), eq(usageEvents.externalId, input.externalId)))
      .limit(1)
    return existing ? { ...toUsageEvent(existing), created: false, priceBookId: existing.priceBookId } : null
  }
  try {
    return await deps.db.write(async (tx) => {
      const existing = await replay(tx)
      if (existing) return existing
      const book = await activePriceBook(within(deps, tx))
      if (!book) throw AppError.conflict('no_active_price_book', 'No active price book; usage cannot be priced')
      const row: UsageRow = {
        id: newId(),
        companyId: input.companyId,
        externalId: input.externalId ?? null,
        model: input.model,
        inputTokens: input.inputTokens,
        outputTokens: input.outputTokens,
        costMicros: priceUsage(book, input.model, input.inputTokens, input.outputTokens),
        priceBookId: book.id,
        at: deps.clock.now().toISOString(),
        agent: input.agent ?? null,
        outcome: input.outcome ?? 'ok',
      }
      await tx.insert(usageEvents).values(row)
      return { ...toUsageEvent(row), created: true, priceBookId: book.id }
    })
  } catch (err) {
    // A runtime's retry raced its first report on another instance: answer the stored event.
    const existing = !deps.db.inTransaction && isUniqueViolation(err) ? await replay(deps.db) : null
    if (!existing) throw err
    return existing
  }
}

/** One exocorp's usage, newest first, keyset-paged on (at, id). */
export async function listUsageEvents(deps: Pick<Deps, 'db'>, query: { companyId: string; cursor?: string; limit: number }) {
  const after = decodeCursor(query.cursor, pairCursor)
  const rows = await deps.db
    .select()
    .from(usageEvents)
    .where(
      and(
        eq(usageEvents.companyId, query.companyId),
        after ? or(lt(usageEvents.at, after[0]), and(eq(usageEvents.at, after[0]), lt(usageEvents.id, after[1]))) : undefined,
      ),
    )
    .orderBy(desc(usageEvents.at), desc(usageEvents.id))
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map(toUsageEvent),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.at, last.id]) : null,
  }
}
