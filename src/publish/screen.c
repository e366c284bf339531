/* publish — screening drafts before review (Art. 17 审查机制): sensitive words
 * from a list, and personal data found by pattern: ID numbers (GB 11643 check
 * digit), mobile numbers, bank card numbers (Luhn). See publish.h.
 *
 * Numbers are read as digit groups: a maximal run of digits (full-width
 * digits count) not touching an ASCII letter or digit, so a serial inside a
 * 20-digit index number or a credit code such as 11410000005184320J is never
 * taken for something else. Groups joined by one space or hyphen are read
 * together when they have the shape people write these numbers in
 * (138 1234 5678, 6222 0212 3456 7890, 412801 19900101 1234). */
#include <stdlib.h>
#include <string.h>

#include "publish/publish_internal.h"

/* ---- checks on their own ---- */

static bool is_d(char c) { return c >= '0' && c <= '9'; }

bool publish_region_ok(const char *s)
{
    static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                    43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
                                    83, 91};
    int p = (s[0] - '0') * 10 + (s[1] - '0');
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        if (provinces[i] == p)
            return true;
    return false;
}

bool publish_ymd_ok(int y, int m, int d)
{
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
        return false;
    static const int dm[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > dm[m - 1])
        return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    return true;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

bool doc_id_valid(const char *s, size_t n)
{
    if (n != 18)
        return false;
    for (int i = 0; i < 17; i++)
        if (!is_d(s[i]))
            return false;
    if (!is_d(s[17]) && s[17] != 'X' && s[17] != 'x')
        return false;
    if (!publish_region_ok(s) || !publish_ymd_ok(num(s + 6, 4), num(s + 10, 2), num(s + 12, 2)))
        return false;
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (s[i] - '0') * w[i];
    char want = "10X98765432"[sum % 11];
    char got = s[17] == 'x' ? 'X' : s[17];
    return want == got;
}

/* The 15-digit numbers issued before 1999: region and a 19YYMMDD birth date. */
bool publish_old_id_plausible(const char *s, size_t n)
{
    if (n != 15)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_d(s[i]))
            return false;
    return publish_region_ok(s) && publish_ymd_ok(1900 + num(s + 6, 2), num(s + 8, 2), num(s + 10, 2));
}

