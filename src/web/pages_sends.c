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

#include "base/html.h"
#include "publish/channel.h"
#include "web/web_internal.h"

/* A store refusal as a status and a message. */
static int refused(const err *e, const char *what, char *msg, size_t msgn)
{
    snprintf(msg, msgn, "%s未保存（%s）：%s", what, e->where, e->msg);
    return gk_http_status(e->code);
}

/* A day typed in a form: empty = today; never after today. */
static int form_day(web_req *r, const char *key, const char *label, gk_day *out, char *msg, size_t msgn)
{
    const char *v = web_f(r, key);
    *out = date_today();
    if (v && *v && date_parse(v, out, NULL))
        return snprintf(msg, msgn, "%s格式应为 YYYY-MM-DD。", label), HTTP_UNPROCESSABLE;
    if (*out > date_today())
        return snprintf(msg, msgn, "%s不能晚于今天。", label), HTTP_UNPROCESSABLE;
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
        return web_error(r, HTTP_UNPROCESSABLE, "请选择渠道类型。");
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
        return web_error(r, HTTP_UNPROCESSABLE, "请填写文件编号（主动公开文件的编号）。");
    if (!form_id(r, "channel", &ch))
        return web_error(r, HTTP_UNPROCESSABLE, "请选择发布渠道。");
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
    char doc[24];
    snprintf(doc, sizeof doc, "%lld", (long long)x->doc_id);
    h_open(s->b, "tr", H_END);
    h_el(s->b, "td", x->sent);
    h_elf(s->b, "td", "%s %s", chan_kinds[x->kind].label, x->channel);
    h_el(s->b, "td", doc);
    h_el(s->b, "td", x->title);
    h_el(s->b, "td", x->reference);
    h_close(s->b, "tr");
    s->n++;
    return 0;
}

/* The channels as select options (value, label pairs; "" first for "all"). */
static const char *const *channel_opts(web_req *r, const struct store_channel *ch, size_t n, bool with_all)
{
    const char **o = arena_alloc(&r->a, (2 * n + 3) * sizeof *o);
    size_t k = 0;
    if (with_all)
        o[k++] = "", o[k++] = "全部";
    for (size_t i = 0; i < n; i++) {
        o[k++] = arena_printf(&r->a, "%lld", (long long)ch[i].id);
        o[k++] = arena_printf(&r->a, "%s %s", chan_kinds[ch[i].kind].label, ch[i].name);
    }
    o[k] = NULL;
    return o;
}

static void form_open(buf *b, const char *method, const char *action, const char *hidden)
{
    h_open(b, "form", "class", hidden ? "stack" : "filters", "method", method, "action", action, H_END);
    if (hidden)
        h_markup_add(b, H_MARKUP(hidden));
}

static void submit(buf *b, const char *text)
{
    h_el_attr(b, "button", text, "type", "submit", H_END);
    h_close(b, "form");
}

static void send_form(web_req *r, buf *b, const struct store_channel *ch, size_t n, const char *hidden)
{
    char today[11], max[24];
    date_format(date_today(), today);
    snprintf(max, sizeof max, "max=\"%s\"", today);
    h_open(b, "details", H_END);
    h_el(b, "summary", "记录发送");
    form_open(b, "post", "/console/channels/sends", hidden);
    web_field(r, b, &(struct web_field){.name = "doc", .label = "文件编号", .type = "number", .required = true,
                                        .hint = "已发布的主动公开文件的编号", .attrs = "min=\"1\""});
    web_field(r, b, &(struct web_field){.name = "channel", .label = "渠道", .type = "select", .required = true,
                                        .options = channel_opts(r, ch, n, false)});
    web_field(r, b, &(struct web_field){.name = "date", .label = "发送日期", .type = "date", .required = true,
                                        .value = today, .attrs = max});
    web_field(r, b, &(struct web_field){.name = "ref", .label = "期号、版面或链接", .maxlength = CHAN_REF_MAX});
    submit(b, "记录");
    h_close(b, "details");
}

