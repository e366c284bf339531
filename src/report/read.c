/*
 * report — reading published annual reports (rpt_read).
 *
 * Reports reach gongkai as whatever the agency's website made of them: `|`
 * separated rows (seed 001), one cell per line (seed 004), tab-indented cells
 * (seed 002), "label value" lines (seed 000), HTML tables, HTML that is only
 * paragraphs, full-width digits, traditional characters with pinyin in
 * brackets (seed 003), labels broken across lines and misspelt.
 *
 * One pass does it: the input is checked (size, NUL bytes, UTF-8), HTML is
 * turned into lines (read_html.c), the text is folded once (full-width to
 * ASCII, pinyin dropped, traditional to simplified with OpenCC when the text
 * is traditional), and then each line is cut into cells and each cell is
 * either a number, a blank, or text. Text is normalised (numbering, 其中,
 * parenthesised notes, punctuation and spaces dropped) and looked up in one
 * dictionary built from the layout tables (layout.c) plus the headers and
 * section titles below; a miss tries the cell joined to the previous text
 * (labels broken across lines) and then a bounded edit distance (typos). A
 * label opens a row; the numbers after it fill the row's columns, whether
 * they are on the same line or on the lines below. Numbers outside a row are
 * ignored, except in table 四, whose fifteen numbers carry no row labels.
 *
 * Traditional characters: Debian's OpenCC (t2s) is the authority. Once per
 * process, on the first traditional report, it converts every CJK character
 * and the reader keeps the answers as a character table (see cc_init); a
 * text with enough traditional-only characters then goes through that table.
 * If OpenCC's data cannot be loaded the report is read unconverted and a
 * READ warning says so.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/read_state_internal.h"

#define RD_MAX_BYTES ((size_t)32 * 1024 * 1024)
#define TRAD_THRESHOLD 10         /* traditional-only characters that make a text traditional */

/* ---- a text cell, as named states ------------------------------------------
 * A cell of text passes through these states; each is one function that does
 * its part and names the next one, until it ends as a label (TS_IS_LABEL: a
 * label, a unit, a note, or a cell read piece by piece) or not (TS_NOT_LABEL:
 * text that ends a row with numbers, perhaps the start of a label broken
 * across cells).
 *
 *   TS_START       normalise            → TS_IS_LABEL (nothing left: a note in
 *                                         brackets, punctuation) | TS_RUN
 *   TS_RUN         labels and numbers run together: read by pieces
 *                                       → TS_IS_LABEL | TS_NARRATIVE (too long
 *                                         for a label) | TS_LOOKUP
 *   TS_NARRATIVE   a sentence           → TS_NOT_LABEL
 *   TS_LOOKUP      the dictionary, joined to the pending text first, then
 *                  alone (exact, prefix, typo)  → TS_LABEL | TS_HEADER_RUN
 *   TS_HEADER_RUN  header labels run together   → TS_IS_LABEL | TS_WRAPPED
 *   TS_WRAPPED     the start or the rest of a wrapped label
 *                                       → TS_IS_LABEL | TS_UNKNOWN
 *   TS_UNKNOWN     no label: kept as pending text → TS_NOT_LABEL
 *   TS_LABEL       apply the label      → TS_IS_LABEL
 */
enum ts {
    TS_START, TS_RUN, TS_NARRATIVE, TS_LOOKUP, TS_HEADER_RUN, TS_WRAPPED, TS_UNKNOWN, TS_LABEL,
    TS_IS_LABEL, TS_NOT_LABEL,
};

struct text_cell {
    struct tok *t;
    int idx;                 /* token index on its line */
    uint32_t cp[NORM_MAX];   /* normalised: code points ... */
    char key[NORM_MAX * 4 + 1];   /* ... and bytes */
    uint16_t klen;
    int ncp;                 /* -1: too long for a label */
    int e;                   /* the dictionary entry found */
};

static enum ts ts_start(rd *st, struct text_cell *c)
{
    (void)st;
    c->ncp = c->t->n > NORM_MAX * 8 ? -1 : rd_norm(c->t->s, c->t->n, c->cp, c->key, &c->klen);
    return c->ncp == 0 ? TS_IS_LABEL : TS_RUN;
}

