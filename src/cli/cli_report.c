/*
 * cli — `gongkai report`: published annual reports (政府信息公开工作年度报告).
 *
 *   report read FILE... [--json]            what a report says, or its JSON v1
 *   report check FILE... [--rules]          the consistency rules (勾稽关系)
 *   report render FILE --format F [-o OUT]  txt | md | html | xlsx | json
 *   report sum FILE... [--csv [--bom]] [--format F] [-o OUT] [--name NAME]
 *
 *   report text FILE                        the text the reader reads (PDF, docx, ...)
 *   report collect DIR [-o SUM] [--csv F] [--xlsx F]   a folder of reports
 *
 * A FILE is report JSON v1, an .xlsx workbook gongkai wrote, or a published
 * report (text, HTML, PDF or Word .docx; UTF-8, UTF-16, GB18030 or Big5).
 * No database is needed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/report.h"

#define MAX_FILE (64u << 20)

static const char usage_text[] =
    "usage: gongkai report read FILE... [--json]\n"
    "       gongkai report check FILE... [--rules]\n"
    "       gongkai report text FILE\n"
    "       gongkai report collect DIR [-o SUM] [--csv FILE [--bom]] [--xlsx FILE]\n"
    "       gongkai report render FILE [--format txt|md|html|xlsx|json] [-o OUT]\n"
    "       gongkai report sum FILE... [--format F] [-o OUT] [--name NAME]\n"
    "       gongkai report sum FILE... --csv [--bom] [-o OUT]\n"
    "       gongkai report generate|status|draft|signoff|publish|history|settings ... (--help)\n"
    "\n"
    "Published annual reports of government information disclosure (政府信息公开工作年度报告).\n"
    "FILE is a published report (text, HTML, PDF, Word .docx; UTF-8, UTF-16, GB18030, Big5),\n"
    "report JSON v1, or an .xlsx workbook from render.\n"
    "\n"
    "  read     agency, year, layout and key figures; --json prints report JSON v1\n"
    "           (one object per file, an array for several). Cells run together are\n"
    "           cut by the table's arithmetic; what cannot be read stays null with a READ\n"
    "           error. Exit 0 all read, 1 some cells missing, 2 not a report\n"
    "  check    the consistency rules (勾稽关系) R1-R6, L1-L3, and X1-X2 across consecutive\n"
    "           years of one agency; prints FILE: RULE severity where: message (numbers).\n"
    "           --rules lists the rules. Exit 0 no errors, 1 errors, 2 unreadable file\n"
    "  text     the text the reader reads: a PDF's text by position, .docx and HTML tables\n"
    "           as rows of cells joined by ' | ', GB18030/Big5/UTF-16 as UTF-8\n"
    "  render   the report in the national format: html (A4, self-contained), xlsx, txt\n"
    "           (the '|' style of agency websites), md, json. The format defaults to OUT's\n"
    "           extension, else txt. xlsx needs -o OUT unless stdout is a file or pipe\n"
    "  collect  every report under DIR (.txt .html .htm .pdf .docx .xlsx .json): one row per\n"
    "           file (agency, year, layout, read: full / partial with N missing cells /\n"
    "           unreadable, the check's findings, duplicates), then the sum per year.\n"
    "           The same agency and year twice is one report: counted once when the figures\n"
    "           agree, left out of the sum when they differ. -o writes the sum (format by\n"
    "           extension, -YEAR-LAYOUT added when there are several years), --csv/--xlsx\n"
    "           every agency's key figures. Exit 0 all full and clean, 1 otherwise, 2 when\n"
    "           nothing could be read\n"
    "  sum      adds up reports of many agencies for one year and layout (null + n = n) and\n"
    "           checks the sum (findings on stderr); output as --format (default json).\n"
    "           --csv: one row of key figures per agency and a 合计 row; --bom for Excel.\n"
    "           Exit 1 when the sum (with --csv: any report) breaks a rule, 2 when the\n"
    "           reports cannot be summed (mixed years or layouts, an agency and year twice with\n"
    "           different figures; twice with the same figures is counted once)\n";

/* ---- loading ---------------------------------------------------------------- */

