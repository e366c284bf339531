/* store — applicants' personal fields sealed at rest (issue 15): sealing
 * on write, the keys of a store, sealing the clear rows of an older
 * database, and key rotation in batches while the server answers.
 * The cipher and the key file are seal.c's; see store.h ("sealed
 * personal data") for what a caller sees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "disclosure/disclosure.h"
#include "store/store_internal.h"

/* The sealed columns of application, in the order of enum SEALED_*. */
static const char *const sealed_cols[SEALED_N] = {"name", "id_number", "phone", "email", "address"};

void store_phone_hash(store_t *s, const char *digits, char out[SEAL_HASH_HEX])
{
    seal_lookup(s->keys, "phone", digits, out);
}

void store_who_hash(store_t *s, const struct app *a, char out[SEAL_HASH_HEX])
{
    if (a->id_number[0]) {
        seal_lookup(s->keys, "id", a->id_number, out);
        return;
    }
    char digits[32];
    app_phone_digits(a->phone, digits);
    buf b;
    buf_init(&b);
    buf_printf(&b, "%s\x1f%s", a->name, digits);
    seal_lookup(s->keys, "np", b.data, out);
    buf_free(&b);
}

void store_sealed_free(struct store_sealed *sv)
{
    for (int i = 0; i < SEALED_N; i++)
        buf_free(&sv->f[i]);
}

int store_seal_app(store_t *s, const struct app *a, struct store_sealed *out, err *e)
{
    const char *clear[SEALED_N] = {a->name, a->id_number, a->phone, a->email, a->address};
    memset(out, 0, sizeof *out);
    int rc = 0;
    for (int i = 0; i < SEALED_N; i++) {
        buf_init(&out->f[i]);
        if (!rc)
            rc = seal_text(s->keys, sealed_cols[i], clear[i], &out->f[i], e);
        if (!out->f[i].data)
            buf_puts(&out->f[i], "");
    }
    if (rc) {
        store_sealed_free(out);
        return rc;
    }
    out->key = seal_keys_current(s->keys);
    char digits[32];
    app_phone_digits(a->phone, digits);
    if (digits[0])
        store_phone_hash(s, digits, out->phone_hash);
    else
        out->phone_hash[0] = 0;
    store_who_hash(s, a, out->who_hash);
    return 0;
}

/* ---- re-sealing in batches ---- */

/* Re-seals up to limit rows whose key is not the current one (0 = clear
 * text) in one transaction; *done gets how many. A row changed meanwhile
 * (its key moved) is left to the next batch. */
static int reseal_batch(store_t *s, int limit, int64_t *done, err *e)
{
    *done = 0;
    int cur = seal_keys_current(s->keys);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    db_stmt *st;
    if ((rc = db_prepare(s->db,
                         "SELECT id, seal_key, name, id_number, phone, email, address FROM application "
                         "WHERE seal_key <> ? ORDER BY seal_key, id LIMIT ?", &st, e))) {
        store_rollback(s);
        return rc;
    }
    db_bind_int(st, 1, cur);
    db_bind_int(st, 2, limit);
    struct app *a = xmalloc(sizeof *a);
    struct { int64_t id; int key; struct store_sealed sv; } *v = xcalloc((size_t)limit, sizeof *v);
    int64_t n = 0;
    while (!rc && (rc = db_step(st, e)) == 1) {
        memset(a, 0, sizeof *a);
        v[n].id = db_col_int(st, 0);
        v[n].key = (int)db_col_int(st, 1);
        char *dst[SEALED_N] = {a->name, a->id_number, a->phone, a->email, a->address};
        size_t cap[SEALED_N] = {sizeof a->name, sizeof a->id_number, sizeof a->phone, sizeof a->email,
                                sizeof a->address};
        rc = 0;
        for (int i = 0; i < SEALED_N && !rc; i++)
            rc = seal_open_text(s->keys, sealed_cols[i], db_col_text(st, 2 + i), dst[i], cap[i], e);
        if (!rc && !(rc = store_seal_app(s, a, &v[n].sv, e)))
            n++;
        else if (rc) {
            char why[sizeof e->msg];
            snprintf(why, sizeof why, "%s", e ? e->msg : "");
            err_set(e, rc, "seal", "application id %lld: %s", (long long)v[n].id, why);
        }
    }
    db_finalize(st);
    for (int64_t i = 0; i < n && rc >= 0; i++) {
        struct store_sealed *sv = &v[i].sv;
        rc = db_run(s->db, e, NULL,
                    "UPDATE application SET name = ?, id_number = ?, phone = ?, email = ?, address = ?, "
                    "phone_hash = ?, who_hash = ?, phone_digits = '', seal_key = ? WHERE id = ? AND seal_key = ?",
                    "sssssssiii", sv->f[0].data, sv->f[1].data, sv->f[2].data, sv->f[3].data, sv->f[4].data,
                    sv->phone_hash, sv->who_hash, (int64_t)sv->key, v[i].id, (int64_t)v[i].key);
    }
    for (int64_t i = 0; i < n; i++)
        store_sealed_free(&v[i].sv);
    free(v);
    memset(a, 0, sizeof *a);
    free(a);
    if (rc < 0) {
        store_rollback(s);
        return rc;
    }
    if ((rc = store_commit(s, e)))
        return rc;
    *done = n;
    return 0;
}

