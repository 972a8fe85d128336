-- A connector event's reason as a cause code with its facts (decision 063, amended 2026-11-30;
-- PostgreSQL pg/0042 is its twin), so /admin/connector-events words it in the reader's language.
-- `reason` stays the English (API clients, events from before this, reasons without a code).
-- * cause: one of shared's CONNECTOR_CAUSE_FACTS codes, or NULL.
-- * cause_facts: a JSON object: the cause's facts (status, message) and how it came about
--   (gaveUpAfter: attempts; replayFailed: true). New nullable columns need no rebuild.
ALTER TABLE connector_events ADD COLUMN cause TEXT;
ALTER TABLE connector_events ADD COLUMN cause_facts TEXT;
