/*
 * cli — `gongkai channel` (the agency's channels, what was sent to them, what
 * each needs: a post's text and images, a gazette issue's contents) and
 * `gongkai archive` (copy packages for the archive and the library, their
 * delivery, what is overdue). Issue 18; the rules are publish/channel.h,
 * the records store.h ("channels and archive copies").
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/limits.h"
#include "cli/cli.h"
#include "publish/channel.h"
#include "publish/publish.h"
#include "web/web.h"

static const char usage_channel[] =
    "usage: gongkai channel add --kind KIND --name NAME\n"
    "       gongkai channel list\n"
    "       gongkai channel send DOC --channel ID [--date YYYY-MM-DD] [--ref TEXT]\n"
    "       gongkai channel sends [--channel ID] [--year Y] [--ref TEXT]\n"
    "       gongkai channel counts --year Y\n"
    "       gongkai channel post DOC --channel ID --out DIR\n"
    "       gongkai channel issue --channel ID --ref ISSUE [--out FILE.csv]\n"
    "  (each takes --agency CODE; add and send take --actor NAME)\n\n"
    "The agency's channels besides the portal (《条例》第二十三条): KIND is wechat (政务微信),\n"
    "weibo (政务微博), gazette (政府公报), newspaper (报纸), radio_tv (广播电视) or board (公开栏).\n"
    "  send     records that published document DOC went to the channel on --date (today\n"
    "           by default, not before its publication) with its reference (--ref: the\n"
    "           gazette's issue, the newspaper's date and page, the post's address)\n"
    "  counts   documents sent in year Y per kind: the 2008 layout's channel rows and the\n"
    "           narrative's counts\n"
    "  post     what the channel needs: DIR/post.txt (title, 文号, the text, cut for Weibo,\n"
    "           the portal's link) and, for new media, the document's images\n"
    "  issue    the contents of a gazette issue (the documents sent with --ref ISSUE) as CSV\n";

static const char usage_archive[] =
    "usage: gongkai archive pending [--to archive|library]\n"
    "       gongkai archive package --to archive|library --out FILE.zip\n"
    "       gongkai archive deliver PACKAGE --receiver NAME [--date YYYY-MM-DD] [--ref TEXT]\n"
    "       gongkai archive list\n"
    "       gongkai archive settings [--workdays N] [--from YYYY-MM-DD]\n"
    "  (each takes --agency CODE; package, deliver and settings take --actor NAME)\n\n"
    "Copies of published documents for the archive (档案馆) and the library (图书馆), due\n"
    "within N working days of publication on the agency's calendar (setting archive.workdays,\n"
    "default 20; documents published before archive.from are not tracked).\n"
    "  pending  documents whose copy is not delivered, with the last day; exit 1 when one is\n"
    "           past it (逾期)\n"
    "  package  the copy package of every pending document for the recipient: a ZIP with\n"
    "           metadata.csv, metadata.xml, and each document's text and attachments\n"
    "  deliver  the package's delivery: the day, who received it, the receipt's reference\n";

static int want_id(const char *cmd, const char *opt, const char *s, int64_t *out)
{
    if (!s || !parse_i64(s, strlen(s), out) || *out <= 0) {
        cli_error(opt, "%s: give a record number, e.g. %s 3", cmd, opt);
        return 2;
    }
    return 0;
}

static int want_day(const char *opt, const char *s, gk_day *out)
{
    if (!s) {
        *out = date_today();
        return 0;
    }
    return cli_app_date(opt, s, out);
}

static int rest_check(cli_run *r, int argc, char **argv, int positional)
{
    int rc = cli_reject_unknown(argc, argv, r->cmd);
    if (!rc && argc > positional) {
        cli_error(r->cmd, "unexpected argument '%s' (see 'gongkai %s --help')", argv[positional], r->cmd);
        rc = 2;
    }
    return rc;
}

/* ---- channel ------------------------------------------------------------------ */

static int cmd_add(cli_run *r, int argc, char **argv)
{
    const char *kind = cli_app_opt(&argc, argv, "--kind"), *name = cli_app_opt(&argc, argv, "--name");
    int rc = rest_check(r, argc, argv, 0);
    enum chan_kind k;
    err e = {0};
    if (rc)
        return rc;
    if (chan_kind_parse(kind, "kind", &k, &e))
        return cli_report_err(&e);
    int64_t id;
    if (store_channel_add(r->store, r->agency.id, (int)k, name, r->actor, &id, &e))
        return cli_report_err(&e);
    printf("渠道 %lld\t%s\t%s\n", (long long)id, chan_kinds[k].label, name);
    return 0;
}

