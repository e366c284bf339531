/* web — 依申请公开 in the console: applications by urgency (overdue in red,
 * due within three working days in amber), registering an application that
 * came on paper, one application with its history and the steps the
 * Regulation allows from its state (supplementation, consultation,
 * extension, fees, the answer, withdrawal), the reply letter to print, and
 * review and litigation cases; the same through /api/v1/. Personal data
 * (name, ID number, phone, address) is shown only to roles with PERM_APP_VIEW. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "disclosure/disclosure.h"
#include "docgen/docgen.h"
#include "web/apps_console.h"
#include "web/web_internal.h"

void wapp_day(gk_day d, char out[11])
{
    if (d)
        date_format(d, out);
    else
        snprintf(out, 11, "—");
}

/* Working days left to a deadline; INT32_MIN when it cannot be said. */
int wapp_days_left(web_req *r, gk_day due)
{
    int n;
    if (!due || app_days_left(r->cal, date_today(), due, &n, NULL))
        return INT32_MIN;
    return n;
}

/* The urgency tag of a deadline: overdue, due within three working days, or plain. */
void wapp_urgency_tag(buf *b, int left)
{
    if (left == INT32_MIN)
        h_el_attr(b, "span", "—", "class", "tag", H_END);
    else if (left < 0) {
        h_open(b, "span", "class", "tag bad", H_END);
        h_textf(b, "逾期%d个工作日", -left);
        h_close(b, "span");
    } else if (left == 0)
        h_el_attr(b, "span", "今天到期", "class", "tag bad", H_END);
    else if (left <= 3) {
        h_open(b, "span", "class", "tag warn", H_END);
        h_textf(b, "剩%d个工作日", left);
        h_close(b, "span");
    } else {
        h_open(b, "span", "class", "tag ok", H_END);
        h_textf(b, "剩%d个工作日", left);
        h_close(b, "span");
    }
}

static const char *row_class(int left)
{
    if (left == INT32_MIN)
        return "";
    return left <= 0 ? "overdue" : left <= 3 ? "soon" : "";
}

static void short_text(buf *b, const char *s, size_t max_chars)
{
    size_t n = strlen(s), i = 0, chars = 0;
    while (i < n && chars < max_chars) {
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        i += l > 0 ? (size_t)l : 1;
        chars++;
    }
    h_text_n(b, s, i);
    if (i < n)
        h_text(b, "…");
}

/* ---- lists ---- */

struct rows {
    web_req *r;
    buf *b;
    int n;
    bool open_view;          /* deadlines and urgency (open applications) */
};

static int app_row(const struct app *a, void *arg)
{
    struct rows *x = arg;
    web_req *r = x->r;
    buf *b = x->b;
    const struct app_state_def *sd = &app_states[a->state];
    int left = sd->open ? wapp_days_left(r, a->due) : INT32_MIN;
    char rec[11], due[11];
    wapp_day(a->received, rec);
    wapp_day(sd->open ? a->due : a->concluded, due);
    h_open(b, "tr", "class", x->open_view ? row_class(left) : "", H_END);
    h_open(b, "td", H_END);
    h_link(b, arena_printf(&r->a, "/console/applications/%s", a->no), a->no);
    h_close(b, "td");
    h_el(b, "td", rec);
    h_open(b, "td", H_END);
    h_text(b, due);
    if (sd->open && a->due_kind) {
        h_void(b, "br", H_END);
        h_open(b, "span", "class", "muted", H_END);
        h_textf(b, "%s%s", app_due_labels[a->due_kind], app_provisional(r->cal, a) ? "（暂定）" : "");
        h_close(b, "span");
    }
    h_close(b, "td");
    h_open(b, "td", H_END);
    if (sd->open)
        wapp_urgency_tag(b, left);
    h_close(b, "td");
    h_open(b, "td", H_END);
    buf label;
    buf_init(&label);
    app_status_label(a, &label);
    h_text(b, label.data ? label.data : sd->label);
    buf_free(&label);
    h_close(b, "td");
    h_open(b, "td", H_END);
    buf nm;
    buf_init(&nm);
    app_mask_name(a->name, a->kind, &nm);
    h_text(b, nm.data ? nm.data : "");
    buf_free(&nm);
    h_close(b, "td");
    h_open(b, "td", H_END);
    short_text(b, a->request, 28);
    h_close(b, "td");
    h_close(b, "tr");
    x->n++;
    return 0;
}

