/* Unit tests for the store core: migrations, agencies, audit, settings, transactions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "testutil.h"

static int setup(void **state)
{
    store_t *s;
    if (tu_store_open(&s))
        return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    tu_store_close(*state);
    return 0;
}

static void test_migrated(void **state)
{
    store_t *s = *state;
    assert_true(store_schema_version(s) >= 1);
    assert_string_equal(store_backend(s), getenv("GONGKAI_TEST_PG") ? "postgresql" : "sqlite");
}

static void test_agencies(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct store_agency a = {0}, got;
    strcpy(a.code, "zmd");
    strcpy(a.name, "驻马店市民政局");
    int64_t id;
    assert_int_equal(store_agency_add(s, &a, &id, &e), 0);
    assert_true(id > 0);
    assert_int_equal(store_agency_add(s, &a, &id, &e), GK_EINVAL);   /* duplicate code */
    assert_non_null(strstr(e.msg, "zmd"));
    assert_int_equal(store_agency_resolve(s, NULL, &got, &e), 0);  /* the only one */
    assert_string_equal(got.name, "驻马店市民政局");
    assert_string_equal(got.index_pattern, "{ORG}/{YYYY}-{NNNNN}");
    strcpy(a.code, "dh");
    strcpy(a.name, "定海区民政局");
    assert_int_equal(store_agency_add(s, &a, &id, &e), 0);
    assert_int_equal(store_agency_resolve(s, NULL, &got, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "--agency"));
    assert_int_equal(store_agency_resolve(s, "dh", &got, &e), 0);
    assert_int_equal(got.id, id);
    assert_int_equal(store_agency_get(s, "nope", &got, &e), GK_ENOTFOUND);
    struct store_agency empty = {0};
    assert_int_equal(store_agency_add(s, &empty, &id, &e), GK_EINVAL);
}

/* The agency tree (migration 014): an import in one transaction, the
 * subtree depth first, the within test, host names. Cases as a table. */
static void row(struct store_agency_row *r, int line, const char *code, const char *parent, const char *kind,
                const char *level, const char *host)
{
    memset(r, 0, sizeof *r);
    r->line = line;
    snprintf(r->a.code, sizeof r->a.code, "%s", code);
    snprintf(r->a.name, sizeof r->a.name, "%s机关", code);
    snprintf(r->a.kind, sizeof r->a.kind, "%s", kind);
    snprintf(r->a.level, sizeof r->a.level, "%s", level);
    snprintf(r->a.host, sizeof r->a.host, "%s", host);
    snprintf(r->parent, sizeof r->parent, "%s", parent);
    r->settings[0] = "calendar.region";
    r->values[0] = strcmp(code, "sx") == 0 ? "新疆" : "";
}

static void test_agency_tree(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct store_agency_row rows[6];
    row(&rows[0], 2, "city", "", "government", "city", "");
    row(&rows[1], 3, "dc", "city", "government", "county", "dc.example.cn");
    row(&rows[2], 4, "dc-jyj", "dc", "department", "", "");
    row(&rows[3], 5, "city-mzj", "city", "department", "", "");
    row(&rows[4], 6, "other", "", "government", "city", "");
    row(&rows[5], 7, "sx", "other", "government", "county", "");
    assert_int_equal(store_agency_import(s, rows, 6, "test", &e), 0);
    struct store_agency *v;
    size_t n;
    assert_int_equal(store_agency_tree(s, 0, &v, &n, &e), 0);
    static const struct { const char *code; int depth; } want[] = {
        {"city", 0}, {"city-mzj", 1}, {"dc", 1}, {"dc-jyj", 2}, {"other", 0}, {"sx", 1},
    };
    assert_int_equal(n, 6);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(v[i].code, want[i].code);
        assert_int_equal(v[i].depth, want[i].depth);
    }
    int64_t city = v[0].id, dcjyj = v[3].id, other = v[4].id, dc = v[2].id;
    assert_string_equal(v[2].kind, "government");
    assert_string_equal(v[2].level, "county");
    assert_int_equal(v[2].parent_id, city);
    free(v);
    assert_int_equal(store_agency_tree(s, dc, &v, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v[1].code, "dc-jyj");
    free(v);
    static const struct { int root, id; bool in; } within[] = {
        {0, 3, true}, {0, 2, true}, {0, 0, true}, {2, 0, false}, {4, 3, false}, {3, 3, true}, {2, 3, true},
    };
    int64_t ids[5] = {city, 0, dc, dcjyj, other};
    for (size_t i = 0; i < sizeof within / sizeof within[0]; i++) {
        bool in = !within[i].in;
        assert_int_equal(store_agency_within(s, ids[within[i].root], ids[within[i].id], &in, &e), 0);
        if (in != within[i].in)
            fail_msg("within case %zu", i);
    }
    struct store_agency got;
    assert_int_equal(store_agency_by_host(s, "dc.example.cn", &got, &e), 0);
    assert_string_equal(got.code, "dc");
    assert_int_equal(store_agency_by_host(s, "", &got, &e), GK_ENOTFOUND);
    char region[64];
    assert_int_equal(store_agency_get(s, "sx", &got, &e), 0);
    assert_int_equal(store_agency_region(s, got.id, region, &e), 0);
    assert_string_equal(region, "新疆");
    /* all or nothing: a missing parent on the second row keeps the first out */
    row(&rows[0], 2, "new1", "", "government", "city", "");
    row(&rows[1], 3, "new2", "nope", "department", "", "");
    assert_int_equal(store_agency_import(s, rows, 2, "test", &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "line 3"));
    assert_int_equal(store_agency_get(s, "new1", &got, &e), GK_ENOTFOUND);
    /* a taken host name is refused too */
    row(&rows[0], 2, "new3", "", "government", "city", "dc.example.cn");
    assert_int_equal(store_agency_import(s, rows, 1, "test", &e), GK_EINVAL);
    assert_int_equal(store_agency_get(s, "new3", &got, &e), GK_ENOTFOUND);
}

