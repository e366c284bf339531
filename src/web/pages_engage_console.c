/*
 * web — the console's registers of talking with the public: messages by
 * urgency with every step, suggestions and proposals, consultations with
 * moderation, decisions and the 采纳情况. The domain (src/engage) decides
 * every step; a refused one comes back on the page with its reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"
#include "web/web_internal.h"

static const char *dstr(web_req *r, gk_day d)
{
    char *s = arena_alloc(&r->a, 11);
    if (!d)
        return "—";
    date_format(d, s);
    return s;
}

static const char *actor(web_req *r)
{
    return r->user ? (*r->user->name ? r->user->name : r->user->login) : "staff";
}

/* A date field of a form: empty is 0 (today, for steps). */
static bool form_day(web_req *r, const char *name, gk_day *out)
{
    const char *v = web_f(r, name);
    *out = 0;
    return !v || !*v || date_parse(v, out, NULL) == 0;
}

static void select_codes(buf *b, const char *name, const char *label, const struct eng_code_def *t, int from, int n)
{
    char id[40];
    snprintf(id, sizeof id, "f-%s", name);
    h_el_attr(b, "label", label, "for", id, H_END);
    h_open(b, "select", "id", id, "name", name, H_END);
    for (int i = from; i <= n; i++)
        h_el_attr(b, "option", t[i].label, "value", t[i].code, H_END);
    h_close(b, "select");
}

static void step_history(web_req *r, buf *b, const char *reg, int64_t id);

/* Renders the console page and frees what built it. */
static int finish(web_req *r, int status, const char *title, buf *b, buf *hidden)
{
    web_page_console(r, status, title, "engage", b->data);
    buf_free(b);
    buf_free(hidden);
    return status;
}

/* The end of a step form: its date (empty: today) and the button. */
static void date_and_submit(web_req *r, buf *b)
{
    web_field(r, b, &(struct web_field){.name = "date", .label = "日期", .type = "date", .hint = "不填为今天"});
    h_el_attr(b, "button", "提交", "type", "submit", H_END);
    h_close(b, "form");
}

/* ======================================================================
 * messages
 * ====================================================================== */
struct msg_rows { web_req *r; buf *b; const struct eng_rules *rules; int n; int pass; };

static int msg_row(const struct msg *m, void *arg)
{
    struct msg_rows *x = arg;
    web_req *r = x->r;
    enum msg_urgency u = msg_urgency_of(&x->rules->msg, r->cal, m);
    /* pass 0 lists the overdue, 1 the due soon, 2 the rest */
    int want = u == MSG_U_OVERDUE ? 0 : u == MSG_U_DUE_SOON ? 1 : 2;
    if (want != x->pass)
        return 0;
    static const char *const ulabel[] = {"已办结", "已逾期", "即将到期", "办理中"};
    char p[48];
    snprintf(p, sizeof p, "/console/messages/%lld", (long long)m->id);
    x->n++;
    h_open(x->b, "tr", "class", arena_printf(&r->a, "u%d", (int)u), H_END);
    h_open(x->b, "td", H_END);
    h_link(x->b, web_href(r, p), m->code);
    h_close(x->b, "td");
    h_el(x->b, "td", msg_sources[m->source].label);
    h_el(x->b, "td", msg_kinds[m->kind].label);
    h_el(x->b, "td", dstr(r, m->received));
    h_elf(x->b, "td", "%s%s", dstr(r, m->due), m->due_provisional ? "（暂定）" : "");
    h_el(x->b, "td", msg_states[m->state].label);
    h_el(x->b, "td", ulabel[u]);
    h_el(x->b, "td", *m->subject ? m->subject : m->body);
    h_close(x->b, "tr");
    return 0;
}

static const char *const source_opts[] = {"phone", "电话", "in_person", "来访", "letter", "来信", "hotline",
                                          "12345热线工单", "platform", "其他平台转办", "website", "网站留言", NULL};
static const char *const kind_opts[] = {"consult", "咨询", "suggest", "建议", "complaint", "投诉", "report", "举报",
                                        "help", "求助", "disclosure", "政务公开投诉举报", NULL};