int store_seal_count(store_t *s, struct store_seal_status *out, err *e)
{
    memset(out, 0, sizeof *out);
    out->current_key = seal_keys_current(s->keys);
    snprintf(out->cipher, sizeof out->cipher, "%s", seal_cipher_name(seal_keys_cipher(s->keys)));
    snprintf(out->key_file, sizeof out->key_file, "%s", seal_keys_path(s->keys));
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT seal_key, COUNT(*) FROM application GROUP BY seal_key ORDER BY seal_key",
                        &st, e);
    if (rc)
        return rc;
    while ((rc = db_step(st, e)) == 1) {
        int key = (int)db_col_int(st, 0);
        int64_t n = db_col_int(st, 1);
        out->total += n;
        if (key == 0)
            out->clear += n;
        else if (key == out->current_key)
            out->current += n;
        else
            out->older += n;
    }
    db_finalize(st);
    return rc < 0 ? rc : store_eng_seal_count(s, out->current_key, &out->registers, e);
}

/* Space the clear text held is rewritten: SQLite keeps freed pages (and a
 * WAL) in its file until they are reused; VACUUM rebuilds the file from the
 * live rows and the checkpoint empties the WAL. PostgreSQL's dumps hold only
 * live rows (its own files: VACUUM FULL, docs/operations.md §17). */
static int scrub_freed(store_t *s, err *e)
{
    if (db_kind(s->db) != DB_SQLITE)
        return 0;
    int rc = db_exec(s->db, "VACUUM", e);
    return rc ? rc : db_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", e);
}

