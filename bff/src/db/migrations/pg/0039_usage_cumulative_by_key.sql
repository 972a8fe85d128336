-- The cumulative rollup keyed by what /admin/usage groups by (decision 065; SQLite 0044 is its twin,
-- where the reasoning is written out): a row is (month, dimension, key), the dimension 'account' (the
-- account billed when the events arrived) or 'company' (the exocorp). Each row is one group.
-- The locks are pg/0034's: the shared carry lock, then each key's own, account before exocorp.
DROP TABLE usage_cumulative_monthly;

-- fillfactor 80: every usage event updates its month's rows; room on the page keeps them HOT (decision 061).
CREATE TABLE usage_cumulative_monthly (
  month TEXT NOT NULL,
  dimension TEXT NOT NULL CHECK (dimension IN ('account', 'company')),
  key_id TEXT NOT NULL,
  events BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_micros BIGINT NOT NULL,
  month_events BIGINT NOT NULL DEFAULT 0,
  month_errors BIGINT NOT NULL DEFAULT 0,
  month_input_tokens BIGINT NOT NULL DEFAULT 0,
  month_output_tokens BIGINT NOT NULL DEFAULT 0,
  month_cost_micros BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, dimension, key_id)
) WITH (fillfactor = 80);
CREATE INDEX usage_cumulative_monthly_key_idx ON usage_cumulative_monthly(dimension, key_id, month);

-- Backfill, written in key order so a month's rows share a few pages (what pg/0037's CLUSTER did).
INSERT INTO usage_cumulative_monthly (month, dimension, key_id, events, errors, input_tokens, output_tokens, cost_micros,
  month_events, month_errors, month_input_tokens, month_output_tokens, month_cost_micros)
SELECT month, dimension, key_id,
  sum(events) OVER w, sum(errors) OVER w, sum(input_tokens) OVER w, sum(output_tokens) OVER w, sum(cost_micros) OVER w,
  events, errors, input_tokens, output_tokens, cost_micros
FROM (
  SELECT month, 'account' AS dimension, account_id AS key_id, sum(events) AS events, sum(errors) AS errors,
    sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost_micros) AS cost_micros
  FROM usage_platform_monthly GROUP BY month, account_id
  UNION ALL
  SELECT month, 'company', company_id, sum(events), sum(errors), sum(input_tokens), sum(output_tokens), sum(cost_micros)
  FROM usage_platform_monthly GROUP BY month, company_id
) AS m
WINDOW w AS (PARTITION BY dimension, key_id ORDER BY month)
ORDER BY month, dimension, key_id;

-- The months carried before stay carried: each key's row is copied into every carried month after it
-- up to the key's next row, as the carry would have, so no read after the upgrade carries them again.
INSERT INTO usage_cumulative_monthly (month, dimension, key_id, events, errors, input_tokens, output_tokens, cost_micros)
SELECT c.month, r.dimension, r.key_id, r.events, r.errors, r.input_tokens, r.output_tokens, r.cost_micros
FROM (
  SELECT u.*, lead(u.month) OVER (PARTITION BY u.dimension, u.key_id ORDER BY u.month) AS next_month
  FROM usage_cumulative_monthly u
) AS r
JOIN usage_cumulative_months c ON c.month > r.month AND (r.next_month IS NULL OR c.month < r.next_month);

CREATE OR REPLACE FUNCTION usage_cumulative_rollup() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  acct TEXT;
  m TEXT := substr(NEW.at, 1, 7);
  err BIGINT := CASE WHEN NEW.outcome = 'error' THEN 1 ELSE 0 END;
  d TEXT;
  k TEXT;
BEGIN
  SELECT owner_user_id INTO acct FROM companies WHERE id = NEW.company_id;
  PERFORM pg_advisory_xact_lock_shared(5900591);
  -- An event counts once under its exocorp's owner now (the billed account) and once under the exocorp.
  FOR d, k IN SELECT * FROM (VALUES ('account', acct), ('company', NEW.company_id)) AS v ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(d || '/' || k, 59));
    INSERT INTO usage_cumulative_monthly AS u (month, dimension, key_id, events, errors, input_tokens, output_tokens, cost_micros,
      month_events, month_errors, month_input_tokens, month_output_tokens, month_cost_micros)
    SELECT m, d, k, coalesce(p.events, 0) + 1, coalesce(p.errors, 0) + err,
      coalesce(p.input_tokens, 0) + NEW.input_tokens, coalesce(p.output_tokens, 0) + NEW.output_tokens,
      coalesce(p.cost_micros, 0) + NEW.cost_micros,
      1, err, NEW.input_tokens, NEW.output_tokens, NEW.cost_micros
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
      WHERE q.dimension = d AND q.key_id = k AND q.month < m ORDER BY q.month DESC LIMIT 1
    ) AS p ON true
    ON CONFLICT (month, dimension, key_id) DO UPDATE SET
      events = u.events + 1, errors = u.errors + err, input_tokens = u.input_tokens + NEW.input_tokens,
      output_tokens = u.output_tokens + NEW.output_tokens, cost_micros = u.cost_micros + NEW.cost_micros,
      month_events = u.month_events + 1, month_errors = u.month_errors + err,
      month_input_tokens = u.month_input_tokens + NEW.input_tokens, month_output_tokens = u.month_output_tokens + NEW.output_tokens,
      month_cost_micros = u.month_cost_micros + NEW.cost_micros;
    UPDATE usage_cumulative_monthly SET
      events = events + 1, errors = errors + err, input_tokens = input_tokens + NEW.input_tokens,
      output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros
    WHERE dimension = d AND key_id = k AND month > m;
    INSERT INTO usage_cumulative_monthly (month, dimension, key_id, events, errors, input_tokens, output_tokens, cost_micros)
    SELECT s.month, x.dimension, x.key_id, x.events, x.errors, x.input_tokens, x.output_tokens, x.cost_micros
    FROM usage_cumulative_months s
    JOIN usage_cumulative_monthly x ON x.month = m AND x.dimension = d AND x.key_id = k
    WHERE s.month > m
    ON CONFLICT (month, dimension, key_id) DO NOTHING;
  END LOOP;
  RETURN NULL;
END $$;
