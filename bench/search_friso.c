/*
 * search_friso — the measurement behind the choice of tokenizer: gongkai's
 * own character-gram tokenizer (src/search) against the friso dictionary
 * segmenter (Debian libfriso, mmseg "complex" mode, its shipped lexicon), on
 * the same generated corpus and query set.
 *
 *   search_friso [NDOCS]        default 50,000 documents, in memory
 *
 * For each tokenizer: tokenizing speed (MB/s of text), FTS5 index build time
 * and size, and — what matters most to a citizen — recall and precision of
 * phrase queries against the plain substring scan of the folded text (the
 * promise search.h makes), plus query latency. Both sides see folded text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <friso.h>
#include <sqlite3.h>

#include "base/base.h"
#include "search/search.h"
#include "store/fts5.h"
#include "search_corpus.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "search_friso: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    exit(1);
}

/* ---- friso as an FTS5 tokenizer (bench only) ----------------------------- */
static friso_t friso;
static friso_config_t fconfig;
static friso_task_t ftask;

typedef int (*xtoken_fn)(void *, int, const char *, int, int, int);

/* Segments text (n bytes) with friso, calling emit for each word. */
static int friso_each(const char *text, int n, void *ctx, xtoken_fn emit)
{
    char *s = xstrndup(text, (size_t)n);
    friso_set_text(ftask, s);
    int rc = 0;
    while (!rc && fconfig->next_token(friso, fconfig, ftask) != NULL) {
        friso_token_t t = ftask->token;
        rc = emit(ctx, 0, t->word, (int)t->length, t->offset, t->offset + t->rlen);
    }
    free(s);
    return rc;
}

static int fr_create(void *c, const char **a, int n, Fts5Tokenizer **out)
{
    static int handle;
    *out = (Fts5Tokenizer *)&handle;
    return SQLITE_OK;
}

static void fr_delete(Fts5Tokenizer *t) { (void)t; }

static int fr_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n, xtoken_fn x)
{
    return n > 0 ? friso_each(text, n, ctx, x) : SQLITE_OK;
}

static void register_friso(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    static fts5_tokenizer tok = {fr_create, fr_delete, fr_tokenize};
    if (!api || api->xCreateTokenizer(api, "friso", NULL, &tok, NULL) != SQLITE_OK)
        die(db, "register friso");
}

/* ---- tokenizing speed ----------------------------------------------------- */
static int count_gk(void *ctx, const char *t, size_t len, bool c, size_t s, size_t e)
{
    (*(long *)ctx)++;
    return 0;
}

static int count_fr(void *ctx, int f, const char *t, int len, int s, int e)
{
    (*(long *)ctx)++;
    return 0;
}

