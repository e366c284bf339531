/* web — the staff console's own pages: the dashboard frame, my account and
 * password, user management, API tokens and the audit trail. The workflow
 * pages (documents, applications, the annual report) live in their own files. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/web_internal.h"

/* ---- small emitters ---- */

static void fmt_epoch(int64_t t, char out[20])
{
    if (t <= 0) {
        snprintf(out, 20, "—");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
}

static void role_select(buf *b, const char *id, enum web_role cur)
{
    h_open(b, "select", "id", id, "name", "role", "required", "", H_END);
    for (int i = 1; i < ROLE_COUNT; i++)
        h_el_attr(b, "option", web_role_label((enum web_role)i), "value", web_role_key((enum web_role)i), "selected",
                  (int)cur == i ? "" : H_OMIT, H_END);
    h_close(b, "select");
}

/* ISO "2026-11-23T08:59:40" shown as "2026-11-23 08:59". */
static void iso_short(buf *b, const char *iso)
{
    if (!iso || !*iso) {
        h_text(b, "—");
        return;
    }
    char t[17];
    snprintf(t, sizeof t, "%s", iso);
    if (t[10] == 'T')
        t[10] = ' ';
    h_text(b, t);
}

/* ---- dashboard ---- */

struct audit_rows {
    buf *b;
    int n;
};

/* The audit trail's words in Chinese; unknown ones are shown as stored. */
static const char *const audit_words[][2] = {
    {"user", "账户"}, {"token", "令牌"}, {"document", "文件"}, {"application", "申请"},
    {"report", "年度报告"}, {"review", "复议诉讼"}, {"agency", "机关"},
    {"login", "登录"}, {"login_failed", "登录失败"}, {"logout", "退出登录"}, {"create", "创建"},
    {"security", "安全事件"}, {"permission_denied", "越权访问被拒绝"}, {"policy", "修改安全策略"},
    {"personal_data", "个人信息"}, {"denied", "访问被拒绝"}, {"audit", "操作日志"},
    {"seal", "个人信息加密"}, {"rotate", "轮换"}, {"retention", "保存期限"}, {"erase_personal", "删除个人信息"},
    {"update", "修改"}, {"password_changed", "修改密码"}, {"password_reset", "重设密码"},
    {"revoke", "停用"}, {"demo_created", "创建演示数据"}, {"review_case", "复议诉讼"},
    {"register", "登记申请"}, {"supplement_request", "发出补正通知"}, {"supplement_received", "收到补正"},
    {"supplement_lapsed", "逾期未补正"}, {"consult_start", "征求意见"}, {"consult_end", "征求意见结束"},
    {"extend", "延期答复"}, {"fee_notice", "发出收费通知"}, {"fee_paid", "已缴费"}, {"fee_waived", "减免收费"},
    {"fee_lapsed", "逾期未缴费"}, {"answer", "答复"}, {"withdraw", "撤回"}, {"add", "新增"}, {"close", "审结"},
    {"submit", "提交审核"}, {"approve", "审核通过"}, {"return", "退回修改"}, {"publish", "发布"},
    {"edit", "修改"}, {"comment", "意见"}, {"clear", "确认无需处理"}, {"repeal", "废止"}, {"expire", "失效"},
    {"attach", "添加附件"}, {"import", "导入"}, {"published", "公布"}, {"narrative_saved", "保存文字部分"},
    {"downloaded", "下载"}, {"stat_set", "填报数据"},
};

const char *web_audit_label(const char *w)
{
    for (size_t i = 0; i < sizeof audit_words / sizeof audit_words[0]; i++)
        if (strcmp(audit_words[i][0], w) == 0)
            return audit_words[i][1];
    return w;
}

static void audit_word(buf *b, const char *w) { h_text(b, web_audit_label(w)); }

static int audit_row_cb(const struct store_audit_entry *a, void *arg)
{
    struct audit_rows *ar = arg;
    buf *b = ar->b;
    h_open(b, "tr", H_END);
    h_open(b, "td", H_END);
    iso_short(b, a->at);
    h_close(b, "td");
    h_open(b, "td", H_END);
    h_text(b, a->actor);
    h_close(b, "td");
    h_open(b, "td", H_END);
    audit_word(b, a->entity);
    if (a->entity_id)
        h_textf(b, " #%lld", (long long)a->entity_id);
    h_close(b, "td");
    h_open(b, "td", H_END);
    audit_word(b, a->action);
    h_close(b, "td");
    h_open(b, "td", H_END);
    if (a->before_json || a->after_json) {
        h_open(b, "details", H_END);
        h_el(b, "summary", "详情");
        if (a->before_json) {
            h_open(b, "p", H_END);
            h_text(b, "变更前：");
            h_open(b, "code", H_END);
            h_text(b, a->before_json);
            h_close(b, "code");
            h_close(b, "p");
        }
        if (a->after_json) {
            h_open(b, "p", H_END);
            h_text(b, "变更后：");
            h_open(b, "code", H_END);
            h_text(b, a->after_json);
            h_close(b, "code");
            h_close(b, "p");
        }
        h_close(b, "details");
    }
    h_close(b, "td");
    h_close(b, "tr");
    ar->n++;
    return 0;
}

static void audit_table_head(buf *b, const char *caption)
{
    h_table_start(b, NULL);
    h_open(b, "caption", H_END);
    h_text(b, caption);
    h_close(b, "caption");
    h_thead(b, "时间", "操作人", "对象", "操作", "内容", H_END);
    h_open(b, "tbody", H_END);
}

/* The login notice (等保 2.0, GB/T 22239-2019 8.1.4.1): when and from
 * where the account last logged in before this session, and how many failed
 * logins were recorded for it since, so that its holder notices another's use. */
static void login_notice(web_req *r, buf *b)
{
    struct store_login_notice n;
    if (r->via_token || store_user_login_notice(r->st, r->agency.id, r->user->id, &n, NULL) != 0)
        return;
    h_open(b, "section", "class", "notice", "aria-label", "登录提示", H_END);
    h_open(b, "p", H_END);
    if (!n.known) {
        h_text(b, "这是您的账户首次登录。");
    } else {
        json_error_t je;
        json_t *j = json_loads(n.after_json, 0, &je);
        const char *ip = j ? json_string_value(json_object_get(j, "ip")) : NULL;
        h_text(b, "上次登录：");
        iso_short(b, n.at);
        if (ip) {
            h_text(b, "，地址 ");
            h_text(b, ip);
        }
        h_text(b, "。");
        json_decref(j);
    }
    if (n.failures) {
        h_close(b, "p");
        h_open(b, "p", "class", "warn", H_END);
        h_elf(b, "strong", "此后登录失败 %lld 次。", (long long)n.failures);
        h_text(b, "如非本人操作，请立即修改密码并报告安全管理员。");
    } else if (n.known)
        h_text(b, "此后没有登录失败记录。");
    h_close(b, "p");
    h_close(b, "section");
}

/* One count on the dashboard: a card with its title and the figure. */
static void dash_card(buf *b, const char *cls, const char *title, long long n)
{
    h_open(b, "section", "class", cls, H_END);
    h_el(b, "h3", title);
    h_open(b, "p", "class", "big", H_END);
    h_textf(b, "%lld", n);
    h_close(b, "p");
    h_close(b, "section");
}

/* Copies for the archive and the library (issue 18): what waits, what is past its day. */
static void dash_archive(web_req *r, buf *b)
{
    int64_t pending = 0, overdue = 0;
    if (web_archive_overdue(r->st, r->agency.id, r->cal, date_today(), &pending, &overdue, NULL) || !pending)
        return;
    h_el(b, "h2", "档案馆、图书馆报送");
    h_open(b, "div", "class", "cards", H_END);
    dash_card(b, "card", "待报送", (long long)pending);
    dash_card(b, overdue ? "card overdue" : "card", "逾期未报送", (long long)overdue);
    h_close(b, "div");
    if (web_can(r, PERM_REPORT)) {
        h_open(b, "p", H_END);
        h_link(b, web_href(r, "/console/channels"), "渠道与报送");
        h_close(b, "p");
    }
}

/* The accounts by role, for the administrator. */
static void dash_users(web_req *r, buf *b)
{
    struct store_user *us;
    size_t n;
    if (!web_can(r, PERM_USERS) || store_user_list(r->st, r->agency.id, &us, &n, NULL))
        return;
    int per[ROLE_COUNT] = {0}, inactive = 0;
    for (size_t i = 0; i < n; i++) {
        if (!us[i].active)
            inactive++;
        else
            per[web_role_from_key(us[i].role)]++;
    }
    free(us);
    h_el(b, "h2", "账户");
    h_open(b, "div", "class", "cards", H_END);
    for (int i = 1; i < ROLE_COUNT; i++)
        dash_card(b, "card", web_role_label((enum web_role)i), per[i]);
    dash_card(b, "card", "已停用", inactive);
    h_close(b, "div");
    h_open(b, "p", H_END);
    h_el_attr(b, "a", "新建账户", "class", "button", "href", web_href(r, "/console/users/new"), H_END);
    h_text(b, " ");
    h_el_attr(b, "a", "API 令牌", "class", "button secondary", "href", web_href(r, "/console/tokens"), H_END);
    h_close(b, "p");
}

int h_console(web_req *r)
{
    buf b;
    buf_init(&b);
    h_el(&b, "h1", "工作台");
    h_open(&b, "p", H_END);
    h_textf(&b, "%s，您好。您的角色是", r->user->name);
    h_el(&b, "strong", web_role_label(r->user->role));
    h_text(&b, "。");
    h_close(&b, "p");
    login_notice(r, &b);
    web_dash_chain(r, &b);
    web_dash_apps(r, &b);
    web_dash_docs(r, &b);
    web_dash_report(r, &b);
    dash_archive(r, &b);
    dash_users(r, &b);
    /* Everyone sees their own recent actions. */
    struct audit_rows ar = {&b, 0};
    audit_table_head(&b, "我的最近操作");
    struct store_audit_filter f = {.agency_id = r->agency.id, .actor = r->user->login, .limit = 10};
    store_audit_list(r->st, &f, audit_row_cb, &ar, NULL);
    if (!ar.n) {
        h_empty_row(&b, 5, "暂无记录。");
    }
    h_table_close(&b);
    web_page_console(r, HTTP_OK, "工作台", "dashboard", b.data);
    buf_free(&b);
    return HTTP_OK;
}

/* ---- my account ---- */

static int account_page(web_req *r, int status, const char *error)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    struct store_user u;
    store_user_get(r->st, r->user->id, &u, NULL);
    h_el(&b, "h1", "我的账户");
    h_open(&b, "dl", "class", "meta", H_END);
    h_dt_dd(&b, "用户名", u.login);
    h_dt_dd(&b, "姓名", u.name);
    h_dt_dd(&b, "角色", web_role_label(r->user->role));
    h_el(&b, "dt", "上次登录");
    h_open(&b, "dd", H_END);
    iso_short(&b, u.last_login);
    h_close(&b, "dd");
    h_el(&b, "dt", "密码设置于");
    h_open(&b, "dd", H_END);
    iso_short(&b, u.pw_changed);
    h_close(&b, "dd");
    h_close(&b, "dl");
    login_notice(r, &b);
    h_el(&b, "h2", "修改密码");
    struct web_pw_policy p = web_password_policy_get();
    if (r->user->pw_expired) {
        h_open(&b, "div", "class", "errors", "role", "alert", H_END);
        h_elf(&b, "p", "您的密码已使用超过%d天，按本机关的安全策略须修改后才能继续使用工作台。", p.max_days);
        h_close(&b, "div");
    }
    if (error) {
        h_box(&b, "errors", "alert", error);
    }
    h_open(&b, "form", "class", "stack", "method", "post", "action", "/console/account/password", H_END);
    h_markup_add(&b, H_MARKUP_BUF(&hidden));
    h_el_attr(&b, "label", "当前密码", "for", "current", H_END);
    h_void(&b, "input", "type", "password", "id", "current", "name", "current", "required", "", "autocomplete",
           "current-password", H_END);
    h_open(&b, "label", "for", "new", H_END);
    h_text(&b, "新密码");
    h_open(&b, "span", "class", "hint", H_END);
    h_textf(&b, "至少%d位，须同时包含字母和数字", p.min_len);
    if (p.classes > 2)
        h_textf(&b, "，并至少包含小写字母、大写字母、数字、其他字符中的%d类", p.classes);
    if (p.history)
        h_textf(&b, "，不得与最近%d次使用过的密码相同", p.history);
    h_close(&b, "span");
    h_close(&b, "label");
    h_void(&b, "input", "type", "password", "id", "new", "name", "new", "required", "", "autocomplete", "new-password",
           "minlength", arena_printf(&r->a, "%d", p.min_len), H_END);
    h_el_attr(&b, "label", "再次输入新密码", "for", "confirm", H_END);
    h_void(&b, "input", "type", "password", "id", "confirm", "name", "confirm", "required", "", "autocomplete",
           "new-password", H_END);
    h_el_attr(&b, "button", "修改密码", "type", "submit", H_END);
    h_close(&b, "form");
    web_page_console(r, status, "我的账户", "account", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_account(web_req *r) { return account_page(r, HTTP_OK, NULL); }

int h_account_password(web_req *r)
{
    const char *cur = web_f(r, "current"), *nw = web_f(r, "new"), *cf = web_f(r, "confirm");
    if (!cur || !nw || !cf)
        return account_page(r, HTTP_BAD_REQUEST, "请填写全部三个密码栏。");
    struct store_user u;
    if (store_user_get(r->st, r->user->id, &u, NULL) || !web_password_verify(u.pw_hash, cur))
        return account_page(r, HTTP_UNPROCESSABLE, "当前密码不正确。");
    if (strcmp(nw, cf) != 0)
        return account_page(r, HTTP_UNPROCESSABLE, "两次输入的新密码不一致。");
    char h[128];
    err e = {0};
    if (web_password_set_hash(r->st, u.id, nw, h, &e))
        return account_page(r, e.code == GK_EINVAL ? HTTP_UNPROCESSABLE : HTTP_INTERNAL, e.msg);
    /* The new password, the end of every session of the account and the
     * audit entry, all or none; then this browser gets a new session. */
    struct store_user_change c = {.user_id = u.id, .pw_hash = h, .end_sessions = true, .actor = u.login,
                                  .action = "password_changed"};
    if (store_user_change(r->st, &c, &e))
        return web_error(r, HTTP_INTERNAL, "保存失败，请稍后再试。");
    web_session_start(r, r->user, false, &e);
    return web_redirect(r, web_href(r, "/console/account?msg=password"));
}

/* ---- user management ---- */

int h_users(web_req *r)
{
    struct store_user *us;
    size_t n;
    if (store_user_list(r->st, r->agency.id, &us, &n, NULL))
        return web_error(r, HTTP_INTERNAL, "无法读取账户列表。");
    buf b;
    buf_init(&b);
    h_el(&b, "h1", "用户管理");
    h_open(&b, "p", H_END);
    h_el_attr(&b, "a", "新建账户", "class", "button", "href", web_href(r, "/console/users/new"), H_END);
    h_text(&b, " ");
    h_el_attr(&b, "a", "API 令牌", "class", "button secondary", "href", web_href(r, "/console/tokens"), H_END);
    h_close(&b, "p");
    h_table_start(&b, "本机关账户");
    h_thead(&b, "用户名", "姓名", "角色", "状态", "上次登录", "操作", H_END);
    h_open(&b, "tbody", H_END);
    for (size_t i = 0; i < n; i++) {
        h_open(&b, "tr", H_END);
        h_el(&b, "td", us[i].login);
        h_el(&b, "td", us[i].name);
        h_el(&b, "td", web_role_label(web_role_from_key(us[i].role)));
        h_open(&b, "td", H_END);
        h_el_attr(&b, "span", us[i].active ? "启用" : "停用", "class", us[i].active ? "tag ok" : "tag bad", H_END);
        h_close(&b, "td");
        h_open(&b, "td", H_END);
        iso_short(&b, us[i].last_login);
        char path[64];
        snprintf(path, sizeof path, "/console/users/%lld", (long long)us[i].id);
        h_close(&b, "td");
        h_open(&b, "td", H_END);
        h_open(&b, "a", "href", web_href(r, path), H_END);
        h_text(&b, "编辑");
        h_open(&b, "span", "class", "visually-hidden", H_END);
        h_textf(&b, " %s", us[i].login);
        h_close(&b, "span");
        h_close(&b, "a");
        h_close(&b, "td");
        h_close(&b, "tr");
    }
    h_table_close(&b);
    free(us);
    web_page_console(r, HTTP_OK, "用户管理", "users", b.data);
    buf_free(&b);
    return HTTP_OK;
}

/* The new/edit form. u == NULL for a new account; vals are what was typed. */
static int user_form(web_req *r, int status, const struct store_user *u, const char *error)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    const char *login = u ? u->login : (web_f(r, "login") ? web_f(r, "login") : "");
    const char *name = web_f(r, "name") ? web_f(r, "name") : (u ? u->name : "");
    enum web_role role = web_f(r, "role") ? web_role_from_key(web_f(r, "role"))
                                          : (u ? web_role_from_key(u->role) : ROLE_OFFICER);
    h_el(&b, "h1", u ? "编辑账户" : "新建账户");
    if (error) {
        h_box(&b, "errors", "alert", error);
    }
    if (u)
        h_open(&b, "form", "class", "stack", "method", "post", "action",
               arena_printf(&r->a, "/console/users/%lld", (long long)u->id), H_END);
    else
        h_open(&b, "form", "class", "stack", "method", "post", "action", "/console/users", H_END);
    h_markup_add(&b, H_MARKUP_BUF(&hidden));
    if (!u)
        web_form_token_field(r, &b);   /* one form, one account */
    if (u) {
        h_open(&b, "p", H_END);
        h_text(&b, "用户名：");
        h_el(&b, "strong", login);
        h_close(&b, "p");
    } else {
        h_open(&b, "label", "for", "login", H_END);
        h_text(&b, "用户名");
        h_el_attr(&b, "span", "3—32位小写字母、数字、点、下划线或连字符", "class", "hint", H_END);
        h_close(&b, "label");
        h_void(&b, "input", "type", "text", "id", "login", "name", "login", "value", login, "required", "", "maxlength",
               "32", "pattern", "[a-z0-9._-]{3,32}", H_END);
    }
    h_el_attr(&b, "label", "姓名", "for", "name", H_END);
    h_void(&b, "input", "type", "text", "id", "name", "name", "name", "value", name, "required", "", "maxlength", "40",
           H_END);
    h_el_attr(&b, "label", "角色", "for", "role", H_END);
    role_select(&b, "role", role);
    h_open(&b, "label", "for", "password", H_END);
    h_text(&b, u ? "重设密码" : "初始密码");
    h_el_attr(&b, "span", u ? "至少8位，须同时包含字母和数字；不重设请留空" : "至少8位，须同时包含字母和数字", "class", "hint",
              H_END);
    h_close(&b, "label");
    h_void(&b, "input", "type", "password", "id", "password", "name", "password", "autocomplete", "new-password",
           "required", u ? H_OMIT : "", H_END);
    if (u) {
        h_open(&b, "p", H_END);
        h_open(&b, "label", "class", "inline", H_END);
        h_void(&b, "input", "type", "checkbox", "name", "active", "value", "1", "checked",
               (web_f(r, "name") ? web_f(r, "active") != NULL : u->active) ? "" : H_OMIT, H_END);
        h_text(&b, " 启用此账户");
        h_close(&b, "label");
        h_close(&b, "p");
    }
    h_el_attr(&b, "button", "保存", "type", "submit", H_END);
    h_text(&b, " ");
    h_el_attr(&b, "a", "取消", "class", "button secondary", "href", web_href(r, "/console/users"), H_END);
    h_close(&b, "form");
    web_page_console(r, status, u ? "编辑账户" : "新建账户", "users", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_user_new(web_req *r) { return user_form(r, HTTP_OK, NULL, NULL); }

static bool login_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_' ||
              s[i] == '-'))
            return false;
    return true;
}

