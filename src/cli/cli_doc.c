/*
 * cli — the 'doc' command group: 主动公开. Drafts, the review workflow
 * (撰稿 → 一审 → 二审 → 签发 → 发布), validity, the catalogue import, search,
 * the yearly figures of table 二 and the screening word list. The rules are
 * src/publish/'s; the records the store's. This file holds the group's table
 * and add, edit, attach; the workflow steps are cli_doc_step.c; show, list
 * and search cli_doc_show.c; import, stats, words, vocab and reindex
 * cli_doc_admin.c.
 */
#include "cli/cli.h"
#include "cli/cli_doc_internal.h"
#include "calendar/calendar.h"
#include "files/files.h"
#include "publish/publish.h"
#include "report/report.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


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
    "Who acts is --actor NAME (or --as NAME; else $GONGKAI_USER, else $USER). The role is the\n"
    "one the step needs; say it with --role author|reviewer1|reviewer2|leader|office when\n"
    "several may act.\n"
    "'gongkai doc COMMAND --help' describes each. Exit status: 0 done, 1 refused (the reason\n"
    "is printed), 2 bad input.\n";

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
    "  --actor NAME          the author (--as NAME, the older spelling, works too)\n"
    "  --request-id ID       an idempotency key chosen by the caller (1-100 visible ASCII): a\n"
    "                        retry with the same key adds nothing and prints the first draft's id\n";

static const char usage_edit[] =
    "usage: gongkai doc edit ID [--title T] [--docno 文号] [--issuer I] [--written DATE]\n"
    "                           [--category C] [--genre G] [--item N] [--body TEXT | --body-file F]\n"
    "                           [--interprets ID] [--expires DATE] [--publicity-until DATE]\n"
    "                           [--recipient-list] [--actor NAME]\n\n"
    "Changes the fields given and keeps the others. The author edits a draft; in review, the\n"
    "reviewer of the stage fixes the text (it is screened again at once). --docno '' or\n"
    "--category '' clear a field. A published document is not edited: 'gongkai doc correct'\n"
    "starts a correction that goes through review.\n";

static const char usage_attach[] =
    "usage: gongkai doc attach ID FILE... [--actor NAME]\n\n"
    "Attaches files to a document that is not published yet (a file of the same name is\n"
    "replaced). Content is stored once per SHA-256. gongkai reads the text of .docx, .xlsx,\n"
    ".odt, .ods, .pdf (text layer), .csv, .html and .txt files and screens it with the body;\n"
    "in a recipient list, .xlsx, .docx, .csv and .txt files are stored as gongkai's masked\n"
    "copy. A damaged file or a zip bomb is refused. A file whose text cannot be read (a scan,\n"
    "an image, .doc/.wps/.et) is stored as unread: publishing it needs --confirm-unread NAME.\n";

static const char usage_attachment[] =
    "usage: gongkai doc attachment ID NAME\n\nPrints the content of the attachment NAME of document ID.\n";

/* ---- shared ---- */

/* The store and the agency the runner opened (once). */
int cli_doc_open(cli_run *run, store_t **s, struct store_agency *ag)
{
    int rc = cli_open(run);
    if (!rc) {
        *s = run->store;
        *ag = run->agency;
    }
    return rc;
}

int cli_doc_err(const char *cmd, const err *e)
{
    return cli_report_err_in(cmd, e);
}

bool cli_doc_parse_id(const char *cmd, const char *s, int64_t *id)
{
    if (!s || !parse_i64(s, strlen(s), id) || *id <= 0) {
        cli_error(cmd, "'%s' is not a document id (a number; see 'gongkai doc list')", s ? s : "");
        return false;
    }
    return true;
}

/* The step commands take exactly one positional argument: the document's ID. */
bool cli_doc_only_id(const char *cmd, int argc, char **argv, int64_t *id)
{
    if (argc != 1) {
        cli_error(cmd, "expected the document's ID");
        return false;
    }
    return cli_doc_parse_id(cmd, argv[0], id);
}

bool cli_doc_date_opt(const char *cmd, const char *what, const char *s, gk_day *d)
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
cal_t *cli_doc_calendar(store_t *s)
{
    cal_t *c = NULL;
    err e = {0};
    if (store_calendar(s, &c, &e) != 0) {
        cli_error("calendar", "imported years not used: %s", e.msg);
        c = cal_builtin();
    }
    return c;
}

