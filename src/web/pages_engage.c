/*
 * web — talking with the public (src/engage): the portal's 互动交流 pages
 * (the message form and follow-up, answered messages the askers allowed to be
 * shown, drafts open for comment and their 采纳情况, published replies to
 * deputies' suggestions and members' proposals) and the console's registers
 * with every step. Public pages never show an asker's, a commenter's or a
 * deputy's personal data: names are masked, contacts are not shown at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclosure/disclosure.h"
#include "publish/publish.h"
#include "web/web_internal.h"

#define PAGE_SIZE 20

/* The agency's settings for the registers, with today (web_internal.h). */
void web_eng_rules(web_req *r, struct eng_rules *out)
{
    eng_rules_default(out, date_today());
    for (int i = 0; eng_rule_keys[i]; i++) {
        const char *v = web_setting(r, eng_rule_keys[i], NULL);
        if (v)
            eng_rules_set(out, eng_rule_keys[i], v, NULL);   /* checked when set */
    }
}

static const char *day(web_req *r, gk_day d)
{
    char *s = arena_alloc(&r->a, 32);
    if (!d) {
        snprintf(s, 32, "—");
        return s;
    }
    web_day_cn(d, s);
    return s;
}

/* The section's own menu: where a citizen goes from here. */
static void engage_menu(web_req *r, buf *b, const char *cur)
{
    static const struct { const char *path, *label; } items[] = {
        {"/messages", "留言答复"}, {"/messages/new", "我要留言"}, {"/messages/track", "留言查询"},
        {"/consultations", "意见征集"}, {"/suggestions", "建议提案办理"},
    };
    h_open(b, "nav", "class", "subnav", "aria-label", "互动交流", H_END);
    h_open(b, "ul", H_END);
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        h_open(b, "li", H_END);
        h_open(b, "a", "href", web_href(r, items[i].path), "aria-current",
               strcmp(cur, items[i].path) == 0 ? "page" : H_OMIT, H_END);
        h_text(b, items[i].label);
        h_close(b, "a");
        h_close(b, "li");
    }
    h_close(b, "ul");
    h_close(b, "nav");
}

static int public_page(web_req *r, int status, const char *title, const char *cur, buf *body)
{
    buf b;
    buf_init(&b);
    web_crumbs(r, &b, NULL, NULL, arena_printf(&r->a, "互动交流 › %s", title));
    engage_menu(r, &b, cur);
    h_markup_add(&b, H_MARKUP_BUF(body));   /* the page's part, built below */
    web_page_public(r, status, title, "engage", b.data);
    buf_free(&b);
    buf_free(body);
    return status;
}

/* A paragraph of stored text, escaped, line breaks kept. */
static void para(buf *b, const char *text)
{
    h_el_attr(b, "p", text, "class", "pre", H_END);
}

/* A page's heading and its paragraph of introduction. */
/* A paragraph holding one link. */
static void para_link(buf *b, const char *href, const char *text)
{
    h_open(b, "p", H_END);
    h_link(b, href, text);
    h_close(b, "p");
}

static void page_head(buf *b, const char *title, const char *intro)
{
    h_el(b, "h1", title);
    h_el(b, "p", intro);
}

/* ======================================================================
 * Public: messages
 * ====================================================================== */
struct pub_list { web_req *r; buf *b; int n; };

static int pub_msg_row(const struct msg *m, void *arg)
{
    struct pub_list *x = arg;
    web_req *r = x->r;
    char who[64];
    msg_public_name(m->name, who, sizeof who);
    x->n++;
    h_open(x->b, "article", "class", "exchange", H_END);
    h_el(x->b, "h2", *m->subject ? m->subject : msg_kinds[m->kind].label);
    h_open(x->b, "p", "class", "meta", H_END);
    h_textf(x->b, "%s · %s · 来信人 %s · %s", msg_kinds[m->kind].label, msg_sources[m->source].label, who,
            day(r, m->received));
    h_close(x->b, "p");
    h_el(x->b, "h3", "留言内容");
    para(x->b, m->body);
    h_elf(x->b, "h3", "答复（%s）", day(r, m->answered));
    para(x->b, m->answer);
    h_close(x->b, "article");
    return 0;
}

static int page_param(web_req *r)
{
    const char *p = web_q(r, "page");
    int64_t n = 1;
    if (p && (!parse_i64(p, strlen(p), &n) || n < 1 || n > 100000))
        n = 1;
    return (int)n;
}

