-- Usage analytics (decision 040; SQLite 0027 is its twin): the agent of a model call, and the daily
-- rollup a trigger keeps in the transaction that records each event.
ALTER TABLE usage_events ADD COLUMN agent TEXT;

CREATE TABLE usage_daily (
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  model TEXT NOT NULL,
  agent TEXT NOT NULL,
  events BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_micros BIGINT NOT NULL,
  PRIMARY KEY (company_id, day, model, agent)
);

INSERT INTO usage_daily (company_id, day, model, agent, events, input_tokens, output_tokens, cost_micros)
SELECT company_id, substr(at, 1, 10), model, coalesce(agent, ''), count(*), sum(input_tokens), sum(output_tokens), sum(cost_micros)
FROM usage_events GROUP BY company_id, substr(at, 1, 10), model, coalesce(agent, '');

CREATE FUNCTION usage_daily_rollup() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_daily AS u (company_id, day, model, agent, events, input_tokens, output_tokens, cost_micros)
  VALUES (NEW.company_id, substr(NEW.at, 1, 10), NEW.model, coalesce(NEW.agent, ''), 1, NEW.input_tokens, NEW.output_tokens, NEW.cost_micros)
  ON CONFLICT (company_id, day, model, agent) DO UPDATE SET
    events = u.events + 1,
    input_tokens = u.input_tokens + excluded.input_tokens,
    output_tokens = u.output_tokens + excluded.output_tokens,
    cost_micros = u.cost_micros + excluded.cost_micros;
  RETURN NULL;
END $$;
CREATE TRIGGER usage_daily_rollup AFTER INSERT ON usage_events
  FOR EACH ROW EXECUTE FUNCTION usage_daily_rollup();
