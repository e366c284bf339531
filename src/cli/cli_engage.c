/*
 * cli — talking with the public: the 'message' and 'suggestion' command
 * groups (src/engage decides, the store keeps), and the helpers the engage
 * groups share (cli_engage_internal.h; 'consult' and 'narrative' are
 * cli_consult.c). Each group is a table of subcommands run by
 * cli_run_group; the steps of a register are rows that share one handler,
 * told apart by the row's arg (the step's event).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "cli/cli.h"
#include "cli/cli_engage_internal.h"
#include "publish/publish.h"

/* The agency's settings for the registers (eng_rule_keys) with today's date. */
int cli_eng_load_rules(cli_run *r, struct eng_rules *out)
{
    eng_rules_default(out, r->app->rules.today);
    buf b;
    buf_init(&b);
    err e = {0};
    int rc = 0;
    for (int i = 0; !rc && eng_rule_keys[i]; i++) {
        buf_reset(&b);
        int got = store_setting_get(r->store, r->agency.id, eng_rule_keys[i], &b, &e);
        if (got == 0)
            rc = eng_rules_set(out, eng_rule_keys[i], b.data ? b.data : "", &e);
        else if (got != GK_ENOTFOUND)
            rc = got;
    }
    buf_free(&b);
    return rc ? cli_report_err_in(r->cmd, &e) : 0;
}

/* A text option, or the contents of FILE for its --X-file twin (at most 1 MB). */
static int text_opt(int *argc, char **argv, const char *opt, buf *out, const char **val)
{
    char fopt[48];
    snprintf(fopt, sizeof fopt, "%s-file", opt);
    const char *v = cli_app_opt(argc, argv, opt), *f = cli_app_opt(argc, argv, fopt);
    *val = v;
    if (f) {
        err e = {0};
        if (file_read_all(f, 1u << 20, out, &e))
            return cli_report_err(&e);
        *val = out->data ? out->data : "";
    }
    return 0;
}

int cli_eng_one_id(cli_run *r, int argc, char **argv, int64_t *id)
{
    if (argc != 1 || !parse_i64(argv[0], strlen(argv[0]), id) || *id < 1) {
        cli_error(r->cmd, "expected one record number (see 'gongkai %s --help')", r->cmd);
        return 2;
    }
    return 0;
}

int cli_eng_day_opt(int *argc, char **argv, const char *opt, gk_day *out)
{
    const char *v = cli_app_opt(argc, argv, opt);
    return v ? cli_app_date(opt, v, out) : 0;
}

const char *cli_eng_day_s(gk_day d, char out[11])
{
    if (!d)
        return "-";
    date_format(d, out);
    return out;
}

static json_t *jday(gk_day d)
{
    char s[11];
    if (!d)
        return json_null();
    date_format(d, s);
    return json_string(s);
}

/* ======================================================================
 * message
 * ====================================================================== */
static const char usage_message[] =
    "usage: gongkai message COMMAND [ARGS...]\n\n"
    "Consultations, suggestions, complaints, reports and requests for help (咨询、建议、投诉、举报、\n"
    "求助) from every source, 12345 work orders included, and complaints about the disclosure work\n"
    "itself (政务公开投诉举报). Each is answered within its kind's working days (an agency setting,\n"
    "message.days.KIND) or by the deadline the work order set.\n\n"
    "Commands:\n"
    "  register --source S --kind K --body TEXT|--body-file F [--subject T] [--received DATE]\n"
    "           [--order-no NO] [--order-due DATE] [--platform NAME]\n"
    "           [--name N] [--phone P] [--email E] [--public]\n"
    "           S: website, phone, in_person, letter, hotline (12345: --order-no), platform (--platform)\n"
    "           K: consult, suggest, complaint, report, help, disclosure\n"
    "  list     [--open] [--year Y] [--json]\n"
    "  show     ID [--json]             the message, its deadline and every step\n"
    "  assign   ID --handler NAME       分办 (again to reassign)\n"
    "  answer   ID --text T|--text-file F   答复 (with message.review on, it waits for approval)\n"
    "  approve  ID                      审核通过 (not by the one who wrote the answer)\n"
    "  return   ID --text COMMENT       退回修改\n"
    "  hotline  ID --text REF           the reply returned to the 12345 platform, with its reference\n"
    "  rectify  ID --text T             整改情况 of a complaint (or the finding that none is due)\n"
    "  visit    ID --rating R           回访: satisfied, basic, not, unreachable; closes the message\n"
    "  publish  ID | unpublish ID       show the exchange on the public list (the asker allowed it)\n\n"
    "Steps take --date DATE (default today) and --actor NAME. Every command takes --agency CODE.\n"
    "Exit status: 0 done, 1 refused, 2 bad input.\n";

