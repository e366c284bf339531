/* store — idempotency keys of the JSON API (migration 013). The web layer
 * (web/idem.c) looks a key up before running a write and keeps the key with
 * the write's first answer inside the write's own transaction, so that the
 * key exists exactly when the write was committed. */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

static void idem_row(db_stmt *st, void *arg)
{
    struct store_idem *out = arg;
    store_copy_col(st, 0, out->method, sizeof out->method);
    store_copy_col(st, 1, out->path, sizeof out->path);
    store_copy_col(st, 2, out->request_hash, sizeof out->request_hash);
    out->status = (int)db_col_int(st, 3);
    store_copy_col(st, 4, out->location, sizeof out->location);
    store_copy_col(st, 5, out->ctype, sizeof out->ctype);
    out->body = xstrdup(db_col_text(st, 6));
}

int store_idem_get(store_t *s, const char *scope, const char *key, struct store_idem *out, err *e)
{
    memset(out, 0, sizeof *out);
    int rc = db_query_one(s->db, e, idem_row, out,
                          "SELECT method, path, request_hash, status, location, ctype, body FROM idem_key "
                          "WHERE scope = ? AND idem_key = ?",
                          "ss", scope, key);
    return db_found(rc, e, "Idempotency-Key", "no request was committed under this key");
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
