import { randomBytes, randomInt } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { RuntimeAgent } from './protocol'

/**
 * The exocorp's store (issue 19 item 2, decision 055): products and orders its shop agents manage,
 * kept in `store.json` in the runtime's data dir (written whole to a temporary file, then renamed,
 * so a crash leaves the old or the new file, never half of one) and so surviving a restart.
 *
 * Shop agents are those whose role names the shop (`shop`, `store`, `merchant`, `sales`,
 * `commerce`). The first one stocks a starter catalog when the store is empty; then, every store
 * interval, a customer orders one of the products and the agent records it. An operator (whoever
 * holds the runtime's control token) adds products and places orders through the runtime's HTTP API
 * (server.ts). A runtime with no shop agent keeps no store until an operator adds a product.
 */

export interface StoreProduct {
  id: string
  name: string
  priceMinor: number
  createdAt: string
  updatedAt: string
}

export interface StoreOrder {
  id: string
  productId: string
  productName: string
  quantity: number
  totalMinor: number
  at: string
  /** The shop agent that recorded it, or `operator` for one placed through the API. */
  by: string
}

interface StoreFile {
  version: 1
  id: string
  name: string
  currency: string
  /** The last snapshot sequence sent; it keeps counting up across restarts. */
  sequence: number
  products: StoreProduct[]
  /** The latest orders (at most MAX_ORDERS_KEPT); the totals below count every order. */
  orders: StoreOrder[]
  orderCount: number
  revenueMinor: number
  lastOrderAt: string | null
  /** UTC day → orders and revenue, the last MAX_DAYS_KEPT days. */
  byDay: Record<string, { orders: number; revenueMinor: number }>
}

const MAX_ORDERS_KEPT = 200
const MAX_DAYS_KEPT = 90
/** Days of revenue each snapshot carries (the platform shows 30). */
const DAYS_REPORTED = 30
const MAX_PRODUCTS = 500
const SHOP_ROLE = /\b(shop|store|merchant|sales|commerce)\b/i

const STARTER = [
  { name: 'Starter kit', priceMinor: 1_900 },
  { name: 'Field notes', priceMinor: 650 },
  { name: 'Support plan (month)', priceMinor: 4_900 },
]

export const isShopAgent = (agent: RuntimeAgent) => SHOP_ROLE.test(agent.role)

export type StoreResult<T> = { ok: true; value: T } | { ok: false; status: number; error: string }

export interface StoreSnapshot {
  snapshotId: string
  sequence: number
  takenAt: string
  intervalSeconds: number
  store: { id: string; name: string }
  currency: string
  productCount: number
  orderCount: number
  lastOrderAt: string | null
  revenueMinor: number
  revenueByDay: { day: string; orders: number; revenueMinor: number }[]
}

