/* disclosure/repeat — grouping applications that ask for the same
 * information (Art. 44; the rule is described in repeat.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "disclosure/repeat.h"
#include "publish/publish.h"

/* Phrases nearly every request carries and that say nothing of the
 * information asked for; removed before comparing, longest first. */
static const char *const repeat_fillers[] = {
    "依申请公开", "申请公开", "请求公开", "要求公开", "请予公开", "予以公开", "申请获取", "政府信息", "相关信息", "有关信息",
    "我想了解", "我想知道", "请提供", "请公开", "本人申请", "我申请", "贵单位", "贵机关", "你单位", "贵局", "本人",
    "我要", "想要", "希望", "获取", "提供", "信息", "相关", "有关", "关于", "一下", "请", "的",
};

int repeat_rule_set(struct repeat_rule *r, const char *key, const char *value, err *e)
{
    char *end;
    if (strcmp(key, "art44.min_applicants") == 0) {
        long v = strtol(value, &end, 10);
        if (end == value || *end || v < 2 || v > 1000)
            return err_set(e, GK_EINVAL, key, "'%s' is not a number of applicants from 2 to 1000", value);
        r->min_applicants = (int)v;
        return 0;
    }
    if (strcmp(key, "art44.similarity") == 0) {
        double v = strtod(value, &end);
        if (end == value || *end || !(v >= 0.05 && v <= 1))
            return err_set(e, GK_EINVAL, key, "'%s' is not a similarity from 0.05 to 1", value);
        r->min_similarity = v;
        return 0;
    }
    return err_set(e, GK_EINVAL, key, "'%s': art44.min_applicants or art44.similarity", key);
}

void repeat_normalise(const char *text, buf *out)
{
    buf_reset(out);
    size_t n = strlen(text);
    char *f = utf8_fold(text, n);
    n = strlen(f);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = utf8_decode(f + i, n - i, &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        if (cp >= 'A' && cp <= 'Z')
            buf_putc(out, (char)(cp - 'A' + 'a'));
        else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || utf8_is_han(cp))
            buf_append(out, f + i, (size_t)k);
        i += (size_t)k;
    }
    free(f);
    if (!out->data)
        buf_puts(out, "");
    for (size_t j = 0; j < sizeof repeat_fillers / sizeof repeat_fillers[0]; j++) {
        size_t fl = strlen(repeat_fillers[j]);
        char *p;
        while ((p = strstr(out->data, repeat_fillers[j]))) {
            memmove(p, p + fl, strlen(p + fl) + 1);
            out->len -= fl;
        }
    }
}

/* The sorted, distinct character bigrams of a normalised text. */
static size_t bigrams(const char *s, uint64_t **out)
{
    size_t n = strlen(s), m = 0;
    uint64_t *g = xmalloc((n + 1) * sizeof *g);
    uint32_t prev = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        if (prev && m < REPEAT_GRAMS_MAX)
            g[m++] = (uint64_t)prev << 21 | cp;
        prev = cp;
        i += (size_t)k;
    }
    for (size_t i = 1; i < m; i++)   /* insertion sort: short arrays */
        for (size_t j = i; j > 0 && g[j - 1] > g[j]; j--) {
            uint64_t t = g[j];
            g[j] = g[j - 1];
            g[j - 1] = t;
        }
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (!u || g[u - 1] != g[i])
            g[u++] = g[i];
    *out = g;
    return u;
}

static size_t grams_of(const char *text, uint64_t **out)
{
    buf b;
    buf_init(&b);
    repeat_normalise(text, &b);
    size_t n = bigrams(b.data, out);
    buf_free(&b);
    return n;
}

static double jaccard(size_t inter, size_t a, size_t b)
{
    return a && b ? (double)inter / (double)(a + b - inter) : 0;
}

double repeat_similarity(const char *a, const char *b)
{
    uint64_t *ga, *gb;
    size_t na = grams_of(a, &ga), nb = grams_of(b, &gb), i = 0, j = 0, inter = 0;
    while (i < na && j < nb) {
        if (ga[i] == gb[j])
            inter++, i++, j++;
        else if (ga[i] < gb[j])
            i++;
        else
            j++;
    }
    free(ga);
    free(gb);
    return jaccard(inter, na, nb);
}

