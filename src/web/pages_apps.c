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
#include "web/web_internal.h"

static void day_s(gk_day d, char out[11])
{
    if (d)
        date_format(d, out);
    else
        snprintf(out, 11, "—");
}

/* Working days left to a deadline; INT32_MIN when it cannot be said. */
static int days_left(web_req *r, gk_day due)
{
    int n;
    if (!due || app_days_left(r->cal, date_today(), due, &n, NULL))
        return INT32_MIN;
    return n;
}

/* The urgency tag of a deadline: overdue, due within three working days, or plain. */
static void urgency_tag(buf *b, int left)
{
    if (left == INT32_MIN)
        buf_puts(b, "<span class=\"tag\">—</span>");
    else if (left < 0)
        buf_printf(b, "<span class=\"tag bad\">逾期%d个工作日</span>", -left);
    else if (left == 0)
        buf_puts(b, "<span class=\"tag bad\">今天到期</span>");
    else if (left <= 3)
        buf_printf(b, "<span class=\"tag warn\">剩%d个工作日</span>", left);
    else
        buf_printf(b, "<span class=\"tag ok\">剩%d个工作日</span>", left);
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
    buf_html_n(b, s, i);
    if (i < n)
        buf_puts(b, "…");
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
    int left = sd->open ? days_left(r, a->due) : INT32_MIN;
    char rec[11], due[11];
    day_s(a->received, rec);
    day_s(sd->open ? a->due : a->concluded, due);
    buf_printf(b, "<tr class=\"%s\"><td><a href=\"/console/applications/%s\">%s</a></td><td>%s</td><td>%s",
               x->open_view ? row_class(left) : "", a->no, a->no, rec, due);
    if (sd->open && a->due_kind)
        buf_printf(b, "<br><span class=\"muted\">%s%s</span>", app_due_labels[a->due_kind],
                   app_provisional(r->cal, a) ? "（暂定）" : "");
    buf_puts(b, "</td><td>");
    if (sd->open)
        urgency_tag(b, left);
    buf_puts(b, "</td><td>");
    buf label;
    buf_init(&label);
    app_status_label(a, &label);
    buf_html(b, label.data ? label.data : sd->label);
    buf_free(&label);
    buf_puts(b, "</td><td>");
    buf nm;
    buf_init(&nm);
    app_mask_name(a->name, a->kind, &nm);
    buf_html(b, nm.data ? nm.data : "");
    buf_free(&nm);
    buf_puts(b, "</td><td>");
    short_text(b, a->request, 28);
    buf_puts(b, "</td></tr>");
    x->n++;
    return 0;
}

static void table_head(buf *b, const char *caption)
{
    buf_puts(b, "<div class=\"table-wrap\"><table><caption>");
    buf_html(b, caption);
    buf_puts(b, "</caption><thead><tr><th scope=\"col\">编号</th><th scope=\"col\">收到日期</th><th scope=\"col\">期限</th>"
                "<th scope=\"col\">紧迫程度</th><th scope=\"col\">状态</th><th scope=\"col\">申请人</th><th scope=\"col\">所需信息</th>"
                "</tr></thead><tbody>");
}

/* Open applications, most urgent first. */
static int urgent_table(web_req *r, buf *b, const char *caption)
{
    table_head(b, caption);
    struct rows x = {r, b, 0, true};
    store_app_due(r->st, r->agency.id, date_today() + 400, app_row, &x, NULL);
    if (!x.n)
        buf_puts(b, "<tr><td colspan=\"7\">没有办理中的申请。</td></tr>");
    buf_puts(b, "</tbody></table></div>");
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
    buf_puts(&t, "</tbody></table></div>");
    if (x.n)
        buf_puts(b, t.data);
    buf_free(&t);
    return x.n;
}

void web_dash_apps(web_req *r, buf *b)
{
    if (!web_can(r, PERM_APP_VIEW))
        return;
    buf_puts(b, "<h2>依申请公开：办理中的申请</h2><p class=\"muted\">按期限排序；<span class=\"tag bad\">红色</span>为已逾期或今天到期，"
                "<span class=\"tag warn\">黄色</span>为3个工作日内到期。</p>");
    urgent_table(r, b, "办理中的申请（最紧迫的在前）");
    undelivered_table(r, b);
    web_dash_mail(r, b);
    if (web_can(r, PERM_APP_REGISTER))
        buf_puts(b, "<p><a class=\"button\" href=\"/console/applications/new\">登记纸质申请</a></p>");
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
    day_s(a->received, rec);
    day_s(a->reply_due, due);
    day_s(a->concluded, done);
    const struct app_outcome *o = app_outcome_find(a->outcome);
    const char *cells[REGISTER_NCOLS] = {a->no, rec, app_channels[a->channel].label, rpt_col_labels[a->kind], a->name,
                                         a->request, app_deliveries[a->delivery].label, app_states[a->state].label,
                                         app_states[a->state].open ? due : "", done, o ? o->label : ""};
    web_export_row(x, cells);
    return x->over;
}

/* since and until of the query (YYYY-MM-DD, optional); false with msg. */
static bool date_range(web_req *r, const char **since, const char **until, char *msg, size_t msgn)
{
    const char *names[2] = {"since", "until"}, **dst[2] = {since, until};
    gk_day d[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        const char *v = web_q(r, names[i]);
        *dst[i] = NULL;
        if (v && *v) {
            if (date_parse(v, &d[i], NULL))
                return snprintf(msg, msgn, "%s应为 YYYY-MM-DD 格式的日期。", i ? "截止日期" : "起始日期"), false;
            *dst[i] = v;
        }
    }
    if (d[0] && d[1] && d[0] > d[1])
        return snprintf(msg, msgn, "起始日期晚于截止日期。"), false;
    return true;
}