static int messages_page(web_req *r, int status, const char *error)
{
    struct eng_rules rules;
    web_eng_rules(r, &rules);
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_el(&b, "h1", "咨询投诉留言");
    h_el(&b, "p", "来自网站、电话、来访、来信、12345热线和其他平台的咨询、建议、投诉、举报和求助，按紧急程度排列。");
    if (error) {
        h_box(&b, "errors", "alert", error);
    }
    h_table_start(&b, NULL);
    h_thead(&b, "编号", "来源", "类型", "收到", "期限", "状态", "紧急程度", "内容", H_END);
    h_open(&b, "tbody", H_END);
    struct store_msg_filter open = {.open_only = true}, recent = {.limit = 50};
    struct msg_rows x = {r, &b, &rules, 0, 0};
    for (x.pass = 0; x.pass < 2; x.pass++)
        store_msg_list(r->st, r->agency.id, &open, msg_row, &x, NULL);
    store_msg_list(r->st, r->agency.id, &recent, msg_row, &x, NULL);
    if (!x.n) {
        h_empty_row(&b, 8, "暂无。");
    }
    h_table_close(&b);
    if (web_can(r, PERM_APP_REGISTER)) {
        h_el(&b, "h2", "登记留言或工单");
        h_open(&b, "form", "class", "stack", "method", "post", "action", web_href(r, "/console/messages"), H_END);
        h_markup_add(&b, H_MARKUP_BUF(&hidden));
        web_form_token_field(r, &b);
        web_field(r, &b, &(struct web_field){.name = "source", .label = "来源", .type = "select", .options = source_opts});
        web_field(r, &b, &(struct web_field){.name = "kind", .label = "类型", .type = "select", .options = kind_opts});
        web_field(r, &b, &(struct web_field){.name = "order_no", .label = "工单编号", .maxlength = ENG_SHORT,
                                             .hint = "12345热线工单必填"});
        web_field(r, &b, &(struct web_field){.name = "order_due", .label = "工单办理期限", .type = "date",
                                             .hint = "热线或平台规定的期限；不填则按本机关规定的工作日计算"});
        web_field(r, &b, &(struct web_field){.name = "platform", .label = "转办平台", .maxlength = ENG_SHORT,
                                             .hint = "如 民意快线、人民网留言板"});
        web_field(r, &b, &(struct web_field){.name = "received", .label = "收到日期", .type = "date"});
        web_field(r, &b, &(struct web_field){.name = "subject", .label = "标题", .maxlength = ENG_SUBJECT});
        web_field(r, &b, &(struct web_field){.name = "body", .label = "内容", .type = "textarea", .required = true,
                                             .maxlength = ENG_TEXT});
        web_field(r, &b, &(struct web_field){.name = "name", .label = "姓名", .maxlength = ENG_NAME});
        web_field(r, &b, &(struct web_field){.name = "phone", .label = "联系电话", .type = "tel", .maxlength = ENG_PHONE});
        h_open(&b, "div", "class", "field", H_END);
        h_open(&b, "label", H_END);
        h_void(&b, "input", "type", "checkbox", "name", "public", "value", "1", H_END);
        h_text(&b, " 来信人同意公开");
        h_close(&b, "label");
        h_close(&b, "div");
        h_el_attr(&b, "button", "登记", "type", "submit", H_END);
        h_close(&b, "form");
    }
    return finish(r, status, "咨询投诉留言", &b, &hidden);
}

int h_console_messages(web_req *r)
{
    return messages_page(r, HTTP_OK, NULL);
}

struct msg_box { struct msg *m; };

static int console_msg_create(web_req *r, void *arg, int64_t *id, err *e)
{
    struct msg *m = ((struct msg_box *)arg)->m;
    int rc = store_msg_add(r->st, m, actor(r), e);
    *id = m->id;
    return rc ? (e->code == GK_ESTATE ? HTTP_CONFLICT : HTTP_INTERNAL) : 0;
}

static void redirect_to(web_req *r, const char *fmt, int64_t id)
{
    char p[64];
    snprintf(p, sizeof p, fmt, (long long)id);
    web_redirect(r, web_href(r, p));
}

int h_console_message_create(web_req *r)
{
    int64_t first = web_form_token_record(r, "message");
    if (first > 0) {
        redirect_to(r, "/console/messages/%lld", first);
        return r->status;
    }
    struct eng_rules rules;
    web_eng_rules(r, &rules);
    struct msg *m = xcalloc(1, sizeof *m);
    m->agency_id = r->agency.id;
    const char *src = web_f(r, "source"), *kind = web_f(r, "kind");
    m->source = src ? msg_source_find(src) : 0;
    m->kind = kind ? msg_kind_find(kind) : 0;
    if ((int)m->source < 0)
        m->source = 0;
    if ((int)m->kind < 0)
        m->kind = 0;
    m->public_wish = web_f(r, "public") != NULL;
    err e = {0};
    int rc = 0;
    const struct { char *dst; size_t cap; const char *field; int max; } f[] = {
        {m->order_no, sizeof m->order_no, "order_no", ENG_SHORT}, {m->platform, sizeof m->platform, "platform", ENG_SHORT},
        {m->subject, sizeof m->subject, "subject", ENG_SUBJECT},   {m->body, sizeof m->body, "body", ENG_TEXT},
        {m->name, sizeof m->name, "name", ENG_NAME},               {m->phone, sizeof m->phone, "phone", ENG_PHONE},
    };
    for (size_t i = 0; !rc && i < sizeof f / sizeof f[0]; i++)
        rc = eng_copy(f[i].dst, f[i].cap, web_f(r, f[i].field), f[i].max, f[i].field, &e);
    if (!rc && (!form_day(r, "received", &m->received) || !form_day(r, "order_due", &m->order_due)))
        rc = err_field(&e, GK_EINVAL, "received", "日期格式应为 YYYY-MM-DD");
    if (!rc)
        rc = msg_register(&rules.msg, r->cal, m, &e);
    int64_t id = 0;
    if (!rc) {
        struct msg_box box = {m};
        rc = web_create_once(r, "message", console_msg_create, &box, &id, &e);
    }
    free(m);
    if (rc)
        return messages_page(r, rc == HTTP_CONFLICT ? HTTP_CONFLICT : e.code == GK_EIO ? HTTP_INTERNAL : HTTP_UNPROCESSABLE, e.msg[0] ? e.msg : "登记失败。");
    web_content_changed(r->app);
    redirect_to(r, "/console/messages/%lld", id);
    return r->status;
}

