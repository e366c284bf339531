/*
 * cli — the 'apply' command group: the register of applications for
 * disclosure (依申请公开). Each subcommand reads the application, lets the
 * domain (src/disclosure/) decide the step, and has the store keep it with
 * its history line and audit entry. A refused step prints the reason and
 * exits 1; bad input names the option and exits 2; nothing is written then.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_apply_internal.h"
#include "disclosure/chain.h"
#include "disclosure/repeat.h"

static const char usage_main[] =
    "usage: gongkai apply COMMAND [ARGS...]\n\n"
    "The register of applications for disclosure (依申请公开), on the statutory working-day\n"
    "calendar: reply within 20 working days of receipt (Art. 33), one extension of at most 20,\n"
    "one supplementation notice within 7 working days (Art. 30), consultations (Art. 32, 34)\n"
    "and the wait for a fee outside the clock.\n\n"
    "Commands:\n"
    "  register     register an application as received (Art. 31)\n"
    "  list         applications, newest first (names masked)\n"
    "  show NO      one application in full, its deadlines, its history, its reply letter\n"
    "  letter NO    a letter, notice or receipt as a document to stamp (DOCX or PDF, GB/T 9704)\n"
    "  supplement NO  the supplementation notice, the supplement received, or the lapse\n"
    "  consult NO   consult a third party or another agency (the clock stops), or end it\n"
    "  extend NO    extend the reply period (once, at most 20 working days, approved)\n"
    "  fee NO       a fee notice (the clock stops), payment, waiver or lapse\n"
    "  assign NO    assign to a handler, or reassign with the reason (分办, 改派)\n"
    "  draft NO     the handler's draft reply: outcome, letter text, files, documents cited\n"
    "  return NO    an approver returns the draft with a comment\n"
    "  approve NO   an approver approves the draft (not their own)\n"
    "  queue        the actor's queues: assigned, returned, to approve\n"
    "  answer NO    reply with the approved draft (one outcome of the national taxonomy)\n"
    "  casefile NO  the case file as one ZIP for 归档\n"
    "  withdraw NO  the applicant withdraws\n"
    "  deliver NO   the reply served (送达): how, when, the proof\n"
    "  outcomes     the outcomes, their report rows and legal basis\n"
    "  settings     the agency's settings for applications (show or set)\n\n"
    "NO is the application's number (2024-00012). Every command takes --agency CODE when the\n"
    "database serves several agencies, --actor NAME (default $GONGKAI_USER, else $USER) and\n"
    "--date YYYY-MM-DD for the day the step happened (default today).\n"
    "Exit status: 0 done, 1 refused (the reason is printed), 2 bad input.\n";

static const char usage_register[] =
    "usage: gongkai apply register --channel C --received DATE --kind K --name NAME\n"
    "                              --request TEXT --delivery D [contact and details]\n\n"
    "  --channel C      in_person, registered (post signed for), letter (ordinary letter), fax, online\n"
    "  --received DATE  the receipt date as Art. 31 fixes it: in person the day handed in; post\n"
    "                   signed for the day the agency signs; ordinary letter the day the office\n"
    "                   confirms it with the applicant; fax and online the day both sides confirm\n"
    "  --submitted DATE the day it was handed in or sent (optional)\n"
    "  --kind K         natural_person, commercial, research, public_interest, legal_services, other\n"
    "  --name NAME      the applicant (person or organisation)\n"
    "  --id-type T      证件类型: id_card 居民身份证, hkmo_permit 港澳居民来往内地通行证,\n"
    "                   hkmo_residence 港澳居民居住证, tw_permit 台湾居民来往大陆通行证,\n"
    "                   tw_residence 台湾居民居住证, passport 护照, permanent_residence\n"
    "                   外国人永久居留身份证, uscc 统一社会信用代码, other 其他证件 (code or name;\n"
    "                   not given: 18 digits are a 居民身份证, anything else another paper)\n"
    "  --id-number N    the paper's number, checked by its type's rule (check digits where the\n"
    "                   format has one)\n"
    "  --phone P  --email E  --address A   at least one; post needs an address, email an email\n"
    "  --request TEXT   what is asked for (or --request-file FILE)\n"
    "  --delivery D     paper_post, paper_pickup, email, disc_post, on_site, online\n"
    "Texts are counted in characters and refused, never cut, past their limits (name 100,\n"
    "address 200, request 2000, ...; docs/operations.md lists them all).\n"
    "  --request-id ID  an idempotency key chosen by the caller (1-100 visible ASCII, e.g. a\n"
    "                   UUID): run again with the same ID after a crash or a lost answer, the\n"
    "                   command registers nothing new and prints the application the first run\n"
    "                   registered (kept with it in one transaction)\n"
    "Prints the number, the public tracking code and the reply deadline.\n";


static const char usage_supplement[] =
    "usage: gongkai apply supplement NO --what TEXT --by DATE [--date DATE] [--letter|--html]\n"
    "       gongkai apply supplement NO --received [--date DATE]\n"
    "       gongkai apply supplement NO --lapse [--date DATE]\n\n"
    "The supplementation notice (--what, --by), the supplemented application received, or the\n"
    "lapse. One notice, within 7 working days of receipt, saying what to supplement and by\n"
    "when (Art. 30). The reply period runs again from the day the supplement arrives. After\n"
    "the date given, an application not supplemented lapses (其他处理/逾期不补正).\n"
    "--letter prints the supplementation notice (补正告知书) as text, --html as HTML.\n";

static const char usage_consult[] =
    "usage: gongkai apply consult NO --third-party NAME [--date DATE]\n"
    "       gongkai apply consult NO --other-agency NAME [--date DATE]\n"
    "       gongkai apply consult NO --end [--note TEXT] [--date DATE]\n\n"
    "A written consultation of a third party (Art. 32) or of an agency that co-produced the\n"
    "information (Art. 34). The other side has 15 working days; the time does not count in the\n"
    "reply period (up to those 15 days). --end records its answer or its silence.\n";

static const char usage_extend[] =
    "usage: gongkai apply extend NO --days N --approved-by NAME --reason TEXT [--date DATE]\n"
    "                            [--letter|--html]\n\n"
    "Extends the reply period once, by at most 20 working days, with the approval of the head\n"
    "of the disclosure office, decided before the deadline (Art. 33). --letter prints the\n"
    "notice to the applicant (延期答复告知书).\n";

static const char usage_fee[] =
    "usage: gongkai apply fee NO --pages N [--date DATE] [--letter|--html]   notice, by volume\n"
    "       gongkai apply fee NO --by-count [--date DATE] [--letter|--html]  notice, by count\n"
    "       gongkai apply fee NO --paid | --waive [--note TEXT] | --lapse [--date DATE]\n\n"
    "Information-processing fees (Art. 42; 国办函〔2020〕109号): only beyond 30 pages or 10\n"
    "applications a month. The wait for payment stops the clock unless the setting\n"
    "disclosure.fee_stops_clock is no; the payment period is disclosure.fee_pay_days working\n"
    "days (20). Unpaid after it, the application lapses (其他处理/逾期未缴费). --letter prints\n"
    "the fee notice (缴费通知书).\n";

static const char usage_answer[] =
    "usage: gongkai apply answer NO [--outcome CODE [--detail TEXT] [--refer AGENCY]]\n"
    "                            [--date DATE] [--letter | --html]\n\n"
    "Replies with exactly one outcome ('gongkai apply outcomes' lists them), the one of the\n"
    "draft an approver approved (apply draft, apply approve): without --outcome the approved\n"
    "draft's outcome, detail and referral are taken; given, they must be those approved.\n"
    "--detail says what is provided or why not (required for partly_granted and other.other);\n"
    "--refer names the agency responsible for information not held here. --letter prints the\n"
    "reply letter.\n";

static const char usage_withdraw[] =
    "usage: gongkai apply withdraw NO [--reason TEXT] [--date DATE]\n\n"
    "The applicant withdraws; counted in the annual report under 其他处理/其他.\n";

static const char usage_deliver[] =
    "usage: gongkai apply deliver NO [--how D] [--ref TEXT] [--proof TEXT] [--proof-file FILE]\n"
    "                             [--date DATE]\n\n"
    "Records that the reply was served (送达), on --date (the day it was signed for, handed\n"
    "over or sent). Until then an answered application counts as not delivered: the public\n"
    "follow-up says the reply is on its way, the console lists it. --how is the form it was\n"
    "served in (default: the one the applicant asked for; Art. 40): paper_post, disc_post need\n"
    "--ref the postal tracking number; paper_pickup, on_site --ref who signed for it; email\n"
    "--ref the address (default: the applicant's); online nothing more. --proof says what\n"
    "proves it; --proof-file keeps a file with it (a scan of the receipt; at most 8 MB).\n"
    "A reply mailed by gongkai (docs/operations.md §21) to an applicant who asked for\n"
    "e-mail is recorded as delivered when the mail server accepts it.\n";

static const char usage_settings[] =
    "usage: gongkai apply settings [KEY VALUE]\n\n"
    "Without arguments prints the agency's settings. Keys:\n"
    "  disclosure.count_from        next_day (default) or same_day: is the receipt day day one?\n"
    "  disclosure.fee_stops_clock   yes (default) or no\n"
    "  disclosure.fee_pay_days      working days to pay a fee (default 20)\n"
    "  disclosure.review_body       the administrative review body named in reply letters\n"
    "  disclosure.court             the court named in reply letters\n"
    "  disclosure.contact           the office's phone and address for reply letters\n"
    "  art44.min_applicants         repeated requests (Art. 44): applicants before a group is\n"
    "                               proposed for proactive publication, 2-1000 (default 3)\n"
    "  art44.similarity             how alike two requests must be, 0.05-1 (default 0.5)\n"
    "  disclosure.approvers         who approves draft replies: names or role:KEY, comma-separated\n"
    "                               (default role:leader; nobody approves their own draft)\n"
    "  disclosure.assigners         who assigns applications to handlers (default role:office;\n"
    "                               approvers may too)\n";

/* Art. 44's settings (disclosure/repeat.h), with their defaults */
static const char *const art44_keys[] = {"art44.min_applicants", "art44.similarity", NULL};
static const char *const art44_defaults[] = {"3", "0.5"};

