/* Unit tests for the web module's parts below the HTTP server: routing (and a
 * walk over the real route table), form/query/multipart and cookie parsing
 * with their refusals, the CSRF check, the template engine and its escaping,
 * the role table, upload sniffing, password hashing, and login throttling
 * (over a real store). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "web/web_internal.h"

static int h_a(web_req *r) { (void)r; return 1; }
static int h_b(web_req *r) { (void)r; return 2; }
static int h_c(web_req *r) { (void)r; return 3; }
static int h_d(web_req *r) { (void)r; return 4; }

static const struct web_route routes[] = {
    {M_GET, "/", h_a, 0, -1, 0, NULL},
    {M_GET, "/doc/:id", h_b, 0, -1, 0, NULL},
    {M_POST, "/doc/:id", h_c, 0, -1, 0, NULL},
    {M_GET, "/api/v1/applications/:id/letters/:n", h_d, 0, -1, 0, NULL},
    {M_GET, "/static/*", h_a, 0, -1, 0, NULL},
    {0, NULL, NULL, 0, -1, 0, NULL},
};

static void test_router(void **state)
{
    (void)state;
    arena a = {0};
    const char *p[6];
    int np = 0;
    bool known;
    const struct web_route *rt = web_route_match(routes, M_GET, "/", p, &np, &a, &known);
    assert_non_null(rt);
    assert_ptr_equal(rt->h, h_a);
    rt = web_route_match(routes, M_GET, "/doc/42", p, &np, &a, &known);
    assert_non_null(rt);
    assert_ptr_equal(rt->h, h_b);
    assert_int_equal(np, 1);
    assert_string_equal(p[0], "42");
    rt = web_route_match(routes, M_POST, "/doc/42", p, &np, &a, &known);
    assert_ptr_equal(rt->h, h_c);
    /* a method that no route of that path takes: known path, no route (405) */
    rt = web_route_match(routes, M_DELETE, "/doc/42", p, &np, &a, &known);
    assert_null(rt);
    assert_true(known);
    /* an empty parameter or an extra segment does not match */
    assert_null(web_route_match(routes, M_GET, "/doc/", p, &np, &a, &known));
    assert_false(known);
    assert_null(web_route_match(routes, M_GET, "/doc/1/x", p, &np, &a, &known));
    assert_null(web_route_match(routes, M_GET, "/docs", p, &np, &a, &known));
    rt = web_route_match(routes, M_GET, "/api/v1/applications/7/letters/2", p, &np, &a, &known);
    assert_ptr_equal(rt->h, h_d);
    assert_int_equal(np, 2);
    assert_string_equal(p[0], "7");
    assert_string_equal(p[1], "2");
    rt = web_route_match(routes, M_GET, "/static/gongkai.css", p, &np, &a, &known);
    assert_non_null(rt);
    assert_string_equal(p[0], "gongkai.css");
    assert_null(web_route_match(routes, M_GET, "/static/", p, &np, &a, &known));
    arena_free(&a);
}

static void test_urlencoded(void **state)
{
    (void)state;
    arena a = {0};
    kvlist l = {0};
    err e = {0};
    const char *s = "name=%E5%BC%A0%E4%B8%89&q=a+b%2Bc&empty=&flag&x=1&x=2";
    assert_int_equal(web_parse_urlencoded(&a, s, strlen(s), &l, 100, &e), 0);
    assert_string_equal(kv_get(&l, "name"), "张三");
    assert_string_equal(kv_get(&l, "q"), "a b+c");
    assert_string_equal(kv_get(&l, "empty"), "");
    assert_string_equal(kv_get(&l, "flag"), "");
    assert_string_equal(kv_get(&l, "x"), "1");
    assert_int_equal(kv_count(&l, "x"), 2);
    assert_null(kv_get(&l, "missing"));
    /* bad escapes, NUL bytes and invalid UTF-8 are refused with the field named */
    kvlist m = {0};
    assert_int_equal(web_parse_urlencoded(&a, "a=%ZZ", 5, &m, 100, &e), GK_EINVAL);
    assert_string_equal(e.where, "a");
    assert_int_equal(web_parse_urlencoded(&a, "a=%00", 5, &m, 100, &e), GK_EINVAL);
    assert_int_equal(web_parse_urlencoded(&a, "a=%FF%FE", 8, &m, 100, &e), GK_EINVAL);
    assert_int_equal(web_parse_urlencoded(&a, "a=%4", 4, &m, 100, &e), GK_EINVAL);
    kvlist k = {0};
    assert_int_equal(web_parse_urlencoded(&a, "a=1&b=2&c=3", 11, &k, 2, &e), GK_EINVAL);
    buf b;
    buf_init(&b);
    web_url_encode(&b, "张 a/b&c");
    assert_string_equal(b.data, "%E5%BC%A0%20a%2Fb%26c");
    buf_free(&b);
    arena_free(&a);
}