static const struct { enum msg_event ev; const char *label; } msg_step_opts[] = {
    {MSG_EV_ASSIGN, "分办（内容填写经办人）"}, {MSG_EV_ANSWER, "答复（内容填写答复）"},
    {MSG_EV_APPROVE, "审核通过"},             {MSG_EV_RETURN, "退回修改（内容填写意见）"},
    {MSG_EV_HOTLINE, "回复12345平台（内容填写回复编号）"}, {MSG_EV_RECTIFY, "整改情况（内容填写整改情况）"},
    {MSG_EV_VISIT, "回访并办结（选择满意度）"}, {MSG_EV_PUBLISH, "公开答复"}, {MSG_EV_UNPUBLISH, "撤下公开"},
};

static int message_page(web_req *r, int status, const char *error)
{
    int64_t id;
    struct msg *m = xmalloc(sizeof *m);
    if (!web_param_id(r, 0, &id) || store_msg_get(r->st, r->agency.id, id, m, NULL)) {
        free(m);
        return web_error(r, HTTP_NOT_FOUND, "没有这条留言。");
    }
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_elf(&b, "h1", "%s %s", msg_kinds[m->kind].label, m->code);
    h_open(&b, "dl", "class", "meta", H_END);
    h_el(&b, "dt", "来源");
    h_elf(&b, "dd", "%s %s%s", msg_sources[m->source].label, m->order_no, m->platform);
    h_dt_dd(&b, "类型", msg_kinds[m->kind].label);
    h_dt_dd(&b, "状态", msg_states[m->state].label);
    h_dt_dd(&b, "收到", dstr(r, m->received));
    h_el(&b, "dt", "期限");
    h_elf(&b, "dd", "%s%s", dstr(r, m->due), m->due_provisional ? "（暂定）" : "");
    h_el(&b, "dt", "来信人");
    h_elf(&b, "dd", "%s %s %s（%s）", m->name, m->phone, m->email, m->public_wish ? "同意公开" : "不同意公开");
    h_dt_dd(&b, "经办人", m->handler);
    h_close(&b, "dl");
    h_el(&b, "h2", "内容");
    h_el_attr(&b, "p", m->body, "class", "pre", H_END);
    if (*m->answer) {
        h_el(&b, "h2", "答复");
        h_el_attr(&b, "p", m->answer, "class", "pre", H_END);
    }
    if (*m->review_note)
        h_elf(&b, "p", "退回意见：%s", m->review_note);
    if (*m->rectification) {
        h_el(&b, "h2", "整改情况");
        h_el_attr(&b, "p", m->rectification, "class", "pre", H_END);
    }
    step_history(r, &b, "message", m->id);
    if (error) {
        h_box(&b, "errors", "alert", error);
    }
    if (web_can(r, PERM_APP_PROCESS) || web_can(r, PERM_APP_EXTEND)) {
        char p[64];
        snprintf(p, sizeof p, "/console/messages/%lld/step", (long long)m->id);
        h_el(&b, "h2", "办理");
        h_open(&b, "form", "class", "stack", "method", "post", "action", web_href(r, p), H_END);
        h_markup_add(&b, H_MARKUP_BUF(&hidden));
        h_el_attr(&b, "label", "步骤", "for", "f-event", H_END);
        h_open(&b, "select", "id", "f-event", "name", "event", H_END);
        for (size_t i = 0; i < sizeof msg_step_opts / sizeof msg_step_opts[0]; i++)
            h_el_attr(&b, "option", msg_step_opts[i].label, "value", msg_events[msg_step_opts[i].ev].code, H_END);
        h_close(&b, "select");
        web_field(r, &b, &(struct web_field){.name = "text", .label = "内容", .type = "textarea", .maxlength = ENG_TEXT,
                                             .value = ""});
        select_codes(&b, "rating", "满意度（回访时）", msg_ratings, 1, MSG_NRATINGS);
        date_and_submit(r, &b);
    }
    free(m);
    return finish(r, status, "留言办理", &b, &hidden);
}

int h_console_message(web_req *r)
{
    return message_page(r, HTTP_OK, NULL);
}

