/*
 * disclosure — reply letters (政府信息公开申请答复告知书). The letter is
 * assembled as a list of parts (heading, salutation, paragraphs, signature)
 * from the application and its outcome's row in the taxonomy, then written
 * as plain text, as HTML through the builder (base/html.h) with every value
 * escaped, or as a
 * 公文 (src/docgen: DOCX or PDF in the layout of GB/T 9704) with the parts in
 * the standard's order: 版头 (the agency), 发文字号 (the application's number),
 * 标题, 主送 (the applicant), 正文, 落款, 成文日期. The receipt (受理回执) with the
 * tracking code is built the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/html.h"
#include "disclosure/disclosure.h"
#include "docgen/docgen.h"

enum part_kind { P_AGENCY, P_TITLE, P_NUMBER, P_SALUTATION, P_PARA, P_SIGN, P_CODE };

struct letter {
    struct { int kind; char *text; } parts[24];
    int n;
};

static void add(struct letter *l, int kind, buf *b)
{
    if (l->n < (int)(sizeof l->parts / sizeof l->parts[0])) {
        l->parts[l->n].kind = kind;
        l->parts[l->n].text = buf_detach(b);
        l->n++;
    } else {
        buf_free(b);
    }
}

static void add_s(struct letter *l, int kind, const char *s)
{
    buf b;
    buf_init(&b);
    buf_puts(&b, s);
    add(l, kind, &b);
}

static void cn_date(gk_day d, buf *b)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    buf_printf(b, "%d年%d月%d日", y, m, dd);
}

/* Expands the {placeholders} of an outcome paragraph. */
static void expand(const char *tpl, const struct app *a, buf *b)
{
    for (const char *p = tpl; *p;) {
        if (*p != '{') {
            buf_putc(b, *p++);
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end) {
            buf_puts(b, p);
            break;
        }
        size_t n = (size_t)(end - p - 1);
        const char *k = p + 1;
#define KEY(s) (n == strlen(s) && strncmp(k, s, n) == 0)
        if (KEY("sup_notice"))
            cn_date(a->sup_notice, b);
        else if (KEY("sup_by"))
            cn_date(a->sup_by, b);
        else if (KEY("fee_notice"))
            cn_date(a->fee_notice, b);
        else if (KEY("fee_pay_by"))
            cn_date(a->fee_pay_by, b);
        else if (KEY("fee_yuan"))
            buf_printf(b, "%lld", (long long)a->fee_yuan);
        else if (KEY("concluded"))
            cn_date(a->concluded, b);
        else if (KEY("detail")) {
            size_t dn = strlen(a->detail), sn = strlen("。");
            buf_puts(b, a->detail);
            if (dn < sn || strcmp(a->detail + dn - sn, "。") != 0)
                buf_puts(b, "。");
        }
        else if (KEY("refer")) {
            if (a->refer[0])
                buf_printf(b, "该信息不属于本机关负责公开。据了解，负责公开该信息的是%s，您可以向其提出申请。", a->refer);
            else
                buf_puts(b, "该政府信息不存在。");
        } else
            buf_append(b, p, (size_t)(end - p + 1));
#undef KEY
        p = end + 1;
    }
}

/* Heading, number, salutation and the paragraph that recalls the application. */
static void opening(const struct app *a, const struct app_letter_ctx *ctx, const char *title, struct letter *l)
{
    buf b;
    buf_init(&b);
    add_s(l, P_AGENCY, ctx->agency && *ctx->agency ? ctx->agency : "");
    add_s(l, P_TITLE, title);
    buf_printf(&b, "编号：%s", a->no);
    add(l, P_NUMBER, &b);
    buf_printf(&b, "%s：", a->name);
    add(l, P_SALUTATION, &b);
    buf_puts(&b, "本机关于");
    cn_date(a->received, &b);
    buf_printf(&b, "收到您以%s方式提出的政府信息公开申请，申请获取：“%s”。",
               app_channels[a->channel].label, a->request);
    add(l, P_PARA, &b);
}

/* Contact line and signature dated `on`. */
static void closing(const struct app_letter_ctx *ctx, gk_day on, struct letter *l)
{
    buf b;
    buf_init(&b);
    if (ctx->contact && *ctx->contact) {
        buf_printf(&b, "联系方式：%s", ctx->contact);
        add(l, P_PARA, &b);
    }
    add_s(l, P_SIGN, ctx->agency && *ctx->agency ? ctx->agency : "");
    cn_date(on, &b);
    add(l, P_SIGN, &b);
}

