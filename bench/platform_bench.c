/*
 * platform_bench — one platform for a province on PostgreSQL (issue 13):
 * NAGENCIES agencies (a province, three cities, counties under them),
 * NDOCS published documents and NAPPS applications spread over them, then
 *
 *   1. platform search (store_doc_search over every agency): one term, two
 *      terms, one term filtered by agency — p50/p99 against reading every
 *      document and checking the terms as text, in the same run;
 *   2. the office's console for a city's subtree (100 agencies at full
 *      size): the grouped queries the page makes (store_oversight_tree,
 *      store_oversight_published_tree, the check of each published report)
 *      against the same figures read agency by agency (about six queries
 *      each: what the page did before), in the same run;
 *   3. the summed report of every agency (what 汇总发布 does: read every
 *      published report, rpt_sum, rpt_check, to JSON).
 *
 *   platform_bench CONNINFO [NAGENCIES NDOCS NAPPS]   default 300 1000000 1000000
 *
 * CONNINFO names an empty database (scripts/bench.sh starts a private
 * cluster, kept under build/ so that a second run skips the generation: a
 * database that holds the province already is used as it is). Documents go
 * in with COPY (like bench/pg_search_bench.c), the applications through the
 * store's bulk path (store_app_bulk: COPY, sealed like any), the reports of
 * last year through the normal sign-off and publication
 * (web_report_generate, store_report_sign, store_report_publish); then the
 * frequent strings are counted (store_doc_grams_rebuild, what `gongkai doc
 * reindex` does) and the first search gives every document its tokens;
 * each time is printed.
 *
 * The machine the benchmark runs on is often shared: beside wall time it
 * prints the CPU time of the benchmark and of the cluster's processes
 * (PLATFORM_PGDATA names its data directory; /proc, in clock ticks: summed
 * over a class of queries, so the figure is a mean per query).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "base/base.h"
#include "report/report.h"
#include "search/search.h"
#include "store/store.h"
#include "web/web.h"
#include "search_corpus.h"

#define RUNS 7   /* timings of the console and the sum: the median of 7 */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of this process and of the cluster's (the postmaster named by
 * PLATFORM_PGDATA/postmaster.pid and its children); 0 for the cluster
 * when it is not named. */
static double proc_ticks(const char *pid_dir, long *ppid)
{
    char path[300], line[1024];
    snprintf(path, sizeof path, "/proc/%s/stat", pid_dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    char *p = strrchr(line, ')');   /* fields after the command name */
    long pp = 0;
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &pp, &ut, &st) != 3)
        return -1;
    *ppid = pp;
    return (double)(ut + st);
}

static double cluster_cpu(void)
{
    const char *data = getenv("PLATFORM_PGDATA");
    if (!data || !*data)
        return 0;
    char path[600];
    snprintf(path, sizeof path, "%s/postmaster.pid", data);
    FILE *f = fopen(path, "r");
    long pm = 0;
    if (!f)
        return 0;
    if (fscanf(f, "%ld", &pm) != 1)
        pm = 0;
    fclose(f);
    double ticks = 0;
    DIR *d = opendir("/proc");
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (de->d_name[0] < '1' || de->d_name[0] > '9')
            continue;
        long pp = 0, pid = atol(de->d_name);
        double t = proc_ticks(de->d_name, &pp);
        if (t > 0 && (pid == pm || pp == pm))
            ticks += t;
    }
    if (d)
        closedir(d);
    return ticks / (double)sysconf(_SC_CLK_TCK);
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 + cluster_cpu();
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

static void die(const char *what, const err *e)
{
    fprintf(stderr, "platform_bench: %s: %s%s%s\n", what, e->where, e->where[0] ? ": " : "", e->msg);
    exit(1);
}

