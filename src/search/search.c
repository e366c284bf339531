/*
 * search — the gongkai tokenizer, query parser and highlighter. search.h
 * describes the token scheme and why phrase matching over it is exactly
 * substring matching.
 *
 * Why character grams and not a dictionary segmenter — measured with
 * bench/search_friso.c (`build/release/bench/search_friso 20000`: 20,000
 * generated notices, 8.1 MB of folded text, the 240-query set of
 * bench/search_corpus.c, each side in an FTS5 table, both fed folded text):
 *
 *                 tokenize   index build   index    recall   precision   queries fully answered
 *   gongkai       72 MB/s       2.1 s     32.0 MB   100.00%   100.00%     240 / 240
 *   friso 1.6.4   3.5 MB/s      3.0 s      8.0 MB    61.98%    99.89%     127 / 240
 *
 * friso (Debian libfriso, mmseg complex mode, its own lexicon) is compact but
 * misses what citizens type, because its words are not theirs: it splits
 * 低保户 as 低/保户 (so "低保" misses it), 特困人员救助供养 as
 * 特/困人/员/救助/供养 ("特困" finds nothing at all), keeps 2018年 as one
 * word ("2018" misses every "2018年"). A dictionary decides what a word is;
 * a citizen looking for a document does not care. Recall is the requirement,
 * so gongkai indexes character grams and pays for it in index size.
 *
 * Gram lengths, measured with bench/search_bench.c on 100,000 documents
 * (CPU time, the machine being shared): Han bigrams + unigrams give p50
 * 1.6 ms / p99 13 ms for count + first 20 with an index of 3.1x the text;
 * adding Han trigrams (SEARCH_HAN_GRAM 3) gave p50 1.3 ms / p99 14 ms for an
 * index of 3.8x the text and a longer build: not worth it. ASCII runs get
 * 1- to 4-grams so that every number or word of up to 4 characters (years,
 * "149", "pdf") is a single token, and longer ones a phrase of 4-grams.
 *
 * On 1,000,000 documents (`build/release/bench/search_bench 1000000`, 291 MB
 * of text, CPU time of count + first 20 by date with titles, 240 queries):
 *   before the cross-class bigrams (9号, [2, ,应):  p50 13.7 ms, p99 109 ms,
 *     index 899 MB (3.09x the text); "08-2" took 49 ms, "〔2011〕" 58 ms.
 *   with them (now):  p50 7.5 ms, p99 66 ms, max 121 ms, index 1070 MB
 *     (3.68x), build 84 s CPU.
 *   trigram tokenizer (MATCH for terms of 3+ characters, LIKE for shorter):
 *     p50 9.5 ms, p99 1149 ms (LIKE p50 811 ms); p99 ratio 17x; index 551 MB.
 * What was left above 20 ms was the exact total count of queries that match
 * 100,000 to 1,000,000 documents ("最低生活保障", "关于", "号"): FTS5 counts
 * by walking every hit (about 25-30 ns a hit for one token, 100-200 ns for a
 * phrase). So the totals of frequent strings are kept beside the index
 * (grams.c; mined from a 28,572-document sample, counted over all, 135,794
 * strings in >= 1,000 documents, 49 s of the build) and a one-term query
 * reads its total there: 206 of the 240 queries. Now (2026-11-23 run):
 *   gongkai  p50 0.19 ms, p99 8.5 ms, max 10.9 ms; index + strings 1075 MB,
 *            build 107 s (48 s inserting, 10 s optimizing, 49 s counting)
 *   trigram  p50 9.3 ms, p99 1143 ms; 134x gongkai at p99; index 551 MB,
 *            build 40 s.
 * The first 20 by date stay under a millisecond when rowids run newest
 * first (ascending rowid = newest first: FTS5 reads doclists forward).
 */
#include "search/search.h"

#include <stdlib.h>
#include <string.h>

/* ---- characters ---------------------------------------------------------
 * The tokenizer and the highlighter work on the text decoded into folded
 * characters that remember where they came from. */
enum { C_HAN, C_ALNUM, C_OTHER };

typedef struct sch {
    uint32_t cp;          /* folded code point; 0x80000000|byte for an invalid byte */
    uint8_t cls;
    uint8_t flen;         /* bytes of the folded form */
    char f[4];            /* the folded form, UTF-8 (or the invalid byte itself) */
    size_t start, end;    /* byte range in the original text */
} sch;

