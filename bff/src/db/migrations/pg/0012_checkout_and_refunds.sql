-- Checkout sessions of the payment provider interface and refunds in the ledger (decision 035;
-- SQLite 0018 is its twin).
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
  CHECK (kind IN ('signup_credit', 'usage', 'payment', 'adjustment', 'refund'));
CREATE INDEX ledger_entries_ref_lookup_idx ON ledger_entries(ref_type, ref_id);

CREATE TABLE checkout_sessions (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES billing_accounts(id) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('add_funds', 'pay_due')),
  amount_micros BIGINT NOT NULL,
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