static void pager(web_req *r, buf *b, const char *path, int page, int64_t total)
{
    int64_t pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    if (pages <= 1)
        return;
    h_open(b, "nav", "class", "pager", "aria-label", "分页", H_END);
    h_elf(b, "span", "第%d页，共%lld页（%lld条）", page, (long long)pages, (long long)total);
    if (page > 1) {
        h_text(b, " ");
        h_link(b, arena_printf(&r->a, "%s?page=%d", web_href(r, path), page - 1), "上一页");
    }
    if (page < pages) {
        h_text(b, " ");
        h_link(b, arena_printf(&r->a, "%s?page=%d", web_href(r, path), page + 1), "下一页");
    }
    h_close(b, "nav");
}

int h_messages(web_req *r)
{
    int page = page_param(r);
    struct store_msg_filter f = {.public_only = true, .limit = PAGE_SIZE, .offset = (page - 1) * PAGE_SIZE};
    buf b;
    buf_init(&b);
    page_head(&b, "留言答复", "以下为经留言人同意公开的咨询、建议和投诉及本机关的答复。个人信息已作隐去处理。");
    struct pub_list x = {r, &b, 0};
    int64_t total = store_msg_count(r->st, r->agency.id, &f, NULL);
    store_msg_list(r->st, r->agency.id, &f, pub_msg_row, &x, NULL);
    if (!x.n)
        h_el_attr(&b, "p", "暂无公开的留言答复。", "class", "empty", H_END);
    pager(r, &b, "/messages", page, total < 0 ? 0 : total);
    return public_page(r, HTTP_OK, "留言答复", "/messages", &b);
}

static const char *const kind_options[] = {
    "consult", "咨询", "suggest", "建议", "complaint", "投诉", "report", "举报", "help", "求助",
    "disclosure", "政务公开工作投诉举报", NULL,
};

/* A public form (class stack, POST to path) with the hidden fields, left open. */
static void stack_form_open(web_req *r, buf *b, const char *path)
{
    h_open(b, "form", "class", "stack", "method", "post", "action", web_href(r, path), H_END);
    web_form_hidden(r, b);
}

/* The consent to publish, and the submit button; closes the form. */
static void msg_form_end(web_req *r, buf *b)
{
    h_open(b, "div", "class", "field", H_END);
    h_open(b, "label", H_END);
    h_void(b, "input", "type", "checkbox", "name", "public", "value", "1", "checked", web_f(r, "public") ? "" : H_OMIT,
           H_END);
    h_text(b, " 同意在网站公开我的留言和答复（隐去个人信息）");
    h_close(b, "label");
    h_close(b, "div");
    h_submit(b, "提交留言", NULL);
    h_close(b, "form");
}

static int msg_form(web_req *r, int status, const char *error)
{
    buf b;
    buf_init(&b);
    page_head(&b, "我要留言", "咨询、建议、投诉、举报和求助均可在此提出。我们将在规定期限内答复，"
                              "您可凭留言查询码和联系电话查询办理进度和答复。");
    if (error)
        h_box(&b, "errors", "alert", error);
    stack_form_open(r, &b, "/messages");
    web_form_token_field(r, &b);
    web_field(r, &b, &(struct web_field){.name = "kind", .label = "留言类型", .type = "select", .required = true,
                                         .options = kind_options});
    web_field(r, &b, &(struct web_field){.name = "subject", .label = "标题", .maxlength = ENG_SUBJECT});
    web_field(r, &b, &(struct web_field){.name = "body", .label = "留言内容", .type = "textarea", .required = true,
                                         .maxlength = ENG_TEXT});
    web_field(r, &b, &(struct web_field){.name = "name", .label = "姓名", .maxlength = ENG_NAME,
                                         .hint = "可不填；公开时只显示姓氏", .attrs = "autocomplete=\"name\""});
    web_field(r, &b, &(struct web_field){.name = "phone", .label = "联系电话", .type = "tel", .required = true,
                                         .maxlength = ENG_PHONE, .hint = "查询答复时需要；不会公开",
                                         .attrs = "autocomplete=\"tel\""});
    web_field(r, &b, &(struct web_field){.name = "email", .label = "电子邮箱", .type = "email",
                                         .maxlength = ENG_EMAIL, .hint = "可不填；不会公开",
                                         .attrs = "autocomplete=\"email\""});
    msg_form_end(r, &b);
    int rc = public_page(r, status, "我要留言", "/messages/new", &b);
    r->no_store = true;
    return rc;
}

