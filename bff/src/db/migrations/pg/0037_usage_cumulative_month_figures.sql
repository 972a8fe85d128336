-- The month's own figures on each cumulative row (decision 061; SQLite 0042 is its twin, where the
-- reasoning is written out): a one-month range reads one row per pair and no join.
ALTER TABLE usage_cumulative_monthly
  ADD COLUMN month_events BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN month_errors BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN month_input_tokens BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN month_output_tokens BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN month_cost_micros BIGINT NOT NULL DEFAULT 0;

-- Every usage event updates its month's row: leave room in each page so the new version stays on it
-- (a HOT update: no index entry, no scatter).
ALTER TABLE usage_cumulative_monthly SET (fillfactor = 80);

-- Backfill: each pair's month from the monthly rollup (the same figures, summed over models).
UPDATE usage_cumulative_monthly AS u SET
  month_events = m.events, month_errors = m.errors, month_input_tokens = m.input_tokens,
  month_output_tokens = m.output_tokens, month_cost_micros = m.cost_micros
FROM (
  SELECT month, account_id, company_id, sum(events) AS events, sum(errors) AS errors, sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens, sum(cost_micros) AS cost_micros
  FROM usage_platform_monthly GROUP BY month, account_id, company_id
) AS m
WHERE u.month = m.month AND u.account_id = m.account_id AND u.company_id = m.company_id;

-- Lay the rows out in key order, so a month's rows share a few pages instead of spreading over the
-- whole table (the backfill of pg/0034 wrote them pair by pair). Later months are carried in key order.
CLUSTER usage_cumulative_monthly USING usage_cumulative_monthly_pkey;

-- A filter by account or by exocorp over whole months seeks its own key range instead of every pair's
-- rows (the account billed when the event arrived, as every other platform view counts it).
CREATE INDEX usage_platform_monthly_account_idx ON usage_platform_monthly(account_id, month);
CREATE INDEX usage_platform_monthly_company_idx ON usage_platform_monthly(company_id, month);

CREATE OR REPLACE FUNCTION usage_cumulative_rollup() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  acct TEXT;
  m TEXT := substr(NEW.at, 1, 7);
  err BIGINT := CASE WHEN NEW.outcome = 'error' THEN 1 ELSE 0 END;
BEGIN
  SELECT owner_user_id INTO acct FROM companies WHERE id = NEW.company_id;
  PERFORM pg_advisory_xact_lock_shared(5900591);
  PERFORM pg_advisory_xact_lock(hashtextextended(acct || '/' || NEW.company_id, 59));
  INSERT INTO usage_cumulative_monthly AS u (month, account_id, company_id, events, errors, input_tokens, output_tokens, cost_micros,
    month_events, month_errors, month_input_tokens, month_output_tokens, month_cost_micros)
  SELECT m, acct, NEW.company_id, coalesce(p.events, 0) + 1, coalesce(p.errors, 0) + err,
    coalesce(p.input_tokens, 0) + NEW.input_tokens, coalesce(p.output_tokens, 0) + NEW.output_tokens,
    coalesce(p.cost_micros, 0) + NEW.cost_micros,
    1, err, NEW.input_tokens, NEW.output_tokens, NEW.cost_micros
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (
    SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
    WHERE q.account_id = acct AND q.company_id = NEW.company_id AND q.month < m ORDER BY q.month DESC LIMIT 1
  ) AS p ON true
  ON CONFLICT (month, company_id, account_id) DO UPDATE SET
    events = u.events + 1, errors = u.errors + err, input_tokens = u.input_tokens + NEW.input_tokens,
    output_tokens = u.output_tokens + NEW.output_tokens, cost_micros = u.cost_micros + NEW.cost_micros,
    month_events = u.month_events + 1, month_errors = u.month_errors + err,
    month_input_tokens = u.month_input_tokens + NEW.input_tokens, month_output_tokens = u.month_output_tokens + NEW.output_tokens,
    month_cost_micros = u.month_cost_micros + NEW.cost_micros;
  UPDATE usage_cumulative_monthly SET
    events = events + 1, errors = errors + err, input_tokens = input_tokens + NEW.input_tokens,
    output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros
  WHERE account_id = acct AND company_id = NEW.company_id AND month > m;
  INSERT INTO usage_cumulative_monthly (month, account_id, company_id, events, errors, input_tokens, output_tokens, cost_micros)
  SELECT s.month, x.account_id, x.company_id, x.events, x.errors, x.input_tokens, x.output_tokens, x.cost_micros
  FROM usage_cumulative_months s
  JOIN usage_cumulative_monthly x ON x.month = m AND x.account_id = acct AND x.company_id = NEW.company_id
  WHERE s.month > m
  ON CONFLICT (month, company_id, account_id) DO NOTHING;
  RETURN NULL;
END $$;
