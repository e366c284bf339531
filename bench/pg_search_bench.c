/*
 * pg_search_bench — search on the PostgreSQL backend at platform scale:
 * store_doc_search (the GIN index over each document's gongkai tokens,
 * migration 5; the counts of frequent strings per agency and for the
 * platform and the planner, migration 19) against reading every published
 * document and checking the terms as text, on the same generated catalogue
 * in the same run.
 *
 *   pg_search_bench CONNINFO [NDOCS [NAGENCIES]]   default 100,000 documents, 300 agencies
 *
 * CONNINFO names an empty database (scripts/bench.sh starts a private
 * cluster). The documents are loaded with COPY, spread over the agencies,
 * without tokens, so the first search fills them (timed), then the counts
 * are mined (`gongkai doc reindex`, timed). Then for each class of query —
 * one term across the platform (by relevance, and newest first), two terms,
 * one term in one agency — the latency of store_doc_search (total + first
 * 20) is printed as p50/p99, and the same for the scan on a few queries of
 * the class (it reads the whole table each time); totals must agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "base/base.h"
#include "search/search.h"
#include "store/store.h"
#include "search_corpus.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

/* COPY text format: backslash, tab, newline and carriage return escaped. */
static void copy_field(buf *b, const char *s, size_t n, char end)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\')
            buf_puts(b, "\\\\");
        else if (c == '\t')
            buf_puts(b, "\\t");
        else if (c == '\n')
            buf_puts(b, "\\n");
        else if (c == '\r')
            buf_puts(b, "\\r");
        else
            buf_putc(b, c);
    }
    buf_putc(b, end);
}

static void die_pq(PGconn *c, const char *what)
{
    fprintf(stderr, "pg_search_bench: %s: %s", what, PQerrorMessage(c));
    exit(1);
}

/* The scan: every published document (of one agency, or all), newest
 * first, read through a cursor and checked as text. */
