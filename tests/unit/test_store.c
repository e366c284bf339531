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
        cmocka_unit_test_setup_teardown(test_audit_and_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings_and_calendar, setup, teardown),
        cmocka_unit_test(test_open_bad_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
