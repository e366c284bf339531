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

/* ---- workflow steps: one runner over a table of step commands ---- */

/* One step command in the making: what its options said, the step, and
 * what the store answered. */
struct step {
    cli_run *run;
    const char *cmd;            /* "doc submit" */
    int64_t id;
    const char *role, *date, *by, *clear, *channels;
    bool approve, ret, withdraw;
    const char *confirm[64];    /* --confirm-unread NAME, repeatable */
    struct store_doc_step st;
    store_t *s;
    struct store_agency ag;
    struct store_doc_outcome o;
    struct doc d;               /* the document before the step */
};

/* A row: the options the command reads besides --role, the check of what
 * they say once the id is known (0 or the exit status), and what it prints
 * once the store kept the step. */
struct step_cmd {
    int action;                 /* DOC_A_*; review picks its own from the options */
    int (*opts)(struct step *x, int *argc, char **argv);
    int (*check)(struct step *x);
    void (*done)(struct step *x);
};

/* Loads the document, picks the role, takes the step. */
static int take_step(struct step *x)
{
    int rc = cli_doc_open(x->run, &x->s, &x->ag);
    if (rc)
        return rc;
    err e = {0};
    if (store_doc_get(x->s, x->ag.id, x->id, &x->d, &e))
        return cli_doc_err(x->cmd, &e);
    enum doc_role r;
    if ((rc = cli_doc_pick_role(x->cmd, x->role, &x->d, x->st.action, x->st.actor, &r)))
        goto fail;
    x->st.role = r;
    if (store_doc_step(x->s, x->ag.id, x->id, &x->st, &x->o, &e)) {
        rc = cli_doc_err(x->cmd, &e);
        goto fail;
    }
    return 0;
fail:
    doc_clear(&x->d);
    return rc;
}

static int opt_comment(struct step *x, int *argc, char **argv)
{
    x->st.comment = cli_opt(argc, argv, "--comment");
    return 0;
}

static void done_submit(struct step *x)
{
    printf("文件 %lld 已提交一审（%s）。", (long long)x->id, doc_state_label(x->o.to));
    if (x->o.hits_open) {
        printf("筛查发现 %d 处须处理（发布前由审核人核销或修改正文）：\n", x->o.hits_open);
        cli_doc_print_hits(x->s, x->id, true);
    } else {
        printf("筛查未发现敏感词或个人信息。\n");
    }
}

static int opts_review(struct step *x, int *argc, char **argv)
{
    opt_comment(x, argc, argv);
    x->clear = cli_opt(argc, argv, "--clear");
    x->approve = cli_flag(argc, argv, "--approve");
    x->ret = cli_flag(argc, argv, "--return");
    x->withdraw = cli_flag(argc, argv, "--withdraw");
    return 0;
}

static int check_review(struct step *x)
{
    int n = x->approve + x->ret + x->withdraw + (x->clear != NULL);
    if (n > 1 || (n == 0 && !x->st.comment)) {
        cli_error(x->cmd, "say one of --approve, --return, --withdraw, --clear HIT, or --comment TEXT");
        return 2;
    }
    if (x->clear && (!parse_i64(x->clear, strlen(x->clear), &x->st.hit_id) || x->st.hit_id <= 0)) {
        cli_error(x->cmd, "--clear: '%s' is not a hit number (see 'gongkai doc show %lld')", x->clear,
                  (long long)x->id);
        return 2;
    }
    x->st.action = x->approve ? DOC_A_APPROVE : x->ret ? DOC_A_RETURN : x->withdraw ? DOC_A_WITHDRAW
                 : x->clear ? DOC_A_CLEAR : DOC_A_COMMENT;
    return 0;
}