static void test_multipart(void **state)
{
    (void)state;
    arena a = {0};
    kvlist l = {0};
    web_upload *f;
    size_t nf;
    err e = {0};
    const char body[] =
        "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n民政通知\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4 \x01\x02\r\n"
        "--XyZ--\r\n";
    assert_int_equal(web_parse_multipart(&a, "multipart/form-data; boundary=XyZ", body, sizeof body - 1, &l, &f,
                                         &nf, 10, &e), 0);
    assert_string_equal(kv_get(&l, "title"), "民政通知");
    assert_int_equal(nf, 1);
    assert_string_equal(f[0].field, "file");
    assert_string_equal(f[0].filename, "a.pdf");
    assert_int_equal(f[0].len, 11);
    assert_string_equal(web_sniff_type(f[0].data, f[0].len), "application/pdf");
    /* no boundary, unclosed part, too many parts */
    kvlist m = {0};
    assert_int_equal(web_parse_multipart(&a, "multipart/form-data", body, sizeof body - 1, &m, &f, &nf, 10, &e),
                     GK_EINVAL);
    const char open[] = "--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nabc";
    assert_int_equal(web_parse_multipart(&a, "multipart/form-data; boundary=XyZ", open, sizeof open - 1, &m, &f,
                                         &nf, 10, &e), GK_EINVAL);
    assert_int_equal(web_parse_multipart(&a, "multipart/form-data; boundary=XyZ", body, sizeof body - 1, &m, &f,
                                         &nf, 1, &e), GK_EINVAL);
    arena_free(&a);
}

static void test_cookies(void **state)
{
    (void)state;
    arena a = {0};
    kvlist l = {0};
    web_parse_cookies(&a, "gk_session=abc; theme=\"x\";broken; gk_csrf=123", &l);
    assert_string_equal(kv_get(&l, "gk_session"), "abc");
    assert_string_equal(kv_get(&l, "theme"), "x");
    assert_string_equal(kv_get(&l, "gk_csrf"), "123");
    assert_null(kv_get(&l, "broken"));
    arena_free(&a);
}

static void test_templates(void **state)
{
    (void)state;
    err e = {0};
    const char *t = "<p>{{name}}</p>{{{raw}}}{{#on}}[on {{name}}]{{/on}}{{^off}}[off]{{/off}}{{! note }}";
    assert_int_equal(tpl_check_text(t, strlen(t), &e), 0);
    buf b;
    buf_init(&b);
    tpl_render_text(&b, t, strlen(t),
                    (const char *const[]){"name", "<script>alert('x')</script>&", "raw", "<b>ok</b>", "on", "1",
                                          NULL});
    assert_string_equal(b.data, "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p><b>ok</b>"
                                "[on &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;][off]");
    buf_reset(&b);
    tpl_render_text(&b, t, strlen(t), (const char *const[]){"on", "", "off", "y", NULL});
    assert_string_equal(b.data, "<p></p>");
    buf_free(&b);
    assert_int_equal(tpl_check_text("{{#a}}x", 7, &e), GK_EINVAL);
    assert_int_equal(tpl_check_text("{{#a}}x{{/b}}", 13, &e), GK_EINVAL);
    assert_int_equal(tpl_check_text("{{/a}}", 6, &e), GK_EINVAL);
    assert_int_equal(tpl_check_text("{{a b}}", 7, &e), GK_EINVAL);
    assert_int_equal(tpl_check_text("{{a", 3, &e), GK_EINVAL);
    /* the compiled-in templates all parse, and the frames exist */
    assert_int_equal(tpl_init(&e), 0);
    assert_true(tpl_exists("portal"));
    assert_true(tpl_exists("console"));
    assert_true(tpl_exists("guide"));
    assert_false(tpl_exists("nope"));
    tpl_free();
}

static void test_roles(void **state)
{
    (void)state;
    /* the separation of duties the Regulation's review chain needs */
    assert_true(web_role_can(ROLE_OFFICER, PERM_DOC_DRAFT));
    assert_false(web_role_can(ROLE_OFFICER, PERM_DOC_REVIEW));
    assert_false(web_role_can(ROLE_OFFICER, PERM_DOC_SIGNOFF));
    assert_true(web_role_can(ROLE_REVIEWER, PERM_DOC_REVIEW));
    assert_false(web_role_can(ROLE_REVIEWER, PERM_DOC_SIGNOFF));
    assert_true(web_role_can(ROLE_LEADER, PERM_DOC_SIGNOFF));
    assert_true(web_role_can(ROLE_OFFICE, PERM_APP_EXTEND));
    assert_false(web_role_can(ROLE_OFFICER, PERM_APP_EXTEND));
    assert_true(web_role_can(ROLE_ADMIN, PERM_USERS));
    assert_false(web_role_can(ROLE_ADMIN, PERM_APP_VIEW));   /* no personal data for the administrator */
    assert_false(web_role_can(ROLE_REVIEWER, PERM_APP_VIEW));
    assert_false(web_role_can(ROLE_NONE, PERM_CONSOLE));
    for (int r = 1; r < ROLE_COUNT; r++) {
        assert_true(web_role_can((enum web_role)r, PERM_CONSOLE));
        assert_int_equal(web_role_from_key(web_role_key((enum web_role)r)), r);
    }
    assert_int_equal(web_role_from_key("root"), ROLE_NONE);
}

