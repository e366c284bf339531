-- gongkai store, migration 25: the handling chain of an application (issue
-- 18): assigned to a handler, the reply drafted (outcome, letter text,
-- documents cited), approved or returned by the agency's approver, then
-- issued by the answer step. One row per application that entered the
-- chain; its steps go into app_step (the application's history) and the
-- audit trail. Files the draft releases are kept whole (app_chain_file),
-- so that the case file (归档) carries them. Dates are TEXT 'YYYY-MM-DD'.
CREATE TABLE app_chain (
  application_id BIGINT PRIMARY KEY REFERENCES application(id),
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  state TEXT NOT NULL,                   -- assigned, drafted, returned, approved, issued
  handler TEXT NOT NULL DEFAULT '',
  assigned_by TEXT NOT NULL DEFAULT '',
  assigned_on TEXT,
  drafter TEXT NOT NULL DEFAULT '',
  drafted_on TEXT,
  outcome TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  refer_to TEXT NOT NULL DEFAULT '',
  letter TEXT NOT NULL DEFAULT '',       -- the handler's text of the letter (说明), optional
  docs TEXT NOT NULL DEFAULT '',         -- registered documents the reply cites: ids, comma-separated
  approver TEXT NOT NULL DEFAULT '',
  decided_on TEXT,                       -- the day of the latest approval or return
  comment TEXT NOT NULL DEFAULT '',      -- the approver's comment on the latest return
  returns INTEGER NOT NULL DEFAULT 0,
  last_on TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX app_chain_queue ON app_chain(agency_id, state, handler);

CREATE TABLE app_chain_file (
  id @ID@,
  application_id BIGINT NOT NULL REFERENCES application(id),
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  name TEXT NOT NULL,                    -- the file's name as released
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  data @BLOB@ NOT NULL,
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX app_chain_file_app ON app_chain_file(application_id, id);
