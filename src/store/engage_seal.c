/* store — the personal fields of the 互动交流 registers: sealed at rest,
 * re-sealed under a new key, counted by key, and erased when their
 * retention period is over (issue 15). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/engage_internal.h"

/* ---- sealing and retention of the registers' personal fields (issue 15) ---- */

/* The registers that hold personal fields (PERSONAL columns), and when a row's
 * personal fields may go (retention): the condition on the row and what it
 * says in the audit. */
static const struct {
    const struct table *t;
    const char *over;   /* SQL: the row is past the period when this holds for ? = the cut day */
} sealed_regs[] = {
    {&store_eng_msg_table, "closed IS NOT NULL AND closed < ?"},       /* a message: from its closing */
    {&store_eng_sug_table, "replied IS NOT NULL AND replied < ?"},     /* a suggestion: from its reply */
    {&store_eng_comment_table, "received < ?"},                        /* a comment: from its receipt (the comment period is weeks) */
};
#define SEALED_REGS (sizeof sealed_regs / sizeof sealed_regs[0])
#define RESEAL_COLS 4   /* personal columns of a register, at most */

/* Re-seals up to limit rows of t not under the current key, in one
 * transaction; *done gets how many. A row changed meanwhile keeps its newer
 * value (the UPDATE matches the key it was read under). */