bool doc_luhn_valid(const char *s, size_t n)
{
    if (n < 2)
        return false;
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[n - 1 - i];
        if (!is_d(c))
            return false;
        int d = c - '0';
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

bool doc_uscc_valid(const char *s, size_t n)
{
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    if (n != 18)
        return false;
    int v[18];
    for (int i = 0; i < 18; i++) {
        const char *p = s[i] ? strchr(set, s[i]) : NULL;
        if (!p)
            return false;
        v[i] = (int)(p - set);
    }
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += v[i] * w[i];
    int c = 31 - sum % 31;
    if (c == 31)
        c = 0;
    return v[17] == c;
}

/* ---- the text as folded code points ---- */

static uint32_t fold_lower(uint32_t cp)
{
    cp = utf8_fold_cp(cp);
    if (cp >= 'A' && cp <= 'Z')
        cp += 32;
    return cp;
}

struct cpx *publish_decode(const char *s, size_t n, size_t *count)
{
    struct cpx *v = xmalloc((n + 1) * sizeof *v);
    size_t k = 0, i = 0;
    while (i < n) {
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        if (!l) {
            v[k++] = (struct cpx){0xFFFD, (uint32_t)i, 1};
            i++;
            continue;
        }
        v[k++] = (struct cpx){fold_lower(cp), (uint32_t)i, (uint32_t)l};
        i += (size_t)l;
    }
    *count = k;
    return v;
}

/* ---- word lists ---- */

struct word { uint32_t *cps; size_t len; };
struct doc_words { struct word *w; size_t n; };

static int word_cmp(const void *a, const void *b)
{
    const struct word *x = a, *y = b;
    if (x->cps[0] != y->cps[0])
        return x->cps[0] < y->cps[0] ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;   /* longest first */
    return memcmp(x->cps, y->cps, x->len * sizeof(uint32_t));
}

int doc_words_load(const char *text, size_t n, doc_words **out, err *e)
{
    doc_words *w = xcalloc(1, sizeof *w);
    size_t cap = 0;
    int line = 0;
    size_t i = 0;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n) {
        line++;
        size_t end = i;
        while (end < n && text[end] != '\n')
            end++;
        size_t a = i, b = end;
        i = end + 1;
        /* a '#' at the start, or after a space, starts a comment */
        for (size_t k = a; k < b; k++)
            if (text[k] == '#' && (k == a || text[k - 1] == ' ' || text[k - 1] == '\t')) {
                b = k;
                break;
            }
        while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
            a++;
        while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
            b--;
        /* ideographic spaces around the word */
        while (b - a >= 3 && memcmp(text + a, "\xE3\x80\x80", 3) == 0)
            a += 3;
        while (b - a >= 3 && memcmp(text + b - 3, "\xE3\x80\x80", 3) == 0)
            b -= 3;
        if (a == b)
            continue;
        if (!utf8_valid(text + a, b - a, NULL)) {
            doc_words_free(w);
            return err_set(e, GK_EINVAL, "sensitive words", "line %d is not valid UTF-8 text", line);
        }
        size_t cnt;
        struct cpx *v = publish_decode(text + a, b - a, &cnt);
        if (cnt > 64) {
            free(v);
            doc_words_free(w);
            return err_set(e, GK_EINVAL, "sensitive words", "line %d: a word or phrase of more than 64 characters",
                           line);
        }
        struct word nw = {xmalloc(cnt * sizeof(uint32_t)), cnt};
        for (size_t k = 0; k < cnt; k++)
            nw.cps[k] = v[k].cp;
        free(v);
        if (w->n == cap)
            w->w = xrealloc(w->w, (cap = cap ? cap * 2 : 32) * sizeof *w->w);
        w->w[w->n++] = nw;
    }
    if (w->n)
        qsort(w->w, w->n, sizeof *w->w, word_cmp);
    /* drop duplicates */
    size_t k = 0;
    for (size_t j = 0; j < w->n; j++) {
        if (k && w->w[k - 1].len == w->w[j].len &&
            memcmp(w->w[k - 1].cps, w->w[j].cps, w->w[j].len * sizeof(uint32_t)) == 0) {
            free(w->w[j].cps);
            continue;
        }
        w->w[k++] = w->w[j];
    }
    w->n = k;
    *out = w;
    return 0;
}

void doc_words_free(doc_words *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n; i++)
        free(w->w[i].cps);
    free(w->w);
    free(w);
}

size_t doc_words_count(const doc_words *w) { return w ? w->n : 0; }

/* ---- hits ---- */

struct hits { struct doc_hit *v; size_t n, cap; };