static int cmd_list(cli_run *r, int argc, char **argv)
{
    int rc = rest_check(r, argc, argv, 0);
    if (rc)
        return rc;
    struct store_channel *v;
    size_t n;
    err e = {0};
    if (store_channel_list(r->store, r->agency.id, &v, &n, &e))
        return cli_report_err(&e);
    for (size_t i = 0; i < n; i++)
        printf("%lld\t%s\t%s\t%s\t已发送%lld条\n", (long long)v[i].id, chan_kinds[v[i].kind].key,
               chan_kinds[v[i].kind].label, v[i].name, (long long)v[i].sends);
    free(v);
    return 0;
}

static int cmd_send(cli_run *r, int argc, char **argv)
{
    const char *ch = cli_app_opt(&argc, argv, "--channel"), *date = cli_app_opt(&argc, argv, "--date"),
               *ref = cli_app_opt(&argc, argv, "--ref");
    int64_t doc, cid, id;
    gk_day day;
    int rc = rest_check(r, argc, argv, 1);
    if (!rc && (rc = want_id(r->cmd, "DOC", argc ? argv[0] : NULL, &doc)) == 0 &&
        (rc = want_id(r->cmd, "--channel", ch, &cid)) == 0)
        rc = want_day("--date", date, &day);
    if (rc)
        return rc;
    err e = {0};
    if (store_channel_send(r->store, r->agency.id, cid, doc, day, ref, r->actor, &id, &e))
        return cli_report_err(&e);
    char d[11];
    date_format(day, d);
    printf("已记录：文件 %lld 于 %s 发送至渠道 %lld%s%s\n", (long long)doc, d, (long long)cid, ref ? "，" : "",
           ref ? ref : "");
    return 0;
}

static int print_send(const struct store_channel_sent *x, void *arg)
{
    (void)arg;
    printf("%s\t%s\t%s\t%lld\t%s\t%s\n", x->sent, chan_kinds[x->kind].label, x->channel, (long long)x->doc_id,
           x->title, x->reference);
    return 0;
}

static int cmd_sends(cli_run *r, int argc, char **argv)
{
    const char *ch = cli_app_opt(&argc, argv, "--channel"), *year = cli_app_opt(&argc, argv, "--year"),
               *ref = cli_app_opt(&argc, argv, "--ref");
    struct store_send_filter f = {.agency_id = r->agency.id, .reference = ref};
    int64_t y = 0;
    int rc = rest_check(r, argc, argv, 0);
    if (!rc && ch)
        rc = want_id(r->cmd, "--channel", ch, &f.channel_id);
    if (!rc && year && (!parse_i64(year, strlen(year), &y) || !lim_year_ok(y, 2000))) {
        cli_error("--year", "'%s': a year, e.g. --year 2024", year);
        rc = 2;
    }
    if (rc)
        return rc;
    f.year = (int)y;
    err e = {0};
    return store_channel_sends(r->store, &f, print_send, NULL, &e) ? cli_report_err(&e) : 0;
}

static int cmd_counts(cli_run *r, int argc, char **argv)
{
    const char *year = cli_app_opt(&argc, argv, "--year");
    int64_t y;
    int rc = rest_check(r, argc, argv, 0);
    if (!rc && (!year || !parse_i64(year, strlen(year), &y) || !lim_year_ok(y, 2000))) {
        cli_error("--year", "give the year, e.g. --year 2024");
        rc = 2;
    }
    if (rc)
        return rc;
    int64_t n[6];
    err e = {0};
    if (store_channel_counts(r->store, r->agency.id, (int)y, n, &e))
        return cli_report_err(&e);
    json_t *o = json_object();
    for (int k = 0; k < CHAN_NKINDS; k++)
        json_object_set_new(o, chan_kinds[k].key, json_integer(n[k]));
    return cli_json_print(json_pack("{s:I,s:o}", "year", (json_int_t)y, "documents_sent", o), JSON_INDENT(2));
}

/* The channel named by --channel, checked to be of this agency. */
static int channel_of(cli_run *r, const char *opt, struct store_channel *c)
{
    int64_t id;
    int rc = want_id(r->cmd, "--channel", opt, &id);
    if (rc)
        return rc;
    err e = {0};
    return store_channel_get(r->store, r->agency.id, id, c, &e) ? cli_report_err(&e) : 0;
}