static const char *const text_keys[] = {"disclosure.review_body", "disclosure.court", "disclosure.contact", NULL};

/* ---- helpers ---- */

/* Copies an option's text whole, within its limit in characters
 * (base/limits.h); refuses naming the option, never cuts. */
static int copy_opt(char *dst, size_t cap, const char *val, enum lim_field f, const char *opt)
{
    if (!val)
        return 0;
    err e = {0};
    if (lim_copy(f, dst, cap, val, &e)) {
        snprintf(e.where, sizeof e.where, "%s", opt);
        return cli_report_err(&e);
    }
    return 0;
}

int cli_apply_get(cli_app_env *env, const char *no, struct app *out)
{
    err e = {0};
    int rc = store_app_get(env->store, env->agency.id, no, out, &e);
    if (rc == GK_ENOTFOUND) {
        cli_error(no, "no application with this number in %s", env->agency.code);
        return 2;
    }
    if (!rc)
        out->provisional = app_provisional(env->cal, out);   /* not stored: computed on read */
    return rc ? cli_report_err(&e) : 0;
}

void cli_apply_date_or_dash(gk_day d, char out[11])
{
    if (d)
        date_format(d, out);
    else
        snprintf(out, 11, "-");
}

/* "剩4个工作日", "今天到期", "逾期2个工作日" */
void cli_apply_left_label(cli_app_env *env, gk_day due, buf *out)
{
    int left;
    err e = {0};
    if (!due || app_days_left(env->cal, env->rules.today, due, &left, &e)) {
        buf_puts(out, "-");
        return;
    }
    if (left < 0)
        buf_printf(out, "逾期%d个工作日", -left);
    else if (due == env->rules.today)
        buf_puts(out, "今天到期");
    else
        buf_printf(out, "剩%d个工作日", left);
}

