/* web — the public side of proactive disclosure (主动公开): the home page's
 * latest documents, the catalogue (法定主动公开内容) by Art. 20 item and topic
 * category with paging, document pages with their metadata block, validity
 * banner, interpretations and attachments, and search with filters and
 * highlighted snippets; the same as public JSON under /api/v1/public/. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "publish/publish.h"
#include "web/web_internal.h"

#define PER_PAGE 20

/* ---- small helpers ---- */

static void day_text(gk_day d, char out[11])
{
    if (d == DOC_NODAY || d == 0)
        snprintf(out, 11, "—");
    else
        date_format(d, out);
}

static void doc_link(web_req *r, buf *b, int64_t id)
{
    char p[40];
    snprintf(p, sizeof p, "/doc/%lld", (long long)id);
    buf_html(b, web_href(r, p));
}

/* A body as the office typed it: paragraphs one a line, and tab-separated
 * lines (a recipient list, a table pasted from a spreadsheet) as a table whose
 * first line is the header. Every piece escaped. */
static void table_row(buf *b, const char *q, size_t m, bool head)
{
    const char *tag = head ? "th" : "td";
    buf_puts(b, head ? "<thead><tr>" : "<tr>");
    const char *c = q;
    size_t left = m;
    for (;;) {
        const char *tab = memchr(c, '\t', left);
        size_t cl = tab ? (size_t)(tab - c) : left;
        buf_printf(b, "<%s%s>", tag, head ? " scope=\"col\"" : "");
        buf_html_n(b, c, cl);
        buf_printf(b, "</%s>", tag);
        if (!tab)
            break;
        left -= cl + 1;
        c = tab + 1;
    }
    buf_puts(b, head ? "</tr></thead><tbody>" : "</tr>");
}

static void body_html(buf *b, const char *body)
{
    const char *p = body ? body : "";
    int rows = 0;              /* rows of the table being written, 0 = none open */
    while (*p) {
        size_t n = strcspn(p, "\n");
        const char *q = p;
        size_t m = n;
        while (m && (*q == ' ' || *q == '\r'))
            q++, m--;
        while (m && (q[m - 1] == ' ' || q[m - 1] == '\r'))
            m--;
        bool row = m && memchr(q, '\t', m) != NULL;
        if (!row && rows) {
            buf_puts(b, "</tbody></table></div>");
            rows = 0;
        }
        if (row) {
            if (!rows)
                buf_puts(b, "<div class=\"table-wrap\"><table>");
            table_row(b, q, m, rows == 0);
            rows++;
        } else if (m) {
            buf_puts(b, "<p>");
            buf_html_n(b, q, m);
            buf_puts(b, "</p>");
        }
        p += n;
        if (*p)
            p++;
    }
    if (rows)
        buf_puts(b, "</tbody></table></div>");
}

static int query_int(web_req *r, const char *k, int lo, int hi, int def, bool *bad)
{
    const char *v = web_q(r, k);
    if (!v || !*v)
        return def;
    int64_t x;
    if (!parse_i64(v, strlen(v), &x) || x < lo || x > hi) {
        *bad = true;
        return def;
    }
    return (int)x;
}

/* The pager: links keep every query parameter but page. */
static void pager(web_req *r, buf *b, const char *path, int page, int64_t total)
{
    int pages = (int)((total + PER_PAGE - 1) / PER_PAGE);
    if (pages <= 1)
        return;
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
    const char *rest = q.data ? q.data : "";
    buf_puts(b, "<nav aria-label=\"翻页\"><ul class=\"pager\">");
    if (page > 1) {
        buf_printf(b, "<li><a href=\"%s?page=1%s\">首页</a></li>", path, web_esc(r, rest));
        buf_printf(b, "<li><a href=\"%s?page=%d%s\" rel=\"prev\">上一页</a></li>", path, page - 1, web_esc(r, rest));
    }
    int from = page - 4 < 1 ? 1 : page - 4, to = from + 8 > pages ? pages : from + 8;
    for (int i = from; i <= to; i++) {
        if (i == page)
            buf_printf(b, "<li><span aria-current=\"page\">%d</span></li>", i);
        else
            buf_printf(b, "<li><a href=\"%s?page=%d%s\"><span class=\"visually-hidden\">第</span>%d<span class=\"visually-hidden\">页</span></a></li>", path, i,
                       web_esc(r, rest), i);
    }
    if (page < pages) {
        buf_printf(b, "<li><a href=\"%s?page=%d%s\" rel=\"next\">下一页</a></li>", path, page + 1, web_esc(r, rest));
        buf_printf(b, "<li><a href=\"%s?page=%d%s\">末页</a></li>", path, pages, web_esc(r, rest));
    }
    buf_puts(b, "</ul></nav>");
    /* the page jump: a plain GET form that keeps the other parameters */
    buf_printf(b, "<form method=\"get\" action=\"%s\" class=\"jump\">", path);
    for (size_t i = 0; i < r->query.n; i++) {
        if (strcmp(r->query.v[i].k, "page") == 0)
            continue;
        buf_printf(b, "<input type=\"hidden\" name=\"%s\"", web_esc(r, r->query.v[i].k));
        buf_printf(b, " value=\"%s\">", web_esc(r, r->query.v[i].v));
    }
    buf_printf(b, "<p class=\"muted\">共 %lld 条，%d 页。<label for=\"page-jump\">跳转到第</label> "
                  "<input type=\"number\" id=\"page-jump\" name=\"page\" min=\"1\" max=\"%d\" value=\"%d\" "
                  "inputmode=\"numeric\"> 页 <button type=\"submit\" class=\"secondary\">跳转</button></p></form>",
               (long long)total, pages, pages, page);
    buf_free(&q);
}

