/* web — one server, many portals (issue 13): which agency a request is for
 * (its host name, or the first segment of its path: /{code}/...), whether the
 * signed-in account may work on it (its own agency; the 政务公开办 and the
 * administrator also every agency below theirs), and the local links of the
 * answer put back under the agency's path. */
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "platform/platform.h"
#include "web/web_internal.h"

/* The marker of web_agency_href: "/-/code/..." becomes "/code/..." (never
 * "//host": a marker followed by a slash is left as it is) */
#define ABS_MARK "/-/"
static bool abs_mark(const char *v, size_t n)
{
    return n >= 4 && memcmp(v, ABS_MARK, 3) == 0 && v[3] != '/' && v[3] != '\\';
}

void web_agency_use(web_req *r, const struct store_agency *a)
{
    r->agency = *a;
    r->cal = r->app->cal;
    char mine[64], def[64];
    err e = {0};
    if (!r->st || store_agency_region(r->st, a->id, mine, &e) ||
        store_agency_region(r->st, r->app->agency.id, def, &e) || strcmp(mine, def) == 0)
        return;
    if (store_calendar_for(r->st, a->id, &r->own_cal, &e) == 0)
        r->cal = r->own_cal;
}

static bool reserved(const char *seg, size_t n)
{
    for (int i = 0; plat_reserved_codes[i]; i++)
        if (strlen(plat_reserved_codes[i]) == n && memcmp(plat_reserved_codes[i], seg, n) == 0)
            return true;
    return false;
}

void web_agency_resolve(web_req *r)
{
    web_app *app = r->app;
    if (!r->st) {
        err e = {0};
        r->st = web_store(app, &e);
        if (!r->st)
            return;   /* on_headers answers 503 */
    }
    struct store_agency a;
    if (app->hosts) {
        const char *h = web_header(r, "Host");
        if (h && *h) {
            size_t n = strcspn(h, ":");
            char host[128];
            if (n < sizeof host) {
                memcpy(host, h, n);
                host[n] = '\0';
                for (size_t i = 0; i < n; i++)
                    if (host[i] >= 'A' && host[i] <= 'Z')
                        host[i] = (char)(host[i] - 'A' + 'a');
                if (store_agency_by_host(r->st, host, &a, NULL) == 0)
                    web_agency_use(r, &a);
            }
        }
    }
    /* /{code} or /{code}/...: the first segment, when it is an agency's code */
    const char *p = r->path;
    if (p[0] != '/')
        return;
    size_t n = strcspn(p + 1, "/");
    if (n < PLAT_CODE_MIN || n > PLAT_CODE_MAX || reserved(p + 1, n))
        return;
    char code[PLAT_CODE_MAX + 1];
    memcpy(code, p + 1, n);
    code[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') || code[i] == '-'))
            return;
    if (store_agency_get(r->st, code, &a, NULL))
        return;
    web_agency_use(r, &a);
    r->prefix = arena_strndup(&r->a, p, n + 1);
    r->path = p[n + 1] ? p + n + 1 : "/";
}

bool web_in_scope(web_req *r, const web_user *u)
{
    if (u->agency_id == r->agency.id)
        return true;
    if (u->role != ROLE_OFFICE && u->role != ROLE_ADMIN)
        return false;
    bool in = false;
    return store_agency_within(r->st, u->agency_id, r->agency.id, &in, NULL) == 0 && in;
}

/* The public routes a platform serves without an agency: its home and
 * search, a document (redirected to its agency), login, static files. */
static bool platform_route(const struct web_route *rt)
{
    static const web_handler ok[] = {h_home, h_search, h_doc, h_static, h_health, h_login_form, h_login, h_logout,
                                     api_public_docs, h_stats, h_stats_csv};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (rt->h == ok[i])
            return true;
    return false;
}

bool web_scope_gate(web_req *r)
{
    const struct web_route *rt = r->route;
    if (r->app->platform && r->agency.id == 0 && !(rt->flags & (R_STAFF | R_API)) && !platform_route(rt)) {
        web_error(r, 404, "请从平台首页选择机关后访问。");
        return false;
    }
    if (!r->user)
        return true;
    if (r->agency.id == 0) {
        /* the platform's own pages: the console and the API are the account's agency's */
        struct store_agency a;
        if ((rt->flags & (R_STAFF | R_API)) && store_agency_by_id(r->st, r->user->agency_id, &a, NULL) == 0)
            web_agency_use(r, &a);
        return true;
    }
    if (web_in_scope(r, r->user))
        return true;
    if (rt->flags & R_API) {
        web_api_error(r, 403, "out_of_scope", "your account does not work for this agency");
        return false;
    }
    if (rt->flags & R_STAFF) {
        web_error(r, 403, "您的账户无权访问该机关。");
        return false;
    }
    r->user = NULL;   /* another agency's account: anonymous on this portal */
    return true;
}

const char *web_agency_href(web_req *r, const char *code, const char *path)
{
    r->abs_links = true;
    return arena_printf(&r->a, "/-/%s%s", code, path);
}

/* A local path that stays where it is: the shared static files. */
static bool shared_path(const char *p)
{
    return strncmp(p, "/static/", 8) == 0 || strncmp(p, "/favicon.ico", 12) == 0 || p[1] == '/';
}

static void rewrite_value(web_req *r, buf *out, const char *v)
{
    if (abs_mark(v, strlen(v)))
        buf_puts(out, v + 2);
    else if (v[0] == '/' && !shared_path(v)) {
        buf_puts(out, r->prefix);
        buf_puts(out, v);
    } else {
        buf_puts(out, v);
    }
}

void web_prefix_links(web_req *r)
{
    if (!r->prefix[0] && !r->abs_links)
        return;
    for (size_t i = 0; i < r->hdrs.n; i++)
        if (strcasecmp(r->hdrs.v[i].k, "Location") == 0 && r->hdrs.v[i].v[0] == '/') {
            buf b;
            buf_init(&b);
            rewrite_value(r, &b, r->hdrs.v[i].v);
            r->hdrs.v[i].v = arena_strdup(&r->a, b.data);
            r->hdrs.v[i].vlen = b.len;
            buf_free(&b);
        }
    if (!r->ctype || strncmp(r->ctype, "text/html", 9) != 0 || !r->out.len)
        return;
    static const char *const attrs[] = {"href=\"/", "action=\"/", "src=\"/", NULL};
    buf b;
    buf_init(&b);
    const char *s = r->out.data, *end = s + r->out.len;
    while (s < end) {
        const char *best = NULL;
        size_t alen = 0;
        for (int i = 0; attrs[i]; i++) {
            const char *f = memmem(s, (size_t)(end - s), attrs[i], strlen(attrs[i]));
            if (f && (!best || f < best)) {
                best = f;
                alen = strlen(attrs[i]) - 1;   /* up to the quote */
            }
        }
        if (!best) {
            buf_append(&b, s, (size_t)(end - s));
            break;
        }
        buf_append(&b, s, (size_t)(best - s) + alen);
        const char *v = best + alen;   /* at the '/' */
        if (abs_mark(v, (size_t)(end - v))) {
            s = v + 2;   /* drop "/-" */
        } else {
            if (r->prefix[0] && !shared_path(v))
                buf_puts(&b, r->prefix);
            s = v;
            buf_putc(&b, '/');
            s++;
        }
    }
    buf_free(&r->out);
    r->out = b;
}