int h_console_apps_export(web_req *r)
{
    struct store_app_filter f = {.agency_id = r->agency.id, .kind = -1, .limit = WEB_EXPORT_MAX_ROWS + 1};
    char msg[96];
    if (!date_range(r, &f.since, &f.until, msg, sizeof msg))
        return web_error(r, 400, msg);
    struct web_export x;
    int rc = web_export_open(&x, web_q(r, "format"), "申请登记", REGISTER_NCOLS, register_head);
    if (rc == GK_EINVAL)
        return web_error(r, 400, "格式参数应为 csv 或 xlsx。");
    if (rc)
        return web_error(r, 500, "无法生成表格文件，请稍后重试。");
    if (store_app_list(r->st, &f, register_row, &x, NULL)) {
        web_export_free(&x);
        return web_error(r, 500, "无法读取申请登记，请稍后重试。");
    }
    return web_export_send(r, &x, arena_printf(&r->a, "applications-%s-%s-%s", r->agency.code,
                                               f.since ? f.since : "start", f.until ? f.until : "today"));
}

/* The export form under the register. */
static void export_form(web_req *r, buf *b, const char *action, const char *what)
{
    buf_printf(b, "<form class=\"filters\" method=\"get\" action=\"%s\"><fieldset><legend>导出%s</legend>", action, what);
    if (r->large)
        buf_puts(b, "<input type=\"hidden\" name=\"size\" value=\"large\">");
    buf_puts(b, "<div><label for=\"xsince\">起始日期</label><input type=\"date\" id=\"xsince\" name=\"since\"></div>"
                "<div><label for=\"xuntil\">截止日期</label><input type=\"date\" id=\"xuntil\" name=\"until\"></div>"
                "<div><label for=\"xformat\">格式</label><select id=\"xformat\" name=\"format\">"
                "<option value=\"xlsx\">Excel（XLSX）</option><option value=\"csv\">CSV</option></select></div>"
                "<div><button type=\"submit\" class=\"secondary\">导出</button></div></fieldset></form>");
}

