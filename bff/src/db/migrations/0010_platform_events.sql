-- The live event stream (issue 15, decision 030): an outbox the database fills itself. Triggers
-- on the rows that matter write one event per change inside the writing transaction, so no code
-- path (lifecycle engine, health monitor, recovery, CLI) can change a status without an event,
-- and an event exists only if its change committed. Ids are the replay cursor (AUTOINCREMENT:
-- never reused, and SQLite's single writer commits them in order).
CREATE TABLE platform_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  company_id TEXT,
  user_id TEXT,
  scope TEXT NOT NULL CHECK (scope IN ('members', 'owners', 'user', 'admins')),
  data TEXT NOT NULL
);

CREATE TRIGGER platform_events_company_created AFTER INSERT ON companies
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'company.created', NEW.id, 'members',
    json_object('status', NEW.status, 'health', NEW.health));
END;

CREATE TRIGGER platform_events_company_status AFTER UPDATE OF status, health ON companies
WHEN OLD.status IS NOT NEW.status OR OLD.health IS NOT NEW.health
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'company.status', NEW.id, 'members',
    json_object('status', NEW.status, 'health', NEW.health, 'previousStatus', OLD.status, 'previousHealth', OLD.health));
END;

CREATE TRIGGER platform_events_job_created AFTER INSERT ON jobs
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'job.progress', NEW.company_id, 'members',
    json_object('jobId', NEW.id, 'action', NEW.action, 'status', NEW.status, 'phases', json(NEW.phases)));
END;

CREATE TRIGGER platform_events_job_progress AFTER UPDATE OF status, phases ON jobs
WHEN OLD.status IS NOT NEW.status OR OLD.phases IS NOT NEW.phases
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'job.progress', NEW.company_id, 'members',
    json_object('jobId', NEW.id, 'action', NEW.action, 'status', NEW.status, 'phases', json(NEW.phases)));
END;

CREATE TRIGGER platform_events_audit AFTER INSERT ON audit_events
WHEN NEW.target_type = 'company' AND NEW.target_id IS NOT NULL
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'audit.created', NEW.target_id, 'owners',
    json_object('auditId', NEW.id, 'action', NEW.action, 'outcome', NEW.outcome));
END;

CREATE TRIGGER platform_events_billing_state AFTER UPDATE OF state ON billing_accounts
WHEN OLD.state IS NOT NEW.state
BEGIN
  INSERT INTO platform_events (at, type, user_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'billing.state', NEW.owner_user_id, 'user',
    json_object('state', NEW.state, 'previousState', OLD.state));
END;