static void channel_form(web_req *r, buf *b, const char *hidden)
{
    const char **kinds = arena_alloc(&r->a, (2 * CHAN_NKINDS + 1) * sizeof *kinds);
    for (int k = 0; k < CHAN_NKINDS; k++)
        kinds[2 * k] = chan_kinds[k].key, kinds[2 * k + 1] = chan_kinds[k].label;
    kinds[2 * CHAN_NKINDS] = NULL;
    h_open(b, "details", H_END);
    h_el(b, "summary", "登记发布渠道");
    form_open(b, "post", "/console/channels", hidden);
    web_field(r, b, &(struct web_field){.name = "kind", .label = "类型", .type = "select", .required = true,
                                        .options = kinds});
    web_field(r, b, &(struct web_field){.name = "name", .label = "名称", .required = true, .maxlength = CHAN_NAME_MAX});
    submit(b, "登记");
    h_close(b, "details");
}

/* A gazette's issue export: one small GET form each (ids by channel). */
static void issue_forms(buf *b, const struct store_channel *ch, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (chan_kinds[ch[i].kind].output != CHAN_OUT_ISSUE)
            continue;
        char act[64], id[32], len[8];
        snprintf(act, sizeof act, "/console/channels/%lld/issue", (long long)ch[i].id);
        snprintf(id, sizeof id, "i-ref-%lld", (long long)ch[i].id);
        snprintf(len, sizeof len, "%d", CHAN_REF_MAX);
        form_open(b, "get", act, NULL);
        h_open(b, "label", "for", id, H_END);
        h_textf(b, "%s 期号", ch[i].name);
        h_close(b, "label");
        h_void(b, "input", "type", "text", "id", id, "name", "ref", "required", "", "maxlength", len, H_END);
        submit(b, "导出本期目录（CSV）");
    }
}

/* Closes a table opened in its div; empty: the one row saying so. */
static void table_end(buf *b, const char *empty, const char *colspan)
{
    if (empty) {
        h_open(b, "tr", H_END);
        h_el_attr(b, "td", empty, "colspan", colspan, H_END);
        h_close(b, "tr");
    }
    h_close(b, "tbody");
    h_close(b, "table");
    h_close(b, "div");
}

static void channels_table(buf *b, const struct store_channel *ch, size_t n)
{
    h_open(b, "div", "class", "table-wrap", "tabindex", "0", H_END);
    h_open(b, "table", H_END);
    h_el(b, "caption", "各渠道累计发送");
    h_thead(b, "渠道", "类型", "累计发送（件）", H_END);
    h_open(b, "tbody", H_END);
    for (size_t i = 0; i < n; i++) {
        char href[80], sends[24];
        snprintf(href, sizeof href, "/console/channels/sends?channel=%lld&year=0", (long long)ch[i].id);
        snprintf(sends, sizeof sends, "%lld", (long long)ch[i].sends);
        h_open(b, "tr", H_END);
        h_open(b, "td", H_END);
        h_link(b, href, ch[i].name);
        h_close(b, "td");
        h_el(b, "td", chan_kinds[ch[i].kind].label);
        h_el(b, "td", sends);
        h_close(b, "tr");
    }
    table_end(b, n ? NULL : "尚未登记发布渠道。", "3");
}

