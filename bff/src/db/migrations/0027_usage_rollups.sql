-- Usage analytics (decision 040; PostgreSQL pg/0021 is its twin). The runtime may name the agent a
-- model call was for; the database keeps a daily rollup per exocorp × day (UTC) × model × agent,
-- updated by a trigger in the transaction that records the event (so no write path can skip it and
-- a rolled-back event leaves no trace), and filled from the events already recorded. Analytics read
-- only the rollup: a year of a fleet is at most days × models × agents rows per exocorp.
ALTER TABLE usage_events ADD COLUMN agent TEXT;

CREATE TABLE usage_daily (
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  model TEXT NOT NULL,
  -- '' when the runtime named no agent (a primary key column cannot be NULL in PostgreSQL).
  agent TEXT NOT NULL,
  events INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_micros INTEGER NOT NULL,
  PRIMARY KEY (company_id, day, model, agent)
) WITHOUT ROWID; -- clustered on the key: a range of (exocorp, day) is read in one pass, no row lookups

INSERT INTO usage_daily (company_id, day, model, agent, events, input_tokens, output_tokens, cost_micros)
SELECT company_id, substr(at, 1, 10), model, coalesce(agent, ''), count(*), sum(input_tokens), sum(output_tokens), sum(cost_micros)
FROM usage_events GROUP BY company_id, substr(at, 1, 10), model, coalesce(agent, '');

CREATE TRIGGER usage_daily_rollup AFTER INSERT ON usage_events
BEGIN
  INSERT INTO usage_daily (company_id, day, model, agent, events, input_tokens, output_tokens, cost_micros)
  VALUES (NEW.company_id, substr(NEW.at, 1, 10), NEW.model, coalesce(NEW.agent, ''), 1, NEW.input_tokens, NEW.output_tokens, NEW.cost_micros)
  ON CONFLICT (company_id, day, model, agent) DO UPDATE SET
    events = events + 1,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cost_micros = cost_micros + excluded.cost_micros;
END;
