-- Budget alerts reach the notifications bell (decision 040; SQLite 0021 is its twin, which has to
-- rebuild the table). `budget` joins the notification kinds.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('job_failed', 'unreachable', 'billing_state', 'invite_received', 'budget'));

-- A budget's soft alert and hard limit each happen once per period: one `budget_alerts` row, which
-- notifies the exocorp's owners (an exocorp's budget) or the account's owner (the fleet's budget).
CREATE FUNCTION notifications_budget() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT m.user_id, 'budget', b.company_id,
    (SELECT c.name FROM companies c WHERE c.id = b.company_id) || CASE NEW.kind
      WHEN 'soft' THEN ' reached ' || b.soft_threshold_pct || '% of its monthly budget'
      ELSE ' reached its monthly budget: the hard limit pauses it until next month' END,
    exocorp_now()
  FROM budgets b JOIN memberships m ON m.company_id = b.company_id AND m.role = 'owner'
  WHERE b.id = NEW.budget_id AND b.company_id IS NOT NULL;
  INSERT INTO notifications (user_id, kind, company_id, title, created_at)
  SELECT a.owner_user_id, 'budget', NULL,
    CASE NEW.kind
      WHEN 'soft' THEN 'Your fleet reached ' || b.soft_threshold_pct || '% of its monthly budget'
      ELSE 'Your fleet reached its monthly budget: the hard limit pauses your running exocorps until next month' END,
    exocorp_now()
  FROM budgets b JOIN billing_accounts a ON a.id = b.account_id
  WHERE b.id = NEW.budget_id AND b.company_id IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_budget AFTER INSERT ON budget_alerts
  FOR EACH ROW EXECUTE FUNCTION notifications_budget();
