/*
 * cli — the 'doc' command group: 主动公开. Drafts, the review workflow
 * (撰稿 → 一审 → 二审 → 签发 → 发布), validity, the catalogue import, search,
 * the yearly figures of table 二 and the screening word list. The rules are
 * src/publish/'s; the records the store's.
 */
#include "cli/cli.h"
#include "search/search.h"
#include "calendar/calendar.h"
#include "files/files.h"
#include "publish/publish.h"
#include "report/report.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DOC_FILE_MAX (256u << 20)    /* an import or a body file */

static const char usage_main[] =
    "usage: gongkai [--db PATH] [--agency CODE] doc COMMAND [ARGS...]\n\n"
    "主动公开: the agency's documents, their review (撰稿 → 一审 → 二审 → 签发 → 发布),\n"
    "validity, the catalogue and its search.\n\n"
    "Commands:\n"
    "  add          a new draft (title, 文号, issuer, dates, category, genre, body, ...)\n"
    "  edit ID      change a draft, or fix a document in review (its reviewer)\n"
    "  attach ID FILE...   attach files (stored once per content; lists are masked)\n"
    "  attachment ID NAME  print an attachment's content\n"
    "  submit ID    screen the draft and send it to the first review (一审)\n"
    "  review ID    approve, return to the author, comment, or clear a screening hit\n"
    "  publish ID   publish a signed-off document (gets its index number)\n"
    "  repeal ID    mark a published document repealed (废止)\n"
    "  withdraw ID  take a published document off the public site (撤回), with --reason\n"
    "  correct ID   start a correction (更正) of a published document, with --note\n"
    "  expire ID    set the last day a published document is in force (失效)\n"
    "  show ID      everything about a document: fields, deadlines, hits, comments, audit\n"
    "  list         the catalogue, newest first\n"
    "  import FILE  an existing catalogue (.csv or .json), all rows or none\n"
    "  search QUERY full-text search of published documents\n"
    "  reindex      count the frequent strings of the search index afresh (e.g. nightly)\n"
    "  stats        the yearly figures of table 二 (licensing, penalties, fees, ...)\n"
    "  words        the sensitive-word list drafts are screened with\n"
    "  synonyms     the synonyms and abbreviations searches apply (低保 ↔ 最低生活保障)\n"
    "  vocab        categories, genres, Art. 20 items and channels\n\n"
    "Who acts is --as NAME (else $GONGKAI_USER, else $USER). The role is the one the step\n"
    "needs; say it with --role author|reviewer1|reviewer2|leader|office when several may act.\n"
    "'gongkai doc COMMAND --help' describes each. Exit status: 0 done, 1 refused (the reason\n"
    "is printed), 2 bad input.\n";

static const char usage_reindex[] =
    "usage: gongkai doc reindex [--show]\n\n"
    "The portal shows how many documents a search finds. For the strings found in many\n"
    "documents (a thousandth of the catalogue, at least 20) gongkai keeps that number\n"
    "beside the search index, exact and updated as documents are published, so that\n"
    "a search for 关于 or 最低生活保障 does not count a million hits each time. reindex\n"
    "finds which strings those are, afresh: run it after a large import and, on big\n"
    "catalogues (over 100,000 documents), nightly; smaller ones do it by themselves as\n"
    "they grow. --show prints what was found last time and changes nothing.\n"
    "SQLite only (PostgreSQL deployments count every search).\n";

static const char usage_add[] =
    "usage: gongkai doc add --title TITLE --issuer BODY --written DATE [OPTIONS]\n\n"
    "Adds a draft and prints its id. Options:\n"
    "  --docno 文号          e.g. 驻民文〔2018〕149号 (any brackets: [], (), （）, 【】)\n"
    "  --category C          topic category (see 'gongkai doc vocab')\n"
    "  --genre G             genre: 通知, 行政规范性文件, 政策解读, ...\n"
    "  --item N              item of Art. 20: 1-15 or （一）-（十五）\n"
    "  --body TEXT | --body-file FILE   the text (UTF-8)\n"
    "  --interprets ID       for a 政策解读: the policy it interprets\n"
    "  --expires DATE        the last day it is in force, when known\n"
    "  --publicity-until DATE  the last day of its 公示期: it leaves the public site after it\n"
    "  --recipient-list      its body is a recipient list (低保/特困/临时救助 名单) to mask;\n"
    "                        titles naming such a list are recognised without it\n"
    "  --attach FILE         attach a file (repeatable)\n"
    "  --as NAME             the author\n"
    "  --request-id ID       an idempotency key chosen by the caller (1-100 visible ASCII): a\n"
    "                        retry with the same key adds nothing and prints the first draft's id\n";

static const char usage_edit[] =
    "usage: gongkai doc edit ID [--title T] [--docno 文号] [--issuer I] [--written DATE]\n"
    "                           [--category C] [--genre G] [--item N] [--body TEXT | --body-file F]\n"
    "                           [--interprets ID] [--expires DATE] [--publicity-until DATE]\n"
    "                           [--recipient-list] [--as NAME]\n\n"
    "Changes the fields given and keeps the others. The author edits a draft; in review, the\n"
    "reviewer of the stage fixes the text (it is screened again at once). --docno '' or\n"
    "--category '' clear a field. A published document is not edited: 'gongkai doc correct'\n"
    "starts a correction that goes through review.\n";

static const char usage_withdraw[] =
    "usage: gongkai doc withdraw ID --reason TEXT [--as NAME] [--role leader|office]\n\n"
    "撤回: takes a published document off the public site at once: its page and every\n"
    "attachment answer 410 with a one-line notice and today's date, and it leaves search,\n"
    "the catalogue and the lists. The 签发领导 or the disclosure office (公开办) decides;\n"
    "the reason (at most 500 characters) and who decided go to the audit trail. Staff still\n"
    "see it (已撤回). It is not counted as published in table 二. There is no way back: publish\n"
    "a new document if it must be public again.\n"
    "On a document in review, the author takes it back out of review (as 'review --withdraw').\n";

static const char usage_correct[] =
    "usage: gongkai doc correct ID --note TEXT [--title T] [--body TEXT | --body-file F] [...]\n"
    "                              [--as NAME] [--role author|office]\n\n"
    "更正: starts a correction of a published document: a draft holding its text (and the\n"
    "field options given, as 'doc edit' takes them) and the 更正说明 --note (at most 500\n"
    "characters). Prints the draft's id. It goes through submit → 一审 → 二审 → 签发 →\n"
    "publish like any draft; meanwhile the published text stays public. Once published,\n"
    "the document keeps its id and index number, shows the corrected text with the\n"
    "更正说明 and its date, and 'doc show ID' lists the earlier versions.\n";

static const char usage_attach[] =
    "usage: gongkai doc attach ID FILE... [--as NAME]\n\n"
    "Attaches files to a document that is not published yet (a file of the same name is\n"
    "replaced). Content is stored once per SHA-256. gongkai reads the text of .docx, .xlsx,\n"
    ".odt, .ods, .pdf (text layer), .csv, .html and .txt files and screens it with the body;\n"
    "in a recipient list, .xlsx, .docx, .csv and .txt files are stored as gongkai's masked\n"
    "copy. A damaged file or a zip bomb is refused. A file whose text cannot be read (a scan,\n"
    "an image, .doc/.wps/.et) is stored as unread: publishing it needs --confirm-unread NAME.\n";

static const char usage_attachment[] =
    "usage: gongkai doc attachment ID NAME\n\nPrints the content of the attachment NAME of document ID.\n";

static const char usage_submit[] =
    "usage: gongkai doc submit ID [--as NAME] [--comment TEXT]\n\n"
    "Screens the draft (sensitive words, ID numbers, mobile and bank card numbers) and sends\n"
    "it to the first review. Each screening hit is listed; it blocks publication until a\n"
    "reviewer clears it or the text is fixed.\n";

static const char usage_review[] =
    "usage: gongkai doc review ID (--approve | --return | --clear HIT | --comment TEXT) [--as NAME]\n"
    "                                  [--role ROLE] [--comment TEXT]\n\n"
    "  --approve         pass the stage: 一审 → 二审 → 签发 → ready to publish\n"
    "  --return          back to the author as a draft (needs --comment saying what to change)\n"
    "  --withdraw        the author takes the document back out of review\n"
    "  --clear HIT       a screening hit is not what it looks like (needs --comment saying why)\n"
    "  --comment TEXT    alone: a comment on the document, at any stage\n"
    "Nobody reviews their own document, and each stage needs another person.\n";

static const char usage_publish[] =
    "usage: gongkai doc publish ID [--date DATE] [--channels LIST] [--as NAME] [--role author|office]\n\n"
    "Publishes a signed-off document with no open screening hits, on DATE (default today),\n"
    "through LIST (website, gazette, weibo, wechat, other; default website), and prints its\n"
    "index number. Says whether the 20-working-day rule (Art. 26) was kept.\n"
    "  --confirm-unread NAME  publish the attachment NAME although gongkai could not read its\n"
    "                         text (a scan, an image, an unknown format) or, for a recipient\n"
    "                         list, mask it: the reviewer has checked it. Repeatable; each is\n"
    "                         named in the audit trail. Without it such a file blocks publication.\n";

static const char usage_repeal[] =
    "usage: gongkai doc repeal ID --date DATE [--by ID | --by-docno 文号] [--as NAME]\n\n"
    "Marks a published document repealed (废止) from DATE, by a document of the catalogue or\n"
    "one named by its 文号.\n";

static const char usage_expire[] =
    "usage: gongkai doc expire ID --date DATE [--as NAME]\n\n"
    "Sets DATE as the last day the published document is in force (失效 after it).\n";

static const char usage_show[] =
    "usage: gongkai doc show ID [--json] [--version N]\n\n"
    "--version N prints version N of a corrected document (its earlier text) instead.\n"
    "Prints the document: its fields, validity, the publication deadline (Art. 26), its\n"
    "interpretations (3-working-day rule), attachments, screening hits, comments, the audit\n"
    "trail and the body.\n";

static const char usage_list[] =
    "usage: gongkai doc list [--state STATE] [--year Y] [--limit N] [--json]\n\n"
    "Lists documents newest first. STATE: draft, review1, review2, signoff, signed, published.\n";

