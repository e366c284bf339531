/*
 * search — frequent strings and their exact document counts (search.h says
 * why). A trie of folded code points: node 0 is the empty string; a child is
 * found through one open-addressing hash table keyed by (parent, code
 * point). Mining is level-wise over a sample held in memory: at level n a
 * string is a candidate only where the string of n-1 characters starting at
 * the same place and the one starting one character later are both frequent,
 * so each level looks only at the positions still alive.
 */
#include "search/search.h"

#include <stdlib.h>
#include <string.h>

/* A code point that no string crosses: an invalid byte of the text, or the
 * border between two fields or documents in the miner's sample. */
#define BARRIER 0xFFFFFFFFu
static bool is_barrier(uint32_t cp)
{
    return (cp & 0x80000000u) != 0;
}

/* ---- a hash table from (parent, code point) to a value -------------------- */

typedef struct slot {
    uint64_t key;
    uint32_t val;     /* 0: empty */
    uint32_t stamp;   /* miner: the last document counted, plus 1 */
    uint32_t count;   /* miner: documents */
} slot;

typedef struct table {
    slot *s;
    size_t cap, used;   /* cap: a power of two */
} table;

static uint64_t key_of(uint32_t parent, uint32_t cp)
{
    return (uint64_t)parent << 32 | cp;
}

/* Every bit of the key reaches the low bits kept (splitmix64's finalizer):
 * keys share code points across parents and parents across code points. */
static size_t hash_of(uint64_t k, size_t cap)
{
    k ^= k >> 30;
    k *= 0xBF58476D1CE4E5B9ull;
    k ^= k >> 27;
    k *= 0x94D049BB133111EBull;
    k ^= k >> 31;
    return (size_t)k & (cap - 1);
}

static void table_init(table *t, size_t cap)
{
    t->cap = 16;
    while (t->cap < cap * 2)
        t->cap <<= 1;
    t->s = xcalloc(t->cap, sizeof *t->s);
    t->used = 0;
}

static slot *table_find(const table *t, uint64_t k)
{
    for (size_t i = hash_of(k, t->cap);; i = (i + 1) & (t->cap - 1)) {
        slot *s = &t->s[i];
        if (!s->val || s->key == k)
            return s;
    }
}

static void table_grow(table *t)
{
    table old = *t;
    table_init(t, old.cap);   /* twice as many slots */
    for (size_t i = 0; i < old.cap; i++)
        if (old.s[i].val) {
            *table_find(t, old.s[i].key) = old.s[i];
            t->used++;
        }
    free(old.s);
}

/* The slot for k, made when missing (val 0 until the caller sets it). */
static slot *table_put(table *t, uint64_t k)
{
    if ((t->used + 1) * 2 > t->cap)
        table_grow(t);
    slot *s = table_find(t, k);
    if (!s->val) {
        s->key = k;
        s->val = UINT32_MAX;   /* taken; the caller sets the value */
        s->stamp = s->count = 0;
        t->used++;
    }
    return s;
}

/* ---- the trie -------------------------------------------------------------- */

typedef struct gnode {
    uint32_t parent, cp, depth, stamp;
    uint32_t suffix;   /* the node of this string without its first character;
                        * NO_SUFFIX when that string is not held */
    int64_t docs;
} gnode;
#define NO_SUFFIX UINT32_MAX

struct search_grams {
    gnode *v;
    size_t n, cap;
    table kids;
    uint32_t stamp;
    bool suffixes_ok;     /* the suffix links are up to date */
    uint32_t *scratch;    /* a field's code points */
    size_t scratch_cap;
};

search_grams *search_grams_new(void)
{
    search_grams *g = xcalloc(1, sizeof *g);
    g->cap = 64;
    g->v = xcalloc(g->cap, sizeof *g->v);
    g->n = 1;             /* the root: the empty string */
    table_init(&g->kids, 64);
    return g;
}

void search_grams_free(search_grams *g)
{
    if (!g)
        return;
    free(g->v);
    free(g->kids.s);
    free(g->scratch);
    free(g);
}

size_t search_grams_size(const search_grams *g)
{
    return g->n - 1;
}

