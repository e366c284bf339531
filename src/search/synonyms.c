/* search — the synonym and abbreviation dictionary applied at query time
 * (低保 ↔ 最低生活保障) and the "did you mean" suggester: pure computation
 * over folded text, no I/O. search.h describes both. */
#include <stdlib.h>
#include <string.h>

#include "search/search.h"

struct search_synonyms {
    size_t ngroups;
    char ***groups;   /* each a NULL-terminated list of folded forms */
};

struct embedded_file { const char *name; const unsigned char *data; size_t len; };
extern const struct embedded_file search_data[];

const char *search_synonyms_shipped(size_t *n)
{
    *n = search_data[0].len;
    return (const char *)search_data[0].data;
}

void search_synonyms_free(search_synonyms *syn)
{
    if (!syn)
        return;
    for (size_t g = 0; g < syn->ngroups; g++) {
        for (char **f = syn->groups[g]; *f; f++)
            free(*f);
        free(syn->groups[g]);
    }
    free(syn->groups);
    free(syn);
}

size_t search_synonyms_groups(const search_synonyms *syn)
{
    return syn ? syn->ngroups : 0;
}

static bool form_sep(const char *p, size_t left, size_t *skip)
{
    if (*p == ' ' || *p == '\t' || *p == '\r') {
        *skip = 1;
        return true;
    }
    static const char *const seps[] = {"\u2194", "\u3000", "\uff0c", "\u3001", ","};
    for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
        size_t l = strlen(seps[i]);
        if (left >= l && memcmp(p, seps[i], l) == 0) {
            *skip = l;
            return true;
        }
    }
    return false;
}

/* One line (without its newline) into a group; 0 when empty/comment. */
static int parse_line(const char *p, size_t n, size_t line, char ***out, err *e)
{
    *out = NULL;
    const char *hash = memchr(p, '#', n);
    if (hash)
        n = (size_t)(hash - p);
    char **forms = xcalloc(SEARCH_SYN_MAX_FORMS + 1, sizeof *forms);
    size_t nf = 0, i = 0, skip;
    while (i < n) {
        if (form_sep(p + i, n - i, &skip)) {
            i += skip;
            continue;
        }
        size_t s = i;
        while (i < n && !form_sep(p + i, n - i, &skip))
            i++;
        size_t chars = utf8_len(p + s, i - s);
        if (chars > SEARCH_SYN_MAX_CHARS || nf == SEARCH_SYN_MAX_FORMS) {
            for (size_t k = 0; k < nf; k++)
                free(forms[k]);
            free(forms);
            return chars > SEARCH_SYN_MAX_CHARS
                       ? err_set(e, GK_EINVAL, "synonyms", "line %zu: a form of %zu characters (at most %d)", line,
                                 chars, SEARCH_SYN_MAX_CHARS)
                       : err_set(e, GK_EINVAL, "synonyms", "line %zu: more than %d forms in one group", line,
                                 SEARCH_SYN_MAX_FORMS);
        }
        forms[nf++] = search_fold(p + s, i - s);
    }
    if (nf == 1) {
        free(forms[0]);
        free(forms);
        return err_set(e, GK_EINVAL, "synonyms", "line %zu: a group needs at least two forms", line);
    }
    if (nf == 0) {
        free(forms);
        return 0;
    }
    *out = forms;
    return 0;
}

int search_synonyms_parse(const char *text, size_t n, search_synonyms **out, err *e)
{
    *out = NULL;
    size_t bad;
    if (n > SEARCH_SYN_MAX_BYTES)
        return err_set(e, GK_EINVAL, "synonyms", "the dictionary is %zu bytes (at most %d)", n, SEARCH_SYN_MAX_BYTES);
    if (memchr(text, '\0', n))
        return err_set(e, GK_EINVAL, "synonyms", "a NUL byte at byte %zu", (size_t)((const char *)memchr(text, 0, n) - text));
    if (!utf8_valid(text, n, &bad))
        return err_set(e, GK_EINVAL, "synonyms", "not valid UTF-8 (byte %zu)", bad);
    search_synonyms *syn = xcalloc(1, sizeof *syn);
    size_t line = 0, i = 0;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
        line++;
        char **g;
        int rc = parse_line(text + i, len, line, &g, e);
        if (!rc && g && syn->ngroups == SEARCH_SYN_MAX_GROUPS) {
            for (char **f = g; *f; f++)
                free(*f);
            free(g);
            rc = err_set(e, GK_EINVAL, "synonyms", "line %zu: more than %d groups", line, SEARCH_SYN_MAX_GROUPS);
        }
        if (rc) {
            search_synonyms_free(syn);
            return rc;
        }
        if (g) {
            syn->groups = xrealloc(syn->groups, (syn->ngroups + 1) * sizeof *syn->groups);
            syn->groups[syn->ngroups++] = g;
        }
        i += len + 1;
    }
    *out = syn;
    return 0;
}

