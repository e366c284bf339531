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

static int intake_row(const struct app *a, const char *intake, const char *reason, void *arg)
{
    struct intake_rows *x = arg;
    web_req *r = x->r;
    char recv[11], href[64];
    date_format(a->received, recv);
    snprintf(href, sizeof href, "/console/applications/%s", a->no);
    buf_printf(x->b, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
               web_esc(r, web_href(r, href)), web_esc(r, a->no), recv, web_esc(r, head_of(r, a->request, 40)),
               intake_label(intake), web_esc(r, reason));
    if (web_can(r, PERM_APP_PROCESS))
        buf_printf(x->b, "<form method=\"post\" action=\"%s\">%s<label for=\"reason-%lld\">理由</label>"
                         "<input type=\"text\" id=\"reason-%lld\" name=\"reason\" required maxlength=\"200\">"
                         "<button type=\"submit\" name=\"verdict\" value=\"genuine\">确认为真实申请</button> "
                         "<button class=\"secondary\" type=\"submit\" name=\"verdict\" value=\"spam\">标记为垃圾申请</button></form>",
                   web_esc(r, web_href(r, arena_printf(&r->a, "/console/intake/%s", a->no))), x->hidden,
                   (long long)a->id, (long long)a->id);
    buf_puts(x->b, "</td></tr>");
    x->n++;
    return 0;
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
    buf_printf(&b, "<h1>申请高峰确认</h1><p>每小时网上申请超过 %d 件（设置 web.applications_surge_per_hour）时，之后收到的申请照常登记、"
                   "照常起算答复期限，但标记为“待确认”。请逐件确认：真实申请照常办理；确认为垃圾申请的，填写理由后标记，"
                   "不计入年度报告表三。每次确认都记入审计日志。</p>",
               r->app->apply_surge_per_hour);
    const char *flash = web_flash(r);
    if (flash)
        buf_printf(&b, "<div class=\"notice\" role=\"status\"><p>%s</p></div>", web_esc(r, flash));
    buf_puts(&b, "<form class=\"filters\" method=\"get\" action=\"/console/intake\"><div><label for=\"intake\">标记</label>"
                 "<select id=\"intake\" name=\"intake\">");
    for (size_t i = 0; i < sizeof intakes / sizeof *intakes; i++)
        buf_printf(&b, "<option value=\"%s\"%s>%s</option>", intakes[i].code,
                   strcmp(want, intakes[i].code) == 0 ? " selected" : "", intakes[i].label);
    buf_printf(&b, "<option value=\"\"%s>全部有标记的</option></select></div><div><button type=\"submit\">筛选</button></div></form>",
               *want ? "" : " selected");
    buf_puts(&b, "<div class=\"table-wrap\"><table><caption>有标记的申请（最新的在前，最多500件）</caption><thead><tr>"
                 "<th scope=\"col\">申请编号</th><th scope=\"col\">收到日期</th><th scope=\"col\">申请内容</th>"
                 "<th scope=\"col\">标记</th><th scope=\"col\">理由</th><th scope=\"col\">确认</th></tr></thead><tbody>");
    struct intake_rows x = {r, &b, hidden.data, 0};
    err e = {0};
    int rc = store_app_intake_list(r->st, r->agency.id, want, 500, intake_row, &x, &e);
    if (!x.n)
        buf_puts(&b, rc ? "<tr><td colspan=\"6\">无法读取申请。</td></tr>" : "<tr><td colspan=\"6\">没有这样的申请。</td></tr>");
    buf_puts(&b, "</tbody></table></div>");
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
    buf_printf(x->b, "<tr><td>%s</td><td>%s</td><td>%lld</td><td>%s</td><td>", web_esc(x->r, login),
               web_esc(x->r, sp ? sp + 1 : key), (long long)n, when);
    if (wait > 0)
        buf_printf(x->b, "<span class=\"tag bad\">须等待%lld分钟</span>", (long long)((wait + 59) / 60));
    else
        buf_puts(x->b, "可再试");
    buf_puts(x->b, "</td></tr>");
    x->n++;
    return 0;
}

int h_console_logins(web_req *r)
{
    buf b;
    buf_init(&b);
    buf_printf(&b, "<h1>登录失败记录</h1><p>最近24小时内每个账户、每个网络地址的登录失败次数。同一地址对同一账户连续失败 %d 次后，"
                   "该地址须等待1分钟，之后每多失败一次等待更久（最长1小时）；其他地址不受影响，账户本人仍可从别处登录。"
                   "登录成功后，该地址的失败记录清零。</p>",
               r->app->login_fail_max);
    buf_puts(&b, "<div class=\"table-wrap\"><table><caption>登录失败（最近的在前，最多200条）</caption><thead><tr>"
                 "<th scope=\"col\">账户</th><th scope=\"col\">网络地址</th><th scope=\"col\">失败次数</th>"
                 "<th scope=\"col\">最近一次</th><th scope=\"col\">状态</th></tr></thead><tbody>");
    struct login_rows x = {r, &b, (int64_t)time(NULL), 0};
    err e = {0};
    int rc = store_rate_groups(r->st, "login_fail", x.now - 86400, 200, login_row, &x, &e);
    if (!x.n)
        buf_puts(&b, rc ? "<tr><td colspan=\"5\">无法读取记录。</td></tr>" : "<tr><td colspan=\"5\">最近24小时没有登录失败。</td></tr>");
    buf_puts(&b, "</tbody></table></div>");
    web_page_console(r, rc ? HTTP_INTERNAL : HTTP_OK, "登录失败记录", "audit", b.data);
    buf_free(&b);
    return rc ? HTTP_INTERNAL : HTTP_OK;
}
