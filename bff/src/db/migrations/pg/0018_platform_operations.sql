-- Platform operations III (issue 19 item 3, decision 043); see the SQLite twin 0021_platform_operations.sql.
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

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('job_failed', 'unreachable', 'billing_state', 'invite_received', 'budget', 'credential_revoked', 'broadcast'));
