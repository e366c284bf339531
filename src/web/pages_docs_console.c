/* web — proactive disclosure in the console: work queues by review stage,
 * drafting and editing, the review chain (撰稿 → 一审 → 二审 → 签发 → 发布) as
 * publish/'s transition table allows it for the person's role, screening hits
 * and their clearing, comments, attachments (checked by type and size),
 * repeal and expiry. One document's page is pages_doc_view.c; the same
 * through /api/v1/documents is api_docs.c. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "files/files.h"
#include "publish/publish.h"
#include "web/docs_console.h"
#include "web/web_internal.h"

/* ---- who acts as what ----
 * A console role may act in several workflow roles; for one step, the first
 * of them that publish/'s table allows is the one used. */
static unsigned doc_roles_of(enum web_role r)
{
    switch (r) {
    case ROLE_OFFICER: return 1u << DOC_R_AUTHOR;
    case ROLE_REVIEWER: return (1u << DOC_R_REVIEWER1) | (1u << DOC_R_REVIEWER2);
    case ROLE_LEADER: return 1u << DOC_R_LEADER;
    case ROLE_OFFICE: return (1u << DOC_R_OFFICE) | (1u << DOC_R_AUTHOR);
    default: return 0;
    }
}

/* The workflow role this user takes for action in state, or -1. */
int wdoc_role_for(web_req *r, enum doc_state st, enum doc_action a)
{
    unsigned allowed = doc_transition_roles(st, a) & doc_roles_of(r->user ? r->user->role : ROLE_NONE);
    for (int i = 0; i < DOC_NROLES; i++)
        if (allowed & (1u << i))
            return i;
    return -1;
}

const char *wdoc_state_tag(const struct doc *d)
{
    if (doc_public_status(d, date_today()) == DOC_PUB_WITHDRAWN || doc_public_status(d, date_today()) == DOC_PUB_ENDED)
        return "bad";
    switch (d->state) {
    case DOC_DRAFT: return "";
    case DOC_PUBLISHED: return "ok";
    default: return "warn";
    }
}

/* ---- lists ---- */

#define DOC_FIND_PAGE 50   /* documents a page of the staff's search */

struct list_ctx {
    web_req *r;
    buf *b;
    int n;
};

static int list_row(const struct doc *d, void *arg)
{
    struct list_ctx *c = arg;
    char w[11] = "—", p[11] = "—";
    if (d->written != DOC_NODAY)
        date_format(d->written, w);
    if (d->published != DOC_NODAY)
        date_format(d->published, p);
    h_open(c->b, "tr", H_END);
    h_open(c->b, "td", H_END);
    h_open(c->b, "a", "href", arena_printf(&c->r->a, "/console/docs/%lld", (long long)d->id), H_END);
    h_text(c->b, d->title);
    h_close(c->b, "a");
    h_close(c->b, "td");
    h_open(c->b, "td", H_END);
    h_text(c->b, d->docno[0] ? d->docno : "—");
    h_close(c->b, "td");
    h_open(c->b, "td", H_END);
    h_el_attr(c->b, "span", doc_status_label(d, date_today()), "class", arena_printf(&c->r->a, "tag %s", wdoc_state_tag(d)),
              H_END);
    h_close(c->b, "td");
    h_open(c->b, "td", H_END);
    h_text(c->b, d->author);
    h_close(c->b, "td");
    h_el(c->b, "td", w);
    h_el(c->b, "td", p);
    h_close(c->b, "tr");
    c->n++;
    return 0;
}

/* list_row for the first DOC_FIND_PAGE rows; the one after is only counted
 * (it says there is a next page). */
static int list_row_limited(const struct doc *d, void *arg)
{
    struct list_ctx *c = arg;
    if (c->n >= DOC_FIND_PAGE) {
        c->n++;
        return 1;
    }
    return list_row(d, arg);
}

static void doc_table_f(web_req *r, buf *b, const char *caption, const struct store_doc_filter *f)
{
    h_table_start(b, NULL);
    h_open(b, "caption", H_END);
    h_text(b, caption);
    h_close(b, "caption");
    h_thead(b, "标题", "文号", "状态", "撰稿人", "成文日期", "发布日期", H_END);
    h_open(b, "tbody", H_END);
    struct list_ctx c = {r, b, 0};
    store_doc_list(r->st, f, list_row, &c, NULL);
    if (!c.n) {
        h_empty_row(b, 6, "无。");
    }
    h_table_close(b);
}

static void doc_table(web_req *r, buf *b, const char *caption, int state, int limit, int offset)
{
    struct store_doc_filter f = {.agency_id = r->agency.id, .state = state, .limit = limit, .offset = offset};
    doc_table_f(r, b, caption, &f);
}