typedef struct side {
    const char *name, *tokenize;
    double build_s, tok_mbs;
    long tokens;
    long long index_bytes;
    double *ms;
    long long found, truth, correct;   /* summed over queries */
    size_t complete;                   /* queries with every document found */
} side;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    size_t ndocs = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 50000;
    friso = friso_new();
    fconfig = friso_new_config();
    const char *ini = "/etc/friso/friso.ini";
    if (friso_init_from_ifile(friso, fconfig, (fstring)ini) != 1) {
        fprintf(stderr, "search_friso: cannot load friso from %s\n", ini);
        return 1;
    }
    ftask = friso_new_task();

    /* The folded corpus: documents as fields, and all of it NUL-separated
     * for the substring scan. */
    const uint64_t seed = 20180149;
    char **fields = xmalloc(ndocs * 3 * sizeof *fields);
    long long bytes = 0;
    corpus_doc d;
    corpus_doc_init(&d);
    for (size_t i = 0; i < ndocs; i++) {
        corpus_doc_make(&d, seed, i, ndocs, 3);
        fields[3 * i] = search_fold(d.title.data, d.title.len);
        fields[3 * i + 1] = search_fold(d.docno.data, d.docno.len);
        fields[3 * i + 2] = search_fold(d.body.data, d.body.len);
        for (int k = 0; k < 3; k++)
            bytes += (long long)strlen(fields[3 * i + k]);
    }
    corpus_doc_free(&d);
    printf("search_friso: %zu documents, %.1f MB of folded text; friso %s, complex (mmseg) mode\n",
           ndocs, (double)bytes / 1e6, friso_version());

    side sides[2] = {{.name = "gongkai", .tokenize = "gongkai"}, {.name = "friso", .tokenize = "friso"}};
    /* Tokenizing speed alone. */
    for (int s = 0; s < 2; s++) {
        double t0 = now();
        for (size_t i = 0; i < 3 * ndocs; i++) {
            int n = (int)strlen(fields[i]);
            if (s == 0)
                search_tokenize(fields[i], (size_t)n, count_gk, &sides[s].tokens);
            else
                friso_each(fields[i], n, &sides[s].tokens, count_fr);
        }
        sides[s].tok_mbs = (double)bytes / 1e6 / (now() - t0);
    }

    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    err e = {0};
    if (store_fts5_register(db, &e) != 0) {
        fprintf(stderr, "search_friso: %s\n", e.msg);
        return 1;
    }
    register_friso(db);
    for (int s = 0; s < 2; s++) {
        char sql[256];
        snprintf(sql, sizeof sql, "CREATE VIRTUAL TABLE %s USING fts5(title, docno, body, tokenize = '%s', content = '')",
                 sides[s].name, sides[s].tokenize);
        if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
            die(db, sql);
        double t0 = now();
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        snprintf(sql, sizeof sql, "INSERT INTO %s(rowid, title, docno, body) VALUES (?1, ?2, ?3, ?4)", sides[s].name);
        sqlite3_stmt *ins;
        sqlite3_prepare_v2(db, sql, -1, &ins, NULL);
        for (size_t i = 0; i < ndocs; i++) {
            sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
            for (int k = 0; k < 3; k++)
                sqlite3_bind_text(ins, k + 2, fields[3 * i + k], -1, SQLITE_STATIC);
            if (sqlite3_step(ins) != SQLITE_DONE)
                die(db, "insert");
            sqlite3_reset(ins);
        }
        sqlite3_finalize(ins);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        snprintf(sql, sizeof sql, "INSERT INTO %s(%s) VALUES ('optimize')", sides[s].name, sides[s].name);
        sqlite3_exec(db, sql, NULL, NULL, NULL);
        sides[s].build_s = now() - t0;
        snprintf(sql, sizeof sql, "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%s_%%'", sides[s].name);
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db, sql, -1, &st, NULL);
        if (sqlite3_step(st) == SQLITE_ROW)
            sides[s].index_bytes = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }

    /* Recall and precision against the substring scan. */
    const size_t nq = 240;
    char **queries = corpus_queries(seed, ndocs, 3, nq);
    unsigned char *truth = xmalloc(ndocs), *got = xmalloc(ndocs);
    sides[0].ms = xcalloc(nq, sizeof(double));
    sides[1].ms = xcalloc(nq, sizeof(double));
    size_t n = 0, worst_q = 0;
    double worst_recall = 2;
    for (size_t qi = 0; queries[qi]; qi++) {
        search_query q;
        if (search_query_parse(queries[qi], &q, &e) != 0)
            continue;
        long long nt = 0;
        for (size_t i = 0; i < ndocs; i++) {
            bool all = true;
            for (size_t t = 0; t < q.nterms && all; t++) {
                bool any = false;
                for (int k = 0; k < 3 && !any; k++)
                    any = strstr(fields[3 * i + k], q.terms[t]) != NULL;
                all = any;
            }
            truth[i] = all;
            nt += all;
        }
        for (int s = 0; s < 2; s++) {
            /* gongkai: the parser's MATCH; friso: each term as a phrase, as
             * one would with a word segmenter. */
            buf m;
            buf_init(&m);
            if (s == 0) {
                buf_puts(&m, q.match);
            } else {
                for (size_t t = 0; t < q.nterms; t++) {
                    buf_printf(&m, "%s\"", t ? " AND " : "");
                    for (const char *p = q.terms[t]; *p; p++) {
                        if (*p == '"')
                            buf_putc(&m, '"');
                        buf_putc(&m, *p);
                    }
                    buf_putc(&m, '"');
                }
            }
            char sql[128];
            snprintf(sql, sizeof sql, "SELECT rowid FROM %s WHERE %s MATCH ?1", sides[s].name, sides[s].name);
            double t0 = now();
            sqlite3_stmt *st;
            sqlite3_prepare_v2(db, sql, -1, &st, NULL);
            sqlite3_bind_text(st, 1, m.data, -1, SQLITE_STATIC);
            memset(got, 0, ndocs);
            long long found = 0, correct = 0;
            while (sqlite3_step(st) == SQLITE_ROW) {
                sqlite3_int64 id = sqlite3_column_int64(st, 0);
                got[id - 1] = 1;
                found++;
                correct += truth[id - 1];
            }
            sqlite3_finalize(st);
            sides[s].ms[n] = (now() - t0) * 1000;
            buf_free(&m);
            sides[s].found += found;
            sides[s].truth += nt;
            sides[s].correct += correct;
            sides[s].complete += correct == nt;
            if (s == 1 && nt > 0 && (double)correct / (double)nt < worst_recall) {
                worst_recall = (double)correct / (double)nt;
                worst_q = qi;
            }
        }
        n++;
        search_query_free(&q);
    }
    printf("%-8s %10s %10s %9s %10s %9s %10s %14s %9s %9s\n", "", "tokens", "tokenize", "build", "index",
           "recall", "precision", "all found in", "p50", "p99");
    for (int s = 0; s < 2; s++) {
        qsort(sides[s].ms, n, sizeof(double), cmp_double);
        printf("%-8s %10ld %7.1fMB/s %8.1fs %8.1fMB %8.2f%% %9.2f%% %6zu/%zu qs %7.2fms %7.2fms\n", sides[s].name,
               sides[s].tokens, sides[s].tok_mbs, sides[s].build_s, (double)sides[s].index_bytes / 1e6,
               100.0 * (double)sides[s].correct / (double)(sides[s].truth ? sides[s].truth : 1),
               100.0 * (double)sides[s].correct / (double)(sides[s].found ? sides[s].found : 1),
               sides[s].complete, n, sides[s].ms[n / 2], sides[s].ms[(size_t)(0.99 * (double)(n - 1) + 0.5)]);
    }
    if (worst_recall <= 1)
        printf("friso's worst query: %s (recall %.1f%%)\n", queries[worst_q], 100 * worst_recall);
    corpus_queries_free(queries);
    for (size_t i = 0; i < 3 * ndocs; i++)
        free(fields[i]);
    free(fields);
    free(truth);
    free(got);
    free(sides[0].ms);
    free(sides[1].ms);
    sqlite3_close(db);
    friso_free_task(ftask);
    friso_free_config(fconfig);
    friso_free(friso);
    return 0;
}