int h_console_apps(web_req *r)
{
    struct store_app_filter f = {.agency_id = r->agency.id, .kind = -1, .limit = 200};
    const char *st = web_q(r, "state"), *yr = web_q(r, "year");
    if (st && *st && (f.state = app_state_from_code(st)) < 0)
        return web_error(r, 400, "状态参数无效。");
    int64_t y;
    if (yr && *yr) {
        if (!parse_i64(yr, strlen(yr), &y) || y < 2019 || y > 2100)
            return web_error(r, 400, "年度参数无效。");
        f.year = (int)y;
    }
    buf b;
    buf_init(&b);
    buf_puts(&b, "<h1>依申请公开</h1>");
    if (web_can(r, PERM_APP_REGISTER))
        buf_puts(&b, "<p><a class=\"button\" href=\"/console/applications/new\">登记纸质申请</a> "
                     "<a class=\"button secondary\" href=\"/console/cases\">复议诉讼案件</a></p>");
    buf_puts(&b, "<p><a href=\"/console/repeats\">重复申请（第四十四条：多人申请的信息可纳入主动公开）</a></p>");
    buf_puts(&b, "<form class=\"filters\" method=\"get\" action=\"/console/applications\"><div><label for=\"state\">状态</label>"
                 "<select id=\"state\" name=\"state\"><option value=\"\">全部</option>");
    for (int i = 1; i <= APP_NSTATES; i++)
        buf_printf(&b, "<option value=\"%s\"%s>%s</option>", app_states[i].code, f.state == i ? " selected" : "",
                   app_states[i].label);
    buf_printf(&b, "</select></div><div><label for=\"year\">收到年度</label><input type=\"number\" id=\"year\" name=\"year\" min=\"2019\" max=\"2100\" value=\"%s\"></div>"
                   "<div><button type=\"submit\">筛选</button></div></form>",
               yr ? web_esc(r, yr) : "");
    if (!f.state && !f.year) {
        /* after a calendar import: the deadlines that moved (last 30 days) */
        buf t;
        buf_init(&t);
        table_head(&t, "工作日历更新后期限改变的申请（近30天导入节假日安排，按新期限先后）");
        struct rows rx = {r, &t, 0, true};
        store_app_redated(r->st, r->agency.id, date_today() - 30, app_row, &rx, NULL);
        buf_puts(&t, "</tbody></table></div>");
        if (rx.n)
            buf_puts(&b, t.data);
        buf_free(&t);
        urgent_table(r, &b, "办理中的申请（最紧迫的在前）");
        undelivered_table(r, &b);
    }
    export_form(r, &b, "/console/applications/export", "申请登记（按收到申请日期）");
    table_head(&b, f.state || f.year ? "筛选结果" : "全部申请（最新的在前）");
    struct rows x = {r, &b, 0, false};
    store_app_list(r->st, &f, app_row, &x, NULL);
    if (!x.n)
        buf_puts(&b, "<tr><td colspan=\"7\">没有符合条件的申请。</td></tr>");
    buf_puts(&b, "</tbody></table></div>");
    web_page_console(r, 200, "依申请公开", "apps", b.data);
    buf_free(&b);
    return 200;
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
    buf_puts(&b, "<h1>登记纸质申请</h1><p>当面、邮寄、传真提交的申请在此登记。收到申请日期按《条例》第三十一条确定；登记后生成申请编号和查询码，请告知申请人。</p>");
    if (msg)
        buf_printf(&b, "<div class=\"errors\" role=\"alert\"><p>%s</p></div>", web_esc(r, msg));
    buf_printf(&b, "<form class=\"stack\" method=\"post\" action=\"/console/applications\">%s", hidden.data);
    web_form_token_field(r, &b);
    buf_puts(&b, "<fieldset><legend>收件</legend>");
    web_field(r, &b, &(struct web_field){.name = "channel", .label = "提交方式", .type = "select", .required = true,
                                         .options = code_options(&r->a, 1, APP_NCHANNELS, ch_code, ch_label),
                                         .error = ERR("channel")});
    web_field(r, &b, &(struct web_field){.name = "submitted", .label = "提交（寄出）日期", .type = "date",
                                         .hint = "当面提交与收到日期相同；邮寄的填邮戳日期，可留空", .error = ERR("submitted")});
    web_field(r, &b, &(struct web_field){.name = "received", .label = "收到申请日期", .type = "date", .required = true,
                                         .value = web_f(r, "received") ? NULL : today,
                                         .hint = "当面：提交之日；挂号信：签收之日；平信：与申请人确认之日；传真：双方确认之日",
                                         .error = ERR("received")});
    buf_puts(&b, "</fieldset><fieldset><legend>申请人</legend>");
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
    buf_puts(&b, "</fieldset><fieldset><legend>申请内容</legend>");
    web_field(r, &b, &(struct web_field){.name = "request", .label = "所需政府信息", .type = "textarea", .required = true,
                                         .maxlength = LIM_APP_REQUEST, .error = ERR("request")});
    web_field(r, &b, &(struct web_field){.name = "delivery", .label = "获取方式", .type = "select", .required = true,
                                         .options = code_options(&r->a, 1, APP_NDELIVERY, dl_code, dl_label),
                                         .error = ERR("delivery")});
    buf_puts(&b, "</fieldset><button type=\"submit\">登记</button></form>");
#undef ERR
    web_page_console(r, status, "登记纸质申请", "apps", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_console_app_new(web_req *r) { return register_form(r, 200, NULL, NULL); }

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
static int register_app(web_req *r, const char *(*get)(web_req *, const char *), const char *token, struct app *a,
                        err *e)
{
    memset(a, 0, sizeof *a);
    a->agency_id = r->agency.id;
    const char *v;
    a->channel = 0;
    for (int i = 1; (v = get(r, "channel")) && i <= APP_NCHANNELS; i++)
        if (strcmp(v, app_channels[i].code) == 0)
            a->channel = i;
    if ((v = get(r, "submitted")) && *v && date_parse(v, &a->submitted, NULL))
        return err_set(e, GK_EINVAL, "submitted", "提交日期格式应为 YYYY-MM-DD"), 422;
    if ((v = get(r, "received")) && *v && date_parse(v, &a->received, NULL))
        return err_set(e, GK_EINVAL, "received", "收到日期格式应为 YYYY-MM-DD"), 422;
    a->kind = (v = get(r, "kind")) ? app_kind_from_code(v) : -1;
    if (cp(r, LIM_F_APP_NAME, a->name, sizeof a->name, get, e) ||
        cp(r, LIM_F_APP_ID_NUMBER, a->id_number, sizeof a->id_number, get, e) ||
        cp(r, LIM_F_APP_PHONE, a->phone, sizeof a->phone, get, e) ||
        cp(r, LIM_F_APP_EMAIL, a->email, sizeof a->email, get, e) ||
        cp(r, LIM_F_APP_ADDRESS, a->address, sizeof a->address, get, e) ||
        cp(r, LIM_F_APP_REQUEST, a->request, sizeof a->request, get, e))
        return 422;
    a->delivery = 0;
    for (int i = 1; (v = get(r, "delivery")) && i <= APP_NDELIVERY; i++)
        if (strcmp(v, app_deliveries[i].code) == 0)
            a->delivery = i;
    if ((v = get(r, "id_type")) && *v) {
        /* a code or a name; the domain refuses an unknown one, naming it */
        const struct app_id_type *t = app_id_type_find(v);
        if (!t)
            return err_set(e, GK_EINVAL, "id_type", "证件类型无效：%s", v), 422;
        snprintf(a->id_type, sizeof a->id_type, "%s", t->code);
    }
    struct app_rules rules;
    web_app_rules(r, &rules);
    int rc = app_register(&rules, r->cal, a, e);
    if (rc) {
        snprintf(e->where, sizeof e->where, "%s", web_app_field(r, e->where));
        return rc == GK_ERANGE ? 503 : 422;
    }
    bool again;
    if (store_app_add_once(r->st, a, r->user->login, token, &again, e))
        return 500;
    return 0;
}

int h_console_app_create(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    err e = {0};
    int st = register_app(r, web_f, web_form_token(r), a, &e);
    char loc[80];
    snprintf(loc, sizeof loc, "/console/applications/%s?msg=registered", a->no);
    free(a);
    if (st)
        return register_form(r, st, e.where, e.msg);
    return web_redirect(r, web_href(r, loc));
}

/* ---- one application ---- */

static bool load_app(web_req *r, struct app *a)
{
    const char *no = web_param(r, 0);
    return no && strlen(no) < 24 && store_app_get(r->st, r->agency.id, no, a, NULL) == 0;
}

static int step_row(const struct store_app_step *s, void *arg)
{
    buf *b = arg;
    buf_printf(b, "<tr><td>%s</td><td>", s->on_date);
    buf_html(b, s->actor);
    buf_puts(b, "</td><td>");
    const char *label = strcmp(s->event, "register") == 0 ? "登记申请"
                        : strcmp(s->event, "redate") == 0 ? "工作日历更新，重新计算期限" : s->event;
    for (int i = 1; i <= APP_NEVENTS; i++)
        if (strcmp(app_events[i].code, s->event) == 0)
            label = app_events[i].label;
    buf_html(b, label);
    buf_puts(b, "</td><td>");
    buf_html(b, s->summary ? s->summary : "");
    buf_puts(b, "</td></tr>");
    return 0;
}

/* The form for one event, when the state allows it and the role may take it. */
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
    buf_printf(b, "<details><summary>%s</summary><form class=\"stack\" method=\"post\" action=\"/console/applications/%s/events\">%s"
                  "<input type=\"hidden\" name=\"kind\" value=\"%s\">"
                  "<label for=\"d-%s\">日期</label><input type=\"date\" id=\"d-%s\" name=\"date\" value=\"%s\" required>",
               app_events[ev].label, a->no, hidden, code, code, code, today);
    switch (ev) {
    case APP_EV_SUPPLEMENT_REQUEST:
        buf_puts(b, "<label for=\"what\">需要补正的事项</label><textarea id=\"what\" name=\"what\" required maxlength=\"1000\"></textarea>"
                    "<label for=\"by\">补正期限</label><input type=\"date\" id=\"by\" name=\"by\" required>");
        break;
    case APP_EV_CONSULT_START:
        buf_puts(b, "<label for=\"ck\">征求对象</label><select id=\"ck\" name=\"consult_kind\"><option value=\"1\">第三方（《条例》第三十二条）</option>"
                    "<option value=\"2\">其他行政机关（《条例》第三十四条）</option></select>"
                    "<label for=\"party\">名称</label><input type=\"text\" id=\"party\" name=\"party\" required maxlength=\"200\">");
        break;
    case APP_EV_EXTEND:
        buf_printf(b, "<label for=\"days\">延长工作日数（最多%d）</label><input type=\"number\" id=\"days\" name=\"days\" min=\"1\" max=\"%d\" value=\"%d\" required>"
                      "<label for=\"approver\">批准人（政府信息公开工作机构负责人）</label><input type=\"text\" id=\"approver\" name=\"approver\" required maxlength=\"100\" value=\"",
                   APP_MAX_EXTENSION, APP_MAX_EXTENSION, APP_MAX_EXTENSION);
        buf_html(b, r->user->name);
        buf_puts(b, "\"><label for=\"reason\">延期理由</label><textarea id=\"reason\" name=\"reason\" required maxlength=\"500\"></textarea>");
        break;
    case APP_EV_FEE_NOTICE:
        buf_puts(b, "<label for=\"fm\">计收方式</label><select id=\"fm\" name=\"fee_method\"><option value=\"pages\">按量（页数）</option>"
                    "<option value=\"count\">按件（本月第几件由系统统计）</option></select>"
                    "<label for=\"pages\">页数（按量计收时）</label><input type=\"number\" id=\"pages\" name=\"pages\" min=\"0\" max=\"100000\">");
        break;
    case APP_EV_ANSWER:
        buf_append(b, approved.data, approved.len);
        break;
    case APP_EV_DELIVER:
        buf_puts(b, "<label for=\"how\">送达方式</label><select id=\"how\" name=\"how\">");
        for (int i = 1; i <= APP_NDELIVERY; i++)
            buf_printf(b, "<option value=\"%s\"%s>%s</option>", app_deliveries[i].code, i == a->delivery ? " selected" : "",
                       app_deliveries[i].label);
        buf_puts(b, "</select><label for=\"ref\">送达凭据（邮寄填邮件号；当面填签收人；电子邮件填收件邮箱，默认申请人邮箱）</label>"
                    "<input type=\"text\" id=\"ref\" name=\"ref\" maxlength=\"" LIM_S(LIM_APP_DL_REF) "\">"
                    "<label for=\"proof\">送达证明</label><textarea id=\"proof\" name=\"proof\" maxlength=\"" LIM_S(LIM_APP_DL_PROOF)
                    "\"></textarea>");
        break;
    case APP_EV_CONSULT_END:
    case APP_EV_FEE_WAIVED:
    case APP_EV_WITHDRAW:
        buf_printf(b, "<label for=\"note-%s\">说明</label><textarea id=\"note-%s\" name=\"note\" maxlength=\"1000\"></textarea>", code, code);
        break;
    default:
        break;
    }
    buf_printf(b, "<button type=\"submit\">%s</button></form></details>", app_events[ev].label);
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
        if (!any)
            buf_puts(b, "<section aria-labelledby=\"docs\"><h2 id=\"docs\">文书下载（公文格式，可打印盖章）</h2><ul class=\"letter-docs\">");
        any = true;
        buf_printf(b, "<li>%s：<a href=\"/console/applications/%s/documents/%s.docx\" download>Word（DOCX）</a> "
                      "<a href=\"/console/applications/%s/documents/%s.pdf\" download>PDF</a></li>",
                   k->label, a->no, k->code, a->no, k->code);
    }
    if (any)
        buf_puts(b, "</ul></section>");
}