static long long scan(PGconn *c, const search_query *q, long long agency)
{
    char sql[512];
    snprintf(sql, sizeof sql, "DECLARE s NO SCROLL CURSOR FOR SELECT title, docno, body FROM doc "
             "WHERE state = 'published'%s ORDER BY published DESC, id DESC", agency ? " AND agency_id = $1" : "");
    PQclear(PQexec(c, "BEGIN"));
    char id[32];
    snprintf(id, sizeof id, "%lld", agency);
    const char *param[1] = {id};
    PGresult *r = PQexecParams(c, sql, agency ? 1 : 0, NULL, param, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        die_pq(c, "scan");
    PQclear(r);
    long long hits = 0;
    buf all;
    buf_init(&all);
    for (;;) {
        r = PQexec(c, "FETCH 5000 FROM s");
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            die_pq(c, "fetch");
        int n = PQntuples(r);
        for (int i = 0; i < n; i++) {
            buf_reset(&all);
            for (int k = 0; k < 3; k++) {
                buf_puts(&all, PQgetvalue(r, i, k));
                buf_putc(&all, '\n');
            }
            hits += search_text_matches(all.data, all.len, q);
        }
        PQclear(r);
        if (n == 0)
            break;
    }
    buf_free(&all);
    PQclear(PQexec(c, "COMMIT"));
    return hits;
}

/* One class of queries: each through the store, every `every`-th also
 * scanned; prints p50/p99 of both and their ratio. */
struct klass {
    const char *name;
    bool by_date, per_agency;
    size_t every;
};

static size_t disagree;

static void run_class(store_t *s, PGconn *c, const struct klass *k, char **queries, size_t nq,
                      const int64_t *agencies, size_t nag)
{
    double *t_store = xcalloc(nq, sizeof(double)), *t_scan = xcalloc(nq, sizeof(double));
    double *t_same = xcalloc(nq, sizeof(double));
    size_t n = 0, ns = 0;
    err e = {0};
    for (size_t i = 0; i < nq; i++) {
        struct store_doc_query q = {.agency_id = k->per_agency ? agencies[(i * 7) % nag] : 0, .text = queries[i],
                                    .validity = -1, .by_date = k->by_date, .limit = 20};
        struct store_doc_result *res;
        size_t nr;
        int64_t total;
        double t0 = now();
        if (store_doc_search(s, &q, &res, &nr, &total, &e)) {
            fprintf(stderr, "pg_search_bench: query %s: %s\n", queries[i], e.msg);
            continue;
        }
        store_doc_results_free(res, nr);
        t_store[n++] = (now() - t0) * 1000.0;
        if (i % k->every)
            continue;
        search_query sq;
        if (search_query_parse(queries[i], &sq, &e))
            continue;
        t0 = now();
        long long hits = scan(c, &sq, (long long)q.agency_id);
        t_scan[ns] = (now() - t0) * 1000.0;
        t_same[ns++] = t_store[n - 1];
        search_query_free(&sq);
        /* the 文号 is indexed in all its written forms, the scan reads it as written */
        if (hits != total && !strpbrk(queries[i], "[]()（）【】〔〕"))
            disagree++, fprintf(stderr, "pg_search_bench: %s: store %lld, scan %lld\n", queries[i],
                                (long long)total, hits);
    }
    double g50 = pct(t_store, n, 0.5), g99 = pct(t_store, n, 0.99);
    double gs50 = pct(t_same, ns, 0.5), s50 = pct(t_scan, ns, 0.5), s99 = pct(t_scan, ns, 0.99);
    printf("  %-34s %4zu queries  p50 %8.2f  p99 %8.2f ms | scan of every document, %2zu of them: "
           "p50 %8.1f  p99 %8.1f ms | ratio scan/store p50 %.0fx\n", k->name, n, g50, g99, ns, s50, s99,
           s50 / gs50);
    fflush(stdout);
    free(t_store);
    free(t_scan);
    free(t_same);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pg_search_bench CONNINFO [NDOCS [NAGENCIES]]\n");
        return 2;
    }
    const char *conn = argv[1];
    size_t ndocs = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 100000;
    size_t nag = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : 300;
    if (nag < 1)
        nag = 1;
    store_t *s;
    err e = {0};
    if (store_open(conn, &s, &e)) {
        fprintf(stderr, "pg_search_bench: %s\n", e.msg);
        return 1;
    }
    int64_t *agencies = xcalloc(nag, sizeof *agencies);
    for (size_t a = 0; a < nag; a++) {
        struct store_agency ag = {0};
        snprintf(ag.code, sizeof ag.code, "a%03zu", a);
        snprintf(ag.name, sizeof ag.name, "驻马店市第%zu局", a + 1);
        snprintf(ag.org_code, sizeof ag.org_code, "114100000%08zuJ", a);
        if (store_agency_add(s, &ag, &agencies[a], &e)) {
            fprintf(stderr, "pg_search_bench: %s (the database must be empty)\n", e.msg);
            return 1;
        }
    }
    /* plain substring totals, comparable with the scan: no synonyms */
    if (store_synonyms_set(s, 0, "", "bench", &e)) {
        fprintf(stderr, "pg_search_bench: %s\n", e.msg);
        return 1;
    }
    PGconn *c = PQconnectdb(conn);
    if (PQstatus(c) != CONNECTION_OK)
        die_pq(c, "connect");

    /* The catalogue, published, without tokens. */
    double t0 = now();
    PGresult *r = PQexec(c, "COPY doc (agency_id, title, docno, issuer, written, published, state, body, "
                            "created_at, updated_at) FROM STDIN");
    if (PQresultStatus(r) != PGRES_COPY_IN)
        die_pq(c, "copy");
    PQclear(r);
    const uint64_t seed = 20180149;
    corpus_doc d;
    corpus_doc_init(&d);
    buf row;
    buf_init(&row);
    long long bytes = 0;
    for (size_t i = 0; i < ndocs; i++) {
        corpus_doc_make(&d, seed, i, ndocs, 3);
        char day[11];
        date_format(d.published, day);
        buf_reset(&row);
        buf_printf(&row, "%lld\t", (long long)agencies[i % nag]);
        copy_field(&row, d.title.data, d.title.len, '\t');
        copy_field(&row, d.docno.data, d.docno.len, '\t');
        buf_puts(&row, "驻马店市民政局\t");
        buf_printf(&row, "%s\t%s\tpublished\t", day, day);
        copy_field(&row, d.body.data, d.body.len, '\t');
        buf_puts(&row, "2026-01-01T00:00:00\t2026-01-01T00:00:00\n");
        if (PQputCopyData(c, row.data, (int)row.len) != 1)
            die_pq(c, "copy data");
        bytes += (long long)(d.title.len + d.docno.len + d.body.len);
    }
    corpus_doc_free(&d);
    buf_free(&row);
    if (PQputCopyEnd(c, NULL) != 1)
        die_pq(c, "copy end");
    r = PQgetResult(c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        die_pq(c, "copy result");
    PQclear(r);
    PQclear(PQexec(c, "ANALYZE doc"));
    printf("catalogue: %zu documents of %zu agencies, %.1f MB of text, loaded in %.1f s\n", ndocs, nag,
           (double)bytes / 1e6, now() - t0);
    fflush(stdout);

    struct store_doc_query q = {.text = "低保", .validity = -1, .by_date = true, .limit = 20};
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    t0 = now();
    if (store_doc_search(s, &q, &res, &n, &total, &e)) {
        fprintf(stderr, "pg_search_bench: %s\n", e.msg);
        return 1;
    }
    store_doc_results_free(res, n);
    printf("tokens: the first search gave %zu documents their tokens in %.1f s\n", ndocs, now() - t0);
    fflush(stdout);
    struct store_gram_stats st;
    if (store_doc_grams_rebuild(s, &st, &e)) {
        fprintf(stderr, "pg_search_bench: %s\n", e.msg);
        return 1;
    }
    printf("frequent strings: %lld kept (in >= %lld documents), mined from %lld sampled, counted for the "
           "platform and each agency in %.1f s\n", (long long)st.grams, (long long)st.min_docs,
           (long long)st.sampled, st.seconds);
    PQclear(PQexec(c, "VACUUM ANALYZE doc"));
    PQclear(PQexec(c, "ANALYZE"));
    fflush(stdout);

    /* the queries: the corpus's set (one term and several), and pairs of
     * its one-term queries */
    const size_t nq = 240;
    char **queries = corpus_queries(seed, ndocs, 3, nq);
    char **one = xcalloc(nq + 1, sizeof *one), **two = xcalloc(nq + 1, sizeof *two);
    size_t n1 = 0, n2 = 0;
    for (size_t i = 0; queries[i]; i++) {
        search_query sq;
        if (search_query_parse(queries[i], &sq, &e))
            continue;
        if (sq.nterms == 1)
            one[n1++] = queries[i];
        else
            two[n2++] = xstrdup(queries[i]);
        search_query_free(&sq);
    }
    for (size_t i = 0; i + 1 < n1 && n2 < nq; i += 2) {
        buf b;
        buf_init(&b);
        buf_printf(&b, "%s %s", one[i], one[i + 1]);
        two[n2++] = buf_detach(&b);
    }
    static const struct klass classes[] = {
        {"one term, platform, by relevance", false, false, 24},
        {"one term, platform, newest first", true, false, 24},
        {"two terms, platform, by relevance", false, false, 24},
        {"one term, one agency, by relevance", false, true, 12},
    };
    printf("latency of total + first 20 on PostgreSQL (%zu documents, %zu agencies):\n", ndocs, nag);
    for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++)
        run_class(s, c, &classes[k], k == 2 ? two : one, k == 2 ? n2 : n1, agencies, nag);
    printf("%zu totals disagree\n", disagree);
    for (size_t i = 0; i < n2; i++)
        free(two[i]);
    free(two);
    free(one);
    free(agencies);
    corpus_queries_free(queries);
    PQfinish(c);
    store_close(s);
    return disagree ? 1 : 0;
}
