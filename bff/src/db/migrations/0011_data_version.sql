-- One counter every write transaction that changes what a view shows moves forward (decision 026;
-- PostgreSQL pg/0005 is its twin). Polled reads derive their ETag from it and answer 304 without
-- building the body; cached sessions and views are valid only at the version they were read at.
CREATE TABLE data_version (
  id INTEGER PRIMARY KEY,
  n INTEGER NOT NULL
);
INSERT INTO data_version (id, n) VALUES (1, 0);
