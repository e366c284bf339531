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
#include "disclosure/chain.h"
#include "disclosure/repeat.h"
#include "docgen/docgen.h"

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

static const char usage_list[] =
    "usage: gongkai apply list [--open | --undelivered] [--state S] [--year Y] [--kind K] [--limit N]\n"
    "                          [--json]\n\n"
    "--undelivered: answered, the reply not yet served (送达).\n"
    "Applications newest first, the applicant's name masked (张*明). States: processing,\n"
    "awaiting_supplement, consulting, awaiting_fee, answered, lapsed, withdrawn.\n";

static const char usage_show[] =
    "usage: gongkai apply show NO [--letter | --html] [--json]\n\n"
    "Everything about one application (personal data included: staff only), its deadlines and\n"
    "history. --letter prints the reply letter (答复告知书) as text, --html as HTML.\n";

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

static int get_app(cli_app_env *env, const char *no, struct app *out)
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

static void date_or_dash(gk_day d, char out[11])
{
    if (d)
        date_format(d, out);
    else
        snprintf(out, 11, "-");
}

/* "剩4个工作日", "今天到期", "逾期2个工作日" */
static void left_label(cli_app_env *env, gk_day due, buf *out)
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
        left_label(env, a->due, &b);
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

static int letter_ctx(cli_app_env *env, struct app_letter_ctx *ctx, buf vals[3])
{
    err e = {0};
    const char **dst[3] = {&ctx->review_body, &ctx->court, &ctx->contact};
    ctx->agency = env->agency.name;
    for (int i = 0; i < 3; i++) {
        buf_init(&vals[i]);
        int rc = store_setting_get(env->store, env->agency.id, text_keys[i], &vals[i], &e);
        if (rc && rc != GK_ENOTFOUND)
            return cli_report_err(&e);
        *dst[i] = vals[i].data;
    }
    return 0;
}

/* The reply letter (event 0 or APP_EV_ANSWER) or the notice a step sends. */
static int print_letter(cli_app_env *env, const struct app *a, int event, bool html)
{
    struct app_letter_ctx ctx = {0};
    buf vals[3];
    int rc = letter_ctx(env, &ctx, vals);
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
    int rc = get_app(env, no, before);
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
        rc = print_letter(env, after, ev->kind, letter == 2);
    }
    free(before);
    free(after);
    return rc;
}

