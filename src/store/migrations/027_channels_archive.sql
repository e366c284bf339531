-- gongkai store, migration 27 (issue 18): where published documents go besides
-- the portal, and the copies for the archive and the library.
-- channel: the agency's channels (kind: src/publish/channel.c chan_kinds[]).
-- channel_send: a document sent to a channel, on a day, with its reference
-- (the gazette's issue, the newspaper's date and page, the post's address).
-- archive_package: a copy package for the archive or the library and its
-- delivery (NULL delivered = not yet); archive_item: the documents in it.
-- Dates are TEXT 'YYYY-MM-DD'.
CREATE TABLE channel (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (agency_id, name)
);
CREATE TABLE channel_send (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  channel_id BIGINT NOT NULL REFERENCES channel(id),
  doc_id BIGINT NOT NULL REFERENCES doc(id),
  sent TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  sent_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (channel_id, doc_id)
);
CREATE INDEX channel_send_agency ON channel_send(agency_id, sent);
CREATE TABLE archive_package (
  id @ID@,
  agency_id BIGINT NOT NULL REFERENCES agency(id),
  recipient TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  delivered TEXT,
  receiver TEXT NOT NULL DEFAULT '',
  reference TEXT NOT NULL DEFAULT '',
  delivered_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX archive_package_agency ON archive_package(agency_id, recipient);
CREATE TABLE archive_item (
  package_id BIGINT NOT NULL REFERENCES archive_package(id),
  doc_id BIGINT NOT NULL REFERENCES doc(id),
  PRIMARY KEY (package_id, doc_id)
);
CREATE INDEX archive_item_doc ON archive_item(doc_id);
