-- Several BFF instances on one database (issue 9, decision 024): where each exocorp's runtime runs
-- and which instance owns it, which instances are alive, and leases for loops only one may run.

-- One row per exocorp with a runtime. The owner instance carries out actions on it and probes it;
-- any instance proxies to `endpoint`. The control token is sealed with the platform's secret key.
CREATE TABLE runtimes (
  company_id TEXT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
  host_id TEXT NOT NULL,
  driver TEXT NOT NULL,
  endpoint TEXT,
  pid INTEGER,
  control_token TEXT,
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX runtimes_host_idx ON runtimes(host_id);

INSERT INTO runtimes (company_id, host_id, driver, endpoint, pid, control_token, started_at, updated_at)
  SELECT id, 'local', 'local', runtime_endpoint, runtime_pid, NULL, updated_at, updated_at
  FROM companies WHERE runtime_endpoint IS NOT NULL OR runtime_pid IS NOT NULL;
-- The table above is now the one place that says where a runtime is.
ALTER TABLE companies DROP COLUMN runtime_endpoint;
ALTER TABLE companies DROP COLUMN runtime_pid;

-- Instances say they are alive; one whose heartbeat is old is gone and its work may be taken over.
CREATE TABLE instances (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);

-- Singleton loops (billing evaluator, cleanup): the holder renews its lease; others skip the tick.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