int h_message_form(web_req *r)
{
    web_anon_csrf(r);
    return msg_form(r, HTTP_OK, NULL);
}

/* 收到日期 and 答复期限 of a message, as a description list. */
static void msg_dates(web_req *r, buf *b, const struct msg *m, const char *provisional)
{
    h_open(b, "dl", "class", "meta", H_END);
    h_dt_dd(b, "收到日期", day(r, m->received));
    h_el(b, "dt", "答复期限");
    h_elf(b, "dd", "%s前%s", day(r, m->due), m->due_provisional ? provisional : "");
    h_close(b, "dl");
}

static int receipt(web_req *r, const struct msg *m)
{
    buf b;
    buf_init(&b);
    h_el(&b, "h1", "留言已提交");
    h_open(&b, "div", "class", "receipt", "role", "status", H_END);
    h_elf(&b, "p", "%s已收到您的留言。请记下查询码：", r->agency.name);
    h_el_attr(&b, "p", m->code, "class", "code", H_END);
    msg_dates(r, &b, m, "（按暂定节假日安排计算，国务院公布当年安排后可能调整）");
    h_open(&b, "p", H_END);
    h_text(&b, "凭查询码和您填写的联系电话，可在");
    h_link(&b, web_href(r, "/messages/track"), "留言查询");
    h_text(&b, "中查看办理进度和答复。");
    h_close(&b, "p");
    h_close(&b, "div");
    r->no_store = true;
    return public_page(r, HTTP_OK, "留言已提交", "/messages/new", &b);
}

struct msg_create { struct msg *m; };

static int msg_create(web_req *r, void *arg, int64_t *id, err *e)
{
    struct msg *m = ((struct msg_create *)arg)->m;
    int rc = store_msg_add(r->st, m, "public", e);
    *id = m->id;
    return rc ? HTTP_INTERNAL : 0;
}

int h_message_submit(web_req *r)
{
    struct msg *m = xcalloc(1, sizeof *m);
    int64_t first = web_form_token_record(r, "message");
    if (first > 0 && store_msg_get(r->st, r->agency.id, first, m, NULL) == 0) {   /* the same form again */
        int rc = receipt(r, m);
        free(m);
        return rc;
    }
    /* a person writes a few messages an hour; more from one address is refused */
    if (!web_rate_take(r, "message", 3600, 10)) {
        free(m);
        return msg_form(r, HTTP_TOO_MANY, "提交过于频繁，请一小时后再试，或拨打12345热线。");
    }
    struct eng_rules rules;
    web_eng_rules(r, &rules);
    m->agency_id = r->agency.id;
    m->source = MSG_SRC_WEBSITE;
    const char *kind = web_f(r, "kind"), *phone = web_f(r, "phone");
    m->kind = kind ? msg_kind_find(kind) : 0;
    m->public_wish = web_f(r, "public") != NULL;
    err e = {0};
    int rc = 0;
    const struct { char *dst; size_t cap; const char *field; int max; } f[] = {
        {m->subject, sizeof m->subject, "subject", ENG_SUBJECT}, {m->body, sizeof m->body, "body", ENG_TEXT},
        {m->name, sizeof m->name, "name", ENG_NAME},             {m->phone, sizeof m->phone, "phone", ENG_PHONE},
        {m->email, sizeof m->email, "email", ENG_EMAIL},
    };
    for (size_t i = 0; !rc && i < sizeof f / sizeof f[0]; i++)
        rc = eng_copy(f[i].dst, f[i].cap, web_f(r, f[i].field), f[i].max, f[i].field, &e);
    if (!rc && (!phone || !*phone))
        rc = err_field(&e, GK_EINVAL, "phone", "请填写联系电话（查询答复时需要）");
    if ((int)m->kind < 0)
        m->kind = 0;
    if (!rc)
        rc = msg_register(&rules.msg, r->cal, m, &e);
    if (rc) {
        free(m);
        return msg_form(r, e.code == GK_ERANGE ? HTTP_UNAVAILABLE : HTTP_UNPROCESSABLE,
                        strcmp(e.where, "body") == 0     ? "请填写留言内容。"
                        : strcmp(e.where, "kind") == 0   ? "请选择留言类型。"
                        : strcmp(e.where, "phone") == 0  ? "请填写联系电话（查询答复时需要）。"
                                                         : e.msg);
    }
    struct msg_create c = {m};
    int64_t id;
    rc = web_create_once(r, "message", msg_create, &c, &id, &e);
    if (rc) {
        free(m);
        return msg_form(r, HTTP_INTERNAL, "留言未能保存，请稍后再试。");
    }
    web_content_changed(r->app);
    rc = receipt(r, m);
    free(m);
    return rc;
}

