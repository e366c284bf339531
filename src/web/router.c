/* web — the router (method + path patterns with parameters), the pipeline
 * every request goes through (cookies, body, login, permission, CSRF, the
 * handler), and the request and response helpers. */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/web_internal.h"

/* ---- matching ---- */

/* Compares one pattern against a path. Patterns are segments separated by
 * '/': literal text, ":name" for one non-empty segment, or a final "*" for
 * the rest of the path (at least one character). */
static bool match(const char *pat, const char *path, const char **params, int *np, arena *a)
{
    int n = 0;
    const char *p = pat, *s = path;
    while (*p && *s) {
        if (*p == ':') {
            while (*p && *p != '/')
                p++;
            const char *end = strchr(s, '/');
            size_t l = end ? (size_t)(end - s) : strlen(s);
            if (l == 0 || n >= 6)
                return false;
            if (params)
                params[n] = arena_strndup(a, s, l);
            n++;
            s += l;
        } else if (*p == '*' && p[1] == '\0') {
            if (params && n < 6)
                params[n] = arena_strdup(a, s);
            n++;
            s += strlen(s);
            p++;
        } else {
            if (*p != *s)
                return false;
            p++, s++;
        }
    }
    if (*p || *s)
        return false;
    if (np)
        *np = n;
    return true;
}

const struct web_route *web_route_match(const struct web_route *routes, int method, const char *path,
                                        const char **params, int *nparams, arena *a, bool *path_known)
{
    *path_known = false;
    for (const struct web_route *rt = routes; rt->pattern; rt++) {
        if (!match(rt->pattern, path, NULL, NULL, NULL))
            continue;
        *path_known = true;
        if (rt->methods & method) {
            match(rt->pattern, path, params, nparams, a);
            return rt;
        }
    }
    return NULL;
}

/* ---- request accessors ---- */

const char *web_q(web_req *r, const char *k) { return kv_get(&r->query, k); }
const char *web_f(web_req *r, const char *k) { return kv_get(&r->form, k); }
const char *web_fq(web_req *r, const char *k)
{
    const char *v = kv_get(&r->form, k);
    return v ? v : kv_get(&r->query, k);
}
const char *web_param(web_req *r, int i) { return i < r->nparams ? r->params[i] : NULL; }

bool web_param_id(web_req *r, int i, int64_t *id)
{
    const char *s = web_param(r, i);
    return s && parse_i64(s, strlen(s), id) && *id > 0;
}

const char *web_header(web_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *web_cookie(web_req *r, const char *name) { return kv_get(&r->cookies, name); }

void web_add_header(web_req *r, const char *name, const char *value)
{
    kv_add(&r->a, &r->hdrs, arena_strdup(&r->a, name), arena_strdup(&r->a, value), strlen(value));
}

void web_set_cookie(web_req *r, const char *name, const char *value, int max_age_s)
{
    char *c = arena_printf(&r->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value,
                           r->app->cfg.secure_cookies ? "; Secure" : "",
                           max_age_s == 0 ? "; Max-Age=0" : "");
    web_add_header(r, "Set-Cookie", c);
}

/* ---- responses ---- */

int web_html(web_req *r, int status)
{
    r->ctype = "text/html; charset=utf-8";
    r->status = status;
    return status;
}

int web_redirect(web_req *r, const char *location)
{
    buf_reset(&r->out);
    web_add_header(r, "Location", location);
    r->ctype = "text/plain; charset=utf-8";
    r->status = HTTP_SEE_OTHER;
    return HTTP_SEE_OTHER;
}

int web_text(web_req *r, int status, const char *ctype, const char *body, size_t n)
{
    buf_reset(&r->out);
    buf_append(&r->out, body, n);
    r->ctype = ctype;
    r->status = status;
    return status;
}

const char *web_href(web_req *r, const char *path)
{
    if (!r->large)
        return path;
    return arena_printf(&r->a, "%s%csize=large", path, strchr(path, '?') ? '&' : '?');
}

const char *web_esc(web_req *r, const char *s)
{
    buf b;
    buf_init(&b);
    buf_html(&b, s ? s : "");
    const char *out = arena_strdup(&r->a, b.data ? b.data : "");
    buf_free(&b);
    return out;
}

void web_form_hidden(web_req *r, buf *b)
{
    const char *tok = r->user ? r->csrf : web_anon_csrf(r);
    h_void(b, "input", "type", "hidden", "name", "csrf", "value", tok, H_END);
    if (r->large)
        h_void(b, "input", "type", "hidden", "name", "size", "value", "large", H_END);
}

/* ---- the pipeline ---- */

static bool is_api(web_req *r)
{
    return (r->route && (r->route->flags & R_API)) || strncmp(r->path, "/api/", 5) == 0;
}

/* The most fields a form, and parts a multipart body, may carry. */
#define FORM_FIELDS_MAX 200
#define MULTIPART_PARTS_MAX 50

static int parse_body(web_req *r, err *e)
{
    const char *ct = web_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!r->body.len)
        return 0;
    if (!ct)
        return err_set(e, GK_EINVAL, "body", "a body without Content-Type");
    if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
        return web_parse_urlencoded(&r->a, r->body.data, r->body.len, &r->form, FORM_FIELDS_MAX, e);
    if (strncasecmp(ct, "multipart/form-data", 19) == 0)
        return web_parse_multipart(&r->a, ct, r->body.data, r->body.len, &r->form, &r->files, &r->nfiles,
                                   MULTIPART_PARTS_MAX, e);
    if (strncasecmp(ct, "application/json", 16) == 0) {
        if (!is_api(r))
            return err_set(e, GK_EINVAL, "body", "JSON is accepted under /api/ only");
        return 0;   /* the API handler parses it */
    }
    return err_set(e, GK_EINVAL, "body", "unsupported Content-Type");
}