static void print_status_line(cli_app_env *env, const struct app *a)
{
    buf b;
    buf_init(&b);
    app_status_label(a, &b);
    printf("%s  %s\n", a->no, b.data);
    buf_reset(&b);
    if (a->due) {
        char d[11];
        date_format(a->due, d);
        cli_apply_left_label(env, a->due, &b);
        printf("  下一期限 %s %s（%s）\n", d, app_due_labels[a->due_kind], b.data);
    }
    if (a->reply_due && a->due_kind != APP_DUE_REPLY && app_states[a->state].open) {
        char d[11];
        date_format(a->reply_due, d);
        printf("  答复期限 %s%s\n", d, app_states[a->state].clock_runs ? "" : "（暂停计算，按现有期限推算）");
    }
    buf_reset(&b);
    app_provisional_note(env->cal, a, &b);
    if (b.len)
        printf("  %s\n", b.data);
    buf_free(&b);
}

int cli_apply_letter_ctx(cli_app_env *env, struct app_letter_ctx *ctx, buf vals[3])
{
    err e = {0};
    const char **dst[3] = {&ctx->review_body, &ctx->court, &ctx->contact};
    ctx->agency = env->agency.name;
    for (int i = 0; i < 3; i++)
        buf_init(&vals[i]);
    for (int i = 0; i < 3; i++) {
        int rc = store_setting_get(env->store, env->agency.id, text_keys[i], &vals[i], &e);
        if (rc && rc != GK_ENOTFOUND)
            return cli_report_err(&e);
        *dst[i] = vals[i].data;
    }
    return 0;
}

/* The reply letter (event 0 or APP_EV_ANSWER) or the notice a step sends. */
int cli_apply_print_letter(cli_app_env *env, const struct app *a, int event, bool html)
{
    struct app_letter_ctx ctx = {0};
    buf vals[3];
    int rc = cli_apply_letter_ctx(env, &ctx, vals);
    buf out, note;
    buf_init(&out);
    buf_init(&note);
    app_provisional_note(env->cal, a, &note);
    ctx.provisional = note.data;
    buf cites;
    buf_init(&cites);
    cli_chain_cites(env->store, a, &cites);
    ctx.cites = cites.data;
    err e = {0};
    if (!rc) {
        if (event && event != APP_EV_ANSWER && event != APP_EV_WITHDRAW
                ? app_notice_letter(a, event, &ctx, env->rules.fee_stops_clock, html, &out, &e)
                : app_reply_letter(a, &ctx, html, &out, &e))
            rc = cli_report_err(&e);
        else
            fputs(out.data, stdout);
    }
    buf_free(&out);
    buf_free(&note);
    buf_free(&cites);
    for (int i = 0; i < 3; i++)
        buf_free(&vals[i]);
    return rc;
}

/* Reads the application, applies the step, saves it; prints the result. */
static int run_step_proof(cli_app_env *env, const char *no, struct app_event *ev, int letter,
                          const struct store_proof *proof);

static int run_step(cli_app_env *env, const char *no, struct app_event *ev, int letter)
{
    return run_step_proof(env, no, ev, letter, NULL);
}