static void sends_table(web_req *r, buf *b, const struct store_send_filter *f)
{
    buf rows;
    buf_init(&rows);
    struct sends s = {&rows, 0};
    store_channel_sends(r->st, f, send_row, &s, NULL);
    h_open(b, "div", "class", "table-wrap", "tabindex", "0", H_END);
    h_open(b, "table", H_END);
    h_elf(b, "caption", "发送记录（%d条）", s.n);
    h_thead(b, "日期", "渠道", "文件编号", "标题", "期号、版面或链接", H_END);
    h_open(b, "tbody", H_END);
    h_markup_add(b, H_MARKUP_BUF(&rows));
    table_end(b, s.n ? NULL : "没有发送记录。", "5");
    buf_free(&rows);
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
            return web_error(r, HTTP_BAD_REQUEST, "年份应在2000至2100之间（0为全部）。");
        f.year = (int)x;
    }
    if ((v = web_q(r, "channel")) && *v && (!parse_i64(v, strlen(v), &f.channel_id) || f.channel_id < 1))
        return web_error(r, HTTP_BAD_REQUEST, "渠道编号无效。");
    struct store_channel *ch = NULL;
    size_t n = 0;
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    store_channel_list(r->st, r->agency.id, &ch, &n, NULL);
    h_open(&b, "p", H_END);
    h_link(&b, "/console/channels", "返回渠道与报送");
    h_close(&b, "p");
    h_el(&b, "h1", "发布渠道发送记录");
    channels_table(&b, ch, n);
    if (n)
        send_form(r, &b, ch, n, hidden.data);
    channel_form(r, &b, hidden.data);
    issue_forms(&b, ch, n);
    form_open(&b, "get", "/console/channels/sends", NULL);
    web_field(r, &b, &(struct web_field){.name = "channel", .label = "渠道", .type = "select",
                                         .value = f.channel_id ? arena_printf(&r->a, "%lld", (long long)f.channel_id) : "",
                                         .options = channel_opts(r, ch, n, true)});
    web_field(r, &b, &(struct web_field){.name = "year", .label = "年份（0为全部）", .type = "number",
                                         .value = arena_printf(&r->a, "%d", f.year)});
    submit(&b, "筛选");
    sends_table(r, &b, &f);
    web_page_console(r, HTTP_OK, "发布渠道发送记录", "channels", b.data);
    buf_free(&b);
    buf_free(&hidden);
    free(ch);
    return HTTP_OK;
}

