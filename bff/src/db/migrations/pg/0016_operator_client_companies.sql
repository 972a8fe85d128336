-- Per-exocorp access for operator clients (issue 20 item 8; SQLite 0022 is its twin).
-- The human chooses at approval: every exocorp they can reach (company_scope 'all', the default and
-- what every earlier client had), or only the exocorps listed in operator_client_companies.
-- The draft holds the choice between approval and redemption as a JSON array (NULL: all).
ALTER TABLE operator_client_drafts ADD COLUMN company_ids TEXT;
ALTER TABLE operator_clients ADD COLUMN company_scope TEXT NOT NULL DEFAULT 'all' CHECK (company_scope IN ('all', 'selected'));
CREATE TABLE operator_client_companies (
  client_id TEXT NOT NULL REFERENCES operator_clients(id) ON DELETE CASCADE,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  PRIMARY KEY (client_id, company_id)
);