/* 三员分立 (issue 15): every permission of the three administrators, as a
 * table; each is refused the others' work. */
static void test_three_administrators(void **state)
{
    (void)state;
    static const struct { enum web_perm p; bool admin, security, auditor; } rows[] = {
        {PERM_CONSOLE, true, true, true},          {PERM_DOC_DRAFT, false, false, false},
        {PERM_DOC_REVIEW, false, false, false},    {PERM_DOC_SIGNOFF, false, false, false},
        {PERM_DOC_REPEAL, false, false, false},    {PERM_APP_VIEW, false, false, false},
        {PERM_APP_REGISTER, false, false, false},  {PERM_APP_PROCESS, false, false, false},
        {PERM_APP_EXTEND, false, false, false},    {PERM_REPORT, false, false, false},
        {PERM_USERS, true, false, false},          {PERM_AUDIT, false, false, true},
        {PERM_OVERSIGHT, false, false, false},     {PERM_AGENCY, true, false, false},
        {PERM_SECURITY, false, true, false},       {PERM_DOC_REGISTER, false, false, false},
    };
    assert_int_equal(sizeof rows / sizeof rows[0], PERM_COUNT);   /* a new permission needs its row */
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(rows[i].p, (int)i);
        if (web_role_can(ROLE_ADMIN, rows[i].p) != rows[i].admin ||
            web_role_can(ROLE_SECURITY, rows[i].p) != rows[i].security ||
            web_role_can(ROLE_AUDITOR, rows[i].p) != rows[i].auditor)
            fail_msg("permission %s: admin %d security %d auditor %d", web_perm_key(rows[i].p),
                     web_role_can(ROLE_ADMIN, rows[i].p), web_role_can(ROLE_SECURITY, rows[i].p),
                     web_role_can(ROLE_AUDITOR, rows[i].p));
    }
    assert_string_equal(web_role_label(ROLE_SECURITY), "安全管理员");
    assert_string_equal(web_role_label(ROLE_AUDITOR), "审计管理员");
}

static void test_sniff(void **state)
{
    (void)state;
    assert_string_equal(web_sniff_type("\x89PNG\r\n\x1a\n....", 12), "image/png");
    assert_string_equal(web_sniff_type("\xFF\xD8\xFF\xE0", 4), "image/jpeg");
    assert_string_equal(web_sniff_type("PK\x03\x04xx", 6), "application/zip");
    assert_string_equal(web_sniff_type("纯文本", strlen("纯文本")), "text/plain");
    assert_null(web_sniff_type("MZ\x90\x00\x03", 5));
}

static void test_passwords(void **state)
{
    (void)state;
    assert_int_equal(sodium_init() >= 0, 1);
    err e = {0};
    char h[128];
    assert_int_equal(web_password_hash("short1", h, &e), GK_EINVAL);
    assert_int_equal(web_password_hash("onlyletters", h, &e), GK_EINVAL);
    assert_int_equal(web_password_hash("12345678901", h, &e), GK_EINVAL);
    assert_int_equal(web_password_hash("minzheng2026", h, &e), 0);
    assert_non_null(strstr(h, "$argon2id$"));
    assert_true(web_password_verify(h, "minzheng2026"));
    assert_false(web_password_verify(h, "minzheng2025"));
    assert_false(web_password_verify("", "minzheng2026"));
}

/* The password policy's rules as a table (the security administrator's
 * settings, web/auth.c:web_policy_keys): length, classes, and the bounds a
 * setting is brought to. */
