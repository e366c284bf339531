/* store — a register of talking with the public described once, as a list
 * of columns that maps each to its struct field (text, whole number, day,
 * flag, or a code of one of the domain's tables): inserting, updating,
 * reading a row and the audit JSON all walk that list, so the four
 * registers (engage.c) share one piece of row handling. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/engage_internal.h"

/* ---- columns as data ------------------------------------------------------ */

static const char *code_at(const struct col *c, int i)
{
    if (i < 0 || i > c->n)
        return NULL;
    return *(const char *const *)((const char *)c->codes + (size_t)i * c->stride);
}

int store_eng_code_index(const struct col *c, const char *code)
{
    for (int i = 0; i <= c->n; i++) {
        const char *k = code_at(c, i);
        if (k && strcmp(k, code) == 0)
            return i;
    }
    return -1;
}

/* The name a personal column is sealed under (the associated data of the
 * cipher): "<table>.<column>", so that a value moved to another column or
 * another register does not open. */
void store_eng_seal_field(const char *table, const struct col *c, char out[64])
{
    snprintf(out, 64, "%s.%s", table, c->name);
}

/* Binds the columns' values from obj, from parameter `first` on; personal
 * columns are sealed (seal.c) under the current key. */
static int cols_bind(store_t *s, const char *table, db_stmt *st, int first, const struct col *cols, int n,
                     const void *obj, err *e)
{
    for (int i = 0; i < n; i++) {
        const struct col *c = &cols[i];
        const char *p = (const char *)obj + c->off;
        int k = first + i;
        if (c->personal) {
            char field[64];
            store_eng_seal_field(table, c, field);
            buf v;
            buf_init(&v);
            int rc = seal_text(s->keys, field, p, &v, e);
            db_bind_text(st, k, v.data ? v.data : "");
            buf_free(&v);
            if (rc)
                return rc;
            continue;
        }
        switch (c->type) {
        case CT_TEXT: db_bind_text(st, k, p); break;
        case CT_INT: db_bind_int(st, k, c->size == sizeof(int64_t) ? *(const int64_t *)p : *(const int *)p); break;
        case CT_BOOL: db_bind_int(st, k, *(const bool *)p); break;
        case CT_DAY: {
            gk_day d = *(const gk_day *)p;
            char day[11];
            if (d) {
                date_format(d, day);
                db_bind_text(st, k, day);
            } else {
                db_bind_null(st, k);
            }
            break;
        }
        case CT_CODE: {
            const char *code = code_at(c, *(const int *)p);
            db_bind_text(st, k, code ? code : "");
            break;
        }
        }
    }
    return 0;
}

/* Reads the columns into obj from result column `first` on; personal
 * columns are opened. */
static int cols_read(store_t *s, const char *table, db_stmt *st, int first, const struct col *cols, int n, void *obj,
                     err *e)
{
    for (int i = 0; i < n; i++) {
        const struct col *c = &cols[i];
        char *p = (char *)obj + c->off;
        int k = first + i;
        if (c->personal) {
            char field[64];
            store_eng_seal_field(table, c, field);
            int rc = seal_open_text(s->keys, field, db_col_text(st, k), p, c->size, e);
            if (rc)
                return rc;
            continue;
        }
        switch (c->type) {
        case CT_TEXT: store_copy_col(st, k, p, c->size); break;
        case CT_INT:
            if (c->size == sizeof(int64_t))
                *(int64_t *)p = db_col_int(st, k);
            else
                *(int *)p = (int)db_col_int(st, k);
            break;
        case CT_BOOL: *(bool *)p = db_col_int(st, k) != 0; break;
        case CT_DAY:
            *(gk_day *)p = 0;
            if (!db_col_null(st, k) && date_parse(db_col_text(st, k), (gk_day *)p, NULL))
                return err_set(e, GK_EIO, c->name, "the stored date '%s' is not a date", db_col_text(st, k));
            break;
        case CT_CODE: {
            int v = store_eng_code_index(c, db_col_text(st, k));
            if (v < 0)
                return err_set(e, GK_EIO, c->name, "the stored code '%s' is unknown", db_col_text(st, k));
            *(int *)p = v;
            break;
        }
        }
    }
    return 0;
}

static void cols_names(const struct col *cols, int n, const char *prefix, buf *b)
{
    for (int i = 0; i < n; i++)
        buf_printf(b, "%s%s%s", i ? ", " : "", prefix, cols[i].name);
}

