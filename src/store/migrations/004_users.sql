-- gongkai store, migration 4: staff accounts, login sessions, API tokens and the
-- event counts behind login throttling and the per-address application limit.
CREATE TABLE app_user (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('officer', 'reviewer', 'leader', 'office', 'admin')),
  pw_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  last_login TEXT NOT NULL DEFAULT ''
);
CREATE INDEX app_user_agency ON app_user(agency_id, login);
CREATE TABLE web_session (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  csrf TEXT NOT NULL,
  created BIGINT NOT NULL,
  seen BIGINT NOT NULL
);
CREATE INDEX web_session_user ON web_session(user_id);
CREATE TABLE api_token (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created BIGINT NOT NULL,
  last_used BIGINT NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE rate_event (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX rate_event_key ON rate_event(kind, key, at);
-- The annual reports an agency publishes on its portal (政府信息公开年报): the
-- report JSON as published, and the narrative sections staff write.
CREATE TABLE report_publication (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  year INTEGER NOT NULL,
  narrative_json TEXT NOT NULL DEFAULT '{}',
  report_json TEXT,
  published_at TEXT NOT NULL DEFAULT '',
  published_by TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (agency_id, year)
);