typedef struct chars {
    sch *v;
    size_t n;
    sch small[256];
} chars;

static uint32_t fold_cp(uint32_t cp)
{
    cp = utf8_fold_cp(cp);
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    return cp;
}

/* Decodes the character at s[*off] into h and advances *off. */
static void decode_one(const char *s, size_t n, size_t *off, sch *h)
{
    size_t i = *off;
    uint32_t cp;
    int l = utf8_decode(s + i, n - i, &cp);
    h->start = i;
    if (!l) {
        h->cp = 0x80000000u | (unsigned char)s[i];
        h->cls = C_OTHER;
        h->flen = 1;
        h->f[0] = s[i];
        h->end = *off = i + 1;
        return;
    }
    h->end = *off = i + (size_t)l;
    h->cp = fold_cp(cp);
    h->flen = (uint8_t)utf8_encode(h->cp, h->f);
    if ((h->cp >= '0' && h->cp <= '9') || (h->cp >= 'a' && h->cp <= 'z'))
        h->cls = C_ALNUM;
    else if (utf8_is_han(h->cp))
        h->cls = C_HAN;
    else
        h->cls = C_OTHER;
}

static void chars_decode(chars *c, const char *s, size_t n)
{
    /* A character never takes less than one byte, so n bounds the count. */
    c->v = n <= sizeof c->small / sizeof c->small[0] ? c->small : xmalloc(n * sizeof(sch));
    c->n = 0;
    size_t i = 0;
    while (i < n)
        decode_one(s, n, &i, &c->v[c->n++]);
}

/* The tokenizers read the text through a window of the next few characters
 * (no allocation, whatever the size of the text). */
#define WINDOW (SEARCH_ASCII_GRAM > SEARCH_HAN_GRAM ? SEARCH_ASCII_GRAM : SEARCH_HAN_GRAM)
typedef struct reader {
    const char *s;
    size_t n, off;
    sch ring[WINDOW];
    size_t head, count;
} reader;

static void rd_fill(reader *r)
{
    while (r->count < WINDOW && r->off < r->n) {
        decode_one(r->s, r->n, &r->off, &r->ring[(r->head + r->count) % WINDOW]);
        r->count++;
    }
}

static const sch *rd_at(const reader *r, size_t k)
{
    return &r->ring[(r->head + k) % WINDOW];
}

static void rd_pop(reader *r)
{
    r->head = (r->head + 1) % WINDOW;
    r->count--;
    rd_fill(r);
}

/* The gram of the first k characters of the window. */
static size_t rd_gram(const reader *r, size_t k, char *out)
{
    size_t len = 0;
    for (size_t j = 0; j < k; j++) {
        const sch *h = rd_at(r, j);
        memcpy(out + len, h->f, h->flen);
        len += h->flen;
    }
    return len;
}

/* How many characters the longest token at the window's start spans: up to
 * SEARCH_HAN_GRAM inside a run of Han characters, up to SEARCH_ASCII_GRAM
 * inside a run of ASCII letters/digits, else 2 when there is a next
 * character, else 1. */
static size_t rd_span(const reader *r)
{
    const sch *h = rd_at(r, 0);
    size_t limit = h->cls == C_HAN ? SEARCH_HAN_GRAM : h->cls == C_ALNUM ? SEARCH_ASCII_GRAM : 1, k = 1;
    while (k < r->count && k < limit && rd_at(r, k)->cls == h->cls)
        k++;
    /* Where the character's own class gives only itself (a Han character
     * before punctuation or a digit, the end of an ASCII run, punctuation),
     * the bigram with the next character, whatever it is: "9号", "[2",
     * ",应" are far rarer tokens than "9", "[" or ",", which keeps phrases
     * such as "149号" or "〔2011〕" from walking huge doclists. */
    if (k == 1 && r->count > 1)
        k = 2;
    return k;
}

static void chars_free(chars *c)
{
    if (c->v != c->small)
        free(c->v);
}

int search_tokenize(const char *text, size_t n, search_token_fn fn, void *ctx)
{
    reader r = {.s = text, .n = n};
    char g[4 * WINDOW];
    int rc = 0;
    rd_fill(&r);
    while (r.count && !rc) {
        const sch *h = rd_at(&r, 0);
        size_t k = rd_span(&r);
        /* The longest gram first, then the shorter ones at the same position. */
        for (size_t len = k; len >= 1 && !rc; len--)
            rc = fn(ctx, g, rd_gram(&r, len, g), len != k, h->start, rd_at(&r, len - 1)->end);
        rd_pop(&r);
    }
    return rc;
}

