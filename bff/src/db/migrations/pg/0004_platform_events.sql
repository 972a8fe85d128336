-- The live event stream (issue 15, decision 030); see the SQLite twin 0010_platform_events.sql.
-- Each event is also announced with NOTIFY (sent by PostgreSQL at commit, never for a rolled-back
-- change) carrying only the schema and the id: payloads are limited to 8 KB, and every instance
-- reads the row itself. Ids come from a sequence, so concurrent transactions may commit them out of
-- order; the reader (services/events/hub.ts) waits briefly at a gap instead of skipping it.
CREATE TABLE platform_events (
  id BIGSERIAL PRIMARY KEY,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  company_id TEXT,
  user_id TEXT,
  scope TEXT NOT NULL CHECK (scope IN ('members', 'owners', 'user', 'admins')),
  data TEXT NOT NULL
);

CREATE FUNCTION exocorp_event(p_type TEXT, p_company TEXT, p_user TEXT, p_scope TEXT, p_data JSONB) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  new_id BIGINT;
BEGIN
  INSERT INTO platform_events (at, type, company_id, user_id, scope, data)
  VALUES (to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), p_type, p_company, p_user, p_scope, p_data::text)
  RETURNING id INTO new_id;
  PERFORM pg_notify('exocorp_events', current_schema() || ' ' || new_id::text);
END $$;

CREATE FUNCTION platform_events_company() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM exocorp_event('company.created', NEW.id, NULL, 'members', jsonb_build_object('status', NEW.status, 'health', NEW.health));
  ELSE
    PERFORM exocorp_event('company.status', NEW.id, NULL, 'members', jsonb_build_object(
      'status', NEW.status, 'health', NEW.health, 'previousStatus', OLD.status, 'previousHealth', OLD.health));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER platform_events_company_created AFTER INSERT ON companies
  FOR EACH ROW EXECUTE FUNCTION platform_events_company();
CREATE TRIGGER platform_events_company_status AFTER UPDATE OF status, health ON companies
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.health IS DISTINCT FROM NEW.health)
  EXECUTE FUNCTION platform_events_company();

CREATE FUNCTION platform_events_job() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM exocorp_event('job.progress', NEW.company_id, NULL, 'members', jsonb_build_object(
    'jobId', NEW.id, 'action', NEW.action, 'status', NEW.status, 'phases', NEW.phases::jsonb));
  RETURN NULL;
END $$;
CREATE TRIGGER platform_events_job_created AFTER INSERT ON jobs
  FOR EACH ROW EXECUTE FUNCTION platform_events_job();
CREATE TRIGGER platform_events_job_progress AFTER UPDATE OF status, phases ON jobs
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.phases IS DISTINCT FROM NEW.phases)
  EXECUTE FUNCTION platform_events_job();

CREATE FUNCTION platform_events_audit() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM exocorp_event('audit.created', NEW.target_id, NULL, 'owners', jsonb_build_object(
    'auditId', NEW.id, 'action', NEW.action, 'outcome', NEW.outcome));
  RETURN NULL;
END $$;
CREATE TRIGGER platform_events_audit AFTER INSERT ON audit_events
  FOR EACH ROW WHEN (NEW.target_type = 'company' AND NEW.target_id IS NOT NULL)
  EXECUTE FUNCTION platform_events_audit();

CREATE FUNCTION platform_events_billing() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM exocorp_event('billing.state', NULL, NEW.owner_user_id, 'user', jsonb_build_object(
    'state', NEW.state, 'previousState', OLD.state));
  RETURN NULL;
END $$;
CREATE TRIGGER platform_events_billing_state AFTER UPDATE OF state ON billing_accounts
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION platform_events_billing();