/* The queues a role works on, most pressing first. */
static const struct {
    int state;
    const char *caption;
    unsigned roles;          /* 1u << enum web_role */
} queues[] = {
    {DOC_REVIEW1, "待一审", 1u << ROLE_REVIEWER},
    {DOC_REVIEW2, "待二审", 1u << ROLE_REVIEWER},
    {DOC_SIGNOFF, "待签发", 1u << ROLE_LEADER},
    {DOC_SIGNED, "已签发，待发布", (1u << ROLE_OFFICE) | (1u << ROLE_OFFICER)},
    {DOC_DRAFT, "草稿（含退回修改）", (1u << ROLE_OFFICER) | (1u << ROLE_OFFICE)},
};

static int count_cb(const struct doc *d, void *arg)
{
    (void)d;
    (*(int *)arg)++;
    return 0;
}

void web_dash_docs(web_req *r, buf *b)
{
    bool any = false;
    for (size_t i = 0; i < sizeof queues / sizeof queues[0]; i++) {
        if (!(queues[i].roles & (1u << r->user->role)))
            continue;
        int n = 0;
        struct store_doc_filter f = {.agency_id = r->agency.id, .state = queues[i].state, .limit = 1000};
        store_doc_list(r->st, &f, count_cb, &n, NULL);
        if (!any) {
            h_el(b, "h2", "主动公开");
            h_open(b, "div", "class", "cards", H_END);
        }
        any = true;
        h_open(b, "section", "class", "card", H_END);
        h_el(b, "h3", queues[i].caption);
        h_open(b, "p", "class", "big", H_END);
        h_textf(b, "%d", n);
        h_close(b, "p");
        h_open(b, "p", H_END);
        h_link(b, arena_printf(&r->a, "/console/docs#q%d", queues[i].state), "查看");
        h_close(b, "p");
        h_close(b, "section");
    }
    if (any)
        h_close(b, "div");
}

/* ---- finding any document (issue 16 item 8) ----
 * Every console role may open every document of its agency (h_console_doc
 * checks only the agency), so every role may find them all: by state
 * (drafts and submitted ones too), 主题分类, year written, drafter and words;
 * 50 a page, newest first. */

struct doc_find {
    struct store_doc_filter f;
    int page;
    bool any;                 /* a filter was given: show the results */
};

/* Reads the filters of /console/docs: 0, or GK_EINVAL naming the bad one. */
static int doc_find_parse(web_req *r, struct doc_find *x, err *e)
{
    memset(x, 0, sizeof *x);
    x->f = (struct store_doc_filter){.agency_id = r->agency.id, .state = -1, .limit = DOC_FIND_PAGE + 1};
    x->page = 1;
    const char *v;
    enum doc_state st;
    int64_t n;
    if ((v = web_q(r, "state")) && *v) {
        if (doc_state_parse(v, &st))
            return err_field(e, GK_EINVAL, "state", "状态参数无效。");
        x->f.state = (int)st;
    }
    if ((v = web_q(r, "year")) && *v) {
        if (!parse_i64(v, strlen(v), &n) || !lim_year_ok(n, LIM_YEAR_FIRST))
            return err_field(e, GK_EINVAL, "year", "年度应为%d至%d之间的年份。", LIM_YEAR_FIRST, LIM_YEAR_LAST);
        x->f.year = (int)n;
    }
    if ((v = web_q(r, "page")) && *v) {
        if (!parse_i64(v, strlen(v), &n) || n < 1 || n > 100000)
            return err_field(e, GK_EINVAL, "page", "页码无效。");
        x->page = (int)n;
    }
    static const char *const texts[] = {"q", "category", "drafter"};
    const char **dst[] = {&x->f.q, &x->f.category, &x->f.author};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if ((v = web_q(r, texts[i])) && *v) {
            if (strlen(v) > 200 || !utf8_valid(v, strlen(v), NULL))
                return err_field(e, GK_EINVAL, texts[i], "查询条件过长或含有无效字符。");
            *dst[i] = v;
        }
    x->f.offset = (x->page - 1) * DOC_FIND_PAGE;
    x->any = x->f.state >= 0 || x->f.year || x->f.q || x->f.category || x->f.author || web_q(r, "all");
    return 0;
}

