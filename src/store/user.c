/* store — users and sessions: staff accounts, login sessions, API tokens,
 * rate events, and the data version behind the web's page cache. See the
 * "users and sessions" section of store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"

/* ---- accounts ---- */

#define USER_COLS "id, agency_id, login, name, role, pw_hash, active, created_at, last_login, pw_changed"

static void user_row(db_stmt *st, void *arg)
{
    struct store_user *u = arg;
    u->id = db_col_int(st, 0);
    u->agency_id = db_col_int(st, 1);
    store_copy_col(st, 2, u->login, sizeof u->login);
    store_copy_col(st, 3, u->name, sizeof u->name);
    store_copy_col(st, 4, u->role, sizeof u->role);
    store_copy_col(st, 5, u->pw_hash, sizeof u->pw_hash);
    u->active = db_col_int(st, 6) != 0;
    store_copy_col(st, 7, u->created_at, sizeof u->created_at);
    store_copy_col(st, 8, u->last_login, sizeof u->last_login);
    store_copy_col(st, 9, u->pw_changed, sizeof u->pw_changed);
    if (!u->pw_changed[0])   /* an account from before migration 016: its age counts from its creation */
        snprintf(u->pw_changed, sizeof u->pw_changed, "%s", u->created_at);
}

/* The password history (table pw_history, migration 016): every password
 * set, with the time it was set to the microsecond, so that two changes in
 * one second keep their order. */
static int pw_history_add(store_t *s, int64_t id, const char *pw_hash, const char *now, err *e)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char at[48];
    snprintf(at, sizeof at, "%.19s.%06ld", now, (long)(ts.tv_nsec / 1000));
    return db_run(s->db, e, NULL, "INSERT INTO pw_history(user_id, pw_hash, at) VALUES (?, ?, ?)", "iss", id,
                  pw_hash, at);
}

struct pw_each { int (*fn)(const char *pw_hash, void *); void *arg; };

static int pw_row(db_stmt *st, void *arg)
{
    const struct pw_each *x = arg;
    return x->fn(db_col_text(st, 0), x->arg);
}

int store_user_pw_history(store_t *s, int64_t id, int n, int (*fn)(const char *pw_hash, void *), void *arg, err *e)
{
    struct pw_each x = {fn, arg};
    return db_collect(s->db, e, pw_row, &x, "SELECT pw_hash FROM pw_history WHERE user_id = ? ORDER BY at DESC LIMIT ?",
                      "iI", id, n);
}