static const char usage_import[] =
    "usage: gongkai doc import FILE.csv|FILE.json [--publish] [--format csv|json] [--as NAME]\n\n"
    "Imports an existing catalogue: every row or none. CSV has a header row (UTF-8, a BOM and\n"
    "CRLF are fine; quote fields holding commas or line breaks); JSON is an array of objects\n"
    "or {\"documents\": [...]}. Columns (README lists them all): title, docno, issuer,\n"
    "written, published, body, and optionally category, genre, item, validity, repealed_on,\n"
    "repealed_by, expires_on, index_no, channels, interprets, recipient_list.\n"
    "  --publish   the rows are published documents (each needs its publication date);\n"
    "              without it they become drafts to go through review\n"
    "Every bad row is listed with its line and reason, and nothing is written (exit 2).\n";

static const char usage_search[] =
    "usage: gongkai doc search QUERY [--json] [--limit N] [--offset N] [--sort relevance|date]\n"
    "                         [--year Y] [--category C] [--genre G] [--issuer I] [--item N]\n"
    "                         [--validity in_force|repealed|expired]\n\n"
    "Searches published documents: title, 文号 (in any written form) and text. Every term\n"
    "must occur (as typed: 低保 finds 最低保障标准 too); \"quote\" phrases with spaces.\n"
    "A term that is a form of the synonym dictionary ('gongkai doc synonyms') finds its\n"
    "other forms too (低保 finds 最低生活保障). Each result shows its validity; a query\n"
    "that finds nothing gets a suggestion from the titles (您是不是要找).\n"
    "--json prints {\"total\": N, \"results\": [{\"id\", \"title\", \"docno\", \"published\",\n"
    "\"validity\", \"validity_label\", \"snippet\"}, ...], \"suggestion\": null|\"...\"} with\n"
    "the exact total and the page asked for (snippets mark terms with <mark>).\n";

static const char usage_stats[] =
    "usage: gongkai doc stats set --year Y [--licensing N] [--penalty N] [--compulsion N]\n"
    "                             [--fees AMOUNT] [KEY=VALUE...]\n"
    "       gongkai doc stats show --year Y [--layout 2021|2019|2008] [--json]\n\n"
    "Table 二 of the annual report counts rules and normative documents from the catalogue;\n"
    "the other figures are entered here per year:\n"
    "  --licensing N   行政许可 decisions (licensing.decisions)\n"
    "  --penalty N     行政处罚 decisions (penalty.decisions)\n"
    "  --compulsion N  行政强制 decisions (compulsion.decisions)\n"
    "  --fees AMOUNT   行政事业性收费 total in 万元 (fees.amount_10k_yuan)\n"
    "  KEY=VALUE       any other entered figure of table 二, e.g. licensing.items_last_year=12,\n"
    "                  licensing.items_change=-2, procurement.amount_10k_yuan=35.5 (2019 layout)\n"
    "'show' prints table 二 as the report generator computes it.\n";

static const char usage_synonyms[] =
    "usage: gongkai doc synonyms [--show | --set FILE | --reset]\n\n"
    "The synonyms and abbreviations searches apply: this agency's own, or gongkai's default\n"
    "(data/search-synonyms.txt). One group a line, forms separated by spaces, '#' comments:\n"
    "  低保 最低生活保障\n"
    "A query term equal to one form finds the documents holding any form of its group.\n";

static const char usage_words[] =
    "usage: gongkai doc words [--show | --set FILE | --reset]\n\n"
    "The sensitive-word list drafts are screened with: this agency's own, or gongkai's\n"
    "default (data/sensitive-words.txt explains it). One word or phrase a line, '#' comments.\n";

/* ---- shared ---- */

static const char *actor_of(int *argc, char **argv)
{
    const char *a = cli_opt(argc, argv, "--as");
    if (!a || !*a)
        a = getenv("GONGKAI_USER");
    if (!a || !*a)
        a = getenv("USER");
    return a && *a ? a : "cli";
}

static int open_store(cli_ctx *ctx, store_t **s, struct store_agency *ag)
{
    err e = {0};
    if (store_open(ctx->db_path, s, &e)) {
        cli_error(ctx->db_path, "%s", e.msg);
        return 1;
    }
    if (store_agency_resolve(*s, ctx->agency, ag, &e)) {
        store_close(*s);
        return cli_report_err(&e);
    }
    return 0;
}

static int err_exit(const char *cmd, const err *e)
{
    cli_error(e->where[0] ? e->where : cmd, "%s", e->msg);
    return (e->code == GK_EINVAL || e->code == GK_ERANGE) ? 2 : 1;
}

static bool parse_id(const char *cmd, const char *s, int64_t *id)
{
    if (!s || !parse_i64(s, strlen(s), id) || *id <= 0) {
        cli_error(cmd, "'%s' is not a document id (a number; see 'gongkai doc list')", s ? s : "");
        return false;
    }
    return true;
}

/* The step commands take exactly one positional argument: the document's ID. */
static bool only_id(const char *cmd, int argc, char **argv, int64_t *id)
{
    if (argc != 1) {
        cli_error(cmd, "expected the document's ID");
        return false;
    }
    return parse_id(cmd, argv[0], id);
}

static bool parse_date_opt(const char *cmd, const char *what, const char *s, gk_day *d)
{
    err e = {0};
    if (date_parse(s, d, &e)) {
        cli_error(cmd, "%s: %s", what, e.msg);
        return false;
    }
    return true;
}

/* The deployment's calendar; an unreadable imported year is reported and the
 * built-in years are used (the checks that need a later year then say so). */
static cal_t *load_calendar(store_t *s)
{
    cal_t *c = NULL;
    err e = {0};
    if (store_calendar(s, &c, &e) != 0) {
        cli_error("calendar", "imported years not used: %s", e.msg);
        c = cal_builtin();
    }
    return c;
}

static void day_str(gk_day d, char out[11])
{
    if (d == DOC_NODAY)
        strcpy(out, "");
    else
        date_format(d, out);
}

/* The role a step is taken in: --role, else the only one the table allows,
 * else the author's when the actor wrote it, else the stage's reviewer. */
static int pick_role(const char *cmd, const char *given, const struct doc *d, int action, const char *actor,
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

static void print_hits_of(store_t *s, int64_t id, bool only_open)
{
    struct store_doc_hit *h;
    size_t n;
    err e = {0};
    if (store_doc_hits(s, id, &h, &n, &e))
        return;
    for (size_t i = 0; i < n; i++) {
        if (only_open && (h[i].cleared || h[i].fixed))
            continue;
        bool body = strcmp(h[i].source, "body") == 0;
        printf("  #%lld %s %s「%s」 %s第%lld字：…%s…\n", (long long)h[i].id,
               h[i].cleared ? "[已核销]" : h[i].fixed ? "[已修改]" : "[待处理]", doc_hit_kind_label(h[i].kind),
               h[i].found, body ? "正文" : h[i].source, (long long)h[i].char_off + 1, h[i].excerpt);
        if (h[i].cleared)
            printf("      核销：%s %s：%s\n", h[i].cleared_by, h[i].cleared_at, h[i].note);
    }
    free(h);
}

/* ---- fields from options (add, edit) ---- */

static int read_body(const char *cmd, const char *text, const char *file, char **out)
{
    if (text && file) {
        cli_error(cmd, "give --body or --body-file, not both");
        return 2;
    }
    if (file) {
        buf b;
        buf_init(&b);
        err e = {0};
        if (file_read_all(file, DOC_FILE_MAX, &b, &e)) {
            buf_free(&b);
            return err_exit(cmd, &e);
        }
        size_t bad;
        if (!utf8_valid(b.data ? b.data : "", b.len, &bad) || memchr(b.data ? b.data : "", 0, b.len)) {
            buf_free(&b);
            cli_error(file, "not UTF-8 text (save the body as UTF-8)");
            return 2;
        }
        *out = buf_detach(&b);
    } else if (text) {
        *out = xstrdup(text);
    }
    return 0;
}

/* Applies the options present to d. */
static int fields_from_opts(const char *cmd, int *argc, char **argv, struct doc *d, bool *changed)
{
    err e = {0};
    const char *v;
    *changed = false;
    /* limits in characters (base/limits.h): refused naming the option, never cut */
#define COPY(f, field)                                                                             \
    if ((v = cli_opt(argc, argv, lim_fields[f].opt))) {                                            \
        if (lim_copy(f, d->field, sizeof d->field, v, &e))                                         \
            return cli_report_err(&e);                                                             \
        *changed = true;                                                                           \
    }
    COPY(LIM_F_DOC_TITLE, title)
    COPY(LIM_F_DOC_ISSUER, issuer)
#undef COPY
    if ((v = cli_opt(argc, argv, "--docno"))) {
        d->docno[0] = 0;
        if (*v) {
            struct doc_docno dn;
            if (doc_docno_parse(v, &dn, &e))
                return err_exit(cmd, &e);
            snprintf(d->docno, sizeof d->docno, "%s", dn.canonical);
        }
        *changed = true;
    }
    if ((v = cli_opt(argc, argv, "--written"))) {
        if (!parse_date_opt(cmd, "--written", v, &d->written))
            return 2;
        *changed = true;
    }
    if ((v = cli_opt(argc, argv, "--expires"))) {
        d->expires_on = DOC_NODAY;
        if (*v && !parse_date_opt(cmd, "--expires", v, &d->expires_on))
            return 2;
        *changed = true;
    }
    if ((v = cli_opt(argc, argv, "--publicity-until"))) {
        d->publicity_until = DOC_NODAY;
        if (*v && !parse_date_opt(cmd, "--publicity-until", v, &d->publicity_until))
            return 2;
        *changed = true;
    }
    if ((v = cli_opt(argc, argv, "--category"))) {
        d->category[0] = 0;
        if (*v) {
            const char *c = doc_category_find(v, &e);
            if (!c)
                return err_exit(cmd, &e);
            snprintf(d->category, sizeof d->category, "%s", c);
        }
        *changed = true;
    }
    if ((v = cli_opt(argc, argv, "--genre"))) {
        d->genre[0] = 0;
        if (*v) {
            const char *g = doc_genre_find(v, &e);
            if (!g)
                return err_exit(cmd, &e);
            snprintf(d->genre, sizeof d->genre, "%s", g);
        }
        *changed = true;
    }
    if ((v = cli_opt(argc, argv, "--item"))) {
        if (doc_item_parse(v, &d->item, &e))
            return err_exit(cmd, &e);
        *changed = true;
    }
    if ((v = cli_opt(argc, argv, "--interprets"))) {
        d->interprets = 0;
        if (*v && !parse_id(cmd, v, &d->interprets))
            return 2;
        *changed = true;
    }
    if (cli_flag(argc, argv, "--recipient-list")) {
        d->recipient_list = true;
        *changed = true;
    }
    const char *body = cli_opt(argc, argv, "--body");
    const char *body_file = cli_opt(argc, argv, "--body-file");
    if (body || body_file) {
        char *nb = NULL;
        int rc = read_body(cmd, body, body_file, &nb);
        if (rc)
            return rc;
        free(d->body);
        d->body = nb;
        *changed = true;
    }
    return 0;
}

/* Attaches the files to document id inside the caller's transaction: the
 * caller commits, then says what was attached (print_attached). */
static int attach_files(const char *cmd, store_t *s, int64_t agency, int64_t id, char **files, int n,
                        const char *actor)
{
    for (int i = 0; i < n; i++) {
        buf b;
        buf_init(&b);
        err e = {0};
        size_t amax;   /* read no more than the store would keep */
        if (store_doc_attachment_max(s, agency, &amax, &e))
            return err_exit(cmd, &e);
        int frc = file_read_all(files[i], amax, &b, &e);
        if (frc == GK_EINVAL)
            err_set(&e, GK_EINVAL, files[i], "the attachment is larger than %zu MiB (setting doc.attachment_max_mb)",
                    amax >> 20);
        if (frc) {
            buf_free(&b);
            return err_exit(cmd, &e);
        }
        const char *name = strrchr(files[i], '/');
        name = name ? name + 1 : files[i];
        int rc = store_doc_attach(s, agency, id, name, b.data ? b.data : "", b.len, actor, &e);
        buf_free(&b);
        if (rc)
            return err_exit(cmd, &e);
    }
    return 0;
}

static void print_attached(int64_t id, char **files, int n)
{
    for (int i = 0; i < n; i++) {
        const char *name = strrchr(files[i], '/');
        printf("附件 %s 已添加到文件 %lld\n", name ? name + 1 : files[i], (long long)id);
    }
}

/* Ends the transaction of a command: commits when rc is 0, else rolls back;
 * returns the command's exit status. */
static int finish_tx(const char *cmd, store_t *s, int rc)
{
    err e = {0};
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, &e) ? err_exit(cmd, &e) : 0;
}

