/* Unit tests of search at platform scale (issue 13): three agencies in one
 * database, the counts of frequent strings per agency and for the platform,
 * and the planner as a table (query × the plan it must get × its hits,
 * checked against the documents themselves). On PostgreSQL
 * ($GONGKAI_TEST_PG, tests/e2e/pg.sh) the same documents also go into a
 * SQLite store beside it, and every query of the table, with synonyms and
 * filters, must find the same documents and the same total on both. */
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
#include "search/search.h"
#include "store/store.h"
#include "testutil.h"

/* Three agencies: a large, a middling and a small one (the small one is
 * scanned on SQLite for a term frequent across the platform). */
#define NAGENCIES 3
static const struct { const char *code, *name, *org; int ndocs; } agencies[NAGENCIES] = {
    {"mzj", "驻马店市民政局", "11410000005184320J", 60},
    {"jyj", "驻马店市教育局", "11410000005184321K", 40},
    {"rsj", "驻马店市人社局", "11410000005184322L", 8},
};
static const char *const categories[] = {"综合政务", "财政、金融、审计", "农业、林业、水利"};
static const char *const topics[] = {"最低生活保障", "临时救助", "特困人员救助供养", "教育资助", "就业补贴"};

struct tdoc { char title[160], body[400]; int agency, year; const char *category; bool gone; };
static struct tdoc docs[200];
static size_t ndocs;

/* Document i of agency a: every title holds 通知; topics, years and
 * categories rotate; each has a rare serial (编号A017). */
static void make_doc(struct tdoc *d, int a, int i)
{
    memset(d, 0, sizeof *d);
    const char *topic = topics[(i + a) % 5];
    snprintf(d->title, sizeof d->title, "第%c%03d号 关于%s%s的通知", 'A' + a, i, topic,
             i % 4 ? "工作" : "资金发放");
    snprintf(d->body, sizeof d->body, "编号%c%03d。%s。%s网址 www.zmd.gov.cn。", 'A' + a, i,
             i % 3 ? "做好临时救助" : "按月发放低保金", i % 5 == 2 ? "最低生活保障标准提高。" : "");
    d->agency = a;
    d->year = 2022 + i % 3;
    d->category = categories[i % 3];
}

static void load(store_t *s, int64_t ids[NAGENCIES])
{
    err e = {0};
    if (store_synonyms_set(s, 0, "低保 最低生活保障\n", "孙七", &e))
        fail_msg("synonyms: %s", e.msg);
    for (int a = 0; a < NAGENCIES; a++) {
        struct store_agency ag = {0};
        snprintf(ag.code, sizeof ag.code, "%s", agencies[a].code);
        snprintf(ag.name, sizeof ag.name, "%s", agencies[a].name);
        snprintf(ag.org_code, sizeof ag.org_code, "%s", agencies[a].org);
        if (store_agency_add(s, &ag, &ids[a], &e))
            fail_msg("agency: %s", e.msg);
        /* a dictionary of one group, the same for every agency (the oracle
         * expands the query with it too) */
        if (store_synonyms_set(s, ids[a], "低保 最低生活保障\n", "孙七", &e))
            fail_msg("synonyms: %s", e.msg);
        buf csv;
        buf_init(&csv);
        buf_puts(&csv, "title,docno,issuer,written,published,body,genre,category\n");
        for (size_t k = 0; k < ndocs; k++)
            if (docs[k].agency == a)
                buf_printf(&csv, "%s,,%s,%d-03-01,%d-03-05,%s,通知,\"%s\"\n", docs[k].title, agencies[a].name,
                           docs[k].year, docs[k].year, docs[k].body, docs[k].category);
        struct doc_import im;
        gk_day today;
        date_parse("2024-06-28", &today, NULL);
        doc_import_parse(csv.data, csv.len, DOC_IMPORT_CSV, true, today, &im);
        if (im.nerrors)
            fail_msg("import line %d: %s", im.errors[0].line, im.errors[0].msg);
        int hits;
        if (store_doc_import(s, ids[a], &im, "孙七", &hits, &e))
            fail_msg("import: %s", e.msg);
        doc_import_free(&im);
        buf_free(&csv);
    }
}

/* ---- the oracle: the documents themselves ---- */

struct tq {
    int agency;               /* -1 = every agency */
    const char *text;
    int year;
    int category;             /* index into categories[], -1 = any */
    bool by_date;
    int pool;
};

static bool doc_in(const struct tdoc *d, const struct tq *q, const search_query *sq)
{
    if (d->gone || (q->agency >= 0 && d->agency != q->agency) || (q->year && d->year != q->year) ||
        (q->category >= 0 && strcmp(d->category, categories[q->category]) != 0))
        return false;
    buf all;
    buf_init(&all);
    buf_printf(&all, "%s\n\n%s", d->title, d->body);
    bool in = search_text_matches(all.data, all.len, sq);
    buf_free(&all);
    return in;
}

