import { expect } from 'vitest'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { addCompany, billingWorld } from './billing-fixtures'
import { addMembership, newUser } from './catalog-helpers'
import { ORIGIN, type Harness } from './harness'

// Agent wallets' fixtures (decisions 040, 048): an owner with a running exocorp and its runtime's
// token, a member, and the runtime's spend requests sent the way the reference runtime sends them.

let n = 0
export async function spend(h: Harness, token: string, body: Record<string, unknown>) {
  const res = await h.app.request(`${ORIGIN}/api/runtime/spend-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      agent: 'buyer',
      amountMinor: 100,
      merchant: 'Cloud GPUs Ltd',
      category: 'compute',
      reason: 'Fine-tuning run',
      idempotencyKey: `k-${++n}`,
      ...body,
    }),
  })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : undefined }
}

export async function world() {
  const w = await billingWorld()
  const acme = await addCompany(w.h, w.userId, 'acme', 'running')
  const token = await issueUsageToken(w.h.deps, acme)
  const member = await newUser(w.h, 'member@example.com')
  await addMembership(w.h, acme, member.id)
  return { ...w, acme, token, member }
}

/** A card that approves up to $100 on its own, and $100 on the wallet (decision 048: spend goes through a card). */
export async function equip(w: Awaited<ReturnType<typeof world>>, agent = 'buyer') {
  const wallets = (await w.user.get(`/api/billing/agent-wallets?companyId=${w.acme}`)).json.items as {
    id: string
    agent: string
  }[]
  const wallet = wallets.find((x) => x.agent === agent)!
  const card = await w.user.post(`/api/registry/companies/${w.acme}/agent-cards`, { agent, autoApproveMinor: 10_000 })
  expect(card.status, card.text).toBe(201)
  const funded = await w.user.post(`/api/registry/companies/${w.acme}/agent-wallets/${wallet.id}/funds`, {
    amountMinor: 10_000,
    idempotencyKey: `fund-${agent}`,
  })
  expect(funded.status, funded.text).toBe(201)
}
