/* web — 依申请公开 for the public: the online application form (the contents
 * Art. 29 asks for, checked by disclosure/), the receipt with its tracking
 * code and the date from which the deadline runs, and the follow-up page
 * (tracking code and phone number: the state and the deadlines, never anyone's
 * personal data). The same as public JSON under /api/v1/public/. */
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "disclosure/disclosure.h"
#include "web/web_internal.h"

/* The agency's rules for deadlines, today. */
int web_app_rules(web_req *r, struct app_rules *out)
{
    app_rules_default(out, date_today());
    buf b;
    buf_init(&b);
    int rc = 0;
    for (int i = 0; !rc && app_rule_keys[i]; i++) {
        buf_reset(&b);
        if (store_setting_get(r->st, r->agency.id, app_rule_keys[i], &b, NULL) == 0)
            rc = app_rules_set(out, app_rule_keys[i], b.data ? b.data : "", NULL);
    }
    buf_free(&b);
    return rc;
}

/* "--id-number" (disclosure/'s names) → "id_number" (the form's). */
const char *web_app_field(web_req *r, const char *where)
{
    const char *w = where;
    while (*w == '-')
        w++;
    char *f = arena_strdup(&r->a, w);
    for (char *p = f; *p; p++)
        if (*p == '-')
            *p = '_';
    return f;
}

/* A provisional deadline says so where the applicant reads it (receipt,
 * follow-up): a paragraph, nothing when the deadline is not provisional. */
static void provisional_para(web_req *r, gk_day from, gk_day due, buf *b)
{
    buf n;
    buf_init(&n);
    app_provisional_note_days(r->cal, from, due, &n);
    if (n.len)
        buf_printf(b, "<p class=\"notice provisional\">%s</p>", web_esc(r, n.data));
    buf_free(&n);
}

static void fmt_day(gk_day d, char out[11])
{
    if (d)
        date_format(d, out);
    else
        snprintf(out, 11, "—");
}

/* Chinese long date: 2026年11月23日 */
void web_day_cn(gk_day d, char out[32])
{
    int y, m, dd;
    if (!d) {
        snprintf(out, 32, "—");
        return;
    }
    date_to_ymd(d, &y, &m, &dd);
    snprintf(out, 32, "%d年%d月%d日", y, m, dd);
}

/* ---- the form ---- */

static const char *const *kind_options(void)
{
    static const char *opts[2 * 6 + 1];
    if (!opts[0]) {
        for (int i = 0; i < 6; i++) {
            opts[2 * i] = rpt_col_keys[i];
            opts[2 * i + 1] = i == COL_NATURAL ? "自然人（公民个人）" : rpt_col_labels[i];
        }
    }
    return opts;
}

/* 证件类型 (disclosure/idtype.c), 居民身份证 first. */
static const char *const *id_type_options(void)
{
    static const char *opts[2 * 16 + 1];
    if (!opts[0])
        for (int i = 0; i < app_nid_types && i < 16; i++) {
            opts[2 * i] = app_id_types[i].code;
            opts[2 * i + 1] = app_id_types[i].label;
        }
    return opts;
}

static const char *const *delivery_options(void)
{
    static const char *opts[2 * APP_NDELIVERY + 1];
    if (!opts[0])
        for (int i = 1; i <= APP_NDELIVERY; i++) {
            opts[2 * (i - 1)] = app_deliveries[i].code;
            opts[2 * (i - 1) + 1] = app_deliveries[i].label;
        }
    return opts;
}

/* Errors by field, for the form. */
struct form_errors {
    const char *field[16], *msg[16];
    int n;
};

static void add_error(struct form_errors *fe, const char *field, const char *msg)
{
    if (fe->n < 16) {
        fe->field[fe->n] = field;
        fe->msg[fe->n++] = msg;
    }
}

static const char *error_for(const struct form_errors *fe, const char *field)
{
    for (int i = 0; fe && i < fe->n; i++)
        if (strcmp(fe->field[i], field) == 0)
            return fe->msg[i];
    return NULL;
}