/* The validity of a result, in words (现行有效 / 已废止 / 已失效). */
static void validity_tag(buf *b, int v)
{
    buf_printf(b, " <span class=\"validity validity-%s\">%s</span>", doc_validity_key((enum doc_validity)v),
               doc_validity_label((enum doc_validity)v));
}

/* One list of results (catalogue, home, search). */
static void result_list(web_req *r, buf *b, const struct store_doc_result *res, size_t n, bool snippets)
{
    buf_printf(b, "<ul class=\"list%s\">", snippets ? " results" : "");
    for (size_t i = 0; i < n; i++) {
        buf_puts(b, "<li>");
        if (snippets)
            buf_puts(b, "<h3>");
        buf_puts(b, "<a href=\"");
        doc_link(r, b, res[i].id);
        buf_puts(b, "\">");
        buf_html(b, res[i].title);
        buf_puts(b, "</a>");
        if (snippets) {
            buf_puts(b, "</h3>");
            if (res[i].snippet && *res[i].snippet) {
                /* the store builds snippets as escaped HTML with the terms in <mark> */
                buf_puts(b, "<p class=\"snippet\">");
                buf_puts(b, res[i].snippet);
                buf_puts(b, "</p>");
            }
            buf_puts(b, "<p class=\"muted\">");
            if (res[i].docno[0]) {
                buf_html(b, res[i].docno);
                buf_puts(b, " · ");
            }
            buf_printf(b, "发布日期 %s", res[i].published);
            validity_tag(b, res[i].validity);
            buf_puts(b, "</p>");
        } else {
            validity_tag(b, res[i].validity);
            buf_printf(b, " <span class=\"date\">%s</span>", res[i].published);
        }
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul>");
}

/* ---- home: the latest documents ---- */

/* 政策文件 (Art. 20 item 一: rules and normative documents) and 政策解读,
 * side by side on the home page as government portals show them. */
static void home_column(web_req *r, buf *out, const char *id, const char *title, int item, const char *genre,
                        const char *more)
{
    struct store_doc_query q = {.agency_id = r->agency.id, .validity = -1, .by_date = true, .limit = 6,
                                .item = item, .genre = genre};
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    if (store_doc_search(r->st, &q, &res, &n, &total, NULL))
        return;
    buf_printf(out, "<section aria-labelledby=\"%s\"><h2 id=\"%s\">%s</h2>", id, id, title);
    if (n)
        result_list(r, out, res, n, false);
    else
        buf_puts(out, "<p class=\"muted\">暂无。</p>");
    buf_printf(out, "<p><a href=\"%s\">更多%s（%lld 条）</a></p></section>", web_esc(r, web_href(r, more)), title,
               (long long)total);
    store_doc_results_free(res, n);
}

void web_home_latest(web_req *r, buf *out)
{
    buf_puts(out, "<div class=\"columns\">");
    home_column(r, out, "policies", "政策文件", 1, NULL, "/catalogue?item=1");
    home_column(r, out, "readings", "政策解读", 0, DOC_GENRE_INTERPRETATION,
                "/search?genre=%E6%94%BF%E7%AD%96%E8%A7%A3%E8%AF%BB&sort=date");
    buf_puts(out, "</div>");
    struct store_doc_query q = {.agency_id = r->agency.id, .validity = -1, .by_date = true, .limit = 10};
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    if (store_doc_search(r->st, &q, &res, &n, &total, NULL))
        return;
    if (n) {
        buf_puts(out, "<section aria-labelledby=\"latest\"><h2 id=\"latest\">最新公开</h2>");
        result_list(r, out, res, n, false);
        if (r->agency.id)   /* a platform has no catalogue of its own */
            buf_printf(out, "<p><a href=\"%s\">查看全部法定主动公开内容（%lld 条）</a></p></section>",
                   web_esc(r, web_href(r, "/catalogue")), (long long)total);
    }
    store_doc_results_free(res, n);
}

/* ---- the catalogue ---- */

struct counts {
    int64_t item[16];
    const char *cat[64];
    int64_t catn[64];
    int ncat;
    arena *a;
};

static int count_item(const char *k, int64_t n, void *arg)
{
    struct counts *c = arg;
    int i = atoi(k);
    if (i >= 1 && i <= 15)
        c->item[i] = n;
    return 0;
}

static int count_cat(const char *k, int64_t n, void *arg)
{
    struct counts *c = arg;
    if (c->ncat < 64) {
        c->cat[c->ncat] = arena_strdup(c->a, k);
        c->catn[c->ncat++] = n;
    }
    return 0;
}

int h_catalogue(web_req *r)
{
    bool bad = false;
    int item = query_int(r, "item", 0, 15, 0, &bad);
    int page = query_int(r, "page", 1, 100000, 1, &bad);
    const char *cat = web_q(r, "category");
    if (cat && !*cat)
        cat = NULL;
    const char *canon = NULL;
    if (cat && !(canon = doc_category_find(cat, NULL)))
        bad = true;
    if (bad)
        return web_error(r, 400, "栏目参数无效。");
    struct counts c = {.a = &r->a};
    store_doc_counts(r->st, r->agency.id, "item", count_item, &c, NULL);
    store_doc_counts(r->st, r->agency.id, "category", count_cat, &c, NULL);

    struct store_doc_query q = {.agency_id = r->agency.id, .item = item, .category = canon, .validity = -1,
                                .by_date = true, .limit = PER_PAGE, .offset = (page - 1) * PER_PAGE};
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    if (store_doc_search(r->st, &q, &res, &n, &total, NULL))
        return web_error(r, 500, "暂时无法读取公开目录。");

    buf b;
    buf_init(&b);
    buf_printf(&b, "<p class=\"crumbs\">当前位置：<a href=\"%s\">首页</a> › 法定主动公开内容</p>", web_esc(r, web_href(r, "/")));
    buf_puts(&b, "<div class=\"side\"><nav aria-label=\"公开目录\"><h2>按《条例》第二十条</h2><ul>");
    buf_printf(&b, "<li><a href=\"%s\"%s>全部</a></li>", web_esc(r, web_href(r, "/catalogue")),
               !item && !canon ? " aria-current=\"page\"" : "");
    for (int i = 0; i < 15; i++) {
        const struct doc_item *it = &doc_items[i];
        char p[40];
        snprintf(p, sizeof p, "/catalogue?item=%d", it->n);
        buf_printf(&b, "<li><a href=\"%s\"%s>（%s）%s <span class=\"muted\">%lld</span></a></li>", web_esc(r, web_href(r, p)),
                   item == it->n ? " aria-current=\"page\"" : "", it->numeral, web_esc(r, it->text),
                   (long long)c.item[it->n]);
    }
    buf_puts(&b, "</ul><h2>按主题分类</h2><ul>");
    for (int i = 0; i < c.ncat; i++) {
        buf u;
        buf_init(&u);
        buf_puts(&u, "/catalogue?category=");
        web_url_encode(&u, c.cat[i]);
        buf_printf(&b, "<li><a href=\"%s\"%s>%s <span class=\"muted\">%lld</span></a></li>", web_esc(r, web_href(r, u.data)),
                   canon && strcmp(canon, c.cat[i]) == 0 ? " aria-current=\"page\"" : "", web_esc(r, c.cat[i]),
                   (long long)c.catn[i]);
        buf_free(&u);
    }
    buf_puts(&b, "</ul></nav><div>");
    if (item)
        buf_printf(&b, "<h1>（%s）%s</h1>", doc_items[item - 1].numeral, web_esc(r, doc_items[item - 1].text));
    else if (canon)
        buf_printf(&b, "<h1>%s</h1>", web_esc(r, canon));
    else
        buf_puts(&b, "<h1>法定主动公开内容</h1>");
    if (n)
        result_list(r, &b, res, n, false);
    else
        buf_puts(&b, "<p>本栏目暂无公开信息。</p>");
    pager(r, &b, "/catalogue", page, total);
    buf_puts(&b, "</div></div>");
    store_doc_results_free(res, n);
    web_page_public(r, 200, item ? doc_items[item - 1].text : canon ? canon : "法定主动公开内容", "catalogue", b.data);
    buf_free(&b);
    return 200;
}

/* ---- a document ---- */

struct interp_ctx {
    web_req *r;
    buf *b;
    int n;
};

static int interp_row(const struct doc *l, void *arg)
{
    struct interp_ctx *c = arg;
    if (doc_public_status(l, date_today()) != DOC_PUB_SHOWN)
        return 0;
    char p[11];
    date_format(l->published, p);
    c->n++;
    buf_puts(c->b, "<li><a href=\"");
    doc_link(c->r, c->b, l->id);
    buf_puts(c->b, "\">");
    buf_html(c->b, l->title);
    buf_printf(c->b, "</a> <span class=\"date\">%s</span></li>", p);
    return 0;
}

/* Loads a document of this agency the public sees (publish/'s
 * doc_public_status decides, today); otherwise answers: 404 for none, 410
 * with a one-line notice and its date, and nothing of the content, for a
 * withdrawn document or a 公示 whose period is over. Returns 0 when d is
 * loaded, else the status answered. `what` names the thing asked for. */
static int load_public_doc(web_req *r, struct doc *d, const char *what)
{
    int64_t id;
    doc_init(d);
    bool api = strncmp(r->path, "/api/", 5) == 0;
    if (!web_param_id(r, 0, &id) || store_doc_get(r->st, r->agency.id, id, d, NULL))
        return api ? web_api_error(r, 404, "not_found", "no published document with this id")
                   : web_error(r, 404, "没有找到这份公开文件，它可能尚未发布。");
    enum doc_public pub = doc_public_status(d, date_today());
    char day[11] = "";
    if (pub == DOC_PUB_WITHDRAWN)
        date_format(d->withdrawn_on, day);
    else if (pub == DOC_PUB_ENDED)
        date_format(d->publicity_until, day);
    if (pub == DOC_PUB_SHOWN)
        return 0;
    doc_clear(d);
    char msg[160];
    switch (pub) {
    case DOC_PUB_WITHDRAWN:
        snprintf(msg, sizeof msg, "该%s已于 %s 撤回，不再公开。", what, day);
        return api ? web_api_error(r, 410, "withdrawn", msg) : web_error(r, 410, msg);
    case DOC_PUB_ENDED:
        snprintf(msg, sizeof msg, "该%s的公示期已于 %s 结束，不再公开。", what, day);
        return api ? web_api_error(r, 410, "publicity_ended", msg) : web_error(r, 410, msg);
    case DOC_PUB_SHOWN:
    case DOC_PUB_NONE:
    default:
        return api ? web_api_error(r, 404, "not_found", "no published document with this id")
                   : web_error(r, 404, "没有找到这份公开文件，它可能尚未发布。");
    }
}

/* Every issuing body of a document: a joint document lists them all in its
 * issuer field, separated by 、 or ；. */
static void issuers_html(buf *b, const char *issuer)
{
    static const char *const seps[] = {"、", "；", ";"};
    const char *p = issuer;
    bool first = true;
    while (*p) {
        const char *cut = NULL;
        size_t cl = 0;
        for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
            const char *q = strstr(p, seps[i]);
            if (q && (!cut || q < cut))
                cut = q, cl = strlen(seps[i]);
        }
        size_t n = cut ? (size_t)(cut - p) : strlen(p);
        if (n) {
            buf_puts(b, first ? "<span class=\"issuer\">" : "<br><span class=\"issuer\">");
            buf_html_n(b, p, n);
            buf_puts(b, "</span>");
            first = false;
        }
        p += n + (cut ? cl : 0);
    }
}

