/*
 * cli — the 'apply' group's views: list, show and letter (what the register
 * shows of applications; nothing is written). The group's table, the steps
 * and the settings are in cli_apply.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_apply_internal.h"
#include "disclosure/chain.h"
#include "docgen/docgen.h"

const char cli_apply_usage_list[] =
    "usage: gongkai apply list [--open | --undelivered] [--state S] [--year Y] [--kind K] [--limit N]\n"
    "                          [--json]\n\n"
    "--undelivered: answered, the reply not yet served (送达).\n"
    "Applications newest first, the applicant's name masked (张*明). States: processing,\n"
    "awaiting_supplement, consulting, awaiting_fee, answered, lapsed, withdrawn.\n";

const char cli_apply_usage_show[] =
    "usage: gongkai apply show NO [--letter | --html] [--json]\n\n"
    "Everything about one application (personal data included: staff only), its deadlines and\n"
    "history. --letter prints the reply letter (答复告知书) as text, --html as HTML.\n";
/* ---- list ---- */

struct list_arg {
    cli_app_env *env;
    bool json;
    int n;
};

static int list_row(const struct app *a, void *arg)
{
    struct list_arg *x = arg;
    buf b, cell;
    buf_init(&b);
    buf_init(&cell);
    if (x->json) {
        struct app *c = xmalloc(sizeof *c);   /* provisional is computed on read */
        *c = *a;
        c->provisional = app_provisional(x->env->cal, c);
        app_to_json(c, false, &b);
        free(c);
        printf("%s\n  %s", x->n ? "," : "[", b.data);
    } else {
        char rec[11], due[11];
        date_format(a->received, rec);
        cli_apply_date_or_dash(a->due, due);
        buf_printf(&b, "%s  %s  ", a->no, rec);
        app_mask_name(a->name, a->kind, &cell);
        cli_app_cell(&b, cell.data ? cell.data : "", 14);
        buf_puts(&b, "  ");
        cli_app_cell(&b, rpt_col_labels[a->kind], 12);
        buf_puts(&b, "  ");
        buf_reset(&cell);
        app_status_label(a, &cell);
        cli_app_cell(&b, cell.data, 28);
        buf_puts(&b, "  ");
        buf_reset(&cell);
        if (a->due)
            buf_printf(&cell, "%s %s", due, app_due_labels[a->due_kind]);
        else
            buf_puts(&cell, "-");
        cli_app_cell(&b, cell.data, 24);
        buf_puts(&b, "  ");
        cli_app_cell(&b, a->request, 30);
        cli_app_row(&b);
    }
    x->n++;
    buf_free(&b);
    buf_free(&cell);
    return 0;
}

/* An unknown code: says so with the codes there are; returns 2. */
static int list_unknown(const char *opt, const char *what, const char *v, const char *codes)
{
    cli_error(opt, "unknown %s '%s' (%s)", what, v, codes);
    return 2;
}

/* A whole number option from lo to hi ("'X' is not WHAT" when not). */
static int list_number(const char *opt, const char *v, int64_t lo, int64_t hi, const char *what, int *out)
{
    int64_t n;
    if (!parse_i64(v, strlen(v), &n) || n < lo || n > hi) {
        cli_error(opt, "'%s' is not %s", v, what);
        return 2;
    }
    *out = (int)n;
    return 0;
}

int cli_apply_cmd_list(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply list";
    struct store_app_filter f = {.agency_id = env->agency.id, .kind = -1};
    const char *state = cli_app_opt(&argc, argv, "--state"), *year = cli_app_opt(&argc, argv, "--year"),
               *kind = cli_app_opt(&argc, argv, "--kind"), *limit = cli_app_opt(&argc, argv, "--limit");
    f.open_only = cli_flag(&argc, argv, "--open");
    f.undelivered = cli_flag(&argc, argv, "--undelivered");
    bool json = cli_flag(&argc, argv, "--json");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (state && (f.state = app_state_from_code(state)) < 0)
        return list_unknown("--state", "state", state, "processing, awaiting_supplement, consulting, awaiting_fee, "
                                                       "answered, lapsed, withdrawn");
    if (year && list_number("--year", year, 1900, 9999, "a year", &f.year))
        return 2;
    if (kind && (f.kind = app_kind_from_code(kind)) < 0)
        return list_unknown("--kind", "applicant kind", kind, "natural_person, commercial, research, "
                                                             "public_interest, legal_services, other");
    if (limit && list_number("--limit", limit, 1, 100000, "a number from 1 to 100000", &f.limit))
        return 2;
    if (argc) {
        cli_error(cmd, "unexpected argument '%s'", argv[0]);
        return 2;
    }
    struct list_arg x = {env, json, 0};
    err e = {0};
    if (store_app_list(env->store, &f, list_row, &x, &e))
        return cli_report_err(&e);
    if (json)
        puts(x.n ? "\n]" : "[]");
    else if (!x.n)
        puts("没有符合条件的申请");
    return 0;
}

