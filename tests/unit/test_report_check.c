/*
 * Unit tests for the consistency rules (check.c). Each case builds a report
 * from a few assignments and lists the exact findings the rules must give
 * ("RULE severity where"), no more and no fewer.
 *
 * Assignments: "layout=2008", "year=2023", "app.<row>.<col>=N" (row and col
 * are JSON keys; "app.<row>=N" fills a row, "app.*.*=0" table 三), "rl.<group>.<col>=N"
 * ("rl.*.*=0"), "pro.<group>.<key>=N", "legacy.<key>=N", "cum.<key>=N",
 * "text.<key>" (the figure comes from the narrative), N = "null" for RPT_NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/report.h"

static double val(const char *s) { return strcmp(s, "null") == 0 ? RPT_NULL : strtod(s, NULL); }

static int app_row(const char *key)
{
    for (int i = 0; i < APP_NROWS; i++)
        if (strcmp(rpt_app_rows[i].key, key) == 0)
            return i;
    fail_msg("no row %s", key);
    return -1;
}

static int col_of(const char *key, const char *const *keys, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return i;
    fail_msg("no column %s", key);
    return -1;
}

static void apply(rpt *r, const char *a)
{
    char k[200];
    snprintf(k, sizeof k, "%s", a);
    char *eq = strchr(k, '=');
    char *v = eq ? eq + 1 : NULL;
    if (eq)
        *eq = 0;
    if (strcmp(k, "layout") == 0) {
        r->layout = rpt_layout_from_name(v);
        assert_int_not_equal(r->layout, RPT_LAYOUT_UNKNOWN);
        return;
    }
    if (strcmp(k, "year") == 0) {
        r->year = atoi(v);
        return;
    }
    char *dot = strchr(k, '.');
    assert_non_null(dot);
    *dot = 0;
    char *rest = dot + 1;
    if (strcmp(k, "app") == 0) {
        char *d2 = strrchr(rest, '.');
        if (!d2) {   /* app.<row>=N: every column of the row */
            for (int c = 0; c < RPT_NCOLS; c++)
                r->app[app_row(rest)][c] = val(v);
            return;
        }
        *d2 = 0;
        if (strcmp(rest, "*") == 0) {
            for (int i = 0; i < APP_NROWS; i++)
                for (int c = 0; c < RPT_NCOLS; c++)
                    r->app[i][c] = val(v);
            return;
        }
        r->app[app_row(rest)][col_of(d2 + 1, rpt_col_keys, RPT_NCOLS)] = val(v);
    } else if (strcmp(k, "rl") == 0) {
        char *d2 = strchr(rest, '.');
        *d2 = 0;
        if (strcmp(rest, "*") == 0) {
            for (int g = 0; g < RL_NGROUPS; g++)
                for (int c = 0; c < RL_NCOLS; c++)
                    r->rl[g][c] = val(v);
            return;
        }
        r->rl[col_of(rest, rpt_rl_group_keys, RL_NGROUPS)][col_of(d2 + 1, rpt_rl_col_keys, RL_NCOLS)] = val(v);
    } else if (strcmp(k, "pro") == 0) {
        char *d2 = strchr(rest, '.');
        *d2 = 0;
        for (int f = 0; f < PRO_NFIELDS; f++)
            if (strcmp(rpt_pro_rows[rpt_pro_fields[f].row].group, rest) == 0 &&
                strcmp(rpt_pro_fields[f].key, d2 + 1) == 0) {
                r->pro[f] = val(v);
                return;
            }
        fail_msg("no field %s.%s", rest, d2 + 1);
    } else {
        int i = rpt_legacy_index(rest);
        assert_true(i >= 0);
        if (strcmp(k, "legacy") == 0)
            r->legacy[i] = val(v);
        else if (strcmp(k, "cum") == 0)
            r->legacy_cum[i] = val(v);
        else if (strcmp(k, "text") == 0)
            r->legacy_from_text[i] = true;
        else
            fail_msg("bad assignment %s", a);
    }
}

struct ccase {
    const char *name;
    const char *set[24];
    const char *want[8];    /* "RULE severity where" */
};

#define ZERO21 "layout=2021", "app.*.*=0", "rl.*.*=0"

