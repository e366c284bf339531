-- gongkai store, migration 5: what full-text search keeps beside the documents.
--@sqlite
-- The exact number of published documents holding each frequent string
-- (src/search/search.h), so that one-term searches read their total; mined
-- by `gongkai doc reindex`, kept up to date as documents are published.
CREATE TABLE IF NOT EXISTS doc_gram (gram TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS doc_gram_info (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  min_docs INTEGER NOT NULL,
  docs INTEGER NOT NULL,
  sampled INTEGER NOT NULL,
  grams INTEGER NOT NULL,
  mined_at TEXT NOT NULL,
  indexed INTEGER NOT NULL DEFAULT 0     -- documents in the index now
);
--@end
--@pg
-- PostgreSQL has no gongkai tokenizer inside: each published document keeps
-- the set of its gongkai tokens (src/search) as a tsvector of bare lexemes,
-- and a GIN index over it picks the documents holding every token of a
-- query; the terms are then checked in gongkai as substrings. NULL: not
-- computed yet (documents published before this migration; filled by the
-- first search).
ALTER TABLE doc ADD COLUMN search_tokens tsvector;
CREATE INDEX doc_search_tokens ON doc USING gin (search_tokens);
CREATE INDEX doc_search_pending ON doc (id) WHERE search_tokens IS NULL AND state = 'published';
--@end
