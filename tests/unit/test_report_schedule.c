/*
 * Unit tests for report/schedule.c: when an annual report may be signed off
 * and published (from 1 January of the next year, 《条例》第四十九条、第五十条),
 * the deadlines of Art. 49 (31 January for departments, 31 March for
 * governments), the dashboard status, and the refusals with their messages.
 * Each case is a row: the facts, the date, and the exact outcome.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "report/schedule.h"

static gk_day day(const char *s)
{
    gk_day d;
    err e = {0};
    assert_int_equal(date_parse(s, &d, &e), 0);
    return d;
}

/* The date rule of publishing: year, today, signed off, version, note -> rc
 * and the start of the message. */
static void test_publish_cases(void **state)
{
    (void)state;
    static const struct {
        int year;
        const char *today;
        bool drafted, signed_off;
        int version;
        const char *note;
        int rc;
        const char *msg;   /* prefix of e.msg, NULL when allowed */
    } cases[] = {
        {2026, "2026-12-03", true, false, 0, "", GK_ESTATE, "2026年度报告须于2027年1月1日后发布"},
        {2026, "2026-12-03", true, true, 0, "", GK_ESTATE, "2026年度报告须于2027年1月1日后发布"},
        {2026, "2026-12-31", true, true, 0, "", GK_ESTATE, "2026年度报告须于2027年1月1日后发布"},
        {2026, "2027-01-01", true, true, 0, "", 0, NULL},
        {2026, "2027-01-02", true, false, 0, "", GK_ESTATE, "2026年度报告须经分管领导签发后才能发布"},
        {2026, "2027-01-02", true, true, 0, "", 0, NULL},
        {2026, "2027-06-30", true, true, 0, "", 0, NULL},     /* late is still allowed: never refuse the law */
        {2026, "2027-01-20", true, true, 1, "", GK_ESTATE, "2026年度报告已发布（第1版），更正版须填写更正说明后才能发布"},
        {2026, "2027-01-20", true, true, 1, "表三第1行数字有误，已更正。", 0, NULL},
        {2026, "2027-01-20", true, false, 1, "表三更正。", GK_ESTATE, "2026年度报告须经分管领导签发"},
        {2025, "2025-12-31", true, true, 0, "", GK_ESTATE, "2025年度报告须于2026年1月1日后发布"},
        {2025, "2026-01-01", true, true, 0, "", 0, NULL},
        {2024, "2024-02-29", true, true, 0, "", GK_ESTATE, "2024年度报告须于2025年1月1日后发布"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rpt_pub_facts f = {.year = cases[i].year, .today = day(cases[i].today), .drafted = cases[i].drafted,
                                  .signed_off = cases[i].signed_off, .version = cases[i].version,
                                  .note = cases[i].note};
        err e = {0};
        int rc = rpt_publish_check(&f, "分管领导", &e);
        if (rc != cases[i].rc)
            fail_msg("case %zu (%d on %s): rc %d, wanted %d (%s)", i, cases[i].year, cases[i].today, rc,
                     cases[i].rc, e.msg);
        if (cases[i].msg && strncmp(e.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
            fail_msg("case %zu: message '%s', wanted it to begin '%s'", i, e.msg, cases[i].msg);
    }
}

/* Sign-off: only from 1 January of Y+1, only the designated role, a
 * correction only with its note. */
static void test_signoff_cases(void **state)
{
    (void)state;
    static const struct {
        const char *today, *role, *designated;
        bool drafted;
        int version;
        const char *note;
        int rc;
        const char *msg;
    } cases[] = {
        {"2026-12-31", "leader", "leader", true, 0, "", GK_ESTATE, "2026年度报告须于2027年1月1日后签发"},
        {"2027-01-01", "leader", "leader", true, 0, "", 0, NULL},
        {"2027-01-02", "office", "leader", true, 0, "", GK_ESTATE, "2026年度报告须由本机关指定的分管领导签发"},
        {"2027-01-02", "office", "office", true, 0, "", 0, NULL},
        {"2027-01-02", NULL, "leader", true, 0, "", GK_ESTATE, "2026年度报告须由本机关指定的分管领导签发"},
        {"2027-01-02", "leader", "leader", false, 0, "", GK_ESTATE, "2026年度报告尚未起草"},
        {"2027-02-10", "leader", "leader", true, 1, "", GK_ESTATE, "2026年度报告已发布（第1版），更正版须填写更正说明后才能签发"},
        {"2027-02-10", "leader", "leader", true, 2, "第二次更正", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rpt_pub_facts f = {.year = 2026, .today = day(cases[i].today), .drafted = cases[i].drafted,
                                  .version = cases[i].version, .note = cases[i].note};
        err e = {0};
        int rc = rpt_signoff_check(&f, cases[i].role, cases[i].designated, "分管领导", &e);
        if (rc != cases[i].rc)
            fail_msg("case %zu: rc %d, wanted %d (%s)", i, rc, cases[i].rc, e.msg);
        if (cases[i].msg && strncmp(e.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
            fail_msg("case %zu: message '%s', wanted it to begin '%s'", i, e.msg, cases[i].msg);
    }
}

/* Art. 49's deadlines and the dashboard's status around them. */
static void test_deadline_status(void **state)
{
    (void)state;
    static const struct {
        int year;
        const char *kind, *today;
        bool drafted, signed_off;
        int version;
        const char *due, *status;
    } cases[] = {
        {2026, "department", "2026-12-03", false, false, 0, "2027-01-31", "none"},
        {2026, "department", "2026-12-03", true, false, 0, "2027-01-31", "drafted"},
        {2026, "department", "2027-01-02", true, true, 0, "2027-01-31", "signed"},
        {2026, "department", "2027-01-31", true, true, 0, "2027-01-31", "signed"},
        {2026, "department", "2027-02-01", true, true, 0, "2027-01-31", "late"},
        {2026, "department", "2027-02-01", false, false, 0, "2027-01-31", "late"},
        {2026, "department", "2027-02-01", true, false, 1, "2027-01-31", "published"},
        {2026, "government", "2027-02-01", true, false, 0, "2027-03-31", "drafted"},
        {2026, "government", "2027-03-31", true, true, 0, "2027-03-31", "signed"},
        {2026, "government", "2027-04-01", true, true, 0, "2027-03-31", "late"},
        {2026, "government", "2027-04-01", true, false, 2, "2027-03-31", "published"},
        {2027, "government", "2028-02-29", true, false, 0, "2028-03-31", "drafted"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum rpt_agency_kind k;
        err e = {0};
        assert_int_equal(rpt_agency_kind_parse(cases[i].kind, "kind", &k, &e), 0);
        char due[11];
        date_format(rpt_due(cases[i].year, k), due);
        if (strcmp(due, cases[i].due) != 0)
            fail_msg("case %zu: due %s, wanted %s", i, due, cases[i].due);
        struct rpt_pub_facts f = {.year = cases[i].year, .today = day(cases[i].today), .drafted = cases[i].drafted,
                                  .signed_off = cases[i].signed_off, .version = cases[i].version};
        const char *st = rpt_pub_status_key(rpt_pub_status(&f, k));
        if (strcmp(st, cases[i].status) != 0)
            fail_msg("case %zu (%s %s): status %s, wanted %s", i, cases[i].kind, cases[i].today, st, cases[i].status);
    }
    char from[11];
    date_format(rpt_publish_from(2026), from);
    assert_string_equal(from, "2027-01-01");
    assert_string_equal(rpt_deadline_rule(RPT_AGENCY_DEPARTMENT)->label, "县级以上人民政府部门");
    assert_non_null(strstr(rpt_deadline_rule(RPT_AGENCY_GOVERNMENT)->basis, "第四十九条"));
}

static void test_kind_and_note(void **state)
{
    (void)state;
    enum rpt_agency_kind k;
    err e = {0};
    assert_int_equal(rpt_agency_kind_parse("ministry", "--kind", &k, &e), GK_EINVAL);
    assert_string_equal(e.where, "--kind");
    assert_non_null(strstr(e.msg, "'ministry'"));
    assert_int_equal(rpt_agency_kind_parse("government", "--kind", &k, &e), 0);
    assert_int_equal(k, RPT_AGENCY_GOVERNMENT);

    /* 更正说明: at most RPT_NOTE_MAX characters, counted as characters */
    char note[RPT_NOTE_MAX * 4 + 8];
    for (int i = 0; i < RPT_NOTE_MAX; i++)
        memcpy(note + i * 3, "更", 3);
    assert_int_equal(rpt_note_check(note, RPT_NOTE_MAX * 3, &e), 0);
    memcpy(note + RPT_NOTE_MAX * 3, "正", 3);
    assert_int_equal(rpt_note_check(note, RPT_NOTE_MAX * 3 + 3, &e), GK_EINVAL);
    assert_string_equal(e.where, "correction_note");
    assert_non_null(strstr(e.msg, "2001"));
    assert_int_equal(rpt_note_check("a\0b", 3, &e), GK_EINVAL);
    assert_int_equal(rpt_note_check("\xff", 1, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "UTF-8"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_publish_cases),
        cmocka_unit_test(test_signoff_cases),
        cmocka_unit_test(test_deadline_status),
        cmocka_unit_test(test_kind_and_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