static const struct ccase cases[] = {
    {"empty 2021 report: every rule skipped", {"layout=2021"}, {NULL}},
    {"all zeros is consistent", {ZERO21}, {NULL}},
    /* seed 004: one application by a research institution, granted, but (七)总计 left 0 */
    {"seed 004: R1 and R2 in 科研机构 and 总计",
     {ZERO21, "app.new.research=1", "app.new.total=1", "app.granted.research=1", "app.granted.total=1"},
     {"R1 error 三/科研机构", "R1 error 三/总计", "R2 error 三/科研机构", "R2 error 三/总计"}},
    {"R1 holds with a carry-over",
     {ZERO21, "app.new.natural_person=2", "app.new.total=2", "app.handled_total.natural_person=1",
      "app.handled_total.total=1", "app.granted.natural_person=1", "app.granted.total=1",
      "app.carried_out.natural_person=1", "app.carried_out.total=1"},
     {NULL}},
    {"R1: carried in but never handled",
     {ZERO21, "app.carried_in.legal_services=1", "app.carried_in.total=1"},
     {"R1 error 三/法律服务机构", "R1 error 三/总计"}},
    {"R2: 总计 larger than the outcomes",
     {ZERO21, "app.new.natural_person=2", "app.new.total=2", "app.handled_total.natural_person=2",
      "app.handled_total.total=2", "app.granted.natural_person=1", "app.granted.total=1"},
     {"R2 error 三/自然人", "R2 error 三/总计"}},
    {"R2 counts every outcome row, (六)3 included",
     {ZERO21, "app.new.other=1", "app.new.total=1", "app.handled_total.other=1",
      "app.handled_total.total=1", "app.other.other=1", "app.other.total=1"},
     {NULL}},
    {"R3: the 总计 column is not the sum of the applicant columns",
     {ZERO21, "app.new.natural_person=1", "app.new.total=2", "app.handled_total.natural_person=1",
      "app.handled_total.total=2", "app.granted.natural_person=1", "app.granted.total=2"},
     {"R3 error 三/一、本年新收政府信息公开申请数量", "R3 error 三/（七）总计", "R3 error 三/（一）予以公开"}},
    {"2019 layout: （六） is one row, its 2021 sub-rows are not missing",
     {"layout=2019", "app.*.*=0", "rl.*.*=0", "app.no_supplement=null",
      "app.fee_unpaid=null"},
     {NULL}},
    {"2021 layout: the same gaps make table 三 incomplete (one warning per rule)",
     {ZERO21, "app.no_supplement=null", "app.fee_unpaid=null"},
     {"R2 warning 三"}},
    {"only the 总计 column given: incomplete, not wrong",
     {"layout=2021", "rl.*.*=0", "app.new.total=3", "app.carried_in.total=0", "app.handled_total.total=3",
      "app.carried_out.total=0", "app.granted.total=3"},
     {"R2 warning 三", "R3 warning 三"}},
    {"a given part larger than the given total is wrong even with gaps",
     {"layout=2021", "app.new.total=1", "app.new.natural_person=3"},
     {"R3 error 三/一、本年新收政府信息公开申请数量", "R1 warning 三"}},
    {"R1: the given parts of one side already exceed the other, complete, side",
     {"layout=2021", "rl.*.*=0", "app.new.total=5", "app.carried_in.total=null", "app.handled_total.total=1",
      "app.carried_out.total=1", "app.granted.total=1"},
     {"R1 error 三/总计", "R2 warning 三", "R3 warning 三"}},
    {"L1 from the narrative: parts one more than the total",
     {"layout=narrative", "legacy.applications.received=5", "legacy.applications.in_person=3",
      "legacy.applications.online=3"},
     {"L1 error 正文/收到申请数"}},
    {"L3: a 2008 total one above its channels",
     {"layout=2008", "legacy.proactive.total=31", "legacy.proactive.website=30"},
     {"L3 warning 统计表/主动公开政府信息数"}},
    {"R5: an amount just below zero",
     {ZERO21, "legacy.fees_10k_yuan=-0.5"}, {"R5 error 正文/依申请公开信息收取的费用"}},
    {"R4: review total is not the sum of its results",
     {ZERO21, "rl.review.upheld=1", "rl.review.total=2"},
     {"R4 error 四/行政复议"}},
    {"R4 in the litigation groups",
     {ZERO21, "rl.litigation_after_review.corrected=1", "rl.litigation_direct.pending=2",
      "rl.litigation_direct.total=2"},
     {"R4 error 四/行政诉讼·复议后起诉"}},
    {"R4: a total without its parts is incomplete",
     {ZERO21, "rl.review.upheld=null", "rl.review.corrected=null", "rl.review.other=null",
      "rl.review.pending=null", "rl.review.total=1"},
     {"R4 warning 四"}},
    {"R4: parts exceeding the total are wrong even with gaps",
     {ZERO21, "rl.review.upheld=2", "rl.review.corrected=null", "rl.review.total=1"},
     {"R4 error 四/行政复议"}},
    {"R5: a negative count",
     {ZERO21, "pro.licensing.decisions=-1"}, {"R5 error 二/行政许可/本年处理决定数量"}},
    {"R5: a fractional count",
     {ZERO21, "pro.penalty.decisions=1.5"}, {"R5 error 二/行政处罚/本年处理决定数量"}},
    {"R5: amounts may have decimals but not be negative",
     {ZERO21, "pro.fees.amount_10k_yuan=0.35", "legacy.fees_10k_yuan=-2"},
     {"R5 error 正文/依申请公开信息收取的费用"}},
    {"R5: 本年增/减 may be negative, not fractional",
     {"layout=2019", "pro.licensing.items_change=-3", "pro.penalty.items_change=0.5"},
     {"R5 error 二/行政处罚/本年增/减"}},
    {"R5 in table 三 and in the cumulative column",
     {"layout=2008", "app.new.commercial=-1", "cum.complaints=2.5"},
     {"R5 error 三/一、本年新收政府信息公开申请数量/商业企业", "R5 error 统计表/历年累计/举报投诉数量",
      "R1 warning 三", "R3 warning 三"}},
    {"R6: fewer in force than issued this year",
     {ZERO21, "pro.normative.issued=3", "pro.normative.repealed=0", "pro.normative.in_force=1"},
     {"R6 warning 二/行政规范性文件"}},
    {"R6: a repeal with nothing in force",
     {ZERO21, "pro.rules.issued=0", "pro.rules.repealed=2", "pro.rules.in_force=0"},
     {"R6 warning 二/规章"}},
    {"R6: the 2019 table's published and public total",
     {"layout=2019", "pro.normative.published=5", "pro.normative.public_total=3"},
     {"R6 warning 二/规范性文件"}},
    {"R6: seed 004's table 二 is plausible",
     {ZERO21, "pro.rules.issued=0", "pro.rules.repealed=1", "pro.rules.in_force=5",
      "pro.normative.issued=2", "pro.normative.repealed=0", "pro.normative.in_force=62"},
     {NULL}},
    /* 2008 layout: seeds 000 and 002 */
    {"seed 000's figures are consistent",
     {"layout=2008", "legacy.proactive.total=164", "legacy.proactive.gazette=0", "legacy.proactive.website=129",
      "legacy.proactive.weibo=11", "legacy.proactive.wechat=4", "legacy.proactive.other=20",
      "legacy.applications.received=2", "legacy.applications.in_person=0", "legacy.applications.fax=0",
      "legacy.applications.online=2", "legacy.applications.letter=0", "legacy.applications.completed=2",
      "legacy.applications.on_time=2", "legacy.applications.extended=0", "legacy.replies.total=2",
      "legacy.replies.already_public=0", "legacy.replies.granted=2", "legacy.replies.partly=0",
      "legacy.replies.refused=0", "legacy.replies.refused.privacy=0", "legacy.staff.total=3",
      "legacy.staff.full_time=0", "legacy.staff.part_time=3"},
     {NULL}},
    {"L1: the channels do not add up",
     {"layout=2008", "legacy.applications.received=2", "legacy.applications.in_person=0",
      "legacy.applications.fax=0", "legacy.applications.online=1", "legacy.applications.letter=0"},
     {"L1 error 统计表/收到申请数"}},
    {"L1: 信函、传真 as one row (seed 002)",
     {"layout=2008", "legacy.applications.received=3", "legacy.applications.in_person=1",
      "legacy.applications.online=1", "legacy.applications.letter_fax=1"},
     {NULL}},
    {"L1: a variant without a 传真 row",
     {"layout=2008", "legacy.applications.received=3", "legacy.applications.in_person=1",
      "legacy.applications.online=1", "legacy.applications.letter=1"},
     {NULL}},
    {"L1 in the cumulative column",
     {"layout=2008", "cum.applications.received=5", "cum.applications.in_person=1",
      "cum.applications.online=1", "cum.applications.letter_fax=1"},
     {"L1 error 统计表/历年累计/收到申请数"}},
    {"L2: completed on time and extended",
     {"layout=2008", "legacy.applications.completed=2", "legacy.applications.on_time=2",
      "legacy.applications.extended=1"},
     {"L2 error 统计表/申请办结数"}},
    {"L2: refusals by reason, replies by kind",
     {"layout=2008", "legacy.replies.total=3", "legacy.replies.granted=2", "legacy.replies.refused=1",
      "legacy.replies.refused.state_secret=0", "legacy.replies.refused.privacy=0"},
     {"L2 error 统计表/不同意公开答复数"}},
    {"L2: review, litigation and staff",
     {"layout=2008", "legacy.review.total=1", "legacy.review.upheld=0", "legacy.review.corrected=0",
      "legacy.litigation.total=0", "legacy.litigation.upheld=0", "legacy.staff.total=3",
      "legacy.staff.full_time=1", "legacy.staff.part_time=3"},
     {"L2 error 统计表/行政复议数量", "L2 error 统计表/从事政府信息公开工作人员数"}},
    {"L3: one channel above the total",
     {"layout=2008", "legacy.proactive.total=100", "legacy.proactive.website=129"},
     {"L3 warning 统计表/主动公开政府信息数"}},
    {"L3: the total above the channels' sum",
     {"layout=2008", "legacy.proactive.total=200", "legacy.proactive.website=129", "legacy.proactive.weibo=11"},
     {"L3 warning 统计表/主动公开政府信息数"}},
    {"L3: the same piece on several channels counts once",
     {"layout=2008", "legacy.proactive.total=17", "legacy.proactive.website=17", "legacy.proactive.gazette=17"},
     {NULL}},
    /* narrative: seed 003 says 受理依申请公开事项141件 … 当面申请82件 */
    {"narrative: parts that are not mentioned are not zero",
     {"layout=narrative", "legacy.applications.received=141", "text.applications.received",
      "legacy.applications.in_person=82", "text.applications.in_person", "legacy.proactive.total=50",
      "legacy.proactive.website=20", "text.proactive.total", "text.proactive.website"},
     {NULL}},
    {"narrative: parts above the total are still wrong",
     {"layout=narrative", "legacy.applications.received=141", "text.applications.received",
      "legacy.applications.in_person=150", "text.applications.in_person"},
     {"L1 error 正文/收到申请数"}},
};

