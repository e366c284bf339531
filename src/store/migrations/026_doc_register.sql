-- gongkai store, migration 26: the register of documents with their
-- disclosure attribute (issue 18, 五公开纳入办文办会程序): 主动公开 (linked to
-- the document that goes through the review chain), 依申请公开 or 不予公开 with
-- the reason and the legal basis (src/publish/attr.c). A change of attribute
-- waits in pending_* until a reviewer decides. Staff only: the public pages
-- never read this table. Dates are TEXT 'YYYY-MM-DD'.
CREATE TABLE doc_register (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  doc_id BIGINT REFERENCES doc(id),      -- 主动公开: the document in the review chain
  title TEXT NOT NULL,
  docno TEXT NOT NULL DEFAULT '',
  issuer TEXT NOT NULL DEFAULT '',
  written TEXT,
  attr TEXT NOT NULL,                    -- active, on_request, withheld
  reason TEXT NOT NULL DEFAULT '',
  basis TEXT NOT NULL DEFAULT '',
  registered_by TEXT NOT NULL,
  registered_on TEXT NOT NULL,
  pending_attr TEXT NOT NULL DEFAULT '',
  pending_reason TEXT NOT NULL DEFAULT '',
  pending_basis TEXT NOT NULL DEFAULT '',
  requested_by TEXT NOT NULL DEFAULT '',
  requested_on TEXT,
  changes INTEGER NOT NULL DEFAULT 0,
  last_on TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX doc_register_agency ON doc_register(agency_id, attr, id);
CREATE UNIQUE INDEX doc_register_doc ON doc_register(doc_id);
