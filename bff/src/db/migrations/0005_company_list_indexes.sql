-- The admin fleet table filters by status or channel and sorts by any column; these let each
-- common (filter, sort) pair read one page through an index instead of sorting the fleet.
CREATE INDEX companies_status_created_idx ON companies(status, created_at, id);
CREATE INDEX companies_status_name_idx ON companies(status, name, id);
CREATE INDEX companies_channel_status_idx ON companies(channel, status, id);
CREATE INDEX companies_channel_created_idx ON companies(channel, created_at, id);
CREATE INDEX companies_channel_name_idx ON companies(channel, name, id);