/* A staff member's name: given, within its limit in characters (base/limits.h). */
static bool name_ok(const char *s) { return s && *s && lim_check(LIM_F_USER_NAME, s, NULL) == 0; }

/* Shared by the console and the API: validates and creates an account.
 * Returns 0, or an HTTP status with msg filled (Chinese). */
int web_user_create(web_req *r, const char *login, const char *name, const char *role, const char *password,
                    int64_t *id, err *e)
{
    if (!login || !login_ok(login))
        return err_field(e, GK_EINVAL, "login", "用户名须为3—32位小写字母、数字、点、下划线或连字符。");
    if (!name_ok(name))
        return err_field(e, GK_EINVAL, "name", "请填写姓名（最多%d字）。", LIM_USER_NAME);
    enum web_role ro = web_role_from_key(role);
    if (ro == ROLE_NONE)
        return err_field(e, GK_EINVAL, "role", "请选择有效的角色。");
    struct store_user u = {0};
    if (!password)
        return err_field(e, GK_EINVAL, "password", "请设置初始密码。");
    if (web_password_hash(password, u.pw_hash, e))
        return e->code = GK_EINVAL;
    u.agency_id = r->agency.id;
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.role, sizeof u.role, "%s", web_role_key(ro));
    u.active = true;
    char *after = arena_printf(&r->a, "{\"login\":\"%s\",\"role\":\"%s\"}", login, web_role_key(ro));
    int rc = store_user_create(r->st, &u, r->user ? r->user->login : "public", after, id, e);
    if (rc == GK_EINVAL)   /* the store's unique login */
        return err_field(e, GK_ESTATE, "login", "用户名“%s”已被使用。", login);
    if (rc)
        return err_set(e, rc, "user", "保存失败。");
    return 0;
}

