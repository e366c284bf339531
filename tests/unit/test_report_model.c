/* Unit tests for the report model: layout tables and JSON v1 output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>

#include "report/report.h"

static void test_tables_consistent(void **state)
{
    (void)state;
    int outcomes = 0;
    for (int i = 0; i < APP_NROWS; i++) {
        assert_non_null(rpt_app_rows[i].key);
        outcomes += rpt_app_rows[i].outcome;
    }
    assert_int_equal(outcomes, 21);   /* (一) to (六): 1 + 1 + 8 + 3 + 5 + 3 */
    for (int f = 0; f < PRO_NFIELDS; f++) {
        assert_non_null(rpt_pro_fields[f].key);
        assert_true(rpt_pro_fields[f].row < rpt_pro_nrows);
    }
    for (int i = 0; i < rpt_legacy_n; i++) {
        assert_int_equal(rpt_legacy_index(rpt_legacy_defs[i].key), i);
        if (rpt_legacy_defs[i].parent)
            assert_true(rpt_legacy_index(rpt_legacy_defs[i].parent) >= 0);
    }
}

static void test_json_contract_2021(void **state)
{
    (void)state;
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_2021;
    r->year = 2023;
    rpt_set_agency(r, "驻马店市民政局");
    r->pro[PRO_LIC_DECISIONS] = 92;
    r->app[APP_NEW][COL_TOTAL] = 3;
    r->app[APP_W_STATE_SECRET][COL_NATURAL] = 1;
    r->rl[RL_REVIEW][RL_TOTAL] = 0;
    int li = rpt_legacy_index("applications.received");
    r->legacy[li] = 141;
    r->legacy_from_text[li] = true;
    rpt_add_problem(r, "R1", RPT_ERROR, "三/总计", "3 + 0 != 0 + 0");
    buf b;
    buf_init(&b);
    rpt_to_json(r, &b, true);
    json_error_t je;
    json_t *j = json_loads(b.data, 0, &je);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "schema")), "gongkai.report/1");
    assert_string_equal(json_string_value(json_object_get(j, "layout")), "2021");
    assert_int_equal(json_integer_value(json_object_get(j, "year")), 2023);
    json_t *pro = json_object_get(j, "proactive");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(pro, "licensing"), "decisions")), 92);
    assert_true(json_is_null(json_object_get(json_object_get(pro, "rules"), "issued")));
    assert_null(json_object_get(json_object_get(pro, "rules"), "made"));   /* 2019 key absent */
    assert_null(json_object_get(pro, "procurement"));
    json_t *apps = json_object_get(j, "applications");
    assert_int_equal(json_array_size(json_object_get(apps, "columns")), 7);
    json_t *ss = json_object_get(json_object_get(apps, "withheld"), "state_secret");
    assert_int_equal(json_integer_value(json_array_get(ss, 0)), 1);
    assert_true(json_is_null(json_array_get(ss, 1)));
    assert_non_null(json_object_get(json_object_get(apps, "other"), "fee_unpaid"));
    assert_non_null(json_object_get(apps, "carried_out"));
    json_t *rl = json_object_get(j, "review_litigation");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(rl, "review"), "total")), 0);
    assert_true(json_is_null(json_object_get(json_object_get(rl, "litigation_direct"), "total")));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "legacy"), "applications.received")), 141);
    assert_string_equal(json_string_value(json_array_get(json_object_get(j, "from_text"), 0)), "applications.received");
    json_t *p0 = json_array_get(json_object_get(j, "problems"), 0);
    assert_string_equal(json_string_value(json_object_get(p0, "severity")), "error");
    json_decref(j);
    /* compact output parses to the same document */
    buf c;
    buf_init(&c);
    rpt_to_json(r, &c, false);
    json_t *j2 = json_loads(c.data, 0, &je);
    assert_non_null(j2);
    json_decref(j2);
    buf_free(&c);
    buf_free(&b);
    rpt_free(r);
}

static void test_json_2019_keys_and_amounts(void **state)
{
    (void)state;
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_2019;
    r->pro[PRO_PROC_AMOUNT] = 12.5;
    buf b;
    buf_init(&b);
    rpt_to_json(r, &b, false);
    json_error_t je;
    json_t *j = json_loads(b.data, 0, &je);
    json_t *pro = json_object_get(j, "proactive");
    assert_non_null(json_object_get(json_object_get(pro, "rules"), "public_total"));
    assert_non_null(json_object_get(pro, "other_services"));
    assert_true(json_real_value(json_object_get(json_object_get(pro, "procurement"), "amount_10k_yuan")) == 12.5);
    assert_true(json_is_null(json_object_get(j, "agency")));
    assert_true(json_is_null(json_object_get(j, "year")));
    json_decref(j);
    buf_free(&b);
    rpt *c = rpt_clone(r);
    assert_true(c->pro[PRO_PROC_AMOUNT] == 12.5);
    rpt_free(c);
    rpt_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_consistent),
        cmocka_unit_test(test_json_contract_2021),
        cmocka_unit_test(test_json_2019_keys_and_amounts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
