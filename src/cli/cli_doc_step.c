/*
 * cli — the 'doc' group's workflow steps: submit, review, publish, repeal,
 * expire, withdraw and correct (撰稿 → 一审 → 二审 → 签发 → 发布, validity,
 * 撤回, 更正), and the role a step is taken in. The rules are
 * src/publish/'s (doc_transition_check); the store keeps the step.
 */
#include "cli/cli.h"
#include "cli/cli_doc_internal.h"
#include "calendar/calendar.h"
#include "publish/publish.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cli_doc_usage_withdraw[] =
    "usage: gongkai doc withdraw ID --reason TEXT [--actor NAME] [--role leader|office]\n\n"
    "撤回: takes a published document off the public site at once: its page and every\n"
    "attachment answer 410 with a one-line notice and today's date, and it leaves search,\n"
    "the catalogue and the lists. The 签发领导 or the disclosure office (公开办) decides;\n"
    "the reason (at most 500 characters) and who decided go to the audit trail. Staff still\n"
    "see it (已撤回). It is not counted as published in table 二. There is no way back: publish\n"
    "a new document if it must be public again.\n"
    "On a document in review, the author takes it back out of review (as 'review --withdraw').\n";

const char cli_doc_usage_correct[] =
    "usage: gongkai doc correct ID --note TEXT [--title T] [--body TEXT | --body-file F] [...]\n"
    "                              [--actor NAME] [--role author|office]\n\n"
    "更正: starts a correction of a published document: a draft holding its text (and the\n"
    "field options given, as 'doc edit' takes them) and the 更正说明 --note (at most 500\n"
    "characters). Prints the draft's id. It goes through submit → 一审 → 二审 → 签发 →\n"
    "publish like any draft; meanwhile the published text stays public. Once published,\n"
    "the document keeps its id and index number, shows the corrected text with the\n"
    "更正说明 and its date, and 'doc show ID' lists the earlier versions.\n";

const char cli_doc_usage_submit[] =
    "usage: gongkai doc submit ID [--actor NAME] [--comment TEXT]\n\n"
    "Screens the draft (sensitive words, ID numbers, mobile and bank card numbers) and sends\n"
    "it to the first review. Each screening hit is listed; it blocks publication until a\n"
    "reviewer clears it or the text is fixed.\n";

const char cli_doc_usage_review[] =
    "usage: gongkai doc review ID (--approve | --return | --clear HIT | --comment TEXT) [--actor NAME]\n"
    "                                  [--role ROLE] [--comment TEXT]\n\n"
    "  --approve         pass the stage: 一审 → 二审 → 签发 → ready to publish\n"
    "  --return          back to the author as a draft (needs --comment saying what to change)\n"
    "  --withdraw        the author takes the document back out of review\n"
    "  --clear HIT       a screening hit is not what it looks like (needs --comment saying why)\n"
    "  --comment TEXT    alone: a comment on the document, at any stage\n"
    "Nobody reviews their own document, and each stage needs another person.\n";

const char cli_doc_usage_publish[] =
    "usage: gongkai doc publish ID [--date DATE] [--channels LIST] [--actor NAME] [--role author|office]\n\n"
    "Publishes a signed-off document with no open screening hits, on DATE (default today),\n"
    "through LIST (website, gazette, weibo, wechat, other; default website), and prints its\n"
    "index number. Says whether the 20-working-day rule (Art. 26) was kept.\n"
    "  --confirm-unread NAME  publish the attachment NAME although gongkai could not read its\n"
    "                         text (a scan, an image, an unknown format) or, for a recipient\n"
    "                         list, mask it: the reviewer has checked it. Repeatable; each is\n"
    "                         named in the audit trail. Without it such a file blocks publication.\n";

const char cli_doc_usage_repeal[] =
    "usage: gongkai doc repeal ID --date DATE [--by ID | --by-docno 文号] [--actor NAME]\n\n"
    "Marks a published document repealed (废止) from DATE, by a document of the catalogue or\n"
    "one named by its 文号.\n";

const char cli_doc_usage_expire[] =
    "usage: gongkai doc expire ID --date DATE [--actor NAME]\n\n"
    "Sets DATE as the last day the published document is in force (失效 after it).\n";

/* The role a step is taken in: --role, else the only one the table allows,
 * else the author's when the actor wrote it, else the stage's reviewer. */