int h_console_app(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!load_app(r, a)) {
        free(a);
        return web_error(r, 404, "没有这件申请。");
    }
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    const struct app_state_def *sd = &app_states[a->state];
    char rec[11], sub[11], due[11], rdue[11], done[11];
    day_s(a->received, rec);
    day_s(a->submitted, sub);
    day_s(a->due, due);
    day_s(a->reply_due, rdue);
    day_s(a->concluded, done);
    buf label;
    buf_init(&label);
    app_status_label(a, &label);
    buf_printf(&b, "<h1>申请 %s</h1><p><span class=\"tag %s\">", a->no, sd->open ? "warn" : "ok");
    buf_html(&b, label.data ? label.data : sd->label);
    buf_puts(&b, "</span> ");
    buf_free(&label);
    if (sd->open) {
        urgency_tag(&b, days_left(r, a->due));
        buf_printf(&b, " 下一期限：%s（%s）", due, app_due_labels[a->due_kind]);
    }
    buf_puts(&b, "</p>");
    {
        buf n;
        buf_init(&n);
        app_provisional_note(r->cal, a, &n);
        if (n.len) {
            buf_puts(&b, "<p class=\"notice provisional\">");
            buf_html(&b, n.data);
            buf_puts(&b, "</p>");
        }
        buf_free(&n);
    }
    buf_puts(&b, "<dl class=\"meta\">");
    buf_printf(&b, "<dt>查询码</dt><dd>%s</dd><dt>提交方式</dt><dd>%s</dd><dt>提交日期</dt><dd>%s</dd><dt>收到申请日期</dt><dd>%s</dd>"
                   "<dt>答复期限</dt><dd>%s</dd>",
               a->tracking, app_channels[a->channel].label, sub, rec, rdue);
    if (!sd->open)
        buf_printf(&b, "<dt>办结日期</dt><dd>%s</dd><dt>答复类型</dt><dd>%s</dd>", done,
                   app_outcome_find(a->outcome) ? app_outcome_find(a->outcome)->label : a->outcome);
    buf_printf(&b, "<dt>申请人类型</dt><dd>%s</dd><dt>姓名或名称</dt><dd>", rpt_col_labels[a->kind]);
    buf_html(&b, a->name);
    buf_puts(&b, "</dd><dt>证件号码</dt><dd>");
    buf_html(&b, a->id_number[0] ? a->id_number : "—");
    buf_puts(&b, "</dd><dt>联系电话</dt><dd>");
    buf_html(&b, a->phone[0] ? a->phone : "—");
    buf_puts(&b, "</dd><dt>电子邮箱</dt><dd>");
    buf_html(&b, a->email[0] ? a->email : "—");
    buf_puts(&b, "</dd><dt>通信地址</dt><dd>");
    buf_html(&b, a->address[0] ? a->address : "—");
    buf_printf(&b, "</dd><dt>获取方式</dt><dd>%s</dd><dt>所需信息</dt><dd>", app_deliveries[a->delivery].label);
    buf_html(&b, a->request);
    buf_puts(&b, "</dd>");
    if (a->fee_method)
        buf_printf(&b, "<dt>信息处理费</dt><dd>%lld元%s</dd>", (long long)a->fee_yuan, a->fee_waived ? "（已减免）" : "");
    if (a->ext_days)
        buf_printf(&b, "<dt>延期</dt><dd>%d个工作日</dd>", a->ext_days);
    if (a->dl_how) {
        char dd[11];
        day_s(a->delivered, dd);
        buf_printf(&b, "<dt>送达</dt><dd>%s %s", dd, app_deliveries[a->dl_how].label);
        if (a->dl_ref[0]) {
            buf_printf(&b, "；%s：", app_serve_rules[a->dl_how].ref_label);
            buf_html(&b, a->dl_ref);
        }
        if (a->dl_proof[0]) {
            buf_puts(&b, "；证明：");
            buf_html(&b, a->dl_proof);
        }
        buf_puts(&b, "</dd>");
    } else if (app_awaits_delivery(a)) {
        buf_puts(&b, "<dt>送达</dt><dd><span class=\"tag warn\">尚未送达</span></dd>");
    }
    buf_puts(&b, "</dl>");
    if (!sd->open)
        buf_printf(&b, "<p><a class=\"button\" href=\"/console/applications/%s/letter\">打印答复告知书</a></p>", a->no);
    letter_links(&b, a);
    web_chain_panel(r, &b, a, hidden.data);   /* assign, draft, approve (issue 18) */
    /* the steps the state allows */
    buf ev;
    buf_init(&ev);
    for (int k = 1; k <= APP_NEVENTS; k++)
        event_form(r, &ev, a, k, hidden.data);
    if (ev.len)
        buf_printf(&b, "<section class=\"actions\" aria-labelledby=\"steps\"><h2 id=\"steps\">办理</h2>%s</section>", ev.data);
    buf_free(&ev);
    buf_puts(&b, "<h2>办理记录</h2><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">日期</th><th scope=\"col\">经办人</th>"
                 "<th scope=\"col\">环节</th><th scope=\"col\">内容</th></tr></thead><tbody>");
    store_app_steps(r->st, a->id, step_row, &b, NULL);
    buf_puts(&b, "</tbody></table></div>");
    char title[48];
    snprintf(title, sizeof title, "申请 %s", a->no);
    free(a);
    web_page_console(r, 200, title, "apps", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return 200;
}