static void table_head(buf *b, const char *caption)
{
    h_table_start(b, NULL);
    h_open(b, "caption", H_END);
    h_text(b, caption);
    h_close(b, "caption");
    h_thead(b, "编号", "收到日期", "期限", "紧迫程度", "状态", "申请人", "所需信息", H_END);
    h_open(b, "tbody", H_END);
}

/* Open applications, most urgent first. */
static int urgent_table(web_req *r, buf *b, const char *caption)
{
    table_head(b, caption);
    struct rows x = {r, b, 0, true};
    store_app_due(r->st, r->agency.id, date_today() + 400, app_row, &x, NULL);
    if (!x.n) {
        h_empty_row(b, 7, "没有办理中的申请。");
    }
    h_table_close(b);
    return x.n;
}

/* Answered, the reply not yet served (送达): staff must deliver it. */
static int undelivered_table(web_req *r, buf *b)
{
    buf t;
    buf_init(&t);
    table_head(&t, "已答复待送达的申请（答复书尚未送达申请人）");
    struct rows x = {r, &t, 0, false};
    struct store_app_filter f = {.agency_id = r->agency.id, .kind = -1, .limit = 200, .undelivered = true};
    store_app_list(r->st, &f, app_row, &x, NULL);
    h_table_close(&t);
    if (x.n)
        h_markup_add(b, H_MARKUP_BUF(&t));
    buf_free(&t);
    return x.n;
}

void web_dash_apps(web_req *r, buf *b)
{
    if (!web_can(r, PERM_APP_VIEW))
        return;
    h_el(b, "h2", "依申请公开：办理中的申请");
    h_open(b, "p", "class", "muted", H_END);
    h_text(b, "按期限排序；");
    h_el_attr(b, "span", "红色", "class", "tag bad", H_END);
    h_text(b, "为已逾期或今天到期，");
    h_el_attr(b, "span", "黄色", "class", "tag warn", H_END);
    h_text(b, "为3个工作日内到期。");
    h_close(b, "p");
    urgent_table(r, b, "办理中的申请（最紧迫的在前）");
    undelivered_table(r, b);
    web_dash_mail(r, b);
    if (web_can(r, PERM_APP_REGISTER)) {
        h_open(b, "p", H_END);
        h_el_attr(b, "a", "登记纸质申请", "class", "button", "href", "/console/applications/new", H_END);
        h_close(b, "p");
    }
}

/* ---- the register exported (issue 16 item 8) ----
 * The applications received in a date range, as CSV or XLSX: who asked for
 * what and what became of it. The applicant's ID number, phone, e-mail and
 * address stay out (the register needs them not; the application page has
 * them for whoever may see it). */
static const char *const register_head[] = {"申请编号", "收到申请日期", "提交方式", "申请人类型", "申请人姓名或名称", "所需信息",
                                            "获取方式", "状态", "答复期限", "办结日期", "答复类型"};
#define REGISTER_NCOLS ((int)(sizeof register_head / sizeof register_head[0]))

static int register_row(const struct app *a, void *arg)
{
    struct web_export *x = arg;
    char rec[11], due[11], done[11];
    wapp_day(a->received, rec);
    wapp_day(a->reply_due, due);
    wapp_day(a->concluded, done);
    const struct app_outcome *o = app_outcome_find(a->outcome);
    const char *cells[REGISTER_NCOLS] = {a->no, rec, app_channels[a->channel].label, rpt_col_labels[a->kind], a->name,
                                         a->request, app_deliveries[a->delivery].label, app_states[a->state].label,
                                         app_states[a->state].open ? due : "", done, o ? o->label : ""};
    web_export_row(x, cells);
    return x->over;
}