/* A signed-in account refused a route: the attempt goes to the audit trail,
 * as "personal_data" for a route that shows applicants' personal data
 * (R_PERSONAL; separation of duties, docs/operations.md §9), else as the
 * security event "permission_denied" (§17). */
static void audit_denied(web_req *r, const struct web_route *rt)
{
    if (!r->user)
        return;
    buf j;
    buf_init(&j);
    buf_puts(&j, "{\"path\":");
    buf_json_str(&j, r->path);
    buf_printf(&j, ",\"via\":\"%s\",\"role\":\"%s\"}", r->via_token ? "token" : "session", web_role_key(r->user->role));
    /* any other refusal is a security event the auditor reads (issue 15) */
    if (rt->flags & R_PERSONAL)
        web_audit(r, "personal_data", 0, "denied", NULL, j.data);
    else
        web_audit(r, "security", 0, "permission_denied", NULL, j.data);
    buf_free(&j);
}

/* An upload's CSRF token comes before its body: in X-CSRF-Token or ?csrf=. */
static bool csrf_on_headers(web_req *r)
{
    const char *got = web_header(r, "X-CSRF-Token");
    if (!got)
        got = web_q(r, "csrf");
    size_t n = strlen(r->csrf);
    return got && n && strlen(got) == n && sodium_memcmp(got, r->csrf, n) == 0;
}

/* No route for the path: 405 when another method has one, else 404. */
static bool gate_unrouted(web_req *r)
{
    bool known = false;
    const char *params[6];
    int np;
    web_route_match(web_routes, M_GET | M_POST | M_PUT | M_DELETE, r->path, params, &np, &r->a, &known);
    if (known) {
        web_add_header(r, "Allow", "GET, POST");
        web_error(r, HTTP_METHOD_NOT_ALLOWED, "不支持此请求方法。");
    } else {
        web_error(r, HTTP_NOT_FOUND, "您访问的页面不存在。");
    }
    return false;
}

/* A console page: the login (else to /login), the permission, and a
 * password past security.password_max_days changed before anything else
 * (等保 2.0, 8.1.4.1 a: changed periodically). */
static bool gate_staff(web_req *r, const struct web_route *rt)
{
    if (!r->user) {
        buf b;
        buf_init(&b);
        buf_puts(&b, "/login?next=");
        web_url_encode(&b, r->path);
        web_redirect(r, web_href(r, b.data));
        buf_free(&b);
        return false;
    }
    if ((rt->perm >= 0 && !web_can(r, rt->perm)) || !web_can(r, PERM_CONSOLE)) {
        audit_denied(r, rt);
        web_error(r, HTTP_FORBIDDEN, "您的角色无权进行此项操作。");
        return false;
    }
    if (r->user->pw_expired && !r->via_token && !(rt->flags & R_PW_EXPIRED_OK)) {
        if (r->method & (M_GET | M_HEAD))
            web_redirect(r, web_href(r, "/console/account?expired=1"));
        else
            web_error(r, HTTP_FORBIDDEN, "您的密码已过期，请先在“我的账户”中修改密码。");
        return false;
    }
    return true;
}