/* The gov.cn metadata table: 标题; 索引号 / 主题分类; 发文机关 / 成文日期;
 * 发文字号 / 发布日期; 有效性 (two pairs a row, as government portals
 * print it; the stylesheet stacks it on a phone). */
static void meta_table(web_req *r, buf *b, const struct doc *d, enum doc_validity v)
{
    (void)r;
    char w[11], p[11], exp[11];
    day_text(d->written, w);
    day_text(d->published, p);
    day_text(d->expires_on, exp);
    buf_puts(b, "<table class=\"meta-table\"><caption class=\"visually-hidden\">文件信息</caption><tbody>");
    buf_puts(b, "<tr><th scope=\"row\">标题</th><td colspan=\"3\">");
    buf_html(b, d->title);
    buf_puts(b, "</td></tr><tr><th scope=\"row\">索引号</th><td>");
    buf_html(b, d->index_no[0] ? d->index_no : "—");
    buf_puts(b, "</td><th scope=\"row\">主题分类</th><td>");
    buf_html(b, d->category[0] ? d->category : "—");
    buf_puts(b, "</td></tr><tr><th scope=\"row\">发文机关</th><td>");
    issuers_html(b, d->issuer);
    buf_printf(b, "</td><th scope=\"row\">成文日期</th><td>%s</td></tr><tr><th scope=\"row\">发文字号</th><td>", w);
    buf_html(b, d->docno[0] ? d->docno : "—");
    buf_printf(b, "</td><th scope=\"row\">发布日期</th><td>%s</td></tr><tr><th scope=\"row\">有效性</th><td>", p);
    if (d->publicity_until != DOC_NODAY) {
        /* a 公示 is shown only during its period (past it the page is 410) */
        char u[11];
        day_text(d->publicity_until, u);
        buf_printf(b, "公示中（公示期至 %s）", u);
    } else {
        buf_puts(b, doc_validity_label(v));
        if (d->expires_on != DOC_NODAY && v == DOC_V_IN_FORCE)
            buf_printf(b, "（有效期至 %s）", exp);
    }
    buf_puts(b, "</td><th scope=\"row\">体裁</th><td>");
    buf_html(b, d->genre[0] ? d->genre : "—");
    buf_puts(b, "</td></tr>");
    if (d->item || d->corrected_on != DOC_NODAY) {
        buf_puts(b, "<tr><th scope=\"row\">公开事项</th><td>");
        if (d->item)
            buf_printf(b, "《条例》第二十条第%s项", doc_item_label(d->item));
        else
            buf_puts(b, "—");
        if (d->corrected_on != DOC_NODAY) {
            char c[11];
            day_text(d->corrected_on, c);
            buf_printf(b, "</td><th scope=\"row\">更正日期</th><td>%s</td></tr>", c);
        } else {
            buf_puts(b, "</td><td colspan=\"2\"></td></tr>");
        }
    }
    buf_puts(b, "</tbody></table>");
}

