-- Admin notices the platform raises itself carry a message key and its facts (decision 063;
-- PostgreSQL pg/0040 is its twin), so the admin console words them in the reader's language.
-- `title`/`detail` stay the English (API clients, CSV, notices from before this).
-- * message_key: one of shared's ADMIN_NOTICE_KEYS, or NULL (older notices, the runtimes' own words).
-- * message_params: a JSON object of names, counts and amounts the keyed sentence is built from.
-- (A job's exocorp cannot be gone while the job exists, jobs cascade with it; were it gone, the notice
-- would carry no key and show its English.) New nullable columns need no rebuild. The three triggers that raise notices are replaced whole
-- (SQLite has no CREATE OR REPLACE TRIGGER); their conditions, dedup keys and English are 0026's.
ALTER TABLE admin_notifications ADD COLUMN message_key TEXT;
ALTER TABLE admin_notifications ADD COLUMN message_params TEXT;

DROP TRIGGER admin_notifications_job_failed;
CREATE TRIGGER admin_notifications_job_failed AFTER UPDATE OF status ON jobs
WHEN NEW.status = 'failed' AND OLD.status IS NOT 'failed'
BEGIN
  INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, detail, message_key, message_params,
    first_at, last_at)
  SELECT 'job_failed', 'warning', NEW.company_id, 'job_failed:' || NEW.company_id || ':' || NEW.action,
    'The ' || NEW.action || ' job of ' || coalesce(x.name, 'a removed exocorp') || ' failed',
    substr(NEW.error, 1, 500),
    CASE WHEN x.name IS NOT NULL THEN 'job_failed' END,
    CASE WHEN x.name IS NOT NULL THEN json_object('action', NEW.action, 'exocorp', x.name) END,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM (SELECT (SELECT c.name FROM companies c WHERE c.id = NEW.company_id) AS name) x
  WHERE true
  ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
    occurrences = occurrences + 1, last_at = excluded.last_at, detail = excluded.detail;
END;

DROP TRIGGER admin_notifications_unreachable;
CREATE TRIGGER admin_notifications_unreachable AFTER UPDATE OF health ON companies
WHEN NEW.health = 'unreachable' AND OLD.health IS NOT 'unreachable'
BEGIN
  INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, message_key, message_params, first_at, last_at)
  VALUES ('unreachable', 'critical', NEW.id, 'unreachable:' || NEW.id, 'The runtime of ' || NEW.name || ' is unreachable',
    'runtime_unreachable', json_object('exocorp', NEW.name),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
    occurrences = occurrences + 1, last_at = excluded.last_at;
END;

-- A budget of an exocorp names it; a fleet budget (or one whose exocorp is gone) names the account's
-- owner. Amounts are in the budget's units with two decimals, as the English detail shows them.
DROP TRIGGER admin_notifications_budget;
CREATE TRIGGER admin_notifications_budget AFTER INSERT ON budget_alerts
BEGIN
  INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, detail, message_key, message_params,
    first_at, last_at)
  SELECT 'usage_threshold', CASE NEW.kind WHEN 'hard' THEN 'critical' ELSE 'warning' END, b.company_id,
    'usage_threshold:' || NEW.budget_id || ':' || NEW.period || ':' || NEW.kind,
    CASE NEW.kind WHEN 'hard' THEN 'Hard budget limit reached: ' ELSE 'Budget threshold crossed: ' END
      || coalesce(c.name, 'fleet of ' || coalesce(u.email, 'an account'))
      || ' (' || NEW.period || ')',
    'Spent ' || printf('%.2f', NEW.spent_micros / 1000000.0) || ' of a ' || printf('%.2f', b.monthly_limit_micros / 1000000.0)
      || ' monthly budget (alert at ' || b.soft_threshold_pct || '%)',
    CASE
      WHEN c.name IS NOT NULL THEN CASE NEW.kind WHEN 'hard' THEN 'budget_limit' ELSE 'budget_threshold' END
      WHEN u.email IS NOT NULL THEN CASE NEW.kind WHEN 'hard' THEN 'budget_limit_fleet' ELSE 'budget_threshold_fleet' END
    END,
    CASE
      WHEN c.name IS NOT NULL THEN json_object('exocorp', c.name, 'period', NEW.period,
        'spent', round(NEW.spent_micros / 1000000.0, 2), 'limit', round(b.monthly_limit_micros / 1000000.0, 2),
        'pct', b.soft_threshold_pct)
      WHEN u.email IS NOT NULL THEN json_object('owner', u.email, 'period', NEW.period,
        'spent', round(NEW.spent_micros / 1000000.0, 2), 'limit', round(b.monthly_limit_micros / 1000000.0, 2),
        'pct', b.soft_threshold_pct)
    END,
    NEW.at, NEW.at
  FROM budgets b
  LEFT JOIN companies c ON c.id = b.company_id
  LEFT JOIN billing_accounts a ON a.id = b.account_id
  LEFT JOIN users u ON u.id = a.owner_user_id
  WHERE b.id = NEW.budget_id
  ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
    occurrences = occurrences + 1, last_at = excluded.last_at;
END;
