/* web — the public side of proactive disclosure (主动公开): the home page's
 * latest documents, the catalogue (法定主动公开内容) by Art. 20 item and topic
 * category with paging, document pages with their metadata block, validity
 * banner, interpretations and attachments, and search with filters and
 * highlighted snippets; the same as public JSON under /api/v1/public/. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The link to a published document of this agency (arena). */
static const char *doc_href(web_req *r, int64_t id)
{
    return web_href(r, arena_printf(&r->a, "/doc/%lld", (long long)id));
}

/* A body as the office typed it: paragraphs one a line, and tab-separated
 * lines (a recipient list, a table pasted from a spreadsheet) as a table whose
 * first line is the header. Every piece escaped. */
static void table_row(buf *b, const char *q, size_t m, bool head)
{
    const char *tag = head ? "th" : "td";
    if (head)
        h_open(b, "thead", H_END);
    h_open(b, "tr", H_END);
    const char *c = q;
    size_t left = m;
    for (;;) {
        const char *tab = memchr(c, '\t', left);
        size_t cl = tab ? (size_t)(tab - c) : left;
        h_open(b, tag, "scope", head ? "col" : H_OMIT, H_END);
        h_text_n(b, c, cl);
        h_close(b, tag);
        if (!tab)
            break;
        left -= cl + 1;
        c = tab + 1;
    }
    h_close(b, "tr");
    if (head) {
        h_close(b, "thead");
        h_open(b, "tbody", H_END);
    }
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
            h_table_close(b);
            rows = 0;
        }
        if (row) {
            if (!rows) {
                h_open(b, "div", "class", "table-wrap", H_END);
                h_open(b, "table", H_END);
            }
            table_row(b, q, m, rows == 0);
            rows++;
        } else if (m) {
            h_open(b, "p", H_END);
            h_text_n(b, q, m);
            h_close(b, "p");
        }
        p += n;
        if (*p)
            p++;
    }
    if (rows)
        h_table_close(b);
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

/* One page link of the pager: path?page=N and the rest of the query, with rel. */
static void pager_link(web_req *r, buf *b, const char *path, int page, const char *rest, const char *rel,
                       const char *text)
{
    h_open(b, "li", H_END);
    h_open(b, "a", "href", arena_printf(&r->a, "%s?page=%d%s", path, page, rest), "rel", rel ? rel : H_OMIT, H_END);
    if (text) {
        h_text(b, text);
    } else {   /* the page's number, read as 第N页 */
        h_el_attr(b, "span", "第", "class", "visually-hidden", H_END);
        h_textf(b, "%d", page);
        h_el_attr(b, "span", "页", "class", "visually-hidden", H_END);
    }
    h_close(b, "a");
    h_close(b, "li");
}

/* The page jump: a plain GET form that keeps the other parameters. */
static void pager_jump(web_req *r, buf *b, const char *path, int page, int pages, int64_t total)
{
    h_open(b, "form", "method", "get", "action", path, "class", "jump", H_END);
    for (size_t i = 0; i < r->query.n; i++)
        if (strcmp(r->query.v[i].k, "page") != 0)
            h_void(b, "input", "type", "hidden", "name", r->query.v[i].k, "value", r->query.v[i].v, H_END);
    char max[16], cur[16];
    snprintf(max, sizeof max, "%d", pages);
    snprintf(cur, sizeof cur, "%d", page);
    h_open(b, "p", "class", "muted", H_END);
    h_textf(b, "共 %lld 条，%d 页。", (long long)total, pages);
    h_el_attr(b, "label", "跳转到第", "for", "page-jump", H_END);
    h_text(b, " ");
    h_void(b, "input", "type", "number", "id", "page-jump", "name", "page", "min", "1", "max", max, "value", cur,
           "inputmode", "numeric", H_END);
    h_text(b, " 页 ");
    h_el_attr(b, "button", "跳转", "type", "submit", "class", "secondary", H_END);
    h_close(b, "p");
    h_close(b, "form");
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
    h_open(b, "nav", "aria-label", "翻页", H_END);
    h_open(b, "ul", "class", "pager", H_END);
    if (page > 1) {
        pager_link(r, b, path, 1, rest, NULL, "首页");
        pager_link(r, b, path, page - 1, rest, "prev", "上一页");
    }
    int from = page - 4 < 1 ? 1 : page - 4, to = from + 8 > pages ? pages : from + 8;
    for (int i = from; i <= to; i++) {
        if (i == page) {
            h_open(b, "li", H_END);
            h_open(b, "span", "aria-current", "page", H_END);
            h_textf(b, "%d", i);
            h_close(b, "span");
            h_close(b, "li");
        } else {
            pager_link(r, b, path, i, rest, NULL, NULL);
        }
    }
    if (page < pages) {
        pager_link(r, b, path, page + 1, rest, "next", "下一页");
        pager_link(r, b, path, pages, rest, NULL, "末页");
    }
    h_close(b, "ul");
    h_close(b, "nav");
    pager_jump(r, b, path, page, pages, total);
    buf_free(&q);
}