void cli_doc_day(gk_day d, char out[11])
{
    if (d == DOC_NODAY)
        strcpy(out, "");
    else
        date_format(d, out);
}

void cli_doc_print_hits(store_t *s, int64_t id, bool only_open)
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
            return cli_doc_err(cmd, &e);
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
/* Each field option's setter: the value v (given, perhaps empty) into d;
 * prints the error and returns the exit status when it is bad. Limits are
 * in characters (base/limits.h): refused naming the option, never cut. */
static int set_title(const char *cmd, const char *v, struct doc *d)
{
    (void)cmd;
    err e = {0};
    return lim_copy(LIM_F_DOC_TITLE, d->title, sizeof d->title, v, &e) ? cli_report_err(&e) : 0;
}

static int set_issuer(const char *cmd, const char *v, struct doc *d)
{
    (void)cmd;
    err e = {0};
    return lim_copy(LIM_F_DOC_ISSUER, d->issuer, sizeof d->issuer, v, &e) ? cli_report_err(&e) : 0;
}

static int set_docno(const char *cmd, const char *v, struct doc *d)
{
    d->docno[0] = 0;
    struct doc_docno dn;
    err e = {0};
    if (!*v)
        return 0;
    if (doc_docno_parse(v, &dn, &e))
        return cli_doc_err(cmd, &e);
    snprintf(d->docno, sizeof d->docno, "%s", dn.canonical);
    return 0;
}

static int set_written(const char *cmd, const char *v, struct doc *d)
{
    return cli_doc_date_opt(cmd, "--written", v, &d->written) ? 0 : 2;
}

static int set_expires(const char *cmd, const char *v, struct doc *d)
{
    d->expires_on = DOC_NODAY;
    return *v && !cli_doc_date_opt(cmd, "--expires", v, &d->expires_on) ? 2 : 0;
}

static int set_publicity(const char *cmd, const char *v, struct doc *d)
{
    d->publicity_until = DOC_NODAY;
    return *v && !cli_doc_date_opt(cmd, "--publicity-until", v, &d->publicity_until) ? 2 : 0;
}

/* A term of a vocabulary (category, genre) into dst, "" clearing it. */
static int set_term(const char *cmd, const char *v, char *dst, size_t cap, const char *(*find)(const char *, err *))
{
    dst[0] = 0;
    if (!*v)
        return 0;
    err e = {0};
    const char *t = find(v, &e);
    if (!t)
        return cli_doc_err(cmd, &e);
    snprintf(dst, cap, "%s", t);
    return 0;
}

static int set_category(const char *cmd, const char *v, struct doc *d)
{
    return set_term(cmd, v, d->category, sizeof d->category, doc_category_find);
}

static int set_genre(const char *cmd, const char *v, struct doc *d)
{
    return set_term(cmd, v, d->genre, sizeof d->genre, doc_genre_find);
}

static int set_item(const char *cmd, const char *v, struct doc *d)
{
    err e = {0};
    return doc_item_parse(v, &d->item, &e) ? cli_doc_err(cmd, &e) : 0;
}

static int set_interprets(const char *cmd, const char *v, struct doc *d)
{
    d->interprets = 0;
    return *v && !cli_doc_parse_id(cmd, v, &d->interprets) ? 2 : 0;
}

/* The field options of add, edit and correct, in the order they are read. */
static const struct {
    const char *opt;
    int (*set)(const char *cmd, const char *v, struct doc *d);
} doc_field_opts[] = {
    {"--title", set_title}, {"--issuer", set_issuer}, {"--docno", set_docno}, {"--written", set_written},
    {"--expires", set_expires}, {"--publicity-until", set_publicity}, {"--category", set_category},
    {"--genre", set_genre}, {"--item", set_item}, {"--interprets", set_interprets},
};

