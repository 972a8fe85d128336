-- Deployment targets' health transitions raise admin notices (decision 060; PostgreSQL pg/0035 is its twin).
-- * `deployment_target` joins the admin notification kinds (a target turned unhealthy, or recovered).
-- * admin_notifications.link: where in the console a notice points (a target's page), or NULL.
-- SQLite cannot change a CHECK in place, so admin_notifications is rebuilt as 0038 rebuilt it: same
-- rows, ids and sequence; its own triggers are recreated, other tables' triggers keep their text
-- through the rename.
CREATE TABLE admin_notifications_next (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('job_failed', 'unreachable', 'usage_threshold', 'schedule_completed',
    'schedule_failed', 'message', 'enterprise_inquiry', 'custom_domain', 'connector_event', 'deployment_target')),
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
  source_key TEXT,
  link TEXT
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