/* Applies an event from fields (form or JSON). 0 and *a updated, or a status with msg. */
static int apply_event(web_req *r, struct app *a, const char *(*get)(web_req *, const char *), char *msg, size_t msgn)
{
    struct app_event ev = {0};
    const char *v = get(r, "kind");
    int chain = v ? web_chain_kind(v) : -1;
    if (chain > 0)   /* assign, reassign, draft, return, approve (issue 18) */
        return web_chain_event(r, a, chain, get, msg, msgn);
    for (int i = 1; v && i <= APP_NEVENTS; i++)
        if (strcmp(v, app_events[i].code) == 0)
            ev.kind = i;
    if (!ev.kind)
        return snprintf(msg, msgn, "没有这个办理环节。"), 422;
    if (ev.kind == APP_EV_EXTEND ? !web_can(r, PERM_APP_EXTEND) : !web_can(r, PERM_APP_PROCESS))
        return snprintf(msg, msgn, "您的角色不能办理“%s”。", app_events[ev.kind].label), 403;
    if ((v = get(r, "date")) && *v && date_parse(v, &ev.date, NULL))
        return snprintf(msg, msgn, "日期格式应为 YYYY-MM-DD。"), 422;
    if ((v = get(r, "by")) && *v && date_parse(v, &ev.by, NULL))
        return snprintf(msg, msgn, "补正期限格式应为 YYYY-MM-DD。"), 422;
    ev.what = get(r, "what");
    ev.party = get(r, "party");
    ev.note = get(r, "note");
    ev.approver = get(r, "approver");
    ev.reason = get(r, "reason");
    ev.outcome = get(r, "outcome");
    ev.detail = get(r, "detail");
    ev.refer = get(r, "refer");
    ev.ref = get(r, "ref");
    ev.proof = get(r, "proof");
    if ((v = get(r, "how")) && *v) {
        for (int i = 1; i <= APP_NDELIVERY; i++)
            if (strcmp(v, app_deliveries[i].code) == 0)
                ev.how = i;
        if (!ev.how)
            return snprintf(msg, msgn, "送达方式无效。"), 422;
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
            snprintf(msg, msgn, "%s", m.data);
        buf_free(&m);
        if (over)
            return 422;
    }
    int64_t x;
    if ((v = get(r, "consult_kind")) && *v && parse_i64(v, strlen(v), &x))
        ev.consult_kind = (int)x;
    if ((v = get(r, "days")) && *v && parse_i64(v, strlen(v), &x) && x > 0 && x < 1000)
        ev.days = (int)x;
    if ((v = get(r, "pages")) && *v && parse_i64(v, strlen(v), &x) && x >= 0 && x < 1000000)
        ev.pages = (int)x;
    if ((v = get(r, "fee_method")))
        ev.fee_method = strcmp(v, "count") == 0 ? FEE_BY_COUNT : strcmp(v, "pages") == 0 ? FEE_BY_PAGES : 0;
    err e = {0};
    if (ev.kind == APP_EV_FEE_NOTICE && ev.fee_method == FEE_BY_COUNT && store_app_nth_in_month(r->st, a, &ev.nth_in_month, &e))
        return snprintf(msg, msgn, "无法统计本月申请件数。"), 500;
    struct app_chain *approved = xmalloc(sizeof *approved);
    if (ev.kind == APP_EV_ANSWER)   /* without an outcome: the reply approved */
        web_chain_answer_fill(r, a, &ev, approved);
    struct app_rules rules;
    web_app_rules(r, &rules);
    struct app *after = xmalloc(sizeof *after);
    *after = *a;
    int rc = app_step(&rules, r->cal, after, &ev, &e);
    if (rc)
        free(approved);
    if (rc) {
        free(after);
        snprintf(msg, msgn, "%s", e.msg);
        return rc == GK_ESTATE ? 409 : rc == GK_ERANGE ? 503 : 422;
    }
    buf sum;
    buf_init(&sum);
    app_step_summary(after, &ev, &sum);
    rc = store_app_save(r->st, a, after, r->user->login, app_events[ev.kind].code, after->last_step, sum.data, &e);
    buf_free(&sum);
    if (!rc) {
        *a = *after;
        web_mail_wake(r->app);   /* what the step owes by mail goes out now */
    }
    free(after);
    free(approved);
    if (rc) {
        snprintf(msg, msgn, "%s", e.msg);
        return rc == GK_ESTATE ? 409 : 500;
    }
    return 0;
}

