/* web — one application in the console: its deadline and state, the
 * applicant (shown to the staff who handle it), the steps so far, the forms of
 * the events the state allows and the role may take, the reply letter and
 * the documents in the 公文 layout; and the event taken (wapp_apply_event, which
 * the API shares). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "disclosure/disclosure.h"
#include "docgen/docgen.h"
#include "web/apps_console.h"
#include "web/web_internal.h"

/* ---- one application ---- */

bool wapp_load(web_req *r, struct app *a)
{
    const char *no = web_param(r, 0);
    return no && strlen(no) < 24 && store_app_get(r->st, r->agency.id, no, a, NULL) == 0;
}

static int step_row(const struct store_app_step *s, void *arg)
{
    buf *b = arg;
    h_open(b, "tr", H_END);
    h_el(b, "td", s->on_date);
    h_open(b, "td", H_END);
    h_text(b, s->actor);
    h_close(b, "td");
    h_open(b, "td", H_END);
    const char *label = strcmp(s->event, "register") == 0 ? "登记申请"
                        : strcmp(s->event, "redate") == 0 ? "工作日历更新，重新计算期限" : s->event;
    for (int i = 1; i <= APP_NEVENTS; i++)
        if (strcmp(app_events[i].code, s->event) == 0)
            label = app_events[i].label;
    h_text(b, label);
    h_close(b, "td");
    h_open(b, "td", H_END);
    h_text(b, s->summary ? s->summary : "");
    h_close(b, "td");
    h_close(b, "tr");
    return 0;
}

/* The extension's fields (Art. 33: at most APP_MAX_EXTENSION working days,
 * approved by the head of the disclosure office). */
static void extend_fields(web_req *r, buf *b)
{
    char mx[12];
    snprintf(mx, sizeof mx, "%d", APP_MAX_EXTENSION);
    h_open(b, "label", "for", "days", H_END);
    h_textf(b, "延长工作日数（最多%s）", mx);
    h_close(b, "label");
    h_void(b, "input", "type", "number", "id", "days", "name", "days", "min", "1", "max", mx, "value", mx, "required",
           "", H_END);
    h_el_attr(b, "label", "批准人（政府信息公开工作机构负责人）", "for", "approver", H_END);
    h_void(b, "input", "type", "text", "id", "approver", "name", "approver", "required", "", "maxlength", "100",
           "value", r->user->name, H_END);
    h_el_attr(b, "label", "延期理由", "for", "reason", H_END);
    h_el_attr(b, "textarea", NULL, "id", "reason", "name", "reason", "required", "", "maxlength", "500", H_END);
}

/* The form for one event, when the state allows it and the role may take it. */

