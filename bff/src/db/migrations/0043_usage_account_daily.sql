-- The owner's whole fleet by day (decision 062; PostgreSQL pg/0038 is its twin). /api/usage/analytics
-- without an exocorp read `usage_daily` (keyed exocorp first) for every exocorp the owner has, so its
-- cost grew with the fleet's raw rows. Two rollups keyed account first answer every bucket instead:
--   usage_account_daily         (account, day, model, agent)  the day series, by model, by agent
--   usage_account_company_daily (account, day, exocorp)       by exocorp
-- A range of one account is one key range holding days × models × agents (or days × exocorps) rows.
-- Like usage_account_monthly, `account_id` is the exocorp's owner *now*: the fleet view counts the
-- exocorps you own, history included, so when an exocorp changes hands its share moves (below).
-- No `errors` column: the view does not show them, and the move takes the share from usage_daily.
CREATE TABLE usage_account_daily (
  account_id TEXT NOT NULL,
  day TEXT NOT NULL,
  model TEXT NOT NULL,
  agent TEXT NOT NULL,
  events INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_micros INTEGER NOT NULL,
  PRIMARY KEY (account_id, day, model, agent)
) WITHOUT ROWID;

CREATE TABLE usage_account_company_daily (
  account_id TEXT NOT NULL,
  day TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  events INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_micros INTEGER NOT NULL,
  PRIMARY KEY (account_id, day, company_id)
) WITHOUT ROWID;

-- Backfill from the per-exocorp daily rollup (it equals the events grouped, and is far smaller).
INSERT INTO usage_account_daily (account_id, day, model, agent, events, input_tokens, output_tokens, cost_micros)
SELECT c.owner_user_id, d.day, d.model, d.agent, sum(d.events), sum(d.input_tokens), sum(d.output_tokens), sum(d.cost_micros)
FROM usage_daily d JOIN companies c ON c.id = d.company_id
GROUP BY c.owner_user_id, d.day, d.model, d.agent;

INSERT INTO usage_account_company_daily (account_id, day, company_id, events, input_tokens, output_tokens, cost_micros)
SELECT c.owner_user_id, d.day, d.company_id, sum(d.events), sum(d.input_tokens), sum(d.output_tokens), sum(d.cost_micros)
FROM usage_daily d JOIN companies c ON c.id = d.company_id
GROUP BY c.owner_user_id, d.day, d.company_id;

CREATE TRIGGER usage_account_daily_rollup AFTER INSERT ON usage_events
BEGIN
  INSERT INTO usage_account_daily (account_id, day, model, agent, events, input_tokens, output_tokens, cost_micros)
  VALUES ((SELECT owner_user_id FROM companies WHERE id = NEW.company_id), substr(NEW.at, 1, 10), NEW.model,
    coalesce(NEW.agent, ''), 1, NEW.input_tokens, NEW.output_tokens, NEW.cost_micros)
  ON CONFLICT (account_id, day, model, agent) DO UPDATE SET
    events = events + 1, input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens, cost_micros = cost_micros + excluded.cost_micros;
  INSERT INTO usage_account_company_daily (account_id, day, company_id, events, input_tokens, output_tokens, cost_micros)
  VALUES ((SELECT owner_user_id FROM companies WHERE id = NEW.company_id), substr(NEW.at, 1, 10), NEW.company_id,
    1, NEW.input_tokens, NEW.output_tokens, NEW.cost_micros)
  ON CONFLICT (account_id, day, company_id) DO UPDATE SET
    events = events + 1, input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens, cost_micros = cost_micros + excluded.cost_micros;
END;

-- An exocorp that changes hands takes its usage with it: its own rows move to the new account (one
-- key range of the old account), and its share of the per-model rows — its usage_daily rows, one key
-- range — is taken off the old account's rows (emptied rows are dropped) and added to the new one's.
CREATE TRIGGER usage_account_daily_owner AFTER UPDATE OF owner_user_id ON companies
WHEN NEW.owner_user_id IS NOT OLD.owner_user_id
BEGIN
  UPDATE usage_account_company_daily SET account_id = NEW.owner_user_id
  WHERE account_id = OLD.owner_user_id AND company_id = NEW.id;
  INSERT INTO usage_account_daily (account_id, day, model, agent, events, input_tokens, output_tokens, cost_micros)
  SELECT OLD.owner_user_id, day, model, agent, -events, -input_tokens, -output_tokens, -cost_micros
  FROM usage_daily WHERE company_id = NEW.id
  ON CONFLICT (account_id, day, model, agent) DO UPDATE SET
    events = events + excluded.events, input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens, cost_micros = cost_micros + excluded.cost_micros;
  DELETE FROM usage_account_daily WHERE account_id = OLD.owner_user_id AND events = 0;
  INSERT INTO usage_account_daily (account_id, day, model, agent, events, input_tokens, output_tokens, cost_micros)
  SELECT NEW.owner_user_id, day, model, agent, events, input_tokens, output_tokens, cost_micros
  FROM usage_daily WHERE company_id = NEW.id
  ON CONFLICT (account_id, day, model, agent) DO UPDATE SET
    events = events + excluded.events, input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens, cost_micros = cost_micros + excluded.cost_micros;
END;
