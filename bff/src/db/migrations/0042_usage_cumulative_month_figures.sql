-- The month's own figures on each cumulative row (decision 061; PostgreSQL pg/0037 is its twin). A
-- range of one month — the screen's "This month" and "Last month" — then reads one row per pair and
-- no join: the pair's rows for the month with `month_events > 0`. Carried rows (copied into a month
-- the pair had no usage in) keep the default 0, so they drop out of such a read; the trigger adds each
-- event to its month's row only. Runs of several months still take the difference of two cumulative rows.
ALTER TABLE usage_cumulative_monthly ADD COLUMN month_events INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN month_errors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN month_input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN month_output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN month_cost_micros INTEGER NOT NULL DEFAULT 0;

-- Backfill: each pair's month from the monthly rollup (the same figures, summed over models).
UPDATE usage_cumulative_monthly SET
  month_events = m.events, month_errors = m.errors, month_input_tokens = m.input_tokens,
  month_output_tokens = m.output_tokens, month_cost_micros = m.cost_micros
FROM (
  SELECT month, account_id, company_id, sum(events) AS events, sum(errors) AS errors, sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens, sum(cost_micros) AS cost_micros
  FROM usage_platform_monthly GROUP BY month, account_id, company_id
) AS m
WHERE usage_cumulative_monthly.month = m.month AND usage_cumulative_monthly.account_id = m.account_id
  AND usage_cumulative_monthly.company_id = m.company_id;

-- A filter by account or by exocorp over whole months seeks its own key range instead of every pair's
-- rows (the account billed when the event arrived, as every other platform view counts it).
CREATE INDEX usage_platform_monthly_account_idx ON usage_platform_monthly(account_id, month);
CREATE INDEX usage_platform_monthly_company_idx ON usage_platform_monthly(company_id, month);

DROP TRIGGER usage_cumulative_rollup;
CREATE TRIGGER usage_cumulative_rollup AFTER INSERT ON usage_events
BEGIN
  -- The event's month: the pair's latest earlier row (or nothing) plus this event; the month's own figures gain it too.
  INSERT INTO usage_cumulative_monthly (month, account_id, company_id, events, errors, input_tokens, output_tokens, cost_micros,
    month_events, month_errors, month_input_tokens, month_output_tokens, month_cost_micros)
  SELECT substr(NEW.at, 1, 7), o.owner_user_id, NEW.company_id,
    coalesce(p.events, 0) + 1, coalesce(p.errors, 0) + (NEW.outcome = 'error'), coalesce(p.input_tokens, 0) + NEW.input_tokens,
    coalesce(p.output_tokens, 0) + NEW.output_tokens, coalesce(p.cost_micros, 0) + NEW.cost_micros,
    1, (NEW.outcome = 'error'), NEW.input_tokens, NEW.output_tokens, NEW.cost_micros
  FROM companies o
  LEFT JOIN usage_cumulative_monthly p ON p.account_id = o.owner_user_id AND p.company_id = o.id AND p.month = (
    SELECT max(q.month) FROM usage_cumulative_monthly q
    WHERE q.account_id = o.owner_user_id AND q.company_id = o.id AND q.month < substr(NEW.at, 1, 7))
  WHERE o.id = NEW.company_id
  ON CONFLICT (month, company_id, account_id) DO UPDATE SET
    events = events + 1, errors = errors + (NEW.outcome = 'error'), input_tokens = input_tokens + NEW.input_tokens,
    output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros,
    month_events = month_events + 1, month_errors = month_errors + (NEW.outcome = 'error'),
    month_input_tokens = month_input_tokens + NEW.input_tokens, month_output_tokens = month_output_tokens + NEW.output_tokens,
    month_cost_micros = month_cost_micros + NEW.cost_micros;
  -- Every later row of the pair (an event stamped before a month that is already there): totals only.
  UPDATE usage_cumulative_monthly SET
    events = events + 1, errors = errors + (NEW.outcome = 'error'), input_tokens = input_tokens + NEW.input_tokens,
    output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros
  WHERE account_id = (SELECT owner_user_id FROM companies WHERE id = NEW.company_id) AND company_id = NEW.company_id
    AND month > substr(NEW.at, 1, 7);
  -- Carried months after the event that the pair has no row in yet: the same total, none of it in that month.
  INSERT INTO usage_cumulative_monthly (month, account_id, company_id, events, errors, input_tokens, output_tokens, cost_micros)
  SELECT s.month, x.account_id, x.company_id, x.events, x.errors, x.input_tokens, x.output_tokens, x.cost_micros
  FROM usage_cumulative_months s
  JOIN usage_cumulative_monthly x ON x.month = substr(NEW.at, 1, 7) AND x.company_id = NEW.company_id
    AND x.account_id = (SELECT owner_user_id FROM companies WHERE id = NEW.company_id)
  WHERE s.month > x.month
  ON CONFLICT (month, company_id, account_id) DO NOTHING;
END;