static void die_pq(PGconn *c, const char *what)
{
    fprintf(stderr, "platform_bench: %s: %s", what, PQerrorMessage(c));
    exit(1);
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

/* ---- the tree: a province, three cities, the counties shared among them ---- */

struct platform {
    store_t *s;
    PGconn *c;
    struct store_agency *ag;   /* store_agency_tree of the province: [0] the province */
    size_t nag;
    int64_t city;              /* the first city: its subtree is the console's */
    size_t city_n;
};

static void read_tree(struct platform *p);

/* True when an earlier run generated the province here (the tree read). */
static bool tree_loaded(struct platform *p)
{
    struct store_agency root;
    if (store_agency_get(p->s, "sheng", &root, NULL))
        return false;
    read_tree(p);
    return true;
}

static void make_tree(struct platform *p, size_t nag)
{
    struct store_agency_row *rows = xcalloc(nag, sizeof *rows);
    size_t ncounties = nag > 4 ? nag - 4 : 0;
    for (size_t i = 0; i < nag; i++) {
        struct store_agency_row *r = &rows[i];
        struct store_agency *a = &r->a;
        r->line = (int)i + 1;
        snprintf(a->kind, sizeof a->kind, "government");
        snprintf(a->org_code, sizeof a->org_code, "1141%014zu", i);
        if (i == 0) {
            snprintf(a->code, sizeof a->code, "sheng");
            snprintf(a->name, sizeof a->name, "河南省人民政府");
            snprintf(a->level, sizeof a->level, "province");
        } else if (i <= 3) {
            snprintf(a->code, sizeof a->code, "shi%zu", i);
            snprintf(a->name, sizeof a->name, "第%zu市人民政府", i);
            snprintf(a->level, sizeof a->level, "city");
            snprintf(r->parent, sizeof r->parent, "sheng");
        } else {
            size_t k = i - 4, city = 1 + k * 3 / (ncounties ? ncounties : 1);
            snprintf(a->code, sizeof a->code, "xian%zu", k + 1);
            snprintf(a->name, sizeof a->name, "第%zu县人民政府", k + 1);
            snprintf(a->level, sizeof a->level, "county");
            snprintf(r->parent, sizeof r->parent, "shi%zu", city);
        }
    }
    err e = {0};
    if (store_agency_import(p->s, rows, nag, "bench", &e))
        die("agencies", &e);
    free(rows);
    read_tree(p);
}

/* The tree as stored: the province's, and the first city's subtree. */
static void read_tree(struct platform *p)
{
    err e = {0};
    struct store_agency root;
    if (store_agency_get(p->s, "sheng", &root, &e) || store_agency_tree(p->s, root.id, &p->ag, &p->nag, &e))
        die("the tree", &e);
    struct store_agency city;
    struct store_agency *sub;
    if (store_agency_get(p->s, "shi1", &city, &e) || store_agency_tree(p->s, city.id, &sub, &p->city_n, &e))
        die("the city", &e);
    free(sub);
    p->city = city.id;
}

/* ---- documents: COPY, agency by agency in turn ---- */

static void load_docs(struct platform *p, size_t ndocs)
{
    double t0 = now();
    PGresult *r = PQexec(p->c, "COPY doc (agency_id, title, docno, issuer, written, published, state, body, "
                               "created_at, updated_at) FROM STDIN");
    if (PQresultStatus(r) != PGRES_COPY_IN)
        die_pq(p->c, "copy");
    PQclear(r);
    corpus_doc d;
    corpus_doc_init(&d);
    buf row;
    buf_init(&row);
    long long bytes = 0;
    for (size_t i = 0; i < ndocs; i++) {
        const struct store_agency *a = &p->ag[i % p->nag];
        corpus_doc_make(&d, 20180149, i, ndocs, 3);
        char day[11];
        date_format(d.published, day);
        buf_reset(&row);
        buf_printf(&row, "%lld\t", (long long)a->id);
        copy_field(&row, d.title.data, d.title.len, '\t');
        copy_field(&row, d.docno.data, d.docno.len, '\t');
        copy_field(&row, a->name, strlen(a->name), '\t');
        buf_printf(&row, "%s\t%s\tpublished\t", day, day);
        copy_field(&row, d.body.data, d.body.len, '\t');
        buf_puts(&row, "2026-01-01T00:00:00\t2026-01-01T00:00:00\n");
        if (PQputCopyData(p->c, row.data, (int)row.len) != 1)
            die_pq(p->c, "copy data");
        bytes += (long long)(d.title.len + d.docno.len + d.body.len);
    }
    corpus_doc_free(&d);
    buf_free(&row);
    if (PQputCopyEnd(p->c, NULL) != 1)
        die_pq(p->c, "copy end");
    r = PQgetResult(p->c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        die_pq(p->c, "copy result");
    PQclear(r);
    PQclear(PQexec(p->c, "ANALYZE doc"));
    printf("documents: %zu (%.0f MB of text) over %zu agencies, COPY in %.1f s\n", ndocs, (double)bytes / 1e6,
           p->nag, now() - t0);
}

/* ---- applications: the store's bulk path, agency by agency ---- */

static uint32_t rng = 2463534242u;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng % n;
}

struct gen { int64_t i, n; gk_day first; int span; };

static int next_app(struct app *a, void *arg)
{
    struct gen *g = arg;
    if (g->i >= g->n)
        return 1;
    g->i++;
    a->channel = 1 + (int)rnd(APP_NCHANNELS);
    a->received = g->first + (gk_day)((g->i - 1) * g->span / g->n);
    a->kind = rnd(10) < 7 ? 0 : 1 + (int)rnd(5);
    snprintf(a->name, sizeof a->name, "申请人%u", rnd(100000));
    snprintf(a->phone, sizeof a->phone, "139%08u", rnd(100000000));
    snprintf(a->request, sizeof a->request, "第%u号文件", rnd(1000000));
    a->delivery = APP_DL_ONLINE;
    a->clock_start = a->last_step = a->received;
    if (rnd(100) < 97) {
        const struct app_outcome *o = &app_outcomes[rnd((uint32_t)app_noutcomes)];
        snprintf(a->outcome, sizeof a->outcome, "%s", o->code);
        a->state = o->via == APP_EV_ANSWER ? APP_S_ANSWERED : o->via == APP_EV_WITHDRAW ? APP_S_WITHDRAWN
                                                                                         : APP_S_LAPSED;
        a->concluded = a->received + 1 + (gk_day)rnd(40);
        a->reply_due = a->received + 28;
    } else {
        a->state = APP_S_PROCESSING;
        a->reply_due = a->due = a->received + 28;
        a->due_kind = APP_DUE_REPLY;
    }
    return 0;
}

static void load_apps(struct platform *p, size_t napps, int year)
{
    double t0 = now();
    err e = {0};
    int64_t total = 0;
    for (size_t k = 0; k < p->nag; k++) {
        struct gen g = {0, (int64_t)(napps / p->nag + (k < napps % p->nag)), date_from_ymd(year, 1, 1), 365};
        int64_t n = 0;
        if (g.n && store_app_bulk(p->s, p->ag[k].id, next_app, &g, "bench", &n, &e))
            die("applications", &e);
        total += n;
    }
    printf("applications: %lld over %zu agencies, store_app_bulk (sealed) in %.1f s\n", (long long)total, p->nag,
           now() - t0);
}

/* ---- last year's reports: signed off and published, every agency ---- */

static void publish_reports(struct platform *p, int year)
{
    double t0 = now();
    err e = {0};
    size_t done = 0;
    for (size_t k = 0; k < p->nag; k++) {
        rpt *r;
        if (web_report_generate(p->s, p->ag[k].id, p->ag[k].name, year, &r, &e))
            die("report", &e);
        rpt_clear_problems(r);
        buf j;
        buf_init(&j);
        rpt_to_json(r, &j, false);
        rpt_free(r);
        if (store_report_sign(p->s, p->ag[k].id, year, j.data, "bench", "leader", &e) ||
            store_report_publish(p->s, p->ag[k].id, year, "bench", &e))
            die("report", &e);
        buf_free(&j);
        done++;
    }
    printf("reports of %d: %zu generated, signed off and published in %.1f s\n", year, done, now() - t0);
}

/* The frequent strings counted, platform and each agency (`gongkai doc
 * reindex`): one-term totals are read there. */
static void count_grams(struct platform *p)
{
    double t0 = now();
    struct store_gram_stats gs;
    err e = {0};
    if (store_doc_grams_rebuild(p->s, &gs, &e))
        die("frequent strings", &e);
    printf("frequent strings: %lld kept, counted over %lld documents (platform and each agency) in %.1f s\n",
           (long long)gs.grams, (long long)gs.docs, now() - t0);
}

/* ---- 1. platform search ---- */

/* The floor: every published document read and checked as text. */
static long long scan(PGconn *c, const search_query *q, int64_t agency)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT title, docno, body FROM doc WHERE state = 'published'%s "
                              "ORDER BY published DESC, id DESC", agency ? " AND agency_id = $1" : "");
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)agency);
    const char *params[1] = {id};
    PGresult *r = PQexecParams(c, sql, agency ? 1 : 0, NULL, params, NULL, NULL, 0);
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