/* A labelled select of two choices (value, label), the first selected. */
static void select_field(buf *b, const char *label, const char *id, const char *name, const char *const opt[2][2])
{
    h_el_attr(b, "label", label, "for", id, H_END);
    h_open(b, "select", "id", id, "name", name, H_END);
    for (int k = 0; k < 2; k++)
        h_el_attr(b, "option", opt[k][1], "value", opt[k][0], H_END);
    h_close(b, "select");
}
/* The fields of event ev beyond its date. */
static void event_fields_form(web_req *r, buf *b, const struct app *a, int ev, const buf *approved)
{
    const char *code = app_events[ev].code;
    switch (ev) {
    case APP_EV_SUPPLEMENT_REQUEST:
        h_el_attr(b, "label", "需要补正的事项", "for", "what", H_END);
        h_el_attr(b, "textarea", NULL, "id", "what", "name", "what", "required", "", "maxlength", "1000", H_END);
        h_el_attr(b, "label", "补正期限", "for", "by", H_END);
        h_void(b, "input", "type", "date", "id", "by", "name", "by", "required", "", H_END);
        break;
    case APP_EV_CONSULT_START:
        select_field(b, "征求对象", "ck", "consult_kind", (const char *const[][2]){{"1", "第三方（《条例》第三十二条）"},
                                                                     {"2", "其他行政机关（《条例》第三十四条）"}});
        h_el_attr(b, "label", "名称", "for", "party", H_END);
        h_void(b, "input", "type", "text", "id", "party", "name", "party", "required", "", "maxlength", "200", H_END);
        break;
    case APP_EV_EXTEND:
        extend_fields(r, b);
        break;
    case APP_EV_FEE_NOTICE:
        select_field(b, "计收方式", "fm", "fee_method", (const char *const[][2]){{"pages", "按量（页数）"},
                                                                    {"count", "按件（本月第几件由系统统计）"}});
        h_el_attr(b, "label", "页数（按量计收时）", "for", "pages", H_END);
        h_void(b, "input", "type", "number", "id", "pages", "name", "pages", "min", "0", "max", "100000", H_END);
        break;
    case APP_EV_ANSWER:
        h_markup_add(b, H_MARKUP_BUF(approved));
        break;
    case APP_EV_DELIVER:
        h_el_attr(b, "label", "送达方式", "for", "how", H_END);
        h_open(b, "select", "id", "how", "name", "how", H_END);
        for (int i = 1; i <= APP_NDELIVERY; i++)
            h_el_attr(b, "option", app_deliveries[i].label, "value", app_deliveries[i].code, "selected",
                      i == a->delivery ? "" : H_OMIT, H_END);
        h_close(b, "select");
        h_el_attr(b, "label", "送达凭据（邮寄填邮件号；当面填签收人；电子邮件填收件邮箱，默认申请人邮箱）", "for", "ref", H_END);
        h_void(b, "input", "type", "text", "id", "ref", "name", "ref", "maxlength", LIM_S(LIM_APP_DL_REF), H_END);
        h_el_attr(b, "label", "送达证明", "for", "proof", H_END);
        h_el_attr(b, "textarea", NULL, "id", "proof", "name", "proof", "maxlength", LIM_S(LIM_APP_DL_PROOF), H_END);
        break;
    case APP_EV_CONSULT_END:
    case APP_EV_FEE_WAIVED:
    case APP_EV_WITHDRAW:
        h_el_attr(b, "label", "说明", "for", arena_printf(&r->a, "note-%s", code), H_END);
        h_el_attr(b, "textarea", NULL, "id", arena_printf(&r->a, "note-%s", code), "name", "note", "maxlength", "1000",
                  H_END);
        break;
    default:
        break;
    }
}

static void event_form(web_req *r, buf *b, const struct app *a, int ev, const char *hidden)
{
    if (!app_event_allowed(a->state, ev) || (ev == APP_EV_DELIVER && !app_awaits_delivery(a)))
        return;
    if (ev == APP_EV_EXTEND ? !web_can(r, PERM_APP_EXTEND) : !web_can(r, PERM_APP_PROCESS))
        return;
    buf approved;   /* the answer gives the reply approved (issue 18): shown only then */
    buf_init(&approved);
    if (ev == APP_EV_ANSWER && !web_chain_answer_fields(r, &approved, a)) {
        buf_free(&approved);
        return;
    }
    const char *code = app_events[ev].code;
    char today[11];
    date_format(date_today(), today);
    h_open(b, "details", H_END);
    h_el(b, "summary", app_events[ev].label);
    h_open(b, "form", "class", "stack", "method", "post", "action",
           arena_printf(&r->a, "/console/applications/%s/events", a->no), H_END);
    h_markup_add(b, H_MARKUP(hidden));
    h_void(b, "input", "type", "hidden", "name", "kind", "value", code, H_END);
    h_el_attr(b, "label", "日期", "for", arena_printf(&r->a, "d-%s", code), H_END);
    h_void(b, "input", "type", "date", "id", arena_printf(&r->a, "d-%s", code), "name", "date", "value", today,
           "required", "", H_END);
    event_fields_form(r, b, a, ev, &approved);
    h_el_attr(b, "button", app_events[ev].label, "type", "submit", H_END);
    h_close(b, "form");
    h_close(b, "details");
    buf_free(&approved);
}

/* Download links for the letters this application has: each as Word and PDF
 * in the 公文 layout (h_console_app_doc). */
