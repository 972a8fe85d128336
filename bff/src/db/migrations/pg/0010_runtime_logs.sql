-- Runtime logs (issue 15 item 6, decision 037); see the SQLite twin 0016_runtime_logs.sql.
CREATE TABLE runtime_log_lines (
  id BIGSERIAL PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  source TEXT NOT NULL CHECK (source IN ('stdout', 'stderr', 'job')),
  job_id TEXT,
  phase TEXT,
  message TEXT NOT NULL
);
CREATE INDEX runtime_log_lines_company_idx ON runtime_log_lines(company_id, id);

CREATE FUNCTION platform_events_log_line() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM exocorp_event('log.line', NEW.company_id, NULL, 'owners', jsonb_build_object(
    'lineId', NEW.id::text, 'level', NEW.level, 'source', NEW.source, 'jobId', NEW.job_id, 'phase', NEW.phase,
    'message', NEW.message));
  RETURN NULL;
END $$;
CREATE TRIGGER platform_events_log_line AFTER INSERT ON runtime_log_lines
  FOR EACH ROW EXECUTE FUNCTION platform_events_log_line();