static int load(const char *path, rpt **out)
{
    buf b;
    buf_init(&b);
    err e = {0};
    int rc = file_read_all(path, MAX_FILE, &b, &e);
    if (rc == 0)
        rc = rpt_load(b.data ? b.data : "", b.len, path, out, &e);
    buf_free(&b);
    if (rc) {
        /* name the file once: the reader puts "FILE:LINE:" in its message */
        if (!e.where[0] && strncmp(e.msg, path, strlen(path)) != 0)
            snprintf(e.where, sizeof e.where, "%s", path);
        cli_error(e.where, "%s", e.msg[0] ? e.msg : "cannot be read as a report");
        return 2;
    }
    return 0;
}

static void free_all(rpt **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rpt_free(v[i]);
    free(v);
}

static int write_out(const char *out, const buf *b)
{
    if (!out || strcmp(out, "-") == 0) {
        if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len) {
            cli_error("stdout", "write failed");
            return 2;
        }
        return fflush(stdout) == 0 ? 0 : 2;
    }
    err e = {0};
    if (file_write_all(out, b->data ? b->data : "", b->len, &e))
        return cli_report_err(&e), 2;
    return 0;
}

/* ---- read ------------------------------------------------------------------- */

static const char *layout_cn(enum rpt_layout l)
{
    switch (l) {
    case RPT_LAYOUT_2021: return "2021年版国家格式（2021年度起）";
    case RPT_LAYOUT_2019: return "2019年试行格式（2019、2020年度）";
    case RPT_LAYOUT_2008: return "2008年版统计表（2008—2018年度）";
    case RPT_LAYOUT_NARRATIVE: return "无统计表（数字摘自正文）";
    default: return "未能识别";
    }
}

static void num(buf *b, double v)
{
    if (rpt_is_null(v))
        buf_puts(b, "—");
    else if (v == (double)(long long)v)
        buf_printf(b, "%lld", (long long)v);
    else
        buf_printf(b, "%.15g", v);
}

/* The key figures of tables 三 and 四 in the summary line: the text before
 * each, and its row (the total column). */
static const struct { const char *before; int row; } sum_app_figs[] = {
    {"  依申请公开：本年新收 ", APP_NEW}, {"，上年结转 ", APP_CARRIED_IN}, {"，办理结果总计 ", APP_HANDLED_TOTAL},
    {"（予以公开 ", APP_GRANTED}, {"，部分公开 ", APP_PARTLY}, {"），结转下年度 ", APP_CARRIED_OUT},
};
static const struct { const char *before; int group; } sum_rl_figs[] = {
    {"\n  行政复议 ", RL_REVIEW}, {"，行政诉讼：未经复议直接起诉 ", RL_LIT_DIRECT}, {"，复议后起诉 ", RL_LIT_AFTER_REVIEW},
};

/* A report in the national format (2019, 2021): tables 三, 四 and 二. */
static void summary_tables(const rpt *r, buf *b)
{
    for (size_t i = 0; i < sizeof sum_app_figs / sizeof sum_app_figs[0]; i++) {
        buf_puts(b, sum_app_figs[i].before);
        num(b, r->app[sum_app_figs[i].row][COL_TOTAL]);
    }
    for (size_t i = 0; i < sizeof sum_rl_figs / sizeof sum_rl_figs[0]; i++) {
        buf_puts(b, sum_rl_figs[i].before);
        num(b, r->rl[sum_rl_figs[i].group][RL_TOTAL]);
    }
    buf_puts(b, "\n  主动公开：");
    bool first = true;
    for (int row = 0; row < rpt_pro_nrows; row++) {
        if (!rpt_pro_row_shown(r, row))
            continue;
        const struct rpt_pro_row *p = &rpt_pro_rows[row];
        buf_printf(b, "%s%s", first ? "" : "；",
                   r->layout == RPT_LAYOUT_2019 && p->label_2019 ? p->label_2019 : p->label);
        first = false;
        for (int f = 0; f < PRO_NFIELDS; f++)
            if (rpt_pro_fields[f].row == row && rpt_pro_field_shown(r, f)) {
                buf_printf(b, " %s ", rpt_pro_fields[f].header);
                num(b, r->pro[f]);
            }
    }
    buf_putc(b, '\n');
}

