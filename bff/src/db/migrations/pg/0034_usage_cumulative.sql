-- Cumulative usage per billed account and exocorp by month (decision 057; SQLite 0039 is its twin,
-- where the reasoning is written out). Here two advisory locks keep it exact under concurrent
-- writers: every usage insert holds the shared "carry" lock (a carry takes it exclusively, so it
-- never copies a month while an event for it is in flight) and its pair's own lock (so a late event
-- and the pair's first event of a new month cannot miss each other's rows).
CREATE TABLE usage_cumulative_monthly (
  month TEXT NOT NULL,
  account_id TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  events BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_micros BIGINT NOT NULL,
  PRIMARY KEY (month, company_id, account_id)
);
CREATE INDEX usage_cumulative_monthly_pair_idx ON usage_cumulative_monthly(account_id, company_id, month);

CREATE TABLE usage_cumulative_months (
  month TEXT PRIMARY KEY NOT NULL
);

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

CREATE FUNCTION usage_cumulative_rollup() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  acct TEXT;
  m TEXT := substr(NEW.at, 1, 7);
  err BIGINT := CASE WHEN NEW.outcome = 'error' THEN 1 ELSE 0 END;
BEGIN
  SELECT owner_user_id INTO acct FROM companies WHERE id = NEW.company_id;
  PERFORM pg_advisory_xact_lock_shared(5900591);
  PERFORM pg_advisory_xact_lock(hashtextextended(acct || '/' || NEW.company_id, 59));
  INSERT INTO usage_cumulative_monthly AS u (month, account_id, company_id, events, errors, input_tokens, output_tokens, cost_micros)
  SELECT m, acct, NEW.company_id, coalesce(p.events, 0) + 1, coalesce(p.errors, 0) + err,
    coalesce(p.input_tokens, 0) + NEW.input_tokens, coalesce(p.output_tokens, 0) + NEW.output_tokens,
    coalesce(p.cost_micros, 0) + NEW.cost_micros
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (
    SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
    WHERE q.account_id = acct AND q.company_id = NEW.company_id AND q.month < m ORDER BY q.month DESC LIMIT 1
  ) AS p ON true
  ON CONFLICT (month, company_id, account_id) DO UPDATE SET
    events = u.events + 1, errors = u.errors + err, input_tokens = u.input_tokens + NEW.input_tokens,
    output_tokens = u.output_tokens + NEW.output_tokens, cost_micros = u.cost_micros + NEW.cost_micros;
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
CREATE TRIGGER usage_cumulative_rollup AFTER INSERT ON usage_events
  FOR EACH ROW EXECUTE FUNCTION usage_cumulative_rollup();
