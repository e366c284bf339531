/*
 * cli — talking with the public: the 'message', 'suggestion' and 'consult'
 * command groups (src/engage decides, the store keeps) and 'narrative', the
 * annual report's sentences from the three registers. Each group is a table
 * of subcommands run by cli_run_group; the steps of a register are rows that
 * share one handler, told apart by the row's arg (the step's event).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "cli/cli.h"
#include "publish/publish.h"

/* The agency's settings for the registers (eng_rule_keys) with today's date. */
static int load_rules(cli_run *r, struct eng_rules *out)
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

static int one_id(cli_run *r, int argc, char **argv, int64_t *id)
{
    if (argc != 1 || !parse_i64(argv[0], strlen(argv[0]), id) || *id < 1) {
        cli_error(r->cmd, "expected one record number (see 'gongkai %s --help')", r->cmd);
        return 2;
    }
    return 0;
}

static int day_opt(int *argc, char **argv, const char *opt, gk_day *out)
{
    const char *v = cli_app_opt(argc, argv, opt);
    return v ? cli_app_date(opt, v, out) : 0;
}

static const char *day_s(gk_day d, char out[11])
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

static void print_msg(const struct msg *m)
{
    char a[11], b[11];
    buf o;
    buf_init(&o);
    buf_printf(&o, "%-5lld %s  %s  ", (long long)m->id, m->code, day_s(m->received, a));
    cli_app_cell(&o, msg_sources[m->source].label, 14);
    buf_puts(&o, "  ");
    cli_app_cell(&o, msg_kinds[m->kind].label, 16);
    buf_puts(&o, "  ");
    cli_app_cell(&o, msg_states[m->state].label, 10);
    buf_printf(&o, "  期限 %s%s  ", day_s(m->due, b), m->due_provisional ? "（暂定）" : "");
    cli_app_cell(&o, *m->subject ? m->subject : m->body, 30);
    while (o.len && o.data[o.len - 1] == ' ')
        o.data[--o.len] = 0;
    printf("%s\n", o.data);
    buf_free(&o);
}

