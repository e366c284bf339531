/* web — proactive disclosure in the console: work queues by review stage,
 * drafting and editing, the review chain (撰稿 → 一审 → 二审 → 签发 → 发布) as
 * publish/'s transition table allows it for the person's role, screening hits
 * and their clearing, comments, attachments (checked by type and size),
 * repeal and expiry; and the same through /api/v1/documents. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "files/files.h"
#include "publish/publish.h"
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
static int doc_role_for(web_req *r, enum doc_state st, enum doc_action a)
{
    unsigned allowed = doc_transition_roles(st, a) & doc_roles_of(r->user ? r->user->role : ROLE_NONE);
    for (int i = 0; i < DOC_NROLES; i++)
        if (allowed & (1u << i))
            return i;
    return -1;
}

static const char *state_tag(const struct doc *d)
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
    buf_printf(c->b, "<tr><td><a href=\"/console/docs/%lld\">", (long long)d->id);
    buf_html(c->b, d->title);
    buf_puts(c->b, "</a></td><td>");
    buf_html(c->b, d->docno[0] ? d->docno : "—");
    buf_printf(c->b, "</td><td><span class=\"tag %s\">%s</span></td><td>", state_tag(d), doc_status_label(d, date_today()));
    buf_html(c->b, d->author);
    buf_printf(c->b, "</td><td>%s</td><td>%s</td></tr>", w, p);
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
    buf_puts(b, "<div class=\"table-wrap\"><table><caption>");
    buf_html(b, caption);
    buf_puts(b, "</caption><thead><tr><th scope=\"col\">标题</th><th scope=\"col\">文号</th><th scope=\"col\">状态</th>"
                "<th scope=\"col\">撰稿人</th><th scope=\"col\">成文日期</th><th scope=\"col\">发布日期</th></tr></thead><tbody>");
    struct list_ctx c = {r, b, 0};
    store_doc_list(r->st, f, list_row, &c, NULL);
    if (!c.n)
        buf_puts(b, "<tr><td colspan=\"6\">无。</td></tr>");
    buf_puts(b, "</tbody></table></div>");
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
        if (!any)
            buf_puts(b, "<h2>主动公开</h2><div class=\"cards\">");
        any = true;
        buf_printf(b, "<section class=\"card\"><h3>%s</h3><p class=\"big\">%d</p><p><a href=\"/console/docs#q%d\">查看</a></p></section>",
                   queues[i].caption, n, queues[i].state);
    }
    if (any)
        buf_puts(b, "</div>");
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

/* Reads the filters of /console/docs; false with msg on a bad value. */
static bool doc_find_parse(web_req *r, struct doc_find *x, char *msg, size_t msgn)
{
    memset(x, 0, sizeof *x);
    x->f = (struct store_doc_filter){.agency_id = r->agency.id, .state = -1, .limit = DOC_FIND_PAGE + 1};
    x->page = 1;
    const char *v;
    enum doc_state st;
    int64_t n;
    if ((v = web_q(r, "state")) && *v) {
        if (doc_state_parse(v, &st))
            return snprintf(msg, msgn, "状态参数无效。"), false;
        x->f.state = (int)st;
    }
    if ((v = web_q(r, "year")) && *v) {
        if (!parse_i64(v, strlen(v), &n) || n < 1949 || n > 2100)
            return snprintf(msg, msgn, "年度应为1949至2100之间的年份。"), false;
        x->f.year = (int)n;
    }
    if ((v = web_q(r, "page")) && *v) {
        if (!parse_i64(v, strlen(v), &n) || n < 1 || n > 100000)
            return snprintf(msg, msgn, "页码无效。"), false;
        x->page = (int)n;
    }
    static const char *const texts[] = {"q", "category", "drafter"};
    const char **dst[] = {&x->f.q, &x->f.category, &x->f.author};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if ((v = web_q(r, texts[i])) && *v) {
            if (strlen(v) > 200 || !utf8_valid(v, strlen(v), NULL))
                return snprintf(msg, msgn, "查询条件过长或含有无效字符。"), false;
            *dst[i] = v;
        }
    x->f.offset = (x->page - 1) * DOC_FIND_PAGE;
    x->any = x->f.state >= 0 || x->f.year || x->f.q || x->f.category || x->f.author || web_q(r, "all");
    return true;
}

static void doc_find_form(web_req *r, buf *b, const struct doc_find *x)
{
    buf_puts(b, "<form class=\"filters\" method=\"get\" action=\"/console/docs\" role=\"search\">");
    if (r->large)
        buf_puts(b, "<input type=\"hidden\" name=\"size\" value=\"large\">");
    buf_puts(b, "<div><label for=\"q\">关键词</label>");
    buf_printf(b, "<input type=\"search\" id=\"q\" name=\"q\" maxlength=\"200\" value=\"%s\"></div>"
                  "<div><label for=\"fstate\">状态</label><select id=\"fstate\" name=\"state\"><option value=\"\">全部</option>",
               web_esc(r, x->f.q ? x->f.q : ""));
    for (int i = 0; i < DOC_NSTATES; i++)
        buf_printf(b, "<option value=\"%s\"%s>%s</option>", doc_state_key(i), x->f.state == i ? " selected" : "",
                   doc_state_label(i));
    char year[8] = "";
    if (x->f.year)
        snprintf(year, sizeof year, "%d", x->f.year);
    buf_printf(b, "</select></div><div><label for=\"fcat\">主题分类</label><input type=\"text\" id=\"fcat\" name=\"category\" "
                  "maxlength=\"100\" value=\"%s\"></div><div><label for=\"fyear\">成文年度</label><input type=\"number\" "
                  "id=\"fyear\" name=\"year\" min=\"1949\" max=\"2100\" value=\"%s\"></div><div><label for=\"fdrafter\">撰稿人"
                  "（登录名）</label><input type=\"text\" id=\"fdrafter\" name=\"drafter\" maxlength=\"60\" value=\"%s\"></div>"
                  "<div><button type=\"submit\" name=\"all\" value=\"1\">查找</button></div></form>",
               web_esc(r, x->f.category ? x->f.category : ""), year, web_esc(r, x->f.author ? x->f.author : ""));
    buf_printf(b, "<p><a href=\"/console/docs?all=1\">全部文件</a> · <a href=\"/console/docs?drafter=%s\">我撰稿的文件</a></p>",
               web_esc(r, r->user->login));
}

