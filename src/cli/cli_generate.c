/*
 * cli — 'gongkai report generate': this agency's annual report tables 三
 * (applications) and 四 (review and litigation) computed from the register,
 * never typed in. Table 二 (proactive disclosure) comes from the documents
 * and stays null until that part computes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

const char cli_report_generate_usage[] =
    "usage: gongkai report generate --year Y [--agency CODE] [--format txt|md|html|xlsx|json] [--out FILE]\n\n"
    "Computes table 二 of year Y's annual report from the published documents and the\n"
    "figures entered with 'gongkai doc stats set', and tables 三 and 四 of year Y's annual report from the register: applications\n"
    "received in Y (一、本年新收), carried over from Y-1 (二、上年结转), concluded in Y by outcome\n"
    "(三), and still open on 31 December (四、结转下年度继续办理), per applicant column; review\n"
    "and litigation cases filed in Y with their result as of 31 December. Withdrawn\n"
    "applications count under （六）其他处理/3.其他. The layout is the national format of\n"
    "the year (2021 from 2021, the 2019 trial format for 2019 and 2020).\n"
    "The report is checked by the consistency rules (its findings are in \"problems\"),\n"
    "then rendered like 'gongkai report render': JSON (gongkai.report/1) by default;\n"
    "xlsx needs --out.\n";

enum { GEN_STEPS = 4 };   /* table 三/四, table 二, the check, the output */

/* The report of year y from the registers, checked; *out is the caller's
 * (rpt_free) either way. */
static int compute(const cli_app_env *env, int y, const struct gk_progress *hook, rpt **out, err *e)
{
    rpt *r = *out = rpt_new();
    rpt_set_agency(r, env->agency.name);
    gk_progress_report(hook, "生成年报：统计依申请公开（表三、表四）", 0, GEN_STEPS);
    int rc = store_app_report(env->store, env->agency.id, y, r, e);
    if (rc)
        return rc;
    gk_progress_report(hook, "生成年报：统计主动公开（表二）", 1, GEN_STEPS);
    if ((rc = store_doc_table2(env->store, env->agency.id, y, r, e)))
        return rc;
    gk_progress_report(hook, "生成年报：检查", 2, GEN_STEPS);
    rpt_check(r);   /* the generated report carries its own consistency findings */
    gk_progress_report(hook, "生成年报：输出", 3, GEN_STEPS);
    return 0;
}

int cli_report_generate(cli_run *run, int argc, char **argv)
{
    const char *cmd = "report generate";
    cli_app_env env = *run->app;   /* the runner closes it */
    int rc = 0;
    const char *year = cli_app_opt(&argc, argv, "--year"), *format = cli_app_opt(&argc, argv, "--format"),
               *out = cli_app_opt(&argc, argv, "--out");
    int64_t y = 0;
    int today_y, m, d;
    date_to_ymd(env.rules.today, &today_y, &m, &d);
    if ((rc = cli_reject_unknown(argc, argv, cmd)) == 0 && argc) {
        cli_error(cmd, "unexpected argument '%s' (see 'gongkai %s --help')", argv[0], cmd);
        rc = 2;
    }
    if (!rc && (!year || !parse_i64(year, strlen(year), &y))) {
        cli_error("--year", "give the reporting year, e.g. --year %d", today_y - 1);
        rc = 2;
    }
    if (!rc && y < 2019) {
        cli_error("--year", "%lld: reports before 2019 use the 2008 statistics tables, which the register "
                            "(from the 2019 Regulation) does not produce", (long long)y);
        rc = 2;
    }
    if (!rc && y > today_y) {
        cli_error("--year", "%lld has not begun", (long long)y);
        rc = 2;
    }
    enum rpt_format fmt = RPT_FMT_JSON;
    if (!rc && format && rpt_format_from_name(format, &fmt) != 0) {
        cli_error("--format", "'%s': use txt, md, html, xlsx or json", format);
        rc = 2;
    }
    if (!rc && fmt == RPT_FMT_XLSX && !out) {
        cli_error("--format", "xlsx is a workbook: say where to write it with --out FILE.xlsx");
        rc = 2;
    }
    rpt *r = NULL;
    err e = {0};
    /* the steps on standard error (issue 16): each is one pass over a
     * register, which on a large one is what takes the time */
    struct cli_progress pr;
    struct gk_progress hook;
    cli_progress_init(&pr, "步", &hook);
    if (!rc && compute(&env, (int)y, &hook, &r, &e))
        rc = cli_report_err(&e);
    if (!rc && fmt == RPT_FMT_XLSX) {
        if (rpt_render_xlsx(r, out, &e))
            rc = cli_report_err(&e);
    } else if (!rc) {
        buf b;
        buf_init(&b);
        if (rpt_render(r, fmt, &b, &e))
            rc = cli_report_err(&e);
        else if (out) {
            if (file_write_all(out, b.data, b.len, &e))
                rc = cli_report_err(&e);
        } else {
            fputs(b.data, stdout);
            if (b.len && b.data[b.len - 1] != '\n')
                putchar('\n');
        }
        buf_free(&b);
    }
    if (!rc)
        gk_progress_report(&hook, "生成年报：完成", GEN_STEPS, GEN_STEPS);
    cli_progress_end(&pr);
    rpt_free(r);
    return rc;
}