/* One line of a message (rec: a struct msg). */
static void print_msg(const void *rec)
{
    const struct msg *m = rec;
    char a[11], b[11];
    buf o;
    buf_init(&o);
    buf_printf(&o, "%-5lld %s  %s  ", (long long)m->id, m->code, cli_eng_day_s(m->received, a));
    cli_app_cell(&o, msg_sources[m->source].label, 14);
    buf_puts(&o, "  ");
    cli_app_cell(&o, msg_kinds[m->kind].label, 16);
    buf_puts(&o, "  ");
    cli_app_cell(&o, msg_states[m->state].label, 10);
    buf_printf(&o, "  期限 %s%s  ", cli_eng_day_s(m->due, b), m->due_provisional ? "（暂定）" : "");
    cli_app_cell(&o, *m->subject ? m->subject : m->body, 30);
    cli_app_row(&o);
    buf_free(&o);
}

static json_t *msg_json(const void *rec)
{
    const struct msg *m = rec;
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:s,s:s,s:s,s:b,s:s,s:s,s:s,s:s,s:o,s:s,s:s,"
                     "s:o,s:s,s:o,s:b}",
                     "id", (json_int_t)m->id, "code", m->code, "source", msg_sources[m->source].code, "kind",
                     msg_kinds[m->kind].code, "state", msg_states[m->state].code, "order_no", m->order_no,
                     "platform", m->platform, "received", jday(m->received), "order_due", jday(m->order_due), "due",
                     jday(m->due), "due_provisional", m->due_provisional, "name", m->name, "phone", m->phone,
                     "email", m->email, "public_wish", m->public_wish, "subject", m->subject, "body", m->body,
                     "handler", m->handler, "answer", m->answer, "answered", jday(m->answered), "rectification",
                     m->rectification, "hotline_ref", m->hotline_ref, "hotline_returned", jday(m->hotline_returned),
                     "rating", msg_ratings[m->rating].code, "closed", jday(m->closed), "published", m->published);
}

