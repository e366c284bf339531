/* web — the public portal's fixed pages: home, the guide (指南), the rules
 * (制度), staff login and logout, and the health check. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "platform/platform.h"
#include "web/web_internal.h"

/* The office and supervision details the guide names, from settings. */
#define OFFICE(r) web_setting((r), "agency.office", "办公室")

int h_home(web_req *r)
{
    if (r->agency.id == 0)
        return web_platform_home(r);
    buf body, latest;
    buf_init(&body);
    buf_init(&latest);
    web_home_latest(r, &latest);
    TPL(&body, "home", "agency", r->agency.name, "large", r->large ? "1" : "",
        "guide", web_href(r, "/guide"), "rules", web_href(r, "/rules"),
        "catalogue", web_href(r, "/catalogue"), "reports", web_href(r, "/reports"),
        "apply", web_href(r, "/apply"), "track", web_href(r, "/apply/track"), "latest", latest.data);
    web_page_public(r, HTTP_OK, "首页", "home", body.data);
    buf_free(&body);
    buf_free(&latest);
    return HTTP_OK;
}

/* The agency's facts the default guide and rules fill in (platform.h). */
static void guide_facts(web_req *r, struct plat_guide_facts *f, char parent[256])
{
    memset(f, 0, sizeof *f);
    parent[0] = '\0';
    f->government = strcmp(r->agency.kind, "government") == 0;
    plat_level_parse(r->agency.level, "level", &f->level, NULL);
    struct store_agency p;
    if (r->agency.parent_id && store_agency_by_id(r->st, r->agency.parent_id, &p, NULL) == 0)
        snprintf(parent, 256, "%s", p.name);
    f->parent_name = parent;
}

/* Lines of text typed in the console as HTML: each line a paragraph (as
 * list items when `items`), escaped. */
static const char *text_html(web_req *r, const char *text, bool items)
{
    buf b;
    buf_init(&b);
    for (const char *p = text; p && *p;) {
        size_t n = strcspn(p, "\r\n");
        if (n) {
            if (items)
                h_text(&b, "  ");
            h_open(&b, items ? "li" : "p", H_END);
            h_text_n(&b, p, n);
            h_close(&b, items ? "li" : "p");
            h_text(&b, "\n");
        }
        p += n;
        while (*p == '\r' || *p == '\n')
            p++;
    }
    const char *out = arena_strdup(&r->a, b.data ? b.data : "");
    buf_free(&b);
    return out;
}

int h_guide(web_req *r)
{
    struct plat_guide_facts f;
    char parent[256];
    guide_facts(r, &f, parent);
    buf sup, review;
    buf_init(&sup);
    buf_init(&review);
    plat_guide_supervisor(&f, &sup);
    plat_guide_review_body(&f, &review);
    buf body;
    buf_init(&body);
    TPL(&body, "guide", "agency", r->agency.name, "home", web_href(r, "/"), "office", OFFICE(r),
        "address", web_setting(r, "agency.address", ""), "postcode", web_setting(r, "agency.postcode", ""),
        "hours", web_setting(r, "agency.hours", ""), "phone", web_setting(r, "agency.phone", ""),
        "fax", web_setting(r, "agency.fax", ""), "email", web_setting(r, "agency.email", ""),
        "supervisor", web_setting(r, "agency.supervisor", sup.data),
        "scope", text_html(r, web_setting(r, "guide.scope", plat_guide_scope_default(&f)), true),
        "notes", text_html(r, web_setting(r, "guide.notes", ""), false), "review_body", review.data,
        "deadline", plat_guide_report_deadline(&f), "apply", web_href(r, "/apply"),
        "catalogue", web_href(r, "/catalogue"), "reports", web_href(r, "/reports"));
    web_page_public(r, HTTP_OK, "政府信息公开指南", "guide", body.data);
    buf_free(&body);
    buf_free(&sup);
    buf_free(&review);
    return HTTP_OK;
}

