-- Trailing bases on each cumulative row (decision 067; PostgreSQL pg/0041 is its twin). A row (month M,
-- key) also holds the key's cumulative figures through the end of M − 3 and of M − 12 (0 when it had no
-- usage by then), so the screen's "Last 3 months" and "Last 12 months" — whole months ending at M — are
-- one row per key, `events - base3_events`, with no second row to join. Other runs of several months
-- still take the difference of two rows. A late event adds to the bases of the rows 3 (or 12) months or
-- more after it; a carried month takes its bases from the key's rows 3 and 12 months before.
ALTER TABLE usage_cumulative_monthly ADD COLUMN base3_events INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN base3_errors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN base3_input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN base3_output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN base3_cost_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN base12_events INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN base12_errors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN base12_input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN base12_output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_cumulative_monthly ADD COLUMN base12_cost_micros INTEGER NOT NULL DEFAULT 0;

-- Backfill: each row's bases from the key's latest row at or before M − 3 and M − 12 (0, the default, when none).
UPDATE usage_cumulative_monthly SET (base3_events, base3_errors, base3_input_tokens, base3_output_tokens, base3_cost_micros) = (
  SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
  WHERE q.dimension = usage_cumulative_monthly.dimension AND q.key_id = usage_cumulative_monthly.key_id
    AND q.month <= strftime('%Y-%m', usage_cumulative_monthly.month || '-01', '-3 months')
  ORDER BY q.month DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM usage_cumulative_monthly q
  WHERE q.dimension = usage_cumulative_monthly.dimension AND q.key_id = usage_cumulative_monthly.key_id
    AND q.month <= strftime('%Y-%m', usage_cumulative_monthly.month || '-01', '-3 months'));
UPDATE usage_cumulative_monthly SET (base12_events, base12_errors, base12_input_tokens, base12_output_tokens, base12_cost_micros) = (
  SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
  WHERE q.dimension = usage_cumulative_monthly.dimension AND q.key_id = usage_cumulative_monthly.key_id
    AND q.month <= strftime('%Y-%m', usage_cumulative_monthly.month || '-01', '-12 months')
  ORDER BY q.month DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM usage_cumulative_monthly q
  WHERE q.dimension = usage_cumulative_monthly.dimension AND q.key_id = usage_cumulative_monthly.key_id
    AND q.month <= strftime('%Y-%m', usage_cumulative_monthly.month || '-01', '-12 months'));