/* since and until of the query (YYYY-MM-DD, optional); false with msg. */
static int date_range(web_req *r, const char **since, const char **until, err *e)
{
    const char *names[2] = {"since", "until"}, **dst[2] = {since, until};
    gk_day d[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        const char *v = web_q(r, names[i]);
        *dst[i] = NULL;
        if (v && *v) {
            if (date_parse(v, &d[i], NULL))
                return err_field(e, GK_EINVAL, names[i], "%s应为 YYYY-MM-DD 格式的日期。", i ? "截止日期" : "起始日期");
            *dst[i] = v;
        }
    }
    if (d[0] && d[1] && d[0] > d[1])
        return err_field(e, GK_EINVAL, "until", "起始日期晚于截止日期。");
    return 0;
}

int h_console_apps_export(web_req *r)
{
    struct store_app_filter f = {.agency_id = r->agency.id, .kind = -1, .limit = WEB_EXPORT_MAX_ROWS + 1};
    err e = {0};
    if (date_range(r, &f.since, &f.until, &e))
        return web_error(r, HTTP_BAD_REQUEST, e.msg);
    struct web_export x;
    int rc = web_export_open(&x, web_q(r, "format"), "申请登记", REGISTER_NCOLS, register_head);
    if (rc == GK_EINVAL)
        return web_error(r, HTTP_BAD_REQUEST, "格式参数应为 csv 或 xlsx。");
    if (rc)
        return web_error(r, HTTP_INTERNAL, "无法生成表格文件，请稍后重试。");
    if (store_app_list(r->st, &f, register_row, &x, NULL)) {
        web_export_free(&x);
        return web_error(r, HTTP_INTERNAL, "无法读取申请登记，请稍后重试。");
    }
    return web_export_send(r, &x, arena_printf(&r->a, "applications-%s-%s-%s", r->agency.code,
                                               f.since ? f.since : "start", f.until ? f.until : "today"));
}

/* The export form under the register. */
static void export_form(web_req *r, buf *b, const char *action, const char *what)
{
    h_open(b, "form", "class", "filters", "method", "get", "action", action, H_END);
    h_open(b, "fieldset", H_END);
    h_elf(b, "legend", "导出%s", what);
    if (r->large)
        h_void(b, "input", "type", "hidden", "name", "size", "value", "large", H_END);
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "起始日期", "for", "xsince", H_END);
    h_void(b, "input", "type", "date", "id", "xsince", "name", "since", H_END);
    h_close(b, "div");
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "截止日期", "for", "xuntil", H_END);
    h_void(b, "input", "type", "date", "id", "xuntil", "name", "until", H_END);
    h_close(b, "div");
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "格式", "for", "xformat", H_END);
    h_open(b, "select", "id", "xformat", "name", "format", H_END);
    h_el_attr(b, "option", "Excel（XLSX）", "value", "xlsx", H_END);
    h_el_attr(b, "option", "CSV", "value", "csv", H_END);
    h_close(b, "select");
    h_close(b, "div");
    h_open(b, "div", H_END);
    h_el_attr(b, "button", "导出", "type", "submit", "class", "secondary", H_END);
    h_close(b, "div");
    h_close(b, "fieldset");
    h_close(b, "form");
}