/* run_step with the file proving a delivery, kept in the step's transaction. */
static int run_step_proof(cli_app_env *env, const char *no, struct app_event *ev, int letter,
                          const struct store_proof *proof)
{
    struct app *before = xmalloc(sizeof *before), *after = xmalloc(sizeof *after);
    int rc = cli_apply_get(env, no, before);
    err e = {0};
    if (!rc && ev->kind == APP_EV_FEE_NOTICE && ev->fee_method == FEE_BY_COUNT &&
        store_app_nth_in_month(env->store, before, &ev->nth_in_month, &e))
        rc = cli_report_err(&e);
    if (!rc) {
        *after = *before;
        if (app_step(&env->rules, env->cal, after, ev, &e)) {
            if (!e.where[0])
                snprintf(e.where, sizeof e.where, "%s", no);
            rc = cli_report_err(&e);
        }
    }
    if (!rc) {
        buf sum;
        buf_init(&sum);
        app_step_summary(after, ev, &sum);
        if (store_app_save_proof(env->store, before, after, env->actor, app_events[ev->kind].code,
                                 after->last_step, sum.data, proof, &e)) {
            rc = cli_report_err(&e);
        } else {
            print_status_line(env, after);
            printf("  %s\n", sum.data);
        }
        buf_free(&sum);
    }
    if (!rc && letter) {
        putchar('\n');
        rc = cli_apply_print_letter(env, after, ev->kind, letter == 2);
    }
    free(before);
    free(after);
    return rc;
}

/* A step whose notice (of kind `notice`, named `what`) may be printed with
 * it, as text (--letter) or HTML (--html); other steps of the command have
 * no letter. */
static int run_noticed(cli_app_env *env, const char *no, struct app_event *ev, bool letter, bool html, int notice,
                       const char *what)
{
    if ((letter || html) && ev->kind != notice) {
        cli_error("--letter", "only %s is a letter here", what);
        return 2;
    }
    return run_step(env, no, ev, html ? 2 : letter ? 1 : 0);
}

/* ---- register ---- */

static int find_code(const char *opt, const char *val, const char *const *codes, int first, int last, int *out)
{
    for (int i = first; i <= last; i++)
        if (strcmp(codes[i], val) == 0) {
            *out = i;
            return 0;
        }
    buf b;
    buf_init(&b);
    for (int i = first; i <= last; i++)
        buf_printf(&b, "%s%s", i > first ? ", " : "", codes[i]);
    cli_error(opt, "unknown value '%s' (one of: %s)", val, b.data);
    buf_free(&b);
    return 2;
}

/* What 'apply register' was given. */
struct reg_opts {
    const char *channel, *received, *submitted, *kind, *name, *idno, *idtype, *phone, *email, *address, *request,
        *request_file, *delivery, *request_id;
    bool json;
};

static void reg_take_opts(struct reg_opts *o, int *argc, char **argv)
{
    *o = (struct reg_opts){
        .channel = cli_app_opt(argc, argv, "--channel"), .received = cli_app_opt(argc, argv, "--received"),
        .submitted = cli_app_opt(argc, argv, "--submitted"), .kind = cli_app_opt(argc, argv, "--kind"),
        .name = cli_app_opt(argc, argv, "--name"), .idno = cli_app_opt(argc, argv, "--id-number"),
        .idtype = cli_app_opt(argc, argv, "--id-type"),
        .phone = cli_app_opt(argc, argv, "--phone"), .email = cli_app_opt(argc, argv, "--email"),
        .address = cli_app_opt(argc, argv, "--address"), .request = cli_app_opt(argc, argv, "--request"),
        .request_file = cli_app_opt(argc, argv, "--request-file"),
        .delivery = cli_app_opt(argc, argv, "--delivery"),
        .request_id = cli_app_opt(argc, argv, "--request-id"),
    };
    o->json = cli_flag(argc, argv, "--json");
}

/* The coded fields (channel, kind, delivery) and the dates. */
static int reg_codes(const struct reg_opts *o, struct app *a)
{
    const char *ch_codes[APP_NCHANNELS + 1], *dl_codes[APP_NDELIVERY + 1];
    for (int i = 1; i <= APP_NCHANNELS; i++)
        ch_codes[i] = app_channels[i].code;
    for (int i = 1; i <= APP_NDELIVERY; i++)
        dl_codes[i] = app_deliveries[i].code;
    int rc = 0;
    if (o->channel)
        rc = find_code("--channel", o->channel, ch_codes, 1, APP_NCHANNELS, &a->channel);
    if (!rc && o->kind)
        rc = find_code("--kind", o->kind, rpt_col_keys, COL_NATURAL, COL_OTHER, &a->kind);
    if (!rc && o->delivery)
        rc = find_code("--delivery", o->delivery, dl_codes, 1, APP_NDELIVERY, &a->delivery);
    if (!rc && o->received)
        rc = cli_app_date("--received", o->received, &a->received);
    if (!rc && o->submitted)
        rc = cli_app_date("--submitted", o->submitted, &a->submitted);
    return rc;
}

/* --request-file: the request as text, at most cap bytes; *request points
 * into file. */
