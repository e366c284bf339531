/* store — what the 互动交流 registers' files (engage.c, engage_table.c,
 * engage_seal.c) share (private to src/store/): a register's table as data,
 * a list of columns each mapped to its struct field. */
#ifndef GONGKAI_STORE_ENGAGE_INTERNAL_H
#define GONGKAI_STORE_ENGAGE_INTERNAL_H

#include <stddef.h>

#include "store/store_internal.h"

/* ---- columns as data ------------------------------------------------------ */
enum col_type { CT_TEXT, CT_INT, CT_BOOL, CT_DAY, CT_CODE };
struct col {
    const char *name;
    enum col_type type;
    size_t off, size;
    const void *codes;       /* CT_CODE: an array of structs whose first member is the code */
    size_t stride;
    int n;                   /* the last index of the code table */
    bool personal;           /* staff only: never in the audit trail's JSON */
};
#define F(T, f) offsetof(T, f), sizeof(((T *)0)->f)
#define TEXT(T, f) {#f, CT_TEXT, F(T, f), NULL, 0, 0, false}
#define PERSONAL(T, f) {#f, CT_TEXT, F(T, f), NULL, 0, 0, true}
#define INT(T, f) {#f, CT_INT, F(T, f), NULL, 0, 0, false}
#define BOOL(T, f) {#f, CT_BOOL, F(T, f), NULL, 0, 0, false}
#define DAY(T, f) {#f, CT_DAY, F(T, f), NULL, 0, 0, false}
#define CODE(T, f, tbl, n) {#f, CT_CODE, F(T, f), tbl, sizeof tbl[0], n, false}

/* A table: its name, the name the audit trail and steps give its records, columns. */
struct table {
    const char *name, *entity;
    const struct col *cols;
    int n;
    size_t id_off, agency_off, version_off;
};

#define ID64(obj, off) (*(int64_t *)((char *)(obj) + (off)))
#define CID64(obj, off) (*(const int64_t *)((const char *)(obj) + (off)))
typedef int (*row_fn)(const void *obj, void *arg);

/* The index in c's code table of code, -1 when it has none. */
int store_eng_code_index(const struct col *c, const char *code);
/* The name a personal column is sealed under (the associated data of the
 * cipher): "<table>.<column>", so that a value moved to another column or
 * another register does not open. */
void store_eng_seal_field(const char *table, const struct col *c, char out[64]);
/* SELECT id, agency_id, version, columns FROM table WHERE `where` (values
 * bound by `types`, as db_run): each row read into obj and handed to fn
 * (NULL: the first row only; fn's non-zero stops, a negative is returned).
 * Returns the number of rows read, or a negative GK_* with e filled. */
int store_eng_rows_select(store_t *s, const struct table *t, void *obj, const char *where, const char *types,
                          row_fn fn, void *arg, err *e, ...);
/* The record id of the agency into out; GK_ENOTFOUND naming it when none. */
int store_eng_get_one(store_t *s, const struct table *t, int64_t agency_id, int64_t id, void *out, err *e);
/* A new record (id and version set), its first step `event` and its audit
 * row "add", in one transaction. */
int store_eng_add_record(store_t *s, const struct table *t, void *obj, const char *event, gk_day on,
                         const char *actor, err *e);
/* A saved record (GK_ESTATE when before is no longer what is stored), its
 * step and its audit row, in one transaction. */
int store_eng_save_record(store_t *s, const struct table *t, const void *before, void *after, const char *event,
                          gk_day on, const char *text, const char *actor, err *e);

/* The four registers' tables (engage.c). */
extern const struct table store_eng_msg_table, store_eng_sug_table, store_eng_consult_table,
    store_eng_comment_table;

#endif