/* A reply letter being built: the application, its outcome, the letter's
 * settings, the letter, and the paragraph being written. */
struct reply {
    const struct app *a;
    const struct app_outcome *o;
    const struct app_letter_ctx *ctx;
    struct letter *l;
    buf b;
};

/* The supplement asked for and received (Art. 30): the deadline runs from it. */
static void para_supplement(struct reply *r)
{
    if (r->a->sup_received) {
        buf_puts(&r->b, "本机关于");
        cn_date(r->a->sup_notice, &r->b);
        buf_puts(&r->b, "一次性告知您补正申请，于");
        cn_date(r->a->sup_received, &r->b);
        buf_puts(&r->b, "收到补正后的申请，答复期限自该日起计算。");
        add(r->l, P_PARA, &r->b);
    }
}

/* Consultations (Art. 32): their time is not counted. */
static void para_consults(struct reply *r)
{
    if (r->a->consults) {
        buf_printf(&r->b, "办理过程中，本机关依法书面征求了%s的意见，征求意见所需时间不计算在答复期限内。",
                   r->a->consults > 1 ? "有关第三方或者行政机关" : r->a->consult_kind == 1 ? "第三方" : "有关行政机关");
        add(r->l, P_PARA, &r->b);
    }
}

/* The extension (Art. 33). */
static void para_extension(struct reply *r)
{
    if (r->a->ext_days) {
        buf_puts(&r->b, "因");
        buf_puts(&r->b, r->a->ext_reason);
        buf_printf(&r->b, "，经本机关政府信息公开工作机构负责人同意，本机关于");
        cn_date(r->a->ext_on, &r->b);
        buf_printf(&r->b, "告知您答复期限延长%d个工作日。", r->a->ext_days);
        add(r->l, P_PARA, &r->b);
    }
}

/* The fee notice and its payment or waiver (Art. 42). */
static void para_fee(struct reply *r)
{
    if (r->a->fee_settled) {
        buf_puts(&r->b, "本机关于");
        cn_date(r->a->fee_notice, &r->b);
        buf_printf(&r->b, "向您发出收费通知（%s）", r->a->fee_working);
        if (r->a->fee_waived) {
            buf_puts(&r->b, "，后依申请予以减免。");
        } else {
            buf_puts(&r->b, "，您已于");
            cn_date(r->a->fee_settled, &r->b);
            buf_puts(&r->b, "缴纳。");
        }
        add(r->l, P_PARA, &r->b);
    }
}

/* The answer: the outcome's paragraph with the application's values. */
static void para_answer(struct reply *r)
{
    if (r->o->via != APP_EV_WITHDRAW)
        add_s(r->l, P_PARA, "现答复如下：");
    expand(r->o->paragraph, r->a, &r->b);
    if (r->b.len)
        add(r->l, P_PARA, &r->b);
}

/* What is provided, or why not, in the office's words (ended with a stop). */
static void para_detail(struct reply *r)
{
    if (r->a->detail[0] && !strstr(r->o->paragraph, "{detail}")) {
        /* what is provided, or why not, in the office's words */
        if (r->a->state == APP_S_WITHDRAWN)
            buf_puts(&r->b, "撤回理由：");
        else if (r->o->paragraph[0])
            buf_puts(&r->b, r->o->provides ? "具体说明：" : "理由说明：");
        buf_puts(&r->b, r->a->detail);
        static const char *const stops[] = {"。", "！", "？", "；", ".", "!", "?", ";"};
        bool ended = false;
        for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
            size_t sl = strlen(stops[i]);
            ended |= r->b.len >= sl && memcmp(r->b.data + r->b.len - sl, stops[i], sl) == 0;
        }
        if (!ended)
            buf_puts(&r->b, "。");
        add(r->l, P_PARA, &r->b);
    }
}

/* Registered documents the approved reply cites (issue 18): title and 文号. */
static void para_cites(struct reply *r)
{
    if (r->ctx->cites && *r->ctx->cites) {
        /* registered documents the approved reply cites (issue 18): title and 文号 */
        buf_printf(&r->b, "本答复所涉文件：%s。", r->ctx->cites);
        add(r->l, P_PARA, &r->b);
    }
}

/* How the information is provided. */
static void para_delivery(struct reply *r)
{
    if (r->o->provides) {
        buf_printf(&r->b, "提供方式：%s。", app_deliveries[r->a->delivery].label);
        add(r->l, P_PARA, &r->b);
    }
}

