-- Outgoing webhooks (issue 18 item 2, decision 046; SQLite 0031 is its twin, which has to rebuild
-- the notifications table to add the `webhook_disabled` kind).
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  event_types TEXT NOT NULL,
  company_ids TEXT,
  sealed_secret TEXT NOT NULL,
  previous_sealed_secret TEXT,
  previous_secret_expires_at TEXT,
  secret_rotated_at TEXT,
  state TEXT NOT NULL CHECK (state IN ('enabled', 'disabled')),
  disabled_reason TEXT,
  failing_since TEXT,
  failure_streak INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_user_idx ON webhook_endpoints (user_id, created_at);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  source_key TEXT NOT NULL,
  event_type TEXT NOT NULL,
  company_id TEXT,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  retry_step INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  retry_until TEXT NOT NULL,
  next_attempt_at TEXT,
  claimed_until TEXT,
  delivered_at TEXT,
  last_status INTEGER,
  last_error TEXT
);
CREATE UNIQUE INDEX webhook_deliveries_source_idx ON webhook_deliveries (endpoint_id, source_key);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at, id);

CREATE TABLE webhook_attempts (
  id BIGSERIAL PRIMARY KEY,
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  at TEXT NOT NULL,
  status INTEGER,
  duration_ms INTEGER NOT NULL,
  error TEXT,
  response_body TEXT,
  request_headers TEXT NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempt);

CREATE TABLE webhook_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id BIGINT NOT NULL
);
INSERT INTO webhook_cursor (id, last_event_id) SELECT 1, coalesce(max(id), 0) FROM platform_events;

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('job_failed', 'unreachable', 'billing_state', 'invite_received', 'budget', 'credential_revoked', 'broadcast', 'custom_domain', 'webhook_disabled'));