int h_console_app_event(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!load_app(r, a)) {
        free(a);
        return web_error(r, 404, "没有这件申请。");
    }
    char msg[600];
    int st = apply_event(r, a, web_f, msg, sizeof msg);
    char loc[80];
    snprintf(loc, sizeof loc, "/console/applications/%s?msg=done", a->no);
    free(a);
    if (st)
        return web_error(r, st, msg);
    return web_redirect(r, web_href(r, loc));
}

static int letter_for(web_req *r, const struct app *a, bool html, buf *out, err *e)
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
    if (!load_app(r, a)) {
        free(a);
        return web_error(r, 404, "没有这件申请。");
    }
    buf l, b;
    buf_init(&l);
    buf_init(&b);
    err e = {0};
    int rc = letter_for(r, a, true, &l, &e);
    char no[24];
    snprintf(no, sizeof no, "%s", a->no);
    free(a);
    if (rc) {
        buf_free(&l);
        buf_free(&b);
        return web_error(r, 409, "申请尚未办结，还没有答复告知书。");
    }
    buf_printf(&b, "<p class=\"no-print\"><a href=\"/console/applications/%s\">返回申请</a> · 使用浏览器的打印功能打印本页。</p>"
                   "<div class=\"letter\">%s</div>",
               no, l.data);
    web_page_console(r, 200, "答复告知书", "apps", b.data);
    buf_free(&l);
    buf_free(&b);
    return 200;
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
        return web_error(r, 404, "没有这种文书。");
    struct app *a = xmalloc(sizeof *a);
    if (!load_app(r, a)) {
        free(a);
        return web_error(r, 404, "没有这件申请。");
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
    int status = 200;
    if (rc == GK_ESTATE)
        status = web_error(r, 409, arena_printf(&r->a, "这件申请还没有%s。", k->label));
    else if (rc)
        status = web_error(r, gk_http_status(rc), "无法生成文书，请稍后重试。");
    else {
        web_add_header(r, "Content-Disposition",
                       arena_printf(&r->a, "attachment; filename=\"%s-%s.%s\"", a->no, k->code, gkd_format_ext(f)));
        web_text(r, 200, gkd_format_mime(f), out.data, out.len);
    }
    free(a);
    buf_free(&out);
    return status;
}

/* ---- review and litigation cases ---- */

struct case_rows {
    buf *b;
    int n;
    const char *hidden;
    bool can;
};

static int case_row(const struct app_case *c, void *arg)
{
    struct case_rows *x = arg;
    char f[11], cl[11];
    day_s(c->filed, f);
    day_s(c->closed, cl);
    buf_printf(x->b, "<tr id=\"case-%lld\"><td>%s</td><td><a href=\"/console/applications/%s\">%s</a></td><td>",
               (long long)c->id, app_case_kinds[c->kind].label, c->app_no, c->app_no);
    buf_html(x->b, c->body);
    buf_puts(x->b, " ");
    buf_html(x->b, c->case_no);
    buf_printf(x->b, "</td><td>%s</td><td>%s</td><td>", f, c->closed ? app_case_results[c->result].label : "尚未审结");
    if (!c->closed && x->can) {
        buf_printf(x->b, "<form method=\"post\" action=\"/console/cases/%lld/close\">%s<label for=\"r%lld\" class=\"visually-hidden\">结果</label>"
                         "<select id=\"r%lld\" name=\"result\">",
                   (long long)c->id, x->hidden, (long long)c->id, (long long)c->id);
        for (int i = 1; i <= APP_NCASE_RESULTS; i++)
            buf_printf(x->b, "<option value=\"%s\">%s</option>", app_case_results[i].code, app_case_results[i].label);
        buf_printf(x->b, "</select> <label for=\"cd%lld\" class=\"visually-hidden\">审结日期</label><input type=\"date\" id=\"cd%lld\" name=\"date\" required> "
                         "<button type=\"submit\" class=\"secondary\">审结</button></form>",
                   (long long)c->id, (long long)c->id);
    } else {
        buf_puts(x->b, cl);
    }
    buf_puts(x->b, "</td></tr>");
    x->n++;
    return 0;
}

int h_console_cases(web_req *r)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    buf_puts(&b, "<h1>行政复议和行政诉讼</h1><p>因政府信息公开工作引起的行政复议、行政诉讼案件，年度报告表四据此统计。</p>"
                 "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">类型</th><th scope=\"col\">申请</th><th scope=\"col\">机关与案号</th>"
                 "<th scope=\"col\">立案日期</th><th scope=\"col\">结果</th><th scope=\"col\">审结</th></tr></thead><tbody>");
    struct case_rows x = {&b, 0, hidden.data, web_can(r, PERM_APP_PROCESS)};
    store_case_list(r->st, r->agency.id, 0, case_row, &x, NULL);
    if (!x.n)
        buf_puts(&b, "<tr><td colspan=\"6\">暂无案件。</td></tr>");
    buf_puts(&b, "</tbody></table></div>");
    if (x.can) {
        buf_printf(&b, "<h2>登记案件</h2><form class=\"stack\" method=\"post\" action=\"/console/cases\">%s", hidden.data);
        web_form_token_field(r, &b);   /* one form, one case */
        buf_puts(&b, "<label for=\"ck\">类型</label><select id=\"ck\" name=\"kind\">");
        for (int i = 1; i <= APP_NCASE_KINDS; i++)
            buf_printf(&b, "<option value=\"%s\">%s</option>", app_case_kinds[i].code, app_case_kinds[i].label);
        buf_puts(&b, "</select><label for=\"app\">申请编号</label><input type=\"text\" id=\"app\" name=\"app\" required maxlength=\"20\" placeholder=\"如 2026-00012\">"
                     "<label for=\"prior\">复议案件编号（复议后起诉时）</label><input type=\"number\" id=\"prior\" name=\"prior\" min=\"1\">"
                     "<label for=\"filed\">立案（受理）日期</label><input type=\"date\" id=\"filed\" name=\"filed\" required>"
                     "<label for=\"cbody\">复议机关或法院</label><input type=\"text\" id=\"cbody\" name=\"body\" required maxlength=\"" LIM_S(LIM_CASE_BODY) "\">"
                     "<label for=\"cno\">案号</label><input type=\"text\" id=\"cno\" name=\"case_no\" maxlength=\"" LIM_S(LIM_CASE_NO) "\">"
                     "<button type=\"submit\">登记</button></form>");
    }
    web_page_console(r, 200, "复议诉讼案件", "apps", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return 200;
}