static json_t *msg_json(const struct msg *m)
{
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
    int rc = load_rules(r, &rules);
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
    if ((rc = text_opt(&argc, argv, "--body", &body_file, &body)) || (rc = day_opt(&argc, argv, "--received", &m.received)) ||
        (rc = day_opt(&argc, argv, "--order-due", &m.order_due)) ||
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
static bool year_opt(const char *year, int64_t *y)
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
    if (!year_opt(y, &v))
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
    struct list_ctx c = {.to_json = (json_t * (*)(const void *)) msg_json, .print = (void (*)(const void *))print_msg};
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

static int cmd_msg_show(cli_run *r, int argc, char **argv)
{
    bool json = cli_flag(&argc, argv, "--json");
    int64_t id;
    int rc = cli_reject_unknown(argc, argv, r->cmd);
    if (rc || (rc = one_id(r, argc, argv, &id)))
        return rc;
    struct msg *m = xmalloc(sizeof *m);
    err e = {0};
    if ((rc = store_msg_get(r->store, r->agency.id, id, m, &e))) {
        free(m);
        return cli_report_err_in(r->cmd, &e);
    }
    if (!json) {
        print_msg(m);
        printf("来信人 %s  电话 %s  邮箱 %s  %s\n", *m->name ? m->name : "（未留）", m->phone, m->email,
               m->public_wish ? "同意公开" : "不同意公开");
        printf("内容：%s\n", m->body);
        if (*m->answer)
            printf("答复：%s\n", m->answer);
        printf("步骤：\n");
    }
    rc = steps_out(r, "message", m->id, json ? msg_json(m) : NULL);
    free(m);
    return rc;
}

/* One handler for every step; the row's arg is the event. */
/* What every step command takes after its own options: the agency's settings,
 * --text (or --text-file, into tf), --date, and the record's number. 0, or the
 * exit status. */
static int step_args(cli_run *r, int *argc, char **argv, struct eng_rules *rules, buf *tf, const char **text,
                     gk_day *on, int64_t *id)
{
    int rc;
    if ((rc = load_rules(r, rules)) || (rc = text_opt(argc, argv, "--text", tf, text)) ||
        (rc = day_opt(argc, argv, "--date", on)) || (rc = cli_reject_unknown(*argc, argv, r->cmd)))
        return rc;
    return one_id(r, *argc, argv, id);
}

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
    if (rc) {
        buf_free(&tf);
        return rc;
    }
    st.text = r->arg == MSG_EV_ASSIGN ? handler : text;
    if (rating && (int)(st.rating = eng_code_find(msg_ratings, MSG_NRATINGS, rating)) < 0) {
        buf_free(&tf);
        cli_error("--rating", "'%s' is not satisfied, basic, not or unreachable", rating);
        return 2;
    }
    struct msg *before = xmalloc(sizeof *before), *after = xmalloc(sizeof *after);
    err e = {0};
    rc = store_msg_get(r->store, r->agency.id, id, before, &e);
    if (!rc) {
        *after = *before;
        rc = msg_apply(&rules.msg, r->app->cal, after, &st, &e);
    }
    if (!rc)
        rc = store_msg_save(r->store, before, after, &st, r->actor, &e);
    if (rc)
        rc = cli_report_err_in(r->cmd, &e);
    else
        print_msg(after);
    free(before);
    free(after);
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

static void print_sug(const struct sug *x)
{
    char a[11], b[11];
    buf o;
    buf_init(&o);
    buf_printf(&o, "%-5lld %s  ", (long long)x->id, day_s(x->assigned, a));
    cli_app_cell(&o, sug_kinds[x->kind].label, 12);
    buf_puts(&o, "  ");
    cli_app_cell(&o, x->number, 10);
    buf_printf(&o, "  %s  ", sug_roles[x->role].label);
    cli_app_cell(&o, sug_states[x->state].label, 8);
    buf_printf(&o, "  期限 %s  %s%s  ", day_s(x->due, b), x->cls ? sug_classes[x->cls].code : "-",
               x->rating ? sug_ratings[x->rating].label : "");
    cli_app_cell(&o, x->title, 30);
    while (o.len && o.data[o.len - 1] == ' ')
        o.data[--o.len] = 0;
    printf("%s\n", o.data);
    buf_free(&o);
}

static json_t *sug_json(const struct sug *x)
{
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
    int rc = load_rules(r, &rules);
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
        (rc = day_opt(&argc, argv, "--assigned", &x.assigned)) || (rc = day_opt(&argc, argv, "--due", &x.due)) ||
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
    struct list_ctx c = {.to_json = (json_t * (*)(const void *)) sug_json, .print = (void (*)(const void *))print_sug};
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

static int cmd_sug_show(cli_run *r, int argc, char **argv)
{
    bool json = cli_flag(&argc, argv, "--json");
    int64_t id;
    int rc = cli_reject_unknown(argc, argv, r->cmd);
    if (rc || (rc = one_id(r, argc, argv, &id)))
        return rc;
    struct sug *x = xmalloc(sizeof *x);
    err e = {0};
    if ((rc = store_sug_get(r->store, r->agency.id, id, x, &e))) {
        free(x);
        return cli_report_err_in(r->cmd, &e);
    }
    if (!json) {
        print_sug(x);
        printf("%s %s（联系方式 %s）\n", sug_kinds[x->kind].label, x->author, *x->contact ? x->contact : "未留");
        if (*x->reply)
            printf("答复：%s\n", x->reply);
        printf("步骤：\n");
    }
    rc = steps_out(r, "suggestion", x->id, json ? sug_json(x) : NULL);
    free(x);
    return rc;
}

static int cmd_sug_step(cli_run *r, int argc, char **argv)
{
    struct eng_rules rules;
    buf tf;
    buf_init(&tf);
    const char *text = NULL, *cls = cli_app_opt(&argc, argv, "--class"), *rating = cli_app_opt(&argc, argv, "--rating"),
               *summary = cli_app_opt(&argc, argv, "--summary");
    struct sug_step st = {.ev = r->arg};
    int64_t id = 0;
    int rc = day_opt(&argc, argv, "--until", &st.until);
    if (rc || (rc = step_args(r, &argc, argv, &rules, &tf, &text, &st.on, &id))) {
        buf_free(&tf);
        return rc;
    }
    st.text = summary ? summary : text;
    st.summary = summary != NULL;
    int c = cls ? eng_code_find(sug_classes, SUG_NCLASSES, cls) : 0,
        rt = rating ? eng_code_find(sug_ratings, SUG_NRATINGS, rating) : 0;
    if (c < 0 || rt < 0) {
        buf_free(&tf);
        cli_error(c < 0 ? "--class" : "--rating", "'%s' is not %s", c < 0 ? cls : rating,
                  c < 0 ? "A, B or C" : "satisfied, basic or not");
        return 2;
    }
    st.cls = c;
    st.rating = rt;
    struct sug *before = xmalloc(sizeof *before), *after = xmalloc(sizeof *after);
    err e = {0};
    rc = store_sug_get(r->store, r->agency.id, id, before, &e);
    if (!rc) {
        *after = *before;
        rc = sug_apply(&rules.sug, after, &st, &e);
    }
    if (!rc)   /* publishing also puts a draft of the reply in the catalogue, in one transaction */
        rc = st.ev == SUG_EV_PUBLISH
                 ? store_sug_publish(r->store, before, after, r->agency.name, st.text, st.on, r->actor, &e)
                 : store_sug_save(r->store, before, after, sug_events[st.ev].code, st.text, st.on, r->actor, &e);
    if (rc)
        rc = cli_report_err_in(r->cmd, &e);
    else {
        print_sug(after);
        if (st.ev == SUG_EV_PUBLISH)
            printf("答复已作为第%lld号文件草稿进入目录（建议提案），经审核签发后公开\n", (long long)after->doc_id);
    }
    free(before);
    free(after);
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

/* ======================================================================
 * consult: comment on drafts
 * ====================================================================== */
static const char usage_consult[] =
    "usage: gongkai consult COMMAND [ARGS...]\n\n"
    "Public comment on drafts (意见征集): a draft is put out with a period (重大行政决策 and 规章草案 at\n"
    "least 30 days, 行政规范性文件 at least 7 working days, or the agency's consult.min_days; shorter\n"
    "only with --reason), the public comments without an account (contact details never shown),\n"
    "staff moderate and decide on each comment, and after the period the 采纳情况 is published.\n\n"
    "Commands:\n"
    "  open     --kind decision|rules|normative|other --title T --opens DATE --closes DATE\n"
    "           [--reason R] [--draft-doc ID]\n"
    "  list     [--year Y]\n"
    "  show     ID [--json]               the consultation and every comment (staff view)\n"
    "  comment  ID --body T [--name N] [--contact C] [--date DATE]   a comment received on paper\n"
    "  moderate COMMENT --show | --hide REASON\n"
    "  adopt    COMMENT --decision adopted|partly|not|out_of_scope [--reason R]\n"
    "  result   ID [--final-doc ID]        publish the 采纳情况 (after the period, every comment decided)\n\n"
    "Every command takes --agency CODE and --actor NAME.\n";

static void print_consult(const struct consult *k)
{
    char a[11], b[11];
    printf("%-5lld %s  %s 至 %s  %s%s\n", (long long)k->id, consult_kinds[k->kind].label, day_s(k->opens, a),
           day_s(k->closes, b), k->title, k->result_published ? "  （已公布采纳情况）" : "");
}

static int cmd_consult_open(cli_run *r, int argc, char **argv)
{
    struct eng_rules rules;
    int rc = load_rules(r, &rules);
    if (rc)
        return rc;
    const char *kind = cli_app_opt(&argc, argv, "--kind"), *title = cli_app_opt(&argc, argv, "--title"),
               *reason = cli_app_opt(&argc, argv, "--reason"), *draft = cli_app_opt(&argc, argv, "--draft-doc");
    struct consult k = {.agency_id = r->agency.id};
    if ((rc = day_opt(&argc, argv, "--opens", &k.opens)) || (rc = day_opt(&argc, argv, "--closes", &k.closes)) ||
        (rc = cli_reject_unknown(argc, argv, r->cmd)))
        return rc;
    err e = {0};
    int kd = 0;
    for (int i = 1; kind && i <= CONS_NKINDS; i++)
        if (strcmp(consult_kinds[i].code, kind) == 0)
            kd = i;
    if (kind && kd <= 0) {
        cli_error("--kind", "'%s' is not decision, rules, normative or other", kind);
        return 2;
    }
    k.kind = kd;
    if (draft && (!parse_i64(draft, strlen(draft), &k.draft_doc_id) || k.draft_doc_id < 1)) {
        cli_error("--draft-doc", "'%s' is not a document number", draft);
        return 2;
    }
    rc = eng_copy(k.title, sizeof k.title, title, ENG_SUBJECT, "title", &e);
    if (!rc)
        rc = eng_copy(k.short_reason, sizeof k.short_reason, reason, ENG_SHORT, "reason", &e);
    if (!rc && k.draft_doc_id) {   /* the draft must be this agency's document */
        struct doc d;
        doc_init(&d);
        rc = store_doc_get(r->store, r->agency.id, k.draft_doc_id, &d, &e);
        doc_clear(&d);
    }
    if (!rc)
        rc = consult_check(r->app->cal, &k, rules.consult_min_days, &e);
    if (!rc)
        rc = store_consult_add(r->store, &k, r->actor, &e);
    if (rc)
        return cli_report_err_in(r->cmd, &e);
    print_consult(&k);
    return 0;
}

static int list_consult_one(const struct consult *k, void *arg)
{
    (*(int *)arg)++;
    print_consult(k);
    return 0;
}

static int cmd_consult_list(cli_run *r, int argc, char **argv)
{
    const char *year = cli_app_opt(&argc, argv, "--year");
    int rc = cli_reject_unknown(argc, argv, r->cmd), n = 0;
    if (rc)
        return rc;
    int64_t y;
    if (!year_opt(year, &y))
        return 2;
    err e = {0};
    if (store_consult_list(r->store, r->agency.id, (int)y, list_consult_one, &n, &e))
        return cli_report_err_in(r->cmd, &e);
    if (!n)
        printf("no consultations\n");
    return 0;
}

struct comments_ctx { json_t *arr; struct consult_tally t; };

static int show_comment(const struct comment *m, void *arg)
{
    struct comments_ctx *c = arg;
    consult_tally_add(&c->t, m);
    char d[11];
    if (c->arr)
        json_array_append_new(c->arr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)m->id,
                                                "received", day_s(m->received, d), "name", m->name, "contact",
                                                m->contact, "body", m->body, "state", comment_states[m->state].code,
                                                "adoption", comment_adoptions[m->adoption].code, "reason",
                                                m->adoption_reason));
    else
        printf("  #%lld %s  %s  %s  %s%s%s\n", (long long)m->id, day_s(m->received, d),
               comment_states[m->state].label, comment_adoptions[m->adoption].label, m->body,
               *m->adoption_reason ? "  理由：" : "", m->adoption_reason);
    return 0;
}

static int cmd_consult_show(cli_run *r, int argc, char **argv)
{
    bool json = cli_flag(&argc, argv, "--json");
    int64_t id;
    int rc = cli_reject_unknown(argc, argv, r->cmd);
    if (rc || (rc = one_id(r, argc, argv, &id)))
        return rc;
    struct consult *k = xmalloc(sizeof *k);
    err e = {0};
    struct comments_ctx c = {.arr = json ? json_array() : NULL};
    rc = store_consult_get(r->store, r->agency.id, id, k, &e);
    if (!rc && !json)
        print_consult(k);
    if (!rc)
        rc = store_comment_list(r->store, k->id, false, show_comment, &c, &e);
    if (rc) {
        json_decref(c.arr);
        free(k);
        return cli_report_err_in(r->cmd, &e);
    }
    if (json) {
        char a[11], b[11];
        json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:s,s:o}", "id", (json_int_t)k->id, "kind",
                              consult_kinds[k->kind].code, "title", k->title, "opens", day_s(k->opens, a), "closes",
                              day_s(k->closes, b), "result_published", k->result_published, "result", k->result,
                              "comments", c.arr);
        rc = cli_json_print(o, true);
    } else {
        printf("意见%d条：采纳%d，部分采纳%d，未采纳%d，不属于范围%d，未处理%d，未展示%d\n", c.t.received,
               c.t.adopted, c.t.partly, c.t.not_adopted, c.t.out_of_scope, c.t.undecided, c.t.hidden);
        if (*k->result)
            printf("采纳情况：%s\n", k->result);
    }
    free(k);
    return rc;
}

