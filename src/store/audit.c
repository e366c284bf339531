/* store — the audit trail as a tamper-evident chain (issue 15): each row
 * carries a keyed hash (the key file's audit key, seal.c) of its own fields,
 * its id and position, and the hash of the row before it in its agency's
 * chain; audit_head keeps each chain's last link; checkpoints of the heads
 * are appended to a file outside the database. `gongkai audit verify`
 * (store_audit_verify) walks every chain and names the first row that does
 * not match. See store.h ("audit trail"). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_internal.h"

#define CHECKPOINT_LINE_MAX 512
#define CHECKPOINT_FILE_MAX (64 * 1024 * 1024)

/* A field as "length:bytes" so that no two rows serialise alike. */
static void field(buf *b, const char *v)
{
    if (!v) {
        buf_puts(b, "-;");
        return;
    }
    buf_printf(b, "%zu:", strlen(v));
    buf_puts(b, v);
    buf_putc(b, ';');
}

struct audit_row {
    int64_t id, chain, seq, entity_id;
    const char *at, *actor, *entity, *action, *before, *after, *prev;
};

static void row_mac(store_t *s, const struct audit_row *r, char out[SEAL_HASH_HEX])
{
    buf b;
    buf_init(&b);
    buf_printf(&b, "gongkai-audit-1;%lld;%lld;%lld;%lld;", (long long)r->id, (long long)r->chain,
               (long long)r->seq, (long long)r->entity_id);
    field(&b, r->at);
    field(&b, r->actor);
    field(&b, r->entity);
    field(&b, r->action);
    field(&b, r->before);
    field(&b, r->after);
    field(&b, r->prev);
    seal_audit_mac(s->keys, b.data, b.len, out);
    buf_free(&b);
}

/* The chain's last link, locked for this transaction (the UPDATE takes the
 * row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises). */