/* The record as audit JSON, without personal data. */
static void cols_json(const struct col *cols, int n, int64_t id, const void *obj, buf *b)
{
    buf_printf(b, "{\"id\":%lld", (long long)id);
    for (int i = 0; i < n; i++) {
        const struct col *c = &cols[i];
        if (c->personal)
            continue;
        const char *p = (const char *)obj + c->off;
        buf_printf(b, ",\"%s\":", c->name);
        switch (c->type) {
        case CT_TEXT: buf_json_str(b, p); break;
        case CT_INT:
            buf_printf(b, "%lld", (long long)(c->size == sizeof(int64_t) ? *(const int64_t *)p : *(const int *)p));
            break;
        case CT_BOOL: buf_puts(b, *(const bool *)p ? "true" : "false"); break;
        case CT_DAY: {
            gk_day d = *(const gk_day *)p;
            char day[11];
            if (d) {
                date_format(d, day);
                buf_printf(b, "\"%s\"", day);
            } else {
                buf_puts(b, "null");
            }
            break;
        }
        case CT_CODE: {
            const char *code = code_at(c, *(const int *)p);
            buf_json_str(b, code ? code : "");
            break;
        }
        }
    }
    buf_putc(b, '}');
}

/* Whether the table has personal columns (then it has seal_key, migration 21). */
static bool table_sealed(const struct table *t)
{
    for (int i = 0; i < t->n; i++)
        if (t->cols[i].personal)
            return true;
    return false;
}

static int step_add(store_t *s, int64_t agency_id, const char *reg, int64_t id, const char *event, gk_day on,
                    const char *actor, const char *text, err *e)
{
    char now[32], day[11];
    store_now(now);
    date_format(on ? on : date_today(), day);
    return db_run(s->db, e, NULL,
                  "INSERT INTO engage_step(agency_id, register, record_id, event, on_day, actor, text, at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  "isisssss", agency_id, reg, id, event, day, actor && *actor ? actor : "system", text ? text : "",
                  now);
}

static int audit(store_t *s, const struct table *t, const void *before, const void *after, const char *action,
                 const char *actor, err *e)
{
    buf a, b;
    buf_init(&a);
    buf_init(&b);
    int64_t id = CID64(after, t->id_off);
    if (before)
        cols_json(t->cols, t->n, id, before, &b);
    cols_json(t->cols, t->n, id, after, &a);
    int rc = store_audit_add(s, CID64(after, t->agency_off), actor, t->entity, id, action, before ? b.data : NULL,
                             a.data, e);
    buf_free(&a);
    buf_free(&b);
    return rc;
}