struct qclass { const char *name; double *ms, *scan_ms; size_t n, ns; int disagree; double cpu, scan_cpu; };

static void search_one(struct platform *p, struct qclass *c, const char *text, int64_t agency, bool with_scan)
{
    struct store_doc_query q = {.agency_id = agency, .text = text, .validity = -1, .by_date = true, .limit = 20};
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    err e = {0};
    double c0 = cpu_now(), t0 = now();
    if (store_doc_search(p->s, &q, &res, &n, &total, &e)) {
        fprintf(stderr, "platform_bench: search %s: %s\n", text, e.msg);
        return;
    }
    store_doc_results_free(res, n);
    c->ms[c->n++] = (now() - t0) * 1000.0;
    c->cpu += cpu_now() - c0;
    search_query sq;
    if (!with_scan || search_query_parse(text, &sq, &e))
        return;
    c0 = cpu_now();
    t0 = now();
    search_synonyms *syn = NULL;   /* the scan widens the terms the same way */
    if (store_synonyms(p->s, agency, &syn, &e) == 0)
        search_query_expand(&sq, syn);
    search_synonyms_free(syn);
    long long hits = scan(p->c, &sq, agency);
    c->scan_ms[c->ns++] = (now() - t0) * 1000.0;
    c->scan_cpu += cpu_now() - c0;
    search_query_free(&sq);
    if (hits != total) {
        c->disagree++;
        fprintf(stderr, "platform_bench: %s: search %lld, scan %lld\n", text, (long long)total, hits);
    }
}