int h_rules(web_req *r)
{
    struct plat_guide_facts f;
    char parent[256];
    guide_facts(r, &f, parent);
    buf body;
    buf_init(&body);
    TPL(&body, "rules", "agency", r->agency.name, "home", web_href(r, "/"), "office", OFFICE(r),
        "deadline", plat_guide_report_deadline(&f), "notes", text_html(r, web_setting(r, "rules.notes", ""), false),
        "guide", web_href(r, "/guide"), "reports", web_href(r, "/reports"));
    web_page_public(r, HTTP_OK, "政府信息公开制度", "rules", body.data);
    buf_free(&body);
    return HTTP_OK;
}

int h_health(web_req *r)
{
    char b[128];
    int n = snprintf(b, sizeof b, "{\"status\":\"ok\",\"schema\":%d}\n", store_schema_version(r->st));
    r->no_store = true;
    return web_text(r, HTTP_OK, "application/json; charset=utf-8", b, (size_t)n);
}

/* ---- login ---- */

/* A local path to return to after login: "/..." but never "//host". */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 300)
        return "/console";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x20)
            return "/console";
    return next;
}

static int login_page(web_req *r, int status, const char *login, const char *error)
{
    buf body, hidden;
    buf_init(&body);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    char max[16], minutes[16];
    snprintf(max, sizeof max, "%d", r->app->login_fail_max);
    snprintf(minutes, sizeof minutes, "%d", r->app->login_fail_window_s / 60);
    TPL(&body, "login", "agency", r->agency.name, "apply", web_href(r, "/apply"), "error", error,
        "hidden", hidden.data, "next", safe_next(web_fq(r, "next")), "login", login ? login : "",
        "max", max, "minutes", minutes);
    web_page_public(r, status, "工作人员登录", NULL, body.data);
    buf_free(&body);
    buf_free(&hidden);
    r->no_store = true;
    return status;
}

int h_login_form(web_req *r)
{
    if (r->user)
        return web_redirect(r, web_href(r, "/console"));
    web_anon_csrf(r);
    return login_page(r, HTTP_OK, "", NULL);
}

/* A hash to verify against when the login does not exist, so that a wrong
 * login and a wrong password take the same time. */
static char dummy_hash[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void) { web_password_hash("not-a-password-0", dummy_hash, NULL); }

int h_login(web_req *r)
{
    const char *login = web_f(r, "login"), *pw = web_f(r, "password");
    if (!login || !*login || !pw || !*pw)
        return login_page(r, HTTP_BAD_REQUEST, login, "请输入用户名和密码。");
    if (strlen(login) > 60 || strlen(pw) > 256)
        return login_page(r, HTTP_BAD_REQUEST, "", "用户名或密码过长。");
    int64_t wait = web_login_throttled(r, login);
    if (wait > 0) {
        char msg[200], ra[24];
        snprintf(msg, sizeof msg, "该账户在本网络地址登录失败次数过多，请%lld分钟后再试（每多失败一次，等待时间更长）。",
                 (long long)((wait + 59) / 60));
        snprintf(ra, sizeof ra, "%lld", (long long)wait);
        web_add_header(r, "Retry-After", ra);
        return login_page(r, HTTP_TOO_MANY, login, msg);
    }
    struct store_user u;
    bool found = store_user_by_login(r->st, login, &u, NULL) == 0;
    if (!found) {
        pthread_once(&dummy_once, make_dummy);
        web_password_verify(dummy_hash, pw);
    }
    web_user wu;
    if (!found || !web_password_verify(u.pw_hash, pw) || web_user_load(r, u.id, &wu) ||
        (r->agency.id && !web_in_scope(r, &wu))) {
        web_login_failed(r, login);
        web_audit(r, "user", found ? u.id : 0, "login_failed", NULL, web_ip_json(r));
        return login_page(r, HTTP_UNAUTHORIZED, login, "用户名或密码错误，或账户已停用。");
    }
    web_login_succeeded(r, login);
    err e = {0};
    if (web_session_start(r, &wu, true, &e))
        return web_error(r, HTTP_INTERNAL, "无法建立登录会话，请稍后再试。");
    return web_redirect(r, web_href(r, safe_next(web_f(r, "next"))));
}

int h_logout(web_req *r)
{
    err e = {0};
    if (web_session_end(r, &e))
        return web_error(r, HTTP_INTERNAL, "退出登录失败，请稍后再试。");
    return web_redirect(r, web_href(r, "/login?msg=loggedout"));
}