static uint32_t child(const search_grams *g, uint32_t parent, uint32_t cp)
{
    const slot *s = table_find(&g->kids, key_of(parent, cp));
    return s->val;
}

static uint32_t add_child(search_grams *g, uint32_t parent, uint32_t cp, int64_t docs)
{
    slot *s = table_put(&g->kids, key_of(parent, cp));
    if (s->val != UINT32_MAX) {   /* held already */
        g->v[s->val].docs = docs;
        return s->val;
    }
    if (g->n == g->cap) {
        g->cap *= 2;
        g->v = xrealloc(g->v, g->cap * sizeof *g->v);
    }
    uint32_t id = (uint32_t)g->n++;
    g->v[id] = (gnode){parent, cp, g->v[parent].depth + 1, 0, NO_SUFFIX, docs};
    s->val = id;
    g->suffixes_ok = false;
    return id;
}

static uint32_t *scratch(search_grams *g, size_t n)
{
    if (n > g->scratch_cap) {
        g->scratch_cap = n;
        free(g->scratch);
        g->scratch = xmalloc(n * sizeof *g->scratch);
    }
    return g->scratch;
}

/* The code points of a folded, valid UTF-8 string of 1 to
 * SEARCH_GRAM_MAX_CHARS characters; 0 when it is none of that. */
static size_t gram_cps(const char *s, size_t len, uint32_t out[SEARCH_GRAM_MAX_CHARS])
{
    size_t n = 0, i = 0;
    while (i < len) {
        uint32_t cp;
        int l = utf8_decode(s + i, len - i, &cp);
        if (!l || n == SEARCH_GRAM_MAX_CHARS)
            return 0;
        out[n++] = cp;
        i += (size_t)l;
    }
    return n;
}

int search_grams_add(search_grams *g, const char *gram, size_t len, int64_t docs)
{
    uint32_t cps[SEARCH_GRAM_MAX_CHARS];
    size_t n = gram_cps(gram, len, cps);
    if (!n)
        return -1;
    uint32_t node = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (!(node = child(g, node, cps[i])))
            return -1;
    add_child(g, node, cps[n - 1], docs);
    return 0;
}

int64_t search_grams_lookup(const search_grams *g, const char *term, size_t len)
{
    uint32_t cps[SEARCH_GRAM_MAX_CHARS];
    size_t n = gram_cps(term, len, cps);
    uint32_t node = 0;
    for (size_t i = 0; i < n && (node = child(g, node, cps[i])); i++)
        ;
    return n && node ? g->v[node].docs : -1;
}

static void gram_text(const search_grams *g, uint32_t node, buf *out)
{
    uint32_t cps[SEARCH_GRAM_MAX_CHARS];
    size_t n = 0;
    for (; node && n < SEARCH_GRAM_MAX_CHARS; node = g->v[node].parent)
        cps[n++] = g->v[node].cp;
    buf_reset(out);
    while (n--) {
        char u[4];
        buf_append(out, u, (size_t)utf8_encode(cps[n], u));
    }
}

/* Links every node to its suffix (the string less its first character),
 * parents before children: suffix(P + c) = suffix(P) + c. */
static void link_suffixes(search_grams *g)
{
    g->v[0].suffix = NO_SUFFIX;
    for (size_t i = 1; i < g->n; i++) {
        gnode *x = &g->v[i];
        if (x->parent == 0)
            x->suffix = 0;
        else if (g->v[x->parent].suffix == NO_SUFFIX)
            x->suffix = NO_SUFFIX;
        else
            x->suffix = child(g, g->v[x->parent].suffix, x->cp);
        if (x->suffix == 0 && x->parent != 0)
            x->suffix = NO_SUFFIX;
    }
    g->suffixes_ok = true;
}

/* Every held string in a field is a prefix of the longest held string that
 * starts at some place, so the walk finds, place after place, the longest
 * held string starting there and counts it with its prefixes (up the
 * parents, stopping at one this document counted already: its prefixes
 * were counted with it). The longest string at the next place starts with
 * this one less its first character, its suffix (held, since whatever
 * mining keeps has its suffixes kept too); the walk goes on from there, so
 * it looks up about one child per character. */