static void bench_search(struct platform *p, size_t ndocs)
{
    err e = {0};
    struct store_doc_query q = {.text = "低保", .validity = -1, .by_date = true, .limit = 20};
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    double t0 = now();
    if (store_doc_search(p->s, &q, &res, &n, &total, &e))
        die("search", &e);
    store_doc_results_free(res, n);
    printf("search: the first search (it indexes what COPY brought) took %.1f s\n", now() - t0);
    PQclear(PQexec(p->c, "ANALYZE doc"));

    /* the queries of bench/search_corpus.c: single terms, and pairs of them */
    const size_t nq = 120;
    char **qs = corpus_queries(20180149, ndocs, 3, nq);
    struct qclass cls[3] = {{.name = "one term"}, {.name = "two terms"}, {.name = "one term, one agency"}};
    for (int k = 0; k < 3; k++) {
        cls[k].ms = xcalloc(2 * nq + 2, sizeof(double));
        cls[k].scan_ms = xcalloc(2 * nq + 2, sizeof(double));
    }
    size_t nsingle = 0;
    char pair[512];
    const char *prev = NULL;
    for (size_t i = 0; qs[i]; i++) {
        if (strchr(qs[i], ' ') || strchr(qs[i], '"') || strpbrk(qs[i], "[]()（）【】〔〕"))
            continue;   /* a single term (brackets alone are no term: search_bench leaves them out too) */
        bool scan_it = nsingle % 20 == 0;   /* the scan reads everything: a few of them */
        search_one(p, &cls[0], qs[i], 0, scan_it);
        search_one(p, &cls[2], qs[i], p->ag[1 + nsingle % (p->nag - 1)].id, scan_it);
        if (prev) {
            snprintf(pair, sizeof pair, "%s %s", prev, qs[i]);
            search_one(p, &cls[1], pair, 0, scan_it);
        }
        prev = qs[i];
        nsingle++;
    }
    printf("platform search, total + first 20 by date (%zu documents, %zu agencies):\n", ndocs, p->nag);
    for (int k = 0; k < 3; k++) {
        struct qclass *c = &cls[k];
        double s50 = pct(c->scan_ms, c->ns, 0.5), s99 = pct(c->scan_ms, c->ns, 0.99);
        double g50 = pct(c->ms, c->n, 0.5), g99 = pct(c->ms, c->n, 0.99);
        printf("  %-22s %3zu queries  wall p50 %8.2f  p99 %8.2f ms, cpu mean %6.2f ms | reading every document "
               "(%zu): wall p50 %9.1f ms, cpu mean %7.1f ms; ratio p99 %.0fx, cpu %.0fx; %d totals disagree\n",
               c->name, c->n, g50, g99, c->n ? 1000.0 * c->cpu / (double)c->n : 0.0, c->ns, s50,
               c->ns ? 1000.0 * c->scan_cpu / (double)c->ns : 0.0, g99 > 0 ? s99 / g99 : 0.0,
               c->cpu > 0 && c->ns ? (c->scan_cpu / (double)c->ns) / (c->cpu / (double)c->n) : 0.0, c->disagree);
        free(c->ms);
        free(c->scan_ms);
    }
    printf("  aim: p99 <= 50 ms for every class\n");
    corpus_queries_free(qs);
}

