-- Custom domains per exocorp (issue 18 item 4, decision 042; PostgreSQL pg/0024 is its twin).
-- A domain moves pending → verified (TXT challenge and routing seen through DNS) → active (its
-- exocorp was healthy at cutover); failed carries the reason. An active domain that stops
-- verifying notifies the exocorp's owners: the database writes that notice (trigger below), and
-- `custom_domain` joins the notification kinds, which on SQLite means rebuilding the table as
-- 0024 did (same rows, ids and sequence; other tables' triggers keep their text through the rename).
CREATE TABLE custom_domains (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  domain TEXT NOT NULL UNIQUE,
  token TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'verified', 'active', 'failed')),
  reason TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT,
  checked_at TEXT,
  verified_at TEXT,
  activated_at TEXT
);
CREATE INDEX custom_domains_company_idx ON custom_domains (company_id, created_at);
CREATE INDEX custom_domains_check_idx ON custom_domains (checked_at);

CREATE TABLE notifications_next (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('job_failed', 'unreachable', 'billing_state', 'invite_received', 'budget', 'credential_revoked', 'broadcast', 'custom_domain')),
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

CREATE TRIGGER notifications_custom_domain AFTER UPDATE OF state ON custom_domains
WHEN OLD.state = 'active' AND NEW.state IS NOT 'active'
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT m.user_id, 'custom_domain', NEW.company_id,
    NEW.domain || ' no longer serves ' || (SELECT c.name FROM companies c WHERE c.id = NEW.company_id) || ': ' || coalesce(NEW.reason, NEW.state),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM memberships m WHERE m.company_id = NEW.company_id AND m.role = 'owner';
END;