static int cmd_msg_register(cli_run *r, int argc, char **argv)
{
    struct eng_rules rules;
    int rc = cli_eng_load_rules(r, &rules);
    if (rc)
        return rc;
    buf body_file;
    buf_init(&body_file);
    const char *src = cli_app_opt(&argc, argv, "--source"), *kind = cli_app_opt(&argc, argv, "--kind"),
               *subject = cli_app_opt(&argc, argv, "--subject"), *order_no = cli_app_opt(&argc, argv, "--order-no"),
               *platform = cli_app_opt(&argc, argv, "--platform"), *name = cli_app_opt(&argc, argv, "--name"),
               *phone = cli_app_opt(&argc, argv, "--phone"), *email = cli_app_opt(&argc, argv, "--email"), *body;
    bool pub = cli_flag(&argc, argv, "--public");
    struct msg m = {.agency_id = r->agency.id, .public_wish = pub};
    if ((rc = text_opt(&argc, argv, "--body", &body_file, &body)) || (rc = cli_eng_day_opt(&argc, argv, "--received", &m.received)) ||
        (rc = cli_eng_day_opt(&argc, argv, "--order-due", &m.order_due)) ||
        (rc = cli_reject_unknown(argc, argv, r->cmd))) {
        buf_free(&body_file);
        return rc;
    }
    if (argc) {
        buf_free(&body_file);
        cli_error(r->cmd, "unexpected argument '%s'", argv[0]);
        return 2;
    }
    m.source = src ? msg_source_find(src) : 0;
    m.kind = kind ? msg_kind_find(kind) : 0;
    err e = {0};
    const struct { char *dst; size_t cap; const char *v; int max; const char *field; } texts[] = {
        {m.subject, sizeof m.subject, subject, ENG_SUBJECT, "subject"},
        {m.order_no, sizeof m.order_no, order_no, ENG_SHORT, "order_no"},
        {m.platform, sizeof m.platform, platform, ENG_SHORT, "platform"},
        {m.name, sizeof m.name, name, ENG_NAME, "name"},
        {m.phone, sizeof m.phone, phone, ENG_PHONE, "phone"},
        {m.email, sizeof m.email, email, ENG_EMAIL, "email"},
        {m.body, sizeof m.body, body, ENG_TEXT, "body"},
    };
    for (size_t i = 0; !rc && i < sizeof texts / sizeof texts[0]; i++)
        rc = eng_copy(texts[i].dst, texts[i].cap, texts[i].v, texts[i].max, texts[i].field, &e);
    buf_free(&body_file);
    if (!rc && src && (int)m.source < 0)
        rc = err_field(&e, GK_EINVAL, "source", "unknown source '%s'", src);
    if (!rc && kind && (int)m.kind < 0)
        rc = err_field(&e, GK_EINVAL, "kind", "unknown kind '%s'", kind);
    if ((int)m.source < 0)
        m.source = 0;
    if ((int)m.kind < 0)
        m.kind = 0;
    if (!rc)
        rc = msg_register(&rules.msg, r->app->cal, &m, &e);
    if (!rc)
        rc = store_msg_add(r->store, &m, r->actor, &e);
    if (rc)
        return cli_report_err_in(r->cmd, &e);
    print_msg(&m);
    printf("跟踪码 %s\n", m.code);
    return 0;
}

/* --year Y: 0 when absent; prints the error and returns false when not a year. */
bool cli_eng_year_opt(const char *year, int64_t *y)
{
    *y = 0;
    if (year && (!parse_i64(year, strlen(year), y) || !lim_year_ok(*y, 2000))) {
        cli_error("--year", "'%s' is not a year", year);
        return false;
    }
    return true;
}

/* A list: each record printed, or as JSON (to_json) into arr. */
struct list_ctx {
    bool json;
    json_t *arr;
    int n;
    json_t *(*to_json)(const void *rec);
    void (*print)(const void *rec);
};

static int list_one(const void *rec, void *arg)
{
    struct list_ctx *c = arg;
    c->n++;
    if (c->json)
        json_array_append_new(c->arr, c->to_json(rec));
    else
        c->print(rec);
    return 0;
}

/* The options every list takes: --year Y and --json. 0, or the exit status. */
static int list_args(cli_run *r, int *argc, char **argv, struct list_ctx *c, int *year)
{
    const char *y = cli_app_opt(argc, argv, "--year");
    c->json = cli_flag(argc, argv, "--json");
    int rc = cli_reject_unknown(*argc, argv, r->cmd);
    if (rc)
        return rc;
    int64_t v;
    if (!cli_eng_year_opt(y, &v))
        return 2;
    *year = (int)v;
    c->arr = json_array();
    return 0;
}

/* The end of a list: JSON (taking arr), or the text already printed. */
static int list_done(struct list_ctx *c, const char *none)
{
    if (c->json)
        return cli_json_print(c->arr, false);
    json_decref(c->arr);
    if (!c->n)
        printf("%s\n", none);
    return 0;
}