static int apply_form(web_req *r, int status, const struct form_errors *fe, const char *general)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    buf_printf(&b, "<p class=\"crumbs\">当前位置：<a href=\"%s\">首页</a> › 依申请公开</p><h1>政府信息公开申请</h1>",
               web_esc(r, web_href(r, "/")));
    buf_printf(&b,
               "<p>除本机关主动公开的政府信息外，您可以向%s申请获取相关政府信息（《条例》第二十七条）。"
               "请先在<a href=\"%s\">信息检索</a>中查找，所需信息可能已经公开。</p>"
               "<ol class=\"steps\"><li>填写并提交下面的申请表，提交成功即获得<strong>查询码</strong>，网上提交之日为收到申请之日。</li>"
               "<li>本机关自收到申请之日起<strong>20个工作日</strong>内答复；需要延长的，经批准最长延长20个工作日并告知您。</li>"
               "<li>申请内容不明确的，本机关在7个工作日内一次性告知补正。</li>"
               "<li>凭查询码和联系电话在<a href=\"%s\">进度查询</a>中了解办理情况。</li></ol>",
               web_esc(r, r->agency.name), web_esc(r, web_href(r, "/search")), web_esc(r, web_href(r, "/apply/track")));
    if (general || (fe && fe->n)) {
        buf_puts(&b, "<div class=\"errors\" role=\"alert\" id=\"form-errors\" tabindex=\"-1\"><p>申请未能提交，请修改以下内容：</p><ul>");
        if (general)
            buf_printf(&b, "<li>%s</li>", web_esc(r, general));
        for (int i = 0; fe && i < fe->n; i++)
            buf_printf(&b, "<li><a href=\"#f-%s\">%s</a></li>", web_esc(r, fe->field[i]), web_esc(r, fe->msg[i]));
        buf_puts(&b, "</ul></div>");
    }
    buf_printf(&b, "<form class=\"stack\" method=\"post\" action=\"/apply\" novalidate>%s", hidden.data);
    web_form_token_field(r, &b);
    buf_puts(&b, "<fieldset><legend>申请人信息</legend>");
    web_field(r, &b, &(struct web_field){.name = "kind", .label = "申请人类型", .type = "select", .required = true,
                                         .options = kind_options(), .error = error_for(fe, "kind")});
    web_field(r, &b, &(struct web_field){.name = "name", .label = "姓名或名称", .required = true, .maxlength = LIM_APP_NAME,
                                         .hint = "法人或其他组织请填写全称", .error = error_for(fe, "name"),
                                         .attrs = "autocomplete=\"name\""});
    web_field(r, &b, &(struct web_field){.name = "id_type", .label = "证件类型", .type = "select",
                                         .options = id_type_options(), .error = error_for(fe, "id_type"),
                                         .hint = "港澳台居民可用通行证或居住证，外国人可用护照或永久居留身份证；"
                                                 "法人或其他组织选统一社会信用代码"});
    web_field(r, &b, &(struct web_field){.name = "id_number", .label = "证件号码", .maxlength = LIM_APP_ID_NUMBER,
                                         .error = error_for(fe, "id_number")});
    web_field(r, &b, &(struct web_field){.name = "phone", .label = "联系电话", .type = "tel", .required = true,
                                         .maxlength = LIM_APP_PHONE, .hint = "查询办理进度时需要输入此号码",
                                         .error = error_for(fe, "phone"), .attrs = "autocomplete=\"tel\""});
    web_field(r, &b, &(struct web_field){.name = "email", .label = "电子邮箱", .type = "email", .maxlength = LIM_APP_EMAIL,
                                         .error = error_for(fe, "email"), .attrs = "autocomplete=\"email\""});
    web_field(r, &b, &(struct web_field){.name = "address", .label = "通信地址", .maxlength = LIM_APP_ADDRESS,
                                         .hint = "选择邮寄方式获取信息的，请填写详细地址和邮编",
                                         .error = error_for(fe, "address"), .attrs = "autocomplete=\"street-address\""});
    buf_puts(&b, "</fieldset><fieldset><legend>所需信息</legend>");
    web_field(r, &b, &(struct web_field){.name = "request", .label = "所需政府信息的名称、文号或者特征性描述",
                                         .type = "textarea", .required = true, .maxlength = LIM_APP_REQUEST,
                                         .hint = "请尽量写明文件名称、文号、形成时间等，便于查找；一份申请建议只涉及一项信息",
                                         .error = error_for(fe, "request")});
    web_field(r, &b, &(struct web_field){.name = "delivery", .label = "获取信息的方式", .type = "select",
                                         .required = true, .options = delivery_options(),
                                         .error = error_for(fe, "delivery")});
    buf_puts(&b, "</fieldset>");
    const char *agree = web_f(r, "agree");
    buf_printf(&b, "<p><label class=\"inline\"><input type=\"checkbox\" name=\"agree\" value=\"1\" id=\"f-agree\"%s%s> "
                   "我确认以上信息真实，并知悉：申请人身份信息仅用于办理本申请，不会公开。</label></p>",
               agree ? " checked" : "", error_for(fe, "agree") ? " aria-invalid=\"true\"" : "");
    if (error_for(fe, "agree"))
        buf_printf(&b, "<p class=\"field-error\">%s</p>", web_esc(r, error_for(fe, "agree")));
    buf_puts(&b, "<button type=\"submit\">提交申请</button></form>");
    web_page_public(r, status, "政府信息公开申请", "apply", b.data);
    buf_free(&b);
    buf_free(&hidden);
    r->no_store = true;
    return status;
}