/* The page of results, with links to the pages before and after that keep the filters. */
static void doc_find_results(web_req *r, buf *b, const struct doc_find *x)
{
    buf t;
    buf_init(&t);
    struct list_ctx c = {r, &t, 0};
    store_doc_list(r->st, &x->f, list_row_limited, &c, NULL);
    buf_printf(b, "<div class=\"table-wrap\"><table><caption>查找结果（第 %d 页）</caption><thead><tr><th scope=\"col\">标题</th>"
                  "<th scope=\"col\">文号</th><th scope=\"col\">状态</th><th scope=\"col\">撰稿人</th><th scope=\"col\">成文日期</th>"
                  "<th scope=\"col\">发布日期</th></tr></thead><tbody>%s",
               x->page, t.data ? t.data : "");
    if (!c.n)
        buf_puts(b, "<tr><td colspan=\"6\">没有符合条件的文件。</td></tr>");
    buf_puts(b, "</tbody></table></div>");
    buf_free(&t);
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
    const char *keep = web_esc(r, q.data ? q.data : "");
    buf_puts(b, "<nav aria-label=\"翻页\"><ul class=\"pager\">");
    if (x->page > 1)
        buf_printf(b, "<li><a href=\"/console/docs?page=%d%s\">上一页</a></li>", x->page - 1, keep);
    buf_printf(b, "<li><span aria-current=\"page\">第 %d 页</span></li>", x->page);
    if (c.n > DOC_FIND_PAGE)
        buf_printf(b, "<li><a href=\"/console/docs?page=%d%s\">下一页</a></li>", x->page + 1, keep);
    buf_puts(b, "</ul></nav>");
    buf_free(&q);
}

