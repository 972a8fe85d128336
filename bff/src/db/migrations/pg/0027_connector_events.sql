-- Connector events (issue 18 item 1, decision 047; SQLite 0032 is its twin): every inbound
-- delivery — payment webhooks, runtime callbacks, connector deliveries to an exocorp's app host —
-- with how it authenticated and how it was handled. Only authenticated deliveries keep their
-- payload (for replay). Connector signing secrets are per exocorp and connector, sealed.
CREATE TABLE connector_events (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('payment', 'runtime', 'connector')),
  connector TEXT NOT NULL,
  event_id TEXT,
  company_id TEXT REFERENCES companies(id) ON DELETE SET NULL,
  received_at TEXT NOT NULL,
  verification TEXT NOT NULL CHECK (verification IN ('verified', 'bad_signature', 'stale', 'unsigned', 'replayed')),
  status TEXT NOT NULL CHECK (status IN ('delivered', 'failed', 'retrying')),
  reason TEXT,
  attempts INTEGER NOT NULL CHECK (attempts >= 1),
  latency_ms INTEGER NOT NULL,
  last_attempt_at TEXT NOT NULL,
  delivered_at TEXT,
  payload TEXT,
  meta TEXT NOT NULL
);
CREATE INDEX connector_events_received_idx ON connector_events(received_at, id);
CREATE INDEX connector_events_connector_idx ON connector_events(connector, received_at);
CREATE INDEX connector_events_status_idx ON connector_events(status, received_at);

CREATE TABLE connector_secrets (
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  connector TEXT NOT NULL,
  sealed_secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  rotated_at TEXT NOT NULL,
  PRIMARY KEY (company_id, connector)
);