/* A 2008 report or a narrative: its key figures (a narrative gives few: all). */
static void summary_legacy(const rpt *r, buf *b)
{
    static const char *const key_figures[] = {
        "proactive.total", "applications.received", "applications.completed", "replies.total",
        "replies.granted", "review.total", "litigation.total", "complaints", "fees_10k_yuan",
    };
    int shown = 0, given = 0;
    for (int i = 0; i < rpt_legacy_n; i++) {
        if (rpt_is_null(r->legacy[i]) && rpt_is_null(r->legacy_cum[i]))
            continue;
        given++;
        bool key = r->layout == RPT_LAYOUT_NARRATIVE;
        for (size_t k = 0; k < sizeof key_figures / sizeof key_figures[0] && !key; k++)
            key = strcmp(key_figures[k], rpt_legacy_defs[i].key) == 0;
        if (!key)
            continue;
        buf_printf(b, "  %s：", rpt_legacy_defs[i].labels[0]);
        num(b, r->legacy[i]);
        buf_printf(b, " %s", rpt_legacy_unit(i));
        if (!rpt_is_null(r->legacy_cum[i])) {
            buf_puts(b, "（历年累计 ");
            num(b, r->legacy_cum[i]);
            buf_printf(b, " %s）", rpt_legacy_unit(i));
        }
        buf_putc(b, '\n');
        shown++;
    }
    if (!given)
        buf_puts(b, "  （没有找到统计数字）\n");
    else if (given > shown)
        buf_printf(b, "  另有 %d 项统计数字（--json 或 render 查看全部）\n", given - shown);
}

static void summary(const rpt *r, buf *b)
{
    buf_printf(b, "== %s\n", r->source ? r->source : "");
    buf_printf(b, "  机关：%s\n", r->agency ? r->agency : "（未识别）");
    if (r->year)
        buf_printf(b, "  年度：%d\n", r->year);
    else
        buf_puts(b, "  年度：（未识别）\n");
    buf_printf(b, "  格式：%s\n", layout_cn(r->layout));
    if (r->layout == RPT_LAYOUT_2021 || r->layout == RPT_LAYOUT_2019)
        summary_tables(r, b);
    else
        summary_legacy(r, b);
    size_t ne = rpt_count_errors(r);
    buf_printf(b, "  检查：%zu 个错误，%zu 个警告%s\n", ne, r->nproblems - ne,
               r->nproblems ? "（详见 gongkai report check）" : "");
}

/* Reading this many reports or more shows progress (issue 16); fewer are quick. */
#define CLI_REPORT_PROGRESS_FILES 20

static int load_many(int argc, char **argv, rpt ***out, size_t *nout, bool keep_going)
{
    rpt **v = xcalloc((size_t)argc + 1, sizeof *v);
    size_t n = 0;
    int status = 0;
    struct cli_progress pr;
    struct gk_progress hook = {0};
    if (argc >= CLI_REPORT_PROGRESS_FILES)
        cli_progress_init(&pr, "份", &hook);
    int i;
    for (i = 0; i < argc; i++) {
        gk_progress_report(&hook, "读取年报", i, argc);
        rpt *r = NULL;
        if (load(argv[i], &r)) {
            status = 2;
            if (!keep_going)
                break;
            continue;
        }
        v[n++] = r;
    }
    if (argc >= CLI_REPORT_PROGRESS_FILES) {
        gk_progress_report(&hook, "读取年报", i, argc);
        cli_progress_end(&pr);
    }
    *out = v;
    *nout = n;
    return status;
}

