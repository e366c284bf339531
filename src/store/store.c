/* store — opening the store, transactions, agencies, audit trail, settings
 * and imported calendar years. See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <sys/stat.h>

#include "calendar/calendar.h"
#include "search/search.h"
#include "store/store_internal.h"


/* Creates the folders above a database file (var/ on a fresh checkout). */
static int make_parents(const char *path, err *e)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return err_set(e, GK_EIO, path, "cannot create the folder %s: %s", tmp, strerror(errno));
        *p = '/';
    }
    return 0;
}

int store_open(const char *target, store_t **out, err *e)
{
    db *d = NULL;
    bool pg = store_target_is_pg(target);
    if (!pg && strcmp(target, ":memory:") != 0 && make_parents(target, e))
        return e ? e->code : GK_EIO;
    int rc = pg ? db_open_pg(target, &d, e) : db_open_sqlite(target, &d, e);
    if (rc)
        return rc;
    if ((rc = db_migrate(d, e))) {
        db_close(d);
        return rc;
    }
    store_t *s = xcalloc(1, sizeof *s);
    s->db = d;
    /* the keys, and the first start after migration 016 (sealed.c) */
    if ((rc = store_keys_setup(s, target, e))) {
        store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void store_close(store_t *s)
{
    if (!s)
        return;
    db_close(s->db);
    search_grams_free(s->grams);
    seal_keys_free(s->keys);
    free(s);
}

const char *store_backend(const store_t *s) { return db_kind(s->db) == DB_SQLITE ? "sqlite" : "postgresql"; }
int store_schema_version(store_t *s) { return db_schema_version(s->db); }
int store_begin(store_t *s, err *e) { return db_begin(s->db, e); }
int store_commit(store_t *s, err *e) { return db_commit(s->db, e); }

int store_in_txn(store_t *s, int (*fn)(store_t *, const void *, err *), const void *arg, err *e)
{
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = fn(s, arg, e);
    return store_end(s, rc, e);
}
void store_rollback(store_t *s) { db_rollback(s->db); }

int store_end(store_t *s, int rc, err *e)
{
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

int store_end_save(store_t *s, int rc, int *version, int was, err *e)
{
    if (rc) {
        store_rollback(s);
        return rc < 0 ? rc : GK_EIO;
    }
    if ((rc = store_commit(s, e)))
        return rc;
    *version = was + 1;
    return 0;
}

int store_audit_pair(store_t *s, int64_t agency_id, const char *actor, const char *entity, int64_t entity_id,
                     const char *action, void (*json)(const void *, buf *), const void *before, const void *after,
                     err *e)
{
    buf b, a;
    buf_init(&b);
    buf_init(&a);
    if (before)
        json(before, &b);
    json(after, &a);
    int rc = store_audit_add(s, agency_id, actor, entity, entity_id, action, before ? b.data : NULL, a.data, e);
    buf_free(&b);
    buf_free(&a);
    return rc;
}

static void field_json(buf *b, const char *key, const char *value)
{
    buf_putc(b, '{');
    buf_json_str(b, key);
    buf_putc(b, ':');
    buf_json_str(b, value);
    buf_putc(b, '}');
}

int store_audit_field(store_t *s, int64_t agency_id, const char *actor, const char *entity, int64_t entity_id,
                      const char *action, const char *key, const char *before, const char *after, err *e)
{
    buf b, a;
    buf_init(&b);
    buf_init(&a);
    if (before)
        field_json(&b, key, before);
    field_json(&a, key, after);
    int rc = store_audit_add(s, agency_id, actor, entity, entity_id, action, before ? b.data : NULL, a.data, e);
    buf_free(&b);
    buf_free(&a);
    return rc;
}

void store_year_bounds(int year, char first[11], char last[11])
{
    date_format(date_from_ymd(year, 1, 1), first);
    date_format(date_from_ymd(year, 12, 31), last);
}

void store_copy_col(db_stmt *st, int col, char *dst, size_t cap)
{
    snprintf(dst, cap, "%s", db_col_text(st, col));
}

void store_now(char out[32])
{
    const char *fake = getenv("GONGKAI_NOW");
    if (fake && *fake) {
        snprintf(out, 32, "%s", fake);
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
}

/* ---- agencies ---- */

#define AGENCY_COLS "id, code, name, org_code, index_pattern, COALESCE(parent_id, 0), kind, level, host"

void store_agency_row(db_stmt *st, void *arg)
{
    struct store_agency *a = arg;
    a->id = db_col_int(st, 0);
    store_copy_col(st, 1, a->code, sizeof a->code);
    store_copy_col(st, 2, a->name, sizeof a->name);
    store_copy_col(st, 3, a->org_code, sizeof a->org_code);
    store_copy_col(st, 4, a->index_pattern, sizeof a->index_pattern);
    a->parent_id = db_col_int(st, 5);
    store_copy_col(st, 6, a->kind, sizeof a->kind);
    store_copy_col(st, 7, a->level, sizeof a->level);
    store_copy_col(st, 8, a->host, sizeof a->host);
    a->depth = 0;
}

int store_agency_add(store_t *s, const struct store_agency *a, int64_t *id, err *e)
{
    if (!a->code[0] || !a->name[0])
        return err_set(e, GK_EINVAL, "agency", "an agency needs a code and a name");
    char now[32];
    store_now(now);
    int64_t got = 0;
    int rc = db_run(s->db, e, &got,
                    "INSERT INTO agency(code, name, org_code, index_pattern, created_at, parent_id, kind, level, "
                    "host) VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?) RETURNING id",
                    "sssssisss", a->code, a->name, a->org_code,
                    a->index_pattern[0] ? a->index_pattern : "{ORG}/{YYYY}-{NNNNN}", now, a->parent_id,
                    a->kind[0] ? a->kind : "department", a->level, a->host);
    if (rc == GK_EINVAL && a->host[0])
        return err_set(e, GK_EINVAL, "agency", "an agency with code '%s' or host '%s' exists already", a->code,
                       a->host);
    if (rc == GK_EINVAL)
        return err_set(e, GK_EINVAL, "agency", "an agency with code '%s' exists already", a->code);
    if (!rc && id)
        *id = got;
    return rc;
}

static int agency_one(store_t *s, const char *sql, const char *types, const void *key,
                      struct store_agency *out, const char *what, err *e)
{
    int rc = types[0] == 's' ? db_query_one(s->db, e, store_agency_row, out, sql, "s", (const char *)key)
                             : db_query_one(s->db, e, store_agency_row, out, sql, "i", *(const int64_t *)key);
    return db_found(rc, e, "agency", "no agency %s", what);
}

int store_agency_get(store_t *s, const char *code, struct store_agency *out, err *e)
{
    char what[128];
    snprintf(what, sizeof what, "with code '%s'", code);
    return agency_one(s, "SELECT " AGENCY_COLS " FROM agency WHERE code = ?", "s", code, out, what, e);
}

int store_agency_by_id(store_t *s, int64_t id, struct store_agency *out, err *e)
{
    char what[64];
    snprintf(what, sizeof what, "with id %lld", (long long)id);
    return agency_one(s, "SELECT " AGENCY_COLS " FROM agency WHERE id = ?", "i", &id, out, what, e);
}

int store_agency_list(store_t *s, struct store_agency **out, size_t *n, err *e)
{
    return db_collect_array(s->db, e, store_agency_row, sizeof **out, out, n,
                            "SELECT " AGENCY_COLS " FROM agency ORDER BY code", "");
}

int store_agency_resolve(store_t *s, const char *code, struct store_agency *out, err *e)
{
    if (code && *code)
        return store_agency_get(s, code, out, e);
    struct store_agency *all;
    size_t n;
    int rc = store_agency_list(s, &all, &n, e);
    if (rc)
        return rc;
    if (n == 1) {
        *out = all[0];
        free(all);
        return 0;
    }
    if (n == 0) {
        free(all);
        return err_set(e, GK_ENOTFOUND, "agency",
                       "the database has no agency yet: create one first with "
                       "'gongkai agency add CODE --name NAME' and 'gongkai user add LOGIN --name NAME --role admin' for its first account "
                       "(or 'gongkai demo' for the demo agency)");
    }
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < n && i < 20; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", all[i].code);
    if (n > 20)
        buf_puts(&b, ", ...");
    rc = err_set(e, GK_EINVAL, "agency", "%zu agencies share this database: say which with --agency CODE (%s)",
                 n, b.data);
    buf_free(&b);
    free(all);
    return rc;
}

/* ---- audit ---- */

/* store_audit_add: src/store/audit.c (the chain) */

struct audit_each { int (*fn)(const struct store_audit_entry *, void *); void *arg; };

static int audit_each_row(db_stmt *st, void *arg)
{
    const struct audit_each *x = arg;
    struct store_audit_entry a = {0};
    a.id = db_col_int(st, 0);
    a.agency_id = db_col_int(st, 1);
    a.entity_id = db_col_int(st, 2);
    store_copy_col(st, 3, a.at, sizeof a.at);
    store_copy_col(st, 4, a.actor, sizeof a.actor);
    store_copy_col(st, 5, a.entity, sizeof a.entity);
    store_copy_col(st, 6, a.action, sizeof a.action);
    a.before_json = db_col_null(st, 7) ? NULL : xstrdup(db_col_text(st, 7));
    a.after_json = db_col_null(st, 8) ? NULL : xstrdup(db_col_text(st, 8));
    int stop = x->fn(&a, x->arg);
    free(a.before_json);
    free(a.after_json);
    return stop ? 1 : 0;
}

int store_audit_list(store_t *s, const struct store_audit_filter *f,
                     int (*fn)(const struct store_audit_entry *, void *), void *arg, err *e)
{
    struct db_q q;
    db_q_init(&q, "SELECT id, COALESCE(agency_id, 0), COALESCE(entity_id, 0), at, actor, entity, action,"
                  " before_json, after_json FROM audit WHERE 1 = 1");
    if (f->agency_id) db_q_int(&q, " AND agency_id = ?", f->agency_id);
    if (f->entity) db_q_text(&q, " AND entity = ?", f->entity);
    if (f->entity_id) db_q_int(&q, " AND entity_id = ?", f->entity_id);
    if (f->actor) db_q_text(&q, " AND actor = ?", f->actor);
    for (int k = 0; f->actions && f->actions[k] && k < 16; k++)
        db_q_text(&q, k == 0 ? " AND action IN (?" : ", ?", f->actions[k]);
    if (f->actions && f->actions[0])
        buf_puts(&q.sql, ")");
    if (f->since) db_q_text(&q, " AND at >= ?", f->since);
    if (f->until) {
        /* until is inclusive of its day: compare against the next day's start */
        char until[32];
        gk_day d;
        if (date_parse(f->until, &d, NULL) == 0)
            date_format(d + 1, until);
        else
            snprintf(until, sizeof until, "%s", f->until);
        db_q_text(&q, " AND at < ?", until);
    }
    db_q_int(&q, " ORDER BY id DESC LIMIT ?", f->limit > 0 ? f->limit : 100);
    db_q_int(&q, " OFFSET ?", f->offset > 0 ? f->offset : 0);
    struct audit_each x = {fn, arg};
    return db_q_each(s->db, e, &q, audit_each_row, &x);
}

/* ---- calendar: src/store/calendar.c ---- */

/* ---- settings ---- */

static void value_row(db_stmt *st, void *out) { buf_puts(out, db_col_text(st, 0)); }

int store_setting_get(store_t *s, int64_t agency_id, const char *key, buf *out, err *e)
{
    int rc = db_query_one(s->db, e, value_row, out,
                          "SELECT value FROM setting WHERE key = ? AND agency_id IN (?, 0) "
                          "ORDER BY agency_id DESC LIMIT 1",
                          "si", key, agency_id);
    /* unset is an answer, not a failure: GK_ENOTFOUND with e untouched (callers
     * that pass e on through callbacks read e->code) */
    return rc == 0 ? GK_ENOTFOUND : rc < 0 ? rc : 0;
}

int store_setting_init(store_t *s, int64_t agency_id, const char *key, const char *value, buf *out, err *e)
{
    int rc = db_begin(s->db, e);
    if (rc)
        return rc;
    rc = db_run(s->db, e, NULL,
                "INSERT INTO setting(agency_id, key, value) VALUES (?, ?, ?) ON CONFLICT (agency_id, key) DO NOTHING",
                "iss", agency_id, key, value);
    if (!rc)
        rc = store_setting_get(s, agency_id, key, out, e);
    if (rc) {
        db_rollback(s->db);
        return rc;
    }
    return db_commit(s->db, e);
}

int store_setting_set(store_t *s, int64_t agency_id, const char *key, const char *value, err *e)
{
    return db_run(s->db, e, NULL,
                  "INSERT INTO setting(agency_id, key, value) VALUES (?, ?, ?) "
                  "ON CONFLICT (agency_id, key) DO UPDATE SET value = excluded.value",
                  "iss", agency_id, key, value);
}

int store_policy_set(store_t *s, int64_t agency_id, const char *key, int64_t value, int64_t def, const char *actor,
                     err *e)
{
    buf before, bj, aj;
    buf_init(&before);
    buf_init(&bj);
    buf_init(&aj);
    char val[24];
    snprintf(val, sizeof val, "%lld", (long long)value);
    int rc = store_begin(s, e);
    if (!rc) {
        /* the value in force: the setting, else (unset or not a number) the default */
        int64_t was = def;
        int got = store_setting_get(s, agency_id, key, &before, e);
        if (got == 0 && before.data && !parse_i64(before.data, before.len, &was))
            was = def;
        buf_printf(&bj, "{\"key\":\"%s\",\"value\":%lld}", key, (long long)was);
        buf_printf(&aj, "{\"key\":\"%s\",\"value\":%lld}", key, (long long)value);
        if ((rc = got == GK_ENOTFOUND ? 0 : got) || (rc = store_setting_set(s, agency_id, key, val, e)) ||
            (rc = store_audit_add(s, agency_id, actor, "security", 0, "policy", bj.data, aj.data, e)))
            store_rollback(s);
        else
            rc = store_commit(s, e);
    }
    buf_free(&before);
    buf_free(&bj);
    buf_free(&aj);
    return rc;
}

void store_bind_date(db_stmt *st, int i, gk_day d)
{
    if (d) {
        char s[11];
        date_format(d, s);
        db_bind_text(st, i, s);
    } else {
        db_bind_null(st, i);
    }
}

gk_day store_col_date(db_stmt *st, int c)
{
    gk_day d = 0;
    if (!db_col_null(st, c) && date_parse(db_col_text(st, c), &d, NULL) != 0)
        d = 0;
    return d;
}