static int head_lock(store_t *s, int64_t chain, int64_t *seq, char hash[SEAL_HASH_HEX], err *e)
{
    int rc = db_run(s->db, e, NULL,
                    "INSERT INTO audit_head(chain, seq, hash, audit_id) VALUES (?, 0, '', 0) "
                    "ON CONFLICT (chain) DO NOTHING", "i", chain);
    if (rc || (rc = db_run(s->db, e, NULL, "UPDATE audit_head SET seq = seq WHERE chain = ?", "i", chain)))
        return rc;
    db_stmt *st;
    if ((rc = db_prepare(s->db, "SELECT seq, hash FROM audit_head WHERE chain = ?", &st, e)))
        return rc;
    db_bind_int(st, 1, chain);
    if ((rc = db_step(st, e)) == 1) {
        *seq = db_col_int(st, 0);
        store_copy_col(st, 1, hash, SEAL_HASH_HEX);
    } else if (rc == 0) {
        rc = err_set(e, GK_EIO, "audit", "the head of audit chain %lld is missing", (long long)chain);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Links row r (id, fields set) after the head: its hash, then the head. */
static int link_row(store_t *s, struct audit_row *r, err *e)
{
    int64_t seq;
    char prev[SEAL_HASH_HEX], hash[SEAL_HASH_HEX];
    int rc = head_lock(s, r->chain, &seq, prev, e);
    if (rc)
        return rc;
    r->seq = seq + 1;
    r->prev = prev;
    row_mac(s, r, hash);
    if ((rc = db_run(s->db, e, NULL, "UPDATE audit SET chain_seq = ?, prev_hash = ?, hash = ? WHERE id = ?", "issi",
                     r->seq, prev, hash, r->id)))
        return rc;
    return db_run(s->db, e, NULL, "UPDATE audit_head SET seq = ?, hash = ?, audit_id = ? WHERE chain = ?", "isii",
                  r->seq, hash, r->id, r->chain);
}

static int audit_insert(store_t *s, struct audit_row *r, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "INSERT INTO audit(agency_id, at, actor, entity, entity_id, action, before_json, after_json)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &st, e);
    if (rc)
        return rc;
    if (r->chain)
        db_bind_int(st, 1, r->chain);
    else
        db_bind_null(st, 1);
    db_bind_text(st, 2, r->at);
    db_bind_text(st, 3, r->actor);
    db_bind_text(st, 4, r->entity);
    db_bind_int(st, 5, r->entity_id);
    db_bind_text(st, 6, r->action);
    db_bind_text(st, 7, r->before);
    db_bind_text(st, 8, r->after);
    rc = db_step(st, e);
    if (rc == 1) {
        r->id = db_col_int(st, 0);
        rc = db_step(st, e);
    } else if (rc == 0) {
        rc = err_set(e, GK_EIO, "audit", "the new audit row got no id");
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int store_audit_add(store_t *s, int64_t agency_id, const char *actor, const char *entity,
                    int64_t entity_id, const char *action, const char *before_json,
                    const char *after_json, err *e)
{
    char now[32];
    store_now(now);
    struct audit_row r = {.chain = agency_id, .entity_id = entity_id, .at = now,
                          .actor = actor && *actor ? actor : "system", .entity = entity, .action = action,
                          .before = before_json, .after = after_json};
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    if ((rc = audit_insert(s, &r, e)) || (rc = link_row(s, &r, e))) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

/* ---- rows from before migration 016 ---- */

#define AUDIT_ROW_COLS "id, COALESCE(agency_id, 0), COALESCE(entity_id, 0), at, actor, entity, action, " \
                       "before_json, after_json, chain_seq, prev_hash, hash"

static void row_from(db_stmt *st, struct audit_row *r)
{
    r->id = db_col_int(st, 0);
    r->chain = db_col_int(st, 1);
    r->entity_id = db_col_int(st, 2);
    r->at = db_col_text(st, 3);
    r->actor = db_col_text(st, 4);
    r->entity = db_col_text(st, 5);
    r->action = db_col_text(st, 6);
    r->before = db_col_null(st, 7) ? NULL : db_col_text(st, 7);
    r->after = db_col_null(st, 8) ? NULL : db_col_text(st, 8);
    r->seq = db_col_int(st, 9);
    r->prev = db_col_text(st, 10);
}

/* Rows without a hash exist only in a database from before migration 016:
 * once they are chained the setting audit.chained says so, and later starts
 * look no further (no scan of the trail at every start). */
int store_audit_chain_pending(store_t *s, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT 1 FROM setting WHERE agency_id = 0 AND key = 'audit.chained'", &st, e);
    if (rc)
        return rc;
    rc = db_step(st, e);
    db_finalize(st);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    if ((rc = store_begin(s, e)))
        return rc;
    if ((rc = db_run(s->db, e, NULL, "INSERT INTO setting(agency_id, key, value) VALUES (0, 'audit.chained', '1') "
                                     "ON CONFLICT (agency_id, key) DO NOTHING", ""))) {
        store_rollback(s);
        return rc;
    }
    if ((rc = db_prepare(s->db, "SELECT " AUDIT_ROW_COLS " FROM audit WHERE hash = '' ORDER BY id", &st, e))) {
        store_rollback(s);
        return rc;
    }
    /* the rows are copied first: one statement reads while others write */
    struct pending { struct audit_row r; char *text[6]; } *v = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st, e)) == 1) {
        if (n == cap)
            v = xrealloc(v, (cap = cap ? cap * 2 : 256) * sizeof *v);
        struct audit_row r;
        row_from(st, &r);
        const char *src[6] = {r.at, r.actor, r.entity, r.action, r.before, r.after};
        for (int i = 0; i < 6; i++)
            v[n].text[i] = src[i] ? xstrdup(src[i]) : NULL;
        v[n].r = (struct audit_row){.id = r.id, .chain = r.chain, .entity_id = r.entity_id, .at = v[n].text[0],
                                    .actor = v[n].text[1], .entity = v[n].text[2], .action = v[n].text[3],
                                    .before = v[n].text[4], .after = v[n].text[5]};
        n++;
    }
    db_finalize(st);
    for (size_t i = 0; i < n && rc >= 0; i++)
        rc = link_row(s, &v[i].r, e);
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 6; k++)
            free(v[i].text[k]);
    free(v);
    if (rc < 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

/* ---- checkpoints outside the database ---- */

const char *store_audit_checkpoint_path(const store_t *s) { return s->checkpoints; }

int store_audit_checkpoint(store_t *s, const char *path, int *chains, err *e)
{
    *chains = 0;
    if (!path || !*path)
        return err_set(e, GK_EINVAL, "checkpoints", "no checkpoint file (set GONGKAI_AUDIT_CHECKPOINTS)");
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT chain, seq, hash, audit_id FROM audit_head WHERE seq > 0 ORDER BY chain",
                        &st, e);
    if (rc)
        return rc;
    char now[32];
    store_now(now);
    buf b;
    buf_init(&b);
    while ((rc = db_step(st, e)) == 1) {
        buf_printf(&b, "%s chain=%lld seq=%lld id=%lld hash=%s\n", now, (long long)db_col_int(st, 0),
                   (long long)db_col_int(st, 1), (long long)db_col_int(st, 3), db_col_text(st, 2));
        (*chains)++;
    }
    db_finalize(st);
    if (rc < 0 || !b.len) {
        buf_free(&b);
        return rc < 0 ? rc : 0;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        rc = err_set(e, GK_EIO, path, "cannot append to the checkpoint file: %s", strerror(errno));
    else {
        bool bad = write(fd, b.data, b.len) != (ssize_t)b.len || fsync(fd) != 0;
        if ((close(fd) != 0) | bad)
            rc = err_set(e, GK_EIO, path, "cannot append to the checkpoint file: %s", strerror(errno));
    }
    buf_free(&b);
    return rc;
}

/* ---- verification ---- */

static int bad_row(struct store_audit_verdict *v, int64_t id, const char *fmt, const char *why, long long a,
                   long long b)
{
    v->ok = false;
    v->row_id = id;
    snprintf(v->msg, sizeof v->msg, fmt, (long long)id, why, a, b);
    return 0;
}

static bool seq_exists(store_t *s, int64_t chain, int64_t seq)
{
    db_stmt *st;
    if (db_prepare(s->db, "SELECT 1 FROM audit WHERE COALESCE(agency_id, 0) = ? AND chain_seq = ?", &st, NULL))
        return false;
    db_bind_int(st, 1, chain);
    db_bind_int(st, 2, seq);
    bool found = db_step(st, NULL) == 1;
    db_finalize(st);
    return found;
}

/* Walks one chain in id order from its base. */
static int verify_chain(store_t *s, int64_t chain, struct store_audit_verdict *v, err *e)
{
    int64_t seq = 0, head_seq = 0, head_id = 0;
    char prev[SEAL_HASH_HEX] = "", head_hash[SEAL_HASH_HEX] = "", hash[SEAL_HASH_HEX];
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT base_seq, base_hash, seq, hash, audit_id FROM audit_head WHERE chain = ?", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, chain);
    if ((rc = db_step(st, e)) == 1) {
        seq = db_col_int(st, 0);
        store_copy_col(st, 1, prev, sizeof prev);
        head_seq = db_col_int(st, 2);
        store_copy_col(st, 3, head_hash, sizeof head_hash);
        head_id = db_col_int(st, 4);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(s->db, "SELECT " AUDIT_ROW_COLS " FROM audit WHERE COALESCE(agency_id, 0) = ? ORDER BY id",
                         &st, e)))
        return rc;
    db_bind_int(st, 1, chain);
    int64_t last_id = 0;
    while (v->ok && (rc = db_step(st, e)) == 1) {
        struct audit_row r;
        row_from(st, &r);
        v->rows++;
        row_mac(s, &r, hash);
        if (r.seq != seq + 1)
            bad_row(v, r.id, "audit row %lld: %s (its place in the chain is %lld, the row before it ends at %lld)",
                    r.seq <= seq || seq_exists(s, chain, seq + 1) ? "out of order: rows were moved or renumbered"
                                                                 : "a row before it was deleted",
                    (long long)r.seq, (long long)seq);
        else if (strcmp(r.prev, prev) != 0)
            bad_row(v, r.id, "audit row %lld: %s (position %lld of chain %lld)",
                    "it does not follow the row before it: that row was changed or replaced", (long long)r.seq,
                    (long long)chain);
        else if (strcmp(hash, db_col_text(st, 11)) != 0)
            bad_row(v, r.id, "audit row %lld: %s (position %lld of chain %lld)",
                    "changed: its fields do not match its hash", (long long)r.seq, (long long)chain);
        seq = r.seq;
        last_id = r.id;
        snprintf(prev, sizeof prev, "%s", db_col_text(st, 11));
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (v->ok && (seq != head_seq || strcmp(prev, head_hash) != 0))
        bad_row(v, head_id, "audit row %lld: %s (the chain ends at position %lld, its head says %lld)",
                "the last rows of the chain are gone or were replaced", (long long)seq, (long long)head_seq);
    (void)last_id;
    return 0;
}

/* One checkpoint line: the row at its position must still carry its hash. */
static int verify_checkpoint(store_t *s, const char *line, int lineno, struct store_audit_verdict *v, err *e)
{
    long long chain, seq, id;
    char at[32], hash[SEAL_HASH_HEX + 1];
    if (sscanf(line, "%31s chain=%lld seq=%lld id=%lld hash=%65s", at, &chain, &seq, &id, hash) != 5 ||
        strlen(hash) != SEAL_HASH_HEX - 1)
        return err_set(e, GK_EINVAL, "checkpoints", "line %d: not a checkpoint line", lineno);
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT hash, id FROM audit WHERE COALESCE(agency_id, 0) = ? AND chain_seq = ? ORDER BY id LIMIT 1", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, chain);
    db_bind_int(st, 2, seq);
    int64_t base = 0;
    rc = db_step(st, e);
    bool found = rc == 1, same = found && strcmp(db_col_text(st, 0), hash) == 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(s->db, "SELECT base_seq FROM audit_head WHERE chain = ?", &st, e)))
        return rc;
    db_bind_int(st, 1, chain);
    if (db_step(st, e) == 1)
        base = db_col_int(st, 0);
    db_finalize(st);
    v->checkpoints++;
    if (seq <= base)   /* rotated out of the database with audit rotate */
        return 0;
    if (!found)
        bad_row(v, id, "audit row %lld: %s (checkpoint line %lld; chain position %lld)",
                "gone: the checkpoint of this row finds no row at its position, the trail was cut back",
                (long long)lineno, seq);
    else if (!same)
        bad_row(v, id, "audit row %lld: %s (checkpoint line %lld; chain position %lld)",
                "differs from the checkpoint written outside the database", (long long)lineno, seq);
    return 0;
}

int store_audit_verify(store_t *s, const char *checkpoints, struct store_audit_verdict *v, err *e)
{
    memset(v, 0, sizeof *v);
    v->ok = true;
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT DISTINCT COALESCE(agency_id, 0) FROM audit UNION SELECT chain FROM audit_head "
                               "ORDER BY 1", &st, e);
    if (rc)
        return rc;
    int64_t chains[4096];
    size_t n = 0;
    while ((rc = db_step(st, e)) == 1 && n < sizeof chains / sizeof chains[0])
        chains[n++] = db_col_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n && v->ok; i++, v->chains++)
        if ((rc = verify_chain(s, chains[i], v, e)))
            return rc;
    if (!v->ok || !checkpoints || !*checkpoints || access(checkpoints, F_OK) != 0)
        return 0;
    buf b;
    buf_init(&b);
    if ((rc = file_read_all(checkpoints, CHECKPOINT_FILE_MAX, &b, e)))
        return rc;
    int lineno = 0;
    for (char *p = b.data, *nl; !rc && v->ok && p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        lineno++;
        if (strlen(p) > CHECKPOINT_LINE_MAX)
            rc = err_set(e, GK_EINVAL, checkpoints, "line %d: longer than %d bytes", lineno, CHECKPOINT_LINE_MAX);
        else if (*p)
            rc = verify_checkpoint(s, p, lineno, v, e);
    }
    buf_free(&b);
    return rc;
}