static int cmd_consult_comment(cli_run *r, int argc, char **argv)
{
    const char *body = cli_app_opt(&argc, argv, "--body"), *name = cli_app_opt(&argc, argv, "--name"),
               *contact = cli_app_opt(&argc, argv, "--contact");
    gk_day on = r->app->rules.today;
    int64_t id;
    int rc;
    if ((rc = day_opt(&argc, argv, "--date", &on)) || (rc = cli_reject_unknown(argc, argv, r->cmd)) ||
        (rc = one_id(r, argc, argv, &id)))
        return rc;
    struct consult k;
    struct comment *m = xcalloc(1, sizeof *m);
    err e = {0};
    m->agency_id = r->agency.id;
    rc = store_consult_get(r->store, r->agency.id, id, &k, &e);
    if (!rc)
        rc = eng_copy(m->body, sizeof m->body, body, ENG_TEXT, "body", &e);
    if (!rc)
        rc = eng_copy(m->name, sizeof m->name, name, ENG_NAME, "name", &e);
    if (!rc)
        rc = eng_copy(m->contact, sizeof m->contact, contact, ENG_SHORT, "contact", &e);
    if (!rc)
        rc = comment_check_new(&k, m, on, &e);
    if (!rc)
        rc = store_comment_add(r->store, m, &e);
    if (rc)
        rc = cli_report_err_in(r->cmd, &e);
    else
        printf("意见 #%lld 已收到（待审核）\n", (long long)m->id);
    free(m);
    return rc;
}