/* ---- add, edit, attach ---- */

static int cmd_add(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc add";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_add, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
    const char *request_id = cli_opt(&argc, argv, "--request-id");
    char token[CLI_REQUEST_TOKEN_CAP];
    if (request_id && cli_request_token(request_id, token))
        return 2;
    char *attach[64];
    int nattach = 0;
    const char *a;
    while ((a = cli_opt(&argc, argv, "--attach")))
        if (nattach < 64)
            attach[nattach++] = (char *)a;
    struct doc d;
    doc_init(&d);
    bool changed;
    int rc = fields_from_opts(cmd, &argc, argv, &d, &changed);
    if (!rc)
        rc = cli_reject_unknown(argc, argv, cmd);
    if (!rc && argc) {
        cli_error(cmd, "unexpected argument '%s' (see 'gongkai doc add --help')", argv[0]);
        rc = 2;
    }
    if (!rc && (!d.title[0] || !d.issuer[0] || d.written == DOC_NODAY)) {
        cli_error(cmd, "a draft needs --title, --issuer and --written (see 'gongkai doc add --help')");
        rc = 2;
    }
    if (rc) {
        doc_clear(&d);
        return rc;
    }
    store_t *s;
    struct store_agency ag;
    if ((rc = open_store(ctx, &s, &ag))) {
        doc_clear(&d);
        return rc;
    }
    d.agency_id = ag.id;
    snprintf(d.author, sizeof d.author, "%s", actor);
    err e = {0};
    /* a retry under the same --request-id: the first draft, nothing added */
    int64_t first = 0;
    int found = request_id ? cli_request_find(s, ag.id, token, "document", &first) : 0;
    if (found == 0) {
        /* the draft, its attachments and the request id: all or none */
        if (store_begin(s, &e) || store_doc_add(s, &d, actor, &e))
            rc = err_exit(cmd, &e);
        else
            rc = attach_files(cmd, s, ag.id, d.id, attach, nattach, actor);
        if (!rc && request_id && store_form_token_put(s, ag.id, token, "document", d.id, &e)) {
            store_rollback(s);   /* a concurrent retry took the key: its draft is the one */
            found = cli_request_find(s, ag.id, token, "document", &first);
            rc = found == 0 ? err_exit(cmd, &e) : 0;
        } else {
            rc = finish_tx(cmd, s, rc);
        }
    }
    if (found < 0)
        rc = -found;
    else if (found > 0) {
        printf("%lld\n", (long long)first);
        fprintf(stderr, "gongkai: --request-id %s was used before: nothing added, its draft is %lld\n", request_id,
                (long long)first);
    } else if (!rc) {
        printf("%lld\n", (long long)d.id);
        fprintf(stderr, "草稿 %lld 已建立%s；提交审核：gongkai doc submit %lld\n", (long long)d.id,
                d.recipient_list ? "（名单已脱敏）" : "", (long long)d.id);
        print_attached(d.id, attach, nattach);
    }
    doc_clear(&d);
    store_close(s);
    return rc;
}

static int cmd_edit(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc edit";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_edit, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
    const char *role = cli_opt(&argc, argv, "--role");
    store_t *s;
    struct store_agency ag;
    int64_t id;
    if (argc < 1 || argv[0][0] == '-') {
        cli_error(cmd, "put the document's ID first: gongkai doc edit ID --title ...");
        return 2;
    }
    if (!parse_id(cmd, argv[0], &id))
        return 2;
    int rc = open_store(ctx, &s, &ag);
    if (rc)
        return rc;
    struct doc d;
    err e = {0};
    if ((rc = store_doc_get(s, ag.id, id, &d, &e))) {
        store_close(s);
        return err_exit(cmd, &e);
    }
    bool changed;
    rc = fields_from_opts(cmd, &argc, argv, &d, &changed);
    if (!rc)
        rc = cli_reject_unknown(argc, argv, cmd);
    if (!rc && argc > 1) {
        cli_error(cmd, "unexpected argument '%s'", argv[1]);
        rc = 2;
    }
    if (!rc && !changed) {
        cli_error(cmd, "nothing to change (see 'gongkai doc edit --help')");
        rc = 2;
    }
    enum doc_role r;
    if (!rc)
        rc = pick_role(cmd, role, &d, DOC_A_EDIT, actor, &r);
    if (!rc) {
        struct store_doc_step st = {.action = DOC_A_EDIT, .role = r, .actor = actor, .date = DOC_NODAY, .edit = &d};
        struct store_doc_outcome o;
        if (store_doc_step(s, ag.id, id, &st, &o, &e)) {
            rc = err_exit(cmd, &e);
        } else {
            printf("文件 %lld 已修改（%s）", (long long)id, doc_state_label(o.to));
            if (o.to != DOC_DRAFT)
                printf("；重新筛查：%d 处待处理", o.hits_open);
            putchar('\n');
            if (o.hits_open && o.to != DOC_DRAFT)
                print_hits_of(s, id, true);
        }
    }
    doc_clear(&d);
    store_close(s);
    return rc;
}

static int cmd_attach(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc attach";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_attach, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (argc < 2) {
        cli_error(cmd, "expected ID and at least one FILE");
        return 2;
    }
    if (!parse_id(cmd, argv[0], &id))
        return 2;
    store_t *s;
    struct store_agency ag;
    if ((rc = open_store(ctx, &s, &ag)))
        return rc;
    err e = {0};
    /* every file or none */
    rc = store_begin(s, &e) ? err_exit(cmd, &e) : attach_files(cmd, s, ag.id, id, argv + 1, argc - 1, actor);
    if (!(rc = finish_tx(cmd, s, rc)))
        print_attached(id, argv + 1, argc - 1);
    store_close(s);
    return rc;
}

static int cmd_attachment(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc attachment";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_attachment, stdout);
        return 0;
    }
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (argc != 2) {
        cli_error(cmd, "expected ID and NAME");
        return 2;
    }
    if (!parse_id(cmd, argv[0], &id))
        return 2;
    store_t *s;
    struct store_agency ag;
    if ((rc = open_store(ctx, &s, &ag)))
        return rc;
    struct doc d;
    err e = {0};
    if ((rc = store_doc_get(s, ag.id, id, &d, &e))) {
        store_close(s);
        return err_exit(cmd, &e);
    }
    doc_clear(&d);
    struct store_doc_attachment *a;
    size_t n;
    rc = 1;
    if (store_doc_attachments(s, id, &a, &n, &e) == 0) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(a[i].name, argv[1]) == 0) {
                buf b;
                buf_init(&b);
                if (store_doc_blob(s, a[i].sha256, &b, &e) == 0) {
                    fwrite(b.data ? b.data : "", 1, b.len, stdout);
                    rc = 0;
                }
                buf_free(&b);
            }
        free(a);
        if (rc && !e.msg[0])
            err_set(&e, GK_ENOTFOUND, cmd, "document %lld has no attachment '%s'", (long long)id, argv[1]);
    }
    store_close(s);
    return rc ? err_exit(cmd, &e) : 0;
}

/* ---- workflow steps ---- */

