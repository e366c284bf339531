-- gongkai store, migration 13: idempotency keys of the JSON API. A client
-- sends "Idempotency-Key: <key>" with a POST that creates or changes; the
-- key and the first answer are kept in the same transaction as the write
-- (web/idem.c), so a retry after a lost answer gets that answer again (same
-- status, Location and body) instead of writing a second time. Keys are
-- scoped per account: two clients never see each other's answers.
CREATE TABLE idem_key (
  scope TEXT NOT NULL,                   -- 'user:<id>': whose key it is
  idem_key TEXT NOT NULL,                -- as the client sent it (1-200 visible ASCII)
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,            -- of method, path and body: another request under the key is refused
  status INTEGER NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  ctype TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (scope, idem_key)
);