/* Seals and re-seals in batches; with rotate, first adds a key of cipher c. */
static int seal_run(store_t *s, int batch, bool rotate, enum seal_cipher c, struct store_seal_progress *p, err *e)
{
    if (batch < 1 || batch > STORE_SEAL_BATCH_MAX)
        return err_set(e, GK_EINVAL, "batch", "a batch is 1 to %d rows", STORE_SEAL_BATCH_MAX);
    memset(p, 0, sizeof *p);
    int rc = 0;
    if (rotate && (rc = seal_keys_add(s->keys, c, &p->new_key, e)))
        return rc;
    p->new_key = seal_keys_current(s->keys);
    struct timespec t0, t1, b0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* the applications, then the registers */
    for (int which = 0; which < 2;) {
        int64_t n;
        clock_gettime(CLOCK_MONOTONIC, &b0);
        if ((rc = which == 0 ? reseal_batch(s, batch, &n, e) : store_eng_reseal(s, batch, &n, e)))
            return rc;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (double)(t1.tv_sec - b0.tv_sec) * 1e3 + (double)(t1.tv_nsec - b0.tv_nsec) / 1e6;
        if (n == 0) {
            which++;
            continue;
        }
        p->rows += n;
        p->batches++;
        if (ms > p->max_batch_ms)
            p->max_batch_ms = ms;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    p->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (p->rows && !rotate && (rc = scrub_freed(s, e)))
        return rc;
    if (p->rows || rotate) {
        char what[160];
        snprintf(what, sizeof what, "{\"rows\":%lld,\"key\":%d,\"cipher\":\"%s\"}", (long long)p->rows, p->new_key,
                 seal_cipher_name(seal_keys_cipher(s->keys)));
        rc = store_audit_add(s, 0, "system", "seal", p->new_key, rotate ? "rotate" : "seal", NULL, what, e);
    }
    return rc;
}

int store_seal_run(store_t *s, int batch, bool rotate, struct store_seal_progress *p, err *e)
{
    return seal_run(s, batch, rotate, seal_keys_cipher(s->keys), p, e);
}

int store_seal_rotate(store_t *s, int batch, const char *cipher, struct store_seal_progress *p, err *e)
{
    enum seal_cipher c = seal_keys_cipher(s->keys);
    int rc = cipher ? seal_cipher_parse(cipher, &c, e) : 0;
    return rc ? rc : seal_run(s, batch, true, c, p, e);
}

/* ---- the keys of a store ---- */

/* A file outside the database: $var, else next to a SQLite file, else in
 * var/ (PostgreSQL). */
static void outside_path(const char *var, const char *suffix, const char *target, bool pg, char *out, size_t cap)
{
    const char *env = getenv(var);
    if (env && *env)
        snprintf(out, cap, "%s", env);
    else if (pg) {
        (void)mkdir("var", 0700);   /* EEXIST is fine; another failure shows when the file is opened */
        snprintf(out, cap, "var/gongkai.%s", suffix);
    }
    else
        snprintf(out, cap, "%s.%s", target, suffix);
}

/* The setting seal.check holds a keyed hash of a constant: a key file that
 * is not this database's is refused before anything is sealed with it. */
static int keys_check(store_t *s, bool *known, err *e)
{
    char want[SEAL_HASH_HEX];
    seal_lookup(s->keys, "check", "gongkai", want);
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT value FROM setting WHERE agency_id = 0 AND key = 'seal.check'", &st, e);
    if (rc)
        return rc;
    char have[SEAL_HASH_HEX] = "";
    *known = false;
    if ((rc = db_step(st, e)) == 1) {
        store_copy_col(st, 0, have, sizeof have);
        *known = true;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (*known)
        return strcmp(have, want) == 0
                   ? 0
                   : err_set(e, GK_EINVAL, seal_keys_path(s->keys),
                             "this key file does not hold this database's keys (set GONGKAI_KEY_FILE to its own)");
    return db_run(s->db, e, NULL, "INSERT INTO setting(agency_id, key, value) VALUES (0, 'seal.check', ?)", "s", want);
}

static int database_has_check(store_t *s, bool *has, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT 1 FROM setting WHERE agency_id = 0 AND key = 'seal.check'", &st, e);
    if (rc)
        return rc;
    rc = db_step(st, e);
    db_finalize(st);
    *has = rc == 1;
    return rc < 0 ? rc : 0;
}

int store_keys_setup(store_t *s, const char *target, err *e)
{
    bool pg = db_kind(s->db) != DB_SQLITE, has = false, known;
    int rc;
    if (!pg && strcmp(target, ":memory:") == 0) {
        s->keys = seal_keys_ephemeral();
    } else {
        char path[1024];
        outside_path("GONGKAI_KEY_FILE", "keys", target, pg, path, sizeof path);
        outside_path("GONGKAI_AUDIT_CHECKPOINTS", "checkpoints", target, pg, s->checkpoints, sizeof s->checkpoints);
        /* a new key file only for a database that never had one */
        if ((rc = database_has_check(s, &has, e)) || (rc = seal_keys_open(path, !has, &s->keys, e)))
            return rc;
    }
    if ((rc = keys_check(s, &known, e)))
        return rc;
    if ((rc = store_audit_chain_pending(s, e)))
        return rc;
    /* rows of a database from before migration 016 are sealed at first start
     * (an index seek on application_seal: no scan at every start) */
    db_stmt *st;
    if ((rc = db_prepare(s->db, "SELECT 1 FROM application WHERE seal_key = 0 LIMIT 1", &st, e)))
        return rc;
    rc = db_step(st, e);
    db_finalize(st);
    bool regs = false;
    if (rc < 0 || (rc == 0 && (rc = store_eng_has_clear(s, &regs, e))))
        return rc;
    if (rc == 0 && !regs)
        return 0;
    struct store_seal_progress p;
    return store_seal_run(s, 1000, false, &p, e);
}

/* ---- retention ---- */

int store_app_retention(store_t *s, int64_t agency_id, gk_day before, const char *actor, int64_t *n, err *e)
{
    char cut[11], today[11];
    date_format(before, cut);
    date_format(date_today(), today);
    *n = 0;
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    db_stmt *st;
    if (!(rc = db_prepare(s->db,
                          "SELECT COUNT(*) FROM application WHERE agency_id = ? AND concluded IS NOT NULL "
                          "AND concluded < ? AND erased IS NULL", &st, e))) {
        db_bind_int(st, 1, agency_id);
        db_bind_text(st, 2, cut);
        if ((rc = db_step(st, e)) == 1)
            *n = db_col_int(st, 0);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    /* what table 三 counts (kind, outcome, dates, intake) stays */
    if (!rc && *n)
        rc = db_run(s->db, e, NULL,
                    "UPDATE application SET name = '', id_number = '', phone = '', phone_digits = '', email = '', "
                    "address = '', phone_hash = '', who_hash = '', dl_ref = '', erased = ? "
                    "WHERE agency_id = ? AND concluded IS NOT NULL AND concluded < ? AND erased IS NULL",
                    "sis", today, agency_id, cut);
    if (!rc && *n) {
        char what[96];
        snprintf(what, sizeof what, "{\"rows\":%lld,\"concluded_before\":\"%s\"}", (long long)*n, cut);
        rc = store_audit_add(s, agency_id, actor, "retention", 0, "erase_personal", NULL, what, e);
    }
    return store_end(s, rc, e);
}

/* ---- 三员分立: who holds the three administrator roles ---- */

struct duty_each { int (*fn)(const char *login, const char *name, const char *role, void *); void *arg; };

static int duty_row(db_stmt *st, void *arg)
{
    const struct duty_each *x = arg;
    return x->fn(db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), x->arg);
}

int store_duty_holders(store_t *s, int (*fn)(const char *login, const char *name, const char *role, void *),
                       void *arg, err *e)
{
    struct duty_each x = {fn, arg};
    return db_collect(s->db, e, duty_row, &x,
                      "SELECT login, name, role FROM app_user WHERE active = 1 AND role IN ('admin', 'security', "
                      "'auditor') ORDER BY name, role, login",
                      "");
}