/* 【字体：大 中 小】【打印】 as links that need no script: the size is the
 * page's own ?size= (大 = 大字版, 中 = standard, 小 = small), printing is the
 * browser's (the print stylesheet drops the navigation). */
static void text_tools(web_req *r, buf *b)
{
    static const struct { const char *size, *label; } sizes[] = {{"large", "大"}, {"", "中"}, {"small", "小"}};
    buf_puts(b, "<p class=\"text-tools\">【字体：");
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        const char *href = sizes[i].size[0] ? arena_printf(&r->a, "%s?size=%s", r->path, sizes[i].size) : r->path;
        bool cur = strcmp(r->large ? "large" : r->small ? "small" : "", sizes[i].size) == 0;
        buf_printf(b, "%s<a href=\"%s\"%s>%s<span class=\"visually-hidden\">号字</span></a>", i ? " " : "",
                   web_esc(r, href), cur ? " aria-current=\"true\"" : "", sizes[i].label);
    }
    buf_printf(b, "】【<a href=\"%s\">打印</a>】</p>", web_esc(r, arena_printf(&r->a, "%s?print=1%s", r->path,
                                                                              r->large ? "&size=large" : "")));
}

int h_doc(web_req *r)
{
    if (r->agency.id == 0)
        return web_platform_doc(r);   /* the platform: the document's own agency */
    struct doc d;
    int st = load_public_doc(r, &d, "文件");
    if (st)
        return st;
    buf b;
    buf_init(&b);
    char w[11], p[11], rep[11], exp[11];
    day_text(d.written, w);
    day_text(d.published, p);
    day_text(d.repealed_on, rep);
    day_text(d.expires_on, exp);
    enum doc_validity v = doc_validity_at(&d, date_today());
    buf_printf(&b, "<p class=\"crumbs\">当前位置：<a href=\"%s\">首页</a> › <a href=\"%s\">法定主动公开内容</a> › 正文</p>",
               web_esc(r, web_href(r, "/")), web_esc(r, web_href(r, "/catalogue")));
    buf_puts(&b, "<article>");
    if (v != DOC_V_IN_FORCE) {
        buf_printf(&b, "<p class=\"banner-repealed\" role=\"note\">本文件%s", doc_validity_label(v));
        if (v == DOC_V_REPEALED) {
            buf_printf(&b, "（%s废止", rep);
            if (d.repealed_by) {
                buf_puts(&b, "，见<a href=\"");
                doc_link(r, &b, d.repealed_by);
                buf_puts(&b, "\">");
                buf_html(&b, d.repealed_by_docno[0] ? d.repealed_by_docno : "废止文件");
                buf_puts(&b, "</a>");
            } else if (d.repealed_by_docno[0]) {
                buf_puts(&b, "，依据");
                buf_html(&b, d.repealed_by_docno);
            }
            buf_puts(&b, "）");
        } else {
            buf_printf(&b, "（有效期至%s）", exp);
        }
        buf_puts(&b, "，仅供查阅参考。</p>");
    }
    if (d.corrected_on != DOC_NODAY) {
        char c[11];
        day_text(d.corrected_on, c);
        buf_printf(&b, "<p class=\"banner-corrected\" role=\"note\"><strong>更正说明</strong>（%s更正）：", c);
        buf_html(&b, d.correction_note);
        buf_puts(&b, "</p>");
    }
    if (d.publicity_until != DOC_NODAY) {
        char u[11];
        day_text(d.publicity_until, u);
        buf_printf(&b, "<p class=\"banner-publicity\" role=\"note\">公示期至 %s，期满后不再公开。</p>", u);
    }
    meta_table(r, &b, &d, v);
    buf_puts(&b, "<h1>");
    buf_html(&b, d.title);
    buf_puts(&b, "</h1>");
    text_tools(r, &b);
    if (d.docno[0]) {
        buf_puts(&b, "<p class=\"muted\" style=\"text-align:center\">");
        buf_html(&b, d.docno);
        buf_puts(&b, "</p>");
    }
    if (doc_body_public(&d, date_today())) {
        buf_puts(&b, "<div class=\"doc-body\">");
        body_html(&b, d.body);
        buf_puts(&b, "</div>");
    }
    /* attachments */
    struct store_doc_attachment *at = NULL;
    size_t nat = 0;
    bool files = doc_files_public(&d, date_today());
    if (!files && d.recipient_list)
        buf_puts(&b, "<p class=\"notice\">本名单已不在有效期内，名单内容和附件不再公开。</p>");
    if (files && store_doc_attachments(r->st, d.id, &at, &nat, NULL) == 0 && nat) {
        buf_puts(&b, "<section aria-labelledby=\"att\"><h2 id=\"att\">附件</h2><ul class=\"list\">");
        for (size_t i = 0; i < nat; i++) {
            char path[80];
            snprintf(path, sizeof path, "/doc/%lld/files/%lld", (long long)d.id, (long long)at[i].id);
            buf_printf(&b, "<li><a href=\"%s\">", web_esc(r, path));
            buf_html(&b, at[i].name);
            buf_printf(&b, "</a> <span class=\"date\">%.1f KB</span></li>", (double)at[i].size / 1024.0);
        }
        buf_puts(&b, "</ul></section>");
    }
    free(at);
    /* the policy an interpretation explains, and the interpretations of a policy */
    if (d.interprets) {
        struct doc pol;
        doc_init(&pol);
        if (store_doc_get(r->st, r->agency.id, d.interprets, &pol, NULL) == 0 &&
            doc_public_status(&pol, date_today()) == DOC_PUB_SHOWN) {
            buf_puts(&b, "<section aria-labelledby=\"pol\"><h2 id=\"pol\">解读的政策文件</h2><ul class=\"list\"><li><a href=\"");
            doc_link(r, &b, pol.id);
            buf_puts(&b, "\">");
            buf_html(&b, pol.title);
            buf_puts(&b, "</a></li></ul></section>");
        }
        doc_clear(&pol);
    }
    buf lb;
    buf_init(&lb);
    struct interp_ctx ic = {r, &lb, 0};
    struct store_doc_filter lf = {.agency_id = r->agency.id, .state = DOC_PUBLISHED, .interprets = d.id,
                                  .limit = 20};
    store_doc_list(r->st, &lf, interp_row, &ic, NULL);
    if (ic.n)
        buf_printf(&b, "<section aria-labelledby=\"interp\"><h2 id=\"interp\">政策解读</h2><ul class=\"list\">%s</ul></section>",
                   lb.data);
    buf_free(&lb);
    /* the consultation this document was put out for, or came out of (意见征集) */
    struct consult k;
    if (store_consult_of_doc(r->st, r->agency.id, d.id, &k, NULL) == 0) {
        char kp[48];
        snprintf(kp, sizeof kp, "/consultations/%lld", (long long)k.id);
        buf_printf(&b, "<section aria-labelledby=\"cons\"><h2 id=\"cons\">征求意见情况</h2><p>%s：<a href=\"%s\">",
                   k.final_doc_id == d.id ? "本文件发布前曾公开征求意见" : "本草案公开征求意见",
                   web_esc(r, web_href(r, kp)));
        buf_html(&b, k.title);
        buf_puts(&b, "</a></p>");
        if (k.result_published && k.final_doc_id == d.id) {
            buf_puts(&b, "<p class=\"pre\">");
            buf_html(&b, k.result);
            buf_puts(&b, "</p>");
        }
        buf_puts(&b, "</section>");
    }
    buf_puts(&b, "</article>");
    web_page_public(r, 200, d.title, "catalogue", b.data);
    buf_free(&b);
    doc_clear(&d);
    return 200;
}

