-- Platform usage rollups (decision 049; SQLite 0030 is its twin). Runtimes may now say a model
-- call failed (`outcome`), and the database keeps four more rollups beside the per-exocorp
-- usage_daily, each upserted by one trigger in the transaction that records the event (no write path
-- can skip them, a retry recorded once is counted once, a rolled-back event leaves nothing), each
-- keyed for the queries that read it (every one a primary-key range, clustered WITHOUT ROWID):
--   usage_model_hourly    (hour, model)                        /admin/models: the last 24 h
--   usage_model_daily     (day, model)                         /admin/models: 30 d; /admin/usage by day or model, any range
--   usage_platform_daily  (day, account, exocorp, model)       /admin/usage: days at the edges of a range
--   usage_platform_monthly(month, account, exocorp, model)     /admin/usage: the whole months of a range
--   usage_account_monthly (account, month, exocorp, model, agent)  the owner's fleet /usage by month
-- `account_id` is the exocorp's owner (the billed account) when the event arrived: usage stays with
-- the account that paid for it if the exocorp changes hands later.
ALTER TABLE usage_events ADD COLUMN outcome TEXT NOT NULL DEFAULT 'ok' CHECK (outcome IN ('ok', 'error'));

CREATE TABLE usage_model_hourly (
  hour TEXT NOT NULL,
  model TEXT NOT NULL,
  events BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_micros BIGINT NOT NULL,
  PRIMARY KEY (hour, model)
);

CREATE TABLE usage_model_daily (
  day TEXT NOT NULL,
  model TEXT NOT NULL,
  events BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_micros BIGINT NOT NULL,
  PRIMARY KEY (day, model)
);

CREATE TABLE usage_platform_daily (
  day TEXT NOT NULL,
  account_id TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  events BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_micros BIGINT NOT NULL,
  PRIMARY KEY (day, account_id, company_id, model)
);

CREATE TABLE usage_platform_monthly (
  month TEXT NOT NULL,
  account_id TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  events BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_micros BIGINT NOT NULL,
  PRIMARY KEY (month, account_id, company_id, model)
);

CREATE TABLE usage_account_monthly (
  account_id TEXT NOT NULL,
  month TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  agent TEXT NOT NULL,
  events BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_micros BIGINT NOT NULL,
  PRIMARY KEY (account_id, month, company_id, model, agent)
);

-- Coverage on /admin/models counts exocorps with a bound credential per provider.
CREATE INDEX bindings_provider_bound_idx ON bindings(provider, company_id) WHERE secret_id IS NOT NULL;

-- Backfill from the events already recorded (the same grouping the trigger keeps).
INSERT INTO usage_model_hourly (hour, model, events, errors, input_tokens, output_tokens, cost_micros)
SELECT substr(at, 1, 13), model, count(*), count(*) FILTER (WHERE outcome = 'error'), sum(input_tokens), sum(output_tokens), sum(cost_micros)
FROM usage_events GROUP BY substr(at, 1, 13), model;

INSERT INTO usage_model_daily (day, model, events, errors, input_tokens, output_tokens, cost_micros)
SELECT substr(at, 1, 10), model, count(*), count(*) FILTER (WHERE outcome = 'error'), sum(input_tokens), sum(output_tokens), sum(cost_micros)
FROM usage_events GROUP BY substr(at, 1, 10), model;

INSERT INTO usage_platform_daily (day, account_id, company_id, model, events, errors, input_tokens, output_tokens, cost_micros)
SELECT substr(e.at, 1, 10), c.owner_user_id, e.company_id, e.model, count(*), count(*) FILTER (WHERE e.outcome = 'error'), sum(e.input_tokens), sum(e.output_tokens), sum(e.cost_micros)
FROM usage_events e JOIN companies c ON c.id = e.company_id
GROUP BY substr(e.at, 1, 10), c.owner_user_id, e.company_id, e.model;

INSERT INTO usage_platform_monthly (month, account_id, company_id, model, events, errors, input_tokens, output_tokens, cost_micros)
SELECT substr(e.at, 1, 7), c.owner_user_id, e.company_id, e.model, count(*), count(*) FILTER (WHERE e.outcome = 'error'), sum(e.input_tokens), sum(e.output_tokens), sum(e.cost_micros)
FROM usage_events e JOIN companies c ON c.id = e.company_id
GROUP BY substr(e.at, 1, 7), c.owner_user_id, e.company_id, e.model;

INSERT INTO usage_account_monthly (account_id, month, company_id, model, agent, events, errors, input_tokens, output_tokens, cost_micros)
SELECT c.owner_user_id, substr(e.at, 1, 7), e.company_id, e.model, coalesce(e.agent, ''), count(*), count(*) FILTER (WHERE e.outcome = 'error'), sum(e.input_tokens), sum(e.output_tokens), sum(e.cost_micros)
FROM usage_events e JOIN companies c ON c.id = e.company_id
GROUP BY c.owner_user_id, substr(e.at, 1, 7), e.company_id, e.model, coalesce(e.agent, '');