/* The article the outcome rests on. */
static void para_basis(struct reply *r)
{
    if (r->o->basis[0]) {
        buf_printf(&r->b, "依据%s的规定，特此告知。", r->o->basis);
        add(r->l, P_PARA, &r->b);
    }
}

/* Review and litigation open to the applicant, with their time limits. */
static void para_remedies(struct reply *r)
{
    if (r->o->remedies) {
        buf_printf(&r->b, "如对本答复不服，可以自收到本告知书之日起%d日内向%s申请行政复议，或者自收到本告知书之日起%d个月内向%s提起行政诉讼。",
                   APP_REVIEW_DAYS, r->ctx->review_body && *r->ctx->review_body ? r->ctx->review_body : "有关行政复议机关",
                   APP_SUIT_MONTHS, r->ctx->court && *r->ctx->court ? r->ctx->court : "有管辖权的人民法院");
        add(r->l, P_PARA, &r->b);
    }
}

/* The paragraphs of a reply letter after its opening, in order. */
static void (*const reply_paras[])(struct reply *) = {
    para_supplement, para_consults, para_extension, para_fee, para_answer,
    para_detail, para_cites, para_delivery, para_basis, para_remedies,
};

static void build(const struct app *a, const struct app_outcome *o, const struct app_letter_ctx *ctx,
                  struct letter *l)
{
    struct reply r = {a, o, ctx, l, {0}};
    buf_init(&r.b);
    opening(a, ctx, o->via == APP_EV_WITHDRAW ? "政府信息公开申请终止处理告知书" : "政府信息公开申请答复告知书", l);
    for (size_t i = 0; i < sizeof reply_paras / sizeof reply_paras[0]; i++)
        reply_paras[i](&r);
    closing(ctx, a->concluded, l);
    buf_free(&r.b);
}

/* The notices sent on the way: supplementation (Art. 30), extension (Art. 33),
 * fee (Art. 42). Returns false for steps that send none. */
static bool build_notice(const struct app *a, int event, const struct app_letter_ctx *ctx, bool fee_stops_clock,
                         struct letter *l)
{
    buf b;
    buf_init(&b);
    gk_day on;
    switch (event) {
    case APP_EV_SUPPLEMENT_REQUEST:
        opening(a, ctx, "政府信息公开申请补正告知书", l);
        buf_printf(&b, "经审查，您的申请内容不够明确，本机关无法据此确定您所需的政府信息。请您就以下事项作出补正：%s",
                   a->sup_what);
        add(l, P_PARA, &b);
        buf_puts(&b, "请于");
        cn_date(a->sup_by, &b);
        buf_puts(&b, "前向本机关提交补正后的申请，答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，"
                     "视为放弃申请，本机关不再处理该政府信息公开申请。");
        add(l, P_PARA, &b);
        add_s(l, P_PARA, "依据《中华人民共和国政府信息公开条例》第三十条的规定，特此告知。");
        on = a->sup_notice;
        break;
    case APP_EV_EXTEND:
        opening(a, ctx, "政府信息公开申请延期答复告知书", l);
        buf_printf(&b, "因%s，本机关不能在规定期限内作出答复。经本机关政府信息公开工作机构负责人同意，答复期限延长%d个工作日，"
                       "本机关将于", a->ext_reason, a->ext_days);
        cn_date(a->reply_due, &b);
        buf_puts(&b, "前作出答复。");
        add(l, P_PARA, &b);
        if (ctx->provisional && *ctx->provisional)
            add_s(l, P_PARA, ctx->provisional);
        add_s(l, P_PARA, "依据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，特此告知。");
        on = a->ext_on;
        break;
    case APP_EV_FEE_NOTICE:
        opening(a, ctx, "政府信息公开信息处理费缴费通知书", l);
        buf_printf(&b, "您申请公开政府信息的数量、频次明显超过合理范围，依照《政府信息公开信息处理费管理办法》，"
                       "本机关决定收取信息处理费%lld元（%s）。", (long long)a->fee_yuan, a->fee_working);
        add(l, P_PARA, &b);
        buf_puts(&b, "请于");
        cn_date(a->fee_pay_by, &b);
        buf_printf(&b, "前缴纳。%s逾期未缴纳的，本机关不再处理该政府信息公开申请。确有经济困难的，可以申请减免。",
                   fee_stops_clock ? "缴费期间不计算在答复期限内。" : "");
        add(l, P_PARA, &b);
        if (ctx->provisional && *ctx->provisional)
            add_s(l, P_PARA, ctx->provisional);
        add_s(l, P_PARA, "依据《中华人民共和国政府信息公开条例》第四十二条的规定，特此通知。");
        on = a->fee_notice;
        break;
    default:
        buf_free(&b);
        return false;
    }
    closing(ctx, on, l);
    buf_free(&b);
    return true;
}

