/* Unit tests for channels and archive copies (issue 18): the rules of
 * publish/channel.c as tables (kinds, the archive period, a post's text, the
 * metadata of a copy package), and the store's records (store/channel.c) on
 * SQLite and, through tests/e2e/pg.sh, PostgreSQL: sends counted once per
 * document and kind, refusals that write nothing, a package delivered once,
 * every query scoped by agency, the 2008 table 二 rows from what was sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "publish/channel.h"
#include "publish/publish.h"
#include "report/report.h"
#include "store/store.h"
#include "testutil.h"

static int64_t agency, other;

static gk_day D(const char *s)
{
    gk_day d;
    if (date_parse(s, &d, NULL))
        fail_msg("bad test date %s", s);
    return d;
}

static void must(int rc, const err *e)
{
    if (rc)
        fail_msg("%s: %s", e->where, e->msg);
}

/* ---- rules ---------------------------------------------------------------- */

static void test_kind_parse(void **state)
{
    (void)state;
    static const struct { const char *in; int rc, kind; } cases[] = {
        {"wechat", 0, CHAN_WECHAT},       {"政务微博", 0, CHAN_WEIBO},  {"gazette", 0, CHAN_GAZETTE},
        {"radio_tv", 0, CHAN_RADIO_TV},   {"公开栏", 0, CHAN_BOARD},     {"fax", GK_EINVAL, 0},
        {"", GK_EINVAL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum chan_kind k = 0;
        err e = {0};
        assert_int_equal(chan_kind_parse(cases[i].in, "kind", &k, &e), cases[i].rc);
        if (!cases[i].rc)
            assert_int_equal(k, cases[i].kind);
        else
            assert_string_equal(e.where, "kind");
    }
    /* every kind counts under a row of the 2008 layout */
    for (int k = 0; k < CHAN_NKINDS; k++)
        assert_true(rpt_legacy_index(chan_kinds[k].legacy) >= 0);
}

static void test_workdays(void **state)
{
    (void)state;
    static const struct { const char *in; int rc, n; } cases[] = {
        {"", 0, 20}, {NULL, 0, 20}, {"15", 0, 15}, {"250", 0, 250}, {"0", GK_EINVAL, 0}, {"251", GK_EINVAL, 0},
        {"二十", GK_EINVAL, 0}, {"-3", GK_EINVAL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = 0;
        err e = {0};
        assert_int_equal(arch_workdays_parse(cases[i].in, &n, &e), cases[i].rc);
        if (!cases[i].rc)
            assert_int_equal(n, cases[i].n);
    }
    /* 20 working days over the 2024 National Day: 29 September (a Sunday) and
     * 12 October (a Saturday) are working days, 1–7 October are not */
    cal_t *cal = cal_builtin();
    static const struct { const char *pub, *due; int n; } due[] = {
        {"2024-09-27", "2024-10-30", 20}, {"2024-09-27", "2024-10-10", 5}, {"2024-06-03", "2024-07-02", 20}   /* 端午 10 June */,
    };
    for (size_t i = 0; i < sizeof due / sizeof due[0]; i++) {
        gk_day d;
        char s[11];
        err e = {0};
        int rc = arch_due(cal, D(due[i].pub), due[i].n, &d, &e);
        date_format(d, s);
        if (rc || strcmp(s, due[i].due) != 0) {
            cal_free(cal);
            fail_msg("%s + %d: %s, expected %s", due[i].pub, due[i].n, s, due[i].due);
        }
    }
    cal_free(cal);
}

static void test_post_text(void **state)
{
    (void)state;
    buf body, out;
    buf_init(&body);
    buf_init(&out);
    for (int i = 0; i < 2100; i++)
        buf_puts(&body, "字");
    struct chan_doc d = {"关于某事的通知", "某民〔2024〕1号", "某市民政局", body.data, "https://x.gov.cn/docs/1",
                         D("2024-03-01")};
    chan_post_text(CHAN_WEIBO, &d, &out);
    /* Weibo: 2,000 characters, then "……" and the link to the whole text */
    assert_non_null(strstr(out.data, "某民〔2024〕1号\n某市民政局 2024-03-01\n"));
    assert_non_null(strstr(out.data, "字……\n\n全文：https://x.gov.cn/docs/1\n"));
    const char *b = strstr(out.data, "字"), *cut = strstr(out.data, "……");
    assert_int_equal(utf8_len(b, (size_t)(cut - b)), 2000);
    buf_reset(&out);
    chan_post_text(CHAN_WECHAT, &d, &out);
    assert_null(strstr(out.data, "……"));
    assert_non_null(strstr(out.data, "原文链接：https://x.gov.cn/docs/1"));
    assert_true(chan_is_image("图解.PNG"));
    assert_true(chan_is_image("a.jpeg"));
    assert_false(chan_is_image("名单.xlsx"));
    assert_false(chan_is_image("png"));
    buf_free(&body);
    buf_free(&out);
}

static void test_metadata(void **state)
{
    (void)state;
    const char *names[] = {"附件1.pdf"};
    buf files[1];
    buf_init(&files[0]);
    struct arch_doc docs[] = {
        {.id = 7, .index_no = "X/2024-00001", .title = "关于\"A,B\"的通知", .docno = "某〔2024〕1号", .issuer = "某局",
         .category = "", .genre = "通知", .body = "正文", .written = D("2024-03-01"), .published = D("2024-03-02"),
         .due = D("2024-03-30"), .item = 5, .nfiles = 1, .file_names = names, .files = files},
    };
    buf csv, xml;
    buf_init(&csv);
    buf_init(&xml);
    arch_metadata_csv(docs, 1, &csv);
    arch_metadata_xml(docs, 1, "某局<>", ARCH_LIBRARY, 3, "2024-04-01T09:00:00", &xml);
    /* a quoted field for the comma and the quotes, the row's due day */
    assert_non_null(strstr(csv.data, "1,X/2024-00001,\"关于\"\"A,B\"\"的通知\",某〔2024〕1号,某局,2024-03-01,2024-03-02,,通知,5,附件1.pdf,2024-03-30\r\n"));
    assert_non_null(strstr(xml.data, "<copy-package id=\"3\" recipient=\"library\">"));
    assert_non_null(strstr(xml.data, "<agency>某局&lt;&gt;</agency>"));
    assert_non_null(strstr(xml.data, "<title>关于&quot;A,B&quot;的通知</title>"));
    assert_non_null(strstr(xml.data, "<attachment>附件1.pdf</attachment>"));
    buf_free(&csv);
    buf_free(&xml);
}

/* ---- the store ------------------------------------------------------------ */

static int setup(void **state)
{
    setenv("GONGKAI_TODAY", "2024-06-28", 1);
    setenv("GONGKAI_NOW", "2024-06-28T10:00:00", 1);
    store_t *s;
    if (tu_store_open(&s))
        return -1;
    struct store_agency a = {0};
    strcpy(a.code, "zmd");
    strcpy(a.name, "驻马店市民政局");
    strcpy(a.org_code, "11410000005184320J");
    err e = {0};
    if (store_agency_add(s, &a, &agency, &e))
        return -1;
    strcpy(a.code, "xc");
    strcpy(a.name, "西城区民政局");
    if (store_agency_add(s, &a, &other, &e))
        return -1;
    /* three published documents of 2018 and one of 2024 */
    static const char csv[] = "title,docno,issuer,written,published,body,genre,index_no,interprets\n"
                              "一,,驻马店市民政局,2018-06-01,2018-06-05,正文一,,,\n"
                              "二,,驻马店市民政局,2018-07-01,2018-07-02,正文二,,,\n"
                              "三,,驻马店市民政局,2018-08-01,2018-08-02,正文三,,,\n"
                              "四,,驻马店市民政局,2024-05-01,2024-05-06,正文四,,,\n";
    struct doc_import im;
    doc_import_parse(csv, sizeof csv - 1, DOC_IMPORT_CSV, true, D("2024-06-28"), &im);
    int hits;
    if (im.nerrors || store_doc_import(s, agency, &im, "孙七", &hits, &e))
        return -1;
    doc_import_free(&im);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    tu_store_close(*state);
    return 0;
}

struct find { const char *title; int64_t id; };

static int find_cb(const struct doc *d, void *arg)
{
    struct find *f = arg;
    if (strcmp(d->title, f->title) == 0)
        f->id = d->id;
    return 0;
}

static int64_t doc_titled(store_t *s, const char *title)
{
    struct store_doc_filter q = {.agency_id = agency, .state = -1, .limit = 100};
    struct find f = {title, 0};
    err e = {0};
    must(store_doc_list(s, &q, find_cb, &f, &e), &e);
    if (!f.id)
        fail_msg("no document %s", title);
    return f.id;
}

static int count_send(const struct store_channel_sent *x, void *arg)
{
    (void)x;
    (*(int *)arg)++;
    return 0;
}

static void test_sends(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t wx, gz, bd, xw, d1 = doc_titled(s, "一"), d2 = doc_titled(s, "二"), d3 = doc_titled(s, "三");
    must(store_channel_add(s, agency, CHAN_WECHAT, "驻马店民政", "孙七", &wx, &e), &e);
    must(store_channel_add(s, agency, CHAN_GAZETTE, "驻马店市人民政府公报", "孙七", &gz, &e), &e);
    must(store_channel_add(s, agency, CHAN_BOARD, "政务大厅公开栏", "孙七", &bd, &e), &e);
    must(store_channel_add(s, other, CHAN_WECHAT, "西城民政", "赵六", &xw, &e), &e);
    /* refusals */
    assert_int_equal(store_channel_add(s, agency, CHAN_WEIBO, "驻马店民政", "孙七", NULL, &e), GK_ESTATE);
    assert_int_equal(store_channel_add(s, agency, CHAN_WEIBO, "", "孙七", NULL, &e), GK_EINVAL);
    static const struct { const char *what, *day; int which; int rc; } sends[] = {
        {"d1 to WeChat", "2018-06-05", 0, 0},
        {"d1 to the gazette", "2018-06-20", 1, 0},
        {"d2 to the gazette", "2018-07-20", 1, 0},
        {"d3 to the board", "2018-08-03", 2, 0},
        {"d1 to WeChat again", "2018-06-06", 0, GK_ESTATE},
        {"d2 before it was published", "2018-07-01", 0, GK_EINVAL},
        {"d3 to another agency's channel", "2018-08-03", 3, GK_ENOTFOUND},
    };
    int64_t chans[] = {wx, gz, bd, xw}, docs[] = {d1, d1, d2, d3, d1, d2, d3};
    for (size_t i = 0; i < sizeof sends / sizeof sends[0]; i++) {
        int rc = store_channel_send(s, agency, chans[sends[i].which], docs[i], D(sends[i].day), "2018年第6期", "孙七",
                                    NULL, &e);
        if (rc != sends[i].rc)
            fail_msg("%s: %d, expected %d (%s)", sends[i].what, rc, sends[i].rc, e.msg);
    }
    int n = 0;
    must(store_channel_sends(s, &(struct store_send_filter){.agency_id = agency}, count_send, &n, &e), &e);
    assert_int_equal(n, 4);
    n = 0;
    must(store_channel_sends(s, &(struct store_send_filter){.agency_id = agency, .channel_id = gz,
                                                            .reference = "2018年第6期"},
                             count_send, &n, &e), &e);
    assert_int_equal(n, 2);
    n = 0;
    must(store_channel_sends(s, &(struct store_send_filter){.agency_id = other}, count_send, &n, &e), &e);
    assert_int_equal(n, 0);
    int64_t c[6];
    must(store_channel_counts(s, agency, 2018, c, &e), &e);
    assert_int_equal(c[CHAN_WECHAT], 1);
    assert_int_equal(c[CHAN_GAZETTE], 2);
    assert_int_equal(c[CHAN_BOARD], 1);
    assert_int_equal(c[CHAN_WEIBO], 0);
    /* the 2008 layout's table 二: every channel row from what was sent */
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_2008;
    must(store_doc_table2(s, agency, 2018, r, &e), &e);
    static const struct { const char *key; double v; } rows[] = {
        {"proactive.total", 3}, {"proactive.wechat", 1}, {"proactive.gazette", 2}, {"proactive.other", 1},
        {"proactive.weibo", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (r->legacy[rpt_legacy_index(rows[i].key)] != rows[i].v)
            fail_msg("%s: %g, expected %g", rows[i].key, r->legacy[rpt_legacy_index(rows[i].key)], rows[i].v);
    rpt_free(r);
}

static int pend_cb(const struct store_arch_pending *p, void *arg)
{
    (void)p;
    (*(int *)arg)++;
    return 0;
}

static void test_archive(void **state)
{
    store_t *s = *state;
    err e = {0};
    int n = 0;
    must(store_archive_pending(s, agency, ARCH_ARCHIVE, "", pend_cb, &n, &e), &e);
    assert_int_equal(n, 4);
    n = 0;
    must(store_archive_pending(s, agency, ARCH_ARCHIVE, "2024-01-01", pend_cb, &n, &e), &e);
    assert_int_equal(n, 1);
    int64_t d4 = doc_titled(s, "四"), pkg;
    assert_int_equal(store_archive_package_add(s, agency, ARCH_ARCHIVE, NULL, 0, "孙七", NULL, &e), GK_ESTATE);
    assert_int_equal(store_archive_package_add(s, other, ARCH_ARCHIVE, &d4, 1, "赵六", NULL, &e), GK_ESTATE);
    must(store_archive_package_add(s, agency, ARCH_ARCHIVE, &d4, 1, "孙七", &pkg, &e), &e);
    /* packed, not delivered: still pending */
    n = 0;
    must(store_archive_pending(s, agency, ARCH_ARCHIVE, "2024-01-01", pend_cb, &n, &e), &e);
    assert_int_equal(n, 1);
    assert_int_equal(store_archive_deliver(s, other, pkg, D("2024-06-28"), "某档案馆", "", "赵六", &e), GK_ENOTFOUND);
    assert_int_equal(store_archive_deliver(s, agency, pkg, D("2024-06-28"), "", "", "孙七", &e), GK_EINVAL);
    must(store_archive_deliver(s, agency, pkg, D("2024-06-28"), "驻马店市档案馆", "收2024-1", "孙七", &e), &e);
    assert_int_equal(store_archive_deliver(s, agency, pkg, D("2024-06-28"), "驻马店市档案馆", "", "孙七", &e),
                     GK_ESTATE);
    n = 0;
    must(store_archive_pending(s, agency, ARCH_ARCHIVE, "2024-01-01", pend_cb, &n, &e), &e);
    assert_int_equal(n, 0);
    /* the library's copy is another obligation */
    n = 0;
    must(store_archive_pending(s, agency, ARCH_LIBRARY, "2024-01-01", pend_cb, &n, &e), &e);
    assert_int_equal(n, 1);
    struct store_arch_package p;
    must(store_archive_package_get(s, agency, pkg, &p, &e), &e);
    assert_string_equal(p.delivered, "2024-06-28");
    assert_string_equal(p.receiver, "驻马店市档案馆");
    assert_int_equal(p.ndocs, 1);
    struct rpt_facts f;
    must(store_report_facts(s, agency, 2024, &f, &e), &e);
    assert_int_equal(f.published, 1);
    assert_int_equal(f.copies_delivered, 1);
    assert_int_equal(f.channels, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_parse),
        cmocka_unit_test(test_workdays),
        cmocka_unit_test(test_post_text),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_sends),
        cmocka_unit_test(test_archive),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