/* The validity of a result, in words (现行有效 / 已废止 / 已失效). */
static void validity_tag(buf *b, int v)
{
    char cls[64];
    snprintf(cls, sizeof cls, "validity validity-%s", doc_validity_key((enum doc_validity)v));
    h_text(b, " ");
    h_el_attr(b, "span", doc_validity_label((enum doc_validity)v), "class", cls, H_END);
}

/* A search result's snippet and line of facts: 文号 · 发布日期, validity. */
static void result_details(buf *b, const struct store_doc_result *x)
{
    if (x->snippet && *x->snippet) {
        /* the store builds snippets as escaped HTML with the terms in <mark> */
        h_open(b, "p", "class", "snippet", H_END);
        h_markup_add(b, H_MARKUP(x->snippet));
        h_close(b, "p");
    }
    h_open(b, "p", "class", "muted", H_END);
    if (x->docno[0]) {
        h_text(b, x->docno);
        h_text(b, " · ");
    }
    h_textf(b, "发布日期 %s", x->published);
    validity_tag(b, x->validity);
    h_close(b, "p");
}

/* One list of results (catalogue, home, search). */
static void result_list(web_req *r, buf *b, const struct store_doc_result *res, size_t n, bool snippets)
{
    h_open(b, "ul", "class", snippets ? "list results" : "list", H_END);
    for (size_t i = 0; i < n; i++) {
        h_open(b, "li", H_END);
        if (snippets) {
            h_open(b, "h3", H_END);
            h_link(b, doc_href(r, res[i].id), res[i].title);
            h_close(b, "h3");
            result_details(b, &res[i]);
        } else {
            h_link(b, doc_href(r, res[i].id), res[i].title);
            validity_tag(b, res[i].validity);
            h_text(b, " ");
            h_el_attr(b, "span", res[i].published, "class", "date", H_END);
        }
        h_close(b, "li");
    }
    h_close(b, "ul");
}

/* A paragraph holding one link. */
static void para_link(buf *b, const char *href, const char *text)
{
    h_open(b, "p", H_END);
    h_link(b, href, text);
    h_close(b, "p");
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
    h_section_open(out, id, title);
    if (n)
        result_list(r, out, res, n, false);
    else
        h_el_attr(out, "p", "暂无。", "class", "muted", H_END);
    para_link(out, web_href(r, more), arena_printf(&r->a, "更多%s（%lld 条）", title, (long long)total));
    h_close(out, "section");
    store_doc_results_free(res, n);
}

