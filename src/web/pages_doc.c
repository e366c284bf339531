/* web — one published document for the public: its page (the gov.cn
 * metadata table, the validity, correction and 公示 banners, the body with
 * its pasted tables, attachments, interpretations, the consultation it came
 * from), its attachments as downloads, and the same as public JSON. The
 * lists and search are pages_docs.c's. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"
#include "web/web_internal.h"

static void day_text(gk_day d, char out[11])
{
    if (d == DOC_NODAY || d == 0)
        snprintf(out, 11, "—");
    else
        date_format(d, out);
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
    h_link(c->b, web_doc_href(c->r, l->id), l->title);
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
    web_crumbs(r, b, "/catalogue", "法定主动公开内容", "正文");
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
                h_link(b, web_doc_href(r, d->repealed_by), d->repealed_by_docno[0] ? d->repealed_by_docno : "废止文件");
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
            h_link(b, web_doc_href(r, pol.id), pol.title);
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