/* RFC 5987 file name for Content-Disposition. */
static void disposition(buf *b, const char *name)
{
    buf_puts(b, "attachment; filename=\"attachment\"; filename*=UTF-8''");
    web_url_encode(b, name);
}

int h_doc_file(web_req *r)
{
    struct doc d;
    int st = load_public_doc(r, &d, "附件所属文件");
    if (st)
        return st;
    if (!doc_files_public(&d, date_today())) {   /* a recipient list out of force */
        doc_clear(&d);
        return web_error(r, 410, "该名单已不在有效期内，附件不再公开。");
    }
    int64_t aid;
    struct store_doc_attachment *at = NULL;
    size_t nat = 0;
    int status = 404;
    if (web_param_id(r, 1, &aid) && store_doc_attachments(r->st, d.id, &at, &nat, NULL) == 0) {
        for (size_t i = 0; i < nat; i++) {
            if (at[i].id != aid)
                continue;
            buf data;
            buf_init(&data);
            if (store_doc_blob(r->st, at[i].sha256, &data, NULL) == 0) {
                const char *t = web_sniff_type(data.data ? data.data : "", data.len);
                buf cd;
                buf_init(&cd);
                disposition(&cd, at[i].name);
                web_add_header(r, "Content-Disposition", cd.data);
                buf_free(&cd);
                /* as short as a page's: a withdrawn file, or a 公示 past its
                 * last day, must not linger in caches in front of gongkai */
                web_add_header(r, "Cache-Control", "public, max-age=60");
                status = web_text(r, 200,
                                  !t ? "application/octet-stream"
                                     : strcmp(t, "text/plain") == 0 ? "text/plain; charset=utf-8" : t,
                                  data.data ? data.data : "", data.len);
            }
            buf_free(&data);
            break;
        }
    }
    free(at);
    doc_clear(&d);
    return status == 200 ? status : web_error(r, 404, "没有找到这个附件。");
}

