-- Cumulative usage per billed account and exocorp by month (decision 057; PostgreSQL pg/0034 is its
-- twin). A row (month, account, exocorp) holds everything that pair used from the start through the
-- end of that month, so the usage of any run of whole months is two rows per pair — the range's last
-- month minus the month before it — whatever the range's length: /admin/usage by account or exocorp
-- over a year reads ~2 × exocorps rows instead of 12 × exocorps × models.
--
-- Rows are dense over the months listed in usage_cumulative_months ("carried"): for every carried
-- month, every pair with usage in or before it has a row. The service carries a month (copies the
-- month before's rows it lacks) before it first reads it; the trigger keeps the rows of the event's
-- month and every later one, and gives a pair its first rows in the carried months after its event.
CREATE TABLE usage_cumulative_monthly (
  month TEXT NOT NULL,
  account_id TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  events INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_micros INTEGER NOT NULL,
  PRIMARY KEY (month, company_id, account_id)
) WITHOUT ROWID;
CREATE INDEX usage_cumulative_monthly_pair_idx ON usage_cumulative_monthly(account_id, company_id, month);

CREATE TABLE usage_cumulative_months (
  month TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;

-- Backfill: each pair's months with usage, summed up to that month (carried months follow on first read).
INSERT INTO usage_cumulative_monthly (month, account_id, company_id, events, errors, input_tokens, output_tokens, cost_micros)
SELECT month, account_id, company_id,
  sum(events) OVER w, sum(errors) OVER w, sum(input_tokens) OVER w, sum(output_tokens) OVER w, sum(cost_micros) OVER w
FROM (
  SELECT month, account_id, company_id, sum(events) AS events, sum(errors) AS errors, sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens, sum(cost_micros) AS cost_micros
  FROM usage_platform_monthly GROUP BY month, account_id, company_id
) AS m
WINDOW w AS (PARTITION BY account_id, company_id ORDER BY month);

CREATE TRIGGER usage_cumulative_rollup AFTER INSERT ON usage_events
BEGIN
  -- The event's month: the pair's latest earlier row (or nothing) plus this event.
  INSERT INTO usage_cumulative_monthly (month, account_id, company_id, events, errors, input_tokens, output_tokens, cost_micros)
  SELECT substr(NEW.at, 1, 7), o.owner_user_id, NEW.company_id,
    coalesce(p.events, 0) + 1, coalesce(p.errors, 0) + (NEW.outcome = 'error'), coalesce(p.input_tokens, 0) + NEW.input_tokens,
    coalesce(p.output_tokens, 0) + NEW.output_tokens, coalesce(p.cost_micros, 0) + NEW.cost_micros
  FROM companies o
  LEFT JOIN usage_cumulative_monthly p ON p.account_id = o.owner_user_id AND p.company_id = o.id AND p.month = (
    SELECT max(q.month) FROM usage_cumulative_monthly q
    WHERE q.account_id = o.owner_user_id AND q.company_id = o.id AND q.month < substr(NEW.at, 1, 7))
  WHERE o.id = NEW.company_id
  ON CONFLICT (month, company_id, account_id) DO UPDATE SET
    events = events + 1, errors = errors + (NEW.outcome = 'error'), input_tokens = input_tokens + NEW.input_tokens,
    output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros;
  -- Every later row of the pair (an event stamped before a month that is already there).
  UPDATE usage_cumulative_monthly SET
    events = events + 1, errors = errors + (NEW.outcome = 'error'), input_tokens = input_tokens + NEW.input_tokens,
    output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros
  WHERE account_id = (SELECT owner_user_id FROM companies WHERE id = NEW.company_id) AND company_id = NEW.company_id
    AND month > substr(NEW.at, 1, 7);
  -- Carried months after the event that the pair has no row in yet: the same total as the event's month.
  INSERT INTO usage_cumulative_monthly (month, account_id, company_id, events, errors, input_tokens, output_tokens, cost_micros)
  SELECT s.month, x.account_id, x.company_id, x.events, x.errors, x.input_tokens, x.output_tokens, x.cost_micros
  FROM usage_cumulative_months s
  JOIN usage_cumulative_monthly x ON x.month = substr(NEW.at, 1, 7) AND x.company_id = NEW.company_id
    AND x.account_id = (SELECT owner_user_id FROM companies WHERE id = NEW.company_id)
  WHERE s.month > x.month
  ON CONFLICT (month, company_id, account_id) DO NOTHING;
END;
