-- Connector secrets rotate with an overlap, and the platform retries `retrying` connector events
-- itself (decision 056); see the SQLite twin 0038_connector_secret_overlap_and_retries.sql.
ALTER TABLE connector_secrets ADD COLUMN previous_sealed_secret TEXT, ADD COLUMN previous_expires_at TEXT;

ALTER TABLE connector_events ADD COLUMN next_attempt_at TEXT, ADD COLUMN claimed_until TEXT;
UPDATE connector_events SET next_attempt_at = last_attempt_at WHERE status = 'retrying';
CREATE INDEX connector_events_due_idx ON connector_events(status, next_attempt_at);
-- The owner's posture view: an exocorp's connectors and their last delivery.
CREATE INDEX connector_events_company_idx ON connector_events(company_id, connector, received_at);

ALTER TABLE admin_notifications DROP CONSTRAINT IF EXISTS admin_notifications_kind_check;
ALTER TABLE admin_notifications ADD CONSTRAINT admin_notifications_kind_check CHECK (kind IN ('job_failed', 'unreachable',
  'usage_threshold', 'schedule_completed', 'schedule_failed', 'message', 'enterprise_inquiry', 'custom_domain', 'connector_event'));