int h_console_apps(web_req *r)
{
    struct store_app_filter f = {.agency_id = r->agency.id, .kind = -1, .limit = 200};
    const char *st = web_q(r, "state"), *yr = web_q(r, "year");
    if (st && *st && (f.state = app_state_from_code(st)) < 0)
        return web_error(r, HTTP_BAD_REQUEST, "状态参数无效。");
    int64_t y;
    if (yr && *yr) {
        if (!parse_i64(yr, strlen(yr), &y) || !lim_year_ok(y, 2019))
            return web_error(r, HTTP_BAD_REQUEST, "年度参数无效。");
        f.year = (int)y;
    }
    buf b;
    buf_init(&b);
    h_el(&b, "h1", "依申请公开");
    if (web_can(r, PERM_APP_REGISTER)) {
        h_open(&b, "p", H_END);
        h_el_attr(&b, "a", "登记纸质申请", "class", "button", "href", "/console/applications/new", H_END);
        h_text(&b, " ");
        h_el_attr(&b, "a", "复议诉讼案件", "class", "button secondary", "href", "/console/cases", H_END);
        h_close(&b, "p");
    }
    h_open(&b, "p", H_END);
    h_link(&b, "/console/repeats", "重复申请（第四十四条：多人申请的信息可纳入主动公开）");
    h_close(&b, "p");
    h_open(&b, "form", "class", "filters", "method", "get", "action", "/console/applications", H_END);
    h_open(&b, "div", H_END);
    h_el_attr(&b, "label", "状态", "for", "state", H_END);
    h_open(&b, "select", "id", "state", "name", "state", H_END);
    h_el_attr(&b, "option", "全部", "value", "", H_END);
    for (int i = 1; i <= APP_NSTATES; i++)
        h_el_attr(&b, "option", app_states[i].label, "value", app_states[i].code, "selected",
                  f.state == i ? "" : H_OMIT, H_END);
    h_close(&b, "select");
    h_close(&b, "div");
    h_open(&b, "div", H_END);
    h_el_attr(&b, "label", "收到年度", "for", "year", H_END);
    h_void(&b, "input", "type", "number", "id", "year", "name", "year", "min", "2019", "max", LIM_S(LIM_YEAR_LAST), "value",
           yr ? web_esc(r, yr) : "", H_END);
    h_close(&b, "div");
    h_open(&b, "div", H_END);
    h_el_attr(&b, "button", "筛选", "type", "submit", H_END);
    h_close(&b, "div");
    h_close(&b, "form");
    if (!f.state && !f.year) {
        /* after a calendar import: the deadlines that moved (last 30 days) */
        buf t;
        buf_init(&t);
        table_head(&t, "工作日历更新后期限改变的申请（近30天导入节假日安排，按新期限先后）");
        struct rows rx = {r, &t, 0, true};
        store_app_redated(r->st, r->agency.id, date_today() - 30, app_row, &rx, NULL);
        h_table_close(&t);
        if (rx.n)
            h_markup_add(&b, H_MARKUP_BUF(&t));
        buf_free(&t);
        urgent_table(r, &b, "办理中的申请（最紧迫的在前）");
        undelivered_table(r, &b);
    }
    export_form(r, &b, "/console/applications/export", "申请登记（按收到申请日期）");
    table_head(&b, f.state || f.year ? "筛选结果" : "全部申请（最新的在前）");
    struct rows x = {r, &b, 0, false};
    store_app_list(r->st, &f, app_row, &x, NULL);
    if (!x.n) {
        h_empty_row(&b, 7, "没有符合条件的申请。");
    }
    h_table_close(&b);
    web_page_console(r, HTTP_OK, "依申请公开", "apps", b.data);
    buf_free(&b);
    return HTTP_OK;
}

/* ---- registering a paper application ---- */

static const char *const *code_options(arena *a, int first, int last, const char *(*code)(int),
                                       const char *(*label)(int))
{
    const char **o = arena_alloc(a, sizeof *o * (size_t)(2 * (last - first + 1) + 1));
    int k = 0;
    for (int i = first; i <= last; i++) {
        o[k++] = code(i);
        o[k++] = label(i);
    }
    o[k] = NULL;
    return o;
}
static const char *ch_code(int i) { return app_channels[i].code; }
static const char *ch_label(int i) { return app_channels[i].label; }
static const char *dl_code(int i) { return app_deliveries[i].code; }
static const char *dl_label(int i) { return app_deliveries[i].label; }
static const char *kind_code(int i) { return rpt_col_keys[i]; }
static const char *kind_label(int i) { return rpt_col_labels[i]; }

static int register_form(web_req *r, int status, const char *field, const char *msg)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    char today[11];
    date_format(date_today(), today);
