/*
 * cli — 'doc import', 'doc stats', 'doc words', 'doc vocab', 'doc reindex':
 * the catalogue, the figures of table 二 and the search index (see cli_doc.c
 * for the group and its table).
 */
#include "base/limits.h"
#include "cli/cli.h"
#include "cli/cli_doc_internal.h"
#include "calendar/calendar.h"
#include "files/files.h"
#include "publish/publish.h"
#include "search/search.h"
#include "report/report.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char cli_doc_usage_import[] =
    "usage: gongkai doc import FILE.csv|FILE.json [--publish] [--format csv|json] [--actor NAME]\n\n"
    "Imports an existing catalogue: every row or none. CSV has a header row (UTF-8, a BOM and\n"
    "CRLF are fine; quote fields holding commas or line breaks); JSON is an array of objects\n"
    "or {\"documents\": [...]}. Columns (README lists them all): title, docno, issuer,\n"
    "written, published, body, and optionally category, genre, item, validity, repealed_on,\n"
    "repealed_by, expires_on, index_no, channels, interprets, recipient_list.\n"
    "  --publish   the rows are published documents (each needs its publication date);\n"
    "              without it they become drafts to go through review\n"
    "Every bad row is listed with its line and reason, and nothing is written (exit 2).\n";

const char cli_doc_usage_stats[] =
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

const char cli_doc_usage_words[] =
    "usage: gongkai doc words [--show | --set FILE | --reset]\n\n"
    "The sensitive-word list drafts are screened with: this agency's own, or gongkai's\n"
    "default (data/sensitive-words.txt explains it). One word or phrase a line, '#' comments.\n";

const char cli_doc_usage_synonyms[] =
    "usage: gongkai doc synonyms [--show | --set FILE | --reset]\n\n"
    "The synonyms and abbreviations searches apply: this agency's own, or gongkai's default\n"
    "(data/search-synonyms.txt). One group a line, forms separated by spaces, '#' comments:\n"
    "  低保 最低生活保障\n"
    "A query term equal to one form finds the documents holding any form of its group.\n";

const char cli_doc_usage_reindex[] =
    "usage: gongkai doc reindex [--show]\n\n"
    "The portal shows how many documents a search finds. For the strings found in many\n"
    "documents (a thousandth of the catalogue, at least 20) gongkai keeps that number\n"
    "beside the search index, exact and updated as documents are published, so that\n"
    "a search for 关于 or 最低生活保障 does not count a million hits each time. reindex\n"
    "finds which strings those are, afresh: run it after a large import and, on big\n"
    "catalogues (over 100,000 documents), nightly; smaller ones do it by themselves as\n"
    "they grow. --show prints what was found last time and changes nothing.\n"
    "The counts are kept for the whole platform and for each agency, on SQLite and on\n"
    "PostgreSQL (docs/operations.md §19).\n";

const char cli_doc_usage_vocab[] =
    "usage: gongkai doc vocab\n\nPrints the topic categories, genres, Art. 20 items and channels "
    "documents are described with (with the other names accepted on input).\n";

/* ---- import ---- */

/* The rows of the second reading go to the store as they are read. */
struct import_sink {
    store_doc_importer *x;
    err *e;
    const struct gk_progress *progress;   /* done of the rows the first reading checked */
    int64_t done, total;
};
static int import_row(void *arg, struct doc_import_row *r)
{
    struct import_sink *k = arg;
    if (++k->done % 256 == 0 || k->done == k->total)
        gk_progress_report(k->progress, "导入", k->done, k->total);
    return store_doc_import_add(k->x, r, k->e);
}

/* --format, else the file's ending: csv or json. */
static int import_format(const char *cmd, const char *path, const char *format, enum doc_import_format *fmt)
{
    size_t pl = strlen(path);
    *fmt = DOC_IMPORT_CSV;
    if (format) {
        if (strcasecmp(format, "json") == 0)
            *fmt = DOC_IMPORT_JSON;
        else if (strcasecmp(format, "csv") != 0) {
            cli_error(cmd, "--format: '%s' is not csv or json", format);
            return 2;
        }
    } else if (pl >= 5 && strcasecmp(path + pl - 5, ".json") == 0) {
        *fmt = DOC_IMPORT_JSON;
    }
    return 0;
}

