-- gongkai store, migration 24: repeated requests (《条例》第四十四条, issue 16).
-- When staff publish the information several applicants asked for, the draft
-- document is made (doc) and each application of the group is linked to it
-- here, so the console shows the group as taken care of. An application is
-- linked to one draft at most.
CREATE TABLE repeat_link (
  application_id BIGINT NOT NULL PRIMARY KEY REFERENCES application(id),
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  doc_id BIGINT NOT NULL REFERENCES doc(id),
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX repeat_link_agency ON repeat_link(agency_id, doc_id);
-- The public statistics (/stats, issue 16) count applications and review
-- cases: on PostgreSQL their changes raise gongkai_changed too (migration
-- 015), so every node drops its cached statistics page within a second.
--@pg
CREATE TRIGGER application_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON application
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER review_case_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON review_case
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
--@end