static int cmd_read(cli_run *run, int argc, char **argv)
{
    (void)run;
    bool json = cli_flag(&argc, argv, "--json");
    if (cli_reject_unknown(argc, argv, "report read"))
        return 2;
    if (argc < 1) {
        cli_error("report read", "name at least one report file (see 'gongkai report --help')");
        return 2;
    }
    rpt **v;
    size_t n;
    int status = load_many(argc, argv, &v, &n, false);
    if (status) {
        free_all(v, n);
        return status;
    }
    buf out;
    buf_init(&out);
    if (json && argc > 1)
        buf_puts(&out, "[\n");
    for (size_t i = 0; i < n; i++) {
        rpt_check(v[i]);
        if (json) {
            if (i)
                buf_puts(&out, ",\n");
            rpt_to_json(v[i], &out, true);
            if (argc > 1 && out.len && out.data[out.len - 1] == '\n')
                out.data[--out.len] = 0;
        } else {
            if (i)
                buf_putc(&out, '\n');
            summary(v[i], &out);
        }
    }
    if (json && argc > 1)
        buf_puts(&out, "\n]\n");
    /* exit 1: read, but some cells could not be (rpt_read_status, as report collect says) */
    bool partial = false;
    for (size_t i = 0; i < n; i++) {
        int missing, unread;
        partial |= rpt_read_status(v[i], &missing, &unread) == RPT_READ_PARTIAL;
    }
    status = write_out(NULL, &out);
    buf_free(&out);
    free_all(v, n);
    return status ? status : partial ? 1 : 0;
}

/* ---- text: what the reader reads ------------------------------------------------ */

static int cmd_text(cli_run *run, int argc, char **argv)
{
    (void)run;
    if (cli_reject_unknown(argc, argv, "report text"))
        return 2;
    if (argc != 1) {
        cli_error("report text", "name exactly one report file (see 'gongkai report --help')");
        return 2;
    }
    buf b, t;
    buf_init(&b);
    buf_init(&t);
    err e = {0};
    const char *what = "";
    int rc = file_read_all(argv[0], MAX_FILE, &b, &e);
    if (rc == 0)
        rc = rpt_load_text(b.data ? b.data : "", b.len, argv[0], &t, &what, &e);
    if (rc == 0)
        rc = write_out(NULL, &t);
    else
        cli_report_err(&e), rc = 2;
    buf_free(&b);
    buf_free(&t);
    return rc;
}

/* ---- check ------------------------------------------------------------------- */

static void print_findings(const char *name, const rpt *r, FILE *f)
{
    for (size_t i = 0; i < r->nproblems; i++) {
        const struct rpt_problem *p = &r->problems[i];
        fprintf(f, "%s: %s %s %s: %s\n", name, p->rule, p->severity == RPT_ERROR ? "error" : "warning",
                p->where[0] ? p->where : "-", p->message);
    }
}

static int cmd_check(cli_run *run, int argc, char **argv)
{
    (void)run;
    if (cli_flag(&argc, argv, "--rules")) {
        for (int i = 0; i < rpt_nrules; i++)
            printf("%s %-7s %s\n", rpt_rules[i].id, rpt_rules[i].severity == RPT_ERROR ? "error" : "warning",
                   rpt_rules[i].statement);
        return 0;
    }
    if (cli_reject_unknown(argc, argv, "report check"))
        return 2;
    if (argc < 1) {
        cli_error("report check", "name at least one report file (see 'gongkai report --help')");
        return 2;
    }
    rpt **v;
    size_t n;
    int status = load_many(argc, argv, &v, &n, true);
    for (size_t i = 0; i < n; i++)
        rpt_check(v[i]);
    /* consecutive years of one agency: group by agency name */
    bool *done = xcalloc(n + 1, sizeof *done);
    rpt **grp = xcalloc(n + 1, sizeof *grp);
    for (size_t i = 0; i < n; i++) {
        if (done[i] || !v[i]->agency)
            continue;
        size_t k = 0;
        for (size_t j = i; j < n; j++)
            if (!done[j] && v[j]->agency && strcmp(v[j]->agency, v[i]->agency) == 0) {
                grp[k++] = v[j];
                done[j] = true;
            }
        if (k > 1)
            rpt_check_across(grp, k);
    }
    free(grp);
    free(done);
    bool errors = false;
    for (size_t i = 0; i < n; i++) {
        print_findings(v[i]->source, v[i], stdout);
        errors |= rpt_count_errors(v[i]) > 0;
    }
    fflush(stdout);
    free_all(v, n);
    return status ? status : errors ? 1 : 0;
}