/* The second reading: every row written in one transaction, with progress. */
static int import_write(cli_run *run, const char *cmd, FILE *f, enum doc_import_format fmt, bool publish,
                        struct doc_import *im, struct store_doc_import_result *res)
{
    store_t *s = NULL;
    struct store_agency ag;
    int rc = cli_doc_open(run, &s, &ag);
    if (rc)
        return rc;
    err e = {0};
    struct cli_progress pr;
    struct gk_progress hook;
    cli_progress_init(&pr, "份", &hook);
    store_doc_importer *x;
    rc = store_doc_import_begin(s, ag.id, run->actor, im, &x, &e);
    if (!rc) {
        struct import_sink k = {x, &e, &hook, 0, (int64_t)im->nchecked};
        rewind(f);
        int rrc = doc_import_read(f, fmt, publish, date_today(), &(struct doc_import_sink){import_row, &k}, im, &e);
        err e2 = {0};
        rc = store_doc_import_end(x, rrc == 0, res, &e2);
        if (rc && !rrc)
            e = e2;
    }
    cli_progress_end(&pr);
    if (rc && !im->nerrors)
        rc = cli_doc_err(cmd, &e) == 2 ? 2 : 1;
    return rc;
}

/* The problems found, the first CLI_ERRORS_SHOWN of them one a line. */
static void import_print_errors(const char *cmd, const char *path, const struct doc_import *im)
{
    for (size_t i = 0; i < im->nerrors && i < CLI_ERRORS_SHOWN; i++) {
        char where[300];
        snprintf(where, sizeof where, "%s:%d", path, im->errors[i].line);
        cli_error(where, "%s", im->errors[i].msg);
    }
    if (im->nerrors > CLI_ERRORS_SHOWN)
        cli_error(path, "and %zu more problems not shown (the first %d are above)", im->nerrors - CLI_ERRORS_SHOWN,
                  CLI_ERRORS_SHOWN);
    cli_error(cmd, "%zu problem%s in %s: nothing was imported", im->nerrors, im->nerrors == 1 ? "" : "s", path);
}

int cli_doc_cmd_import(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc import";
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
    enum doc_import_format fmt;
    if (import_format(cmd, path, format, &fmt))
        return 2;
    err e = {0};
    FILE *f = file_open_regular(path, &e);   /* read twice: not a pipe */
    if (!f)
        return cli_doc_err(path, &e);
    /* read twice, a record at a time: first to check every row (nothing is
     * written when one is wrong), then to write them in one transaction */
    struct doc_import im;
    struct store_doc_import_result res = {0};
    if (doc_import_read(f, fmt, publish, date_today(), NULL, &im, &e) < 0) {
        fclose(f);
        doc_import_free(&im);
        return cli_doc_err(path, &e);
    }
    if (!im.nerrors)
        rc = import_write(run, cmd, f, fmt, publish, &im, &res);
    fclose(f);
    if (im.nerrors) {
        import_print_errors(cmd, path, &im);
        rc = 2;
    } else if (!rc) {
        printf("已导入 %zu 份文件（%s，编号 %lld–%lld）", res.count, publish ? "已发布" : "草稿",
               (long long)res.first, (long long)res.last);
        if (res.hits)
            printf("；筛查提示 %d 处，请用 gongkai doc show ID 查看", res.hits);
        printf("\n");
    }
    doc_import_free(&im);
    return rc;
}

/* ---- stats ---- */

/* The 2008 layout's table 二 is a few legacy cells. */
static const char *const legacy_keys[] = {"proactive.total", "proactive.website", "proactive.gazette",
                                          "proactive.weibo", "proactive.wechat", "proactive.other",
                                          "proactive.normative", "proactive.normative_issued"};

