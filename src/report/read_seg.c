/*
 * report — cells of the reader that hold more than one thing (see read.c for
 * the whole): a line's cells as tokens; a cell of labels and numbers run
 * together (a table copied out of a page, a whole report on one line) cut by
 * the labels found in it; a label wrapped over two or three lines, as text
 * taken out of a PDF has it.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/read_state_internal.h"

/* ---- tokens ------------------------------------------------------------ */

#define TOK_BATCH 4096   /* a line with more cells is read in batches (bounded memory) */

void rd_push_tok(rd *st, const char *s, size_t n)
{
    if (st->ntoks == TOK_BATCH) {
        rd_process_tokens(st);
        st->ntoks = 0;
    }
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (st->ntoks == st->cap_toks) {
        st->cap_toks = st->cap_toks ? st->cap_toks * 2 : 64;
        st->toks = xrealloc(st->toks, st->cap_toks * sizeof *st->toks);
    }
    struct tok *t = &st->toks[st->ntoks++];
    t->s = s;
    t->n = n;
    t->v = 0;
    t->ndig = 0;
    t->kind = rd_classify(s, n, &t->v, &t->ndig);
    rd_set_digits(t);
    t->glued = false;
}


/* ---- run-together text: cutting a cell by the labels in it --------------
 * A cell that holds labels and numbers with nothing between them is cut into
 * pieces: a label is recognised where it starts the cell, follows a number,
 * follows another label, or follows the end of a sentence with its row
 * numbering ("。二、主动公开政府信息情况"). Numbers count only after a label or
 * another number; a number inside a sentence stays in the sentence, so a
 * figure is never taken away from the sentence it belongs to. The digits of
 * a row number ("…00002.其他法律…") go with the label they number. */
/* What the scanner last saw. P_LTEXT: text right after a label, a number or
 * a row number, which may still be a label printed with a typo (matched
 * loosely when read); after LTEXT_MAX code points it is a sentence (P_TEXT). */
enum sprev { P_START, P_TEXT, P_PUNCT, P_ANCHOR, P_DIGITS, P_LTEXT };
#define LTEXT_MAX 40

bool rd_is_digit_c(char c) { return c >= '0' && c <= '9'; }

bool rd_has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (rd_is_digit_c(s[i]))
            return true;
    return false;
}

/* The arabic row number a cell starts with ("2.其他…" → 2), else -1. */
int rd_lead_number(const char *s, size_t n)
{
    size_t i = 0, i0;
    int v = 0;
    if (n >= 6 && memcmp(s, "其中", 6) == 0) {   /* "其中:1.政府网站公开数" */
        i = 6;
        while (i < n && (s[i] == ':' || s[i] == ' '))
            i++;
    }
    i0 = i;
    while (i < n && i - i0 < 3 && rd_is_digit_c(s[i]))
        v = v * 10 + (s[i++] - '0');
    if (i == i0 || i >= n)
        return -1;
    return s[i] == '.' || (n - i >= 3 && memcmp(s + i, "、", 3) == 0) ? v : -1;
}

static bool is_cn_numeral(uint32_t c) { return c != '0' && rd_is_numeral(c) && c > 0x80; }

static bool sentence_end(uint32_t c) { return c == 0x3002 || c == 0xFF0E || c == 0x3002 || c == ';' || c == ':' || c == '!' || c == '?'; }

/* Row numbering at s+p ("一、", "(一)", "①", and "1." "1、" when arabic):
 * its length in bytes (0: none); *num is an arabic number, else -1. */