int cli_doc_pick_role(const char *cmd, const char *given, const struct doc *d, int action, const char *actor,
                     enum doc_role *out)
{
    err e = {0};
    if (given) {
        if (doc_role_parse(given, out, &e)) {
            cli_error(cmd, "%s", e.msg);
            return 2;
        }
        return 0;
    }
    if (action == DOC_A_COMMENT) {
        *out = strcmp(actor, d->author) == 0 ? DOC_R_AUTHOR
             : d->state == DOC_REVIEW1       ? DOC_R_REVIEWER1
             : d->state == DOC_REVIEW2       ? DOC_R_REVIEWER2
             : d->state == DOC_SIGNOFF       ? DOC_R_LEADER
                                             : DOC_R_OFFICE;
        return 0;
    }
    unsigned roles = doc_transition_roles(d->state, action);
    if (!roles) {
        *out = DOC_R_AUTHOR;   /* the table refuses it with the reason */
        return 0;
    }
    /* the author acting on their own document acts as the author */
    if ((roles & (1u << DOC_R_AUTHOR)) && (strcmp(actor, d->author) == 0 || roles == (1u << DOC_R_AUTHOR))) {
        *out = DOC_R_AUTHOR;
        return 0;
    }
    /* whoever owns the stage: the reviewer of a review, the leader at sign-off,
     * the disclosure office after it */
    static const enum doc_role stage_role[DOC_NSTATES] = {
        [DOC_DRAFT] = DOC_R_AUTHOR, [DOC_REVIEW1] = DOC_R_REVIEWER1, [DOC_REVIEW2] = DOC_R_REVIEWER2,
        [DOC_SIGNOFF] = DOC_R_LEADER, [DOC_SIGNED] = DOC_R_OFFICE, [DOC_PUBLISHED] = DOC_R_OFFICE};
    if (strcmp(actor, d->signer) == 0 && (roles & (1u << DOC_R_LEADER))) {
        *out = DOC_R_LEADER;
        return 0;
    }
    if (roles & (1u << stage_role[d->state])) {
        *out = stage_role[d->state];
        return 0;
    }
    static const enum doc_role order[] = {DOC_R_REVIEWER1, DOC_R_REVIEWER2, DOC_R_LEADER, DOC_R_OFFICE,
                                          DOC_R_AUTHOR};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (roles & (1u << order[i])) {
            *out = order[i];
            return 0;
        }
    *out = DOC_R_AUTHOR;
    return 0;
}

/* ---- workflow steps ---- */

/* Loads the document, picks the role, takes the step. */
static int take_step(cli_run *run, const char *cmd, int64_t id, struct store_doc_step *st, const char *role,
                     store_t **sp, struct store_agency *ag, struct store_doc_outcome *o, struct doc *before)
{
    int rc = cli_doc_open(run, sp, ag);
    if (rc)
        return rc;
    err e = {0};
    if (store_doc_get(*sp, ag->id, id, before, &e)) {
        return cli_doc_err(cmd, &e);
    }
    enum doc_role r;
    if ((rc = cli_doc_pick_role(cmd, role, before, st->action, st->actor, &r)))
        goto fail;
    st->role = r;
    if (store_doc_step(*sp, ag->id, id, st, o, &e)) {
        rc = cli_doc_err(cmd, &e);
        goto fail;
    }
    return 0;
fail:
    doc_clear(before);
    return rc;
}

int cli_doc_cmd_submit(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc submit";
    const char *actor = run->actor;
    const char *role = cli_opt(&argc, argv, "--role");
    const char *comment = cli_opt(&argc, argv, "--comment");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (!cli_doc_only_id(cmd, argc, argv, &id))
        return 2;
    struct store_doc_step st = {.action = DOC_A_SUBMIT, .actor = actor, .comment = comment, .date = DOC_NODAY};
    store_t *s;
    struct store_agency ag;
    struct store_doc_outcome o;
    struct doc d;
    if ((rc = take_step(run, cmd, id, &st, role, &s, &ag, &o, &d)))
        return rc;
    printf("文件 %lld 已提交一审（%s）。", (long long)id, doc_state_label(o.to));
    if (o.hits_open) {
        printf("筛查发现 %d 处须处理（发布前由审核人核销或修改正文）：\n", o.hits_open);
        cli_doc_print_hits(s, id, true);
    } else {
        printf("筛查未发现敏感词或个人信息。\n");
    }
    doc_clear(&d);
    return 0;
}