static int count_cb(const struct store_audit_entry *a, void *arg)
{
    (void)a;
    (*(int *)arg)++;
    return 0;
}

static void test_audit_and_transactions(void **state)
{
    store_t *s = *state;
    err e = {0};
    setenv("GONGKAI_NOW", "2024-03-01T09:00:00", 1);
    assert_int_equal(store_audit_add(s, 0, "alice", "application", 7, "register", NULL, "{\"a\":1}", &e), 0);
    /* a rolled-back transaction keeps nothing, even through a nested begin */
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_audit_add(s, 0, "bob", "application", 7, "answer", NULL, NULL, &e), 0);
    store_rollback(s);
    assert_int_equal(store_commit(s, &e), GK_ESTATE);
    int n = 0;
    struct store_audit_filter f = {.entity = "application", .entity_id = 7};
    assert_int_equal(store_audit_list(s, &f, count_cb, &n, &e), 0);
    assert_int_equal(n, 1);
    f.actor = "nobody";
    n = 0;
    assert_int_equal(store_audit_list(s, &f, count_cb, &n, &e), 0);
    assert_int_equal(n, 0);
    struct store_audit_filter g = {.since = "2024-03-01", .until = "2024-03-01"};
    n = 0;
    assert_int_equal(store_audit_list(s, &g, count_cb, &n, &e), 0);
    assert_int_equal(n, 1);
    unsetenv("GONGKAI_NOW");
}

static void test_settings_and_calendar(void **state)
{
    store_t *s = *state;
    err e = {0};
    buf b;
    buf_init(&b);
    assert_int_equal(store_setting_get(s, 1, "count_from", &b, &e), GK_ENOTFOUND);
    assert_int_equal(store_setting_set(s, 0, "count_from", "next_day", &e), 0);
    assert_int_equal(store_setting_get(s, 1, "count_from", &b, &e), 0);
    assert_string_equal(b.data, "next_day");
    assert_int_equal(store_setting_set(s, 1, "count_from", "same_day", &e), 0);
    buf_reset(&b);
    assert_int_equal(store_setting_get(s, 1, "count_from", &b, &e), 0);
    assert_string_equal(b.data, "same_day");
    assert_int_equal(store_calendar_put(s, "2027-01-01", "holiday", "元旦", "notice", &e), 0);
    assert_int_equal(store_calendar_put(s, "2027-01-01", "holiday", "元旦", "notice2", &e), 0);
    assert_int_equal(store_calendar_put(s, "2027-02-07", "weekday", "", "x", &e), GK_EINVAL);
    buf_reset(&b);
    assert_int_equal(store_calendar_tsv(s, &b, &e), 0);
    assert_string_equal(b.data, "2027-01-01\tholiday\t元旦\n");
    buf_free(&b);
}

static void test_open_bad_path(void **state)
{
    (void)state;
    store_t *s;
    err e = {0};
    assert_int_not_equal(store_open("/proc/gongkai-no/x/y.db", &s, &e), 0);
    assert_non_null(strstr(e.where, "/proc/gongkai-no"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agencies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agency_tree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_and_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings_and_calendar, setup, teardown),
        cmocka_unit_test(test_open_bad_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