static void add_hit(struct hits *h, const char *text, size_t n, const struct cpx *c, size_t nc,
                    size_t first, size_t last, enum doc_hit_kind kind)
{
    if (h->n == h->cap)
        h->v = xrealloc(h->v, (h->cap = h->cap ? h->cap * 2 : 16) * sizeof *h->v);
    struct doc_hit *x = &h->v[h->n++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->off = c[first].off;
    x->len = c[last].off + c[last].len - x->off;
    x->char_off = first;
    size_t ml = x->len < sizeof x->match - 1 ? x->len : sizeof x->match - 1;
    /* do not cut a character in half */
    while (ml > 0 && ml < x->len && ((unsigned char)text[x->off + ml] & 0xC0) == 0x80)
        ml--;
    memcpy(x->match, text + x->off, ml);
    x->match[ml] = 0;
    size_t a = first >= 12 ? first - 12 : 0;
    size_t b = last + 12 < nc ? last + 12 : nc - 1;
    buf ex;
    buf_init(&ex);
    for (size_t k = a; k <= b; k++) {
        uint32_t l = c[k].len;
        const char *p = text + c[k].off;
        if (c[k].off + l > n)
            break;
        if (*p == '\n' || *p == '\r' || *p == '\t')
            buf_putc(&ex, ' ');
        else if (c[k].cp == 0xFFFD && l == 1)
            buf_putc(&ex, '?');
        else
            buf_append(&ex, p, l);
        if (ex.len > sizeof x->excerpt - 8)
            break;
    }
    memcpy(x->excerpt, ex.data ? ex.data : "", ex.len + 1 < sizeof x->excerpt ? ex.len + 1 : sizeof x->excerpt);
    x->excerpt[sizeof x->excerpt - 1] = 0;
    buf_free(&ex);
}

static bool ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* Which kind a number (ASCII digits, perhaps a final X) is, if any. */
static int classify(const char *s, size_t n)
{
    if (n == 18 && doc_id_valid(s, n))
        return DOC_HIT_ID;
    if (n == 15 && publish_old_id_plausible(s, n))
        return DOC_HIT_ID;
    for (size_t i = 0; i < n; i++)
        if (!is_d(s[i]))
            return -1;
    if (n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9')
        return DOC_HIT_MOBILE;
    if (n == 13 && s[0] == '8' && s[1] == '6' && s[2] == '1' && s[3] >= '3' && s[3] <= '9')
        return DOC_HIT_MOBILE;
    /* 18 digits shaped like an ID number whose check digit is wrong are
     * neither: a mistyped ID is not reported as a bank card */
    if (n >= 16 && n <= 19 && strchr("34569", s[0]) && doc_luhn_valid(s, n) &&
        !(n == 18 && (doc_uscc_valid(s, n) ||
                      (publish_region_ok(s) && publish_ymd_ok(num(s + 6, 4), num(s + 10, 2), num(s + 12, 2))))))
        return DOC_HIT_CARD;
    return -1;
}

/* Shapes of grouped numbers: group lengths, and the kind they may be. */
static const struct { int n; int len[6]; int kind; } shapes[] = {
    {3, {3, 4, 4}, DOC_HIT_MOBILE},
    {3, {6, 8, 4}, DOC_HIT_ID},
    {4, {4, 4, 4, 4}, DOC_HIT_CARD},
    {5, {4, 4, 4, 4, 1}, DOC_HIT_CARD},
    {5, {4, 4, 4, 4, 2}, DOC_HIT_CARD},
    {5, {4, 4, 4, 4, 3}, DOC_HIT_CARD},
    {4, {6, 4, 4, 4}, DOC_HIT_ID},
};

static void scan_numbers(struct hits *h, const char *text, size_t n, const struct cpx *c, size_t nc)
{
    size_t i = 0;
    char digits[64];
    while (i < nc) {
        if (!(c[i].cp >= '0' && c[i].cp <= '9') || (i > 0 && ascii_alnum(c[i - 1].cp))) {
            i++;
            continue;
        }
        /* a decimal fraction (3.1415...) is not a number of these kinds */
        bool decimal = i >= 2 && c[i - 1].cp == '.' && c[i - 2].cp >= '0' && c[i - 2].cp <= '9';
        size_t gs[6], ge[6];   /* group k spans [gs, ge) */
        int ng = 0;
        size_t j = i;
        bool touch = false;    /* the last group touches a letter: part of a longer token */
        for (;;) {
            size_t s0 = j;
            while (j < nc && c[j].cp >= '0' && c[j].cp <= '9')
                j++;
            if (j < nc && c[j].cp == 'x' && (j + 1 >= nc || !ascii_alnum(c[j + 1].cp)) &&
                (j - s0 == 17 || (j - s0 == 3 && ng >= 2)))
                j++;   /* the ID number's check character X (412801 19900101 123X too) */
            if (ng < 6) {
                gs[ng] = s0;
                ge[ng] = j;
            }
            ng++;
            if (j < nc && ascii_alnum(c[j].cp)) {
                touch = true;
                while (j < nc && ascii_alnum(c[j].cp))
                    j++;
                break;
            }
            if (j + 1 < nc && (c[j].cp == ' ' || c[j].cp == '-') && c[j + 1].cp >= '0' &&
                c[j + 1].cp <= '9' && c[j - 1].cp != 'x')
                j++;
            else
                break;
        }
        if (j < nc && c[j].cp == '.' && j + 1 < nc && c[j + 1].cp >= '0' && c[j + 1].cp <= '9')
            touch = true;   /* 13812345678.5: an amount */
        int used = 0;          /* groups consumed by a grouped match */
        if (ng > 1 && ng <= 6 && !decimal) {
            for (size_t s = 0; s < sizeof shapes / sizeof shapes[0] && !used; s++) {
                if (shapes[s].n != ng || touch)
                    continue;
                bool fit = true;
                size_t l = 0;
                for (int k = 0; k < ng && fit; k++) {
                    if ((int)(ge[k] - gs[k]) != shapes[s].len[k])
                        fit = false;
                    for (size_t q = gs[k]; q < ge[k] && fit && l < sizeof digits - 1; q++)
                        digits[l++] = c[q].cp == 'x' ? 'X' : (char)c[q].cp;
                }
                digits[l] = 0;
                if (fit && classify(digits, l) == shapes[s].kind) {
                    add_hit(h, text, n, c, nc, gs[0], ge[ng - 1] - 1, (enum doc_hit_kind)shapes[s].kind);
                    used = ng;
                }
            }
        }
        if (!used && !decimal) {
            for (int k = 0; k < ng && k < 6; k++) {
                if (touch && k == ng - 1)
                    break;   /* glued to letters: a code, not one of ours */
                size_t l = 0;
                if (ge[k] - gs[k] >= sizeof digits)
                    continue;
                for (size_t q = gs[k]; q < ge[k]; q++)
                    digits[l++] = c[q].cp == 'x' ? 'X' : (char)c[q].cp;
                digits[l] = 0;
                int kind = classify(digits, l);
                if (kind >= 0)
                    add_hit(h, text, n, c, nc, gs[k], ge[k] - 1, (enum doc_hit_kind)kind);
            }
        }
        i = j > i ? j : i + 1;
    }
}

static void scan_words(struct hits *h, const char *text, size_t n, const struct cpx *c, size_t nc,
                       const doc_words *w)
{
    if (!w || !w->n)
        return;
    size_t i = 0;
    while (i < nc) {
        /* binary search for the first word starting with this code point */
        size_t lo = 0, hi = w->n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (w->w[mid].cps[0] < c[i].cp)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t matched = 0;
        for (size_t k = lo; k < w->n && w->w[k].cps[0] == c[i].cp; k++) {
            const struct word *x = &w->w[k];   /* longest first */
            if (i + x->len > nc)
                continue;
            size_t q = 0;
            while (q < x->len && c[i + q].cp == x->cps[q])
                q++;
            if (q == x->len) {
                matched = x->len;
                break;
            }
        }
        if (matched) {
            add_hit(h, text, n, c, nc, i, i + matched - 1, DOC_HIT_WORD);
            i += matched;
        } else {
            i++;
        }
    }
}

static int hit_cmp(const void *a, const void *b)
{
    const struct doc_hit *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off ? 1 : 0;
}

int doc_screen(const char *text, size_t n, const doc_words *words, struct doc_hit **hits,
               size_t *nhits)
{
    struct hits h = {0};
    size_t nc = 0;
    struct cpx *c = publish_decode(text ? text : "", text ? n : 0, &nc);
    scan_words(&h, text, n, c, nc, words);
    scan_numbers(&h, text, n, c, nc);
    free(c);
    if (h.n > 1)
        qsort(h.v, h.n, sizeof *h.v, hit_cmp);
    *hits = h.v;
    *nhits = h.n;
    return 0;
}

const char *doc_hit_kind_key(enum doc_hit_kind k)
{
    static const char *const keys[] = {"word", "id_number", "mobile", "bank_card"};
    return k < DOC_NHITKINDS ? keys[k] : "?";
}

const char *doc_hit_kind_label(enum doc_hit_kind k)
{
    static const char *const labels[] = {"敏感词", "身份证号码", "手机号码", "银行卡号"};
    return k < DOC_NHITKINDS ? labels[k] : "?";
}

/* The default list, compiled in from data/sensitive-words.txt. */
struct embedded_file { const char *name; const unsigned char *data; size_t len; };
extern const struct embedded_file publish_data[];

const char *doc_words_default_text(size_t *n)
{
    for (const struct embedded_file *f = publish_data; f->name; f++)
        if (strcmp(f->name, "sensitive-words.txt") == 0) {
            *n = f->len;
            return (const char *)f->data;
        }
    *n = 0;
    return "";
}