int cli_doc_cmd_review(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc review";
    const char *actor = run->actor;
    const char *role = cli_opt(&argc, argv, "--role");
    const char *comment = cli_opt(&argc, argv, "--comment");
    const char *clear = cli_opt(&argc, argv, "--clear");
    bool approve = cli_flag(&argc, argv, "--approve");
    bool ret = cli_flag(&argc, argv, "--return");
    bool withdraw = cli_flag(&argc, argv, "--withdraw");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id, hit = 0;
    if (!cli_doc_only_id(cmd, argc, argv, &id))
        return 2;
    int n = approve + ret + withdraw + (clear != NULL);
    if (n > 1 || (n == 0 && !comment)) {
        cli_error(cmd, "say one of --approve, --return, --withdraw, --clear HIT, or --comment TEXT");
        return 2;
    }
    if (clear && (!parse_i64(clear, strlen(clear), &hit) || hit <= 0)) {
        cli_error(cmd, "--clear: '%s' is not a hit number (see 'gongkai doc show %lld')", clear, (long long)id);
        return 2;
    }
    int action = approve ? DOC_A_APPROVE : ret ? DOC_A_RETURN : withdraw ? DOC_A_WITHDRAW
               : clear ? DOC_A_CLEAR : DOC_A_COMMENT;
    struct store_doc_step st = {.action = action, .actor = actor, .comment = comment, .hit_id = hit,
                                .date = DOC_NODAY};
    store_t *s;
    struct store_agency ag;
    struct store_doc_outcome o;
    struct doc d;
    if ((rc = take_step(run, cmd, id, &st, role, &s, &ag, &o, &d)))
        return rc;
    switch (action) {
    case DOC_A_APPROVE:
        printf("文件 %lld：%s通过，现为「%s」。", (long long)id, doc_role_label(st.role), doc_state_label(o.to));
        if (o.to == DOC_SIGNED && o.hits_open)
            printf("尚有 %d 处筛查提示待处理，处理后方可发布。", o.hits_open);
        else if (o.to == DOC_SIGNED)
            printf("可发布：gongkai doc publish %lld", (long long)id);
        putchar('\n');
        break;
    case DOC_A_RETURN: printf("文件 %lld 已退回撰稿人修改（草稿）。\n", (long long)id); break;
    case DOC_A_WITHDRAW: printf("文件 %lld 已撤回（草稿）。\n", (long long)id); break;
    case DOC_A_CLEAR: printf("筛查提示 #%lld 已核销；尚有 %d 处待处理。\n", (long long)hit, o.hits_open); break;
    default: printf("已批注文件 %lld。\n", (long long)id);
    }
    doc_clear(&d);
    return 0;
}

int cli_doc_cmd_publish(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc publish";
    const char *actor = run->actor;
    const char *role = cli_opt(&argc, argv, "--role");
    const char *date = cli_opt(&argc, argv, "--date");
    const char *channels = cli_opt(&argc, argv, "--channels");
    const char *comment = cli_opt(&argc, argv, "--comment");
    const char *confirm[64], *c;
    int nconfirm = 0;
    while ((c = cli_opt(&argc, argv, "--confirm-unread")))
        if (nconfirm < 64)
            confirm[nconfirm++] = c;
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (!cli_doc_only_id(cmd, argc, argv, &id))
        return 2;
    struct store_doc_step st = {.action = DOC_A_PUBLISH, .actor = actor, .comment = comment, .date = DOC_NODAY,
                                .confirm = confirm, .nconfirm = nconfirm};
    if (date && !cli_doc_date_opt(cmd, "--date", date, &st.date))
        return 2;
    err e = {0};
    if (channels && doc_channels_parse(channels, &st.channels, &e))
        return cli_doc_err(cmd, &e);
    store_t *s;
    struct store_agency ag;
    struct store_doc_outcome o;
    struct doc d;
    if ((rc = take_step(run, cmd, id, &st, role, &s, &ag, &o, &d)))
        return rc;
    doc_clear(&d);
    printf("%s\n", o.index_no);
    if (o.created) {   /* a correction: merged into the document it corrects */
        fprintf(stderr, "更正已发布：文件 %lld 现为更正后的文本（附更正说明），原文本存为历史版本；更正稿 %lld 已并入。\n",
                (long long)o.created, (long long)id);
        return 0;
    }
    if (store_doc_get(s, ag.id, id, &d, &e) == 0) {
        cal_t *cal = cli_doc_calendar(s);
        char a[11];
        cli_doc_day(d.published, a);
        buf ch;
        buf_init(&ch);
        doc_channels_format(d.channels, true, &ch);
        fprintf(stderr, "文件 %lld 已于 %s 发布（%s），索引号 %s\n", (long long)id, a, ch.data, o.index_no);
        buf_free(&ch);
        if (d.interprets) {
            struct doc p;
            if (store_doc_get(s, ag.id, d.interprets, &p, &e) == 0) {
                enum doc_interp_timing t;
                int wd;
                if (doc_interp_timing(cal, p.published, d.published, &t, &wd, &e) == 0 && t == DOC_INTERP_LATE)
                    fprintf(stderr, "注意：政策解读晚于政策发布 %d 个工作日（应同步或3个工作日内）\n", wd);
                doc_clear(&p);
            }
        }
        cal_free(cal);
        doc_clear(&d);
    }
    return 0;
}

