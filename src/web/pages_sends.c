/*
 * web — recording the office's channel and archive work in the console
 * (issue 18 items 3 and 4; the command line's 'channel' and 'archive'):
 * adding a channel, recording that a published document was sent to one
 * (date, reference), the sends per channel with their counts, a gazette
 * issue's contents as CSV, making the copy package for the archive or the
 * library, downloading it and recording its delivery. pages_channels.c shows
 * where things stand (the copies waiting, the overdue marked); the store
 * (store/channel.c) refuses what may not be recorded, with its audit row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "publish/channel.h"
#include "web/web_internal.h"

/* A store refusal as a status and a message. */
static int refused(const err *e, const char *what, char *msg, size_t msgn)
{
    snprintf(msg, msgn, "%s未保存（%s）：%s", what, e->where, e->msg);
    return e->code == GK_EINVAL ? 422 : e->code == GK_ESTATE ? 409 : e->code == GK_ENOTFOUND ? 404 : 500;
}

/* A day typed in a form: empty = today; never after today. */
static int form_day(web_req *r, const char *key, const char *label, gk_day *out, char *msg, size_t msgn)
{
    const char *v = web_f(r, key);
    *out = date_today();
    if (v && *v && date_parse(v, out, NULL))
        return snprintf(msg, msgn, "%s格式应为 YYYY-MM-DD。", label), 422;
    if (*out > date_today())
        return snprintf(msg, msgn, "%s不能晚于今天。", label), 422;
    return 0;
}

static bool form_id(web_req *r, const char *key, int64_t *out)
{
    const char *v = web_f(r, key);
    return v && parse_i64(v, strlen(v), out) && *out > 0;
}

/* POST /console/channels: a channel of the agency (kind, name). */
int h_console_channel_add(web_req *r)
{
    char msg[600];
    enum chan_kind k;
    err e = {0};
    const char *name = web_f(r, "name");
    if (chan_kind_parse(web_f(r, "kind") ? web_f(r, "kind") : "", "kind", &k, &e))
        return web_error(r, 422, "请选择渠道类型。");
    int64_t id;
    if (store_channel_add(r->st, r->agency.id, (int)k, name ? name : "", r->user->login, &id, &e))
        return web_error(r, refused(&e, "渠道", msg, sizeof msg), msg);
    return web_redirect(r, web_href(r, "/console/channels/sends?msg=saved"));
}

/* POST /console/channels/sends: document, channel, date, reference. */
int h_console_channel_send(web_req *r)
{
    char msg[600];
    int64_t doc, ch, id;
    gk_day day;
    if (!form_id(r, "doc", &doc))
        return web_error(r, 422, "请填写文件编号（主动公开文件的编号）。");
    if (!form_id(r, "channel", &ch))
        return web_error(r, 422, "请选择发布渠道。");
    int st = form_day(r, "date", "发送日期", &day, msg, sizeof msg);
    if (st)
        return web_error(r, st, msg);
    err e = {0};
    const char *ref = web_f(r, "ref");
    if (store_channel_send(r->st, r->agency.id, ch, doc, day, ref && *ref ? ref : NULL, r->user->login, &id, &e))
        return web_error(r, refused(&e, "发送记录", msg, sizeof msg), msg);
    return web_redirect(r, web_href(r, "/console/channels/sends?msg=saved"));
}

struct sends { buf *b; int n; };

static int send_row(const struct store_channel_sent *x, void *arg)
{
    struct sends *s = arg;
    buf_printf(s->b, "<tr><td>%s</td><td>%s ", x->sent, chan_kinds[x->kind].label);
    buf_html(s->b, x->channel);
    buf_printf(s->b, "</td><td>%lld</td><td>", (long long)x->doc_id);
    buf_html(s->b, x->title);
    buf_puts(s->b, "</td><td>");
    buf_html(s->b, x->reference);
    buf_puts(s->b, "</td></tr>");
    s->n++;
    return 0;
}

static void channel_options(buf *b, const struct store_channel *ch, size_t n, int64_t chosen, bool with_all)
{
    if (with_all)
        buf_puts(b, "<option value=\"\">全部</option>");
    for (size_t i = 0; i < n; i++) {
        buf_printf(b, "<option value=\"%lld\"%s>%s ", (long long)ch[i].id, ch[i].id == chosen ? " selected" : "",
                   chan_kinds[ch[i].kind].label);
        buf_html(b, ch[i].name);
        buf_puts(b, "</option>");
    }
}