/* ---- render and sum output ------------------------------------------------------ */

static int pick_format(const char *name, const char *out, enum rpt_format dflt, enum rpt_format *f)
{
    if (name) {
        if (rpt_format_from_name(name, f)) {
            cli_error("--format", "'%s' is not one of txt, md, html, xlsx, json", name);
            return 2;
        }
        return 0;
    }
    const char *dot = out ? strrchr(out, '.') : NULL;
    if (dot && strcmp(dot, ".htm") == 0)
        dot = ".html";
    if (dot && rpt_format_from_name(dot + 1, f) == 0)
        return 0;
    *f = dflt;
    return 0;
}

static int emit(const rpt *r, enum rpt_format f, const char *out)
{
    err e = {0};
    if (f == RPT_FMT_XLSX) {
        if (out && strcmp(out, "-") != 0)
            return rpt_render_xlsx(r, out, &e) ? (cli_report_err(&e), 2) : 0;
        if (isatty(STDOUT_FILENO)) {
            cli_error("--format xlsx", "a workbook is binary: write it with -o FILE.xlsx");
            return 2;
        }
        char tmpl[] = "/tmp/gongkai-xlsx-XXXXXX";
        int fd = mkstemp(tmpl);
        if (fd < 0) {
            cli_error("--format xlsx", "cannot create a temporary file");
            return 2;
        }
        close(fd);
        int rc = rpt_render_xlsx(r, tmpl, &e);
        buf b;
        buf_init(&b);
        if (rc == 0)
            rc = file_read_all(tmpl, 0, &b, &e);
        unlink(tmpl);
        if (rc) {
            buf_free(&b);
            cli_report_err(&e);
            return 2;
        }
        rc = write_out(NULL, &b);
        buf_free(&b);
        return rc;
    }
    buf b;
    buf_init(&b);
    int rc = rpt_render(r, f, &b, &e);
    if (rc == 0)
        rc = write_out(out, &b);
    else
        rc = (cli_report_err(&e), 2);
    buf_free(&b);
    return rc;
}

static int cmd_render(cli_run *run, int argc, char **argv)
{
    (void)run;
    const char *fmt = cli_opt(&argc, argv, "--format");
    const char *out = cli_opt(&argc, argv, "-o");
    if (!out)
        out = cli_opt(&argc, argv, "--output");
    if (cli_reject_unknown(argc, argv, "report render"))
        return 2;
    if (argc != 1) {
        cli_error("report render", "name exactly one report file (see 'gongkai report --help')");
        return 2;
    }
    enum rpt_format f;
    if (pick_format(fmt, out, RPT_FMT_TXT, &f))
        return 2;
    rpt *r = NULL;
    if (load(argv[0], &r))
        return 2;
    rpt_check(r);
    int rc = emit(r, f, out);
    rpt_free(r);
    return rc;
}

