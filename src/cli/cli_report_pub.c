/*
 * cli — `gongkai report status|draft|signoff|publish|history|settings`: this
 * agency's annual report on its way to the portal. The same steps as the
 * console (web/report_steps.c): a draft at any time; the sign-off of the
 * role the agency designates (分管领导 by default) and the publication only
 * from 1 January of the year after (《条例》第四十九条、第五十条); a published
 * report replaced only by a corrected version with its 更正说明.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "cli/cli.h"
#include "web/web.h"

const char cli_report_pub_usage[] =
    "usage: gongkai report status [--year Y]\n"
    "       gongkai report draft --year Y [--overview TEXT] [--proactive TEXT] [--requests TEXT]\n"
    "                 [--management TEXT] [--platform TEXT] [--supervision TEXT] [--problems TEXT]\n"
    "                 [--other TEXT] [--doc-no TEXT] [--addressee TEXT] [--introduction TEXT] [--note TEXT]\n"
    "       gongkai report compose --year Y [--save] [--replace]\n"
    "       gongkai report document --year Y --format html|txt|xlsx|json|docx|pdf [--out FILE]\n"
    "       gongkai report signoff --year Y [--role ROLE]\n"
    "       gongkai report publish --year Y\n"
    "       gongkai report history --year Y\n"
    "       gongkai report settings [--kind department|government] [--signoff-role leader|office]\n"
    "  (each takes --agency CODE and --actor NAME, else $GONGKAI_USER, else $USER)\n\n"
    "The annual report of year Y (政府信息公开工作年度报告) on its way to the portal:\n"
    "  status    Art. 49's deadline (31 January for a department, 31 March for a government\n"
    "            of Y+1), days left, the status (none, drafted, signed, published, late),\n"
    "            the sign-off; without --year last year's and, from November, this year's\n"
    "  draft     saves the narrative sections (those not given stay as saved) and, for a\n"
    "            correction of a published report, its 更正说明 (--note). Any time.\n"
    "            Saving withdraws a sign-off.\n"
    "            --doc-no, --addressee and --introduction: the report as a document (文号,\n"
    "            主送 the supervising office, 引言 with the portal's address and the contact)\n"
    "  compose   drafts section 一's five parts (主动公开, 依申请公开, 政府信息管理, 平台建设,\n"
    "            监督保障) from the records, and the introduction and addressee; prints the\n"
    "            draft's JSON; --save keeps it as the draft (filling only what is empty,\n"
    "            or everything with --replace) for the office to edit\n"
    "  document  the report computed now with the draft's text: 文号, addressee,\n"
    "            introduction, the narrative and the tables\n"
    "  signoff   the designated role (the account's role when NAME is an account, else\n"
    "            --role) signs off the draft with the report computed now; from 1 January\n"
    "            of Y+1 on; the report must pass the consistency rules\n"
    "  publish   puts what was signed on the portal as the next version; from 1 January\n"
    "            of Y+1 on, only after the sign-off; a correction needs its 更正说明\n"
    "  history   the published versions, newest (the public one) first\n"
    "  settings  the agency's kind (the deadline) and the role that signs off\n"
    "Refusals (exit 1) give the reason and the date from which the step is allowed.\n";

/* The options every subcommand shares, taken from argv. */
struct opts {
    const char *year, *overview, *problems, *other, *note, *role, *kind, *signoff_role;
    const char *proactive, *requests, *management, *platform, *supervision, *doc_no, *addressee, *introduction;
    const char *format, *out;
    bool save, replace;
};

/* The report's year: 2008 (the first reports) to the current year. */
static int year_of(const cli_app_env *env, const char *cmd, const char *text, int *out)
{
    int64_t y;
    int ty, m, d;
    date_to_ymd(env->rules.today, &ty, &m, &d);
    if (!text || !parse_i64(text, strlen(text), &y) || !lim_year_ok(y, 2008)) {
        cli_error("--year", "%s: give the report's year, e.g. --year %d (2008-%d)", cmd, ty - 1, ty);
        return 2;
    }
    if (y > ty) {
        cli_error("--year", "%lld has not begun: a report is drafted from its own year on", (long long)y);
        return 2;
    }
    *out = (int)y;
    return 0;
}

