-- PostgreSQL's schema as of SQLite's migrations 0001–0007, in one step (PostgreSQL support began
-- there). Keep it in step with ../000N_*.sql: test/db-schema-parity.test.ts compares the two.
-- Timestamps stay ISO-8601 text, as on SQLite: they sort as text, and services compare them so.

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
  seq BIGSERIAL PRIMARY KEY,
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
CREATE INDEX audit_events_request_idx ON audit_events(request_id);

-- Append-only tables: the database itself refuses to rewrite history.
CREATE FUNCTION exocorp_refuse() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION exocorp_refuse('audit_events is append-only');
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION exocorp_refuse('audit_events is append-only');

CREATE TABLE billing_accounts (
  id TEXT PRIMARY KEY,
  owner_user_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  state TEXT NOT NULL DEFAULT 'current' CHECK (state IN ('current', 'grace', 'restricted', 'suspended')),
  state_changed_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  grace_days INTEGER,
  restrict_after_days INTEGER,
  suspend_after_days INTEGER,
  threshold_micros BIGINT,
  overdue_since TEXT
);
CREATE INDEX billing_accounts_state_idx ON billing_accounts(state, state_changed_at, id);
CREATE INDEX billing_accounts_created_idx ON billing_accounts(created_at, id);

CREATE TABLE ledger_entries (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES billing_accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('signup_credit', 'usage', 'payment', 'adjustment')),
  amount_micros BIGINT NOT NULL,
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
CREATE INDEX ledger_entries_account_idx ON ledger_entries(account_id, created_at);
CREATE UNIQUE INDEX ledger_entries_idem_idx ON ledger_entries(account_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX ledger_entries_ref_idx ON ledger_entries(ref_type, ref_id)
  WHERE ref_type IN ('usage_event', 'provider_event');
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION exocorp_refuse('ledger_entries is append-only');

CREATE TABLE companies (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  owner_user_id TEXT NOT NULL REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'provisioning', 'starting', 'running', 'paused', 'stopped', 'failed', 'destroyed')),
  health TEXT NOT NULL DEFAULT 'unknown' CHECK (health IN ('healthy', 'unreachable', 'unknown')),
  health_checked_at TEXT,
  channel TEXT NOT NULL DEFAULT 'stable' CHECK (channel IN ('stable', 'beta', 'canary')),
  installed_version TEXT,
  previous_version TEXT,
  draft_version INTEGER NOT NULL DEFAULT 1,
  draft_config TEXT NOT NULL DEFAULT '{"agents":[],"providers":[],"settings":{}}',
  draft_updated_at TEXT NOT NULL,
  deployed_draft_version INTEGER,
  manifest_yaml TEXT,
  manifest_generated_at TEXT,
  last_error TEXT,
  runtime_endpoint TEXT,
  runtime_pid INTEGER,
  usage_token_hash TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  destroyed_at TEXT
);
CREATE INDEX companies_owner_idx ON companies(owner_user_id);
CREATE INDEX companies_status_idx ON companies(status, updated_at, id);
CREATE INDEX companies_updated_idx ON companies(updated_at, id);
CREATE INDEX companies_created_idx ON companies(created_at, id);
CREATE INDEX companies_name_idx ON companies(name, id);
CREATE INDEX companies_channel_idx ON companies(channel, updated_at, id);
CREATE INDEX companies_health_idx ON companies(health, updated_at, id);
CREATE INDEX companies_status_created_idx ON companies(status, created_at, id);
CREATE INDEX companies_status_name_idx ON companies(status, name, id);
CREATE INDEX companies_channel_status_idx ON companies(channel, status, id);
CREATE INDEX companies_channel_created_idx ON companies(channel, created_at, id);
CREATE INDEX companies_channel_name_idx ON companies(channel, name, id);
CREATE INDEX companies_usage_token_idx ON companies(usage_token_hash) WHERE usage_token_hash IS NOT NULL;