/* The titles of the documents q must find, sorted, one a line. */
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void titles_join(const char **v, size_t n, buf *out)
{
    qsort(v, n, sizeof *v, cmp_str);
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s\n", v[i]);
}

static int64_t oracle(store_t *s, const struct tq *q, const int64_t ids[NAGENCIES], buf *out)
{
    search_query sq;
    err e = {0};
    if (search_query_parse(q->text, &sq, &e))
        fail_msg("%s: %s", q->text, e.msg);
    search_synonyms *syn;
    if (store_synonyms(s, q->agency >= 0 ? ids[q->agency] : 0, &syn, &e))
        fail_msg("synonyms: %s", e.msg);
    search_query_expand(&sq, syn);
    search_synonyms_free(syn);
    const char *v[200];
    size_t n = 0;
    for (size_t k = 0; k < ndocs; k++)
        if (doc_in(&docs[k], q, &sq))
            v[n++] = docs[k].title;
    search_query_free(&sq);
    titles_join(v, n, out);
    return (int64_t)n;
}

/* Every hit of q, paged 7 at a time: each document once, the pages adding
 * up to the total; their titles sorted into out. */
static int64_t found(store_t *s, const struct tq *t, const int64_t ids[NAGENCIES], struct store_search_plan *plan,
                     buf *out)
{
    err e = {0};
    struct store_doc_query q = {.agency_id = t->agency >= 0 ? ids[t->agency] : 0, .text = t->text,
                                .year = t->year, .category = t->category >= 0 ? categories[t->category] : NULL,
                                .validity = -1, .by_date = t->by_date, .relevance_pool = t->pool, .limit = 7};
    if (store_doc_search_plan(s, &q, plan, &e))
        fail_msg("%s: %s", t->text, e.msg);
    static char titles[200][1024];
    const char *v[200];
    size_t n = 0;
    int64_t total = -1;
    for (q.offset = 0;; q.offset += q.limit) {
        struct store_doc_result *r;
        size_t k;
        int64_t tot;
        if (store_doc_search(s, &q, &r, &k, &tot, &e))
            fail_msg("%s: %s", t->text, e.msg);
        if (total >= 0 && tot != total)
            fail_msg("%s: total %lld on one page, %lld on another", t->text, (long long)total, (long long)tot);
        total = tot;
        for (size_t i = 0; i < k; i++) {
            for (size_t j = 0; j < n; j++)
                if (strcmp(v[j], r[i].title) == 0)
                    fail_msg("%s (page at %d): %s shown twice", t->text, q.offset, r[i].title);
            if (n == 200)
                fail_msg("%s: too many hits", t->text);
            snprintf(titles[n], sizeof titles[n], "%s", r[i].title);
            v[n] = titles[n];
            n++;
        }
        store_doc_results_free(r, k);
        if (k < (size_t)q.limit)
            break;
    }
    if ((int64_t)n != total)
        fail_msg("%s: pages hold %zu documents, the total says %lld", t->text, n, (long long)total);
    titles_join(v, n, out);
    return total;
}

/* ---- the table ---- */

#define ANY (-1)
#define TOTAL_COUNTED STORE_TOTAL_COUNTED
#define TOTAL_PLATFORM STORE_TOTAL_PLATFORM
#define TOTAL_AGENCY STORE_TOTAL_AGENCY
#define INDEX STORE_ACCESS_INDEX
#define SCAN STORE_ACCESS_SCAN