/* Common: --date, then no unknown options, then exactly one NO. */
static int step_args(const char *cmd, int *argc, char **argv, struct app_event *ev, const char **no)
{
    const char *date = cli_app_opt(argc, argv, "--date");
    if (date && cli_app_date("--date", date, &ev->date))
        return 2;
    int rc = cli_reject_unknown(*argc, argv, cmd);
    if (rc)
        return rc;
    if (*argc != 1) {
        cli_error(cmd, "expected one application number (see 'gongkai %s --help')", cmd);
        return 2;
    }
    *no = argv[0];
    return 0;
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

static int cmd_register(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply register";
    const char *channel = cli_app_opt(&argc, argv, "--channel"), *received = cli_app_opt(&argc, argv, "--received"),
               *submitted = cli_app_opt(&argc, argv, "--submitted"), *kind = cli_app_opt(&argc, argv, "--kind"),
               *name = cli_app_opt(&argc, argv, "--name"), *idno = cli_app_opt(&argc, argv, "--id-number"),
               *idtype = cli_app_opt(&argc, argv, "--id-type"),
               *phone = cli_app_opt(&argc, argv, "--phone"), *email = cli_app_opt(&argc, argv, "--email"),
               *address = cli_app_opt(&argc, argv, "--address"), *request = cli_app_opt(&argc, argv, "--request"),
               *request_file = cli_app_opt(&argc, argv, "--request-file"),
               *delivery = cli_app_opt(&argc, argv, "--delivery"),
               *request_id = cli_app_opt(&argc, argv, "--request-id");
    bool json = cli_flag(&argc, argv, "--json");
    int rc = cli_reject_unknown(argc, argv, cmd);
    char token[CLI_REQUEST_TOKEN_CAP];
    if (!rc && request_id && (rc = cli_request_token(request_id, token)))
        return rc;
    if (rc)
        return rc;
    if (argc) {
        cli_error(cmd, "unexpected argument '%s' (see 'gongkai %s --help')", argv[0], cmd);
        return 2;
    }
    struct app *a = xcalloc(1, sizeof *a);
    a->agency_id = env->agency.id;
    const char *ch_codes[APP_NCHANNELS + 1], *dl_codes[APP_NDELIVERY + 1];
    for (int i = 1; i <= APP_NCHANNELS; i++)
        ch_codes[i] = app_channels[i].code;
    for (int i = 1; i <= APP_NDELIVERY; i++)
        dl_codes[i] = app_deliveries[i].code;
    a->kind = -1;
    buf file;
    buf_init(&file);
    err e = {0};
    if (channel)
        rc = find_code("--channel", channel, ch_codes, 1, APP_NCHANNELS, &a->channel);
    if (!rc && kind)
        rc = find_code("--kind", kind, rpt_col_keys, COL_NATURAL, COL_OTHER, &a->kind);
    if (!rc && delivery)
        rc = find_code("--delivery", delivery, dl_codes, 1, APP_NDELIVERY, &a->delivery);
    if (!rc && received)
        rc = cli_app_date("--received", received, &a->received);
    if (!rc && submitted)
        rc = cli_app_date("--submitted", submitted, &a->submitted);
    if (!rc && request && request_file) {
        cli_error("--request-file", "give the request as --request or --request-file, not both");
        rc = 2;
    }
    if (!rc && request_file) {
        /* a file longer than the array is over the limit in characters too */
        if (file_read_all(request_file, sizeof a->request, &file, &e)) {
            if (e.code == GK_EINVAL)
                err_set(&e, GK_EINVAL, "--request-file", "at most %d characters (this file has more)", LIM_APP_REQUEST);
            cli_report_err(&e);
            rc = 2;
        } else if (file.len && memchr(file.data, '\0', file.len)) {
            cli_error("--request-file", "%s holds a NUL byte: give the request as text", request_file);
            rc = 2;
        } else {
            request = file.data ? file.data : "";
        }
    }
    if (!rc)
        rc = copy_opt(a->name, sizeof a->name, name, LIM_F_APP_NAME, "--name");
    if (!rc)
        rc = copy_opt(a->id_number, sizeof a->id_number, idno, LIM_F_APP_ID_NUMBER, "--id-number");
    if (!rc && idtype) {
        const struct app_id_type *t = app_id_type_find(idtype);
        if (!t) {
            cli_error("--id-type", "'%s' is not a type of identity paper (see 'gongkai apply register --help')",
                      idtype);
            rc = 2;
        } else {
            snprintf(a->id_type, sizeof a->id_type, "%s", t->code);
        }
    }
    if (!rc)
        rc = copy_opt(a->phone, sizeof a->phone, phone, LIM_F_APP_PHONE, "--phone");
    if (!rc)
        rc = copy_opt(a->email, sizeof a->email, email, LIM_F_APP_EMAIL, "--email");
    if (!rc)
        rc = copy_opt(a->address, sizeof a->address, address, LIM_F_APP_ADDRESS, "--address");
    if (!rc)
        rc = copy_opt(a->request, sizeof a->request, request, LIM_F_APP_REQUEST,
                      request_file ? "--request-file" : "--request");
    if (!rc && app_register(&env->rules, env->cal, a, &e))
        rc = cli_report_err(&e);
    bool again = false;
    if (!rc && store_app_add_once(env->store, a, env->actor, request_id ? token : NULL, &again, &e))
        rc = cli_report_err(&e);
    if (!rc && again)
        fprintf(stderr, "gongkai: --request-id %s was registered before: nothing added, its application follows\n",
                request_id);
    if (!rc) {
        if (json) {
            buf j;
            buf_init(&j);
            app_to_json(a, false, &j);
            printf("%s\n", j.data);
            buf_free(&j);
        } else {
            char due[11], sup[11];
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
    }
    buf_free(&file);
    free(a);
    return rc;
}

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
        date_or_dash(a->due, due);
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
        /* trim the padding at the end of the line */
        while (b.len && b.data[b.len - 1] == ' ')
            b.data[--b.len] = 0;
        printf("%s\n", b.data);
    }
    x->n++;
    buf_free(&b);
    buf_free(&cell);
    return 0;
}

