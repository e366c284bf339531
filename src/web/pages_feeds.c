/* web — feeds and discovery: RSS 2.0 and Atom of the agency's new
 * publications (all, per Art. 20 item, per category) and of its withdrawals,
 * repeals and expiries; sitemap.xml; the same lists as JSON under
 * /api/v1/public/feeds/. Absolute links start with the agency's setting
 * agency.url (its public address), else the address the server listens on.
 * What an entry says comes from store_doc_feed: never a body, and of a
 * withdrawn document only its index number, 文号 and the date. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"
#include "web/web_internal.h"

/* Text for XML: the C0 controls XML 1.0 forbids dropped (the builder then
 * escapes it); in the request's arena. */
static const char *xml_clean(web_req *r, const char *s)
{
    size_t n = strlen(s ? s : "");
    char *out = arena_alloc(&r->a, n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
            *o++ = s[i];
    }
    *o = '\0';
    return out;
}

/* <tag>text</tag> with the text cleaned for XML. */
static void xml_el(web_req *r, buf *b, const char *tag, const char *text)
{
    h_el(b, tag, xml_clean(r, text));
}

static const char XML_DECL[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

static const char *base_url(web_req *r)
{
    const char *u = web_setting(r, "agency.url", "");
    if (*u) {
        size_t n = strlen(u);
        return n && u[n - 1] == '/' ? arena_strndup(&r->a, u, n - 1) : u;
    }
    return arena_printf(&r->a, "http://127.0.0.1:%d", r->app->port);
}

/* The kinds of feed: what is listed, its name in the path, its title. */
static const struct feed_kind {
    const char *name;
    bool changes;
    const char *title;
} feed_kinds[] = {
    {"new", false, "最新公开"},
    {"changes", true, "撤回、废止和失效"},
};

static const char *const event_label[][2] = {
    {"published", "发布"}, {"withdrawn", "撤回"}, {"repealed", "废止"}, {"expired", "失效"},
};

static const char *event_words(const char *ev)
{
    for (size_t i = 0; i < sizeof event_label / sizeof event_label[0]; i++)
        if (strcmp(event_label[i][0], ev) == 0)
            return event_label[i][1];
    return ev;
}

struct feed_req {
    const struct feed_kind *kind;
    bool atom;
    struct store_feed_query q;
    const char *scope;        /* "" or "（第二十条第（四）项）" or "（主题：社会救助）" */
    const char *query;        /* "" or "?item=4" or "?category=..." (URL-encoded) */
};

/* Reads the kind from `name` (new, changes, with .rss/.atom when `ext`) and
 * the item/category filter. false on anything unknown. */
static bool feed_parse(web_req *r, const char *name, bool ext, struct feed_req *f)
{
    memset(f, 0, sizeof *f);
    size_t n = strlen(name);
    if (ext) {
        if (n > 5 && strcmp(name + n - 5, ".atom") == 0)
            f->atom = true, n -= 5;
        else if (n > 4 && strcmp(name + n - 4, ".rss") == 0)
            n -= 4;
        else
            return false;
    }
    for (size_t i = 0; i < sizeof feed_kinds / sizeof feed_kinds[0]; i++)
        if (strlen(feed_kinds[i].name) == n && strncmp(feed_kinds[i].name, name, n) == 0)
            f->kind = &feed_kinds[i];
    if (!f->kind)
        return false;
    f->q.agency_id = r->agency.id;
    f->q.changes = f->kind->changes;
    f->scope = "";
    f->query = "";
    const char *item = web_q(r, "item"), *cat = web_q(r, "category");
    if (item && *item) {
        int64_t v;
        if (!parse_i64(item, strlen(item), &v) || v < 1 || v > 15)
            return false;
        f->q.item = (int)v;
        f->scope = arena_printf(&r->a, "（第二十条第（%s）项）", doc_items[v - 1].numeral);
        f->query = arena_printf(&r->a, "?item=%d", (int)v);
    }
    if (cat && *cat) {
        if (!(f->q.category = doc_category_find(cat, NULL)))
            return false;
        buf u;
        buf_init(&u);
        buf_printf(&u, "%s", *f->query ? "&category=" : "?category=");
        web_url_encode(&u, f->q.category);
        f->query = arena_printf(&r->a, "%s%s", f->query, u.data);
        f->scope = arena_printf(&r->a, "%s（主题：%s）", f->scope, f->q.category);
        buf_free(&u);
    }
    return true;
}

/* RFC 822 (RSS) and RFC 3339 (Atom) forms of a day, at midnight in China. */
static void day_rfc822(const char *day, char out[40])
{
    static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    gk_day d;
    if (date_parse(day, &d, NULL))
        d = date_today();
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    snprintf(out, 40, "%s, %02d %s %04d 00:00:00 +0800", wd[date_weekday(d) - 1], dd, mon[m - 1], y);
}

static void day_rfc3339(const char *day, char out[40])
{
    gk_day d;
    char s[11];
    if (date_parse(day, &d, NULL))
        d = date_today();
    date_format(d, s);
    snprintf(out, 40, "%sT00:00:00+08:00", s);
}

/* One entry's title and summary in words. */
static void entry_words(const struct store_feed_entry *x, buf *title, buf *summary)
{
    buf_init(title);
    buf_init(summary);
    if (strcmp(x->event, "published") == 0) {
        buf_puts(title, x->title);
    } else if (x->title[0]) {
        buf_printf(title, "已%s：%s", event_words(x->event), x->title);
    } else {
        buf_printf(title, "已撤回：索引号 %s%s%s", x->index_no, x->docno[0] ? "，" : "", x->docno);
    }
    if (x->docno[0])
        buf_printf(summary, "%s；", x->docno);
    if (x->title[0])
        buf_printf(summary, "发布机构：%s；", x->issuer);
    buf_printf(summary, "索引号：%s；%s日期：%s", x->index_no, event_words(x->event), x->on);
}

/* One entry of either feed: an RSS item or an Atom entry. */
static void feed_entry(web_req *r, buf *b, const char *base, const struct store_feed_entry *x, bool atom)
{
    buf t, s;
    char when[40];
    entry_words(x, &t, &s);
    if (atom)
        day_rfc3339(x->on, when);
    else
        day_rfc822(x->on, when);
    const char *doc = arena_printf(&r->a, "%s/doc/%lld", base, (long long)x->id);
    const char *id = arena_printf(&r->a, "%s#%s-%s", doc, x->event, x->on);
    h_open(b, atom ? "entry" : "item", H_END);
    xml_el(r, b, "title", t.data ? t.data : "");
    if (atom) {
        h_el(b, "id", id);
        h_el(b, "updated", when);
        h_empty(b, "link", "rel", "alternate", "type", "text/html", "href", doc, H_END);
        xml_el(r, b, "summary", s.data ? s.data : "");
        if (x->category[0])
            h_empty(b, "category", "term", xml_clean(r, x->category), H_END);
    } else {
        h_el(b, "link", doc);
        h_el_attr(b, "guid", id, "isPermaLink", "false", H_END);
        h_el(b, "pubDate", when);
        xml_el(r, b, "description", s.data ? s.data : "");
        if (x->category[0])
            xml_el(r, b, "category", x->category);
    }
    h_close(b, atom ? "entry" : "item");
    h_text(b, "\n");
    buf_free(&t);
    buf_free(&s);
}

static void feed_rss(web_req *r, const struct feed_req *f, const struct store_feed_entry *v, size_t n, buf *b)
{
    const char *base = base_url(r), *name = xml_clean(r, r->agency.name);
    char when[40];
    day_rfc822(n ? v[0].on : "", when);
    buf_puts(b, XML_DECL);
    h_open(b, "rss", "version", "2.0", "xmlns:atom", "http://www.w3.org/2005/Atom", H_END);
    h_text(b, "\n");
    h_open(b, "channel", H_END);
    h_text(b, "\n");
    h_elf(b, "title", "%s政府信息公开 · %s%s", name, f->kind->title, f->scope);
    h_text(b, "\n");
    h_elf(b, "link", "%s/catalogue%s", base, f->query);
    h_text(b, "\n");
    h_elf(b, "description", "%s%s%s", name, f->kind->title, f->scope);
    h_text(b, "\n");
    h_el(b, "language", "zh-cn");
    h_text(b, "\n");
    h_el(b, "lastBuildDate", when);
    h_text(b, "\n");
    h_empty(b, "atom:link", "href", arena_printf(&r->a, "%s/feeds/%s.rss%s", base, f->kind->name, xml_clean(r, f->query)),
            "rel", "self", "type", "application/rss+xml", H_END);
    h_text(b, "\n");
    for (size_t i = 0; i < n; i++)
        feed_entry(r, b, base, &v[i], false);
    h_close(b, "channel");
    h_text(b, "\n");
    h_close(b, "rss");
    h_text(b, "\n");
}

static void feed_atom(web_req *r, const struct feed_req *f, const struct store_feed_entry *v, size_t n, buf *b)
{
    const char *base = base_url(r), *name = xml_clean(r, r->agency.name), *q = xml_clean(r, f->query);
    char when[40];
    day_rfc3339(n ? v[0].on : "", when);
    buf_puts(b, XML_DECL);
    h_open(b, "feed", "xmlns", "http://www.w3.org/2005/Atom", "xml:lang", "zh-CN", H_END);
    h_text(b, "\n");
    h_elf(b, "title", "%s政府信息公开 · %s%s", name, f->kind->title, f->scope);
    h_text(b, "\n");
    h_elf(b, "id", "%s/feeds/%s.atom%s", base, f->kind->name, q);
    h_text(b, "\n");
    h_el(b, "updated", when);
    h_text(b, "\n");
    h_empty(b, "link", "rel", "self", "type", "application/atom+xml",
            "href", arena_printf(&r->a, "%s/feeds/%s.atom%s", base, f->kind->name, q), H_END);
    h_text(b, "\n");
    h_empty(b, "link", "rel", "alternate", "type", "text/html", "href", arena_printf(&r->a, "%s/catalogue%s", base, q),
            H_END);
    h_text(b, "\n");
    h_open(b, "author", H_END);
    h_el(b, "name", name);
    h_close(b, "author");
    h_text(b, "\n");
    for (size_t i = 0; i < n; i++)
        feed_entry(r, b, base, &v[i], true);
    h_close(b, "feed");
    h_text(b, "\n");
}

int h_feed(web_req *r)
{
    struct feed_req f;
    if (!feed_parse(r, web_param(r, 0), true, &f))
        return web_error(r, HTTP_NOT_FOUND, "没有这个订阅源（new.rss、new.atom、changes.rss、changes.atom，可按 item 或 category 筛选）。");
    struct store_feed_entry *v;
    size_t n;
    if (store_doc_feed(r->st, &f.q, &v, &n, NULL))
        return web_error(r, HTTP_INTERNAL, "暂时无法生成订阅源。");
    buf b;
    buf_init(&b);
    if (f.atom)
        feed_atom(r, &f, v, n, &b);
    else
        feed_rss(r, &f, v, n, &b);
    free(v);
    web_text(r, HTTP_OK, f.atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8", b.data,
             b.len);
    buf_free(&b);
    return HTTP_OK;
}

int api_public_feed(web_req *r)
{
    struct feed_req f;
    if (!feed_parse(r, web_param(r, 0), false, &f))
        return web_api_error(r, HTTP_NOT_FOUND, "not_found", "feeds are new and changes (filters: item 1-15, category)");
    struct store_feed_entry *v;
    size_t n;
    err e = {0};
    if (store_doc_feed(r->st, &f.q, &v, &n, &e))
        return web_api_error(r, HTTP_INTERNAL, "internal", e.msg);
    const char *base = base_url(r);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        buf t, s;
        entry_words(&v[i], &t, &s);
        json_array_append_new(
            items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:s}", "id", (json_int_t)v[i].id, "title",
                             v[i].title, "docno", v[i].docno, "index_no", v[i].index_no, "published", v[i].published,
                             "issuer", v[i].title[0] ? v[i].issuer : "", "category", v[i].category, "item", v[i].item,
                             "event", v[i].event, "on", v[i].on, "url",
                             arena_printf(&r->a, "%s/doc/%lld", base, (long long)v[i].id)));
        buf_free(&t);
        buf_free(&s);
    }
    free(v);
    return web_json(r, HTTP_OK, json_pack("{s:s,s:o}", "feed", f.kind->name, "entries", items));
}