/* Labels and numbers run together ("…数量530010357二、上年结转…"), or a whole
 * page on one line: the cell is cut by the labels found in it. A long cell
 * without digits is a paragraph: a table run into a line has numbers. */
static enum ts ts_run(rd *st, struct text_cell *c)
{
    const struct tok *t = c->t;
    bool waiting = st->row.kind != RK_NONE && st->row.nv < rd_row_capacity(&st->row, st);
    if (!st->seg.active && rd_has_digit(t->s, t->n) &&
        (c->ncp < 0 || rd_dict_find(c->key, c->klen) < 0 || (waiting && rd_is_digit_c(t->s[0]))) &&
        rd_segment(st, t->s, t->n, c->idx, waiting))
        return TS_IS_LABEL;
    int lead = rd_lead_number(t->s, t->n);
    if (lead > 0)
        st->seg.lastnum = lead;
    return c->ncp < 0 ? TS_NARRATIVE : TS_LOOKUP;
}

/* Narrative ends any row that has its numbers. */
static enum ts ts_narrative(rd *st, struct text_cell *c)
{
    (void)c;
    if (st->row.kind != RK_NONE && st->row.nv > 0)
        rd_close_row(st);
    st->pend.live = false;
    if (st->ctx == CX_T4 && st->t4.pos == 0)
        st->t4.hdr = false;
    return TS_NOT_LABEL;
}

static enum ts ts_lookup(rd *st, struct text_cell *c)
{
    int e = -1;
    /* a label broken across cells or lines: the previous text and this one */
    if (st->pend.live && st->pend.ncp + c->ncp <= NORM_MAX) {
        char jk[NORM_MAX * 8 + 2];
        uint32_t jcp[NORM_MAX];
        memcpy(jk, st->pend.key, st->pend.len);
        memcpy(jk + st->pend.len, c->key, c->klen);
        size_t jl = (size_t)st->pend.len + c->klen;
        jk[jl] = '\0';
        memcpy(jcp, st->pend.cp, sizeof(uint32_t) * (size_t)st->pend.ncp);
        memcpy(jcp + st->pend.ncp, c->cp, sizeof(uint32_t) * (size_t)c->ncp);
        int j = rd_dict_find(jk, jl);
        if (j < 0)
            j = rd_fuzzy_find(jcp, st->pend.ncp + c->ncp);
        if (j >= 0 && rd_dict[j].kind != EK_UNIT)
            e = j;
    }
    if (e < 0) {
        e = rd_dict_find(c->key, c->klen);
        if (e < 0)
            e = rd_prefix_find(c->cp, c->ncp, c->key, c->klen);
        if (e < 0)
            e = rd_fuzzy_find(c->cp, c->ncp);
    }
    if (e >= 0)
        e = rd_choose(st, e);
    c->e = e;
    return e >= 0 ? TS_LABEL : TS_HEADER_RUN;
}

static enum ts ts_header_run(rd *st, struct text_cell *c)
{
    if (!st->seg.active && c->ncp >= 4 && rd_headers_run_together(st, c->t, c->idx))
        return TS_IS_LABEL;
    return TS_WRAPPED;
}

static enum ts ts_wrapped(rd *st, struct text_cell *c)
{
    return rd_wrapped_label(st, c->key, c->klen, c->ncp, c->t, c->idx) ? TS_IS_LABEL : TS_UNKNOWN;
}

/* Not a label: ends a row with numbers; short text may start a label that
 * the next cell ends; in table 四 it is a header. */
static enum ts ts_unknown(rd *st, struct text_cell *c)
{
    if (st->row.kind != RK_NONE && st->row.nv > 0)
        rd_close_row(st);
    if (c->ncp <= 40) {
        memcpy(st->pend.key, c->key, c->klen);
        memcpy(st->pend.cp, c->cp, sizeof(uint32_t) * (size_t)c->ncp);
        st->pend.len = c->klen;
        st->pend.ncp = c->ncp;
        st->pend.live = true;
    } else {
        st->pend.live = false;
    }
    if (st->ctx == CX_T4)
        st->t4.hdr = true, st->t4.pending = -1;
    return TS_NOT_LABEL;
}

static enum ts ts_label(rd *st, struct text_cell *c)
{
    st->pend.live = false;
    rd_apply_entry(st, c->e, c->t, c->idx);
    return TS_IS_LABEL;
}

