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
    buf_printf(b, "<select id=\"%s\" name=\"role\" required>", id);
    for (int i = 1; i < ROLE_COUNT; i++)
        buf_printf(b, "<option value=\"%s\"%s>%s</option>", web_role_key((enum web_role)i),
                   (int)cur == i ? " selected" : "", web_role_label((enum web_role)i));
    buf_puts(b, "</select>");
}

/* ISO "2026-11-23T08:59:40" shown as "2026-11-23 08:59". */
static void iso_short(buf *b, const char *iso)
{
    if (!iso || !*iso) {
        buf_puts(b, "—");
        return;
    }
    char t[17];
    snprintf(t, sizeof t, "%s", iso);
    if (t[10] == 'T')
        t[10] = ' ';
    buf_html(b, t);
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

static void audit_word(buf *b, const char *w) { buf_html(b, web_audit_label(w)); }

static int audit_row_cb(const struct store_audit_entry *a, void *arg)
{
    struct audit_rows *ar = arg;
    buf *b = ar->b;
    buf_puts(b, "<tr><td>");
    iso_short(b, a->at);
    buf_puts(b, "</td><td>");
    buf_html(b, a->actor);
    buf_puts(b, "</td><td>");
    audit_word(b, a->entity);
    if (a->entity_id)
        buf_printf(b, " #%lld", (long long)a->entity_id);
    buf_puts(b, "</td><td>");
    audit_word(b, a->action);
    buf_puts(b, "</td><td>");
    if (a->before_json || a->after_json) {
        buf_puts(b, "<details><summary>详情</summary>");
        if (a->before_json) {
            buf_puts(b, "<p>变更前：<code>");
            buf_html(b, a->before_json);
            buf_puts(b, "</code></p>");
        }
        if (a->after_json) {
            buf_puts(b, "<p>变更后：<code>");
            buf_html(b, a->after_json);
            buf_puts(b, "</code></p>");
        }
        buf_puts(b, "</details>");
    }
    buf_puts(b, "</td></tr>");
    ar->n++;
    return 0;
}

static void audit_table_head(buf *b, const char *caption)
{
    buf_puts(b, "<div class=\"table-wrap\"><table><caption>");
    buf_html(b, caption);
    buf_puts(b, "</caption><thead><tr><th scope=\"col\">时间</th><th scope=\"col\">操作人</th>"
                "<th scope=\"col\">对象</th><th scope=\"col\">操作</th><th scope=\"col\">内容</th></tr></thead><tbody>");
}

/* The login notice (等保 2.0, GB/T 22239-2019 8.1.4.1): when and from
 * where the account last logged in before this session, and how many failed
 * logins were recorded for it since, so that its holder notices another's use. */
static void login_notice(web_req *r, buf *b)
{
    struct store_login_notice n;
    if (r->via_token || store_user_login_notice(r->st, r->agency.id, r->user->id, &n, NULL) != 0)
        return;
    buf_puts(b, "<section class=\"notice\" aria-label=\"登录提示\"><p>");
    if (!n.known) {
        buf_puts(b, "这是您的账户首次登录。");
    } else {
        json_error_t je;
        json_t *j = json_loads(n.after_json, 0, &je);
        const char *ip = j ? json_string_value(json_object_get(j, "ip")) : NULL;
        buf_puts(b, "上次登录：");
        iso_short(b, n.at);
        if (ip) {
            buf_puts(b, "，地址 ");
            buf_html(b, ip);
        }
        buf_puts(b, "。");
        json_decref(j);
    }
    if (n.failures)
        buf_printf(b, "</p><p class=\"warn\"><strong>此后登录失败 %lld 次。</strong>如非本人操作，请立即修改密码并报告安全管理员。",
                   (long long)n.failures);
    else if (n.known)
        buf_puts(b, "此后没有登录失败记录。");
    buf_puts(b, "</p></section>");
}

int h_console(web_req *r)
{
    buf b;
    buf_init(&b);
    buf_printf(&b, "<h1>工作台</h1><p>%s，您好。您的角色是<strong>%s</strong>。</p>", web_esc(r, r->user->name),
               web_role_label(r->user->role));
    login_notice(r, &b);
    web_dash_chain(r, &b);
    web_dash_apps(r, &b);
    web_dash_docs(r, &b);
    web_dash_report(r, &b);
    /* copies for the archive and the library (issue 18): what waits, what is past its day */
    int64_t pending = 0, overdue = 0;
    if (web_archive_overdue(r->st, r->agency.id, r->cal, date_today(), &pending, &overdue, NULL) == 0 && pending)
        buf_printf(&b, "<h2>档案馆、图书馆报送</h2><div class=\"cards\"><section class=\"card\"><h3>待报送</h3>"
                       "<p class=\"big\">%lld</p></section><section class=\"card%s\"><h3>逾期未报送</h3>"
                       "<p class=\"big\">%lld</p></section></div>%s%s%s",
                   (long long)pending, overdue ? " overdue" : "", (long long)overdue,
                   web_can(r, PERM_REPORT) ? "<p><a href=\"" : "",
                   web_can(r, PERM_REPORT) ? web_esc(r, web_href(r, "/console/channels")) : "",
                   web_can(r, PERM_REPORT) ? "\">渠道与报送</a></p>" : "");
    if (web_can(r, PERM_USERS)) {
        struct store_user *us;
        size_t n;
        if (store_user_list(r->st, r->agency.id, &us, &n, NULL) == 0) {
            int per[ROLE_COUNT] = {0}, inactive = 0;
            for (size_t i = 0; i < n; i++) {
                if (!us[i].active)
                    inactive++;
                else
                    per[web_role_from_key(us[i].role)]++;
            }
            buf_puts(&b, "<h2>账户</h2><div class=\"cards\">");
            for (int i = 1; i < ROLE_COUNT; i++)
                buf_printf(&b, "<section class=\"card\"><h3>%s</h3><p class=\"big\">%d</p></section>",
                           web_role_label((enum web_role)i), per[i]);
            buf_printf(&b, "<section class=\"card\"><h3>已停用</h3><p class=\"big\">%d</p></section></div>", inactive);
            buf_printf(&b, "<p><a class=\"button\" href=\"%s\">新建账户</a> <a class=\"button secondary\" href=\"%s\">API 令牌</a></p>",
                       web_esc(r, web_href(r, "/console/users/new")), web_esc(r, web_href(r, "/console/tokens")));
            free(us);
        }
    }
    /* Everyone sees their own recent actions. */
    struct audit_rows ar = {&b, 0};
    audit_table_head(&b, "我的最近操作");
    struct store_audit_filter f = {.agency_id = r->agency.id, .actor = r->user->login, .limit = 10};
    store_audit_list(r->st, &f, audit_row_cb, &ar, NULL);
    if (!ar.n)
        buf_puts(&b, "<tr><td colspan=\"5\">暂无记录。</td></tr>");
    buf_puts(&b, "</tbody></table></div>");
    web_page_console(r, 200, "工作台", "dashboard", b.data);
    buf_free(&b);
    return 200;
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
    buf_puts(&b, "<h1>我的账户</h1><dl class=\"meta\">");
    buf_printf(&b, "<dt>用户名</dt><dd>%s</dd><dt>姓名</dt><dd>%s</dd><dt>角色</dt><dd>%s</dd><dt>上次登录</dt><dd>",
               web_esc(r, u.login), web_esc(r, u.name), web_role_label(r->user->role));
    iso_short(&b, u.last_login);
    buf_puts(&b, "</dd><dt>密码设置于</dt><dd>");
    iso_short(&b, u.pw_changed);
    buf_puts(&b, "</dd></dl>");
    login_notice(r, &b);
    buf_puts(&b, "<h2>修改密码</h2>");
    struct web_pw_policy p = web_password_policy_get();
    if (r->user->pw_expired)
        buf_printf(&b, "<div class=\"errors\" role=\"alert\"><p>您的密码已使用超过%d天，按本机关的安全策略须修改后才能继续使用工作台。</p></div>",
                   p.max_days);
    if (error)
        buf_printf(&b, "<div class=\"errors\" role=\"alert\"><p>%s</p></div>", web_esc(r, error));
    buf_printf(&b, "<form class=\"stack\" method=\"post\" action=\"/console/account/password\">%s"
                   "<label for=\"current\">当前密码</label><input type=\"password\" id=\"current\" name=\"current\" required autocomplete=\"current-password\">"
                   "<label for=\"new\">新密码<span class=\"hint\">至少%d位，须同时包含字母和数字",
               hidden.data, p.min_len);
    if (p.classes > 2)
        buf_printf(&b, "，并至少包含小写字母、大写字母、数字、其他字符中的%d类", p.classes);
    if (p.history)
        buf_printf(&b, "，不得与最近%d次使用过的密码相同", p.history);
    buf_printf(&b, "</span></label>"
                   "<input type=\"password\" id=\"new\" name=\"new\" required autocomplete=\"new-password\" minlength=\"%d\">"
                   "<label for=\"confirm\">再次输入新密码</label><input type=\"password\" id=\"confirm\" name=\"confirm\" required autocomplete=\"new-password\">"
                   "<button type=\"submit\">修改密码</button></form>",
               p.min_len);
    web_page_console(r, status, "我的账户", "account", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_account(web_req *r) { return account_page(r, 200, NULL); }

int h_account_password(web_req *r)
{
    const char *cur = web_f(r, "current"), *nw = web_f(r, "new"), *cf = web_f(r, "confirm");
    if (!cur || !nw || !cf)
        return account_page(r, 400, "请填写全部三个密码栏。");
    struct store_user u;
    if (store_user_get(r->st, r->user->id, &u, NULL) || !web_password_verify(u.pw_hash, cur))
        return account_page(r, 422, "当前密码不正确。");
    if (strcmp(nw, cf) != 0)
        return account_page(r, 422, "两次输入的新密码不一致。");
    char h[128];
    err e = {0};
    if (web_password_set_hash(r->st, u.id, nw, h, &e))
        return account_page(r, e.code == GK_EINVAL ? 422 : 500, e.msg);
    /* The new password, the end of every session of the account and the
     * audit entry, all or none; then this browser gets a new session. */
    struct store_user_change c = {.user_id = u.id, .pw_hash = h, .end_sessions = true, .actor = u.login,
                                  .action = "password_changed"};
    if (store_user_change(r->st, &c, &e))
        return web_error(r, 500, "保存失败，请稍后再试。");
    web_session_start(r, r->user, false, &e);
    return web_redirect(r, web_href(r, "/console/account?msg=password"));
}

/* ---- user management ---- */

int h_users(web_req *r)
{
    struct store_user *us;
    size_t n;
    if (store_user_list(r->st, r->agency.id, &us, &n, NULL))
        return web_error(r, 500, "无法读取账户列表。");
    buf b;
    buf_init(&b);
    buf_printf(&b, "<h1>用户管理</h1><p><a class=\"button\" href=\"%s\">新建账户</a> <a class=\"button secondary\" href=\"%s\">API 令牌</a></p>",
               web_esc(r, web_href(r, "/console/users/new")), web_esc(r, web_href(r, "/console/tokens")));
    buf_puts(&b, "<div class=\"table-wrap\"><table><caption>本机关账户</caption><thead><tr><th scope=\"col\">用户名</th>"
                 "<th scope=\"col\">姓名</th><th scope=\"col\">角色</th><th scope=\"col\">状态</th><th scope=\"col\">上次登录</th>"
                 "<th scope=\"col\">操作</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        buf_printf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", web_esc(r, us[i].login),
                   web_esc(r, us[i].name), web_role_label(web_role_from_key(us[i].role)),
                   us[i].active ? "<span class=\"tag ok\">启用</span>" : "<span class=\"tag bad\">停用</span>");
        iso_short(&b, us[i].last_login);
        char path[64];
        snprintf(path, sizeof path, "/console/users/%lld", (long long)us[i].id);
        buf_printf(&b, "</td><td><a href=\"%s\">编辑<span class=\"visually-hidden\"> %s</span></a></td></tr>",
                   web_esc(r, web_href(r, path)), web_esc(r, us[i].login));
    }
    buf_puts(&b, "</tbody></table></div>");
    free(us);
    web_page_console(r, 200, "用户管理", "users", b.data);
    buf_free(&b);
    return 200;
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
    buf_printf(&b, "<h1>%s</h1>", u ? "编辑账户" : "新建账户");
    if (error)
        buf_printf(&b, "<div class=\"errors\" role=\"alert\"><p>%s</p></div>", web_esc(r, error));
    if (u)
        buf_printf(&b, "<form class=\"stack\" method=\"post\" action=\"/console/users/%lld\">", (long long)u->id);
    else
        buf_puts(&b, "<form class=\"stack\" method=\"post\" action=\"/console/users\">");
    buf_puts(&b, hidden.data);
    if (!u)
        web_form_token_field(r, &b);   /* one form, one account */
    if (u)
        buf_printf(&b, "<p>用户名：<strong>%s</strong></p>", web_esc(r, login));
    else
        buf_printf(&b, "<label for=\"login\">用户名<span class=\"hint\">3—32位小写字母、数字、点、下划线或连字符</span></label>"
                       "<input type=\"text\" id=\"login\" name=\"login\" value=\"%s\" required maxlength=\"32\" pattern=\"[a-z0-9._-]{3,32}\">",
                   web_esc(r, login));
    buf_printf(&b, "<label for=\"name\">姓名</label><input type=\"text\" id=\"name\" name=\"name\" value=\"%s\" required maxlength=\"40\">",
               web_esc(r, name));
    buf_puts(&b, "<label for=\"role\">角色</label>");
    role_select(&b, "role", role);
    buf_printf(&b, "<label for=\"password\">%s<span class=\"hint\">至少8位，须同时包含字母和数字%s</span></label>"
                   "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"new-password\"%s>",
               u ? "重设密码" : "初始密码", u ? "；不重设请留空" : "", u ? "" : " required");
    if (u)
        buf_printf(&b, "<p><label class=\"inline\"><input type=\"checkbox\" name=\"active\" value=\"1\"%s> 启用此账户</label></p>",
                   (web_f(r, "name") ? web_f(r, "active") != NULL : u->active) ? " checked" : "");
    buf_printf(&b, "<button type=\"submit\">保存</button> <a class=\"button secondary\" href=\"%s\">取消</a></form>",
               web_esc(r, web_href(r, "/console/users")));
    web_page_console(r, status, u ? "编辑账户" : "新建账户", "users", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_user_new(web_req *r) { return user_form(r, 200, NULL, NULL); }

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
                    int64_t *id, char *msg, size_t msgn)
{
    if (!login || !login_ok(login))
        return snprintf(msg, msgn, "用户名须为3—32位小写字母、数字、点、下划线或连字符。"), 422;
    if (!name_ok(name))
        return snprintf(msg, msgn, "请填写姓名（最多%d字）。", LIM_USER_NAME), 422;
    enum web_role ro = web_role_from_key(role);
    if (ro == ROLE_NONE)
        return snprintf(msg, msgn, "请选择有效的角色。"), 422;
    struct store_user u = {0};
    err e = {0};
    if (!password || web_password_hash(password, u.pw_hash, &e))
        return snprintf(msg, msgn, "%s", password ? e.msg : "请设置初始密码。"), 422;
    u.agency_id = r->agency.id;
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.role, sizeof u.role, "%s", web_role_key(ro));
    u.active = true;
    char *after = arena_printf(&r->a, "{\"login\":\"%s\",\"role\":\"%s\"}", login, web_role_key(ro));
    if (store_user_create(r->st, &u, r->user ? r->user->login : "public", after, id, &e)) {
        if (e.code == GK_EINVAL)
            return snprintf(msg, msgn, "用户名“%s”已被使用。", login), 409;
        return snprintf(msg, msgn, "保存失败。"), 500;
    }
    return 0;
}

/* Updates name, role, active and optionally the password; refuses to leave
 * the agency without an active administrator. */
int web_user_change(web_req *r, struct store_user *u, const char *name, const char *role, int active,
                    const char *password, char *msg, size_t msgn)
{
    char before[160];
    snprintf(before, sizeof before, "{\"role\":\"%s\",\"active\":%s}", u->role, u->active ? "true" : "false");
    if (name) {
        if (!name_ok(name))
            return snprintf(msg, msgn, "请填写姓名（最多40字）。"), 422;
        snprintf(u->name, sizeof u->name, "%s", name);
    }
    if (role) {
        enum web_role ro = web_role_from_key(role);
        if (ro == ROLE_NONE)
            return snprintf(msg, msgn, "请选择有效的角色。"), 422;
        snprintf(u->role, sizeof u->role, "%s", web_role_key(ro));
    }
    bool was_admin = strstr(before, "\"admin\"") && strstr(before, "true");
    if (active >= 0)
        u->active = active != 0;
    if (was_admin && (strcmp(u->role, "admin") != 0 || !u->active)) {
        int64_t admins = 0;
        store_user_count_role(r->st, r->agency.id, "admin", &admins, NULL);
        if (admins <= 1)
            return snprintf(msg, msgn, "不能停用或变更唯一的系统管理员账户。"), 409;
    }
    char h[128] = "";
    err e = {0};
    if (password && *password && web_password_set_hash(r->st, u->id, password, h, &e))
        return snprintf(msg, msgn, "%s", e.msg), e.code == GK_EINVAL ? 422 : 500;
    /* name, role, active, the new password, the end of the account's
     * sessions (new password or disabled) and the audit entry: all or none */
    char *after = arena_printf(&r->a, "{\"role\":\"%s\",\"active\":%s%s}", u->role, u->active ? "true" : "false",
                               h[0] ? ",\"password\":\"reset\"" : "");
    struct store_user_change c = {.user_id = u->id, .set = u, .pw_hash = h[0] ? h : NULL,
                                  .end_sessions = h[0] || !u->active, .actor = r->user ? r->user->login : "public",
                                  .action = "update", .before_json = before, .after_json = after};
    if (store_user_change(r->st, &c, &e))
        return snprintf(msg, msgn, "保存失败。"), e.code == GK_ENOTFOUND ? 404 : 500;
    return 0;
}

struct user_create_arg { char msg[256]; };
static int user_create_form(web_req *r, void *arg, int64_t *id, err *e)
{
    struct user_create_arg *x = arg;
    int st = web_user_create(r, web_f(r, "login"), web_f(r, "name"), web_f(r, "role"), web_f(r, "password"), id,
                             x->msg, sizeof x->msg);
    if (st)
        err_set(e, GK_EINVAL, "user", "%s", x->msg);
    return st;
}

int h_user_create(web_req *r)
{
    struct user_create_arg x = {""};
    err e = {0};
    int64_t id = web_form_token_record(r, "user");
    /* the same form again: the account it created */
    int st = id ? 0 : web_create_once(r, "user", user_create_form, &x, &id, &e);
    if (st)
        return user_form(r, st, NULL, x.msg[0] ? x.msg : "保存失败。");
    return web_redirect(r, web_href(r, arena_printf(&r->a, "/console/users/%lld?msg=created", (long long)id)));
}

int h_user_edit(web_req *r)
{
    int64_t id;
    struct store_user u;
    if (!web_param_id(r, 0, &id) || store_user_get(r->st, id, &u, NULL) || u.agency_id != r->agency.id)
        return web_error(r, 404, "没有这个账户。");
    return user_form(r, 200, &u, NULL);
}

int h_user_update(web_req *r)
{
    int64_t id;
    struct store_user u;
    if (!web_param_id(r, 0, &id) || store_user_get(r->st, id, &u, NULL) || u.agency_id != r->agency.id)
        return web_error(r, 404, "没有这个账户。");
    struct store_user orig = u;
    char msg[256];
    int st = web_user_change(r, &u, web_f(r, "name"), web_f(r, "role"), web_f(r, "active") ? 1 : 0,
                             web_f(r, "password"), msg, sizeof msg);
    if (st)
        return user_form(r, st, &orig, msg);
    return web_redirect(r, web_href(r, "/console/users?msg=saved"));
}

/* ---- API tokens ---- */

/* Creates a token for the signed-in account; the token text goes to out
 * (shown once). A token acts only for the account that created it: asking
 * for another account (user_id not 0 and not oneself) is refused with 403
 * and audited, so the system administrator cannot reach applicants'
 * personal data through another account's role. */
int web_token_create(web_req *r, int64_t user_id, const char *name, char out[80], int64_t *id, char *msg,
                     size_t msgn)
{
    if (!r->user)
        return snprintf(msg, msgn, "请先登录。"), 401;
    if (user_id && user_id != r->user->id) {
        char j[64];
        snprintf(j, sizeof j, "{\"for_user\":%lld}", (long long)user_id);
        web_audit(r, "token", 0, "create_denied", NULL, j);
        return snprintf(msg, msgn, "令牌只能由账户本人为自己创建，不能为其他账户发放（职责分离）。"), 403;
    }
    user_id = r->user->id;
    if (!name || !*name || lim_check(LIM_F_TOKEN_NAME, name, NULL))
        return snprintf(msg, msgn, "请填写令牌用途（最多%d字）。", LIM_TOKEN_NAME), 422;
    char hex[65];
    web_random_hex(32, hex);
    snprintf(out, 80, "gk_%s", hex);
    struct store_token t = {0};
    t.user_id = user_id;
    snprintf(t.name, sizeof t.name, "%s", name);
    web_hash_hex(NULL, out, strlen(out), t.hash);
    snprintf(t.prefix, sizeof t.prefix, "%.10s", out);
    t.created = (int64_t)time(NULL);
    err e = {0};
    if (store_token_add(r->st, &t, r->user->login, id, &e))
        return snprintf(msg, msgn, "保存失败。"), 500;
    return 0;
}

static int tokens_page(web_req *r, int status, const char *created, const char *error)
{
    struct store_token *ts;
    size_t n;
    /* the administrator sees (and may revoke) every token; others their own */
    if (store_token_list(r->st, r->agency.id, web_can(r, PERM_USERS) ? 0 : r->user->id, &ts, &n, NULL))
        return web_error(r, 500, "无法读取令牌。");
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    buf_puts(&b, "<h1>API 令牌</h1><p>令牌供程序调用 <code>/api/v1/</code> 接口（如上级部门汇总年报），权限与所属账户的角色相同。"
                 "令牌只能由账户本人为自己创建；系统管理员不能为其他账户发放令牌。令牌只在创建时显示一次，请立即复制保存。</p>");
    if (created)
        buf_printf(&b, "<div class=\"notice\" role=\"status\"><p>新令牌（只显示这一次）：</p><p><code>%s</code></p></div>",
                   web_esc(r, created));
    if (error)
        buf_printf(&b, "<div class=\"errors\" role=\"alert\"><p>%s</p></div>", web_esc(r, error));
    buf_puts(&b, "<div class=\"table-wrap\"><table><caption>已发放的令牌</caption><thead><tr><th scope=\"col\">开头</th>"
                 "<th scope=\"col\">用途</th><th scope=\"col\">账户</th><th scope=\"col\">创建时间</th><th scope=\"col\">最近使用</th>"
                 "<th scope=\"col\">状态</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        char c[20], l[20];
        fmt_epoch(ts[i].created, c);
        fmt_epoch(ts[i].last_used, l);
        buf_printf(&b, "<tr><td><code>%s…</code></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
                   web_esc(r, ts[i].prefix), web_esc(r, ts[i].name), web_esc(r, ts[i].user_login), c, l);
        if (ts[i].revoked)
            buf_puts(&b, "<span class=\"tag bad\">已停用</span>");
        else
            buf_printf(&b, "<form method=\"post\" action=\"/console/tokens/%lld/revoke\">%s<button class=\"secondary\" type=\"submit\">停用</button></form>",
                       (long long)ts[i].id, hidden.data);
        buf_puts(&b, "</td></tr>");
    }
    if (!n)
        buf_puts(&b, "<tr><td colspan=\"6\">尚未发放令牌。</td></tr>");
    buf_printf(&b, "</tbody></table></div><h2>为本人账户创建令牌</h2><form class=\"stack\" method=\"post\" action=\"/console/tokens\">%s"
                   "<p>所属账户：%s（本人）</p><label for=\"name\">用途</label><input type=\"text\" id=\"name\" name=\"name\" required maxlength=\"60\">"
                   "<button type=\"submit\">创建</button></form>",
               hidden.data, web_esc(r, r->user->login));
    free(ts);
    web_page_console(r, status, "API 令牌", "users", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_tokens(web_req *r) { return tokens_page(r, 200, NULL, NULL); }

int h_token_create(web_req *r)
{
    int64_t uid = 0, id;
    const char *us = web_f(r, "user");
    if (us)
        parse_i64(us, strlen(us), &uid);
    char tok[80], msg[256];
    int st = web_token_create(r, uid, web_f(r, "name"), tok, &id, msg, sizeof msg);
    if (st)
        return tokens_page(r, st, NULL, msg);
    return tokens_page(r, 200, tok, NULL);
}

int h_token_revoke(web_req *r)
{
    int64_t id;
    struct store_token t;
    struct store_user u;
    if (!web_param_id(r, 0, &id) || store_token_get(r->st, id, &t, NULL) ||
        store_user_get(r->st, t.user_id, &u, NULL) || u.agency_id != r->agency.id ||
        (t.user_id != r->user->id && !web_can(r, PERM_USERS)))
        return web_error(r, 404, "没有这个令牌。");
    err e = {0};
    if (store_token_revoke(r->st, id, r->user ? r->user->login : "public", &e))
        return web_error(r, 500, "令牌未能撤销，请稍后再试。");
    return web_redirect(r, web_href(r, "/console/tokens?msg=revoked"));
}

/* ---- the audit trail ---- */

/* Reads the filters shared by the page and the API; returns false on a bad value. */
bool web_audit_filter(web_req *r, struct store_audit_filter *f, int *page, char *msg, size_t msgn)
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
            return snprintf(msg, msgn, "事件类别无效"), false;
        f->actions = k->actions;
    }
    gk_day d;
    if ((v = web_q(r, "since")) && *v) {
        if (date_parse(v, &d, NULL))
            return snprintf(msg, msgn, "起始日期格式应为 YYYY-MM-DD"), false;
        f->since = v;
    }
    if ((v = web_q(r, "until")) && *v) {
        if (date_parse(v, &d, NULL))
            return snprintf(msg, msgn, "截止日期格式应为 YYYY-MM-DD"), false;
        f->until = v;
    }
    int64_t x;
    if ((v = web_q(r, "id")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x <= 0)
            return snprintf(msg, msgn, "对象编号应为正整数"), false;
        f->entity_id = x;
    }
    *page = 1;
    if ((v = web_q(r, "page")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 1 || x > 100000)
            return snprintf(msg, msgn, "页码无效"), false;
        *page = (int)x;
    }
    f->limit = 50;
    f->offset = (*page - 1) * 50;
    return true;
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
    char msg[128];
    if (!web_audit_filter(r, &f, &page, msg, sizeof msg))
        return web_error(r, 400, msg);
    if (f.since && f.until && strcmp(f.since, f.until) > 0)
        return web_error(r, 400, "起始日期晚于截止日期。");
    f.limit = WEB_EXPORT_MAX_ROWS + 1;
    f.offset = 0;
    struct web_export x;
    int rc = web_export_open(&x, web_q(r, "format"), "操作日志", 8, audit_head);
    if (rc == GK_EINVAL)
        return web_error(r, 400, "格式参数应为 csv 或 xlsx。");
    if (rc)
        return web_error(r, 500, "无法生成表格文件，请稍后重试。");
    if (store_audit_list(r->st, &f, audit_export_row, &x, NULL)) {
        web_export_free(&x);
        return web_error(r, 500, "无法读取操作日志，请稍后重试。");
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
    char msg[128];
    if (!web_audit_filter(r, &f, &page, msg, sizeof msg))
        return web_error(r, 400, msg);
    static const char *const entities[][2] = {
        {"", "全部"}, {"document", "文件"}, {"application", "申请"}, {"user", "账户"},
        {"token", "令牌"}, {"report", "年度报告"}, {"review", "复议诉讼"}, {"security", "安全事件"},
        {"personal_data", "个人信息"}, {"seal", "个人信息加密"}, {"retention", "保存期限"},
    };
    buf b;
    buf_init(&b);
    buf_puts(&b, "<h1>操作日志</h1><form class=\"filters\" method=\"get\" action=\"/console/audit\">");
    if (r->large)
        buf_puts(&b, "<input type=\"hidden\" name=\"size\" value=\"large\">");
    buf_puts(&b, "<div><label for=\"entity\">对象类型</label><select id=\"entity\" name=\"entity\">");
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
        buf_printf(&b, "<option value=\"%s\"%s>%s</option>", entities[i][0],
                   (f.entity ? strcmp(f.entity, entities[i][0]) == 0 : !entities[i][0][0]) ? " selected" : "",
                   entities[i][1]);
    buf_puts(&b, "</select></div><div><label for=\"kind\">事件类别</label><select id=\"kind\" name=\"kind\">");
    const char *kind = web_q(r, "kind") ? web_q(r, "kind") : "";
    for (const struct web_audit_kind *k = web_audit_kinds; k->key; k++)
        buf_printf(&b, "<option value=\"%s\"%s>%s</option>", k->key, strcmp(kind, k->key) == 0 ? " selected" : "",
                   k->label);
    buf_printf(&b, "</select></div><div><label for=\"id\">对象编号</label><input type=\"number\" id=\"id\" name=\"id\" min=\"1\" value=\"%s\"></div>"
                   "<div><label for=\"actor\">操作人</label><input type=\"text\" id=\"actor\" name=\"actor\" value=\"%s\" maxlength=\"60\"></div>"
                   "<div><label for=\"since\">起始日期</label><input type=\"date\" id=\"since\" name=\"since\" value=\"%s\"></div>"
                   "<div><label for=\"until\">截止日期</label><input type=\"date\" id=\"until\" name=\"until\" value=\"%s\"></div>"
                   "<div><button type=\"submit\">筛选</button></div></form>",
               web_esc(r, web_q(r, "id") ? web_q(r, "id") : ""), web_esc(r, f.actor ? f.actor : ""),
               web_esc(r, f.since ? f.since : ""), web_esc(r, f.until ? f.until : ""));
    struct audit_rows ar = {&b, 0};
    audit_table_head(&b, "操作记录（最新在前）");
    store_audit_list(r->st, &f, audit_row_cb, &ar, NULL);
    if (!ar.n)
        buf_puts(&b, "<tr><td colspan=\"5\">没有符合条件的记录。</td></tr>");
    buf_puts(&b, "</tbody></table></div><nav aria-label=\"翻页\"><ul class=\"pager\">");
    /* Keep the filters in the paging links. */
    buf q;
    buf_init(&q);
    for (size_t i = 0; i < r->query.n; i++) {
        if (strcmp(r->query.v[i].k, "page") == 0)
            continue;
        buf_putc(&q, '&');
        web_url_encode(&q, r->query.v[i].k);
        buf_putc(&q, '=');
        web_url_encode(&q, r->query.v[i].v);
    }
    if (page > 1)
        buf_printf(&b, "<li><a href=\"/console/audit?page=%d%s\">上一页</a></li>", page - 1, web_esc(r, q.data ? q.data : ""));
    buf_printf(&b, "<li><span aria-current=\"page\">第 %d 页</span></li>", page);
    if (ar.n == 50)
        buf_printf(&b, "<li><a href=\"/console/audit?page=%d%s\">下一页</a></li>", page + 1, web_esc(r, q.data ? q.data : ""));
    buf_puts(&b, "</ul></nav>");
    buf_printf(&b, "<p>按上面的筛选条件导出全部记录：<a href=\"/console/audit/export?format=xlsx%s\">Excel（XLSX）</a> · "
                   "<a href=\"/console/audit/export?format=csv%s\">CSV</a></p>",
               web_esc(r, q.data ? q.data : ""), web_esc(r, q.data ? q.data : ""));
    buf_free(&q);
    web_page_console(r, 200, "操作日志", "audit", b.data);
    buf_free(&b);
    return 200;
}
