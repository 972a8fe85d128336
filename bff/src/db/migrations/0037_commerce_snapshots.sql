-- Commerce health (issue 19 item 2, decision 055). A runtime reports snapshots of its store with its
-- runtime token; the newest one per store is kept here (a report whose sequence is not above the
-- stored one changes nothing), with `stale_at` = received_at + 3 × the interval the runtime named,
-- so "stale" is an indexed comparison. The per-day revenue the snapshot carries goes to
-- commerce_revenue_daily. PostgreSQL pg/0032 is the twin.
CREATE TABLE commerce_stores (
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  store_id TEXT NOT NULL,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  product_count INTEGER NOT NULL,
  order_count INTEGER NOT NULL,
  last_order_at TEXT,
  revenue_minor INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
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
  orders INTEGER NOT NULL,
  revenue_minor INTEGER NOT NULL,
  PRIMARY KEY (company_id, store_id, day)
);
CREATE INDEX commerce_revenue_daily_day_idx ON commerce_revenue_daily(day);
