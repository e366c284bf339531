/* web — the frames around every page (the public portal's and the staff
 * console's), error pages and JSON errors, flash messages. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/web_internal.h"

/* The portal's standard sections, in the order Chinese disclosure portals use. */
static const struct {
    const char *key, *label, *path;
} portal_nav[] = {
    {"home", "首页", "/"},
    {"guide", "政府信息公开指南", "/guide"},
    {"rules", "政府信息公开制度", "/rules"},
    {"catalogue", "法定主动公开内容", "/catalogue"},
    {"reports", "政府信息公开年报", "/reports"},
    {"apply", "依申请公开", "/apply"},
    {"engage", "互动交流", "/messages"},
    {"search", "信息检索", "/search"},
};

/* The console's sections and the permission each needs. */
static const struct {
    const char *key, *label, *path;
    int perm;
} console_nav[] = {
    {"dashboard", "工作台", "/console", PERM_CONSOLE},
    {"docs", "主动公开", "/console/docs", PERM_CONSOLE},
    {"register", "文件登记", "/console/register", PERM_DOC_REGISTER},
    {"apps", "依申请公开", "/console/applications", PERM_APP_VIEW},
    {"engage", "互动交流", "/console/messages", PERM_APP_VIEW},
    {"mail", "邮件发送", "/console/mail", PERM_APP_VIEW},
    {"report", "年度报告", "/console/report", PERM_REPORT},
    {"users", "用户管理", "/console/users", PERM_USERS},
    {"audit", "操作日志", "/console/audit", PERM_AUDIT},
    {"oversight", "政务公开监督", "/console/oversight", PERM_OVERSIGHT},
    {"agency", "机关信息", "/console/agency", PERM_AGENCY},
    {"security", "安全策略", "/console/security", PERM_SECURITY},
    {"account", "我的账户", "/console/account", PERM_CONSOLE},
};

const char *web_setting(web_req *r, const char *key, const char *def)
{
    buf b;
    buf_init(&b);
    const char *v = def;
    if (r->st && store_setting_get(r->st, r->agency.id, key, &b, NULL) == 0 && b.data)
        v = arena_strdup(&r->a, b.data);
    buf_free(&b);
    return v;
}

/* The same path with large-text mode switched on or off. */
static const char *size_toggle(web_req *r)
{
    buf b;
    buf_init(&b);
    /* after a POST the same path would be a GET the route does not take */
    buf_puts(&b, r->method & (M_GET | M_HEAD) ? r->path : (r->user ? "/console" : "/"));
    char sep = '?';
    for (size_t i = 0; i < r->query.n; i++) {
        if (strcmp(r->query.v[i].k, "size") == 0 || strcmp(r->query.v[i].k, "msg") == 0)
            continue;
        buf_putc(&b, sep);
        sep = '&';
        web_url_encode(&b, r->query.v[i].k);
        buf_putc(&b, '=');
        web_url_encode(&b, r->query.v[i].v);
    }
    if (!r->large) {
        buf_putc(&b, sep);
        buf_puts(&b, "size=large");
    }
    const char *s = arena_strdup(&r->a, b.data);
    buf_free(&b);
    return s;
}

/* The root element's classes: the text size (every size in the style sheet
 * is in rem, so the root's size scales all of them) and the print view. */
static const char *html_class(web_req *r)
{
    const char *size = r->large ? "large" : r->small ? "small" : "";
    return arena_printf(&r->a, "%s%s%s", size, *size && r->print ? " " : "", r->print ? "print" : "");
}

void web_crumbs(web_req *r, buf *b, const char *mid_path, const char *mid_label, const char *here)
{
    h_open(b, "p", "class", "crumbs", H_END);
    h_text(b, "当前位置：");
    h_link(b, web_href(r, "/"), "首页");
    h_text(b, " › ");
    if (mid_path) {
        h_link(b, web_href(r, mid_path), mid_label);
        h_text(b, " › ");
    }
    h_text(b, here);
    h_close(b, "p");
}

/* One entry of a frame's navigation, marked when it is the current section. */
static void nav_item(web_req *r, buf *nav, const char *path, const char *label, bool cur)
{
    h_open(nav, "li", H_END);
    h_open(nav, "a", "href", web_href(r, path), "aria-current", cur ? "page" : H_OMIT, H_END);
    h_text(nav, label);
    h_close(nav, "a");
    h_close(nav, "li");
}

