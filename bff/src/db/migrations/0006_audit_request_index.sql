-- Every refused write must leave one audit row; the safety net in http/middleware.ts asks
-- whether a service already wrote one for this request before adding its own.
CREATE INDEX audit_events_request_idx ON audit_events(request_id);