int h_console_message_step(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_error(r, HTTP_NOT_FOUND, "没有这条留言。");
    struct eng_rules rules;
    web_eng_rules(r, &rules);
    const char *ev = web_f(r, "event"), *rating = web_f(r, "rating");
    struct msg_step st = {.actor = actor(r), .text = web_f(r, "text")};
    int e_ev = ev ? eng_code_find(msg_events, MSG_NEVENTS, ev) : -1;
    if (e_ev < 1)
        return message_page(r, HTTP_UNPROCESSABLE, "请选择办理步骤。");
    st.ev = e_ev;
    /* approving or returning an answer is the office head's or the leader's; the rest the office's */
    bool review = st.ev == MSG_EV_APPROVE || st.ev == MSG_EV_RETURN;
    if (!web_can(r, review ? PERM_APP_EXTEND : PERM_APP_PROCESS))
        return web_error(r, HTTP_FORBIDDEN, review ? "审核答复需要审批权限。" : "办理留言需要办理权限。");
    if (st.ev == MSG_EV_VISIT) {
        int rt = rating ? eng_code_find(msg_ratings, MSG_NRATINGS, rating) : -1;
        st.rating = rt < 0 ? MSG_R_NONE : rt;
    }
    if (!form_day(r, "date", &st.on))
        return message_page(r, HTTP_UNPROCESSABLE, "日期格式应为 YYYY-MM-DD。");
    struct msg *before = xmalloc(sizeof *before), *after = xmalloc(sizeof *after);
    err e = {0};
    int rc = store_msg_get(r->st, r->agency.id, id, before, &e);
    if (!rc) {
        *after = *before;
        rc = msg_apply(&rules.msg, r->cal, after, &st, &e);
    }
    if (!rc)
        rc = store_msg_save(r->st, before, after, &st, actor(r), &e);
    free(before);
    free(after);
    if (rc)
        return message_page(r, gk_http_status(rc), e.msg);
    web_content_changed(r->app);
    redirect_to(r, "/console/messages/%lld", id);
    return r->status;
}

/* ---- steps of any register ---- */
static int history_row(const struct store_eng_step *s, void *arg)
{
    buf *b = arg;
    h_open(b, "tr", H_END);
    h_el(b, "td", s->on);
    h_el(b, "td", s->event);
    h_el(b, "td", s->actor);
    h_el(b, "td", s->text);
    h_close(b, "tr");
    return 0;
}

static void step_history(web_req *r, buf *b, const char *reg, int64_t id)
{
    h_el(b, "h2", "办理过程");
    h_table_start(b, NULL);
    h_thead(b, "日期", "步骤", "办理人", "内容", H_END);
    h_open(b, "tbody", H_END);
    store_eng_steps(r->st, reg, id, history_row, b, NULL);
    h_table_close(b);
}

/* ======================================================================
 * suggestions and proposals
 * ====================================================================== */
struct rows { web_req *r; buf *b; int n; };

static int sug_row(const struct sug *x, void *arg)
{
    struct rows *l = arg;
    web_req *r = l->r;
    char p[48];
    snprintf(p, sizeof p, "/console/suggestions/%lld", (long long)x->id);
    l->n++;
    h_open(l->b, "tr", H_END);
    h_open(l->b, "td", H_END);
    h_link(l->b, web_href(r, p), x->number);
    h_close(l->b, "td");
    h_el(l->b, "td", sug_kinds[x->kind].label);
    h_el(l->b, "td", sug_roles[x->role].label);
    h_el(l->b, "td", x->title);
    h_el(l->b, "td", dstr(r, x->due));
    h_el(l->b, "td", sug_states[x->state].label);
    h_el(l->b, "td", x->cls ? sug_classes[x->cls].code : "");
    h_el(l->b, "td", sug_ratings[x->rating].label);
    h_close(l->b, "tr");
    return 0;
}

static int suggestions_page(web_req *r, int status, const char *error)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_el(&b, "h1", "建议提案办理");
    if (error) {
        h_box(&b, "errors", "alert", error);
    }
    h_table_start(&b, NULL);
    h_thead(&b, "编号", "类别", "承办", "标题", "期限", "状态", "办理结果", "评价", H_END);
    h_open(&b, "tbody", H_END);
    struct rows l = {r, &b, 0};
    store_sug_list(r->st, r->agency.id, 0, false, sug_row, &l, NULL);
    if (!l.n) {
        h_empty_row(&b, 8, "暂无。");
    }
    h_table_close(&b);
    h_el(&b, "h2", "登记交办件");
    h_open(&b, "form", "class", "stack", "method", "post", "action", web_href(r, "/console/suggestions"), H_END);
    h_markup_add(&b, H_MARKUP_BUF(&hidden));
    web_form_token_field(r, &b);
    select_codes(&b, "kind", "类别", sug_kinds, 1, SUG_NKINDS);
    select_codes(&b, "role", "承办方式", sug_roles, 1, SUG_NROLES);
    web_field(r, &b, &(struct web_field){.name = "number", .label = "编号", .required = true, .maxlength = ENG_SHORT});
    web_field(r, &b, &(struct web_field){.name = "session", .label = "会议", .maxlength = ENG_SHORT});
    web_field(r, &b, &(struct web_field){.name = "author", .label = "代表委员", .required = true, .maxlength = ENG_NAME});
    web_field(r, &b, &(struct web_field){.name = "contact", .label = "联系方式（不公开）", .maxlength = ENG_SHORT});
    web_field(r, &b, &(struct web_field){.name = "title", .label = "标题", .required = true, .maxlength = ENG_SUBJECT});
    web_field(r, &b, &(struct web_field){.name = "content", .label = "内容", .type = "textarea", .maxlength = ENG_TEXT});
    web_field(r, &b, &(struct web_field){.name = "assigned", .label = "交办日期", .type = "date"});
    h_el_attr(&b, "button", "登记", "type", "submit", H_END);
    h_close(&b, "form");
    return finish(r, status, "建议提案办理", &b, &hidden);
}

int h_console_suggestions(web_req *r)
{
    return suggestions_page(r, HTTP_OK, NULL);
}