static void send_forms(web_req *r, buf *b, const struct store_channel *ch, size_t n, const char *hidden)
{
    char today[11];
    date_format(date_today(), today);
    if (n) {
        buf_printf(b, "<details><summary>记录发送</summary><form class=\"stack\" method=\"post\" action=\"/console/channels/sends\">%s"
                      "<label for=\"s-doc\">文件编号</label><input type=\"number\" id=\"s-doc\" name=\"doc\" min=\"1\" required>"
                      "<label for=\"s-channel\">渠道</label><select id=\"s-channel\" name=\"channel\" required>", hidden);
        channel_options(b, ch, n, 0, false);
        buf_printf(b, "</select><label for=\"s-date\">发送日期</label><input type=\"date\" id=\"s-date\" name=\"date\" "
                      "value=\"%s\" max=\"%s\" required><label for=\"s-ref\">期号、版面或链接</label>"
                      "<input type=\"text\" id=\"s-ref\" name=\"ref\" maxlength=\"%d\"><button type=\"submit\">记录</button>"
                      "</form></details>", today, today, CHAN_REF_MAX);
    }
    buf_printf(b, "<details><summary>登记发布渠道</summary><form class=\"stack\" method=\"post\" action=\"/console/channels\">%s"
                  "<label for=\"c-kind\">类型</label><select id=\"c-kind\" name=\"kind\" required>", hidden);
    for (int k = 0; k < CHAN_NKINDS; k++)
        buf_printf(b, "<option value=\"%s\">%s</option>", chan_kinds[k].key, chan_kinds[k].label);
    buf_printf(b, "</select><label for=\"c-name\">名称</label><input type=\"text\" id=\"c-name\" name=\"name\" required "
                  "maxlength=\"%d\"><button type=\"submit\">登记</button></form></details>", CHAN_NAME_MAX);
    for (size_t i = 0; i < n; i++)
        if (chan_kinds[ch[i].kind].output == CHAN_OUT_ISSUE) {
            buf_printf(b, "<form class=\"filters\" method=\"get\" action=\"/console/channels/%lld/issue\">"
                          "<label for=\"i-ref-%lld\">", (long long)ch[i].id, (long long)ch[i].id);
            buf_html(b, ch[i].name);
            buf_printf(b, " 期号</label><input type=\"text\" id=\"i-ref-%lld\" name=\"ref\" required maxlength=\"%d\">"
                          "<button type=\"submit\">导出本期目录（CSV）</button></form>", (long long)ch[i].id, CHAN_REF_MAX);
        }
}