int store_user_add(store_t *s, const struct store_user *u, int64_t *id, err *e)
{
    if (!u->login[0] || !u->name[0] || !u->role[0] || !u->pw_hash[0] || !u->agency_id)
        return err_set(e, GK_EINVAL, "user", "an account needs an agency, a login, a name, a role and a password");
    char now[32];
    store_now(now);
    int64_t got = 0;
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = db_run(s->db, e, &got,
                "INSERT INTO app_user(agency_id, login, name, role, pw_hash, active, created_at, pw_changed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                "issssIss", u->agency_id, u->login, u->name, u->role, u->pw_hash, u->active ? 1 : 0, now, now);
    if (rc == GK_EINVAL) {
        store_rollback(s);
        struct store_user other;
        if (store_user_by_login(s, u->login, &other, NULL) == 0)
            return err_set(e, GK_EINVAL, "login", "the login '%s' is taken", u->login);
        return err_set(e, GK_EINVAL, "role", "'%s' is not a role", u->role);
    }
    if (!rc)
        rc = pw_history_add(s, got, u->pw_hash, now, e);
    if ((rc = store_end(s, rc, e)))
        return rc;
    if (id)
        *id = got;
    return 0;
}

static int user_one(store_t *s, const char *sql, const char *text, int64_t num,
                    struct store_user *out, err *e)
{
    int rc = text ? db_query_one(s->db, e, user_row, out, sql, "s", text)
                  : db_query_one(s->db, e, user_row, out, sql, "i", num);
    if (text)
        return db_found(rc, e, "user", "no account with login '%s'", text);
    return db_found(rc, e, "user", "no account with id %lld", (long long)num);
}

int store_user_get(store_t *s, int64_t id, struct store_user *out, err *e)
{
    return user_one(s, "SELECT " USER_COLS " FROM app_user WHERE id = ?", NULL, id, out, e);
}

int store_user_by_login(store_t *s, const char *login, struct store_user *out, err *e)
{
    return user_one(s, "SELECT " USER_COLS " FROM app_user WHERE login = ?", login, 0, out, e);
}

int store_user_list(store_t *s, int64_t agency_id, struct store_user **out, size_t *n, err *e)
{
    return db_collect_array(s->db, e, user_row, sizeof **out, out, n,
                            "SELECT " USER_COLS " FROM app_user WHERE agency_id = ? ORDER BY login", "i", agency_id);
}

int store_user_update(store_t *s, const struct store_user *u, err *e)
{
    int rc = db_run(s->db, e, NULL, "UPDATE app_user SET name = ?, role = ?, active = ? WHERE id = ?",
                    "ssIi", u->name, u->role, u->active ? 1 : 0, u->id);
    if (rc == GK_EINVAL)
        return err_set(e, GK_EINVAL, "role", "'%s' is not a role", u->role);
    if (!rc && db_changes(s->db) == 0)
        return err_set(e, GK_ENOTFOUND, "user", "no account with id %lld", (long long)u->id);
    return rc;
}

int store_user_set_password(store_t *s, int64_t id, const char *pw_hash, err *e)
{
    char now[32];
    store_now(now);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = db_run(s->db, e, NULL, "UPDATE app_user SET pw_hash = ?, pw_changed = ? WHERE id = ?", "ssi", pw_hash, now,
                id);
    if (!rc && db_changes(s->db) == 0)
        rc = err_set(e, GK_ENOTFOUND, "user", "no account with id %lld", (long long)id);
    if (!rc)
        rc = pw_history_add(s, id, pw_hash, now, e);
    return store_end(s, rc, e);
}

int store_user_create(store_t *s, const struct store_user *u, const char *actor, const char *after_json,
                      int64_t *id, err *e)
{
    int64_t got = 0;
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    if (!(rc = store_user_add(s, u, &got, e)))
        rc = store_audit_add(s, u->agency_id, actor, "user", got, "create", NULL, after_json, e);
    if ((rc = store_end(s, rc, e)))
        return rc;
    if (id)
        *id = got;
    return 0;
}

int store_user_change(store_t *s, const struct store_user_change *c, err *e)
{
    struct store_user u;
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = store_user_get(s, c->user_id, &u, e);
    if (!rc && c->set) {
        struct store_user v = *c->set;
        v.id = c->user_id;
        rc = store_user_update(s, &v, e);
    }
    if (!rc && c->pw_hash)
        rc = store_user_set_password(s, c->user_id, c->pw_hash, e);
    if (!rc && c->end_sessions)
        rc = store_session_delete_user(s, c->user_id, e);
    if (!rc)
        rc = store_audit_add(s, u.agency_id, c->actor, "user", c->user_id, c->action, c->before_json,
                             c->after_json, e);
    return store_end(s, rc, e);
}

int store_user_logged_in(store_t *s, int64_t id, err *e)
{
    char now[32];
    store_now(now);
    return db_run(s->db, e, NULL, "UPDATE app_user SET last_login = ? WHERE id = ?", "si", now, id);
}

int store_user_count_role(store_t *s, int64_t agency_id, const char *role, int64_t *n, err *e)
{
    return db_query_int(s->db, e, n, "SELECT COUNT(*) FROM app_user WHERE agency_id = ? AND role = ? AND active = 1",
                        "is", agency_id, role);
}

/* ---- sessions ---- */

int store_session_add(store_t *s, const struct store_session *ss, err *e)
{
    return db_run(s->db, e, NULL, "INSERT INTO web_session(id_hash, user_id, csrf, created, seen) VALUES (?, ?, ?, ?, ?)",
                  "sisii", ss->id_hash, ss->user_id, ss->csrf, ss->created, ss->seen);
}

static void session_row(db_stmt *st, void *arg)
{
    struct store_session *out = arg;
    store_copy_col(st, 0, out->id_hash, sizeof out->id_hash);
    out->user_id = db_col_int(st, 1);
    store_copy_col(st, 2, out->csrf, sizeof out->csrf);
    out->created = db_col_int(st, 3);
    out->seen = db_col_int(st, 4);
}

int store_session_get(store_t *s, const char *id_hash, struct store_session *out, err *e)
{
    int rc = db_query_one(s->db, e, session_row, out,
                          "SELECT id_hash, user_id, csrf, created, seen FROM web_session WHERE id_hash = ?", "s",
                          id_hash);
    return db_found(rc, e, "session", "no such session");
}

int store_session_touch(store_t *s, const char *id_hash, int64_t seen, err *e)
{
    return db_run(s->db, e, NULL, "UPDATE web_session SET seen = ? WHERE id_hash = ?", "is", seen, id_hash);
}

int store_session_delete(store_t *s, const char *id_hash, err *e)
{
    return db_run(s->db, e, NULL, "DELETE FROM web_session WHERE id_hash = ?", "s", id_hash);
}

int store_session_login(store_t *s, const struct store_session *ss, int64_t agency_id, const char *actor,
                        const char *after_json, err *e)
{
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    if (!(rc = store_session_add(s, ss, e)) && !(rc = store_user_logged_in(s, ss->user_id, e)))
        rc = store_audit_add(s, agency_id, actor, "user", ss->user_id, "login", NULL, after_json, e);
    return store_end(s, rc, e);
}

int store_user_login_notice(store_t *s, int64_t agency_id, int64_t user_id, struct store_login_notice *out, err *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT id, at, after_json FROM audit WHERE agency_id = ? AND entity = 'user' AND entity_id = ? "
                        "AND action = 'login' ORDER BY id DESC LIMIT 2", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, user_id);
    int64_t since = 0;
    for (int row = 0; (rc = db_step(st, e)) == 1; row++) {
        if (row == 0) {            /* this login */
            since = db_col_int(st, 0);
            continue;
        }
        since = db_col_int(st, 0);   /* the one before it */
        out->known = true;
        store_copy_col(st, 1, out->at, sizeof out->at);
        store_copy_col(st, 2, out->after_json, sizeof out->after_json);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!since)
        return 0;
    return db_query_int(s->db, e, &out->failures,
                        "SELECT COUNT(*) FROM audit WHERE agency_id = ? AND entity = 'user' AND entity_id = ? "
                        "AND action = 'login_failed' AND id > ?", "iii", agency_id, user_id, since);
}