static int cmd_msg_list(cli_run *r, int argc, char **argv)
{
    struct store_msg_filter f = {.open_only = cli_flag(&argc, argv, "--open")};
    struct list_ctx c = {.to_json = msg_json, .print = print_msg};
    int rc = list_args(r, &argc, argv, &c, &f.year);
    if (rc)
        return rc;
    err e = {0};
    if (store_msg_list(r->store, r->agency.id, &f, (int (*)(const struct msg *, void *))list_one, &c, &e)) {
        json_decref(c.arr);
        return cli_report_err_in(r->cmd, &e);
    }
    return list_done(&c, "no messages");
}

static int print_step(const struct store_eng_step *s, void *arg)
{
    json_t *arr = arg;
    if (arr)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s}", "event", s->event, "on", s->on, "actor", s->actor,
                                             "text", s->text));
    else
        printf("  %s  %-10s %-12s %s\n", s->on, s->event, s->actor, s->text);
    return 0;
}

/* The steps of a record: printed, or added to obj and the whole printed as JSON. */
static int steps_out(cli_run *r, const char *reg, int64_t id, json_t *obj)
{
    json_t *steps = obj ? json_array() : NULL;
    err e = {0};
    int rc = store_eng_steps(r->store, reg, id, print_step, steps, &e);
    if (rc) {
        json_decref(steps);
        json_decref(obj);
        return cli_report_err_in(r->cmd, &e);
    }
    if (!obj)
        return 0;
    json_object_set_new(obj, "steps", steps);
    return cli_json_print(obj, true);
}

/* A register of the public's letters (message, suggestion) as show and the
 * steps see it: its records through pointers, with their size. */
struct eng_reg {
    const char *name;           /* the register of its steps in the store */
    size_t size;                /* of a record */
    int (*get)(cli_run *r, int64_t id, void *rec, err *e);
    void (*line)(const void *rec);        /* one line: number, dates, state */
    void (*detail)(const void *rec);      /* show: the lines after it */
    json_t *(*json)(const void *rec);
};

/* show ID [--json]: the record and its steps. */
static int eng_show(cli_run *r, const struct eng_reg *g, int argc, char **argv)
{
    bool json = cli_flag(&argc, argv, "--json");
    int64_t id;
    int rc = cli_reject_unknown(argc, argv, r->cmd);
    if (rc || (rc = cli_eng_one_id(r, argc, argv, &id)))
        return rc;
    void *x = xmalloc(g->size);
    err e = {0};
    if ((rc = g->get(r, id, x, &e))) {
        free(x);
        return cli_report_err_in(r->cmd, &e);
    }
    if (!json) {
        g->line(x);
        g->detail(x);
        printf("步骤：\n");
    }
    rc = steps_out(r, g->name, id, json ? g->json(x) : NULL);
    free(x);
    return rc;
}

/* A step on a record: the domain applies it to a copy (apply), the store
 * keeps the copy with the step (save), then done prints the result. */
struct eng_step_fns {
    int (*apply)(cli_run *r, const struct eng_rules *rules, void *after, const void *st, err *e);
    int (*save)(cli_run *r, const void *before, void *after, const void *st, err *e);
    void (*done)(const void *after, const void *st);
};

static int eng_step(cli_run *r, const struct eng_reg *g, const struct eng_step_fns *f, int64_t id,
                    const struct eng_rules *rules, const void *st)
{
    void *before = xmalloc(g->size), *after = xmalloc(g->size);
    err e = {0};
    int rc = g->get(r, id, before, &e);
    if (!rc) {
        memcpy(after, before, g->size);
        rc = f->apply(r, rules, after, st, &e);
    }
    if (!rc)
        rc = f->save(r, before, after, st, &e);
    if (rc)
        rc = cli_report_err_in(r->cmd, &e);
    else
        f->done(after, st);
    free(before);
    free(after);
    return rc;
}

