-- A recovery kit shown but not yet confirmed as saved (SQLite 0015 is its twin). It is held for the session that
-- was shown it, sealed with the platform key and bound to that session, for an hour at most, so
-- reloading the page does not lose the codes; confirming (or signing out) deletes it.
CREATE TABLE pending_recovery_kits (
  session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  sealed_codes TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