int h_console_docs(web_req *r)
{
    struct doc_find x;
    char msg[96];
    if (!doc_find_parse(r, &x, msg, sizeof msg))
        return web_error(r, 400, msg);
    buf b;
    buf_init(&b);
    buf_puts(&b, "<h1>主动公开</h1>");
    if (web_can(r, PERM_DOC_DRAFT))
        buf_puts(&b, "<p><a class=\"button\" href=\"/console/docs/new\">新建文件</a> <a class=\"button secondary\" href=\"/console/docs/import\">批量导入</a></p>");
    doc_find_form(r, &b, &x);
    if (x.any) {
        doc_find_results(r, &b, &x);
        web_page_console(r, 200, "查找文件", "docs", b.data);
        buf_free(&b);
        return 200;
    }
    for (size_t i = 0; i < sizeof queues / sizeof queues[0]; i++) {
        if (!(queues[i].roles & (1u << r->user->role)))
            continue;
        buf_printf(&b, "<section id=\"q%d\">", queues[i].state);
        doc_table(r, &b, queues[i].caption, queues[i].state, 100, 0);
        buf_puts(&b, "</section>");
    }
    if (web_can(r, PERM_DOC_DRAFT)) {
        /* what this person drafted, in every state: a submitted draft stays in sight */
        struct store_doc_filter mine = {.agency_id = r->agency.id, .state = -1, .author = r->user->login, .limit = 20};
        doc_table_f(r, &b, "我撰稿的文件（最近20件，含已提交审核的）", &mine);
    }
    doc_table(r, &b, "最近发布", DOC_PUBLISHED, 20, 0);
    web_page_console(r, 200, "主动公开", "docs", b.data);
    buf_free(&b);
    return 200;
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
    buf_printf(&b, "<h1>%s</h1>", d ? "修改文件" : "新建文件");
    if (err_msg)
        buf_printf(&b, "<div class=\"errors\" role=\"alert\"><p>%s</p></div>", web_esc(r, err_msg));
    if (d)
        buf_printf(&b, "<form class=\"stack\" method=\"post\" action=\"/console/docs/%lld/edit\">", (long long)d->id);
    else
        buf_puts(&b, "<form class=\"stack\" method=\"post\" action=\"/console/docs\">");
    buf_puts(&b, hidden.data);
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
    buf_printf(&b, "<p><label class=\"inline\"><input type=\"checkbox\" name=\"recipient_list\" value=\"1\"%s> "
                   "救助对象名单公示（保存时自动对姓名、身份证号码、住址作去标识化处理，删除联系电话）</label></p>",
               list ? " checked" : "");
    web_field(r, &b, &(struct web_field){.name = "body", .label = "正文", .type = "textarea", .maxlength = 200000,
                                         .hint = "每段一行；表格各列以制表符分隔", .value = V("body", d && d->body ? d->body : ""),
                                         .error = ERR("body"), .attrs = "rows=\"16\""});
    buf_puts(&b, "<button type=\"submit\">保存</button></form>");
#undef V
#undef ERR
    web_page_console(r, status, d ? "修改文件" : "新建文件", "docs", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_console_doc_new(web_req *r) { return doc_form(r, 200, NULL, NULL, NULL); }

/* Reads the form's fields into d (which holds DOC_NODAY dates). Returns 0,
 * or GK_EINVAL with the field in e->where. */
static int read_doc_fields(web_req *r, struct doc *d, const char *(*get)(web_req *, const char *), err *e)
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
static int create_draft(web_req *r, const char *(*get)(web_req *, const char *), int64_t *id, err *e)
{
    struct doc d;
    doc_init(&d);
    d.agency_id = r->agency.id;
    d.state = DOC_DRAFT;
    int rc = read_doc_fields(r, &d, get, e);
    if (!rc) {
        snprintf(d.author, sizeof d.author, "%s", r->user->login);
        rc = store_doc_add(r->st, &d, r->user->login, e);
        *id = d.id;
    }
    doc_clear(&d);
    if (!rc)
        return 0;
    return rc == GK_EINVAL || rc == GK_ESTATE ? 422 : 500;
}

static int create_draft_form(web_req *r, void *arg, int64_t *id, err *e)
{
    (void)arg;
    return create_draft(r, web_f, id, e);
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

static bool load_doc(web_req *r, struct doc *d)
{
    int64_t id;
    doc_init(d);
    return web_param_id(r, 0, &id) && store_doc_get(r->st, r->agency.id, id, d, NULL) == 0;
}

int h_console_doc_edit_form(web_req *r)
{
    struct doc d;
    if (!load_doc(r, &d))
        return web_error(r, 404, "没有这份文件。");
    int st = doc_role_for(r, d.state, DOC_A_EDIT) < 0
                 ? web_error(r, 403, "当前环节您不能修改这份文件。")
                 : doc_form(r, 200, &d, NULL, NULL);
    doc_clear(&d);
    return st;
}

/* ---- one document in the console ---- */

struct cm_ctx {
    buf *b;
    int n;
    web_req *r;
};

/* A role's or an action's key as staff read it (一审, 审核通过); the key
 * itself only when the tables do not know it. */
static const char *role_words(const char *key)
{
    for (int i = 0; i < DOC_NROLES; i++)
        if (strcmp(doc_role_key((enum doc_role)i), key) == 0)
            return doc_role_label((enum doc_role)i);
    return key;
}

static const char *action_words(const char *key)
{
    for (int i = 0; i < DOC_NACTIONS; i++)
        if (strcmp(doc_action_key((enum doc_action)i), key) == 0)
            return doc_action_label((enum doc_action)i);
    return key;
}

/* Where a screening hit is: 正文, 标题, or the attachment's name. */
static void hit_place(buf *b, const char *source)
{
    if (strcmp(source, "body") == 0)
        buf_puts(b, "正文");
    else if (strcmp(source, "title") == 0)
        buf_puts(b, "标题");
    else {
        buf_puts(b, "附件“");
        buf_html(b, source);
        buf_puts(b, "”");
    }
}

static int comment_row(const struct store_doc_comment *c, void *arg)
{
    struct cm_ctx *x = arg;
    char at[17];
    snprintf(at, sizeof at, "%.16s", c->at);
    if (at[10] == 'T')
        at[10] = ' ';
    buf_puts(x->b, "<li><span class=\"date\">");
    buf_html(x->b, at);
    buf_puts(x->b, "</span> <strong>");
    /* the person's name, not the login (a login the store no longer knows as itself) */
    struct store_user u;
    if (store_user_by_login(x->r->st, c->actor, &u, NULL) == 0 && u.name[0])
        buf_html(x->b, u.name);
    else
        buf_html(x->b, c->actor);
    buf_puts(x->b, "</strong>（");
    buf_html(x->b, role_words(c->role));
    buf_puts(x->b, "，");
    buf_html(x->b, action_words(c->action));
    buf_puts(x->b, "）：");
    buf_html(x->b, c->text ? c->text : "");
    buf_puts(x->b, "</li>");
    x->n++;
    return 0;
}

/* Whether publishing this attachment needs a reviewer's confirmation, and
 * what gongkai did with its text, in words (see src/files/files.h). */
static bool attachment_unread(const struct doc *d, const struct store_doc_attachment *a, const char **label)
{
    enum files_state fs = FILES_UNREAD;
    files_state_parse(a->text_state, &fs);
    bool unmasked_list = d->recipient_list && fs == FILES_READ;
    *label = unmasked_list ? "已读取并筛查，但未脱敏（在文件标为名单公示之前添加，请重新上传）" : files_state_label(fs);
    return unmasked_list || files_state_needs_confirm(fs);
}

/* The publish form's confirmations: one checkbox naming each attachment
 * whose text gongkai could not read (or, in a recipient list, mask). */
static void confirm_fields(web_req *r, buf *b, const struct doc *d)
{
    struct store_doc_attachment *at = NULL;
    size_t nat = 0;
    store_doc_attachments(r->st, d->id, &at, &nat, NULL);
    bool any = false;
    for (size_t i = 0; i < nat; i++) {
        const char *label;
        if (!attachment_unread(d, &at[i], &label) || at[i].confirmed_by[0])
            continue;
        if (!any)
            buf_puts(b, "<fieldset><legend>未经系统读取的附件（须逐个核对后确认）</legend>");
        any = true;
        buf_printf(b, "<label class=\"inline\"><input type=\"checkbox\" name=\"confirm_unread\" value=\"");
        buf_html(b, at[i].name);
        buf_puts(b, "\"> 我已逐页核对附件《");
        buf_html(b, at[i].name);
        buf_puts(b, "》，确认其中没有不应公开的个人信息和涉密内容（");
        buf_html(b, label);
        buf_puts(b, "）</label>");
    }
    if (any)
        buf_puts(b, "</fieldset>");
    free(at);
}

/* ---- 撤回, 更正, 公示期: what staff read about them ---- */

static int correction_li(const struct doc *c, void *arg)
{
    buf *b = arg;
    buf_printf(b, "<li><a href=\"/console/docs/%lld\">更正稿 %lld</a>（%s）：", (long long)c->id, (long long)c->id,
               doc_state_label(c->state));
    buf_html(b, c->correction_note);
    buf_puts(b, "</li>");
    return 0;
}

static void status_notes(web_req *r, buf *b, const struct doc *d, gk_day today)
{
    char a[11];
    if (d->withdrawn_on != DOC_NODAY) {
        date_format(d->withdrawn_on, a);
        buf_printf(b, "<p class=\"errors\" role=\"note\">已撤回：%s 由 ", a);
        buf_html(b, d->withdrawn_by);
        buf_puts(b, " 撤回，理由：");
        buf_html(b, d->withdrawn_reason);
        buf_puts(b, "。公开页面和附件已不再公开（答复 410）。</p>");
    }
    if (d->publicity_until != DOC_NODAY) {
        date_format(d->publicity_until, a);
        buf_printf(b, "<p role=\"note\">公示期至 %s%s</p>", a,
                   d->publicity_until < today ? "，已期满，公开页面和附件不再公开。" : "，期满次日起自动不再公开。");
    }
    if (d->corrects || d->corrected_on != DOC_NODAY) {
        buf_puts(b, "<p role=\"note\">更正说明");
        if (d->corrected_on != DOC_NODAY && !d->corrects) {
            date_format(d->corrected_on, a);
            buf_printf(b, "（%s更正）", a);
        }
        buf_puts(b, "：");
        buf_html(b, d->correction_note);
        buf_puts(b, "</p>");
    }
    if (!d->corrects && d->state == DOC_PUBLISHED) {
        buf lb;
        buf_init(&lb);
        struct store_doc_filter f = {.agency_id = d->agency_id, .state = -1, .corrects = d->id, .limit = 10};
        store_doc_list(r->st, &f, correction_li, &lb, NULL);
        if (lb.len)
            buf_printf(b, "<p>审核中的更正（发布前原文照常公开）：</p><ul class=\"list\">%s</ul>", lb.data);
        buf_free(&lb);
    }
}

struct ver_ctx { buf *b; int64_t doc_id; int n; };
static int version_li(const struct store_doc_version *v, void *arg)
{
    struct ver_ctx *c = arg;
    buf_printf(c->b, "<li><a href=\"/console/docs/%lld/versions/%lld\">第 %lld 版</a> ", (long long)c->doc_id,
               (long long)v->version, (long long)v->version);
    buf_html(c->b, v->title);
    buf_puts(c->b, " <span class=\"date\">");
    buf_html(c->b, v->replaced_on);
    buf_puts(c->b, " 被更正替换</span></li>");
    c->n++;
    return 0;
}

static void versions_section(web_req *r, buf *b, int64_t id)
{
    buf lb;
    buf_init(&lb);
    struct ver_ctx c = {&lb, id, 0};
    store_doc_versions(r->st, id, version_li, &c, NULL);
    if (c.n)
        buf_printf(b, "<section aria-labelledby=\"ver\"><h2 id=\"ver\">历史版本</h2><ul class=\"list\">%s</ul></section>",
                   lb.data);
    buf_free(&lb);
}

struct ver_one { web_req *r; int64_t want; buf *b; bool found; };
static int version_page(const struct store_doc_version *v, void *arg)
{
    struct ver_one *c = arg;
    if (v->version != c->want)
        return 0;
    c->found = true;
    buf *b = c->b;
    buf_printf(b, "<h1>第 %lld 版：", (long long)v->version);
    buf_html(b, v->title);
    buf_puts(b, "</h1><dl class=\"meta\"><dt>文号</dt><dd>");
    buf_html(b, v->docno[0] ? v->docno : "—");
    buf_puts(b, "</dd><dt>发布机构</dt><dd>");
    buf_html(b, v->issuer);
    buf_printf(b, "</dd><dt>成文日期</dt><dd>%s</dd><dt>发布日期</dt><dd>%s</dd>", v->written, v->published);
    if (v->corrected_on[0]) {
        buf_printf(b, "<dt>更正日期</dt><dd>%s</dd><dt>更正说明</dt><dd>", v->corrected_on);
        buf_html(b, v->correction_note);
        buf_puts(b, "</dd>");
    }
    buf_puts(b, "<dt>被替换</dt><dd>");
    buf_html(b, v->replaced_on);
    buf_puts(b, " ");
    buf_html(b, v->replaced_by);
    buf_puts(b, "</dd><dt>附件</dt><dd>");
    buf_html(b, v->attachments);
    buf_puts(b, "</dd></dl><div class=\"doc-body\">");
    const char *pp = v->body;
    while (*pp) {
        size_t n = strcspn(pp, "\n");
        if (n) {
            buf_puts(b, "<p>");
            buf_html_n(b, pp, n);
            buf_puts(b, "</p>");
        }
        pp += n + (pp[n] != 0);
    }
    buf_puts(b, "</div>");
    return 1;
}

int h_console_doc_version(web_req *r)
{
    struct doc d;
    if (!load_doc(r, &d))
        return web_error(r, 404, "没有这份文件。");
    int64_t n;
    buf b;
    buf_init(&b);
    struct ver_one c = {r, 0, &b, false};
    if (web_param_id(r, 1, &n)) {
        c.want = n;
        buf_printf(&b, "<p class=\"crumbs\"><a href=\"/console/docs/%lld\">返回文件 %lld（现行版本）</a></p>",
                   (long long)d.id, (long long)d.id);
        store_doc_versions(r->st, d.id, version_page, &c, NULL);
    }
    doc_clear(&d);
    int st = c.found ? (web_page_console(r, 200, "历史版本", "docs", b.data), 200)
                     : web_error(r, 404, "没有这个历史版本。");
    buf_free(&b);
    return st;
}

/* A step's form: one button, and the fields the step needs. */
static void step_form(web_req *r, buf *b, const struct doc *d, enum doc_action a, const char *hidden)
{
    if (doc_role_for(r, d->state, a) < 0)
        return;
    if (d->withdrawn_on != DOC_NODAY && a != DOC_A_COMMENT)   /* only comments on a withdrawn document */
        return;
    buf_printf(b, "<form class=\"stack step\" method=\"post\" action=\"/console/docs/%lld/step\">%s"
                  "<input type=\"hidden\" name=\"action\" value=\"%s\">",
               (long long)d->id, hidden, doc_action_key(a));
    char today[11];
    date_format(date_today(), today);
    switch (a) {
    case DOC_A_RETURN:
        buf_printf(b, "<label for=\"c-%s\">退回意见（必填）</label><textarea id=\"c-%s\" name=\"comment\" required maxlength=\"2000\"></textarea>",
                   doc_action_key(a), doc_action_key(a));
        break;
    case DOC_A_APPROVE:
    case DOC_A_COMMENT:
        buf_printf(b, "<label for=\"c-%s\">意见%s</label><textarea id=\"c-%s\" name=\"comment\" maxlength=\"2000\"%s></textarea>",
                   doc_action_key(a), a == DOC_A_COMMENT ? "（必填）" : "（可选）", doc_action_key(a),
                   a == DOC_A_COMMENT ? " required" : "");
        break;
    case DOC_A_PUBLISH:
        buf_printf(b, "<label for=\"pdate\">发布日期</label><input type=\"date\" id=\"pdate\" name=\"date\" value=\"%s\" required>"
                      "<fieldset><legend>发布渠道</legend>", today);
        for (int c = 0; c < DOC_NCHANNELS; c++)
            buf_printf(b, "<label class=\"inline\"><input type=\"checkbox\" name=\"channel\" value=\"%s\"%s> %s</label>",
                       doc_channels[c].key, c == DOC_CH_WEBSITE ? " checked" : "", doc_channels[c].label);
        buf_puts(b, "</fieldset>");
        confirm_fields(r, b, d);
        break;
    case DOC_A_REPEAL:
        buf_printf(b, "<label for=\"rdate\">废止日期</label><input type=\"date\" id=\"rdate\" name=\"date\" value=\"%s\" required>"
                      "<label for=\"rby\">废止依据（文号，可选）</label><input type=\"text\" id=\"rby\" name=\"by_docno\" maxlength=\"60\">",
                   today);
        break;
    case DOC_A_WITHDRAW:
        if (d->state == DOC_PUBLISHED)
            buf_puts(b, "<label for=\"c-withdraw\">撤回理由（必填，记入审计记录；撤回后页面和附件即不再公开）</label>"
                        "<textarea id=\"c-withdraw\" name=\"comment\" required maxlength=\"500\"></textarea>");
        break;
    case DOC_A_CORRECT:
        buf_puts(b, "<label for=\"c-correct\">更正说明（必填，更正发布后在公开页面显示）</label>"
                    "<textarea id=\"c-correct\" name=\"comment\" required maxlength=\"500\"></textarea>");
        break;
    case DOC_A_EXPIRE:
        buf_printf(b, "<label for=\"xdate\">失效日期（最后有效日）</label><input type=\"date\" id=\"xdate\" name=\"date\" value=\"%s\" required>",
                   today);
        break;
    default:
        break;
    }
    buf_printf(b, "<button type=\"submit\"%s>%s</button></form>",
               a == DOC_A_RETURN || a == DOC_A_WITHDRAW || a == DOC_A_REPEAL ? " class=\"secondary\"" : "",
               doc_action_label(a));
}

int h_console_doc(web_req *r)
{
    struct doc d;
    if (!load_doc(r, &d))
        return web_error(r, 404, "没有这份文件。");
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    char w[11] = "—", p[11] = "—";
    if (d.written != DOC_NODAY)
        date_format(d.written, w);
    if (d.published != DOC_NODAY)
        date_format(d.published, p);
    buf_puts(&b, "<h1>");
    buf_html(&b, d.title);
    gk_day today = date_today();
    buf_printf(&b, "</h1><p><span class=\"tag %s\">%s</span>", state_tag(&d), doc_status_label(&d, today));
    if (doc_public_status(&d, today) == DOC_PUB_SHOWN)
        buf_printf(&b, " <a href=\"/doc/%lld\">在门户查看</a>", (long long)d.id);
    if (d.corrects)
        buf_printf(&b, " 更正对象：<a href=\"/console/docs/%lld\">文件 %lld</a>", (long long)d.corrects,
                   (long long)d.corrects);
    buf_puts(&b, "</p>");
    status_notes(r, &b, &d, today);
    buf_puts(&b, "<p>");
    buf_puts(&b, "</p><dl class=\"meta\"><dt>索引号</dt><dd>");
    buf_html(&b, d.index_no[0] ? d.index_no : "（发布时生成）");
    buf_puts(&b, "</dd><dt>文号</dt><dd>");
    buf_html(&b, d.docno[0] ? d.docno : "—");
    buf_puts(&b, "</dd><dt>发布机构</dt><dd>");
    buf_html(&b, d.issuer);
    buf_printf(&b, "</dd><dt>成文日期</dt><dd>%s</dd><dt>发布日期</dt><dd>%s</dd><dt>主题分类 / 体裁</dt><dd>", w, p);
    buf_html(&b, d.category[0] ? d.category : "—");
    buf_puts(&b, " / ");
    buf_html(&b, d.genre[0] ? d.genre : "—");
    buf_printf(&b, "</dd><dt>有效性</dt><dd>%s</dd><dt>撰稿 · 一审 · 二审 · 签发</dt><dd>",
               doc_validity_label(doc_validity_at(&d, date_today())));
    const char *chain[] = {d.author, d.reviewer1, d.reviewer2, d.signer};
    for (int i = 0; i < 4; i++) {
        if (i)
            buf_puts(&b, " · ");
        buf_html(&b, chain[i][0] ? chain[i] : "—");
    }
    buf_puts(&b, "</dd></dl>");
    /* the text under review first (issue 16 item 8), then its attachments,
     * the screening hits, the comments so far, and the forms to act last */
    buf_puts(&b, "<section aria-labelledby=\"body\"><h2 id=\"body\">正文</h2><div class=\"doc-body\">");
    const char *pp = d.body ? d.body : "";
    while (*pp) {
        size_t n = strcspn(pp, "\n");
        if (n) {
            buf_puts(&b, "<p>");
            buf_html_n(&b, pp, n);
            buf_puts(&b, "</p>");
        }
        pp += n;
        if (*pp)
            pp++;
    }
    buf_puts(&b, "</div></section>");
    /* attachments */
    struct store_doc_attachment *at = NULL;
    size_t nat = 0;
    store_doc_attachments(r->st, d.id, &at, &nat, NULL);
    buf_puts(&b, "<section aria-labelledby=\"att\"><h2 id=\"att\">附件</h2>");
    if (nat) {
        buf_puts(&b, "<ul class=\"list\">");
        for (size_t i = 0; i < nat; i++) {
            buf_printf(&b, "<li><a href=\"/console/docs/%lld/files/%lld\">", (long long)d.id, (long long)at[i].id);
            buf_html(&b, at[i].name);
            buf_printf(&b, "</a> <span class=\"date\">%.1f KB</span> ", (double)at[i].size / 1024.0);
            const char *label;
            bool unread = attachment_unread(&d, &at[i], &label);
            buf_printf(&b, "<span class=\"tag%s\">", unread ? " warn" : "");
            buf_html(&b, label);
            buf_puts(&b, "</span>");
            if (at[i].text_note[0]) {
                buf_puts(&b, " <span class=\"hint\">");
                buf_html(&b, at[i].text_note);
                buf_puts(&b, "</span>");
            }
            if (unread && at[i].confirmed_by[0]) {
                buf_puts(&b, " <span class=\"hint\">已由 ");
                buf_html(&b, at[i].confirmed_by);
                buf_puts(&b, " 确认发布</span>");
            } else if (unread) {
                buf_puts(&b, " <span class=\"hint\">发布前须审核人核对并确认</span>");
            }
            buf_puts(&b, "</li>");
        }
        buf_puts(&b, "</ul>");
    }
    free(at);
    if (d.state != DOC_PUBLISHED && doc_role_for(r, d.state, DOC_A_EDIT) >= 0)
        buf_printf(&b, "<form class=\"stack\" method=\"post\" action=\"/console/docs/%lld/attachments?csrf=%s\" enctype=\"multipart/form-data\">%s"
                       "<label for=\"file\">上传附件<span class=\"hint\">PDF、Word（.docx）、Excel（.xlsx）、ODF（.odt/.ods）、CSV、HTML、PNG、JPEG 或纯文本，单个不超过20MB。系统读取其文字并筛查；名单公示的 .xlsx、.docx、.csv、.txt 由系统制作脱敏副本；图片、扫描件等无法读取的文件须审核人在发布时逐个确认</span></label>"
                       "<input type=\"file\" id=\"file\" name=\"file\" required accept=\".pdf,.docx,.xlsx,.odt,.ods,.csv,.html,.htm,.png,.jpg,.jpeg,.txt\">"
                       "<button type=\"submit\" class=\"secondary\">上传</button></form>",
                   (long long)d.id, r->csrf, hidden.data);
    buf_puts(&b, "</section>");
    /* screening hits */
    struct store_doc_hit *hits = NULL;
    size_t nh = 0;
    if (store_doc_hits(r->st, d.id, &hits, &nh, NULL) == 0 && nh) {
        int open = 0;
        for (size_t i = 0; i < nh; i++)
            open += !hits[i].cleared && !hits[i].fixed;
        buf_printf(&b, "<section aria-labelledby=\"hits\"><h2 id=\"hits\">保密和个人信息审查（%d 处待处理）</h2>", open);
        if (open)
            buf_puts(&b, "<p class=\"errors\">存在未处理的审查提示，处理前不能发布。请修改正文删除个人信息，或由审核人确认后标记为无需处理。</p>");
        buf_puts(&b, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">类型</th><th scope=\"col\">位置</th>"
                     "<th scope=\"col\">内容</th><th scope=\"col\">状态</th></tr></thead><tbody>");
        bool can_clear = doc_role_for(r, d.state, DOC_A_CLEAR) >= 0;
        for (size_t i = 0; i < nh; i++) {
            buf_printf(&b, "<tr><td>%s</td><td>", doc_hit_kind_label((enum doc_hit_kind)hits[i].kind));
            hit_place(&b, hits[i].source);
            buf_printf(&b, "第%lld字</td><td>", (long long)hits[i].char_off + 1);
            buf_html(&b, hits[i].excerpt);
            buf_puts(&b, "</td><td>");
            if (hits[i].fixed)
                buf_puts(&b, "<span class=\"tag ok\">已修改</span>");
            else if (hits[i].cleared) {
                buf_puts(&b, "<span class=\"tag ok\">已确认无需处理</span> ");
                buf_html(&b, hits[i].cleared_by);
                buf_puts(&b, "：");
                buf_html(&b, hits[i].note);
            } else if (can_clear) {
                buf_printf(&b, "<form method=\"post\" action=\"/console/docs/%lld/step\">%s<input type=\"hidden\" name=\"action\" value=\"clear\">"
                               "<input type=\"hidden\" name=\"hit\" value=\"%lld\"><label for=\"n%lld\" class=\"visually-hidden\">说明</label>"
                               "<input type=\"text\" id=\"n%lld\" name=\"comment\" required maxlength=\"300\" placeholder=\"说明为何无需处理\">"
                               "<button type=\"submit\" class=\"secondary\">确认无需处理</button></form>",
                           (long long)d.id, hidden.data, (long long)hits[i].id, (long long)hits[i].id, (long long)hits[i].id);
            } else {
                buf_puts(&b, "<span class=\"tag bad\">待处理</span>");
            }
            buf_puts(&b, "</td></tr>");
        }
        buf_puts(&b, "</tbody></table></div></section>");
    }
    free(hits);
    /* comments */
    buf cm;
    buf_init(&cm);
    struct cm_ctx cc = {&cm, 0, r};
    store_doc_comments(r->st, d.id, comment_row, &cc, NULL);
    if (cc.n)
        buf_printf(&b, "<section aria-labelledby=\"cm\"><h2 id=\"cm\">审核意见</h2><ul class=\"list results\">%s</ul></section>", cm.data);
    buf_free(&cm);
    /* actions */
    static const enum doc_action actions[] = {DOC_A_SUBMIT, DOC_A_APPROVE, DOC_A_PUBLISH, DOC_A_RETURN,
                                              DOC_A_WITHDRAW, DOC_A_CORRECT, DOC_A_REPEAL, DOC_A_EXPIRE,
                                              DOC_A_COMMENT};
    buf acts;
    buf_init(&acts);
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        step_form(r, &acts, &d, actions[i], hidden.data);
    if (doc_role_for(r, d.state, DOC_A_EDIT) >= 0)
        buf_printf(&acts, "<p><a class=\"button secondary\" href=\"/console/docs/%lld/edit\">修改内容</a></p>", (long long)d.id);
    if (acts.len)
        buf_printf(&b, "<section aria-labelledby=\"acts\" class=\"actions\"><h2 id=\"acts\">办理</h2>%s</section>", acts.data);
    buf_free(&acts);
    versions_section(r, &b, d.id);
    web_page_console(r, 200, d.title, "docs", b.data);
    buf_free(&b);
    buf_free(&hidden);
    doc_clear(&d);
    return 200;
}

/* ---- steps ---- */

/* publish/ explains refusals in English for the log and the CLI; staff read
 * Chinese. Known reasons get their Chinese wording, the rest are shown with a
 * Chinese lead. */
static void refusal_message(const err *e, char *msg, size_t msgn)
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
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strstr(e->msg, known[i].needle)) {
            snprintf(msg, msgn, "%s", known[i].text);
            return;
        }
    snprintf(msg, msgn, "未能办理：%s", e->msg[0] ? e->msg : "请检查填写的内容。");
}

/* Takes one step for this user; 0, or an HTTP status with msg. */
static int take_step(web_req *r, int64_t id, const char *action, const char *comment, const char *date,
                     unsigned channels, const char *by_docno, int64_t hit, const struct doc *edit,
                     const char *const *confirm, int nconfirm, struct store_doc_outcome *out, char *msg,
                     size_t msgn)
{
    struct doc d;
    doc_init(&d);
    if (store_doc_get(r->st, r->agency.id, id, &d, NULL))
        return snprintf(msg, msgn, "没有这份文件。"), 404;
    enum doc_state state = d.state;
    doc_clear(&d);
    int a = -1;
    for (int i = 0; i < DOC_NACTIONS; i++)
        if (action && strcmp(action, doc_action_key((enum doc_action)i)) == 0)
            a = i;
    if (a < 0)
        return snprintf(msg, msgn, "没有这个办理环节。"), 422;
    int role = doc_role_for(r, state, (enum doc_action)a);
    if (role < 0)
        return snprintf(msg, msgn, "当前环节（%s）您的角色不能“%s”。", doc_state_label(state),
                        doc_action_label((enum doc_action)a)), 403;
    struct store_doc_step st = {.action = a, .role = role, .actor = r->user->login, .comment = comment,
                                .hit_id = hit, .date = DOC_NODAY, .channels = channels, .by_docno = by_docno,
                                .edit = edit};
    if (date && *date && date_parse(date, &st.date, NULL))
        return snprintf(msg, msgn, "日期格式应为 YYYY-MM-DD。"), 422;
    st.confirm = confirm;   /* publish: attachments confirmed by name */
    st.nconfirm = nconfirm;
    err e = {0};
    int rc = store_doc_step(r->st, r->agency.id, id, &st, out, &e);
    if (rc) {
        refusal_message(&e, msg, msgn);
        return gk_http_status(rc);   /* GK_ERRORS in base.h */
    }
    return 0;
}

int h_console_doc_step(web_req *r)
{
    int64_t id, hit = 0;
    if (!web_param_id(r, 0, &id))
        return web_error(r, 404, "没有这份文件。");
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
    char msg[600];
    int st = take_step(r, id, web_f(r, "action"), web_f(r, "comment"), web_f(r, "date"), channels, web_f(r, "by_docno"),
                       hit, NULL, confirm, nconfirm, &out, msg, sizeof msg);
    if (st)
        return web_error(r, st, msg);
    char loc[64];
    /* a correction draft was made: go on with it */
    snprintf(loc, sizeof loc, "/console/docs/%lld?msg=done", (long long)(out.created ? out.created : id));
    return web_redirect(r, web_href(r, loc));
}

int h_console_doc_edit(web_req *r)
{
    struct doc d;
    if (!load_doc(r, &d))
        return web_error(r, 404, "没有这份文件。");
    struct doc f;
    doc_init(&f);
    err e = {0};
    int st = 0;
    char msg[600];
    if (read_doc_fields(r, &f, web_f, &e)) {
        const char *m = field_message(&e);
        st = doc_form(r, 422, &d, e.where, m ? m : e.msg);
    } else {
        struct store_doc_outcome out;
        int s = take_step(r, d.id, "edit", NULL, NULL, 0, NULL, 0, &f, NULL, 0, &out, msg, sizeof msg);
        if (s)
            st = s == 422 ? doc_form(r, 422, &d, NULL, msg) : web_error(r, s, msg);
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
bool web_upload_ok(const web_upload *u, char *msg, size_t msgn)
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
        return snprintf(msg, msgn, "文件是空的。"), false;
    const char *t = web_sniff_type(u->data, u->len);
    const char *dot = strrchr(u->filename, '.');
    if (!dot || strlen(u->filename) > 200 || strchr(u->filename, '/') || strchr(u->filename, '\\'))
        return snprintf(msg, msgn, "文件名无效。"), false;
    for (size_t i = 0; t && i < sizeof allowed / sizeof allowed[0]; i++) {
        if (strcmp(allowed[i].type, t) != 0)
            continue;
        for (int k = 0; k < 3 && allowed[i].exts[k]; k++)
            if (strcasecmp(dot, allowed[i].exts[k]) == 0)
                return true;
    }
    return snprintf(msg, msgn, "只接受 PDF、Word（.docx）、Excel（.xlsx）、PNG、JPEG 和纯文本文件，且扩展名须与文件内容一致。"), false;
}

static int attach(web_req *r, int64_t id, char *msg, size_t msgn)
{
    struct doc d;
    doc_init(&d);
    if (store_doc_get(r->st, r->agency.id, id, &d, NULL))
        return snprintf(msg, msgn, "没有这份文件。"), 404;
    bool may = d.state != DOC_PUBLISHED && doc_role_for(r, d.state, DOC_A_EDIT) >= 0;
    doc_clear(&d);
    if (!may)
        return snprintf(msg, msgn, "当前环节您不能为这份文件添加附件。"), 403;
    const web_upload *u = NULL;
    for (size_t i = 0; i < r->nfiles; i++)
        if (strcmp(r->files[i].field, "file") == 0)
            u = &r->files[i];
    if (!u)
        return snprintf(msg, msgn, "请选择要上传的文件。"), 422;
    if (!web_upload_ok(u, msg, msgn))
        return 415;
    err e = {0};
    size_t amax;   /* the agency's limit (the store checks it again) */
    if (store_doc_attachment_max(r->st, r->agency.id, &amax, &e))
        return snprintf(msg, msgn, "附件未能保存。"), 500;
    if (u->len > amax)
        return snprintf(msg, msgn, "附件有 %zu 字节，超过上限 %zu MiB（设置 doc.attachment_max_mb）。", u->len, amax >> 20),
               413;
    if (store_doc_attach(r->st, r->agency.id, id, u->filename, u->data, u->len, r->user->login, &e))
        return snprintf(msg, msgn, "附件未保存（文件损坏、超出大小限制或无法解析）：%s", e.msg),
               e.code == GK_EINVAL ? 422 : e.code == GK_ESTATE ? 409 : 500;
    return 0;
}

int h_console_doc_attach(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_error(r, 404, "没有这份文件。");
    char msg[300];
    int st = attach(r, id, msg, sizeof msg);
    if (st)
        return web_error(r, st, msg);
    char loc[64];
    snprintf(loc, sizeof loc, "/console/docs/%lld?msg=saved", (long long)id);
    return web_redirect(r, web_href(r, loc));
}

int h_console_doc_file(web_req *r)
{
    struct doc d;
    if (!load_doc(r, &d))
        return web_error(r, 404, "没有这份文件。");
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
                status = web_text(r, 200, t && strcmp(t, "text/plain") != 0 ? t : "application/octet-stream",
                                  data.data ? data.data : "", data.len);
            }
            buf_free(&data);
            buf_free(&cd);
        }
    }
    free(at);
    doc_clear(&d);
    return status ? status : web_error(r, 404, "没有这个附件。");
}

