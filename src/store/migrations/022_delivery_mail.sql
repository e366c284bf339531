-- gongkai store, migration 22: delivery (送达) of the reply, its proof, and
-- the outbox of e-mail (issue 16, item 3).
-- dl_how is the app_deliveries[] code the reply was served by ('' = not yet);
-- dl_ref (tracking number, who signed, the address it went to) is personal
-- data and sealed like the applicant's fields (store/sealed.c).
ALTER TABLE application ADD COLUMN dl_how TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN delivered TEXT;
ALTER TABLE application ADD COLUMN dl_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN dl_proof TEXT NOT NULL DEFAULT '';
-- the console's list of replies not yet served
CREATE INDEX application_undelivered ON application(agency_id, state, dl_how);

-- A file proving the delivery (a scan of the signed receipt, the postal
-- record): at most one per application, written with the delivery step.
CREATE TABLE app_proof (
  application_id BIGINT PRIMARY KEY REFERENCES application(id),
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  name TEXT NOT NULL,
  ctype TEXT NOT NULL,
  data @BLOB@ NOT NULL,
  created_at TEXT NOT NULL
);

-- The outbox: one row per e-mail gongkai owes someone, written in the same
-- transaction as the step that causes it, sent by the server's worker or
-- `gongkai mail send`. The message is composed when it is sent, from the
-- application read through the store (personal data stays sealed at rest);
-- subject and message_id are kept once composed. (agency_id, kind, app_id,
-- ref) is unique: a step or a reminder is mailed once.
CREATE TABLE mail_outbox (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  kind TEXT NOT NULL,              -- receipt, supplement, reply, staff_new, staff_due
  app_id BIGINT NOT NULL REFERENCES application(id),
  ref TEXT NOT NULL DEFAULT '',    -- what makes it one: the due date of a reminder
  state TEXT NOT NULL,             -- queued, sending, sent
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL,         -- epoch seconds: not before
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  sent_at TEXT,
  UNIQUE (agency_id, kind, app_id, ref)
);
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_at);
