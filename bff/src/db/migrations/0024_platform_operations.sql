-- Platform operations III (issue 19 item 3, decision 043): BYOK revoke, broadcasts, newsletter
-- opt-in, platform skill documents as managed content. PostgreSQL pg/0018 is the twin.

-- A platform owner revoked a tenant's provider credential: the secret row (and with it the
-- ciphertext) is deleted, so the value is gone for good; this row keeps what a person needs to
-- know (provider, label, last 4, why, who, when). Bindings that used it keep pointing here.
CREATE TABLE credential_revocations (
  id TEXT PRIMARY KEY,
  owner_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  secret_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  label TEXT NOT NULL,
  last4 TEXT NOT NULL,
  reason TEXT NOT NULL,
  revoked_by_user_id TEXT NOT NULL,
  revoked_at TEXT NOT NULL
);
CREATE INDEX credential_revocations_owner_idx ON credential_revocations(owner_user_id, revoked_at);
ALTER TABLE bindings ADD COLUMN revocation_id TEXT REFERENCES credential_revocations(id) ON DELETE SET NULL;

-- A message to all users or a segment, live between starts_at and ends_at. delivered_at is set
-- when its notifications were written (once, when it first became live).
CREATE TABLE broadcasts (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  segment TEXT NOT NULL CHECK (segment IN ('all', 'owners', 'admins', 'newsletter')),
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  created_by_user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  cancelled_at TEXT,
  delivered_at TEXT,
  recipients INTEGER
);
CREATE INDEX broadcasts_window_idx ON broadcasts(ends_at, starts_at);

CREATE TABLE newsletter_subscriptions (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  opted_in_at TEXT NOT NULL
);

-- Skill documents served to agents at /skills/<slug>.md: each save is a new version; a delete
-- stops serving it (the versions stay, for the audit trail).
CREATE TABLE skill_documents (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE TABLE skill_document_versions (
  document_id TEXT NOT NULL REFERENCES skill_documents(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_by_user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (document_id, version)
);

-- Notifications learn two kinds (credential revoked, broadcast). SQLite cannot alter a CHECK, so
-- the table is rebuilt as 0021 did (same rows, ids and AUTOINCREMENT sequence). Other tables'
-- triggers that insert into it keep their text through the rename (legacy_alter_table); its own
-- two triggers go with the dropped table and are created again as in 0021.
CREATE TABLE notifications_next (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('job_failed', 'unreachable', 'billing_state', 'invite_received', 'budget', 'credential_revoked', 'broadcast')),
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