/* ---- API ---- */

static json_t *doc_json(const struct doc *d, bool body)
{
    buf j;
    buf_init(&j);
    doc_to_json(d, body, &j);
    json_t *o = json_loads(j.data ? j.data : "{}", 0, NULL);
    buf_free(&j);
    if (o)
        json_object_set_new(o, "state_label", json_string(doc_status_label(d, date_today())));
    return o ? o : json_object();
}

static int api_list_row(const struct doc *d, void *arg)
{
    json_array_append_new(arg, doc_json(d, false));
    return 0;
}

int api_docs(web_req *r)
{
    struct store_doc_filter f = {.agency_id = r->agency.id, .state = -1, .limit = 100};
    const char *v;
    if ((v = web_q(r, "state")) && *v) {
        enum doc_state s;
        if (doc_state_parse(v, &s))
            return web_api_error(r, 400, "bad_request", "state is one of draft, review1, review2, signoff, signed, published");
        f.state = (int)s;
    }
    int64_t x;
    if ((v = web_q(r, "year")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 1990 || x > 2100)
            return web_api_error(r, 400, "bad_request", "year is a year");
        f.year = (int)x;
    }
    if ((v = web_q(r, "limit")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 1 || x > 1000)
            return web_api_error(r, 400, "bad_request", "limit is 1 to 1000");
        f.limit = (int)x;
    }
    if ((v = web_q(r, "offset")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 0)
            return web_api_error(r, 400, "bad_request", "offset is 0 or more");
        f.offset = (int)x;
    }
    json_t *items = json_array();
    if (store_doc_list(r->st, &f, api_list_row, items, NULL)) {
        json_decref(items);
        return web_api_error(r, 500, "internal", "cannot list the documents");
    }
    return web_json(r, 200, json_pack("{s:o}", "items", items));
}