static void run_case(const struct ccase *c)
{
    rpt *r = rpt_new();
    for (int i = 0; i < 24 && c->set[i]; i++)
        apply(r, c->set[i]);
    rpt_check(r);
    int nwant = 0;
    while (nwant < 8 && c->want[nwant])
        nwant++;
    bool used[8] = {0};
    char got[512];
    for (size_t i = 0; i < r->nproblems; i++) {
        const struct rpt_problem *p = &r->problems[i];
        snprintf(got, sizeof got, "%s %s %s", p->rule, p->severity == RPT_ERROR ? "error" : "warning", p->where);
        bool found = false;
        for (int k = 0; k < nwant && !found; k++)
            if (!used[k] && strcmp(c->want[k], got) == 0)
                used[k] = found = true;
        if (!found)
            fail_msg("%s: unexpected finding '%s': %s", c->name, got, p->message);
        assert_true(strlen(p->message) > 0);
    }
    for (int k = 0; k < nwant; k++)
        if (!used[k])
            fail_msg("%s: missing finding '%s'", c->name, c->want[k]);
    rpt_free(r);
}

static void test_rule_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
}

/* Every rule of the design is in the table, and every case-tested id exists. */
static void test_rules_listed(void **state)
{
    (void)state;
    static const char *const ids[] = {"R1", "R2", "R3", "R4", "R5", "R6", "L1", "L2", "L3", "X1", "X2"};
    assert_int_equal(rpt_nrules, 11);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        bool found = false;
        for (int k = 0; k < rpt_nrules; k++)
            found |= strcmp(rpt_rules[k].id, ids[i]) == 0;
        assert_true(found);
    }
}

