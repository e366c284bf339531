-- gongkai store, migration 2: the application register (依申请公开), its
-- lifecycle steps, and review and litigation cases.
-- Dates are TEXT 'YYYY-MM-DD' (NULL = none); codes are the domain's codes
-- (src/disclosure/taxonomy.c). Portable SQL; @ID@ is replaced per backend.
CREATE TABLE application (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  year INTEGER NOT NULL,                 -- year of receipt
  seq INTEGER NOT NULL,                  -- serial within the agency and year
  app_no TEXT NOT NULL,                  -- "2024-00012"
  tracking TEXT NOT NULL UNIQUE,         -- public follow-up code
  channel TEXT NOT NULL,
  submitted TEXT,
  received TEXT NOT NULL,
  kind TEXT NOT NULL,                    -- applicant kind: report column key
  -- personal data: staff only
  name TEXT NOT NULL,
  id_number TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_digits TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  request TEXT NOT NULL,
  delivery TEXT NOT NULL,
  state TEXT NOT NULL,
  clock_start TEXT NOT NULL,
  sup_notice TEXT,
  sup_by TEXT,
  sup_received TEXT,
  sup_what TEXT NOT NULL DEFAULT '',
  consult_kind INTEGER NOT NULL DEFAULT 0,
  consult_party TEXT NOT NULL DEFAULT '',
  consult_start TEXT,
  consult_due TEXT,
  consults INTEGER NOT NULL DEFAULT 0,
  stopped_days INTEGER NOT NULL DEFAULT 0,
  ext_days INTEGER NOT NULL DEFAULT 0,
  ext_on TEXT,
  ext_by TEXT NOT NULL DEFAULT '',
  ext_reason TEXT NOT NULL DEFAULT '',
  fee_method INTEGER NOT NULL DEFAULT 0,
  fee_yuan BIGINT NOT NULL DEFAULT 0,
  fee_notice TEXT,
  fee_pay_by TEXT,
  fee_settled TEXT,
  fee_waived INTEGER NOT NULL DEFAULT 0,
  fee_working TEXT NOT NULL DEFAULT '',
  outcome TEXT,                          -- NULL while open
  concluded TEXT,
  detail TEXT NOT NULL DEFAULT '',
  refer_to TEXT NOT NULL DEFAULT '',
  reply_due TEXT,
  due TEXT,                              -- next deadline staff watch; NULL when concluded
  due_kind TEXT NOT NULL DEFAULT '',
  last_step TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (agency_id, app_no),
  UNIQUE (agency_id, year, seq)
);
-- tables 三 of the annual report: one pass over this index
CREATE INDEX application_report ON application(agency_id, kind, outcome, received, concluded);
-- gongkai due
CREATE INDEX application_due ON application(agency_id, due);
-- fees by count: an applicant's applications in one month
CREATE INDEX application_applicant ON application(agency_id, id_number, received);
CREATE INDEX application_state ON application(agency_id, state, received);

CREATE TABLE app_step (
  id @ID@,
  application_id BIGINT NOT NULL REFERENCES application(id),
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  event TEXT NOT NULL,
  on_date TEXT NOT NULL,                 -- the day it happened
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL,             -- when it was entered
  summary TEXT NOT NULL
);
CREATE INDEX app_step_app ON app_step(application_id, id);

CREATE TABLE review_case (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  application_id BIGINT NOT NULL REFERENCES application(id),
  prior_id BIGINT REFERENCES review_case(id),   -- the review a suit follows
  kind TEXT NOT NULL,                    -- review | litigation_direct | litigation_after_review
  filed TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',         -- 复议机关 / 法院
  case_no TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL DEFAULT 'pending',
  closed TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX review_case_year ON review_case(agency_id, filed);
CREATE INDEX review_case_app ON review_case(application_id);