static int reseal_table(store_t *s, const struct table *t, int limit, int64_t *done, err *e)
{
    const struct col *pc[RESEAL_COLS];
    int np = 0;
    for (int i = 0; i < t->n && np < RESEAL_COLS; i++)
        if (t->cols[i].personal)
            pc[np++] = &t->cols[i];
    buf q;
    buf_init(&q);
    buf_puts(&q, "SELECT id, seal_key");
    for (int i = 0; i < np; i++)
        buf_printf(&q, ", %s", pc[i]->name);
    buf_printf(&q, " FROM %s WHERE seal_key <> ? ORDER BY seal_key, id LIMIT ?", t->name);
    int cur = seal_keys_current(s->keys), rc = store_begin(s, e);
    db_stmt *st = NULL;
    if (!rc && (rc = db_prepare(s->db, q.data, &st, e)))
        store_rollback(s);
    buf_free(&q);
    if (rc)
        return rc;
    db_bind_int(st, 1, cur);
    db_bind_int(st, 2, limit);
    struct row { int64_t id; int key; buf v[RESEAL_COLS]; } *v = xcalloc((size_t)limit, sizeof *v);
    int64_t n = 0;
    char *clear = xmalloc(64 * 1024 + 1);
    while (!rc && (rc = db_step(st, e)) == 1) {
        rc = 0;
        v[n].id = db_col_int(st, 0);
        v[n].key = (int)db_col_int(st, 1);
        for (int i = 0; i < np && !rc; i++) {
            char field[64];
            store_eng_seal_field(t->name, pc[i], field);
            buf_init(&v[n].v[i]);
            if (!(rc = seal_open_text(s->keys, field, db_col_text(st, 2 + i), clear, 64 * 1024 + 1, e)))
                rc = seal_text(s->keys, field, clear, &v[n].v[i], e);
        }
        n++;
    }
    db_finalize(st);
    sodium_memzero(clear, 64 * 1024 + 1);
    free(clear);
    buf u;
    buf_init(&u);
    buf_printf(&u, "UPDATE %s SET ", t->name);
    for (int i = 0; i < np; i++)
        buf_printf(&u, "%s = ?, ", pc[i]->name);
    buf_puts(&u, "seal_key = ? WHERE id = ? AND seal_key = ?");
    for (int64_t r = 0; r < n && rc >= 0; r++) {
        if ((rc = db_prepare(s->db, u.data, &st, e)))
            break;
        for (int i = 0; i < np; i++)
            db_bind_text(st, 1 + i, v[r].v[i].data ? v[r].v[i].data : "");
        db_bind_int(st, np + 1, cur);
        db_bind_int(st, np + 2, v[r].id);
        db_bind_int(st, np + 3, v[r].key);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    buf_free(&u);
    for (int64_t r = 0; r < n; r++)
        for (int i = 0; i < np; i++)
            buf_free(&v[r].v[i]);
    free(v);
    if (rc < 0) {
        char why[sizeof e->msg];
        snprintf(why, sizeof why, "%s", e ? e->msg : "");
        store_rollback(s);
        return err_set(e, rc, "seal", "%s: %s", t->name, why);
    }
    if ((rc = store_commit(s, e)))
        return rc;
    *done = n;
    return 0;
}

int store_eng_reseal(store_t *s, int limit, int64_t *done, err *e)
{
    *done = 0;
    for (size_t i = 0; i < SEALED_REGS && *done == 0; i++) {
        int rc = reseal_table(s, sealed_regs[i].t, limit, done, e);
        if (rc)
            return rc;
    }
    return 0;
}

int store_eng_seal_count(store_t *s, int current, struct store_seal_tally *out, err *e)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < SEALED_REGS; i++) {
        char q[160];
        snprintf(q, sizeof q, "SELECT seal_key, COUNT(*) FROM %s GROUP BY seal_key", sealed_regs[i].t->name);
        db_stmt *st;
        int rc = db_prepare(s->db, q, &st, e);
        if (rc)
            return rc;
        while ((rc = db_step(st, e)) == 1) {
            int key = (int)db_col_int(st, 0);
            int64_t n = db_col_int(st, 1);
            out->total += n;
            if (key == 0)
                out->clear += n;
            else if (key == current)
                out->current += n;
            else
                out->older += n;
        }
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int store_eng_has_clear(store_t *s, bool *any, err *e)
{
    *any = false;
    for (size_t i = 0; i < SEALED_REGS && !*any; i++) {
        char q[128];
        snprintf(q, sizeof q, "SELECT 1 FROM %s WHERE seal_key = 0 LIMIT 1", sealed_regs[i].t->name);
        db_stmt *st;
        int rc = db_prepare(s->db, q, &st, e);
        if (rc)
            return rc;
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            return rc;
        *any = rc == 1;
    }
    return 0;
}

int store_eng_retention(store_t *s, int64_t agency_id, gk_day before, const char *actor,
                        int64_t n[STORE_ENG_SEALED], err *e)
{
    char cut[11], today[11];
    date_format(before, cut);
    date_format(date_today(), today);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < SEALED_REGS && !rc; i++) {
        const struct table *t = sealed_regs[i].t;
        n[i] = 0;
        char q[256];
        snprintf(q, sizeof q, "SELECT COUNT(*) FROM %s WHERE agency_id = ? AND erased IS NULL AND %s", t->name,
                 sealed_regs[i].over);
        if ((rc = db_query_int(s->db, e, &n[i], q, "is", agency_id, cut)) || !n[i])
            continue;
        /* the personal columns emptied; codes, dates and states (the year's counts) stay */
        buf u;
        buf_init(&u);
        buf_printf(&u, "UPDATE %s SET ", t->name);
        for (int c = 0; c < t->n; c++)
            if (t->cols[c].personal)
                buf_printf(&u, "%s = '', ", t->cols[c].name);
        buf_printf(&u, "erased = ? WHERE agency_id = ? AND erased IS NULL AND %s", sealed_regs[i].over);
        rc = db_run(s->db, e, NULL, u.data, "sis", today, agency_id, cut);
        buf_free(&u);
        if (!rc) {
            char what[160];
            snprintf(what, sizeof what, "{\"register\":\"%s\",\"rows\":%lld,\"before\":\"%s\"}", t->entity,
                     (long long)n[i], cut);
            rc = store_audit_add(s, agency_id, actor, "retention", 0, "erase_personal", NULL, what, e);
        }
    }
    return store_end(s, rc, e);
}