int store_session_logout(store_t *s, const char *id_hash, int64_t user_id, int64_t agency_id, const char *actor,
                         err *e)
{
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    if (!(rc = store_session_delete(s, id_hash, e)))
        rc = store_audit_add(s, agency_id, actor, "user", user_id, "logout", NULL, NULL, e);
    return store_end(s, rc, e);
}

int store_session_delete_user(store_t *s, int64_t user_id, err *e)
{
    return db_run(s->db, e, NULL, "DELETE FROM web_session WHERE user_id = ?", "i", user_id);
}

int store_session_purge(store_t *s, int64_t idle_before, int64_t created_before, err *e)
{
    return db_run(s->db, e, NULL, "DELETE FROM web_session WHERE seen < ? OR created < ?", "ii",
                  idle_before, created_before);
}

/* ---- API tokens ---- */

#define TOKEN_COLS "t.id, t.user_id, u.login, t.name, t.hash, t.prefix, t.created, t.last_used, t.revoked"

static void token_row(db_stmt *st, void *arg)
{
    struct store_token *t = arg;
    t->id = db_col_int(st, 0);
    t->user_id = db_col_int(st, 1);
    store_copy_col(st, 2, t->user_login, sizeof t->user_login);
    store_copy_col(st, 3, t->name, sizeof t->name);
    store_copy_col(st, 4, t->hash, sizeof t->hash);
    store_copy_col(st, 5, t->prefix, sizeof t->prefix);
    t->created = db_col_int(st, 6);
    t->last_used = db_col_int(st, 7);
    t->revoked = db_col_int(st, 8) != 0;
}

