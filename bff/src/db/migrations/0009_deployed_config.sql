-- The draft configuration the runtime was last provisioned from (issue 12, decision 028), so the
-- draft ↔ running diff compares with what really runs, not with a re-rendered manifest.
ALTER TABLE companies ADD COLUMN deployed_config TEXT;