/* moderate and adopt: one comment, one decision */
static int cmd_comment_step(cli_run *r, int argc, char **argv)
{
    bool show = cli_flag(&argc, argv, "--show");
    const char *hide = cli_app_opt(&argc, argv, "--hide"), *decision = cli_app_opt(&argc, argv, "--decision"),
               *reason = cli_app_opt(&argc, argv, "--reason");
    int64_t id;
    int rc;
    if ((rc = cli_reject_unknown(argc, argv, r->cmd)) || (rc = one_id(r, argc, argv, &id)))
        return rc;
    struct comment before, after;
    struct consult k;
    err e = {0};
    rc = store_comment_get(r->store, r->agency.id, id, &before, &e);
    if (!rc)
        rc = store_consult_get(r->store, r->agency.id, before.consult_id, &k, &e);
    after = before;
    const char *event = "";
    if (!rc && r->arg == 0) {   /* moderate */
        if (show == (hide != NULL)) {
            cli_error(r->cmd, "give --show or --hide REASON");
            return 2;
        }
        event = show ? "shown" : "hidden";
        rc = comment_moderate(&after, show, hide, &e);
    } else if (!rc) {
        int a = decision ? eng_code_find(comment_adoptions, CMT_NADOPTIONS, decision) : -1;
        if (a < 1) {
            cli_error("--decision", "give adopted, partly, not or out_of_scope");
            return 2;
        }
        event = comment_adoptions[a].code;
        rc = comment_adopt(&k, &after, a, reason, r->app->rules.today, &e);
    }
    if (!rc)
        rc = store_comment_save(r->store, &before, &after, event, r->actor, &e);
    if (rc)
        return cli_report_err_in(r->cmd, &e);
    printf("意见 #%lld：%s，%s\n", (long long)after.id, comment_states[after.state].label,
           comment_adoptions[after.adoption].label);
    return 0;
}