static void print_state(int year, const struct web_report_state *s)
{
    char from[11], due[11];
    date_format(rpt_publish_from(year), from);
    date_format(s->due, due);
    int left = (int)(s->due - s->facts.today);
    printf("%d年度报告\t可发布 %s起\t期限 %s（%s，第四十九条）\t", year, from, due,
           rpt_deadline_rule(s->kind)->label);
    if (s->status == RPT_ST_PUBLISHED)
        printf("%s 第%d版 %.10s\n", rpt_pub_status_key(s->status), s->facts.version, s->pub.published_at);
    else if (left >= 0)
        printf("%s\t剩余%d天\n", rpt_pub_status_key(s->status), left);
    else
        printf("%s\t逾期%d天\n", rpt_pub_status_key(s->status), -left);
    if (s->facts.signed_off)
        printf("  签发：%s（%s）%.10s\n", s->pub.signed_by, s->signoff_label, s->pub.signed_at);
    else
        printf("  签发：当前稿尚未经%s签发\n", s->signoff_label);
}

static int cmd_status(cli_app_env *env, const struct opts *o)
{
    int y, m, d, from, to, rc = 0;
    date_to_ymd(env->rules.today, &y, &m, &d);
    from = y - 1, to = m >= 11 ? y : y - 1;
    if (o->year && (rc = year_of(env, "report status", o->year, &from)))
        return rc;
    if (o->year)
        to = from;
    for (int yr = from; yr <= to; yr++) {
        struct web_report_state s;
        err e = {0};
        if (web_report_state(env->store, env->agency.id, yr, env->rules.today, &s, &e))
            return cli_report_err(&e);
        print_state(yr, &s);
        web_report_state_clear(&s);
    }
    return 0;
}

/* Sections not given keep what the draft holds. */
static int cmd_draft(cli_app_env *env, const struct opts *o)
{
    int year, rc = year_of(env, "report draft", o->year, &year);
    if (rc)
        return rc;
    struct store_report_pub p;
    err e = {0};
    rc = store_report_get(env->store, env->agency.id, year, &p, &e);
    if (rc && rc != GK_ENOTFOUND)
        return cli_report_err(&e);
    json_t *nj = json_loads(rc == 0 ? p.narrative_json : "{}", 0, NULL);
    if (!nj)
        nj = json_object();
    const char *note = o->note ? o->note : rc == 0 ? p.correction_note : "";
    const struct {
        const char *key, *value;
        bool doc;   /* a field of "document" */
    } given[] = {{"overview", o->overview, false},        {"proactive", o->proactive, false},
                 {"requests", o->requests, false},        {"management", o->management, false},
                 {"platform", o->platform, false},        {"supervision", o->supervision, false},
                 {"problems", o->problems, false},        {"other", o->other, false},
                 {"doc_no", o->doc_no, true},             {"addressee", o->addressee, true},
                 {"introduction", o->introduction, true}};
    for (size_t i = 0; i < sizeof given / sizeof given[0]; i++) {
        if (!given[i].value)
            continue;
        json_t *v = json_string(given[i].value), *to = nj;
        if (!v) {
            json_decref(nj);
            if (rc == 0)
                store_report_pub_clear(&p);
            cli_error(given[i].key, "not valid UTF-8 text");
            return 2;
        }
        if (given[i].doc) {
            to = json_object_get(nj, "document");
            if (!json_is_object(to)) {
                to = json_object();
                json_object_set_new(nj, "document", to);
            }
        }
        json_object_set_new(to, given[i].key, v);
    }
    char *text = json_dumps(nj, JSON_COMPACT);
    json_decref(nj);
    int st = web_report_draft(env->store, env->agency.id, year, text, note, env->actor, &e);
    free(text);
    if (rc == 0)
        store_report_pub_clear(&p);
    if (st)
        return cli_report_err(&e);
    printf("%d年度报告草稿已保存（%s）\n", year, env->actor);
    return 0;
}