#define ERR(f) (field && strcmp(field, f) == 0 ? msg : NULL)
    h_el(&b, "h1", "登记纸质申请");
    h_el(&b, "p",
         "当面、邮寄、传真提交的申请在此登记。收到申请日期按《条例》第三十一条确定；登记后生成申请编号和查询码，"
         "请告知申请人。");
    if (msg) {
        h_box(&b, "errors", "alert", msg);
    }
    h_open(&b, "form", "class", "stack", "method", "post", "action", "/console/applications", H_END);
    h_markup_add(&b, H_MARKUP_BUF(&hidden));
    web_form_token_field(r, &b);
    h_open(&b, "fieldset", H_END);
    h_el(&b, "legend", "收件");
    web_field(r, &b, &(struct web_field){.name = "channel", .label = "提交方式", .type = "select", .required = true,
                                         .options = code_options(&r->a, 1, APP_NCHANNELS, ch_code, ch_label),
                                         .error = ERR("channel")});
    web_field(r, &b, &(struct web_field){.name = "submitted", .label = "提交（寄出）日期", .type = "date",
                                         .hint = "当面提交与收到日期相同；邮寄的填邮戳日期，可留空", .error = ERR("submitted")});
    web_field(r, &b, &(struct web_field){.name = "received", .label = "收到申请日期", .type = "date", .required = true,
                                         .value = web_f(r, "received") ? NULL : today,
                                         .hint = "当面：提交之日；挂号信：签收之日；平信：与申请人确认之日；传真：双方确认之日",
                                         .error = ERR("received")});
    h_close(&b, "fieldset");
    h_open(&b, "fieldset", H_END);
    h_el(&b, "legend", "申请人");
    web_field(r, &b, &(struct web_field){.name = "kind", .label = "申请人类型", .type = "select", .required = true,
                                         .options = code_options(&r->a, COL_NATURAL, COL_OTHER, kind_code, kind_label),
                                         .error = ERR("kind")});
    web_field(r, &b, &(struct web_field){.name = "name", .label = "姓名或名称", .required = true, .maxlength = LIM_APP_NAME,
                                         .error = ERR("name")});
    static const char *id_opts[2 * 16 + 1];
    for (int i = 0; !id_opts[0] && i < app_nid_types && i < 16; i++)
        id_opts[2 * i] = app_id_types[i].code, id_opts[2 * i + 1] = app_id_types[i].label;
    web_field(r, &b, &(struct web_field){.name = "id_type", .label = "证件类型", .type = "select", .options = id_opts,
                                         .error = ERR("id_type")});
    web_field(r, &b, &(struct web_field){.name = "id_number", .label = "证件号码", .maxlength = LIM_APP_ID_NUMBER, .error = ERR("id_number")});
    web_field(r, &b, &(struct web_field){.name = "phone", .label = "联系电话", .type = "tel", .maxlength = LIM_APP_PHONE,
                                         .error = ERR("phone")});
    web_field(r, &b, &(struct web_field){.name = "email", .label = "电子邮箱", .type = "email", .maxlength = LIM_APP_EMAIL,
                                         .error = ERR("email")});
    web_field(r, &b, &(struct web_field){.name = "address", .label = "通信地址", .maxlength = LIM_APP_ADDRESS, .error = ERR("address")});
    h_close(&b, "fieldset");
    h_open(&b, "fieldset", H_END);
    h_el(&b, "legend", "申请内容");
    web_field(r, &b, &(struct web_field){.name = "request", .label = "所需政府信息", .type = "textarea", .required = true,
                                         .maxlength = LIM_APP_REQUEST, .error = ERR("request")});
    web_field(r, &b, &(struct web_field){.name = "delivery", .label = "获取方式", .type = "select", .required = true,
                                         .options = code_options(&r->a, 1, APP_NDELIVERY, dl_code, dl_label),
                                         .error = ERR("delivery")});
    h_close(&b, "fieldset");
    h_el_attr(&b, "button", "登记", "type", "submit", H_END);
    h_close(&b, "form");
