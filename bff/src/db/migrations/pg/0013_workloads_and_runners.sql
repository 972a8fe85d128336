-- Workloads and runners (issue 15 items 4 and 5, decision 037); see the SQLite twin 0019_workloads_and_runners.sql.
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

CREATE FUNCTION platform_events_workload() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM exocorp_event('workload.status', NEW.company_id, NULL, 'members', jsonb_build_object(
    'workloadId', NEW.id, 'agent', NEW.agent, 'title', NEW.title, 'status', NEW.status,
    'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at));
  RETURN NULL;
END $$;
CREATE TRIGGER platform_events_workload_created AFTER INSERT ON workloads
  FOR EACH ROW EXECUTE FUNCTION platform_events_workload();
CREATE TRIGGER platform_events_workload_status AFTER UPDATE OF status ON workloads
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION platform_events_workload();

CREATE FUNCTION platform_events_runner() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM exocorp_event('runner.status', NEW.company_id, NULL, 'owners', jsonb_build_object(
    'runnerId', NEW.id, 'name', NEW.name, 'status', NEW.status,
    'previousStatus', CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END));
  RETURN NULL;
END $$;
CREATE TRIGGER platform_events_runner_created AFTER INSERT ON runners
  FOR EACH ROW EXECUTE FUNCTION platform_events_runner();
CREATE TRIGGER platform_events_runner_status AFTER UPDATE OF status ON runners
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION platform_events_runner();