/* JSON fields as form values, for read_doc_fields. */
static __thread json_t *t_json;
static const char *json_get(web_req *r, const char *k)
{
    (void)r;
    json_t *v = json_object_get(t_json, k);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(&r->a, "%lld", (long long)json_integer_value(v));
    if (json_is_true(v))
        return "1";
    return NULL;
}

int api_doc_create(web_req *r)
{
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    t_json = j;
    err e = {0};
    int64_t id = 0;
    int st = create_draft(r, json_get, &id, &e);
    t_json = NULL;
    json_decref(j);
    if (st)
        return web_api_error(r, st, st == 422 ? "invalid" : "internal", e.msg[0] ? e.msg : "cannot create the draft");
    struct doc d;
    doc_init(&d);
    store_doc_get(r->st, r->agency.id, id, &d, NULL);
    json_t *o = doc_json(&d, true);
    doc_clear(&d);
    web_add_header(r, "Location", web_href(r, arena_printf(&r->a, "/api/v1/documents/%lld", (long long)id)));
    return web_json(r, 201, o);
}

static int hit_cb_json(json_t *a, const struct store_doc_hit *h)
{
    json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:I,s:s,s:b,s:b}", "id", (json_int_t)h->id, "kind",
                                       doc_hit_kind_key((enum doc_hit_kind)h->kind), "source", h->source, "char_off",
                                       (json_int_t)h->char_off, "excerpt", h->excerpt, "cleared", h->cleared, "fixed",
                                       h->fixed));
    return 0;
}

