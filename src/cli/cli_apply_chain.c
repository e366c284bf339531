/*
 * cli — the handling chain of applications (issue 18): 'apply assign',
 * 'draft', 'return', 'approve', 'queue' and 'casefile', rows of the 'apply'
 * table (cli_apply.c). Each step reads the application and its chain, lets
 * the domain (disclosure/chain.c) decide on a copy, and has the store keep
 * it with the history line and the audit row. Refused: exit 1 with the
 * reason; bad input: exit 2 naming the option; nothing is written then.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "docgen/docgen.h"
#include "files/casefile.h"
#include "files/files.h"

const char cli_chain_usage_assign[] =
    "usage: gongkai apply assign NO --to HANDLER [--reason TEXT] [--date DATE]\n\n"
    "Assigns the application to a handler (分办); once assigned, --to another handler with\n"
    "--reason reassigns it (改派). Those named by the setting disclosure.assigners (default\n"
    "role:office) and the approvers may assign.\n";
const char cli_chain_usage_draft[] =
    "usage: gongkai apply draft NO --outcome CODE [--detail TEXT] [--refer AGENCY]\n"
    "                           [--letter-text TEXT] [--file PATH]... [--cite DOC]... [--date DATE]\n\n"
    "The handler's draft reply (拟办): the outcome and its detail as the reply letter will say\n"
    "them, the handler's own text for the letter, the files to release (each --file, at most\n"
    "20, 20 MiB each) and the registered documents the letter cites (--cite, a document's\n"
    "id). Only the application's handler drafts; the draft then awaits an approver.\n";
const char cli_chain_usage_return[] =
    "usage: gongkai apply return NO --comment TEXT [--date DATE]\n\n"
    "An approver returns the draft to its handler with what to change (退回修改).\n";
const char cli_chain_usage_approve[] =
    "usage: gongkai apply approve NO [--date DATE]\n\n"
    "An approver (the setting disclosure.approvers: names or role:KEY, default role:leader)\n"
    "approves the draft; nobody approves their own draft. Then 'apply answer NO' gives the\n"
    "reply approved (its outcome and detail need not be typed again).\n";
const char cli_chain_usage_queue[] =
    "usage: gongkai apply queue [--handler NAME] [--json]\n\n"
    "The actor's queues (or those of --handler): applications assigned to them, drafts\n"
    "returned to them, and, for an approver, the drafts of others awaiting approval.\n";
const char cli_chain_usage_casefile[] =
    "usage: gongkai apply casefile NO --out FILE.zip\n\n"
    "The case file for 归档: one ZIP with the application (summary.txt, and summary.pdf with\n"
    "every step in the 公文 layout), every step of its\n"
    "history (steps.csv; the delivery's row names its proof), the letters (the reply letter\n"
    "and the notices its steps sent, as text and HTML), the files released, the delivery's\n"
    "proof file (proof/NAME; how, when and the proof also in both summaries), and\n"
    "manifest.csv listing every entry and step with its SHA-256.\n";

/* The agency's designated approvers and assigners (settings), today. */
static int chain_rules(cli_app_env *env, struct app_chain_rules *r)
{
    app_chain_rules_default(r, env->rules.today);
    err e = {0};
    buf v;
    buf_init(&v);
    int rc = 0;
    for (int i = 0; !rc && app_chain_rule_keys[i]; i++) {
        buf_reset(&v);
        int got = store_setting_get(env->store, env->agency.id, app_chain_rule_keys[i], &v, &e);
        if (got == GK_ENOTFOUND)
            continue;
        if (got || app_chain_rules_set(r, app_chain_rule_keys[i], v.data ? v.data : "", &e))
            rc = cli_report_err(&e);
    }
    buf_free(&v);
    return rc;
}

/* The actor, with the role of the account of that login when there is one. */
static void chain_actor(cli_app_env *env, struct store_user *u, struct app_chain_actor *who)
{
    err e = {0};
    memset(u, 0, sizeof *u);
    if (store_user_by_login(env->store, env->actor, u, &e) != 0 || u->agency_id != env->agency.id || !u->active)
        u->role[0] = 0;
    who->name = env->actor;
    who->role = u->role;
}

static int load(cli_app_env *env, const char *no, struct app *a, struct app_chain *c)
{
    err e = {0};
    int rc = store_app_get(env->store, env->agency.id, no, a, &e);
    if (rc == GK_ENOTFOUND) {
        cli_error(no, "no application with this number in %s", env->agency.code);
        return 2;
    }
    if (!rc)
        rc = store_chain_get(env->store, a, c, &e);
    return rc ? cli_report_err(&e) : 0;
}