/* Updates name, role, active and optionally the password; refuses to leave
 * the agency without an active administrator. */
int web_user_change(web_req *r, struct store_user *u, const char *name, const char *role, int active,
                    const char *password, err *e)
{
    char before[160];
    snprintf(before, sizeof before, "{\"role\":\"%s\",\"active\":%s}", u->role, u->active ? "true" : "false");
    if (name) {
        if (!name_ok(name))
            return err_field(e, GK_EINVAL, "name", "请填写姓名（最多40字）。");
        snprintf(u->name, sizeof u->name, "%s", name);
    }
    if (role) {
        enum web_role ro = web_role_from_key(role);
        if (ro == ROLE_NONE)
            return err_field(e, GK_EINVAL, "role", "请选择有效的角色。");
        snprintf(u->role, sizeof u->role, "%s", web_role_key(ro));
    }
    bool was_admin = strstr(before, "\"admin\"") && strstr(before, "true");
    if (active >= 0)
        u->active = active != 0;
    if (was_admin && (strcmp(u->role, "admin") != 0 || !u->active)) {
        int64_t admins = 0;
        store_user_count_role(r->st, r->agency.id, "admin", &admins, NULL);
        if (admins <= 1)
            return err_set(e, GK_ESTATE, "role", "不能停用或变更唯一的系统管理员账户。");
    }
    char h[128] = "";
    int rc = password && *password ? web_password_set_hash(r->st, u->id, password, h, e) : 0;
    if (rc)
        return e->code = rc == GK_EINVAL ? GK_EINVAL : GK_EIO;
    /* name, role, active, the new password, the end of the account's
     * sessions (new password or disabled) and the audit entry: all or none */
    char *after = arena_printf(&r->a, "{\"role\":\"%s\",\"active\":%s%s}", u->role, u->active ? "true" : "false",
                               h[0] ? ",\"password\":\"reset\"" : "");
    struct store_user_change c = {.user_id = u->id, .set = u, .pw_hash = h[0] ? h : NULL,
                                  .end_sessions = h[0] || !u->active, .actor = r->user ? r->user->login : "public",
                                  .action = "update", .before_json = before, .after_json = after};
    rc = store_user_change(r->st, &c, e);
    if (rc)
        return err_set(e, rc == GK_ENOTFOUND ? GK_ENOTFOUND : GK_EIO, "user", "保存失败。");
    return 0;
}