int cli_doc_fields_from_opts(const char *cmd, int *argc, char **argv, struct doc *d, bool *changed)
{
    *changed = false;
    for (size_t i = 0; i < sizeof doc_field_opts / sizeof doc_field_opts[0]; i++) {
        const char *v = cli_opt(argc, argv, doc_field_opts[i].opt);
        if (!v)
            continue;
        int rc = doc_field_opts[i].set(cmd, v, d);
        if (rc)
            return rc;
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
            return cli_doc_err(cmd, &e);
        int frc = file_read_all(files[i], amax, &b, &e);
        if (frc == GK_EINVAL)
            err_set(&e, GK_EINVAL, files[i], "the attachment is larger than %zu MiB (setting doc.attachment_max_mb)",
                    amax >> 20);
        if (frc) {
            buf_free(&b);
            return cli_doc_err(cmd, &e);
        }
        const char *name = strrchr(files[i], '/');
        name = name ? name + 1 : files[i];
        int rc = store_doc_attach(s, agency, id, name, b.data ? b.data : "", b.len, actor, &e);
        buf_free(&b);
        if (rc)
            return cli_doc_err(cmd, &e);
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
    return store_commit(s, &e) ? cli_doc_err(cmd, &e) : 0;
}

/* ---- add, edit, attach ---- */

static int cmd_add(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc add";
    const char *actor = run->actor;
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
    int rc = cli_doc_fields_from_opts(cmd, &argc, argv, &d, &changed);
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
    if ((rc = cli_doc_open(run, &s, &ag))) {
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
            rc = cli_doc_err(cmd, &e);
        else
            rc = attach_files(cmd, s, ag.id, d.id, attach, nattach, actor);
        if (!rc && request_id && store_form_token_put(s, ag.id, token, "document", d.id, &e)) {
            store_rollback(s);   /* a concurrent retry took the key: its draft is the one */
            found = cli_request_find(s, ag.id, token, "document", &first);
            rc = found == 0 ? cli_doc_err(cmd, &e) : 0;
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
    return rc;
}

int cli_doc_edit_id(const char *cmd, const char *next, int argc, char **argv, int64_t *id)
{
    if (argc < 1 || argv[0][0] == '-') {
        cli_error(cmd, "put the document's ID first: gongkai %s ID %s ...", cmd, next);
        return 2;
    }
    return cli_doc_parse_id(cmd, argv[0], id) ? 0 : 2;
}

int cli_doc_edit_load(cli_run *run, const char *cmd, int *argc, char **argv, struct cli_doc_edit *x)
{
    int rc = cli_doc_open(run, &x->s, &x->ag);
    if (rc)
        return rc;
    err e = {0};
    if (store_doc_get(x->s, x->ag.id, x->id, &x->d, &e))
        return cli_doc_err(cmd, &e);
    rc = cli_doc_fields_from_opts(cmd, argc, argv, &x->d, &x->changed);
    if (!rc)
        rc = cli_reject_unknown(*argc, argv, cmd);
    if (!rc && *argc > 1) {
        cli_error(cmd, "unexpected argument '%s'", argv[1]);
        rc = 2;
    }
    if (!rc && x->action == DOC_A_EDIT && !x->changed) {
        cli_error(cmd, "nothing to change (see 'gongkai doc edit --help')");
        rc = 2;
    }
    if (!rc)
        rc = cli_doc_pick_role(cmd, x->role, &x->d, x->action, run->actor, &x->r);
    if (rc)
        doc_clear(&x->d);
    return rc;
}

static int cmd_edit(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc edit";
    const char *actor = run->actor;
    struct cli_doc_edit x = {.action = DOC_A_EDIT, .role = cli_opt(&argc, argv, "--role")};
    int rc = cli_doc_edit_id(cmd, "--title", argc, argv, &x.id);
    if (rc || (rc = cli_doc_edit_load(run, cmd, &argc, argv, &x)))
        return rc;
    struct store_doc_step st = {.action = DOC_A_EDIT, .role = x.r, .actor = actor, .date = DOC_NODAY, .edit = &x.d};
    struct store_doc_outcome o;
    err e = {0};
    if (store_doc_step(x.s, x.ag.id, x.id, &st, &o, &e)) {
        rc = cli_doc_err(cmd, &e);
    } else {
        printf("文件 %lld 已修改（%s）", (long long)x.id, doc_state_label(o.to));
        if (o.to != DOC_DRAFT)
            printf("；重新筛查：%d 处待处理", o.hits_open);
        putchar('\n');
        if (o.hits_open && o.to != DOC_DRAFT)
            cli_doc_print_hits(x.s, x.id, true);
    }
    doc_clear(&x.d);
    return rc;
}

static int cmd_attach(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc attach";
    const char *actor = run->actor;
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (argc < 2) {
        cli_error(cmd, "expected ID and at least one FILE");
        return 2;
    }
    if (!cli_doc_parse_id(cmd, argv[0], &id))
        return 2;
    store_t *s;
    struct store_agency ag;
    if ((rc = cli_doc_open(run, &s, &ag)))
        return rc;
    err e = {0};
    /* every file or none */
    rc = store_begin(s, &e) ? cli_doc_err(cmd, &e) : attach_files(cmd, s, ag.id, id, argv + 1, argc - 1, actor);
    if (!(rc = finish_tx(cmd, s, rc)))
        print_attached(id, argv + 1, argc - 1);
    return rc;
}

static int cmd_attachment(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc attachment";
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (argc != 2) {
        cli_error(cmd, "expected ID and NAME");
        return 2;
    }
    if (!cli_doc_parse_id(cmd, argv[0], &id))
        return 2;
    store_t *s;
    struct store_agency ag;
    if ((rc = cli_doc_open(run, &s, &ag)))
        return rc;
    struct doc d;
    err e = {0};
    if ((rc = store_doc_get(s, ag.id, id, &d, &e))) {
        return cli_doc_err(cmd, &e);
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
    return rc ? cli_doc_err(cmd, &e) : 0;
}


/* The document commands; the steps of the review workflow (submit through
 * correct) are rows that write (the actor is taken). */
static const struct cli_sub doc_subs[] = {
    {"add", usage_add, cmd_add, CLI_WRITES, 0},
    {"edit", usage_edit, cmd_edit, CLI_WRITES, 0},
    {"attach", usage_attach, cmd_attach, CLI_WRITES, 0},
    {"attachment", usage_attachment, cmd_attachment, 0, 0},
    {"submit", cli_doc_usage_submit, cli_doc_cmd_step, CLI_WRITES, CLI_DOC_SUBMIT},
    {"review", cli_doc_usage_review, cli_doc_cmd_step, CLI_WRITES, CLI_DOC_REVIEW},
    {"publish", cli_doc_usage_publish, cli_doc_cmd_step, CLI_WRITES, CLI_DOC_PUBLISH},
    {"repeal", cli_doc_usage_repeal, cli_doc_cmd_step, CLI_WRITES, CLI_DOC_REPEAL},
    {"expire", cli_doc_usage_expire, cli_doc_cmd_step, CLI_WRITES, CLI_DOC_EXPIRE},
    {"withdraw", cli_doc_usage_withdraw, cli_doc_cmd_step, CLI_WRITES, CLI_DOC_WITHDRAW},
    {"correct", cli_doc_usage_correct, cli_doc_cmd_correct, CLI_WRITES, 0},
    {"show", cli_doc_usage_show, cli_doc_cmd_show, 0, 0},
    {"list", cli_doc_usage_list, cli_doc_cmd_list, 0, 0},
    {"import", cli_doc_usage_import, cli_doc_cmd_import, CLI_WRITES, 0},
    {"search", cli_doc_usage_search, cli_doc_cmd_search, 0, 0},
    {"reindex", cli_doc_usage_reindex, cli_doc_cmd_reindex, 0, 0},
    {"stats", cli_doc_usage_stats, cli_doc_cmd_stats, CLI_WRITES, 0},
    {"words", cli_doc_usage_words, cli_doc_cmd_words, CLI_WRITES, 0},
    {"synonyms", cli_doc_usage_synonyms, cli_doc_cmd_synonyms, CLI_WRITES, 0},
    {"vocab", cli_doc_usage_vocab, cli_doc_cmd_vocab, 0, 0},
    {"register", cli_doc_usage_register, cli_doc_cmd_register, CLI_WRITES, 0},
    {"attr", cli_doc_usage_attr, cli_doc_cmd_attr, CLI_WRITES, 0},
    {"registry", cli_doc_usage_registry, cli_doc_cmd_registry, 0, 0},
    {"bases", cli_doc_usage_bases, cli_doc_cmd_bases, 0, 0},
};

int cli_doc(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"doc", usage_main, doc_subs, sizeof doc_subs / sizeof doc_subs[0], "cli"};
    return cli_run_group(ctx, &g, argc, argv);
}
