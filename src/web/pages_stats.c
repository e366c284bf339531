/* web — figures people can see (issue 16 item 2): the annual report's key
 * figures and charts (applications by outcome and by applicant kind, year
 * over year for every published year), and the public statistics page of
 * an agency and of the platform (received per month, answered within the
 * deadline, median working days to answer, outcomes, review and litigation
 * results) with its numbers as CSV. Every chart comes with its table
 * (chart.h); only counts and medians are shown, never a record. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "report/stats.h"
#include "web/chart.h"
#include "web/web_internal.h"

#define STATS_YEARS 5   /* the years the statistics page offers: this one and four before */

static const char *const months[12] = {"1月", "2月", "3月", "4月", "5月", "6月",
                                       "7月", "8月", "9月", "10月", "11月", "12月"};

static void figure(buf *b, const struct chart *c)
{
    err e = {0};
    if (chart_figure(c, b, &e))
        h_el_attr(b, "p", "图表无法生成。", "class", "errors", H_END);
}

/* One key figure: a number with its label. */
static void key(buf *b, const char *label, double v, int decimals, const char *unit)
{
    char num[32];
    chart_fmt(v, decimals, num);
    h_open(b, "div", H_END);
    h_el(b, "dt", label);
    h_open(b, "dd", H_END);
    h_el_attr(b, "span", num, "class", "num", H_END);
    h_text(b, isnan(v) ? "" : unit);
    h_close(b, "dd");
    h_close(b, "div");
}

static double cell_sum(double a, double b)
{
    return isnan(a) ? b : isnan(b) ? a : a + b;
}

/* ---- the annual report ---- */

void web_report_figures(web_req *r, const rpt *cur, rpt *const *years, size_t n, buf *b)
{
    (void)r;
    h_open(b, "section", "class", "figures", "aria-labelledby", "fig-h", H_END);
    h_el_attr(b, "h2", "图解", "id", "fig-h", H_END);
    h_open(b, "dl", "class", "key-figures", H_END);
    key(b, "本年新收申请", cur->app[APP_NEW][COL_TOTAL], 0, "件");
    key(b, "上年结转申请", cur->app[APP_CARRIED_IN][COL_TOTAL], 0, "件");
    key(b, "本年办结", cur->app[APP_HANDLED_TOTAL][COL_TOTAL], 0, "件");
    key(b, "予以公开", cur->app[APP_GRANTED][COL_TOTAL], 0, "件");
    key(b, "行政复议", cur->rl[RL_REVIEW][RL_TOTAL], 0, "件");
    key(b, "行政诉讼", cell_sum(cur->rl[RL_LIT_DIRECT][RL_TOTAL], cur->rl[RL_LIT_AFTER_REVIEW][RL_TOTAL]), 0, "件");
    h_close(b, "dl");
    double out[RPT_NOUTCOMES], kinds[COL_TOTAL];
    rpt_outcome_groups(cur, COL_TOTAL, out);
    figure(b, &(struct chart){.kind = CHART_BAR, .id = "rpt-outcomes", .title = "申请办理结果", .cat_header = "办理结果",
                              .unit = "件", .cats = rpt_outcome_labels, .ncats = RPT_NOUTCOMES,
                              .series = &(struct chart_series){"件数", out}, .nseries = 1});
    for (int c = 0; c < COL_TOTAL; c++)
        kinds[c] = cur->app[APP_NEW][c];
    figure(b, &(struct chart){.kind = CHART_BAR, .id = "rpt-kinds", .title = "本年新收申请（按申请人）",
                              .cat_header = "申请人", .unit = "件", .cats = rpt_col_labels,
                              .ncats = COL_TOTAL, .series = &(struct chart_series){"件数", kinds}, .nseries = 1});
    if (n > CHART_CATS_MAX)
        n = CHART_CATS_MAX;
    if (n) {
        /* oldest first, as a line reads */
        char (*labels)[16] = xcalloc(n, sizeof *labels);
        const char **cats = xcalloc(n, sizeof *cats);
        double *nw = xcalloc(n, sizeof *nw), *done = xcalloc(n, sizeof *done), *grp = xcalloc(n * RPT_NOUTCOMES, sizeof *grp);
        struct chart_series ser[RPT_NOUTCOMES];
        for (size_t i = 0; i < n; i++) {
            const rpt *y = years[n - 1 - i];
            snprintf(labels[i], sizeof labels[i], "%d年", y->year);
            cats[i] = labels[i];
            nw[i] = y->app[APP_NEW][COL_TOTAL];
            done[i] = y->app[APP_HANDLED_TOTAL][COL_TOTAL];
            double g[RPT_NOUTCOMES];
            rpt_outcome_groups(y, COL_TOTAL, g);
            for (int k = 0; k < RPT_NOUTCOMES; k++)
                grp[k * n + i] = g[k];
        }
        struct chart_series two[] = {{"新收申请", nw}, {"办结", done}};
        figure(b, &(struct chart){.kind = CHART_LINE, .id = "rpt-years", .title = "历年申请数量", .cat_header = "年度",
                                  .unit = "件", .cats = cats, .ncats = n, .series = two, .nseries = 2});
        for (int k = 0; k < RPT_NOUTCOMES; k++)
            ser[k] = (struct chart_series){rpt_outcome_labels[k], grp + k * n};
        figure(b, &(struct chart){.kind = CHART_STACKED, .id = "rpt-years-outcomes", .title = "历年办理结果",
                                  .cat_header = "年度", .unit = "件", .cats = cats, .ncats = n, .series = ser,
                                  .nseries = RPT_NOUTCOMES});
        free(labels);
        free(cats);
        free(nw);
        free(done);
        free(grp);
    }
    h_close(b, "section");
}

