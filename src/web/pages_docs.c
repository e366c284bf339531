/* web — the public side of proactive disclosure (主动公开): the home page's
 * latest documents, the catalogue (法定主动公开内容) by Art. 20 item and topic
 * category with paging, and search with filters and highlighted snippets;
 * the list as public JSON under /api/v1/public/. One document's page is
 * pages_doc.c's. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "publish/publish.h"
#include "web/web_internal.h"

#define PER_PAGE 20

/* ---- small helpers ---- */

/* The link to a published document of this agency (arena). */
const char *web_doc_href(web_req *r, int64_t id)
{
    return web_href(r, arena_printf(&r->a, "/doc/%lld", (long long)id));
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
            h_link(b, web_doc_href(r, res[i].id), res[i].title);
            h_close(b, "h3");
            result_details(b, &res[i]);
        } else {
            h_link(b, web_doc_href(r, res[i].id), res[i].title);
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
    web_crumbs(r, &b, NULL, NULL, "法定主动公开内容");
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
    web_crumbs(r, &b, NULL, NULL, "信息检索");
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
