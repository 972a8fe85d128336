-- Teams and account security (issue 14, decision 029).

-- When the user last signed in (admin users list); kept on the user because sessions end.
ALTER TABLE users ADD COLUMN last_sign_in_at TEXT;

-- A session opened with a recovery code: its user must set a new password before anything else.
ALTER TABLE sessions ADD COLUMN password_reset_required_at TEXT;

-- Invitations to an exocorp. The link's token is stored only as its SHA-256.
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
  token_hash TEXT NOT NULL UNIQUE,
  invited_by_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  responded_at TEXT
);
CREATE INDEX invitations_company_idx ON invitations(company_id, created_at);
CREATE INDEX invitations_email_idx ON invitations(email, status);
