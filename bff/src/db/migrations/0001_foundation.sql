-- Accounts, sessions, audit trail and the first billing tables.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin', 'platform_owner')),
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  reauthenticated_at TEXT,
  user_agent TEXT,
  ip TEXT
);
CREATE INDEX sessions_user_idx ON sessions(user_id);

CREATE TABLE recovery_codes (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes(user_id);

CREATE TABLE auth_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_started_at TEXT NOT NULL
);

CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  actor_label TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
  summary TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}',
  request_id TEXT
);
CREATE INDEX audit_events_at_idx ON audit_events(at);
CREATE INDEX audit_events_actor_idx ON audit_events(actor_id, seq);
CREATE INDEX audit_events_action_idx ON audit_events(action, seq);
CREATE INDEX audit_events_target_idx ON audit_events(target_type, target_id, seq);
CREATE INDEX audit_events_outcome_idx ON audit_events(outcome, seq);

-- Append-only: the database itself refuses to rewrite history.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

CREATE TABLE billing_accounts (
  id TEXT PRIMARY KEY,
  owner_user_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  state TEXT NOT NULL DEFAULT 'current' CHECK (state IN ('current', 'grace', 'restricted', 'suspended')),
  state_changed_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE ledger_entries (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES billing_accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('signup_credit', 'usage', 'payment', 'adjustment')),
  -- Millionths of a US dollar: token prices are fractions of a cent.
  amount_micros INTEGER NOT NULL,
  description TEXT NOT NULL,
  idempotency_key TEXT,
  ref_type TEXT,
  ref_id TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX ledger_entries_account_idx ON ledger_entries(account_id, created_at);
CREATE UNIQUE INDEX ledger_entries_idem_idx ON ledger_entries(account_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
