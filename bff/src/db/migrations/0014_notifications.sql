-- Notifications for owners (issue 15 item 7, decision 037): a job failed, an exocorp became
-- unreachable, your billing state changed, you were invited. Like the event outbox (0010), the
-- database writes them itself from triggers on the rows that change, so no write path can forget
-- one; each new or read notification is also a `user`-scope platform event, pushed to its owner's
-- sockets only. PostgreSQL pg/0008 is the twin.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('job_failed', 'unreachable', 'billing_state', 'invite_received')),
  -- No foreign key: the notice outlives a destroyed exocorp.
  company_id TEXT,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT
);
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
