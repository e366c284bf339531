-- gongkai store, migration 8: one-time form tokens. A form that creates
-- something (the public application form, the console's registration) carries
-- a random token issued with it; when a submission creates its record, the
-- token and the record are stored here in the same transaction. Submitting
-- the same form again (reload, back and resubmit, a double click) finds the
-- token and answers with the first result instead of creating a second one.
CREATE TABLE form_token (
  token TEXT PRIMARY KEY,                -- 32 hex digits, issued with the form
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  kind TEXT NOT NULL,                    -- what the form created: 'application'
  record_id BIGINT NOT NULL,             -- its id
  created_at TEXT NOT NULL
);
