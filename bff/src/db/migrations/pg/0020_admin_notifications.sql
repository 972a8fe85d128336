-- Platform notifications for admins (issue 17 item 3, decision 041); see the SQLite twin
-- 0026_admin_notifications.sql for what each part is for.
-- The first admin_notifications table (pg/0017_site_cms: enterprise inquiries) becomes this queue:
-- its rows are kept as `new` notices of their kind.
ALTER TABLE admin_notifications RENAME TO admin_notifications_v1;
ALTER TABLE admin_notifications_v1 RENAME CONSTRAINT admin_notifications_pkey TO admin_notifications_v1_pkey;
CREATE TABLE admin_notifications (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('job_failed', 'unreachable', 'usage_threshold', 'schedule_completed',
    'schedule_failed', 'message', 'enterprise_inquiry', 'custom_domain')),
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  company_id TEXT,
  dedup_key TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT,
  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'acknowledged', 'resolved')),
  occurrences INTEGER NOT NULL DEFAULT 1,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  state_changed_at TEXT,
  state_changed_by TEXT,
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

CREATE FUNCTION admin_notifications_job() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'failed' THEN
    INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, detail, first_at, last_at)
    VALUES ('job_failed', 'warning', NEW.company_id, 'job_failed:' || NEW.company_id || ':' || NEW.action,
      'The ' || NEW.action || ' job of ' || coalesce((SELECT c.name FROM companies c WHERE c.id = NEW.company_id), 'a removed exocorp') || ' failed',
      substr(NEW.error, 1, 500), exocorp_now(), exocorp_now())
    ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
      occurrences = admin_notifications.occurrences + 1, last_at = excluded.last_at, detail = excluded.detail;
  ELSE
    UPDATE admin_notifications SET state = 'resolved', state_changed_at = exocorp_now(), state_changed_by = 'system'
    WHERE dedup_key = 'job_failed:' || NEW.company_id || ':' || NEW.action AND state <> 'resolved';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER admin_notifications_job_failed AFTER UPDATE OF status ON jobs
  FOR EACH ROW WHEN (NEW.status = 'failed' AND OLD.status IS DISTINCT FROM 'failed')
  EXECUTE FUNCTION admin_notifications_job();
CREATE TRIGGER admin_notifications_job_succeeded AFTER UPDATE OF status ON jobs
  FOR EACH ROW WHEN (NEW.status = 'succeeded' AND OLD.status IS DISTINCT FROM 'succeeded')
  EXECUTE FUNCTION admin_notifications_job();

CREATE FUNCTION admin_notifications_health() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.health = 'unreachable' THEN
    INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, first_at, last_at)
    VALUES ('unreachable', 'critical', NEW.id, 'unreachable:' || NEW.id, 'The runtime of ' || NEW.name || ' is unreachable',
      exocorp_now(), exocorp_now())
    ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
      occurrences = admin_notifications.occurrences + 1, last_at = excluded.last_at;
  ELSE
    UPDATE admin_notifications SET state = 'resolved', state_changed_at = exocorp_now(), state_changed_by = 'system'
    WHERE dedup_key = 'unreachable:' || NEW.id AND state <> 'resolved';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER admin_notifications_unreachable AFTER UPDATE OF health ON companies
  FOR EACH ROW WHEN (NEW.health = 'unreachable' AND OLD.health IS DISTINCT FROM 'unreachable')
  EXECUTE FUNCTION admin_notifications_health();
CREATE TRIGGER admin_notifications_reachable AFTER UPDATE OF health ON companies
  FOR EACH ROW WHEN (NEW.health = 'healthy' AND OLD.health IS DISTINCT FROM 'healthy')
  EXECUTE FUNCTION admin_notifications_health();

CREATE FUNCTION admin_notifications_budget() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, detail, first_at, last_at)
  SELECT 'usage_threshold', CASE NEW.kind WHEN 'hard' THEN 'critical' ELSE 'warning' END, b.company_id,
    'usage_threshold:' || NEW.budget_id || ':' || NEW.period || ':' || NEW.kind,
    CASE NEW.kind WHEN 'hard' THEN 'Hard budget limit reached: ' ELSE 'Budget threshold crossed: ' END
      || coalesce((SELECT c.name FROM companies c WHERE c.id = b.company_id), 'fleet of ' || coalesce(u.email, 'an account'))
      || ' (' || NEW.period || ')',
    'Spent ' || to_char(NEW.spent_micros / 1000000.0, 'FM999999999990.00') || ' of a '
      || to_char(b.monthly_limit_micros / 1000000.0, 'FM999999999990.00')
      || ' monthly budget (alert at ' || b.soft_threshold_pct || '%)',
    NEW.at, NEW.at
  FROM budgets b
  LEFT JOIN billing_accounts a ON a.id = b.account_id
  LEFT JOIN users u ON u.id = a.owner_user_id
  WHERE b.id = NEW.budget_id
  ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
    occurrences = admin_notifications.occurrences + 1, last_at = excluded.last_at;
  RETURN NULL;
END $$;
CREATE TRIGGER admin_notifications_budget AFTER INSERT ON budget_alerts
  FOR EACH ROW EXECUTE FUNCTION admin_notifications_budget();

CREATE FUNCTION platform_events_admin_notification() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM exocorp_event('admin_notification.changed', NULL, NULL, 'admins', jsonb_build_object(
    'notificationId', NEW.id::text, 'kind', NEW.kind, 'severity', NEW.severity, 'state', NEW.state,
    'occurrences', NEW.occurrences, 'companyId', NEW.company_id, 'title', NEW.title));
  RETURN NULL;
END $$;
CREATE TRIGGER platform_events_admin_notification_created AFTER INSERT ON admin_notifications
  FOR EACH ROW EXECUTE FUNCTION platform_events_admin_notification();
CREATE TRIGGER platform_events_admin_notification_changed AFTER UPDATE OF state, occurrences ON admin_notifications
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.occurrences IS DISTINCT FROM NEW.occurrences)
  EXECUTE FUNCTION platform_events_admin_notification();