int h_apply_form(web_req *r)
{
    web_anon_csrf(r);
    return apply_form(r, 200, NULL, NULL);
}

/* A form value without surrounding whitespace (the one change made to what
 * was typed), in the request's arena. */
static const char *trimmed(web_req *r, const char *v)
{
    if (!v)
        return "";
    v += strspn(v, " \t\r\n");
    size_t l = strlen(v);
    while (l && strchr(" \t\r\n", v[l - 1]))
        l--;
    return arena_strndup(&r->a, v, l);
}

/* The typed fields of an application: form key, limit, where it is kept. */
static const struct app_text {
    enum lim_field f;
    size_t off, cap;
} app_texts[] = {
    {LIM_F_APP_NAME, offsetof(struct app, name), sizeof((struct app *)0)->name},
    {LIM_F_APP_ID_NUMBER, offsetof(struct app, id_number), sizeof((struct app *)0)->id_number},
    {LIM_F_APP_PHONE, offsetof(struct app, phone), sizeof((struct app *)0)->phone},
    {LIM_F_APP_EMAIL, offsetof(struct app, email), sizeof((struct app *)0)->email},
    {LIM_F_APP_ADDRESS, offsetof(struct app, address), sizeof((struct app *)0)->address},
    {LIM_F_APP_REQUEST, offsetof(struct app, request), sizeof((struct app *)0)->request},
};

/* Reads the form into an application; field-level problems to fe. Every
 * field is counted in characters against base/limits.h and kept whole, or
 * refused with its limit named: nothing is cut. */