static void letter_links(buf *b, const struct app *a)
{
    bool any = false;
    for (int i = 0; i < app_nletter_kinds; i++) {
        const struct app_letter_kind *k = &app_letter_kinds[i];
        if (!app_letter_available(a, k))
            continue;
        if (!any) {
            h_open(b, "section", "aria-labelledby", "docs", H_END);
            h_el_attr(b, "h2", "文书下载（公文格式，可打印盖章）", "id", "docs", H_END);
            h_open(b, "ul", "class", "letter-docs", H_END);
        }
        any = true;
        char docx[128], pdf[128];
        snprintf(docx, sizeof docx, "/console/applications/%s/documents/%s.docx", a->no, k->code);
        snprintf(pdf, sizeof pdf, "/console/applications/%s/documents/%s.pdf", a->no, k->code);
        h_open(b, "li", H_END);
        h_textf(b, "%s：", k->label);
        h_el_attr(b, "a", "Word（DOCX）", "href", docx, "download", "", H_END);
        h_text(b, " ");
        h_el_attr(b, "a", "PDF", "href", pdf, "download", "", H_END);
        h_close(b, "li");
    }
    if (any) {
        h_close(b, "ul");
        h_close(b, "section");
    }
}

/* The number, the state with its urgency and the next deadline. */
static void app_view_head(web_req *r, buf *b, const struct app *a)
{
    const struct app_state_def *sd = &app_states[a->state];
    buf label;
    buf_init(&label);
    app_status_label(a, &label);
    h_elf(b, "h1", "申请 %s", a->no);
    h_open(b, "p", H_END);
    h_el_attr(b, "span", label.data ? label.data : sd->label, "class", sd->open ? "tag warn" : "tag ok", H_END);
    h_text(b, " ");
    buf_free(&label);
    if (sd->open) {
        char due[11];
        wapp_day(a->due, due);
        wapp_urgency_tag(b, wapp_days_left(r, a->due));
        h_textf(b, " 下一期限：%s（%s）", due, app_due_labels[a->due_kind]);
    }
    h_close(b, "p");
    buf n;
    buf_init(&n);
    app_provisional_note(r->cal, a, &n);
    if (n.len)
        h_el_attr(b, "p", n.data, "class", "notice provisional", H_END);
    buf_free(&n);
}

/* The delivery (送达) with its proof, or that it is still owed. */
static void app_view_delivery(buf *b, const struct app *a)
{
    if (a->dl_how) {
        char dd[11];
        wapp_day(a->delivered, dd);
        h_el(b, "dt", "送达");
        h_open(b, "dd", H_END);
        h_textf(b, "%s %s", dd, app_deliveries[a->dl_how].label);
        if (a->dl_ref[0])
            h_textf(b, "；%s：%s", app_serve_rules[a->dl_how].ref_label, a->dl_ref);
        if (a->dl_proof[0])
            h_textf(b, "；证明：%s", a->dl_proof);
        h_close(b, "dd");
    } else if (app_awaits_delivery(a)) {
        h_el(b, "dt", "送达");
        h_open(b, "dd", H_END);
        h_el_attr(b, "span", "尚未送达", "class", "tag warn", H_END);
        h_close(b, "dd");
    }
}

/* The register's fields, the applicant's among them (the route asks for
 * PERM_APP_VIEW), fees, extension and delivery. */
static void app_view_meta(web_req *r, buf *b, const struct app *a)
{
    bool open = app_states[a->state].open;
    char rec[11], sub[11], rdue[11], done[11];
    wapp_day(a->received, rec);
    wapp_day(a->submitted, sub);
    wapp_day(a->reply_due, rdue);
    wapp_day(a->concluded, done);
    h_open(b, "dl", "class", "meta", H_END);
    h_dt_dd(b, "查询码", a->tracking);
    h_dt_dd(b, "提交方式", app_channels[a->channel].label);
    h_dt_dd(b, "提交日期", sub);
    h_dt_dd(b, "收到申请日期", rec);
    h_dt_dd(b, "答复期限", rdue);
    if (!open) {
        h_dt_dd(b, "办结日期", done);
        h_dt_dd(b, "答复类型", app_outcome_find(a->outcome) ? app_outcome_find(a->outcome)->label : a->outcome);
    }
    h_dt_dd(b, "申请人类型", rpt_col_labels[a->kind]);
    h_dt_dd(b, "姓名或名称", a->name);
    h_dt_dd(b, "证件号码", a->id_number[0] ? a->id_number : "—");
    h_dt_dd(b, "联系电话", a->phone[0] ? a->phone : "—");
    h_dt_dd(b, "电子邮箱", a->email[0] ? a->email : "—");
    h_dt_dd(b, "通信地址", a->address[0] ? a->address : "—");
    h_dt_dd(b, "获取方式", app_deliveries[a->delivery].label);
    h_dt_dd(b, "所需信息", a->request);
    if (a->fee_method)
        h_dt_dd(b, "信息处理费",
               arena_printf(&r->a, "%lld元%s", (long long)a->fee_yuan, a->fee_waived ? "（已减免）" : ""));
    if (a->ext_days)
        h_dt_dd(b, "延期", arena_printf(&r->a, "%d个工作日", a->ext_days));
    app_view_delivery(b, a);
    h_close(b, "dl");
}