static int tally_one(const struct comment *m, void *arg)
{
    consult_tally_add(arg, m);
    return 0;
}

static int cmd_consult_result(cli_run *r, int argc, char **argv)
{
    const char *final = cli_app_opt(&argc, argv, "--final-doc");
    int64_t id;
    int rc;
    if ((rc = cli_reject_unknown(argc, argv, r->cmd)) || (rc = one_id(r, argc, argv, &id)))
        return rc;
    struct consult before, after;
    struct consult_tally t = {0};
    err e = {0};
    rc = store_consult_get(r->store, r->agency.id, id, &before, &e);
    after = before;
    if (!rc && final) {
        if (!parse_i64(final, strlen(final), &after.final_doc_id) || after.final_doc_id < 1) {
            cli_error("--final-doc", "'%s' is not a document number", final);
            return 2;
        }
        struct doc d;
        doc_init(&d);
        rc = store_doc_get(r->store, r->agency.id, after.final_doc_id, &d, &e);
        doc_clear(&d);
    }
    if (!rc)
        rc = store_comment_list(r->store, id, false, tally_one, &t, &e);
    if (!rc)
        rc = consult_close(&before, &t, r->app->rules.today, &after, &e);
    if (!rc)
        rc = store_consult_save(r->store, &before, &after, "result", r->actor, &e);
    if (rc)
        return cli_report_err_in(r->cmd, &e);
    printf("%s\n", after.result);
    return 0;
}