static void read_form(web_req *r, struct app *a, struct form_errors *fe)
{
    memset(a, 0, sizeof *a);
    a->agency_id = r->agency.id;
    a->channel = APP_CH_ONLINE;
    a->received = date_today();
    a->submitted = a->received;
    const char *k = web_f(r, "kind");
    a->kind = k ? app_kind_from_code(k) : -1;
    if (a->kind < COL_NATURAL || a->kind >= COL_TOTAL)
        add_error(fe, "kind", "请选择申请人类型。");
    for (size_t i = 0; i < sizeof app_texts / sizeof app_texts[0]; i++) {
        const struct lim_def *d = &lim_fields[app_texts[i].f];
        const char *v = trimmed(r, web_f(r, d->key));
        if (lim_copy(app_texts[i].f, (char *)a + app_texts[i].off, app_texts[i].cap, v, NULL)) {
            buf m;
            buf_init(&m);
            lim_msg_cn(app_texts[i].f, v, &m);
            add_error(fe, d->key, arena_strdup(&r->a, m.data ? m.data : "内容含有无效字符。"));
            buf_free(&m);
        }
    }
    const char *it = web_f(r, "id_type");
    const struct app_id_type *t = it && *it ? app_id_type_find(it) : NULL;
    if (it && *it && !t)
        add_error(fe, "id_type", "请选择证件类型。");
    else if (t)
        snprintf(a->id_type, sizeof a->id_type, "%s", t->code);
    if (!a->name[0] && !error_for(fe, "name"))
        add_error(fe, "name", "请填写申请人姓名或名称。");
    if (!a->phone[0] && !error_for(fe, "phone"))
        add_error(fe, "phone", "请填写联系电话，查询进度时需要用到。");
    if (!a->request[0] && !error_for(fe, "request"))
        add_error(fe, "request", "请写明所需政府信息的名称、文号或特征性描述。");
    const char *d = web_f(r, "delivery");
    a->delivery = 0;
    for (int i = 1; d && i <= APP_NDELIVERY; i++)
        if (strcmp(d, app_deliveries[i].code) == 0)
            a->delivery = i;
    if (!a->delivery)
        add_error(fe, "delivery", "请选择获取信息的方式。");
    if (!web_f(r, "agree"))
        add_error(fe, "agree", "请确认申请信息真实。");
}

/* disclosure/'s messages are for staff and the CLI: the public gets Chinese. */
static const char *public_message(const char *field)
{
    static const char *const m[][2] = {
        {"id_type", "请选择证件类型。"},
        {"phone", "联系电话格式不正确（5至20位数字，可含空格、+、-、括号）。"},
        {"email", "电子邮箱格式不正确。"},
        {"address", "所选获取方式需要填写通信地址。"},
        {"name", "请填写申请人姓名或名称。"},
        {"request", "请写明所需政府信息。"},
        {"delivery", "请选择获取信息的方式。"},
        {"kind", "请选择申请人类型。"},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i][0], field) == 0)
            return m[i][1];
    return NULL;
}

/* ---- the receipt (one form, one application: web/form_token.c) ---- */

/* The application a consumed token created, or false. */
static bool token_app(web_req *r, const char *token, struct app *a)
{
    char idt[24];
    int64_t id = web_form_token_find(r, token, "application");
    if (!id)
        return false;
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    return store_app_get(r->st, r->agency.id, idt, a, NULL) == 0;
}

static int to_receipt(web_req *r, const char *token)
{
    return web_redirect(r, web_href(r, arena_printf(&r->a, "/apply/receipt/%s", token)));
}

