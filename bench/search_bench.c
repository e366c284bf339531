/*
 * search_bench — how fast citizens' searches are on a large corpus, with the
 * gongkai tokenizer beside SQLite's built-in trigram tokenizer, on the same
 * generated documents in the same run.
 *
 *   search_bench [NDOCS] [DIR]      default 1,000,000 documents in $TMPDIR
 *
 * Prints the corpus and index sizes, the build times, then for the query set
 * (bench/search_corpus.c) the p50/p90/p99/max latency of what the portal does
 * for a search: the total count, and the first 20 hits by date with their
 * titles. Documents get rowids in date order, so "first 20 by date" is the
 * FTS5 result read in descending rowid order. The trigram index cannot
 * answer terms of 1 or 2 characters through MATCH; for those it does what
 * people do, LIKE '%term%' over the (folded) text. Both answers are checked
 * against each other for every query (the counts must agree).
 *
 * The gongkai side is what src/store/doc_search.c does: its build includes
 * mining and counting the frequent strings (search.h), stored in g.grams as
 * doc_gram, and a one-term query reads its total there when the string is
 * held (each query is run cold: nothing is cached between queries beyond
 * SQLite's page cache, which both sides have).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/base.h"
#include "search/search.h"
#include "store/fts5.h"
#include "store/store.h"
#include "search_corpus.h"

/* Sentences in a document's summary: 1 to 5. */
#define SENTENCES 1

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this thread: what a query costs when the machine is not shared
 * (the benchmark machine often is; both figures are printed). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct timing { double wall, cpu; } timing;

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "search_bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "search_bench: %s: %s\n", sql, msg);
        exit(1);
    }
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die(db, sql);
    return st;
}

static long long file_size(const char *path)
{
    struct stat s;
    return stat(path, &s) == 0 ? (long long)s.st_size : -1;
}

/* Bytes of the pages of the tables whose names start with prefix (the FTS5
 * shadow tables of one index), in schema db. */
static long long table_bytes(sqlite3 *db, const char *schema, const char *prefix)
{
    char sql[256];
    sqlite3_snprintf(sizeof sql, sql,
             "SELECT coalesce(sum(pgsize), 0) FROM dbstat(%Q) WHERE name LIKE '%q%%' "
             "AND name NOT LIKE '%%_content'", schema, prefix);
    sqlite3_stmt *st = prep(db, sql);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *sorted, size_t n, double p)
{
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return sorted[i < n ? i : n - 1];
}

/* One search: count, then the first 20 by date with their titles. Returns the
 * count. */
static long long run_search(sqlite3 *db, sqlite3_stmt *count, sqlite3_stmt *first, sqlite3_stmt *title)
{
    long long total = 0;
    if (sqlite3_step(count) == SQLITE_ROW)
        total = sqlite3_column_int64(count, 0);
    else
        die(db, "count");
    int rc;
    while ((rc = sqlite3_step(first)) == SQLITE_ROW) {
        sqlite3_bind_int64(title, 1, sqlite3_column_int64(first, 0));
        if (sqlite3_step(title) != SQLITE_ROW)
            die(db, "title");
        (void)sqlite3_column_text(title, 0);
        sqlite3_reset(title);
    }
    if (rc != SQLITE_DONE)
        die(db, "first 20");
    return total;
}

/* Binds a LIKE pattern %term% with % _ \ escaped. */
static void bind_like(sqlite3_stmt *st, int i, const char *term)
{
    buf b;
    buf_init(&b);
    buf_putc(&b, '%');
    for (const char *p = term; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            buf_putc(&b, '\\');
        buf_putc(&b, *p);
    }
    buf_putc(&b, '%');
    sqlite3_bind_text(st, i, b.data, (int)b.len, SQLITE_TRANSIENT);
    buf_free(&b);
}

/* The trigram side of one query: MATCH when every term has 3 characters or
 * more, else LIKE over the folded text for every term. */