/* For web_create_once, which wants a status. */
static int user_create_form(web_req *r, void *arg, int64_t *id, err *e)
{
    (void)arg;
    int rc = web_user_create(r, web_f(r, "login"), web_f(r, "name"), web_f(r, "role"), web_f(r, "password"), id, e);
    return rc ? gk_http_status(rc) : 0;
}

int h_user_create(web_req *r)
{
    err e = {0};
    int64_t id = web_form_token_record(r, "user");
    /* the same form again: the account it created */
    int st = id ? 0 : web_create_once(r, "user", user_create_form, NULL, &id, &e);
    if (st)
        return user_form(r, st, NULL, e.msg[0] ? e.msg : "保存失败。");
    return web_redirect(r, web_href(r, arena_printf(&r->a, "/console/users/%lld?msg=created", (long long)id)));
}

int h_user_edit(web_req *r)
{
    int64_t id;
    struct store_user u;
    if (!web_param_id(r, 0, &id) || store_user_get(r->st, id, &u, NULL) || u.agency_id != r->agency.id)
        return web_error(r, HTTP_NOT_FOUND, "没有这个账户。");
    return user_form(r, HTTP_OK, &u, NULL);
}

int h_user_update(web_req *r)
{
    int64_t id;
    struct store_user u;
    if (!web_param_id(r, 0, &id) || store_user_get(r->st, id, &u, NULL) || u.agency_id != r->agency.id)
        return web_error(r, HTTP_NOT_FOUND, "没有这个账户。");
    struct store_user orig = u;
    err e = {0};
    int rc = web_user_change(r, &u, web_f(r, "name"), web_f(r, "role"), web_f(r, "active") ? 1 : 0,
                             web_f(r, "password"), &e);
    if (rc)
        return user_form(r, gk_http_status(rc), &orig, e.msg);
    return web_redirect(r, web_href(r, "/console/users?msg=saved"));
}