static enum ts (*const text_states[])(rd *, struct text_cell *) = {
    [TS_START] = ts_start,         [TS_RUN] = ts_run,         [TS_NARRATIVE] = ts_narrative,
    [TS_LOOKUP] = ts_lookup,       [TS_HEADER_RUN] = ts_header_run, [TS_WRAPPED] = ts_wrapped,
    [TS_UNKNOWN] = ts_unknown,     [TS_LABEL] = ts_label,
};

/* Returns whether the text was a label (or a unit). */
bool rd_handle_text(rd *st, struct tok *t, int idx)
{
    struct text_cell c = {.t = t, .idx = idx, .e = -1};
    enum ts s = TS_START;
    while (s != TS_IS_LABEL && s != TS_NOT_LABEL)
        s = text_states[s](st, &c);
    return s == TS_IS_LABEL;
}

/* A column header of table 二: the amount in 元 or 万元, the layout it
 * belongs to (a header only 2019's or only 2021's table has). */
static void t2_header(rd *st, int id, const struct tok *t)
{
    rd_close_row(st);
    rd_set_ctx(st, CX_T2);
    if (rpt_pro_fields[id].amount && memmem(t->s, t->n, "元", 3) && !memmem(t->s, t->n, "万元", 6))
        st->t2.yuan = true;   /* 本年收费金额（单位：元） */
    if (st->t2.nh < T2_MAXH)
        st->t2.hdr[st->t2.nh++] = id;
    unsigned l = rpt_pro_fields[id].layouts;
    unsigned b21 = RPT_LAYOUT_BIT(RPT_LAYOUT_2021), b19 = RPT_LAYOUT_BIT(RPT_LAYOUT_2019);
    if ((l & b21) && !(l & b19))
        st->t2.l21 = true;
    if ((l & b19) && !(l & b21))
        st->t2.l19 = true;
}

/* The 2008 table's labels: a row, the table's header, a value column's
 * header, and 历年累计. */
static void leg_entry(rd *st, const struct entry *d, struct tok *t, int idx)
{
    switch (d->kind) {
    case EK_LEG:
        rd_set_ctx(st, CX_LEG);
        st->leg.hdr_phase = false;
        if (!rpt_legacy_defs[d->id].parent)
            st->leg.top = d->id;
        rd_open_row(st, RK_LEG, d->id, t, idx, false);
        return;
    case EK_LEG_HDR:
        rd_close_row(st);
        rd_set_ctx(st, CX_LEG);
        st->leg.hdr_phase = true;
        st->leg.valhdrs = 0;
        st->leg.cum = false;
        return;
    case EK_LEG_VALHDR:
        if (st->leg.hdr_phase)
            st->leg.valhdrs++;
        st->leg.valhdr_line = st->line;
        return;
    default:   /* EK_LEG_CUMHDR */
        /* 历年累计: the 2008 rows that follow carry two numbers; the
         * cumulative one second when a value column (统计数, 本年, 2017) came first */
        rd_close_row(st);
        st->leg.cum = true;
        st->leg.cum_pos = (st->leg.hdr_phase && st->leg.valhdrs > 0) || st->leg.valhdr_line == st->line ? 1 : 0;
        return;
    }
}

/* What a recognised label does to the reader: a section or header sets the
 * table (context), a row label opens a row that the next numbers fill. */