/* A JSON route: a session or a bearer token, and the permission. */
static bool gate_api(web_req *r, const struct web_route *rt)
{
    if (!r->user) {
        web_add_header(r, "WWW-Authenticate", "Bearer realm=\"gongkai\"");
        web_api_error(r, HTTP_UNAUTHORIZED, "unauthenticated", "login or an API token is required");
        return false;
    }
    if (rt->perm >= 0 && !web_can(r, rt->perm)) {
        audit_denied(r, rt);
        web_api_error(r, HTTP_FORBIDDEN, "forbidden", "your role may not do this");
        return false;
    }
    return true;
}

/* A refused form or upload: JSON on the API, the page elsewhere. */
static bool gate_csrf_refused(web_req *r, const char *api_msg)
{
    if (is_api(r))
        web_api_error(r, HTTP_FORBIDDEN, "csrf", api_msg);
    else
        web_error(r, HTTP_FORBIDDEN, "表单已过期或来源无效，请返回上一页刷新后重新提交。");
    return false;
}

/* A browser says when a form comes from another site (Fetch Metadata):
 * refused on the headers; the token in the body is checked after it. An
 * upload carries its token in the headers, checked here too. */
static bool gate_origin(web_req *r, const struct web_route *rt)
{
    if ((r->method & (M_GET | M_HEAD)) || r->via_token)
        return true;
    const char *site = web_header(r, "Sec-Fetch-Site");
    if (!(rt->flags & R_JSON_NO_CSRF) && site && strcmp(site, "cross-site") == 0)
        return gate_csrf_refused(r, "a request from another site");
    if ((rt->flags & R_UPLOAD) && !csrf_on_headers(r))
        return gate_csrf_refused(r, "an upload carries its CSRF token in X-CSRF-Token");
    return true;
}

bool web_gate(web_req *r)
{
    const struct web_route *rt = r->route;
    if (r->gated)
        return true;
    web_parse_cookies(&r->a, web_header(r, "Cookie"), &r->cookies);
    if (!utf8_valid(r->path, strlen(r->path), NULL)) {
        web_error(r, HTTP_BAD_REQUEST, "网址无效。");
        return false;
    }
    if (!rt)
        return gate_unrouted(r);
    if (!(rt->flags & R_CACHE))
        web_auth_load(r);
    if (!web_scope_gate(r))
        return false;
    if ((rt->flags & R_STAFF) && !gate_staff(r, rt))
        return false;
    if ((rt->flags & R_API) && !gate_api(r, rt))
        return false;
    if (!gate_origin(r, rt))
        return false;
    r->gated = true;
    return true;
}

void web_dispatch(web_req *r)
{
    const struct web_route *rt = r->route;
    if (!web_gate(r))
        return;
    bool get = r->method & (M_GET | M_HEAD);
    if (!get) {
        err e = {0};
        if (parse_body(r, &e)) {
            if (is_api(r))
                web_api_error(r, HTTP_BAD_REQUEST, "bad_request", e.msg);
            else
                web_error(r, HTTP_BAD_REQUEST, "提交的表单格式无效。");
            return;
        }
        /* forms carry large-text mode in a hidden field: the answer keeps it */
        const char *size = web_f(r, "size");
        if (size && strcmp(size, "large") == 0)
            r->large = true;
    }
    if (!get) {
        bool need = true;
        const char *ct = web_header(r, "Content-Type");
        if ((rt->flags & R_API) && r->via_token)
            need = false;
        if (rt->flags & R_UPLOAD)
            need = false;   /* web_gate checked it on the headers */
        if ((rt->flags & R_JSON_NO_CSRF) && ct && strncasecmp(ct, "application/json", 16) == 0)
            need = false;
        if (rt->flags & R_ANON_CSRF)
            web_anon_csrf(r);
        if (need && !web_csrf_ok(r)) {
            gate_csrf_refused(r, "missing or wrong CSRF token (X-CSRF-Token)");
            return;
        }
    }
    if ((rt->flags & (R_STAFF | R_API | R_PERSONAL)))
        r->no_store = true;
    r->status = (rt->flags & R_API) && !get ? web_idem_run(r, rt->h) : rt->h(r);
    if ((rt->flags & R_CACHE) && r->status == HTTP_OK && r->hdrs.n == 0)
        r->cacheable = true;
}