/* ---- rotation: rows past the kept period leave for an archive file ---- */

/* Appends the chain's rows up to seq `upto` to the archive as JSON lines
 * (with their hashes, so the archive can be checked against the chain). */
static int archive_rows(store_t *s, int64_t chain, int64_t upto, int fd, int64_t *n, char last[SEAL_HASH_HEX],
                        err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT " AUDIT_ROW_COLS " FROM audit WHERE COALESCE(agency_id, 0) = ? AND "
                               "chain_seq <= ? ORDER BY chain_seq", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, chain);
    db_bind_int(st, 2, upto);
    buf b;
    buf_init(&b);
    while ((rc = db_step(st, e)) == 1) {
        struct audit_row r;
        row_from(st, &r);
        buf_printf(&b, "{\"id\":%lld,\"chain\":%lld,\"seq\":%lld,\"at\":", (long long)r.id, (long long)r.chain,
                   (long long)r.seq);
        buf_json_str(&b, r.at);
        buf_puts(&b, ",\"actor\":");
        buf_json_str(&b, r.actor);
        buf_printf(&b, ",\"entity\":");
        buf_json_str(&b, r.entity);
        buf_printf(&b, ",\"entity_id\":%lld,\"action\":", (long long)r.entity_id);
        buf_json_str(&b, r.action);
        buf_puts(&b, ",\"before\":");
        r.before ? buf_json_str(&b, r.before) : buf_puts(&b, "null");
        buf_puts(&b, ",\"after\":");
        r.after ? buf_json_str(&b, r.after) : buf_puts(&b, "null");
        buf_puts(&b, ",\"prev_hash\":");
        buf_json_str(&b, r.prev);
        buf_puts(&b, ",\"hash\":");
        buf_json_str(&b, db_col_text(st, 11));
        buf_puts(&b, "}\n");
        snprintf(last, SEAL_HASH_HEX, "%s", db_col_text(st, 11));
        (*n)++;
    }
    db_finalize(st);
    if (rc >= 0 && b.len && (write(fd, b.data, b.len) != (ssize_t)b.len || fsync(fd) != 0))
        rc = err_set(e, GK_EIO, "archive", "cannot write the audit archive: %s", strerror(errno));
    buf_free(&b);
    return rc < 0 ? rc : 0;
}