/* ---- search ---- */

/* Reads the search filters (shared with the public API). false on a bad one. */
static bool search_query(web_req *r, struct store_doc_query *q, int *page, const char **err_msg)
{
    bool bad = false;
    memset(q, 0, sizeof *q);
    q->agency_id = r->agency.id;
    q->text = web_q(r, "q");
    if (q->text && utf8_len(q->text, strlen(q->text)) > 100) {
        *err_msg = "检索词过长（最多100字）。";
        return false;
    }
    q->year = query_int(r, "year", 1990, LIM_YEAR_LAST, 0, &bad);
    q->item = query_int(r, "item", 0, 15, 0, &bad);
    const char *ag = web_q(r, "agency");
    if (ag && *ag && r->agency.id == 0) {   /* platform search: one agency's documents */
        struct store_agency a;
        if (store_agency_get(r->st, ag, &a, NULL))
            bad = true;
        else
            q->agency_id = a.id;
    }
    *page = query_int(r, "page", 1, 10000, 1, &bad);
    const char *v;
    if ((v = web_q(r, "category")) && *v && !(q->category = doc_category_find(v, NULL)))
        bad = true;
    if ((v = web_q(r, "genre")) && *v && !(q->genre = doc_genre_find(v, NULL)))
        bad = true;
    q->validity = -1;
    if ((v = web_q(r, "validity")) && *v) {
        enum doc_validity dv;
        if (doc_validity_parse(v, &dv, NULL))
            bad = true;
        else
            q->validity = (int)dv;
    }
    v = web_q(r, "sort");
    q->by_date = v && strcmp(v, "date") == 0;
    if (v && *v && strcmp(v, "date") != 0 && strcmp(v, "relevance") != 0)
        bad = true;
    if (!q->text || !*q->text)
        q->by_date = true;
    q->limit = PER_PAGE;
    q->offset = (*page - 1) * PER_PAGE;
    if (bad)
        *err_msg = "检索条件无效。";
    return !bad;
}