static int reg_request_file(const char *path, size_t cap, buf *file, const char **request)
{
    err e = {0};
    /* a file longer than the array is over the limit in characters too */
    if (file_read_all(path, cap, file, &e)) {
        if (e.code == GK_EINVAL)
            err_set(&e, GK_EINVAL, "--request-file", "at most %d characters (this file has more)", LIM_APP_REQUEST);
        cli_report_err(&e);
        return 2;
    }
    if (file->len && memchr(file->data, '\0', file->len)) {
        cli_error("--request-file", "%s holds a NUL byte: give the request as text", path);
        return 2;
    }
    *request = file->data ? file->data : "";
    return 0;
}

/* The applicant's texts, each whole within its limit, and the paper's type. */
static int reg_texts(const struct reg_opts *o, const char *request, struct app *a)
{
    int rc = copy_opt(a->name, sizeof a->name, o->name, LIM_F_APP_NAME, "--name");
    if (!rc)
        rc = copy_opt(a->id_number, sizeof a->id_number, o->idno, LIM_F_APP_ID_NUMBER, "--id-number");
    if (!rc && o->idtype) {
        const struct app_id_type *t = app_id_type_find(o->idtype);
        if (!t) {
            cli_error("--id-type", "'%s' is not a type of identity paper (see 'gongkai apply register --help')",
                      o->idtype);
            rc = 2;
        } else {
            snprintf(a->id_type, sizeof a->id_type, "%s", t->code);
        }
    }
    if (!rc)
        rc = copy_opt(a->phone, sizeof a->phone, o->phone, LIM_F_APP_PHONE, "--phone");
    if (!rc)
        rc = copy_opt(a->email, sizeof a->email, o->email, LIM_F_APP_EMAIL, "--email");
    if (!rc)
        rc = copy_opt(a->address, sizeof a->address, o->address, LIM_F_APP_ADDRESS, "--address");
    if (!rc)
        rc = copy_opt(a->request, sizeof a->request, request, LIM_F_APP_REQUEST,
                      o->request_file ? "--request-file" : "--request");
    return rc;
}

/* The receipt: number, tracking code, the reply's and the supplement's deadlines. */
static void reg_print(cli_app_env *env, const struct app *a, bool json)
{
    if (json) {
        buf j;
        buf_init(&j);
        app_to_json(a, false, &j);
        printf("%s\n", j.data);
        buf_free(&j);
        return;
    }
    char due[11], sup[11];
    err e = {0};
    date_format(a->reply_due, due);
    gk_day sup_by = 0;
    if (cal_add_workdays(env->cal, a->received, APP_SUPPLEMENT_NOTICE_DAYS, &sup_by, &e) == 0)
        date_format(sup_by, sup);
    else
        snprintf(sup, sizeof sup, "-");
    printf("已登记 %s\n", a->no);
    printf("  查询码   %s（申请人凭查询码和手机号查询办理进度）\n", a->tracking);
    printf("  答复期限 %s（%d个工作日）%s\n", due, APP_REPLY_DAYS, a->provisional ? "（暂定）" : "");
    printf("  需要补正的，补正通知须于 %s 前发出\n", sup);
    buf note;
    buf_init(&note);
    app_provisional_note(env->cal, a, &note);
    if (note.len)
        printf("  %s\n", note.data);
    buf_free(&note);
}

static int cmd_register(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply register";
    struct reg_opts o;
    reg_take_opts(&o, &argc, argv);
    int rc = cli_reject_unknown(argc, argv, cmd);
    char token[CLI_REQUEST_TOKEN_CAP];
    if (!rc && o.request_id && (rc = cli_request_token(o.request_id, token)))
        return rc;
    if (rc)
        return rc;
    if (argc) {
        cli_error(cmd, "unexpected argument '%s' (see 'gongkai %s --help')", argv[0], cmd);
        return 2;
    }
    struct app *a = xcalloc(1, sizeof *a);
    a->agency_id = env->agency.id;
    a->kind = -1;
    buf file;
    buf_init(&file);
    err e = {0};
    const char *request = o.request;
    rc = reg_codes(&o, a);
    if (!rc && o.request && o.request_file) {
        cli_error("--request-file", "give the request as --request or --request-file, not both");
        rc = 2;
    }
    if (!rc && o.request_file)
        rc = reg_request_file(o.request_file, sizeof a->request, &file, &request);
    if (!rc)
        rc = reg_texts(&o, request, a);
    if (!rc && app_register(&env->rules, env->cal, a, &e))
        rc = cli_report_err(&e);
    bool again = false;
    if (!rc && store_app_add_once(env->store, a, env->actor, o.request_id ? token : NULL, &again, &e))
        rc = cli_report_err(&e);
    if (!rc && again)
        fprintf(stderr, "gongkai: --request-id %s was registered before: nothing added, its application follows\n",
                o.request_id);
    if (!rc)
        reg_print(env, a, o.json);
    buf_free(&file);
    free(a);
    return rc;
}

/* ---- steps ---- */

