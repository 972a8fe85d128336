-- A workload queue (decision 053); see the SQLite twin 0035_workload_queue.sql. Runners claim the
-- oldest row with SELECT … FOR UPDATE SKIP LOCKED, so two claims never take the same workload.
CREATE TABLE workload_queue (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  agent TEXT NOT NULL,
  title TEXT NOT NULL,
  queued_at TEXT NOT NULL
);
CREATE INDEX workload_queue_company_idx ON workload_queue(company_id, queued_at);
