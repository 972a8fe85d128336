-- Deployment targets (issue 18 item 3, decision 054; PostgreSQL pg/0031 is its twin). A target is
-- where exocorps run: a driver (`local` today; `kubernetes` is a recorded shape the API refuses
-- for now) with its config as JSON, routing and isolation modes, a capacity in exocorps, default
-- hosts, and the health the platform probes. Every exocorp names the target it is placed on; the
-- ones that exist already run on this machine, so they are placed on the seeded default `local`.
CREATE TABLE deployment_targets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  driver TEXT NOT NULL CHECK (driver IN ('local', 'kubernetes')),
  config TEXT NOT NULL,
  routing_mode TEXT NOT NULL CHECK (routing_mode IN ('subdomain', 'path', 'custom_domain')),
  isolation_mode TEXT NOT NULL CHECK (isolation_mode IN ('shared', 'dedicated')),
  state TEXT NOT NULL CHECK (state IN ('active', 'draining')),
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  default_hosts TEXT NOT NULL,
  schema_version TEXT,
  health TEXT NOT NULL CHECK (health IN ('unknown', 'healthy', 'unhealthy')),
  health_reason TEXT,
  health_checked_at TEXT,
  health_checks TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

INSERT INTO deployment_targets (id, name, driver, config, routing_mode, isolation_mode, state, capacity, default_hosts,
  schema_version, health, health_reason, health_checked_at, health_checks, created_at, updated_at)
VALUES ('local', 'local', 'local', '{"driver":"local","dataSubdir":null,"minFreeDiskMb":64}', 'subdomain', 'shared', 'active',
  1000, '[]', NULL, 'unknown', 'Not probed yet', NULL, NULL,
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

ALTER TABLE companies ADD COLUMN deployment_target_id TEXT REFERENCES deployment_targets(id);
UPDATE companies SET deployment_target_id = 'local';
CREATE INDEX companies_deployment_target_idx ON companies (deployment_target_id, status);
