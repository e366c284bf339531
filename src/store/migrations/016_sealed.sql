-- gongkai store, migration 16: ready for a government deployment (issue 15).
-- Personal fields of applicants are sealed at rest by the store (seal.c):
-- name, id_number, phone, email and address hold "gk1.N.…" sealed text, and
-- seal_key says which key sealed the row (0 = clear text not sealed yet: rows
-- of a database from before this migration, sealed at the first start,
-- store.c:store_open, or by `gongkai seal`). Equality lookups use keyed
-- hashes: phone_hash (tracking by phone), who_hash (the applicant of the fee
-- by count: ID number, else name and phone); phone_digits is no longer
-- kept. erased: the day retention erased the personal fields.
ALTER TABLE application ADD COLUMN seal_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE application ADD COLUMN phone_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN who_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN erased TEXT;
DROP INDEX application_applicant;
CREATE INDEX application_who ON application(agency_id, who_hash, received);
CREATE INDEX application_seal ON application(seal_key, id);
-- the per-phone and per-ID intake limits count keyed hashes from now on
DELETE FROM rate_event WHERE kind IN ('apply_phone', 'apply_id');

-- The audit trail as a chain per agency (chain 0: rows of no agency): each
-- row's hash is a keyed hash (the key file's audit key) of the row and of
-- the previous row's hash; audit_head holds each chain's last link. Rows
-- from before this migration are chained at the first start.
ALTER TABLE audit ADD COLUMN chain_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_chain ON audit(agency_id, chain_seq);
CREATE TABLE audit_head (
  chain BIGINT PRIMARY KEY,     -- agency id, 0 for rows of no agency
  seq BIGINT NOT NULL,          -- chain_seq of the last row
  hash TEXT NOT NULL,           -- its hash
  audit_id BIGINT NOT NULL,     -- its id
  base_seq BIGINT NOT NULL DEFAULT 0,   -- rows up to here were rotated out (audit rotate)
  base_hash TEXT NOT NULL DEFAULT ''    -- the hash of the last row rotated out
);

-- 三员分立 (等保 2.0): the security administrator and the audit administrator
-- join the system administrator ('admin') as roles of their own.
--@sqlite
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''admin''', '''admin'', ''security'', ''auditor''')
 WHERE type = 'table' AND name = 'app_user';
PRAGMA writable_schema = RESET;
--@end
--@pg
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
  CHECK (role IN ('officer', 'reviewer', 'leader', 'office', 'admin', 'security', 'auditor'));
--@end
-- password history and age (the security administrator's password policy)
ALTER TABLE app_user ADD COLUMN pw_changed TEXT NOT NULL DEFAULT '';
CREATE TABLE pw_history (
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  pw_hash TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX pw_history_user ON pw_history(user_id, at);