static int case_create(web_req *r, const char *(*get)(web_req *, const char *), int64_t *id, char *msg, size_t msgn)
{
    struct app_case c = {0}, prior = {0};
    c.agency_id = r->agency.id;
    const char *v = get(r, "kind");
    c.kind = v ? app_case_kind_from_code(v) : -1;
    if (c.kind < 1)
        return snprintf(msg, msgn, "案件类型无效。"), 422;
    if (!(v = get(r, "filed")) || date_parse(v, &c.filed, NULL))
        return snprintf(msg, msgn, "请填写立案日期（YYYY-MM-DD）。"), 422;
    err e = {0};
    if (cp(r, LIM_F_CASE_BODY, c.body, sizeof c.body, get, &e) ||
        cp(r, LIM_F_CASE_NO, c.case_no, sizeof c.case_no, get, &e))
        return snprintf(msg, msgn, "%s", e.msg), 422;
    struct app *a = xmalloc(sizeof *a);
    v = get(r, "app");
    if (!v || strlen(v) > 23 || store_app_get(r->st, c.agency_id, v, a, NULL)) {
        free(a);
        return snprintf(msg, msgn, "没有这个申请编号。"), 422;
    }
    c.app_id = a->id;
    int64_t x;
    if ((v = get(r, "prior")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || store_case_get(r->st, c.agency_id, x, &prior, NULL)) {
            free(a);
            return snprintf(msg, msgn, "没有这个复议案件。"), 422;
        }
        c.prior_id = x;
    }
    int rc = app_case_check_new(&c, a, c.prior_id ? &prior : NULL, date_today(), &e);
    free(a);
    if (!rc)
        rc = store_case_add(r->st, &c, r->user->login, &e);
    if (rc)
        return snprintf(msg, msgn, "%s", e.msg), 422;
    *id = c.id;
    return 0;
}

struct case_create_arg { char msg[400]; };
static int case_create_form(web_req *r, void *arg, int64_t *id, err *e)
{
    struct case_create_arg *x = arg;
    int st = case_create(r, web_f, id, x->msg, sizeof x->msg);
    if (st)
        err_set(e, GK_EINVAL, "case", "%s", x->msg);
    return st;
}

int h_console_case_create(web_req *r)
{
    struct case_create_arg x = {""};
    err e = {0};
    int64_t id = web_form_token_record(r, "case");
    /* the same form again: the case it created */
    int st = id ? 0 : web_create_once(r, "case", case_create_form, &x, &id, &e);
    if (st)
        return web_error(r, st, x.msg[0] ? x.msg : "保存失败。");
    return web_redirect(r, web_href(r, arena_printf(&r->a, "/console/cases?msg=created#case-%lld", (long long)id)));
}

static int case_close(web_req *r, int64_t id, const char *result, const char *date, char *msg, size_t msgn)
{
    struct app_case c;
    if (store_case_get(r->st, r->agency.id, id, &c, NULL))
        return snprintf(msg, msgn, "没有这个案件。"), 404;
    int res = result ? app_case_result_from_code(result) : -1;
    gk_day d;
    if (res < 1 || !date || date_parse(date, &d, NULL))
        return snprintf(msg, msgn, "请选择结果并填写审结日期。"), 422;
    struct app_case after = c;
    err e = {0};
    int rc = app_case_close(&after, res, d, date_today(), &e);
    if (!rc)
        rc = store_case_save(r->st, &c, &after, r->user->login, &e);
    if (rc)
        return snprintf(msg, msgn, "%s", e.msg), rc == GK_ESTATE ? 409 : 422;
    return 0;
}

int h_console_case_close(web_req *r)
{
    int64_t id;
    char msg[400];
    if (!web_param_id(r, 0, &id))
        return web_error(r, 404, "没有这个案件。");
    int st = case_close(r, id, web_f(r, "result"), web_f(r, "date"), msg, sizeof msg);
    if (st)
        return web_error(r, st, msg);
    return web_redirect(r, web_href(r, "/console/cases?msg=done"));
}

/* ---- API ---- */

/* An application as the API gives it; "provisional" says whether its
 * deadlines are counted over a year whose notice is not imported yet. */
static json_t *app_json_on(const cal_t *cal, const struct app *a)
{
    buf j;
    buf_init(&j);
    app_to_json(a, true, &j);
    json_t *o = json_loads(j.data ? j.data : "{}", 0, NULL);
    buf_free(&j);
    if (!o)
        o = json_object();
    json_object_set_new(o, "provisional", json_boolean(app_provisional(cal, a)));
    return o;
}
#define app_json(a) app_json_on(r->cal, (a))

struct api_rows {
    json_t *items;
    const cal_t *cal;
};

static int api_row(const struct app *a, void *arg)
{
    struct api_rows *x = arg;
    json_array_append_new(x->items, app_json_on(x->cal, a));
    return 0;
}

int api_apps(web_req *r)
{
    struct store_app_filter f = {.agency_id = r->agency.id, .kind = -1, .limit = 100};
    const char *v;
    int64_t x;
    if ((v = web_q(r, "state")) && *v && (f.state = app_state_from_code(v)) < 0)
        return web_api_error(r, 400, "bad_request", "unknown state");
    if ((v = web_q(r, "year")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 2019 || x > 2100)
            return web_api_error(r, 400, "bad_request", "year: 2019 or later");
        f.year = (int)x;
    }
    if ((v = web_q(r, "limit")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 1 || x > 1000)
            return web_api_error(r, 400, "bad_request", "limit: 1 to 1000");
        f.limit = (int)x;
    }
    if ((v = web_q(r, "offset")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 0)
            return web_api_error(r, 400, "bad_request", "offset: 0 or more");
        f.offset = (int)x;
    }
    f.open_only = (v = web_q(r, "open")) && strcmp(v, "1") == 0;
    json_t *items = json_array();
    store_app_list(r->st, &f, api_row, &(struct api_rows){items, r->cal}, NULL);
    return web_json(r, 200, json_pack("{s:o}", "items", items));
}