static size_t numbering_at(const char *s, size_t n, size_t p, bool arabic, int *num)
{
    uint32_t c;
    size_t i = p;
    int l = utf8_decode(s + i, n - i, &c);
    *num = -1;
    if (!l)
        return 0;
    if (c >= 0x2460 && c <= 0x2473)
        return (size_t)l;
    if (c == '(') {
        int k = 0;
        i += (size_t)l;
        while (i < n && k < 4 && (l = utf8_decode(s + i, n - i, &c)) > 0 && rd_is_numeral(c))
            i += (size_t)l, k++;
        return k > 0 && i < n && s[i] == ')' ? i + 1 - p : 0;
    }
    if (is_cn_numeral(c)) {
        int k = 0;
        while (i < n && k < 4 && (l = utf8_decode(s + i, n - i, &c)) > 0 && is_cn_numeral(c))
            i += (size_t)l, k++;
        if (i < n && (l = utf8_decode(s + i, n - i, &c)) > 0 && (c == 0x3001 || c == '.' || c == ','))
            return i + (size_t)l - p;
        return 0;
    }
    if (arabic && rd_is_digit_c(s[i])) {
        int v = 0, k = 0;
        while (i < n && k < 3 && rd_is_digit_c(s[i]))
            v = v * 10 + (s[i++] - '0'), k++;
        if (i < n && (l = utf8_decode(s + i, n - i, &c)) > 0 && (c == 0x3001 || c == '.') &&
            !(i + 1 < n && rd_is_digit_c(s[i + 1]))) {
            *num = v;
            return i + (size_t)l - p;
        }
    }
    return 0;
}

static size_t unit_at(const char *s, size_t n, size_t p);

/* The longest label that starts at s+p (after "其中"), its dictionary entry
 * (or -1) and where it ends. Matching follows norm(): width and case folded,
 * spaces and punctuation inside a label skipped; a bracket, a digit or the
 * end of a sentence ends it. */