static int track_page(web_req *r, int status, const char *error, const struct msg *m)
{
    buf b;
    buf_init(&b);
    h_el(&b, "h1", "留言查询");
    if (m) {
        h_open(&b, "section", "class", "receipt", "role", "status", "aria-labelledby", "res", H_END);
        h_el_attr(&b, "h2", "查询结果", "id", "res", H_END);
        h_el_attr(&b, "p", msg_states[m->state].label, "class", "status-big", H_END);
        msg_dates(r, &b, m, "（暂定）");
        if (m->state == MSG_S_ANSWERED || m->state == MSG_S_CLOSED) {
            h_elf(&b, "h3", "答复（%s）", day(r, m->answered));
            para(&b, m->answer);
        }
        h_close(&b, "section");
    }
    if (error)
        h_box(&b, "errors", "alert", error);
    stack_form_open(r, &b, "/messages/track");
    web_field(r, &b, &(struct web_field){.name = "code", .label = "查询码", .required = true, .maxlength = 20,
                                         .attrs = "autocomplete=\"off\" spellcheck=\"false\""});
    web_field(r, &b, &(struct web_field){.name = "phone", .label = "联系电话", .type = "tel", .required = true,
                                         .maxlength = 30, .value = "", .attrs = "autocomplete=\"tel\""});
    h_submit(&b, "查询", NULL);
    h_close(&b, "form");
    r->no_store = true;
    return public_page(r, status, "留言查询", "/messages/track", &b);
}

int h_message_track_form(web_req *r)
{
    web_anon_csrf(r);
    return track_page(r, HTTP_OK, NULL, NULL);
}

int h_message_track(web_req *r)
{
    const char *code = web_f(r, "code"), *phone = web_f(r, "phone");
    char tc[16];
    if (!code || !phone || !*phone || !web_norm_tracking(code, tc))
        return track_page(r, HTTP_UNPROCESSABLE, "请输入12位查询码和联系电话。", NULL);
    if (web_track_throttled(r))
        return track_page(r, HTTP_TOO_MANY, "查询失败次数过多，请一小时后再试。", NULL);
    struct msg *m = xmalloc(sizeof *m);
    char want[32], got[32];
    app_phone_digits(phone, want);
    int rc;
    if (store_msg_by_code(r->st, tc, m, NULL) || m->agency_id != r->agency.id ||
        (app_phone_digits(m->phone, got), strcmp(want, got) != 0) || !*want) {
        web_track_failed(r);
        rc = track_page(r, HTTP_NOT_FOUND, "没有找到与查询码和联系电话相符的留言，请核对后重试。", NULL);
    } else {
        rc = track_page(r, HTTP_OK, NULL, m);
    }
    free(m);
    return rc;
}

/* ======================================================================
 * Public: comment on drafts
 * ====================================================================== */
static int pub_consult_row(const struct consult *k, void *arg)
{
    struct pub_list *x = arg;
    web_req *r = x->r;
    gk_day today = date_today();
    const char *state = today < k->opens ? "未开始" : consult_is_open(k, today) ? "征集中" : "已结束";
    char path[64];
    snprintf(path, sizeof path, "/consultations/%lld", (long long)k->id);
    x->n++;
    h_open(x->b, "tr", H_END);
    h_open(x->b, "td", H_END);
    h_link(x->b, web_href(r, path), k->title);
    h_close(x->b, "td");
    h_el(x->b, "td", consult_kinds[k->kind].label);
    h_elf(x->b, "td", "%s至%s", day(r, k->opens), day(r, k->closes));
    h_elf(x->b, "td", "%s%s", state, k->result_published ? "（已公布采纳情况）" : "");
    h_close(x->b, "tr");
    return 0;
}

int h_consultations(web_req *r)
{
    buf b;
    buf_init(&b);
    page_head(&b, "意见征集", "草案在征求意见期间向社会公开，欢迎提出意见建议；征集结束后公布意见采纳情况。");
    h_table_open(&b, NULL, "草案", "类别", "征求意见期限", "状态", H_END);
    struct pub_list x = {r, &b, 0};
    store_consult_list(r->st, r->agency.id, 0, pub_consult_row, &x, NULL);
    if (!x.n)
        h_empty_row(&b, 4, "暂无意见征集。");
    h_table_close(&b);
    return public_page(r, HTTP_OK, "意见征集", "/consultations", &b);
}