static void test_password_policy_rules(void **state)
{
    (void)state;
    static const struct {
        struct web_pw_policy set;
        const char *pw;
        int want;
        struct web_pw_policy got;   /* the policy in force after set */
    } cases[] = {
        {{8, 2, 5, 0}, "minzheng2026", 0, {8, 2, 5, 0}},
        {{8, 2, 5, 0}, "minzh26", GK_EINVAL, {8, 2, 5, 0}},               /* 7 characters */
        {{8, 2, 5, 0}, "minzhengju", GK_EINVAL, {8, 2, 5, 0}},            /* no digit */
        {{8, 2, 5, 0}, "20262026", GK_EINVAL, {8, 2, 5, 0}},              /* no letter */
        {{12, 2, 5, 0}, "minzheng2026", 0, {12, 2, 5, 0}},                /* exactly 12 */
        {{13, 2, 5, 0}, "minzheng2026", GK_EINVAL, {13, 2, 5, 0}},
        {{8, 3, 5, 0}, "minzheng2026", GK_EINVAL, {8, 3, 5, 0}},          /* 2 classes of 3 */
        {{8, 3, 5, 0}, "Minzheng2026", 0, {8, 3, 5, 0}},
        {{8, 4, 5, 0}, "Minzheng2026", GK_EINVAL, {8, 4, 5, 0}},
        {{8, 4, 5, 0}, "Minzheng-2026", 0, {8, 4, 5, 0}},
        {{8, 2, 5, 0}, "政务公开2026ab", 0, {8, 2, 5, 0}},                 /* counted in characters */
        {{1, 1, -3, -1}, "minzheng2026", 0, {8, 2, 0, 0}},               /* below the floor: the floor */
        {{99, 9, 99, 99999}, "minzheng2026", GK_EINVAL, {64, 4, 24, 3650}}, /* above: the ceiling */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        web_password_policy_set(&cases[i].set);
        struct web_pw_policy p = web_password_policy_get();
        err e = {0};
        int rc = web_password_policy(cases[i].pw, &e);
        if (rc != cases[i].want || p.min_len != cases[i].got.min_len || p.classes != cases[i].got.classes ||
            p.history != cases[i].got.history || p.max_days != cases[i].got.max_days)
            fail_msg("case %zu (%s): rc %d want %d; policy %d/%d/%d/%d", i, cases[i].pw, rc, cases[i].want, p.min_len,
                     p.classes, p.history, p.max_days);
    }
    /* expiry: set on the day, max_days later it is due */
    static const struct {
        const char *changed;
        int max_days;
        const char *today;
        bool expired;
    } ages[] = {
        {"2026-01-01T09:00:00", 90, "2026-03-31", false},   /* day 89 */
        {"2026-01-01T09:00:00", 90, "2026-04-01", true},    /* day 90 */
        {"2026-01-01T09:00:00", 0, "2036-01-01", false},    /* 0: never */
        {"", 90, "2036-01-01", false},                      /* no date: not judged */
        {"garbage-xx", 90, "2036-01-01", false},
    };
    for (size_t i = 0; i < sizeof ages / sizeof ages[0]; i++) {
        gk_day today;
        assert_int_equal(date_parse(ages[i].today, &today, NULL), 0);
        if (web_password_expired(ages[i].changed, ages[i].max_days, today) != ages[i].expired)
            fail_msg("age case %zu: %s + %d days on %s", i, ages[i].changed, ages[i].max_days, ages[i].today);
    }
    web_password_policy_set(&(struct web_pw_policy){8, 2, 5, 0});
}

/* The password history over a real store: the account's last N passwords
 * (the setting security.password_history) are refused, older ones come back. */
static void test_password_history(void **state)
{
    (void)state;
    assert_int_equal(sodium_init() >= 0, 1);
    store_t *st;
    assert_int_equal(tu_store_open(&st), 0);
    err e = {0};
    struct store_agency a = {0};
    snprintf(a.code, sizeof a.code, "pwhist");
    snprintf(a.name, sizeof a.name, "测试局");
    int64_t agency = 0;
    assert_int_equal(store_agency_add(st, &a, &agency, &e), 0);
    assert_int_equal(store_setting_set(st, agency, "security.password_history", "2", &e), 0);
    web_password_policy_load(st, agency);
    assert_int_equal(web_password_policy_get().history, 2);
    struct store_user u = {.agency_id = agency, .active = true};
    snprintf(u.login, sizeof u.login, "wangfang");
    snprintf(u.name, sizeof u.name, "王芳");
    snprintf(u.role, sizeof u.role, "officer");
    assert_int_equal(web_password_set_hash(st, 0, "first2026pw", u.pw_hash, &e), 0);
    int64_t id;
    assert_int_equal(store_user_add(st, &u, &id, &e), 0);
    struct store_user got;
    assert_int_equal(store_user_get(st, id, &got, &e), 0);
    assert_string_not_equal(got.pw_changed, "");
    static const struct {
        const char *pw;
        int want;   /* 0: set it */
    } steps[] = {
        {"first2026pw", GK_EINVAL},   /* the current one */
        {"second2026pw", 0},
        {"first2026pw", GK_EINVAL},   /* one of the last 2 */
        {"second2026pw", GK_EINVAL},
        {"third2026pw", 0},
        {"first2026pw", 0},           /* 3 back: allowed again */
        {"third2026pw", GK_EINVAL},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        char h[128];
        int rc = web_password_set_hash(st, id, steps[i].pw, h, &e);
        if (rc != steps[i].want)
            fail_msg("step %zu (%s): rc %d want %d: %s", i, steps[i].pw, rc, steps[i].want, e.msg);
        if (!rc)
            assert_int_equal(store_user_set_password(st, id, h, &e), 0);
    }
    assert_non_null(strstr(e.msg, "最近2次"));
    /* 0 turns the history off */
    web_password_policy_set(&(struct web_pw_policy){8, 2, 0, 0});
    char h[128];
    assert_int_equal(web_password_set_hash(st, id, "first2026pw", h, &e), 0);
    web_password_policy_set(&(struct web_pw_policy){8, 2, 5, 0});
    tu_store_close(st);
}

