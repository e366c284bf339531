-- gongkai store, migration 18: the registers of talking with the public
-- (src/engage): messages (咨询、投诉、12345 work orders), deputies'
-- suggestions and members' proposals, public comment on drafts, and the
-- steps of each. Dates are TEXT 'YYYY-MM-DD' (NULL = none); codes are the
-- domain's codes (src/engage/tables.c). Personal data (an asker's or a
-- commenter's name and contact, a deputy's contact) is staff only.
CREATE TABLE message (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  code TEXT NOT NULL UNIQUE,             -- public follow-up code
  source TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  platform TEXT NOT NULL DEFAULT '',
  order_no TEXT NOT NULL DEFAULT '',
  received TEXT NOT NULL,
  order_due TEXT,
  due TEXT NOT NULL,
  due_provisional INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  public_wish INTEGER NOT NULL DEFAULT 0,
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  handler TEXT NOT NULL DEFAULT '',
  answer TEXT NOT NULL DEFAULT '',
  answered_by TEXT NOT NULL DEFAULT '',
  review_note TEXT NOT NULL DEFAULT '',
  answered TEXT,
  rectification TEXT NOT NULL DEFAULT '',
  hotline_ref TEXT NOT NULL DEFAULT '',
  hotline_returned TEXT,
  rating TEXT NOT NULL DEFAULT 'none',
  closed TEXT,
  published INTEGER NOT NULL DEFAULT 0,
  last_on TEXT,                          -- the day of the latest step
  version INTEGER NOT NULL DEFAULT 1,    -- each save checks and bumps it
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX message_agency_received ON message(agency_id, received);
CREATE INDEX message_agency_state ON message(agency_id, state, due);
CREATE UNIQUE INDEX message_order ON message(agency_id, source, order_no) WHERE order_no <> '';

CREATE TABLE suggestion (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  number TEXT NOT NULL,
  session TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  role TEXT NOT NULL,
  state TEXT NOT NULL,
  author TEXT NOT NULL,
  contact TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  assigned TEXT NOT NULL,
  due TEXT NOT NULL,
  extended INTEGER NOT NULL DEFAULT 0,
  extend_reason TEXT NOT NULL DEFAULT '',
  reply TEXT NOT NULL DEFAULT '',
  replied TEXT,
  cls TEXT NOT NULL DEFAULT '',
  rating TEXT NOT NULL DEFAULT 'none',
  rated TEXT,
  rounds INTEGER NOT NULL DEFAULT 0,
  published INTEGER NOT NULL DEFAULT 0,
  summary_only INTEGER NOT NULL DEFAULT 0,
  summary_reason TEXT NOT NULL DEFAULT '',
  doc_id BIGINT,                         -- the published reply in the catalogue (建议提案)
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (agency_id, kind, session, number, role)
);
CREATE INDEX suggestion_agency_assigned ON suggestion(agency_id, assigned);

CREATE TABLE consultation (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  draft_doc_id BIGINT,                   -- the draft as published for comment
  final_doc_id BIGINT,                   -- the document finally adopted
  opens TEXT NOT NULL,
  closes TEXT NOT NULL,
  short_reason TEXT NOT NULL DEFAULT '',
  result_published INTEGER NOT NULL DEFAULT 0,
  result TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX consultation_agency_opens ON consultation(agency_id, opens);

CREATE TABLE consultation_comment (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  consult_id BIGINT NOT NULL REFERENCES consultation(id),
  name TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  received TEXT NOT NULL,
  state TEXT NOT NULL,
  hide_reason TEXT NOT NULL DEFAULT '',
  adoption TEXT NOT NULL DEFAULT 'none',
  adoption_reason TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX consultation_comment_consult ON consultation_comment(consult_id, id);

-- Every step of every register, in order: what was done, on which day, by whom.
CREATE TABLE engage_step (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  register TEXT NOT NULL,                -- message | suggestion | consultation | comment
  record_id BIGINT NOT NULL,
  event TEXT NOT NULL,
  on_day TEXT NOT NULL,
  actor TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE INDEX engage_step_record ON engage_step(register, record_id, id);

-- Several nodes on PostgreSQL (migration 15): a change to what the public
-- 互动交流 pages show tells every node to drop its page cache.
--@pg
CREATE TRIGGER message_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON message
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER suggestion_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON suggestion
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER consultation_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consultation
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER consultation_comment_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consultation_comment
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
--@end