/* ---- the statistics page ---- */

struct stats_view {
    int year;
    struct rpt_stats s;
    rpt *rp;                  /* tables 三 and 四 of the year (summed on the platform) */
    /* the platform: one row per agency */
    struct stats_row { char code[64], name[256]; int64_t received, answered, on_time; double median; } *rows;
    size_t nrows;
};

struct add_arg { struct rpt_stats *s; const cal_t *cal; err *e; };
static int add_one(const struct rpt_stats_app *a, void *arg)
{
    struct add_arg *x = arg;
    return rpt_stats_add(x->s, x->cal, a, x->e);
}

static void rpt_add_into(rpt *dst, const rpt *src)
{
    for (int i = 0; i < APP_NROWS; i++)
        for (int c = 0; c < RPT_NCOLS; c++)
            dst->app[i][c] = cell_sum(dst->app[i][c], src->app[i][c]);
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            dst->rl[g][c] = cell_sum(dst->rl[g][c], src->rl[g][c]);
}

/* One agency's year: its statistics into s, its tables into *rp. */
static int agency_year(web_req *r, const struct store_agency *a, const cal_t *cal, int year, struct rpt_stats *s,
                       rpt **rp, err *e)
{
    rpt_stats_init(s, year);
    struct add_arg x = {s, cal, e};
    int rc = store_app_times(r->st, a->id, year, add_one, &x, e);
    if (!rc)
        rc = web_report_generate(r->st, a->id, a->name, year, rp, e);
    if (rc) {
        rpt_stats_free(s);
        return rc;
    }
    rpt_stats_finish(s);
    return 0;
}