/* ---- the page-cache key ---- */

/* Whether name is one of the space-separated words of list. */
static bool word_in(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - p) == n && n && memcmp(p, name, n) == 0)
            return true;
        p = e;
    }
    return false;
}

/* The parameters every page reads: large-text mode and the flash message. */
static const char COMMON_PARAMS[] = "size msg print";

static int cmp_kv_key(const void *a, const void *b)
{
    const kv *x = *(const kv *const *)a, *y = *(const kv *const *)b;
    return strcmp(x->k, y->k);
}

void web_cache_key_of(const char *path, const kvlist *query, const char *params, buf *out, bool *kept)
{
    static const char hex[] = "0123456789ABCDEF";
    buf_reset(out);
    /* the path escaped too: a decoded %3F must not read as the query's start */
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p <= ' ' || *p >= 0x7f || *p == '?' || *p == '%' || *p == '&' || *p == '=' || *p == '#') {
            char t[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            buf_append(out, t, 3);
        } else {
            buf_putc(out, (char)*p);
        }
    }
    const kv **keep = query->n ? xcalloc(query->n, sizeof *keep) : NULL;
    size_t nk = 0;
    for (size_t i = 0; i < query->n; i++) {
        const kv *q = &query->v[i];
        bool known = word_in(params, q->k) || word_in(COMMON_PARAMS, q->k);
        /* handlers read the first value of a name (web_q): later ones change nothing */
        for (size_t j = 0; known && j < nk; j++)
            if (strcmp(keep[j]->k, q->k) == 0)
                known = false;
        kept[i] = known;
        if (known)
            keep[nk++] = q;
    }
    if (nk > 1)
        qsort(keep, nk, sizeof *keep, cmp_kv_key);
    for (size_t i = 0; i < nk; i++) {
        buf_putc(out, i ? '&' : '?');
        web_url_encode(out, keep[i]->k);
        buf_putc(out, '=');
        web_url_encode(out, keep[i]->v);
    }
    if (!out->data)
        buf_puts(out, "");
    free(keep);
}

const char *web_cache_key(web_req *r)
{
    buf b;
    buf_init(&b);
    bool *kept = r->query.n ? arena_alloc(&r->a, r->query.n * sizeof *kept) : NULL;
    web_cache_key_of(r->path, &r->query, r->route ? r->route->params : NULL, &b, kept);
    /* Today's date goes first, because what is public depends on it (a 公示
     * leaves the site after its last day, with no write to bump the
     * generation): no page made yesterday is served today. */
    char today[11];
    date_format(date_today(), today);
    const char *k = arena_printf(&r->a, "%s %lld %s", today, (long long)r->agency.id, b.data);
    /* what is not in the key is not shown to the handler either: a page
     * can then not depend on (nor echo into its links) what the key ignores */
    size_t n = 0;
    for (size_t i = 0; i < r->query.n; i++)
        if (kept[i])
            r->query.v[n++] = r->query.v[i];
    r->query.n = n;
    buf_free(&b);
    return k;
}

/* ---- log lines ---- */

void web_log_escape(buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        if (*p == '\\' || *p == '"') {
            buf_putc(b, '\\');
            buf_putc(b, (char)*p++);
        } else if (*p >= 0x20 && *p < 0x7f) {
            buf_putc(b, (char)*p++);
        } else {
            size_t n = 0;
            /* a whole valid UTF-8 sequence (no C1 controls) stays as it is */
            if (*p >= 0xc2) {
                size_t want = *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : *p < 0xf5 ? 4 : 0;
                size_t got = 1;
                while (got < want && (p[got] & 0xc0) == 0x80)
                    got++;
                if (want && got == want && utf8_valid((const char *)p, want, NULL) &&
                    !(p[0] == 0xc2 && p[1] < 0xa0))
                    n = want;
            }
            if (n) {
                buf_append(b, (const char *)p, n);
                p += n;
            } else {
                char t[4] = {'\\', 'x', hex[*p >> 4], hex[*p & 15]};
                buf_append(b, t, 4);
                p++;
            }
        }
    }
}