static int write_file(const char *dir, const char *name, const void *p, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    err e = {0};
    return file_write_all(path, p, n, &e) ? cli_report_err(&e) : 0;
}

/* The post's text, and for new media the document's images beside it. */
static int cmd_post(cli_run *r, int argc, char **argv)
{
    const char *ch = cli_app_opt(&argc, argv, "--channel"), *out = cli_app_opt(&argc, argv, "--out");
    int64_t doc;
    struct store_channel c;
    int rc = rest_check(r, argc, argv, 1);
    if (!rc)
        rc = want_id(r->cmd, "DOC", argc ? argv[0] : NULL, &doc);
    if (!rc && !out) {
        cli_error("--out", "say in which folder to put the post, e.g. --out post-%lld", (long long)doc);
        rc = 2;
    }
    if (rc || (rc = channel_of(r, ch, &c)))
        return rc;
    struct doc d;
    err e = {0};
    if (store_doc_get(r->store, r->agency.id, doc, &d, &e))
        return cli_report_err(&e);
    if (d.state != DOC_PUBLISHED || d.withdrawn_on != DOC_NODAY) {
        doc_clear(&d);
        cli_error("DOC", "document %lld is not on the portal: only what is published goes to a channel", (long long)doc);
        return 1;
    }
    struct stat sb;
    if (mkdir(out, 0755) != 0 && (stat(out, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        doc_clear(&d);
        cli_error("--out", "%s: cannot create the folder", out);
        return 1;
    }
    buf url, text;
    buf_init(&url);
    buf_init(&text);
    if (store_setting_get(r->store, r->agency.id, "agency.url", &url, NULL) == 0 && url.len)
        buf_printf(&url, "%s/docs/%lld", url.data[url.len - 1] == '/' ? "" : "", (long long)doc);
    struct chan_doc cd = {d.title, d.docno, d.issuer, d.body, url.data ? url.data : "", d.published};
    chan_post_text((enum chan_kind)c.kind, &cd, &text);
    rc = write_file(out, "post.txt", text.data, text.len);
    int images = 0;
    struct store_doc_attachment *at = NULL;
    size_t na = 0;
    if (!rc && chan_kinds[c.kind].output == CHAN_OUT_MEDIA && store_doc_attachments(r->store, doc, &at, &na, &e) == 0) {
        for (size_t i = 0; !rc && i < na; i++) {
            if (!chan_is_image(at[i].name))
                continue;
            buf blob;
            buf_init(&blob);
            rc = store_doc_blob(r->store, at[i].sha256, &blob, &e) ? cli_report_err(&e)
                                                                   : write_file(out, at[i].name, blob.data, blob.len);
            images += !rc;
            buf_free(&blob);
        }
        free(at);
    }
    if (!rc)
        printf("%s/post.txt（%s，%zu字节）%s%d张图片\n", out, chan_kinds[c.kind].label, text.len, images ? "，" : "，无",
               images);
    buf_free(&url);
    buf_free(&text);
    doc_clear(&d);
    return rc;
}

static int cmd_issue(cli_run *r, int argc, char **argv)
{
    const char *ch = cli_app_opt(&argc, argv, "--channel"), *ref = cli_app_opt(&argc, argv, "--ref"),
               *out = cli_app_opt(&argc, argv, "--out");
    struct store_channel c;
    int rc = rest_check(r, argc, argv, 0);
    if (!rc && (!ref || !*ref)) {
        cli_error("--ref", "name the issue, e.g. --ref 2024年第3期");
        rc = 2;
    }
    if (rc || (rc = channel_of(r, ch, &c)))
        return rc;
    if (chan_kinds[c.kind].output != CHAN_OUT_ISSUE) {
        cli_error("--channel", "%s is a %s, not a gazette: only a gazette has issues", c.name, chan_kinds[c.kind].label);
        return 2;
    }
    buf csv;
    buf_init(&csv);
    size_t n = 0;
    err e = {0};
    if (web_channel_issue_csv(r->store, r->agency.id, c.id, ref, &csv, &n, &e))
        rc = cli_report_err(&e);
    else if (out)
        rc = file_write_all(out, csv.data, csv.len, &e) ? cli_report_err(&e) : 0;
    else
        fwrite(csv.data, 1, csv.len, stdout);
    if (!rc && out)
        printf("%s %s：%zu篇\n", c.name, ref, n);
    buf_free(&csv);
    return rc;
}

static const struct cli_sub channel_subs[] = {
    {"add", usage_channel, cmd_add, CLI_NEEDS_AGENCY | CLI_WRITES, 0},
    {"list", usage_channel, cmd_list, CLI_NEEDS_AGENCY, 0},
    {"send", usage_channel, cmd_send, CLI_NEEDS_AGENCY | CLI_WRITES, 0},
    {"sends", usage_channel, cmd_sends, CLI_NEEDS_AGENCY, 0},
    {"counts", usage_channel, cmd_counts, CLI_NEEDS_AGENCY, 0},
    {"post", usage_channel, cmd_post, CLI_NEEDS_AGENCY, 0},
    {"issue", usage_channel, cmd_issue, CLI_NEEDS_AGENCY, 0},
};

int cli_channel(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"channel", usage_channel, channel_subs,
                                       sizeof channel_subs / sizeof channel_subs[0], "cli"};
    return cli_run_group(ctx, &g, argc, argv);
}

/* ---- archive ------------------------------------------------------------------ */

/* The agency's rule: the period and the first day tracked. */
static int archive_rule(cli_run *r, int *workdays, char from[11])
{
    err e = {0};
    return web_archive_rule(r->store, r->agency.id, workdays, from, &e) ? cli_report_err(&e) : 0;
}

struct pend {
    cli_run *r;
    const cal_t *cal;
    int workdays, to;
    gk_day today;
    int64_t n, overdue;
    int64_t *ids;
    size_t nids, cap;
    bool print;
    err e;
    int rc;
};

static int each_pending(const struct store_arch_pending *p, void *arg)
{
    struct pend *x = arg;
    gk_day pub, due;
    if (date_parse(p->published, &pub, &x->e) || arch_due(x->cal, pub, x->workdays, &due, &x->e)) {
        x->rc = -1;
        return 1;
    }
    bool late = due < x->today;
    x->n++;
    x->overdue += late;
    if (x->nids == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 32;
        x->ids = xrealloc(x->ids, x->cap * sizeof *x->ids);
    }
    x->ids[x->nids++] = p->doc_id;
    if (x->print) {
        char d[11];
        date_format(due, d);
        printf("%s\t%lld\t%s\t发布 %s\t期限 %s\t%s%s\n", arch_recipients[x->to].label, (long long)p->doc_id, p->title,
               p->published, d, late ? "逾期" : "待报送",
               p->package_id ? " （已打包，待交付）" : "");
    }
    return 0;
}

static int pending_of(cli_run *r, int to, bool print, struct pend *x)
{
    char from[11];
    memset(x, 0, sizeof *x);
    int rc = archive_rule(r, &x->workdays, from);
    if (rc)
        return rc;
    x->r = r, x->cal = r->app->cal, x->to = to, x->today = r->app->rules.today, x->print = print;
    err e = {0};
    rc = store_archive_pending(r->store, r->agency.id, to, from, each_pending, x, &e);
    if (rc)
        return cli_report_err(&e);
    return x->rc ? cli_report_err(&x->e) : 0;
}

static int cmd_pending(cli_run *r, int argc, char **argv)
{
    const char *to = cli_app_opt(&argc, argv, "--to");
    int rc = rest_check(r, argc, argv, 0);
    enum arch_recipient k = ARCH_ARCHIVE;
    err e = {0};
    if (rc)
        return rc;
    if (to && arch_recipient_parse(to, "to", &k, &e))
        return cli_report_err(&e);
    int64_t overdue = 0;
    for (int t = to ? (int)k : 0; t <= (to ? (int)k : ARCH_NRECIPIENTS - 1); t++) {
        struct pend x;
        if ((rc = pending_of(r, t, true, &x)))
            return rc;
        overdue += x.overdue;
        free(x.ids);
    }
    return overdue ? 1 : 0;
}

static int cmd_package(cli_run *r, int argc, char **argv)
{
    const char *to = cli_app_opt(&argc, argv, "--to"), *out = cli_app_opt(&argc, argv, "--out");
    int rc = rest_check(r, argc, argv, 0);
    enum arch_recipient k;
    err e = {0};
    if (rc)
        return rc;
    if (arch_recipient_parse(to, "to", &k, &e))
        return cli_report_err(&e);
    if (!out) {
        cli_error("--out", "say where to write the package, e.g. --out copies.zip");
        return 2;
    }
    int64_t *ids = NULL, pid = 0;
    size_t n = 0;
    if (web_archive_waiting(r->store, r->agency.id, (int)k, false, &ids, &n, &e) ||
        store_archive_package_add(r->store, r->agency.id, (int)k, ids, n, r->actor, &pid, &e) ||
        web_archive_package_write(r->store, &r->agency, r->app->cal, pid, out, &e))
        rc = cli_report_err(&e);
    else
        printf("报送包 %lld（%s）：%zu件，已写入 %s\n", (long long)pid, arch_recipients[k].label, n, out);
    free(ids);
    return rc;
}

static int cmd_deliver(cli_run *r, int argc, char **argv)
{
    const char *recv = cli_app_opt(&argc, argv, "--receiver"), *date = cli_app_opt(&argc, argv, "--date"),
               *ref = cli_app_opt(&argc, argv, "--ref");
    int64_t pid;
    gk_day day;
    int rc = rest_check(r, argc, argv, 1);
    if (!rc && (rc = want_id(r->cmd, "PACKAGE", argc ? argv[0] : NULL, &pid)) == 0)
        rc = want_day("--date", date, &day);
    if (rc)
        return rc;
    err e = {0};
    if (store_archive_deliver(r->store, r->agency.id, pid, day, recv, ref, r->actor, &e))
        return cli_report_err(&e);
    char d[11];
    date_format(day, d);
    printf("报送包 %lld 已于 %s 交付（接收人：%s）\n", (long long)pid, d, recv);
    return 0;
}

static int print_pkg(const struct store_arch_package *p, void *arg)
{
    (void)arg;
    printf("%lld\t%s\t%lld件\t制作 %.10s %s\t%s%s%s%s\n", (long long)p->id, arch_recipients[p->recipient].label,
           (long long)p->ndocs, p->created_at, p->created_by, p->delivered[0] ? "交付 " : "待交付",
           p->delivered, p->delivered[0] ? " " : "", p->receiver);
    return 0;
}

static int cmd_alist(cli_run *r, int argc, char **argv)
{
    int rc = rest_check(r, argc, argv, 0);
    err e = {0};
    if (rc)
        return rc;
    return store_archive_packages(r->store, r->agency.id, print_pkg, NULL, &e) ? cli_report_err(&e) : 0;
}

static int cmd_asettings(cli_run *r, int argc, char **argv)
{
    const char *wd = cli_app_opt(&argc, argv, "--workdays"), *from = cli_app_opt(&argc, argv, "--from");
    int rc = rest_check(r, argc, argv, 0), n;
    err e = {0};
    gk_day d;
    if (rc)
        return rc;
    if (wd && arch_workdays_parse(wd, &n, &e)) {
        snprintf(e.where, sizeof e.where, "--workdays");
        return cli_report_err(&e);
    }
    if (from && *from && (rc = cli_app_date("--from", from, &d)))
        return rc;
    if ((wd && store_setting_set(r->store, r->agency.id, "archive.workdays", wd, &e)) ||
        (from && store_setting_set(r->store, r->agency.id, "archive.from", from, &e)))
        return cli_report_err(&e);
    char f[11];
    if ((rc = archive_rule(r, &n, f)))
        return rc;
    printf("workdays\t%d\t（发布后%d个工作日内报送）\nfrom\t%s\n", n, n, *f ? f : "（全部已发布文件）");
    return 0;
}

static const struct cli_sub archive_subs[] = {
    {"pending", usage_archive, cmd_pending, CLI_APPS, 0},
    {"package", usage_archive, cmd_package, CLI_APPS | CLI_WRITES, 0},
    {"deliver", usage_archive, cmd_deliver, CLI_NEEDS_AGENCY | CLI_WRITES, 0},
    {"list", usage_archive, cmd_alist, CLI_NEEDS_AGENCY, 0},
    {"settings", usage_archive, cmd_asettings, CLI_NEEDS_AGENCY | CLI_WRITES, 0},
};

int cli_archive(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"archive", usage_archive, archive_subs,
                                       sizeof archive_subs / sizeof archive_subs[0], "cli"};
    return cli_run_group(ctx, &g, argc, argv);
}
