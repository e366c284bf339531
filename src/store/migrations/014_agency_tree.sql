-- gongkai store, migration 14: one platform for a city or a province (issue 13).
-- Agencies form a tree (province → city → county → township; departments under
-- each government): parent_id points at the agency above, level names a
-- government's level, host the host name its portal answers on.
-- Portable SQL: the same text runs on SQLite and PostgreSQL (@ID@: src/store/db.c).
ALTER TABLE agency ADD COLUMN parent_id BIGINT REFERENCES agency(id);
ALTER TABLE agency ADD COLUMN level TEXT NOT NULL DEFAULT '';
ALTER TABLE agency ADD COLUMN host TEXT NOT NULL DEFAULT '';
CREATE INDEX agency_parent ON agency(parent_id);
CREATE UNIQUE INDEX agency_host ON agency(host) WHERE host <> '';
-- A published annual report the supervising office (政务公开办) sent back with
-- its comments: the agency corrects it (a new version with its 更正说明).
CREATE TABLE report_return (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  by_agency_id BIGINT NOT NULL REFERENCES agency(id),
  comment TEXT NOT NULL,
  returned_at TEXT NOT NULL,
  returned_by TEXT NOT NULL
);
CREATE INDEX report_return_agency ON report_return(agency_id, year);
-- The summed report of an office's area (tables 二–四 over its subtree,
-- src/report/sum.c), as published: the JSON and the agencies it sums.
CREATE TABLE area_report (
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  year INTEGER NOT NULL,
  report_json TEXT NOT NULL,
  agencies_json TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  PRIMARY KEY (agency_id, year)
);
