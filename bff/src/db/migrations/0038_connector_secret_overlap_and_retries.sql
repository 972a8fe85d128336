-- Connector secrets rotate with an overlap, and the platform retries `retrying` connector events
-- itself (decision 056; PostgreSQL pg/0033 is its twin).
-- * connector_secrets keeps the secret a rotation replaced, sealed, until previous_expires_at: inbound
--   deliveries signed with it still verify until then.
-- * connector_events gets the retry sweep's schedule: next_attempt_at (when a `retrying` event is due)
--   and claimed_until (the instance retrying it holds it until then; another takes it over after).
--   Events already `retrying` are due now.
-- * `connector_event` joins the admin notification kinds (an event the sweep gave up on), which on
--   SQLite means rebuilding admin_notifications as 0031 rebuilt notifications: same rows, ids and
--   sequence; its own triggers are recreated, other tables' triggers keep their text through the rename.
ALTER TABLE connector_secrets ADD COLUMN previous_sealed_secret TEXT;
ALTER TABLE connector_secrets ADD COLUMN previous_expires_at TEXT;

ALTER TABLE connector_events ADD COLUMN next_attempt_at TEXT;
ALTER TABLE connector_events ADD COLUMN claimed_until TEXT;
UPDATE connector_events SET next_attempt_at = last_attempt_at WHERE status = 'retrying';
CREATE INDEX connector_events_due_idx ON connector_events(status, next_attempt_at);
-- The owner's posture view: an exocorp's connectors and their last delivery.
CREATE INDEX connector_events_company_idx ON connector_events(company_id, connector, received_at);

CREATE TABLE admin_notifications_next (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('job_failed', 'unreachable', 'usage_threshold', 'schedule_completed',
    'schedule_failed', 'message', 'enterprise_inquiry', 'custom_domain', 'connector_event')),
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  company_id TEXT,
  dedup_key TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT,
  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'acknowledged', 'resolved')),
  occurrences INTEGER NOT NULL DEFAULT 1,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  state_changed_at TEXT,
  state_changed_by TEXT,
  source_key TEXT
);
INSERT INTO admin_notifications_next (id, kind, severity, company_id, dedup_key, title, detail, state, occurrences,
    first_at, last_at, state_changed_at, state_changed_by, source_key)
  SELECT id, kind, severity, company_id, dedup_key, title, detail, state, occurrences,
    first_at, last_at, state_changed_at, state_changed_by, source_key FROM admin_notifications;
DELETE FROM sqlite_sequence WHERE name = 'admin_notifications_next';
INSERT INTO sqlite_sequence (name, seq) SELECT 'admin_notifications_next', seq FROM sqlite_sequence WHERE name = 'admin_notifications';
PRAGMA legacy_alter_table = ON;
DROP TABLE admin_notifications;
ALTER TABLE admin_notifications_next RENAME TO admin_notifications;
PRAGMA legacy_alter_table = OFF;
CREATE UNIQUE INDEX admin_notifications_open_key_idx ON admin_notifications(dedup_key) WHERE state <> 'resolved';
CREATE INDEX admin_notifications_last_idx ON admin_notifications(last_at, id);
CREATE INDEX admin_notifications_state_idx ON admin_notifications(state, last_at, id);
CREATE INDEX admin_notifications_source_idx ON admin_notifications(source_key, first_at);

CREATE TRIGGER platform_events_admin_notification_created AFTER INSERT ON admin_notifications
BEGIN
  INSERT INTO platform_events (at, type, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'admin_notification.changed', 'admins',
    json_object('notificationId', CAST(NEW.id AS TEXT), 'kind', NEW.kind, 'severity', NEW.severity, 'state', NEW.state,
      'occurrences', NEW.occurrences, 'companyId', NEW.company_id, 'title', NEW.title));
END;

CREATE TRIGGER platform_events_admin_notification_changed AFTER UPDATE OF state, occurrences ON admin_notifications
WHEN OLD.state IS NOT NEW.state OR OLD.occurrences IS NOT NEW.occurrences
BEGIN
  INSERT INTO platform_events (at, type, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'admin_notification.changed', 'admins',
    json_object('notificationId', CAST(NEW.id AS TEXT), 'kind', NEW.kind, 'severity', NEW.severity, 'state', NEW.state,
      'occurrences', NEW.occurrences, 'companyId', NEW.company_id, 'title', NEW.title));
END;