static void option(buf *b, const char *value, const char *label, const char *cur)
{
    buf_puts(b, "<option value=\"");
    buf_html(b, value);
    buf_putc(b, '"');
    if (cur && strcmp(cur, value) == 0)
        buf_puts(b, " selected");
    buf_putc(b, '>');
    buf_html(b, label);
    buf_puts(b, "</option>");
}

int h_search(web_req *r)
{
    struct store_doc_query q;
    int page;
    const char *msg = NULL;
    if (!search_query(r, &q, &page, &msg))
        return web_error(r, 400, msg);
    buf b;
    buf_init(&b);
    buf_printf(&b, "<p class=\"crumbs\">当前位置：<a href=\"%s\">首页</a> › 信息检索</p><h1>信息检索</h1>",
               web_esc(r, web_href(r, "/")));
    buf_puts(&b, "<form method=\"get\" action=\"/search\" role=\"search\">");
    if (r->large)
        buf_puts(&b, "<input type=\"hidden\" name=\"size\" value=\"large\">");
    buf_puts(&b, "<div class=\"search-box\"><label for=\"q\" class=\"visually-hidden\">检索词</label>"
                 "<input type=\"search\" id=\"q\" name=\"q\" maxlength=\"100\" placeholder=\"标题、文号或正文关键词\" value=\"");
    buf_html(&b, q.text ? q.text : "");
    buf_puts(&b, "\"><button type=\"submit\">检索</button></div><div class=\"filters\">");
    /* year */
    buf_puts(&b, "<div><label for=\"year\">发布年份</label><select id=\"year\" name=\"year\"><option value=\"\">不限</option>");
    int ty, tm, td;
    date_to_ymd(date_today(), &ty, &tm, &td);
    for (int y = ty; y >= ty - 10; y--) {
        char ys[8];
        snprintf(ys, sizeof ys, "%d", y);
        option(&b, ys, ys, web_q(r, "year"));
    }
    buf_puts(&b, "</select></div><div><label for=\"category\">主题分类</label><select id=\"category\" name=\"category\"><option value=\"\">不限</option>");
    for (int i = 0; i < doc_ncategories; i++)
        option(&b, doc_categories[i].name, doc_categories[i].name, q.category);
    buf_puts(&b, "</select></div><div><label for=\"genre\">体裁</label><select id=\"genre\" name=\"genre\"><option value=\"\">不限</option>");
    for (int i = 0; i < doc_ngenres; i++)
        option(&b, doc_genres[i].name, doc_genres[i].name, q.genre);
    buf_puts(&b, "</select></div><div><label for=\"validity\">有效性</label><select id=\"validity\" name=\"validity\"><option value=\"\">不限</option>");
    for (int v = DOC_V_IN_FORCE; v <= DOC_V_EXPIRED; v++)
        option(&b, doc_validity_key((enum doc_validity)v), doc_validity_label((enum doc_validity)v), web_q(r, "validity"));
    if (r->agency.id == 0)
        web_platform_agency_select(r, &b, web_q(r, "agency"));
    buf_puts(&b, "</select></div><div><label for=\"sort\">排序</label><select id=\"sort\" name=\"sort\">");
    option(&b, "relevance", "按相关度", web_q(r, "sort") ? web_q(r, "sort") : "relevance");
    option(&b, "date", "按发布日期", web_q(r, "sort"));
    buf_puts(&b, "</select></div><div><button type=\"submit\" class=\"secondary\">筛选</button></div></div></form>");

    bool any = (q.text && *q.text) || q.year || q.category || q.genre || q.validity >= 0 || q.item ||
               q.agency_id != r->agency.id;
    if (any) {
        struct store_doc_result *res;
        size_t n;
        int64_t total;
        err e = {0};
        if (store_doc_search(r->st, &q, &res, &n, &total, &e)) {
            buf_free(&b);
            return web_error(r, e.code == GK_EINVAL ? 400 : 500, e.code == GK_EINVAL ? "检索式无效，请换个说法。" : "检索暂时不可用。");
        }
        buf_printf(&b, "<h2>检索结果</h2><p role=\"status\">共找到 <strong>%lld</strong> 条相关信息。</p>", (long long)total);
        char *sug = NULL;
        if (total == 0 && q.text && *q.text)
            store_doc_suggest(r->st, &q, &sug, NULL);
        if (sug) {
            buf u;
            buf_init(&u);
            buf_puts(&u, "/search?q=");
            web_url_encode(&u, sug);
            buf_printf(&b, "<p class=\"suggest\">您是不是要找：<a href=\"%s\">%s</a></p>", web_esc(r, web_href(r, u.data)),
                       web_esc(r, sug));
            buf_free(&u);
            free(sug);
        }
        if (n)
            result_list(r, &b, res, n, true);
        else
            buf_puts(&b, "<p>没有找到相关信息。可以换用更短的关键词，或去掉部分筛选条件。</p>");
        pager(r, &b, "/search", page, total);
        store_doc_results_free(res, n);
    }
    web_page_public(r, 200, q.text && *q.text ? q.text : "信息检索", "search", b.data);
    buf_free(&b);
    return 200;
}

