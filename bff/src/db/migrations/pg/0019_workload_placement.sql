-- Workloads placed on runners (decision 039); see the SQLite twin 0025_workload_placement.sql.
ALTER TABLE workloads ADD COLUMN runner_id TEXT REFERENCES runners(id) ON DELETE SET NULL;
CREATE INDEX workloads_runner_idx ON workloads(runner_id, status);

CREATE OR REPLACE FUNCTION platform_events_workload() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM exocorp_event('workload.status', NEW.company_id, NULL, 'members', jsonb_build_object(
    'workloadId', NEW.id, 'agent', NEW.agent, 'title', NEW.title, 'status', NEW.status,
    'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at,
    'runner', (SELECT jsonb_build_object('id', r.id, 'name', r.name) FROM runners r WHERE r.id = NEW.runner_id)));
  RETURN NULL;
END $$;
