-- Budget alerts reach the notifications bell (decision 040; PostgreSQL pg/0015 is its twin).
-- `budget` joins the notification kinds. SQLite cannot change a CHECK constraint in place: the table
-- is rebuilt with the same rows, ids and AUTOINCREMENT sequence, indexes and
-- triggers. The triggers of other tables that insert into it are dropped first and created again
-- after the rename, so no trigger ever points at a missing table.
DROP TRIGGER notifications_job_failed;
DROP TRIGGER notifications_unreachable;
DROP TRIGGER notifications_billing_state;
DROP TRIGGER notifications_invite_received;

CREATE TABLE notifications_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('job_failed', 'unreachable', 'billing_state', 'invite_received', 'budget')),
  -- No foreign key: the notice outlives a destroyed exocorp.
  company_id TEXT,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT
);
INSERT INTO notifications_new (id, user_id, kind, company_id, title, created_at, read_at)
SELECT id, user_id, kind, company_id, title, created_at, read_at FROM notifications;
-- The sequence too: an id once handed out (and pushed in an event) is never handed out again.
DELETE FROM sqlite_sequence WHERE name = 'notifications_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'notifications_new', seq FROM sqlite_sequence WHERE name = 'notifications';
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user_idx ON notifications(user_id, id);

CREATE TRIGGER notifications_job_failed AFTER UPDATE OF status ON jobs
WHEN NEW.status = 'failed' AND OLD.status IS NOT 'failed'
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT m.user_id, 'job_failed', NEW.company_id,
    'The ' || NEW.action || ' job of ' || (SELECT c.name FROM companies c WHERE c.id = NEW.company_id) || ' failed',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM memberships m WHERE m.company_id = NEW.company_id AND m.role = 'owner';
END;

CREATE TRIGGER notifications_unreachable AFTER UPDATE OF health ON companies
WHEN NEW.health = 'unreachable' AND OLD.health IS NOT 'unreachable'
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT m.user_id, 'unreachable', NEW.id, NEW.name || ' is unreachable', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM memberships m WHERE m.company_id = NEW.id AND m.role = 'owner';
END;

CREATE TRIGGER notifications_billing_state AFTER UPDATE OF state ON billing_accounts
WHEN OLD.state IS NOT NEW.state
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  VALUES (NEW.owner_user_id, 'billing_state', NULL, 'Your billing account is now ' || NEW.state, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER notifications_invite_received AFTER INSERT ON invitations
WHEN NEW.status = 'pending'
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT u.id, 'invite_received', NEW.company_id,
    'You are invited to ' || (SELECT c.name FROM companies c WHERE c.id = NEW.company_id) || ' as ' || NEW.role,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM users u WHERE lower(u.email) = lower(NEW.email);
END;

CREATE TRIGGER platform_events_notification_created AFTER INSERT ON notifications
BEGIN
  INSERT INTO platform_events (at, type, user_id, scope, data)
  VALUES (NEW.created_at, 'notification.created', NEW.user_id, 'user',
    json_object('notificationId', CAST(NEW.id AS TEXT), 'kind', NEW.kind, 'companyId', NEW.company_id, 'title', NEW.title));
END;

CREATE TRIGGER platform_events_notification_read AFTER UPDATE OF read_at ON notifications
WHEN OLD.read_at IS NULL AND NEW.read_at IS NOT NULL
BEGIN
  INSERT INTO platform_events (at, type, user_id, scope, data)
  VALUES (NEW.read_at, 'notification.read', NEW.user_id, 'user', json_object('notificationId', CAST(NEW.id AS TEXT)));
END;

-- A budget's soft alert and hard limit each happen once per period: one `budget_alerts` row, which
-- notifies the exocorp's owners (an exocorp's budget) or the account's owner (the fleet's budget).
CREATE TRIGGER notifications_budget AFTER INSERT ON budget_alerts
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT m.user_id, 'budget', b.company_id,
    (SELECT c.name FROM companies c WHERE c.id = b.company_id) || CASE NEW.kind
      WHEN 'soft' THEN ' reached ' || b.soft_threshold_pct || '% of its monthly budget'
      ELSE ' reached its monthly budget: the hard limit pauses it until next month' END,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM budgets b JOIN memberships m ON m.company_id = b.company_id AND m.role = 'owner'
  WHERE b.id = NEW.budget_id AND b.company_id IS NOT NULL;
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT a.owner_user_id, 'budget', NULL,
    CASE NEW.kind
      WHEN 'soft' THEN 'Your fleet reached ' || b.soft_threshold_pct || '% of its monthly budget'
      ELSE 'Your fleet reached its monthly budget: the hard limit pauses your running exocorps until next month' END,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM budgets b JOIN billing_accounts a ON a.id = b.account_id
  WHERE b.id = NEW.budget_id AND b.company_id IS NULL;
END;
