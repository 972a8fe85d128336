-- Exocorps, who may see them, and their durable lifecycle jobs.
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
  -- Runtime location for the driver; null when nothing runs.
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
  -- JSON array of { name, label, status, startedAt, finishedAt, note }.
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