int search_term_tokens(const char *term, size_t n, search_token_fn fn, void *ctx)
{
    reader r = {.s = term, .n = n};
    char g[4 * WINDOW];
    size_t covered = 0;   /* characters covered beyond the window's start */
    int rc = 0;
    /* One token per position, the longest gram the term itself shows there,
     * until every character of the term is covered. */
    rd_fill(&r);
    while (r.count && !rc) {
        size_t k = rd_span(&r);
        rc = fn(ctx, g, rd_gram(&r, k, g), false, rd_at(&r, 0)->start, rd_at(&r, k - 1)->end);
        if (k > covered)
            covered = k;
        if (covered == r.count && r.off == r.n)
            break;          /* the rest of the term is covered */
        covered--;
        rd_pop(&r);
    }
    return rc;
}

char *search_fold(const char *s, size_t n)
{
    buf b;
    buf_init(&b);
    buf_reserve(&b, n);
    buf_append(&b, "", 0);      /* terminated even when s is empty */
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        if (!l) {
            buf_putc(&b, s[i++]);
            continue;
        }
        char out[4];
        buf_append(&b, out, (size_t)utf8_encode(fold_cp(cp), out));
        i += (size_t)l;
    }
    return buf_detach(&b);
}

size_t search_fold_cps(const char *s, size_t n, uint32_t *out)
{
    size_t i = 0, k = 0;
    sch h;
    while (i < n) {
        decode_one(s, n, &i, &h);
        out[k++] = h.cp;
    }
    return k;
}

/* ---- queries ------------------------------------------------------------ */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

typedef struct match_ctx { buf *b; bool first; } match_ctx;

static int put_match_token(void *ctx, const char *t, size_t len, bool coloc, size_t s, size_t e)
{
    match_ctx *mc = ctx;
    buf *b = mc->b;
    if (!mc->first)
        buf_puts(b, " + ");
    mc->first = false;
    buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '"')
            buf_putc(b, '"');
        buf_putc(b, t[i]);
    }
    buf_putc(b, '"');
    return 0;
}

static void add_term(search_query *q, const char *s, size_t n)
{
    if (n == 0)
        return;
    for (size_t i = 0; i < q->nterms; i++)
        if (strlen(q->terms[i]) == n && memcmp(q->terms[i], s, n) == 0)
            return;
    q->terms = xrealloc(q->terms, (q->nterms + 1) * sizeof *q->terms);
    q->terms[q->nterms++] = xstrndup(s, n);
}

int search_query_parse(const char *text, search_query *out, err *e)
{
    memset(out, 0, sizeof *out);
    size_t n = strlen(text), bad;
    if (n > SEARCH_MAX_QUERY_BYTES)
        return err_set(e, GK_EINVAL, "query", "is longer than %d bytes", SEARCH_MAX_QUERY_BYTES);
    if (!utf8_valid(text, n, &bad))
        return err_set(e, GK_EINVAL, "query", "is not valid UTF-8 (byte %zu)", bad);
    char *f = search_fold(text, n);
    size_t fn = strlen(f), i = 0;
    while (i < fn) {
        if (is_space(f[i])) {
            i++;
        } else if (f[i] == '"') {
            size_t s = ++i;
            while (i < fn && f[i] != '"')
                i++;
            add_term(out, f + s, i - s);   /* an unclosed quote runs to the end */
            if (i < fn)
                i++;
        } else {
            size_t s = i;
            while (i < fn && !is_space(f[i]) && f[i] != '"')
                i++;
            add_term(out, f + s, i - s);
        }
        if (out->nterms > SEARCH_MAX_TERMS) {
            free(f);
            search_query_free(out);
            return err_set(e, GK_EINVAL, "query", "has more than %d terms", SEARCH_MAX_TERMS);
        }
    }
    free(f);
    if (out->nterms == 0) {
        search_query_free(out);
        return err_set(e, GK_EINVAL, "query", "is empty: type a word, a number or a document number");
    }
    search_query_rematch(out);
    return 0;
}

static void put_phrase(buf *m, const char *term)
{
    match_ctx mc = {m, true};
    search_term_tokens(term, strlen(term), put_match_token, &mc);
}