int h_apply_submit(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    const char *token = web_form_token(r);
    /* the same form again (reload, back and resubmit): its first result */
    if (token_app(r, token, a)) {
        free(a);
        return to_receipt(r, token);
    }
    struct form_errors fe = {0};
    read_form(r, a, &fe);
    int status = 0;
    const char *general = NULL;
    struct app_rules rules;
    err e = {0};
    bool again = false;
    enum { WHY_MAX = 400 };
    char *retry_why = arena_alloc(&r->a, WHY_MAX);
    if (fe.n) {
        status = 422;
    } else if (web_app_rules(r, &rules), app_register(&rules, r->cal, a, &e)) {
        const char *field = web_app_field(r, e.where);
        const char *msg = public_message(field);
        if (strcmp(field, "id_number") == 0) {
            /* the rule of the paper chosen, in Chinese */
            const struct app_id_type *t = app_id_type_find(a->id_type[0] ? a->id_type : "id_card");
            msg = arena_printf(&r->a, "证件号码有误：%s。", t ? t->rule_zh : "号码不符合证件格式");
        }
        status = e.code == GK_ERANGE ? 503 : 422;
        if (e.code == GK_ERANGE || !msg)
            general = e.code == GK_ERANGE ? "系统暂时无法计算答复期限（缺少本年度节假日安排），请改用其他方式提交或稍后再试。"
                                          : "申请内容有误，请检查后重新提交。";
        else
            add_error(&fe, field, msg);
    } else if ((status = web_apply_intake(r, a, token, &again, retry_why, WHY_MAX, &e)) == 429) {
        general = retry_why;   /* why, when, and the other channels; Retry-After is set */
    } else if (status) {
        status = 500;
        general = "申请未能保存，请稍后再试。";
    }
    free(a);
    if (status)
        return apply_form(r, status, &fe, general);
    web_mail_wake(r->app);   /* the receipt by mail, if the agency sends mail */
    /* Post/Redirect/Get: reloading the receipt reads it again, files nothing */
    return to_receipt(r, token);
}

/* GET /apply/receipt/:token — the receipt of the application the form with
 * this token created. The token is known only to the browser that submitted
 * the form; the page shows no personal data. */
int h_apply_receipt(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!token_app(r, web_param(r, 0), a)) {
        free(a);
        return web_error(r, 404, "没有找到这份申请回执。请凭查询码和联系电话在进度查询中了解办理情况。");
    }
    char recv[32], due[32];
    web_day_cn(a->received, recv);
    web_day_cn(a->reply_due, due);
    buf b;
    buf_init(&b);
    buf_printf(&b,
               "<h1>申请已提交</h1><div class=\"receipt\" role=\"status\"><p>%s已收到您的政府信息公开申请。请记下查询码：</p>"
               "<p class=\"code\">%s</p><dl class=\"meta\"><dt>申请编号</dt><dd>%s</dd>"
               "<dt>收到申请日期</dt><dd>%s（网上提交，系统即时确认；答复期限自此日起算）</dd>"
               "<dt>答复期限</dt><dd>%s前（20个工作日；如需补正、征求第三方意见或延期，将另行告知）</dd></dl>"
               "<p>凭查询码和您填写的联系电话，可在<a href=\"%s\">进度查询</a>中了解办理情况。"
               "为保护您的个人信息，查询结果只显示办理状态和期限。</p></div>"
               "<p class=\"no-print\"><a class=\"button secondary\" href=\"%s\">返回首页</a></p>",
               web_esc(r, r->agency.name), web_esc(r, a->tracking), web_esc(r, a->no), recv, due,
               web_esc(r, web_href(r, "/apply/track")), web_esc(r, web_href(r, "/")));
    provisional_para(r, a->received, a->reply_due, &b);
    free(a);
    web_page_public(r, 200, "申请已提交", "apply", b.data);
    buf_free(&b);
    r->no_store = true;
    return 200;
}

/* ---- follow-up ---- */

/* Tracking codes are typed in many ways: upper-case, no spaces, dashes every four. */
bool web_norm_tracking(const char *in, char out[16])
{
    char t[16];
    int n = 0;
    for (const char *p = in ? in : ""; *p; p++) {
        char c = *p;
        if (c == '-' || c == ' ')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) || n >= 12)
            return false;
        t[n++] = c;
    }
    if (n != 12)
        return false;
    snprintf(out, 16, "%.4s-%.4s-%.4s", t, t + 4, t + 8);
    return true;
}

/* What the follow-up says of the reply's delivery (送达): delivered only
 * once staff recorded it (or the mail server took the mail). */