void web_home_latest(web_req *r, buf *out)
{
    h_open(out, "div", "class", "columns", H_END);
    home_column(r, out, "policies", "政策文件", 1, NULL, "/catalogue?item=1");
    home_column(r, out, "readings", "政策解读", 0, DOC_GENRE_INTERPRETATION,
                "/search?genre=%E6%94%BF%E7%AD%96%E8%A7%A3%E8%AF%BB&sort=date");
    h_close(out, "div");
    struct store_doc_query q = {.agency_id = r->agency.id, .validity = -1, .by_date = true, .limit = 10};
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    if (store_doc_search(r->st, &q, &res, &n, &total, NULL))
        return;
    if (n) {
        h_section_open(out, "latest", "最新公开");
        result_list(r, out, res, n, false);
        if (r->agency.id) {   /* a platform has no catalogue of its own */
            para_link(out, web_href(r, "/catalogue"),
                      arena_printf(&r->a, "查看全部法定主动公开内容（%lld 条）", (long long)total));
            h_close(out, "section");
        }
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

/* One entry of the catalogue navigation: a link with its count, marked when current. */
static void catalogue_entry(buf *b, const char *href, bool cur, const char *text, int64_t n)
{
    h_open(b, "li", H_END);
    h_open(b, "a", "href", href, "aria-current", cur ? "page" : H_OMIT, H_END);
    h_text(b, text);
    h_text(b, " ");
    h_open(b, "span", "class", "muted", H_END);
    h_textf(b, "%lld", (long long)n);
    h_close(b, "span");
    h_close(b, "a");
    h_close(b, "li");
}

/* The catalogue's side navigation: by Art. 20's items, then by topic. */
static void catalogue_nav(web_req *r, buf *b, const struct counts *c, int item, const char *canon)
{
    h_open(b, "nav", "aria-label", "公开目录", H_END);
    h_el(b, "h2", "按《条例》第二十条");
    h_open(b, "ul", H_END);
    h_open(b, "li", H_END);
    h_open(b, "a", "href", web_href(r, "/catalogue"), "aria-current", !item && !canon ? "page" : H_OMIT, H_END);
    h_text(b, "全部");
    h_close(b, "a");
    h_close(b, "li");
    for (int i = 0; i < 15; i++) {
        const struct doc_item *it = &doc_items[i];
        char p[40];
        snprintf(p, sizeof p, "/catalogue?item=%d", it->n);
        catalogue_entry(b, web_href(r, p), item == it->n, arena_printf(&r->a, "（%s）%s", it->numeral, it->text),
                        c->item[it->n]);
    }
    h_close(b, "ul");
    h_el(b, "h2", "按主题分类");
    h_open(b, "ul", H_END);
    for (int i = 0; i < c->ncat; i++) {
        buf u;
        buf_init(&u);
        buf_puts(&u, "/catalogue?category=");
        web_url_encode(&u, c->cat[i]);
        catalogue_entry(b, web_href(r, u.data), canon && strcmp(canon, c->cat[i]) == 0, c->cat[i], c->catn[i]);
        buf_free(&u);
    }
    h_close(b, "ul");
    h_close(b, "nav");
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
        return web_error(r, HTTP_BAD_REQUEST, "栏目参数无效。");
    struct counts c = {.a = &r->a};
    store_doc_counts(r->st, r->agency.id, "item", count_item, &c, NULL);
    store_doc_counts(r->st, r->agency.id, "category", count_cat, &c, NULL);

    struct store_doc_query q = {.agency_id = r->agency.id, .item = item, .category = canon, .validity = -1,
                                .by_date = true, .limit = PER_PAGE, .offset = (page - 1) * PER_PAGE};
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    if (store_doc_search(r->st, &q, &res, &n, &total, NULL))
        return web_error(r, HTTP_INTERNAL, "暂时无法读取公开目录。");

    buf b;
    buf_init(&b);
    h_open(&b, "p", "class", "crumbs", H_END);
    h_text(&b, "当前位置：");
    h_link(&b, web_href(r, "/"), "首页");
    h_text(&b, " › 法定主动公开内容");
    h_close(&b, "p");
    h_open(&b, "div", "class", "side", H_END);
    catalogue_nav(r, &b, &c, item, canon);
    h_open(&b, "div", H_END);
    if (item)
        h_elf(&b, "h1", "（%s）%s", doc_items[item - 1].numeral, doc_items[item - 1].text);
    else
        h_el(&b, "h1", canon ? canon : "法定主动公开内容");
    if (n)
        result_list(r, &b, res, n, false);
    else
        h_el(&b, "p", "本栏目暂无公开信息。");
    pager(r, &b, "/catalogue", page, total);
    h_close(&b, "div");
    h_close(&b, "div");
    store_doc_results_free(res, n);
    web_page_public(r, HTTP_OK, item ? doc_items[item - 1].text : canon ? canon : "法定主动公开内容", "catalogue", b.data);
    buf_free(&b);
    return HTTP_OK;
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
    h_open(c->b, "li", H_END);
    h_link(c->b, doc_href(c->r, l->id), l->title);
    h_text(c->b, " ");
    h_el_attr(c->b, "span", p, "class", "date", H_END);
    h_close(c->b, "li");
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
        return api ? web_api_error(r, HTTP_NOT_FOUND, "not_found", "no published document with this id")
                   : web_error(r, HTTP_NOT_FOUND, "没有找到这份公开文件，它可能尚未发布。");
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
        return api ? web_api_error(r, HTTP_GONE, "withdrawn", msg) : web_error(r, HTTP_GONE, msg);
    case DOC_PUB_ENDED:
        snprintf(msg, sizeof msg, "该%s的公示期已于 %s 结束，不再公开。", what, day);
        return api ? web_api_error(r, HTTP_GONE, "publicity_ended", msg) : web_error(r, HTTP_GONE, msg);
    case DOC_PUB_SHOWN:
    case DOC_PUB_NONE:
    default:
        return api ? web_api_error(r, HTTP_NOT_FOUND, "not_found", "no published document with this id")
                   : web_error(r, HTTP_NOT_FOUND, "没有找到这份公开文件，它可能尚未发布。");
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
            if (!first)
                h_void(b, "br", H_END);
            h_open(b, "span", "class", "issuer", H_END);
            h_text_n(b, p, n);
            h_close(b, "span");
            first = false;
        }
        p += n + (cut ? cl : 0);
    }
}

