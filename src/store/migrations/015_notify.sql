-- gongkai store, migration 15: one platform for many agencies (issue 13).
-- SQLite: the counts of frequent strings per agency beside the platform's,
-- so that a search of one agency's documents reads its exact total however
-- many agencies publish in the database (doc_search.c); per_agency says they
-- were counted (by the next mining: `gongkai doc reindex`, or the automatic
-- one of a small catalogue).
--@sqlite
CREATE TABLE IF NOT EXISTS doc_gram_agency (
  gram TEXT NOT NULL,
  agency_id INTEGER NOT NULL,
  docs INTEGER NOT NULL,
  PRIMARY KEY (gram, agency_id)
) WITHOUT ROWID;
ALTER TABLE doc_gram_info ADD COLUMN per_agency INTEGER NOT NULL DEFAULT 0;
--@end
-- PostgreSQL: several web nodes on one server. Every change to what the public pages show raises the notification
-- gongkai_changed when its transaction commits, whichever node or command
-- made it; each `gongkai serve` listens (store_watch_open) and drops its
-- page cache, so a change made on one node shows on every node within a
-- second (docs/operations.md §16). SQLite needs nothing: one file, and its
-- data_version tells every connection.
--@pg
CREATE FUNCTION gongkai_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gongkai_changed', '');
  RETURN NULL;
END $$;
-- once per statement: a notification is one per transaction however many rows
CREATE TRIGGER agency_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agency
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER setting_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON setting
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER doc_changed AFTER INSERT OR DELETE OR TRUNCATE ON doc
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
-- a search filling in the tokens of older documents changes no page
CREATE TRIGGER doc_updated AFTER UPDATE ON doc FOR EACH ROW
  WHEN (OLD.search_tokens IS NOT DISTINCT FROM NEW.search_tokens) EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER doc_channel_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON doc_channel
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER doc_attachment_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON doc_attachment
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER doc_version_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON doc_version
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER doc_stat_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON doc_stat
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER report_publication_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON report_publication
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER report_version_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON report_version
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
CREATE TRIGGER calendar_fact_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_fact
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();
--@end
