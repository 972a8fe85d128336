-- Release catalog, provider secrets (encrypted), bindings, price books and priced usage events.
CREATE TABLE releases (
  version TEXT PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('stable', 'beta', 'canary')),
  published_at TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  -- JSON arrays of provider names (the release manifest).
  required_providers TEXT NOT NULL DEFAULT '[]',
  optional_providers TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX releases_channel_idx ON releases(channel, published_at);

INSERT INTO releases (version, channel, published_at, notes, required_providers, optional_providers) VALUES
  ('1.4.2', 'stable', '2026-03-02T10:00:00.000Z', 'Steadier agent hand-offs; OpenAI only.', '["openai"]', '["google"]'),
  ('1.5.0', 'stable', '2026-04-14T10:00:00.000Z', 'Adds Anthropic models for reviewer agents; sandboxed code runs via e2b.', '["openai","anthropic"]', '["e2b","google"]'),
  ('1.6.0-beta.1', 'beta', '2026-05-05T10:00:00.000Z', 'Budget guards per agent.', '["openai","anthropic"]', '["e2b","google"]'),
  ('1.6.0-beta.2', 'beta', '2026-05-20T10:00:00.000Z', 'Budget guards per agent; Mistral for cheap summaries.', '["openai","anthropic"]', '["e2b","google","mistral"]'),
  ('1.7.0-canary.4', 'canary', '2026-05-24T10:00:00.000Z', 'Code-executing agents by default.', '["openai","anthropic","e2b"]', '["google","mistral"]'),
  ('1.7.0-canary.5', 'canary', '2026-05-28T10:00:00.000Z', 'Code-executing agents by default; faster cold starts.', '["openai","anthropic","e2b"]', '["google","mistral"]');

-- Account-scoped credentials. The value is AES-256-GCM ciphertext; the key lives outside the database.
CREATE TABLE provider_secrets (
  id TEXT PRIMARY KEY,
  owner_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic', 'google', 'mistral', 'e2b')),
  label TEXT NOT NULL,
  ciphertext BLOB NOT NULL,
  iv BLOB NOT NULL,
  tag BLOB NOT NULL,
  last4 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX provider_secrets_label_idx ON provider_secrets(owner_user_id, provider, label COLLATE NOCASE);

-- Which credential an exocorp uses for each provider; a deleted secret leaves the binding empty.
CREATE TABLE bindings (
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic', 'google', 'mistral', 'e2b')),
  secret_id TEXT REFERENCES provider_secrets(id) ON DELETE SET NULL,
  bound_at TEXT NOT NULL,
  PRIMARY KEY (company_id, provider)
);
CREATE INDEX bindings_secret_idx ON bindings(secret_id);

-- Versioned model prices in micro-dollars per 1M tokens; the database allows one active book.
CREATE TABLE price_books (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL UNIQUE,
  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  -- JSON: { "models": { "<model>": { "inputMicrosPerMTok": n, "outputMicrosPerMTok": n } }, "default": {…} | null }
  prices TEXT NOT NULL,
  created_at TEXT NOT NULL,
  activated_at TEXT
);
CREATE UNIQUE INDEX price_books_one_active_idx ON price_books(active) WHERE active = 1;

INSERT INTO price_books (id, version, active, prices, created_at, activated_at) VALUES (
  'pb-2026-01', 1, 1,
  '{"models":{"gpt-4o":{"inputMicrosPerMTok":2500000,"outputMicrosPerMTok":10000000},"gpt-4o-mini":{"inputMicrosPerMTok":150000,"outputMicrosPerMTok":600000},"o3-mini":{"inputMicrosPerMTok":1100000,"outputMicrosPerMTok":4400000},"claude-sonnet-4":{"inputMicrosPerMTok":3000000,"outputMicrosPerMTok":15000000},"claude-haiku-3.5":{"inputMicrosPerMTok":800000,"outputMicrosPerMTok":4000000},"gemini-1.5-pro":{"inputMicrosPerMTok":1250000,"outputMicrosPerMTok":5000000},"mistral-large":{"inputMicrosPerMTok":2000000,"outputMicrosPerMTok":6000000}},"default":{"inputMicrosPerMTok":3000000,"outputMicrosPerMTok":15000000}}',
  '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
);

-- Reported by runtimes, priced at arrival with the active book. `external_id` makes retries idempotent.
CREATE TABLE usage_events (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  external_id TEXT,
  model TEXT NOT NULL,
  input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
  output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
  cost_micros INTEGER NOT NULL CHECK (cost_micros >= 0),
  price_book_id TEXT NOT NULL REFERENCES price_books(id),
  at TEXT NOT NULL
);
CREATE INDEX usage_events_company_at_idx ON usage_events(company_id, at, id);
CREATE UNIQUE INDEX usage_events_external_idx ON usage_events(company_id, external_id) WHERE external_id IS NOT NULL;

-- Runtimes authenticate usage reports with a per-runtime token; the database keeps its SHA-256.
CREATE INDEX companies_usage_token_idx ON companies(usage_token_hash) WHERE usage_token_hash IS NOT NULL;