/* ---- API tokens ---- */

/* Creates a token for the signed-in account; the token text goes to out
 * (shown once). A token acts only for the account that created it: asking
 * for another account (user_id not 0 and not oneself) is refused with 403
 * and audited, so the system administrator cannot reach applicants'
 * personal data through another account's role. */
int web_token_create(web_req *r, int64_t user_id, const char *name, char out[80], int64_t *id, err *e)
{
    if (!r->user)   /* the routes ask for the login first */
        return err_set(e, GK_EPERM, "user", "请先登录。");
    if (user_id && user_id != r->user->id) {
        char j[64];
        snprintf(j, sizeof j, "{\"for_user\":%lld}", (long long)user_id);
        web_audit(r, "token", 0, "create_denied", NULL, j);
        return err_set(e, GK_EPERM, "user_id", "令牌只能由账户本人为自己创建，不能为其他账户发放（职责分离）。");
    }
    user_id = r->user->id;
    if (!name || !*name || lim_check(LIM_F_TOKEN_NAME, name, NULL))
        return err_field(e, GK_EINVAL, "name", "请填写令牌用途（最多%d字）。", LIM_TOKEN_NAME);
    char hex[65];
    web_random_hex(32, hex);
    snprintf(out, 80, "gk_%s", hex);
    struct store_token t = {0};
    t.user_id = user_id;
    snprintf(t.name, sizeof t.name, "%s", name);
    web_hash_hex(NULL, out, strlen(out), t.hash);
    snprintf(t.prefix, sizeof t.prefix, "%.10s", out);
    t.created = (int64_t)time(NULL);
    int rc = store_token_add(r->st, &t, r->user->login, id, e);
    if (rc)
        return err_set(e, rc, "token", "保存失败。");
    return 0;
}