/* Loads the document, picks the role, takes the step. */
static int take_step(cli_ctx *ctx, const char *cmd, int64_t id, struct store_doc_step *st, const char *role,
                     store_t **sp, struct store_agency *ag, struct store_doc_outcome *o, struct doc *before)
{
    int rc = open_store(ctx, sp, ag);
    if (rc)
        return rc;
    err e = {0};
    if (store_doc_get(*sp, ag->id, id, before, &e)) {
        store_close(*sp);
        *sp = NULL;
        return err_exit(cmd, &e);
    }
    enum doc_role r;
    if ((rc = pick_role(cmd, role, before, st->action, st->actor, &r)))
        goto fail;
    st->role = r;
    if (store_doc_step(*sp, ag->id, id, st, o, &e)) {
        rc = err_exit(cmd, &e);
        goto fail;
    }
    return 0;
fail:
    doc_clear(before);
    store_close(*sp);
    *sp = NULL;
    return rc;
}

static int cmd_submit(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc submit";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_submit, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
    const char *role = cli_opt(&argc, argv, "--role");
    const char *comment = cli_opt(&argc, argv, "--comment");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (!only_id(cmd, argc, argv, &id))
        return 2;
    struct store_doc_step st = {.action = DOC_A_SUBMIT, .actor = actor, .comment = comment, .date = DOC_NODAY};
    store_t *s;
    struct store_agency ag;
    struct store_doc_outcome o;
    struct doc d;
    if ((rc = take_step(ctx, cmd, id, &st, role, &s, &ag, &o, &d)))
        return rc;
    printf("文件 %lld 已提交一审（%s）。", (long long)id, doc_state_label(o.to));
    if (o.hits_open) {
        printf("筛查发现 %d 处须处理（发布前由审核人核销或修改正文）：\n", o.hits_open);
        print_hits_of(s, id, true);
    } else {
        printf("筛查未发现敏感词或个人信息。\n");
    }
    doc_clear(&d);
    store_close(s);
    return 0;
}

static int cmd_review(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc review";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_review, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
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
    if (!only_id(cmd, argc, argv, &id))
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
    if ((rc = take_step(ctx, cmd, id, &st, role, &s, &ag, &o, &d)))
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
    store_close(s);
    return 0;
}

/* How the publication kept Art. 26 (20 working days from the date written). */
static void print_deadline(const cal_t *cal, const struct doc *d)
{
    gk_day due;
    err e = {0};
    char a[11];
    if (d->written == DOC_NODAY)
        return;
    if (doc_publish_due(cal, d->written, &due, &e)) {
        printf("发布期限  （日历无 %s 之后的工作日数据：无法计算第二十六条期限）\n", (day_str(d->written, a), a));
        return;
    }
    day_str(due, a);
    gk_day ref = d->published != DOC_NODAY ? d->published : date_today();
    int n = 0;
    if (d->published != DOC_NODAY) {
        if (ref <= due) {
            printf("发布期限  %s（第二十六条：成文后20个工作日内）按期发布\n", a);
        } else if (cal_count_workdays(cal, due, ref, &n, &e) == 0) {
            printf("发布期限  %s（第二十六条）逾期 %d 个工作日发布\n", a, n);
        }
    } else if (ref <= due) {
        if (cal_count_workdays(cal, ref, due, &n, &e) == 0)
            printf("发布期限  %s（第二十六条：成文后20个工作日内）尚余 %d 个工作日\n", a, n);
    } else if (cal_count_workdays(cal, due, ref, &n, &e) == 0) {
        printf("发布期限  %s（第二十六条）已逾期 %d 个工作日\n", a, n);
    }
}

/* What gongkai did with an attachment's text, said as it is: read and
 * screened, masked, or not read (and whether a reviewer confirmed it). */
static void attachment_state(const struct doc *d, const struct store_doc_attachment *a, buf *out)
{
    enum files_state fs = FILES_UNREAD;
    files_state_parse(a->text_state, &fs);
    bool unmasked_list = d->recipient_list && fs == FILES_READ;
    buf_printf(out, "%s  %s", a->kind[0] ? a->kind : "?",
               unmasked_list ? "已读取并筛查，但未脱敏（在文件标为名单公示之前添加；请重新添加）"
                             : files_state_label(fs));
    if (a->text_note[0])
        buf_printf(out, "（%s）", a->text_note);
    if (!unmasked_list && !files_state_needs_confirm(fs))
        return;
    if (a->confirmed_by[0])
        buf_printf(out, "；已由 %s 于 %s 确认发布", a->confirmed_by, a->confirmed_at);
    else
        buf_printf(out, "；发布前须审核人确认：gongkai doc publish %lld --confirm-unread '%s'", (long long)d->id,
                   a->name);
}