CREATE FUNCTION usage_platform_rollup() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE acct TEXT;
BEGIN
  SELECT owner_user_id INTO acct FROM companies WHERE id = NEW.company_id;
  INSERT INTO usage_model_hourly AS u (hour, model, events, errors, input_tokens, output_tokens, cost_micros)
  VALUES (substr(NEW.at, 1, 13), NEW.model, 1, (CASE WHEN NEW.outcome = 'error' THEN 1 ELSE 0 END), NEW.input_tokens, NEW.output_tokens, NEW.cost_micros)
  ON CONFLICT (hour, model) DO UPDATE SET
    events = u.events + 1, errors = u.errors + excluded.errors, input_tokens = u.input_tokens + excluded.input_tokens,
    output_tokens = u.output_tokens + excluded.output_tokens, cost_micros = u.cost_micros + excluded.cost_micros;
  INSERT INTO usage_model_daily AS u (day, model, events, errors, input_tokens, output_tokens, cost_micros)
  VALUES (substr(NEW.at, 1, 10), NEW.model, 1, (CASE WHEN NEW.outcome = 'error' THEN 1 ELSE 0 END), NEW.input_tokens, NEW.output_tokens, NEW.cost_micros)
  ON CONFLICT (day, model) DO UPDATE SET
    events = u.events + 1, errors = u.errors + excluded.errors, input_tokens = u.input_tokens + excluded.input_tokens,
    output_tokens = u.output_tokens + excluded.output_tokens, cost_micros = u.cost_micros + excluded.cost_micros;
  INSERT INTO usage_platform_daily AS u (day, account_id, company_id, model, events, errors, input_tokens, output_tokens, cost_micros)
  VALUES (substr(NEW.at, 1, 10), acct, NEW.company_id, NEW.model,
    1, (CASE WHEN NEW.outcome = 'error' THEN 1 ELSE 0 END), NEW.input_tokens, NEW.output_tokens, NEW.cost_micros)
  ON CONFLICT (day, account_id, company_id, model) DO UPDATE SET
    events = u.events + 1, errors = u.errors + excluded.errors, input_tokens = u.input_tokens + excluded.input_tokens,
    output_tokens = u.output_tokens + excluded.output_tokens, cost_micros = u.cost_micros + excluded.cost_micros;
  INSERT INTO usage_platform_monthly AS u (month, account_id, company_id, model, events, errors, input_tokens, output_tokens, cost_micros)
  VALUES (substr(NEW.at, 1, 7), acct, NEW.company_id, NEW.model,
    1, (CASE WHEN NEW.outcome = 'error' THEN 1 ELSE 0 END), NEW.input_tokens, NEW.output_tokens, NEW.cost_micros)
  ON CONFLICT (month, account_id, company_id, model) DO UPDATE SET
    events = u.events + 1, errors = u.errors + excluded.errors, input_tokens = u.input_tokens + excluded.input_tokens,
    output_tokens = u.output_tokens + excluded.output_tokens, cost_micros = u.cost_micros + excluded.cost_micros;
  INSERT INTO usage_account_monthly AS u (account_id, month, company_id, model, agent, events, errors, input_tokens, output_tokens, cost_micros)
  VALUES (acct, substr(NEW.at, 1, 7), NEW.company_id, NEW.model,
    coalesce(NEW.agent, ''), 1, (CASE WHEN NEW.outcome = 'error' THEN 1 ELSE 0 END), NEW.input_tokens, NEW.output_tokens, NEW.cost_micros)
  ON CONFLICT (account_id, month, company_id, model, agent) DO UPDATE SET
    events = u.events + 1, errors = u.errors + excluded.errors, input_tokens = u.input_tokens + excluded.input_tokens,
    output_tokens = u.output_tokens + excluded.output_tokens, cost_micros = u.cost_micros + excluded.cost_micros;
  RETURN NULL;
END $$;
CREATE TRIGGER usage_platform_rollup AFTER INSERT ON usage_events
  FOR EACH ROW EXECUTE FUNCTION usage_platform_rollup();

-- The owner's fleet view counts the exocorps an account owns now, history included (like the daily
-- per-exocorp view): when an exocorp changes hands its rows in the account rollup move with it (one
-- key range of the old account). The platform rollups keep the account that was billed.
CREATE FUNCTION usage_account_monthly_owner() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  UPDATE usage_account_monthly SET account_id = NEW.owner_user_id
  WHERE account_id = OLD.owner_user_id AND company_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER usage_account_monthly_owner AFTER UPDATE OF owner_user_id ON companies
  FOR EACH ROW WHEN (NEW.owner_user_id IS DISTINCT FROM OLD.owner_user_id)
  EXECUTE FUNCTION usage_account_monthly_owner();