/* ---- grouping: an inverted index of bigrams, then union-find ---- */

struct posting { uint64_t gram; size_t app; };

static int by_gram(const void *a, const void *b)
{
    const struct posting *x = a, *y = b;
    if (x->gram != y->gram)
        return x->gram < y->gram ? -1 : 1;
    return (x->app > y->app) - (x->app < y->app);
}

static size_t find(size_t *parent, size_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* Joins every pair whose bigram sets reach the similarity: for each
 * application, the shared bigrams with each later one, counted through the
 * postings of its own bigrams. */
static void join_similar(uint64_t **g, const size_t *ng, size_t n, double min, size_t *parent)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += ng[i];
    struct posting *p = xmalloc((total ? total : 1) * sizeof *p);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ng[i]; j++)
            p[k++] = (struct posting){g[i][j], i};
    qsort(p, total, sizeof *p, by_gram);
    size_t *cnt = xcalloc(n ? n : 1, sizeof *cnt), *touched = xmalloc((n ? n : 1) * sizeof *touched);
    for (size_t i = 0; i < n; i++) {
        size_t nt = 0;
        for (size_t j = 0; j < ng[i]; j++) {
            size_t lo = 0, hi = total;   /* the first posting of the gram */
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (p[mid].gram < g[i][j])
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t q = lo; q < total && p[q].gram == g[i][j]; q++)
                if (p[q].app > i && cnt[p[q].app]++ == 0)
                    touched[nt++] = p[q].app;
        }
        for (size_t t = 0; t < nt; t++) {
            size_t o = touched[t];
            if (jaccard(cnt[o], ng[i], ng[o]) >= min)
                parent[find(parent, o)] = find(parent, i);
            cnt[o] = 0;
        }
    }
    free(p);
    free(cnt);
    free(touched);
}

/* Joins applications whose replies released the same document or file:
 * every (key, application) pair sorted by key, equal keys joined. */
struct key_posting { const char *key; size_t len, app; };

static int by_key(const void *a, const void *b)
{
    const struct key_posting *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void join_released(const struct repeat_app *apps, size_t n, size_t *parent, bool *joined)
{
    struct key_posting *p = NULL;
    size_t np = 0, cap = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = apps[i].released ? apps[i].released : "";
        for (int k = 0; *s && k < REPEAT_KEYS_MAX; k++) {
            size_t len = strcspn(s, ",");
            if (len) {
                if (np == cap) {
                    cap = cap ? 2 * cap : 64;
                    p = xrealloc(p, cap * sizeof *p);
                }
                p[np++] = (struct key_posting){s, len, i};
            }
            s += len + (s[len] == ',');
        }
    }
    if (np)
        qsort(p, np, sizeof *p, by_key);
    for (size_t i = 1; i < np; i++)
        if (by_key(&p[i - 1], &p[i]) == 0 && find(parent, p[i - 1].app) != find(parent, p[i].app)) {
            parent[find(parent, p[i].app)] = find(parent, p[i - 1].app);
            joined[p[i].app] = joined[p[i - 1].app] = true;
        }
    free(p);
}

static int by_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static void group_facts(const struct repeat_app *apps, struct repeat_group *gr, const struct repeat_rule *rule)
{
    const char **who = xmalloc(gr->n * sizeof *who);
    for (size_t i = 0; i < gr->n; i++) {
        who[i] = apps[gr->members[i]].who ? apps[gr->members[i]].who : "";
        gr->disclosable |= apps[gr->members[i]].disclosable;
    }
    qsort(who, gr->n, sizeof *who, by_str);
    gr->applicants = 0;
    for (size_t i = 0; i < gr->n; i++)
        if (!*who[i] || i == 0 || strcmp(who[i], who[i - 1]) != 0)
            gr->applicants++;
    free(who);
    gr->proposed = gr->disclosable && gr->applicants >= rule->min_applicants;
}

static int by_size(const void *a, const void *b)
{
    const struct repeat_group *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return (x->members[0] > y->members[0]) - (x->members[0] < y->members[0]);
}