static int cmd_publish(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc publish";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_publish, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
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
    if (!only_id(cmd, argc, argv, &id))
        return 2;
    struct store_doc_step st = {.action = DOC_A_PUBLISH, .actor = actor, .comment = comment, .date = DOC_NODAY,
                                .confirm = confirm, .nconfirm = nconfirm};
    if (date && !parse_date_opt(cmd, "--date", date, &st.date))
        return 2;
    err e = {0};
    if (channels && doc_channels_parse(channels, &st.channels, &e))
        return err_exit(cmd, &e);
    store_t *s;
    struct store_agency ag;
    struct store_doc_outcome o;
    struct doc d;
    if ((rc = take_step(ctx, cmd, id, &st, role, &s, &ag, &o, &d)))
        return rc;
    doc_clear(&d);
    printf("%s\n", o.index_no);
    if (o.created) {   /* a correction: merged into the document it corrects */
        fprintf(stderr, "更正已发布：文件 %lld 现为更正后的文本（附更正说明），原文本存为历史版本；更正稿 %lld 已并入。\n",
                (long long)o.created, (long long)id);
        store_close(s);
        return 0;
    }
    if (store_doc_get(s, ag.id, id, &d, &e) == 0) {
        cal_t *cal = load_calendar(s);
        char a[11];
        day_str(d.published, a);
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
    store_close(s);
    return 0;
}

static int cmd_validity(cli_ctx *ctx, int argc, char **argv, bool repeal)
{
    const char *cmd = repeal ? "doc repeal" : "doc expire";
    if (cli_wants_help(argc, argv)) {
        fputs(repeal ? usage_repeal : usage_expire, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
    const char *role = cli_opt(&argc, argv, "--role");
    const char *date = cli_opt(&argc, argv, "--date");
    const char *by = repeal ? cli_opt(&argc, argv, "--by") : NULL;
    const char *by_docno = repeal ? cli_opt(&argc, argv, "--by-docno") : NULL;
    const char *comment = cli_opt(&argc, argv, "--comment");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (!only_id(cmd, argc, argv, &id))
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
    if (!parse_date_opt(cmd, "--date", date, &st.date))
        return 2;
    if (by && !parse_id(cmd, by, &st.by_id))
        return 2;
    store_t *s;
    struct store_agency ag;
    struct store_doc_outcome o;
    struct doc d;
    if ((rc = take_step(ctx, cmd, id, &st, role, &s, &ag, &o, &d)))
        return rc;
    printf(repeal ? "文件 %lld 自 %s 起废止。\n" : "文件 %lld 有效期至 %s，此后失效。\n", (long long)id, date);
    doc_clear(&d);
    store_close(s);
    return 0;
}

static int cmd_withdraw(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc withdraw";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_withdraw, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
    const char *role = cli_opt(&argc, argv, "--role");
    const char *reason = cli_opt(&argc, argv, "--reason");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (!only_id(cmd, argc, argv, &id))
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
    if ((rc = take_step(ctx, cmd, id, &st, role, &s, &ag, &o, &d)))
        return rc;
    if (o.from == DOC_PUBLISHED) {
        char t[11];
        day_str(date_today(), t);
        printf("文件 %lld 已于 %s 撤回，不再公开（页面和附件答复 410）。\n", (long long)id, t);
    } else {
        printf("文件 %lld 已撤回（草稿）。\n", (long long)id);
    }
    doc_clear(&d);
    store_close(s);
    return 0;
}

static int cmd_correct(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc correct";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_correct, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
    const char *role = cli_opt(&argc, argv, "--role");
    const char *note = cli_opt(&argc, argv, "--note");
    if (argc < 1 || argv[0][0] == '-') {
        cli_error(cmd, "put the document's ID first: gongkai doc correct ID --note ...");
        return 2;
    }
    int64_t id;
    if (!parse_id(cmd, argv[0], &id))
        return 2;
    if (!note || !*note) {
        cli_error(cmd, "--note TEXT is required: the 更正说明 the public page shows");
        return 2;
    }
    store_t *s;
    struct store_agency ag;
    int rc = open_store(ctx, &s, &ag);
    if (rc)
        return rc;
    struct doc d;
    err e = {0};
    if ((rc = store_doc_get(s, ag.id, id, &d, &e))) {
        store_close(s);
        return err_exit(cmd, &e);
    }
    bool changed;
    rc = fields_from_opts(cmd, &argc, argv, &d, &changed);
    if (!rc)
        rc = cli_reject_unknown(argc, argv, cmd);
    if (!rc && argc > 1) {
        cli_error(cmd, "unexpected argument '%s'", argv[1]);
        rc = 2;
    }
    enum doc_role r;
    if (!rc)
        rc = pick_role(cmd, role, &d, DOC_A_CORRECT, actor, &r);
    if (!rc) {
        struct store_doc_step st = {.action = DOC_A_CORRECT, .role = r, .actor = actor, .comment = note,
                                    .date = DOC_NODAY, .edit = changed ? &d : NULL};
        struct store_doc_outcome o;
        if (store_doc_step(s, ag.id, id, &st, &o, &e)) {
            rc = err_exit(cmd, &e);
        } else {
            printf("%lld\n", (long long)o.created);
            fprintf(stderr, "更正稿 %lld 已建立（草稿），经提交、一审、二审、签发后发布；发布前文件 %lld 原文照常公开。\n",
                    (long long)o.created, (long long)id);
        }
    }
    doc_clear(&d);
    store_close(s);
    return rc;
}

/* ---- show, list ---- */

struct show_ctx { bool json; int n; };

/* Earlier versions (更正): a line each, as JSON objects, or (want) one in full. */
struct version_ctx { bool json; int n; int64_t want; bool found; };
static int version_print(const struct store_doc_version *v, void *arg)
{
    struct version_ctx *c = arg;
    if (c->want) {
        if (v->version != c->want)
            return 0;
        c->found = true;
        printf("文件第 %lld 版（%s 由 %s 更正替换）\n标题      %s\n文号      %s\n发布日期  %s\n",
               (long long)v->version, v->replaced_on, v->replaced_by, v->title, v->docno[0] ? v->docno : "（无）",
               v->published);
        if (v->corrected_on[0])
            printf("更正说明  %s（%s）\n", v->correction_note, v->corrected_on);
        printf("附件      %s\n正文\n%s\n", v->attachments, v->body);
        return 1;
    }
    if (c->json) {
        buf b;
        buf_init(&b);
        buf_printf(&b, "%s{\"version\":%lld,\"title\":", c->n ? "," : "", (long long)v->version);
        buf_json_str(&b, v->title);
        buf_printf(&b, ",\"published\":\"%s\",\"corrected_on\":", v->published);
        if (v->corrected_on[0])
            buf_printf(&b, "\"%s\"", v->corrected_on);
        else
            buf_puts(&b, "null");
        buf_puts(&b, ",\"correction_note\":");
        buf_json_str(&b, v->correction_note);
        buf_printf(&b, ",\"replaced_on\":\"%s\",\"replaced_by\":", v->replaced_on);
        buf_json_str(&b, v->replaced_by);
        buf_printf(&b, ",\"attachments\":%s}", v->attachments);
        fputs(b.data, stdout);
        buf_free(&b);
    } else {
        if (!c->n)
            printf("历史版本（'gongkai doc show ID --version N' 查看全文）\n");
        printf("  第 %lld 版  %s  %s 替换（%s）\n", (long long)v->version, v->title, v->replaced_on, v->replaced_by);
    }
    c->n++;
    return 0;
}

static int correction_line(const struct doc *c, void *arg)
{
    (void)arg;
    printf("更正稿    %lld [%s]：%s\n", (long long)c->id, doc_state_label(c->state), c->correction_note);
    return 0;
}

static int comment_text(const struct store_doc_comment *c, void *arg)
{
    (void)arg;
    enum doc_role r;
    const char *action = c->action;
    for (int a = 0; a < DOC_NACTIONS; a++)
        if (strcmp(c->action, doc_action_key(a)) == 0)
            action = doc_action_label(a);
    printf("  %s %s（%s）%s：%s\n", c->at, c->actor,
           doc_role_parse(c->role, &r, NULL) == 0 ? doc_role_label(r) : c->role, action, c->text);
    return 0;
}

static int comment_json(const struct store_doc_comment *c, void *arg)
{
    struct show_ctx *sc = arg;
    printf("%s{\"at\":", sc->n++ ? "," : "");
    buf b;
    buf_init(&b);
    buf_json_str(&b, c->at);
    buf_puts(&b, ",\"actor\":");
    buf_json_str(&b, c->actor);
    buf_puts(&b, ",\"role\":");
    buf_json_str(&b, c->role);
    buf_puts(&b, ",\"action\":");
    buf_json_str(&b, c->action);
    buf_puts(&b, ",\"text\":");
    buf_json_str(&b, c->text);
    buf_putc(&b, '}');
    fputs(b.data, stdout);
    buf_free(&b);
    return 0;
}

static int audit_text(const struct store_audit_entry *a, void *arg)
{
    (void)arg;
    printf("  %s %s %s\n", a->at, a->actor, a->action);
    return 0;
}

static int audit_json(const struct store_audit_entry *a, void *arg)
{
    struct show_ctx *sc = arg;
    buf b;
    buf_init(&b);
    buf_puts(&b, sc->n++ ? "," : "");
    buf_puts(&b, "{\"at\":");
    buf_json_str(&b, a->at);
    buf_puts(&b, ",\"actor\":");
    buf_json_str(&b, a->actor);
    buf_puts(&b, ",\"action\":");
    buf_json_str(&b, a->action);
    buf_printf(&b, ",\"before\":%s,\"after\":%s}", a->before_json ? a->before_json : "null",
               a->after_json ? a->after_json : "null");
    fputs(b.data, stdout);
    buf_free(&b);
    return 0;
}

struct interp_list { store_t *s; const cal_t *cal; const struct doc *policy; bool json; int n; };

static int interp_cb(const struct doc *d, void *arg)
{
    struct interp_list *l = arg;
    enum doc_interp_timing t = DOC_INTERP_ON_TIME;
    int wd = 0;
    err e = {0};
    bool known = d->published != DOC_NODAY && l->policy->published != DOC_NODAY &&
                 doc_interp_timing(l->cal, l->policy->published, d->published, &t, &wd, &e) == 0;
    if (l->json) {
        printf("%s{\"id\":%lld,\"workdays_after_policy\":", l->n++ ? "," : "", (long long)d->id);
        if (known)
            printf("%d,\"on_time\":%s}", wd, t == DOC_INTERP_LATE ? "false" : "true");
        else
            printf("null,\"on_time\":null}");
        return 0;
    }
    printf("解读      %lld %s", (long long)d->id, d->title);
    if (!known)
        printf("（%s）\n", d->published == DOC_NODAY ? "未发布" : "无法计算工作日");
    else if (t == DOC_INTERP_LATE)
        printf("（政策发布后第 %d 个工作日发布：超过3个工作日）\n", wd);
    else if (t == DOC_INTERP_BEFORE_POLICY)
        printf("（先于政策 %d 个工作日发布）\n", -wd);
    else
        printf("（%s）\n", wd == 0 ? "与政策同日发布" : "政策发布后3个工作日内发布");
    return 0;
}

static int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc show";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_show, stdout);
        return 0;
    }
    bool json = cli_flag(&argc, argv, "--json");
    const char *version = cli_opt(&argc, argv, "--version");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id, vno = 0;
    if (!only_id(cmd, argc, argv, &id))
        return 2;
    if (version && !parse_id(cmd, version, &vno))
        return 2;
    store_t *s;
    struct store_agency ag;
    if ((rc = open_store(ctx, &s, &ag)))
        return rc;
    struct doc d;
    err e = {0};
    if (store_doc_get(s, ag.id, id, &d, &e)) {
        store_close(s);
        return err_exit(cmd, &e);
    }
    if (version) {
        struct version_ctx vc = {json, 0, vno, false};
        store_doc_versions(s, id, version_print, &vc, &e);
        doc_clear(&d);
        store_close(s);
        if (!vc.found) {
            cli_error(cmd, "document %lld has no version %lld (see 'gongkai doc show %lld')", (long long)id,
                      (long long)vno, (long long)id);
            return 1;
        }
        return 0;
    }
    cal_t *cal = load_calendar(s);
    gk_day today = date_today();
    enum doc_validity v = doc_validity_at(&d, today);
    struct store_doc_hit *h = NULL;
    size_t nh = 0;
    store_doc_hits(s, id, &h, &nh, &e);
    struct store_doc_attachment *att = NULL;
    size_t na = 0;
    store_doc_attachments(s, id, &att, &na, &e);
    struct store_audit_filter af = {.agency_id = ag.id, .entity = "document", .entity_id = id, .limit = 1000};
    struct store_doc_filter inf = {.agency_id = ag.id, .state = -1, .interprets = id, .limit = 100};
    struct interp_list il = {s, cal, &d, json, 0};
    char a[11], b[11];
    if (json) {
        buf j;
        buf_init(&j);
        doc_to_json(&d, true, &j);
        j.data[--j.len] = 0;   /* reopen the object */
        buf_printf(&j, ",\"validity\":\"%s\"", doc_validity_key(v));
        gk_day due;
        if (doc_publish_due(cal, d.written, &due, NULL) == 0) {
            day_str(due, a);
            buf_printf(&j, ",\"publish_due\":\"%s\"", a);
        } else {
            buf_puts(&j, ",\"publish_due\":null");
        }
        buf_puts(&j, ",\"attachments\":[");
        for (size_t i = 0; i < na; i++) {
            buf_puts(&j, i ? ",{\"name\":" : "{\"name\":");
            buf_json_str(&j, att[i].name);
            buf_printf(&j, ",\"sha256\":\"%s\",\"size\":%lld,\"kind\":\"%s\",\"text\":\"%s\",\"note\":",
                       att[i].sha256, (long long)att[i].size, att[i].kind, att[i].text_state);
            buf_json_str(&j, att[i].text_note);
            buf_puts(&j, ",\"confirmed_by\":");
            buf_json_str(&j, att[i].confirmed_by);
            buf_puts(&j, ",\"confirmed_at\":");
            buf_json_str(&j, att[i].confirmed_at);
            buf_putc(&j, '}');
        }
        buf_puts(&j, "],\"hits\":[");
        for (size_t i = 0; i < nh; i++) {
            buf_printf(&j, "%s{\"id\":%lld,\"source\":", i ? "," : "", (long long)h[i].id);
            buf_json_str(&j, h[i].source);
            buf_printf(&j, ",\"kind\":\"%s\",\"char_off\":%lld,\"found\":", doc_hit_kind_key(h[i].kind),
                       (long long)h[i].char_off);
            buf_json_str(&j, h[i].found);
            buf_puts(&j, ",\"excerpt\":");
            buf_json_str(&j, h[i].excerpt);
            buf_printf(&j, ",\"status\":\"%s\"", h[i].cleared ? "cleared" : h[i].fixed ? "fixed" : "open");
            if (h[i].cleared) {
                buf_puts(&j, ",\"cleared_by\":");
                buf_json_str(&j, h[i].cleared_by);
                buf_puts(&j, ",\"note\":");
                buf_json_str(&j, h[i].note);
            }
            buf_putc(&j, '}');
        }
        buf_puts(&j, "],\"interpretations\":[");
        fputs(j.data, stdout);
        buf_free(&j);
        store_doc_list(s, &inf, interp_cb, &il, &e);
        printf("],\"versions\":[");
        struct version_ctx vc = {true, 0, 0, false};
        store_doc_versions(s, id, version_print, &vc, &e);
        printf("],\"comments\":[");
        struct show_ctx sc = {true, 0};
        store_doc_comments(s, id, comment_json, &sc, &e);
        printf("],\"audit\":[");
        sc.n = 0;
        store_audit_list(s, &af, audit_json, &sc, &e);
        printf("]}\n");
    } else {
        printf("文件 %lld  [%s]\n", (long long)d.id, doc_status_label(&d, today));
        if (d.withdrawn_on != DOC_NODAY)
            printf("撤回      %s 由 %s 撤回：%s\n", (day_str(d.withdrawn_on, a), a), d.withdrawn_by,
                   d.withdrawn_reason);
        if (d.corrects)
            printf("更正      本稿为文件 %lld 的更正稿；更正说明：%s\n", (long long)d.corrects, d.correction_note);
        else if (d.corrected_on != DOC_NODAY)
            printf("更正      %s 更正；更正说明：%s\n", (day_str(d.corrected_on, a), a), d.correction_note);
        if (d.publicity_until != DOC_NODAY)
            printf("公示期至  %s%s\n", (day_str(d.publicity_until, b), b),
                   d.publicity_until < today ? "（已期满，不再公开）" : "");
        printf("索引号    %s\n", d.index_no[0] ? d.index_no : "（发布时生成）");
        printf("标题      %s\n", d.title);
        printf("文号      %s\n", d.docno[0] ? d.docno : "（无）");
        printf("发文机关  %s\n", d.issuer);
        printf("成文日期  %s\n", (day_str(d.written, a), a));
        printf("发布日期  %s\n", d.published != DOC_NODAY ? (day_str(d.published, b), b) : "（未发布）");
        print_deadline(cal, &d);
        if (d.category[0])
            printf("主题分类  %s\n", d.category);
        if (d.genre[0])
            printf("体裁      %s\n", d.genre);
        if (d.item)
            printf("公开事项  第二十条%s %s\n", doc_item_label(d.item), doc_items[d.item - 1].text);
        if (d.state == DOC_PUBLISHED) {
            printf("效力      %s", doc_validity_label(v));
            if (d.repealed_on != DOC_NODAY) {
                printf("（%s 起废止", (day_str(d.repealed_on, a), a));
                if (d.repealed_by)
                    printf("，废止文件 %lld", (long long)d.repealed_by);
                if (d.repealed_by_docno[0])
                    printf(" %s", d.repealed_by_docno);
                printf("）");
            }
            if (d.expires_on != DOC_NODAY)
                printf("（有效期至 %s）", (day_str(d.expires_on, a), a));
            putchar('\n');
            buf ch;
            buf_init(&ch);
            doc_channels_format(d.channels, true, &ch);
            printf("发布渠道  %s\n", ch.data ? ch.data : "");
            buf_free(&ch);
        }
        if (d.recipient_list)
            printf("名单公示  是（正文的姓名、身份证号、电话、住址已按规定脱敏；附件逐个见“附件”）\n");
        if (d.interprets) {
            struct doc p;
            if (store_doc_get(s, ag.id, d.interprets, &p, &e) == 0) {
                printf("解读对象  %lld %s\n", (long long)p.id, p.title);
                doc_clear(&p);
            }
        }
        store_doc_list(s, &inf, interp_cb, &il, &e);
        printf("经办      撰稿 %s", d.author);
        if (d.reviewer1[0])
            printf(" · 一审 %s", d.reviewer1);
        if (d.reviewer2[0])
            printf(" · 二审 %s", d.reviewer2);
        if (d.signer[0])
            printf(" · 签发 %s", d.signer);
        if (d.publisher[0])
            printf(" · 发布 %s", d.publisher);
        putchar('\n');
        if (na) {
            printf("附件\n");
            for (size_t i = 0; i < na; i++) {
                buf st;
                buf_init(&st);
                attachment_state(&d, &att[i], &st);
                printf("  %s  %lld 字节  sha256 %.16s…\n    %s\n", att[i].name, (long long)att[i].size,
                       att[i].sha256, st.data);
                buf_free(&st);
            }
        }
        if (nh) {
            printf("筛查\n");
            print_hits_of(s, id, false);
        }
        struct store_doc_filter cf = {.agency_id = ag.id, .state = -1, .corrects = id, .limit = 10};
        store_doc_list(s, &cf, correction_line, NULL, &e);
        struct version_ctx vc = {false, 0, 0, false};
        store_doc_versions(s, id, version_print, &vc, &e);
        printf("批注\n");
        store_doc_comments(s, id, comment_text, NULL, &e);
        printf("审计记录（最新在前）\n");
        store_audit_list(s, &af, audit_text, NULL, &e);
        printf("正文\n%s\n", d.body && *d.body ? d.body : "（空）");
    }
    free(h);
    free(att);
    cal_free(cal);
    doc_clear(&d);
    store_close(s);
    return 0;
}

struct list_ctx { bool json; int n; };

static int list_cb(const struct doc *d, void *arg)
{
    struct list_ctx *l = arg;
    char p[11];
    day_str(d->published, p);
    if (l->json) {
        buf b;
        buf_init(&b);
        doc_to_json(d, false, &b);
        printf("%s%s", l->n ? "," : "", b.data);
        buf_free(&b);
    } else {
        printf("%-6lld %-12s %-10s %-32s %s\n", (long long)d->id, doc_status_label(d, date_today()), p[0] ? p : "-",
               d->index_no[0] ? d->index_no : "-", d->title);
    }
    l->n++;
    return 0;
}

static int cmd_list(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc list";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_list, stdout);
        return 0;
    }
    bool json = cli_flag(&argc, argv, "--json");
    const char *state = cli_opt(&argc, argv, "--state");
    const char *year = cli_opt(&argc, argv, "--year");
    const char *limit = cli_opt(&argc, argv, "--limit");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc) {
        cli_error(cmd, "unexpected argument '%s'", argv[0]);
        return 2;
    }
    struct store_doc_filter f = {.state = -1, .limit = 100};
    enum doc_state st;
    if (state) {
        if (doc_state_parse(state, &st)) {
            cli_error(cmd, "--state: unknown state '%s' (draft, review1, review2, signoff, signed, published)", state);
            return 2;
        }
        f.state = st;
    }
    int64_t v;
    if (year) {
        if (!parse_i64(year, strlen(year), &v) || v < 1949 || v > 2100) {
            cli_error(cmd, "--year: '%s' is not a year", year);
            return 2;
        }
        f.year = (int)v;
    }
    if (limit) {
        if (!parse_i64(limit, strlen(limit), &v) || v < 1 || v > 1000000) {
            cli_error(cmd, "--limit: '%s' is not a number from 1 to 1000000", limit);
            return 2;
        }
        f.limit = (int)v;
    }
    store_t *s;
    struct store_agency ag;
    if ((rc = open_store(ctx, &s, &ag)))
        return rc;
    f.agency_id = ag.id;
    struct list_ctx l = {json, 0};
    err e = {0};
    if (json)
        printf("[");
    rc = store_doc_list(s, &f, list_cb, &l, &e);
    if (json)
        printf("]\n");
    store_close(s);
    return rc ? err_exit(cmd, &e) : 0;
}