struct sug_box { struct sug *x; };

static int console_sug_create(web_req *r, void *arg, int64_t *id, err *e)
{
    struct sug *x = ((struct sug_box *)arg)->x;
    int rc = store_sug_add(r->st, x, actor(r), e);
    *id = x->id;
    return rc ? (e->code == GK_ESTATE ? HTTP_CONFLICT : HTTP_INTERNAL) : 0;
}

int h_console_suggestion_create(web_req *r)
{
    int64_t first = web_form_token_record(r, "suggestion");
    if (first > 0) {
        redirect_to(r, "/console/suggestions/%lld", first);
        return r->status;
    }
    struct eng_rules rules;
    web_eng_rules(r, &rules);
    struct sug *x = xcalloc(1, sizeof *x);
    x->agency_id = r->agency.id;
    const char *kind = web_f(r, "kind"), *role = web_f(r, "role");
    int k = kind ? eng_code_find(sug_kinds, SUG_NKINDS, kind) : 0, ro = role ? eng_code_find(sug_roles, SUG_NROLES, role) : 0;
    x->kind = k < 0 ? 0 : k;
    x->role = ro < 0 ? 0 : ro;
    err e = {0};
    int rc = 0;
    const struct { char *dst; size_t cap; const char *field; int max; } f[] = {
        {x->number, sizeof x->number, "number", ENG_SHORT}, {x->session, sizeof x->session, "session", ENG_SHORT},
        {x->author, sizeof x->author, "author", ENG_NAME},   {x->contact, sizeof x->contact, "contact", ENG_SHORT},
        {x->title, sizeof x->title, "title", ENG_SUBJECT},   {x->content, sizeof x->content, "content", ENG_TEXT},
    };
    for (size_t i = 0; !rc && i < sizeof f / sizeof f[0]; i++)
        rc = eng_copy(f[i].dst, f[i].cap, web_f(r, f[i].field), f[i].max, f[i].field, &e);
    if (!rc && !form_day(r, "assigned", &x->assigned))
        rc = err_field(&e, GK_EINVAL, "assigned", "日期格式应为 YYYY-MM-DD");
    if (!rc)
        rc = sug_register(&rules.sug, x, &e);
    int64_t id = 0;
    if (!rc) {
        struct sug_box box = {x};
        rc = web_create_once(r, "suggestion", console_sug_create, &box, &id, &e);
    }
    free(x);
    if (rc)
        return suggestions_page(r, rc == HTTP_CONFLICT ? HTTP_CONFLICT : HTTP_UNPROCESSABLE, e.msg[0] ? e.msg : "登记失败。");
    redirect_to(r, "/console/suggestions/%lld", id);
    return r->status;
}

static int suggestion_page(web_req *r, int status, const char *error)
{
    int64_t id;
    struct sug *x = xmalloc(sizeof *x);
    if (!web_param_id(r, 0, &id) || store_sug_get(r->st, r->agency.id, id, x, NULL)) {
        free(x);
        return web_error(r, HTTP_NOT_FOUND, "没有这件建议提案。");
    }
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_elf(&b, "h1", "%s %s", sug_kinds[x->kind].label, x->number);
    h_open(&b, "dl", "class", "meta", H_END);
    h_dt_dd(&b, "标题", x->title);
    h_el(&b, "dt", "代表委员");
    h_elf(&b, "dd", "%s（%s）", x->author, x->contact);
    h_dt_dd(&b, "承办方式", sug_roles[x->role].label);
    h_dt_dd(&b, "交办", dstr(r, x->assigned));
    h_dt_dd(&b, "期限", dstr(r, x->due));
    h_dt_dd(&b, "状态", sug_states[x->state].label);
    h_dt_dd(&b, "办理结果", sug_classes[x->cls].label);
    h_dt_dd(&b, "评价", sug_ratings[x->rating].label);
    h_close(&b, "dl");
    if (*x->reply) {
        h_el(&b, "h2", "答复");
        h_el_attr(&b, "p", x->reply, "class", "pre", H_END);
    }
    step_history(r, &b, "suggestion", x->id);
    if (error) {
        h_box(&b, "errors", "alert", error);
    }
    char p[64];
    snprintf(p, sizeof p, "/console/suggestions/%lld/step", (long long)x->id);
    h_el(&b, "h2", "办理");
    h_open(&b, "form", "class", "stack", "method", "post", "action", web_href(r, p), H_END);
    h_markup_add(&b, H_MARKUP_BUF(&hidden));
    select_codes(&b, "event", "步骤", sug_events, 1, SUG_NEVENTS);
    web_field(r, &b, &(struct web_field){.name = "text", .label = "答复、延期理由或摘要公开理由", .type = "textarea",
                                         .maxlength = ENG_TEXT, .value = ""});
    select_codes(&b, "class", "办理结果（主办件答复时）", sug_classes, 1, SUG_NCLASSES);
    select_codes(&b, "rating", "代表委员评价", sug_ratings, 1, SUG_NRATINGS);
    web_field(r, &b, &(struct web_field){.name = "until", .label = "延期至", .type = "date"});
    h_open(&b, "div", "class", "field", H_END);
    h_open(&b, "label", H_END);
    h_void(&b, "input", "type", "checkbox", "name", "summary", "value", "1", H_END);
    h_text(&b, " 仅公开摘要");
    h_close(&b, "label");
    h_close(&b, "div");
    date_and_submit(r, &b);
    free(x);
    return finish(r, status, "建议提案办理", &b, &hidden);
}