static const struct plan_case {
    struct tq q;
    int total_from;           /* enum store_total_from */
    int access_sqlite;        /* enum store_access on SQLite (PostgreSQL: always the index) */
    int driver;               /* the rarest term */
    bool held;                /* the driver's count is kept (then it must be exact) */
    bool pooled;
    bool exact_pg;            /* PostgreSQL: the index alone decides */
} plan_cases[] = {
    /* one term, the platform: the total from doc_gram; more hits than the pool */
    {{ANY, "通知", 0, ANY, false, 10}, TOTAL_PLATFORM, INDEX, 0, true, true, true},
    {{ANY, "通知", 0, ANY, true, 10}, TOTAL_PLATFORM, INDEX, 0, true, false, true},
    /* one agency of three: its own counts; the small one (8 documents) keeps
     * none (fewer than 20 documents hold any string) and is scanned on SQLite */
    {{0, "通知", 0, ANY, false, 0}, TOTAL_AGENCY, INDEX, 0, true, false, true},
    {{2, "通知", 0, ANY, false, 0}, TOTAL_COUNTED, SCAN, 0, false, false, true},
    {{2, "通知", 0, ANY, false, 3}, TOTAL_COUNTED, SCAN, 0, false, false, true},
    {{1, "临时救助", 0, ANY, true, 0}, TOTAL_AGENCY, INDEX, 0, true, false, false},
    {{ANY, "www.zmd.gov.cn", 0, ANY, false, 20}, TOTAL_PLATFORM, INDEX, 0, true, true, false},
    /* several terms: planned from the rarest, counted */
    {{ANY, "通知 临时救助", 0, ANY, false, 0}, TOTAL_COUNTED, INDEX, 1, true, false, false},
    {{ANY, "临时救助 通知", 0, ANY, true, 0}, TOTAL_COUNTED, INDEX, 0, true, false, false},
    {{0, "通知 编号A017", 0, ANY, false, 0}, TOTAL_COUNTED, INDEX, 1, false, false, false},
    {{ANY, "资金 发放", 0, ANY, false, 5}, TOTAL_COUNTED, INDEX, 0, true, true, true},
    /* a rare string: not kept, counted */
    {{ANY, "编号B007", 0, ANY, false, 0}, TOTAL_COUNTED, INDEX, 0, false, false, false},
    /* filters: counted */
    {{ANY, "通知", 2023, ANY, false, 0}, TOTAL_COUNTED, INDEX, 0, true, false, true},
    {{ANY, "通知", 2023, ANY, false, 8}, TOTAL_COUNTED, INDEX, 0, true, true, true},
    {{ANY, "通知", 0, 1, true, 0}, TOTAL_COUNTED, INDEX, 0, true, false, true},
    {{1, "救助", 2024, 2, false, 0}, TOTAL_COUNTED, INDEX, 0, true, false, true},
    {{2, "就业补贴", 2022, ANY, false, 0}, TOTAL_COUNTED, INDEX, 0, false, false, false},
    /* synonyms: 低保 finds 最低生活保障 too; its total is counted */
    {{ANY, "低保", 0, ANY, false, 0}, TOTAL_COUNTED, INDEX, 0, true, false, false},
    {{0, "低保 通知", 2022, ANY, true, 0}, TOTAL_COUNTED, INDEX, 0, true, false, false},
    /* nothing */
    {{ANY, "殡葬改革", 0, ANY, false, 0}, TOTAL_COUNTED, INDEX, 0, false, false, false},
};

/* The documents in scope holding every form of term t alone (no synonyms:
 * the counts are of strings). */
static int64_t holding(const char *term, int agency)
{
    search_query sq;
    err e = {0};
    if (search_query_parse(term, &sq, &e))
        fail_msg("%s: %s", term, e.msg);
    struct tq q = {agency, term, 0, ANY, false, 0};
    int64_t n = 0;
    for (size_t k = 0; k < ndocs; k++)
        n += doc_in(&docs[k], &q, &sq);
    search_query_free(&sq);
    return n;
}

static void check_case(store_t *s, const int64_t ids[NAGENCIES], const struct plan_case *c, bool pg)
{
    buf want, got;
    buf_init(&want);
    buf_init(&got);
    buf_puts(&want, "");
    buf_puts(&got, "");
    int64_t expect = oracle(s, &c->q, ids, &want);
    struct store_search_plan p;
    int64_t total = found(s, &c->q, ids, &p, &got);
    if (total != expect || strcmp(want.data, got.data) != 0)
        fail_msg("%s (agency %d, year %d): found %lld:\n%s\nwanted %lld:\n%s", c->q.text, c->q.agency, c->q.year,
                 (long long)total, got.data, (long long)expect, want.data);
    int access = pg ? INDEX : c->access_sqlite;
    /* a scan ranks every hit; PostgreSQL, which does not scan, pools */
    bool pooled = c->pooled || (pg && c->access_sqlite == SCAN && !c->q.by_date && c->q.pool && expect > c->q.pool);
    if (p.total_from != c->total_from || p.access != access || p.driver != c->driver || p.pooled != pooled ||
        (p.driver_docs >= 0) != c->held || (pg && p.exact_tokens != c->exact_pg))
        fail_msg("%s (agency %d, year %d): plan total %d access %d driver %d (%lld docs) pooled %d exact %d; "
                 "wanted %d %d %d (%s) %d %d", c->q.text, c->q.agency, c->q.year, p.total_from, p.access, p.driver,
                 (long long)p.driver_docs, p.pooled, p.exact_tokens, c->total_from, access, c->driver,
                 c->held ? "kept" : "not kept", pooled, c->exact_pg);
    /* a kept count is exact: the documents in scope holding the term */
    if (c->held && !strchr(c->q.text, ' ') && strcmp(c->q.text, "低保") != 0) {
        int64_t n = holding(c->q.text, c->q.agency);
        if (p.driver_docs != n)
            fail_msg("%s (agency %d): the counts say %lld documents, %lld hold it", c->q.text, c->q.agency,
                     (long long)p.driver_docs, (long long)n);
    }
    buf_free(&want);
    buf_free(&got);
}