/* ---- 2. the console of a city's subtree ---- */

static long check_report(const char *json)
{
    rpt *r;
    if (!json || rpt_from_json(json, strlen(json), "", &r, NULL))
        return -1;
    rpt_check(r);
    long n = (long)rpt_count_errors(r);
    rpt_free(r);
    return n;
}

struct pubs { long long n; };
static int count_doc(const struct store_doc_brief *b, void *arg)
{
    (void)b;
    ((struct pubs *)arg)->n++;
    return 0;
}

/* What the page reads now: a fixed number of grouped queries. */
static long long console_grouped(struct platform *p, int year, gk_day today, gk_day soon)
{
    struct store_oversight *v;
    size_t n;
    err e = {0};
    if (store_oversight_tree(p->s, p->city, today, soon, year, &v, &n, &e))
        die("console", &e);
    long long sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i].overdue + v[i].soon + v[i].drafts + v[i].review + check_report(v[i].report_json);
    store_oversight_free(v, n);
    struct pubs pc = {0};
    if (store_oversight_published_tree(p->s, p->city, date_from_ymd(year + 1, 1, 1), today, "规范性文件", count_doc,
                                       &pc, &e))
        die("console", &e);
    return sum + pc.n;
}

/* The same figures agency by agency: what the page did before. */
static long long console_each(struct platform *p, int year, gk_day today, gk_day soon)
{
    struct store_agency *v;
    size_t n;
    err e = {0};
    if (store_agency_tree(p->s, p->city, &v, &n, &e))
        die("console", &e);
    long long sum = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t o, s, d, r;
        struct pubs pc = {0};
        if (store_oversight_apps(p->s, v[i].id, today, soon, &o, &s, &e) ||
            store_oversight_docs(p->s, v[i].id, &d, &r, &e) ||
            store_oversight_published(p->s, v[i].id, date_from_ymd(year + 1, 1, 1), today, "规范性文件", count_doc,
                                      &pc, &e))
            die("console", &e);
        sum += o + s + d + r + pc.n;
        struct store_report_pub rp;
        if (store_report_get(p->s, v[i].id, year, &rp, NULL) == 0) {
            struct store_report_version *vs;
            size_t nv;
            if (store_report_versions(p->s, v[i].id, year, &vs, &nv, NULL) == 0)
                store_report_versions_free(vs, nv);
            sum += check_report(rp.report_json);
            store_report_pub_clear(&rp);
        } else {
            sum += check_report(NULL);
        }
    }
    free(v);
    return sum;
}