static int msg_get(cli_run *r, int64_t id, void *rec, err *e)
{
    return store_msg_get(r->store, r->agency.id, id, rec, e);
}

static void msg_detail(const void *rec)
{
    const struct msg *m = rec;
    printf("来信人 %s  电话 %s  邮箱 %s  %s\n", *m->name ? m->name : "（未留）", m->phone, m->email,
           m->public_wish ? "同意公开" : "不同意公开");
    printf("内容：%s\n", m->body);
    if (*m->answer)
        printf("答复：%s\n", m->answer);
}

static const struct eng_reg msg_reg = {"message", sizeof(struct msg), msg_get, print_msg, msg_detail, msg_json};

static int cmd_msg_show(cli_run *r, int argc, char **argv)
{
    return eng_show(r, &msg_reg, argc, argv);
}

/* One handler for every step; the row's arg is the event. */
/* What every step command takes after its own options: the agency's settings,
 * --text (or --text-file, into tf), --date, and the record's number. 0, or the
 * exit status. */
static int step_args(cli_run *r, int *argc, char **argv, struct eng_rules *rules, buf *tf, const char **text,
                     gk_day *on, int64_t *id)
{
    int rc;
    if ((rc = cli_eng_load_rules(r, rules)) || (rc = text_opt(argc, argv, "--text", tf, text)) ||
        (rc = cli_eng_day_opt(argc, argv, "--date", on)) || (rc = cli_reject_unknown(*argc, argv, r->cmd)))
        return rc;
    return cli_eng_one_id(r, *argc, argv, id);
}

static int msg_step_apply(cli_run *r, const struct eng_rules *rules, void *after, const void *st, err *e)
{
    return msg_apply(&rules->msg, r->app->cal, after, st, e);
}

static int msg_step_save(cli_run *r, const void *before, void *after, const void *st, err *e)
{
    return store_msg_save(r->store, before, after, st, r->actor, e);
}

static void msg_step_done(const void *after, const void *st)
{
    (void)st;
    print_msg(after);
}

static const struct eng_step_fns msg_step_fns = {msg_step_apply, msg_step_save, msg_step_done};

static int cmd_msg_step(cli_run *r, int argc, char **argv)
{
    struct eng_rules rules;
    buf tf;
    buf_init(&tf);
    const char *text = NULL, *handler = cli_app_opt(&argc, argv, "--handler"),
               *rating = cli_app_opt(&argc, argv, "--rating");
    struct msg_step st = {.ev = r->arg, .actor = r->actor};
    int64_t id = 0;
    int rc = step_args(r, &argc, argv, &rules, &tf, &text, &st.on, &id);
    st.text = r->arg == MSG_EV_ASSIGN ? handler : text;
    if (!rc && rating && (int)(st.rating = eng_code_find(msg_ratings, MSG_NRATINGS, rating)) < 0) {
        cli_error("--rating", "'%s' is not satisfied, basic, not or unreachable", rating);
        rc = 2;
    }
    if (!rc)
        rc = eng_step(r, &msg_reg, &msg_step_fns, id, &rules, &st);
    buf_free(&tf);
    return rc;
}

static const struct cli_sub message_subs[] = {
    {"register", NULL, cmd_msg_register, CLI_APPS | CLI_WRITES, 0},
    {"list", NULL, cmd_msg_list, CLI_APPS, 0},
    {"show", NULL, cmd_msg_show, CLI_APPS, 0},
    {"assign", NULL, cmd_msg_step, CLI_APPS | CLI_WRITES, MSG_EV_ASSIGN},
    {"answer", NULL, cmd_msg_step, CLI_APPS | CLI_WRITES, MSG_EV_ANSWER},
    {"approve", NULL, cmd_msg_step, CLI_APPS | CLI_WRITES, MSG_EV_APPROVE},
    {"return", NULL, cmd_msg_step, CLI_APPS | CLI_WRITES, MSG_EV_RETURN},
    {"hotline", NULL, cmd_msg_step, CLI_APPS | CLI_WRITES, MSG_EV_HOTLINE},
    {"rectify", NULL, cmd_msg_step, CLI_APPS | CLI_WRITES, MSG_EV_RECTIFY},
    {"visit", NULL, cmd_msg_step, CLI_APPS | CLI_WRITES, MSG_EV_VISIT},
    {"publish", NULL, cmd_msg_step, CLI_APPS | CLI_WRITES, MSG_EV_PUBLISH},
    {"unpublish", NULL, cmd_msg_step, CLI_APPS | CLI_WRITES, MSG_EV_UNPUBLISH},
};