static int cmd_sum(cli_run *run, int argc, char **argv)
{
    (void)run;
    bool csv = cli_flag(&argc, argv, "--csv");
    bool bom = cli_flag(&argc, argv, "--bom");
    const char *fmt = cli_opt(&argc, argv, "--format");
    const char *out = cli_opt(&argc, argv, "-o");
    if (!out)
        out = cli_opt(&argc, argv, "--output");
    const char *name = cli_opt(&argc, argv, "--name");
    if (cli_reject_unknown(argc, argv, "report sum"))
        return 2;
    if (argc < 1) {
        cli_error("report sum", "name the report files to sum (see 'gongkai report --help')");
        return 2;
    }
    if (bom && !csv) {
        cli_error("report sum", "--bom goes with --csv");
        return 2;
    }
    enum rpt_format f;
    if (!csv && pick_format(fmt, out, RPT_FMT_JSON, &f))
        return 2;
    rpt **v;
    size_t n;
    if (load_many(argc, argv, &v, &n, false)) {
        free_all(v, n);
        return 2;
    }
    /* the same agency and year twice: one report published twice is counted once, two different ones refused */
    rpt **keep = xcalloc(n + 1, sizeof *keep);
    size_t nk = 0;
    for (size_t i = 0; i < n; i++) {
        int j = rpt_duplicate_of(v, i);
        if (j < 0) {
            keep[nk++] = v[i];
            continue;
        }
        if (!rpt_same_figures(v[j], v[i])) {
            cli_error(v[i]->source, "%s %d is also in %s with different figures: decide which one counts",
                      v[i]->agency, v[i]->year, v[j]->source);
            free(keep);
            free_all(v, n);
            return 2;
        }
        fprintf(stderr, "gongkai: %s: the same report as %s (%s %d): counted once\n", v[i]->source,
                v[j]->source, v[i]->agency ? v[i]->agency : "agency not found", v[i]->year);
    }
    rpt *s = NULL;
    err e = {0};
    if (rpt_sum(keep, nk, &s, &e)) {
        free(keep);
        free_all(v, n);
        cli_report_err(&e);
        return 2;
    }
    if (name)
        rpt_set_agency(s, name);
    rpt_check(s);
    for (size_t i = 0; i < n; i++)
        rpt_check(v[i]);
    int rc;
    bool errors = rpt_count_errors(s) > 0;
    if (csv) {
        buf b;
        buf_init(&b);
        rpt_csv(keep, nk, s, bom, &b);
        rc = write_out(out, &b);
        buf_free(&b);
        for (size_t i = 0; i < nk; i++)
            errors |= rpt_count_errors(keep[i]) > 0;
    } else {
        print_findings("sum", s, stderr);
        rc = emit(s, f, out);
    }
    free(keep);
    rpt_free(s);
    free_all(v, n);
    return rc ? rc : errors ? 1 : 0;
}

/* ---- collect: a folder of reports ---------------------------------------------- */

static void collect_row(const struct rpt_collect_item *v, size_t i, buf *b)
{
    const struct rpt_collect_item *it = &v[i];
    const rpt *r = it->r;
    buf_printf(b, "%s | ", it->path);
    if (!r) {
        buf_printf(b, "— | — | — | 无法读取：%s | — | —\n", it->error ? it->error : "");
        return;
    }
    buf_printf(b, "%s | ", r->agency ? r->agency : "（未识别）");
    if (r->year)
        buf_printf(b, "%d | ", r->year);
    else
        buf_puts(b, "（未识别） | ");
    buf_printf(b, "%s | ", rpt_layout_name(r->layout) ? rpt_layout_name(r->layout) : "未识别");
    if (it->status == RPT_READ_FULL)
        buf_puts(b, "完整 | ");
    else if (it->missing)
        buf_printf(b, "部分（缺 %d 格） | ", it->missing);
    else
        buf_printf(b, "部分（%d 处未读出，见 READ） | ", it->unread);
    size_t ne = rpt_count_errors(r);
    buf_printf(b, "%zu 错误 %zu 警告", ne, r->nproblems - ne);
    /* which rules: each once, in order of appearance */
    buf seen;
    buf_init(&seen);
    for (size_t k = 0; k < r->nproblems; k++) {
        const char *rule = r->problems[k].rule;
        char key[40];
        snprintf(key, sizeof key, ",%s,", rule);
        if (seen.data && strstr(seen.data, key))
            continue;
        buf_printf(&seen, ",%s,", rule);
        buf_printf(b, "%s%s", seen.len == strlen(key) ? "（" : " ", rule);
    }
    if (seen.len)
        buf_puts(b, "）");
    buf_free(&seen);
    if (it->dup_of >= 0)
        buf_printf(b, it->conflict ? " | 与 %s 同一机关同一年度但数字不同：未计入合计\n"
                                   : " | 与 %s 是同一份报告：只计一次\n", v[it->dup_of].path);
    else
        buf_puts(b, " | —\n");
}