int h_console_suggestion(web_req *r)
{
    return suggestion_page(r, HTTP_OK, NULL);
}

int h_console_suggestion_step(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_error(r, HTTP_NOT_FOUND, "没有这件建议提案。");
    struct eng_rules rules;
    web_eng_rules(r, &rules);
    const char *ev = web_f(r, "event");
    int e_ev = ev ? eng_code_find(sug_events, SUG_NEVENTS, ev) : -1;
    if (e_ev < 1)
        return suggestion_page(r, HTTP_UNPROCESSABLE, "请选择办理步骤。");
    struct sug_step st = {.ev = e_ev, .text = web_f(r, "text"), .summary = web_f(r, "summary") != NULL};
    if (st.ev == SUG_EV_REPLY) {
        const char *c = web_f(r, "class");
        int k = c ? eng_code_find(sug_classes, SUG_NCLASSES, c) : 0;
        st.cls = k < 0 ? SUG_C_NONE : k;
    }
    if (st.ev == SUG_EV_RATE) {
        const char *c = web_f(r, "rating");
        int k = c ? eng_code_find(sug_ratings, SUG_NRATINGS, c) : 0;
        st.rating = k < 0 ? SUG_R_NONE : k;
    }
    if (!form_day(r, "date", &st.on) || !form_day(r, "until", &st.until))
        return suggestion_page(r, HTTP_UNPROCESSABLE, "日期格式应为 YYYY-MM-DD。");
    struct sug *before = xmalloc(sizeof *before), *after = xmalloc(sizeof *after);
    err e = {0};
    int rc = store_sug_get(r->st, r->agency.id, id, before, &e);
    if (!rc) {
        *after = *before;
        /* a joint handler's opinion is not classed */
        if (st.ev == SUG_EV_REPLY && before->role == SUG_JOINT)
            st.cls = SUG_C_NONE;
        rc = sug_apply(&rules.sug, after, &st, &e);
    }
    if (!rc)   /* publishing also puts a draft of the reply in the catalogue, in one transaction */
        rc = st.ev == SUG_EV_PUBLISH
                 ? store_sug_publish(r->st, before, after, r->agency.name, st.text, st.on, actor(r), &e)
                 : store_sug_save(r->st, before, after, sug_events[st.ev].code, st.text, st.on, actor(r), &e);
    free(before);
    free(after);
    if (rc)
        return suggestion_page(r, gk_http_status(rc), e.msg);
    redirect_to(r, "/console/suggestions/%lld", id);
    return r->status;
}

/* ======================================================================
 * consultations
 * ====================================================================== */
static int consult_row(const struct consult *k, void *arg)
{
    struct rows *l = arg;
    web_req *r = l->r;
    char p[48];
    snprintf(p, sizeof p, "/console/consultations/%lld", (long long)k->id);
    l->n++;
    h_open(l->b, "tr", H_END);
    h_open(l->b, "td", H_END);
    h_link(l->b, web_href(r, p), k->title);
    h_close(l->b, "td");
    h_el(l->b, "td", consult_kinds[k->kind].label);
    h_el(l->b, "td", dstr(r, k->opens));
    h_el(l->b, "td", dstr(r, k->closes));
    h_el(l->b, "td", k->result_published ? "已公布采纳情况" : "");
    h_close(l->b, "tr");
    return 0;
}

static const char *const consult_kind_opts[] = {"decision", "重大行政决策", "rules", "规章草案", "normative",
                                                "行政规范性文件", "other", "其他征求意见", NULL};

static int consultations_page(web_req *r, int status, const char *error)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_el(&b, "h1", "意见征集");
    if (error) {
        h_box(&b, "errors", "alert", error);
    }
    h_table_start(&b, NULL);
    h_thead(&b, "草案", "类别", "开始", "截止", "采纳情况", H_END);
    h_open(&b, "tbody", H_END);
    struct rows l = {r, &b, 0};
    store_consult_list(r->st, r->agency.id, 0, consult_row, &l, NULL);
    if (!l.n) {
        h_empty_row(&b, 5, "暂无。");
    }
    h_table_close(&b);
    h_el(&b, "h2", "发布征求意见");
    h_open(&b, "form", "class", "stack", "method", "post", "action", web_href(r, "/console/consultations"), H_END);
    h_markup_add(&b, H_MARKUP_BUF(&hidden));
    web_form_token_field(r, &b);
    web_field(r, &b, &(struct web_field){.name = "kind", .label = "类别", .type = "select", .options = consult_kind_opts});
    web_field(r, &b, &(struct web_field){.name = "title", .label = "草案名称", .required = true, .maxlength = ENG_SUBJECT});
    web_field(r, &b, &(struct web_field){.name = "opens", .label = "开始日期", .type = "date", .required = true});
    web_field(r, &b, &(struct web_field){.name = "closes", .label = "截止日期", .type = "date", .required = true,
                                         .hint = "重大行政决策、规章草案一般不少于30日；行政规范性文件一般不少于7个工作日"});
    web_field(r, &b, &(struct web_field){.name = "reason", .label = "期限较短的原因", .maxlength = ENG_SHORT});
    web_field(r, &b, &(struct web_field){.name = "draft_doc", .label = "草案文件编号", .type = "number"});
    h_el_attr(&b, "button", "发布", "type", "submit", H_END);
    h_close(&b, "form");
    return finish(r, status, "意见征集", &b, &hidden);
}