export interface Store {
  /** Whether there is a store to report (a shop agent, or products an operator added). */
  active(): boolean
  view(): {
    id: string
    name: string
    currency: string
    products: StoreProduct[]
    recentOrders: StoreOrder[]
    orderCount: number
    revenueMinor: number
    lastOrderAt: string | null
  } | null
  addProduct(input: unknown): StoreResult<StoreProduct>
  placeOrder(input: unknown, by?: string): StoreResult<StoreOrder>
  /** A shop agent's turn: stock the starter catalog if empty, else record a customer's order. */
  tick(): void
  /** The next snapshot (its sequence counted and saved). */
  snapshot(intervalSeconds: number): StoreSnapshot | null
  /** Called after each change. */
  onChange(fn: () => void): void
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function openStore(o: {
  dataDir: string | undefined
  companyName: string
  agents: RuntimeAgent[]
  log: (message: string, level?: 'info' | 'warn' | 'error') => void
}): Store {
  const file = o.dataDir ? path.join(o.dataDir, 'store.json') : null
  const shopAgents = o.agents.filter(isShopAgent)
  const listeners: (() => void)[] = []
  let state = load()

  function fresh(): StoreFile {
    return {
      version: 1,
      id: `st_${randomBytes(6).toString('hex')}`,
      name: `${o.companyName} shop`.slice(0, 100),
      currency: 'USD',
      sequence: 0,
      products: [],
      orders: [],
      orderCount: 0,
      revenueMinor: 0,
      lastOrderAt: null,
      byDay: {},
    }
  }

  function load(): StoreFile | null {
    if (!file) return null
    let raw: string
    try {
      raw = readFileSync(file, 'utf8')
    } catch {
      return null
    }
    try {
      const parsed: unknown = JSON.parse(raw)
      if (isRecord(parsed) && parsed.version === 1 && typeof parsed.id === 'string' && Array.isArray(parsed.products)) {
        return parsed as unknown as StoreFile
      }
      o.log('store.json has an unknown shape; starting a new store', 'warn')
    } catch {
      o.log('store.json is not valid JSON; starting a new store', 'warn')
    }
    return null
  }

  function save(s: StoreFile) {
    if (!file) return
    try {
      mkdirSync(path.dirname(file), { recursive: true })
      const tmp = `${file}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(s), { mode: 0o600 })
      renameSync(tmp, file)
    } catch (err) {
      o.log(`store could not be saved: ${err instanceof Error ? err.message : String(err)}`, 'error')
    }
  }

  function changed(s: StoreFile) {
    save(s)
    for (const fn of listeners) fn()
  }

  const ensure = () => (state ??= fresh())

  function addProduct(input: unknown): StoreResult<StoreProduct> {
    if (!isRecord(input)) return { ok: false, status: 400, error: 'A JSON object is required' }
    const name = typeof input.name === 'string' ? input.name.trim() : ''
    const price = input.priceMinor
    if (!name || name.length > 100) return { ok: false, status: 400, error: 'name: use 1–100 characters' }
    if (typeof price !== 'number' || !Number.isSafeInteger(price) || price < 0 || price > 100_000_000) {
      return { ok: false, status: 400, error: 'priceMinor: a whole number of minor units, 0–100000000' }
    }
    const s = ensure()
    if (s.products.length >= MAX_PRODUCTS)
      return { ok: false, status: 409, error: `A store holds at most ${MAX_PRODUCTS} products` }
    const now = new Date().toISOString()
    const product: StoreProduct = {
      id: `pr_${randomBytes(6).toString('hex')}`,
      name,
      priceMinor: price,
      createdAt: now,
      updatedAt: now,
    }
    s.products.push(product)
    changed(s)
    return { ok: true, value: product }
  }

  function placeOrder(input: unknown, by = 'operator'): StoreResult<StoreOrder> {
    if (!isRecord(input)) return { ok: false, status: 400, error: 'A JSON object is required' }
    const quantity = input.quantity ?? 1
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 1_000) {
      return { ok: false, status: 400, error: 'quantity: a whole number, 1–1000' }
    }
    const product = state?.products.find((p) => p.id === input.productId)
    if (!state || !product) return { ok: false, status: 404, error: 'No such product' }
    const at = new Date().toISOString()
    const order: StoreOrder = {
      id: `or_${randomBytes(6).toString('hex')}`,
      productId: product.id,
      productName: product.name,
      quantity,
      totalMinor: product.priceMinor * quantity,
      at,
      by,
    }
    state.orders.push(order)
    if (state.orders.length > MAX_ORDERS_KEPT) state.orders.splice(0, state.orders.length - MAX_ORDERS_KEPT)
    state.orderCount++
    state.revenueMinor += order.totalMinor
    state.lastOrderAt = at
    const day = at.slice(0, 10)
    const d = (state.byDay[day] ??= { orders: 0, revenueMinor: 0 })
    d.orders++
    d.revenueMinor += order.totalMinor
    const days = Object.keys(state.byDay).sort()
    for (const old of days.slice(0, Math.max(0, days.length - MAX_DAYS_KEPT))) delete state.byDay[old]
    changed(state)
    return { ok: true, value: order }
  }

  return {
    active: () => shopAgents.length > 0 || (state?.products.length ?? 0) > 0,
    view() {
      if (!state) return null
      return {
        id: state.id,
        name: state.name,
        currency: state.currency,
        products: state.products,
        recentOrders: state.orders.slice(-20).reverse(),
        orderCount: state.orderCount,
        revenueMinor: state.revenueMinor,
        lastOrderAt: state.lastOrderAt,
      }
    },
    addProduct,
    placeOrder,
    tick() {
      const agent = shopAgents[0]
      if (!agent) return
      const s = ensure()
      if (s.products.length === 0) {
        for (const p of STARTER) addProduct(p)
        o.log(`${agent.name} stocked the store with ${STARTER.length} products`)
        return
      }
      const product = s.products[randomInt(s.products.length)]!
      const placed = placeOrder({ productId: product.id, quantity: randomInt(1, 4) }, agent.name)
      if (placed.ok) o.log(`${agent.name} recorded an order: ${placed.value.quantity} × ${product.name}`)
    },
    snapshot(intervalSeconds) {
      if (!state) {
        if (shopAgents.length === 0) return null
        state = fresh()
      }
      state.sequence++
      save(state)
      const today = Date.now()
      const from = new Date(today - (DAYS_REPORTED - 1) * 86_400_000).toISOString().slice(0, 10)
      return {
        snapshotId: `${state.id}-${state.sequence}`,
        sequence: state.sequence,
        takenAt: new Date().toISOString(),
        intervalSeconds,
        store: { id: state.id, name: state.name },
        currency: state.currency,
        productCount: state.products.length,
        orderCount: state.orderCount,
        lastOrderAt: state.lastOrderAt,
        revenueMinor: state.revenueMinor,
        revenueByDay: Object.entries(state.byDay)
          .filter(([day]) => day >= from)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([day, d]) => ({ day, orders: d.orders, revenueMinor: d.revenueMinor })),
      }
    },
    onChange(fn) {
      listeners.push(fn)
    },
  }
}

export interface SnapshotReporterOptions {
  url: string
  token: string
  store: Store
  intervalMs: number
  /** How often a shop agent takes its turn (stocks the store, records an order). */
  tickMs: number
  isPaused: () => boolean
  log: (message: string, level?: 'info' | 'warn' | 'error') => void
}

/**
 * Sends a snapshot of the store after each change (coalesced over 200 ms) and every `intervalMs`
 * when nothing changes, with the runtime token. A failed send is not retried as such: the next one
 * carries a higher sequence and newer figures, and the platform keeps the newest.
 */
export function startStoreReporter(o: SnapshotReporterOptions) {
  const intervalSeconds = Math.max(1, Math.ceil(o.intervalMs / 1000))
  let stopped = false
  let sending = false
  let again = false
  let soon: NodeJS.Timeout | null = null

  async function send() {
    if (stopped) return
    if (sending) {
      again = true
      return
    }
    sending = true
    try {
      if (!o.store.active()) return
      const body = o.store.snapshot(intervalSeconds)
      if (!body) return
      const res = await fetch(o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(3_000),
      })
      await res.body?.cancel().catch(() => {})
      if (!res.ok) o.log(`store snapshot ${body.sequence} answered ${res.status}`, 'warn')
    } catch (err) {
      o.log(`store snapshot failed: ${err instanceof Error ? err.message : String(err)}`, 'warn')
    } finally {
      sending = false
      if (again && !stopped) {
        again = false
        void send()
      }
    }
  }

  o.store.onChange(() => {
    if (stopped || soon) return
    soon = setTimeout(() => {
      soon = null
      void send()
    }, 200)
    soon.unref()
  })
  const periodic = setInterval(() => void send(), o.intervalMs)
  periodic.unref()
  const turns = setInterval(() => {
    if (!o.isPaused()) o.store.tick()
  }, o.tickMs)
  turns.unref()
  // A first snapshot right away, so a store that just started shows within a second or so.
  const first = setTimeout(() => {
    if (!o.isPaused()) o.store.tick()
    void send()
  }, 300)
  first.unref()

  return {
    stop() {
      stopped = true
      clearInterval(periodic)
      clearInterval(turns)
      clearTimeout(first)
      if (soon) clearTimeout(soon)
    },
  }
}
