/*
 * pg_search_bench — search on the PostgreSQL backend: what the GIN index
 * over each document's gongkai tokens (migration 5) buys against reading
 * every published document and checking the terms as text (what gongkai did
 * on PostgreSQL before), on the same generated catalogue in the same run.
 *
 *   pg_search_bench CONNINFO [NDOCS]     default 100,000 documents
 *
 * CONNINFO names an empty database (scripts/bench.sh starts a private
 * cluster). The documents are loaded with COPY, without tokens, so the first
 * search fills them (timed). Then for the query set of bench/search_corpus.c
 * the latency of store_doc_search (total + first 20 by date) is printed,
 * and the same for the scan on every 6th query (it reads the whole table
 * each time); the totals of both must agree.
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

/* The scan: every published document, newest first, checked as text. */
static long long scan(PGconn *c, const search_query *q)
{
    PGresult *r = PQexec(c, "SELECT title, docno, body FROM doc WHERE state = 'published' "
                            "ORDER BY published DESC, id DESC");
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        die_pq(c, "scan");
    long long hits = 0;
    buf all;
    buf_init(&all);
    for (int i = 0; i < PQntuples(r); i++) {
        buf_reset(&all);
        for (int k = 0; k < 3; k++) {
            buf_puts(&all, PQgetvalue(r, i, k));
            buf_putc(&all, '\n');
        }
        hits += search_text_matches(all.data, all.len, q);
    }
    buf_free(&all);
    PQclear(r);
    return hits;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pg_search_bench CONNINFO [NDOCS]\n");
        return 2;
    }
    const char *conn = argv[1];
    size_t ndocs = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 100000;
    store_t *s;
    err e = {0};
    if (store_open(conn, &s, &e)) {
        fprintf(stderr, "pg_search_bench: %s\n", e.msg);
        return 1;
    }
    struct store_agency a = {0};
    strcpy(a.code, "bench");
    strcpy(a.name, "驻马店市民政局");
    strcpy(a.org_code, "11410000005184320J");
    int64_t agency;
    if (store_agency_add(s, &a, &agency, &e)) {
        fprintf(stderr, "pg_search_bench: %s (the database must be empty)\n", e.msg);
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
        buf_printf(&row, "%lld\t", (long long)agency);
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
    printf("catalogue: %zu documents, %.1f MB of text, loaded in %.1f s\n", ndocs, (double)bytes / 1e6,
           now() - t0);

    struct store_doc_query q = {.agency_id = agency, .text = "低保", .validity = -1, .by_date = true, .limit = 20};
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
    PQclear(PQexec(c, "ANALYZE doc"));

    const size_t nq = 240;
    char **queries = corpus_queries(seed, ndocs, 3, nq);
    double *gin = xcalloc(nq, sizeof *gin), *scanned = xcalloc(nq, sizeof *scanned), *gin_same = xcalloc(nq, sizeof *gin);
    size_t ng = 0, ns = 0, disagree = 0;
    for (size_t i = 0; queries[i]; i++) {
        q.text = queries[i];
        t0 = now();
        if (store_doc_search(s, &q, &res, &n, &total, &e)) {
            fprintf(stderr, "pg_search_bench: query %s: %s\n", queries[i], e.msg);
            continue;
        }
        store_doc_results_free(res, n);
        gin[ng++] = (now() - t0) * 1000.0;
        if (i % 6)
            continue;
        search_query sq;
        if (search_query_parse(queries[i], &sq, &e))
            continue;
        t0 = now();
        long long hits = scan(c, &sq);
        scanned[ns] = (now() - t0) * 1000.0;
        gin_same[ns++] = gin[ng - 1];
        search_query_free(&sq);
        /* the 文号 is indexed in all its written forms, the scan reads it as written */
        if (hits != total && !strpbrk(queries[i], "[]()（）【】〔〕"))
            disagree++, fprintf(stderr, "pg_search_bench: %s: index %lld, scan %lld\n", queries[i],
                                (long long)total, hits);
    }
    double g50 = pct(gin, ng, 0.5), g99 = pct(gin, ng, 0.99);
    double gs50 = pct(gin_same, ns, 0.5), gs99 = pct(gin_same, ns, 0.99);
    double s50 = pct(scanned, ns, 0.5), s99 = pct(scanned, ns, 0.99);
    printf("latency of total + first 20 by date on PostgreSQL (%zu documents):\n", ndocs);
    printf("  GIN over gongkai tokens, %3zu queries   p50 %8.2f  p99 %8.2f ms\n", ng, g50, g99);
    printf("  GIN, the scan's %2zu queries            p50 %8.2f  p99 %8.2f ms\n", ns, gs50, gs99);
    printf("  scan of every document, %2zu queries    p50 %8.2f  p99 %8.2f ms\n", ns, s50, s99);
    printf("ratio scan/GIN on the same queries: p50 %.1fx, p99 %.1fx; %zu totals disagree\n", s50 / gs50,
           s99 / gs99, disagree);
    free(gin);
    free(scanned);
    free(gin_same);
    corpus_queries_free(queries);
    PQfinish(c);
    store_close(s);
    return disagree ? 1 : 0;
}
