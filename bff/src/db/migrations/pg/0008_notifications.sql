-- Notifications for owners (issue 15 item 7, decision 037); see the SQLite twin 0014_notifications.sql.
CREATE TABLE notifications (
  id BIGSERIAL PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('job_failed', 'unreachable', 'billing_state', 'invite_received')),
  company_id TEXT,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX notifications_user_idx ON notifications(user_id, id);

CREATE FUNCTION exocorp_now() RETURNS TEXT LANGUAGE sql AS $$
  SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE FUNCTION notifications_job_failed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT m.user_id, 'job_failed', NEW.company_id,
    'The ' || NEW.action || ' job of ' || (SELECT c.name FROM companies c WHERE c.id = NEW.company_id) || ' failed', exocorp_now()
  FROM memberships m WHERE m.company_id = NEW.company_id AND m.role = 'owner';
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_job_failed AFTER UPDATE OF status ON jobs
  FOR EACH ROW WHEN (NEW.status = 'failed' AND OLD.status IS DISTINCT FROM 'failed')
  EXECUTE FUNCTION notifications_job_failed();

CREATE FUNCTION notifications_unreachable() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT m.user_id, 'unreachable', NEW.id, NEW.name || ' is unreachable', exocorp_now()
  FROM memberships m WHERE m.company_id = NEW.id AND m.role = 'owner';
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_unreachable AFTER UPDATE OF health ON companies
  FOR EACH ROW WHEN (NEW.health = 'unreachable' AND OLD.health IS DISTINCT FROM 'unreachable')
  EXECUTE FUNCTION notifications_unreachable();

CREATE FUNCTION notifications_billing_state() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  VALUES (NEW.owner_user_id, 'billing_state', NULL, 'Your billing account is now ' || NEW.state, exocorp_now());
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_billing_state AFTER UPDATE OF state ON billing_accounts
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION notifications_billing_state();

CREATE FUNCTION notifications_invite_received() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT u.id, 'invite_received', NEW.company_id,
    'You are invited to ' || (SELECT c.name FROM companies c WHERE c.id = NEW.company_id) || ' as ' || NEW.role, exocorp_now()
  FROM users u WHERE lower(u.email) = lower(NEW.email);
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_invite_received AFTER INSERT ON invitations
  FOR EACH ROW WHEN (NEW.status = 'pending')
  EXECUTE FUNCTION notifications_invite_received();

CREATE FUNCTION platform_events_notification() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM exocorp_event('notification.created', NULL, NEW.user_id, 'user', jsonb_build_object(
      'notificationId', NEW.id::text, 'kind', NEW.kind, 'companyId', NEW.company_id, 'title', NEW.title));
  ELSE
    PERFORM exocorp_event('notification.read', NULL, NEW.user_id, 'user', jsonb_build_object('notificationId', NEW.id::text));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER platform_events_notification_created AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION platform_events_notification();
CREATE TRIGGER platform_events_notification_read AFTER UPDATE OF read_at ON notifications
  FOR EACH ROW WHEN (OLD.read_at IS NULL AND NEW.read_at IS NOT NULL)
  EXECUTE FUNCTION platform_events_notification();
