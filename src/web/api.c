/* web — the JSON API under /api/v1/: accounts, tokens, the audit trail and
 * who am I. Same permissions as the console; errors are
 * {"error": {"code", "message"}}. The workflow endpoints live next to their
 * console pages (pages_docs.c, pages_apps.c, pages_report.c). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

static const char *code_for(int status)
{
    switch (status) {
    case 403: return "forbidden";
    case 404: return "not_found";
    case 409: return "conflict";
    case 422: return "invalid";
    default: return status >= 500 ? "internal" : "bad_request";
    }
}

static json_t *user_json(const struct store_user *u)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:s?}", "id", (json_int_t)u->id, "login", u->login, "name", u->name,
                     "role", u->role, "role_label", web_role_label(web_role_from_key(u->role)), "active", u->active,
                     "last_login", u->last_login[0] ? u->last_login : NULL);
}

int api_me(web_req *r)
{
    json_t *perms = json_array();
    for (int p = 0; p < PERM_COUNT; p++)
        if (web_can(r, (enum web_perm)p))
            json_array_append_new(perms, json_string(web_perm_key((enum web_perm)p)));
    json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:s}", "id", (json_int_t)r->user->id, "login", r->user->login,
                          "name", r->user->name, "role", web_role_key(r->user->role), "role_label",
                          web_role_label(r->user->role), "permissions", perms, "agency", r->agency.name);
    /* A browser session gets the CSRF token its state-changing calls must send. */
    if (!r->via_token)
        json_object_set_new(j, "csrf", json_string(r->csrf));
    return web_json(r, 200, j);
}

int api_users(web_req *r)
{
    struct store_user *us;
    size_t n;
    if (store_user_list(r->st, r->agency.id, &us, &n, NULL))
        return web_api_error(r, 500, "internal", "cannot read the accounts");
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, user_json(&us[i]));
    free(us);
    return web_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
}

static const char *jstr(json_t *j, const char *k)
{
    json_t *v = json_object_get(j, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int api_user_create(web_req *r)
{
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    err e = {0};
    int64_t id;
    int rc = web_user_create(r, jstr(j, "login"), jstr(j, "name"), jstr(j, "role"), jstr(j, "password"), &id, &e);
    json_decref(j);
    if (rc)
        return web_api_error(r, gk_http_status(rc), code_for(gk_http_status(rc)), e.msg);
    struct store_user u;
    store_user_get(r->st, id, &u, NULL);
    web_add_header(r, "Location", web_href(r, arena_printf(&r->a, "/api/v1/users/%lld", (long long)id)));
    return web_json(r, 201, user_json(&u));
}

static bool load_user(web_req *r, struct store_user *u)
{
    int64_t id;
    return web_param_id(r, 0, &id) && store_user_get(r->st, id, u, NULL) == 0 && u->agency_id == r->agency.id;
}

int api_user_get(web_req *r)
{
    struct store_user u;
    if (!load_user(r, &u))
        return web_api_error(r, 404, "not_found", "no such account");
    return web_json(r, 200, user_json(&u));
}

int api_user_update(web_req *r)
{
    struct store_user u;
    if (!load_user(r, &u))
        return web_api_error(r, 404, "not_found", "no such account");
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    json_t *act = json_object_get(j, "active");
    if (act && !json_is_boolean(act)) {
        json_decref(j);
        return web_api_error(r, 422, "invalid", "active must be true or false");
    }
    err e = {0};
    int rc = web_user_change(r, &u, jstr(j, "name"), jstr(j, "role"), act ? json_is_true(act) : -1,
                             jstr(j, "password"), &e);
    json_decref(j);
    if (rc)
        return web_api_error(r, gk_http_status(rc), code_for(gk_http_status(rc)), e.msg);
    store_user_get(r->st, u.id, &u, NULL);
    return web_json(r, 200, user_json(&u));
}

static int audit_cb(const struct store_audit_entry *a, void *arg)
{
    json_t *items = arg;
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:I,s:s}", "id", (json_int_t)a->id, "at", a->at, "actor", a->actor,
                          "entity", a->entity, "entity_id", (json_int_t)a->entity_id, "action", a->action);
    json_t *b = a->before_json ? json_loads(a->before_json, 0, NULL) : NULL;
    json_t *f = a->after_json ? json_loads(a->after_json, 0, NULL) : NULL;
    json_object_set_new(o, "before", b ? b : (a->before_json ? json_string(a->before_json) : json_null()));
    json_object_set_new(o, "after", f ? f : (a->after_json ? json_string(a->after_json) : json_null()));
    json_array_append_new(items, o);
    return 0;
}

int api_audit(web_req *r)
{
    struct store_audit_filter f;
    int page;
    err e = {0};
    if (web_audit_filter(r, &f, &page, &e))
        return web_api_error(r, 400, "bad_request", e.msg);
    json_t *items = json_array();
    if (store_audit_list(r->st, &f, audit_cb, items, NULL)) {
        json_decref(items);
        return web_api_error(r, 500, "internal", "cannot read the audit trail");
    }
    return web_json(r, 200, json_pack("{s:o,s:i,s:i}", "items", items, "page", page, "per_page", 50));
}

static json_t *token_json(const struct store_token *t)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:b}", "id", (json_int_t)t->id, "prefix", t->prefix, "name", t->name,
                     "user", t->user_login, "created", (json_int_t)t->created, "last_used", (json_int_t)t->last_used,
                     "revoked", t->revoked);
}

int api_tokens(web_req *r)
{
    struct store_token *ts;
    size_t n;
    if (store_token_list(r->st, r->agency.id, web_can(r, PERM_USERS) ? 0 : r->user->id, &ts, &n, NULL))
        return web_api_error(r, 500, "internal", "cannot read the tokens");
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, token_json(&ts[i]));
    free(ts);
    return web_json(r, 200, json_pack("{s:o}", "items", items));
}

int api_token_create(web_req *r)
{
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    json_t *uid = json_object_get(j, "user_id");
    const char *login = jstr(j, "user");
    int64_t user_id = json_is_integer(uid) ? (int64_t)json_integer_value(uid) : 0;
    struct store_user u;
    if (!user_id && login && *login)   /* another login than one's own is refused below */
        user_id = store_user_by_login(r->st, login, &u, NULL) == 0 ? u.id : -1;
    char tok[80];
    int64_t id;
    err e = {0};
    int rc = web_token_create(r, user_id, jstr(j, "name"), tok, &id, &e);
    json_decref(j);
    if (rc)
        return web_api_error(r, gk_http_status(rc), code_for(gk_http_status(rc)), e.msg);
    struct store_token t;
    store_token_get(r->st, id, &t, NULL);
    json_t *o = token_json(&t);
    json_object_set_new(o, "token", json_string(tok));
    return web_json(r, 201, o);
}

int api_token_revoke(web_req *r)
{
    int64_t id;
    struct store_token t;
    struct store_user u;
    if (!web_param_id(r, 0, &id) || store_token_get(r->st, id, &t, NULL) ||
        store_user_get(r->st, t.user_id, &u, NULL) || u.agency_id != r->agency.id ||
        (t.user_id != r->user->id && !web_can(r, PERM_USERS)))
        return web_api_error(r, 404, "not_found", "no such token");
    err e = {0};
    if (store_token_revoke(r->st, id, r->user ? r->user->login : "public", &e) ||
        store_token_get(r->st, id, &t, &e))
        return web_api_error(r, 500, "internal", "the token could not be revoked: try again");
    return web_json(r, 200, token_json(&t));
}