/* ---- import ---- */

static int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc import";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_import, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
    bool publish = cli_flag(&argc, argv, "--publish");
    const char *format = cli_opt(&argc, argv, "--format");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc != 1) {
        cli_error(cmd, "expected one FILE (.csv or .json)");
        return 2;
    }
    const char *path = argv[0];
    enum doc_import_format fmt = DOC_IMPORT_CSV;
    size_t pl = strlen(path);
    if (format) {
        if (strcasecmp(format, "json") == 0)
            fmt = DOC_IMPORT_JSON;
        else if (strcasecmp(format, "csv") != 0) {
            cli_error(cmd, "--format: '%s' is not csv or json", format);
            return 2;
        }
    } else if (pl >= 5 && strcasecmp(path + pl - 5, ".json") == 0) {
        fmt = DOC_IMPORT_JSON;
    }
    buf b;
    buf_init(&b);
    err e = {0};
    if (file_read_all(path, DOC_FILE_MAX, &b, &e)) {
        buf_free(&b);
        return err_exit(path, &e);
    }
    struct doc_import im;
    doc_import_parse(b.data ? b.data : "", b.len, fmt, publish, date_today(), &im);
    buf_free(&b);
    store_t *s = NULL;
    struct store_agency ag;
    int nhits = 0;
    if (!im.nerrors) {
        if ((rc = open_store(ctx, &s, &ag))) {
            doc_import_free(&im);
            return rc;
        }
        rc = store_doc_import(s, ag.id, &im, actor, &nhits, &e);
        if (rc && !im.nerrors)
            rc = err_exit(cmd, &e) == 2 ? 2 : 1;
    }
    if (im.nerrors) {
        for (size_t i = 0; i < im.nerrors && i < CLI_ERRORS_SHOWN; i++) {
            char where[300];
            snprintf(where, sizeof where, "%s:%d", path, im.errors[i].line);
            cli_error(where, "%s", im.errors[i].msg);
        }
        if (im.nerrors > CLI_ERRORS_SHOWN)
            cli_error(path, "and %zu more problems not shown (the first %d are above)", im.nerrors - CLI_ERRORS_SHOWN,
                      CLI_ERRORS_SHOWN);
        cli_error(cmd, "%zu problem%s in %s: nothing was imported", im.nerrors, im.nerrors == 1 ? "" : "s", path);
        rc = 2;
    } else if (!rc) {
        int64_t first = im.nrows ? im.rows[0].d.id : 0, last = im.nrows ? im.rows[im.nrows - 1].d.id : 0;
        printf("已导入 %zu 份文件（%s，编号 %lld–%lld）", im.nrows, publish ? "已发布" : "草稿", (long long)first,
               (long long)last);
        if (nhits)
            printf("；筛查提示 %d 处，请用 gongkai doc show ID 查看", nhits);
        printf("\n");
    }
    doc_import_free(&im);
    store_close(s);
    return rc;
}

/* ---- search ---- */

