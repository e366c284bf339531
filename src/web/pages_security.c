/* web — the pages of two of the three administrators (三员分立, 等保 2.0):
 * the security administrator's policy (安全策略: passwords, sessions, the
 * lockout of guessing; every change a security event in the audit trail),
 * and the kinds of security event the audit administrator filters by. The
 * audit page and its export (CSV and XLSX, the same filters, each download
 * itself recorded) live in pages_console.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "web/web_internal.h"

/* ---- kinds of event ---- */

/* 等保 2.0 (GB/T 22239-2019, 8.1.4.3 a-b) asks the audit to cover
 * important security events: failed logins, refused access, changes of the
 * security policy; the auditor picks them out of the trail by these rows. */
static const char *const security_actions[] = {"login_failed", "permission_denied", "denied", "policy", NULL};
static const char *const login_actions[] = {"login", "logout", "login_failed", NULL};
static const char *const account_actions[] = {"create", "update", "password_changed", "password_reset", "revoke",
                                              NULL};
static const char *const data_actions[] = {"seal", "rotate", "erase_personal", NULL};

const struct web_audit_kind web_audit_kinds[] = {
    {"", "全部", NULL},
    {"security", "安全事件（登录失败、越权访问、安全策略修改）", security_actions},
    {"login", "登录与退出", login_actions},
    {"account", "账户、密码与令牌的变更", account_actions},
    {"personal", "个人信息加密与删除", data_actions},
    {NULL, NULL, NULL},
};

const struct web_audit_kind *web_audit_kind_find(const char *key)
{
    for (const struct web_audit_kind *k = web_audit_kinds; key && k->key; k++)
        if (strcmp(k->key, key) == 0)
            return k;
    return NULL;
}

/* ---- the security administrator's policy ---- */

static int policy_page(web_req *r, int status, const char *error, const char *bad_key)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_el(&b, "h1", "安全策略");
    h_el(&b, "p",
         "口令复杂度、口令历史与有效期、会话时限和登录失败处理（《信息安全技术 网络安全等级保护基本要求》GB/T "
         "22239-2019 8.1.4.1）。每次修改都作为安全事件记入操作日志，由审计管理员查阅。");
    const char *msg = web_q(r, "msg");
    if (msg && strcmp(msg, "saved") == 0 && !error) {
        h_box(&b, "notice", "status", "安全策略已保存。口令规则立即生效；会话与登录失败的设置在服务下次启动时生效。");
    }
    if (error) {
        h_box(&b, "errors", "alert", error);
    }
    h_open(&b, "form", "class", "stack", "method", "post", "action", web_href(r, "/console/security"), H_END);
    h_markup_add(&b, H_MARKUP_BUF(&hidden));
    for (const struct web_policy_key *k = web_policy_keys; k->key; k++) {
        const char *typed = bad_key ? web_f(r, k->key) : NULL;
        char cur[24];
        snprintf(cur, sizeof cur, "%lld", (long long)web_policy_value(r->st, r->agency.id, k));
        h_open(&b, "label", "for", k->key, H_END);
        h_text(&b, k->what);
        h_open(&b, "span", "class", "hint", H_END);
        h_textf(&b, "%lld—%lld，默认%lld（%s）", (long long)k->lo, (long long)k->hi, (long long)k->def, k->key);
        h_close(&b, "span");
        h_close(&b, "label");
        h_void(&b, "input", "type", "number", "id", k->key, "name", k->key, "min",
               arena_printf(&r->a, "%lld", (long long)k->lo), "max", arena_printf(&r->a, "%lld", (long long)k->hi),
               "value", typed ? typed : cur, "required", "", "aria-invalid",
               bad_key && strcmp(bad_key, k->key) == 0 ? "true" : H_OMIT, H_END);
    }
    h_el_attr(&b, "button", "保存安全策略", "type", "submit", H_END);
    h_close(&b, "form");
    web_page_console(r, status, "安全策略", "security", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_security_policy(web_req *r) { return policy_page(r, HTTP_OK, NULL, NULL); }

/* Every field is checked before anything is kept; then each changed value
 * is kept with its audit row (store_policy_set). */
int h_security_policy_save(web_req *r)
{
    size_t nk = 0;
    while (web_policy_keys[nk].key)
        nk++;
    int64_t *v = arena_alloc(&r->a, nk * sizeof *v);
    for (size_t i = 0; i < nk; i++) {
        const struct web_policy_key *k = &web_policy_keys[i];
        const char *s = web_f(r, k->key);
        if (!s || !parse_i64(s, strlen(s), &v[i]) || v[i] < k->lo || v[i] > k->hi) {
            char msg[300];
            snprintf(msg, sizeof msg, "“%s”应为%lld到%lld之间的整数。", k->what, (long long)k->lo, (long long)k->hi);
            return policy_page(r, HTTP_UNPROCESSABLE, msg, k->key);
        }
    }
    for (size_t i = 0; i < nk; i++) {
        const struct web_policy_key *k = &web_policy_keys[i];
        if (v[i] == web_policy_value(r->st, r->agency.id, k))
            continue;
        err e = {0};
        if (store_policy_set(r->st, r->agency.id, k->key, v[i], k->def, r->user->login, &e))
            return web_error(r, HTTP_INTERNAL, "保存失败，请稍后再试。");
    }
    /* the password rules of this server's agency apply from now on */
    if (r->agency.id == r->app->agency.id)
        web_password_policy_load(r->st, r->agency.id);
    return web_redirect(r, web_href(r, "/console/security?msg=saved"));
}