static int label_at(const char *s, size_t n, size_t p, size_t *end)
{
    char key[NORM_MAX * 4 + 1];
    size_t klen_at[NORM_MAX + 1], end_at[NORM_MAX + 1], kl = 0, i = p;
    uint32_t c0 = 0, c1 = 0;
    int k = 0;
    while (i < n && k < NORM_MAX) {
        uint32_t c;
        int l = utf8_decode(s + i, n - i, &c);
        if (!l)
            break;
        c = utf8_fold_cp(c);
        if (c == '(') {   /* a note or numbering inside a label is skipped, as norm() does */
            const char *cl = memchr(s + i, ')', n - i < 200 ? n - i : 200);
            if (!cl)
                break;
            i = (size_t)(cl - s) + 1;
            continue;
        }
        if ((c >= '0' && c <= '9') || sentence_end(c) || c == '|')
            break;
        i += (size_t)l;
        if (rd_is_space_cp(c) || rd_is_punct_cp(c)) {
            if (k == 0)
                return -1;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (k == 0)
            c0 = c;
        else if (k == 1)
            c1 = c;
        kl += (size_t)utf8_encode(c, key + kl);
        k++;
        klen_at[k] = kl;
        end_at[k] = i;
        if (k == 2 && !rd_pair_len[rd_pair_hash(c0, c1)])
            return -1;
    }
    if (k < 2)
        return -1;
    uint64_t mask = rd_pair_len[rd_pair_hash(c0, c1)];
    for (int L = k; L >= 2; L--) {
        if (!(mask >> (L - 1) & 1))
            continue;
        int e = rd_dict_find(key, klen_at[L]);
        if (e < 0 || rd_dict[e].kind == EK_UNIT)
            continue;
        /* a short label (其他, 总计, 规章) is only the start of a longer word
         * when a character follows that starts no label ("其他法…") */
        if (L < 4 && end_at[L] < n) {
            uint32_t c;
            size_t e2;
            if (utf8_decode(s + end_at[L], n - end_at[L], &c) && utf8_is_han(c) &&
                label_at(s, n, end_at[L], &e2) < 0 && !unit_at(s, n, end_at[L]))
                return -1;
        }
        *end = end_at[L];
        return e;
    }
    return -1;
}

/* In a sentence, whether a label may start at s+p: a row number (一、 (一))
 * or the first two characters of a distinctive label. */
static bool text_may_anchor(const char *s, size_t n, size_t p)
{
    uint32_t c0, c1;
    int l0 = utf8_decode(s + p, n - p, &c0);
    if (l0 != 3)
        return false;
    if (is_cn_numeral(c0))
        return true;
    return p + 3 < n && utf8_decode(s + p + 3, n - p - 3, &c1) && rd_pair_dist[rd_pair_hash(c0, c1)];
}

/* What may stand before a label: its numbering, "其中:", numbering again
 * ("其中:1.政府网站公开数"). Returns the bytes; *num as numbering_at. */
static size_t label_prefix(const char *s, size_t n, size_t p, bool arabic, int *num, bool *numbered)
{
    size_t i = p + numbering_at(s, n, p, arabic, num);
    *numbered = i > p;
    if (n - i >= 6 && memcmp(s + i, "其中", 6) == 0) {
        i += 6;
        while (i < n && (s[i] == ':' || s[i] == ' '))
            i++;
        int num2;
        size_t nb2 = numbering_at(s, n, i, true, &num2);
        i += nb2;
        *numbered |= nb2 > 0;
        if (num2 > 0)
            *num = num2;
    }
    return i - p;
}

/* A unit word at s+p (条, 件, 万元 …): its bytes, else 0. */
static size_t unit_at(const char *s, size_t n, size_t p)
{
    /* every unit word starts with one of these: a quick no for the rest */
    static const char firsts[] = "单条件个次人万元项篇家期场名笔";
    if (n - p < 3 || (unsigned char)s[p] < 0xE4 || !memmem(firsts, sizeof firsts - 1, s + p, 3))
        return 0;
    size_t best = 0;
    for (size_t k = 0; k < rd_nunits; k++) {
        size_t ul = strlen(rd_units[k]);
        if (ul > best && n - p >= ul && memcmp(s + p, rd_units[k], ul) == 0)
            best = ul;
    }
    return best;
}

/* The arabic number a label is printed with: table 三's rows know theirs
 * ("2.其他法律行政法规禁止公开"); others follow the last one seen. */
static int expected_number(const rd *st, int e)
{
    for (int x = e; x >= 0; x = rd_dict[x].next_same)
        if (rd_dict[x].kind == EK_T3_ROW) {
            const char *num = rpt_app_rows[rd_dict[x].id].number;
            return num[0] >= '1' && num[0] <= '9' ? atoi(num) : -1;
        }
    return st->seg.lastnum + 1;
}

static void seg_push(rd *st, int kind, int entry, const char *s, size_t n)
{
    if (st->seg.n == st->seg.cap) {
        st->seg.cap = st->seg.cap ? st->seg.cap * 2 : 64;
        st->seg.v = xrealloc(st->seg.v, st->seg.cap * sizeof *st->seg.v);
    }
    st->seg.v[st->seg.n++] = (struct seg){(uint8_t)kind, entry, s, n};
}

/* Cuts s[0..n) into pieces (st->seg.v); returns how many labels it found. */
/* The scanner of segment_cut: where it is, what it last saw (enum sprev). */
struct cutter {
    rd *st;
    const char *s;
    size_t n, p;
    size_t text0;      /* start of the text not yet pushed, or SIZE_MAX */
    int prev;          /* enum sprev */
    int nlabels;
    int lt;            /* code points of text since the last label (P_LTEXT) */
};

static void flush_text(struct cutter *c, size_t upto)
{
    if (c->text0 != SIZE_MAX)
        seg_push(c->st, SK_TEXT, -1, c->s + c->text0, upto - c->text0);
    c->text0 = SIZE_MAX;
}

/* Digits at p..q followed by "." or "、": when they end with the number the
 * next label should have ("…00002.其他法律…"), that number goes with the
 * label and the digits before it are the previous row's. */
static bool cut_row_number(struct cutter *c, size_t q)
{
    rd *st = c->st;
    const char *s = c->s;
    size_t n = c->n, p = c->p;
    size_t le, sep = s[q] == '.' ? 1 : 3;
    int e = label_at(s, n, q + sep, &le);
    /* the number it should have; a list may also start again at 1 */
    int wants[2] = {e >= 0 ? expected_number(st, e) : st->seg.lastnum + 1, 1};
    for (int k = 0; k < 2; k++) {
        char ws[12];
        int want = wants[k];
        int wl = want > 0 ? snprintf(ws, sizeof ws, "%d", want) : 0;
        if (wl <= 0 || (size_t)wl > q - p || memcmp(s + q - (size_t)wl, ws, (size_t)wl) != 0)
            continue;
        flush_text(c, p);
        if (q - (size_t)wl > p)
            seg_push(st, SK_NUM, -1, s + p, q - (size_t)wl - p);
        st->seg.lastnum = want;
        c->nlabels++;
        if (e < 0) {   /* a numbered label not known as printed (a typo) */
            c->prev = P_LTEXT;
            c->lt = 0;
            c->p = q + sep;
            return true;
        }
        seg_push(st, SK_LABEL, e, s + q - wl, le - (q - (size_t)wl));
        c->prev = P_ANCHOR;
        c->p = le;
        return true;
    }
    return false;
}

/* A number where a cell may start (after a label, a number, the start). */
static void cut_number(struct cutter *c, bool minus)
{
    const char *s = c->s;
    size_t n = c->n, p = c->p;
    size_t q = p + minus;   /* 本年增/减 "-2" */
    while (q < n && rd_is_digit_c(s[q]))
        q++;
    if (n - q >= 3 && (memcmp(s + q, "年", 3) == 0 || memcmp(s + q, "月", 3) == 0 || memcmp(s + q, "日", 3) == 0)) {
        /* a date ("2009年我局…") begins a sentence, not a cell */
        if (c->text0 == SIZE_MAX)
            c->text0 = p;
        c->prev = P_TEXT;
        c->p = q + 3;
        return;
    }
    if (q + 1 < n && s[q] == '.' && rd_is_digit_c(s[q + 1])) {   /* a decimal: one cell */
        q++;
        while (q < n && rd_is_digit_c(s[q]))
            q++;
    } else if (q < n && (s[q] == '.' || (n - q >= 3 && memcmp(s + q, "、", 3) == 0)) && cut_row_number(c, q)) {
        return;
    }
    flush_text(c, p);
    size_t ul = unit_at(s, n, q);   /* "125600元": the unit stays with its number */
    if (ul == 6 && memcmp(s + q, "单位", 6) == 0)
        ul = 0;
    seg_push(c->st, SK_NUM, -1, s + p, q + ul - p);
    c->prev = P_DIGITS;
    c->p = q + ul;
}

/* A label where one may start; a unit or a note in brackets after a label
 * is passed over. Returns false when nothing was taken at p. */
static bool cut_label(struct cutter *c)
{
    rd *st = c->st;
    const char *s = c->s;
    size_t n = c->n, p = c->p;
    int prev = c->prev;
    /* inside a sentence, only a numbered label ("…报告一、总体情况") or a
     * distinctive one (a section title, the header of the 2008 table) */
    int num;
    bool numbered;
    size_t nb = label_prefix(s, n, p, prev == P_START || prev == P_PUNCT, &num, &numbered);
    size_t le;
    bool loose = prev != P_PUNCT && prev != P_TEXT;
    int e = nb || loose || (unsigned char)s[p] >= 0xE4 ? label_at(s, n, p + nb, &le) : -1;
    if (e >= 0 && !numbered && !loose && !rd_distinctive(e))
        e = -1;   /* "…权力清单,其中行政许可21项": a sentence's figure */
    if (e >= 0 && !numbered && prev == P_LTEXT && rd_dict[e].ncp < 4)
        e = -1;   /* "数量" inside a label with a typo (上年转结…申请数量) */
    if (e >= 0) {
        flush_text(c, p);
        seg_push(st, SK_LABEL, e, s + p, le - p);
        if (num > 0)
            st->seg.lastnum = num;
        c->nlabels++;
        c->prev = P_ANCHOR;
        c->p = le;
        return true;
    }
    if (numbered && loose) {   /* a row number, then a label not known as printed */
        flush_text(c, p);
        c->nlabels++;
        if (num > 0)
            st->seg.lastnum = num;
        c->p = p + nb;
        c->prev = P_LTEXT;
        c->lt = 0;
        return true;
    }
    size_t ul = loose ? unit_at(s, n, p) : 0;
    if (ul) {   /* 条, 万元 after a label or a number: transparent */
        c->p = p + ul;
        return true;
    }
    if (s[p] == '(' && prev != P_PUNCT && prev != P_TEXT) {   /* a note in brackets after a label */
        const char *cl = memchr(s + p, ')', n - p < 400 ? n - p : 400);
        if (cl) {
            c->p = (size_t)(cl - s) + 1;
            return true;
        }
    }
    return false;
}

/* One character of text or punctuation. */
static void cut_char(struct cutter *c)
{
    uint32_t cp;
    int l = utf8_decode(c->s + c->p, c->n - c->p, &cp);
    if (!l)
        l = 1, cp = 0xFFFD;
    uint32_t f = utf8_fold_cp(cp);
    c->p += (size_t)l;
    if (rd_is_space_cp(f) || rd_is_punct_cp(f)) {
        if (c->prev == P_LTEXT && f == ',')
            c->prev = P_TEXT;   /* a comma: a sentence, no label ("…清单,其中行政许可21项") */
        if (c->prev == P_TEXT || c->prev == P_PUNCT || c->prev == P_LTEXT)
            c->prev = sentence_end(f) ? P_PUNCT : c->prev;
        return;
    }
    if (c->text0 == SIZE_MAX)
        c->text0 = c->p - (size_t)l;
    if (c->prev != P_TEXT && c->prev != P_PUNCT && c->prev != P_LTEXT)
        c->prev = P_LTEXT, c->lt = 0;
    if (c->prev == P_LTEXT && ++c->lt > LTEXT_MAX)
        c->prev = P_TEXT;
    else if (c->prev == P_PUNCT)
        c->prev = P_TEXT;
}

/* Cuts s into st->seg (labels, numbers, text); returns how many labels. */
static int segment_cut(rd *st, const char *s, size_t n)
{
    struct cutter c = {.st = st, .s = s, .n = n, .p = 0, .text0 = SIZE_MAX, .prev = P_START};
    st->seg.n = 0;
    while (c.p < n && st->seg.n < SEG_MAX) {
        size_t p = c.p;
        bool minus = s[p] == '-' && p + 1 < n && rd_is_digit_c(s[p + 1]) && (c.prev == P_ANCHOR || c.prev == P_DIGITS);
        if ((rd_is_digit_c(s[p]) || minus) && c.prev != P_TEXT && c.prev != P_PUNCT) {
            cut_number(&c, minus);
            continue;
        }
        if ((c.prev != P_TEXT || s[p] == '(' || text_may_anchor(s, n, p)) && cut_label(&c))
            continue;
        cut_char(&c);
    }
    if (c.p < n && c.text0 == SIZE_MAX)
        c.text0 = c.p;
    flush_text(&c, n);
    return c.nlabels;
}

/* Reads a cell by its pieces when it holds labels; false when it holds none. */
bool rd_segment(rd *st, const char *s, size_t n, int idx, bool waiting)
{
    /* a cell with no label in it is cut only when it starts with the number an
     * open row waits for ("2(二)通过…": the previous row's value, then text) */
    int nl = segment_cut(st, s, n);
    bool only_numbers = st->seg.n >= 1;   /* "单位2017": units and numbers, no text */
    for (size_t i = 0; i < st->seg.n && only_numbers; i++)
        only_numbers = st->seg.v[i].kind == SK_NUM;
    if (nl == 0 && !only_numbers && !(waiting && st->seg.n >= 1 && st->seg.v[0].kind == SK_NUM))
        return false;
    st->seg.active = true;   /* pieces are read one by one; none of them is cut again */
    size_t nsegs = st->seg.n;
    const struct seg *segs = st->seg.v;
    bool sentence = false;   /* after text that is no label: its numbers are its own */
    for (size_t i = 0; i < nsegs && !st->failed; i++) {
        struct tok t = {.s = segs[i].s, .n = segs[i].n, .kind = TK_TEXT};
        if (segs[i].kind == SK_NUM) {
            if (sentence && st->ctx != CX_T4)
                continue;
            t.kind = rd_classify(t.s, t.n, &t.v, &t.ndig);
            rd_set_digits(&t);
            t.glued = true;
            rd_handle_value(st, &t, idx);
        } else if (segs[i].kind == SK_LABEL) {
            int e = rd_choose(st, segs[i].entry);
            sentence = false;
            if (e >= 0 && (rd_dict[e].kind == EK_T4_HDR || rd_dict[e].kind == EK_T4_GROUP) && st->ctx != CX_T4 &&
                i + 1 < nsegs && segs[i + 1].kind == SK_NUM) {
                /* "行政诉讼：1件" outside table 四: a statement, not the table's header */
                sentence = true;
                rd_close_row(st);
                continue;
            }
            if (e >= 0) {
                st->pend.live = false;
                rd_apply_entry(st, e, &t, idx);
            } else {
                rd_handle_text(st, &t, idx);
            }
        } else {
            sentence = !rd_handle_text(st, &t, idx);
            if (sentence && st->ctx != CX_T4)
                rd_close_row(st);
        }
    }
    st->seg.active = false;
    return true;
}

/* The one row label of the current table that starts with key (at least
 * WRAP_MIN code points and a quarter of the label), or -1. */
#define WRAP_MIN 3
static int label_with_prefix(const rd *st, const char *key, size_t klen, int ncp)
{
    int kind = st->ctx == CX_T3 ? EK_T3_ROW : st->ctx == CX_T2 ? EK_T2_ROW : st->ctx == CX_LEG ? EK_LEG : -1;
    if (kind < 0 || ncp < WRAP_MIN)
        return -1;
    int found = -1, nfound = 0, in_parent = -1, nparent = 0;
    for (int e = 0; e < rd_ndict; e++) {
        const struct entry *d = &rd_dict[e];
        if (d->kind != kind || d->ncp <= ncp || d->klen <= klen || memcmp(d->key, key, klen) != 0)
            continue;
        int first = rd_dict_find(d->key, d->klen);
        if (first != found) {
            found = first;
            nfound++;
        }
        /* 2008 rows of the same words under different parents (维持具体行政行为数):
         * the one under the current top-level row */
        const char *parent = kind == EK_LEG ? rpt_legacy_defs[d->id].parent : NULL;
        if (parent && st->leg.top >= 0 && strcmp(parent, rpt_legacy_defs[st->leg.top].key) == 0 &&
            first != in_parent) {
            in_parent = first;
            nparent++;
        }
    }
    if (nfound > 1)
        found = nparent == 1 ? in_parent : -1;   /* the start of several labels */
    return found >= 0 && rd_dict[found].ncp <= ncp * 4 ? found : -1;
}

/* A label wrapped over two or three lines, as text taken out of a PDF has
 * it ("5.要求行政机关确认或" / "重新出具已获取 | 0 | 0 …" / "信息"): its start
 * opens the row it can only be the start of, and its rest, when it comes, is
 * passed over. */
bool rd_wrapped_label(rd *st, const char *key, size_t klen, int ncp, struct tok *t, int idx)
{
    if (st->wrap.live && klen <= st->wrap.len && memcmp(st->wrap.rest + st->wrap.len - klen, key, klen) == 0 &&
        ncp >= 1) {
        st->wrap.live = false;   /* the end of the label opened above */
        st->pend.live = false;
        return true;
    }
    char jk[NORM_MAX * 8 + 2];
    size_t jl = 0;
    int jn = 0;
    if (st->pend.live && st->pend.ncp + ncp <= NORM_MAX) {
        memcpy(jk, st->pend.key, st->pend.len);
        jl = st->pend.len;
        jn = st->pend.ncp;
    }
    memcpy(jk + jl, key, klen);
    jl += klen;
    jn += ncp;
    int e = label_with_prefix(st, jk, jl, jn);
    if (e < 0 && jl > klen) {
        e = label_with_prefix(st, key, klen, ncp);
        jl = klen;
    }
    if (e >= 0)
        e = rd_choose(st, e);
    if (e < 0)
        return false;
    st->wrap.len = rd_dict[e].klen - jl;
    memcpy(st->wrap.rest, rd_dict[e].key + jl, st->wrap.len);
    st->wrap.live = true;
    st->pend.live = false;
    rd_apply_entry(st, e, t, idx);
    return true;
}

/* A header row run together ("信息内容本年新制作数量本年新公开数量…"): a cell
 * that is nothing but labels is read label by label. */
bool rd_headers_run_together(rd *st, struct tok *t, int idx)
{
    if (segment_cut(st, t->s, t->n) < 2)
        return false;
    for (size_t i = 0; i < st->seg.n; i++)
        if (st->seg.v[i].kind != SK_LABEL)
            return false;
    return rd_segment(st, t->s, t->n, idx, false);
}
