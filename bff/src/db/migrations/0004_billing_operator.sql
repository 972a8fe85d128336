-- Billing policy, provider events, usage → ledger links, and operator clients (two-token signup).

-- Per-account grace policy; NULL means the platform default (services/billing/policy.ts).
ALTER TABLE billing_accounts ADD COLUMN grace_days INTEGER;
ALTER TABLE billing_accounts ADD COLUMN restrict_after_days INTEGER;
ALTER TABLE billing_accounts ADD COLUMN suspend_after_days INTEGER;
ALTER TABLE billing_accounts ADD COLUMN threshold_micros INTEGER;
-- When the balance last fell below the threshold; NULL while the account is paid up.
ALTER TABLE billing_accounts ADD COLUMN overdue_since TEXT;
CREATE INDEX billing_accounts_state_idx ON billing_accounts(state, state_changed_at, id);
CREATE INDEX billing_accounts_created_idx ON billing_accounts(created_at, id);

-- Usage entries name the exocorp; adjustments keep the reason and a hash of the request body
-- so a reused idempotency key with a different body is refused.
ALTER TABLE ledger_entries ADD COLUMN company_id TEXT;
ALTER TABLE ledger_entries ADD COLUMN reason TEXT;
ALTER TABLE ledger_entries ADD COLUMN request_hash TEXT;
-- One ledger entry per usage event and per provider event, whatever retries happen.
CREATE UNIQUE INDEX ledger_entries_ref_idx ON ledger_entries(ref_type, ref_id)
  WHERE ref_type IN ('usage_event', 'provider_event');

-- The balance is the sum of the entries: entries are never rewritten.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;

CREATE TABLE provider_events (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  account_id TEXT REFERENCES billing_accounts(id) ON DELETE SET NULL,
  amount_micros INTEGER,
  status TEXT NOT NULL CHECK (status IN ('booked', 'ignored', 'rejected')),
  note TEXT,
  payload TEXT NOT NULL,
  deliveries INTEGER NOT NULL DEFAULT 1,
  received_at TEXT NOT NULL,
  last_delivery_at TEXT NOT NULL,
  UNIQUE (provider, event_id)
);
CREATE INDEX provider_events_received_idx ON provider_events(received_at, id);

-- Exocorps paused because their owner's account was suspended; resumed when it is current again.
CREATE TABLE billing_suspensions (
  company_id TEXT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES billing_accounts(id) ON DELETE CASCADE,
  paused_at TEXT NOT NULL
);
CREATE INDEX billing_suspensions_account_idx ON billing_suspensions(account_id);

CREATE TABLE operator_client_drafts (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'redeemed')),
  requested_ip TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  decided_by_user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  decided_at TEXT,
  client_id TEXT,
  redeemed_at TEXT
);

CREATE TABLE operator_clients (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  token_prefix TEXT NOT NULL,
  draft_id TEXT NOT NULL UNIQUE REFERENCES operator_client_drafts(id),
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX operator_clients_user_idx ON operator_clients(user_id, created_at);
