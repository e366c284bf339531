-- gongkai store, migration 10: what gongkai read of each attachment
-- (src/files/files.h). `kind` is the format found (docx, pdf, other, ...);
-- `text_state` is read, masked (the stored copy is gongkai's masked copy of
-- a recipient list), unmasked (read, a recipient list gongkai cannot mask) or
-- unread (neither screened nor masked); `text_note` says why or what was
-- masked. An unread or unmasked attachment is published only after a
-- reviewer confirms it by name: confirmed_by / confirmed_at, also in the
-- audit trail. Attachments stored before this migration were read only when
-- they were UTF-8 text: they count as unread until attached again.
ALTER TABLE doc_attachment ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE doc_attachment ADD COLUMN text_state TEXT NOT NULL DEFAULT 'unread';
ALTER TABLE doc_attachment ADD COLUMN text_note TEXT NOT NULL DEFAULT '';
ALTER TABLE doc_attachment ADD COLUMN confirmed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE doc_attachment ADD COLUMN confirmed_at TEXT NOT NULL DEFAULT '';