/* Section 一 drafted from the records, with the document's introduction and
 * addressee; saved as the draft with --save. */
static int cmd_compose(cli_app_env *env, const struct opts *o)
{
    int year, rc = year_of(env, "report compose", o->year, &year);
    if (rc)
        return rc;
    char *text = NULL;
    err e = {0};
    if (web_report_compose(env->store, &env->agency, year, o->replace, &text, &e))
        return cli_report_err(&e);
    if (o->save) {
        struct store_report_pub p;
        int g = store_report_get(env->store, env->agency.id, year, &p, &e);
        rc = web_report_draft(env->store, env->agency.id, year, text, g == 0 ? p.correction_note : "", env->actor, &e);
        if (g == 0)
            store_report_pub_clear(&p);
        if (rc) {
            free(text);
            return cli_report_err(&e);
        }
    }
    rc = cli_json_print(json_loads(text, 0, NULL), JSON_INDENT(2));
    free(text);
    return rc;
}

/* The report computed now with the draft's text, in a format. */
static int cmd_document(cli_app_env *env, const struct opts *o)
{
    int year, rc = year_of(env, "report document", o->year, &year);
    if (rc)
        return rc;
    enum rpt_format fmt = RPT_FMT_HTML;
    int gkd = !o->format ? 0 : strcmp(o->format, "docx") == 0 ? 1 : strcmp(o->format, "pdf") == 0 ? 2 : 0;
    if (!gkd && o->format && rpt_format_from_name(o->format, &fmt) != 0) {
        cli_error("--format", "'%s': use html, txt, md, xlsx, json, docx or pdf", o->format);
        return 2;
    }
    if ((gkd || fmt == RPT_FMT_XLSX) && !o->out) {
        cli_error("--format", "%s is a file: say where to write it with --out FILE", o->format);
        return 2;
    }
    rpt *r;
    err e = {0};
    if (web_report_generate(env->store, env->agency.id, env->agency.name, year, &r, &e))
        return cli_report_err(&e);
    struct store_report_pub p;
    if (store_report_get(env->store, env->agency.id, year, &p, NULL) == 0) {
        web_report_apply_text(r, p.narrative_json);
        store_report_pub_clear(&p);
    }
    buf b;
    buf_init(&b);
    if (gkd) {
        if (!(rc = rpt_render_gkd(r, gkd == 2, &b, &e)))
            rc = file_write_all(o->out, b.data, b.len, &e);
    } else if (fmt == RPT_FMT_XLSX)
        rc = rpt_render_xlsx(r, o->out, &e);
    else if (!(rc = rpt_render(r, fmt, &b, &e)) && o->out)
        rc = file_write_all(o->out, b.data, b.len, &e);
    else if (!rc)
        fwrite(b.data, 1, b.len, stdout);
    buf_free(&b);
    rpt_free(r);
    return rc ? cli_report_err(&e) : 0;
}

/* The role the actor signs in: the account's when the actor is one, and
 * --role must agree; else --role. */
static int signer_role(cli_app_env *env, const char *given, char role[32])
{
    struct store_user u;
    err e = {0};
    if (store_user_by_login(env->store, env->actor, &u, &e) == 0 && u.agency_id == env->agency.id) {
        if (!u.active) {
            cli_error("--actor", "the account '%s' is disabled", env->actor);
            return 1;
        }
        if (given && strcmp(given, u.role) != 0) {
            cli_error("--role", "'%s' is the account of a %s, not of a %s", env->actor,
                      web_role_label(web_role_from_key(u.role)), web_role_label(web_role_from_key(given)));
            return 1;
        }
        snprintf(role, 32, "%s", u.role);
        return 0;
    }
    if (!given || web_role_from_key(given) == ROLE_NONE) {
        cli_error("--role", "'%s' has no account here: say the role signing off with --role (leader, office, ...)",
                  env->actor);
        return 2;
    }
    snprintf(role, 32, "%s", given);
    return 0;
}