/* GET /console/channels/sends?channel=&year=: what was sent, per channel. */
int h_console_channel_sends(web_req *r)
{
    int y, m, d;
    date_to_ymd(date_today(), &y, &m, &d);
    struct store_send_filter f = {.agency_id = r->agency.id, .year = y};
    const char *v;
    int64_t x;
    if ((v = web_q(r, "year")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || (x != 0 && (x < 2000 || x > 2100)))
            return web_error(r, 400, "年份应在2000至2100之间（0为全部）。");
        f.year = (int)x;
    }
    if ((v = web_q(r, "channel")) && *v && (!parse_i64(v, strlen(v), &f.channel_id) || f.channel_id < 1))
        return web_error(r, 400, "渠道编号无效。");
    struct store_channel *ch = NULL;
    size_t n = 0;
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    store_channel_list(r->st, r->agency.id, &ch, &n, NULL);
    buf_puts(&b, "<p><a href=\"/console/channels\">返回渠道与报送</a></p><h1>发布渠道发送记录</h1>"
                 "<div class=\"table-wrap\" tabindex=\"0\"><table><caption>各渠道累计发送</caption><thead><tr>"
                 "<th scope=\"col\">渠道</th><th scope=\"col\">类型</th><th scope=\"col\">累计发送（件）</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        buf_printf(&b, "<tr><td><a href=\"/console/channels/sends?channel=%lld&amp;year=0\">", (long long)ch[i].id);
        buf_html(&b, ch[i].name);
        buf_printf(&b, "</a></td><td>%s</td><td>%lld</td></tr>", chan_kinds[ch[i].kind].label, (long long)ch[i].sends);
    }
    if (!n)
        buf_puts(&b, "<tr><td colspan=\"3\">尚未登记发布渠道。</td></tr>");
    buf_puts(&b, "</tbody></table></div>");
    send_forms(r, &b, ch, n, hidden.data);
    buf_puts(&b, "<form class=\"filters\" method=\"get\" action=\"/console/channels/sends\"><label for=\"f-channel\">渠道</label>"
                 "<select id=\"f-channel\" name=\"channel\">");
    channel_options(&b, ch, n, f.channel_id, true);
    buf_printf(&b, "</select><label for=\"f-year\">年份（0为全部）</label><input type=\"number\" id=\"f-year\" name=\"year\" "
                   "value=\"%d\"><button type=\"submit\">筛选</button></form>", f.year);
    buf sends;
    buf_init(&sends);
    struct sends s = {&sends, 0};
    store_channel_sends(r->st, &f, send_row, &s, NULL);
    buf_printf(&b, "<div class=\"table-wrap\" tabindex=\"0\"><table><caption>发送记录（%d条）</caption><thead><tr>"
                   "<th scope=\"col\">日期</th><th scope=\"col\">渠道</th><th scope=\"col\">文件编号</th><th scope=\"col\">标题</th>"
                   "<th scope=\"col\">期号、版面或链接</th></tr></thead><tbody>%s", s.n, s.n ? sends.data : "");
    if (!s.n)
        buf_puts(&b, "<tr><td colspan=\"5\">没有发送记录。</td></tr>");
    buf_puts(&b, "</tbody></table></div>");
    web_page_console(r, 200, "发布渠道发送记录", "channels", b.data);
    buf_free(&sends);
    buf_free(&b);
    buf_free(&hidden);
    free(ch);
    return 200;
}

/* GET /console/channels/:id/issue?ref=: the gazette issue's contents (CSV). */
int h_console_channel_issue(web_req *r)
{
    int64_t id;
    struct store_channel c;
    if (!web_param_id(r, 0, &id) || store_channel_get(r->st, r->agency.id, id, &c, NULL))
        return web_error(r, 404, "没有这个渠道。");
    if (chan_kinds[c.kind].output != CHAN_OUT_ISSUE)
        return web_error(r, 422, "只有政府公报有期号和本期目录。");
    const char *ref = web_q(r, "ref");
    if (!ref || !*ref)
        return web_error(r, 422, "请填写期号，例如“2024年第3期”。");
    buf csv, cd;
    buf_init(&csv);
    buf_init(&cd);
    size_t n = 0;
    err e = {0};
    int st = 200;
    if (web_channel_issue_csv(r->st, r->agency.id, id, ref, &csv, &n, &e)) {
        st = web_error(r, 500, "本期目录未能生成。");
    } else {
        buf_puts(&cd, "attachment; filename=\"issue.csv\"; filename*=UTF-8''");
        web_url_encode(&cd, arena_printf(&r->a, "%s-%s.csv", c.name, ref));
        web_add_header(r, "Content-Disposition", cd.data);
        st = web_text(r, 200, "text/csv; charset=utf-8", csv.data ? csv.data : "", csv.len);
    }
    buf_free(&csv);
    buf_free(&cd);
    return st;
}

/* POST /console/archive/packages: the package of what waits for a recipient
 * (the documents in no undelivered package). */
int h_console_archive_package(web_req *r)
{
    enum arch_recipient to;
    err e = {0};
    char msg[600];
    if (arch_recipient_parse(web_f(r, "to") ? web_f(r, "to") : "", "to", &to, &e))
        return web_error(r, 422, "请选择报送单位（档案馆或图书馆）。");
    int64_t *ids = NULL, pid = 0;
    size_t n = 0;
    int st = 0;
    if (web_archive_waiting(r->st, r->agency.id, (int)to, true, &ids, &n, &e))
        st = refused(&e, "报送包", msg, sizeof msg);
    else if (!n)
        st = 409, snprintf(msg, sizeof msg, "没有待打包报送%s的文件。", arch_recipients[to].label);
    else if (store_archive_package_add(r->st, r->agency.id, (int)to, ids, n, r->user->login, &pid, &e))
        st = refused(&e, "报送包", msg, sizeof msg);
    free(ids);
    return st ? web_error(r, st, msg) : web_redirect(r, web_href(r, "/console/channels?msg=saved"));
}