void rd_apply_entry(rd *st, int e, struct tok *t, int idx)
{
    const struct entry *d = &rd_dict[e];
    switch (d->kind) {
    case EK_UNIT:
        if (st->row.kind != RK_NONE && st->row.nv == 0 && t->n == 3 && memcmp(t->s, "元", 3) == 0)
            st->row.yuan = true;   /* the unit column says 元: the amount is converted to 万元 */
        return;
    case EK_SECTION:
        rd_close_row(st);
        rd_set_ctx(st, d->id);
        if (d->id == CX_LEG) {
            st->leg.hdr_phase = true;
            st->leg.valhdrs = 0;
        }
        return;
    case EK_T2_ITEM:
    case EK_T2_HDRROW:
        rd_close_row(st);
        rd_set_ctx(st, CX_T2);
        st->t2.nh = 0;
        st->t2.yuan = false;
        return;
    case EK_T2_HDR:
        t2_header(st, d->id, t);
        return;
    case EK_T2_ROW:
        rd_set_ctx(st, CX_T2);
        rd_open_row(st, RK_T2, d->id, t, idx, false);
        return;
    case EK_T3_ROW:
        rd_set_ctx(st, CX_T3);
        rd_open_row(st, RK_T3, d->id, t, idx, false);
        return;
    case EK_T3_GROUP:
        rd_set_ctx(st, CX_T3);
        st->t3.group = d->id;
        rd_open_row(st, RK_T3, d->id == G_OTHER ? APP_O_OTHER : -1, t, idx, true);
        return;
    case EK_T3_HDR:
        if (st->row.kind != RK_NONE && st->row.nv > 0)
            rd_close_row(st);
        if (st->ctx != CX_T3 && st->ctx != CX_T4)
            rd_set_ctx(st, CX_T3);
        return;
    case EK_T4_GROUP:
        if (st->ctx != CX_T4)
            return;
        rd_close_row(st);
        st->t4.pending = d->id;
        return;
    case EK_T4_HDR:
        rd_close_row(st);
        rd_set_ctx(st, CX_T4);
        st->t4.hdr = true;
        st->t4.pending = -1;
        return;
    case EK_LEG:
    case EK_LEG_HDR:
    case EK_LEG_VALHDR:
    case EK_LEG_CUMHDR:
        leg_entry(st, d, t, idx);
        return;
    }
}

/* A 2008 row takes money only as money: "3笔 125600元" under 收取的费用 is
 * 12.56 万元 (converted, with a note), the 3 笔 a count that is not the
 * amount; a count row does not take an amount in 元. Returns false when the
 * number is not the row's. */
static bool money_fits(rd *st, const struct tok *t, double *v)
{
    int k = st->row.id, u = rd_cell_unit(t->s, t->n);
    bool amount = rpt_legacy_defs[k].amount;
    if (amount && u == U_COUNT) {
        rpt_add_problem(st->r, "READ", RPT_WARNING, rpt_legacy_defs[k].key, "“%.*s”是笔数或件数，不是金额，未读入",
                        (int)t->n, t->s);
        return false;
    }
    if (!amount && (u == U_YUAN || u == U_WAN)) {
        rpt_add_problem(st->r, "READ", RPT_WARNING, rpt_legacy_defs[k].key, "“%.*s”是金额，不是“%s”的件数，未读入",
                        (int)t->n, t->s, rpt_legacy_defs[k].labels[0]);
        return false;
    }
    if (amount && (u == U_YUAN || (u == U_NONE && st->row.yuan))) {
        rpt_add_problem(st->r, "READ", RPT_WARNING, rpt_legacy_defs[k].key, "金额%g元已换算为%g万元", *v, *v / 10000);
        *v /= 10000;
    }
    return true;
}

void rd_handle_value(rd *st, struct tok *t, int idx)
{
    (void)idx;
    st->pend.live = false;
    if (t->kind == TK_BIGNUM) {
        /* more digits than a count can have: cells run together (decoded when the
         * row or table closes), else a READ error and the cell stays null */
        bool t4 = st->row.kind == RK_NONE && st->ctx == CX_T4 && (st->t4.hdr || st->t4.pending >= 0) &&
                  st->t4.pos < RL_NGROUPS * RL_NCOLS;
        if (st->row.kind != RK_NONE || t4) {
            char where[160];
            if (st->row.kind != RK_NONE)
                snprintf(where, sizeof where, "%s", st->row.label);
            else
                snprintf(where, sizeof where, "四/%s/%s", rpt_rl_group_labels[st->t4.pos / RL_NCOLS],
                         rpt_rl_col_labels[st->t4.pos % RL_NCOLS]);
            if (!t->ds)
                rpt_add_problem(st->r, "READ", RPT_ERROR, where,
                                "第%d行：%.*s%s有%d位数字，超出计数可能的位数（%d），未读入", st->line,
                                t->n > 24 ? 24 : (int)t->n, t->s, t->n > 24 ? "…" : "", t->ndig, RD_MAX_DIGITS);
            if (st->row.kind != RK_NONE)
                rd_row_put(st, RPT_NULL, t->ds, t->dn, true, t->neg);
            else
                rd_t4_put(st, RPT_NULL, t->ds, t->dn);
        }
        return;
    }
    double v = t->kind == TK_NUM ? t->v : RPT_NULL;
    if (st->row.kind == RK_LEG && t->kind == TK_NUM && !money_fits(st, t, &v))
        return;
    if (st->row.kind != RK_NONE) {
        rd_row_put(st, v, t->kind == TK_NUM ? t->ds : NULL, t->kind == TK_NUM ? t->dn : 0, t->glued, t->neg);
        return;
    }
    if (st->ctx == CX_T4 && (st->t4.hdr || st->t4.pending >= 0)) {
        rd_t4_put(st, v, t->kind == TK_NUM ? t->ds : NULL, t->kind == TK_NUM ? t->dn : 0);
        return;
    }
    if (st->ctx == CX_LEG && st->leg.hdr_phase && t->kind == TK_NUM)
        st->leg.valhdrs++;
    if (t->kind == TK_NUM && t->v >= 1990 && t->v <= 2099 && t->v == (int)t->v)
        st->leg.valhdr_line = st->line;   /* a year as a column header */
}