int h_console_consultations(web_req *r)
{
    return consultations_page(r, HTTP_OK, NULL);
}

struct consult_box { struct consult *k; };

static int console_consult_create(web_req *r, void *arg, int64_t *id, err *e)
{
    struct consult *k = ((struct consult_box *)arg)->k;
    int rc = store_consult_add(r->st, k, actor(r), e);
    *id = k->id;
    return rc ? HTTP_INTERNAL : 0;
}

int h_console_consultation_create(web_req *r)
{
    int64_t first = web_form_token_record(r, "consultation");
    if (first > 0) {
        redirect_to(r, "/console/consultations/%lld", first);
        return r->status;
    }
    struct eng_rules rules;
    web_eng_rules(r, &rules);
    struct consult k = {.agency_id = r->agency.id};
    const char *kind = web_f(r, "kind"), *draft = web_f(r, "draft_doc");
    for (int i = 1; kind && i <= CONS_NKINDS; i++)
        if (strcmp(consult_kinds[i].code, kind) == 0)
            k.kind = i;
    err e = {0};
    int rc = eng_copy(k.title, sizeof k.title, web_f(r, "title"), ENG_SUBJECT, "title", &e);
    if (!rc)
        rc = eng_copy(k.short_reason, sizeof k.short_reason, web_f(r, "reason"), ENG_SHORT, "reason", &e);
    if (!rc && (!form_day(r, "opens", &k.opens) || !form_day(r, "closes", &k.closes)))
        rc = err_field(&e, GK_EINVAL, "opens", "日期格式应为 YYYY-MM-DD");
    if (!rc && draft && *draft) {
        struct doc d;
        doc_init(&d);
        if (!parse_i64(draft, strlen(draft), &k.draft_doc_id) ||
            store_doc_get(r->st, r->agency.id, k.draft_doc_id, &d, NULL))
            rc = err_field(&e, GK_EINVAL, "draft_doc", "没有这个文件编号");
        doc_clear(&d);
    }
    if (!rc)
        rc = consult_check(r->cal, &k, rules.consult_min_days, &e);
    int64_t id = 0;
    if (!rc) {
        struct consult_box box = {&k};
        rc = web_create_once(r, "consultation", console_consult_create, &box, &id, &e);
    }
    if (rc)
        return consultations_page(r, HTTP_UNPROCESSABLE, e.msg[0] ? e.msg : "发布失败。");
    web_content_changed(r->app);
    redirect_to(r, "/console/consultations/%lld", id);
    return r->status;
}

struct comment_rows { web_req *r; buf *b; const char *hidden; int64_t consult; struct consult_tally t; };

static int comment_row(const struct comment *m, void *arg)
{
    struct comment_rows *c = arg;
    web_req *r = c->r;
    consult_tally_add(&c->t, m);
    char p[96];
    snprintf(p, sizeof p, "/console/consultations/%lld/comments/%lld", (long long)c->consult, (long long)m->id);
    h_open(c->b, "li", H_END);
    h_open(c->b, "p", "class", "meta", H_END);
    h_textf(c->b, "#%lld %s · %s · %s · %s %s", (long long)m->id, dstr(r, m->received), comment_states[m->state].label,
            comment_adoptions[m->adoption].label, m->name, m->contact);
    h_close(c->b, "p");
    h_el_attr(c->b, "p", m->body, "class", "pre", H_END);
    h_open(c->b, "form", "class", "inline", "method", "post", "action", web_href(r, p), H_END);
    h_markup_add(c->b, H_MARKUP(c->hidden));
    h_el_attr(c->b, "label", "处理", "for", arena_printf(&r->a, "a%lld", (long long)m->id), H_END);
    h_open(c->b, "select", "id", arena_printf(&r->a, "a%lld", (long long)m->id), "name", "decision", H_END);
    h_el_attr(c->b, "option", "公开展示", "value", "show", H_END);
    h_el_attr(c->b, "option", "不予展示", "value", "hide", H_END);
    for (int i = 1; i <= CMT_NADOPTIONS; i++)
        h_el_attr(c->b, "option", comment_adoptions[i].label, "value", comment_adoptions[i].code, H_END);
    h_close(c->b, "select");
    h_el_attr(c->b, "label", "理由", "for", arena_printf(&r->a, "r%lld", (long long)m->id), H_END);
    h_void(c->b, "input", "id", arena_printf(&r->a, "r%lld", (long long)m->id), "name", "reason", "maxlength",
           arena_printf(&r->a, "%d", ENG_SHORT), H_END);
    h_el_attr(c->b, "button", "保存", "type", "submit", H_END);
    h_close(c->b, "form");
    h_close(c->b, "li");
    return 0;
}