/* Snippets carry <mark> and HTML escapes; on a terminal, 【】 and plain text. */
static void print_plain_snippet(const char *s)
{
    static const struct { const char *from, *to; } map[] = {
        {"<mark>", "【"}, {"</mark>", "】"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
        {"&#39;", "'"}, {"&amp;", "&"},
    };
    while (*s) {
        size_t k;
        for (k = 0; k < sizeof map / sizeof map[0]; k++) {
            size_t l = strlen(map[k].from);
            if (strncmp(s, map[k].from, l) == 0) {
                fputs(map[k].to, stdout);
                s += l;
                break;
            }
        }
        if (k == sizeof map / sizeof map[0])
            putchar(*s++ == '\n' ? ' ' : s[-1]);
    }
}

static int cmd_search(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc search";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_search, stdout);
        return 0;
    }
    bool json = cli_flag(&argc, argv, "--json");
    const char *limit = cli_opt(&argc, argv, "--limit");
    const char *offset = cli_opt(&argc, argv, "--offset");
    const char *sort = cli_opt(&argc, argv, "--sort");
    const char *year = cli_opt(&argc, argv, "--year");
    const char *category = cli_opt(&argc, argv, "--category");
    const char *genre = cli_opt(&argc, argv, "--genre");
    const char *issuer = cli_opt(&argc, argv, "--issuer");
    const char *item = cli_opt(&argc, argv, "--item");
    const char *validity = cli_opt(&argc, argv, "--validity");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc < 1) {
        cli_error(cmd, "expected a QUERY (see 'gongkai doc search --help')");
        return 2;
    }
    /* the words of the query may come as several arguments */
    buf q;
    buf_init(&q);
    for (int i = 0; i < argc; i++)
        buf_printf(&q, "%s%s", i ? " " : "", argv[i]);
    bool empty = true;
    for (const char *p = q.data; p && *p; p++)
        if (*p != ' ' && *p != '"' && *p != '\t')
            empty = false;
    if (empty) {
        cli_error(cmd, "the query is empty: give a word to search for");
        buf_free(&q);
        return 2;
    }
    struct store_doc_query sq = {.text = q.data, .validity = -1, .limit = 20};
    err e = {0};
    int64_t v;
    rc = 2;
    if (limit && (!parse_i64(limit, strlen(limit), &v) || v < 1 || v > 1000))
        cli_error(cmd, "--limit: '%s' is not a number from 1 to 1000", limit);
    else if (offset && (!parse_i64(offset, strlen(offset), &v) || v < 0 || v > 100000000))
        cli_error(cmd, "--offset: '%s' is not a number ≥ 0", offset);
    else if (sort && strcmp(sort, "date") != 0 && strcmp(sort, "relevance") != 0)
        cli_error(cmd, "--sort: '%s' is not date or relevance", sort);
    else if (year && (!parse_i64(year, strlen(year), &v) || v < 1949 || v > 2100))
        cli_error(cmd, "--year: '%s' is not a year", year);
    else
        rc = 0;
    if (!rc) {
        if (limit)
            parse_i64(limit, strlen(limit), &v), sq.limit = (int)v;
        if (offset)
            parse_i64(offset, strlen(offset), &v), sq.offset = (int)v;
        if (year)
            parse_i64(year, strlen(year), &v), sq.year = (int)v;
        sq.by_date = sort && strcmp(sort, "date") == 0;
        if (category && !(sq.category = doc_category_find(category, &e)))
            rc = err_exit(cmd, &e);
        else if (genre && !(sq.genre = doc_genre_find(genre, &e)))
            rc = err_exit(cmd, &e);
        else if (item && doc_item_parse(item, &sq.item, &e))
            rc = err_exit(cmd, &e);
        else if (validity) {
            enum doc_validity dv;
            if (doc_validity_parse(validity, &dv, &e) || !*validity)
                rc = *validity ? err_exit(cmd, &e) : (cli_error(cmd, "--validity: say in_force, repealed or expired"), 2);
            else
                sq.validity = dv;
        }
        sq.issuer = issuer;
    }
    if (rc) {
        buf_free(&q);
        return rc;
    }
    store_t *s;
    struct store_agency ag;
    if ((rc = open_store(ctx, &s, &ag))) {
        buf_free(&q);
        return rc;
    }
    sq.agency_id = ag.id;
    struct store_doc_result *res = NULL;
    size_t n = 0;
    int64_t total = 0;
    char *suggestion = NULL;
    if (store_doc_search(s, &sq, &res, &n, &total, &e) ||
        (total == 0 && store_doc_suggest(s, &sq, &suggestion, &e))) {
        rc = err_exit(cmd, &e);
    } else if (json) {
        buf b;
        buf_init(&b);
        buf_printf(&b, "{\"total\": %lld, \"results\": [", (long long)total);
        for (size_t i = 0; i < n; i++) {
            buf_printf(&b, "%s{\"id\": %lld, \"title\": ", i ? ", " : "", (long long)res[i].id);
            buf_json_str(&b, res[i].title);
            buf_puts(&b, ", \"docno\": ");
            buf_json_str(&b, res[i].docno);
            buf_puts(&b, ", \"published\": ");
            buf_json_str(&b, res[i].published);
            buf_printf(&b, ", \"validity\": \"%s\", \"validity_label\": \"%s\"",
                       doc_validity_key((enum doc_validity)res[i].validity),
                       doc_validity_label((enum doc_validity)res[i].validity));
            buf_puts(&b, ", \"snippet\": ");
            buf_json_str(&b, res[i].snippet ? res[i].snippet : "");
            buf_putc(&b, '}');
        }
        buf_puts(&b, "], \"suggestion\": ");
        if (suggestion)
            buf_json_str(&b, suggestion);
        else
            buf_puts(&b, "null");
        buf_puts(&b, "}\n");
        fputs(b.data, stdout);
        buf_free(&b);
    } else {
        printf("共 %lld 条", (long long)total);
        if (total > (int64_t)n)
            printf("（显示第 %d–%d 条）", sq.offset + 1, sq.offset + (int)n);
        printf("\n");
        if (suggestion)
            printf("您是不是要找：%s\n", suggestion);
        for (size_t i = 0; i < n; i++) {
            printf("%lld  %s  %s%s%s  [%s]\n    ", (long long)res[i].id, res[i].published, res[i].title,
                   res[i].docno[0] ? "  " : "", res[i].docno,
                   doc_validity_label((enum doc_validity)res[i].validity));
            print_plain_snippet(res[i].snippet ? res[i].snippet : "");
            printf("\n");
        }
    }
    free(suggestion);
    store_doc_results_free(res, n);
    store_close(s);
    buf_free(&q);
    return rc;
}

/* ---- stats ---- */

static int cmd_stats(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc stats";
    if (cli_wants_help(argc, argv) || argc < 1) {
        fputs(usage_stats, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    bool set = strcmp(argv[0], "set") == 0;
    if (!set && strcmp(argv[0], "show") != 0) {
        cli_error(cmd, "unknown subcommand '%s' (set or show)", argv[0]);
        return 2;
    }
    argc--, argv++;
    const char *actor = actor_of(&argc, argv);
    const char *year = cli_opt(&argc, argv, "--year");
    struct { const char *opt, *key; const char *val; } named[] = {
        {"--licensing", "licensing.decisions", NULL},
        {"--penalty", "penalty.decisions", NULL},
        {"--compulsion", "compulsion.decisions", NULL},
        {"--fees", "fees.amount_10k_yuan", NULL},
    };
    bool json = false;
    const char *layout = NULL;
    if (set)
        for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
            named[i].val = cli_opt(&argc, argv, named[i].opt);
    else {
        json = cli_flag(&argc, argv, "--json");
        layout = cli_opt(&argc, argv, "--layout");
    }
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t y;
    if (!year || !parse_i64(year, strlen(year), &y) || y < 2008 || y > 2100) {
        cli_error(cmd, "--year Y is required (a year from 2008)");
        return 2;
    }
    enum rpt_layout lay = RPT_LAYOUT_UNKNOWN;
    if (layout && ((lay = rpt_layout_from_name(layout)) == RPT_LAYOUT_UNKNOWN || lay == RPT_LAYOUT_NARRATIVE)) {
        cli_error(cmd, "--layout: '%s' is not 2021, 2019 or 2008", layout);
        return 2;
    }
    /* KEY=VALUE pairs (set) */
    struct kv { char key[96]; double v; } kv[64];
    int nkv = 0;
    for (size_t i = 0; set && i < sizeof named / sizeof named[0]; i++)
        if (named[i].val) {
            snprintf(kv[nkv].key, sizeof kv[nkv].key, "%s", named[i].key);
            char *end;
            kv[nkv].v = strtod(named[i].val, &end);
            if (!*named[i].val || *end) {
                cli_error(cmd, "%s: '%s' is not a number", named[i].opt, named[i].val);
                return 2;
            }
            nkv++;
        }
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (!set || !eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof kv[0].key || nkv >= 64) {
            cli_error(cmd, "unexpected argument '%s' (see 'gongkai doc stats --help')", argv[i]);
            return 2;
        }
        snprintf(kv[nkv].key, sizeof kv[nkv].key, "%.*s", (int)(eq - argv[i]), argv[i]);
        char *end;
        kv[nkv].v = strtod(eq + 1, &end);
        if (!eq[1] || *end) {
            cli_error(cmd, "%s: '%s' is not a number", kv[nkv].key, eq + 1);
            return 2;
        }
        nkv++;
    }
    if (set && !nkv) {
        cli_error(cmd, "nothing to set (see 'gongkai doc stats --help')");
        return 2;
    }
    store_t *s;
    struct store_agency ag;
    if ((rc = open_store(ctx, &s, &ag)))
        return rc;
    err e = {0};
    if (set) {
        for (int i = 0; i < nkv && !rc; i++)
            if (store_doc_stat_set(s, ag.id, (int)y, kv[i].key, kv[i].v, actor, &e))
                rc = err_exit(cmd, &e);
            else
                printf("%lld 年 %s = %g\n", (long long)y, kv[i].key, kv[i].v);
        store_close(s);
        return rc;
    }
    rpt *r = rpt_new();
    r->layout = lay;
    if (store_doc_table2(s, ag.id, (int)y, r, &e)) {
        rc = err_exit(cmd, &e);
    } else if (r->layout == RPT_LAYOUT_2008) {
        static const char *const keys[] = {"proactive.total", "proactive.website", "proactive.gazette",
                                           "proactive.weibo", "proactive.wechat", "proactive.other",
                                           "proactive.normative", "proactive.normative_issued"};
        if (json)
            printf("{\"year\": %lld, \"layout\": \"2008\", \"legacy\": {", (long long)y);
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            int k = rpt_legacy_index(keys[i]);
            if (k < 0)
                continue;
            if (json)
                printf("%s\"%s\": %.0f", i ? ", " : "", keys[i], r->legacy[k]);
            else
                printf("%-28s %-20s %.0f\n", rpt_legacy_defs[k].labels[0], keys[i], r->legacy[k]);
        }
        if (json)
            printf("}}\n");
    } else {
        if (json)
            printf("{\"year\": %lld, \"layout\": \"%s\", \"proactive\": {", (long long)y, rpt_layout_name(r->layout));
        else
            printf("%lld 年 表二（%s 格式）\n", (long long)y, rpt_layout_name(r->layout));
        int last_row = -1, n = 0;
        for (int f = 0; f < PRO_NFIELDS; f++) {
            if (!(rpt_pro_fields[f].layouts & RPT_LAYOUT_BIT(r->layout)))
                continue;
            const struct rpt_pro_field_def *fd = &rpt_pro_fields[f];
            double val = r->pro[f];
            if (json) {
                if (fd->row != last_row)
                    printf("%s\"%s\": {", last_row >= 0 ? "}, " : "", rpt_pro_rows[fd->row].group), n = 0;
                printf("%s\"%s\": ", n++ ? ", " : "", fd->key);
                if (rpt_is_null(val))
                    printf("null");
                else
                    printf("%.17g", val);
            } else {
                const char *label = r->layout == RPT_LAYOUT_2019 && rpt_pro_rows[fd->row].label_2019
                                        ? rpt_pro_rows[fd->row].label_2019
                                        : rpt_pro_rows[fd->row].label;
                if (rpt_is_null(val))
                    printf("  %-18s %-24s （未录入：gongkai doc stats set --year %lld %s.%s=N）\n", label,
                           fd->header, (long long)y, rpt_pro_rows[fd->row].group, fd->key);
                else
                    printf("  %-18s %-24s %g\n", label, fd->header, val);
            }
            last_row = fd->row;
        }
        if (json)
            printf("%s}}\n", last_row >= 0 ? "}" : "");
    }
    rpt_free(r);
    store_close(s);
    return rc;
}

