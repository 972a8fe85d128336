-- Site CMS and the admin notifications queue (issue 18 item 5, decision 042; SQLite 0023 is its twin).
-- A page row is the working copy; each publish snapshots it into site_page_versions with the
-- sanitised HTML rendered once, so the public site serves a stored string.
CREATE TABLE site_pages (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  published_version INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT,
  archived_at TEXT
);
CREATE INDEX site_pages_status_idx ON site_pages (status, slug);

CREATE TABLE site_page_versions (
  page_id TEXT NOT NULL REFERENCES site_pages(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  body TEXT NOT NULL,
  html TEXT NOT NULL,
  etag TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  revert_of INTEGER,
  PRIMARY KEY (page_id, version)
);

-- Platform-level notices for admins (enterprise inquiries, custom-domain changes).
CREATE TABLE admin_notifications (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  source_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX admin_notifications_created_idx ON admin_notifications (created_at);
CREATE INDEX admin_notifications_source_idx ON admin_notifications (source_key, created_at);