/* GET /console/archive/packages/:id/zip: the package, written anew from the store. */
int h_console_archive_zip(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_error(r, 404, "没有这个报送包。");
    char dir[] = "/tmp/gongkai-pkg-XXXXXX", path[64];
    if (!mkdtemp(dir))
        return web_error(r, 500, "报送包未能生成（临时目录）。");
    snprintf(path, sizeof path, "%s/p.zip", dir);
    err e = {0};
    buf zip;
    buf_init(&zip);
    int st;
    if (web_archive_package_write(r->st, &r->agency, r->cal, id, path, &e) ||
        file_read_all(path, (size_t)1 << 31, &zip, &e)) {
        st = web_error(r, e.code == GK_ENOTFOUND ? 404 : 500,
                       e.code == GK_ENOTFOUND ? "没有这个报送包。" : "报送包未能生成。");
    } else {
        char cd[96];
        snprintf(cd, sizeof cd, "attachment; filename=\"package-%lld.zip\"", (long long)id);
        web_add_header(r, "Content-Disposition", cd);
        st = web_text(r, 200, "application/zip", zip.data ? zip.data : "", zip.len);
    }
    unlink(path);
    rmdir(dir);
    buf_free(&zip);
    return st;
}

/* POST /console/archive/packages/:id/deliver: date, receiver, reference. */
int h_console_archive_deliver(web_req *r)
{
    int64_t id;
    char msg[600];
    gk_day day;
    if (!web_param_id(r, 0, &id))
        return web_error(r, 404, "没有这个报送包。");
    const char *recv = web_f(r, "receiver"), *ref = web_f(r, "ref");
    if (!recv || !*recv)
        return web_error(r, 422, "请填写接收人（接收单位的经办人）。");
    int st = form_day(r, "date", "交付日期", &day, msg, sizeof msg);
    if (st)
        return web_error(r, st, msg);
    err e = {0};
    if (store_archive_deliver(r->st, r->agency.id, id, day, recv, ref && *ref ? ref : NULL, r->user->login, &e))
        return web_error(r, refused(&e, "交付记录", msg, sizeof msg), msg);
    return web_redirect(r, web_href(r, "/console/channels?msg=saved"));
}

/* The forms of pages_channels.c's package table: download, and the delivery
 * of one not delivered yet; the form making a package per recipient. */
void web_archive_package_forms(web_req *r, buf *b, const struct store_arch_package *p)
{
    buf_printf(b, "<a href=\"/console/archive/packages/%lld/zip\">下载</a>", (long long)p->id);
    if (p->delivered[0])
        return;
    char today[11];
    date_format(date_today(), today);
    buf hidden;
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    long long id = (long long)p->id;
    buf_printf(b, "<details><summary>记录交付</summary><form class=\"stack\" method=\"post\" "
                  "action=\"/console/archive/packages/%lld/deliver\">%s<label for=\"d-date-%lld\">交付日期</label>"
                  "<input type=\"date\" id=\"d-date-%lld\" name=\"date\" value=\"%s\" max=\"%s\" required>"
                  "<label for=\"d-recv-%lld\">接收人</label><input type=\"text\" id=\"d-recv-%lld\" name=\"receiver\" "
                  "required maxlength=\"100\"><label for=\"d-ref-%lld\">回执编号</label><input type=\"text\" "
                  "id=\"d-ref-%lld\" name=\"ref\" maxlength=\"200\"><button type=\"submit\">记录交付</button></form></details>",
               id, hidden.data, id, id, today, today, id, id, id, id);
    buf_free(&hidden);
}

void web_archive_make_forms(web_req *r, buf *b)
{
    buf hidden;
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    for (int t = 0; t < ARCH_NRECIPIENTS; t++)
        buf_printf(b, "<form class=\"inline\" method=\"post\" action=\"/console/archive/packages\">%s"
                      "<input type=\"hidden\" name=\"to\" value=\"%s\"><button type=\"submit\">制作报送%s的报送包</button></form> ",
                   hidden.data, arch_recipients[t].key, arch_recipients[t].label);
    buf_puts(b, "<p><a href=\"/console/channels/sends\">发布渠道发送记录</a></p>");
    buf_free(&hidden);
}