static long long run_trigram(sqlite3 *db, const search_query *q, timing *tm, bool *used_like)
{
    bool like = false;
    for (size_t t = 0; t < q->nterms; t++)
        if (utf8_len(q->terms[t], strlen(q->terms[t])) < 3)
            like = true;
    *used_like = like;
    buf where;
    buf_init(&where);
    buf m;
    buf_init(&m);
    for (size_t t = 0; t < q->nterms; t++) {
        if (like) {
            buf_printf(&where, "%s(title LIKE ?%zu ESCAPE '\\' OR docno LIKE ?%zu ESCAPE '\\' "
                       "OR body LIKE ?%zu ESCAPE '\\')", t ? " AND " : "", t + 1, t + 1, t + 1);
        } else {
            buf_printf(&m, "%s\"", t ? " AND " : "");
            for (const char *p = q->terms[t]; *p; p++) {
                if (*p == '"')
                    buf_putc(&m, '"');
                buf_putc(&m, *p);
            }
            buf_putc(&m, '"');
        }
    }
    char sql_count[2048], sql_first[2048];
    if (like) {
        snprintf(sql_count, sizeof sql_count, "SELECT count(*) FROM t.folded WHERE %s", where.data);
        snprintf(sql_first, sizeof sql_first,
                 "SELECT id FROM t.folded WHERE %s ORDER BY id LIMIT 20", where.data);
    } else {
        snprintf(sql_count, sizeof sql_count, "SELECT count(*) FROM t.tri WHERE tri MATCH ?1");
        snprintf(sql_first, sizeof sql_first,
                 "SELECT rowid FROM t.tri WHERE tri MATCH ?1 ORDER BY rowid LIMIT 20");
    }
    double w0 = now(), c0 = cpu_now();
    sqlite3_stmt *count = prep(db, sql_count), *first = prep(db, sql_first);
    sqlite3_stmt *title = prep(db, "SELECT title FROM docs WHERE id = ?1");
    for (size_t t = 0; t < q->nterms && like; t++) {
        bind_like(count, (int)t + 1, q->terms[t]);
        bind_like(first, (int)t + 1, q->terms[t]);
    }
    if (!like) {
        sqlite3_bind_text(count, 1, m.data, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(first, 1, m.data, -1, SQLITE_TRANSIENT);
    }
    long long n = run_search(db, count, first, title);
    sqlite3_finalize(count);
    sqlite3_finalize(first);
    sqlite3_finalize(title);
    tm->wall = (now() - w0) * 1000.0;
    tm->cpu = (cpu_now() - c0) * 1000.0;
    buf_free(&where);
    buf_free(&m);
    return n;
}

/* The frequent strings beside the gongkai index (search.h): mined from a
 * sample of the documents, counted over all of them, stored in g.grams as
 * doc_search.c stores them in doc_gram. Returns the number kept. */
typedef struct gram_out { sqlite3 *db; sqlite3_stmt *ins; } gram_out;

static int put_gram(void *ctx, const char *gram, size_t len, int64_t docs)
{
    gram_out *o = ctx;
    sqlite3_bind_text(o->ins, 1, gram, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(o->ins, 2, docs);
    if (sqlite3_step(o->ins) != SQLITE_DONE)
        die(o->db, "insert gram");
    sqlite3_reset(o->ins);
    return 0;
}

static size_t fields_of(sqlite3_stmt *st, const char *text[3], size_t len[3])
{
    for (int k = 0; k < 3; k++) {
        text[k] = (const char *)sqlite3_column_text(st, k + 1);
        len[k] = (size_t)sqlite3_column_bytes(st, k + 1);
        if (!text[k])
            text[k] = "";
    }
    return 3;
}

static size_t mine_grams(sqlite3 *db, size_t ndocs, long long text_bytes, size_t *sampled, int64_t *min_docs)
{
    search_gram_plan plan = search_grams_plan(ndocs, (size_t)text_bytes);
    search_miner *m = search_miner_new();
    sqlite3_stmt *st = prep(db, "SELECT id, title, docno, body FROM docs ORDER BY id");
    const char *text[3];
    size_t len[3];
    search_fields f = {text, len, 3};
    for (size_t i = 0; sqlite3_step(st) == SQLITE_ROW; i++)
        if (i % plan.stride == 0) {
            fields_of(st, text, len);
            search_miner_add(m, &f);
        }
    sqlite3_reset(st);
    *sampled = search_miner_docs(m);
    search_grams *g = search_miner_finish(m, plan.sample_min_docs);
    search_miner_free(m);
    search_grams_zero(g);
    while (sqlite3_step(st) == SQLITE_ROW) {
        fields_of(st, text, len);
        search_grams_doc(g, &f, 1, NULL, NULL);
    }
    sqlite3_finalize(st);
    exec(db, "DROP TABLE IF EXISTS g.grams;"
             "CREATE TABLE g.grams(gram TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID; BEGIN");
    gram_out o = {db, prep(db, "INSERT INTO g.grams VALUES (?1, ?2)")};
    search_grams_each(g, plan.min_docs, put_gram, &o);
    sqlite3_finalize(o.ins);
    exec(db, "COMMIT");
    st = prep(db, "SELECT count(*) FROM g.grams");
    size_t kept = sqlite3_step(st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    search_grams_free(g);
    *min_docs = plan.min_docs;
    return kept;
}

/* Searches whose count came from g.grams. */
static size_t gram_hits;

/* The gongkai side: the query as a citizen typed it goes through
 * search_query_parse, and its MATCH expression is bound. */
static long long run_gongkai(sqlite3 *db, const char *typed, timing *tm)
{
    double w0 = now(), c0 = cpu_now();
    search_query q;
    err e = {0};
    if (search_query_parse(typed, &q, &e) != 0)
        die(NULL, e.msg);
    /* A one-term query for a frequent string: its count is stored. */
    sqlite3_stmt *count = NULL;
    if (q.nterms == 1) {
        count = prep(db, "SELECT docs FROM g.grams WHERE gram = ?1");
        sqlite3_bind_text(count, 1, q.terms[0], -1, SQLITE_STATIC);
        if (sqlite3_step(count) == SQLITE_ROW) {
            sqlite3_reset(count);
            gram_hits++;
        } else {
            sqlite3_finalize(count);
            count = NULL;
        }
    }
    if (!count) {
        count = prep(db, "SELECT count(*) FROM g.gk WHERE gk MATCH ?1");
        sqlite3_bind_text(count, 1, q.match, -1, SQLITE_STATIC);
    }
    sqlite3_stmt *first = prep(db, "SELECT rowid FROM g.gk WHERE gk MATCH ?1 ORDER BY rowid LIMIT 20");
    sqlite3_stmt *title = prep(db, "SELECT title FROM docs WHERE id = ?1");
    sqlite3_bind_text(first, 1, q.match, -1, SQLITE_STATIC);
    long long n = run_search(db, count, first, title);
    sqlite3_finalize(count);
    sqlite3_finalize(first);
    sqlite3_finalize(title);
    search_query_free(&q);
    tm->wall = (now() - w0) * 1000.0;
    tm->cpu = (cpu_now() - c0) * 1000.0;
    return n;
}

typedef struct series { const char *name; timing *t; size_t n; } series;

static void report(const series *x)
{
    if (!x->n)
        return;
    double *w = xcalloc(x->n, sizeof(double)), *c = xcalloc(x->n, sizeof(double));
    for (size_t i = 0; i < x->n; i++) {
        w[i] = x->t[i].wall;
        c[i] = x->t[i].cpu;
    }
    qsort(w, x->n, sizeof *w, cmp_double);
    qsort(c, x->n, sizeof *c, cmp_double);
    printf("  %-24s %4zu qs  wall p50 %8.2f  p99 %8.2f  max %8.2f ms | cpu p50 %8.2f  p99 %8.2f  max %8.2f ms\n",
           x->name, x->n, pct(w, x->n, 0.5), pct(w, x->n, 0.99), w[x->n - 1], pct(c, x->n, 0.5),
           pct(c, x->n, 0.99), c[x->n - 1]);
    free(w);
    free(c);
}

static double p_of(const timing *t, size_t n, double p, bool cpu)
{
    double *v = xcalloc(n, sizeof(double));
    for (size_t i = 0; i < n; i++)
        v[i] = cpu ? t[i].cpu : t[i].wall;
    qsort(v, n, sizeof *v, cmp_double);
    double r = pct(v, n, p);
    free(v);
    return r;
}

/* ---- through the store: filters, several terms, relevance (issue 13) ----
 * The same documents in a gongkai store (the agencies' documents spread
 * over STORE_AGENCIES agencies and five topic categories), indexed and
 * counted by the store itself (store_doc_grams_rebuild), then searched with
 * store_doc_search as the portal does (total + first 20) for each class of
 * query, beside the trigram index answering the same text with the same
 * filter (joined to the documents' table) in the same run. */
#define STORE_AGENCIES 300
#define STORE_CATEGORIES 5
static const char *const store_cats[STORE_CATEGORIES] = {"综合政务", "财政、金融、审计", "农业、林业、水利",
                                                         "民政、扶贫、救灾", "卫生、体育"};

struct sclass {
    const char *name;
    bool by_date, two_terms;
    int filter;               /* 0 none, 1 year, 2 category, 3 agency */
};

/* The trigram side of one query with a filter on docs (SQL over "docs"). */
static long long run_trigram_f(sqlite3 *db, const search_query *q, const char *filter, bool by_rank, timing *tm)
{
    bool like = false;
    for (size_t t = 0; t < q->nterms; t++)
        if (utf8_len(q->terms[t], strlen(q->terms[t])) < 3)
            like = true;
    buf where, m, sc, sf;
    buf_init(&where);
    buf_init(&m);
    buf_init(&sc);
    buf_init(&sf);
    for (size_t t = 0; t < q->nterms; t++) {
        if (like) {
            buf_printf(&where, " AND (f.title LIKE ?%zu ESCAPE '\\' OR f.docno LIKE ?%zu ESCAPE '\\' "
                       "OR f.body LIKE ?%zu ESCAPE '\\')", t + 1, t + 1, t + 1);
        } else {
            buf_printf(&m, "%s\"", t ? " AND " : "");
            for (const char *p = q->terms[t]; *p; p++) {
                if (*p == '"')
                    buf_putc(&m, '"');
                buf_putc(&m, *p);
            }
            buf_putc(&m, '"');
        }
    }
    if (like) {
        buf_printf(&sc, "SELECT count(*) FROM t.folded f CROSS JOIN docs ON docs.id = f.id WHERE 1%s%s",
                   where.data ? where.data : "", filter);
        buf_printf(&sf, "SELECT f.id FROM t.folded f CROSS JOIN docs ON docs.id = f.id WHERE 1%s%s "
                   "ORDER BY f.id LIMIT 20", where.data ? where.data : "", filter);
    } else {
        buf_printf(&sc, "SELECT count(*) FROM t.tri CROSS JOIN docs ON docs.id = tri.rowid WHERE tri MATCH ?1%s",
                   filter);
        buf_printf(&sf, "SELECT tri.rowid FROM t.tri CROSS JOIN docs ON docs.id = tri.rowid WHERE tri MATCH ?1%s "
                   "ORDER BY %s LIMIT 20", filter, by_rank ? "tri.rank" : "tri.rowid");
    }
    double w0 = now(), c0 = cpu_now();
    sqlite3_stmt *count = prep(db, sc.data), *first = prep(db, sf.data);
    sqlite3_stmt *title = prep(db, "SELECT title FROM docs WHERE id = ?1");
    for (size_t t = 0; t < q->nterms && like; t++) {
        bind_like(count, (int)t + 1, q->terms[t]);
        bind_like(first, (int)t + 1, q->terms[t]);
    }
    if (!like) {
        sqlite3_bind_text(count, 1, m.data, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(first, 1, m.data, -1, SQLITE_TRANSIENT);
    }
    long long n = run_search(db, count, first, title);
    sqlite3_finalize(count);
    sqlite3_finalize(first);
    sqlite3_finalize(title);
    tm->wall = (now() - w0) * 1000.0;
    tm->cpu = (cpu_now() - c0) * 1000.0;
    buf_free(&where);
    buf_free(&m);
    buf_free(&sc);
    buf_free(&sf);
    return n;
}

static void store_phase(sqlite3 *db, const char *dir, size_t ndocs, char **queries)
{
    char path[600];
    snprintf(path, sizeof path, "%s/store.db", dir);
    unlink(path);
    store_t *s;
    err e = {0};
    if (store_open(path, &s, &e)) {
        fprintf(stderr, "search_bench: %s\n", e.msg);
        exit(1);
    }
    int64_t ag[STORE_AGENCIES];
    for (size_t a = 0; a < STORE_AGENCIES; a++) {
        struct store_agency x = {0};
        snprintf(x.code, sizeof x.code, "a%03zu", a);
        snprintf(x.name, sizeof x.name, "驻马店市第%zu局", a + 1);
        snprintf(x.org_code, sizeof x.org_code, "114100000%08zuJ", a);
        if (store_agency_add(s, &x, &ag[a], &e)) {
            fprintf(stderr, "search_bench: %s\n", e.msg);
            exit(1);
        }
    }
    /* plain substring totals, comparable with the trigram side: no synonyms */
    if (store_synonyms_set(s, 0, "", "bench", &e)) {
        fprintf(stderr, "search_bench: %s\n", e.msg);
        exit(1);
    }
    double t0 = now();
    char sql[1400];
    sqlite3_snprintf(sizeof sql, sql, "ATTACH %Q AS s; CREATE TEMP TABLE ag(k INTEGER PRIMARY KEY, id INTEGER);"
                     "CREATE TEMP TABLE cat(k INTEGER PRIMARY KEY, name TEXT)", path);
    exec(db, sql);
    sqlite3_stmt *st = prep(db, "INSERT INTO ag VALUES (?1, ?2)");
    for (size_t a = 0; a < STORE_AGENCIES; a++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)a);
        sqlite3_bind_int64(st, 2, ag[a]);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    st = prep(db, "INSERT INTO cat VALUES (?1, ?2)");
    for (int c = 0; c < STORE_CATEGORIES; c++) {
        sqlite3_bind_int(st, 1, c);
        sqlite3_bind_text(st, 2, store_cats[c], -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec(db, "BEGIN; INSERT INTO s.doc(id, agency_id, title, docno, issuer, written, published, category, state, "
             "body, created_at, updated_at) SELECT d.id, (SELECT id FROM ag WHERE k = d.id % 300), d.title, d.docno, "
             "'驻马店市民政局', d.published, d.published, (SELECT name FROM cat WHERE k = d.id % 5), 'published', "
             "d.body, '2026-01-01T00:00:00', '2026-01-01T00:00:00' FROM docs d ORDER BY d.id; COMMIT; DETACH s");
    double loaded = now() - t0;
    struct store_gram_stats gs;
    t0 = now();
    if (store_doc_grams_rebuild(s, &gs, &e)) {
        fprintf(stderr, "search_bench: %s\n", e.msg);
        exit(1);
    }
    printf("store: %zu documents of %d agencies copied in %.1f s; indexed and counted (platform and each agency: "
           "%lld strings) by the store in %.1f s\n", ndocs, STORE_AGENCIES, loaded, (long long)gs.grams, now() - t0);
    fflush(stdout);
    /* the queries: one term each; pairs of them for two terms */
    size_t nq = 0;
    while (queries[nq])
        nq++;
    char **one = xcalloc(nq + 1, sizeof *one), **two = xcalloc(nq + 1, sizeof *two);
    size_t n1 = 0, n2 = 0;
    for (size_t i = 0; i < nq; i++) {
        search_query q;
        if (search_query_parse(queries[i], &q, &e))
            continue;
        if (q.nterms == 1 && !strpbrk(queries[i], "[]()（）【】〔〕"))
            one[n1++] = queries[i];
        search_query_free(&q);
    }
    for (size_t i = 0; i + 1 < n1; i += 2) {
        buf b;
        buf_init(&b);
        buf_printf(&b, "%s %s", one[i], one[i + 1]);
        two[n2++] = buf_detach(&b);
    }
    static const struct sclass classes[] = {
        {"one term, newest first", true, false, 0}, {"one term, by relevance", false, false, 0},
        {"two terms, by relevance", false, true, 0}, {"one term, year", false, false, 1},
        {"one term, category", false, false, 2},     {"one term, one agency", false, false, 3},
    };
    timing *ts = xcalloc(nq, sizeof *ts), *tt = xcalloc(nq, sizeof *tt);
    size_t disagree = 0;
    printf("latency through the store (total + first 20), beside trigram with the same filter:\n");
    for (size_t c = 0; c < sizeof classes / sizeof classes[0]; c++) {
        const struct sclass *k = &classes[c];
        char **set = k->two_terms ? two : one;
        size_t ns = k->two_terms ? n2 : n1, n = 0;
        for (size_t i = 0; i < ns; i++) {
            int year = 2008 + (int)(i % 18), cat = (int)(i % STORE_CATEGORIES), a = (int)((i * 7) % STORE_AGENCIES);
            struct store_doc_query q = {.text = set[i], .validity = -1, .by_date = k->by_date, .limit = 20,
                                        .year = k->filter == 1 ? year : 0,
                                        .category = k->filter == 2 ? store_cats[cat] : NULL,
                                        .agency_id = k->filter == 3 ? ag[a] : 0};
            char filter[160] = "";
            if (k->filter == 1)
                snprintf(filter, sizeof filter, " AND docs.published BETWEEN '%d-01-01' AND '%d-12-31'", year, year);
            else if (k->filter == 2)
                snprintf(filter, sizeof filter, " AND docs.id %% %d = %d", STORE_CATEGORIES, cat);
            else if (k->filter == 3)
                snprintf(filter, sizeof filter, " AND docs.id %% %d = %d", STORE_AGENCIES, a);
            struct store_doc_result *r;
            size_t nr;
            int64_t total;
            double w0 = now(), c0 = cpu_now();
            if (store_doc_search(s, &q, &r, &nr, &total, &e)) {
                fprintf(stderr, "search_bench: %s: %s\n", set[i], e.msg);
                continue;
            }
            store_doc_results_free(r, nr);
            ts[n] = (timing){(now() - w0) * 1000.0, (cpu_now() - c0) * 1000.0};
            search_query sq;
            if (search_query_parse(set[i], &sq, &e))
                continue;
            long long tri = run_trigram_f(db, &sq, filter, !k->by_date, &tt[n]);
            search_query_free(&sq);
            if (tri != total) {
                disagree++;
                fprintf(stderr, "search_bench: %s (%s): store %lld, trigram %lld\n", set[i], k->name,
                        (long long)total, tri);
            }
            n++;
        }
        char name[64];
        snprintf(name, sizeof name, "store, %s", k->name);
        series a = {name, ts, n}, b = {"  trigram, same filter", tt, n};
        report(&a);
        report(&b);
        if (n)
            printf("  ratio trigram/store: wall p50 %.1fx, p99 %.1fx\n", p_of(tt, n, 0.5, false) / p_of(ts, n, 0.5, false),
                   p_of(tt, n, 0.99, false) / p_of(ts, n, 0.99, false));
        fflush(stdout);
    }
    printf("store: %zu totals disagree with trigram\n", disagree);
    for (size_t i = 0; i < n2; i++)
        free(two[i]);
    free(two);
    free(one);
    free(ts);
    free(tt);
    store_close(s);
    unlink(path);
}

int main(int argc, char **argv)
{
    size_t ndocs = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000000;
    const char *tmp = getenv("TMPDIR");
    char dir[512];
    if (argc > 2)
        snprintf(dir, sizeof dir, "%s", argv[2]);
    else
        snprintf(dir, sizeof dir, "%s/gongkai-search-bench-%d", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "search_bench: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char p_docs[600], p_gk[600], p_tri[600];
    snprintf(p_docs, sizeof p_docs, "%s/docs.db", dir);
    snprintf(p_gk, sizeof p_gk, "%s/gongkai.db", dir);
    snprintf(p_tri, sizeof p_tri, "%s/trigram.db", dir);
    unlink(p_docs);
    unlink(p_gk);
    unlink(p_tri);

    sqlite3 *db;
    if (sqlite3_open(p_docs, &db) != SQLITE_OK)
        die(db, p_docs);
    err e = {0};
    if (store_fts5_register(db, &e) != 0) {
        fprintf(stderr, "search_bench: %s\n", e.msg);
        return 1;
    }
    char sql[1400];
    sqlite3_snprintf(sizeof sql, sql, "ATTACH %Q AS g; ATTACH %Q AS t;", p_gk, p_tri);
    exec(db, sql);
    exec(db, "PRAGMA journal_mode = OFF; PRAGMA g.journal_mode = OFF; PRAGMA t.journal_mode = OFF;"
             "PRAGMA synchronous = OFF; PRAGMA g.synchronous = OFF; PRAGMA t.synchronous = OFF;"
             "PRAGMA secure_delete = OFF; PRAGMA g.secure_delete = OFF; PRAGMA t.secure_delete = OFF;"
             "PRAGMA cache_size = -262144; PRAGMA g.cache_size = -262144; PRAGMA t.cache_size = -262144;");
    exec(db, "CREATE TABLE docs(id INTEGER PRIMARY KEY, published TEXT, title TEXT, docno TEXT, body TEXT);"
             "CREATE TABLE t.folded(id INTEGER PRIMARY KEY, title TEXT, docno TEXT, body TEXT);"
             "CREATE VIRTUAL TABLE g.gk USING fts5(title, docno, body, tokenize = 'gongkai', content = '');"
             "CREATE VIRTUAL TABLE t.tri USING fts5(title, docno, body, tokenize = 'trigram', content = '');");

    printf("search_bench: %zu documents in %s\n", ndocs, dir);
    fflush(stdout);
    /* The documents (rowid order is date order), and their folded text for
     * the trigram side (the trigram tokenizer folds case only). */
    const uint64_t seed = 20180149;
    double t0 = now();
    long long text_bytes = 0;
    exec(db, "BEGIN");
    sqlite3_stmt *ins = prep(db, "INSERT INTO docs VALUES (?1, ?2, ?3, ?4, ?5)");
    sqlite3_stmt *insf = prep(db, "INSERT INTO t.folded VALUES (?1, ?2, ?3, ?4)");
    corpus_doc d;
    corpus_doc_init(&d);
    for (size_t i = 0; i < ndocs; i++) {
        corpus_doc_make(&d, seed, i, ndocs, SENTENCES);
        char day[11];
        date_format(d.published, day);
        /* Newest first: rowid 1 is the latest document. */
        sqlite3_int64 id = (sqlite3_int64)(ndocs - i);
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_text(ins, 2, day, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, d.title.data, (int)d.title.len, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, d.docno.data, (int)d.docno.len, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, d.body.data, (int)d.body.len, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die(db, "insert docs");
        sqlite3_reset(ins);
        sqlite3_bind_int64(insf, 1, id);
        const buf *fields[] = {&d.title, &d.docno, &d.body};
        for (int k = 0; k < 3; k++)
            sqlite3_bind_text(insf, k + 2, search_fold(fields[k]->data, fields[k]->len), -1, free);
        if (sqlite3_step(insf) != SQLITE_DONE)
            die(db, "insert folded");
        sqlite3_reset(insf);
        text_bytes += (long long)(d.title.len + d.docno.len + d.body.len);
    }
    corpus_doc_free(&d);
    sqlite3_finalize(ins);
    sqlite3_finalize(insf);
    exec(db, "COMMIT");
    printf("corpus: %zu documents, %.1f MB of text (%.0f bytes each), generated and stored in %.1f s\n",
           ndocs, (double)text_bytes / 1e6, (double)text_bytes / (double)ndocs, now() - t0);
    fflush(stdout);

    /* The two indexes, each built from the stored text and optimized (one
     * segment), as after a nightly `optimize`. */
    static const struct { const char *name, *insert, *source, *table; } idx[] = {
        {"gongkai", "INSERT INTO g.gk(rowid, title, docno, body) VALUES (?1, ?2, ?3, ?4)",
         "SELECT id, title, docno, body FROM docs ORDER BY id", "g.gk"},
        {"trigram", "INSERT INTO t.tri(rowid, title, docno, body) VALUES (?1, ?2, ?3, ?4)",
         "SELECT id, title, docno, body FROM t.folded ORDER BY id", "t.tri"},
    };
    double build_s[2], build_cpu[2];
    for (int x = 0; x < 2; x++) {
        t0 = now();
        double c0 = cpu_now();
        /* Bulk load: no incremental merging (at most 64 segments a level),
         * then one `optimize` at the end. */
        snprintf(sql, sizeof sql, "INSERT INTO %s(%s, rank) VALUES ('automerge', 0);"
                 "INSERT INTO %s(%s, rank) VALUES ('crisismerge', 64)", idx[x].table,
                 strchr(idx[x].table, '.') + 1, idx[x].table, strchr(idx[x].table, '.') + 1);
        exec(db, sql);
        exec(db, "BEGIN");
        sqlite3_stmt *src = prep(db, idx[x].source), *dst = prep(db, idx[x].insert);
        while (sqlite3_step(src) == SQLITE_ROW) {
            for (int k = 0; k < 4; k++)
                sqlite3_bind_value(dst, k + 1, sqlite3_column_value(src, k));
            if (sqlite3_step(dst) != SQLITE_DONE)
                die(db, idx[x].insert);
            sqlite3_reset(dst);
        }
        sqlite3_finalize(src);
        sqlite3_finalize(dst);
        exec(db, "COMMIT");
        double built = now() - t0;
        snprintf(sql, sizeof sql, "INSERT INTO %s(%s) VALUES ('optimize')", idx[x].table,
                 strchr(idx[x].table, '.') + 1);
        exec(db, sql);
        double optimized = now() - t0;
        if (x == 0) {
            size_t sampled;
            int64_t min_docs;
            size_t kept = mine_grams(db, ndocs, text_bytes, &sampled, &min_docs);
            printf("frequent strings: %zu kept (in >= %lld documents), mined from %zu sampled documents, "
                   "counted over all in %.1f s\n", kept, (long long)min_docs, sampled, now() - t0 - optimized);
        }
        build_s[x] = now() - t0;
        build_cpu[x] = cpu_now() - c0;
        printf("index %-8s built in %.1f s (%.1f s inserting, %.1f s optimizing, %.1f s counting frequent "
               "strings; %.1f s of CPU)\n", idx[x].name, build_s[x], built, optimized - built,
               build_s[x] - optimized, build_cpu[x]);
        fflush(stdout);
    }
    exec(db, "VACUUM; VACUUM g; VACUUM t");
    long long gk_bytes = table_bytes(db, "g", "gk_") + table_bytes(db, "g", "grams"), tri_bytes = table_bytes(db, "t", "tri_");
    printf("sizes: documents %.1f MB; gongkai index %.1f MB (%.2f x the text); trigram index %.1f MB "
           "(%.2f x the text) + folded text for LIKE %.1f MB\n",
           (double)file_size(p_docs) / 1e6, (double)gk_bytes / 1e6, (double)gk_bytes / (double)text_bytes,
           (double)tri_bytes / 1e6, (double)tri_bytes / (double)text_bytes,
           (double)(file_size(p_tri) - tri_bytes) / 1e6);

    /* The query set, each query once on each side, after one warm-up pass
     * over the set so both read indexes from a warm cache (LIKE scans are
     * not repeated: each reads the whole folded text anyway). */
    const size_t nq = 240;
    char **queries = corpus_queries(seed, ndocs, SENTENCES, nq);
    timing *gk = xcalloc(nq, sizeof *gk), *tri = xcalloc(nq, sizeof *tri);
    timing *gk_short = xcalloc(nq, sizeof *gk), *gk_long = xcalloc(nq, sizeof *gk);
    timing *tri_like = xcalloc(nq, sizeof *gk), *tri_match = xcalloc(nq, sizeof *gk);
    size_t n = 0, nshort = 0, nlong = 0, disagree = 0;
    long long hits = 0;
    for (size_t i = 0; queries[i]; i++) {
        timing tm;
        search_query q;
        bool like;
        run_gongkai(db, queries[i], &tm);
        if (search_query_parse(queries[i], &q, &e) == 0) {
            bool short_term = false;
            for (size_t t = 0; t < q.nterms; t++)
                short_term |= utf8_len(q.terms[t], strlen(q.terms[t])) < 3;
            if (!short_term)
                run_trigram(db, &q, &tm, &like);
            search_query_free(&q);
        }
    }
    printf("queries: %zu (1 to 8 characters; Chinese, numbers, ASCII, mixed, several terms)\n", nq);
    gram_hits = 0;
    bool verbose = getenv("SEARCH_BENCH_VERBOSE") != NULL;
    for (size_t i = 0; queries[i]; i++) {
        search_query q;
        if (search_query_parse(queries[i], &q, &e) != 0) {
            fprintf(stderr, "search_bench: query %s: %s\n", queries[i], e.msg);
            continue;
        }
        bool like;
        long long a = run_gongkai(db, queries[i], &gk[n]);
        long long b = run_trigram(db, &q, &tri[n], &like);
        if (a != b) {
            disagree++;
            fprintf(stderr, "search_bench: query %s: gongkai counts %lld, trigram %lld\n", queries[i], a, b);
        }
        if (like) {
            tri_like[nshort] = tri[n];
            gk_short[nshort++] = gk[n];
        } else {
            tri_match[nlong] = tri[n];
            gk_long[nlong++] = gk[n];
        }
        if (verbose || gk[n].cpu > 20)
            printf("  %s%9lld hits  gongkai %8.2f ms (cpu %8.2f)  trigram%s %8.2f ms (cpu %8.2f)  %s\n",
                   verbose ? "" : "slow: ", a, gk[n].wall, gk[n].cpu, like ? " LIKE " : " MATCH",
                   tri[n].wall, tri[n].cpu, queries[i]);
        hits += a;
        n++;
        search_query_free(&q);
    }
    printf("latency of one search = total count + first 20 by date with titles "
           "(%zu queries, %lld hits in all, %zu counts that disagree; %zu counts read from the frequent "
           "strings):\n", n, hits, disagree, gram_hits);
    series all[] = {
        {"gongkai, all queries", gk, n}, {"trigram, all queries", tri, n},
        {"gongkai, terms >= 3 chars", gk_long, nlong}, {"trigram MATCH, >= 3 chars", tri_match, nlong},
        {"gongkai, a term < 3 chars", gk_short, nshort}, {"trigram LIKE, < 3 chars", tri_like, nshort},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        report(&all[i]);
    printf("ratio trigram/gongkai: wall p50 %.1fx, p99 %.1fx; cpu p50 %.1fx, p99 %.1fx\n",
           p_of(tri, n, 0.5, false) / p_of(gk, n, 0.5, false), p_of(tri, n, 0.99, false) / p_of(gk, n, 0.99, false),
           p_of(tri, n, 0.5, true) / p_of(gk, n, 0.5, true), p_of(tri, n, 0.99, true) / p_of(gk, n, 0.99, true));
    printf("build time ratio gongkai/trigram: %.2fx (CPU %.2fx); index size ratio gongkai/trigram: %.2fx\n",
           build_s[0] / build_s[1], build_cpu[0] / build_cpu[1], (double)gk_bytes / (double)tri_bytes);
    if (!getenv("SEARCH_BENCH_NO_STORE"))
        store_phase(db, dir, ndocs, queries);
    free(gk);
    free(tri);
    free(gk_short);
    free(gk_long);
    free(tri_like);
    free(tri_match);
    corpus_queries_free(queries);
    sqlite3_close(db);
    if (argc <= 2) {
        unlink(p_docs);
        unlink(p_gk);
        unlink(p_tri);
        rmdir(dir);
    }
    return disagree ? 1 : 0;
}
