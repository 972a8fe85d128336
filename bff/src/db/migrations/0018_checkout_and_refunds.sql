-- Checkout sessions of the payment provider interface and refunds in the ledger (decision 035;
-- PostgreSQL pg/0012 is its twin).

-- `refund` joins the ledger kinds. SQLite cannot change a CHECK constraint in place: the table is
-- rebuilt with the same rows, indexes and append-only trigger.
CREATE TABLE ledger_entries_new (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES billing_accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('signup_credit', 'usage', 'payment', 'adjustment', 'refund')),
  -- Millionths of a US dollar: token prices are fractions of a cent.
  amount_micros INTEGER NOT NULL,
  description TEXT NOT NULL,
  idempotency_key TEXT,
  ref_type TEXT,
  ref_id TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  company_id TEXT,
  reason TEXT,
  request_hash TEXT
);
INSERT INTO ledger_entries_new (id, account_id, kind, amount_micros, description, idempotency_key, ref_type, ref_id,
  created_by, created_at, company_id, reason, request_hash)
SELECT id, account_id, kind, amount_micros, description, idempotency_key, ref_type, ref_id,
  created_by, created_at, company_id, reason, request_hash FROM ledger_entries;
DROP TABLE ledger_entries;
ALTER TABLE ledger_entries_new RENAME TO ledger_entries;
CREATE INDEX ledger_entries_account_idx ON ledger_entries(account_id, created_at);
CREATE UNIQUE INDEX ledger_entries_idem_idx ON ledger_entries(account_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX ledger_entries_ref_idx ON ledger_entries(ref_type, ref_id)
  WHERE ref_type IN ('usage_event', 'provider_event');
CREATE INDEX ledger_entries_ref_lookup_idx ON ledger_entries(ref_type, ref_id);
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;

-- One hosted checkout: what the owner asked to pay, and what the provider reported back.
CREATE TABLE checkout_sessions (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES billing_accounts(id) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('add_funds', 'pay_due')),
  amount_micros INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'expired')),
  created_by_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  declines INTEGER NOT NULL DEFAULT 0,
  last_decline TEXT,
  paid_at TEXT,
  payment_entry_id TEXT,
  card_brand TEXT,
  card_last4 TEXT
);
CREATE INDEX checkout_sessions_account_idx ON checkout_sessions(account_id, created_at);