int cli_doc_cmd_validity(cli_run *run, int argc, char **argv)
{
    bool repeal = run->arg;
    const char *cmd = repeal ? "doc repeal" : "doc expire";
    const char *actor = run->actor;
    const char *role = cli_opt(&argc, argv, "--role");
    const char *date = cli_opt(&argc, argv, "--date");
    const char *by = repeal ? cli_opt(&argc, argv, "--by") : NULL;
    const char *by_docno = repeal ? cli_opt(&argc, argv, "--by-docno") : NULL;
    const char *comment = cli_opt(&argc, argv, "--comment");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (!cli_doc_only_id(cmd, argc, argv, &id))
        return 2;
    if (!date) {
        cli_error(cmd, "--date DATE is required");
        return 2;
    }
    if (by && by_docno) {
        cli_error(cmd, "give --by or --by-docno, not both");
        return 2;
    }
    struct store_doc_step st = {.action = repeal ? DOC_A_REPEAL : DOC_A_EXPIRE, .actor = actor, .comment = comment,
                                .by_docno = by_docno};
    if (!cli_doc_date_opt(cmd, "--date", date, &st.date))
        return 2;
    if (by && !cli_doc_parse_id(cmd, by, &st.by_id))
        return 2;
    store_t *s;
    struct store_agency ag;
    struct store_doc_outcome o;
    struct doc d;
    if ((rc = take_step(run, cmd, id, &st, role, &s, &ag, &o, &d)))
        return rc;
    printf(repeal ? "文件 %lld 自 %s 起废止。\n" : "文件 %lld 有效期至 %s，此后失效。\n", (long long)id, date);
    doc_clear(&d);
    return 0;
}

int cli_doc_cmd_withdraw(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc withdraw";
    const char *actor = run->actor;
    const char *role = cli_opt(&argc, argv, "--role");
    const char *reason = cli_opt(&argc, argv, "--reason");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (!cli_doc_only_id(cmd, argc, argv, &id))
        return 2;
    if (!reason || !*reason) {
        cli_error(cmd, "--reason TEXT is required: why the document is withdrawn (kept in the audit trail)");
        return 2;
    }
    struct store_doc_step st = {.action = DOC_A_WITHDRAW, .actor = actor, .comment = reason, .date = DOC_NODAY};
    store_t *s;
    struct store_agency ag;
    struct store_doc_outcome o;
    struct doc d;
    if ((rc = take_step(run, cmd, id, &st, role, &s, &ag, &o, &d)))
        return rc;
    if (o.from == DOC_PUBLISHED) {
        char t[11];
        cli_doc_day(date_today(), t);
        printf("文件 %lld 已于 %s 撤回，不再公开（页面和附件答复 410）。\n", (long long)id, t);
    } else {
        printf("文件 %lld 已撤回（草稿）。\n", (long long)id);
    }
    doc_clear(&d);
    return 0;
}

int cli_doc_cmd_correct(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc correct";
    const char *actor = run->actor;
    const char *role = cli_opt(&argc, argv, "--role");
    const char *note = cli_opt(&argc, argv, "--note");
    if (argc < 1 || argv[0][0] == '-') {
        cli_error(cmd, "put the document's ID first: gongkai doc correct ID --note ...");
        return 2;
    }
    int64_t id;
    if (!cli_doc_parse_id(cmd, argv[0], &id))
        return 2;
    if (!note || !*note) {
        cli_error(cmd, "--note TEXT is required: the 更正说明 the public page shows");
        return 2;
    }
    store_t *s;
    struct store_agency ag;
    int rc = cli_doc_open(run, &s, &ag);
    if (rc)
        return rc;
    struct doc d;
    err e = {0};
    if ((rc = store_doc_get(s, ag.id, id, &d, &e))) {
        return cli_doc_err(cmd, &e);
    }
    bool changed;
    rc = cli_doc_fields_from_opts(cmd, &argc, argv, &d, &changed);
    if (!rc)
        rc = cli_reject_unknown(argc, argv, cmd);
    if (!rc && argc > 1) {
        cli_error(cmd, "unexpected argument '%s'", argv[1]);
        rc = 2;
    }
    enum doc_role r;
    if (!rc)
        rc = cli_doc_pick_role(cmd, role, &d, DOC_A_CORRECT, actor, &r);
    if (!rc) {
        struct store_doc_step st = {.action = DOC_A_CORRECT, .role = r, .actor = actor, .comment = note,
                                    .date = DOC_NODAY, .edit = changed ? &d : NULL};
        struct store_doc_outcome o;
        if (store_doc_step(s, ag.id, id, &st, &o, &e)) {
            rc = cli_doc_err(cmd, &e);
        } else {
            printf("%lld\n", (long long)o.created);
            fprintf(stderr, "更正稿 %lld 已建立（草稿），经提交、一审、二审、签发后发布；发布前文件 %lld 原文照常公开。\n",
                    (long long)o.created, (long long)id);
        }
    }
    doc_clear(&d);
    return rc;
}
