-- The operator portal behind the console session (decision 032; SQLite 0013 is its twin).
-- A hand-off is minted by the console for one exocorp and redeemed once on that exocorp's portal
-- host; redeeming it opens a portal session there. Both hang off the console session, so signing
-- out of the console (or the session expiring and being deleted) ends every portal session with it.
CREATE TABLE portal_handoffs (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  next_path TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX portal_handoffs_expires_idx ON portal_handoffs (expires_at);

CREATE TABLE portal_sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX portal_sessions_session_idx ON portal_sessions (session_id);