static int cmd_list(cli_run *run, int argc, char **argv)
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
    int64_t v;
    if (state && (f.state = app_state_from_code(state)) < 0) {
        cli_error("--state", "unknown state '%s' (processing, awaiting_supplement, consulting, awaiting_fee, "
                             "answered, lapsed, withdrawn)", state);
        return 2;
    }
    if (year) {
        if (!parse_i64(year, strlen(year), &v) || v < 1900 || v > 9999) {
            cli_error("--year", "'%s' is not a year", year);
            return 2;
        }
        f.year = (int)v;
    }
    if (kind && (f.kind = app_kind_from_code(kind)) < 0) {
        cli_error("--kind", "unknown applicant kind '%s' (natural_person, commercial, research, public_interest, "
                            "legal_services, other)", kind);
        return 2;
    }
    if (limit) {
        if (!parse_i64(limit, strlen(limit), &v) || v < 1 || v > 100000) {
            cli_error("--limit", "'%s' is not a number from 1 to 100000", limit);
            return 2;
        }
        f.limit = (int)v;
    }
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

static int cmd_show(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply show";
    bool letter = cli_flag(&argc, argv, "--letter"), html = cli_flag(&argc, argv, "--html"),
         json = cli_flag(&argc, argv, "--json");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc != 1) {
        cli_error(cmd, "expected one application number (see 'gongkai %s --help')", cmd);
        return 2;
    }
    struct app *a = xmalloc(sizeof *a);
    if ((rc = get_app(env, argv[0], a))) {
        free(a);
        return rc;
    }
    if (letter || html) {
        rc = print_letter(env, a, 0, html);
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
    char d1[11], d2[11], d3[11];
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
    if (a->reply_due) {
        date_format(a->reply_due, d1);
        buf_reset(&b);
        if (app_states[a->state].open)
            left_label(env, a->reply_due, &b);
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
        left_label(env, a->due, &b);
        printf("  下一期限  %s %s（%s）\n", d1, app_due_labels[a->due_kind], b.data);
    }
    if (a->sup_notice) {
        date_format(a->sup_notice, d1);
        date_format(a->sup_by, d2);
        date_or_dash(a->sup_received, d3);
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
        date_or_dash(a->fee_settled, d3);
        printf("  收费      %s 通知：%s；缴费期限 %s；%s %s\n", d1, a->fee_working, d2,
               a->fee_waived ? "减免" : "缴费", d3);
    }
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
    buf_free(&b);
    cli_chain_show(env, a);
    puts("办理记录");
    err e = {0};
    rc = store_app_steps(env->store, a->id, show_step, NULL, &e);
    free(a);
    return rc ? cli_report_err(&e) : 0;
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
    int rc = step_args(cmd, &argc, argv, &ev, &no);
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
    if ((letter || html) && ev.kind != APP_EV_SUPPLEMENT_REQUEST) {
        cli_error("--letter", "only the supplementation notice is a letter here");
        return 2;
    }
    return run_step(env, no, &ev, html ? 2 : letter ? 1 : 0);
}