/* A row header cell. */
static void row_head(buf *b, const char *label)
{
    h_el_attr(b, "th", label, "scope", "row", H_END);
}

/* <th>label</th><td>text</td>, "—" for an empty text. */
static void meta_pair(buf *b, const char *label, const char *text)
{
    row_head(b, label);
    h_el(b, "td", text && *text ? text : "—");
}

/* 有效性: a 公示 is shown only during its period (past it the page is 410). */
static void meta_validity(buf *b, const struct doc *d, enum doc_validity v)
{
    if (d->publicity_until != DOC_NODAY) {
        char u[11];
        day_text(d->publicity_until, u);
        h_textf(b, "公示中（公示期至 %s）", u);
        return;
    }
    h_text(b, doc_validity_label(v));
    if (d->expires_on != DOC_NODAY && v == DOC_V_IN_FORCE) {
        char exp[11];
        day_text(d->expires_on, exp);
        h_textf(b, "（有效期至 %s）", exp);
    }
}

/* 公开事项 and 更正日期, when either is set. */
static void meta_item_row(buf *b, const struct doc *d)
{
    if (!d->item && d->corrected_on == DOC_NODAY)
        return;
    h_open(b, "tr", H_END);
    row_head(b, "公开事项");
    h_open(b, "td", H_END);
    if (d->item)
        h_textf(b, "《条例》第二十条第%s项", doc_item_label(d->item));
    else
        h_text(b, "—");
    h_close(b, "td");
    if (d->corrected_on != DOC_NODAY) {
        char c[11];
        day_text(d->corrected_on, c);
        meta_pair(b, "更正日期", c);
    } else {
        h_el_attr(b, "td", "", "colspan", "2", H_END);
    }
    h_close(b, "tr");
}

/* The gov.cn metadata table: 标题; 索引号 / 主题分类; 发文机关 / 成文日期;
 * 发文字号 / 发布日期; 有效性 (two pairs a row, as government portals
 * print it; the stylesheet stacks it on a phone). */