static void delivery_para(web_req *r, const struct store_app_public *st, buf *b)
{
    (void)r;
    if (st->state != APP_S_ANSWERED) {
        buf_puts(b, "<p>申请已办结。</p>");
        return;
    }
    if (st->dl_how >= 1 && st->dl_how <= APP_NDELIVERY) {
        char d[32];
        web_day_cn(st->delivered, d);
        buf_printf(b, "<p>答复书已于%s%s送达。对答复不服的，可以自收到答复书之日起60日内申请行政复议，或者6个月内提起行政诉讼。</p>",
                   d, app_serve_rules[st->dl_how].served_cn);
    } else {
        buf_puts(b, "<p>已作出答复，答复书正在按您选择的方式送达；您也可以在下方查阅答复书。</p>");
    }
}

/* The applicant's own reply letter, read through the store: only the
 * application that the tracking code and phone matched, only of this
 * agency. The addressee's name is masked (王*明) as everywhere on the public
 * side: a guessed code and phone would give away nothing personal. */
static void own_letter(web_req *r, const struct store_app_public *st, buf *b)
{
    if (!st->no[0] || st->agency_id != r->agency.id)
        return;
    struct app *a = xmalloc(sizeof *a);
    buf l;
    buf_init(&l);
    struct app_letter_ctx ctx = {.agency = r->agency.name};
    ctx.review_body = web_setting(r, "disclosure.review_body", NULL);
    ctx.court = web_setting(r, "disclosure.court", NULL);
    ctx.contact = web_setting(r, "disclosure.contact", NULL);
    bool got = store_app_get(r->st, r->agency.id, st->no, a, NULL) == 0;
    if (got) {
        buf m;
        buf_init(&m);
        app_mask_name(a->name, a->kind, &m);
        snprintf(a->name, sizeof a->name, "%s", m.data ? m.data : "");
        buf_free(&m);
    }
    if (got && app_reply_letter(a, &ctx, true, &l, NULL) == 0)
        buf_printf(b, "<section aria-labelledby=\"letter\"><h2 id=\"letter\">答复告知书</h2><div class=\"letter\">%s</div></section>",
                   l.data);
    if (got)
        web_track_files(r, a, b);   /* the files released with the reply, masked */
    buf_free(&l);
    free(a);
}

static int track_page(web_req *r, int status, const char *error, const struct store_app_public *st)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    buf_printf(&b, "<p class=\"crumbs\">当前位置：<a href=\"%s\">首页</a> › <a href=\"%s\">依申请公开</a> › 进度查询</p>"
                   "<h1>申请办理进度查询</h1>",
               web_esc(r, web_href(r, "/")), web_esc(r, web_href(r, "/apply")));
    if (st) {
        char recv[32], due[32], done[32];
        web_day_cn(st->received, recv);
        web_day_cn(st->reply_due, due);
        web_day_cn(st->concluded, done);
        const struct app_state_def *sd = st->state >= 1 && st->state <= APP_NSTATES ? &app_states[st->state] : NULL;
        buf_printf(&b, "<section class=\"receipt\" role=\"status\" aria-labelledby=\"res\"><h2 id=\"res\">查询结果</h2>"
                       "<p class=\"status-big\">%s</p><dl class=\"meta\"><dt>收到申请日期</dt><dd>%s</dd>",
                   sd ? sd->label : "—", recv);
        if (sd && sd->open)
            buf_printf(&b, "<dt>答复期限</dt><dd>%s前%s</dd>", due,
                       sd->clock_runs ? "" : "（当前计时暂停，补正、征求意见或缴费完成后继续计算）");
        else
            buf_printf(&b, "<dt>办结日期</dt><dd>%s</dd>", done);
        buf_puts(&b, "</dl>");
        if (sd && sd->open)
            provisional_para(r, st->received, st->reply_due, &b);
        if (sd && !sd->open)
            delivery_para(r, st, &b);
        buf_puts(&b, "</section>");
        if (st->state == APP_S_ANSWERED)
            own_letter(r, st, &b);
    }
    if (error)
        buf_printf(&b, "<div class=\"errors\" role=\"alert\"><p>%s</p></div>", web_esc(r, error));
    buf_printf(&b, "<form class=\"stack\" method=\"post\" action=\"/apply/track\">%s", hidden.data);
    web_field(r, &b, &(struct web_field){.name = "code", .label = "查询码", .required = true, .maxlength = 20,
                                         .hint = "提交申请时获得的12位查询码，例如 ABCD-EFGH-JKLM",
                                         .attrs = "autocomplete=\"off\" spellcheck=\"false\""});
    web_field(r, &b, &(struct web_field){.name = "phone", .label = "联系电话", .type = "tel", .required = true,
                                         .maxlength = 30, .hint = "申请时填写的联系电话", .value = "",
                                         .attrs = "autocomplete=\"tel\""});
    buf_puts(&b, "<button type=\"submit\">查询</button></form>"
                 "<p class=\"muted\">通过信函、当面等方式提交的申请，查询码见受理回执。如有疑问请致电政府信息公开工作机构。</p>");
    web_page_public(r, status, "进度查询", "apply", b.data);
    buf_free(&b);
    buf_free(&hidden);
    r->no_store = true;
    return status;
}