static void bench_console(struct platform *p, int year)
{
    gk_day today = date_today(), soon = today + 5;
    double g[RUNS], each[RUNS], gc = 0, ec = 0;
    long long a = 0, b = 0;
    for (int k = 0; k < RUNS; k++) {
        double c0 = cpu_now(), t0 = now();
        a = console_grouped(p, year, today, soon);
        g[k] = (now() - t0) * 1000.0;
        double c1 = cpu_now();
        t0 = now();
        b = console_each(p, year, today, soon);
        each[k] = (now() - t0) * 1000.0;
        gc += c1 - c0;
        ec += cpu_now() - c1;
    }
    double g50 = pct(g, RUNS, 0.5), e50 = pct(each, RUNS, 0.5);
    printf("office console, subtree of %zu agencies (median of %d):\n", p->city_n, RUNS);
    printf("  grouped queries (the page)       %8.1f ms wall, cpu mean %7.1f ms\n", g50, 1000.0 * gc / RUNS);
    printf("  agency by agency (before)        %8.1f ms wall, cpu mean %7.1f ms; ratio %.1fx (cpu %.1fx); "
           "figures %s\n", e50, 1000.0 * ec / RUNS, e50 / g50, gc > 0 ? ec / gc : 0.0, a == b ? "agree" : "DISAGREE");
    printf("  aim: <= 200 ms for 100 agencies\n");
    if (a != b)
        exit(1);
}

/* ---- 3. the summed report of every agency ---- */

static void bench_sum(struct platform *p, int year)
{
    double t[RUNS];
    size_t summed = 0;
    gk_day today = date_today();
    double c0 = cpu_now();
    for (int k = 0; k < RUNS; k++) {
        double t0 = now();
        struct store_oversight *v;
        size_t n;
        err e = {0};
        if (store_oversight_tree(p->s, p->ag[0].id, today, today, year, &v, &n, &e))
            die("sum", &e);
        rpt **reps = xcalloc(n ? n : 1, sizeof *reps);
        summed = 0;
        for (size_t i = 0; i < n; i++) {
            rpt *r;
            if (v[i].report_json && rpt_from_json(v[i].report_json, strlen(v[i].report_json), v[i].a.code, &r, NULL) == 0) {
                rpt_set_agency(r, v[i].a.name);
                reps[summed++] = r;
            }
        }
        rpt *sum;
        if (rpt_sum(reps, summed, &sum, &e))
            die("sum", &e);
        rpt_check(sum);
        buf j;
        buf_init(&j);
        rpt_to_json(sum, &j, false);
        buf_free(&j);
        rpt_free(sum);
        for (size_t i = 0; i < summed; i++)
            rpt_free(reps[i]);
        free(reps);
        store_oversight_free(v, n);
        t[k] = (now() - t0) * 1000.0;
    }
    double cpu = (cpu_now() - c0) / RUNS;
    printf("summed report of %zu agencies' %d reports (read, sum, check, JSON; median of %d): %.1f ms wall, "
           "cpu mean %.1f ms\n", summed, year, RUNS, pct(t, RUNS, 0.5), 1000.0 * cpu);
    printf("  aim: <= 1 s for 300 agencies\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: platform_bench CONNINFO [NAGENCIES NDOCS NAPPS]\n");
        return 2;
    }
    size_t nag = argc > 2 ? strtoul(argv[2], NULL, 10) : 300;
    size_t ndocs = argc > 3 ? strtoul(argv[3], NULL, 10) : 1000000;
    size_t napps = argc > 4 ? strtoul(argv[4], NULL, 10) : 1000000;
    if (nag < 5) {
        fprintf(stderr, "platform_bench: at least 5 agencies\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);   /* each figure as it comes: generation takes long */
    struct platform p = {0};
    err e = {0};
    if (store_open(argv[1], &p.s, &e))
        die("open", &e);
    p.c = PQconnectdb(argv[1]);
    if (PQstatus(p.c) != CONNECTION_OK)
        die_pq(p.c, "connect");
    int ty, m, d;
    date_to_ymd(date_today(), &ty, &m, &d);
    double t0 = now();
    if (tree_loaded(&p)) {
        printf("the province is in the database already (generated by an earlier run): used as it is\n\n");
    } else {
        make_tree(&p, nag);
        load_docs(&p, ndocs);
        load_apps(&p, napps, ty - 1);
        publish_reports(&p, ty - 1);
        PQclear(PQexec(p.c, "ANALYZE"));
        count_grams(&p);
        printf("generated in %.1f s\n\n", now() - t0);
    }
    bench_search(&p, ndocs);
    bench_console(&p, ty - 1);
    bench_sum(&p, ty - 1);
    free(p.ag);
    PQfinish(p.c);
    store_close(p.s);
    return 0;
}
