/* store — idempotency keys of the JSON API (migration 013). The web layer
 * (web/idem.c) looks a key up before running a write and keeps the key with
 * the write's first answer inside the write's own transaction, so that the
 * key exists exactly when the write was committed. */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

int store_idem_get(store_t *s, const char *scope, const char *key, struct store_idem *out, err *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT method, path, request_hash, status, location, ctype, body FROM idem_key "
                        "WHERE scope = ? AND idem_key = ?",
                        &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, scope);
    db_bind_text(st, 2, key);
    rc = db_step(st, e);
    if (rc == 1) {
        store_copy_col(st, 0, out->method, sizeof out->method);
        store_copy_col(st, 1, out->path, sizeof out->path);
        store_copy_col(st, 2, out->request_hash, sizeof out->request_hash);
        out->status = (int)db_col_int(st, 3);
        store_copy_col(st, 4, out->location, sizeof out->location);
        store_copy_col(st, 5, out->ctype, sizeof out->ctype);
        out->body = xstrdup(db_col_text(st, 6));
        rc = 0;
    } else if (rc == 0) {
        rc = err_set(e, GK_ENOTFOUND, "Idempotency-Key", "no request was committed under this key");
    }
    db_finalize(st);
    return rc;
}

int store_idem_put(store_t *s, int64_t agency_id, const char *scope, const char *key, const struct store_idem *in,
                   err *e)
{
    char now[32];
    store_now(now);
    return db_run(s->db, e, NULL,
                  "INSERT INTO idem_key(scope, idem_key, agency_id, method, path, request_hash, status, location, "
                  "ctype, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "ssisssIssss", scope, key, agency_id, in->method, in->path, in->request_hash, in->status,
                  in->location, in->ctype, in->body ? in->body : "", now);
}

void store_idem_free(struct store_idem *x)
{
    free(x->body);
    x->body = NULL;
}
