-- Workloads and runners (issue 15 items 4 and 5, decision 037). PostgreSQL pg/0013 is the twin.
-- A workload is a piece of an agent's work the runtime reports with its own token (starting →
-- running → stopped | failed); a runner is a machine an owner enrolls with a one-time token
-- (stored hashed) that then heartbeats with a secret of its own (also stored hashed). Each change
-- of status is a platform event: workloads for members (a read), runners for owners.
CREATE TABLE workloads (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  agent TEXT NOT NULL,
  title TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('starting', 'running', 'stopped', 'failed')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX workloads_company_idx ON workloads(company_id, started_at);

CREATE TABLE runners (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  enrollment_token_hash TEXT UNIQUE,
  secret_hash TEXT UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'enrolled', 'offline', 'revoked')),
  hostname TEXT,
  version TEXT,
  heartbeat_ms INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  enrolled_at TEXT,
  last_heartbeat_at TEXT,
  revoked_at TEXT
);
CREATE INDEX runners_company_idx ON runners(company_id, created_at);

CREATE TRIGGER platform_events_workload_created AFTER INSERT ON workloads
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'workload.status', NEW.company_id, 'members',
    json_object('workloadId', NEW.id, 'agent', NEW.agent, 'title', NEW.title, 'status', NEW.status,
      'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at));
END;

CREATE TRIGGER platform_events_workload_status AFTER UPDATE OF status ON workloads
WHEN OLD.status IS NOT NEW.status
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'workload.status', NEW.company_id, 'members',
    json_object('workloadId', NEW.id, 'agent', NEW.agent, 'title', NEW.title, 'status', NEW.status,
      'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at));
END;

CREATE TRIGGER platform_events_runner_created AFTER INSERT ON runners
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'runner.status', NEW.company_id, 'owners',
    json_object('runnerId', NEW.id, 'name', NEW.name, 'status', NEW.status, 'previousStatus', NULL));
END;

CREATE TRIGGER platform_events_runner_status AFTER UPDATE OF status ON runners
WHEN OLD.status IS NOT NEW.status
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'runner.status', NEW.company_id, 'owners',
    json_object('runnerId', NEW.id, 'name', NEW.name, 'status', NEW.status, 'previousStatus', OLD.status));
END;