void rd_process_tokens(rd *st)
{
    int last_val = -1;
    for (size_t i = 0; i < st->ntoks; i++)
        if (st->toks[i].kind == TK_NUM || st->toks[i].kind == TK_NULLV || st->toks[i].kind == TK_BIGNUM)
            last_val = (int)i;
    for (size_t i = 0; i < st->ntoks && !st->failed; i++) {
        struct tok *t = &st->toks[i];
        switch (t->kind) {
        case TK_BLANK:
            /* an empty cell between a label and a later number on its line holds a place
             * (in table 三 only between numbers: its labels span two or three columns) */
            if (st->row.kind != RK_NONE && st->row.line == st->line && (int)i > st->row.label_tok &&
                (int)i < last_val && !(st->row.kind == RK_T3 && st->row.nv == 0))
                rd_row_put(st, RPT_NULL, NULL, 0, false, false);
            else if (st->row.kind == RK_NONE && st->ctx == CX_T4 && st->t4.hdr && st->t4.pos > 0 &&
                     (int)i < last_val)
                rd_t4_put(st, RPT_NULL, NULL, 0);
            break;
        case TK_TEXT:
            rd_handle_text(st, t, (int)i);
            break;
        default:
            rd_handle_value(st, t, (int)i);
            break;
        }
    }
}

/* Cuts a line into cells: '|' separates when present, else tabs, else runs
 * of spaces outside brackets. */
static void tokenize(rd *st, const char *s, size_t n)
{
    st->ntoks = 0;
    const char *bar = memchr(s, '|', n);
    if (bar) {
        size_t i = 0;
        bool first = true;
        while (i <= n) {
            const char *q = memchr(s + i, '|', n - i);
            size_t end = q ? (size_t)(q - s) : n;
            if (first && st->carry.len) {
                buf_reset(&st->join);
                buf_append(&st->join, st->carry.data, st->carry.len);
                buf_append(&st->join, s + i, end - i);
                rd_push_tok(st, st->join.data, st->join.len);
                buf_reset(&st->carry);
            } else {
                rd_push_tok(st, s + i, end - i);
            }
            first = false;
            if (!q)
                break;
            i = end + 1;
        }
        return;
    }
    if (st->carry.len) {   /* the carried text did not meet a bar: a cell of its own */
        buf_reset(&st->join);
        buf_append(&st->join, st->carry.data, st->carry.len);
        buf_reset(&st->carry);
        rd_push_tok(st, st->join.data, st->join.len);
    }
    if (memchr(s, '\t', n)) {
        size_t i = 0;
        while (i <= n) {
            const char *q = memchr(s + i, '\t', n - i);
            size_t end = q ? (size_t)(q - s) : n;
            if (end > i)
                rd_push_tok(st, s + i, end - i);
            if (!q)
                break;
            i = end + 1;
        }
        return;
    }
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t j = i;
        int depth = 0;
        while (j < n && (s[j] != ' ' || depth > 0)) {
            if (s[j] == '(')
                depth++;
            else if (s[j] == ')' && depth > 0)
                depth--;
            j++;
        }
        rd_push_tok(st, s + i, j - i);
        i = j;
    }
}

