-- Platform notifications for admins (issue 17 item 3, decision 041; PostgreSQL pg/0020 is its twin):
-- the notifications mode of /admin/feedback. Like the owners' notifications (0014), the database
-- writes the ones it can see itself (a lifecycle job failed, a runtime became unreachable, a budget
-- crossed its threshold or hard limit), so no write path can forget one; runtimes report the rest
-- (schedule runs, messages their agents send) through POST /api/runtime/notices.
--
-- A queue with states new → acknowledged → resolved. Repeats are deduplicated: while a notice
-- with the same dedup_key is not resolved, a repeat only counts one more occurrence and moves
-- last_at (the partial unique index is what the upserts below conflict on). A resolved notice is
-- history; the next repeat opens a new one. Some resolve themselves: the runtime is reachable
-- again, a later job of the same action succeeded.
-- The first admin_notifications table (0023_site_cms: enterprise inquiries) becomes this queue:
-- its rows are kept as `new` notices of their kind.
ALTER TABLE admin_notifications RENAME TO admin_notifications_v1;
CREATE TABLE admin_notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('job_failed', 'unreachable', 'usage_threshold', 'schedule_completed',
    'schedule_failed', 'message', 'enterprise_inquiry', 'custom_domain')),
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  -- No foreign key: the notice outlives a destroyed exocorp.
  company_id TEXT,
  dedup_key TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT,
  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'acknowledged', 'resolved')),
  occurrences INTEGER NOT NULL DEFAULT 1,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  state_changed_at TEXT,
  -- Who acknowledged or resolved it (an e-mail), or 'system' when it resolved itself.
  state_changed_by TEXT,
  -- Who sent it, where a sender is limited (the enterprise inquiry form: per address).
  source_key TEXT
);
INSERT INTO admin_notifications (kind, severity, dedup_key, title, detail, first_at, last_at, source_key)
SELECT kind, CASE kind WHEN 'custom_domain' THEN 'warning' ELSE 'info' END, kind || ':' || id, title, body, created_at, created_at, source_key
FROM admin_notifications_v1 ORDER BY created_at;
DROP TABLE admin_notifications_v1;
CREATE UNIQUE INDEX admin_notifications_open_key_idx ON admin_notifications(dedup_key) WHERE state <> 'resolved';
CREATE INDEX admin_notifications_last_idx ON admin_notifications(last_at, id);
CREATE INDEX admin_notifications_state_idx ON admin_notifications(state, last_at, id);
CREATE INDEX admin_notifications_source_idx ON admin_notifications(source_key, first_at);

CREATE TRIGGER admin_notifications_job_failed AFTER UPDATE OF status ON jobs
WHEN NEW.status = 'failed' AND OLD.status IS NOT 'failed'
BEGIN
  INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, detail, first_at, last_at)
  SELECT 'job_failed', 'warning', NEW.company_id, 'job_failed:' || NEW.company_id || ':' || NEW.action,
    'The ' || NEW.action || ' job of ' || coalesce((SELECT c.name FROM companies c WHERE c.id = NEW.company_id), 'a removed exocorp') || ' failed',
    substr(NEW.error, 1, 500), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE true
  ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
    occurrences = occurrences + 1, last_at = excluded.last_at, detail = excluded.detail;
END;

-- A later job of the same action that succeeds resolves the failure notice.
CREATE TRIGGER admin_notifications_job_succeeded AFTER UPDATE OF status ON jobs
WHEN NEW.status = 'succeeded' AND OLD.status IS NOT 'succeeded'
BEGIN
  UPDATE admin_notifications SET state = 'resolved', state_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), state_changed_by = 'system'
  WHERE dedup_key = 'job_failed:' || NEW.company_id || ':' || NEW.action AND state <> 'resolved';
END;

CREATE TRIGGER admin_notifications_unreachable AFTER UPDATE OF health ON companies
WHEN NEW.health = 'unreachable' AND OLD.health IS NOT 'unreachable'
BEGIN
  INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, first_at, last_at)
  VALUES ('unreachable', 'critical', NEW.id, 'unreachable:' || NEW.id, 'The runtime of ' || NEW.name || ' is unreachable',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
    occurrences = occurrences + 1, last_at = excluded.last_at;
END;

CREATE TRIGGER admin_notifications_reachable AFTER UPDATE OF health ON companies
WHEN NEW.health = 'healthy' AND OLD.health IS NOT 'healthy'
BEGIN
  UPDATE admin_notifications SET state = 'resolved', state_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), state_changed_by = 'system'
  WHERE dedup_key = 'unreachable:' || NEW.id AND state <> 'resolved';
END;

CREATE TRIGGER admin_notifications_budget AFTER INSERT ON budget_alerts
BEGIN
  INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, detail, first_at, last_at)
  SELECT 'usage_threshold', CASE NEW.kind WHEN 'hard' THEN 'critical' ELSE 'warning' END, b.company_id,
    'usage_threshold:' || NEW.budget_id || ':' || NEW.period || ':' || NEW.kind,
    CASE NEW.kind WHEN 'hard' THEN 'Hard budget limit reached: ' ELSE 'Budget threshold crossed: ' END
      || coalesce((SELECT c.name FROM companies c WHERE c.id = b.company_id), 'fleet of ' || coalesce(u.email, 'an account'))
      || ' (' || NEW.period || ')',
    'Spent ' || printf('%.2f', NEW.spent_micros / 1000000.0) || ' of a ' || printf('%.2f', b.monthly_limit_micros / 1000000.0)
      || ' monthly budget (alert at ' || b.soft_threshold_pct || '%)',
    NEW.at, NEW.at
  FROM budgets b
  LEFT JOIN billing_accounts a ON a.id = b.account_id
  LEFT JOIN users u ON u.id = a.owner_user_id
  WHERE b.id = NEW.budget_id
  ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
    occurrences = occurrences + 1, last_at = excluded.last_at;
END;

-- Pushed live to admins only (the stream's `admins` scope).
CREATE TRIGGER platform_events_admin_notification_created AFTER INSERT ON admin_notifications
BEGIN
  INSERT INTO platform_events (at, type, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'admin_notification.changed', 'admins',
    json_object('notificationId', CAST(NEW.id AS TEXT), 'kind', NEW.kind, 'severity', NEW.severity, 'state', NEW.state,
      'occurrences', NEW.occurrences, 'companyId', NEW.company_id, 'title', NEW.title));
END;

CREATE TRIGGER platform_events_admin_notification_changed AFTER UPDATE OF state, occurrences ON admin_notifications
WHEN OLD.state IS NOT NEW.state OR OLD.occurrences IS NOT NEW.occurrences
BEGIN
  INSERT INTO platform_events (at, type, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'admin_notification.changed', 'admins',
    json_object('notificationId', CAST(NEW.id AS TEXT), 'kind', NEW.kind, 'severity', NEW.severity, 'state', NEW.state,
      'occurrences', NEW.occurrences, 'companyId', NEW.company_id, 'title', NEW.title));
END;