int search_grams_doc(search_grams *g, const search_fields *doc, int delta, search_gram_fn fn, void *ctx)
{
    if (!g->suffixes_ok)
        link_suffixes(g);
    if (++g->stamp == 0) {   /* wrapped: forget every old stamp */
        for (size_t i = 0; i < g->n; i++)
            g->v[i].stamp = 0;
        g->stamp = 1;
    }
    buf text;
    buf_init(&text);
    int rc = 0;
    for (size_t f = 0; f < doc->n && !rc; f++) {
        uint32_t *cps = scratch(g, doc->len[f] + 1);
        size_t n = search_fold_cps(doc->text[f], doc->len[f], cps);
        uint32_t cur = 0;     /* the longest held string starting at i found so far */
        size_t curlen = 0;
        for (size_t i = 0; i < n && !rc; i++) {
            uint32_t next;
            while (i + curlen < n && curlen < SEARCH_GRAM_MAX_CHARS && !is_barrier(cps[i + curlen]) &&
                   (next = child(g, cur, cps[i + curlen]))) {
                cur = next;
                curlen++;
            }
            for (uint32_t x = cur; x && g->v[x].stamp != g->stamp && !rc; x = g->v[x].parent) {
                g->v[x].stamp = g->stamp;
                g->v[x].docs += delta;
                if (fn) {
                    gram_text(g, x, &text);
                    rc = fn(ctx, text.data, text.len, g->v[x].docs);
                }
            }
            if (curlen > 0 && g->v[cur].suffix != NO_SUFFIX) {
                cur = g->v[cur].suffix;
                curlen--;
            } else {
                cur = 0;
                curlen = 0;
            }
        }
    }
    buf_free(&text);
    return rc;
}

void search_grams_zero(search_grams *g)
{
    for (size_t i = 0; i < g->n; i++)
        g->v[i].docs = 0;
}

int search_grams_each(const search_grams *g, int64_t min_docs, search_gram_fn fn, void *ctx)
{
    buf text;
    buf_init(&text);
    int rc = 0;
    /* A node's parent always has a smaller id: prefixes come first. */
    for (size_t i = 1; i < g->n && !rc; i++) {
        if (g->v[i].docs < min_docs)
            continue;
        gram_text(g, (uint32_t)i, &text);
        rc = fn(ctx, text.data, text.len, g->v[i].docs);
    }
    buf_free(&text);
    return rc;
}

/* ---- mining ------------------------------------------------------------------ */

struct search_miner {
    uint32_t *cps;        /* the sample's code points; BARRIER between fields */
    size_t n, cap;
    uint32_t *doc_end;    /* where each document's code points end */
    size_t ndocs, doc_cap;
    size_t chars;
};

search_miner *search_miner_new(void)
{
    search_miner *m = xcalloc(1, sizeof *m);
    return m;
}

void search_miner_free(search_miner *m)
{
    if (!m)
        return;
    free(m->cps);
    free(m->doc_end);
    free(m);
}

size_t search_miner_docs(const search_miner *m)
{
    return m->ndocs;
}

size_t search_miner_chars(const search_miner *m)
{
    return m->chars;
}

void search_miner_add(search_miner *m, const search_fields *doc)
{
    for (size_t f = 0; f < doc->n; f++) {
        if (m->n + doc->len[f] + 1 > m->cap) {
            m->cap = (m->n + doc->len[f] + 1) * 2;
            m->cps = xrealloc(m->cps, m->cap * sizeof *m->cps);
        }
        size_t k = search_fold_cps(doc->text[f], doc->len[f], m->cps + m->n);
        m->n += k;
        m->chars += k;
        m->cps[m->n++] = BARRIER;
    }
    if (m->ndocs == m->doc_cap) {
        m->doc_cap = m->doc_cap ? m->doc_cap * 2 : 1024;
        m->doc_end = xrealloc(m->doc_end, m->doc_cap * sizeof *m->doc_end);
    }
    if (m->n > UINT32_MAX - 1)
        abort();   /* callers sample far less than 4 G characters */
    m->doc_end[m->ndocs++] = (uint32_t)m->n;
}