static void done_review(struct step *x)
{
    long long id = (long long)x->id;
    switch (x->st.action) {
    case DOC_A_APPROVE:
        printf("文件 %lld：%s通过，现为「%s」。", id, doc_role_label(x->st.role), doc_state_label(x->o.to));
        if (x->o.to == DOC_SIGNED && x->o.hits_open)
            printf("尚有 %d 处筛查提示待处理，处理后方可发布。", x->o.hits_open);
        else if (x->o.to == DOC_SIGNED)
            printf("可发布：gongkai doc publish %lld", id);
        putchar('\n');
        break;
    case DOC_A_RETURN: printf("文件 %lld 已退回撰稿人修改（草稿）。\n", id); break;
    case DOC_A_WITHDRAW: printf("文件 %lld 已撤回（草稿）。\n", id); break;
    case DOC_A_CLEAR: printf("筛查提示 #%lld 已核销；尚有 %d 处待处理。\n", (long long)x->st.hit_id, x->o.hits_open); break;
    default: printf("已批注文件 %lld。\n", id);
    }
}

static int opts_publish(struct step *x, int *argc, char **argv)
{
    x->date = cli_opt(argc, argv, "--date");
    x->channels = cli_opt(argc, argv, "--channels");
    opt_comment(x, argc, argv);
    const char *c;
    while ((c = cli_opt(argc, argv, "--confirm-unread")))
        if (x->st.nconfirm < 64)
            x->confirm[x->st.nconfirm++] = c;
    x->st.confirm = x->confirm;
    return 0;
}

static int check_publish(struct step *x)
{
    if (x->date && !cli_doc_date_opt(x->cmd, "--date", x->date, &x->st.date))
        return 2;
    err e = {0};
    if (x->channels && doc_channels_parse(x->channels, &x->st.channels, &e))
        return cli_doc_err(x->cmd, &e);
    return 0;
}

/* A policy interpretation published later than 3 working days after its policy. */
static void warn_late_interpretation(struct step *x, cal_t *cal)
{
    struct doc p;
    err e = {0};
    if (store_doc_get(x->s, x->ag.id, x->d.interprets, &p, &e))
        return;
    enum doc_interp_timing t;
    int wd;
    if (doc_interp_timing(cal, p.published, x->d.published, &t, &wd, &e) == 0 && t == DOC_INTERP_LATE)
        fprintf(stderr, "注意：政策解读晚于政策发布 %d 个工作日（应同步或3个工作日内）\n", wd);
    doc_clear(&p);
}

static void done_publish(struct step *x)
{
    long long id = (long long)x->id;
    doc_clear(&x->d);
    printf("%s\n", x->o.index_no);
    if (x->o.created) {   /* a correction: merged into the document it corrects */
        fprintf(stderr, "更正已发布：文件 %lld 现为更正后的文本（附更正说明），原文本存为历史版本；更正稿 %lld 已并入。\n",
                (long long)x->o.created, id);
        return;
    }
    err e = {0};
    if (store_doc_get(x->s, x->ag.id, x->id, &x->d, &e))
        return;
    cal_t *cal = cli_doc_calendar(x->s);
    char a[11];
    cli_doc_day(x->d.published, a);
    buf ch;
    buf_init(&ch);
    doc_channels_format(x->d.channels, true, &ch);
    fprintf(stderr, "文件 %lld 已于 %s 发布（%s），索引号 %s\n", id, a, ch.data, x->o.index_no);
    buf_free(&ch);
    if (x->d.interprets)
        warn_late_interpretation(x, cal);
    cal_free(cal);
}

static int opts_validity(struct step *x, int *argc, char **argv)
{
    x->date = cli_opt(argc, argv, "--date");
    if (x->st.action == DOC_A_REPEAL) {
        x->by = cli_opt(argc, argv, "--by");
        x->st.by_docno = cli_opt(argc, argv, "--by-docno");
    }
    return opt_comment(x, argc, argv);
}

static int check_validity(struct step *x)
{
    if (!x->date) {
        cli_error(x->cmd, "--date DATE is required");
        return 2;
    }
    if (x->by && x->st.by_docno) {
        cli_error(x->cmd, "give --by or --by-docno, not both");
        return 2;
    }
    if (!cli_doc_date_opt(x->cmd, "--date", x->date, &x->st.date))
        return 2;
    if (x->by && !cli_doc_parse_id(x->cmd, x->by, &x->st.by_id))
        return 2;
    return 0;
}