/* OUT with "-YEAR-LAYOUT" before its extension, when there are several sums */
static char *sum_path(const char *out, const rpt *s, bool several)
{
    buf p;
    buf_init(&p);
    const char *dot = strrchr(out, '.');
    const char *slash = strrchr(out, '/');
    if (!several || !dot || (slash && dot < slash))
        dot = several ? out + strlen(out) : NULL;
    if (!dot) {
        buf_puts(&p, out);
        return buf_detach(&p);
    }
    buf_append(&p, out, (size_t)(dot - out));
    buf_printf(&p, "-%d-%s%s", s->year, rpt_layout_name(s->layout), dot);
    return buf_detach(&p);
}

/* What 'report collect' found in the folder. */
struct collect_tally {
    size_t nread, nfull, npartial, nbad, ndup, nconf;
    bool errors;
    rpt **uniq;                 /* the reports counted in the sums (not duplicates) */
    size_t nu;
};

/* One line per file into b, the counts, and the reports that are not duplicates. */
static void collect_tally(struct rpt_collect_item *v, size_t n, struct collect_tally *t, buf *b)
{
    t->uniq = xcalloc(n + 1, sizeof *t->uniq);
    for (size_t i = 0; i < n; i++) {
        collect_row(v, i, b);
        if (!v[i].r) {
            t->nbad++;
            continue;
        }
        t->nread++;
        v[i].status == RPT_READ_PARTIAL ? t->npartial++ : t->nfull++;
        t->errors |= rpt_count_errors(v[i].r) > 0;
        if (v[i].dup_of >= 0) {
            t->ndup++;
            t->nconf += v[i].conflict;
            continue;
        }
        t->uniq[t->nu++] = v[i].r;
    }
    buf_printf(b, "\n%zu 个文件：%zu 份完整，%zu 份部分读出，%zu 份无法读取；重复 %zu 份（其中数字不同 %zu 份）；"
                  "计入合计 %zu 份\n", n, t->nfull, t->npartial, t->nbad, t->ndup, t->nconf, t->nu);
}

/* One sum per year and layout into sums[] (*ns of them), each summarised into b. */
static int collect_sums(rpt **uniq, size_t nu, rpt **sums, size_t *ns, buf *b)
{
    bool *done = xcalloc(nu + 1, sizeof *done);
    rpt **grp = xcalloc(nu + 1, sizeof *grp);
    int rc = 0;
    err e = {0};
    for (size_t i = 0; i < nu; i++) {
        if (done[i] || !uniq[i]->year)
            continue;
        size_t k = 0;
        for (size_t j = i; j < nu; j++)
            if (!done[j] && uniq[j]->year == uniq[i]->year && uniq[j]->layout == uniq[i]->layout) {
                grp[k++] = uniq[j];
                done[j] = true;
            }
        rpt *s = NULL;
        if (rpt_sum(grp, k, &s, &e)) {
            cli_report_err(&e);
            rc = 2;
            continue;
        }
        char name[64];
        snprintf(name, sizeof name, "合计（%d年度，%zu份）", s->year, k);
        rpt_set_agency(s, name);
        rpt_set_source(s, name);
        rpt_check(s);
        buf_putc(b, '\n');
        summary(s, b);
        sums[(*ns)++] = s;
    }
    free(grp);
    free(done);
    return rc;
}

/* --csv and --xlsx: the table of every report counted, with the sum when there is one. */
static int collect_tables(const char *csv, const char *xlsx, bool bom, rpt **uniq, size_t nu, const rpt *total)
{
    int rc = 0;
    if (csv) {
        buf c;
        buf_init(&c);
        rpt_csv(uniq, nu, total, bom, &c);
        rc = write_out(csv, &c);
        buf_free(&c);
    }
    err e = {0};
    if (!rc && xlsx && rpt_xlsx_table(uniq, nu, total, xlsx, &e))
        rc = (cli_report_err(&e), 2);
    return rc;
}

