/* web — the console's defences against floods and password guessing
 * (issue 11): applications registered during a surge, for staff to confirm
 * as genuine or mark as spam (with the reason, audited; spam is counted
 * nowhere in table 三), and the recent failed logins per account and
 * address. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/web_internal.h"

/* The most rows each list shows (their captions say so). */
#define INTAKE_LIST_MAX 500
#define LOGIN_LIST_MAX 200

static const struct {
    const char *code, *label;
} intakes[] = {
    {"surge", "待确认（申请高峰期间收到）"},
    {"genuine", "已确认为真实申请"},
    {"spam", "已确认为垃圾申请（不计入年报）"},
};

static const char *intake_label(const char *code)
{
    for (size_t i = 0; i < sizeof intakes / sizeof *intakes; i++)
        if (strcmp(intakes[i].code, code) == 0)
            return intakes[i].label;
    return "";
}

/* The first `max` code points of s, in the request's arena. */
static const char *head_of(web_req *r, const char *s, size_t max)
{
    size_t n = strlen(s), off = 0, k = 0;
    uint32_t cp;
    while (off < n && k < max) {
        int len = utf8_decode(s + off, n - off, &cp);
        if (len <= 0)
            break;
        off += (size_t)len;
        k++;
    }
    char *out = arena_alloc(&r->a, off + 4);
    memcpy(out, s, off);
    snprintf(out + off, 4, "%s", off < n ? "…" : "");
    return out;
}

struct intake_rows {
    web_req *r;
    buf *b;
    const char *hidden;
    int n;
};

/* The verdict form of one application: the reason, then genuine or spam. */
static void intake_form(web_req *r, buf *b, const struct app *a, const char *hidden)
{
    char id[32];
    snprintf(id, sizeof id, "reason-%lld", (long long)a->id);
    h_open(b, "form", "method", "post", "action", web_href(r, arena_printf(&r->a, "/console/intake/%s", a->no)), H_END);
    h_markup_add(b, H_MARKUP(hidden));
    h_el_attr(b, "label", "理由", "for", id, H_END);
    h_void(b, "input", "type", "text", "id", id, "name", "reason", "required", "", "maxlength", "200", H_END);
    h_el_attr(b, "button", "确认为真实申请", "type", "submit", "name", "verdict", "value", "genuine", H_END);
    h_text(b, " ");
    h_el_attr(b, "button", "标记为垃圾申请", "class", "secondary", "type", "submit", "name", "verdict", "value", "spam",
              H_END);
    h_close(b, "form");
}

static int intake_row(const struct app *a, const char *intake, const char *reason, void *arg)
{
    struct intake_rows *x = arg;
    web_req *r = x->r;
    char recv[11], href[64];
    date_format(a->received, recv);
    snprintf(href, sizeof href, "/console/applications/%s", a->no);
    h_open(x->b, "tr", H_END);
    h_open(x->b, "td", H_END);
    h_link(x->b, web_href(r, href), a->no);
    h_close(x->b, "td");
    h_el(x->b, "td", recv);
    h_el(x->b, "td", head_of(r, a->request, 40));
    h_el(x->b, "td", intake_label(intake));
    h_el(x->b, "td", reason);
    h_open(x->b, "td", H_END);
    if (web_can(r, PERM_APP_PROCESS))
        intake_form(r, x->b, a, x->hidden);
    h_close(x->b, "td");
    h_close(x->b, "tr");
    x->n++;
    return 0;
}

/* The filter by mark: the marks of intakes[], then every marked one. */
static void intake_filter(buf *b, const char *want)
{
    h_open(b, "form", "class", "filters", "method", "get", "action", "/console/intake", H_END);
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "标记", "for", "intake", H_END);
    h_open(b, "select", "id", "intake", "name", "intake", H_END);
    for (size_t i = 0; i < sizeof intakes / sizeof *intakes; i++)
        h_option(b, intakes[i].code, intakes[i].label, strcmp(want, intakes[i].code) == 0);
    h_option(b, "", "全部有标记的", !*want);
    h_filter_form_end(b, "筛选");
}