static int comment_cb_json(const struct store_doc_comment *c, void *arg)
{
    json_array_append_new(arg, json_pack("{s:s,s:s,s:s,s:s,s:s}", "at", c->at, "actor", c->actor, "role", c->role,
                                         "action", c->action, "text", c->text ? c->text : ""));
    return 0;
}

int api_doc_get(web_req *r)
{
    struct doc d;
    if (!load_doc(r, &d))
        return web_api_error(r, 404, "not_found", "no such document");
    json_t *o = doc_json(&d, true);
    struct store_doc_hit *hits = NULL;
    size_t nh = 0;
    json_t *ha = json_array();
    if (store_doc_hits(r->st, d.id, &hits, &nh, NULL) == 0)
        for (size_t i = 0; i < nh; i++)
            hit_cb_json(ha, &hits[i]);
    free(hits);
    json_object_set_new(o, "hits", ha);
    json_t *ca = json_array();
    store_doc_comments(r->st, d.id, comment_cb_json, ca, NULL);
    json_object_set_new(o, "comments", ca);
    json_t *acts = json_array();
    for (int a = 0; a < DOC_NACTIONS; a++)
        if (doc_role_for(r, d.state, (enum doc_action)a) >= 0)
            json_array_append_new(acts, json_string(doc_action_key((enum doc_action)a)));
    json_object_set_new(o, "your_actions", acts);
    doc_clear(&d);
    return web_json(r, 200, o);
}