static void meta_table(buf *b, const struct doc *d, enum doc_validity v)
{
    char w[11], p[11];
    day_text(d->written, w);
    day_text(d->published, p);
    h_open(b, "table", "class", "meta-table", H_END);
    h_el_attr(b, "caption", "文件信息", "class", "visually-hidden", H_END);
    h_open(b, "tbody", H_END);
    h_open(b, "tr", H_END);
    row_head(b, "标题");
    h_el_attr(b, "td", d->title, "colspan", "3", H_END);
    h_close(b, "tr");
    h_open(b, "tr", H_END);
    meta_pair(b, "索引号", d->index_no);
    meta_pair(b, "主题分类", d->category);
    h_close(b, "tr");
    h_open(b, "tr", H_END);
    row_head(b, "发文机关");
    h_open(b, "td", H_END);
    issuers_html(b, d->issuer);
    h_close(b, "td");
    meta_pair(b, "成文日期", w);
    h_close(b, "tr");
    h_open(b, "tr", H_END);
    meta_pair(b, "发文字号", d->docno);
    meta_pair(b, "发布日期", p);
    h_close(b, "tr");
    h_open(b, "tr", H_END);
    row_head(b, "有效性");
    h_open(b, "td", H_END);
    meta_validity(b, d, v);
    h_close(b, "td");
    meta_pair(b, "体裁", d->genre);
    h_close(b, "tr");
    meta_item_row(b, d);
    h_close(b, "tbody");
    h_close(b, "table");
}

/* 【字体：大 中 小】【打印】 as links that need no script: the size is the
 * page's own ?size= (大 = 大字版, 中 = standard, 小 = small), printing is the
 * browser's (the print stylesheet drops the navigation). */
static void text_tools(web_req *r, buf *b)
{
    static const struct { const char *size, *label; } sizes[] = {{"large", "大"}, {"", "中"}, {"small", "小"}};
    h_open(b, "p", "class", "text-tools", H_END);
    h_text(b, "【字体：");
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        const char *href = sizes[i].size[0] ? arena_printf(&r->a, "%s?size=%s", r->path, sizes[i].size) : r->path;
        bool cur = strcmp(r->large ? "large" : r->small ? "small" : "", sizes[i].size) == 0;
        if (i)
            h_text(b, " ");
        h_open(b, "a", "href", href, "aria-current", cur ? "true" : H_OMIT, H_END);
        h_text(b, sizes[i].label);
        h_el_attr(b, "span", "号字", "class", "visually-hidden", H_END);
        h_close(b, "a");
    }
    h_text(b, "】【");
    h_link(b, arena_printf(&r->a, "%s?print=1%s", r->path, r->large ? "&size=large" : ""), "打印");
    h_text(b, "】");
    h_close(b, "p");
}

/* 当前位置：首页 › 法定主动公开内容 › 正文 */
static void doc_crumbs(web_req *r, buf *b)
{
    h_open(b, "p", "class", "crumbs", H_END);
    h_text(b, "当前位置：");
    h_link(b, web_href(r, "/"), "首页");
    h_text(b, " › ");
    h_link(b, web_href(r, "/catalogue"), "法定主动公开内容");
    h_text(b, " › 正文");
    h_close(b, "p");
}

/* The notes above the document: not in force (repealed, with what repealed
 * it, or expired), corrected, on 公示 until a day. */
static void doc_banners(web_req *r, buf *b, const struct doc *d, enum doc_validity v)
{
    if (v != DOC_V_IN_FORCE) {
        char rep[11], exp[11];
        day_text(d->repealed_on, rep);
        day_text(d->expires_on, exp);
        h_open(b, "p", "class", "banner-repealed", "role", "note", H_END);
        h_textf(b, "本文件%s", doc_validity_label(v));
        if (v == DOC_V_REPEALED) {
            h_textf(b, "（%s废止", rep);
            if (d->repealed_by) {
                h_text(b, "，见");
                h_link(b, doc_href(r, d->repealed_by), d->repealed_by_docno[0] ? d->repealed_by_docno : "废止文件");
            } else if (d->repealed_by_docno[0]) {
                h_text(b, "，依据");
                h_text(b, d->repealed_by_docno);
            }
            h_text(b, "）");
        } else {
            h_textf(b, "（有效期至%s）", exp);
        }
        h_text(b, "，仅供查阅参考。");
        h_close(b, "p");
    }
    if (d->corrected_on != DOC_NODAY) {
        char c[11];
        day_text(d->corrected_on, c);
        h_open(b, "p", "class", "banner-corrected", "role", "note", H_END);
        h_el(b, "strong", "更正说明");
        h_textf(b, "（%s更正）：", c);
        h_text(b, d->correction_note);
        h_close(b, "p");
    }
    if (d->publicity_until != DOC_NODAY) {
        char u[11];
        day_text(d->publicity_until, u);
        h_open(b, "p", "class", "banner-publicity", "role", "note", H_END);
        h_textf(b, "公示期至 %s，期满后不再公开。", u);
        h_close(b, "p");
    }
}

