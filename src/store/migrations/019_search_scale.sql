-- gongkai store, migration 19: search at platform scale (issue 13).
--@pg
-- PostgreSQL keeps the counts of frequent strings too (src/search/search.h,
-- "frequent strings"): the exact number of indexed documents holding each,
-- for the whole platform (doc_gram) and for each agency (doc_gram_agency),
-- mined by `gongkai doc reindex` and kept up to date in the transaction of
-- every publication, change and withdrawal (store/doc_search.c). A one-term
-- search reads its total there, and a search of several terms or with
-- filters starts from its rarest term.
CREATE TABLE doc_gram (gram TEXT PRIMARY KEY, docs BIGINT NOT NULL);
CREATE TABLE doc_gram_agency (
  gram TEXT NOT NULL,
  agency_id BIGINT NOT NULL,
  docs BIGINT NOT NULL,
  PRIMARY KEY (gram, agency_id)
);
CREATE TABLE doc_gram_info (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL,
  min_docs BIGINT NOT NULL,
  docs BIGINT NOT NULL,
  sampled BIGINT NOT NULL,
  grams BIGINT NOT NULL,
  mined_at TEXT NOT NULL,
  indexed BIGINT NOT NULL DEFAULT 0,
  per_agency INTEGER NOT NULL DEFAULT 0
);
-- a page by date across agencies walks the published documents newest
-- first and stops at the page's end; the pool of a search by relevance
-- walks them by id (the primary key)
CREATE INDEX doc_search_published ON doc (published DESC, id DESC) WHERE state = 'published';
--@end