/* ---- public JSON ---- */

int api_public_docs(web_req *r)
{
    struct store_doc_query q;
    int page;
    const char *msg = NULL;
    if (!search_query(r, &q, &page, &msg))
        return web_api_error(r, 400, "bad_request", "a filter is not valid (year, category, genre, item, validity, sort, page)");
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    err e = {0};
    if (store_doc_search(r->st, &q, &res, &n, &total, &e))
        return web_api_error(r, e.code == GK_EINVAL ? 400 : 500, e.code == GK_EINVAL ? "bad_query" : "internal", e.msg);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)res[i].id,
                                               "title", res[i].title, "docno", res[i].docno, "index_no",
                                               res[i].index_no, "published", res[i].published, "validity",
                                               doc_validity_key((enum doc_validity)res[i].validity),
                                               "validity_label",
                                               doc_validity_label((enum doc_validity)res[i].validity),
                                               "snippet_html", res[i].snippet ? res[i].snippet : ""));
    store_doc_results_free(res, n);
    char *sug = NULL;
    if (total == 0 && q.text && *q.text)
        store_doc_suggest(r->st, &q, &sug, NULL);
    json_t *o = json_pack("{s:I,s:i,s:i,s:o,s:o}", "total", (json_int_t)total, "page", page, "per_page", PER_PAGE,
                          "results", items, "suggestion", sug ? json_string(sug) : json_null());
    free(sug);
    return web_json(r, 200, o);
}

int api_public_doc(web_req *r)
{
    struct doc d;
    int st = load_public_doc(r, &d, "文件");
    if (st)
        return st;
    buf j;
    buf_init(&j);
    doc_to_json(&d, doc_body_public(&d, date_today()), &j);
    json_t *o = json_loads(j.data ? j.data : "{}", 0, NULL);
    buf_free(&j);
    if (!o) {
        doc_clear(&d);
        return web_api_error(r, 500, "internal", "cannot encode the document");
    }
    /* who drafted and reviewed it is the agency's internal business */
    static const char *const internal[] = {"author", "reviewer1", "reviewer2", "signer", "publisher", "state",
                                           "created_at", "updated_at", "withdrawn_on", "corrects", NULL};
    for (int i = 0; internal[i]; i++)
        json_object_del(o, internal[i]);
    json_object_set_new(o, "validity", json_string(doc_validity_key(doc_validity_at(&d, date_today()))));
    doc_clear(&d);
    return web_json(r, 200, o);
}
