-- Repeated refusals are counted, not written again (docs/decisions/015-audit-refusal-aggregation.md).
-- audit_events stays append-only and untouched: the first refusal of a kind writes its row there as
-- always; this side table holds how often that same refusal came back within the window. A count
-- may only go up: no delete, and an update may change nothing but count, last_at, last_request_id.
CREATE TABLE audit_refusals (
  audit_event_id TEXT PRIMARY KEY REFERENCES audit_events(id),
  actor_key TEXT NOT NULL,
  refusal_key TEXT NOT NULL,
  window_start TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  last_request_id TEXT,
  UNIQUE (actor_key, window_start, refusal_key)
);

CREATE TRIGGER audit_refusals_count_up BEFORE UPDATE ON audit_refusals
WHEN NEW.audit_event_id IS NOT OLD.audit_event_id
  OR NEW.actor_key IS NOT OLD.actor_key
  OR NEW.refusal_key IS NOT OLD.refusal_key
  OR NEW.window_start IS NOT OLD.window_start
  OR NEW.first_at IS NOT OLD.first_at
  OR NEW.count <= OLD.count
  OR NEW.last_at < OLD.last_at
BEGIN SELECT RAISE(ABORT, 'audit_refusals only counts up'); END;

CREATE TRIGGER audit_refusals_no_delete BEFORE DELETE ON audit_refusals
BEGIN SELECT RAISE(ABORT, 'audit_refusals is append-only'); END;
