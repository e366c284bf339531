/* Unit tests for the store's users-and-sessions section: accounts, sessions,
 * API tokens, rate events and the data version. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "publish/publish.h"
#include "store/store.h"
#include "testutil.h"

static int64_t agency;

static int setup(void **state)
{
    store_t *s;
    if (tu_store_open(&s))
        return -1;
    struct store_agency a = {0};
    strcpy(a.code, "zmd");
    strcpy(a.name, "驻马店市民政局");
    strcpy(a.org_code, "11411700005184320J");
    err e = {0};
    if (store_agency_add(s, &a, &agency, &e))
        return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    tu_store_close(*state);
    return 0;
}

static int64_t add_user(store_t *s, const char *login, const char *role)
{
    struct store_user u = {0};
    u.agency_id = agency;
    snprintf(u.login, sizeof u.login, "%s", login);
    strcpy(u.name, "张三");
    snprintf(u.role, sizeof u.role, "%s", role);
    strcpy(u.pw_hash, "$argon2id$fake");
    u.active = true;
    int64_t id = 0;
    err e = {0};
    assert_int_equal(store_user_add(s, &u, &id, &e), 0);
    return id;
}

static void test_users(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t id = add_user(s, "zhangsan", "officer");
    struct store_user u;
    assert_int_equal(store_user_by_login(s, "zhangsan", &u, &e), 0);
    assert_int_equal(u.id, id);
    assert_string_equal(u.role, "officer");
    assert_true(u.active);
    assert_string_equal(u.last_login, "");
    /* a taken login, an unknown role */
    struct store_user dup = u;
    assert_int_equal(store_user_add(s, &dup, NULL, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "taken"));
    strcpy(dup.login, "lisi");
    strcpy(dup.role, "root");
    assert_int_equal(store_user_add(s, &dup, NULL, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "root"));
    /* update, password, last login, list, counts */
    strcpy(u.role, "reviewer");
    u.active = false;
    assert_int_equal(store_user_update(s, &u, &e), 0);
    assert_int_equal(store_user_set_password(s, id, "$argon2id$new", &e), 0);
    assert_int_equal(store_user_logged_in(s, id, &e), 0);
    assert_int_equal(store_user_get(s, id, &u, &e), 0);
    assert_string_equal(u.role, "reviewer");
    assert_false(u.active);
    assert_string_equal(u.pw_hash, "$argon2id$new");
    assert_true(u.last_login[0] != '\0');
    add_user(s, "admin", "admin");
    struct store_user *all;
    size_t n;
    assert_int_equal(store_user_list(s, agency, &all, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(all[0].login, "admin");
    free(all);
    int64_t c = -1;
    assert_int_equal(store_user_count_role(s, agency, "admin", &c, &e), 0);
    assert_int_equal(c, 1);
    assert_int_equal(store_user_count_role(s, agency, "reviewer", &c, &e), 0);
    assert_int_equal(c, 0);   /* inactive accounts do not count */
    assert_int_equal(store_user_get(s, 9999, &u, &e), GK_ENOTFOUND);
    u.id = 9999;
    assert_int_equal(store_user_update(s, &u, &e), GK_ENOTFOUND);
}

static void test_sessions(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t uid = add_user(s, "wangwu", "office");
    struct store_session ss = {0};
    strcpy(ss.id_hash, "aaaa");
    ss.user_id = uid;
    strcpy(ss.csrf, "cccc");
    ss.created = 1000;
    ss.seen = 1000;
    assert_int_equal(store_session_add(s, &ss, &e), 0);
    struct store_session got;
    assert_int_equal(store_session_get(s, "aaaa", &got, &e), 0);
    assert_int_equal(got.user_id, uid);
    assert_string_equal(got.csrf, "cccc");
    assert_int_equal(store_session_touch(s, "aaaa", 2000, &e), 0);
    assert_int_equal(store_session_get(s, "aaaa", &got, &e), 0);
    assert_int_equal(got.seen, 2000);
    /* purge by idle time keeps the fresh one, drops the idle one */
    strcpy(ss.id_hash, "bbbb");
    ss.seen = 500;
    assert_int_equal(store_session_add(s, &ss, &e), 0);
    assert_int_equal(store_session_purge(s, 1500, 0, &e), 0);
    assert_int_equal(store_session_get(s, "bbbb", &got, &e), GK_ENOTFOUND);
    assert_int_equal(store_session_get(s, "aaaa", &got, &e), 0);
    /* purge by age */
    assert_int_equal(store_session_purge(s, 0, 1001, &e), 0);
    assert_int_equal(store_session_get(s, "aaaa", &got, &e), GK_ENOTFOUND);
    strcpy(ss.id_hash, "dddd");
    assert_int_equal(store_session_add(s, &ss, &e), 0);
    assert_int_equal(store_session_delete_user(s, uid, &e), 0);
    assert_int_equal(store_session_get(s, "dddd", &got, &e), GK_ENOTFOUND);
}

static void test_tokens(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t uid = add_user(s, "robot", "office");
    struct store_token t = {0};
    t.user_id = uid;
    strcpy(t.name, "汇总脚本");
    strcpy(t.hash, "h1");
    strcpy(t.prefix, "gk_12345");
    t.created = 10;
    int64_t id;
    assert_int_equal(store_token_add(s, &t, "admin", &id, &e), 0);
    struct store_token got;
    assert_int_equal(store_token_find(s, "h1", &got, &e), 0);
    assert_string_equal(got.user_login, "robot");
    assert_int_equal(store_token_used(s, id, 99, &e), 0);
    struct store_token *all;
    size_t n;
    assert_int_equal(store_token_list(s, agency, uid, &all, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(all[0].last_used, 99);
    free(all);
    assert_int_equal(store_token_revoke(s, id, "admin", &e), 0);
    assert_int_equal(store_token_find(s, "h1", &got, &e), GK_ENOTFOUND);
    assert_int_equal(store_token_get(s, id, &got, &e), 0);
    assert_true(got.revoked);
    assert_int_equal(store_token_revoke(s, 12345, "admin", &e), GK_ENOTFOUND);
}

static void test_rate(void **state)
{
    store_t *s = *state;
    err e = {0};
    for (int i = 0; i < 3; i++)
        assert_int_equal(store_rate_add(s, "login_fail", "zhangsan", 100 + i, &e), 0);
    assert_int_equal(store_rate_add(s, "apply", "zhangsan", 200, &e), 0);
    int64_t n;
    assert_int_equal(store_rate_count(s, "login_fail", "zhangsan", 101, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(store_rate_count(s, "login_fail", "lisi", 0, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(store_rate_clear(s, "login_fail", "zhangsan", &e), 0);
    assert_int_equal(store_rate_count(s, "login_fail", "zhangsan", 0, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(store_rate_purge(s, 201, &e), 0);
    assert_int_equal(store_rate_count(s, "apply", "zhangsan", 0, &n, &e), 0);
    assert_int_equal(n, 0);
}

static void test_data_version(void **state)
{
    store_t *s = *state;
    err e = {0};
    if (strcmp(store_backend(s), "sqlite") != 0) {
        assert_int_equal(store_data_version(s), 0);   /* PostgreSQL cannot say */
        return;
    }
    store_t *other;
    assert_int_equal(store_open(tu_store_target(), &other, &e), 0);
    int64_t v1 = store_data_version(s);
    /* a change through this connection does not move it; another's does */
    assert_int_equal(store_setting_set(s, 0, "k", "1", &e), 0);
    assert_int_equal(store_data_version(s), v1);
    assert_int_equal(store_setting_set(other, 0, "k", "2", &e), 0);
    assert_true(store_data_version(s) != v1);
    store_close(other);
}

static int count_audit(const struct store_audit_entry *a, void *arg)
{
    buf *b = arg;
    buf_printf(b, "%s/%s;", a->action, a->actor);
    return 0;
}

static void test_report_pub(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct store_report_pub p;
    assert_int_equal(store_report_get(s, agency, 2025, &p, &e), GK_ENOTFOUND);
    assert_int_equal(store_report_save(s, agency, 2025, "{\"overview\":\"概述\"}", NULL, "gongkaiban", &e), 0);
    assert_int_equal(store_report_get(s, agency, 2025, &p, &e), 0);
    assert_string_equal(p.narrative_json, "{\"overview\":\"概述\"}");
    assert_null(p.report_json);                 /* a draft is not published */
    assert_null(p.signed_json);
    assert_int_equal(p.version, 0);
    store_report_pub_clear(&p);
    int *years;
    size_t n;
    assert_int_equal(store_report_years(s, agency, &years, &n, &e), 0);
    assert_int_equal(n, 0);
    free(years);
    /* nothing signed: nothing to publish */
    assert_int_equal(store_report_publish(s, agency, 2025, "gongkaiban", &e), GK_ESTATE);
    assert_int_equal(store_report_sign(s, agency, 2025, "", "lingdao", "leader", &e), GK_EINVAL);
    assert_int_equal(store_report_sign(s, agency, 2025, "{\"year\":2025}", "lingdao", "leader", &e), 0);
    /* saving the draft again withdraws the sign-off */
    assert_int_equal(store_report_save(s, agency, 2025, "{\"overview\":\"概述二\"}", NULL, "gongkaiban", &e), 0);
    assert_int_equal(store_report_publish(s, agency, 2025, "gongkaiban", &e), GK_ESTATE);
    assert_int_equal(store_report_sign(s, agency, 2025, "{\"year\":2025}", "lingdao", "leader", &e), 0);
    assert_int_equal(store_report_get(s, agency, 2025, &p, &e), 0);
    assert_string_equal(p.signed_json, "{\"year\":2025}");
    assert_string_equal(p.signed_by, "lingdao");
    assert_string_equal(p.signed_role, "leader");
    store_report_pub_clear(&p);
    assert_int_equal(store_report_publish(s, agency, 2025, "gongkaiban", &e), 0);
    /* signing a year with no draft creates it */
    assert_int_equal(store_report_sign(s, agency, 2024, "{\"year\":2024}", "lingdao", "leader", &e), 0);
    assert_int_equal(store_report_publish(s, agency, 2024, "gongkaiban", &e), 0);
    assert_int_equal(store_report_get(s, agency, 2025, &p, &e), 0);
    assert_string_equal(p.report_json, "{\"year\":2025}");
    assert_string_equal(p.narrative_json, "{\"overview\":\"概述二\"}");   /* kept */
    assert_string_equal(p.published_by, "gongkaiban");
    assert_int_equal(p.version, 1);
    assert_null(p.signed_json);                 /* the sign-off was used up */
    store_report_pub_clear(&p);
    assert_int_equal(store_report_years(s, agency, &years, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(years[0], 2025);
    assert_int_equal(years[1], 2024);
    free(years);

    /* a correction: a new draft with its note, signed, published as version 2 */
    assert_int_equal(store_report_save(s, agency, 2025, "{\"overview\":\"更正后\"}", "表三数字有误，已更正。",
                                       "gongkaiban", &e), 0);
    assert_int_equal(store_report_get(s, agency, 2025, &p, &e), 0);
    assert_string_equal(p.report_json, "{\"year\":2025}");   /* the public still sees version 1 */
    assert_string_equal(p.correction_note, "表三数字有误，已更正。");
    store_report_pub_clear(&p);
    assert_int_equal(store_report_sign(s, agency, 2025, "{\"year\":2025,\"v\":2}", "lingdao", "leader", &e), 0);
    assert_int_equal(store_report_publish(s, agency, 2025, "gongkaiban", &e), 0);
    struct store_report_version *v;
    assert_int_equal(store_report_versions(s, agency, 2025, &v, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].version, 2);
    assert_string_equal(v[0].report_json, "{\"year\":2025,\"v\":2}");
    assert_string_equal(v[0].narrative_json, "{\"overview\":\"更正后\"}");
    assert_string_equal(v[0].correction_note, "表三数字有误，已更正。");
    assert_string_equal(v[0].signed_by, "lingdao");
    assert_int_equal(v[1].version, 1);
    assert_string_equal(v[1].narrative_json, "{\"overview\":\"概述二\"}");
    assert_string_equal(v[1].correction_note, "");
    store_report_versions_free(v, n);
    assert_int_equal(store_report_get(s, agency, 2025, &p, &e), 0);
    assert_int_equal(p.version, 2);
    assert_string_equal(p.report_json, "{\"year\":2025,\"v\":2}");
    assert_string_equal(p.correction_note, "");   /* the next draft starts without a note */
    store_report_pub_clear(&p);
    assert_int_equal(store_report_versions(s, agency, 2023, &v, &n, &e), 0);
    assert_int_equal(n, 0);
    free(v);

    /* every step is in the audit trail */
    buf b;
    buf_init(&b);
    struct store_audit_filter f = {.agency_id = agency, .entity = "report", .entity_id = 2025};
    assert_int_equal(store_audit_list(s, &f, count_audit, &b, &e), 0);
    assert_string_equal(b.data, "corrected/gongkaiban;signed_off/lingdao;draft_saved/gongkaiban;published/gongkaiban;"
                                "signed_off/lingdao;draft_saved/gongkaiban;signed_off/lingdao;draft_saved/gongkaiban;");
    buf_free(&b);

    /* the agency's kind: department by default */
    char kind[16];
    assert_int_equal(store_agency_kind(s, agency, kind, &e), 0);
    assert_string_equal(kind, "department");
    assert_int_equal(store_agency_set_kind(s, agency, "government", "cli", &e), 0);
    assert_int_equal(store_agency_kind(s, agency, kind, &e), 0);
    assert_string_equal(kind, "government");
    assert_int_equal(store_agency_kind(s, 999999, kind, &e), GK_ENOTFOUND);
}

struct counted {
    char keys[8][64];
    int64_t n[8];
    int k;
};

static int count_cb(const char *key, int64_t n, void *arg)
{
    struct counted *c = arg;
    if (c->k < 8) {
        snprintf(c->keys[c->k], sizeof c->keys[0], "%s", key);
        c->n[c->k++] = n;
    }
    return 0;
}

static void add_doc(store_t *s, const char *title, const char *category, int item, bool publish)
{
    struct doc d;
    doc_init(&d);
    d.agency_id = agency;
    snprintf(d.title, sizeof d.title, "%s", title);
    snprintf(d.issuer, sizeof d.issuer, "驻马店市民政局");
    snprintf(d.category, sizeof d.category, "%s", category);
    d.item = item;
    d.written = date_from_ymd(2025, 3, 1);
    if (publish) {
        d.published = date_from_ymd(2025, 3, 5);
        d.state = DOC_PUBLISHED;
    }
    d.body = xstrdup("正文。");
    err e = {0};
    int rc = store_doc_add(s, &d, "test", &e);
    if (rc)
        fprintf(stderr, "%s: %s\n", e.where, e.msg);
    assert_int_equal(rc, 0);
    doc_clear(&d);
}

static void test_doc_counts(void **state)
{
    store_t *s = *state;
    err e = {0};
    add_doc(s, "低保名单公示一", "社会救助", 11, true);
    add_doc(s, "低保名单公示二", "社会救助", 11, true);
    add_doc(s, "部门预算", "财政预决算", 7, true);
    add_doc(s, "草稿", "社会救助", 11, false);          /* drafts do not count */
    add_doc(s, "无分类", "", 0, true);                   /* nor empty keys */
    struct counted c = {0};
    assert_int_equal(store_doc_counts(s, agency, "item", count_cb, &c, &e), 0);
    assert_int_equal(c.k, 2);
    for (int i = 0; i < c.k; i++)
        assert_int_equal(c.n[i], strcmp(c.keys[i], "11") == 0 ? 2 : 1);
    memset(&c, 0, sizeof c);
    assert_int_equal(store_doc_counts(s, agency, "category", count_cb, &c, &e), 0);
    assert_int_equal(c.k, 2);
    for (int i = 0; i < c.k; i++)
        assert_int_equal(c.n[i], strcmp(c.keys[i], "社会救助") == 0 ? 2 : 1);
    assert_int_equal(store_doc_counts(s, agency, "title; DROP TABLE doc", count_cb, &c, &e), GK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_users, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_pub, setup, teardown),
        cmocka_unit_test_setup_teardown(test_doc_counts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