static void render(const struct letter *l, bool html, buf *out)
{
    if (html) {
        /* each part's element and class, by kind (P_AGENCY … P_CODE) */
        static const struct { const char *tag, *cls; } el[] = {
            {"p", "agency"}, {"h1", NULL}, {"p", "number"}, {"p", "salutation"}, {"p", NULL}, {"p", "sign"}, {"p", "code"},
        };
        h_open(out, "article", "class", "reply-letter", H_END);
        h_text(out, "\n");
        for (int i = 0; i < l->n; i++) {
            const char *cls = el[l->parts[i].kind].cls;
            h_el_attr(out, el[l->parts[i].kind].tag, l->parts[i].text, "class", cls ? cls : H_OMIT, H_END);
            h_text(out, "\n");
        }
        h_close(out, "article");
        h_text(out, "\n");
        return;
    }
    for (int i = 0; i < l->n; i++) {
        switch (l->parts[i].kind) {
        case P_AGENCY:
        case P_TITLE:
        case P_SALUTATION:
        case P_CODE:
            buf_printf(out, "%s\n", l->parts[i].text);
            break;
        case P_NUMBER:
            buf_printf(out, "%s\n\n", l->parts[i].text);
            break;
        case P_PARA:
            buf_printf(out, "　　%s\n", l->parts[i].text);
            break;
        case P_SIGN:
            buf_printf(out, "%s%s\n", l->parts[i - 1].kind == P_SIGN ? "" : "\n", l->parts[i].text);
            break;
        }
    }
}

static void letter_free(struct letter *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->parts[i].text);
}

int app_reply_letter(const struct app *a, const struct app_letter_ctx *ctx, bool html, buf *out, err *e)
{
    if (a->state < 1 || a->state > APP_NSTATES || app_states[a->state].open)
        return err_set(e, GK_ESTATE, a->no, "no reply letter yet: the application is still open (%s)",
                       a->state >= 1 && a->state <= APP_NSTATES ? app_states[a->state].label : "?");
    const struct app_outcome *o = app_outcome_find(a->outcome);
    if (!o)
        return err_set(e, GK_EINVAL, a->no, "unknown outcome '%s'", a->outcome);
    struct letter l = {0};
    build(a, o, ctx, &l);
    render(&l, html, out);
    letter_free(&l);
    return 0;
}

int app_notice_letter(const struct app *a, int event, const struct app_letter_ctx *ctx, bool fee_stops_clock,
                      bool html, buf *out, err *e)
{
    bool sent = (event == APP_EV_SUPPLEMENT_REQUEST && a->sup_notice) || (event == APP_EV_EXTEND && a->ext_days) ||
                (event == APP_EV_FEE_NOTICE && a->fee_method);
    if (event != APP_EV_SUPPLEMENT_REQUEST && event != APP_EV_EXTEND && event != APP_EV_FEE_NOTICE)
        return err_field(e, GK_EINVAL, "letter", "this step sends no notice to the applicant");
    if (!sent)
        return err_set(e, GK_ESTATE, a->no, "no %s was made", app_events[event].label);
    struct letter l = {0};
    build_notice(a, event, ctx, fee_stops_clock, &l);
    render(&l, html, out);
    letter_free(&l);
    return 0;
}

/* ---- the letters as 公文 (docgen) ---- */

/* The receipt (受理回执) of a registered application: when and how it came,
 * the reply deadline, and the tracking code the public follow-up asks for. */