/* GET /console/channels/:id/issue?ref=: the gazette issue's contents (CSV). */
int h_console_channel_issue(web_req *r)
{
    int64_t id;
    struct store_channel c;
    if (!web_param_id(r, 0, &id) || store_channel_get(r->st, r->agency.id, id, &c, NULL))
        return web_error(r, HTTP_NOT_FOUND, "没有这个渠道。");
    if (chan_kinds[c.kind].output != CHAN_OUT_ISSUE)
        return web_error(r, HTTP_UNPROCESSABLE, "只有政府公报有期号和本期目录。");
    const char *ref = web_q(r, "ref");
    if (!ref || !*ref)
        return web_error(r, HTTP_UNPROCESSABLE, "请填写期号，例如“2024年第3期”。");
    buf csv, cd;
    buf_init(&csv);
    buf_init(&cd);
    size_t n = 0;
    err e = {0};
    int st = HTTP_OK;
    if (web_channel_issue_csv(r->st, r->agency.id, id, ref, &csv, &n, &e)) {
        st = web_error(r, HTTP_INTERNAL, "本期目录未能生成。");
    } else {
        buf_puts(&cd, "attachment; filename=\"issue.csv\"; filename*=UTF-8''");
        web_url_encode(&cd, arena_printf(&r->a, "%s-%s.csv", c.name, ref));
        web_add_header(r, "Content-Disposition", cd.data);
        st = web_text(r, HTTP_OK, "text/csv; charset=utf-8", csv.data ? csv.data : "", csv.len);
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
        return web_error(r, HTTP_UNPROCESSABLE, "请选择报送单位（档案馆或图书馆）。");
    int64_t *ids = NULL, pid = 0;
    size_t n = 0;
    int st = 0;
    if (web_archive_waiting(r->st, r->agency.id, (int)to, true, &ids, &n, &e))
        st = refused(&e, "报送包", msg, sizeof msg);
    else if (!n)
        st = HTTP_CONFLICT, snprintf(msg, sizeof msg, "没有待打包报送%s的文件。", arch_recipients[to].label);
    else if (store_archive_package_add(r->st, r->agency.id, (int)to, ids, n, r->user->login, &pid, &e))
        st = refused(&e, "报送包", msg, sizeof msg);
    free(ids);
    return st ? web_error(r, st, msg) : web_redirect(r, web_href(r, "/console/channels?msg=saved"));
}

/* GET /console/archive/packages/:id/zip: the package, written anew from the
 * store into a private temporary folder (TMPDIR), read back, removed. */
#define ARCH_PACKAGE_MAX_BYTES ((size_t)2 << 30)   /* a package served whole from memory */
int h_console_archive_zip(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_error(r, HTTP_NOT_FOUND, "没有这个报送包。");
    const char *tmp = getenv("TMPDIR");
    char dir[4096], path[4120];
    snprintf(dir, sizeof dir, "%s/gongkai-pkg-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return web_error(r, HTTP_INTERNAL, "报送包未能生成（临时目录）。");
    snprintf(path, sizeof path, "%s/p.zip", dir);
    err e = {0};
    buf zip;
    buf_init(&zip);
    int st;
    if (web_archive_package_write(r->st, &r->agency, r->cal, id, path, &e) ||
        file_read_all(path, ARCH_PACKAGE_MAX_BYTES, &zip, &e)) {
        st = web_error(r, gk_http_status(e.code),
                       e.code == GK_ENOTFOUND ? "没有这个报送包。" : "报送包未能生成。");
    } else {
        char cd[96];
        snprintf(cd, sizeof cd, "attachment; filename=\"package-%lld.zip\"", (long long)id);
        web_add_header(r, "Content-Disposition", cd);
        st = web_text(r, HTTP_OK, "application/zip", zip.data ? zip.data : "", zip.len);
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
        return web_error(r, HTTP_NOT_FOUND, "没有这个报送包。");
    /* the console's form names its fields per package (receiver-ID); a plain form "receiver" */
    const char *recv = web_f(r, arena_printf(&r->a, "receiver-%lld", (long long)id)),
               *ref = web_f(r, arena_printf(&r->a, "ref-%lld", (long long)id));
    const char *dkey = arena_printf(&r->a, "date-%lld", (long long)id);
    if (!recv)
        recv = web_f(r, "receiver"), ref = web_f(r, "ref"), dkey = "date";
    if (!recv || !*recv)
        return web_error(r, HTTP_UNPROCESSABLE, "请填写接收人（接收单位的经办人）。");
    int st = form_day(r, dkey, "交付日期", &day, msg, sizeof msg);
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
    char href[64], act[64], today[11], max[24];
    snprintf(href, sizeof href, "/console/archive/packages/%lld/zip", (long long)p->id);
    h_link(b, href, "下载");
    if (p->delivered[0])
        return;
    date_format(date_today(), today);
    snprintf(max, sizeof max, "max=\"%s\"", today);
    snprintf(act, sizeof act, "/console/archive/packages/%lld/deliver", (long long)p->id);
    buf hidden;
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_open(b, "details", H_END);
    h_el(b, "summary", "记录交付");
    form_open(b, "post", act, hidden.data);
    /* one form per package on the page: the fields' ids carry the package's */
    const char *date = arena_printf(&r->a, "date-%lld", (long long)p->id);
    const char *recv = arena_printf(&r->a, "receiver-%lld", (long long)p->id);
    const char *ref = arena_printf(&r->a, "ref-%lld", (long long)p->id);
    web_field(r, b, &(struct web_field){.name = date, .label = "交付日期", .type = "date", .required = true,
                                        .value = today, .attrs = max});
    web_field(r, b, &(struct web_field){.name = recv, .label = "接收人", .required = true, .maxlength = 100});
    web_field(r, b, &(struct web_field){.name = ref, .label = "回执编号", .maxlength = 200});
    submit(b, "记录交付");
    h_close(b, "details");
    buf_free(&hidden);
}

void web_archive_make_forms(web_req *r, buf *b)
{
    buf hidden;
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    for (int t = 0; t < ARCH_NRECIPIENTS; t++) {
        h_open(b, "form", "class", "inline", "method", "post", "action", "/console/archive/packages", H_END);
        h_markup_add(b, H_MARKUP(hidden.data));
        h_void(b, "input", "type", "hidden", "name", "to", "value", arch_recipients[t].key, H_END);
        h_elf(b, "button", "制作报送%s的报送包", arch_recipients[t].label);
        h_close(b, "form");
    }
    h_open(b, "p", H_END);
    h_link(b, "/console/channels/sends", "发布渠道发送记录");
    h_close(b, "p");
    buf_free(&hidden);
}
