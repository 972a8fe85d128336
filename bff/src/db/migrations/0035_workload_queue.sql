-- A workload queue (issue 15 item 5, decision 053). The owner (or the platform) enqueues a workload
-- for an exocorp; an enrolled runner of that exocorp claims the oldest one with its secret. The claim
-- deletes the queued row and inserts the workload (`starting`, placed on the runner) in one write
-- transaction, so a queued workload is claimed once. PostgreSQL pg/0030 is the twin.
CREATE TABLE workload_queue (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  agent TEXT NOT NULL,
  title TEXT NOT NULL,
  queued_at TEXT NOT NULL
);
CREATE INDEX workload_queue_company_idx ON workload_queue(company_id, queued_at);
