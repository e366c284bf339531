/*
 * Report models for the report tests: one per layout, with a distinct value
 * in every cell (so a figure read back into the wrong row or column shows),
 * some nulls, amounts with decimals, and the mixes reports in the wild have.
 * Also model_equal(), which compares every value of two models.
 * Header-only: each test program includes it once.
 */
#ifndef GONGKAI_TEST_REPORT_FIXTURES_H
#define GONGKAI_TEST_REPORT_FIXTURES_H

#include <stdio.h>
#include <string.h>

#include "report/report.h"

/* 2021 layout: every cell distinct; one null per table; licensing with the
 * 2019 columns too (seed 004's 行政许可 row carries three numbers). */
static inline rpt *fx_2021(void)
{
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_2021;
    r->year = 2023;
    rpt_set_agency(r, "舟山市定海区民政局");
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].layouts & RPT_LAYOUT_BIT(RPT_LAYOUT_2021))
            r->pro[f] = f + 1;
    r->pro[PRO_FEES_AMOUNT] = 12.5;
    r->pro[PRO_COMP_DECISIONS] = RPT_NULL;
    r->pro[PRO_LIC_ITEMS_LAST] = 9;
    r->pro[PRO_LIC_ITEMS_CHANGE] = -3;
    for (int i = 0; i < APP_NROWS; i++)
        for (int c = 0; c < RPT_NCOLS; c++)
            r->app[i][c] = 100 * i + c;
    r->app[APP_W_ADMIN_QUERY][COL_LEGAL_SERVICES] = RPT_NULL;
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            r->rl[g][c] = 10 * g + c + 1;
    r->rl[RL_LIT_DIRECT][RL_PENDING] = RPT_NULL;
    return r;
}

/* 2019 layout: its own table 二 keys (with (九) 政府集中采购), a single
 * （六）其他处理 row (other.other), the other two rows null. */
static inline rpt *fx_2019(void)
{
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_2019;
    r->year = 2020;
    rpt_set_agency(r, "某市人民政府办公室");
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].layouts & RPT_LAYOUT_BIT(RPT_LAYOUT_2019))
            r->pro[f] = 2 * f + 1;
    r->pro[PRO_PROC_AMOUNT] = 3.25;
    r->pro[PRO_FEES_ITEMS_CHANGE] = -1;
    r->pro[PRO_SVC_DECISIONS] = RPT_NULL;
    for (int i = 0; i < APP_NROWS; i++)
        for (int c = 0; c < RPT_NCOLS; c++)
            r->app[i][c] = rpt_app_rows[i].in_2019 ? 50 * i + c + 1 : RPT_NULL;
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            r->rl[g][c] = 7 * g + c;
    return r;
}

/* 2008 layout: seed 000's figures, with a cumulative column for some keys
 * (seed 002) and both review.corrected and litigation.corrected (the same
 * label under two headings). */
static inline rpt *fx_2008(void)
{
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_2008;
    r->year = 2018;
    rpt_set_agency(r, "驻马店市民政局");
    static const struct { const char *key; double v, cum; } vals[] = {
        {"proactive.total", 164, 1920}, {"proactive.normative", 2, NAN}, {"proactive.normative_issued", 3, NAN},
        {"proactive.gazette", 1, 10}, {"proactive.website", 129, 1500}, {"proactive.weibo", 11, NAN},
        {"proactive.wechat", 4, NAN}, {"proactive.other", 20, NAN}, {"responses.hot_topics", 5, NAN},
        {"responses.press", 6, NAN}, {"responses.press_leaders", 7, NAN}, {"responses.interpretations", 8, NAN},
        {"applications.received", 12, 40}, {"applications.in_person", 3, 10}, {"applications.fax", 1, NAN},
        {"applications.online", 6, 25}, {"applications.letter", 2, NAN}, {"applications.completed", 11, NAN},
        {"applications.on_time", 10, NAN}, {"applications.extended", 1, NAN}, {"replies.total", 11, NAN},
        {"replies.granted", 5, NAN}, {"replies.partly", 2, NAN}, {"replies.refused", 4, NAN},
        {"replies.refused.state_secret", 1, NAN}, {"replies.refused.privacy", 3, NAN},
        {"review.total", 3, 9}, {"review.upheld", 2, NAN}, {"review.corrected", 1, NAN}, {"review.other", 0, NAN},
        {"litigation.total", 4, NAN}, {"litigation.upheld", 1, NAN}, {"litigation.corrected", 2, NAN},
        {"litigation.other", 1, NAN}, {"complaints", 0, NAN}, {"fees_10k_yuan", 0.15, NAN},
        {"staff.offices", 1, NAN}, {"staff.total", 3, NAN}, {"staff.full_time", 1, NAN}, {"staff.part_time", 2, NAN},
        {"budget_10k_yuan", 2.5, NAN}, {"meetings", 1, NAN}, {"trainings", 2, NAN}, {"trainees", 58, NAN},
    };
    for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) {
        int i = rpt_legacy_index(vals[k].key);
        r->legacy[i] = vals[k].v;
        r->legacy_cum[i] = vals[k].cum;
    }
    return r;
}