/* The message carries the numbers. */
static void test_message_numbers(void **state)
{
    (void)state;
    rpt *r = rpt_new();
    const char *set[] = {ZERO21, "app.new.research=1", "app.new.total=1"};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        apply(r, set[i]);
    rpt_check(r);
    assert_true(r->nproblems >= 1);
    assert_string_equal(r->problems[0].rule, "R1");
    assert_string_equal(r->problems[0].where, "三/科研机构");
    assert_non_null(strstr(r->problems[0].message, "本年新收 1 + 上年结转 0 = 1"));
    assert_non_null(strstr(r->problems[0].message, "≠ 办理结果总计 0 + 结转下年度 0 = 0"));
    rpt_free(r);
}

/* Checking twice gives the same findings; the reader's own problems stay. */
static void test_idempotent(void **state)
{
    (void)state;
    rpt *r = rpt_new();
    apply(r, "layout=2021");
    apply(r, "app.*.*=0");
    apply(r, "app.new.natural_person=1");
    rpt_add_problem(r, "READ", RPT_WARNING, "三", "a row did not fit");
    rpt_check(r);
    size_t n = r->nproblems;
    assert_true(n >= 2);
    rpt_check(r);
    assert_int_equal(r->nproblems, n);
    assert_string_equal(r->problems[0].rule, "READ");
    rpt_free(r);
}