/* The tokens given out, each with its revocation form. */
static void tokens_table(web_req *r, buf *b, const struct store_token *ts, size_t n, const char *hidden)
{
    h_table_start(b, "已发放的令牌");
    h_thead(b, "开头", "用途", "账户", "创建时间", "最近使用", "状态", H_END);
    h_open(b, "tbody", H_END);
    for (size_t i = 0; i < n; i++) {
        char c[20], l[20];
        fmt_epoch(ts[i].created, c);
        fmt_epoch(ts[i].last_used, l);
        h_open(b, "tr", H_END);
        h_open(b, "td", H_END);
        h_elf(b, "code", "%s…", ts[i].prefix);
        h_close(b, "td");
        h_el(b, "td", ts[i].name);
        h_el(b, "td", ts[i].user_login);
        h_el(b, "td", c);
        h_el(b, "td", l);
        h_open(b, "td", H_END);
        if (ts[i].revoked)
            h_el_attr(b, "span", "已停用", "class", "tag bad", H_END);
        else {
            h_open(b, "form", "method", "post", "action",
                   arena_printf(&r->a, "/console/tokens/%lld/revoke", (long long)ts[i].id), H_END);
            h_markup_add(b, H_MARKUP(hidden));
            h_el_attr(b, "button", "停用", "class", "secondary", "type", "submit", H_END);
            h_close(b, "form");
        }
        h_close(b, "td");
        h_close(b, "tr");
    }
    if (!n) {
        h_empty_row(b, 6, "尚未发放令牌。");
    }
    h_table_close(b);
}