/* 附件, or the note that a recipient list's files are no longer public. */
static void doc_attachments(web_req *r, buf *b, const struct doc *d)
{
    bool files = doc_files_public(d, date_today());
    if (!files && d->recipient_list)
        h_el_attr(b, "p", "本名单已不在有效期内，名单内容和附件不再公开。", "class", "notice", H_END);
    struct store_doc_attachment *at = NULL;
    size_t nat = 0;
    if (files && store_doc_attachments(r->st, d->id, &at, &nat, NULL) == 0 && nat) {
        h_section_open(b, "att", "附件");
        h_open(b, "ul", "class", "list", H_END);
        for (size_t i = 0; i < nat; i++) {
            char path[80];
            snprintf(path, sizeof path, "/doc/%lld/files/%lld", (long long)d->id, (long long)at[i].id);
            h_open(b, "li", H_END);
            h_link(b, path, at[i].name);
            h_text(b, " ");
            h_open(b, "span", "class", "date", H_END);
            h_textf(b, "%.1f KB", (double)at[i].size / 1024.0);
            h_close(b, "span");
            h_close(b, "li");
        }
        h_close(b, "ul");
        h_close(b, "section");
    }
    free(at);
}

/* The policy an interpretation explains, and the interpretations of a policy. */
static void doc_policy_links(web_req *r, buf *b, const struct doc *d)
{
    if (d->interprets) {
        struct doc pol;
        doc_init(&pol);
        if (store_doc_get(r->st, r->agency.id, d->interprets, &pol, NULL) == 0 &&
            doc_public_status(&pol, date_today()) == DOC_PUB_SHOWN) {
            h_section_open(b, "pol", "解读的政策文件");
            h_open(b, "ul", "class", "list", H_END);
            h_open(b, "li", H_END);
            h_link(b, doc_href(r, pol.id), pol.title);
            h_close(b, "li");
            h_close(b, "ul");
            h_close(b, "section");
        }
        doc_clear(&pol);
    }
    buf lb;
    buf_init(&lb);
    struct interp_ctx ic = {r, &lb, 0};
    struct store_doc_filter lf = {.agency_id = r->agency.id, .state = DOC_PUBLISHED, .interprets = d->id,
                                  .limit = 20};
    store_doc_list(r->st, &lf, interp_row, &ic, NULL);
    if (ic.n) {
        h_section_open(b, "interp", "政策解读");
        h_open(b, "ul", "class", "list", H_END);
        h_markup_add(b, H_MARKUP_BUF(&lb));
        h_close(b, "ul");
        h_close(b, "section");
    }
    buf_free(&lb);
}