static int cmd_collect(cli_run *run, int argc, char **argv)
{
    (void)run;
    const char *out = cli_opt(&argc, argv, "-o");
    if (!out)
        out = cli_opt(&argc, argv, "--output");
    const char *csv = cli_opt(&argc, argv, "--csv");
    const char *xlsx = cli_opt(&argc, argv, "--xlsx");
    bool bom = cli_flag(&argc, argv, "--bom");
    if (cli_reject_unknown(argc, argv, "report collect"))
        return 2;
    if (argc != 1) {
        cli_error("report collect", "name one folder (see 'gongkai report --help')");
        return 2;
    }
    enum rpt_format f = RPT_FMT_JSON;
    if (out && pick_format(NULL, out, RPT_FMT_JSON, &f))
        return 2;
    struct rpt_collect_item *v;
    size_t n;
    err e = {0};
    struct cli_progress pr;
    struct gk_progress hook;
    cli_progress_init(&pr, "份", &hook);
    int crc = rpt_collect_progress(argv[0], &hook, &v, &n, &e);
    cli_progress_end(&pr);
    if (crc)
        return cli_report_err(&e), 2;
    buf b;
    buf_init(&b);
    buf_puts(&b, "文件 | 机关 | 年度 | 格式 | 读取 | 检查 | 重复\n");
    struct collect_tally t = {0};
    collect_tally(v, n, &t, &b);
    rpt **sums = xcalloc(t.nu + 1, sizeof *sums);
    size_t ns = 0;
    int rc = collect_sums(t.uniq, t.nu, sums, &ns, &b);
    int wrc = write_out(NULL, &b);
    buf_free(&b);
    for (size_t i = 0; i < ns && out && !rc; i++) {
        char *p = sum_path(out, sums[i], ns > 1);
        rc = emit(sums[i], f, p);
        free(p);
    }
    if (!rc && (csv || xlsx))
        rc = collect_tables(csv, xlsx, bom, t.uniq, t.nu, ns == 1 ? sums[0] : NULL);
    for (size_t i = 0; i < ns; i++)
        rpt_free(sums[i]);
    free(sums);
    free(t.uniq);
    rpt_collect_free(v, n);
    if (rc || wrc)
        return 2;
    if (t.nread == 0) {
        cli_error(argv[0], "no report could be read in this folder (%zu files)", n);
        return 2;
    }
    return t.errors || t.nbad || t.npartial || t.nconf ? 1 : 0;
}

/* Reading published reports needs no database; generate and the report's
 * way to the portal (cli_generate.c, cli_report_pub.c) run on the agency's. */
static const struct cli_sub report_subs[] = {
    {"read", usage_text, cmd_read, 0, 0},
    {"check", usage_text, cmd_check, 0, 0},
    {"text", usage_text, cmd_text, 0, 0},
    {"collect", usage_text, cmd_collect, 0, 0},
    {"render", usage_text, cmd_render, 0, 0},
    {"sum", usage_text, cmd_sum, 0, 0},
    {"generate", cli_report_generate_usage, cli_report_generate, CLI_APPS, 0},
    {"status", cli_report_pub_usage, cli_report_pub, CLI_APPS, 0},
    {"draft", cli_report_pub_usage, cli_report_pub, CLI_APPS | CLI_WRITES, 0},
    {"compose", cli_report_pub_usage, cli_report_pub, CLI_APPS | CLI_WRITES, 0},
    {"document", cli_report_pub_usage, cli_report_pub, CLI_APPS, 0},
    {"signoff", cli_report_pub_usage, cli_report_pub, CLI_APPS | CLI_WRITES, 0},
    {"publish", cli_report_pub_usage, cli_report_pub, CLI_APPS | CLI_WRITES, 0},
    {"history", cli_report_pub_usage, cli_report_pub, CLI_APPS, 0},
    {"settings", cli_report_pub_usage, cli_report_pub, CLI_APPS | CLI_WRITES, 0},
};

int cli_report(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"report", usage_text, report_subs, sizeof report_subs / sizeof report_subs[0],
                                       "staff"};
    return cli_run_group(ctx, &g, argc, argv);
}