static __thread json_t *t_body;
static const char *jget(web_req *r, const char *k)
{
    json_t *v = json_object_get(t_body, k);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(&r->a, "%lld", (long long)json_integer_value(v));
    return NULL;
}

int api_app_create(web_req *r)
{
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    t_body = j;
    struct app *a = xmalloc(sizeof *a);
    err e = {0};
    int st = register_app(r, jget, NULL, a, &e);
    t_body = NULL;
    json_decref(j);
    if (st) {
        free(a);
        char m[800];
        snprintf(m, sizeof m, "%s: %s", e.where, e.msg);
        return web_api_error(r, st, st == 503 ? "calendar" : st == 422 ? "invalid" : "internal", m);
    }
    json_t *o = app_json(a);
    web_add_header(r, "Location", web_href(r, arena_printf(&r->a, "/api/v1/applications/%s", a->no)));
    free(a);
    return web_json(r, 201, o);
}

static int api_step_row(const struct store_app_step *s, void *arg)
{
    json_array_append_new(arg, json_pack("{s:s,s:s,s:s,s:s}", "event", s->event, "on", s->on_date, "actor", s->actor,
                                         "summary", s->summary ? s->summary : ""));
    return 0;
}

int api_app_get(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!load_app(r, a)) {
        free(a);
        return web_api_error(r, 404, "not_found", "no such application");
    }
    json_t *o = app_json(a);
    json_t *steps = json_array();
    store_app_steps(r->st, a->id, api_step_row, steps, NULL);
    json_object_set_new(o, "steps", steps);
    json_t *allowed = json_array();
    for (int k = 1; k <= APP_NEVENTS; k++)
        if (app_event_allowed(a->state, k) && (k != APP_EV_DELIVER || app_awaits_delivery(a)))
            json_array_append_new(allowed, json_string(app_events[k].code));
    json_object_set_new(o, "allowed_events", allowed);
    json_object_set_new(o, "chain", web_chain_json(r, a));   /* staff only: the route needs PERM_APP_VIEW */
    free(a);
    return web_json(r, 200, o);
}

int api_app_event(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!load_app(r, a)) {
        free(a);
        return web_api_error(r, 404, "not_found", "no such application");
    }
    json_t *j = web_json_body(r);
    if (!j) {
        free(a);
        return r->status;
    }
    t_body = j;
    char msg[600];
    int st = apply_event(r, a, jget, msg, sizeof msg);
    t_body = NULL;
    json_decref(j);
    if (st) {
        free(a);
        return web_api_error(r, st, st == 403 ? "forbidden" : st == 409 ? "refused" : st == 503 ? "calendar" : "invalid", msg);
    }
    json_t *o = app_json(a);
    free(a);
    return web_json(r, 200, o);
}

int api_app_letter(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!load_app(r, a)) {
        free(a);
        return web_api_error(r, 404, "not_found", "no such application");
    }
    buf t, h;
    buf_init(&t);
    buf_init(&h);
    err e = {0};
    int rc = letter_for(r, a, false, &t, &e);
    if (!rc)
        rc = letter_for(r, a, true, &h, &e);
    free(a);
    json_t *o = rc ? NULL : json_pack("{s:s,s:s}", "text", t.data ? t.data : "", "html", h.data ? h.data : "");
    buf_free(&t);
    buf_free(&h);
    if (rc)
        return web_api_error(r, 409, "refused", "the application is still open: no reply letter yet");
    return web_json(r, 200, o);
}

int api_due(web_req *r)
{
    const char *v = web_q(r, "within");
    int64_t n = 5;
    if (v && *v && (!parse_i64(v, strlen(v), &n) || n < 0 || n > 400))
        return web_api_error(r, 400, "bad_request", "within: 0 to 400 working days");
    gk_day until = date_today();
    if (cal_add_workdays(r->cal, date_today(), (int)n, &until, NULL))
        until = date_today() + (gk_day)n * 7 / 5 + 2;
    json_t *items = json_array();
    store_app_due(r->st, r->agency.id, until, api_row, &(struct api_rows){items, r->cal}, NULL);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *due = json_string_value(json_object_get(it, "due"));
        gk_day d;
        int left;
        if (due && date_parse(due, &d, NULL) == 0 && app_days_left(r->cal, date_today(), d, &left, NULL) == 0)
            json_object_set_new(it, "workdays_left", json_integer(left));
    }
    return web_json(r, 200, json_pack("{s:o}", "items", items));
}

static int api_case_row(const struct app_case *c, void *arg)
{
    char f[11], cl[11];
    day_s(c->filed, f);
    day_s(c->closed, cl);
    json_array_append_new(arg, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s?}", "id", (json_int_t)c->id, "application", c->app_no,
                                         "kind", app_case_kinds[c->kind].code, "body", c->body, "case_no", c->case_no,
                                         "filed", f, "result", c->closed ? app_case_results[c->result].code : NULL));
    return 0;
}

int api_cases(web_req *r)
{
    json_t *items = json_array();
    store_case_list(r->st, r->agency.id, 0, api_case_row, items, NULL);
    return web_json(r, 200, json_pack("{s:o}", "items", items));
}

int api_case_create(web_req *r)
{
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    t_body = j;
    char msg[400];
    int64_t id = 0;
    int st = case_create(r, jget, &id, msg, sizeof msg);
    t_body = NULL;
    json_decref(j);
    if (st)
        return web_api_error(r, st, "invalid", msg);
    return web_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

int api_case_close(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_api_error(r, 404, "not_found", "no such case");
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    char msg[400];
    int st = case_close(r, id, json_string_value(json_object_get(j, "result")),
                        json_string_value(json_object_get(j, "date")), msg, sizeof msg);
    json_decref(j);
    if (st)
        return web_api_error(r, st, st == 404 ? "not_found" : st == 409 ? "refused" : "invalid", msg);
    return web_json(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "closed", 1));
}
