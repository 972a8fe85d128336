-- Feedback and security-probe triage, rollout flags (issue 17, decision 036; SQLite 0017 is its twin).
-- A group is what is triaged (a burst or duplicates once); signals are its members (at most 100 kept).
CREATE TABLE signal_groups (
  id TEXT PRIMARY KEY,
  group_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  severity_rank INTEGER NOT NULL,
  probe_class TEXT,
  state TEXT NOT NULL,
  title TEXT NOT NULL,
  source_key TEXT NOT NULL,
  source_label TEXT NOT NULL,
  endpoint TEXT,
  count INTEGER NOT NULL,
  stored_members INTEGER NOT NULL,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  assignee_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX signal_groups_key_idx ON signal_groups (group_key, last_seen_at);
CREATE INDEX signal_groups_queue_idx ON signal_groups (state, severity_rank, last_seen_at);
CREATE INDEX signal_groups_class_idx ON signal_groups (probe_class, state);

CREATE TABLE signals (
  id TEXT PRIMARY KEY,
  group_id TEXT NOT NULL REFERENCES signal_groups(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  source_key TEXT NOT NULL,
  source_label TEXT NOT NULL,
  endpoint TEXT,
  page TEXT,
  company_slug TEXT,
  user_agent TEXT,
  location TEXT
);
CREATE INDEX signals_group_idx ON signals (group_id, at);
CREATE INDEX signals_source_idx ON signals (source_key, kind, at);

CREATE TABLE triage_notes (
  id TEXT PRIMARY KEY,
  group_id TEXT NOT NULL REFERENCES signal_groups(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  author_user_id TEXT,
  author_label TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX triage_notes_group_idx ON triage_notes (group_id, at);

-- Rollout controls: one value per (flag, scope, scope id); the narrowest scope wins.
CREATE TABLE flag_values (
  key TEXT NOT NULL,
  scope TEXT NOT NULL,
  scope_id TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (key, scope, scope_id)
);

CREATE TABLE flag_changes (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  key TEXT NOT NULL,
  scope TEXT NOT NULL,
  scope_id TEXT NOT NULL,
  scope_label TEXT NOT NULL,
  from_value TEXT,
  to_value TEXT,
  reason TEXT NOT NULL,
  actor_id TEXT,
  actor_label TEXT NOT NULL,
  revert_of TEXT
);
CREATE INDEX flag_changes_at_idx ON flag_changes (at, id);