static int cmd_signoff(cli_app_env *env, const struct opts *o)
{
    int year, rc = year_of(env, "report signoff", o->year, &year);
    char role[32];
    if (rc || (rc = signer_role(env, o->role, role)))
        return rc;
    err e = {0};
    if (web_report_signoff(env->store, env->agency.id, env->agency.name, year, env->rules.today, env->actor, role, &e))
        return cli_report_err(&e);
    printf("%d年度报告已由%s（%s）签发\n", year, env->actor, web_role_label(web_role_from_key(role)));
    return 0;
}

static int cmd_publish(cli_app_env *env, const struct opts *o)
{
    int year, version = 0, rc = year_of(env, "report publish", o->year, &year);
    if (rc)
        return rc;
    err e = {0};
    if (web_report_publish(env->store, env->agency.id, year, env->rules.today, env->actor, &version, &e))
        return cli_report_err(&e);
    printf("%d年度报告已发布（第%d版%s）\n", year, version, version > 1 ? "，更正版" : "");
    return 0;
}

static int cmd_history(cli_app_env *env, const struct opts *o)
{
    int year, rc = year_of(env, "report history", o->year, &year);
    if (rc)
        return rc;
    struct store_report_version *v;
    size_t n;
    err e = {0};
    if (store_report_versions(env->store, env->agency.id, year, &v, &n, &e))
        return cli_report_err(&e);
    if (!n)
        printf("%d年度报告尚未发布\n", year);
    for (size_t i = 0; i < n; i++) {
        printf("第%d版%s\t发布 %.10s %s\t签发 %.10s %s", v[i].version, i == 0 ? "（公众可见）" : "",
               v[i].published_at, v[i].published_by, v[i].signed_at,
               *v[i].signed_by ? v[i].signed_by : "（迁移前发布，无签发记录）");
        if (*v[i].correction_note)
            printf("\t更正说明：%s", v[i].correction_note);
        putchar('\n');
    }
    store_report_versions_free(v, n);
    return 0;
}

static int cmd_settings(cli_app_env *env, const struct opts *o)
{
    err e = {0};
    enum rpt_agency_kind k;
    if (o->kind && (rpt_agency_kind_parse(o->kind, "--kind", &k, &e) ||
                    store_agency_set_kind(env->store, env->agency.id, rpt_deadline_rule(k)->key, env->actor, &e)))
        return cli_report_err(&e);
    if (o->signoff_role && web_report_set_signoff_role(env->store, env->agency.id, o->signoff_role, env->actor, &e)) {
        snprintf(e.where, sizeof e.where, "--signoff-role");
        return cli_report_err(&e);
    }
    char role[32];
    if (web_report_kind(env->store, env->agency.id, &k, &e) ||
        web_report_signoff_role(env->store, env->agency.id, role, &e))
        return cli_report_err(&e);
    printf("kind\t%s\t%s：次年%d月%d日前公布\nsignoff-role\t%s\t%s\n", rpt_deadline_rule(k)->key,
           rpt_deadline_rule(k)->label, rpt_deadline_rule(k)->month, rpt_deadline_rule(k)->day, role,
           web_role_label(web_role_from_key(role)));
    return 0;
}