static void doc_find_form(web_req *r, buf *b, const struct doc_find *x)
{
    h_open(b, "form", "class", "filters", "method", "get", "action", "/console/docs", "role", "search", H_END);
    if (r->large)
        h_void(b, "input", "type", "hidden", "name", "size", "value", "large", H_END);
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "关键词", "for", "q", H_END);
    h_void(b, "input", "type", "search", "id", "q", "name", "q", "maxlength", "200", "value", x->f.q ? x->f.q : "",
           H_END);
    h_close(b, "div");
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "状态", "for", "fstate", H_END);
    h_open(b, "select", "id", "fstate", "name", "state", H_END);
    h_el_attr(b, "option", "全部", "value", "", H_END);
    for (int i = 0; i < DOC_NSTATES; i++)
        h_el_attr(b, "option", doc_state_label(i), "value", doc_state_key(i), "selected", x->f.state == i ? "" : H_OMIT,
                  H_END);
    char year[8] = "";
    if (x->f.year)
        snprintf(year, sizeof year, "%d", x->f.year);
    h_close(b, "select");
    h_close(b, "div");
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "主题分类", "for", "fcat", H_END);
    h_void(b, "input", "type", "text", "id", "fcat", "name", "category", "maxlength", "100", "value",
           x->f.category ? x->f.category : "", H_END);
    h_close(b, "div");
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "成文年度", "for", "fyear", H_END);
    h_void(b, "input", "type", "number", "id", "fyear", "name", "year", "min", LIM_S(LIM_YEAR_FIRST), "max", LIM_S(LIM_YEAR_LAST), "value", year,
           H_END);
    h_close(b, "div");
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "撰稿人（登录名）", "for", "fdrafter", H_END);
    h_void(b, "input", "type", "text", "id", "fdrafter", "name", "drafter", "maxlength", "60", "value",
           x->f.author ? x->f.author : "", H_END);
    h_close(b, "div");
    h_open(b, "div", H_END);
    h_el_attr(b, "button", "查找", "type", "submit", "name", "all", "value", "1", H_END);
    h_close(b, "div");
    h_close(b, "form");
    h_open(b, "p", H_END);
    h_link(b, "/console/docs?all=1", "全部文件");
    h_text(b, " · ");
    h_link(b, arena_printf(&r->a, "/console/docs?drafter=%s", r->user->login), "我撰稿的文件");
    h_close(b, "p");
}

/* The page of results, with links to the pages before and after that keep the filters. */
static void doc_find_results(web_req *r, buf *b, const struct doc_find *x)
{
    buf t;
    buf_init(&t);
    struct list_ctx c = {r, &t, 0};
    store_doc_list(r->st, &x->f, list_row_limited, &c, NULL);
    h_table_start(b, NULL);
    h_elf(b, "caption", "查找结果（第 %d 页）", x->page);
    h_thead(b, "标题", "文号", "状态", "撰稿人", "成文日期", "发布日期", H_END);
    h_open(b, "tbody", H_END);
    h_markup_add(b, H_MARKUP_BUF(&t));
    if (!c.n) {
        h_empty_row(b, 6, "没有符合条件的文件。");
    }
    h_table_close(b);
    buf_free(&t);
    web_console_pager(r, b, "/console/docs", x->page, c.n > DOC_FIND_PAGE);
}

int h_console_docs(web_req *r)
{
    struct doc_find x;
    err e = {0};
    if (doc_find_parse(r, &x, &e))
        return web_error(r, HTTP_BAD_REQUEST, e.msg);
    buf b;
    buf_init(&b);
    h_el(&b, "h1", "主动公开");
    if (web_can(r, PERM_DOC_DRAFT)) {
        h_open(&b, "p", H_END);
        h_el_attr(&b, "a", "新建文件", "class", "button", "href", "/console/docs/new", H_END);
        h_text(&b, " ");
        h_el_attr(&b, "a", "批量导入", "class", "button secondary", "href", "/console/docs/import", H_END);
        h_close(&b, "p");
    }
    doc_find_form(r, &b, &x);
    if (x.any) {
        doc_find_results(r, &b, &x);
        web_page_console(r, HTTP_OK, "查找文件", "docs", b.data);
        buf_free(&b);
        return HTTP_OK;
    }
    for (size_t i = 0; i < sizeof queues / sizeof queues[0]; i++) {
        if (!(queues[i].roles & (1u << r->user->role)))
            continue;
        h_open(&b, "section", "id", arena_printf(&r->a, "q%d", queues[i].state), H_END);
        doc_table(r, &b, queues[i].caption, queues[i].state, 100, 0);
        h_close(&b, "section");
    }
    if (web_can(r, PERM_DOC_DRAFT)) {
        /* what this person drafted, in every state: a submitted draft stays in sight */
        struct store_doc_filter mine = {.agency_id = r->agency.id, .state = -1, .author = r->user->login, .limit = 20};
        doc_table_f(r, &b, "我撰稿的文件（最近20件，含已提交审核的）", &mine);
    }
    doc_table(r, &b, "最近发布", DOC_PUBLISHED, 20, 0);
    web_page_console(r, HTTP_OK, "主动公开", "docs", b.data);
    buf_free(&b);
    return HTTP_OK;
}

/* ---- the draft form ---- */

static const char *const *vocab_options(const struct doc_term *t, int n, arena *a)
{
    const char **o = arena_alloc(a, sizeof *o * (size_t)(2 * n + 3));
    o[0] = "";
    o[1] = "（请选择）";
    for (int i = 0; i < n; i++) {
        o[2 + 2 * i] = t[i].name;
        o[3 + 2 * i] = t[i].name;
    }
    o[2 + 2 * n] = NULL;
    return o;
}