static int cmd_supplement(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply supplement";
    struct app_event ev = {0};
    const char *what = cli_app_opt(&argc, argv, "--what"), *by = cli_app_opt(&argc, argv, "--by"), *no;
    bool received = cli_flag(&argc, argv, "--received"), lapse = cli_flag(&argc, argv, "--lapse");
    bool letter = cli_flag(&argc, argv, "--letter"), html = cli_flag(&argc, argv, "--html");
    int rc = cli_app_step_args(cmd, &argc, argv, &ev.date, &no);
    if (rc)
        return rc;
    if (received + lapse + (what || by) != 1) {
        cli_error(cmd, "say one of: --what TEXT --by DATE (the notice), --received, --lapse");
        return 2;
    }
    if (received)
        ev.kind = APP_EV_SUPPLEMENT_RECEIVED;
    else if (lapse)
        ev.kind = APP_EV_SUPPLEMENT_LAPSED;
    else {
        ev.kind = APP_EV_SUPPLEMENT_REQUEST;
        ev.what = what;
        if (by && cli_app_date("--by", by, &ev.by))
            return 2;
    }
    return run_noticed(env, no, &ev, letter, html, APP_EV_SUPPLEMENT_REQUEST, "the supplementation notice");
}

static int cmd_consult(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply consult";
    struct app_event ev = {0};
    const char *third = cli_app_opt(&argc, argv, "--third-party"), *agency = cli_app_opt(&argc, argv, "--other-agency"),
               *note = cli_app_opt(&argc, argv, "--note"), *no;
    bool end = cli_flag(&argc, argv, "--end");
    int rc = cli_app_step_args(cmd, &argc, argv, &ev.date, &no);
    if (rc)
        return rc;
    if ((third != NULL) + (agency != NULL) + end != 1) {
        cli_error(cmd, "say one of: --third-party NAME, --other-agency NAME, --end");
        return 2;
    }
    if (end) {
        ev.kind = APP_EV_CONSULT_END;
        ev.note = note;
    } else {
        ev.kind = APP_EV_CONSULT_START;
        ev.consult_kind = third ? 1 : 2;
        ev.party = third ? third : agency;
    }
    return run_step(env, no, &ev, 0);
}

static int cmd_extend(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply extend";
    struct app_event ev = {.kind = APP_EV_EXTEND};
    const char *days = cli_app_opt(&argc, argv, "--days"), *no;
    ev.approver = cli_app_opt(&argc, argv, "--approved-by");
    ev.reason = cli_app_opt(&argc, argv, "--reason");
    bool letter = cli_flag(&argc, argv, "--letter"), html = cli_flag(&argc, argv, "--html");
    int rc = cli_app_step_args(cmd, &argc, argv, &ev.date, &no);
    if (rc)
        return rc;
    int64_t v = 0;
    if (!days || !parse_i64(days, strlen(days), &v) || v < -1000 || v > 1000) {
        cli_error("--days", "give the extension in working days (1 to %d)", APP_MAX_EXTENSION);
        return 2;
    }
    ev.days = (int)v;
    return run_step(env, no, &ev, html ? 2 : letter ? 1 : 0);
}

static int cmd_fee(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply fee";
    struct app_event ev = {0};
    const char *pages = cli_app_opt(&argc, argv, "--pages"), *no;
    ev.note = cli_app_opt(&argc, argv, "--note");
    bool count = cli_flag(&argc, argv, "--by-count"), paid = cli_flag(&argc, argv, "--paid"),
         waive = cli_flag(&argc, argv, "--waive"), lapse = cli_flag(&argc, argv, "--lapse");
    bool letter = cli_flag(&argc, argv, "--letter"), html = cli_flag(&argc, argv, "--html");
    int rc = cli_app_step_args(cmd, &argc, argv, &ev.date, &no);
    if (rc)
        return rc;
    if ((pages != NULL) + count + paid + waive + lapse != 1) {
        cli_error(cmd, "say one of: --pages N, --by-count (a notice), --paid, --waive, --lapse");
        return 2;
    }
    if (pages) {
        int64_t v;
        if (!parse_i64(pages, strlen(pages), &v) || v < 0 || v > 10000000) {
            cli_error("--pages", "'%s' is not a number of pages", pages);
            return 2;
        }
        ev.kind = APP_EV_FEE_NOTICE;
        ev.fee_method = FEE_BY_PAGES;
        ev.pages = (int)v;
    } else if (count) {
        ev.kind = APP_EV_FEE_NOTICE;
        ev.fee_method = FEE_BY_COUNT;
    } else {
        ev.kind = paid ? APP_EV_FEE_PAID : waive ? APP_EV_FEE_WAIVED : APP_EV_FEE_LAPSED;
    }
    return run_noticed(env, no, &ev, letter, html, APP_EV_FEE_NOTICE, "the fee notice");
}

static int cmd_answer(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply answer";
    struct app_event ev = {.kind = APP_EV_ANSWER};
    const char *no;
    ev.outcome = cli_app_opt(&argc, argv, "--outcome");
    ev.detail = cli_app_opt(&argc, argv, "--detail");
    ev.refer = cli_app_opt(&argc, argv, "--refer");
    bool letter = cli_flag(&argc, argv, "--letter"), html = cli_flag(&argc, argv, "--html");
    int rc = cli_app_step_args(cmd, &argc, argv, &ev.date, &no);
    if (rc)
        return rc;
    struct app_chain *approved = xmalloc(sizeof *approved);
    if (!(rc = cli_chain_answer_fill(env, no, &ev, approved)))
        rc = run_step(env, no, &ev, html ? 2 : letter ? 1 : 0);
    free(approved);
    return rc;
}

