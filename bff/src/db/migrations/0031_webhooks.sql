-- Outgoing webhooks (issue 18 item 2, decision 046; PostgreSQL pg/0026 is its twin). An owner's
-- endpoints, the durable delivery queue (one row per event and endpoint, retried for 24 h), the log
-- of every attempt, and the cursor of the fan-out over platform_events (the event stream's outbox,
-- decision 030). `webhook_disabled` joins the notification kinds, which on SQLite means rebuilding
-- the notifications table as 0029 did (same rows, ids and sequence; the triggers on it are
-- recreated, other tables' triggers keep their text through the rename).
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
  id INTEGER PRIMARY KEY AUTOINCREMENT,
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

-- The last platform event the fan-out has turned into deliveries: one row. It starts at the newest
-- event, so existing history is not sent to endpoints created later.
CREATE TABLE webhook_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id INTEGER NOT NULL
);
INSERT INTO webhook_cursor (id, last_event_id) SELECT 1, coalesce(max(id), 0) FROM platform_events;

CREATE TABLE notifications_next (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('job_failed', 'unreachable', 'billing_state', 'invite_received', 'budget', 'credential_revoked', 'broadcast', 'custom_domain', 'webhook_disabled')),
  company_id TEXT,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT
);
INSERT INTO notifications_next (id, user_id, kind, company_id, title, created_at, read_at)
  SELECT id, user_id, kind, company_id, title, created_at, read_at FROM notifications;
DELETE FROM sqlite_sequence WHERE name = 'notifications_next';
INSERT INTO sqlite_sequence (name, seq) SELECT 'notifications_next', seq FROM sqlite_sequence WHERE name = 'notifications';
PRAGMA legacy_alter_table = ON;
DROP TABLE notifications;
ALTER TABLE notifications_next RENAME TO notifications;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX notifications_user_idx ON notifications(user_id, id);

CREATE TRIGGER platform_events_notification_created AFTER INSERT ON notifications
BEGIN
  INSERT INTO platform_events (at, type, user_id, scope, data)
  VALUES (NEW.created_at, 'notification.created', NEW.user_id, 'user',
    json_object('notificationId', CAST(NEW.id AS TEXT), 'kind', NEW.kind, 'companyId', NEW.company_id, 'title', NEW.title));
END;

CREATE TRIGGER platform_events_notification_read AFTER UPDATE OF read_at ON notifications
WHEN OLD.read_at IS NULL AND NEW.read_at IS NOT NULL
BEGIN
  INSERT INTO platform_events (at, type, user_id, scope, data)
  VALUES (NEW.read_at, 'notification.read', NEW.user_id, 'user', json_object('notificationId', CAST(NEW.id AS TEXT)));
END;