static int platform_year(web_req *r, struct stats_view *v, err *e)
{
    struct store_agency *ag = NULL;
    size_t n = 0;
    int rc = store_agency_tree(r->st, 0, &ag, &n, e);
    if (rc)
        return rc;
    v->rp = rpt_new();
    v->rp->year = v->year;
    v->rows = xcalloc(n ? n : 1, sizeof *v->rows);
    for (size_t i = 0; i < n && !rc; i++) {
        cal_t *cal = NULL;
        struct rpt_stats s;
        rpt *one = NULL;
        if ((rc = store_calendar_for(r->st, ag[i].id, &cal, e)) == 0 &&
            (rc = agency_year(r, &ag[i], cal, v->year, &s, &one, e)) == 0) {
            rpt_stats_merge(&v->s, &s);
            rpt_add_into(v->rp, one);
            struct stats_row *w = &v->rows[v->nrows++];
            snprintf(w->code, sizeof w->code, "%s", ag[i].code);
            snprintf(w->name, sizeof w->name, "%s", ag[i].name);
            w->received = s.received_total;
            w->answered = s.answered_total;
            w->on_time = s.on_time_total;
            w->median = s.median_total;
            rpt_stats_free(&s);
            rpt_free(one);
        }
        cal_free(cal);
    }
    free(ag);
    rpt_stats_finish(&v->s);
    return rc;
}

static bool stats_year(web_req *r, int *year)
{
    int ty, m, d;
    date_to_ymd(date_today(), &ty, &m, &d);
    const char *q = web_q(r, "year");
    int64_t y = ty;
    if (q && *q && (!parse_i64(q, strlen(q), &y) || y < 2008 || y > ty))
        return false;
    *year = (int)y;
    return true;
}

/* The view of the request's agency, or of the whole platform. */
static int stats_load(web_req *r, struct stats_view *v, err *e)
{
    memset(v, 0, sizeof *v);
    if (!stats_year(r, &v->year))
        return err_set(e, GK_EINVAL, "year", "the year must be 2008 or later and not in the future");
    rpt_stats_init(&v->s, v->year);
    if (r->agency.id == 0)
        return platform_year(r, v, e);
    rpt_stats_free(&v->s);
    return agency_year(r, &r->agency, r->cal, v->year, &v->s, &v->rp, e);
}

static void stats_clear(struct stats_view *v)
{
    rpt_stats_free(&v->s);
    rpt_free(v->rp);
    free(v->rows);
}

static void stats_charts(buf *b, const struct stats_view *v)
{
    double rec[12], ans[12], on[12], late[12], med[12];
    for (int m = 0; m < 12; m++) {
        rec[m] = (double)v->s.received[m];
        ans[m] = (double)v->s.answered[m];
        on[m] = (double)v->s.on_time[m];
        late[m] = (double)(v->s.answered[m] - v->s.on_time[m]);
        med[m] = v->s.median[m];
    }
    struct chart_series monthly[] = {{"收到申请", rec}, {"办结", ans}};
    figure(b, &(struct chart){.kind = CHART_LINE, .id = "st-months", .title = "每月收到和办结的申请", .cat_header = "月份",
                              .unit = "件", .cats = months, .ncats = 12, .series = monthly, .nseries = 2});
    struct chart_series ontime[] = {{"按期答复", on}, {"逾期答复", late}};
    figure(b, &(struct chart){.kind = CHART_STACKED, .id = "st-ontime", .title = "每月答复是否在法定期限内",
                              .cat_header = "月份", .unit = "件", .cats = months, .ncats = 12, .series = ontime,
                              .nseries = 2});
    figure(b, &(struct chart){.kind = CHART_LINE, .id = "st-median", .title = "每月答复用时中位数（工作日）",
                              .cat_header = "月份", .unit = "个工作日", .decimals = 1, .cats = months, .ncats = 12,
                              .series = &(struct chart_series){"中位数", med}, .nseries = 1});
    double out[RPT_NOUTCOMES];
    rpt_outcome_groups(v->rp, COL_TOTAL, out);
    figure(b, &(struct chart){.kind = CHART_BAR, .id = "st-outcomes", .title = "办理结果", .cat_header = "办理结果",
                              .unit = "件", .cats = rpt_outcome_labels, .ncats = RPT_NOUTCOMES,
                              .series = &(struct chart_series){"件数", out}, .nseries = 1});
    double res[4][RL_NGROUPS];
    struct chart_series rs[4];
    for (int c = 0; c < 4; c++) {
        for (int g = 0; g < RL_NGROUPS; g++)
            res[c][g] = v->rp->rl[g][c];
        rs[c] = (struct chart_series){rpt_rl_col_labels[c], res[c]};
    }
    figure(b, &(struct chart){.kind = CHART_STACKED, .id = "st-cases", .title = "行政复议和行政诉讼结果",
                              .cat_header = "类别", .unit = "件", .cats = rpt_rl_group_labels,
                              .ncats = RL_NGROUPS, .series = rs, .nseries = 4});
}