int web_page_public(web_req *r, int status, const char *title, const char *section, const char *body)
{
    buf nav;
    buf_init(&nav);
    for (size_t i = 0; i < sizeof portal_nav / sizeof portal_nav[0]; i++) {
        bool cur = section && strcmp(section, portal_nav[i].key) == 0;
        /* the platform's own pages: its home and search; the rest is each agency's */
        if (!r->agency.id && strcmp(portal_nav[i].key, "home") != 0 && strcmp(portal_nav[i].key, "search") != 0)
            continue;
        nav_item(r, &nav, portal_nav[i].path, portal_nav[i].label, cur);
    }
    const char *agency = r->agency.id ? r->agency.name : web_setting(r, "platform.name", "政府信息公开平台");
    buf_reset(&r->out);
    TPL(&r->out, "portal", "title", title, "agency", agency, "css", r->app->css_url, "html_class", html_class(r),
        "body_class", r->large ? "large" : "", "home", web_href(r, "/"), "nav", nav.data,
        "size_url", size_toggle(r), "size_label", r->large ? "标准字号" : "大字版",
        "login_url", web_href(r, "/login"), "flash", web_flash(r), "body", body,
        "address", web_setting(r, "agency.address", ""), "phone", web_setting(r, "agency.phone", ""),
        "hours", web_setting(r, "agency.hours", ""), "postcode", web_setting(r, "agency.postcode", ""),
        "email", web_setting(r, "agency.email", ""), "icp", web_setting(r, "agency.icp", ""),
        "site_code", web_setting(r, "agency.site_code", ""), "police", web_setting(r, "agency.police_record", ""));
    buf_free(&nav);
    return web_html(r, status);
}

int web_page_console(web_req *r, int status, const char *title, const char *section, const char *body)
{
    buf nav, hidden;
    buf_init(&nav);
    buf_init(&hidden);
    for (size_t i = 0; i < sizeof console_nav / sizeof console_nav[0]; i++) {
        if (!web_can(r, console_nav[i].perm))
            continue;
        bool cur = section && strcmp(section, console_nav[i].key) == 0;
        nav_item(r, &nav, console_nav[i].path, console_nav[i].label, cur);
    }
    web_form_hidden(r, &hidden);
    char refresh_buf[16];
    const char *refresh = NULL;
    if (r->refresh_s > 0) {
        snprintf(refresh_buf, sizeof refresh_buf, "%d", r->refresh_s);
        refresh = refresh_buf;
    }
    buf_reset(&r->out);
    TPL(&r->out, "console", "title", title, "agency", r->agency.name, "css", r->app->css_url,
        "html_class", html_class(r),
        "body_class", r->large ? "console large" : "console", "nav", nav.data,
        "user", r->user ? r->user->name : "", "role", r->user ? web_role_label(r->user->role) : "",
        "hidden", hidden.data, "size_url", size_toggle(r), "size_label", r->large ? "标准字号" : "大字版",
        "portal", web_href(r, "/"), "flash", web_flash(r), "body", body, "refresh", refresh);
    buf_free(&nav);
    buf_free(&hidden);
    r->no_store = true;
    return web_html(r, status);
}

static bool is_api_path(const char *p) { return strncmp(p, "/api/", 5) == 0; }

static const char *status_code(int status)
{
    switch (status) {
    case HTTP_BAD_REQUEST: return "bad_request";
    case HTTP_UNAUTHORIZED: return "unauthenticated";
    case HTTP_FORBIDDEN: return "forbidden";
    case HTTP_NOT_FOUND: return "not_found";
    case HTTP_METHOD_NOT_ALLOWED: return "method_not_allowed";
    case HTTP_CONFLICT: return "conflict";
    case HTTP_GONE: return "gone";
    case HTTP_TOO_LARGE: return "too_large";
    case HTTP_UNPROCESSABLE: return "invalid";
    case HTTP_TOO_MANY: return "too_many_requests";
    case HTTP_UNAVAILABLE: return "unavailable";
    default: return status >= HTTP_INTERNAL ? "internal" : "error";
    }
}