/* INSERT of every column (the caller's transaction); sets id and version. */
static int row_insert(store_t *s, const struct table *t, void *obj, err *e)
{
    char now[32];
    store_now(now);
    buf q;
    buf_init(&q);
    bool sealed = table_sealed(t);
    buf_printf(&q, "INSERT INTO %s(agency_id, ", t->name);
    cols_names(t->cols, t->n, "", &q);
    buf_puts(&q, sealed ? ", seal_key, version, created_at, updated_at) VALUES (?, ?" : ", version, created_at, updated_at) VALUES (?");
    for (int i = 0; i < t->n; i++)
        buf_puts(&q, ", ?");
    buf_puts(&q, ", 1, ?, ?) RETURNING id");
    db_stmt *st;
    int rc = db_prepare(s->db, q.data, &st, e);
    buf_free(&q);
    if (rc)
        return rc;
    int k = 1;
    db_bind_int(st, k++, CID64(obj, t->agency_off));
    if ((rc = cols_bind(s, t->name, st, k, t->cols, t->n, obj, e))) {
        db_finalize(st);
        return rc;
    }
    k += t->n;
    if (sealed)
        db_bind_int(st, k++, seal_keys_current(s->keys));
    db_bind_text(st, k++, now);
    db_bind_text(st, k++, now);
    rc = db_step(st, e);
    if (rc == 1) {
        ID64(obj, t->id_off) = db_col_int(st, 0);
        ID64(obj, t->version_off) = 1;
        rc = db_step(st, e);
    } else if (rc == 0) {
        rc = err_set(e, GK_EIO, "store", "the new %s got no id", t->entity);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* UPDATE of every column where the version is still before's; bumps it. */
static int row_update(store_t *s, const struct table *t, const void *before, void *after, err *e)
{
    char now[32];
    store_now(now);
    buf q;
    buf_init(&q);
    bool sealed = table_sealed(t);
    buf_printf(&q, "UPDATE %s SET ", t->name);
    for (int i = 0; i < t->n; i++)
        buf_printf(&q, "%s = ?, ", t->cols[i].name);
    if (sealed)
        buf_puts(&q, "seal_key = ?, ");
    buf_puts(&q, "version = version + 1, updated_at = ? WHERE id = ? AND agency_id = ? AND version = ?");
    db_stmt *st;
    int rc = db_prepare(s->db, q.data, &st, e);
    buf_free(&q);
    if (rc)
        return rc;
    if ((rc = cols_bind(s, t->name, st, 1, t->cols, t->n, after, e))) {
        db_finalize(st);
        return rc;
    }
    int k = t->n + 1;
    if (sealed)
        db_bind_int(st, k++, seal_keys_current(s->keys));
    db_bind_text(st, k++, now);
    db_bind_int(st, k++, CID64(before, t->id_off));
    db_bind_int(st, k++, CID64(before, t->agency_off));
    db_bind_int(st, k++, CID64(before, t->version_off));
    rc = db_step(st, e);
    int64_t changed = db_changes(s->db);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (changed != 1)
        return err_set(e, GK_ESTATE, t->entity, "it was changed by someone else meanwhile: reload and try again");
    ID64(after, t->version_off) = CID64(before, t->version_off) + 1;
    return 0;
}

/* SELECT id, agency_id, version, columns FROM table WHERE `where`; each row to fn. */
int store_eng_rows_select(store_t *s, const struct table *t, void *obj, const char *where, const char *types,
                          row_fn fn, void *arg, err *e, ...)
{
    buf q;
    buf_init(&q);
    buf_puts(&q, "SELECT id, agency_id, version, ");
    cols_names(t->cols, t->n, "", &q);
    buf_printf(&q, " FROM %s WHERE %s", t->name, where);
    db_stmt *st;
    int rc = db_prepare(s->db, q.data, &st, e);
    buf_free(&q);
    if (rc)
        return rc;
    va_list ap;
    va_start(ap, e);
    rc = db_vbind(st, types, ap);
    va_end(ap);
    int found = 0;
    while (!rc && (rc = db_step(st, e)) == 1) {
        ID64(obj, t->id_off) = db_col_int(st, 0);
        ID64(obj, t->agency_off) = db_col_int(st, 1);
        ID64(obj, t->version_off) = db_col_int(st, 2);
        rc = cols_read(s, t->name, st, 3, t->cols, t->n, obj, e);
        if (rc)
            break;
        found++;
        if (fn && (rc = fn(obj, arg)) != 0) {
            rc = rc > 0 ? 0 : rc;
            break;
        }
        if (!fn)
            break;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return found;
}

int store_eng_get_one(store_t *s, const struct table *t, int64_t agency_id, int64_t id, void *out, err *e)
{
    int rc = store_eng_rows_select(s, t, out, "agency_id = ? AND id = ?", "ii", NULL, NULL, e, agency_id, id);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        char w[48];
        snprintf(w, sizeof w, "%s %lld", t->entity, (long long)id);
        return err_set(e, GK_ENOTFOUND, w, "no such record in this agency");
    }
    return 0;
}

/* add: insert + step + audit in one transaction */
int store_eng_add_record(store_t *s, const struct table *t, void *obj, const char *event, gk_day on,
                         const char *actor, err *e)
{
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = row_insert(s, t, obj, e);
    if (!rc)
        rc = step_add(s, CID64(obj, t->agency_off), t->entity, CID64(obj, t->id_off), event, on, actor, "", e);
    if (!rc)
        rc = audit(s, t, NULL, obj, "add", actor, e);
    return store_end(s, rc, e);
}

int store_eng_save_record(store_t *s, const struct table *t, const void *before, void *after, const char *event,
                          gk_day on, const char *text, const char *actor, err *e)
{
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = row_update(s, t, before, after, e);
    if (!rc)
        rc = step_add(s, CID64(after, t->agency_off), t->entity, CID64(after, t->id_off), event, on, actor, text, e);
    if (!rc)
        rc = audit(s, t, before, after, event, actor, e);
    return store_end(s, rc, e);
}