static void agencies_table(web_req *r, buf *b, const struct stats_view *v)
{
    h_el(b, "h2", "各机关");
    h_open(b, "div", "class", "table-wrap", H_END);
    h_open(b, "table", "class", "stats-agencies", "tabindex", "0", H_END);
    h_thead(b, "机关", "收到申请", "办结", "按期答复", "答复用时中位数（工作日）", H_END);
    h_open(b, "tbody", H_END);
    for (size_t i = 0; i < v->nrows; i++) {
        const struct stats_row *w = &v->rows[i];
        char med[32], path[48];
        chart_fmt(w->median, 1, med);
        snprintf(path, sizeof path, "/stats?year=%d", v->year);
        h_open(b, "tr", H_END);
        h_open(b, "th", "scope", "row", H_END);
        h_link(b, web_agency_href(r, w->code, path), w->name);
        h_close(b, "th");
        h_elf(b, "td", "%lld", (long long)w->received);
        h_elf(b, "td", "%lld", (long long)w->answered);
        h_elf(b, "td", "%lld", (long long)w->on_time);
        h_el(b, "td", med);
        h_close(b, "tr");
    }
    h_table_close(b);
}

/* The year to show: this one and the STATS_YEARS - 1 before, and the one
 * asked for when older. */
static void year_form(web_req *r, buf *b, int year)
{
    h_open(b, "form", "class", "filters", "method", "get", "action", web_href(r, "/stats"), H_END);
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "年度", "for", "year", H_END);
    h_open(b, "select", "id", "year", "name", "year", H_END);
    int ty, mm, dd;
    date_to_ymd(date_today(), &ty, &mm, &dd);
    char val[16], label[24];
    for (int y = ty; y > ty - STATS_YEARS; y--) {
        snprintf(val, sizeof val, "%d", y);
        snprintf(label, sizeof label, "%d年", y);
        h_option(b, val, label, y == year);
    }
    if (year <= ty - STATS_YEARS) {
        snprintf(val, sizeof val, "%d", year);
        snprintf(label, sizeof label, "%d年", year);
        h_option(b, val, label, true);
    }
    h_filter_form_end(b, "查看");
}

/* The page's head: where, the title, the year, what the figures count. */
static void stats_head(web_req *r, buf *b, const char *who, int year)
{
    char csv[48];
    snprintf(csv, sizeof csv, "/stats.csv?year=%d", year);
    web_crumbs(r, b, NULL, NULL, "数据统计");
    h_elf(b, "h1", "%s依申请公开数据统计（%d年）", who, year);
    year_form(r, b, year);
    h_open(b, "p", H_END);
    h_text(b, "本页数据由系统根据依申请公开办理记录自动统计，只含件数和用时，不含申请人的任何信息。"
              "按期答复指在法定期限（含依法延长的期限）内作出答复；用时按工作日计，自收到申请（补正的，自收到补正）"
              "次日起算至答复之日。办理结果和复议诉讼与年度报告表三、表四的口径一致。");
    h_link(b, web_href(r, csv), "下载数据（CSV）");
    h_close(b, "p");
}