/* Reads, decides, keeps; prints the chain's state and the history line. */
static int chain_run(cli_app_env *env, const char *no, struct app_chain_event *ev,
                     const struct store_chain_file *files, size_t nfiles)
{
    struct app *a = xmalloc(sizeof *a);
    struct app_chain *before = xmalloc(sizeof *before), *after = xmalloc(sizeof *after);
    struct app_chain_rules r;
    struct store_user u;
    struct app_chain_actor who;
    err e = {0};
    int rc = load(env, no, a, before);
    if (!rc)
        rc = chain_rules(env, &r);
    if (!rc) {
        chain_actor(env, &u, &who);
        *after = *before;
        ev->nfiles = (int)nfiles;
        if (ev->action == APP_CA_ASSIGN && before->state != APP_CH_NONE)
            ev->action = APP_CA_REASSIGN;
        if (app_chain_step(&r, a, after, &who, ev, &e))
            rc = cli_report_err(&e);
    }
    if (!rc) {
        buf sum;
        buf_init(&sum);
        app_chain_summary(after, ev, &sum);
        if (store_chain_save(env->store, a, before, after, env->actor, ev->action, sum.data, files, nfiles, &e))
            rc = cli_report_err(&e);
        else
            printf("%s  %s\n  %s\n", a->no, app_chain_states[after->state].label, sum.data);
        buf_free(&sum);
    }
    free(a);
    free(before);
    free(after);
    return rc;
}

int cli_chain_assign(cli_run *run, int argc, char **argv)
{
    struct app_chain_event ev = {.action = APP_CA_ASSIGN};
    const char *no;
    ev.to = cli_app_opt(&argc, argv, "--to");
    ev.reason = cli_app_opt(&argc, argv, "--reason");
    int rc = cli_app_step_args("apply assign", &argc, argv, &ev.date, &no);
    return rc ? rc : chain_run(run->app, no, &ev, NULL, 0);
}

int cli_chain_return(cli_run *run, int argc, char **argv)
{
    struct app_chain_event ev = {.action = APP_CA_RETURN};
    const char *no;
    ev.comment = cli_app_opt(&argc, argv, "--comment");
    int rc = cli_app_step_args("apply return", &argc, argv, &ev.date, &no);
    return rc ? rc : chain_run(run->app, no, &ev, NULL, 0);
}

int cli_chain_approve(cli_run *run, int argc, char **argv)
{
    struct app_chain_event ev = {.action = APP_CA_APPROVE};
    const char *no;
    int rc = cli_app_step_args("apply approve", &argc, argv, &ev.date, &no);
    return rc ? rc : chain_run(run->app, no, &ev, NULL, 0);
}

/* A file's name as released: the last part of its path. */
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int cli_chain_draft(cli_run *run, int argc, char **argv)
{
    struct app_chain_event ev = {.action = APP_CA_DRAFT};
    const char *no, *v;
    ev.outcome = cli_app_opt(&argc, argv, "--outcome");
    ev.detail = cli_app_opt(&argc, argv, "--detail");
    ev.refer = cli_app_opt(&argc, argv, "--refer");
    ev.letter = cli_app_opt(&argc, argv, "--letter-text");
    const char *paths[APP_CHAIN_MAX_FILES + 1];
    int64_t docs[APP_CHAIN_MAX_DOCS + 1];
    size_t npaths = 0;
    while ((v = cli_opt(&argc, argv, "--file")) != NULL) {
        if (npaths == APP_CHAIN_MAX_FILES) {
            cli_error("--file", "a reply releases at most %d files", APP_CHAIN_MAX_FILES);
            return 2;
        }
        paths[npaths++] = v;
    }
    while ((v = cli_opt(&argc, argv, "--cite")) != NULL) {
        int64_t id;
        if (ev.ndocs == APP_CHAIN_MAX_DOCS) {
            cli_error("--cite", "a reply cites at most %d registered documents", APP_CHAIN_MAX_DOCS);
            return 2;
        }
        if (!parse_i64(v, strlen(v), &id) || id < 1) {
            cli_error("--cite", "'%s' is not a document's id (see 'gongkai doc register --help')", v);
            return 2;
        }
        docs[ev.ndocs++] = id;
    }
    ev.docs = docs;
    int rc = cli_app_step_args("apply draft", &argc, argv, &ev.date, &no);
    if (rc)
        return rc;
    cli_app_env *env = run->app;
    err e = {0};
    if ((rc = cli_chain_check_cites(env, docs, ev.ndocs)))
        return rc;
    struct store_chain_file files[APP_CHAIN_MAX_FILES];
    buf data[APP_CHAIN_MAX_FILES];
    for (size_t i = 0; i < npaths; i++)
        buf_init(&data[i]);
    for (size_t i = 0; !rc && i < npaths; i++) {
        memset(&files[i], 0, sizeof files[i]);
        if (file_read_all(paths[i], (size_t)APP_CHAIN_FILE_MAX_MB * 1024 * 1024, &data[i], &e)) {
            snprintf(e.where, sizeof e.where, "--file");
            rc = cli_report_err(&e);
            break;
        }
        if (strlen(base_name(paths[i])) >= sizeof files[i].name) {
            cli_error("--file", "%s: the name is longer than %zu bytes", paths[i], sizeof files[i].name - 1);
            rc = 2;
            break;
        }
        snprintf(files[i].name, sizeof files[i].name, "%s", base_name(paths[i]));
        files[i].data = data[i].data ? data[i].data : "";
        files[i].len = data[i].len;
    }
    if (!rc)
        rc = chain_run(env, no, &ev, files, npaths);
    for (size_t i = 0; i < npaths; i++)
        buf_free(&data[i]);
    return rc;
}

