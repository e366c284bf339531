/*
 * bench_publish — proactive disclosure at the size of a city's catalogue.
 *
 * 1. Screening: 3,000 generated documents (~10 MB of Chinese text with dates,
 *    文号, index numbers, phone numbers, ID and card numbers sprinkled in)
 *    screened with the default word list. Baseline in the same process: the
 *    straightforward way — one strstr pass per word and a POSIX regex for
 *    digit runs of the right lengths, without check digits.
 * 2. Import: a 20,000-row catalogue CSV parsed and checked, then imported
 *    into a fresh SQLite database in one transaction (screened, indexed for
 *    search). Baseline: the same rows added one transaction each
 *    (store_doc_add), on the first 1,000 rows.
 * 3. Search: queries over the imported catalogue through store_doc_search
 *    (FTS5), against scanning every document with search_text_matches.
 * Prints times, rates and the ratios.
 */
#define _POSIX_C_SOURCE 200809L
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "publish/publish.h"
#include "search/search.h"
#include "store/store.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const phrases[] = {
    "为进一步做好城乡最低生活保障工作", "根据《社会救助暂行办法》", "现将有关事项通知如下",
    "各县区民政局要高度重视", "确保困难群众基本生活", "养老服务补贴按月发放", "特困人员救助供养",
    "临时救助资金及时足额发放", "加强对申请家庭经济状况的核查", "本办法自发布之日起施行",
    "请各单位认真贯彻落实", "联系人：办公室", "政府信息公开工作年度报告", "涉及商业秘密的不予公开",
    "居民委员会", "社区工作者", "第一条", "第二条", "。", "，", "；", "\n",
};

static void gen_text(buf *b, int chars)
{
    char t[64];
    while ((int)utf8_len(b->data ? b->data : "", b->len) < chars) {
        unsigned k = rnd(100);
        if (k < 80) {
            buf_puts(b, phrases[rnd(sizeof phrases / sizeof phrases[0])]);
        } else if (k < 86) {
            snprintf(t, sizeof t, "%u年%u月%u日", 2010 + rnd(15), 1 + rnd(12), 1 + rnd(28));
            buf_puts(b, t);
        } else if (k < 90) {
            snprintf(t, sizeof t, "驻民文〔%u〕%u号", 2010 + rnd(15), 1 + rnd(300));
            buf_puts(b, t);
        } else if (k < 93) {
            snprintf(t, sizeof t, "电话：0396-%07u", rnd(10000000));
            buf_puts(b, t);
        } else if (k < 95) {
            snprintf(t, sizeof t, "索引号11410000005184320J/%u-%05u", 2010 + rnd(15), rnd(99999));
            buf_puts(b, t);
        } else if (k < 97) {
            snprintf(t, sizeof t, "手机1%u%09u", 3 + rnd(7), rnd(1000000000));
            buf_puts(b, t);
        } else if (k < 98) {
            /* an ID number with a valid check digit */
            static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
            char id[19];
            snprintf(id, sizeof id, "4128%02u%04u%02u%02u%03u", rnd(30), 1950 + rnd(60), 1 + rnd(12), 1 + rnd(28),
                     rnd(1000));
            int sum = 0;
            for (int i = 0; i < 17; i++)
                sum += (id[i] - '0') * w[i];
            id[17] = "10X98765432"[sum % 11];
            id[18] = 0;
            buf_puts(b, id);
        } else if (k < 99) {
            snprintf(t, sizeof t, "%016llu", (unsigned long long)rnd(1000000000) * 10000000ULL + rnd(10000000));
            buf_puts(b, t);   /* 16 digits: a card when Luhn passes (1 in 10) */
        } else {
            buf_puts(b, "此件为内部资料");
        }
    }
}

/* The baseline screen: a strstr pass per word, a regex for digit runs. */
static size_t naive_screen(const char *text, char **words, int nwords, regex_t *re)
{
    size_t hits = 0;
    for (int i = 0; i < nwords; i++)
        for (const char *p = strstr(text, words[i]); p; p = strstr(p + strlen(words[i]), words[i]))
            hits++;
    regmatch_t m;
    const char *p = text;
    while (regexec(re, p, 1, &m, 0) == 0) {
        hits++;
        p += m.rm_eo;
    }
    return hits;
}

#define NDOCS 3000
#define NROWS 20000
#define NBASE 1000