static int tokens_page(web_req *r, int status, const char *created, const char *error)
{
    struct store_token *ts;
    size_t n;
    /* the administrator sees (and may revoke) every token; others their own */
    if (store_token_list(r->st, r->agency.id, web_can(r, PERM_USERS) ? 0 : r->user->id, &ts, &n, NULL))
        return web_error(r, HTTP_INTERNAL, "无法读取令牌。");
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_el(&b, "h1", "API 令牌");
    h_open(&b, "p", H_END);
    h_text(&b, "令牌供程序调用 ");
    h_el(&b, "code", "/api/v1/");
    h_text(&b,
           " 接口（如上级部门汇总年报），权限与所属账户的角色相同。令牌只能由账户本人为自己创建；"
           "系统管理员不能为其他账户发放令牌。令牌只在创建时显示一次，请立即复制保存。");
    h_close(&b, "p");
    if (created) {
        h_open(&b, "div", "class", "notice", "role", "status", H_END);
        h_el(&b, "p", "新令牌（只显示这一次）：");
        h_open(&b, "p", H_END);
        h_el(&b, "code", created);
        h_close(&b, "p");
        h_close(&b, "div");
    }
    if (error) {
        h_box(&b, "errors", "alert", error);
    }
    tokens_table(r, &b, ts, n, hidden.data);
    h_el(&b, "h2", "为本人账户创建令牌");
    h_open(&b, "form", "class", "stack", "method", "post", "action", "/console/tokens", H_END);
    h_markup_add(&b, H_MARKUP_BUF(&hidden));
    h_elf(&b, "p", "所属账户：%s（本人）", r->user->login);
    h_el_attr(&b, "label", "用途", "for", "name", H_END);
    h_void(&b, "input", "type", "text", "id", "name", "name", "name", "required", "", "maxlength", "60", H_END);
    h_el_attr(&b, "button", "创建", "type", "submit", H_END);
    h_close(&b, "form");
    free(ts);
    web_page_console(r, status, "API 令牌", "users", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_tokens(web_req *r) { return tokens_page(r, HTTP_OK, NULL, NULL); }

int h_token_create(web_req *r)
{
    int64_t uid = 0, id;
    const char *us = web_f(r, "user");
    if (us)
        parse_i64(us, strlen(us), &uid);
    char tok[80];
    err e = {0};
    if (web_token_create(r, uid, web_f(r, "name"), tok, &id, &e))
        return tokens_page(r, gk_http_status(e.code), NULL, e.msg);
    return tokens_page(r, HTTP_OK, tok, NULL);
}

int h_token_revoke(web_req *r)
{
    int64_t id;
    struct store_token t;
    struct store_user u;
    if (!web_param_id(r, 0, &id) || store_token_get(r->st, id, &t, NULL) ||
        store_user_get(r->st, t.user_id, &u, NULL) || u.agency_id != r->agency.id ||
        (t.user_id != r->user->id && !web_can(r, PERM_USERS)))
        return web_error(r, HTTP_NOT_FOUND, "没有这个令牌。");
    err e = {0};
    if (store_token_revoke(r->st, id, r->user ? r->user->login : "public", &e))
        return web_error(r, HTTP_INTERNAL, "令牌未能撤销，请稍后再试。");
    return web_redirect(r, web_href(r, "/console/tokens?msg=revoked"));
}

/* ---- the audit trail ---- */

/* Reads the filters shared by the page and the API: 0, or GK_EINVAL naming the bad one. */
int web_audit_filter(web_req *r, struct store_audit_filter *f, int *page, err *e)
{
    memset(f, 0, sizeof *f);
    f->agency_id = r->agency.id;
    const char *v;
    if ((v = web_q(r, "entity")) && *v)
        f->entity = v;
    if ((v = web_q(r, "actor")) && *v)
        f->actor = v;
    if ((v = web_q(r, "kind")) && *v) {
        const struct web_audit_kind *k = web_audit_kind_find(v);
        if (!k)
            return err_field(e, GK_EINVAL, "kind", "事件类别无效");
        f->actions = k->actions;
    }
    gk_day d;
    if ((v = web_q(r, "since")) && *v) {
        if (date_parse(v, &d, NULL))
            return err_field(e, GK_EINVAL, "since", "起始日期格式应为 YYYY-MM-DD");
        f->since = v;
    }
    if ((v = web_q(r, "until")) && *v) {
        if (date_parse(v, &d, NULL))
            return err_field(e, GK_EINVAL, "until", "截止日期格式应为 YYYY-MM-DD");
        f->until = v;
    }
    int64_t x;
    if ((v = web_q(r, "id")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x <= 0)
            return err_field(e, GK_EINVAL, "id", "对象编号应为正整数");
        f->entity_id = x;
    }
    *page = 1;
    if ((v = web_q(r, "page")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 1 || x > 100000)
            return err_field(e, GK_EINVAL, "page", "页码无效");
        *page = (int)x;
    }
    f->limit = 50;
    f->offset = (*page - 1) * 50;
    return 0;
}

/* ---- the audit trail exported (issue 16 item 8): the rows the page's
 * filters pick (a date range among them), newest first, as CSV or XLSX ---- */
static const char *const audit_head[] = {"编号", "时间", "操作人", "对象类型", "对象编号", "操作", "变更前", "变更后"};

static int audit_export_row(const struct store_audit_entry *a, void *arg)
{
    struct web_export *x = arg;
    char id[24], eid[24] = "";
    snprintf(id, sizeof id, "%lld", (long long)a->id);
    if (a->entity_id)
        snprintf(eid, sizeof eid, "%lld", (long long)a->entity_id);
    const char *cells[8] = {id, a->at, a->actor, web_audit_label(a->entity), eid, web_audit_label(a->action),
                            a->before_json, a->after_json};
    web_export_row(x, cells);
    return x->over;
}

int h_audit_export(web_req *r)
{
    struct store_audit_filter f;
    int page;
    err e = {0};
    if (web_audit_filter(r, &f, &page, &e))
        return web_error(r, HTTP_BAD_REQUEST, e.msg);
    if (f.since && f.until && strcmp(f.since, f.until) > 0)
        return web_error(r, HTTP_BAD_REQUEST, "起始日期晚于截止日期。");
    f.limit = WEB_EXPORT_MAX_ROWS + 1;
    f.offset = 0;
    struct web_export x;
    int rc = web_export_open(&x, web_q(r, "format"), "操作日志", 8, audit_head);
    if (rc == GK_EINVAL)
        return web_error(r, HTTP_BAD_REQUEST, "格式参数应为 csv 或 xlsx。");
    if (rc)
        return web_error(r, HTTP_INTERNAL, "无法生成表格文件，请稍后重试。");
    if (store_audit_list(r->st, &f, audit_export_row, &x, NULL)) {
        web_export_free(&x);
        return web_error(r, HTTP_INTERNAL, "无法读取操作日志，请稍后重试。");
    }
    /* reading the trail out is itself recorded */
    web_audit(r, "audit", 0, "downloaded", NULL,
              arena_printf(&r->a, "{\"format\":\"%s\"}", x.xlsx ? "xlsx" : "csv"));
    return web_export_send(r, &x, arena_printf(&r->a, "audit-%s-%s-%s", r->agency.code, f.since ? f.since : "start",
                                               f.until ? f.until : "today"));
}

int h_audit(web_req *r)
{
    struct store_audit_filter f;
    int page;
    err e = {0};
    if (web_audit_filter(r, &f, &page, &e))
        return web_error(r, HTTP_BAD_REQUEST, e.msg);
    static const char *const entities[][2] = {
        {"", "全部"}, {"document", "文件"}, {"application", "申请"}, {"user", "账户"},
        {"token", "令牌"}, {"report", "年度报告"}, {"review", "复议诉讼"}, {"security", "安全事件"},
        {"personal_data", "个人信息"}, {"seal", "个人信息加密"}, {"retention", "保存期限"},
    };
    buf b;
    buf_init(&b);
    h_el(&b, "h1", "操作日志");
    h_open(&b, "form", "class", "filters", "method", "get", "action", "/console/audit", H_END);
    if (r->large)
        h_void(&b, "input", "type", "hidden", "name", "size", "value", "large", H_END);
    h_open(&b, "div", H_END);
    h_el_attr(&b, "label", "对象类型", "for", "entity", H_END);
    h_open(&b, "select", "id", "entity", "name", "entity", H_END);
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
        h_el_attr(&b, "option", entities[i][1], "value", entities[i][0], "selected",
                  (f.entity ? strcmp(f.entity, entities[i][0]) == 0 : !entities[i][0][0]) ? "" : H_OMIT, H_END);
    h_close(&b, "select");
    h_close(&b, "div");
    h_open(&b, "div", H_END);
    h_el_attr(&b, "label", "事件类别", "for", "kind", H_END);
    h_open(&b, "select", "id", "kind", "name", "kind", H_END);
    const char *kind = web_q(r, "kind") ? web_q(r, "kind") : "";
    for (const struct web_audit_kind *k = web_audit_kinds; k->key; k++)
        h_el_attr(&b, "option", k->label, "value", k->key, "selected", strcmp(kind, k->key) == 0 ? "" : H_OMIT, H_END);
    h_close(&b, "select");
    h_close(&b, "div");
    h_open(&b, "div", H_END);
    h_el_attr(&b, "label", "对象编号", "for", "id", H_END);
    h_void(&b, "input", "type", "number", "id", "id", "name", "id", "min", "1", "value",
           web_q(r, "id") ? web_q(r, "id") : "", H_END);
    h_close(&b, "div");
    h_open(&b, "div", H_END);
    h_el_attr(&b, "label", "操作人", "for", "actor", H_END);
    h_void(&b, "input", "type", "text", "id", "actor", "name", "actor", "value", f.actor ? f.actor : "", "maxlength",
           "60", H_END);
    h_close(&b, "div");
    h_open(&b, "div", H_END);
    h_el_attr(&b, "label", "起始日期", "for", "since", H_END);
    h_void(&b, "input", "type", "date", "id", "since", "name", "since", "value", f.since ? f.since : "", H_END);
    h_close(&b, "div");
    h_open(&b, "div", H_END);
    h_el_attr(&b, "label", "截止日期", "for", "until", H_END);
    h_void(&b, "input", "type", "date", "id", "until", "name", "until", "value", f.until ? f.until : "", H_END);
    h_close(&b, "div");
    h_open(&b, "div", H_END);
    h_el_attr(&b, "button", "筛选", "type", "submit", H_END);
    h_close(&b, "div");
    h_close(&b, "form");
    struct audit_rows ar = {&b, 0};
    audit_table_head(&b, "操作记录（最新在前）");
    store_audit_list(r->st, &f, audit_row_cb, &ar, NULL);
    if (!ar.n) {
        h_empty_row(&b, 5, "没有符合条件的记录。");
    }
    h_table_close(&b);
    web_console_pager(r, &b, "/console/audit", page, ar.n == 50);
    const char *q = web_query_keep(r, "page");
    h_open(&b, "p", H_END);
    h_text(&b, "按上面的筛选条件导出全部记录：");
    h_link(&b, arena_printf(&r->a, "/console/audit/export?format=xlsx%s", q), "Excel（XLSX）");
    h_text(&b, " · ");
    h_link(&b, arena_printf(&r->a, "/console/audit/export?format=csv%s", q), "CSV");
    h_close(&b, "p");
    web_page_console(r, HTTP_OK, "操作日志", "audit", b.data);
    buf_free(&b);
    return HTTP_OK;
}

/* ---- paging of the console's lists ---- */

const char *web_query_keep(web_req *r, const char *skip)
{
    buf q;
    buf_init(&q);
    for (size_t i = 0; i < r->query.n; i++) {
        if (strcmp(r->query.v[i].k, skip) == 0)
            continue;
        buf_putc(&q, '&');
        web_url_encode(&q, r->query.v[i].k);
        buf_putc(&q, '=');
        web_url_encode(&q, r->query.v[i].v);
    }
    const char *keep = arena_strdup(&r->a, q.data ? q.data : "");
    buf_free(&q);
    return keep;
}

void web_console_pager(web_req *r, buf *b, const char *path, int page, bool more)
{
    const char *keep = web_query_keep(r, "page");
    h_open(b, "nav", "aria-label", "翻页", H_END);
    h_open(b, "ul", "class", "pager", H_END);
    if (page > 1) {
        h_open(b, "li", H_END);
        h_link(b, arena_printf(&r->a, "%s?page=%d%s", path, page - 1, keep), "上一页");
        h_close(b, "li");
    }
    h_open(b, "li", H_END);
    h_open(b, "span", "aria-current", "page", H_END);
    h_textf(b, "第 %d 页", page);
    h_close(b, "span");
    h_close(b, "li");
    if (more) {
        h_open(b, "li", H_END);
        h_link(b, arena_printf(&r->a, "%s?page=%d%s", path, page + 1, keep), "下一页");
        h_close(b, "li");
    }
    h_close(b, "ul");
    h_close(b, "nav");
}