/* 'apply answer NO' without --outcome gives the reply approved. */
int cli_chain_answer_fill(cli_app_env *env, const char *no, struct app_event *ev, struct app_chain *keep)
{
    if (ev->outcome)
        return 0;
    struct app *a = xmalloc(sizeof *a);
    int rc = load(env, no, a, keep);
    free(a);
    if (rc)
        return rc;
    if (keep->state != APP_CH_APPROVED) {
        cli_error(no, "apply answer refused: no approved reply to answer with (%s): the handler drafts it "
                      "(apply draft) and an approver approves it (apply approve)", app_chain_states[keep->state].label);
        return 1;
    }
    ev->outcome = keep->outcome;
    ev->detail = keep->detail;
    ev->refer = keep->refer;
    return 0;
}

/* 'apply show': the chain's lines. */
void cli_chain_show(cli_app_env *env, const struct app *a)
{
    struct app_chain *c = xmalloc(sizeof *c);
    err e = {0};
    if (store_chain_get(env->store, a, c, &e) == 0 && c->state != APP_CH_NONE) {
        printf("  办理      %s；承办人 %s", app_chain_states[c->state].label, c->handler);
        if (c->drafter[0])
            printf("；拟办 %s", c->drafter);
        if (c->approver[0])
            printf("；审批 %s", c->approver);
        putchar('\n');
        if (c->state == APP_CH_RETURNED)
            printf("  退回意见  %s\n", c->comment);
        if (c->outcome[0] && c->state != APP_CH_ISSUED) {
            const struct app_outcome *o = app_outcome_find(c->outcome);
            printf("  拟答复    %s（%s）%s%s\n", o ? o->label : c->outcome, c->outcome, c->detail[0] ? "：" : "",
                   c->detail);
        }
    }
    free(c);
}

/* ---- queue ---- */

struct queue_x {
    bool json;
    const char *title;
    int n;
    json_t *arr;
};

static int queue_item(const struct store_chain_item *it, void *arg)
{
    struct queue_x *x = arg;
    char due[11] = "-";
    if (it->due)
        date_format(it->due, due);
    if (x->json) {
        json_array_append_new(x->arr, json_pack("{s:s, s:s, s:s, s:s, s:s}", "queue", x->title, "no", it->app_no,
                                                "state", app_chain_states[it->chain->state].code, "handler",
                                                it->chain->handler, "due", due));
    } else {
        if (!x->n)
            printf("%s\n", x->title);
        buf b;
        buf_init(&b);
        buf_printf(&b, "  %s  %s  ", it->app_no, due);
        cli_app_cell(&b, it->chain->handler, 12);
        buf_puts(&b, "  ");
        cli_app_cell(&b, it->request, 40);
        cli_app_row(&b);
        buf_free(&b);
    }
    x->n++;
    return 0;
}