int repeat_group_apps(const struct repeat_app *apps, size_t n, const struct repeat_rule *rule,
                      struct repeat_group **out, size_t *nout, err *e)
{
    *out = NULL;
    *nout = 0;
    if (n > REPEAT_APPS_MAX)
        return err_set(e, GK_EINVAL, "applications", "%zu applications: at most %d are grouped at once", n, REPEAT_APPS_MAX);
    uint64_t **g = xcalloc(n ? n : 1, sizeof *g);
    size_t *ng = xcalloc(n ? n : 1, sizeof *ng), *parent = xmalloc((n ? n : 1) * sizeof *parent);
    for (size_t i = 0; i < n; i++) {
        ng[i] = grams_of(apps[i].request ? apps[i].request : "", &g[i]);
        parent[i] = i;
    }
    join_similar(g, ng, n, rule->min_similarity, parent);
    bool *joined = xcalloc(n ? n : 1, sizeof *joined);
    join_released(apps, n, parent, joined);
    /* the components of two or more, members in the order given */
    size_t *size = xcalloc(n ? n : 1, sizeof *size), ngroups = 0;
    for (size_t i = 0; i < n; i++)
        if (++size[find(parent, i)] == 2)
            ngroups++;
    struct repeat_group *gr = xcalloc(ngroups ? ngroups : 1, sizeof *gr);
    size_t *slot = xmalloc((n ? n : 1) * sizeof *slot), k = 0;
    for (size_t i = 0; i < n; i++)
        slot[i] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t r = find(parent, i);
        if (size[r] < 2)
            continue;
        if (slot[r] == SIZE_MAX) {
            slot[r] = k;
            gr[k].members = xmalloc(size[r] * sizeof *gr[k].members);
            k++;
        }
        struct repeat_group *x = &gr[slot[r]];
        x->members[x->n++] = i;
        x->by_release |= joined[i];
    }
    for (size_t i = 0; i < ngroups; i++)
        group_facts(apps, &gr[i], rule);
    qsort(gr, ngroups, sizeof *gr, by_size);
    for (size_t i = 0; i < n; i++)
        free(g[i]);
    free(g);
    free(ng);
    free(parent);
    free(size);
    free(slot);
    free(joined);
    *out = gr;
    *nout = ngroups;
    return 0;
}

void repeat_groups_free(struct repeat_group *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(g[i].members);
    free(g);
}

/* ---- the draft ---- */

static int copy_field(char *dst, size_t cap, const char *v, int max, const char *field, err *e)
{
    size_t n = strlen(v), bad;
    if (!n)
        return err_field(e, GK_EINVAL, field, "is empty");
    if (!utf8_valid(v, n, &bad))
        return err_field(e, GK_EINVAL, field, "not valid UTF-8 (byte %zu)", bad);
    if (utf8_len(v, n) > (size_t)max || n >= cap)
        return err_field(e, GK_EINVAL, field, "at most %d characters (this one has %zu)", max, utf8_len(v, n));
    memcpy(dst, v, n + 1);
    return 0;
}

int repeat_draft(int64_t agency_id, const char *title, const char *body, const char *issuer, gk_day written,
                 struct doc *d, err *e)
{
    doc_init(d);
    d->agency_id = agency_id;
    int rc = copy_field(d->title, sizeof d->title, title ? title : "", LIM_DOC_TITLE, "title", e);
    if (!rc)
        rc = copy_field(d->issuer, sizeof d->issuer, issuer ? issuer : "", LIM_DOC_ISSUER, "issuer", e);
    size_t n = body ? strlen(body) : 0, bad;
    if (!rc && !n)
        rc = err_field(e, GK_EINVAL, "body", "is empty");
    if (!rc && !utf8_valid(body, n, &bad))
        rc = err_field(e, GK_EINVAL, "body", "not valid UTF-8 (byte %zu)", bad);
    if (!rc && utf8_len(body, n) > DOC_BODY_MAX_CHARS)
        rc = err_field(e, GK_EINVAL, "body", "at most %d characters", DOC_BODY_MAX_CHARS);
    if (rc) {
        doc_clear(d);
        return rc;
    }
    d->body = xstrdup(body);
    d->written = written;
    return 0;
}