int h_stats(web_req *r)
{
    struct stats_view v;
    err e = {0};
    int rc = stats_load(r, &v, &e);
    if (rc) {
        stats_clear(&v);
        return web_error(r, rc == GK_EINVAL ? HTTP_BAD_REQUEST : rc == GK_ERANGE ? HTTP_UNAVAILABLE : HTTP_INTERNAL,
                         rc == GK_EINVAL ? "年度无效。" : "统计数据暂时无法生成。");
    }
    const char *who = r->agency.id ? r->agency.name : web_setting(r, "platform.name", "政府信息公开平台");
    buf b;
    buf_init(&b);
    stats_head(r, &b, who, v.year);
    double rate = v.s.answered_total ? 100.0 * (double)v.s.on_time_total / (double)v.s.answered_total : NAN;
    h_open(&b, "dl", "class", "key-figures", H_END);
    key(&b, "收到申请", (double)v.s.received_total, 0, "件");
    key(&b, "办结", (double)v.s.answered_total, 0, "件");
    key(&b, "按期答复率", isnan(rate) ? NAN : round(rate * 10) / 10, 1, "%");
    key(&b, "答复用时中位数", v.s.median_total, 1, "个工作日");
    key(&b, "行政复议", v.rp->rl[RL_REVIEW][RL_TOTAL], 0, "件");
    key(&b, "行政诉讼", cell_sum(v.rp->rl[RL_LIT_DIRECT][RL_TOTAL], v.rp->rl[RL_LIT_AFTER_REVIEW][RL_TOTAL]), 0, "件");
    h_close(&b, "dl");
    stats_charts(&b, &v);
    if (!r->agency.id)
        agencies_table(r, &b, &v);
    stats_clear(&v);
    web_page_public(r, HTTP_OK, "数据统计", "stats", b.data);
    buf_free(&b);
    return HTTP_OK;
}

/* ---- CSV ---- */

static void csv_row(buf *b, const char *what, const char *cat, double v, int decimals)
{
    char num[32];
    chart_fmt(v, decimals, num);
    buf_printf(b, "%s,%s,%s\r\n", what, cat, isnan(v) ? "" : num);
}

int h_stats_csv(web_req *r)
{
    struct stats_view v;
    err e = {0};
    int rc = stats_load(r, &v, &e);
    if (rc) {
        stats_clear(&v);
        return web_error(r, rc == GK_EINVAL ? HTTP_BAD_REQUEST : HTTP_INTERNAL, rc == GK_EINVAL ? "年度无效。" : "统计数据暂时无法生成。");
    }
    buf b;
    buf_init(&b);
    /* a UTF-8 byte order mark for Excel; labels are ours and hold no comma or quote */
    buf_puts(&b, "\xEF\xBB\xBF项目,类别,数值\r\n");
    for (int m = 0; m < 12; m++)
        csv_row(&b, "收到申请", months[m], (double)v.s.received[m], 0);
    for (int m = 0; m < 12; m++)
        csv_row(&b, "办结", months[m], (double)v.s.answered[m], 0);
    for (int m = 0; m < 12; m++)
        csv_row(&b, "按期答复", months[m], (double)v.s.on_time[m], 0);
    for (int m = 0; m < 12; m++)
        csv_row(&b, "答复用时中位数（工作日）", months[m], v.s.median[m], 1);
    csv_row(&b, "收到申请", "全年", (double)v.s.received_total, 0);
    csv_row(&b, "办结", "全年", (double)v.s.answered_total, 0);
    csv_row(&b, "按期答复", "全年", (double)v.s.on_time_total, 0);
    csv_row(&b, "答复用时中位数（工作日）", "全年", v.s.median_total, 1);
    double out[RPT_NOUTCOMES];
    rpt_outcome_groups(v.rp, COL_TOTAL, out);
    for (int k = 0; k < RPT_NOUTCOMES; k++)
        csv_row(&b, "办理结果", rpt_outcome_labels[k], out[k], 0);
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            csv_row(&b, rpt_rl_group_labels[g], rpt_rl_col_labels[c], v.rp->rl[g][c], 0);
    char name[80];
    snprintf(name, sizeof name, "attachment; filename=\"stats-%d.csv\"", v.year);
    stats_clear(&v);
    web_add_header(r, "Content-Disposition", name);
    web_text(r, HTTP_OK, "text/csv; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return HTTP_OK;
}