/* Bytes of a dash at s ("-", "–", "—"), or 0. */
static size_t dash_at(const char *s, size_t n)
{
    if (n >= 1 && *s == '-')
        return 1;
    if (n >= 3 && (memcmp(s, "—", 3) == 0 || memcmp(s, "–", 3) == 0))
        return 3;
    return 0;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* Digits at s+i: how many (at most 4: a page number). */
static size_t page_digits(const char *s, size_t n, size_t i)
{
    size_t k = 0;
    while (i + k < n && k < 5 && rd_is_digit_c(s[i + k]))
        k++;
    return k >= 1 && k <= 4 ? k : 0;
}

/* A line that is only a page number, as text taken out of a PDF has them in
 * the middle of tables: "- 3 -", "— 3 —", "第3页", "第3页 共9页", "3/9".
 * Its digits are no cell. */
static bool page_marker(const char *s, size_t n)
{
    size_t i = skip_spaces(s, n, 0), d, k;
    if ((d = dash_at(s + i, n - i)) != 0) {   /* - 3 - */
        i = skip_spaces(s, n, i + d);
        if (!(k = page_digits(s, n, i)))
            return false;
        i = skip_spaces(s, n, i + k);
        if (!(d = dash_at(s + i, n - i)))
            return false;
        return skip_spaces(s, n, i + d) == n;
    }
    if ((k = page_digits(s, n, i)) != 0 && i + k < n && s[i + k] == '/') {   /* 3/9 */
        size_t j = i + k + 1, k2 = page_digits(s, n, j);
        return k2 && skip_spaces(s, n, j + k2) == n;
    }
    for (int part = 0; part < 2; part++) {   /* 第3页, then perhaps 共9页 (either order) */
        if (n - i >= 3 && (memcmp(s + i, "第", 3) == 0 || memcmp(s + i, "共", 3) == 0)) {
            i = skip_spaces(s, n, i + 3);
            if (!(k = page_digits(s, n, i)))
                return false;
            i = skip_spaces(s, n, i + k);
            if (n - i < 3 || memcmp(s + i, "页", 3) != 0)
                return false;
            i = skip_spaces(s, n, i + 3);
            if (i < n && s[i] == ',')
                i = skip_spaces(s, n, i + 1);
            else if (n - i >= 3 && memcmp(s + i, "，", 3) == 0)
                i = skip_spaces(s, n, i + 3);
            if (i == n)
                return true;
        } else {
            return false;
        }
    }
    return false;
}

static bool starts_with_bar(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '|')
            return true;
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    }
    return false;
}

/* ---- the whole ---------------------------------------------------------- */

static int layout_of(rd *st, int year)
{
    int t2vals = 0;
    for (int f = 0; f < PRO_NFIELDS; f++)
        t2vals += !rpt_is_null(st->r->pro[f]);
    bool national = st->t3.rows > 0 || st->t4.pos > 0 || (t2vals > 0 && st->leg.keys < 5);
    if (national) {
        if (st->t3.split)
            return RPT_LAYOUT_2021;
        if (st->t3.single6)
            return RPT_LAYOUT_2019;
        if (st->t2.l19 && !st->t2.l21)
            return RPT_LAYOUT_2019;
        if (st->t2.l21 && !st->t2.l19)
            return RPT_LAYOUT_2021;
        if (year == 2019 || year == 2020)
            return RPT_LAYOUT_2019;
        return RPT_LAYOUT_2021;
    }
    if (st->leg.keys >= 2)
        return RPT_LAYOUT_2008;
    return RPT_LAYOUT_NARRATIVE;
}

static int count_line(const char *data, size_t off)
{
    int line = 1;
    const char *p = data, *end = data + off;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        line++;
        p++;
    }
    return line;
}

/* The bytes as a report may have them: size, NUL bytes, UTF-8. */
static int check_input(const char *data, size_t n, const char *source, err *e)
{
    if (!data || n == 0)
        return err_set(e, GK_EINVAL, "", "%s: empty file: no report to read", source);
    if (n > RD_MAX_BYTES)
        return err_set(e, GK_EINVAL, "", "%s: %zu bytes, more than the %zu MB a report may have", source,
                       n, RD_MAX_BYTES >> 20);
    const char *nul = memchr(data, '\0', n);
    if (nul) {
        size_t off = (size_t)(nul - data);
        return err_set(e, GK_EINVAL, "", "%s:%d: binary data (NUL byte at byte offset %zu), not a report",
                       source, count_line(data, off), off);
    }
    size_t bad;
    if (!utf8_valid(data, n, &bad))
        return err_set(e, GK_EINVAL, "", "%s:%d: invalid UTF-8 at byte offset %zu (reports must be UTF-8)",
                       source, count_line(data, bad), bad);
    return 0;
}