DROP TRIGGER IF EXISTS usage_cumulative_rollup;
CREATE TRIGGER usage_cumulative_rollup AFTER INSERT ON usage_events
BEGIN
  -- The event's month, for both keys: the key's latest earlier row (or nothing) plus this event, the
  -- month's own figures, and (for a new row) the key's figures through M − 3 and M − 12.
  INSERT INTO usage_cumulative_monthly (month, dimension, key_id, events, errors, input_tokens, output_tokens, cost_micros,
    month_events, month_errors, month_input_tokens, month_output_tokens, month_cost_micros,
    base3_events, base3_errors, base3_input_tokens, base3_output_tokens, base3_cost_micros, base12_events, base12_errors, base12_input_tokens, base12_output_tokens, base12_cost_micros)
  SELECT substr(NEW.at, 1, 7), k.dimension, k.key_id,
    coalesce(p.events, 0) + 1, coalesce(p.errors, 0) + (NEW.outcome = 'error'), coalesce(p.input_tokens, 0) + NEW.input_tokens, coalesce(p.output_tokens, 0) + NEW.output_tokens, coalesce(p.cost_micros, 0) + NEW.cost_micros,
    1, (NEW.outcome = 'error'), NEW.input_tokens, NEW.output_tokens, NEW.cost_micros,
    coalesce(b3.events, 0), coalesce(b3.errors, 0), coalesce(b3.input_tokens, 0), coalesce(b3.output_tokens, 0), coalesce(b3.cost_micros, 0), coalesce(b12.events, 0), coalesce(b12.errors, 0), coalesce(b12.input_tokens, 0), coalesce(b12.output_tokens, 0), coalesce(b12.cost_micros, 0)
  FROM (
    SELECT 'account' AS dimension, owner_user_id AS key_id FROM companies WHERE id = NEW.company_id
    UNION ALL SELECT 'company', NEW.company_id
  ) AS k
  LEFT JOIN usage_cumulative_monthly p ON p.dimension = k.dimension AND p.key_id = k.key_id AND p.month = (
    SELECT max(q.month) FROM usage_cumulative_monthly q
    WHERE q.dimension = k.dimension AND q.key_id = k.key_id AND q.month < substr(NEW.at, 1, 7))
  LEFT JOIN usage_cumulative_monthly b3 ON b3.dimension = k.dimension AND b3.key_id = k.key_id AND b3.month = (
    SELECT max(q.month) FROM usage_cumulative_monthly q
    WHERE q.dimension = k.dimension AND q.key_id = k.key_id AND q.month <= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '-3 months'))
  LEFT JOIN usage_cumulative_monthly b12 ON b12.dimension = k.dimension AND b12.key_id = k.key_id AND b12.month = (
    SELECT max(q.month) FROM usage_cumulative_monthly q
    WHERE q.dimension = k.dimension AND q.key_id = k.key_id AND q.month <= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '-12 months'))
  WHERE true
  ON CONFLICT (month, dimension, key_id) DO UPDATE SET
    events = events + 1, errors = errors + (NEW.outcome = 'error'), input_tokens = input_tokens + NEW.input_tokens, output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros,
    month_events = month_events + 1, month_errors = month_errors + (NEW.outcome = 'error'), month_input_tokens = month_input_tokens + NEW.input_tokens, month_output_tokens = month_output_tokens + NEW.output_tokens, month_cost_micros = month_cost_micros + NEW.cost_micros;
  -- Every later row of both keys (an event stamped before a month that is already there): totals, and
  -- the bases of the rows 3 and 12 months or more after the event's month.
  UPDATE usage_cumulative_monthly SET
    events = events + 1, errors = errors + (NEW.outcome = 'error'), input_tokens = input_tokens + NEW.input_tokens, output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros,
    base3_events = base3_events + CASE WHEN month >= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '+3 months') THEN 1 ELSE 0 END,
    base3_errors = base3_errors + CASE WHEN month >= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '+3 months') THEN (NEW.outcome = 'error') ELSE 0 END,
    base3_input_tokens = base3_input_tokens + CASE WHEN month >= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '+3 months') THEN NEW.input_tokens ELSE 0 END,
    base3_output_tokens = base3_output_tokens + CASE WHEN month >= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '+3 months') THEN NEW.output_tokens ELSE 0 END,
    base3_cost_micros = base3_cost_micros + CASE WHEN month >= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '+3 months') THEN NEW.cost_micros ELSE 0 END,
    base12_events = base12_events + CASE WHEN month >= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '+12 months') THEN 1 ELSE 0 END,
    base12_errors = base12_errors + CASE WHEN month >= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '+12 months') THEN (NEW.outcome = 'error') ELSE 0 END,
    base12_input_tokens = base12_input_tokens + CASE WHEN month >= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '+12 months') THEN NEW.input_tokens ELSE 0 END,
    base12_output_tokens = base12_output_tokens + CASE WHEN month >= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '+12 months') THEN NEW.output_tokens ELSE 0 END,
    base12_cost_micros = base12_cost_micros + CASE WHEN month >= strftime('%Y-%m', substr(NEW.at, 1, 7) || '-01', '+12 months') THEN NEW.cost_micros ELSE 0 END
  WHERE month > substr(NEW.at, 1, 7) AND ((dimension = 'account' AND key_id = (SELECT owner_user_id FROM companies WHERE id = NEW.company_id))
    OR (dimension = 'company' AND key_id = NEW.company_id));
  -- Carried months after the event that a key has no row in yet: the same total, none of it in that
  -- month, and the key's figures through that month − 3 and − 12.
  INSERT INTO usage_cumulative_monthly (month, dimension, key_id, events, errors, input_tokens, output_tokens, cost_micros,
    base3_events, base3_errors, base3_input_tokens, base3_output_tokens, base3_cost_micros, base12_events, base12_errors, base12_input_tokens, base12_output_tokens, base12_cost_micros)
  SELECT s.month, x.dimension, x.key_id, x.events, x.errors, x.input_tokens, x.output_tokens, x.cost_micros,
    coalesce(b3.events, 0), coalesce(b3.errors, 0), coalesce(b3.input_tokens, 0), coalesce(b3.output_tokens, 0), coalesce(b3.cost_micros, 0), coalesce(b12.events, 0), coalesce(b12.errors, 0), coalesce(b12.input_tokens, 0), coalesce(b12.output_tokens, 0), coalesce(b12.cost_micros, 0)
  FROM usage_cumulative_months s
  JOIN usage_cumulative_monthly x ON x.month = substr(NEW.at, 1, 7) AND ((x.dimension = 'account' AND x.key_id = (SELECT owner_user_id FROM companies WHERE id = NEW.company_id))
    OR (x.dimension = 'company' AND x.key_id = NEW.company_id))
  LEFT JOIN usage_cumulative_monthly b3 ON b3.dimension = x.dimension AND b3.key_id = x.key_id AND b3.month = (
    SELECT max(q.month) FROM usage_cumulative_monthly q
    WHERE q.dimension = x.dimension AND q.key_id = x.key_id AND q.month <= strftime('%Y-%m', s.month || '-01', '-3 months'))
  LEFT JOIN usage_cumulative_monthly b12 ON b12.dimension = x.dimension AND b12.key_id = x.key_id AND b12.month = (
    SELECT max(q.month) FROM usage_cumulative_monthly q
    WHERE q.dimension = x.dimension AND q.key_id = x.key_id AND q.month <= strftime('%Y-%m', s.month || '-01', '-12 months'))
  WHERE s.month > x.month
  ON CONFLICT (month, dimension, key_id) DO NOTHING;
END;