/* Drafts awaiting approval that this approver did not draft. */
static int queue_not_mine(const struct store_chain_item *it, void *arg)
{
    struct queue_x *x = arg;
    const char *me = x->title + strlen(x->title) + 1;   /* the name follows the title's NUL */
    return strcmp(it->chain->drafter, me) == 0 ? 0 : queue_item(it, arg);
}

int cli_chain_queue(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply queue";
    const char *handler = cli_app_opt(&argc, argv, "--handler");
    bool json = cli_flag(&argc, argv, "--json");
    int rc = cli_no_args(argc, argv, cmd);
    if (rc)
        return rc;
    struct app_chain_rules r;
    if ((rc = chain_rules(env, &r)))
        return rc;
    struct store_user u;
    struct app_chain_actor who;
    chain_actor(env, &u, &who);
    if (handler) {
        who.name = handler;
        who.role = "";
    }
    err e = {0};
    json_t *arr = json ? json_array() : NULL;
    static const struct { int state; const char *title; } mine[] = {
        {APP_CH_ASSIGNED, "交我承办"}, {APP_CH_RETURNED, "退回我修改"}, {APP_CH_APPROVED, "已审批待答复"}};
    int total = 0;
    for (size_t i = 0; !rc && i < sizeof mine / sizeof mine[0]; i++) {
        struct queue_x x = {json, mine[i].title, 0, arr};
        if (store_chain_queue(env->store, env->agency.id, mine[i].state, who.name, queue_item, &x, &e))
            rc = cli_report_err(&e);
        total += x.n;
    }
    if (!rc && app_chain_is_approver(&r, &who)) {
        char title[256];
        int n = snprintf(title, sizeof title, "待我审批");
        snprintf(title + n + 1, sizeof title - (size_t)n - 1, "%s", who.name);
        struct queue_x x = {json, title, 0, arr};
        if (store_chain_queue(env->store, env->agency.id, APP_CH_DRAFTED, NULL, queue_not_mine, &x, &e))
            rc = cli_report_err(&e);
        total += x.n;
    }
    if (!rc && json)
        return cli_json_print(arr, JSON_INDENT(2));
    json_decref(arr);
    if (!rc && !total)
        printf("%s：没有待办的申请\n", who.name);
    return rc;
}

/* ---- the case file ---- */

struct steps_x {
    buf *csv;
    struct casefile *cf;
    const char *proof;         /* "proof/NAME (SHA-256 …)" for the delivery's row, "" when none */
};

static int step_row(const struct store_app_step *p, void *arg)
{
    struct steps_x *x = arg;
    buf_printf(x->csv, "%lld,%s,", (long long)p->id, p->on_date);
    buf_csv_quoted(x->csv, p->event);
    buf_putc(x->csv, ',');
    buf_csv_quoted(x->csv, p->actor);
    buf_putc(x->csv, ',');
    buf_csv_quoted(x->csv, p->summary ? p->summary : "");
    buf_putc(x->csv, ',');
    buf_csv_quoted(x->csv, strcmp(p->event, app_events[APP_EV_DELIVER].code) == 0 ? x->proof : "");
    buf_puts(x->csv, "\r\n");
    casefile_step(x->cf, p->on_date, p->event, p->actor, p->summary ? p->summary : "");
    return 0;
}

/* The letters: the reply (when answered) and the notices the steps sent. */
static int add_letters(cli_app_env *env, const struct app *a, struct casefile *cf, err *e)
{
    static const struct { int event; const char *name; } notices[] = {
        {APP_EV_SUPPLEMENT_REQUEST, "补正告知书"}, {APP_EV_EXTEND, "延期答复告知书"}, {APP_EV_FEE_NOTICE, "缴费通知书"}};
    struct app_letter_ctx ctx = {.agency = env->agency.name};
    buf vals[3];
    const char *keys[3] = {"disclosure.review_body", "disclosure.court", "disclosure.contact"};
    const char **dst[3] = {&ctx.review_body, &ctx.court, &ctx.contact};
    for (int i = 0; i < 3; i++) {
        buf_init(&vals[i]);
        if (store_setting_get(env->store, env->agency.id, keys[i], &vals[i], e) == 0)
            *dst[i] = vals[i].data;
    }
    buf out, cites;
    buf_init(&out);
    buf_init(&cites);
    cli_chain_cites(env->store, a, &cites);
    ctx.cites = cites.data;
    int rc = 0;
    bool had[3] = {a->sup_notice != 0, a->ext_days != 0, a->fee_method != 0};
    for (int html = 0; html < 2 && !rc; html++) {
        char name[128];
        for (size_t i = 0; i < 3 && !rc; i++) {
            if (!had[i])
                continue;
            buf_reset(&out);
            if (!(rc = app_notice_letter(a, notices[i].event, &ctx, env->rules.fee_stops_clock, html, &out, e))) {
                snprintf(name, sizeof name, "letters/%s.%s", notices[i].name, html ? "html" : "txt");
                casefile_add(cf, name, "letter", out.data, out.len);
            }
        }
        if (!rc && !app_states[a->state].open && a->state != APP_S_WITHDRAWN) {
            buf_reset(&out);
            if (!(rc = app_reply_letter(a, &ctx, html, &out, e))) {
                snprintf(name, sizeof name, "letters/答复告知书.%s", html ? "html" : "txt");
                casefile_add(cf, name, "letter", out.data, out.len);
            }
        }
    }
    buf_free(&out);
    buf_free(&cites);
    for (int i = 0; i < 3; i++)
        buf_free(&vals[i]);
    return rc;
}

