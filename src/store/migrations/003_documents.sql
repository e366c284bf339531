-- gongkai store, migration 3: documents (主动公开) — the catalogue, the review
-- workflow's screening hits and comments, attachments stored once per content
-- hash, the per-agency per-year index-number serials, and the yearly figures
-- table 二 takes from outside the documents (licensing decisions, fees, ...).
-- Portable SQL; dates are TEXT 'YYYY-MM-DD'. The full-text index is created by
-- the store code (SQLite FTS5 with gongkai's Chinese tokenizer).
CREATE TABLE doc (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  index_no TEXT,
  title TEXT NOT NULL,
  docno TEXT NOT NULL DEFAULT '',
  docno_issuer TEXT NOT NULL DEFAULT '',
  docno_year INTEGER NOT NULL DEFAULT 0,
  docno_serial INTEGER NOT NULL DEFAULT 0,
  issuer TEXT NOT NULL,
  written TEXT NOT NULL,
  published TEXT,
  category TEXT NOT NULL DEFAULT '',
  genre TEXT NOT NULL DEFAULT '',
  item INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('draft', 'review1', 'review2', 'signoff', 'signed', 'published')),
  repealed_on TEXT,
  repealed_by BIGINT REFERENCES doc(id),
  repealed_by_docno TEXT NOT NULL DEFAULT '',
  expires_on TEXT,
  interprets BIGINT REFERENCES doc(id),
  recipient_list INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  reviewer1 TEXT NOT NULL DEFAULT '',
  reviewer2 TEXT NOT NULL DEFAULT '',
  signer TEXT NOT NULL DEFAULT '',
  publisher TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (agency_id, index_no)
);
CREATE INDEX doc_agency_state ON doc(agency_id, state);
CREATE INDEX doc_agency_published ON doc(agency_id, published);
CREATE INDEX doc_agency_genre ON doc(agency_id, genre);
CREATE INDEX doc_docno ON doc(agency_id, docno_issuer, docno_year, docno_serial);
CREATE INDEX doc_interprets ON doc(interprets);

-- The channels a document was published through (website, gazette, weibo,
-- wechat, other): one row each.
CREATE TABLE doc_channel (
  doc_id BIGINT NOT NULL REFERENCES doc(id),
  channel TEXT NOT NULL CHECK (channel IN ('website', 'gazette', 'weibo', 'wechat', 'other')),
  PRIMARY KEY (doc_id, channel)
);

CREATE TABLE doc_serial (
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  year INTEGER NOT NULL,
  last BIGINT NOT NULL,
  PRIMARY KEY (agency_id, year)
);

-- Attachment content, stored once per SHA-256 whatever the number of
-- documents that carry it.
CREATE TABLE doc_blob (
  sha256 TEXT PRIMARY KEY,
  size BIGINT NOT NULL,
  data @BLOB@ NOT NULL
);
CREATE TABLE doc_attachment (
  id @ID@,
  doc_id BIGINT NOT NULL REFERENCES doc(id),
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES doc_blob(sha256),
  size BIGINT NOT NULL,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL,
  UNIQUE (doc_id, name)
);

-- Screening hits (Art. 17): open until a reviewer clears them, or fixed when
-- a later screening no longer finds them (kept, for the record). `source` is
-- 'body' or an attachment's name.
CREATE TABLE doc_hit (
  id @ID@,
  doc_id BIGINT NOT NULL REFERENCES doc(id),
  source TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('word', 'id_number', 'mobile', 'bank_card')),
  byte_off BIGINT NOT NULL,
  char_off BIGINT NOT NULL,
  found TEXT NOT NULL,
  excerpt TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cleared', 'fixed')),
  cleared_by TEXT,
  cleared_at TEXT,
  note TEXT
);
CREATE INDEX doc_hit_doc ON doc_hit(doc_id);

-- Comments made along the review (returns carry theirs).
CREATE TABLE doc_comment (
  id @ID@,
  doc_id BIGINT NOT NULL REFERENCES doc(id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX doc_comment_doc ON doc_comment(doc_id);

-- Yearly figures of table 二 that do not come from documents: decisions on
-- licensing, penalties and compulsion, fee totals (万元), and the 2019
-- layout's item counts. key is "group.field" as in the report JSON.
CREATE TABLE doc_stat (
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  year INTEGER NOT NULL,
  key TEXT NOT NULL,
  value @REAL@ NOT NULL,
  PRIMARY KEY (agency_id, year, key)
);