static void build_receipt(const struct app *a, const struct app_letter_ctx *ctx, struct letter *l)
{
    buf b;
    buf_init(&b);
    opening(a, ctx, "政府信息公开申请受理回执", l);
    if (a->reply_due && app_states[a->state].open) {
        buf_puts(&b, "依据《中华人民共和国政府信息公开条例》第三十三条的规定，本机关将于");
        cn_date(a->reply_due, &b);
        buf_puts(&b, "前作出答复；需要补正申请、延长答复期限或者征求第三方意见的，本机关将另行书面告知。");
        add(l, P_PARA, &b);
    }
    buf_printf(&b, "查询码：%s", a->tracking);
    add(l, P_CODE, &b);
    add_s(l, P_PARA, "凭查询码和您在申请中填写的联系电话，可在本机关政府信息公开网站的“进度查询”中了解办理情况。"
                     "请妥善保管本回执。");
    closing(ctx, a->received, l);
    buf_free(&b);
}

const struct app_letter_kind app_letter_kinds[] = {
    {"reply", "答复告知书", APP_EV_ANSWER},
    {"supplement", "补正告知书", APP_EV_SUPPLEMENT_REQUEST},
    {"extend", "延期答复告知书", APP_EV_EXTEND},
    {"fee", "缴费通知书", APP_EV_FEE_NOTICE},
    {"receipt", "受理回执", 0},
};
const int app_nletter_kinds = (int)(sizeof app_letter_kinds / sizeof app_letter_kinds[0]);

const struct app_letter_kind *app_letter_kind_find(const char *code)
{
    for (int i = 0; code && i < app_nletter_kinds; i++)
        if (strcmp(app_letter_kinds[i].code, code) == 0)
            return &app_letter_kinds[i];
    return NULL;
}

bool app_letter_available(const struct app *a, const struct app_letter_kind *k)
{
    switch (k->event) {
    case 0:
        return a->tracking[0] != 0;
    case APP_EV_ANSWER:
        return a->state >= 1 && a->state <= APP_NSTATES && !app_states[a->state].open && app_outcome_find(a->outcome);
    case APP_EV_SUPPLEMENT_REQUEST:
        return a->sup_notice != 0;
    case APP_EV_EXTEND:
        return a->ext_days != 0;
    case APP_EV_FEE_NOTICE:
        return a->fee_method != 0;
    }
    return false;
}

/* The parts in the order of GB/T 9704: 版头, 发文字号, 标题, then the rest; of
 * the two closing lines the first is the 署名, the last the 成文日期. */
static int to_doc(const struct letter *l, const char *title, struct gkd_doc **out, err *e)
{
    static const int first[] = {P_AGENCY, P_NUMBER, P_TITLE};
    static const enum gkd_style first_style[] = {GKD_MASTHEAD, GKD_DOCNO, GKD_TITLE};
    gkd_doc *d = gkd_new(title);
    int rc = 0;
    for (size_t f = 0; f < sizeof first / sizeof first[0] && !rc; f++)
        for (int i = 0; i < l->n && !rc; i++)
            if (l->parts[i].kind == first[f] && l->parts[i].text[0])
                rc = gkd_para(d, first_style[f], l->parts[i].text, e);
    for (int i = 0; i < l->n && !rc; i++) {
        enum gkd_style st;
        switch (l->parts[i].kind) {
        case P_SALUTATION: st = GKD_TO; break;
        case P_PARA: st = GKD_BODY; break;
        case P_CODE: st = GKD_CODE; break;
        case P_SIGN:
            st = i + 1 < l->n && l->parts[i + 1].kind == P_SIGN ? GKD_SIGN : GKD_DATE;
            if (st == GKD_SIGN && !l->parts[i].text[0])
                continue;
            break;
        default: continue;
        }
        rc = gkd_para(d, st, l->parts[i].text, e);
    }
    if (rc) {
        gkd_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

int app_letter_doc(const struct app *a, const struct app_letter_kind *k, const struct app_letter_ctx *ctx,
                   bool fee_stops_clock, struct gkd_doc **out, err *e)
{
    *out = NULL;
    if (!app_letter_available(a, k))
        return err_set(e, GK_ESTATE, a->no, "no %s for this application: %s", k->label,
                       k->event == APP_EV_ANSWER ? "it is still open" : "the step was not taken");
    struct letter l = {0};
    if (k->event == 0)
        build_receipt(a, ctx, &l);
    else if (k->event == APP_EV_ANSWER)
        build(a, app_outcome_find(a->outcome), ctx, &l);
    else
        build_notice(a, k->event, ctx, fee_stops_clock, &l);
    const char *title = "";
    for (int i = 0; i < l.n; i++)
        if (l.parts[i].kind == P_TITLE)
            title = l.parts[i].text;
    int rc = to_doc(&l, title, out, e);
    letter_free(&l);
    return rc;
}