/* ---- show ---- */

static int show_step(const struct store_app_step *p, void *arg)
{
    (void)arg;
    printf("  %s  %s（%s）\n", p->on_date, p->summary, p->actor);
    return 0;
}

/* The application's number, state, dates and the applicant. */
static void show_who(cli_app_env *env, const struct app *a)
{
    (void)env;
    char d1[11];
    buf b;
    buf_init(&b);
    app_status_label(a, &b);
    printf("申请 %s（查询码 %s）\n", a->no, a->tracking);
    printf("  状态      %s\n", b.data);
    date_format(a->received, d1);
    printf("  收到日期  %s（%s；%s）\n", d1, app_channels[a->channel].label, app_channels[a->channel].receipt_rule);
    if (a->submitted) {
        date_format(a->submitted, d1);
        printf("  提交日期  %s\n", d1);
    }
    printf("  申请人    %s（%s）\n", a->name, rpt_col_labels[a->kind]);
    if (a->id_number[0]) {
        const struct app_id_type *t = app_id_type_find(a->id_type);
        printf("  证件号码  %s%s%s%s\n", a->id_number, t ? "（" : "", t ? t->label : "", t ? "）" : "");
    }
    if (a->phone[0])
        printf("  联系电话  %s\n", a->phone);
    if (a->email[0])
        printf("  电子邮箱  %s\n", a->email);
    if (a->address[0])
        printf("  通信地址  %s\n", a->address);
    printf("  申请内容  %s\n", a->request);
    printf("  获取方式  %s\n", app_deliveries[a->delivery].label);
    buf_free(&b);
}

/* The reply's deadline (kept or not) and the next one. */
static void show_deadlines(cli_app_env *env, const struct app *a)
{
    char d1[11];
    buf b;
    buf_init(&b);
    if (a->reply_due) {
        date_format(a->reply_due, d1);
        buf_reset(&b);
        if (app_states[a->state].open)
            cli_apply_left_label(env, a->reply_due, &b);
        else
            buf_puts(&b, a->concluded <= a->reply_due ? "按期" : "逾期");
        printf("  答复期限  %s（%s%s）\n", d1, b.data,
               app_states[a->state].open && !app_states[a->state].clock_runs ? "；计时暂停，按现有期限推算" : "");
        buf_reset(&b);
        app_provisional_note(env->cal, a, &b);
        if (b.len)
            printf("            %s\n", b.data);
    }
    if (a->due && a->due_kind != APP_DUE_REPLY) {
        date_format(a->due, d1);
        buf_reset(&b);
        cli_apply_left_label(env, a->due, &b);
        printf("  下一期限  %s %s（%s）\n", d1, app_due_labels[a->due_kind], b.data);
    }
    buf_free(&b);
}

/* Supplement, consultations, extension and fee, where taken. */
static void show_steps(cli_app_env *env, const struct app *a)
{
    (void)env;
    char d1[11], d2[11], d3[11];
    if (a->sup_notice) {
        date_format(a->sup_notice, d1);
        date_format(a->sup_by, d2);
        cli_apply_date_or_dash(a->sup_received, d3);
        printf("  补正      %s 通知补正：%s；期限 %s；收到补正 %s\n", d1, a->sup_what, d2, d3);
    }
    if (a->consults) {
        date_format(a->consult_start, d1);
        date_format(a->consult_due, d2);
        printf("  征求意见  %d次；最近：%s（%s）%s起，期限 %s；不计入答复期限%d个工作日\n", a->consults,
               a->consult_party, a->consult_kind == 1 ? "第三方" : "有关行政机关", d1, d2, a->stopped_days);
    }
    if (a->ext_days) {
        date_format(a->ext_on, d1);
        printf("  延期      %s 经%s同意延长%d个工作日：%s\n", d1, a->ext_by, a->ext_days, a->ext_reason);
    }
    if (a->fee_method) {
        date_format(a->fee_notice, d1);
        date_format(a->fee_pay_by, d2);
        cli_apply_date_or_dash(a->fee_settled, d3);
        printf("  收费      %s 通知：%s；缴费期限 %s；%s %s\n", d1, a->fee_working, d2,
               a->fee_waived ? "减免" : "缴费", d3);
    }
}

/* The outcome and its basis, and the delivery. */
static void show_outcome(cli_app_env *env, const struct app *a)
{
    (void)env;
    char d1[11];
    if (a->outcome[0]) {
        const struct app_outcome *o = app_outcome_find(a->outcome);
        date_format(a->concluded, d1);
        printf("  结果      %s（%s，%s）\n", o ? o->label : a->outcome, a->outcome, d1);
        if (o && o->basis[0])
            printf("  依据      %s\n", o->basis);
        if (a->detail[0])
            printf("  说明      %s\n", a->detail);
        if (a->refer[0])
            printf("  负责机关  %s\n", a->refer);
    }
    if (a->dl_how) {
        date_format(a->delivered, d1);
        printf("  送达      %s %s%s%s%s%s\n", d1, app_deliveries[a->dl_how].label, a->dl_ref[0] ? "；" : "",
               a->dl_ref[0] ? app_serve_rules[a->dl_how].ref_label : "", a->dl_ref[0] ? "：" : "", a->dl_ref);
        if (a->dl_proof[0])
            printf("  送达证明  %s\n", a->dl_proof);
    } else if (app_awaits_delivery(a)) {
        puts("  送达      尚未送达（gongkai apply deliver）");
    }
}