/* The consultation this document was put out for, or came out of (意见征集). */
static void doc_consultation(web_req *r, buf *b, const struct doc *d)
{
    struct consult k;
    if (store_consult_of_doc(r->st, r->agency.id, d->id, &k, NULL) != 0)
        return;
    char kp[48];
    snprintf(kp, sizeof kp, "/consultations/%lld", (long long)k.id);
    h_section_open(b, "cons", "征求意见情况");
    h_open(b, "p", H_END);
    h_textf(b, "%s：", k.final_doc_id == d->id ? "本文件发布前曾公开征求意见" : "本草案公开征求意见");
    h_link(b, web_href(r, kp), k.title);
    h_close(b, "p");
    if (k.result_published && k.final_doc_id == d->id)
        h_el_attr(b, "p", k.result, "class", "pre", H_END);
    h_close(b, "section");
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
    enum doc_validity v = doc_validity_at(&d, date_today());
    doc_crumbs(r, &b);
    h_open(&b, "article", H_END);
    doc_banners(r, &b, &d, v);
    meta_table(&b, &d, v);
    h_el(&b, "h1", d.title);
    text_tools(r, &b);
    if (d.docno[0])
        h_el_attr(&b, "p", d.docno, "class", "muted", "style", "text-align:center", H_END);
    if (doc_body_public(&d, date_today())) {
        h_open(&b, "div", "class", "doc-body", H_END);
        body_html(&b, d.body);
        h_close(&b, "div");
    }
    doc_attachments(r, &b, &d);
    doc_policy_links(r, &b, &d);
    doc_consultation(r, &b, &d);
    h_close(&b, "article");
    web_page_public(r, HTTP_OK, d.title, "catalogue", b.data);
    buf_free(&b);
    doc_clear(&d);
    return HTTP_OK;
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
        return web_error(r, HTTP_GONE, "该名单已不在有效期内，附件不再公开。");
    }
    int64_t aid;
    struct store_doc_attachment *at = NULL;
    size_t nat = 0;
    int status = HTTP_NOT_FOUND;
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
                status = web_text(r, HTTP_OK,
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
    return status == HTTP_OK ? status : web_error(r, HTTP_NOT_FOUND, "没有找到这个附件。");
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
    q->year = query_int(r, "year", 1990, 2100, 0, &bad);
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
    h_option(b, value, label, cur && strcmp(cur, value) == 0);
}

/* One filter of the search: a labelled select named id, with 不限 first
 * when any; left open for the options and filter_close. */
static void filter_open(buf *b, const char *id, const char *label, bool any)
{
    h_open(b, "div", H_END);
    h_el_attr(b, "label", label, "for", id, H_END);
    h_open(b, "select", "id", id, "name", id, H_END);
    if (any)
        h_option(b, "", "不限", false);
}

static void filter_close(buf *b)
{
    h_close(b, "select");
    h_close(b, "div");
}

/* The search form: the words, then the filters (year, topic, genre,
 * validity, on the platform the agency) and the order. */
static void search_form(web_req *r, buf *b, const struct store_doc_query *q)
{
    h_open(b, "form", "method", "get", "action", "/search", "role", "search", H_END);
    if (r->large)
        h_hidden(b, "size", "large");
    h_open(b, "div", "class", "search-box", H_END);
    h_el_attr(b, "label", "检索词", "for", "q", "class", "visually-hidden", H_END);
    h_void(b, "input", "type", "search", "id", "q", "name", "q", "maxlength", "100", "placeholder",
           "标题、文号或正文关键词", "value", q->text ? q->text : "", H_END);
    h_submit(b, "检索", NULL);
    h_close(b, "div");
    h_open(b, "div", "class", "filters", H_END);
    filter_open(b, "year", "发布年份", true);
    int ty, tm, td;
    date_to_ymd(date_today(), &ty, &tm, &td);
    for (int y = ty; y >= ty - 10; y--) {
        char ys[8];
        snprintf(ys, sizeof ys, "%d", y);
        option(b, ys, ys, web_q(r, "year"));
    }
    filter_close(b);
    filter_open(b, "category", "主题分类", true);
    for (int i = 0; i < doc_ncategories; i++)
        option(b, doc_categories[i].name, doc_categories[i].name, q->category);
    filter_close(b);
    filter_open(b, "genre", "体裁", true);
    for (int i = 0; i < doc_ngenres; i++)
        option(b, doc_genres[i].name, doc_genres[i].name, q->genre);
    filter_close(b);
    filter_open(b, "validity", "有效性", true);
    for (int v = DOC_V_IN_FORCE; v <= DOC_V_EXPIRED; v++)
        option(b, doc_validity_key((enum doc_validity)v), doc_validity_label((enum doc_validity)v), web_q(r, "validity"));
    filter_close(b);
    if (r->agency.id == 0) {
        filter_open(b, "agency", "机关", false);
        h_option(b, "", "全部机关", false);
        web_platform_agency_options(r, b, web_q(r, "agency"));
        filter_close(b);
    }
    filter_open(b, "sort", "排序", false);
    option(b, "relevance", "按相关度", web_q(r, "sort") ? web_q(r, "sort") : "relevance");
    option(b, "date", "按发布日期", web_q(r, "sort"));
    filter_close(b);
    h_open(b, "div", H_END);
    h_submit(b, "筛选", "secondary");
    h_close(b, "div");
    h_close(b, "div");
    h_close(b, "form");
}