static int cmd_withdraw(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply withdraw";
    struct app_event ev = {.kind = APP_EV_WITHDRAW};
    const char *no;
    ev.note = cli_app_opt(&argc, argv, "--reason");
    int rc = cli_app_step_args(cmd, &argc, argv, &ev.date, &no);
    if (rc)
        return rc;
    return run_step(env, no, &ev, 0);
}

/* The largest proof file kept with a delivery (a scan of a signed receipt). */
#define DELIVER_PROOF_MAX (8u << 20)

static int cmd_deliver(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply deliver";
    struct app_event ev = {.kind = APP_EV_DELIVER};
    const char *no, *how = cli_app_opt(&argc, argv, "--how"), *file = cli_app_opt(&argc, argv, "--proof-file");
    ev.ref = cli_app_opt(&argc, argv, "--ref");
    ev.proof = cli_app_opt(&argc, argv, "--proof");
    int rc = cli_app_step_args(cmd, &argc, argv, &ev.date, &no);
    if (rc)
        return rc;
    if (how) {
        const char *codes[APP_NDELIVERY + 1] = {""};
        for (int i = 1; i <= APP_NDELIVERY; i++)
            codes[i] = app_deliveries[i].code;
        if ((rc = find_code("--how", how, codes, 1, APP_NDELIVERY, &ev.how)))
            return rc;
    }
    struct store_proof proof = {0};
    buf data;
    buf_init(&data);
    if (file) {
        err e = {0};
        if (file_read_all(file, DELIVER_PROOF_MAX, &data, &e)) {
            snprintf(e.where, sizeof e.where, "--proof-file");
            buf_free(&data);
            return cli_report_err(&e);
        }
        const char *base = strrchr(file, '/');
        proof.name = base ? base + 1 : file;
        proof.data = data.data ? data.data : "";
        proof.len = data.len;
    }
    rc = run_step_proof(env, no, &ev, 0, file ? &proof : NULL);
    buf_free(&data);
    return rc;
}

/* ---- outcomes and settings ---- */

static int cmd_outcomes(cli_run *run, int argc, char **argv)
{
    (void)run;
    int rc = cli_reject_unknown(argc, argv, "apply outcomes");
    if (rc)
        return rc;
    for (int i = 0; i < app_noutcomes; i++) {
        const struct app_outcome *o = &app_outcomes[i];
        const struct rpt_app_row_def *row = &rpt_app_rows[o->row];
        buf b;
        buf_init(&b);
        cli_app_cell(&b, o->code, 38);
        buf_printf(&b, "  %s%s%s%s", row->group_label ? row->group_label : "", row->group_label ? "/" : "", row->label,
                   o->via == APP_EV_WITHDRAW ? "（申请人撤回）" : "");
        printf("%s\n", b.data);
        buf_reset(&b);
        if (o->via != APP_EV_ANSWER)
            buf_printf(&b, "recorded by 'apply %s'", o->via == APP_EV_WITHDRAW ? "withdraw"
                                                     : o->via == APP_EV_FEE_LAPSED ? "fee --lapse"
                                                                                   : "supplement --lapse");
        printf("%40s%s%s%s\n", "", o->basis, o->basis[0] && b.len ? "; " : "", b.data ? b.data : "");
        buf_free(&b);
    }
    return 0;
}

static bool chain_key(const char *k)
{
    for (int i = 0; app_chain_rule_keys[i]; i++)
        if (strcmp(app_chain_rule_keys[i], k) == 0)
            return true;
    return false;
}

/* Whether KEY VALUE is a setting its domain accepts: the rules of
 * applications, Art. 44's, the handling chain's, or a letter's text. */
static int settings_check(cli_app_env *env, const char *key, const char *value)
{
    err e = {0};
    bool known = false;
    for (int i = 0; app_rule_keys[i]; i++)
        known |= strcmp(app_rule_keys[i], key) == 0;
    for (int i = 0; art44_keys[i] && !known; i++)
        if (strcmp(art44_keys[i], key) == 0) {
            struct repeat_rule rr = REPEAT_RULE_DEFAULT;
            if (repeat_rule_set(&rr, key, value, &e))
                return cli_report_err(&e);
            known = true;
        }
    if (known) {
        struct app_rules r = env->rules;
        if (strncmp(key, "art44.", 6) != 0 && app_rules_set(&r, key, value, &e))
            return cli_report_err(&e);
        return 0;
    }
    if (chain_key(key)) {
        struct app_chain_rules r;
        app_chain_rules_default(&r, env->rules.today);
        return app_chain_rules_set(&r, key, value, &e) ? cli_report_err(&e) : 0;
    }
    for (int i = 0; text_keys[i]; i++)
        known |= strcmp(text_keys[i], key) == 0;
    size_t bad;
    if (!known) {
        cli_error(key, "unknown setting (see 'gongkai apply settings --help')");
        return 2;
    }
    if (!utf8_valid(value, strlen(value), &bad)) {
        cli_error(key, "not valid UTF-8");
        return 2;
    }
    return 0;
}