int main(void)
{
    setenv("GONGKAI_TODAY", "2024-12-31", 1);
    /* ---- 1. screening ---- */
    char **docs = malloc(NDOCS * sizeof *docs);
    size_t bytes = 0;
    for (int i = 0; i < NDOCS; i++) {
        buf b;
        buf_init(&b);
        gen_text(&b, 1200 + (int)rnd(2400));
        bytes += b.len;
        docs[i] = buf_detach(&b);
    }
    size_t wn;
    const char *wt = doc_words_default_text(&wn);
    doc_words *w;
    err e = {0};
    if (doc_words_load(wt, wn, &w, &e)) {
        fprintf(stderr, "bench_publish: %s\n", e.msg);
        return 1;
    }
    /* the words again as plain strings for the baseline */
    char *words[256];
    int nwords = 0;
    char *copy = xstrndup(wt, wn);
    for (char *line = strtok(copy, "\n"); line && nwords < 256; line = strtok(NULL, "\n"))
        if (line[0] && line[0] != '#')
            words[nwords++] = line;
    regex_t re;
    regcomp(&re, "[0-9]{17}[0-9Xx]|1[3-9][0-9]{9}|[0-9]{16,19}", REG_EXTENDED);

    double t0 = now();
    size_t ours = 0;
    for (int i = 0; i < NDOCS; i++) {
        struct doc_hit *h;
        size_t n;
        doc_screen(docs[i], strlen(docs[i]), w, &h, &n);
        ours += n;
        free(h);
    }
    double t_ours = now() - t0;
    t0 = now();
    size_t naive = 0;
    for (int i = 0; i < NDOCS; i++)
        naive += naive_screen(docs[i], words, nwords, &re);
    double t_naive = now() - t0;
    printf("screening: %d documents, %.1f MB, %d words\n", NDOCS, bytes / 1e6, nwords);
    printf("  doc_screen          %7.3f s  %7.1f MB/s  %zu hits (checked: ID check digit, Luhn, boundaries)\n",
           t_ours, bytes / 1e6 / t_ours, ours);
    printf("  baseline strstr+re  %7.3f s  %7.1f MB/s  %zu candidates (no checks)\n", t_naive,
           bytes / 1e6 / t_naive, naive);
    printf("  ratio               %7.1fx faster than the baseline\n", t_naive / t_ours);
    regfree(&re);
    free(copy);
    doc_words_free(w);

    /* ---- 2. import ---- */
    buf csv;
    buf_init(&csv);
    buf_puts(&csv, "title,docno,issuer,written,published,body,category,genre,item,channels\n");
    static const char *const cats[] = {"社会救助", "养老服务", "社会事务", "慈善事业", "区划地名"};
    static const char *const genres[] = {"通知", "行政规范性文件", "公告", "政策解读", "公示"};
    for (int i = 0; i < NROWS; i++) {
        int y = 2012 + i % 12, m = 1 + (int)rnd(12), d = 1 + (int)rnd(27);
        buf_printf(&csv, "关于%s工作的通知（第%d号）,驻民文〔%d〕%d号,驻马店市民政局,%04d-%02d-%02d,%04d-%02d-%02d,\"",
                   phrases[rnd(12)], i, y, i % 900 + 1, y, m, d, y, m, d + 1);
        buf b;
        buf_init(&b);
        gen_text(&b, 300 + (int)rnd(900));
        for (size_t k = 0; k < b.len; k++)
            if (b.data[k] == '"')
                b.data[k] = '\'';
        buf_puts(&csv, b.data);
        buf_free(&b);
        buf_printf(&csv, "\",%s,%s,%d,website\n", cats[rnd(5)], genres[rnd(4)], 1 + (int)rnd(15));
    }
    t0 = now();
    struct doc_import im;
    doc_import_parse(csv.data, csv.len, DOC_IMPORT_CSV, true, date_from_ymd(2024, 12, 31), &im);
    double t_parse = now() - t0;
    if (im.nerrors) {
        fprintf(stderr, "bench_publish: line %d: %s\n", im.errors[0].line, im.errors[0].msg);
        return 1;
    }
    char dir[] = "/tmp/gongkai-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[128];
    snprintf(path, sizeof path, "%s/import.db", dir);
    store_t *s;
    if (store_open(path, &s, &e)) {
        fprintf(stderr, "bench_publish: %s\n", e.msg);
        return 1;
    }
    struct store_agency ag = {0};
    strcpy(ag.code, "zmd");
    strcpy(ag.name, "驻马店市民政局");
    strcpy(ag.org_code, "11410000005184320J");
    store_agency_add(s, &ag, &ag.id, &e);
    t0 = now();
    int nhits = 0;
    if (store_doc_import(s, ag.id, &im, "bench", &nhits, &e)) {
        fprintf(stderr, "bench_publish: %s\n", e.msg);
        return 1;
    }
    double t_import = now() - t0;
    /* baseline: one transaction per row, into a second database */
    snprintf(path, sizeof path, "%s/rows.db", dir);
    store_t *s2;
    store_open(path, &s2, &e);
    struct store_agency ag2 = ag;
    store_agency_add(s2, &ag2, &ag2.id, &e);
    struct doc_import im2;
    doc_import_parse(csv.data, csv.len, DOC_IMPORT_CSV, true, date_from_ymd(2024, 12, 31), &im2);
    t0 = now();
    for (int i = 0; i < NBASE; i++) {
        im2.rows[i].d.agency_id = ag2.id;
        if (store_doc_add(s2, &im2.rows[i].d, "bench", &e)) {
            fprintf(stderr, "bench_publish: %s\n", e.msg);
            return 1;
        }
    }
    double t_rows = now() - t0;
    printf("import: %d rows, %.1f MB of CSV\n", NROWS, csv.len / 1e6);
    printf("  parse and check     %7.3f s  %9.0f rows/s\n", t_parse, NROWS / t_parse);
    printf("  store_doc_import    %7.3f s  %9.0f rows/s  (one transaction; screened: %d hits; indexed)\n",
           t_import, NROWS / t_import, nhits);
    printf("  baseline row by row %7.3f s  %9.0f rows/s  (first %d rows, a transaction each)\n", t_rows,
           NBASE / t_rows, NBASE);
    printf("  ratio               %7.1fx the rate of row by row\n", (NROWS / t_import) / (NBASE / t_rows));
    doc_import_free(&im2);
    store_close(s2);

    /* ---- 3. search ---- */
    static const char *const queries[] = {"低保", "特困人员救助供养", "驻民文〔2015〕120号", "养老 补贴",
                                          "0396", "年度报告"};
    int nq = (int)(sizeof queries / sizeof queries[0]);
    int reps = 20;
    t0 = now();
    int64_t totals[16] = {0};
    for (int r = 0; r < reps; r++)
        for (int k = 0; k < nq; k++) {
            struct store_doc_query q = {.agency_id = ag.id, .text = queries[k], .validity = -1, .limit = 20};
            struct store_doc_result *res;
            size_t n;
            if (store_doc_search(s, &q, &res, &n, &totals[k], &e)) {
                fprintf(stderr, "bench_publish: %s\n", e.msg);
                return 1;
            }
            store_doc_results_free(res, n);
        }
    double t_fts = (now() - t0) / (reps * nq);
    /* baseline: every document's text checked */
    t0 = now();
    bool same = true;
    for (int k = 0; k < nq; k++) {
        search_query q;
        char quoted[256];
        struct doc_docno dn;
        const char *text = queries[k];
        if (doc_docno_parse(text, &dn, NULL) == 0) {
            snprintf(quoted, sizeof quoted, "\"%s\"", dn.canonical);
            text = quoted;
        }
        search_query_parse(text, &q, &e);
        int64_t found = 0;
        buf all;
        buf_init(&all);
        for (size_t i = 0; i < im.nrows; i++) {
            const struct doc *d = &im.rows[i].d;
            buf_reset(&all);
            buf_printf(&all, "%s\n", d->title);
            if (d->docno[0] && doc_docno_parse(d->docno, &dn, NULL) == 0)
                doc_docno_forms(&dn, &all);
            buf_printf(&all, "\n%s", d->body ? d->body : "");
            found += search_text_matches(all.data, all.len, &q);
        }
        buf_free(&all);
        search_query_free(&q);
        same = same && found == totals[k];
    }
    double t_scan = (now() - t0) / nq;
    printf("search: %d published documents, %d queries (total + first page of 20 with snippets)\n", NROWS, nq);
    printf("  store_doc_search    %9.3f ms per query\n", t_fts * 1e3);
    printf("  baseline scan       %9.3f ms per query (search_text_matches over every document)\n", t_scan * 1e3);
    printf("  ratio               %7.1fx faster; totals %s\n", t_scan / t_fts, same ? "identical" : "DIFFER");
    store_close(s);
    doc_import_free(&im);
    buf_free(&csv);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_publish: could not remove %s\n", dir);
    for (int i = 0; i < NDOCS; i++)
        free(docs[i]);
    free(docs);
    return same ? 0 : 1;
}
