// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/agent-wallets'
import * as sqlite from './sqlite/agent-wallets'

export const agentWallets = pick(sqlite.agentWallets, pg.agentWallets)
export const agentSpendRequests = pick(sqlite.agentSpendRequests, pg.agentSpendRequests)
export const agentCards = pick(sqlite.agentCards, pg.agentCards)
export const agentCardAuthorizations = pick(sqlite.agentCardAuthorizations, pg.agentCardAuthorizations)
export const agentCardTransactions = pick(sqlite.agentCardTransactions, pg.agentCardTransactions)
export const agentWalletEntries = pick(sqlite.agentWalletEntries, pg.agentWalletEntries)