/* Keeps the setting and its audit row. */
static int settings_set(cli_app_env *env, const char *key, const char *value)
{
    err e = {0};
    if (store_setting_set(env->store, env->agency.id, key, value, &e))
        return cli_report_err(&e);
    json_t *o = json_pack("{s:s, s:s}", "key", key, "value", value);
    char *j = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    int rc = store_audit_add(env->store, env->agency.id, env->actor, "setting", 0, "set", NULL, j, &e);
    free(j);
    return rc ? cli_report_err(&e) : 0;
}

/* Every setting with its value, or its default. */
static void settings_print(cli_app_env *env)
{
    int rc;
    err e = {0};
    const char *defaults[] = {"next_day", "yes", "20"};
    buf b;
    buf_init(&b);
    for (int pass = 0; pass < 2; pass++) {
        const char *const *keys = pass ? text_keys : app_rule_keys;
        for (int i = 0; keys[i]; i++) {
            buf_reset(&b);
            rc = store_setting_get(env->store, env->agency.id, keys[i], &b, &e);
            bool set = rc == 0;
            printf("%-28s %s%s\n", keys[i], set ? b.data : pass ? "" : defaults[i],
                   set ? "" : pass ? "(not set)" : " (default)");
        }
    }
    for (int i = 0; art44_keys[i]; i++) {
        buf_reset(&b);
        bool set = store_setting_get(env->store, env->agency.id, art44_keys[i], &b, &e) == 0;
        printf("%-28s %s%s\n", art44_keys[i], set ? b.data : art44_defaults[i], set ? "" : " (default)");
    }
    for (int i = 0; app_chain_rule_keys[i]; i++) {
        buf_reset(&b);
        bool set = store_setting_get(env->store, env->agency.id, app_chain_rule_keys[i], &b, &e) == 0;
        printf("%-28s %s%s\n", app_chain_rule_keys[i], set ? b.data : i ? "role:office" : "role:leader",
               set ? "" : " (default)");
    }
    buf_free(&b);
}

static int cmd_settings(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply settings";
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc == 2) {
        if ((rc = settings_check(env, argv[0], argv[1])) || (rc = settings_set(env, argv[0], argv[1])))
            return rc;
    } else if (argc != 0) {
        cli_error(cmd, "expected nothing, or KEY VALUE");
        return 2;
    }
    settings_print(env);
    return 0;
}

static const char usage_outcomes[] =
    "usage: gongkai apply outcomes\n\nThe outcome taxonomy: each outcome's code (for --outcome), the row of\n"
    "report table 三 it counts in, and its legal basis.\n";

/* Every row but outcomes opens the applications' environment (cli_app_open). */
static const struct cli_sub apply_subs[] = {
    {"register", usage_register, cmd_register, CLI_APPS | CLI_WRITES, 0},
    {"list", cli_apply_usage_list, cli_apply_cmd_list, CLI_APPS, 0},
    {"show", cli_apply_usage_show, cli_apply_cmd_show, CLI_APPS, 0},
    {"letter", cli_apply_usage_letter, cli_apply_cmd_letter, CLI_APPS, 0},
    {"supplement", usage_supplement, cmd_supplement, CLI_APPS | CLI_WRITES, 0},
    {"consult", usage_consult, cmd_consult, CLI_APPS | CLI_WRITES, 0},
    {"extend", usage_extend, cmd_extend, CLI_APPS | CLI_WRITES, 0},
    {"fee", usage_fee, cmd_fee, CLI_APPS | CLI_WRITES, 0},
    {"assign", cli_chain_usage_assign, cli_chain_assign, CLI_APPS | CLI_WRITES, 0},
    {"draft", cli_chain_usage_draft, cli_chain_draft, CLI_APPS | CLI_WRITES, 0},
    {"return", cli_chain_usage_return, cli_chain_return, CLI_APPS | CLI_WRITES, 0},
    {"approve", cli_chain_usage_approve, cli_chain_approve, CLI_APPS | CLI_WRITES, 0},
    {"queue", cli_chain_usage_queue, cli_chain_queue, CLI_APPS, 0},
    {"answer", usage_answer, cmd_answer, CLI_APPS | CLI_WRITES, 0},
    {"casefile", cli_chain_usage_casefile, cli_chain_casefile, CLI_APPS, 0},
    {"withdraw", usage_withdraw, cmd_withdraw, CLI_APPS | CLI_WRITES, 0},
    {"deliver", usage_deliver, cmd_deliver, CLI_APPS | CLI_WRITES, 0},
    {"outcomes", usage_outcomes, cmd_outcomes, 0, 0},
    {"settings", usage_settings, cmd_settings, CLI_APPS | CLI_WRITES, 0},
};

int cli_apply(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"apply", usage_main, apply_subs, sizeof apply_subs / sizeof apply_subs[0],
                                       "staff"};
    return cli_run_group(ctx, &g, argc, argv);
}