/* The letters, the handling chain's panel and the forms of the steps the
 * state allows. */
static void app_view_actions(web_req *r, buf *b, const struct app *a, const char *hidden)
{
    if (!app_states[a->state].open) {
        h_open(b, "p", H_END);
        h_el_attr(b, "a", "打印答复告知书", "class", "button", "href",
                  arena_printf(&r->a, "/console/applications/%s/letter", a->no), H_END);
        h_close(b, "p");
    }
    letter_links(b, a);
    web_chain_panel(r, b, a, hidden);   /* assign, draft, approve (issue 18) */
    buf ev;
    buf_init(&ev);
    for (int k = 1; k <= APP_NEVENTS; k++)
        event_form(r, &ev, a, k, hidden);
    if (ev.len) {
        h_open(b, "section", "class", "actions", "aria-labelledby", "steps", H_END);
        h_el_attr(b, "h2", "办理", "id", "steps", H_END);
        h_markup_add(b, H_MARKUP_BUF(&ev));
        h_close(b, "section");
    }
    buf_free(&ev);
}

int h_console_app(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!wapp_load(r, a)) {
        free(a);
        return web_error(r, HTTP_NOT_FOUND, "没有这件申请。");
    }
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    app_view_head(r, &b, a);
    app_view_meta(r, &b, a);
    app_view_actions(r, &b, a, hidden.data);
    h_el(&b, "h2", "办理记录");
    h_table_start(&b, NULL);
    h_thead(&b, "日期", "经办人", "环节", "内容", H_END);
    h_open(&b, "tbody", H_END);
    store_app_steps(r->st, a->id, step_row, &b, NULL);
    h_table_close(&b);
    char title[48];
    snprintf(title, sizeof title, "申请 %s", a->no);
    free(a);
    web_page_console(r, HTTP_OK, title, "apps", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return HTTP_OK;
}

/* web_chain_event (pages_chain.c) still answers with an HTTP status and a
 * message; its status goes back to the GK_* code that gives it. */
static int chain_event(web_req *r, struct app *a, int chain, const char *(*get)(web_req *, const char *), err *e)
{
    static const int codes[] = {GK_EINVAL, GK_ENOTFOUND, GK_ESTATE, GK_ERANGE, GK_EPERM, GK_EIO};
    char msg[sizeof e->msg];
    int st = web_chain_event(r, a, chain, get, msg, sizeof msg);
    if (!st)
        return 0;
    int code = GK_EIO;
    for (size_t i = sizeof codes / sizeof codes[0]; i-- > 0;)
        if (gk_http_status(codes[i]) == st)
            code = codes[i];
    return err_set(e, code, "kind", "%s", msg);
}