/* A place in the sample still alive at this level: where a frequent string
 * of the level's length starts, and its document. */
typedef struct alive { uint32_t pos, doc; } alive;

static int cmp_slot(const void *a, const void *b)
{
    uint64_t x = ((const slot *)a)->key, y = ((const slot *)b)->key;
    return x < y ? -1 : x > y;
}

search_grams *search_miner_finish(search_miner *m, int64_t min_docs)
{
    search_grams *g = search_grams_new();
    if (min_docs < 1)
        min_docs = 1;
    /* node_at[i]: the trie node of the frequent string of the previous
     * level's length that starts at i, 0 when there is none. */
    uint32_t *node_at = xcalloc(m->n + 1, sizeof *node_at);
    alive *live = xmalloc((m->n + 1) * sizeof *live);
    size_t nlive = 0, d = 0;
    for (size_t i = 0; i < m->n; i++) {
        while (d < m->ndocs && i >= m->doc_end[d])
            d++;
        if (!is_barrier(m->cps[i]))
            live[nlive++] = (alive){(uint32_t)i, (uint32_t)d};
    }
    table cand;
    for (size_t level = 1; level <= SEARCH_GRAM_MAX_CHARS && nlive; level++) {
        /* Count the candidates: the string at i of `level` characters when
         * its prefix (node_at[i]) and its suffix (node_at[i + 1]) are
         * frequent; at level 1 every character. */
        table_init(&cand, nlive / 4 + 16);
        size_t keep = 0;
        for (size_t k = 0; k < nlive; k++) {
            size_t i = live[k].pos, last = i + level - 1;
            if (last >= m->n || is_barrier(m->cps[last]) || (level > 1 && !node_at[i + 1])) {
                node_at[i] = 0;   /* read as a suffix by the place before, already counted */
                continue;
            }
            slot *s = table_put(&cand, key_of(level > 1 ? node_at[i] : 0, m->cps[last]));
            if (s->stamp != live[k].doc + 1) {
                s->stamp = live[k].doc + 1;
                s->count++;
            }
            live[keep++] = live[k];
        }
        nlive = keep;
        /* The frequent ones join the trie, in a fixed order (by parent, then
         * code point) so that mining the same sample gives the same trie. */
        size_t nnew = 0;
        for (size_t i = 0; i < cand.cap; i++)
            if (cand.s[i].val && cand.s[i].count >= (uint64_t)min_docs)
                cand.s[nnew++] = cand.s[i];
        qsort(cand.s, nnew, sizeof *cand.s, cmp_slot);
        for (size_t i = 0; i < nnew; i++)
            add_child(g, (uint32_t)(cand.s[i].key >> 32), (uint32_t)cand.s[i].key, cand.s[i].count);
        free(cand.s);
        /* Move every live place to this level's string, or let it die. */
        keep = 0;
        for (size_t k = 0; k < nlive; k++) {
            size_t i = live[k].pos;
            uint32_t node = nnew ? child(g, level > 1 ? node_at[i] : 0, m->cps[i + level - 1]) : 0;
            node_at[i] = node;
            if (node)
                live[keep++] = live[k];
        }
        nlive = keep;
    }
    free(node_at);
    free(live);
    return g;
}

search_gram_plan search_grams_plan(size_t ndocs, size_t text_bytes)
{
    search_gram_plan p;
    p.min_docs = (int64_t)(ndocs / 1000);
    if (p.min_docs < SEARCH_GRAM_MIN_DOCS)
        p.min_docs = SEARCH_GRAM_MIN_DOCS;
    p.stride = text_bytes / SEARCH_GRAM_SAMPLE_BYTES + 1;
    if (p.stride == 1) {   /* the sample is the whole collection */
        p.sample_min_docs = p.min_docs;
    } else {
        p.sample_min_docs = p.min_docs / (int64_t)p.stride / 2;
        if (p.sample_min_docs < 2)
            p.sample_min_docs = 2;
    }
    return p;
}
