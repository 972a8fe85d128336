-- Deployment targets' health transitions raise admin notices (decision 060); see the SQLite twin
-- 0040_deployment_target_notices.sql.
ALTER TABLE admin_notifications ADD COLUMN link TEXT;
ALTER TABLE admin_notifications DROP CONSTRAINT IF EXISTS admin_notifications_kind_check;
ALTER TABLE admin_notifications ADD CONSTRAINT admin_notifications_kind_check CHECK (kind IN ('job_failed', 'unreachable',
  'usage_threshold', 'schedule_completed', 'schedule_failed', 'message', 'enterprise_inquiry', 'custom_domain', 'connector_event',
  'deployment_target'));