/* The 2008 layout without a cumulative column. */
static inline rpt *fx_2008_plain(void)
{
    rpt *r = fx_2008();
    for (int i = 0; i < rpt_legacy_n; i++)
        r->legacy_cum[i] = RPT_NULL;
    return r;
}

/* A report without tables: counts from its text (seed 003). The keys are
 * those the reader finds in narrative text (applications by channel, review,
 * litigation), so the text formats read back to the same model. */
static inline rpt *fx_narrative(void)
{
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_NARRATIVE;
    r->year = 2009;
    rpt_set_agency(r, "牡丹江市民政局");
    static const struct { const char *key; double v; } vals[] = {
        {"applications.received", 141}, {"applications.in_person", 82}, {"applications.online", 30},
        {"review.total", 0}, {"litigation.total", 1},
    };
    for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) {
        int i = rpt_legacy_index(vals[k].key);
        r->legacy[i] = vals[k].v;
        r->legacy_from_text[i] = true;
    }
    return r;
}

/* Seed 001 (2023, 2021 layout): every figure 0 but 行政许可 92. */
static inline rpt *fx_seed001(void)
{
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_2021;
    r->year = 2023;
    rpt_set_agency(r, "舟山市定海区民政局");
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].layouts & RPT_LAYOUT_BIT(RPT_LAYOUT_2021))
            r->pro[f] = 0;
    r->pro[PRO_LIC_DECISIONS] = 92;
    for (int i = 0; i < APP_NROWS; i++)
        for (int c = 0; c < RPT_NCOLS; c++)
            r->app[i][c] = 0;
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            r->rl[g][c] = 0;
    return r;
}

static inline bool fx_same(double a, double b)
{
    return (rpt_is_null(a) && rpt_is_null(b)) || (!rpt_is_null(a) && !rpt_is_null(b) && fabs(a - b) < 1e-9);
}

/* Compares every value; fills why with the first difference. */
static inline bool model_equal(const rpt *a, const rpt *b, bool problems, char *why, size_t n)
{
#define DIFF(...) do { snprintf(why, n, __VA_ARGS__); return false; } while (0)
    if ((a->agency == NULL) != (b->agency == NULL) || (a->agency && strcmp(a->agency, b->agency) != 0))
        DIFF("agency %s != %s", a->agency ? a->agency : "null", b->agency ? b->agency : "null");
    if (a->year != b->year)
        DIFF("year %d != %d", a->year, b->year);
    if (a->layout != b->layout)
        DIFF("layout %d != %d", a->layout, b->layout);
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (!fx_same(a->pro[f], b->pro[f]))
            DIFF("proactive.%s.%s %g != %g", rpt_pro_rows[rpt_pro_fields[f].row].group, rpt_pro_fields[f].key,
                 a->pro[f], b->pro[f]);
    for (int i = 0; i < APP_NROWS; i++)
        for (int c = 0; c < RPT_NCOLS; c++)
            if (!fx_same(a->app[i][c], b->app[i][c]))
                DIFF("applications.%s[%s] %g != %g", rpt_app_rows[i].key, rpt_col_keys[c], a->app[i][c],
                     b->app[i][c]);
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            if (!fx_same(a->rl[g][c], b->rl[g][c]))
                DIFF("review_litigation.%s.%s %g != %g", rpt_rl_group_keys[g], rpt_rl_col_keys[c], a->rl[g][c],
                     b->rl[g][c]);
    for (int i = 0; i < rpt_legacy_n; i++) {
        if (!fx_same(a->legacy[i], b->legacy[i]))
            DIFF("legacy.%s %g != %g", rpt_legacy_defs[i].key, a->legacy[i], b->legacy[i]);
        if (!fx_same(a->legacy_cum[i], b->legacy_cum[i]))
            DIFF("legacy_cumulative.%s %g != %g", rpt_legacy_defs[i].key, a->legacy_cum[i], b->legacy_cum[i]);
        if (a->legacy_from_text[i] != b->legacy_from_text[i])
            DIFF("from_text %s", rpt_legacy_defs[i].key);
    }
    if (problems) {
        if (a->nproblems != b->nproblems)
            DIFF("%zu problems != %zu", a->nproblems, b->nproblems);
        for (size_t i = 0; i < a->nproblems; i++)
            if (strcmp(a->problems[i].rule, b->problems[i].rule) || strcmp(a->problems[i].where, b->problems[i].where) ||
                strcmp(a->problems[i].message, b->problems[i].message) ||
                a->problems[i].severity != b->problems[i].severity)
                DIFF("problem %zu differs", i);
    }
    return true;
#undef DIFF
}

#endif