/* ---- sitemap.xml ---- */

struct sitemap_ctx { buf *b; const char *base; };

/* <url><loc>loc</loc>[<lastmod>day</lastmod>]</url> and a new line. */
static void sitemap_url(buf *b, const char *loc, const char *lastmod)
{
    h_open(b, "url", H_END);
    h_el(b, "loc", loc);
    if (lastmod)
        h_el(b, "lastmod", lastmod);
    h_close(b, "url");
    h_text(b, "\n");
}

static int sitemap_doc(int64_t id, const char *published, void *arg)
{
    struct sitemap_ctx *c = arg;
    char loc[300];
    snprintf(loc, sizeof loc, "%s/doc/%lld", c->base, (long long)id);
    sitemap_url(c->b, loc, strlen(published) == 10 ? published : NULL);
    return 0;
}

int h_sitemap(web_req *r)
{
    static const char *const pages[] = {"/", "/guide", "/rules", "/catalogue", "/search", "/reports", "/apply",
                                        "/apply/track"};
    const char *base = base_url(r);
    buf b;
    buf_init(&b);
    buf_puts(&b, XML_DECL);
    h_open(&b, "urlset", "xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9", H_END);
    h_text(&b, "\n");
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
        sitemap_url(&b, arena_printf(&r->a, "%s%s", base, pages[i]), NULL);
    for (int i = 1; i <= 15; i++)
        sitemap_url(&b, arena_printf(&r->a, "%s/catalogue?item=%d", base, i), NULL);
    struct sitemap_ctx c = {&b, base};
    if (store_doc_public_ids(r->st, r->agency.id, sitemap_doc, &c, NULL)) {
        buf_free(&b);
        return web_error(r, HTTP_INTERNAL, "暂时无法生成网站地图。");
    }
    h_close(&b, "urlset");
    h_text(&b, "\n");
    web_text(r, HTTP_OK, "application/xml; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return HTTP_OK;
}
