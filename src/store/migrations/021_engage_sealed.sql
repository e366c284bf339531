-- gongkai store, migration 21: the personal fields of the 互动交流 registers
-- sealed at rest like applicants' (migration 16, src/store/seal.c): a
-- message's name, phone and e-mail, a deputy's contact details, a
-- commenter's name and contact hold "gk1.N.…" sealed text under the same
-- keys; seal_key says which key sealed the row (0 = clear text of a row from
-- before this migration, sealed at the first start or by `gongkai seal run`).
-- erased: the day retention erased the row's personal fields (the counts of
-- the registers stay).
ALTER TABLE message ADD COLUMN seal_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message ADD COLUMN erased TEXT;
CREATE INDEX message_seal ON message(seal_key, id);
ALTER TABLE suggestion ADD COLUMN seal_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE suggestion ADD COLUMN erased TEXT;
CREATE INDEX suggestion_seal ON suggestion(seal_key, id);
ALTER TABLE consultation_comment ADD COLUMN seal_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consultation_comment ADD COLUMN erased TEXT;
CREATE INDEX consultation_comment_seal ON consultation_comment(seal_key, id);
