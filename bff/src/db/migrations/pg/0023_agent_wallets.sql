-- Agent wallets (decision 040; SQLite 0028 is its twin): a monthly allowance per agent of an
-- exocorp, and every spend request the runtime made against it with the decision taken. Approved
-- requests are the wallet's spend (Σ of this month's approved amounts); each request is kept once
-- per (exocorp, idempotency key), so a retried request is never booked twice.
CREATE TABLE agent_wallets (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  agent TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'frozen')),
  monthly_limit_micros BIGINT NOT NULL CHECK (monthly_limit_micros > 0),
  per_request_limit_micros BIGINT CHECK (per_request_limit_micros > 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, agent)
);

CREATE TABLE agent_spend_requests (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  wallet_id TEXT REFERENCES agent_wallets(id) ON DELETE SET NULL,
  agent TEXT NOT NULL,
  amount_micros BIGINT NOT NULL CHECK (amount_micros > 0),
  merchant TEXT NOT NULL,
  category TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('approved', 'declined')),
  decline_reason TEXT CHECK (decline_reason IN ('no_wallet', 'frozen', 'over_request_limit', 'over_monthly_allowance')),
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, idempotency_key)
);
CREATE INDEX agent_spend_requests_wallet_idx ON agent_spend_requests(wallet_id, created_at);
CREATE INDEX agent_spend_requests_created_idx ON agent_spend_requests(created_at, id);