static const char *status_title(int status)
{
    switch (status) {
    case HTTP_BAD_REQUEST: return "请求无效";
    case HTTP_FORBIDDEN: return "无权访问";
    case HTTP_NOT_FOUND: return "页面不存在";
    case HTTP_METHOD_NOT_ALLOWED: return "请求方法无效";
    case HTTP_GONE: return "已不再公开";
    case HTTP_TOO_LARGE: return "内容过大";
    case HTTP_TOO_MANY: return "请求过于频繁";
    case HTTP_UNAVAILABLE: return "服务暂不可用";
    default: return status >= HTTP_INTERNAL ? "服务器错误" : "出错了";
    }
}

int web_error(web_req *r, int status, const char *message)
{
    if (is_api_path(r->path))
        return web_api_error(r, status, status_code(status), message);
    buf b;
    buf_init(&b);
    TPL(&b, "error", "title", status_title(status), "message", message, "home", web_href(r, "/"),
        "console", (r->user && r->route && (r->route->flags & R_STAFF)) ? web_href(r, "/console") : "");
    if (r->user && r->route && (r->route->flags & R_STAFF))
        web_page_console(r, status, status_title(status), NULL, b.data);
    else
        web_page_public(r, status, status_title(status), NULL, b.data);
    buf_free(&b);
    r->cacheable = false;
    return status;
}

int web_fail(web_req *r, const err *e, const char *fallback)
{
    int code = e && e->code ? e->code : GK_EIO;
    const char *msg = e && e->msg[0] ? e->msg : fallback;
    return web_error(r, gk_http_status(code), msg ? msg : gk_err_label(code));
}

int web_api_error(web_req *r, int status, const char *code, const char *message)
{
    json_t *j = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message ? message : "");
    return web_json(r, status, j);
}

int web_json(web_req *r, int status, json_t *j)
{
    buf_reset(&r->out);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (s) {
        buf_puts(&r->out, s);
        buf_putc(&r->out, '\n');
        free(s);
    }
    r->ctype = "application/json; charset=utf-8";
    r->status = status;
    r->no_store = true;
    return status;
}

/* Messages shown once after a form redirects: ?msg=KEY. Only keys in this
 * table are shown, so a link cannot put words on gongkai's pages. */
static const struct {
    const char *key, *text;
} flashes[] = {
    {"saved", "已保存。"},
    {"created", "已创建。"},
    {"loggedout", "您已安全退出。"},
    {"password", "密码已修改，请妥善保管。"},
    {"revoked", "令牌已停用。"},
    {"submitted", "已提交审核。"},
    {"reviewed", "审核意见已记录。"},
    {"published", "已发布。"},
    {"repealed", "已标注废止。"},
    {"registered", "申请已登记。"},
    {"done", "操作已完成。"},
    {"expired", "登录已超时，请重新登录。"},
};

const char *web_flash(web_req *r)
{
    const char *k = web_q(r, "msg");
    if (!k)
        return "";
    for (size_t i = 0; i < sizeof flashes / sizeof flashes[0]; i++)
        if (strcmp(flashes[i].key, k) == 0)
            return flashes[i].text;
    return "";
}

void web_audit(web_req *r, const char *entity, int64_t id, const char *action, const char *before_json,
               const char *after_json)
{
    err e = {0};
    const char *actor = r->user ? r->user->login : "public";
    if (store_audit_add(r->st, r->agency.id, actor, entity, id, action, before_json, after_json, &e))
        fprintf(stderr, "gongkai: serve: audit: %s\n", e.msg);
}

json_t *web_json_body(web_req *r)
{
    const char *ct = web_header(r, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        web_api_error(r, HTTP_UNSUPPORTED_TYPE, "unsupported_media_type", "send the body as application/json");
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!j || !json_is_object(j)) {
        char msg[300];
        snprintf(msg, sizeof msg, "the body is not a JSON object%s%s", j ? "" : ": ", j ? "" : je.text);
        json_decref(j);
        web_api_error(r, HTTP_BAD_REQUEST, "bad_json", msg);
        return NULL;
    }
    return j;
}

/* The label with the required mark, the hint and the error of a field;
 * desc gets the ids they give for aria-describedby. */