/* The text the reader reads: HTML turned into lines (html->text; html is
 * then the caller's to free), folded into *folded. Refuses a text that is
 * blank or never says 公开. */
static int prepare_text(const char *data, size_t n, const char *source, struct rd_lines *html, bool *is_html,
                        buf *folded, int *trad, err *e)
{
    const char *text = data;
    size_t tn = n;
    *is_html = rd_is_html(data, n);
    if (*is_html) {
        int rc = rd_html_to_lines(data, n, source, html, e);
        if (rc) {
            rd_lines_free(html);
            *is_html = false;
            return rc;
        }
        text = html->text.data;
        tn = html->text.len;
    }
    *trad = 0;
    rd_fold_text(text, tn, folded, trad);
    bool blank = true;
    for (size_t i = 0; i < folded->len && blank; i++)
        blank = folded->data[i] == ' ' || folded->data[i] == '\n' || folded->data[i] == '\t';
    if (blank)
        return err_set(e, GK_EINVAL, "", "%s: empty file: %s", source,
                       *is_html ? "the HTML has no text" : "only white space");
    if (!memmem(folded->data, folded->len, "公开", 6) && !memmem(folded->data, folded->len, "公開", 6))
        return err_set(e, GK_EINVAL, "", "%s: no report content found (no 公开 anywhere in %zu bytes)",
                       source, n);
    return 0;
}

/* The first lines of the text that name the report (the title, perhaps over
 * two lines), which a PDF repeats at the top of every page as its running head. */
#define HEAD_LINES 3
#define HEAD_MAX 200              /* bytes of a line that can be a running head */
#define HEAD_AFTER 10             /* a repeat before this line is the page itself */
struct heads {
    const char *s[HEAD_LINES];
    size_t n[HEAD_LINES];
    int count;
};

/* Whether line s[0..n) (trimmed) repeats one of the first lines: a running
 * head, no part of a table. Remembers the first lines as they come. */
static bool running_head(struct heads *h, const char *s, size_t n, size_t li)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (n < 12 || n > HEAD_MAX || memchr(s, '|', n) || memchr(s, '\t', n))
        return false;
    if (h->count < HEAD_LINES) {
        if (!memmem(s, n, "报告", 6) && !memmem(s, n, "年报", 6))
            return false;   /* a head repeats the title */
        h->s[h->count] = s;
        h->n[h->count++] = n;
        return false;
    }
    if (li < HEAD_AFTER)
        return false;
    for (int k = 0; k < HEAD_LINES; k++)
        if (h->n[k] == n && memcmp(h->s[k], s, n) == 0)
            return true;
    return false;
}

/* Every line: its meta (title, year, sentences), then its cells. */
static void read_lines(rd *st, const buf *folded, const struct rd_lines *html, struct rd_meta *meta)
{
    const char *s = folded->data, *end = folded->data + folded->len;
    size_t li = 0;
    struct heads heads = {.count = 0};
    while (s < end && !st->failed) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        size_t ln = (size_t)(le - s);
        st->line = st->line_of ? (li < html->nlines ? st->line_of[li] : st->line_of[html->nlines - 1])
                               : (int)li + 1;
        rd_meta_line(meta, s, ln);
        const char *next = nl ? nl + 1 : end;
        const char *nnl = next < end ? memchr(next, '\n', (size_t)(end - next)) : NULL;
        size_t nextn = next < end ? (size_t)((nnl ? nnl : end) - next) : 0;
        bool has_bar = memchr(s, '|', ln) != NULL;
        size_t trim = ln;
        while (trim && (s[trim - 1] == ' ' || s[trim - 1] == '\t'))
            trim--;
        if ((trim < 40 && page_marker(s, trim)) || running_head(&heads, s, trim, li)) {
            /* a page number, a running head: not part of the report */
        } else if (!has_bar && trim > 0 && trim < 400 && starts_with_bar(next, nextn)) {
            /* "4.保护第三方合法权益" then "|": the cell goes on on the next line */
            const char *b = s;
            while (b < s + trim && (*b == ' ' || *b == '\t'))
                b++;
            buf_append(&st->carry, b, (size_t)(s + trim - b));
        } else {
            tokenize(st, s, ln);
            rd_process_tokens(st);
        }
        s = next;
        li++;
    }
}

