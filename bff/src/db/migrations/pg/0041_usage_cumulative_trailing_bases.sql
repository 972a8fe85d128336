-- Trailing bases on each cumulative row (decision 067; SQLite 0046 is its twin, where the reasoning is
-- written out): the key's figures through the end of M − 3 and M − 12, so "Last 3 months" and "Last 12
-- months" read one row per key. The locks are pg/0039's.
ALTER TABLE usage_cumulative_monthly
  ADD COLUMN base3_events BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN base3_errors BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN base3_input_tokens BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN base3_output_tokens BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN base3_cost_micros BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN base12_events BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN base12_errors BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN base12_input_tokens BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN base12_output_tokens BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN base12_cost_micros BIGINT NOT NULL DEFAULT 0;

-- Backfill: each row's bases from the key's latest row at or before M − 3 and M − 12 (0, the default, when none).
UPDATE usage_cumulative_monthly SET (base3_events, base3_errors, base3_input_tokens, base3_output_tokens, base3_cost_micros) = (
  SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
  WHERE q.dimension = usage_cumulative_monthly.dimension AND q.key_id = usage_cumulative_monthly.key_id
    AND q.month <= to_char(to_date(usage_cumulative_monthly.month || '-01', 'YYYY-MM-DD') - interval '3 months', 'YYYY-MM')
  ORDER BY q.month DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM usage_cumulative_monthly q
  WHERE q.dimension = usage_cumulative_monthly.dimension AND q.key_id = usage_cumulative_monthly.key_id
    AND q.month <= to_char(to_date(usage_cumulative_monthly.month || '-01', 'YYYY-MM-DD') - interval '3 months', 'YYYY-MM'));
UPDATE usage_cumulative_monthly SET (base12_events, base12_errors, base12_input_tokens, base12_output_tokens, base12_cost_micros) = (
  SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
  WHERE q.dimension = usage_cumulative_monthly.dimension AND q.key_id = usage_cumulative_monthly.key_id
    AND q.month <= to_char(to_date(usage_cumulative_monthly.month || '-01', 'YYYY-MM-DD') - interval '12 months', 'YYYY-MM')
  ORDER BY q.month DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM usage_cumulative_monthly q
  WHERE q.dimension = usage_cumulative_monthly.dimension AND q.key_id = usage_cumulative_monthly.key_id
    AND q.month <= to_char(to_date(usage_cumulative_monthly.month || '-01', 'YYYY-MM-DD') - interval '12 months', 'YYYY-MM'));

