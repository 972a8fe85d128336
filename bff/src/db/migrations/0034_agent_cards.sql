-- Agent cards (decision 048; PostgreSQL pg/0029 is its twin): virtual cards issued to agents through a
-- card issuer, owner approval of spend requests above a card's auto-approve limit, the issuer's
-- authorizations, the transactions they capture, and each wallet's balance as a ledger of entries
-- (balance = Σ entries; one entry per (wallet, idempotency key)).
--
-- agent_spend_requests gains two statuses (pending_approval, denied), the issuer's decline reasons and
-- who decided. SQLite cannot change a CHECK in place: the table is rebuilt (nothing references it and
-- it has no triggers), rows and ids kept.
CREATE TABLE agent_spend_requests_new (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  wallet_id TEXT REFERENCES agent_wallets(id) ON DELETE SET NULL,
  agent TEXT NOT NULL,
  amount_micros INTEGER NOT NULL CHECK (amount_micros > 0),
  merchant TEXT NOT NULL,
  category TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending_approval', 'approved', 'declined', 'denied')),
  decline_reason TEXT CHECK (decline_reason IN ('no_wallet', 'no_card', 'frozen', 'over_request_limit', 'over_monthly_allowance', 'over_limit', 'insufficient_balance', 'blocked_category')),
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  card_id TEXT,
  decided_by TEXT,
  decision_note TEXT,
  decided_at TEXT,
  UNIQUE (company_id, idempotency_key)
);
INSERT INTO agent_spend_requests_new
  (id, company_id, wallet_id, agent, amount_micros, merchant, category, reason, status, decline_reason, idempotency_key, request_hash, created_at, decided_by, decided_at)
  SELECT id, company_id, wallet_id, agent, amount_micros, merchant, category, reason, status, decline_reason, idempotency_key, request_hash, created_at, 'policy', created_at
  FROM agent_spend_requests;
DROP TABLE agent_spend_requests;
ALTER TABLE agent_spend_requests_new RENAME TO agent_spend_requests;
CREATE INDEX agent_spend_requests_wallet_idx ON agent_spend_requests(wallet_id, created_at);
CREATE INDEX agent_spend_requests_created_idx ON agent_spend_requests(created_at, id);
CREATE INDEX agent_spend_requests_company_idx ON agent_spend_requests(company_id, created_at, id);

CREATE TABLE agent_cards (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  wallet_id TEXT NOT NULL REFERENCES agent_wallets(id) ON DELETE CASCADE,
  issuer TEXT NOT NULL,
  issuer_card_id TEXT NOT NULL,
  last4 TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'canceled')),
  auto_approve_micros INTEGER NOT NULL CHECK (auto_approve_micros >= 0),
  per_transaction_limit_micros INTEGER CHECK (per_transaction_limit_micros > 0),
  daily_limit_micros INTEGER CHECK (daily_limit_micros > 0),
  allowed_categories TEXT NOT NULL,
  blocked_categories TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  canceled_at TEXT
);
-- One live (not canceled) card per wallet.
CREATE UNIQUE INDEX agent_cards_live_idx ON agent_cards(wallet_id) WHERE status <> 'canceled';
CREATE INDEX agent_cards_company_idx ON agent_cards(company_id, created_at);

CREATE TABLE agent_card_authorizations (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  card_id TEXT NOT NULL REFERENCES agent_cards(id) ON DELETE CASCADE,
  request_id TEXT NOT NULL UNIQUE REFERENCES agent_spend_requests(id) ON DELETE CASCADE,
  amount_micros INTEGER NOT NULL CHECK (amount_micros > 0),
  outcome TEXT NOT NULL CHECK (outcome IN ('approved', 'declined')),
  decline_reason TEXT CHECK (decline_reason IN ('over_limit', 'frozen', 'insufficient_balance', 'blocked_category')),
  issuer_authorization_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX agent_card_authorizations_card_idx ON agent_card_authorizations(card_id, created_at);

CREATE TABLE agent_card_transactions (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  wallet_id TEXT NOT NULL REFERENCES agent_wallets(id) ON DELETE CASCADE,
  card_id TEXT NOT NULL REFERENCES agent_cards(id) ON DELETE CASCADE,
  authorization_id TEXT NOT NULL UNIQUE REFERENCES agent_card_authorizations(id) ON DELETE CASCADE,
  amount_micros INTEGER NOT NULL CHECK (amount_micros > 0),
  merchant TEXT NOT NULL,
  category TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('captured', 'refunded', 'disputed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX agent_card_transactions_card_idx ON agent_card_transactions(card_id, created_at);

-- The wallet's money: funding (+), captures (−), refunds (+). Its balance is the sum, nothing else.
CREATE TABLE agent_wallet_entries (
  id TEXT PRIMARY KEY,
  wallet_id TEXT NOT NULL REFERENCES agent_wallets(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('funding', 'capture', 'refund')),
  amount_micros INTEGER NOT NULL CHECK (amount_micros <> 0),
  idempotency_key TEXT NOT NULL,
  transaction_id TEXT REFERENCES agent_card_transactions(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  UNIQUE (wallet_id, idempotency_key)
);