int store_audit_rotate(store_t *s, const char *before, const char *archive, int64_t *n, err *e)
{
    *n = 0;
    if (!archive || !*archive)
        return err_set(e, GK_EINVAL, "archive", "rotated audit rows go to an archive file: name it");
    int fd = open(archive, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_set(e, GK_EIO, archive, "cannot open the audit archive: %s", strerror(errno));
    int rc = store_begin(s, e);
    db_stmt *st = NULL;
    if (!rc)
        rc = db_prepare(s->db, "SELECT COALESCE(agency_id, 0), MAX(chain_seq) FROM audit WHERE at < ? AND hash <> '' "
                               "GROUP BY COALESCE(agency_id, 0) ORDER BY 1", &st, e);
    struct { int64_t chain, upto; } cut[4096];
    size_t nc = 0;
    if (!rc) {
        db_bind_text(st, 1, before);
        while ((rc = db_step(st, e)) == 1 && nc < sizeof cut / sizeof cut[0]) {
            cut[nc].chain = db_col_int(st, 0);
            cut[nc++].upto = db_col_int(st, 1);
        }
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    for (size_t i = 0; i < nc && !rc; i++) {
        char last[SEAL_HASH_HEX] = "";
        if ((rc = archive_rows(s, cut[i].chain, cut[i].upto, fd, n, last, e)) ||
            (rc = db_run(s->db, e, NULL, "DELETE FROM audit WHERE COALESCE(agency_id, 0) = ? AND chain_seq <= ?", "ii",
                         cut[i].chain, cut[i].upto)))
            break;
        rc = db_run(s->db, e, NULL, "UPDATE audit_head SET base_seq = ?, base_hash = ? WHERE chain = ?", "isi",
                    cut[i].upto, last, cut[i].chain);
    }
    close(fd);
    if (!rc && *n) {
        buf j;
        buf_init(&j);
        buf_printf(&j, "{\"rows\":%lld,\"before\":", (long long)*n);
        buf_json_str(&j, before);
        buf_puts(&j, ",\"archive\":");
        buf_json_str(&j, archive);
        buf_putc(&j, '}');
        rc = store_audit_add(s, 0, "system", "audit", 0, "rotate", NULL, j.data, e);
        buf_free(&j);
    }
    return store_end(s, rc, e);
}