static int pub_comment_row(const struct comment *m, void *arg)
{
    struct pub_list *x = arg;
    x->n++;
    h_open(x->b, "li", H_END);
    h_open(x->b, "p", "class", "meta", H_END);
    h_textf(x->b, "%s · %s", day(x->r, m->received), m->adoption ? comment_adoptions[m->adoption].label : "待研究");
    h_close(x->b, "p");
    para(x->b, m->body);
    if (*m->adoption_reason)
        h_el_attr(x->b, "p", arena_printf(&x->r->a, "说明：%s", m->adoption_reason), "class", "muted", H_END);
    h_close(x->b, "li");
    return 0;
}

/* A consultation's title, kind, period, the draft and the final document,
 * and the result once published. */
static void consult_facts(web_req *r, buf *b, const struct consult *k)
{
    h_el(b, "h1", k->title);
    h_open(b, "dl", "class", "meta", H_END);
    h_dt_dd(b, "类别", consult_kinds[k->kind].label);
    h_el(b, "dt", "征求意见期限");
    h_elf(b, "dd", "%s至%s", day(r, k->opens), day(r, k->closes));
    if (*k->short_reason)
        h_dt_dd(b, "期限较短的原因", k->short_reason);
    h_close(b, "dl");
    char p[64];
    if (k->draft_doc_id) {
        snprintf(p, sizeof p, "/doc/%lld", (long long)k->draft_doc_id);
        para_link(b, web_href(r, p), "查看草案全文");
    }
    if (k->final_doc_id) {
        snprintf(p, sizeof p, "/doc/%lld", (long long)k->final_doc_id);
        para_link(b, web_href(r, p), "查看正式发布的文件");
    }
    if (k->result_published) {
        h_section_open(b, "res", "意见采纳情况");
        para(b, k->result);
        h_close(b, "section");
    }
}

/* The comment form while the consultation is open, else why not. */
static void consult_form(web_req *r, buf *b, const struct consult *k, const char *error)
{
    gk_day today = date_today();
    if (!consult_is_open(k, today)) {
        h_el_attr(b, "p", today > k->closes ? "征求意见已结束。" : "征求意见尚未开始。", "class", "muted", H_END);
        return;
    }
    char p[64];
    snprintf(p, sizeof p, "/consultations/%lld/comments", (long long)k->id);
    h_el(b, "h2", "提出意见");
    stack_form_open(r, b, p);
    web_form_token_field(r, b);
    web_field(r, b, &(struct web_field){.name = "body", .label = "意见建议", .type = "textarea", .required = true,
                                        .maxlength = ENG_TEXT, .value = error ? NULL : ""});
    web_field(r, b, &(struct web_field){.name = "name", .label = "姓名", .maxlength = ENG_NAME,
                                        .hint = "可不填；不会公开", .value = error ? NULL : ""});
    web_field(r, b, &(struct web_field){.name = "contact", .label = "联系方式", .maxlength = ENG_SHORT,
                                        .hint = "可不填；仅用于就意见与您联系，不会公开",
                                        .value = error ? NULL : ""});
    h_submit(b, "提交意见", NULL);
    h_close(b, "form");
}

static int consult_page(web_req *r, int status, const char *error, const char *notice)
{
    int64_t id;
    struct consult k;
    if (!web_param_id(r, 0, &id) || store_consult_get(r->st, r->agency.id, id, &k, NULL))
        return web_error(r, HTTP_NOT_FOUND, "没有这项意见征集。");
    buf b;
    buf_init(&b);
    consult_facts(r, &b, &k);
    if (notice)
        h_box(&b, "receipt", "status", notice);
    if (error)
        h_box(&b, "errors", "alert", error);
    consult_form(r, &b, &k, error);
    h_el(&b, "h2", "已公开的意见");
    h_open(&b, "ol", "class", "comments", H_END);
    struct pub_list x = {r, &b, 0};
    store_comment_list(r->st, k.id, true, pub_comment_row, &x, NULL);
    h_close(&b, "ol");
    if (!x.n)
        h_el_attr(&b, "p", "暂无。意见经审核后公开，提出人的姓名和联系方式不公开。", "class", "empty", H_END);
    r->no_store = true;
    return public_page(r, status, "意见征集", "/consultations", &b);
}

