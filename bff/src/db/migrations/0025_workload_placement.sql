-- Workloads placed on runners (issue 15 item 5, decision 039). A workload a runner executes carries
-- that runner's id (the runner reports it with its own secret); the runtime's own workloads have
-- none. The workload events now say where the work runs, so the list shows it live.
-- PostgreSQL pg/0019 is the twin.
ALTER TABLE workloads ADD COLUMN runner_id TEXT REFERENCES runners(id) ON DELETE SET NULL;
CREATE INDEX workloads_runner_idx ON workloads(runner_id, status);

DROP TRIGGER platform_events_workload_created;
DROP TRIGGER platform_events_workload_status;

CREATE TRIGGER platform_events_workload_created AFTER INSERT ON workloads
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'workload.status', NEW.company_id, 'members',
    json_object('workloadId', NEW.id, 'agent', NEW.agent, 'title', NEW.title, 'status', NEW.status,
      'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at,
      'runner', (SELECT json_object('id', r.id, 'name', r.name) FROM runners r WHERE r.id = NEW.runner_id)));
END;

CREATE TRIGGER platform_events_workload_status AFTER UPDATE OF status ON workloads
WHEN OLD.status IS NOT NEW.status
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'workload.status', NEW.company_id, 'members',
    json_object('workloadId', NEW.id, 'agent', NEW.agent, 'title', NEW.title, 'status', NEW.status,
      'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at,
      'runner', (SELECT json_object('id', r.id, 'name', r.name) FROM runners r WHERE r.id = NEW.runner_id)));
END;
