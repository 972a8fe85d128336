-- The live stream's NOTIFY carries the event itself (decision 039), so each instance hands it to its
-- sockets without reading the row back: `<schema> <id> <meta JSON>` + newline + the data exactly as
-- stored. PostgreSQL caps a NOTIFY payload at 8,000 bytes; an event too large for it travels as
-- `<schema> <id>` like before (decision 030) and is read from the table. The row is written first,
-- as before, so replay and the hole rule are unchanged. PostgreSQL only (SQLite wakes in-process).
CREATE OR REPLACE FUNCTION exocorp_event(p_type TEXT, p_company TEXT, p_user TEXT, p_scope TEXT, p_data JSONB) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  new_id BIGINT;
  new_at TEXT := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  data_text TEXT := p_data::text;
  payload TEXT;
BEGIN
  INSERT INTO platform_events (at, type, company_id, user_id, scope, data)
  VALUES (new_at, p_type, p_company, p_user, p_scope, data_text)
  RETURNING id INTO new_id;
  payload := current_schema() || ' ' || new_id::text || ' ' ||
    jsonb_build_object('at', new_at, 'type', p_type, 'companyId', p_company, 'userId', p_user, 'scope', p_scope)::text ||
    chr(10) || data_text;
  IF octet_length(payload) > 7900 THEN
    payload := current_schema() || ' ' || new_id::text;
  END IF;
  PERFORM pg_notify('exocorp_events', payload);
END $$;