static const char *const *item_options(arena *a)
{
    const char **o = arena_alloc(a, sizeof *o * 33);
    o[0] = "0";
    o[1] = "（不属于第二十条所列）";
    for (int i = 0; i < 15; i++) {
        char v[8];
        snprintf(v, sizeof v, "%d", doc_items[i].n);
        o[2 + 2 * i] = arena_strdup(a, v);
        o[3 + 2 * i] = arena_printf(a, "（%s）%s", doc_items[i].numeral, doc_items[i].text);
    }
    o[32] = NULL;
    return o;
}

static const char *day_or_empty(web_req *r, gk_day d)
{
    if (d == DOC_NODAY || d == 0)
        return "";
    char *s = arena_alloc(&r->a, 11);
    date_format(d, s);
    return s;
}

/* The form for a new draft (d == NULL) or an edit; what was typed wins. */
static int doc_form(web_req *r, int status, const struct doc *d, const char *err_field, const char *err_msg)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    bool typed = web_f(r, "title") != NULL;
#define V(field, cur) (typed ? web_f(r, field) : (cur))
    h_el(&b, "h1", d ? "修改文件" : "新建文件");
    if (err_msg) {
        h_box(&b, "errors", "alert", err_msg);
    }
    if (d)
        h_open(&b, "form", "class", "stack", "method", "post", "action",
               arena_printf(&r->a, "/console/docs/%lld/edit", (long long)d->id), H_END);
    else
        h_open(&b, "form", "class", "stack", "method", "post", "action", "/console/docs", H_END);
    h_markup_add(&b, H_MARKUP_BUF(&hidden));
    if (!d)
        web_form_token_field(r, &b);   /* one form, one draft */
    char item[8];
    snprintf(item, sizeof item, "%d", d ? d->item : 0);
    char interp[24] = "";
    if (d && d->interprets)
        snprintf(interp, sizeof interp, "%lld", (long long)d->interprets);
    const char *E = err_field;
#define ERR(f) (E && strcmp(E, f) == 0 ? err_msg : NULL)
    web_field(r, &b, &(struct web_field){.name = "title", .label = "标题", .required = true, .maxlength = 300,
                                         .value = V("title", d ? d->title : ""), .error = ERR("title")});
    web_field(r, &b, &(struct web_field){.name = "docno", .label = "文号", .maxlength = 60,
                                         .hint = "如 青民发〔2026〕12号；无文号的留空", .value = V("docno", d ? d->docno : ""),
                                         .error = ERR("docno")});
    web_field(r, &b, &(struct web_field){.name = "issuer", .label = "发布机构", .required = true, .maxlength = 100,
                                         .value = V("issuer", d ? d->issuer : r->agency.name), .error = ERR("issuer")});
    web_field(r, &b, &(struct web_field){.name = "written", .label = "成文日期", .type = "date", .required = true,
                                         .value = V("written", d ? day_or_empty(r, d->written) : ""), .error = ERR("written")});
    web_field(r, &b, &(struct web_field){.name = "category", .label = "主题分类", .type = "select",
                                         .options = vocab_options(doc_categories, doc_ncategories, &r->a),
                                         .value = V("category", d ? d->category : ""), .error = ERR("category")});
    web_field(r, &b, &(struct web_field){.name = "genre", .label = "体裁", .type = "select",
                                         .options = vocab_options(doc_genres, doc_ngenres, &r->a),
                                         .value = V("genre", d ? d->genre : ""), .error = ERR("genre")});
    web_field(r, &b, &(struct web_field){.name = "item", .label = "《条例》第二十条事项", .type = "select",
                                         .options = item_options(&r->a), .value = V("item", item), .error = ERR("item")});
    web_field(r, &b, &(struct web_field){.name = "interprets", .label = "所解读的政策文件编号", .type = "number",
                                         .hint = "政策解读填写被解读文件的编号（文件页面地址中的数字）", .value = V("interprets", interp),
                                         .error = ERR("interprets"), .attrs = "min=\"1\""});
    web_field(r, &b, &(struct web_field){.name = "expires_on", .label = "有效期至", .type = "date",
                                         .hint = "有有效期的规范性文件填写最后一天", .value = V("expires_on", d ? day_or_empty(r, d->expires_on) : ""),
                                         .error = ERR("expires_on")});
    web_field(r, &b, &(struct web_field){.name = "publicity_until", .label = "公示期至", .type = "date",
                                         .hint = "公示类文件填写公示期最后一天，期满次日起自动不再公开（含附件）",
                                         .value = V("publicity_until", d ? day_or_empty(r, d->publicity_until) : ""),
                                         .error = ERR("publicity_until")});
    bool list = typed ? web_f(r, "recipient_list") != NULL : (d && d->recipient_list);
    h_open(&b, "p", H_END);
    h_open(&b, "label", "class", "inline", H_END);
    h_void(&b, "input", "type", "checkbox", "name", "recipient_list", "value", "1", "checked", list ? "" : H_OMIT,
           H_END);
    h_text(&b, " 救助对象名单公示（保存时自动对姓名、身份证号码、住址作去标识化处理，删除联系电话）");
    h_close(&b, "label");
    h_close(&b, "p");
    web_field(r, &b, &(struct web_field){.name = "body", .label = "正文", .type = "textarea", .maxlength = 200000,
                                         .hint = "每段一行；表格各列以制表符分隔", .value = V("body", d && d->body ? d->body : ""),
                                         .error = ERR("body"), .attrs = "rows=\"16\""});
    h_el_attr(&b, "button", "保存", "type", "submit", H_END);
    h_close(&b, "form");