int cli_message(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"message", usage_message, message_subs,
                                       sizeof message_subs / sizeof message_subs[0], "cli"};
    return cli_run_group(ctx, &g, argc, argv);
}

/* ======================================================================
 * suggestion
 * ====================================================================== */
static const char usage_suggestion[] =
    "usage: gongkai suggestion COMMAND [ARGS...]\n\n"
    "Deputies' suggestions and members' proposals (人大代表建议、政协委员提案) assigned to the agency,\n"
    "as lead (主办: reply within 3 months, classed A/B/C, rated by the deputy, published) or joint\n"
    "handler (协办: an opinion to the lead within 1 month). Periods are settings (suggestion.*).\n\n"
    "Commands:\n"
    "  add      --kind npc|cppcc --role lead|joint --number NO --author NAME --title T\n"
    "           [--session S] [--contact C] [--content T|--content-file F] [--assigned DATE] [--due DATE]\n"
    "  list     [--year Y] [--json]\n"
    "  show     ID [--json]\n"
    "  reply    ID --text T|--text-file F [--class A|B|C]   (the lead classes its reply)\n"
    "  rate     ID --rating satisfied|basic|not            (not: handled again within 3 months)\n"
    "  extend   ID --until DATE --text REASON              (6 months from assignment at the most)\n"
    "  publish  ID [--summary REASON]                      the full reply, or a summary with the reason;\n"
    "                                                      a draft of it enters the catalogue (建议提案)\n"
    "                                                      and goes through the review chain\n\n"
    "Steps take --date DATE (default today) and --actor NAME. Every command takes --agency CODE.\n";

/* One line of a suggestion (rec: a struct sug). */
static void print_sug(const void *rec)
{
    const struct sug *x = rec;
    char a[11], b[11];
    buf o;
    buf_init(&o);
    buf_printf(&o, "%-5lld %s  ", (long long)x->id, cli_eng_day_s(x->assigned, a));
    cli_app_cell(&o, sug_kinds[x->kind].label, 12);
    buf_puts(&o, "  ");
    cli_app_cell(&o, x->number, 10);
    buf_printf(&o, "  %s  ", sug_roles[x->role].label);
    cli_app_cell(&o, sug_states[x->state].label, 8);
    buf_printf(&o, "  期限 %s  %s%s  ", cli_eng_day_s(x->due, b), x->cls ? sug_classes[x->cls].code : "-",
               x->rating ? sug_ratings[x->rating].label : "");
    cli_app_cell(&o, x->title, 30);
    cli_app_row(&o);
    buf_free(&o);
}

static json_t *sug_json(const void *rec)
{
    const struct sug *x = rec;
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:s,s:o,s:s,s:s,s:i,s:b,s:b,s:s}", "id",
                     (json_int_t)x->id, "number", x->number, "session", x->session, "kind", sug_kinds[x->kind].code,
                     "role", sug_roles[x->role].code, "state", sug_states[x->state].code, "author", x->author,
                     "title", x->title, "content", x->content, "assigned", jday(x->assigned), "due", jday(x->due),
                     "extended", x->extended, "reply", x->reply, "replied", jday(x->replied), "class",
                     sug_classes[x->cls].code, "rating", sug_ratings[x->rating].code, "rounds", x->rounds,
                     "published", x->published, "summary_only", x->summary_only, "summary_reason",
                     x->summary_reason);
}

