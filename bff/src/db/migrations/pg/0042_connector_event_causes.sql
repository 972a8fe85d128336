-- A connector event's reason as a cause code with its facts (decision 063, amended 2026-11-30;
-- SQLite 0047 is its twin). `reason` stays the English. cause: a CONNECTOR_CAUSE_FACTS code or NULL;
-- cause_facts: a JSON object (the cause's facts, gaveUpAfter, replayFailed) or NULL.
ALTER TABLE connector_events ADD COLUMN cause TEXT;
ALTER TABLE connector_events ADD COLUMN cause_facts TEXT;
