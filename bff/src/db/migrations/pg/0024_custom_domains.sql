-- Custom domains per exocorp (issue 18 item 4, decision 042; SQLite 0029 is its twin, which has to
-- rebuild the notifications table). An active domain that stops verifying notifies the owners.
CREATE TABLE custom_domains (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  domain TEXT NOT NULL UNIQUE,
  token TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'verified', 'active', 'failed')),
  reason TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT,
  checked_at TEXT,
  verified_at TEXT,
  activated_at TEXT
);
CREATE INDEX custom_domains_company_idx ON custom_domains (company_id, created_at);
CREATE INDEX custom_domains_check_idx ON custom_domains (checked_at);

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('job_failed', 'unreachable', 'billing_state', 'invite_received', 'budget', 'credential_revoked', 'broadcast', 'custom_domain'));

CREATE FUNCTION notifications_custom_domain() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'active' AND NEW.state IS DISTINCT FROM 'active' THEN
    INSERT INTO notifications (user_id, kind, company_id, title, created_at)
    SELECT m.user_id, 'custom_domain', NEW.company_id,
      NEW.domain || ' no longer serves ' || (SELECT c.name FROM companies c WHERE c.id = NEW.company_id) || ': ' || coalesce(NEW.reason, NEW.state),
      exocorp_now()
    FROM memberships m WHERE m.company_id = NEW.company_id AND m.role = 'owner';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_custom_domain AFTER UPDATE OF state ON custom_domains
  FOR EACH ROW EXECUTE FUNCTION notifications_custom_domain();