static rpt *year_report(int year, const char *const *set, size_t n)
{
    rpt *r = rpt_new();
    r->year = year;
    apply(r, "layout=2021");
    for (size_t i = 0; i < n; i++)
        apply(r, set[i]);
    return r;
}

static void test_across_years(void **state)
{
    (void)state;
    const char *y22[] = {"app.carried_out.natural_person=3", "app.carried_out.total=3", "pro.normative.in_force=60"};
    const char *y23[] = {"app.carried_in.natural_person=2", "app.carried_in.total=3", "pro.normative.issued=2",
                         "pro.normative.repealed=1", "pro.normative.in_force=62"};
    rpt *a = year_report(2022, y22, 3), *b = year_report(2023, y23, 5);
    rpt *v[] = {b, a};   /* any order */
    rpt_check_across(v, 2);
    assert_int_equal(a->nproblems, 0);   /* findings go to the later year */
    assert_int_equal(b->nproblems, 2);
    assert_string_equal(b->problems[0].rule, "X1");
    assert_string_equal(b->problems[0].where, "三/自然人");
    assert_non_null(strstr(b->problems[0].message, "2023年上年结转 2 ≠ 2022年结转下年度继续办理 3"));
    assert_string_equal(b->problems[1].rule, "X2");
    assert_int_equal(b->problems[1].severity, RPT_WARNING);
    assert_string_equal(b->problems[1].where, "二/行政规范性文件");
    assert_non_null(strstr(b->problems[1].message, "= 61"));
    /* again: replaced, not repeated */
    rpt_check_across(v, 2);
    assert_int_equal(b->nproblems, 2);
    /* total column agrees: only the natural-person column differs */
    bool total_flagged = false;
    for (size_t i = 0; i < b->nproblems; i++)
        total_flagged |= strcmp(b->problems[i].where, "三/总计") == 0;
    assert_false(total_flagged);
    rpt_free(a);
    rpt_free(b);
}

static void test_across_gap_and_fix(void **state)
{
    (void)state;
    const char *y21[] = {"app.carried_out.total=3", "pro.normative.in_force=60"};
    const char *y23[] = {"app.carried_in.total=1"};
    const char *y22[] = {"app.carried_in.total=3", "pro.normative.issued=2", "pro.normative.repealed=1",
                         "pro.normative.in_force=61"};
    rpt *a = year_report(2021, y21, 2), *c = year_report(2023, y23, 1);
    rpt *v[] = {a, c};
    rpt_check_across(v, 2);   /* 2021 and 2023 are not consecutive */
    assert_int_equal(c->nproblems, 0);
    rpt *b = year_report(2022, y22, 4);
    rpt *w[] = {a, b};
    rpt_check_across(w, 2);
    assert_int_equal(b->nproblems, 0);
    rpt_free(a);
    rpt_free(b);
    rpt_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_cases),
        cmocka_unit_test(test_rules_listed),
        cmocka_unit_test(test_message_numbers),
        cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_across_years),
        cmocka_unit_test(test_across_gap_and_fix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
