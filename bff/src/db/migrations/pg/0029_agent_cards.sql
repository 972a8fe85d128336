-- Agent cards (decision 048; SQLite 0034 is its twin): virtual cards issued to agents through a card
-- issuer, owner approval of spend requests above a card's auto-approve limit, the issuer's
-- authorizations, the transactions they capture, and each wallet's balance as a ledger of entries
-- (balance = Σ entries; one entry per (wallet, idempotency key)).
ALTER TABLE agent_spend_requests DROP CONSTRAINT agent_spend_requests_status_check;
ALTER TABLE agent_spend_requests ADD CONSTRAINT agent_spend_requests_status_check
  CHECK (status IN ('pending_approval', 'approved', 'declined', 'denied'));
ALTER TABLE agent_spend_requests DROP CONSTRAINT agent_spend_requests_decline_reason_check;
ALTER TABLE agent_spend_requests ADD CONSTRAINT agent_spend_requests_decline_reason_check
  CHECK (decline_reason IN ('no_wallet', 'no_card', 'frozen', 'over_request_limit', 'over_monthly_allowance', 'over_limit', 'insufficient_balance', 'blocked_category'));
ALTER TABLE agent_spend_requests ADD COLUMN card_id TEXT;
ALTER TABLE agent_spend_requests ADD COLUMN decided_by TEXT;
ALTER TABLE agent_spend_requests ADD COLUMN decision_note TEXT;
ALTER TABLE agent_spend_requests ADD COLUMN decided_at TEXT;
UPDATE agent_spend_requests SET decided_by = 'policy', decided_at = created_at;
CREATE INDEX agent_spend_requests_company_idx ON agent_spend_requests(company_id, created_at, id);

CREATE TABLE agent_cards (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  wallet_id TEXT NOT NULL REFERENCES agent_wallets(id) ON DELETE CASCADE,
  issuer TEXT NOT NULL,
  issuer_card_id TEXT NOT NULL,
  last4 TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'canceled')),
  auto_approve_micros BIGINT NOT NULL CHECK (auto_approve_micros >= 0),
  per_transaction_limit_micros BIGINT CHECK (per_transaction_limit_micros > 0),
  daily_limit_micros BIGINT CHECK (daily_limit_micros > 0),
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
  amount_micros BIGINT NOT NULL CHECK (amount_micros > 0),
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
  amount_micros BIGINT NOT NULL CHECK (amount_micros > 0),
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
  amount_micros BIGINT NOT NULL CHECK (amount_micros <> 0),
  idempotency_key TEXT NOT NULL,
  transaction_id TEXT REFERENCES agent_card_transactions(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  UNIQUE (wallet_id, idempotency_key)
);