static void field_label(buf *b, const struct web_field *f, char *desc, size_t descn)
{
    char id[96];
    snprintf(id, sizeof id, "f-%s", f->name);
    h_open(b, "label", "for", id, H_END);
    h_text(b, f->label);
    if (f->required) {
        h_text(b, " ");
        h_el_attr(b, "span", "*", "class", "req", "aria-hidden", "true", H_END);
        h_el_attr(b, "span", "（必填）", "class", "visually-hidden", H_END);
    }
    h_close(b, "label");
    desc[0] = '\0';
    if (f->hint) {
        snprintf(desc, descn, "h-%s", f->name);
        h_el_attr(b, "span", f->hint, "class", "hint", "id", desc, H_END);
    }
    if (f->error) {
        size_t l = strlen(desc);
        snprintf(desc + l, descn - l, "%se-%s", l ? " " : "", f->name);
        h_el_attr(b, "p", f->error, "class", "field-error", "id", desc + l + (l ? 1 : 0), H_END);
    }
}

/* A field's extra attributes (web_field.attrs): the caller's constant
 * name="value" pairs, split into the pairs[] the builder takes; at most
 * max pairs, a piece that is not such a pair is dropped. */
static size_t field_attrs(arena *a, const char *attrs, const char **pairs, size_t max)
{
    size_t n = 0;
    for (const char *p = attrs ? attrs : ""; *p && n < max;) {
        while (*p == ' ')
            p++;
        const char *eq = strchr(p, '=');
        if (!*p || !eq || eq[1] != '"')
            break;
        const char *end = strchr(eq + 2, '"');
        if (!end)
            break;
        pairs[2 * n] = arena_strndup(a, p, (size_t)(eq - p));
        pairs[2 * n + 1] = arena_strndup(a, eq + 2, (size_t)(end - eq - 2));
        n++;
        p = end + 1;
    }
    return n;
}

/* The input, textarea or select of a field, its attributes in the order
 * id, name, required, aria-invalid, aria-describedby, the extra ones. */
static void field_control(web_req *r, buf *b, const struct web_field *f, const char *v, const char *desc)
{
    const char *type = f->type ? f->type : "text";
    bool area = strcmp(type, "textarea") == 0, sel = strcmp(type, "select") == 0;
    char id[96], maxlen[16];
    snprintf(id, sizeof id, "f-%s", f->name);
    snprintf(maxlen, sizeof maxlen, "%d", f->maxlength);
    const char *extra[8] = {0};
    size_t nx = field_attrs(&r->a, f->attrs, extra, 4);
    const char *ml = f->maxlength && !sel ? maxlen : H_OMIT;
    const char *tag = area ? "textarea" : sel ? "select" : "input";
    /* name, value pairs: the input's type first and its value and maxlength last */
    const char *av[40];
    size_t k = 0;
    if (!area && !sel)
        av[k++] = "type", av[k++] = type;
    av[k++] = "id", av[k++] = id;
    av[k++] = "name", av[k++] = f->name;
    av[k++] = "required", av[k++] = f->required ? "" : H_OMIT;
    av[k++] = "aria-invalid", av[k++] = f->error ? "true" : H_OMIT;
    av[k++] = "aria-describedby", av[k++] = desc[0] ? desc : H_OMIT;
    for (size_t i = 0; i < 2 * nx; i++)
        av[k++] = extra[i];
    if (!area && !sel)
        av[k++] = "value", av[k++] = v;
    av[k++] = "maxlength", av[k++] = ml;
    av[k] = H_END;
    h_open_list(b, tag, av);
    if (area) {
        h_text(b, v);
        h_close(b, tag);
    } else if (sel) {
        for (size_t i = 0; f->options && f->options[i]; i += 2)
            h_option(b, f->options[i], f->options[i + 1], strcmp(v, f->options[i]) == 0);
        h_close(b, tag);
    }
}

void web_field(web_req *r, buf *b, const struct web_field *f)
{
    const char *v = f->value ? f->value : web_f(r, f->name);
    if (!v)
        v = "";
    h_open(b, "div", "class", "field", H_END);
    char desc[160];
    field_label(b, f, desc, sizeof desc);
    field_control(r, b, f, v, desc);
    h_close(b, "div");
}