int store_token_add(store_t *s, const struct store_token *t, const char *actor, int64_t *id, err *e)
{
    if (!t->name[0] || !t->hash[0] || !t->user_id)
        return err_set(e, GK_EINVAL, "token", "a token needs an account, a name and a hash");
    struct store_user u;
    int64_t got = 0;
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    if (!(rc = store_user_get(s, t->user_id, &u, e)))
        rc = db_run(s->db, e, &got,
                    "INSERT INTO api_token(user_id, name, hash, prefix, created) VALUES (?, ?, ?, ?, ?) RETURNING id",
                    "isssi", t->user_id, t->name, t->hash, t->prefix, t->created);
    if (!rc) {
        buf j;
        buf_init(&j);
        buf_puts(&j, "{\"user\":");
        buf_json_str(&j, u.login);
        buf_puts(&j, "}");
        rc = store_audit_add(s, u.agency_id, actor, "token", got, "create", NULL, j.data, e);
        buf_free(&j);
    }
    if ((rc = store_end(s, rc, e)))
        return rc;
    if (id)
        *id = got;
    return 0;
}

static int token_one(store_t *s, const char *where, const char *text, int64_t num, struct store_token *out, err *e)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT " TOKEN_COLS " FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE %s",
             where);
    int rc = text ? db_query_one(s->db, e, token_row, out, sql, "s", text)
                  : db_query_one(s->db, e, token_row, out, sql, "i", num);
    return db_found(rc, e, "token", "no such token");
}

int store_token_find(store_t *s, const char *hash, struct store_token *out, err *e)
{
    return token_one(s, "t.hash = ? AND t.revoked = 0", hash, 0, out, e);
}

int store_token_get(store_t *s, int64_t id, struct store_token *out, err *e)
{
    return token_one(s, "t.id = ?", NULL, id, out, e);
}

int store_token_list(store_t *s, int64_t agency_id, int64_t user_id, struct store_token **out,
                     size_t *n, err *e)
{
    return db_collect_array(s->db, e, token_row, sizeof **out, out, n,
                            user_id ? "SELECT " TOKEN_COLS " FROM api_token t JOIN app_user u ON u.id = t.user_id"
                                      " WHERE u.agency_id = ? AND t.user_id = ? ORDER BY t.id DESC"
                                    : "SELECT " TOKEN_COLS " FROM api_token t JOIN app_user u ON u.id = t.user_id"
                                      " WHERE u.agency_id = ? ORDER BY t.id DESC",
                            user_id ? "ii" : "i", agency_id, user_id);
}

int store_token_revoke(store_t *s, int64_t id, const char *actor, err *e)
{
    struct store_token t;
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    if (!(rc = store_token_get(s, id, &t, e)))
        rc = db_run(s->db, e, NULL, "UPDATE api_token SET revoked = 1 WHERE id = ?", "i", id);
    if (!rc) {
        struct store_user u;
        if (!(rc = store_user_get(s, t.user_id, &u, e)))
            rc = store_audit_add(s, u.agency_id, actor, "token", id, "revoke", NULL, NULL, e);
    }
    return store_end(s, rc, e);
}

int store_token_used(store_t *s, int64_t id, int64_t at, err *e)
{
    return db_run(s->db, e, NULL, "UPDATE api_token SET last_used = ? WHERE id = ?", "ii", at, id);
}

/* ---- rate events ---- */

/* Kinds whose key is an applicant's personal data (web/throttle.c): kept as
 * a keyed hash, never in clear (issue 15). */