CREATE OR REPLACE FUNCTION usage_cumulative_rollup() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  acct TEXT;
  m TEXT := substr(NEW.at, 1, 7);
  m_minus3 TEXT := to_char(to_date(m || '-01', 'YYYY-MM-DD') - interval '3 months', 'YYYY-MM');
  m_minus12 TEXT := to_char(to_date(m || '-01', 'YYYY-MM-DD') - interval '12 months', 'YYYY-MM');
  m_plus3 TEXT := to_char(to_date(m || '-01', 'YYYY-MM-DD') + interval '3 months', 'YYYY-MM');
  m_plus12 TEXT := to_char(to_date(m || '-01', 'YYYY-MM-DD') + interval '12 months', 'YYYY-MM');
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
      month_events, month_errors, month_input_tokens, month_output_tokens, month_cost_micros,
      base3_events, base3_errors, base3_input_tokens, base3_output_tokens, base3_cost_micros, base12_events, base12_errors, base12_input_tokens, base12_output_tokens, base12_cost_micros)
    SELECT m, d, k, coalesce(p.events, 0) + 1, coalesce(p.errors, 0) + err, coalesce(p.input_tokens, 0) + NEW.input_tokens, coalesce(p.output_tokens, 0) + NEW.output_tokens, coalesce(p.cost_micros, 0) + NEW.cost_micros,
      1, err, NEW.input_tokens, NEW.output_tokens, NEW.cost_micros,
      coalesce(b3.events, 0), coalesce(b3.errors, 0), coalesce(b3.input_tokens, 0), coalesce(b3.output_tokens, 0), coalesce(b3.cost_micros, 0), coalesce(b12.events, 0), coalesce(b12.errors, 0), coalesce(b12.input_tokens, 0), coalesce(b12.output_tokens, 0), coalesce(b12.cost_micros, 0)
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
      WHERE q.dimension = d AND q.key_id = k AND q.month < m ORDER BY q.month DESC LIMIT 1
    ) AS p ON true
    LEFT JOIN LATERAL (
      SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
      WHERE q.dimension = d AND q.key_id = k AND q.month <= m_minus3 ORDER BY q.month DESC LIMIT 1
    ) AS b3 ON true
    LEFT JOIN LATERAL (
      SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
      WHERE q.dimension = d AND q.key_id = k AND q.month <= m_minus12 ORDER BY q.month DESC LIMIT 1
    ) AS b12 ON true
    ON CONFLICT (month, dimension, key_id) DO UPDATE SET
      events = u.events + 1, errors = u.errors + err, input_tokens = u.input_tokens + NEW.input_tokens, output_tokens = u.output_tokens + NEW.output_tokens, cost_micros = u.cost_micros + NEW.cost_micros,
      month_events = u.month_events + 1, month_errors = u.month_errors + err, month_input_tokens = u.month_input_tokens + NEW.input_tokens, month_output_tokens = u.month_output_tokens + NEW.output_tokens, month_cost_micros = u.month_cost_micros + NEW.cost_micros;
    UPDATE usage_cumulative_monthly SET
      events = events + 1, errors = errors + err, input_tokens = input_tokens + NEW.input_tokens, output_tokens = output_tokens + NEW.output_tokens, cost_micros = cost_micros + NEW.cost_micros,
      base3_events = base3_events + CASE WHEN month >= m_plus3 THEN 1 ELSE 0 END,
      base3_errors = base3_errors + CASE WHEN month >= m_plus3 THEN err ELSE 0 END,
      base3_input_tokens = base3_input_tokens + CASE WHEN month >= m_plus3 THEN NEW.input_tokens ELSE 0 END,
      base3_output_tokens = base3_output_tokens + CASE WHEN month >= m_plus3 THEN NEW.output_tokens ELSE 0 END,
      base3_cost_micros = base3_cost_micros + CASE WHEN month >= m_plus3 THEN NEW.cost_micros ELSE 0 END,
      base12_events = base12_events + CASE WHEN month >= m_plus12 THEN 1 ELSE 0 END,
      base12_errors = base12_errors + CASE WHEN month >= m_plus12 THEN err ELSE 0 END,
      base12_input_tokens = base12_input_tokens + CASE WHEN month >= m_plus12 THEN NEW.input_tokens ELSE 0 END,
      base12_output_tokens = base12_output_tokens + CASE WHEN month >= m_plus12 THEN NEW.output_tokens ELSE 0 END,
      base12_cost_micros = base12_cost_micros + CASE WHEN month >= m_plus12 THEN NEW.cost_micros ELSE 0 END
    WHERE dimension = d AND key_id = k AND month > m;
    INSERT INTO usage_cumulative_monthly (month, dimension, key_id, events, errors, input_tokens, output_tokens, cost_micros,
      base3_events, base3_errors, base3_input_tokens, base3_output_tokens, base3_cost_micros, base12_events, base12_errors, base12_input_tokens, base12_output_tokens, base12_cost_micros)
    SELECT s.month, x.dimension, x.key_id, x.events, x.errors, x.input_tokens, x.output_tokens, x.cost_micros,
      coalesce(b3.events, 0), coalesce(b3.errors, 0), coalesce(b3.input_tokens, 0), coalesce(b3.output_tokens, 0), coalesce(b3.cost_micros, 0), coalesce(b12.events, 0), coalesce(b12.errors, 0), coalesce(b12.input_tokens, 0), coalesce(b12.output_tokens, 0), coalesce(b12.cost_micros, 0)
    FROM usage_cumulative_months s
    JOIN usage_cumulative_monthly x ON x.month = m AND x.dimension = d AND x.key_id = k
    LEFT JOIN LATERAL (
      SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
      WHERE q.dimension = d AND q.key_id = k AND q.month <= to_char(to_date(s.month || '-01', 'YYYY-MM-DD') - interval '3 months', 'YYYY-MM') ORDER BY q.month DESC LIMIT 1
    ) AS b3 ON true
    LEFT JOIN LATERAL (
      SELECT q.events, q.errors, q.input_tokens, q.output_tokens, q.cost_micros FROM usage_cumulative_monthly q
      WHERE q.dimension = d AND q.key_id = k AND q.month <= to_char(to_date(s.month || '-01', 'YYYY-MM-DD') - interval '12 months', 'YYYY-MM') ORDER BY q.month DESC LIMIT 1
    ) AS b12 ON true
    WHERE s.month > m
    ON CONFLICT (month, dimension, key_id) DO NOTHING;
  END LOOP;
  RETURN NULL;
END $$;