CREATE TABLE memberships (
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (company_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships(user_id);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  phases TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 2,
  lease_owner TEXT,
  lease_expires_at TEXT,
  heartbeat_at TEXT,
  error TEXT,
  target_version TEXT,
  requested_by TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX jobs_company_idx ON jobs(company_id, created_at);
CREATE INDEX jobs_status_idx ON jobs(status, lease_expires_at);
CREATE INDEX jobs_finished_idx ON jobs(status, finished_at);
-- At most one job in flight per exocorp, enforced by the database itself.
CREATE UNIQUE INDEX jobs_one_in_flight_idx ON jobs(company_id) WHERE status IN ('queued', 'running');

CREATE TABLE releases (
  version TEXT PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('stable', 'beta', 'canary')),
  published_at TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  required_providers TEXT NOT NULL DEFAULT '[]',
  optional_providers TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX releases_channel_idx ON releases(channel, published_at);

INSERT INTO releases (version, channel, published_at, notes, required_providers, optional_providers) VALUES
  ('1.4.2', 'stable', '2026-03-02T10:00:00.000Z', 'Steadier agent hand-offs; OpenAI only.', '["openai"]', '["google"]'),
  ('1.5.0', 'stable', '2026-04-14T10:00:00.000Z', 'Adds Anthropic models for reviewer agents; sandboxed code runs via e2b.', '["openai","anthropic"]', '["e2b","google"]'),
  ('1.6.0-beta.1', 'beta', '2026-05-05T10:00:00.000Z', 'Budget guards per agent.', '["openai","anthropic"]', '["e2b","google"]'),
  ('1.6.0-beta.2', 'beta', '2026-05-20T10:00:00.000Z', 'Budget guards per agent; Mistral for cheap summaries.', '["openai","anthropic"]', '["e2b","google","mistral"]'),
  ('1.7.0-canary.4', 'canary', '2026-05-24T10:00:00.000Z', 'Code-executing agents by default.', '["openai","anthropic","e2b"]', '["google","mistral"]'),
  ('1.7.0-canary.5', 'canary', '2026-05-28T10:00:00.000Z', 'Code-executing agents by default; faster cold starts.', '["openai","anthropic","e2b"]', '["google","mistral"]');

CREATE TABLE provider_secrets (
  id TEXT PRIMARY KEY,
  owner_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic', 'google', 'mistral', 'e2b')),
  label TEXT NOT NULL,
  ciphertext BYTEA NOT NULL,
  iv BYTEA NOT NULL,
  tag BYTEA NOT NULL,
  last4 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX provider_secrets_label_idx ON provider_secrets(owner_user_id, provider, lower(label));

CREATE TABLE bindings (
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic', 'google', 'mistral', 'e2b')),
  secret_id TEXT REFERENCES provider_secrets(id) ON DELETE SET NULL,
  bound_at TEXT NOT NULL,
  PRIMARY KEY (company_id, provider)
);
CREATE INDEX bindings_secret_idx ON bindings(secret_id);

CREATE TABLE price_books (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL UNIQUE,
  active BOOLEAN NOT NULL DEFAULT FALSE,
  prices TEXT NOT NULL,
  created_at TEXT NOT NULL,
  activated_at TEXT
);
CREATE UNIQUE INDEX price_books_one_active_idx ON price_books(active) WHERE active;

INSERT INTO price_books (id, version, active, prices, created_at, activated_at) VALUES (
  'pb-2026-01', 1, TRUE,
  '{"models":{"gpt-4o":{"inputMicrosPerMTok":2500000,"outputMicrosPerMTok":10000000},"gpt-4o-mini":{"inputMicrosPerMTok":150000,"outputMicrosPerMTok":600000},"o3-mini":{"inputMicrosPerMTok":1100000,"outputMicrosPerMTok":4400000},"claude-sonnet-4":{"inputMicrosPerMTok":3000000,"outputMicrosPerMTok":15000000},"claude-haiku-3.5":{"inputMicrosPerMTok":800000,"outputMicrosPerMTok":4000000},"gemini-1.5-pro":{"inputMicrosPerMTok":1250000,"outputMicrosPerMTok":5000000},"mistral-large":{"inputMicrosPerMTok":2000000,"outputMicrosPerMTok":6000000}},"default":{"inputMicrosPerMTok":3000000,"outputMicrosPerMTok":15000000}}',
  '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
);

CREATE TABLE usage_events (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  external_id TEXT,
  model TEXT NOT NULL,
  input_tokens BIGINT NOT NULL CHECK (input_tokens >= 0),
  output_tokens BIGINT NOT NULL CHECK (output_tokens >= 0),
  cost_micros BIGINT NOT NULL CHECK (cost_micros >= 0),
  price_book_id TEXT NOT NULL REFERENCES price_books(id),
  at TEXT NOT NULL
);
CREATE INDEX usage_events_company_at_idx ON usage_events(company_id, at, id);
CREATE UNIQUE INDEX usage_events_external_idx ON usage_events(company_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE provider_events (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  account_id TEXT REFERENCES billing_accounts(id) ON DELETE SET NULL,
  amount_micros BIGINT,
  status TEXT NOT NULL CHECK (status IN ('booked', 'ignored', 'rejected')),
  note TEXT,
  payload TEXT NOT NULL,
  deliveries INTEGER NOT NULL DEFAULT 1,
  received_at TEXT NOT NULL,
  last_delivery_at TEXT NOT NULL,
  UNIQUE (provider, event_id)
);
CREATE INDEX provider_events_received_idx ON provider_events(received_at, id);

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

-- Repeated refusals are counted, not written again (decision 015); a count may only go up.
CREATE TABLE audit_refusals (
  audit_event_id TEXT PRIMARY KEY REFERENCES audit_events(id),
  actor_key TEXT NOT NULL,
  refusal_key TEXT NOT NULL,
  window_start TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  last_request_id TEXT,
  UNIQUE (actor_key, window_start, refusal_key)
);
CREATE FUNCTION audit_refusals_count_up() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.audit_event_id IS DISTINCT FROM OLD.audit_event_id
    OR NEW.actor_key IS DISTINCT FROM OLD.actor_key
    OR NEW.refusal_key IS DISTINCT FROM OLD.refusal_key
    OR NEW.window_start IS DISTINCT FROM OLD.window_start
    OR NEW.first_at IS DISTINCT FROM OLD.first_at
    OR NEW.count <= OLD.count
    OR NEW.last_at < OLD.last_at THEN
    RAISE EXCEPTION 'audit_refusals only counts up';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_refusals_count_up BEFORE UPDATE ON audit_refusals
  FOR EACH ROW EXECUTE FUNCTION audit_refusals_count_up();
CREATE TRIGGER audit_refusals_no_delete BEFORE DELETE ON audit_refusals
  FOR EACH ROW EXECUTE FUNCTION exocorp_refuse('audit_refusals is append-only');