static int cmd_sug_add(cli_run *r, int argc, char **argv)
{
    struct eng_rules rules;
    int rc = cli_eng_load_rules(r, &rules);
    if (rc)
        return rc;
    buf cf;
    buf_init(&cf);
    const char *kind = cli_app_opt(&argc, argv, "--kind"), *role = cli_app_opt(&argc, argv, "--role"),
               *number = cli_app_opt(&argc, argv, "--number"), *author = cli_app_opt(&argc, argv, "--author"),
               *title = cli_app_opt(&argc, argv, "--title"), *session = cli_app_opt(&argc, argv, "--session"),
               *contact = cli_app_opt(&argc, argv, "--contact"), *content = NULL;
    struct sug x = {.agency_id = r->agency.id};
    if ((rc = text_opt(&argc, argv, "--content", &cf, &content)) ||
        (rc = cli_eng_day_opt(&argc, argv, "--assigned", &x.assigned)) || (rc = cli_eng_day_opt(&argc, argv, "--due", &x.due)) ||
        (rc = cli_reject_unknown(argc, argv, r->cmd))) {
        buf_free(&cf);
        return rc;
    }
    err e = {0};
    const struct { char *dst; size_t cap; const char *v; int max; const char *field; } texts[] = {
        {x.number, sizeof x.number, number, ENG_SHORT, "number"},
        {x.session, sizeof x.session, session, ENG_SHORT, "session"},
        {x.author, sizeof x.author, author, ENG_NAME, "author"},
        {x.contact, sizeof x.contact, contact, ENG_SHORT, "contact"},
        {x.title, sizeof x.title, title, ENG_SUBJECT, "title"},
        {x.content, sizeof x.content, content, ENG_TEXT, "content"},
    };
    for (size_t i = 0; !rc && i < sizeof texts / sizeof texts[0]; i++)
        rc = eng_copy(texts[i].dst, texts[i].cap, texts[i].v, texts[i].max, texts[i].field, &e);
    buf_free(&cf);
    int k = kind ? eng_code_find(sug_kinds, SUG_NKINDS, kind) : 0, ro = role ? eng_code_find(sug_roles, SUG_NROLES, role) : 0;
    if (!rc && k < 0)
        rc = err_field(&e, GK_EINVAL, "kind", "'%s' is not npc or cppcc", kind);
    if (!rc && ro < 0)
        rc = err_field(&e, GK_EINVAL, "role", "'%s' is not lead or joint", role);
    x.kind = k < 0 ? 0 : k;
    x.role = ro < 0 ? 0 : ro;
    if (!rc)
        rc = sug_register(&rules.sug, &x, &e);
    if (!rc)
        rc = store_sug_add(r->store, &x, r->actor, &e);
    if (rc)
        return cli_report_err_in(r->cmd, &e);
    print_sug(&x);
    return 0;
}

static int cmd_sug_list(cli_run *r, int argc, char **argv)
{
    struct list_ctx c = {.to_json = sug_json, .print = print_sug};
    int y;
    int rc = list_args(r, &argc, argv, &c, &y);
    if (rc)
        return rc;
    err e = {0};
    if (store_sug_list(r->store, r->agency.id, y, false, (int (*)(const struct sug *, void *))list_one, &c, &e)) {
        json_decref(c.arr);
        return cli_report_err_in(r->cmd, &e);
    }
    return list_done(&c, "no suggestions or proposals");
}

static int sug_get(cli_run *r, int64_t id, void *rec, err *e)
{
    return store_sug_get(r->store, r->agency.id, id, rec, e);
}

static void sug_detail(const void *rec)
{
    const struct sug *x = rec;
    printf("%s %s（联系方式 %s）\n", sug_kinds[x->kind].label, x->author, *x->contact ? x->contact : "未留");
    if (*x->reply)
        printf("答复：%s\n", x->reply);
}