/* The end of the input: a row of table 三 cut short, the tables closed. */
static void end_of_input(rd *st)
{
    struct row *w = &st->row;
    if (w->kind == RK_T3 && !(w->tentative && w->nv == 0) && w->nv < RPT_NCOLS && w->id >= 0 &&
        !rd_runs_can_fill(w, RPT_NCOLS)) {
        char where[200];
        rpt_add_problem(st->r, "READ", RPT_ERROR, rd_app_where(w->id, where, sizeof where),
                        "表三中断：第%d行“%s”只有%d个数值（应为%d个），输入在此结束", w->line, w->label, w->nv,
                        RPT_NCOLS);
    }
    rd_close_row(st);
    if (st->ctx == CX_T3)
        rd_end_t3(st, true);
    if (st->ctx == CX_T4)
        rd_end_t4(st, true);
    rd_end_leg(st);
}

/* What the text says about itself: year, layout, agency, and in 2008 and
 * narrative reports the counts its sentences state. */
static int take_meta(rd *st, struct rd_meta *meta, const buf *folded, err *e)
{
    rpt *r = st->r;
    r->year = rd_meta_year(meta);
    r->layout = layout_of(st, r->year);
    r->agency = rd_meta_agency(meta, folded->data, folded->len);
    if (r->layout != RPT_LAYOUT_NARRATIVE && r->layout != RPT_LAYOUT_2008)
        return 0;
    int nfound = 0;
    for (int k = 0; k < rpt_legacy_n; k++) {
        double v = rd_meta_count(meta, k);
        if (!rpt_is_null(v) && rpt_is_null(r->legacy[k])) {
            r->legacy[k] = v;
            r->legacy_from_text[k] = true;
            nfound++;
        }
    }
    if (r->layout == RPT_LAYOUT_NARRATIVE && nfound == 0 && !rd_meta_is_report(meta) && !r->year)
        return err_set(e, GK_EINVAL, "", "%s: no report content found: no tables, no counts, no title", st->source);
    return 0;
}

int rpt_read(const char *data, size_t n, const char *source, rpt **out, err *e)
{
    *out = NULL;
    if (!source)
        source = "<input>";
    int rc = check_input(data, n, source, e);
    if (rc)
        return rc;
    rd_dict_load();

    struct rd_lines html;
    bool is_html = false;
    buf folded;
    buf_init(&folded);
    int trad = 0;
    rc = prepare_text(data, n, source, &html, &is_html, &folded, &trad, e);
    if (rc) {
        buf_free(&folded);
        if (is_html)
            rd_lines_free(&html);
        return rc;
    }

    rpt *r = rpt_new();
    rpt_set_source(r, source);
    bool cc_missing = trad >= TRAD_THRESHOLD && !rd_to_simplified(&folded);

    rd st;
    memset(&st, 0, sizeof st);
    st.source = source;
    st.r = r;
    st.e = e;
    st.leg.top = -1;
    st.t3.group = G_NONE;
    st.t4.pending = -1;
    buf_init(&st.join);
    buf_init(&st.carry);
    st.line_of = is_html ? html.line_of : NULL;
    struct rd_meta *meta = rd_meta_new();

    read_lines(&st, &folded, &html, meta);
    if (!st.failed)
        end_of_input(&st);
    rc = st.failed;
    if (!rc) {
        rc = take_meta(&st, meta, &folded, e);
        if (cc_missing)
            rpt_add_problem(r, "READ", RPT_WARNING, "",
                            "繁体字未转换为简体（OpenCC 的 t2s 数据不可用），部分标签可能未能识别");
    }
    rd_meta_free(meta);
    buf_free(&st.join);
    buf_free(&st.carry);
    free(st.toks);
    free(st.seg.v);
    free(st.t3.dec);
    free(st.leg.pend);
    buf_free(&folded);
    if (is_html)
        rd_lines_free(&html);
    if (rc) {
        rpt_free(r);
        return rc;
    }
    *out = r;
    return 0;
}
