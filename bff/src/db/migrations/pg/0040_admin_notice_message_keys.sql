-- Admin notices the platform raises itself carry a message key and its facts (decision 063); see the
-- SQLite twin 0045_admin_notice_message_keys.sql. The trigger functions are replaced whole; their
-- conditions, dedup keys and English are pg/0020's.
ALTER TABLE admin_notifications ADD COLUMN message_key TEXT;
ALTER TABLE admin_notifications ADD COLUMN message_params TEXT;

CREATE OR REPLACE FUNCTION admin_notifications_job() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  exocorp TEXT;
BEGIN
  IF NEW.status = 'failed' THEN
    exocorp := (SELECT c.name FROM companies c WHERE c.id = NEW.company_id);
    INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, detail, message_key, message_params,
      first_at, last_at)
    VALUES ('job_failed', 'warning', NEW.company_id, 'job_failed:' || NEW.company_id || ':' || NEW.action,
      'The ' || NEW.action || ' job of ' || coalesce(exocorp, 'a removed exocorp') || ' failed',
      substr(NEW.error, 1, 500),
      CASE WHEN exocorp IS NOT NULL THEN 'job_failed' END,
      CASE WHEN exocorp IS NOT NULL THEN jsonb_build_object('action', NEW.action, 'exocorp', exocorp)::text END,
      exocorp_now(), exocorp_now())
    ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
      occurrences = admin_notifications.occurrences + 1, last_at = excluded.last_at, detail = excluded.detail;
  ELSE
    UPDATE admin_notifications SET state = 'resolved', state_changed_at = exocorp_now(), state_changed_by = 'system'
    WHERE dedup_key = 'job_failed:' || NEW.company_id || ':' || NEW.action AND state <> 'resolved';
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION admin_notifications_health() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.health = 'unreachable' THEN
    INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, message_key, message_params, first_at, last_at)
    VALUES ('unreachable', 'critical', NEW.id, 'unreachable:' || NEW.id, 'The runtime of ' || NEW.name || ' is unreachable',
      'runtime_unreachable', jsonb_build_object('exocorp', NEW.name)::text,
      exocorp_now(), exocorp_now())
    ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
      occurrences = admin_notifications.occurrences + 1, last_at = excluded.last_at;
  ELSE
    UPDATE admin_notifications SET state = 'resolved', state_changed_at = exocorp_now(), state_changed_by = 'system'
    WHERE dedup_key = 'unreachable:' || NEW.id AND state <> 'resolved';
  END IF;
  RETURN NULL;
END $$;

-- A budget of an exocorp names it; a fleet budget (or one whose exocorp is gone) names the account's
-- owner. Amounts are in the budget's units with two decimals, as the English detail shows them.
CREATE OR REPLACE FUNCTION admin_notifications_budget() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO admin_notifications (kind, severity, company_id, dedup_key, title, detail, message_key, message_params,
    first_at, last_at)
  SELECT 'usage_threshold', CASE NEW.kind WHEN 'hard' THEN 'critical' ELSE 'warning' END, b.company_id,
    'usage_threshold:' || NEW.budget_id || ':' || NEW.period || ':' || NEW.kind,
    CASE NEW.kind WHEN 'hard' THEN 'Hard budget limit reached: ' ELSE 'Budget threshold crossed: ' END
      || coalesce(c.name, 'fleet of ' || coalesce(u.email, 'an account'))
      || ' (' || NEW.period || ')',
    'Spent ' || to_char(NEW.spent_micros / 1000000.0, 'FM999999999990.00') || ' of a '
      || to_char(b.monthly_limit_micros / 1000000.0, 'FM999999999990.00')
      || ' monthly budget (alert at ' || b.soft_threshold_pct || '%)',
    CASE
      WHEN c.name IS NOT NULL THEN CASE NEW.kind WHEN 'hard' THEN 'budget_limit' ELSE 'budget_threshold' END
      WHEN u.email IS NOT NULL THEN CASE NEW.kind WHEN 'hard' THEN 'budget_limit_fleet' ELSE 'budget_threshold_fleet' END
    END,
    CASE
      WHEN c.name IS NOT NULL THEN jsonb_build_object('exocorp', c.name, 'period', NEW.period,
        'spent', round(NEW.spent_micros / 1000000.0, 2), 'limit', round(b.monthly_limit_micros / 1000000.0, 2),
        'pct', b.soft_threshold_pct)::text
      WHEN u.email IS NOT NULL THEN jsonb_build_object('owner', u.email, 'period', NEW.period,
        'spent', round(NEW.spent_micros / 1000000.0, 2), 'limit', round(b.monthly_limit_micros / 1000000.0, 2),
        'pct', b.soft_threshold_pct)::text
    END,
    NEW.at, NEW.at
  FROM budgets b
  LEFT JOIN companies c ON c.id = b.company_id
  LEFT JOIN billing_accounts a ON a.id = b.account_id
  LEFT JOIN users u ON u.id = a.owner_user_id
  WHERE b.id = NEW.budget_id
  ON CONFLICT (dedup_key) WHERE state <> 'resolved' DO UPDATE SET
    occurrences = admin_notifications.occurrences + 1, last_at = excluded.last_at;
  RETURN NULL;
END $$;