int api_doc_step(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_api_error(r, 404, "not_found", "no such document");
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    unsigned channels = 0;
    const char *chs = json_string_value(json_object_get(j, "channels"));
    if (chs && doc_channels_parse(chs, &channels, NULL)) {
        json_decref(j);
        return web_api_error(r, 422, "invalid", "channels: website, gazette, weibo, wechat, other (comma-separated)");
    }
    json_t *hit = json_object_get(j, "hit_id");
    struct doc edit, *ep = NULL;
    doc_init(&edit);
    const char *action = json_string_value(json_object_get(j, "action"));
    char msg[600];
    /* edit takes "fields"; a correction may come with its corrected fields */
    bool fields = action && (strcmp(action, "edit") == 0 ||
                             (strcmp(action, "correct") == 0 && json_object_get(j, "fields")));
    if (fields) {
        err e = {0};
        t_json = json_object_get(j, "fields");
        if (!json_is_object(t_json) || read_doc_fields(r, &edit, json_get, &e)) {
            t_json = NULL;
            json_decref(j);
            doc_clear(&edit);
            return web_api_error(r, 422, "invalid", e.msg[0] ? e.msg : "edit needs \"fields\"");
        }
        t_json = NULL;
        ep = &edit;
    }
    const char *confirm[64];   /* "confirm_unread": ["scan.pdf", ...] */
    int nconfirm = 0;
    json_t *cj = json_object_get(j, "confirm_unread");
    for (size_t i = 0; json_is_array(cj) && i < json_array_size(cj) && nconfirm < 64; i++)
        if (json_is_string(json_array_get(cj, i)))
            confirm[nconfirm++] = json_string_value(json_array_get(cj, i));
    struct store_doc_outcome out = {0};
    int st = take_step(r, id, action, json_string_value(json_object_get(j, "comment")),
                       json_string_value(json_object_get(j, "date")), channels,
                       json_string_value(json_object_get(j, "by_docno")), json_is_integer(hit) ? json_integer_value(hit) : 0,
                       ep, confirm, nconfirm, &out, msg, sizeof msg);
    json_decref(j);
    doc_clear(&edit);
    if (st)
        return web_api_error(r, st, st == 403 ? "forbidden" : st == 404 ? "not_found" : st == 409 ? "refused" : "invalid",
                             msg);
    json_t *res = json_pack("{s:s,s:s,s:i,s:i,s:s}", "from", doc_state_key(out.from), "to", doc_state_key(out.to),
                            "hits_open", out.hits_open, "hits_found", out.hits_found, "index_no", out.index_no);
    if (out.created)   /* correct: the correction draft; publish of one: the corrected document */
        json_object_set_new(res, "document", json_integer(out.created));
    return web_json(r, 200, res);
}

int api_doc_attach(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_api_error(r, 404, "not_found", "no such document");
    char msg[300];
    int st = attach(r, id, msg, sizeof msg);
    if (st)
        return web_api_error(r, st, st == 415 ? "unsupported_media_type" : st == 403 ? "forbidden" : "invalid", msg);
    return web_json(r, 201, json_pack("{s:b}", "attached", 1));
}