/* ---- words, vocab ---- */

static int cmd_words(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc words";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_words, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
    const char *set = cli_opt(&argc, argv, "--set");
    bool reset = cli_flag(&argc, argv, "--reset");
    cli_flag(&argc, argv, "--show");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc || (set && reset)) {
        cli_error(cmd, "say one of --show, --set FILE or --reset");
        return 2;
    }
    buf text;
    buf_init(&text);
    err e = {0};
    if (set) {
        if (file_read_all(set, 4u << 20, &text, &e)) {
            buf_free(&text);
            return err_exit(set, &e);
        }
    }
    store_t *s;
    struct store_agency ag;
    if ((rc = open_store(ctx, &s, &ag))) {
        buf_free(&text);
        return rc;
    }
    if (set || reset) {
        if (store_doc_words_set(s, ag.id, set ? (text.data ? text.data : "") : NULL, actor, &e)) {
            rc = err_exit(set ? set : cmd, &e);
        } else {
            doc_words *w;
            if (store_doc_words(s, ag.id, &w, &e) == 0) {
                printf("%s：%zu 个词语\n", reset ? "已恢复默认敏感词表" : "已更新本单位敏感词表", doc_words_count(w));
                doc_words_free(w);
            }
        }
    } else {
        bool def;
        if (store_doc_words_text(s, ag.id, &text, &def, &e))
            rc = err_exit(cmd, &e);
        else
            fwrite(text.data ? text.data : "", 1, text.len, stdout);
    }
    buf_free(&text);
    store_close(s);
    return rc;
}

static int cmd_synonyms(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc synonyms";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_synonyms, stdout);
        return 0;
    }
    const char *actor = actor_of(&argc, argv);
    const char *set = cli_opt(&argc, argv, "--set");
    bool reset = cli_flag(&argc, argv, "--reset");
    cli_flag(&argc, argv, "--show");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc || (set && reset)) {
        cli_error(cmd, "say one of --show, --set FILE or --reset");
        return 2;
    }
    buf text;
    buf_init(&text);
    err e = {0};
    if (set && file_read_all(set, SEARCH_SYN_MAX_BYTES, &text, &e)) {
        buf_free(&text);
        return err_exit(set, &e);
    }
    store_t *s;
    struct store_agency ag;
    if ((rc = open_store(ctx, &s, &ag))) {
        buf_free(&text);
        return rc;
    }
    search_synonyms *syn = NULL;
    if (set || reset) {
        if (store_synonyms_set(s, ag.id, set ? (text.data ? text.data : "") : NULL, actor, &e) ||
            store_synonyms(s, ag.id, &syn, &e))
            rc = err_exit(set ? set : cmd, &e);
        else
            printf("%s：%zu 组\n", reset ? "已恢复默认同义词表" : "已更新本单位同义词表", search_synonyms_groups(syn));
        search_synonyms_free(syn);
    } else if (store_synonyms_text(s, ag.id, &text, NULL, &e)) {
        rc = err_exit(cmd, &e);
    } else {
        fwrite(text.data ? text.data : "", 1, text.len, stdout);
    }
    buf_free(&text);
    store_close(s);
    return rc;
}

static int cmd_vocab(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs("usage: gongkai doc vocab\n\nPrints the topic categories, genres, Art. 20 items and channels "
              "documents are described with (with the other names accepted on input).\n", stdout);
        return 0;
    }
    int rc = cli_reject_unknown(argc, argv, "doc vocab");
    if (rc)
        return rc;
    const struct { const char *title; const struct doc_term *t; int n; } lists[] = {
        {"主题分类 (--category)", doc_categories, doc_ncategories},
        {"体裁 (--genre)", doc_genres, doc_ngenres},
    };
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        printf("%s\n", lists[l].title);
        for (int i = 0; i < lists[l].n; i++) {
            printf("  %s", lists[l].t[i].name);
            for (int a = 0; a < 4 && lists[l].t[i].aliases[a]; a++)
                printf("%s%s", a ? "、" : "（也作 ", lists[l].t[i].aliases[a]);
            printf("%s\n", lists[l].t[i].aliases[0] ? "）" : "");
        }
    }
    printf("第二十条公开事项 (--item)\n");
    for (int i = 0; i < 15; i++)
        printf("  %-2d %s %s\n", doc_items[i].n, doc_item_label(doc_items[i].n), doc_items[i].text);
    printf("发布渠道 (--channels)\n");
    for (int c = 0; c < DOC_NCHANNELS; c++)
        printf("  %-8s %s\n", doc_channels[c].key, doc_channels[c].label);
    return 0;
}

static int cmd_reindex(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "doc reindex";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_reindex, stdout);
        return 0;
    }
    bool show = cli_flag(&argc, argv, "--show");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc) {
        cli_error(cmd, "takes no arguments (see 'gongkai doc reindex --help')");
        return 2;
    }
    store_t *s;
    err e = {0};
    if (store_open(ctx->db_path, &s, &e)) {
        cli_error(ctx->db_path, "%s", e.msg);
        return 1;
    }
    struct store_gram_stats st;
    rc = show ? store_doc_grams_info(s, &st, &e) : store_doc_grams_rebuild(s, &st, &e);
    store_close(s);
    if (rc)
        return err_exit(cmd, &e);
    printf("frequent strings: %lld kept (each in at least %lld of %lld documents), mined from %lld sampled "
           "documents at %s (count #%lld)",
           (long long)st.grams, (long long)st.min_docs, (long long)st.docs, (long long)st.sampled, st.mined_at,
           (long long)st.version);
    if (!show)
        printf(" in %.2f s", st.seconds);
    printf("\n");
    return 0;
}

int cli_doc(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 1) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *sub = argv[0];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    argc--, argv++;
    /* --agency may also follow the command */
    const char *agency = cli_opt(&argc, argv, "--agency");
    if (agency)
        ctx->agency = agency;
    if (strcmp(sub, "add") == 0) return cmd_add(ctx, argc, argv);
    if (strcmp(sub, "edit") == 0) return cmd_edit(ctx, argc, argv);
    if (strcmp(sub, "attach") == 0) return cmd_attach(ctx, argc, argv);
    if (strcmp(sub, "attachment") == 0) return cmd_attachment(ctx, argc, argv);
    if (strcmp(sub, "submit") == 0) return cmd_submit(ctx, argc, argv);
    if (strcmp(sub, "review") == 0) return cmd_review(ctx, argc, argv);
    if (strcmp(sub, "publish") == 0) return cmd_publish(ctx, argc, argv);
    if (strcmp(sub, "repeal") == 0) return cmd_validity(ctx, argc, argv, true);
    if (strcmp(sub, "expire") == 0) return cmd_validity(ctx, argc, argv, false);
    if (strcmp(sub, "withdraw") == 0) return cmd_withdraw(ctx, argc, argv);
    if (strcmp(sub, "correct") == 0) return cmd_correct(ctx, argc, argv);
    if (strcmp(sub, "show") == 0) return cmd_show(ctx, argc, argv);
    if (strcmp(sub, "list") == 0) return cmd_list(ctx, argc, argv);
    if (strcmp(sub, "import") == 0) return cmd_import(ctx, argc, argv);
    if (strcmp(sub, "search") == 0) return cmd_search(ctx, argc, argv);
    if (strcmp(sub, "reindex") == 0) return cmd_reindex(ctx, argc, argv);
    if (strcmp(sub, "stats") == 0) return cmd_stats(ctx, argc, argv);
    if (strcmp(sub, "words") == 0) return cmd_words(ctx, argc, argv);
    if (strcmp(sub, "synonyms") == 0) return cmd_synonyms(ctx, argc, argv);
    if (strcmp(sub, "vocab") == 0) return cmd_vocab(argc, argv);
    cli_error("doc", "unknown command '%s' (see 'gongkai doc --help')", sub);
    return 2;
}
