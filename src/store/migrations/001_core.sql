-- gongkai store, migration 1: agencies, the audit trail, settings, imported calendar years.
-- Portable SQL; @ID@ and friends are replaced per backend (src/store/db.c).
CREATE TABLE agency (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  org_code TEXT NOT NULL DEFAULT '',
  index_pattern TEXT NOT NULL DEFAULT '{ORG}/{YYYY}-{NNNNN}',
  created_at TEXT NOT NULL
);
CREATE TABLE audit (
  id @ID@,
  agency_id BIGINT REFERENCES agency(id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_agency_at ON audit(agency_id, at);
CREATE TABLE setting (
  agency_id BIGINT NOT NULL DEFAULT 0,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (agency_id, key)
);
CREATE TABLE calendar_fact (
  date TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT ''
);