/* A figure: whole numbers as integers (as they were printed, "%.17g"), else a real. */
static json_t *figure(double v)
{
    if (rpt_is_null(v))
        return json_null();
    if (v == (double)(json_int_t)v && v > -9007199254740992.0 && v < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* 'doc stats show --json': {"year", "layout", "legacy": {key: n}} for 2008,
 * else {"year", "layout", "proactive": {group: {key: n|null}}}. */
static json_t *table2_json(const rpt *r, int64_t y)
{
    json_t *o = json_pack("{s:I, s:s}", "year", (json_int_t)y, "layout",
                          r->layout == RPT_LAYOUT_2008 ? "2008" : rpt_layout_name(r->layout));
    json_t *t = json_object();
    if (r->layout == RPT_LAYOUT_2008) {
        for (size_t i = 0; i < sizeof legacy_keys / sizeof legacy_keys[0]; i++) {
            int k = rpt_legacy_index(legacy_keys[i]);
            if (k >= 0)
                json_object_set_new(t, legacy_keys[i], json_integer((json_int_t)llround(r->legacy[k])));
        }
        json_object_set_new(o, "legacy", t);
        return o;
    }
    for (int f = 0; f < PRO_NFIELDS; f++) {
        if (!(rpt_pro_fields[f].layouts & RPT_LAYOUT_BIT(r->layout)))
            continue;
        const struct rpt_pro_field_def *fd = &rpt_pro_fields[f];
        json_t *g = json_object_get(t, rpt_pro_rows[fd->row].group);
        if (!g) {
            g = json_object();
            json_object_set_new(t, rpt_pro_rows[fd->row].group, g);
        }
        json_object_set_new(g, fd->key, figure(r->pro[f]));
    }
    json_object_set_new(o, "proactive", t);
    return o;
}

/* 'doc stats show': table 二 of year y in the layout asked (else the year's). */
static int stats_show(store_t *s, int64_t agency_id, int64_t y, enum rpt_layout lay, bool json, const char *cmd)
{
    int rc = 0;
    err e = {0};
    rpt *r = rpt_new();
    r->layout = lay;
    if (store_doc_table2(s, agency_id, (int)y, r, &e)) {
        rc = cli_doc_err(cmd, &e);
    } else if (json) {
        rc = cli_json_print(table2_json(r, y), 0);
    } else if (r->layout == RPT_LAYOUT_2008) {
        for (size_t i = 0; i < sizeof legacy_keys / sizeof legacy_keys[0]; i++) {
            int k = rpt_legacy_index(legacy_keys[i]);
            if (k >= 0)
                printf("%-28s %-20s %.0f\n", rpt_legacy_defs[k].labels[0], legacy_keys[i], r->legacy[k]);
        }
    } else {
        printf("%lld 年 表二（%s 格式）\n", (long long)y, rpt_layout_name(r->layout));
        for (int f = 0; f < PRO_NFIELDS; f++) {
            if (!(rpt_pro_fields[f].layouts & RPT_LAYOUT_BIT(r->layout)))
                continue;
            const struct rpt_pro_field_def *fd = &rpt_pro_fields[f];
            double val = r->pro[f];
            const char *label = r->layout == RPT_LAYOUT_2019 && rpt_pro_rows[fd->row].label_2019
                                    ? rpt_pro_rows[fd->row].label_2019
                                    : rpt_pro_rows[fd->row].label;
            if (rpt_is_null(val))
                printf("  %-18s %-24s （未录入：gongkai doc stats set --year %lld %s.%s=N）\n", label, fd->header,
                       (long long)y, rpt_pro_rows[fd->row].group, fd->key);
            else
                printf("  %-18s %-24s %g\n", label, fd->header, val);
        }
    }
    rpt_free(r);
    return rc;
}

/* A figure to set: its key and value. */
struct stat_kv {
    char key[96];
    double v;
};
#define STATS_MAX_PAIRS 64

/* The figures table 二 takes from no record, by their options (set). */
struct stat_named {
    const char *opt, *key;
    const char *val;
};

/* The named options given, then KEY=VALUE pairs, as numbers into kv. */
static int stats_pairs(const char *cmd, const struct stat_named *named, size_t nnamed, int argc, char **argv,
                       struct stat_kv *kv, int *nkv)
{
    for (size_t i = 0; i < nnamed; i++)
        if (named[i].val) {
            snprintf(kv[*nkv].key, sizeof kv[*nkv].key, "%s", named[i].key);
            char *end;
            kv[*nkv].v = strtod(named[i].val, &end);
            if (!*named[i].val || *end) {
                cli_error(cmd, "%s: '%s' is not a number", named[i].opt, named[i].val);
                return 2;
            }
            (*nkv)++;
        }
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof kv[0].key || *nkv >= STATS_MAX_PAIRS) {
            cli_error(cmd, "unexpected argument '%s' (see 'gongkai doc stats --help')", argv[i]);
            return 2;
        }
        snprintf(kv[*nkv].key, sizeof kv[*nkv].key, "%.*s", (int)(eq - argv[i]), argv[i]);
        char *end;
        kv[*nkv].v = strtod(eq + 1, &end);
        if (!eq[1] || *end) {
            cli_error(cmd, "%s: '%s' is not a number", kv[*nkv].key, eq + 1);
            return 2;
        }
        (*nkv)++;
    }
    if (!*nkv) {
        cli_error(cmd, "nothing to set (see 'gongkai doc stats --help')");
        return 2;
    }
    return 0;
}