/* The sections of 'apply show', in order. */
static void (*const show_sections[])(cli_app_env *, const struct app *) = {
    show_who, show_deadlines, show_steps, show_outcome, cli_chain_show,
};

int cli_apply_cmd_show(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply show";
    bool letter = cli_flag(&argc, argv, "--letter"), html = cli_flag(&argc, argv, "--html"),
         json = cli_flag(&argc, argv, "--json");
    const char *no;
    int rc = cli_app_one_no(cmd, argc, argv, &no);
    if (rc)
        return rc;
    struct app *a = xmalloc(sizeof *a);
    if ((rc = cli_apply_get(env, no, a))) {
        free(a);
        return rc;
    }
    if (letter || html) {
        rc = cli_apply_print_letter(env, a, 0, html);
        free(a);
        return rc;
    }
    if (json) {
        buf j;
        buf_init(&j);
        app_to_json(a, true, &j);
        printf("%s\n", j.data);
        buf_free(&j);
        free(a);
        return 0;
    }
    for (size_t i = 0; i < sizeof show_sections / sizeof show_sections[0]; i++)
        show_sections[i](env, a);
    puts("办理记录");
    err e = {0};
    rc = store_app_steps(env->store, a->id, show_step, NULL, &e);
    free(a);
    return rc ? cli_report_err(&e) : 0;
}


const char cli_apply_usage_letter[] =
    "usage: gongkai apply letter NO [--kind KIND] --format docx|pdf -o FILE\n\n"
    "Writes a letter of the application as a document in the 公文 layout (GB/T 9704: 版头, 发文字号,\n"
    "标题, 主送, 正文, 落款, 成文日期; A4), to print, stamp and send. KIND:\n"
    "  reply       答复告知书, the reply letter (default; once the application is concluded)\n"
    "  supplement  补正告知书, the supplementation notice (Art. 30)\n"
    "  extend      延期答复告知书, the extension notice (Art. 33)\n"
    "  fee         缴费通知书, the fee notice (Art. 42)\n"
    "  receipt     受理回执, the receipt with the tracking code (for applications handed in on paper)\n"
    "Refused (exit 1) when the application has no such letter yet.\n";

/* ---- letter ---- */

int cli_apply_cmd_letter(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply letter";
    const char *kind = cli_app_opt(&argc, argv, "--kind"), *format = cli_app_opt(&argc, argv, "--format"),
               *path = cli_app_opt(&argc, argv, "-o");
    const char *no;
    int rc = cli_app_one_no(cmd, argc, argv, &no);
    if (rc)
        return rc;
    const struct app_letter_kind *k = app_letter_kind_find(kind ? kind : "reply");
    if (!k) {
        cli_error("--kind", "'%s' is not a letter: reply, supplement, extend, fee or receipt", kind);
        return 2;
    }
    enum gkd_format f;
    err e = {0};
    if (!format || !path) {
        cli_error(format ? "-o" : "--format", "required (see 'gongkai %s --help')", cmd);
        return 2;
    }
    if (gkd_format_parse(format, &f, &e))
        return cli_report_err(&e);
    struct app *a = xmalloc(sizeof *a);
    struct app_letter_ctx ctx = {0};
    buf vals[3], note, out, cites;
    for (int i = 0; i < 3; i++)
        buf_init(&vals[i]);
    buf_init(&note);
    buf_init(&out);
    buf_init(&cites);
    gkd_doc *d = NULL;
    if (!(rc = cli_apply_get(env, no, a)) && !(rc = cli_apply_letter_ctx(env, &ctx, vals))) {
        app_provisional_note(env->cal, a, &note);
        ctx.provisional = note.data;
        cli_chain_cites(env->store, a, &cites);
        ctx.cites = cites.data;
        if (app_letter_doc(a, k, &ctx, env->rules.fee_stops_clock, &d, &e) || gkd_render(d, f, &out, &e) ||
            file_write_all(path, out.data, out.len, &e))
            rc = cli_report_err(&e);
        else
            printf("%s %s（%s）→ %s\n", a->no, k->label, gkd_format_ext(f), path);
    }
    for (int i = 0; i < 3; i++)
        buf_free(&vals[i]);
    gkd_free(d);
    buf_free(&note);
    buf_free(&out);
    buf_free(&cites);
    free(a);
    return rc;
}