static void check_table(store_t *s, const int64_t ids[NAGENCIES], bool pg)
{
    for (size_t i = 0; i < sizeof plan_cases / sizeof plan_cases[0]; i++)
        check_case(s, ids, &plan_cases[i], pg);
}

static void make_corpus(void)
{
    ndocs = 0;
    for (int a = 0; a < NAGENCIES; a++)
        for (int i = 0; i < agencies[a].ndocs; i++)
            make_doc(&docs[ndocs++], a, i);
}

/* Finds the document titled title in agency a, and withdraws it. */
static void withdraw(store_t *s, int64_t agency_id, const char *title)
{
    err e = {0};
    struct store_doc_query q = {.agency_id = agency_id, .text = title, .validity = -1, .limit = 5};
    struct store_doc_result *r;
    size_t n;
    int64_t total;
    if (store_doc_search(s, &q, &r, &n, &total, &e) || n != 1)
        fail_msg("%s: %zu found (%s)", title, n, e.msg);
    struct store_doc_step st = {.action = DOC_A_WITHDRAW, .role = DOC_R_OFFICE, .actor = "孙七", .comment = "撤回",
                                .date = DOC_NODAY};
    struct store_doc_outcome o;
    if (store_doc_step(s, agency_id, r[0].id, &st, &o, &e))
        fail_msg("withdraw %s: %s", title, e.msg);
    store_doc_results_free(r, n);
}

/* The table on this backend, after mining, and again after a withdrawal
 * and a new import (the counts kept up to date, not mined again). */
static void test_planner(void **state)
{
    store_t *s = *state;
    err e = {0};
    int64_t ids[NAGENCIES];
    make_corpus();
    load(s, ids);
    struct store_gram_stats st;
    if (store_doc_grams_rebuild(s, &st, &e))
        fail_msg("mine: %s", e.msg);
    assert_int_equal(st.docs, (int64_t)ndocs);
    assert_true(st.per_agency);
    bool pg = strcmp(store_backend(s), "postgresql") == 0;
    check_table(s, ids, pg);
    /* a withdrawal takes its strings out of the counts; an import adds */
    withdraw(s, ids[0], "第A004号");
    docs[4].gone = true;
    check_table(s, ids, pg);
    assert_int_equal(store_doc_grams_info(s, &st, &e), 0);
    assert_int_equal(st.indexed, (int64_t)ndocs - 1);
}

/* PostgreSQL and SQLite answer every query of the table alike. */
static void test_same_on_both(void **state)
{
    store_t *pgs = *state;
    if (strcmp(store_backend(pgs), "postgresql") != 0) {
        skip();
        return;
    }
    char dir[] = "/tmp/gongkai-test-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.db", dir);
    store_t *lite;
    err e = {0};
    if (store_open(path, &lite, &e))
        fail_msg("%s", e.msg);
    int64_t ids_pg[NAGENCIES], ids_lite[NAGENCIES];
    make_corpus();
    load(pgs, ids_pg);
    load(lite, ids_lite);
    /* the counts mined on one, not on the other: the same results */
    if (store_doc_grams_rebuild(pgs, NULL, &e))
        fail_msg("mine: %s", e.msg);
    for (size_t i = 0; i < sizeof plan_cases / sizeof plan_cases[0]; i++) {
        const struct tq *q = &plan_cases[i].q;
        buf a, b;
        buf_init(&a);
        buf_init(&b);
        buf_puts(&a, "");
        buf_puts(&b, "");
        struct store_search_plan pa, pb;
        int64_t ta = found(pgs, q, ids_pg, &pa, &a), tb = found(lite, q, ids_lite, &pb, &b);
        if (ta != tb || strcmp(a.data, b.data) != 0)
            fail_msg("%s: PostgreSQL %lld:\n%s\nSQLite %lld:\n%s", q->text, (long long)ta, a.data, (long long)tb,
                     b.data);
        buf_free(&a);
        buf_free(&b);
    }
    store_close(lite);
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
    setenv("GONGKAI_TODAY", "2024-06-28", 1);
    setenv("GONGKAI_NOW", "2024-06-28T10:00:00", 1);
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

int main(void)
{
    /* the comparison with SQLite runs where the store is PostgreSQL
     * (tests/e2e/pg.sh); a plain run has nothing to compare */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_planner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_on_both, setup, teardown),
    };
    return _cmocka_run_group_tests("tests", tests, getenv("GONGKAI_TEST_PG") ? 2 : 1, NULL, NULL);
}