int h_track_form(web_req *r)
{
    web_anon_csrf(r);
    return track_page(r, 200, NULL, NULL);
}

/* Shared by the page, the API and the downloads of released files
 * (pages_track_files.c): 0 and the status, or an HTTP status with msg. */
int web_track_lookup(web_req *r, const char *code, const char *phone, struct store_app_public *out,
                        const char **msg)
{
    char tc[16];
    if (!code || !phone || !*phone || !web_norm_tracking(code, tc)) {
        *msg = "请输入12位查询码和联系电话。";
        return 422;
    }
    /* guessing codes: failures per address are limited like logins */
    if (web_track_throttled(r)) {
        *msg = "查询失败次数过多，请一小时后再试。";
        return 429;
    }
    char digits[32];
    app_phone_digits(phone, digits);
    if (store_app_public_status(r->st, tc, digits, out, NULL)) {
        web_track_failed(r);
        *msg = "没有找到与查询码和联系电话相符的申请，请核对后重试。";
        return 404;
    }
    return 0;
}

int h_track(web_req *r)
{
    struct store_app_public st;
    const char *msg = NULL;
    int status = web_track_lookup(r, web_f(r, "code"), web_f(r, "phone"), &st, &msg);
    if (status)
        return track_page(r, status, msg, NULL);
    return track_page(r, 200, NULL, &st);
}

int api_public_track(web_req *r)
{
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    json_t *c = json_object_get(j, "code"), *p = json_object_get(j, "phone");
    struct store_app_public st;
    const char *msg = NULL;
    int status = web_track_lookup(r, json_string_value(c), json_string_value(p), &st, &msg);
    json_decref(j);
    if (status)
        return web_api_error(r, status, status == 404 ? "not_found" : status == 429 ? "too_many_requests" : "invalid",
                             msg);
    char recv[11], due[11], done[11];
    fmt_day(st.received, recv);
    fmt_day(st.reply_due, due);
    fmt_day(st.concluded, done);
    const struct app_state_def *sd = &app_states[st.state];
    bool prov = sd->open && cal_range_provisional(r->cal, st.received, st.reply_due);
    char dl[11];
    fmt_day(st.delivered, dl);
    bool delivered = st.dl_how >= 1 && st.dl_how <= APP_NDELIVERY;
    return web_json(r, 200, json_pack("{s:s,s:s,s:b,s:s,s:s?,s:s?,s:b,s:b,s:s?,s:s?}", "state", sd->code, "state_label",
                                      sd->label, "open", sd->open, "received", recv, "reply_due", sd->open ? due : NULL,
                                      "concluded", sd->open ? NULL : done, "provisional", prov,
                                      "delivered", delivered, "delivered_on", delivered ? dl : NULL,
                                      "delivered_by", delivered ? app_deliveries[st.dl_how].code : NULL));
}
