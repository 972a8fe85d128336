-- Runtime logs (issue 15 item 6, decision 037): each runtime's stdout/stderr lines (shipped by the
-- runtime with its own token) and the job worker's per-phase lines, kept per exocorp (the newest
-- 10,000; older ones are deleted as new ones arrive). Each line is an owner-scope platform event,
-- so the Logs tab follows it live. PostgreSQL pg/0010 is the twin.
CREATE TABLE runtime_log_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  source TEXT NOT NULL CHECK (source IN ('stdout', 'stderr', 'job')),
  job_id TEXT,
  phase TEXT,
  message TEXT NOT NULL
);
CREATE INDEX runtime_log_lines_company_idx ON runtime_log_lines(company_id, id);

CREATE TRIGGER platform_events_log_line AFTER INSERT ON runtime_log_lines
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (NEW.at, 'log.line', NEW.company_id, 'owners',
    json_object('lineId', CAST(NEW.id AS TEXT), 'level', NEW.level, 'source', NEW.source, 'jobId', NEW.job_id,
      'phase', NEW.phase, 'message', NEW.message));
END;
