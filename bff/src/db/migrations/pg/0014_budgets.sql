-- Monthly budgets per exocorp and fleet-wide per account (decision 035; SQLite 0020 is its twin).
-- scope_key is the exocorp id, or 'fleet' for the account-wide budget: one budget per scope.
CREATE TABLE budgets (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES billing_accounts(id) ON DELETE CASCADE,
  company_id TEXT REFERENCES companies(id) ON DELETE CASCADE,
  scope_key TEXT NOT NULL,
  monthly_limit_micros BIGINT NOT NULL CHECK (monthly_limit_micros > 0),
  soft_threshold_pct INTEGER NOT NULL CHECK (soft_threshold_pct BETWEEN 1 AND 100),
  hard_limit BOOLEAN NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (account_id, scope_key)
);

-- What a budget already did in a period (YYYY-MM, UTC): the soft alert and the hard-limit pause
-- happen once per period, however much usage arrives and on however many instances.
CREATE TABLE budget_alerts (
  budget_id TEXT NOT NULL REFERENCES budgets(id) ON DELETE CASCADE,
  period TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('soft', 'hard')),
  spent_micros BIGINT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (budget_id, period, kind)
);

-- Exocorps a hard limit paused; the next period resumes those still paused.
CREATE TABLE budget_pauses (
  company_id TEXT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
  budget_id TEXT NOT NULL,
  period TEXT NOT NULL,
  reason TEXT NOT NULL,
  paused_at TEXT NOT NULL
);