static const struct cli_sub consult_subs[] = {
    {"open", NULL, cmd_consult_open, CLI_APPS | CLI_WRITES, 0},
    {"list", NULL, cmd_consult_list, CLI_APPS, 0},
    {"show", NULL, cmd_consult_show, CLI_APPS, 0},
    {"comment", NULL, cmd_consult_comment, CLI_APPS | CLI_WRITES, 0},
    {"moderate", NULL, cmd_comment_step, CLI_APPS | CLI_WRITES, 0},
    {"adopt", NULL, cmd_comment_step, CLI_APPS | CLI_WRITES, 1},
    {"result", NULL, cmd_consult_result, CLI_APPS | CLI_WRITES, 0},
};

int cli_consult(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"consult", usage_consult, consult_subs,
                                       sizeof consult_subs / sizeof consult_subs[0], "cli"};
    return cli_run_group(ctx, &g, argc, argv);
}

/* ======================================================================
 * narrative: section 一's sentences from the registers
 * ====================================================================== */
static const char usage_narrative[] =
    "usage: gongkai narrative show --year Y [--json]\n\n"
    "The annual report's sentences on talking with the public, from the year's records: messages by\n"
    "source and kind, answered on time, suggestions and proposals by class and rating, drafts put out\n"
    "for comment. The agency edits them into section 一 before publication.\n";

static int cmd_narrative(cli_run *r, int argc, char **argv)
{
    const char *year = cli_app_opt(&argc, argv, "--year");
    bool json = cli_flag(&argc, argv, "--json");
    int rc = cli_reject_unknown(argc, argv, r->cmd);
    if (rc)
        return rc;
    int64_t y;
    if (!year || !parse_i64(year, strlen(year), &y) || !lim_year_ok(y, 2000)) {
        cli_error("--year", "give the report's year");
        return 2;
    }
    struct engage_year *ey = xmalloc(sizeof *ey);
    err e = {0};
    if ((rc = store_engage_year(r->store, r->agency.id, (int)y, ey, &e))) {
        free(ey);
        return cli_report_err_in(r->cmd, &e);
    }
    buf b;
    buf_init(&b);
    engage_narrative(ey, &b);
    if (json) {
        json_t *src = json_object(), *kinds = json_object();
        for (int s = 1; s <= MSG_NSOURCES; s++) {
            int n = 0;
            for (int k = 1; k <= MSG_NKINDS; k++)
                n += ey->msgs[s][k];
            json_object_set_new(src, msg_sources[s].code, json_integer(n));
        }
        for (int k = 1; k <= MSG_NKINDS; k++) {
            int n = 0;
            for (int s = 1; s <= MSG_NSOURCES; s++)
                n += ey->msgs[s][k];
            json_object_set_new(kinds, msg_kinds[k].code, json_integer(n));
        }
        json_t *o = json_pack(
            "{s:i,s:{s:o,s:o,s:i,s:i,s:i},s:{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i},s:{s:i,s:i,s:i,s:i},s:s}",
            "year", (int)y, "messages", "by_source", src, "by_kind", kinds, "answered", ey->msgs_answered,
            "on_time", ey->msgs_on_time, "published", ey->msgs_published, "suggestions", "npc",
            ey->sugs[SUG_NPC][SUG_LEAD] + ey->sugs[SUG_NPC][SUG_JOINT], "cppcc",
            ey->sugs[SUG_CPPCC][SUG_LEAD] + ey->sugs[SUG_CPPCC][SUG_JOINT], "lead",
            ey->sugs[SUG_NPC][SUG_LEAD] + ey->sugs[SUG_CPPCC][SUG_LEAD], "A", ey->sug_classes[SUG_C_A], "B",
            ey->sug_classes[SUG_C_B], "C", ey->sug_classes[SUG_C_C], "satisfied", ey->sug_ratings[SUG_R_SATISFIED],
            "basic", ey->sug_ratings[SUG_R_BASIC], "not", ey->sug_ratings[SUG_R_NOT], "published",
            ey->sug_published, "consultations", "drafts", ey->consults, "comments", ey->comments, "adopted",
            ey->comments_adopted, "partly", ey->comments_partly, "text", b.data ? b.data : "");
        rc = cli_json_print(o, true);
    } else {
        fputs(b.data ? b.data : "", stdout);
    }
    buf_free(&b);
    free(ey);
    return rc;
}

static const struct cli_sub narrative_subs[] = {
    {"show", usage_narrative, cmd_narrative, CLI_APPS, 0},
};

int cli_narrative(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"narrative", usage_narrative, narrative_subs, 1, "cli"};
    return cli_run_group(ctx, &g, argc, argv);
}