/* The real route table: what must hold whatever pages are added. */
/* The login throttle as a table: failures of one account from one address
 * in 24 hours (the first 5 free), the last at t=1000; the wait at `now`. */
static void test_login_throttle(void **state)
{
    (void)state;
    static const struct {
        int64_t fails, now, wait;
    } cases[] = {
        {0, 1000, 0},    {4, 1000, 0},       /* under the free ones: no wait */
        {5, 1000, 60},   {5, 1059, 1},    {5, 1060, 0},   /* then 1 minute */
        {6, 1000, 120},  {7, 1000, 300},  {8, 1000, 900}, /* growing */
        {9, 1000, 900},  {10, 1000, 3600}, {50, 1000, 3600}, {50, 4600, 0},   /* capped at an hour */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t w = web_login_wait(cases[i].fails, 1000, cases[i].now, 5);
        if (w != cases[i].wait)
            fail_msg("fails %lld at %lld: wait %lld, want %lld", (long long)cases[i].fails,
                     (long long)cases[i].now, (long long)w, (long long)cases[i].wait);
    }
    assert_int_equal(web_login_delay(3, 3), 60);   /* the free count is the setting */
    assert_int_equal(web_login_delay(2, 3), 0);
}

/* The refusal a citizen reads: why, when (rounded up), the other channels. */
static void test_apply_refusal(void **state)
{
    (void)state;
    static const struct {
        int which;
        int64_t wait;
        const char *why, *when;
    } cases[] = {
        {WEB_APPLY_PER_ADDRESS, 1, "同一网络地址在一小时内", "请在1分钟后再提交"},
        {WEB_APPLY_PER_ADDRESS, 3600, "同一网络地址在一小时内", "请在60分钟后再提交"},
        {WEB_APPLY_PER_PHONE, 61, "同一联系电话在一天内", "请在2分钟后再提交"},
        {WEB_APPLY_PER_ID, 86400, "同一证件号码在一天内", "请在24小时后再提交"},
        {WEB_APPLY_PER_ID, 7201, "同一证件号码在一天内", "请在3小时后再提交"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char m[400];
        web_apply_refusal(cases[i].which, cases[i].wait, m, sizeof m);
        if (!strstr(m, cases[i].why) || !strstr(m, cases[i].when) || !strstr(m, "信函或当面"))
            fail_msg("case %zu: %s", i, m);
    }
    /* the windows the limits count over */
    assert_int_equal(web_apply_limits[WEB_APPLY_PER_ADDRESS].window_s, 3600);
    assert_int_equal(web_apply_limits[WEB_APPLY_PER_PHONE].window_s, 86400);
    assert_int_equal(web_apply_limits[WEB_APPLY_PER_ID].window_s, 86400);
}

static void test_route_table(void **state)
{
    (void)state;
    int n = 0;
    for (const struct web_route *rt = web_routes; rt->pattern; rt++, n++) {
        /* one role of access each */
        int kinds = !!(rt->flags & R_PUBLIC) + !!(rt->flags & R_STAFF) + !!(rt->flags & R_API);
        assert_int_equal(kinds, 1);
        /* the console and the staff API are never public */
        if (strncmp(rt->pattern, "/console", 8) == 0)
            assert_true(rt->flags & R_STAFF);
        if (strncmp(rt->pattern, "/api/v1/", 8) == 0 && strncmp(rt->pattern, "/api/v1/public/", 15) != 0 &&
            strcmp(rt->pattern, "/api/v1/health") != 0)
            assert_true(rt->flags & R_API);
        /* pages with personal data are never cached; cached pages are public GETs */
        assert_false((rt->flags & R_PERSONAL) && (rt->flags & R_CACHE));
        if (rt->flags & R_CACHE)
            assert_true((rt->flags & R_PUBLIC) && rt->methods == M_GET);
        /* a cached page declares the query it reads (the cache key); no other does */
        assert_true(!!(rt->flags & R_CACHE) == (rt->params != NULL));
        /* anonymous routes take small bodies (the largest: a message or a comment on a
         * draft, 5,000 characters percent-encoded, 64 KB); uploads only after a login */
        if (rt->flags & R_PUBLIC)
            assert_true(rt->body_max != WEB_BODY_FORM && rt->body_max <= 64 * 1024);
        assert_true(!!(rt->flags & R_UPLOAD) == (rt->body_max == WEB_BODY_UPLOAD));
        /* no two routes take the same method on the same pattern */
        for (const struct web_route *o = web_routes; o != rt; o++)
            assert_false(strcmp(o->pattern, rt->pattern) == 0 && (o->methods & rt->methods));
    }
    assert_true(n > 20);
}

/* ---- the route table, walked ---------------------------------------------- */

/* Every route of the real table is reached by a path of its own pattern (no
 * earlier row shadows it) for each method it takes; a state-changing route
 * is CSRF-checked by the router (a session's token for staff and API routes,
 * the anonymous cookie's for R_ANON_CSRF), and the one that takes JSON
 * without a token is public (it has no cookie to ride on). */
static void test_route_table_walk(void **state)
{
    (void)state;
    arena a = {0};
    static const int methods[] = {M_GET, M_POST, M_PUT, M_DELETE};
    int n = 0, writes = 0;
    for (const struct web_route *rt = web_routes; rt->pattern; rt++, n++) {
        buf path;
        buf_init(&path);
        for (const char *p = rt->pattern; *p; p++) {
            if (*p == ':') {
                while (p[1] && p[1] != '/')
                    p++;
                buf_puts(&path, "7");
            } else if (*p == '*') {
                buf_puts(&path, "gongkai.css");
            } else {
                buf_putc(&path, *p);
            }
        }
        for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
            const char *params[6];
            int np = 0;
            bool known = false;
            const struct web_route *got = web_route_match(web_routes, methods[m], path.data, params, &np, &a, &known);
            if (rt->methods & methods[m]) {
                if (got != rt)
                    fail_msg("%s %s: reached row %s, not its own", methods[m] == M_GET ? "GET" : "POST", rt->pattern,
                             got ? got->pattern : "(none)");
            } else if (got && !(got->methods & methods[m])) {
                fail_msg("%s: reached for a method it does not list", got->pattern);
            }
        }
        if (rt->methods & (M_POST | M_PUT | M_DELETE)) {
            writes++;
            bool session = rt->flags & (R_STAFF | R_API);
            bool anon = rt->flags & R_ANON_CSRF;
            bool json_only = rt->flags & R_JSON_NO_CSRF;
            if (session + anon + json_only != 1)
                fail_msg("%s: a state-changing route needs exactly one CSRF rule (session, anonymous, JSON)",
                         rt->pattern);
            if (json_only && !(rt->flags & R_PUBLIC))
                fail_msg("%s: only a public route may take JSON without a token", rt->pattern);
        }
        buf_free(&path);
    }
    assert_true(writes > 30);
    arena_free(&a);
}