/* Each subcommand and the options it takes (any other is refused). */
static const struct {
    const char *name;
    int (*fn)(cli_app_env *, const struct opts *);
    const char *takes;
} subs[] = {
    {"status", cmd_status, "--year"},
    {"draft", cmd_draft, "--year --overview --proactive --requests --management --platform --supervision --problems "
                         "--other --doc-no --addressee --introduction --note"},
    {"compose", cmd_compose, "--year"},
    {"document", cmd_document, "--year --format --out"},
    {"signoff", cmd_signoff, "--year --role"},
    {"publish", cmd_publish, "--year"},
    {"history", cmd_history, "--year"},
    {"settings", cmd_settings, "--kind --signoff-role"},
};

/* An option given that the subcommand does not take: its name, else NULL. */
static const char *stray_option(const struct opts *o, const char *takes)
{
    const struct {
        const char *name, *value;
    } all[] = {{"--year", o->year},
               {"--overview", o->overview},
               {"--problems", o->problems},
               {"--other", o->other},
               {"--note", o->note},
               {"--role", o->role},
               {"--kind", o->kind},
               {"--signoff-role", o->signoff_role},
               {"--proactive", o->proactive},
               {"--requests", o->requests},
               {"--management", o->management},
               {"--platform", o->platform},
               {"--supervision", o->supervision},
               {"--doc-no", o->doc_no},
               {"--addressee", o->addressee},
               {"--introduction", o->introduction},
               {"--format", o->format},
               {"--out", o->out}};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (!all[i].value)
            continue;
        const char *p = strstr(takes, all[i].name);
        size_t n = strlen(all[i].name);
        if (!p || (p[n] != ' ' && p[n] != '\0'))
            return all[i].name;
    }
    return NULL;
}

int cli_report_pub(cli_run *run, int argc, char **argv)
{
    const char *sub = run->sub->name, *cmd = run->cmd;
    cli_app_env *env = run->app;
    int rc;
    struct opts o = {
        .year = cli_app_opt(&argc, argv, "--year"),         .overview = cli_app_opt(&argc, argv, "--overview"),
        .problems = cli_app_opt(&argc, argv, "--problems"), .other = cli_app_opt(&argc, argv, "--other"),
        .note = cli_app_opt(&argc, argv, "--note"),         .role = cli_app_opt(&argc, argv, "--role"),
        .kind = cli_app_opt(&argc, argv, "--kind"),         .signoff_role = cli_app_opt(&argc, argv, "--signoff-role"),
        .proactive = cli_app_opt(&argc, argv, "--proactive"), .requests = cli_app_opt(&argc, argv, "--requests"),
        .management = cli_app_opt(&argc, argv, "--management"), .platform = cli_app_opt(&argc, argv, "--platform"),
        .supervision = cli_app_opt(&argc, argv, "--supervision"), .doc_no = cli_app_opt(&argc, argv, "--doc-no"),
        .addressee = cli_app_opt(&argc, argv, "--addressee"),
        .introduction = cli_app_opt(&argc, argv, "--introduction"), .format = cli_app_opt(&argc, argv, "--format"),
        .out = cli_app_opt(&argc, argv, "--out"),
    };
    o.save = cli_flag(&argc, argv, "--save");
    o.replace = cli_flag(&argc, argv, "--replace");
    if ((o.save || o.replace) && strcmp(sub, "compose") != 0) {
        cli_error(o.save ? "--save" : "--replace", "only 'gongkai report compose' takes it");
        return 2;
    }
    if ((rc = cli_reject_unknown(argc, argv, cmd)) == 0 && argc) {
        cli_error(cmd, "unexpected argument '%s' (see 'gongkai report %s --help')", argv[0], sub);
        rc = 2;
    }
    for (size_t i = 0; !rc && i < sizeof subs / sizeof subs[0]; i++) {
        if (strcmp(subs[i].name, sub) != 0)
            continue;
        const char *stray = stray_option(&o, subs[i].takes);
        if (stray) {
            cli_error(stray, "'gongkai %s' takes %s", cmd, subs[i].takes);
            rc = 2;
        } else {
            rc = subs[i].fn(env, &o);
        }
    }
    return rc;
}