/* q->match from the terms and their forms: the terms ANDed, each an OR of
 * its forms in parentheses. */
void search_query_rematch(search_query *q)
{
    buf m;
    buf_init(&m);
    for (size_t t = 0; t < q->nterms; t++) {
        if (t)
            buf_puts(&m, " AND ");
        char **alt = q->alts ? q->alts[t] : NULL;
        if (alt)
            buf_puts(&m, "(");
        put_phrase(&m, q->terms[t]);
        for (size_t a = 0; alt && alt[a]; a++) {
            buf_puts(&m, " OR ");
            put_phrase(&m, alt[a]);
        }
        if (alt)
            buf_puts(&m, ")");
    }
    free(q->match);
    q->match = buf_detach(&m);
}

void search_query_free(search_query *q)
{
    for (size_t i = 0; i < q->nterms; i++) {
        free(q->terms[i]);
        for (size_t a = 0; q->alts && q->alts[i] && q->alts[i][a]; a++)
            free(q->alts[i][a]);
        if (q->alts)
            free(q->alts[i]);
    }
    free(q->alts);
    free(q->terms);
    free(q->match);
    memset(q, 0, sizeof *q);
}

bool search_text_matches(const char *text, size_t n, const search_query *q)
{
    char *f = search_fold(text, n);
    size_t fn = strlen(f);
    bool all = true;
    for (size_t t = 0; t < q->nterms && all; t++) {
        all = memmem(f, fn, q->terms[t], strlen(q->terms[t])) != NULL;
        for (size_t a = 0; !all && q->alts && q->alts[t] && q->alts[t][a]; a++)
            all = memmem(f, fn, q->alts[t][a], strlen(q->alts[t][a])) != NULL;
    }
    free(f);
    return all;
}

/* ---- highlighting ------------------------------------------------------- */

/* Marks in `mark` every character of text that lies inside an occurrence of
 * a term (both compared folded). Returns true when anything was marked. */
static bool mark_one(const chars *tx, const char *term, bool *mark);

static bool mark_terms(const chars *tx, const search_query *q, bool *mark)
{
    bool any = false;
    for (size_t t = 0; t < q->nterms; t++) {
        any |= mark_one(tx, q->terms[t], mark);
        for (size_t a = 0; q->alts && q->alts[t] && q->alts[t][a]; a++)
            any |= mark_one(tx, q->alts[t][a], mark);
    }
    return any;
}

static bool mark_one(const chars *tx, const char *term, bool *mark)
{
    bool any = false;
    chars tc;
    chars_decode(&tc, term, strlen(term));
    for (size_t i = 0; tc.n && i + tc.n <= tx->n; i++) {
        size_t k = 0;
        while (k < tc.n && tx->v[i + k].cp == tc.v[k].cp)
            k++;
        if (k == tc.n) {
            for (k = 0; k < tc.n; k++)
                mark[i + k] = true;
            any = true;
        }
    }
    chars_free(&tc);
    return any;
}

static void emit_marked(buf *out, const char *text, const chars *tx, const bool *mark,
                        size_t from, size_t to)
{
    size_t i = from;
    while (i < to) {
        size_t j = i;
        while (j < to && mark[j] == mark[i])
            j++;
        if (mark[i])
            buf_puts(out, "<mark>");
        buf_html_n(out, text + tx->v[i].start, tx->v[j - 1].end - tx->v[i].start);
        if (mark[i])
            buf_puts(out, "</mark>");
        i = j;
    }
}

void search_snippet(buf *out, const char *text, size_t n, const search_query *q, size_t width)
{
    chars tx;
    chars_decode(&tx, text, n);
    bool *mark = xcalloc(tx.n + 1, 1);
    mark_terms(&tx, q, mark);
    size_t from = 0, to = tx.n;
    if (width && tx.n > width) {
        size_t first = 0;
        while (first < tx.n && !mark[first])
            first++;
        if (first == tx.n)
            first = 0;
        from = first > width / 4 ? first - width / 4 : 0;
        if (from + width > tx.n)
            from = tx.n - width;
        to = from + width;
    }
    if (from > 0)
        buf_puts(out, "…");
    emit_marked(out, text, &tx, mark, from, to);
    if (to < tx.n)
        buf_puts(out, "…");
    free(mark);
    chars_free(&tx);
}

void search_highlight(buf *out, const char *text, size_t n, const search_query *q)
{
    search_snippet(out, text, n, q, 0);
}