static void summary_text(cli_app_env *env, const struct app *a, const struct app_chain *c, buf *b)
{
    char d[11];
    buf st;
    buf_init(&st);
    app_status_label(a, &st);
    buf_printf(b, "%s 政府信息公开申请办理案卷\r\n申请编号：%s\r\n状态：%s\r\n", env->agency.name, a->no, st.data);
    date_format(a->received, d);
    buf_printf(b, "收到日期：%s（%s）\r\n申请人：%s（%s）\r\n申请内容：%s\r\n获取方式：%s\r\n", d,
               app_channels[a->channel].label, a->name, rpt_col_labels[a->kind], a->request,
               app_deliveries[a->delivery].label);
    if (a->outcome[0]) {
        const struct app_outcome *o = app_outcome_find(a->outcome);
        date_format(a->concluded, d);
        buf_printf(b, "办理结果：%s（%s）\r\n", o ? o->label : a->outcome, d);
    }
    if (c->state != APP_CH_NONE)
        buf_printf(b, "承办人：%s；拟办人：%s；审批人：%s；退回修改%d次\r\n", c->handler, c->drafter[0] ? c->drafter : "-",
                   c->approver[0] ? c->approver : "-", c->returns);
    buf_free(&st);
}

/* The delivery (送达) in the summary: how, when, the reference and the proof
 * in words, and the proof file kept with it (proof/NAME in the ZIP, with
 * its SHA-256 and, when its text can be read, that text). */
static void delivery_text(const struct app *a, const struct store_proof_file *pf, const char *entry, buf *b)
{
    if (!a->dl_how) {
        buf_printf(b, "送达：尚未送达（申请人要求的获取方式为%s）\r\n", app_deliveries[a->delivery].label);
        return;
    }
    char d[11];
    date_format(a->delivered, d);
    const struct app_serve_rule *rule = &app_serve_rules[a->dl_how];
    buf_printf(b, "送达：%s%s送达（%s）", d, rule->served_cn, app_deliveries[a->dl_how].label);
    if (a->dl_ref[0])
        buf_printf(b, "；%s：%s", rule->ref_label, a->dl_ref);
    if (a->dl_proof[0])
        buf_printf(b, "；送达凭证：%s", a->dl_proof);
    buf_puts(b, "\r\n");
    if (!entry)
        return;
    char sha[65];
    doc_content_hash(pf->data.data ? pf->data.data : "", pf->data.len, sha);
    buf_printf(b, "送达凭证文件：%s（%zu字节，SHA-256 %s）\r\n", entry, pf->data.len, sha);
    buf text;
    buf_init(&text);
    struct files_info info;
    err e = {0};
    if (files_text(pf->name, pf->data.data ? pf->data.data : "", pf->data.len, &text, &info, &e) == 0 &&
        info.state != FILES_UNREAD && text.len)
        buf_printf(b, "送达凭证内容：%s\r\n", text.data);
    else
        buf_puts(b, "送达凭证内容：图片或扫描件，见案卷中的文件\r\n");
    buf_free(&text);
}

/* summary.pdf: the summary's lines and every step as a table, in the 公文
 * layout (src/docgen), for the paper file. */