/* web_csrf_ok: the form's token against the session's, exactly. */
static void test_csrf(void **state)
{
    (void)state;
    static const char tok[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static const struct {
        const char *session, *form;
        bool ok;
    } cases[] = {
        {tok, tok, true},
        {tok, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdee", false},   /* last digit */
        {tok, "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false},   /* first digit */
        {tok, "0123456789abcdef", false},                                                   /* a prefix */
        {tok, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", false},  /* longer */
        {tok, "", false},
        {"", "", false},                                                                   /* no session token */
        {"", "x", false},
        {"0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef", true},   /* anonymous cookie */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        web_req r;
        memset(&r, 0, sizeof r);
        snprintf(r.csrf, sizeof r.csrf, "%s", cases[i].session);
        kv_add(&r.a, &r.form, "csrf", cases[i].form, strlen(cases[i].form));
        if (web_csrf_ok(&r) != cases[i].ok)
            fail_msg("case %zu: session '%s', form '%s': %s", i, cases[i].session, cases[i].form,
                     cases[i].ok ? "refused" : "accepted");
        /* the hidden field a form carries is the session's token */
        if (cases[i].session[0]) {
            web_user u = {.id = 1};
            r.user = &u;
            buf b;
            buf_init(&b);
            web_form_hidden(&r, &b);
            assert_non_null(strstr(b.data, cases[i].session));
            assert_non_null(strstr(b.data, "name=\"csrf\""));
            buf_free(&b);
        }
        arena_free(&r.a);
    }
}

/* Form bodies refused: what and where (the field, or "form"). */
static void test_form_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t max;
        int n;             /* fields read, or -1: refused */
        const char *where;
    } cases[] = {
        {"a=1&b=2", 2, 2, NULL},
        {"a=1&&b=2&", 2, 2, NULL},          /* empty pieces are skipped */
        {"a=1&b=2&c=3", 2, -1, "form"},     /* one beyond the limit */
        {"%zz=1", 5, -1, "form"},           /* a bad escape in a name */
        {"a=%4", 5, -1, "a"},               /* a cut escape */
        {"a=%00", 5, -1, "a"},              /* NUL */
        {"a=%ff", 5, -1, "a"},              /* not UTF-8 */
        {"=%ff", 5, -1, "form"},            /* a value without a name: the place is the form */
        {"a=%E5%BC", 5, -1, "a"},           /* a cut UTF-8 sequence */
        {"a=%ED%A0%80", 5, -1, "a"},        /* a surrogate */
        {"a=%C0%80", 5, -1, "a"},           /* an overlong NUL */
        {"k=%E5%BC%A0+%2B", 5, 1, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        arena a = {0};
        kvlist l = {0};
        err e = {0};
        int rc = web_parse_urlencoded(&a, cases[i].in, strlen(cases[i].in), &l, cases[i].max, &e);
        if (cases[i].n >= 0 ? rc != 0 || (int)l.n != cases[i].n : rc != GK_EINVAL || strcmp(e.where, cases[i].where) != 0 ||
                                                                      !e.msg[0])
            fail_msg("case %zu '%s': rc %d, %zu fields, where '%s': %s", i, cases[i].in, rc, l.n, e.where, e.msg);
        arena_free(&a);
    }
    /* multipart: refusals with their place */
    static const struct {
        const char *ctype, *body;
        const char *where, *why;
    } mp[] = {
        {"multipart/form-data", "--x\r\n", "form", "without a boundary"},
        {"multipart/form-data; boundary=", "--\r\n--", "form", "without a boundary"},   /* an empty one */
        {"multipart/form-data; boundary=x", "no delimiter", "form", "without its boundary"},
        {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv", "form",
         "not closed"},
        {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--x--", "form",
         "without a field name"},
        {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--", "form",
         "without a field name"},
        {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n\xff\r\n--x--", "t",
         "not valid UTF-8"},
        {"multipart/form-data; boundary=x",
         "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\xff.pdf\"\r\n\r\nv\r\n--x--", "f",
         "file name is not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof mp / sizeof *mp; i++) {
        arena a = {0};
        kvlist l = {0};
        web_upload *files = NULL;
        size_t nf = 0;
        err e = {0};
        int rc = web_parse_multipart(&a, mp[i].ctype, mp[i].body, strlen(mp[i].body), &l, &files, &nf, 8, &e);
        if (rc != GK_EINVAL || strcmp(e.where, mp[i].where) != 0 || !strstr(e.msg, mp[i].why))
            fail_msg("multipart case %zu: rc %d, where '%s': %s", i, rc, e.where, e.msg);
        arena_free(&a);
    }
}

/* The Cookie header, piece by piece. */
static void test_cookie_cases(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        size_t n;
        const char *k[3], *v[3];
    } cases[] = {
        {"", 0, {NULL}, {NULL}},
        {"a=1", 1, {"a"}, {"1"}},
        {"a=1;b=2", 2, {"a", "b"}, {"1", "2"}},
        {";;  a=1 ;", 1, {"a"}, {"1 "}},           /* the value runs to ';' */
        {"=x; a=", 1, {"a"}, {""}},                /* no name: skipped; an empty value is kept */
        {"q=\"v\"", 1, {"q"}, {"v"}},              /* quotes are taken off */
        {"q=\"", 1, {"q"}, {"\""}},                /* one quote is a value */
        {"a=b=c", 1, {"a"}, {"b=c"}},
        {"noequals; b=2", 1, {"b"}, {"2"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        arena a = {0};
        kvlist l = {0};
        web_parse_cookies(&a, cases[i].header, &l);
        if (l.n != cases[i].n)
            fail_msg("case %zu '%s': %zu cookies, want %zu", i, cases[i].header, l.n, cases[i].n);
        for (size_t k = 0; k < l.n; k++)
            if (strcmp(l.v[k].k, cases[i].k[k]) != 0 || strcmp(l.v[k].v, cases[i].v[k]) != 0)
                fail_msg("case %zu '%s': cookie %zu is '%s'='%s'", i, cases[i].header, k, l.v[k].k, l.v[k].v);
        arena_free(&a);
    }
    arena a = {0};
    kvlist l = {0};
    web_parse_cookies(&a, NULL, &l);   /* no header at all */
    assert_int_equal(l.n, 0);
}

/* Login throttling over a real store: the failures of one account from one
 * address, then an address spraying many accounts. */
static void test_login_throttle_store(void **state)
{
    (void)state;
    store_t *st;
    assert_int_equal(tu_store_open(&st), 0);
    web_app app;
    memset(&app, 0, sizeof app);
    app.login_fail_max = 5;
    app.login_fail_window_s = 900;
    web_req r;
    memset(&r, 0, sizeof r);
    r.app = &app;
    r.st = st;
    snprintf(r.ip, sizeof r.ip, "203.0.113.7");
    for (int i = 0; i < 4; i++) {
        assert_int_equal(web_login_throttled(&r, "wangfang"), 0);
        web_login_failed(&r, "wangfang");
    }
    assert_int_equal(web_login_throttled(&r, "wangfang"), 0);     /* 4 of 5 free failures */
    web_login_failed(&r, "wangfang");
    int64_t w = web_login_throttled(&r, "WangFang");               /* the 5th: a minute; login case folded */
    assert_true(w > 50 && w <= 60);
    assert_int_equal(web_login_throttled(&r, "lisi"), 0);          /* another account is not held */
    web_req other = r;
    snprintf(other.ip, sizeof other.ip, "198.51.100.9");
    assert_int_equal(web_login_throttled(&other, "wangfang"), 0);  /* nor the account from elsewhere */
    web_login_succeeded(&r, "wangfang");
    assert_int_equal(web_login_throttled(&r, "wangfang"), 0);      /* a success clears the pair */
    /* spraying: 4 x 5 failures from one address on different accounts hold every account there */
    char login[32];
    for (int i = 0; i < 4 * app.login_fail_max - 5; i++) {
        snprintf(login, sizeof login, "user%d", i);
        web_login_failed(&r, login);
    }
    assert_true(web_login_throttled(&r, "nobody_yet") > 0);
    assert_int_equal(web_login_throttled(&other, "nobody_yet"), 0);
    arena_free(&r.a);
    tu_store_close(st);
}

/* The page-cache key: requests that mean different things never share one,
 * requests that mean the same do. */
static void test_cache_key(void **state)
{
    (void)state;
    static const struct {
        const char *name, *path, *query, *params, *key;
    } cases[] = {
        {"no query", "/search", "", "q sort", "/search"},
        {"plain", "/search", "q=民政&sort=date", "q sort",
         "/search?q=%E6%B0%91%E6%94%BF&sort=date"},
        {"an escaped & and = stay in the value", "/search", "q=民政%26sort%3Ddate", "q sort",
         "/search?q=%E6%B0%91%E6%94%BF%26sort%3Ddate"},
        {"sorted by name", "/search", "sort=date&q=民政", "q sort",
         "/search?q=%E6%B0%91%E6%94%BF&sort=date"},
        {"unknown names dropped", "/search", "utm=1&q=x&zz=%26", "q sort", "/search?q=x"},
        {"the first of a name counts", "/search", "q=a&q=b", "q sort", "/search?q=a"},
        {"empty is not absent", "/search", "q=", "q sort", "/search?q="},
        {"size and msg are known everywhere", "/", "size=large&x=1&msg=saved", "",
         "/?msg=saved&size=large"},
        {"a + is a space, a %2B a plus", "/search", "q=a+b&sort=%2B", "q sort", "/search?q=a%20b&sort=%2B"},
        {"a decoded ? in the path is escaped", "/doc/1?q=x", "", "", "/doc/1%3Fq%3Dx"},
        {"control characters in the path", "/doc/1\n2", "", "", "/doc/1%0A2"},
        {"a name that is a prefix of a known one", "/search", "s=1&qq=2", "q sort", "/search"},
        {"no params declared", "/guide", "q=1", NULL, "/guide"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arena a = {0};
        kvlist q = {0};
        err e = {0};
        assert_int_equal(web_parse_urlencoded(&a, cases[i].query, strlen(cases[i].query), &q, 64, &e), 0);
        buf b;
        buf_init(&b);
        bool kept[64];
        web_cache_key_of(cases[i].path, &q, cases[i].params, &b, kept);
        if (strcmp(b.data, cases[i].key) != 0)
            fail_msg("%s: key %s, wanted %s", cases[i].name, b.data, cases[i].key);
        buf_free(&b);
        arena_free(&a);
    }
}

/* What the access log writes for what came from outside. */
static void test_log_escape(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"/doc/1", "/doc/1"},
        {"/x\nforged 200", "/x\\x0aforged 200"},
        {"/x\r\n\t", "/x\\x0d\\x0a\\x09"},
        {"/\"q\"\\", "/\\\"q\\\"\\\\"},
        {"/民政", "/民政"},
        {"/\xff\xfe", "/\\xff\\xfe"},
        {"/\xe6\xb0", "/\\xe6\\xb0"},
        {"/\x7f\x1b[31m", "/\\x7f\\x1b[31m"},
        {"/\xc2\x85", "/\\xc2\\x85"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf b;
        buf_init(&b);
        web_log_escape(&b, cases[i].in);
        const char *got = b.data ? b.data : "";
        if (strcmp(got, cases[i].out) != 0)
            fail_msg("case %zu: %s, wanted %s", i, got, cases[i].out);
        assert_null(strchr(got, '\n'));
        buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router),    cmocka_unit_test(test_urlencoded), cmocka_unit_test(test_multipart),
        cmocka_unit_test(test_cookies),   cmocka_unit_test(test_templates),  cmocka_unit_test(test_roles),
        cmocka_unit_test(test_three_administrators),
        cmocka_unit_test(test_sniff),     cmocka_unit_test(test_passwords),  cmocka_unit_test(test_password_policy_rules),
        cmocka_unit_test(test_password_history),  cmocka_unit_test(test_route_table),
        cmocka_unit_test(test_login_throttle), cmocka_unit_test(test_apply_refusal),
        cmocka_unit_test(test_cache_key), cmocka_unit_test(test_log_escape),
        cmocka_unit_test(test_route_table_walk), cmocka_unit_test(test_csrf), cmocka_unit_test(test_form_refusals),
        cmocka_unit_test(test_cookie_cases), cmocka_unit_test(test_login_throttle_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