int h_console_intake(web_req *r)
{
    const char *want = web_q(r, "intake");
    if (!want)
        want = "surge";
    if (*want && !*intake_label(want))
        return web_error(r, HTTP_BAD_REQUEST, "标记参数无效。");
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_el(&b, "h1", "申请高峰确认");
    h_elf(&b, "p", "每小时网上申请超过 %d 件（设置 web.applications_surge_per_hour）时，之后收到的申请照常登记、"
                   "照常起算答复期限，但标记为“待确认”。请逐件确认：真实申请照常办理；确认为垃圾申请的，填写理由后标记，"
                   "不计入年度报告表三。每次确认都记入审计日志。",
          r->app->apply_surge_per_hour);
    h_open(&b, "div", "class", "notice", "role", "status", H_END);
    h_el(&b, "p", web_flash(r));
    h_close(&b, "div");
    intake_filter(&b, want);
    h_table_open(&b, "有标记的申请（最新的在前，最多500件）", "申请编号", "收到日期", "申请内容", "标记", "理由", "确认", H_END);
    struct intake_rows x = {r, &b, hidden.data ? hidden.data : "", 0};
    err e = {0};
    int rc = store_app_intake_list(r->st, r->agency.id, want, INTAKE_LIST_MAX, intake_row, &x, &e);
    if (!x.n)
        h_empty_row(&b, 6, rc ? "无法读取申请。" : "没有这样的申请。");
    h_table_close(&b);
    web_page_console(r, rc ? HTTP_INTERNAL : HTTP_OK, "申请高峰确认", "apps", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return rc ? HTTP_INTERNAL : HTTP_OK;
}

int h_console_intake_set(web_req *r)
{
    const char *verdict = web_f(r, "verdict"), *reason = web_f(r, "reason");
    if (!verdict || (strcmp(verdict, "genuine") != 0 && strcmp(verdict, "spam") != 0))
        return web_error(r, HTTP_UNPROCESSABLE, "请选择“确认为真实申请”或“标记为垃圾申请”。");
    if (!reason || !*reason || utf8_len(reason, strlen(reason)) > 200)
        return web_error(r, HTTP_UNPROCESSABLE, "请填写理由（最多200字）。");
    err e = {0};
    int rc = store_app_intake_set(r->st, r->agency.id, web_param(r, 0), verdict, reason, r->user->login, &e);
    if (rc == GK_ENOTFOUND)
        return web_error(r, HTTP_NOT_FOUND, "没有这件申请。");
    if (rc)
        return web_error(r, rc == GK_EINVAL ? HTTP_UNPROCESSABLE : HTTP_INTERNAL, "未能保存，请稍后再试。");
    return web_redirect(r, web_href(r, "/console/intake?msg=done"));
}

/* ---- failed logins ---- */

struct login_rows {
    web_req *r;
    buf *b;
    int64_t now;
    int n;
};

static int login_row(const char *key, int64_t n, int64_t last, void *arg)
{
    struct login_rows *x = arg;
    const char *sp = strchr(key, ' ');
    char login[64], when[32];
    snprintf(login, sizeof login, "%.*s", sp ? (int)(sp - key) : 0, key);
    time_t t = (time_t)last;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    int64_t wait = web_login_wait(n, last, x->now, x->r->app->login_fail_max);
    h_open(x->b, "tr", H_END);
    h_el(x->b, "td", login);
    h_el(x->b, "td", sp ? sp + 1 : key);
    h_elf(x->b, "td", "%lld", (long long)n);
    h_el(x->b, "td", when);
    h_open(x->b, "td", H_END);
    if (wait > 0)
        h_el_attr(x->b, "span", arena_printf(&x->r->a, "须等待%lld分钟", (long long)((wait + 59) / 60)), "class", "tag bad",
                  H_END);
    else
        h_text(x->b, "可再试");
    h_close(x->b, "td");
    h_close(x->b, "tr");
    x->n++;
    return 0;
}

int h_console_logins(web_req *r)
{
    buf b;
    buf_init(&b);
    h_el(&b, "h1", "登录失败记录");
    h_elf(&b, "p", "最近24小时内每个账户、每个网络地址的登录失败次数。同一地址对同一账户连续失败 %d 次后，"
                   "该地址须等待1分钟，之后每多失败一次等待更久（最长1小时）；其他地址不受影响，账户本人仍可从别处登录。"
                   "登录成功后，该地址的失败记录清零。",
          r->app->login_fail_max);
    h_table_open(&b, "登录失败（最近的在前，最多200条）", "账户", "网络地址", "失败次数", "最近一次", "状态", H_END);
    struct login_rows x = {r, &b, (int64_t)time(NULL), 0};
    err e = {0};
    int rc = store_rate_groups(r->st, "login_fail", x.now - 86400, LOGIN_LIST_MAX, login_row, &x, &e);
    if (!x.n)
        h_empty_row(&b, 5, rc ? "无法读取记录。" : "最近24小时没有登录失败。");
    h_table_close(&b);
    web_page_console(r, rc ? HTTP_INTERNAL : HTTP_OK, "登录失败记录", "audit", b.data);
    buf_free(&b);
    return rc ? HTTP_INTERNAL : HTTP_OK;
}