static int summary_pdf(cli_app_env *env, const char *text, struct casefile *cf, err *e)
{
    gkd_doc *d = gkd_new("政府信息公开申请办理案卷");
    int rc = gkd_para(d, GKD_MASTHEAD, env->agency.name, e);
    if (!rc)
        rc = gkd_para(d, GKD_TITLE, "政府信息公开申请办理案卷", e);
    /* the summary's lines, each a paragraph */
    for (const char *p = text; !rc && *p;) {
        const char *end = strstr(p, "\r\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n)
            rc = gkd_para_n(d, GKD_BODY, p, n, e);
        p += n + (end ? 2 : 0);
    }
    if (!rc)
        rc = gkd_para(d, GKD_HEADING, "办理记录", e);
    const char *head[] = {"日期", "环节", "经办人", "内容"};
    if (!rc)
        rc = gkd_row(d, 4, head, true, e);
    for (size_t i = 0; !rc && i < cf->nsteps; i++) {
        const char *row[] = {cf->steps[i].date, cf->steps[i].event, cf->steps[i].actor, cf->steps[i].summary};
        rc = gkd_row(d, 4, row, false, e);
    }
    buf pdf;
    buf_init(&pdf);
    if (!rc && !(rc = gkd_render(d, GKD_PDF, &pdf, e)))
        casefile_add(cf, "summary.pdf", "summary", pdf.data, pdf.len);
    buf_free(&pdf);
    gkd_free(d);
    return rc;
}

int cli_chain_casefile(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply casefile";
    const char *out = cli_app_opt(&argc, argv, "--out"), *no;
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc != 1 || !out) {
        cli_error(cmd, "expected one application number and --out FILE.zip");
        return 2;
    }
    no = argv[0];
    struct app *a = xmalloc(sizeof *a);
    struct app_chain *c = xmalloc(sizeof *c);
    struct casefile cf;
    casefile_init(&cf);
    buf steps, text, zip;
    buf_init(&steps);
    buf_init(&text);
    buf_init(&zip);
    struct store_chain_file *files = NULL;
    size_t nfiles = 0;
    err e = {0};
    struct store_proof_file pf;
    buf_init(&pf.data);
    char proof_entry[300] = "", proof_row[400] = "";
    rc = load(env, no, a, c);
    if (!rc) {
        int prc = store_app_proof(env->store, env->agency.id, a->id, &pf, &e);
        if (prc && prc != GK_ENOTFOUND)
            rc = cli_report_err(&e);
        else if (!prc)
            snprintf(proof_entry, sizeof proof_entry, "proof/%s", pf.name);
    }
    if (!rc) {
        summary_text(env, a, c, &text);
        delivery_text(a, &pf, proof_entry[0] ? proof_entry : NULL, &text);
        if (proof_entry[0]) {
            char sha[65];
            doc_content_hash(pf.data.data ? pf.data.data : "", pf.data.len, sha);
            snprintf(proof_row, sizeof proof_row, "%s sha256:%s", proof_entry, sha);
        }
        casefile_add(&cf, "summary.txt", "summary", text.data, text.len);
        buf_puts(&steps, "id,date,event,actor,summary,proof\r\n");
        struct steps_x sx = {&steps, &cf, proof_row};
        if (store_app_steps(env->store, a->id, step_row, &sx, &e) || summary_pdf(env, text.data, &cf, &e) ||
            add_letters(env, a, &cf, &e) || store_chain_files(env->store, a, true, &files, &nfiles, &e))
            rc = cli_report_err(&e);
    }
    if (!rc) {
        casefile_add(&cf, "steps.csv", "steps", steps.data, steps.len);
        if (proof_entry[0])
            casefile_add(&cf, proof_entry, "proof", pf.data.data ? pf.data.data : "", pf.data.len);
        for (size_t i = 0; i < nfiles; i++) {
            char name[300];
            snprintf(name, sizeof name, "files/%s", files[i].name);
            casefile_add(&cf, name, "file", files[i].data, files[i].len);
        }
        if (casefile_zip(&cf, &zip, &e) || file_write_all(out, zip.data, zip.len, &e))
            rc = cli_report_err(&e);
        else
            printf("%s  案卷 %s：%zu个文件，%zu个步骤，%zu字节\n", a->no, out, cf.n, cf.nsteps, zip.len);
    }
    store_chain_files_free(files, nfiles);
    buf_free(&pf.data);
    casefile_free(&cf);
    buf_free(&steps);
    buf_free(&text);
    buf_free(&zip);
    free(a);
    free(c);
    return rc;
}
