-- gongkai store, migration 7: taking back and correcting what was published.
-- 撤回: a withdrawn document keeps its row (staff see it, marked 已撤回) with
-- the date, who decided and why; the public sees a 410 notice. 公示期: the
-- last day a document is shown to the public (decided at request time). 更正:
-- a correction draft names the document it corrects; once published, its
-- text replaces the document's, whose earlier version goes to doc_version.
ALTER TABLE doc ADD COLUMN withdrawn_on TEXT;
ALTER TABLE doc ADD COLUMN withdrawn_by TEXT NOT NULL DEFAULT '';
ALTER TABLE doc ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE doc ADD COLUMN publicity_until TEXT;
ALTER TABLE doc ADD COLUMN corrects BIGINT REFERENCES doc(id);
ALTER TABLE doc ADD COLUMN correction_note TEXT NOT NULL DEFAULT '';
ALTER TABLE doc ADD COLUMN corrected_on TEXT;
-- "is any 公示 over?" is asked by every unfiltered search: an index answers it
CREATE INDEX doc_publicity ON doc(publicity_until);
CREATE INDEX doc_corrects ON doc(corrects);

-- Earlier versions of a corrected document, as they were public: version 1
-- is the text first published, each correction adds the one it replaced.
-- attachments: JSON [{"name":..., "sha256":..., "size":...}] (the content
-- stays in doc_blob).
CREATE TABLE doc_version (
  id @ID@,
  doc_id BIGINT NOT NULL REFERENCES doc(id),
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  docno TEXT NOT NULL,
  issuer TEXT NOT NULL,
  written TEXT NOT NULL,
  published TEXT,
  body TEXT NOT NULL,
  correction_note TEXT NOT NULL DEFAULT '',
  corrected_on TEXT,
  attachments TEXT NOT NULL,
  replaced_on TEXT NOT NULL,
  replaced_by TEXT NOT NULL,
  UNIQUE (doc_id, version)
);
