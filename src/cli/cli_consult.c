/*
 * cli — talking with the public, continued: the 'consult' command group
 * (public comment on drafts, 意见征集) and 'narrative' (section 一's
 * sentences from the three registers). The helpers they share with
 * 'message' and 'suggestion' are in cli_engage.c (cli_engage_internal.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "cli/cli.h"
#include "cli/cli_engage_internal.h"
#include "publish/publish.h"

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
    printf("%-5lld %s  %s 至 %s  %s%s\n", (long long)k->id, consult_kinds[k->kind].label, cli_eng_day_s(k->opens, a),
           cli_eng_day_s(k->closes, b), k->title, k->result_published ? "  （已公布采纳情况）" : "");
}

static int cmd_consult_open(cli_run *r, int argc, char **argv)
{
    struct eng_rules rules;
    int rc = cli_eng_load_rules(r, &rules);
    if (rc)
        return rc;
    const char *kind = cli_app_opt(&argc, argv, "--kind"), *title = cli_app_opt(&argc, argv, "--title"),
               *reason = cli_app_opt(&argc, argv, "--reason"), *draft = cli_app_opt(&argc, argv, "--draft-doc");
    struct consult k = {.agency_id = r->agency.id};
    if ((rc = cli_eng_day_opt(&argc, argv, "--opens", &k.opens)) || (rc = cli_eng_day_opt(&argc, argv, "--closes", &k.closes)) ||
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
    if (!cli_eng_year_opt(year, &y))
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
                                                "received", cli_eng_day_s(m->received, d), "name", m->name, "contact",
                                                m->contact, "body", m->body, "state", comment_states[m->state].code,
                                                "adoption", comment_adoptions[m->adoption].code, "reason",
                                                m->adoption_reason));
    else
        printf("  #%lld %s  %s  %s  %s%s%s\n", (long long)m->id, cli_eng_day_s(m->received, d),
               comment_states[m->state].label, comment_adoptions[m->adoption].label, m->body,
               *m->adoption_reason ? "  理由：" : "", m->adoption_reason);
    return 0;
}

static int cmd_consult_show(cli_run *r, int argc, char **argv)
{
    bool json = cli_flag(&argc, argv, "--json");
    int64_t id;
    int rc = cli_reject_unknown(argc, argv, r->cmd);
    if (rc || (rc = cli_eng_one_id(r, argc, argv, &id)))
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
                              consult_kinds[k->kind].code, "title", k->title, "opens", cli_eng_day_s(k->opens, a), "closes",
                              cli_eng_day_s(k->closes, b), "result_published", k->result_published, "result", k->result,
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
    if ((rc = cli_eng_day_opt(&argc, argv, "--date", &on)) || (rc = cli_reject_unknown(argc, argv, r->cmd)) ||
        (rc = cli_eng_one_id(r, argc, argv, &id)))
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
    if ((rc = cli_reject_unknown(argc, argv, r->cmd)) || (rc = cli_eng_one_id(r, argc, argv, &id)))
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
    if ((rc = cli_reject_unknown(argc, argv, r->cmd)) || (rc = cli_eng_one_id(r, argc, argv, &id)))
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
