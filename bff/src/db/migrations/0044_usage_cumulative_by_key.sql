-- The cumulative rollup keyed by what /admin/usage groups by (decision 065; PostgreSQL pg/0039 is its
-- twin). Until now a row was one (month, billed account, exocorp) pair, so a page by account summed
-- 10,000 pairs into 1,000 groups and a page by exocorp grouped 10,000 pairs that were nearly always
-- one per exocorp. Now a row is (month, dimension, key): the account billed when the events arrived
-- ('account', the owner's user id then) or the exocorp ('company'). Each row is already one group:
-- a month by exocorp reads 10,000 rows and groups nothing, by account 1,000.
--
-- Everything else is as decisions 057 and 061 say: a row holds the key's usage from the start through
-- the end of its month, plus that month's own figures (0 on a carried row); carried months
-- (usage_cumulative_months) are dense, every key with usage in or before them has a row.
-- Exocorps are never deleted (destroying one keeps its row), so no foreign key names them here.
DROP TRIGGER usage_cumulative_rollup;
DROP TABLE usage_cumulative_monthly;

CREATE TABLE usage_cumulative_monthly (
  month TEXT NOT NULL,
  dimension TEXT NOT NULL CHECK (dimension IN ('account', 'company')),
  key_id TEXT NOT NULL,
  events INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_micros INTEGER NOT NULL,
  month_events INTEGER NOT NULL DEFAULT 0,
  month_errors INTEGER NOT NULL DEFAULT 0,
  month_input_tokens INTEGER NOT NULL DEFAULT 0,
  month_output_tokens INTEGER NOT NULL DEFAULT 0,
  month_cost_micros INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, dimension, key_id)
) WITHOUT ROWID;
CREATE INDEX usage_cumulative_monthly_key_idx ON usage_cumulative_monthly(dimension, key_id, month);

-- Backfill: each key's months with usage, summed up to that month, and the month's own figures.
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

-- An event counts once under its exocorp's owner now (the billed account) and once under the exocorp.
CREATE TRIGGER usage_cumulative_rollup AFTER INSERT ON usage_events
BEGIN
  -- The event's month, for both keys: the key's latest earlier row (or nothing) plus this event; the month's own figures gain it too.
  INSERT INTO usage_cumulative_monthly (month, dimension, key_id, events, errors, input_tokens, output_tokens, cost_micros,
    month_events, month_errors, month_input_tokens, month_output_tokens, month_cost_micros)
  SELECT substr(NEW.at, 1, 7), k.dimension, k.key_id,
    coalesce(p.events, 0) + 1, coalesce(p.errors, 0) + (NEW.outcome = 'error'), coalesce(p.input_tokens, 0) + NEW.input_tokens,
    coalesce(p.output_tokens, 0) + NEW.output_tokens, coalesce(p.cost_micros, 0) + NEW.cost_micros,
    1, (NEW.outcome = 'error'), NEW.input_tokens, NEW.output_tokens, NEW.cost_micros
  FROM (
    SELECT 'account' AS dimension, owner_user_id AS key_id FROM companies WHERE id = NEW.company_id
    UNION ALL SELECT 'company', NEW.company_id
  ) AS k
  LEFT JOIN usage_cumulative_monthly p ON p.dimension = k.dimension AND p.key_id = k.key_id AND p.month = (
    SELECT max(q.month) FROM usage_cumulative_monthly q
    WHERE q.dimension = k.dimension AND q.key_id = k.key_id AND q.month < substr(NEW.at, 1, 7))
  WHERE true
  ON CONFLICT (month, dimension, key_id) DO UPDATE SET
    events = events + 1, errors = errors + (NEW.outcome = 'error'), input_tokens = input_tokens + NEW.input_tokens,
    output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros,
    month_events = month_events + 1, month_errors = month_errors + (NEW.outcome = 'error'),
    month_input_tokens = month_input_tokens + NEW.input_tokens, month_output_tokens = month_output_tokens + NEW.output_tokens,
    month_cost_micros = month_cost_micros + NEW.cost_micros;
  -- Every later row of both keys (an event stamped before a month that is already there): totals only.
  UPDATE usage_cumulative_monthly SET
    events = events + 1, errors = errors + (NEW.outcome = 'error'), input_tokens = input_tokens + NEW.input_tokens,
    output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros
  WHERE month > substr(NEW.at, 1, 7) AND (
    (dimension = 'account' AND key_id = (SELECT owner_user_id FROM companies WHERE id = NEW.company_id))
    OR (dimension = 'company' AND key_id = NEW.company_id));
  -- Carried months after the event that a key has no row in yet: the same total, none of it in that month.
  INSERT INTO usage_cumulative_monthly (month, dimension, key_id, events, errors, input_tokens, output_tokens, cost_micros)
  SELECT s.month, x.dimension, x.key_id, x.events, x.errors, x.input_tokens, x.output_tokens, x.cost_micros
  FROM usage_cumulative_months s
  JOIN usage_cumulative_monthly x ON x.month = substr(NEW.at, 1, 7) AND (
    (x.dimension = 'account' AND x.key_id = (SELECT owner_user_id FROM companies WHERE id = NEW.company_id))
    OR (x.dimension = 'company' AND x.key_id = NEW.company_id))
  WHERE s.month > x.month
  ON CONFLICT (month, dimension, key_id) DO NOTHING;
END;