int h_consultation(web_req *r)
{
    web_anon_csrf(r);
    return consult_page(r, HTTP_OK, NULL, NULL);
}

struct comment_create { struct comment *m; };

static int comment_create(web_req *r, void *arg, int64_t *id, err *e)
{
    struct comment *m = ((struct comment_create *)arg)->m;
    int rc = store_comment_add(r->st, m, e);
    *id = m->id;
    return rc ? HTTP_INTERNAL : 0;
}

int h_consultation_comment(web_req *r)
{
    int64_t id;
    struct consult k;
    if (!web_param_id(r, 0, &id) || store_consult_get(r->st, r->agency.id, id, &k, NULL))
        return web_error(r, HTTP_NOT_FOUND, "没有这项意见征集。");
    if (web_form_token_record(r, "comment") > 0)   /* the same form again: one comment */
        return consult_page(r, HTTP_OK, NULL, "您的意见已收到，经审核后公开。");
    if (!web_rate_take(r, "comment", 3600, 20))
        return consult_page(r, HTTP_TOO_MANY, "提交过于频繁，请一小时后再试。", NULL);
    struct comment *m = xcalloc(1, sizeof *m);
    m->agency_id = k.agency_id;
    err e = {0};
    int rc = eng_copy(m->body, sizeof m->body, web_f(r, "body"), ENG_TEXT, "body", &e);
    if (!rc)
        rc = eng_copy(m->name, sizeof m->name, web_f(r, "name"), ENG_NAME, "name", &e);
    if (!rc)
        rc = eng_copy(m->contact, sizeof m->contact, web_f(r, "contact"), ENG_SHORT, "contact", &e);
    if (!rc)
        rc = comment_check_new(&k, m, date_today(), &e);
    if (rc) {
        free(m);
        return consult_page(r, e.code == GK_ESTATE ? HTTP_CONFLICT : HTTP_UNPROCESSABLE,
                            strcmp(e.where, "body") == 0 ? "请填写意见建议。" : e.msg, NULL);
    }
    struct comment_create c = {m};
    rc = web_create_once(r, "comment", comment_create, &c, &id, &e);
    free(m);
    if (rc)
        return consult_page(r, HTTP_INTERNAL, "意见未能保存，请稍后再试。", NULL);
    web_content_changed(r->app);
    return consult_page(r, HTTP_OK, NULL, "您的意见已收到，经审核后公开。");
}

/* ======================================================================
 * Public: suggestions and proposals, replies published
 * ====================================================================== */
static int pub_sug_row(const struct sug *x, void *arg)
{
    struct pub_list *l = arg;
    web_req *r = l->r;
    if (x->role != SUG_LEAD || !x->doc_id)
        return 0;
    struct doc d;   /* shown once the reply has passed the review chain */
    doc_init(&d);
    bool out = store_doc_get(r->st, r->agency.id, x->doc_id, &d, NULL) == 0 && d.state == DOC_PUBLISHED &&
               (d.withdrawn_on == DOC_NODAY || d.withdrawn_on > date_today());
    doc_clear(&d);
    if (!out)
        return 0;
    l->n++;
    h_open(l->b, "article", "class", "exchange", H_END);
    h_elf(l->b, "h2", "关于%s%s《%s》的%s", sug_kinds[x->kind].label, x->number, x->title,
          x->summary_only ? "答复摘要" : "答复");
    h_open(l->b, "p", "class", "meta", H_END);
    h_textf(l->b, "%s · %s · 答复日期 %s", x->session, x->author, day(r, x->replied));
    h_close(l->b, "p");
    if (x->summary_only)
        h_el_attr(l->b, "p", arena_printf(&r->a, "本件摘要公开。理由：%s", x->summary_reason), "class", "muted", H_END);
    char p[48];
    snprintf(p, sizeof p, "/doc/%lld", (long long)x->doc_id);
    para_link(l->b, web_href(r, p), "查看答复全文");
    h_close(l->b, "article");
    return 0;
}

int h_suggestions(web_req *r)
{
    buf b;
    buf_init(&b);
    page_head(&b, "建议提案办理", "人大代表建议和政协委员提案的办理结果，原则上公开答复全文。");
    struct pub_list x = {r, &b, 0};
    store_sug_list(r->st, r->agency.id, 0, true, pub_sug_row, &x, NULL);
    if (!x.n)
        h_el_attr(&b, "p", "暂无公开的办理结果。", "class", "empty", H_END);
    return public_page(r, HTTP_OK, "建议提案办理", "/suggestions", &b);
}