static bool has_str(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

void search_query_expand(search_query *q, const search_synonyms *syn)
{
    if (!syn || !syn->ngroups || !q->nterms)
        return;
    bool any = false;
    char ***alts = xcalloc(q->nterms, sizeof *alts);
    for (size_t t = 0; t < q->nterms; t++) {
        size_t n = 0;
        char **v = NULL;
        for (size_t g = 0; g < syn->ngroups; g++) {
            bool in = false;
            for (char **f = syn->groups[g]; *f && !in; f++)
                in = strcmp(*f, q->terms[t]) == 0;
            if (!in)
                continue;
            for (char **f = syn->groups[g]; *f; f++) {
                if (strcmp(*f, q->terms[t]) == 0 || has_str(v, n, *f))
                    continue;
                v = xrealloc(v, (n + 2) * sizeof *v);
                v[n++] = xstrdup(*f);
                v[n] = NULL;
            }
        }
        alts[t] = v;
        any |= v != NULL;
    }
    if (!any) {
        free(alts);
        return;
    }
    q->alts = alts;
    search_query_rematch(q);
}

/* ---- did you mean ---- */

struct cand {
    uint32_t cp[SEARCH_GRAM_MAX_CHARS + 2];
    size_t n;
    int dist;
    int64_t docs, last_doc;
};

struct search_suggester {
    uint32_t term[SEARCH_GRAM_MAX_CHARS];
    size_t n;
    int maxd;
    int64_t doc;              /* documents added so far */
    struct cand *c;
    size_t nc;
};

search_suggester *search_suggester_new(const char *term)
{
    size_t len = strlen(term);
    if (utf8_len(term, len) < 2 || utf8_len(term, len) > SEARCH_GRAM_MAX_CHARS)
        return NULL;
    search_suggester *sg = xcalloc(1, sizeof *sg);
    sg->n = search_fold_cps(term, len, sg->term);
    sg->maxd = sg->n >= 6 ? 2 : 1;
    return sg;
}

void search_suggester_free(search_suggester *sg)
{
    if (sg)
        free(sg->c);
    free(sg);
}

static bool wordish(uint32_t cp)
{
    return utf8_is_han(cp) || (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z');
}

static void consider(search_suggester *sg, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!wordish(w[i]))
            return;
    int d = utf8_edit_distance(sg->term, sg->n, w, n, sg->maxd);
    if (d == 0 || d > sg->maxd)
        return;
    for (size_t k = 0; k < sg->nc; k++) {
        struct cand *c = &sg->c[k];
        if (c->n == n && memcmp(c->cp, w, n * sizeof *w) == 0) {
            if (c->last_doc != sg->doc) {
                c->docs++;
                c->last_doc = sg->doc;
            }
            return;
        }
    }
    if (sg->nc == SEARCH_SUGGEST_MAX_CANDIDATES)
        return;
    sg->c = xrealloc(sg->c, (sg->nc + 1) * sizeof *sg->c);
    struct cand *c = &sg->c[sg->nc++];
    memcpy(c->cp, w, n * sizeof *w);
    c->n = n;
    c->dist = d;
    c->docs = 1;
    c->last_doc = sg->doc;
}

void search_suggester_add(search_suggester *sg, const char *text, size_t n)
{
    if (!sg)
        return;
    sg->doc++;
    uint32_t *cp = xmalloc((n + 1) * sizeof *cp);
    size_t nc = search_fold_cps(text, n, cp);
    size_t lo = sg->n > (size_t)sg->maxd ? sg->n - (size_t)sg->maxd : 1, hi = sg->n + (size_t)sg->maxd;
    if (lo < 2)
        lo = 2;
    if (hi > SEARCH_GRAM_MAX_CHARS)
        hi = SEARCH_GRAM_MAX_CHARS;
    for (size_t i = 0; i < nc; i++)
        for (size_t w = lo; w <= hi && i + w <= nc; w++)
            consider(sg, cp + i, w);
    free(cp);
}

static size_t absdiff(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

/* True when a is the better candidate. */
static bool better(const struct cand *a, const struct cand *b, size_t n)
{
    if (a->dist != b->dist)
        return a->dist < b->dist;
    if (absdiff(a->n, n) != absdiff(b->n, n))
        return absdiff(a->n, n) < absdiff(b->n, n);
    if (a->docs != b->docs)
        return a->docs > b->docs;
    size_t m = a->n < b->n ? a->n : b->n;
    for (size_t i = 0; i < m; i++)
        if (a->cp[i] != b->cp[i])
            return a->cp[i] < b->cp[i];
    return a->n < b->n;
}

char *search_suggester_best(const search_suggester *sg)
{
    if (!sg || !sg->nc)
        return NULL;
    const struct cand *best = &sg->c[0];
    for (size_t k = 1; k < sg->nc; k++)
        if (better(&sg->c[k], best, sg->n))
            best = &sg->c[k];
    buf b;
    buf_init(&b);
    buf_puts(&b, "");
    for (size_t i = 0; i < best->n; i++) {
        char u[4];
        int l = utf8_encode(best->cp[i], u);
        buf_append(&b, u, (size_t)l);
    }
    return buf_detach(&b);
}
