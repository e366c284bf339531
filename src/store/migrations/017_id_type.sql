-- gongkai store, migration 17: the type of identity paper an applicant gave
-- (证件类型: 居民身份证, 港澳居民来往内地通行证, ..., 统一社会信用代码; the codes
-- of src/disclosure/idtype.c). '' for applications registered before: their
-- type follows from the number (18 digits: 居民身份证; else 其他证件).
ALTER TABLE application ADD COLUMN id_type TEXT NOT NULL DEFAULT '';
