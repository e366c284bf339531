/* web — idempotent writes of the JSON API. A client that may retry sends
 * an Idempotency-Key header (a key of its own) with a POST (or PUT) that
 * creates or changes.
 * The write runs inside one transaction together with the key and its
 * answer (status, Location, content type, body; store migration 013), so
 * the key is kept exactly when the write is. A retry after a lost answer
 * (the connection dropped, the server killed just after the commit) finds
 * the key and receives the first answer again, marked "Idempotent-Replayed:
 * true", and nothing is written twice. Keys are scoped per account; the same
 * key with another method, path or body is refused (422), and a write that
 * failed (any answer other than 2xx) keeps no key, so it may be retried. */
#include <stdio.h>
#include <string.h>

#include "web/web_internal.h"

/* The longest key accepted; keys are visible ASCII (RFC 9110 token-ish,
 * e.g. a UUID or "client-42-000017"). */
#define IDEM_KEY_MAX 200

/* Writes whose answer holds a secret shown once (a new API token: the store
 * keeps only its hash) are never kept under a key: a key sent with them is
 * refused rather than silently ignored. */
static const char *const no_replay[] = {"/api/v1/tokens", NULL};

static bool key_ok(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > IDEM_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (k[i] <= 0x20 || k[i] >= 0x7f)
            return false;
    return true;
}

static void request_hash(web_req *r, char out[65])
{
    buf b;
    buf_init(&b);
    buf_printf(&b, "%s\n%s\n", r->method_s, r->path);
    if (r->body.len)
        buf_append(&b, r->body.data, r->body.len);
    web_hash_hex(NULL, b.data, b.len, out);
    buf_free(&b);
}

/* Answers with the kept answer x. */
static int replay(web_req *r, const struct store_idem *x, const char *hash)
{
    if (strcmp(x->request_hash, hash) != 0 || strcmp(x->method, r->method_s) != 0 || strcmp(x->path, r->path) != 0)
        return web_api_error(r, HTTP_UNPROCESSABLE, "idempotency_key_reused",
                             "Idempotency-Key was used before for another request: use a new key");
    r->hdrs.n = 0;
    if (x->location[0])
        web_add_header(r, "Location", x->location);
    web_add_header(r, "Idempotent-Replayed", "true");
    r->no_store = true;
    return web_text(r, x->status, arena_strdup(&r->a, x->ctype), x->body, strlen(x->body));
}

static int fail(web_req *r, const err *e)
{
    buf_reset(&r->out);
    r->hdrs.n = 0;
    return web_api_error(r, HTTP_INTERNAL, "internal", e->msg[0] ? e->msg : "the store failed");
}

int web_idem_run(web_req *r, web_handler h)
{
    const char *key = web_header(r, "Idempotency-Key");
    if (!key)
        return h(r);
    if (!key_ok(key))
        return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "Idempotency-Key: 1 to 200 visible ASCII characters");
    for (int i = 0; no_replay[i]; i++)
        if (strcmp(r->path, no_replay[i]) == 0)
            return web_api_error(r, HTTP_BAD_REQUEST, "bad_request",
                                 "Idempotency-Key is not taken here: the answer holds a secret shown only once");
    char scope[40], hash[65];
    snprintf(scope, sizeof scope, "user:%lld", (long long)r->user->id);
    request_hash(r, hash);
    for (int attempt = 0;; attempt++) {
        err e = {0};
        struct store_idem x;
        if (store_begin(r->st, &e))
            return fail(r, &e);
        int rc = store_idem_get(r->st, scope, key, &x, &e);
        if (rc == 0) {
            store_rollback(r->st);
            int st = replay(r, &x, hash);
            store_idem_free(&x);
            return st;
        }
        if (rc != GK_ENOTFOUND) {
            store_rollback(r->st);
            return fail(r, &e);
        }
        int st = h(r);
        if (st / 100 != HTTP_OK / 100) {
            store_commit(r->st, NULL);   /* a failed write keeps nothing (its own steps rolled back) */
            return st;
        }
        memset(&x, 0, sizeof x);
        snprintf(x.method, sizeof x.method, "%s", r->method_s);
        snprintf(x.path, sizeof x.path, "%s", r->path);
        memcpy(x.request_hash, hash, sizeof hash);
        x.status = st;
        const char *loc = kv_get(&r->hdrs, "Location");
        snprintf(x.location, sizeof x.location, "%s", loc ? loc : "");
        snprintf(x.ctype, sizeof x.ctype, "%s", r->ctype ? r->ctype : "");
        x.body = r->out.len ? r->out.data : "";
        rc = store_idem_put(r->st, r->agency.id, scope, key, &x, &e);
        if (rc) {
            store_rollback(r->st);
            if (rc == GK_EINVAL && attempt == 0) {   /* the same key committed meanwhile: answer its result */
                buf_reset(&r->out);
                r->hdrs.n = 0;
                continue;
            }
            return fail(r, &e);
        }
        if (store_commit(r->st, &e))
            return fail(r, &e);
        return st;
    }
}
