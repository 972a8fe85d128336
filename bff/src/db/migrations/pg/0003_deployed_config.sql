-- The draft configuration the runtime was last provisioned from (issue 12, decision 028; SQLite
-- 0009 is its twin), so the draft ↔ running diff compares with what really runs.
ALTER TABLE companies ADD COLUMN deployed_config TEXT;