static void done_validity(struct step *x)
{
    printf(x->st.action == DOC_A_REPEAL ? "文件 %lld 自 %s 起废止。\n" : "文件 %lld 有效期至 %s，此后失效。\n",
           (long long)x->id, x->date);
}

static int opts_withdraw(struct step *x, int *argc, char **argv)
{
    x->st.comment = cli_opt(argc, argv, "--reason");
    return 0;
}

static int check_withdraw(struct step *x)
{
    if (!x->st.comment || !*x->st.comment) {
        cli_error(x->cmd, "--reason TEXT is required: why the document is withdrawn (kept in the audit trail)");
        return 2;
    }
    return 0;
}

static void done_withdraw(struct step *x)
{
    if (x->o.from == DOC_PUBLISHED) {
        char t[11];
        cli_doc_day(date_today(), t);
        printf("文件 %lld 已于 %s 撤回，不再公开（页面和附件答复 410）。\n", (long long)x->id, t);
    } else {
        printf("文件 %lld 已撤回（草稿）。\n", (long long)x->id);
    }
}

/* The step commands, by enum cli_doc_step (the group's row arg). */
static const struct step_cmd step_cmds[] = {
    [CLI_DOC_SUBMIT] = {DOC_A_SUBMIT, opt_comment, NULL, done_submit},
    [CLI_DOC_REVIEW] = {DOC_A_COMMENT, opts_review, check_review, done_review},
    [CLI_DOC_PUBLISH] = {DOC_A_PUBLISH, opts_publish, check_publish, done_publish},
    [CLI_DOC_REPEAL] = {DOC_A_REPEAL, opts_validity, check_validity, done_validity},
    [CLI_DOC_EXPIRE] = {DOC_A_EXPIRE, opts_validity, check_validity, done_validity},
    [CLI_DOC_WITHDRAW] = {DOC_A_WITHDRAW, opts_withdraw, check_withdraw, done_withdraw},
};

int cli_doc_cmd_step(cli_run *run, int argc, char **argv)
{
    const struct step_cmd *c = &step_cmds[run->arg];
    struct step *x = xcalloc(1, sizeof *x);
    x->run = run;
    x->cmd = run->cmd;
    x->st = (struct store_doc_step){.action = c->action, .actor = run->actor, .date = DOC_NODAY};
    x->role = cli_opt(&argc, argv, "--role");
    int rc = c->opts(x, &argc, argv);
    if (!rc)
        rc = cli_reject_unknown(argc, argv, x->cmd);
    if (!rc && !cli_doc_only_id(x->cmd, argc, argv, &x->id))
        rc = 2;
    if (!rc && c->check)
        rc = c->check(x);
    if (!rc && !(rc = take_step(x))) {
        c->done(x);
        doc_clear(&x->d);
    }
    free(x);
    return rc;
}

int cli_doc_cmd_correct(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc correct";
    struct cli_doc_edit x = {.action = DOC_A_CORRECT, .role = cli_opt(&argc, argv, "--role")};
    const char *note = cli_opt(&argc, argv, "--note");
    int rc = cli_doc_edit_id(cmd, "--note", argc, argv, &x.id);
    if (rc)
        return rc;
    if (!note || !*note) {
        cli_error(cmd, "--note TEXT is required: the 更正说明 the public page shows");
        return 2;
    }
    if ((rc = cli_doc_edit_load(run, cmd, &argc, argv, &x)))
        return rc;
    struct store_doc_step st = {.action = DOC_A_CORRECT, .role = x.r, .actor = run->actor, .comment = note,
                                .date = DOC_NODAY, .edit = x.changed ? &x.d : NULL};
    struct store_doc_outcome o;
    err e = {0};
    if (store_doc_step(x.s, x.ag.id, x.id, &st, &o, &e)) {
        rc = cli_doc_err(cmd, &e);
    } else {
        printf("%lld\n", (long long)o.created);
        fprintf(stderr, "更正稿 %lld 已建立（草稿），经提交、一审、二审、签发后发布；发布前文件 %lld 原文照常公开。\n",
                (long long)o.created, (long long)x.id);
    }
    doc_clear(&x.d);
    return rc;
}