/* 检索结果: the count, a suggestion when nothing was found, the list, the pager. */
static int search_results(web_req *r, buf *b, struct store_doc_query *q, int page)
{
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    err e = {0};
    if (store_doc_search(r->st, q, &res, &n, &total, &e))
        return web_error(r, e.code == GK_EINVAL ? HTTP_BAD_REQUEST : HTTP_INTERNAL,
                         e.code == GK_EINVAL ? "检索式无效，请换个说法。" : "检索暂时不可用。");
    h_el(b, "h2", "检索结果");
    h_open(b, "p", "role", "status", H_END);
    h_text(b, "共找到 ");
    h_elf(b, "strong", "%lld", (long long)total);
    h_text(b, " 条相关信息。");
    h_close(b, "p");
    char *sug = NULL;
    if (total == 0 && q->text && *q->text)
        store_doc_suggest(r->st, q, &sug, NULL);
    if (sug) {
        buf u;
        buf_init(&u);
        buf_puts(&u, "/search?q=");
        web_url_encode(&u, sug);
        h_open(b, "p", "class", "suggest", H_END);
        h_text(b, "您是不是要找：");
        h_link(b, web_href(r, u.data), sug);
        h_close(b, "p");
        buf_free(&u);
        free(sug);
    }
    if (n)
        result_list(r, b, res, n, true);
    else
        h_el(b, "p", "没有找到相关信息。可以换用更短的关键词，或去掉部分筛选条件。");
    pager(r, b, "/search", page, total);
    store_doc_results_free(res, n);
    return 0;
}

int h_search(web_req *r)
{
    struct store_doc_query q;
    int page;
    const char *msg = NULL;
    if (!search_query(r, &q, &page, &msg))
        return web_error(r, HTTP_BAD_REQUEST, msg);
    buf b;
    buf_init(&b);
    h_open(&b, "p", "class", "crumbs", H_END);
    h_text(&b, "当前位置：");
    h_link(&b, web_href(r, "/"), "首页");
    h_text(&b, " › 信息检索");
    h_close(&b, "p");
    h_el(&b, "h1", "信息检索");
    search_form(r, &b, &q);
    bool any = (q.text && *q.text) || q.year || q.category || q.genre || q.validity >= 0 || q.item ||
               q.agency_id != r->agency.id;
    int st = any ? search_results(r, &b, &q, page) : 0;
    if (st) {
        buf_free(&b);
        return st;
    }
    web_page_public(r, HTTP_OK, q.text && *q.text ? q.text : "信息检索", "search", b.data);
    buf_free(&b);
    return HTTP_OK;
}

/* ---- public JSON ---- */

int api_public_docs(web_req *r)
{
    struct store_doc_query q;
    int page;
    const char *msg = NULL;
    if (!search_query(r, &q, &page, &msg))
        return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "a filter is not valid (year, category, genre, item, validity, sort, page)");
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    err e = {0};
    if (store_doc_search(r->st, &q, &res, &n, &total, &e))
        return web_api_error(r, e.code == GK_EINVAL ? HTTP_BAD_REQUEST : HTTP_INTERNAL, e.code == GK_EINVAL ? "bad_query" : "internal", e.msg);
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
    return web_json(r, HTTP_OK, o);
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
        return web_api_error(r, HTTP_INTERNAL, "internal", "cannot encode the document");
    }
    /* who drafted and reviewed it is the agency's internal business */
    static const char *const internal[] = {"author", "reviewer1", "reviewer2", "signer", "publisher", "state",
                                           "created_at", "updated_at", "withdrawn_on", "corrects", NULL};
    for (int i = 0; internal[i]; i++)
        json_object_del(o, internal[i]);
    json_object_set_new(o, "validity", json_string(doc_validity_key(doc_validity_at(&d, date_today()))));
    doc_clear(&d);
    return web_json(r, HTTP_OK, o);
}