static const struct eng_reg sug_reg = {"suggestion", sizeof(struct sug), sug_get, print_sug, sug_detail, sug_json};

static int cmd_sug_show(cli_run *r, int argc, char **argv)
{
    return eng_show(r, &sug_reg, argc, argv);
}

static int sug_step_apply(cli_run *r, const struct eng_rules *rules, void *after, const void *st, err *e)
{
    (void)r;
    return sug_apply(&rules->sug, after, st, e);
}

/* publishing also puts a draft of the reply in the catalogue, in one transaction */
static int sug_step_save(cli_run *r, const void *before, void *after, const void *stp, err *e)
{
    const struct sug_step *st = stp;
    return st->ev == SUG_EV_PUBLISH
               ? store_sug_publish(r->store, before, after, r->agency.name, st->text, st->on, r->actor, e)
               : store_sug_save(r->store, before, after, sug_events[st->ev].code, st->text, st->on, r->actor, e);
}

static void sug_step_done(const void *after, const void *stp)
{
    const struct sug_step *st = stp;
    print_sug(after);
    if (st->ev == SUG_EV_PUBLISH)
        printf("答复已作为第%lld号文件草稿进入目录（建议提案），经审核签发后公开\n",
               (long long)((const struct sug *)after)->doc_id);
}

static const struct eng_step_fns sug_step_fns = {sug_step_apply, sug_step_save, sug_step_done};

static int cmd_sug_step(cli_run *r, int argc, char **argv)
{
    struct eng_rules rules;
    buf tf;
    buf_init(&tf);
    const char *text = NULL, *cls = cli_app_opt(&argc, argv, "--class"), *rating = cli_app_opt(&argc, argv, "--rating"),
               *summary = cli_app_opt(&argc, argv, "--summary");
    struct sug_step st = {.ev = r->arg};
    int64_t id = 0;
    int rc = cli_eng_day_opt(&argc, argv, "--until", &st.until);
    if (!rc)
        rc = step_args(r, &argc, argv, &rules, &tf, &text, &st.on, &id);
    st.text = summary ? summary : text;
    st.summary = summary != NULL;
    int c = cls ? eng_code_find(sug_classes, SUG_NCLASSES, cls) : 0,
        rt = rating ? eng_code_find(sug_ratings, SUG_NRATINGS, rating) : 0;
    if (!rc && (c < 0 || rt < 0)) {
        cli_error(c < 0 ? "--class" : "--rating", "'%s' is not %s", c < 0 ? cls : rating,
                  c < 0 ? "A, B or C" : "satisfied, basic or not");
        rc = 2;
    }
    st.cls = c;
    st.rating = rt;
    if (!rc)
        rc = eng_step(r, &sug_reg, &sug_step_fns, id, &rules, &st);
    buf_free(&tf);
    return rc;
}

static const struct cli_sub suggestion_subs[] = {
    {"add", NULL, cmd_sug_add, CLI_APPS | CLI_WRITES, 0},
    {"list", NULL, cmd_sug_list, CLI_APPS, 0},
    {"show", NULL, cmd_sug_show, CLI_APPS, 0},
    {"reply", NULL, cmd_sug_step, CLI_APPS | CLI_WRITES, SUG_EV_REPLY},
    {"rate", NULL, cmd_sug_step, CLI_APPS | CLI_WRITES, SUG_EV_RATE},
    {"extend", NULL, cmd_sug_step, CLI_APPS | CLI_WRITES, SUG_EV_EXTEND},
    {"publish", NULL, cmd_sug_step, CLI_APPS | CLI_WRITES, SUG_EV_PUBLISH},
};

int cli_suggestion(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"suggestion", usage_suggestion, suggestion_subs,
                                       sizeof suggestion_subs / sizeof suggestion_subs[0], "cli"};
    return cli_run_group(ctx, &g, argc, argv);
}
