-- gongkai store, migration 9: the annual report waits for its year and its sign-off.
-- The agency's kind decides the deadline of 《政府信息公开条例》第四十九条
-- (department: 31 January, government: 31 March of the next year).
ALTER TABLE agency ADD COLUMN kind TEXT NOT NULL DEFAULT 'department';
-- The draft's 更正说明 (when it corrects a published report) and its sign-off:
-- the report JSON, narrative and note as signed, which is what publishing
-- puts on the portal. Saving the draft again clears the sign-off.
ALTER TABLE report_publication ADD COLUMN correction_note TEXT NOT NULL DEFAULT '';
ALTER TABLE report_publication ADD COLUMN signed_json TEXT;
ALTER TABLE report_publication ADD COLUMN signed_narrative TEXT;
ALTER TABLE report_publication ADD COLUMN signed_note TEXT NOT NULL DEFAULT '';
ALTER TABLE report_publication ADD COLUMN signed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE report_publication ADD COLUMN signed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE report_publication ADD COLUMN signed_role TEXT NOT NULL DEFAULT '';
ALTER TABLE report_publication ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
-- Every published version of a year's report: the public sees the newest,
-- staff see them all; a version after the first carries its 更正说明.
CREATE TABLE report_version (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  report_json TEXT NOT NULL,
  narrative_json TEXT NOT NULL,
  correction_note TEXT NOT NULL DEFAULT '',
  signed_at TEXT NOT NULL DEFAULT '',
  signed_by TEXT NOT NULL DEFAULT '',
  signed_role TEXT NOT NULL DEFAULT '',
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  UNIQUE (agency_id, year, version)
);
-- Reports published before this migration become their first version.
INSERT INTO report_version(agency_id, year, version, report_json, narrative_json, published_at, published_by)
  SELECT agency_id, year, 1, report_json, narrative_json, published_at, published_by
  FROM report_publication WHERE report_json IS NOT NULL;
UPDATE report_publication SET version = 1 WHERE report_json IS NOT NULL;