/* The event's fields from get (form or JSON), checked: 0, or GK_EINVAL with e. */
static int event_fields(web_req *r, struct app_event *ev, const char *(*get)(web_req *, const char *), err *e)
{
    const char *v;
    if ((v = get(r, "date")) && *v && date_parse(v, &ev->date, NULL))
        return err_field(e, GK_EINVAL, "date", "日期格式应为 YYYY-MM-DD。");
    if ((v = get(r, "by")) && *v && date_parse(v, &ev->by, NULL))
        return err_field(e, GK_EINVAL, "by", "补正期限格式应为 YYYY-MM-DD。");
    ev->what = get(r, "what");
    ev->party = get(r, "party");
    ev->note = get(r, "note");
    ev->approver = get(r, "approver");
    ev->reason = get(r, "reason");
    ev->outcome = get(r, "outcome");
    ev->detail = get(r, "detail");
    ev->refer = get(r, "refer");
    ev->ref = get(r, "ref");
    ev->proof = get(r, "proof");
    if ((v = get(r, "how")) && *v) {
        for (int i = 1; i <= APP_NDELIVERY; i++)
            if (strcmp(v, app_deliveries[i].code) == 0)
                ev->how = i;
        if (!ev->how)
            return err_field(e, GK_EINVAL, "how", "送达方式无效。");
    }
    /* limits in characters (base/limits.h), refused in Chinese naming the field */
    static const enum lim_field texts[] = {LIM_F_APP_SUP_WHAT, LIM_F_APP_PARTY,  LIM_F_APP_APPROVER,
                                           LIM_F_APP_EXT_REASON, LIM_F_APP_DETAIL, LIM_F_APP_REFER,
                                           LIM_F_APP_WITHDRAW_REASON, LIM_F_APP_DL_REF, LIM_F_APP_DL_PROOF};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        buf m;
        buf_init(&m);
        lim_msg_cn(texts[i], get(r, lim_fields[texts[i]].key), &m);
        bool over = m.data != NULL;
        if (over)
            err_field(e, GK_EINVAL, lim_fields[texts[i]].key, "%s", m.data);
        buf_free(&m);
        if (over)
            return GK_EINVAL;
    }
    int64_t x;
    if ((v = get(r, "consult_kind")) && *v && parse_i64(v, strlen(v), &x))
        ev->consult_kind = (int)x;
    if ((v = get(r, "days")) && *v && parse_i64(v, strlen(v), &x) && x > 0 && x < 1000)
        ev->days = (int)x;
    if ((v = get(r, "pages")) && *v && parse_i64(v, strlen(v), &x) && x >= 0 && x < 1000000)
        ev->pages = (int)x;
    if ((v = get(r, "fee_method")))
        ev->fee_method = strcmp(v, "count") == 0 ? FEE_BY_COUNT : strcmp(v, "pages") == 0 ? FEE_BY_PAGES : 0;
    return 0;
}

/* Applies an event from fields (form or JSON): 0 and *a updated, or a GK_*
 * code with the reason in e (GK_EPERM: not the user's role). */
int wapp_apply_event(web_req *r, struct app *a, const char *(*get)(web_req *, const char *), err *e)
{
    struct app_event ev = {0};
    const char *v = get(r, "kind");
    int chain = v ? web_chain_kind(v) : -1;
    if (chain > 0)   /* assign, reassign, draft, return, approve (issue 18) */
        return chain_event(r, a, chain, get, e);
    for (int i = 1; v && i <= APP_NEVENTS; i++)
        if (strcmp(v, app_events[i].code) == 0)
            ev.kind = i;
    if (!ev.kind)
        return err_field(e, GK_EINVAL, "kind", "没有这个办理环节。");
    if (ev.kind == APP_EV_EXTEND ? !web_can(r, PERM_APP_EXTEND) : !web_can(r, PERM_APP_PROCESS))
        return err_set(e, GK_EPERM, "kind", "您的角色不能办理“%s”。", app_events[ev.kind].label);
    if (event_fields(r, &ev, get, e))
        return e->code;
    if (ev.kind == APP_EV_FEE_NOTICE && ev.fee_method == FEE_BY_COUNT && store_app_nth_in_month(r->st, a, &ev.nth_in_month, e))
        return err_set(e, e->code, "fee_method", "无法统计本月申请件数。");
    struct app_chain *approved = xmalloc(sizeof *approved);
    if (ev.kind == APP_EV_ANSWER)   /* without an outcome: the reply approved */
        web_chain_answer_fill(r, a, &ev, approved);
    struct app_rules rules;
    web_app_rules(r, &rules);
    struct app *after = xmalloc(sizeof *after);
    *after = *a;
    int rc = app_step(&rules, r->cal, after, &ev, e);
    if (rc) {
        free(approved);
        free(after);
        return rc;
    }
    buf sum;
    buf_init(&sum);
    app_step_summary(after, &ev, &sum);
    rc = store_app_save(r->st, a, after, r->user->login, app_events[ev.kind].code, after->last_step, sum.data, e);
    buf_free(&sum);
    if (!rc) {
        *a = *after;
        web_mail_wake(r->app);   /* what the step owes by mail goes out now */
    }
    free(after);
    free(approved);
    return rc;
}

int h_console_app_event(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!wapp_load(r, a)) {
        free(a);
        return web_error(r, HTTP_NOT_FOUND, "没有这件申请。");
    }
    err e = {0};
    int rc = wapp_apply_event(r, a, web_f, &e);
    char loc[80];
    snprintf(loc, sizeof loc, "/console/applications/%s?msg=done", a->no);
    free(a);
    if (rc)
        return web_fail(r, &e, NULL);
    return web_redirect(r, web_href(r, loc));
}