#undef V
#undef ERR
    web_page_console(r, status, d ? "修改文件" : "新建文件", "docs", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_console_doc_new(web_req *r) { return doc_form(r, HTTP_OK, NULL, NULL, NULL); }

/* Reads the form's fields into d (which holds DOC_NODAY dates). Returns 0,
 * or GK_EINVAL with the field in e->where. */
int wdoc_read_fields(web_req *r, struct doc *d, const char *(*get)(web_req *, const char *), err *e)
{
    const char *v;
    /* limits in characters (base/limits.h): refused in Chinese naming the field, never cut */
    static const enum lim_field texts[] = {LIM_F_DOC_TITLE, LIM_F_DOC_ISSUER};
    char *dst[] = {d->title, d->issuer};
    size_t cap[] = {sizeof d->title, sizeof d->issuer};
    for (int i = 0; i < 2; i++)
        if (lim_copy(texts[i], dst[i], cap[i], get(r, lim_fields[texts[i]].key), e)) {
            buf m;
            buf_init(&m);
            lim_msg_cn(texts[i], get(r, lim_fields[texts[i]].key), &m);
            err_set(e, GK_EINVAL, lim_fields[texts[i]].key, "%s", m.data ? m.data : "内容含有无效字符。");
            buf_free(&m);
            return GK_EINVAL;
        }
    d->docno[0] = 0;
    if ((v = get(r, "docno")) && *v) {
        struct doc_docno dn;
        if (doc_docno_parse(v, &dn, e))
            return err_set(e, GK_EINVAL, "docno", "文号格式应如 青民发〔2026〕12号");
        snprintf(d->docno, sizeof d->docno, "%s", dn.canonical);
    }
    if (!(v = get(r, "written")) || date_parse(v, &d->written, NULL))
        return err_set(e, GK_EINVAL, "written", "请填写成文日期（YYYY-MM-DD）");
    d->expires_on = DOC_NODAY;
    if ((v = get(r, "expires_on")) && *v && date_parse(v, &d->expires_on, NULL))
        return err_set(e, GK_EINVAL, "expires_on", "有效期日期格式应为 YYYY-MM-DD");
    d->publicity_until = DOC_NODAY;
    if ((v = get(r, "publicity_until")) && *v && date_parse(v, &d->publicity_until, NULL))
        return err_set(e, GK_EINVAL, "publicity_until", "公示期截止日期格式应为 YYYY-MM-DD");
    d->category[0] = d->genre[0] = 0;
    if ((v = get(r, "category")) && *v) {
        const char *c = doc_category_find(v, NULL);
        if (!c)
            return err_set(e, GK_EINVAL, "category", "没有这个主题分类");
        snprintf(d->category, sizeof d->category, "%s", c);
    }
    if ((v = get(r, "genre")) && *v) {
        const char *g = doc_genre_find(v, NULL);
        if (!g)
            return err_set(e, GK_EINVAL, "genre", "没有这个体裁");
        snprintf(d->genre, sizeof d->genre, "%s", g);
    }
    d->item = 0;
    if ((v = get(r, "item")) && *v && strcmp(v, "0") != 0 && doc_item_parse(v, &d->item, NULL))
        return err_set(e, GK_EINVAL, "item", "第二十条事项应为1至15");
    d->interprets = 0;
    int64_t x;
    if ((v = get(r, "interprets")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x <= 0)
            return err_set(e, GK_EINVAL, "interprets", "文件编号应为正整数");
        d->interprets = x;
    }
    v = get(r, "recipient_list");
    d->recipient_list = v && *v && strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
    free(d->body);
    d->body = xstrdup((v = get(r, "body")) ? v : "");
    return 0;
}

/* publish/ and the store name fields in English; the form shows Chinese. */
static const char *field_message(const err *e)
{
    static const char *const m[][2] = {
        {"title", "请填写标题。"}, {"issuer", "请填写发布机构。"}, {"written", "成文日期不能晚于今天。"},
        {"item", "第二十条事项应为1至15。"}, {"expires_on", "有效期不能早于成文日期。"},
        {"publicity_until", "公示期截止日期不能早于成文日期。"},
        {"interprets", "所解读的文件须是本机关已有的文件。"}, {"docno", "文号格式应如 青民发〔2026〕12号。"},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(e->where, m[i][0]) == 0)
            return e->msg[0] && (unsigned char)e->msg[0] >= 0x80 ? e->msg : m[i][1];
    return NULL;
}

/* Creates a draft from fields; 0 and the id, or an HTTP status with e filled. */
int wdoc_create_draft(web_req *r, const char *(*get)(web_req *, const char *), int64_t *id, err *e)
{
    struct doc d;
    doc_init(&d);
    d.agency_id = r->agency.id;
    d.state = DOC_DRAFT;
    int rc = wdoc_read_fields(r, &d, get, e);
    if (!rc) {
        snprintf(d.author, sizeof d.author, "%s", r->user->login);
        rc = store_doc_add(r->st, &d, r->user->login, e);
        *id = d.id;
    }
    doc_clear(&d);
    return rc;
}

/* For web_create_once, which wants a status: a refused draft is shown again. */
static int create_draft_form(web_req *r, void *arg, int64_t *id, err *e)
{
    (void)arg;
    int rc = wdoc_create_draft(r, web_f, id, e);
    return !rc ? 0 : rc == GK_EINVAL || rc == GK_ESTATE ? HTTP_UNPROCESSABLE : HTTP_INTERNAL;
}

int h_console_doc_create(web_req *r)
{
    err e = {0};
    int64_t id = web_form_token_record(r, "document");
    /* the same form again: the draft it created */
    int st = id ? 0 : web_create_once(r, "document", create_draft_form, NULL, &id, &e);
    if (st) {
        const char *msg = field_message(&e);
        return doc_form(r, st, NULL, e.where, msg ? msg : "文件未能保存，请检查各项内容。");
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/console/docs/%lld?msg=created", (long long)id);
    return web_redirect(r, web_href(r, loc));
}

bool wdoc_load(web_req *r, struct doc *d)
{
    int64_t id;
    doc_init(d);
    return web_param_id(r, 0, &id) && store_doc_get(r->st, r->agency.id, id, d, NULL) == 0;
}

int h_console_doc_edit_form(web_req *r)
{
    struct doc d;
    if (!wdoc_load(r, &d))
        return web_error(r, HTTP_NOT_FOUND, "没有这份文件。");
    int st = wdoc_role_for(r, d.state, DOC_A_EDIT) < 0
                 ? web_error(r, HTTP_FORBIDDEN, "当前环节您不能修改这份文件。")
                 : doc_form(r, HTTP_OK, &d, NULL, NULL);
    doc_clear(&d);
    return st;
}

/* ---- steps ---- */

/* publish/ explains refusals in English for the log and the CLI; staff read
 * Chinese. Known reasons get their Chinese wording, the rest are shown with a
 * Chinese lead. */
static void refusal_message(err *e)
{
    static const struct {
        const char *needle, *text;
    } known[] = {
        {"the second review needs another person", "一审和二审须由不同的人办理，请由另一位审核人进行二审。"},
        {"sign-off needs another person", "签发须由未参与审核的领导办理。"},
        {"review needs another person", "撰稿人不能审核自己撰写的文件。"},
        {"goes back to its author with a comment", "退回修改须填写意见，说明需要修改的内容。"},
        {"clearing a screening hit needs a note", "确认审查提示无需处理时须填写说明。"},
        {"screening hit", "存在未处理的保密和个人信息审查提示：请修改正文，或由审核人逐条确认无需处理后再发布。"},
        {"gongkai could not read", "有附件系统未能读取文字（或名单附件未能脱敏），未经筛查：请审核人逐个核对，并在发布表单中勾选确认该附件后再发布。"},
        {"repealed already", "该文件已经废止。"},
        {"a withdrawal (撤回) states its reason", "撤回须填写理由。"},
        {"states what it corrects", "更正须填写更正说明。"},
        {"is in review already", "该文件已有一份更正稿在审核中，请在那份更正稿上继续办理。"},
        {"the document was withdrawn", "该文件已撤回，只能添加批注。"},
        {"withdrawn already", "该文件已经撤回。"},
        {"only a published document", "只有已发布的文件才能标注废止或失效。"},
    };
    char msg[sizeof e->msg];
    snprintf(msg, sizeof msg, "未能办理：%.480s", e->msg[0] ? e->msg : "请检查填写的内容。");
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strstr(e->msg, known[i].needle)) {   /* the first that fits: the table runs from the narrowest */
            snprintf(msg, sizeof msg, "%s", known[i].text);
            break;
        }
    snprintf(e->msg, sizeof e->msg, "%s", msg);
}

int wdoc_take_step(web_req *r, int64_t id, const struct wdoc_step *in, struct store_doc_outcome *out, err *e)
{
    struct doc d;
    doc_init(&d);
    if (store_doc_get(r->st, r->agency.id, id, &d, NULL))
        return err_set(e, GK_ENOTFOUND, "document", "没有这份文件。");
    enum doc_state state = d.state;
    doc_clear(&d);
    int a = -1;
    for (int i = 0; i < DOC_NACTIONS; i++)
        if (in->action && strcmp(in->action, doc_action_key((enum doc_action)i)) == 0)
            a = i;
    if (a < 0)
        return err_field(e, GK_EINVAL, "action", "没有这个办理环节。");
    int role = wdoc_role_for(r, state, (enum doc_action)a);
    if (role < 0)
        return err_set(e, GK_EPERM, "action", "当前环节（%s）您的角色不能“%s”。", doc_state_label(state),
                       doc_action_label((enum doc_action)a));
    struct store_doc_step st = {.action = a, .role = role, .actor = r->user->login, .comment = in->comment,
                                .hit_id = in->hit, .date = DOC_NODAY, .channels = in->channels,
                                .by_docno = in->by_docno, .edit = in->edit};
    if (in->date && *in->date && date_parse(in->date, &st.date, NULL))
        return err_field(e, GK_EINVAL, "date", "日期格式应为 YYYY-MM-DD。");
    st.confirm = in->confirm;   /* publish: attachments confirmed by name */
    st.nconfirm = in->nconfirm;
    int rc = store_doc_step(r->st, r->agency.id, id, &st, out, e);
    if (rc)
        refusal_message(e);
    return rc;
}

int h_console_doc_step(web_req *r)
{
    int64_t id, hit = 0;
    if (!web_param_id(r, 0, &id))
        return web_error(r, HTTP_NOT_FOUND, "没有这份文件。");
    const char *h = web_f(r, "hit");
    if (h)
        parse_i64(h, strlen(h), &hit);
    unsigned channels = 0;
    for (size_t i = 0; i < r->form.n; i++) {
        if (strcmp(r->form.v[i].k, "channel") != 0)
            continue;
        for (int c = 0; c < DOC_NCHANNELS; c++)
            if (strcmp(r->form.v[i].v, doc_channels[c].key) == 0)
                channels |= 1u << c;
    }
    const char *confirm[64];   /* the publish form's checkboxes, each naming a file */
    int nconfirm = 0;
    for (size_t i = 0; i < r->form.n && nconfirm < 64; i++)
        if (strcmp(r->form.v[i].k, "confirm_unread") == 0)
            confirm[nconfirm++] = r->form.v[i].v;
    struct store_doc_outcome out;
    struct wdoc_step in = {.action = web_f(r, "action"), .comment = web_f(r, "comment"), .date = web_f(r, "date"),
                           .channels = channels, .by_docno = web_f(r, "by_docno"), .hit = hit, .confirm = confirm,
                           .nconfirm = nconfirm};
    err e = {0};
    if (wdoc_take_step(r, id, &in, &out, &e))
        return web_fail(r, &e, NULL);
    char loc[64];
    /* a correction draft was made: go on with it */
    snprintf(loc, sizeof loc, "/console/docs/%lld?msg=done", (long long)(out.created ? out.created : id));
    return web_redirect(r, web_href(r, loc));
}

int h_console_doc_edit(web_req *r)
{
    struct doc d;
    if (!wdoc_load(r, &d))
        return web_error(r, HTTP_NOT_FOUND, "没有这份文件。");
    struct doc f;
    doc_init(&f);
    err e = {0};
    int st = 0;
    if (wdoc_read_fields(r, &f, web_f, &e)) {
        const char *m = field_message(&e);
        st = doc_form(r, HTTP_UNPROCESSABLE, &d, e.where, m ? m : e.msg);
    } else {
        struct store_doc_outcome out;
        if (wdoc_take_step(r, d.id, &(struct wdoc_step){.action = "edit", .edit = &f}, &out, &e))
            st = e.code == GK_EINVAL ? doc_form(r, HTTP_UNPROCESSABLE, &d, NULL, e.msg) : web_fail(r, &e, NULL);
    }
    int64_t id = d.id;
    doc_clear(&d);
    doc_clear(&f);
    if (st)
        return st;
    char loc[64];
    snprintf(loc, sizeof loc, "/console/docs/%lld?msg=saved", (long long)id);
    return web_redirect(r, web_href(r, loc));
}

/* ---- attachments ---- */

/* What may be attached: the type the bytes say, and the names that go with it. */
int web_upload_check(const web_upload *u, err *e)
{
    static const struct {
        const char *type, *exts[3];
    } allowed[] = {
        {"application/pdf", {".pdf", NULL, NULL}},
        {"application/zip", {".docx", ".xlsx", NULL}},
        {"image/png", {".png", NULL, NULL}},
        {"image/jpeg", {".jpg", ".jpeg", NULL}},
        {"application/zip", {".odt", ".ods", NULL}},
        {"text/plain", {".txt", ".csv", NULL}},
        {"text/plain", {".html", ".htm", NULL}},
    };
    if (!u->len)
        return err_field(e, GK_ETYPE, "file", "文件是空的。");
    const char *t = web_sniff_type(u->data, u->len);
    const char *dot = strrchr(u->filename, '.');
    if (!dot || strlen(u->filename) > 200 || strchr(u->filename, '/') || strchr(u->filename, '\\'))
        return err_field(e, GK_ETYPE, "file", "文件名无效。");
    for (size_t i = 0; t && i < sizeof allowed / sizeof allowed[0]; i++) {
        if (strcmp(allowed[i].type, t) != 0)
            continue;
        for (int k = 0; k < 3 && allowed[i].exts[k]; k++)
            if (strcasecmp(dot, allowed[i].exts[k]) == 0)
                return 0;
    }
    return err_field(e, GK_ETYPE, "file",
                     "只接受 PDF、Word（.docx）、Excel（.xlsx）、PNG、JPEG 和纯文本文件，且扩展名须与文件内容一致。");
}

int wdoc_attach(web_req *r, int64_t id, err *e)
{
    struct doc d;
    doc_init(&d);
    if (store_doc_get(r->st, r->agency.id, id, &d, NULL))
        return err_set(e, GK_ENOTFOUND, "document", "没有这份文件。");
    bool may = d.state != DOC_PUBLISHED && wdoc_role_for(r, d.state, DOC_A_EDIT) >= 0;
    doc_clear(&d);
    if (!may)
        return err_set(e, GK_EPERM, "document", "当前环节您不能为这份文件添加附件。");
    const web_upload *u = NULL;
    for (size_t i = 0; i < r->nfiles; i++)
        if (strcmp(r->files[i].field, "file") == 0)
            u = &r->files[i];
    if (!u)
        return err_field(e, GK_EINVAL, "file", "请选择要上传的文件。");
    if (web_upload_check(u, e))
        return e->code;
    size_t amax;   /* the agency's limit (the store checks it again) */
    if (store_doc_attachment_max(r->st, r->agency.id, &amax, e))
        return err_set(e, e->code, "file", "附件未能保存。");
    if (u->len > amax)
        return err_field(e, GK_ETOOBIG, "file", "附件有 %zu 字节，超过上限 %zu MiB（设置 doc.attachment_max_mb）。", u->len,
                         amax >> 20);
    int rc = store_doc_attach(r->st, r->agency.id, id, u->filename, u->data, u->len, r->user->login, e);
    if (rc) {
        char why[sizeof e->msg - 64];
        snprintf(why, sizeof why, "%.440s", e->msg);
        return err_set(e, rc, "file", "附件未保存（文件损坏、超出大小限制或无法解析）：%s", why);
    }
    return 0;
}

int h_console_doc_attach(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_error(r, HTTP_NOT_FOUND, "没有这份文件。");
    err e = {0};
    if (wdoc_attach(r, id, &e))
        return web_fail(r, &e, NULL);
    char loc[64];
    snprintf(loc, sizeof loc, "/console/docs/%lld?msg=saved", (long long)id);
    return web_redirect(r, web_href(r, loc));
}

int h_console_doc_file(web_req *r)
{
    struct doc d;
    if (!wdoc_load(r, &d))
        return web_error(r, HTTP_NOT_FOUND, "没有这份文件。");
    int64_t aid;
    struct store_doc_attachment *at = NULL;
    size_t nat = 0;
    int status = 0;
    if (web_param_id(r, 1, &aid) && store_doc_attachments(r->st, d.id, &at, &nat, NULL) == 0) {
        for (size_t i = 0; i < nat; i++) {
            if (at[i].id != aid)
                continue;
            buf data, cd;
            buf_init(&data);
            buf_init(&cd);
            if (store_doc_blob(r->st, at[i].sha256, &data, NULL) == 0) {
                const char *t = web_sniff_type(data.data ? data.data : "", data.len);
                buf_puts(&cd, "attachment; filename=\"attachment\"; filename*=UTF-8''");
                web_url_encode(&cd, at[i].name);
                web_add_header(r, "Content-Disposition", cd.data);
                status = web_text(r, HTTP_OK, t && strcmp(t, "text/plain") != 0 ? t : "application/octet-stream",
                                  data.data ? data.data : "", data.len);
            }
            buf_free(&data);
            buf_free(&cd);
        }
    }
    free(at);
    doc_clear(&d);
    return status ? status : web_error(r, HTTP_NOT_FOUND, "没有这个附件。");
}