#undef ERR
    web_page_console(r, status, "登记纸质申请", "apps", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_console_app_new(web_req *r) { return register_form(r, HTTP_OK, NULL, NULL); }

/* Copies a typed field whole within its limit in characters (base/limits.h);
 * past it, e names the field (its form key) and the limit, in Chinese. */
static int cp(web_req *r, enum lim_field f, char *dst, size_t cap, const char *(*get)(web_req *, const char *),
              err *e)
{
    const struct lim_def *d = &lim_fields[f];
    const char *v = get(r, d->key);
    if (!lim_copy(f, dst, cap, v, e))
        return 0;
    buf m;
    buf_init(&m);
    lim_msg_cn(f, v, &m);
    if (m.data)
        err_set(e, GK_EINVAL, d->key, "%s", m.data);
    else
        snprintf(e->where, sizeof e->where, "%s", d->key);
    buf_free(&m);
    return GK_EINVAL;
}

/* Registers from fields (form or JSON); 0 and the application, or a status
 * with e. With a form token (form or JSON "form_token"), a second submission
 * of the same form returns the application the first one created. */
int wapp_register(web_req *r, const char *(*get)(web_req *, const char *), const char *token, struct app *a, err *e)
{
    memset(a, 0, sizeof *a);
    a->agency_id = r->agency.id;
    const char *v;
    a->channel = 0;
    for (int i = 1; (v = get(r, "channel")) && i <= APP_NCHANNELS; i++)
        if (strcmp(v, app_channels[i].code) == 0)
            a->channel = i;
    if ((v = get(r, "submitted")) && *v && date_parse(v, &a->submitted, NULL))
        return err_field(e, GK_EINVAL, "submitted", "提交日期格式应为 YYYY-MM-DD");
    if ((v = get(r, "received")) && *v && date_parse(v, &a->received, NULL))
        return err_field(e, GK_EINVAL, "received", "收到日期格式应为 YYYY-MM-DD");
    a->kind = (v = get(r, "kind")) ? app_kind_from_code(v) : -1;
    if (cp(r, LIM_F_APP_NAME, a->name, sizeof a->name, get, e) ||
        cp(r, LIM_F_APP_ID_NUMBER, a->id_number, sizeof a->id_number, get, e) ||
        cp(r, LIM_F_APP_PHONE, a->phone, sizeof a->phone, get, e) ||
        cp(r, LIM_F_APP_EMAIL, a->email, sizeof a->email, get, e) ||
        cp(r, LIM_F_APP_ADDRESS, a->address, sizeof a->address, get, e) ||
        cp(r, LIM_F_APP_REQUEST, a->request, sizeof a->request, get, e))
        return GK_EINVAL;
    a->delivery = 0;
    for (int i = 1; (v = get(r, "delivery")) && i <= APP_NDELIVERY; i++)
        if (strcmp(v, app_deliveries[i].code) == 0)
            a->delivery = i;
    if ((v = get(r, "id_type")) && *v) {
        /* a code or a name; the domain refuses an unknown one, naming it */
        const struct app_id_type *t = app_id_type_find(v);
        if (!t)
            return err_field(e, GK_EINVAL, "id_type", "证件类型无效：%s", v);
        snprintf(a->id_type, sizeof a->id_type, "%s", t->code);
    }
    struct app_rules rules;
    web_app_rules(r, &rules);
    int rc = app_register(&rules, r->cal, a, e);
    if (rc) {
        snprintf(e->where, sizeof e->where, "%s", web_app_field(r, e->where));
        return rc == GK_ERANGE ? GK_ERANGE : GK_EINVAL;
    }
    bool again;
    return store_app_add_once(r->st, a, r->user->login, token, &again, e);
}

int h_console_app_create(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    err e = {0};
    int rc = wapp_register(r, web_f, web_form_token(r), a, &e);
    char loc[80];
    snprintf(loc, sizeof loc, "/console/applications/%s?msg=registered", a->no);
    free(a);
    if (rc)
        return register_form(r, gk_http_status(rc), e.where, e.msg);
    return web_redirect(r, web_href(r, loc));
}

/* ---- review and litigation cases ---- */

struct case_rows {
    web_req *r;
    buf *b;
    int n;
    const char *hidden;
    bool can;
};

static int case_row(const struct app_case *c, void *arg)
{
    struct case_rows *x = arg;
    char f[11], cl[11];
    wapp_day(c->filed, f);
    wapp_day(c->closed, cl);
    web_req *r = x->r;
    h_open(x->b, "tr", "id", arena_printf(&r->a, "case-%lld", (long long)c->id), H_END);
    h_el(x->b, "td", app_case_kinds[c->kind].label);
    h_open(x->b, "td", H_END);
    h_link(x->b, arena_printf(&r->a, "/console/applications/%s", c->app_no), c->app_no);
    h_close(x->b, "td");
    h_open(x->b, "td", H_END);
    h_text(x->b, c->body);
    h_text(x->b, " ");
    h_text(x->b, c->case_no);
    h_close(x->b, "td");
    h_el(x->b, "td", f);
    h_el(x->b, "td", c->closed ? app_case_results[c->result].label : "尚未审结");
    h_open(x->b, "td", H_END);
    if (!c->closed && x->can) {
        h_open(x->b, "form", "method", "post", "action",
               arena_printf(&r->a, "/console/cases/%lld/close", (long long)c->id), H_END);
        h_markup_add(x->b, H_MARKUP(x->hidden));
        h_el_attr(x->b, "label", "结果", "for", arena_printf(&r->a, "r%lld", (long long)c->id), "class",
                  "visually-hidden", H_END);
        h_open(x->b, "select", "id", arena_printf(&r->a, "r%lld", (long long)c->id), "name", "result", H_END);
        for (int i = 1; i <= APP_NCASE_RESULTS; i++)
            h_el_attr(x->b, "option", app_case_results[i].label, "value", app_case_results[i].code, H_END);
        h_close(x->b, "select");
        h_text(x->b, " ");
        h_el_attr(x->b, "label", "审结日期", "for", arena_printf(&r->a, "cd%lld", (long long)c->id), "class",
                  "visually-hidden", H_END);
        h_void(x->b, "input", "type", "date", "id", arena_printf(&r->a, "cd%lld", (long long)c->id), "name", "date",
               "required", "", H_END);
        h_text(x->b, " ");
        h_el_attr(x->b, "button", "审结", "type", "submit", "class", "secondary", H_END);
        h_close(x->b, "form");
    } else {
        h_text(x->b, cl);
    }
    h_close(x->b, "td");
    h_close(x->b, "tr");
    x->n++;
    return 0;
}

int h_console_cases(web_req *r)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_el(&b, "h1", "行政复议和行政诉讼");
    h_el(&b, "p", "因政府信息公开工作引起的行政复议、行政诉讼案件，年度报告表四据此统计。");
    h_table_start(&b, NULL);
    h_thead(&b, "类型", "申请", "机关与案号", "立案日期", "结果", "审结", H_END);
    h_open(&b, "tbody", H_END);
    struct case_rows x = {r, &b, 0, hidden.data, web_can(r, PERM_APP_PROCESS)};
    store_case_list(r->st, r->agency.id, 0, case_row, &x, NULL);
    if (!x.n) {
        h_empty_row(&b, 6, "暂无案件。");
    }
    h_table_close(&b);
    if (x.can) {
        h_el(&b, "h2", "登记案件");
        h_open(&b, "form", "class", "stack", "method", "post", "action", "/console/cases", H_END);
        h_markup_add(&b, H_MARKUP_BUF(&hidden));
        web_form_token_field(r, &b);   /* one form, one case */
        h_el_attr(&b, "label", "类型", "for", "ck", H_END);
        h_open(&b, "select", "id", "ck", "name", "kind", H_END);
        for (int i = 1; i <= APP_NCASE_KINDS; i++)
            h_el_attr(&b, "option", app_case_kinds[i].label, "value", app_case_kinds[i].code, H_END);
        h_close(&b, "select");
        h_el_attr(&b, "label", "申请编号", "for", "app", H_END);
        h_void(&b, "input", "type", "text", "id", "app", "name", "app", "required", "", "maxlength", "20",
               "placeholder", "如 2026-00012", H_END);
        h_el_attr(&b, "label", "复议案件编号（复议后起诉时）", "for", "prior", H_END);
        h_void(&b, "input", "type", "number", "id", "prior", "name", "prior", "min", "1", H_END);
        h_el_attr(&b, "label", "立案（受理）日期", "for", "filed", H_END);
        h_void(&b, "input", "type", "date", "id", "filed", "name", "filed", "required", "", H_END);
        h_el_attr(&b, "label", "复议机关或法院", "for", "cbody", H_END);
        h_void(&b, "input", "type", "text", "id", "cbody", "name", "body", "required", "", "maxlength",
               LIM_S(LIM_CASE_BODY), H_END);
        h_el_attr(&b, "label", "案号", "for", "cno", H_END);
        h_void(&b, "input", "type", "text", "id", "cno", "name", "case_no", "maxlength", LIM_S(LIM_CASE_NO), H_END);
        h_el_attr(&b, "button", "登记", "type", "submit", H_END);
        h_close(&b, "form");
    }
    web_page_console(r, HTTP_OK, "复议诉讼案件", "apps", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return HTTP_OK;
}

int wapp_case_create(web_req *r, const char *(*get)(web_req *, const char *), int64_t *id, err *e)
{
    struct app_case c = {0}, prior = {0};
    c.agency_id = r->agency.id;
    const char *v = get(r, "kind");
    c.kind = v ? app_case_kind_from_code(v) : -1;
    if (c.kind < 1)
        return err_field(e, GK_EINVAL, "kind", "案件类型无效。");
    if (!(v = get(r, "filed")) || date_parse(v, &c.filed, NULL))
        return err_field(e, GK_EINVAL, "filed", "请填写立案日期（YYYY-MM-DD）。");
    if (cp(r, LIM_F_CASE_BODY, c.body, sizeof c.body, get, e) ||
        cp(r, LIM_F_CASE_NO, c.case_no, sizeof c.case_no, get, e))
        return GK_EINVAL;
    struct app *a = xmalloc(sizeof *a);
    v = get(r, "app");
    if (!v || strlen(v) > 23 || store_app_get(r->st, c.agency_id, v, a, NULL)) {
        free(a);
        return err_field(e, GK_EINVAL, "app", "没有这个申请编号。");
    }
    c.app_id = a->id;
    int64_t x;
    if ((v = get(r, "prior")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || store_case_get(r->st, c.agency_id, x, &prior, NULL)) {
            free(a);
            return err_field(e, GK_EINVAL, "prior", "没有这个复议案件。");
        }
        c.prior_id = x;
    }
    int rc = app_case_check_new(&c, a, c.prior_id ? &prior : NULL, date_today(), e);
    free(a);
    if (!rc)
        rc = store_case_add(r->st, &c, r->user->login, e);
    if (rc)   /* what the rules or the store refuse is the form's to mend */
        return e->code = GK_EINVAL;
    *id = c.id;
    return 0;
}

/* For web_create_once, which wants a status. */
static int case_create_form(web_req *r, void *arg, int64_t *id, err *e)
{
    (void)arg;
    int rc = wapp_case_create(r, web_f, id, e);
    return rc ? gk_http_status(rc) : 0;
}

int h_console_case_create(web_req *r)
{
    err e = {0};
    int64_t id = web_form_token_record(r, "case");
    /* the same form again: the case it created */
    int st = id ? 0 : web_create_once(r, "case", case_create_form, NULL, &id, &e);
    if (st)
        return web_fail(r, &e, "保存失败。");
    return web_redirect(r, web_href(r, arena_printf(&r->a, "/console/cases?msg=created#case-%lld", (long long)id)));
}

int wapp_case_close(web_req *r, int64_t id, const char *result, const char *date, err *e)
{
    struct app_case c;
    if (store_case_get(r->st, r->agency.id, id, &c, NULL))
        return err_set(e, GK_ENOTFOUND, "case", "没有这个案件。");
    int res = result ? app_case_result_from_code(result) : -1;
    gk_day d;
    if (res < 1 || !date || date_parse(date, &d, NULL))
        return err_field(e, GK_EINVAL, "result", "请选择结果并填写审结日期。");
    struct app_case after = c;
    int rc = app_case_close(&after, res, d, date_today(), e);
    if (!rc)
        rc = store_case_save(r->st, &c, &after, r->user->login, e);
    if (rc && rc != GK_ESTATE)   /* what is not the case's state is the form's to mend */
        return e->code = GK_EINVAL;
    return rc;
}

int h_console_case_close(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_error(r, HTTP_NOT_FOUND, "没有这个案件。");
    err e = {0};
    if (wapp_case_close(r, id, web_f(r, "result"), web_f(r, "date"), &e))
        return web_fail(r, &e, NULL);
    return web_redirect(r, web_href(r, "/console/cases?msg=done"));
}