/* After the options: none unknown, and --year Y given (from 2008; lim_year_ok). */
static int stats_year(const char *cmd, int argc, char **argv, const char *year, int64_t *y)
{
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (!year || !parse_i64(year, strlen(year), y) || !lim_year_ok(*y, 2008)) {
        cli_error(cmd, "--year Y is required (a year from 2008)");
        return 2;
    }
    return 0;
}

/* doc stats set --year Y [--licensing N ...] [KEY=VALUE ...] */
static int stats_set(cli_run *run, const char *cmd, int argc, char **argv)
{
    const char *year = cli_opt(&argc, argv, "--year");
    struct stat_named named[] = {
        {"--licensing", "licensing.decisions", NULL},
        {"--penalty", "penalty.decisions", NULL},
        {"--compulsion", "compulsion.decisions", NULL},
        {"--fees", "fees.amount_10k_yuan", NULL},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        named[i].val = cli_opt(&argc, argv, named[i].opt);
    int64_t y;
    int rc = stats_year(cmd, argc, argv, year, &y);
    if (rc)
        return rc;
    struct stat_kv kv[STATS_MAX_PAIRS];
    int nkv = 0;
    if ((rc = stats_pairs(cmd, named, sizeof named / sizeof named[0], argc, argv, kv, &nkv)))
        return rc;
    store_t *s;
    struct store_agency ag;
    if ((rc = cli_doc_open(run, &s, &ag)))
        return rc;
    err e = {0};
    for (int i = 0; i < nkv && !rc; i++)
        if (store_doc_stat_set(s, ag.id, (int)y, kv[i].key, kv[i].v, run->actor, &e))
            rc = cli_doc_err(cmd, &e);
        else
            printf("%lld 年 %s = %g\n", (long long)y, kv[i].key, kv[i].v);
    return rc;
}

/* doc stats show --year Y [--layout L] [--json] */
static int stats_show_cmd(cli_run *run, const char *cmd, int argc, char **argv)
{
    const char *year = cli_opt(&argc, argv, "--year");
    bool json = cli_flag(&argc, argv, "--json");
    const char *layout = cli_opt(&argc, argv, "--layout");
    int64_t y;
    int rc = stats_year(cmd, argc, argv, year, &y);
    if (rc)
        return rc;
    enum rpt_layout lay = RPT_LAYOUT_UNKNOWN;
    if (layout && ((lay = rpt_layout_from_name(layout)) == RPT_LAYOUT_UNKNOWN || lay == RPT_LAYOUT_NARRATIVE)) {
        cli_error(cmd, "--layout: '%s' is not 2021, 2019 or 2008", layout);
        return 2;
    }
    if (argc) {
        cli_error(cmd, "unexpected argument '%s' (see 'gongkai doc stats --help')", argv[0]);
        return 2;
    }
    store_t *s;
    struct store_agency ag;
    if ((rc = cli_doc_open(run, &s, &ag)))
        return rc;
    return stats_show(s, ag.id, y, lay, json, cmd);
}

/* The two actions of 'doc stats'. */
static const struct {
    const char *name;
    int (*run)(cli_run *, const char *, int, char **);
} stats_actions[] = {{"set", stats_set}, {"show", stats_show_cmd}};

int cli_doc_cmd_stats(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc stats";
    if (argc < 1) {
        fputs(cli_doc_usage_stats, stderr);
        return 2;
    }
    for (size_t i = 0; i < sizeof stats_actions / sizeof stats_actions[0]; i++)
        if (strcmp(argv[0], stats_actions[i].name) == 0)
            return stats_actions[i].run(run, cmd, argc - 1, argv + 1);
    cli_error(cmd, "unknown subcommand '%s' (set or show)", argv[0]);
    return 2;
}

/* ---- words, vocab ---- */

/* An agency's word list (the screening words, the search synonyms): what
 * --show, --set FILE or --reset asked for, the file's text, and the store
 * and agency the runner opened. */
struct word_list {
    const char *cmd, *set;
    bool reset;
    buf text;
    store_t *s;
    struct store_agency ag;
};

/* Takes --set FILE, --reset or --show, reads FILE (at most max bytes) and
 * opens the store; prints the error and returns the exit status. The caller
 * frees w->text. */
static int word_list_open(cli_run *run, struct word_list *w, size_t max, int argc, char **argv)
{
    w->set = cli_opt(&argc, argv, "--set");
    w->reset = cli_flag(&argc, argv, "--reset");
    cli_flag(&argc, argv, "--show");
    buf_init(&w->text);
    int rc = cli_reject_unknown(argc, argv, w->cmd);
    if (rc)
        return rc;
    if (argc || (w->set && w->reset)) {
        cli_error(w->cmd, "say one of --show, --set FILE or --reset");
        return 2;
    }
    err e = {0};
    if (w->set && file_read_all(w->set, max, &w->text, &e))
        return cli_doc_err(w->set, &e);
    return cli_doc_open(run, &w->s, &w->ag);
}

/* The new list (or NULL to go back to the default), as --set or --reset give it. */
static const char *word_list_new(const struct word_list *w)
{
    return w->set ? (w->text.data ? w->text.data : "") : NULL;
}

int cli_doc_cmd_words(cli_run *run, int argc, char **argv)
{
    struct word_list w = {.cmd = "doc words"};
    int rc = word_list_open(run, &w, 4u << 20, argc, argv);
    err e = {0};
    if (rc) {
        buf_free(&w.text);
        return rc;
    }
    if (w.set || w.reset) {
        if (store_doc_words_set(w.s, w.ag.id, word_list_new(&w), run->actor, &e)) {
            rc = cli_doc_err(w.set ? w.set : w.cmd, &e);
        } else {
            doc_words *dw;
            if (store_doc_words(w.s, w.ag.id, &dw, &e) == 0) {
                printf("%s：%zu 个词语\n", w.reset ? "已恢复默认敏感词表" : "已更新本单位敏感词表", doc_words_count(dw));
                doc_words_free(dw);
            }
        }
    } else {
        bool def;
        if (store_doc_words_text(w.s, w.ag.id, &w.text, &def, &e))
            rc = cli_doc_err(w.cmd, &e);
        else
            fwrite(w.text.data ? w.text.data : "", 1, w.text.len, stdout);
    }
    buf_free(&w.text);
    return rc;
}

int cli_doc_cmd_synonyms(cli_run *run, int argc, char **argv)
{
    struct word_list w = {.cmd = "doc synonyms"};
    int rc = word_list_open(run, &w, SEARCH_SYN_MAX_BYTES, argc, argv);
    err e = {0};
    search_synonyms *syn = NULL;
    if (rc) {
        buf_free(&w.text);
        return rc;
    }
    if (w.set || w.reset) {
        if (store_synonyms_set(w.s, w.ag.id, word_list_new(&w), run->actor, &e) ||
            store_synonyms(w.s, w.ag.id, &syn, &e))
            rc = cli_doc_err(w.set ? w.set : w.cmd, &e);
        else
            printf("%s：%zu 组\n", w.reset ? "已恢复默认同义词表" : "已更新本单位同义词表", search_synonyms_groups(syn));
        search_synonyms_free(syn);
    } else if (store_synonyms_text(w.s, w.ag.id, &w.text, NULL, &e)) {
        rc = cli_doc_err(w.cmd, &e);
    } else {
        fwrite(w.text.data ? w.text.data : "", 1, w.text.len, stdout);
    }
    buf_free(&w.text);
    return rc;
}

int cli_doc_cmd_vocab(cli_run *run, int argc, char **argv)
{
    (void)run;
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

int cli_doc_cmd_reindex(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc reindex";
    bool show = cli_flag(&argc, argv, "--show");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc) {
        cli_error(cmd, "takes no arguments (see 'gongkai doc reindex --help')");
        return 2;
    }
    if ((rc = cli_open_store(run)))
        return rc;
    store_t *s = run->store;
    err e = {0};
    struct store_gram_stats st;
    struct cli_progress pr;
    struct gk_progress hook;
    cli_progress_init(&pr, "份", &hook);
    rc = show ? store_doc_grams_info(s, &st, &e) : store_doc_grams_rebuild_progress(s, &hook, &st, &e);
    cli_progress_end(&pr);
    if (rc)
        return cli_doc_err(cmd, &e);
    printf("frequent strings: %lld kept (each in at least %lld of %lld documents), mined from %lld sampled "
           "documents at %s (count #%lld)",
           (long long)st.grams, (long long)st.min_docs, (long long)st.docs, (long long)st.sampled, st.mined_at,
           (long long)st.version);
    if (!show)
        printf(" in %.2f s", st.seconds);
    printf("\n");
    return 0;
}