static int cmd_consult(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply consult";
    struct app_event ev = {0};
    const char *third = cli_app_opt(&argc, argv, "--third-party"), *agency = cli_app_opt(&argc, argv, "--other-agency"),
               *note = cli_app_opt(&argc, argv, "--note"), *no;
    bool end = cli_flag(&argc, argv, "--end");
    int rc = step_args(cmd, &argc, argv, &ev, &no);
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
    int rc = step_args(cmd, &argc, argv, &ev, &no);
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
    int rc = step_args(cmd, &argc, argv, &ev, &no);
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
    if ((letter || html) && ev.kind != APP_EV_FEE_NOTICE) {
        cli_error("--letter", "only the fee notice is a letter here");
        return 2;
    }
    return run_step(env, no, &ev, html ? 2 : letter ? 1 : 0);
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
    int rc = step_args(cmd, &argc, argv, &ev, &no);
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
    int rc = step_args(cmd, &argc, argv, &ev, &no);
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
    int rc = step_args(cmd, &argc, argv, &ev, &no);
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

static int cmd_settings(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply settings";
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    err e = {0};
    if (argc == 2) {
        bool known = false;
        for (int i = 0; app_rule_keys[i]; i++)
            known |= strcmp(app_rule_keys[i], argv[0]) == 0;
        for (int i = 0; art44_keys[i] && !known; i++)
            if (strcmp(art44_keys[i], argv[0]) == 0) {
                struct repeat_rule rr = REPEAT_RULE_DEFAULT;
                if (repeat_rule_set(&rr, argv[0], argv[1], &e))
                    return cli_report_err(&e);
                known = true;
            }
        if (known) {
            struct app_rules r = env->rules;
            if (strncmp(argv[0], "art44.", 6) != 0 && app_rules_set(&r, argv[0], argv[1], &e))
                return cli_report_err(&e);
        } else if (chain_key(argv[0])) {
            struct app_chain_rules r;
            app_chain_rules_default(&r, env->rules.today);
            if (app_chain_rules_set(&r, argv[0], argv[1], &e))
                return cli_report_err(&e);
        } else {
            for (int i = 0; text_keys[i]; i++)
                known |= strcmp(text_keys[i], argv[0]) == 0;
            size_t bad;
            if (!known) {
                cli_error(argv[0], "unknown setting (see 'gongkai apply settings --help')");
                return 2;
            }
            if (!utf8_valid(argv[1], strlen(argv[1]), &bad)) {
                cli_error(argv[0], "not valid UTF-8");
                return 2;
            }
        }
        if (store_setting_set(env->store, env->agency.id, argv[0], argv[1], &e))
            return cli_report_err(&e);
        json_t *o = json_pack("{s:s, s:s}", "key", argv[0], "value", argv[1]);
        char *j = json_dumps(o, JSON_COMPACT);
        json_decref(o);
        rc = store_audit_add(env->store, env->agency.id, env->actor, "setting", 0, "set", NULL, j, &e);
        free(j);
        if (rc)
            return cli_report_err(&e);
    } else if (argc != 0) {
        cli_error(cmd, "expected nothing, or KEY VALUE");
        return 2;
    }
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
    return 0;
}

static const char usage_letter[] =
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

static int cmd_letter(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *cmd = "apply letter";
    const char *kind = cli_app_opt(&argc, argv, "--kind"), *format = cli_app_opt(&argc, argv, "--format"),
               *path = cli_app_opt(&argc, argv, "-o");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc != 1) {
        cli_error(cmd, "expected one application number (see 'gongkai %s --help')", cmd);
        return 2;
    }
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
    if (!(rc = get_app(env, argv[0], a)) && !(rc = letter_ctx(env, &ctx, vals))) {
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

static const char usage_outcomes[] =
    "usage: gongkai apply outcomes\n\nThe outcome taxonomy: each outcome's code (for --outcome), the row of\n"
    "report table 三 it counts in, and its legal basis.\n";

/* Every row but outcomes opens the applications' environment (cli_app_open). */
static const struct cli_sub apply_subs[] = {
    {"register", usage_register, cmd_register, CLI_APPS | CLI_WRITES, 0},
    {"list", usage_list, cmd_list, CLI_APPS, 0},
    {"show", usage_show, cmd_show, CLI_APPS, 0},
    {"letter", usage_letter, cmd_letter, CLI_APPS, 0},
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
