-- Commerce health (decision 055); see the SQLite twin 0037_commerce_snapshots.sql.
CREATE TABLE commerce_stores (
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  store_id TEXT NOT NULL,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  product_count BIGINT NOT NULL,
  order_count BIGINT NOT NULL,
  last_order_at TEXT,
  revenue_minor BIGINT NOT NULL,
  sequence BIGINT NOT NULL,
  snapshot_id TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  interval_seconds INTEGER NOT NULL,
  stale_at TEXT NOT NULL,
  PRIMARY KEY (company_id, store_id)
);
CREATE INDEX commerce_stores_stale_idx ON commerce_stores(stale_at);

CREATE TABLE commerce_revenue_daily (
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  store_id TEXT NOT NULL,
  day TEXT NOT NULL,
  currency TEXT NOT NULL,
  orders BIGINT NOT NULL,
  revenue_minor BIGINT NOT NULL,
  PRIMARY KEY (company_id, store_id, day)
);
CREATE INDEX commerce_revenue_daily_day_idx ON commerce_revenue_daily(day);
