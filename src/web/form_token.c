/* web — one form, one record. A form that creates something (the public
 * application form, the console's registration, a new draft, account or
 * review case) carries a random one-time token (hidden field "form_token",
 * 32 hex digits), issued with the form and kept when the form is shown again
 * with errors. When a submission creates its record, the store keeps
 * token -> record in the same transaction (migration 008); the same form
 * submitted again (a reload, back and resubmit, a double click) finds the
 * token and leads to the first result instead of creating a second record. */
#include <stdio.h>
#include <string.h>

#include "web/web_internal.h"

static bool token_ok(const char *t)
{
    if (!t || strlen(t) != 32)
        return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

const char *web_form_token(web_req *r)
{
    const char *t = web_f(r, "form_token");
    if (token_ok(t))
        return t;
    char *n = arena_alloc(&r->a, 33);
    web_random_hex(16, n);
    return n;
}

void web_form_token_field(web_req *r, buf *b)
{
    h_void(b, "input", "type", "hidden", "name", "form_token", "value", web_form_token(r), H_END);
}

int64_t web_form_token_find(web_req *r, const char *token, const char *kind)
{
    char k[32];
    int64_t id;
    if (!token_ok(token) || store_form_token_get(r->st, r->agency.id, token, k, &id, NULL) ||
        strcmp(k, kind) != 0)
        return 0;
    return id;
}

int64_t web_form_token_record(web_req *r, const char *kind)
{
    return web_form_token_find(r, web_f(r, "form_token"), kind);
}

int web_create_once(web_req *r, const char *kind, int (*create)(web_req *, void *, int64_t *, err *), void *arg,
                    int64_t *id, err *e)
{
    const char *t = web_f(r, "form_token");
    if (!token_ok(t))
        return create(r, arg, id, e);
    if (store_begin(r->st, e))
        return HTTP_INTERNAL;
    int st = create(r, arg, id, e);
    if (!st && store_form_token_put(r->st, r->agency.id, t, kind, *id, e))
        st = HTTP_INTERNAL;   /* the token taken meanwhile: nothing of this submission is kept */
    if (st) {
        store_rollback(r->st);
        return st;
    }
    return store_commit(r->st, e) ? HTTP_INTERNAL : 0;
}