static int consultation_page(web_req *r, int status, const char *error)
{
    int64_t id;
    struct consult k;
    if (!web_param_id(r, 0, &id) || store_consult_get(r->st, r->agency.id, id, &k, NULL))
        return web_error(r, HTTP_NOT_FOUND, "没有这项意见征集。");
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_el(&b, "h1", k.title);
    h_elf(&b, "p", "%s · %s 至 %s", consult_kinds[k.kind].label, dstr(r, k.opens), dstr(r, k.closes));
    if (error) {
        h_box(&b, "errors", "alert", error);
    }
    h_el(&b, "h2", "收到的意见");
    h_open(&b, "ol", "class", "comments", H_END);
    struct comment_rows c = {r, &b, hidden.data, k.id, {0}};
    store_comment_list(r->st, k.id, false, comment_row, &c, NULL);
    h_close(&b, "ol");
    h_elf(&b, "p", "共%d条：采纳%d，部分采纳%d，未采纳%d，不属于范围%d，未处理%d，未展示%d。", c.t.received, c.t.adopted, c.t.partly,
          c.t.not_adopted, c.t.out_of_scope, c.t.undecided, c.t.hidden);
    if (k.result_published) {
        h_el(&b, "h2", "采纳情况（已公布）");
        h_el_attr(&b, "p", k.result, "class", "pre", H_END);
    } else {
        char p[64];
        snprintf(p, sizeof p, "/console/consultations/%lld/result", (long long)k.id);
        h_el(&b, "h2", "公布采纳情况");
        h_open(&b, "form", "class", "stack", "method", "post", "action", web_href(r, p), H_END);
        h_markup_add(&b, H_MARKUP_BUF(&hidden));
        web_field(r, &b, &(struct web_field){.name = "final_doc", .label = "正式文件编号", .type = "number",
                                             .hint = "正式发布的文件，页面将互相链接"});
        h_el_attr(&b, "button", "公布", "type", "submit", H_END);
        h_close(&b, "form");
    }
    return finish(r, status, "意见征集", &b, &hidden);
}

int h_console_consultation(web_req *r)
{
    return consultation_page(r, HTTP_OK, NULL);
}

int h_console_comment_step(web_req *r)
{
    int64_t kid, cid;
    if (!web_param_id(r, 0, &kid) || !web_param_id(r, 1, &cid))
        return web_error(r, HTTP_NOT_FOUND, "没有这条意见。");
    struct consult k;
    struct comment before, after;
    err e = {0};
    int rc = store_consult_get(r->st, r->agency.id, kid, &k, &e);
    if (!rc)
        rc = store_comment_get(r->st, r->agency.id, cid, &before, &e);
    if (!rc && before.consult_id != kid)
        rc = err_set(&e, GK_ENOTFOUND, "", "没有这条意见。");
    if (rc)
        return consultation_page(r, gk_http_status(rc), e.msg);
    after = before;
    const char *d = web_f(r, "decision"), *reason = web_f(r, "reason");
    const char *event = d ? d : "";
    if (d && (strcmp(d, "show") == 0 || strcmp(d, "hide") == 0)) {
        event = strcmp(d, "show") == 0 ? "shown" : "hidden";
        rc = comment_moderate(&after, strcmp(d, "show") == 0, reason, &e);
    } else {
        int a = d ? eng_code_find(comment_adoptions, CMT_NADOPTIONS, d) : -1;
        rc = a < 1 ? err_set(&e, GK_EINVAL, "decision", "请选择处理方式。")
                   : comment_adopt(&k, &after, a, reason, date_today(), &e);
    }
    if (!rc)
        rc = store_comment_save(r->st, &before, &after, event, actor(r), &e);
    if (rc)
        return consultation_page(r, gk_http_status(rc), e.msg);
    web_content_changed(r->app);
    redirect_to(r, "/console/consultations/%lld", kid);
    return r->status;
}

static int tally_one(const struct comment *m, void *arg)
{
    consult_tally_add(arg, m);
    return 0;
}

int h_console_consultation_result(web_req *r)
{
    int64_t id;
    struct consult before, after;
    if (!web_param_id(r, 0, &id) || store_consult_get(r->st, r->agency.id, id, &before, NULL))
        return web_error(r, HTTP_NOT_FOUND, "没有这项意见征集。");
    after = before;
    struct consult_tally t = {0};
    err e = {0};
    const char *final = web_f(r, "final_doc");
    int rc = 0;
    if (final && *final) {
        struct doc d;
        doc_init(&d);
        if (!parse_i64(final, strlen(final), &after.final_doc_id) ||
            store_doc_get(r->st, r->agency.id, after.final_doc_id, &d, NULL))
            rc = err_field(&e, GK_EINVAL, "final_doc", "没有这个文件编号");
        doc_clear(&d);
    }
    if (!rc)
        rc = store_comment_list(r->st, id, false, tally_one, &t, &e);
    if (!rc)
        rc = consult_close(&before, &t, date_today(), &after, &e);
    if (!rc)
        rc = store_consult_save(r->st, &before, &after, "result", actor(r), &e);
    if (rc)
        return consultation_page(r, gk_http_status(rc), e.msg);
    web_content_changed(r->app);
    redirect_to(r, "/console/consultations/%lld", id);
    return r->status;
}