int wapp_letter(web_req *r, const struct app *a, bool html, buf *out, err *e)
{
    struct app_letter_ctx ctx = {.agency = r->agency.name};
    ctx.review_body = web_setting(r, "disclosure.review_body", NULL);
    ctx.court = web_setting(r, "disclosure.court", NULL);
    ctx.contact = web_setting(r, "disclosure.contact", NULL);
    ctx.cites = web_chain_cites(r, a);
    return app_reply_letter(a, &ctx, html, out, e);
}

int h_console_app_letter(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!wapp_load(r, a)) {
        free(a);
        return web_error(r, HTTP_NOT_FOUND, "没有这件申请。");
    }
    buf l, b;
    buf_init(&l);
    buf_init(&b);
    err e = {0};
    int rc = wapp_letter(r, a, true, &l, &e);
    char no[24];
    snprintf(no, sizeof no, "%s", a->no);
    free(a);
    if (rc) {
        buf_free(&l);
        buf_free(&b);
        return web_error(r, HTTP_CONFLICT, "申请尚未办结，还没有答复告知书。");
    }
    h_open(&b, "p", "class", "no-print", H_END);
    h_link(&b, arena_printf(&r->a, "/console/applications/%s", no), "返回申请");
    h_text(&b, " · 使用浏览器的打印功能打印本页。");
    h_close(&b, "p");
    h_open(&b, "div", "class", "letter", H_END);
    h_markup_add(&b, H_MARKUP_BUF(&l));
    h_close(&b, "div");
    web_page_console(r, HTTP_OK, "答复告知书", "apps", b.data);
    buf_free(&l);
    buf_free(&b);
    return HTTP_OK;
}

/* GET /console/applications/:no/documents/:file — a letter as a 公文 to
 * print and stamp: file is KIND.docx or KIND.pdf (app_letter_kinds). */
int h_console_app_doc(web_req *r)
{
    const char *file = web_param(r, 1), *dot = file ? strrchr(file, '.') : NULL;
    char kind[16];
    enum gkd_format f;
    const struct app_letter_kind *k = NULL;
    if (dot && (size_t)(dot - file) < sizeof kind) {
        snprintf(kind, sizeof kind, "%.*s", (int)(dot - file), file);
        k = app_letter_kind_find(kind);
    }
    if (!k || gkd_format_parse(dot + 1, &f, NULL))
        return web_error(r, HTTP_NOT_FOUND, "没有这种文书。");
    struct app *a = xmalloc(sizeof *a);
    if (!wapp_load(r, a)) {
        free(a);
        return web_error(r, HTTP_NOT_FOUND, "没有这件申请。");
    }
    struct app_letter_ctx ctx = {.agency = r->agency.name};
    ctx.review_body = web_setting(r, "disclosure.review_body", NULL);
    ctx.court = web_setting(r, "disclosure.court", NULL);
    ctx.contact = web_setting(r, "disclosure.contact", NULL);
    buf note, out;
    buf_init(&note);
    buf_init(&out);
    app_provisional_note(r->cal, a, &note);
    ctx.provisional = note.data;
    ctx.cites = web_chain_cites(r, a);
    struct app_rules rules;
    web_app_rules(r, &rules);
    gkd_doc *d = NULL;
    err e = {0};
    int rc = app_letter_doc(a, k, &ctx, rules.fee_stops_clock, &d, &e);
    if (!rc)
        rc = gkd_render(d, f, &out, &e);
    gkd_free(d);
    buf_free(&note);
    int status = HTTP_OK;
    if (rc == GK_ESTATE)
        status = web_error(r, HTTP_CONFLICT, arena_printf(&r->a, "这件申请还没有%s。", k->label));
    else if (rc)
        status = web_error(r, gk_http_status(rc), "无法生成文书，请稍后重试。");
    else {
        web_add_header(r, "Content-Disposition",
                       arena_printf(&r->a, "attachment; filename=\"%s-%s.%s\"", a->no, k->code, gkd_format_ext(f)));
        web_text(r, HTTP_OK, gkd_format_mime(f), out.data, out.len);
    }
    free(a);
    buf_free(&out);
    return status;
}