static const char *const personal_rate_kinds[] = {"apply_phone", "apply_id"};

const char *store_rate_key(store_t *s, const char *kind, const char *key, char out[SEAL_HASH_HEX])
{
    for (size_t i = 0; i < sizeof personal_rate_kinds / sizeof personal_rate_kinds[0]; i++)
        if (strcmp(kind, personal_rate_kinds[i]) == 0) {
            seal_lookup(s->keys, kind, key, out);
            return out;
        }
    return key;
}

int store_rate_add(store_t *s, const char *kind, const char *key, int64_t at, err *e)
{
    char hk[SEAL_HASH_HEX];
    key = store_rate_key(s, kind, key, hk);
    return db_run(s->db, e, NULL, "INSERT INTO rate_event(kind, key, at) VALUES (?, ?, ?)", "ssi", kind, key, at);
}

int store_rate_count(store_t *s, const char *kind, const char *key, int64_t since, int64_t *n, err *e)
{
    char hk[SEAL_HASH_HEX];
    key = store_rate_key(s, kind, key, hk);
    *n = 0;
    return db_query_int(s->db, e, n, "SELECT COUNT(*) FROM rate_event WHERE kind = ? AND key = ? AND at >= ?", "ssi",
                        kind, key, since);
}

struct count_last { int64_t *n, *last; };

static void count_last_row(db_stmt *st, void *arg)
{
    const struct count_last *x = arg;
    *x->n = db_col_int(st, 0);
    *x->last = db_col_int(st, 1);
}

int store_rate_last(store_t *s, const char *kind, const char *key, int64_t since, int64_t *n, int64_t *last, err *e)
{
    char hk[SEAL_HASH_HEX];
    key = store_rate_key(s, kind, key, hk);
    *n = *last = 0;
    struct count_last x = {n, last};
    int rc = db_query_one(s->db, e, count_last_row, &x,
                          "SELECT COUNT(*), COALESCE(MAX(at), 0) FROM rate_event WHERE kind = ? AND key = ? AND at >= ?",
                          "ssi", kind, key, since);
    return rc < 0 ? rc : 0;
}

struct group_each { int (*fn)(const char *key, int64_t n, int64_t last, void *); void *arg; };

static int group_row(db_stmt *st, void *arg)
{
    const struct group_each *x = arg;
    return x->fn(db_col_text(st, 0), db_col_int(st, 1), db_col_int(st, 2), x->arg);
}

int store_rate_groups(store_t *s, const char *kind, int64_t since, int limit,
                      int (*fn)(const char *key, int64_t n, int64_t last, void *), void *arg, err *e)
{
    struct group_each x = {fn, arg};
    return db_collect(s->db, e, group_row, &x,
                      "SELECT key, COUNT(*), MAX(at) FROM rate_event WHERE kind = ? AND at >= ? GROUP BY key "
                      "ORDER BY MAX(at) DESC, key LIMIT ?",
                      "siI", kind, since, limit > 0 ? limit : 100);
}

int store_rate_clear(store_t *s, const char *kind, const char *key, err *e)
{
    char hk[SEAL_HASH_HEX];
    key = store_rate_key(s, kind, key, hk);
    return db_run(s->db, e, NULL, "DELETE FROM rate_event WHERE kind = ? AND key = ?", "ss", kind, key);
}

int store_rate_purge(store_t *s, int64_t before, err *e)
{
    return db_run(s->db, e, NULL, "DELETE FROM rate_event WHERE at < ?", "i", before);
}

/* ---- data version ---- */

int64_t store_data_version(store_t *s)
{
    if (db_kind(s->db) != DB_SQLITE)
        return 0;
    db_stmt *st;
    if (db_prepare(s->db, "PRAGMA data_version", &st, NULL))
        return 0;
    int64_t v = db_step(st, NULL) == 1 ? db_col_int(st, 0) : 0;
    db_finalize(st);
    return v;
}
