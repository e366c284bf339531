/*
 * report — rows of the reader (see read.c for the whole): a label opens a
 * row, the numbers after it fill its columns, and closing it puts the values
 * in the model: table 二 by its column headers, table 三 by row and column,
 * table 四 by position, 2008 rows by their legacy key. Runs of digits that
 * hold several cells wait for the row's (table 三: the whole table's)
 * arithmetic in read_decode.c; what stays ambiguous is left null with a READ
 * problem listing the readings that fit.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/read_state_internal.h"

/* A label for messages: the cell's text, at most ~40 characters. */
static void copy_label(char *dst, size_t cap, const char *s, size_t n)
{
    while (n && *s == ' ')
        s++, n--;
    size_t k = 0, i = 0;
    while (i < n) {
        uint32_t c;
        int l = utf8_decode(s + i, n - i, &c);
        if (!l)
            l = 1;
        if (k + (size_t)l + 4 >= cap) {
            memcpy(dst + k, "…", 3);
            k += 3;
            break;
        }
        memcpy(dst + k, s + i, (size_t)l);
        k += (size_t)l;
        i += (size_t)l;
    }
    dst[k] = '\0';
}

const char *rd_app_where(int id, char *w, size_t cap)
{
    snprintf(w, cap, "三/%s", id >= 0 ? rpt_app_rows[id].label : "?");
    return w;
}

/* ---- decoding runs (read_decode.c does the arithmetic) ------------------ */

/* The tokens of a row as printed ("53|0010|357"), for messages. */
static void tokens_text(const struct rd_dtok *t, int n, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < n && k + 24 < cap; i++) {
        if (i)
            out[k++] = ' ';
        if (t[i].s && t[i].neg)
            out[k++] = '-';
        if (t[i].s && t[i].n > 0) {
            int m = t[i].n < (int)(cap - k - 8) ? t[i].n : (int)(cap - k - 8);
            memcpy(out + k, t[i].s, (size_t)m);
            k += (size_t)m;
            if (m < t[i].n)
                k += (size_t)snprintf(out + k, cap - k, "…");
        } else if (t[i].s) {
            k += (size_t)snprintf(out + k, cap - k, "（过长）");
        } else if (rpt_is_null(t[i].v)) {
            out[k++] = '-';
        } else {
            k += (size_t)snprintf(out + k, cap - k, "%g", t[i].v);
        }
        out[k] = '\0';
    }
}

static void reading_text(const double *v, int n, buf *b)
{
    for (int i = 0; i < n; i++)
        buf_printf(b, "%s%g", i ? "|" : "", v[i]);
}

/* Readings for a problem: those whose bit is set in mask (all when mask is 0). */
static void readings_text(const struct rd_reading *r, int nr, int ncells, uint64_t mask, int total, buf *b)
{
    int shown = 0, fit = 0;
    for (int i = 0; i < nr; i++) {
        if (mask && (i >= 64 || !(mask >> i & 1)))
            continue;
        fit++;
        if (shown >= READINGS_SHOWN)
            continue;
        buf_puts(b, shown ? "；" : "");
        reading_text(r[i].v, ncells, b);
        shown++;
    }
    int all = mask ? fit : (total > nr ? total : nr);
    if (all > shown)
        buf_printf(b, "；等共%d种", all);
}

/* Numbers with more digits than a count can have, that no cut turned into
 * cells: a READ error each (the cells stay null). Returns how many. */
static int report_bignums(rd *st, const struct row *w, const char *where)
{
    int k = 0;
    for (int i = 0; i < w->nv; i++) {
        const struct rd_dtok *d = &w->dt[i];
        if (!d->s || !rpt_is_null(d->v))
            continue;
        rpt_add_problem(st->r, "READ", RPT_ERROR, where, "第%d个数值%.*s%s有%d位数字，超出计数可能的位数（%d），未读入",
                        i + 1, d->n > 24 ? 24 : d->n, d->s, d->n > 24 ? "…" : "", d->n > 0 ? d->n : ROW_POOL,
                        RD_MAX_DIGITS);
        k++;
    }
    return k;
}

/* Whether a row's tokens have digits enough for ncells cells (else it is merely short). */
bool rd_runs_can_fill(const struct row *w, int ncells)
{
    int cells = 0;
    for (int i = 0; i < w->nv; i++)
        cells += w->dt[i].s ? (w->dt[i].n > 0 ? w->dt[i].n : ncells) : 1;
    return w->has_run && w->nv < ncells && cells >= ncells && ncells <= RD_DEC_MAXCELLS;
}

/* ---- closing rows ------------------------------------------------------ */

static int pro_field(int row, const char *key)
{
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].row == row && strcmp(rpt_pro_fields[f].key, key) == 0)
            return f;
    return -1;
}

/* The fields a row has in a layout, in the national column order. */
static int pro_fields_of(int row, unsigned layout_bit, int *out)
{
    int n = 0;
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].row == row && (rpt_pro_fields[f].layouts & layout_bit))
            out[n++] = f;
    return n;
}

static void set_pro(rd *st, int f, double v)
{
    if (rpt_is_null(st->r->pro[f]))
        st->r->pro[f] = v;
}

/* A row of table 二 whose numbers ran together: table 二 has no arithmetic
 * within a row, so only a cut that is the only one possible is taken.
 * Returns false when the row is left unread (a READ error says why). */
/* A row of table 二 whose numbers ran together: table 二 has no arithmetic
 * within a row but R6 (现行有效 ≥ 本年制发), so a cut is taken only when it
 * is the only one possible. A run printed against its label may also hold
 * the other layout's columns (seed 004: 行政许可 with three numbers under a
 * one-column header): those cuts count too. Returns false when the row is
 * left unread (a READ error lists the readings). */
static bool t2_decode(rd *st, struct row *w, const int *counts, int ncounts, const char *where)
{
    struct rd_reading rd_[RD_T3_MAXREAD], fit[RD_T3_MAXREAD];
    int fitn[RD_T3_MAXREAD], nfit = 0, more = 0;
    for (int k = 0; k < ncounts; k++) {
        int c = counts[k], total;
        bool dup = false;
        for (int j = 0; j < k; j++)
            dup |= counts[j] == c;
        if (dup || c < w->nv || c <= 0 || c > RD_DEC_MAXCELLS || (c > w->nv && !rd_runs_can_fill(w, c)))
            continue;
        int nr = rd_split(w->dt, w->nv, c, RD_RULE_NONE, rd_, RD_T3_MAXREAD, &total);
        if (total < 0 || total > nr)
            more += total < 0 ? RD_T3_MAXREAD : total - nr;
        for (int i = 0; i < nr; i++) {
            if (c == 3 && w->id <= 1 && !(st->t2.l19 && !st->t2.l21) && rd_[i].v[2] < rd_[i].v[0])
                continue;   /* R6: 现行有效件数 ≥ 本年制发件数 (2021 columns) */
            if (nfit < RD_T3_MAXREAD) {
                fit[nfit] = rd_[i];
                fitn[nfit++] = c;
            } else {
                more++;
            }
        }
    }
    char digits[96];
    tokens_text(w->dt, w->nv, digits, sizeof digits);
    if (nfit == 1 && more == 0) {
        if (fitn[0] != w->nv) {
            buf b;
            buf_init(&b);
            reading_text(fit[0].v, fitn[0], &b);
            rpt_add_problem(st->r, "READ", RPT_WARNING, where, "本行数字连在一起（%s），只有一种拆分：%s", digits,
                            b.data);
            buf_free(&b);
        }
        memcpy(w->v, fit[0].v, sizeof(double) * (size_t)fitn[0]);
        w->nv = fitn[0];
        return true;
    }
    if (nfit == 0 && more == 0 && report_bignums(st, w, where) > 0)
        return false;
    if (nfit == 0 && more == 0 && w->has_glued) {
        rpt_add_problem(st->r, "READ", RPT_ERROR, where, "本行数字连在一起（%s），无法拆分为本表的列，未读入", digits);
        return false;
    }
    if (nfit == 0 && more == 0)
        return report_bignums(st, w, where) == 0;   /* no cut fits: read as printed */
    buf b;
    buf_init(&b);
    for (int i = 0; i < nfit && i < READINGS_SHOWN; i++) {
        buf_puts(&b, i ? "；" : "");
        reading_text(fit[i].v, fitn[i], &b);
    }
    if (nfit + more > READINGS_SHOWN)
        buf_printf(&b, "；等共%d种", nfit + more);
    rpt_add_problem(st->r, "READ", RPT_ERROR, where, "本行数字连在一起（%s），拆分方式不止一种，未读入：%s",
                    digits, b.data);
    buf_free(&b);
    return false;
}

static void close_t2_fields(rd *st, struct row *w, const char *where);

/* Table 二 in 元 where the national table has 万元: converted, with a note. */
static void close_t2(rd *st, struct row *w)
{
    double before[PRO_NFIELDS];
    memcpy(before, st->r->pro, sizeof before);
    char where[160];
    snprintf(where, sizeof where, "二/%s", rpt_pro_rows[w->id].label);
    close_t2_fields(st, w, where);
    for (int f = 0; f < PRO_NFIELDS && st->t2.yuan; f++)
        if (rpt_pro_fields[f].amount && rpt_pro_fields[f].row == w->id && rpt_is_null(before[f]) &&
            !rpt_is_null(st->r->pro[f])) {
            rpt_add_problem(st->r, "READ", RPT_WARNING, where, "表头单位为元，金额%g元已换算为%g万元", st->r->pro[f],
                            st->r->pro[f] / 10000);
            st->r->pro[f] /= 10000;
        }
}

static void close_t2_fields(rd *st, struct row *w, const char *where)
{
    int row = w->id;
    if (w->nv == 0)
        return;
    int f21[8], f19[8];
    int n21 = pro_fields_of(row, RPT_LAYOUT_BIT(RPT_LAYOUT_2021), f21);
    int n19 = pro_fields_of(row, RPT_LAYOUT_BIT(RPT_LAYOUT_2019), f19);
    int want = st->t2.nh > 0 ? st->t2.nh : st->t2.l19 && !st->t2.l21 ? n19 : n21;
    if (w->has_glued || rd_runs_can_fill(w, want)) {
        int counts[3] = {want, n19, n21};
        if (!t2_decode(st, w, counts, w->has_glued ? 3 : 1, where))
            return;
    }
    if (st->t2.nh > 0 && w->nv <= st->t2.nh) {
        for (int i = 0; i < w->nv; i++) {
            const char *key = rpt_pro_fields[st->t2.hdr[i]].key;
            int f = pro_field(row, key);
            if (f >= 0)
                set_pro(st, f, w->v[i]);
            else if (!rpt_is_null(w->v[i]))
                rpt_add_problem(st->r, "READ", RPT_WARNING, where,
                                "第%d列（%s）不适用于“%s”，数值%g未读入", i + 1,
                                rpt_pro_fields[st->t2.hdr[i]].header, rpt_pro_rows[row].label, w->v[i]);
        }
        return;
    }
    /* more numbers than headers (or no headers): the columns of a layout that fits;
     * with headers that do not fit, the older (2019) columns first */
    const int *fs = NULL;
    int nf = 0;
    const char *which = NULL;
    if (st->t2.nh > 0 && w->nv == n19)
        fs = f19, nf = n19, which = "2019";
    else if (w->nv == n21)
        fs = f21, nf = n21, which = "2021";
    else if (w->nv == n19)
        fs = f19, nf = n19, which = "2019";
    if (fs) {
        for (int i = 0; i < nf; i++)
            set_pro(st, fs[i], w->v[i]);
        if (st->t2.nh > 0) {
            buf cols;
            buf_init(&cols);
            for (int i = 0; i < nf; i++)
                buf_printf(&cols, "%s%s", i ? "、" : "", rpt_pro_fields[fs[i]].header);
            rpt_add_problem(st->r, "READ", RPT_WARNING, where,
                            "本行有%d个数值而表头只有%d列，按%s年格式的列（%s）读入", w->nv, st->t2.nh,
                            which, cols.data);
            buf_free(&cols);
        }
        return;
    }
    /* keep what the headers name, say what is left over */
    int used = 0;
    for (int i = 0; i < st->t2.nh && i < w->nv; i++) {
        int f = pro_field(row, rpt_pro_fields[st->t2.hdr[i]].key);
        if (f >= 0)
            set_pro(st, f, w->v[i]);
        used++;
    }
    rpt_add_problem(st->r, "READ", RPT_WARNING, where, "本行有%d个数值，只读入了表头所列的%d个", w->nv, used);
}

static struct rd_t3row *t3dec(rd *st)
{
    if (!st->t3.dec)
        st->t3.dec = xcalloc(APP_NROWS, sizeof *st->t3.dec);
    return st->t3.dec;
}

/* A row of table 三 whose numbers ran together: its readings (the cuts whose
 * total is the sum of the six columns) wait for the whole table (end_t3). */
static void t3_decode_row(rd *st, struct row *w)
{
    struct rd_t3row *d = &t3dec(st)[w->id];
    char where[200];
    int total;
    memset(d, 0, sizeof *d);
    d->decoded = true;
    st->t3.decode = true;
    tokens_text(w->dt, w->nv, d->digits, sizeof d->digits);
    d->nread = rd_split(w->dt, w->nv, RPT_NCOLS, RD_RULE_SUM_LAST, d->read, RD_T3_MAXREAD, &total);
    if (total == 0) {
        /* no cut makes the total the sum: only a cut that is the only one possible is
         * taken (rule R3 then reports the row); otherwise the row stays unread */
        d->nread = rd_split(w->dt, w->nv, RPT_NCOLS, RD_RULE_NONE, d->read, 2, &total);
        if (total == 1) {
            d->forced = true;
        } else {
            d->nread = 0;
            rpt_add_problem(st->r, "READ", RPT_ERROR, rd_app_where(w->id, where, sizeof where),
                            "本行数字连在一起（%s），没有一种拆分能使总计等于各列之和，未读入", d->digits);
        }
    } else if (total < 0 || total > RD_T3_MAXREAD) {
        d->nread = 0;
        rpt_add_problem(st->r, "READ", RPT_ERROR, rd_app_where(w->id, where, sizeof where),
                        "本行数字连在一起（%s），可能的拆分太多，未读入", d->digits);
    }
}

static void close_t3(rd *st, struct row *w)
{
    char where[200];
    if (w->id < 0) {
        if (w->nv > 0)
            rpt_add_problem(st->r, "READ", RPT_WARNING, "三",
                            "“%s”一行的数值不属于全国格式的任何一行，未读入", w->label);
        return;
    }
    if (w->nv == 0) {
        if (!w->tentative)
            rpt_add_problem(st->r, "READ", RPT_WARNING, rd_app_where(w->id, where, sizeof where),
                            "该行没有数值");
        return;
    }
    if (w->tentative && w->id == APP_O_OTHER)
        st->t3.single6 = true;
    if (st->t3.seen[w->id]) {
        rpt_add_problem(st->r, "READ", RPT_WARNING, rd_app_where(w->id, where, sizeof where),
                        "该行出现了不止一次，只读入第一次的数值");
        return;
    }
    st->t3.seen[w->id] = true;
    st->t3.rows++;
    st->t3.last = w->id;
    if (w->id == APP_O_NO_SUPPLEMENT || w->id == APP_O_FEE_UNPAID)
        st->t3.split = true;
    if (rd_runs_can_fill(w, RPT_NCOLS)) {
        t3_decode_row(st, w);
        return;
    }
    for (int c = 0; c < RPT_NCOLS && c < w->nv; c++)
        st->r->app[w->id][c] = w->v[c];
    report_bignums(st, w, rd_app_where(w->id, where, sizeof where));
    if (w->nv < RPT_NCOLS)
        rpt_add_problem(st->r, "READ", RPT_WARNING, rd_app_where(w->id, where, sizeof where),
                        "该行只有%d个数值（应为%d个）", w->nv, RPT_NCOLS);
}

/* Whether legacy key k waits for L1–L3 (its first printing ran together). */
static bool leg_pending(const rd *st, int k)
{
    for (int i = 0; i < st->leg.npend; i++)
        if (st->leg.pend[i].key == k)
            return true;
    return false;
}

static void close_leg(rd *st, struct row *w)
{
    if (w->nv == 0)
        return;
    int k = w->id;
    int cur = st->leg.cum && st->leg.cum_pos == 0 ? 1 : 0;
    int cum = st->leg.cum ? 1 - cur : -1;
    if (st->leg.cum && rd_runs_can_fill(w, 2)) {
        /* "17192": the year's figure and the cumulative one ran together */
        struct rd_reading rd_[RD_T3_MAXREAD];
        int total;
        int nr = rd_split(w->dt, w->nv, 2, RD_RULE_CUM, rd_, RD_T3_MAXREAD, &total);
        char digits[96];
        tokens_text(w->dt, w->nv, digits, sizeof digits);
        if (cur == 1) {   /* the cumulative column comes first: the rule reads the other way */
            nr = rd_split(w->dt, w->nv, 2, RD_RULE_NONE, rd_, RD_T3_MAXREAD, &total);
            int m = 0;
            for (int i = 0; i < nr; i++)
                if (rd_[i].v[0] >= rd_[i].v[1])
                    rd_[m++] = rd_[i];
            nr = total = m;
        }
        if (total > 1 && nr == total && total <= RD_LEG_MAXREAD && st->leg.npend < RD_LEG_MAXPEND &&
            rpt_is_null(st->r->legacy[k]) && !leg_pending(st, k)) {
            /* several readings: the table's L1–L3 may tell (rd_end_leg) */
            if (!st->leg.pend)
                st->leg.pend = xcalloc(RD_LEG_MAXPEND, sizeof *st->leg.pend);
            struct rd_legpend *p = &st->leg.pend[st->leg.npend++];
            p->key = k;
            p->cur = cur;
            p->nr = nr;
            memcpy(p->read, rd_, sizeof(struct rd_reading) * (size_t)nr);
            snprintf(p->label, sizeof p->label, "%s", w->label);
            snprintf(p->digits, sizeof p->digits, "%s", digits);
            st->leg.keys++;   /* a row of the 2008 table, read or not */
            return;
        }
        if (total != 1) {
            buf b;
            buf_init(&b);
            readings_text(rd_, nr, 2, 0, total, &b);
            rpt_add_problem(st->r, "READ", RPT_ERROR, rpt_legacy_defs[k].key,
                            "“%s”的本年数和累计数连在一起（%s），%s%s", w->label, digits,
                            total == 0 ? "无法拆分，未读入" : "拆分方式不止一种，未读入：", total > 1 ? b.data : "");
            buf_free(&b);
            return;
        }
        rpt_add_problem(st->r, "READ", RPT_WARNING, rpt_legacy_defs[k].key,
                        "“%s”的本年数和累计数连在一起（%s），只有一种拆分（累计数不小于本年数）：%g|%g",
                        w->label, digits, rd_[0].v[0], rd_[0].v[1]);
        w->v[0] = rd_[0].v[0];
        w->v[1] = rd_[0].v[1];
        w->nv = 2;
    } else if (report_bignums(st, w, rpt_legacy_defs[k].key)) {
        return;
    }
    if (!rpt_is_null(st->r->legacy[k]) || leg_pending(st, k)) {
        rpt_add_problem(st->r, "READ", RPT_WARNING, rpt_legacy_defs[k].key,
                        "“%s”出现了不止一次，只读入第一次的数值", w->label);
        return;
    }
    if (cur < w->nv) {
        st->r->legacy[k] = w->v[cur];
        st->leg.keys++;
    }
    if (cum >= 0 && cum < w->nv)
        st->r->legacy_cum[k] = w->v[cum];
}

/* Puts combination c (reading c_i of row i, mixed radix) into the model. */
static void leg_assign(rd *st, long c, bool null)
{
    for (int i = 0; i < st->leg.npend; i++) {
        const struct rd_legpend *p = &st->leg.pend[i];
        int ri = (int)(c % p->nr);
        c /= p->nr;
        st->r->legacy[p->key] = null ? RPT_NULL : p->read[ri].v[p->cur];
        st->r->legacy_cum[p->key] = null ? RPT_NULL : p->read[ri].v[1 - p->cur];
    }
}

void rd_end_leg(rd *st)
{
    int n = st->leg.npend;
    if (!n)
        return;
    bool *involved = xcalloc((size_t)rpt_legacy_n, sizeof(bool));
    long ncomb = 1;
    for (int i = 0; i < n; i++) {
        involved[st->leg.pend[i].key] = true;
        ncomb = ncomb > RD_LEG_MAXCOMB ? ncomb : ncomb * st->leg.pend[i].nr;
    }
    /* the rules are judged as in a 2008 table, whatever the layout turns out to be */
    enum rpt_layout saved = st->r->layout;
    st->r->layout = RPT_LAYOUT_2008;
    uint64_t fitmask[RD_LEG_MAXPEND] = {0};
    long nfit = 0, first = -1;
    for (long c = 0; c < ncomb && ncomb <= RD_LEG_MAXCOMB; c++) {
        leg_assign(st, c, false);
        if (!rpt_legacy_consistent(st->r, involved))
            continue;
        if (nfit++ == 0)
            first = c;
        long d = c;
        for (int i = 0; i < n; i++) {
            fitmask[i] |= 1ull << (d % st->leg.pend[i].nr);
            d /= st->leg.pend[i].nr;
        }
    }
    st->r->layout = saved;
    leg_assign(st, nfit == 1 ? first : 0, nfit != 1);
    for (int i = 0; i < n; i++) {
        const struct rd_legpend *p = &st->leg.pend[i];
        const char *key = rpt_legacy_defs[p->key].key;
        if (nfit == 1) {
            rpt_add_problem(st->r, "READ", RPT_WARNING, key,
                            "“%s”的本年数和累计数连在一起（%s），拆分方式有%d种，只有一种符合L1–L3（统计表各项之和）：%g|%g",
                            p->label, p->digits, p->nr, st->r->legacy[p->key], st->r->legacy_cum[p->key]);
            continue;
        }
        buf b;
        buf_init(&b);
        readings_text(p->read, p->nr, 2, nfit > 1 ? fitmask[i] : 0, p->nr, &b);
        rpt_add_problem(st->r, "READ", RPT_ERROR, key, "“%s”的本年数和累计数连在一起（%s），拆分方式不止一种，%s未读入：%s",
                        p->label, p->digits,
                        ncomb > RD_LEG_MAXCOMB ? "组合过多无法用L1–L3核对，"
                        : nfit == 0        ? "均不符合L1–L3，"
                                           : "L1–L3也无法确定，",
                        b.data);
        buf_free(&b);
    }
    free(involved);
}

void rd_close_row(rd *st)
{
    struct row *w = &st->row;
    switch (w->kind) {
    case RK_T2: close_t2(st, w); break;
    case RK_T3: close_t3(st, w); break;
    case RK_LEG: close_leg(st, w); break;
    default: break;
    }
    w->kind = RK_NONE;
}

void rd_open_row(rd *st, int kind, int id, const struct tok *t, int tok_idx, bool tentative)
{
    rd_close_row(st);
    struct row *w = &st->row;
    w->kind = kind;
    w->id = id;
    w->tentative = tentative;
    w->line = st->line;
    w->label_tok = tok_idx;
    w->nv = 0;
    w->has_run = w->has_glued = w->yuan = false;
    w->pool_len = 0;
    copy_label(w->label, sizeof w->label, t->s, t->n);
}

int rd_row_capacity(const struct row *w, const rd *st)
{
    switch (w->kind) {
    case RK_T3: return RPT_NCOLS;
    case RK_LEG: return st->leg.cum ? 2 : 1;
    default: return ROW_MAXV;
    }
}

/* Puts a value (ds: its digits, when it may be a run of several cells). */
void rd_row_put(rd *st, double v, const char *ds, int dn, bool glued, bool neg)
{
    struct row *w = &st->row;
    if (w->nv < ROW_MAXV) {
        struct rd_dtok *d = &w->dt[w->nv];
        d->s = NULL;
        d->n = 0;
        d->v = v;
        d->neg = neg;
        if (ds && dn > 0) {
            if (dn <= ROW_POOL - w->pool_len) {
                memcpy(w->pool + w->pool_len, ds, (size_t)dn);
                d->s = w->pool + w->pool_len;
                d->n = dn;
                w->pool_len += dn;
            } else {
                d->s = w->pool;   /* too long to be cells: rd_split finds no reading */
                d->n = 0;
            }
            if (dn > 1)
                w->has_run = true;
            if (dn > 1 && glued)
                w->has_glued = true;
        }
        w->v[w->nv++] = v;
    }
    if (w->nv >= rd_row_capacity(w, st))
        rd_close_row(st);
}

/* ---- tables 三 and 四 at their end -------------------------------------- */

/* Whether row i is printed in the layout table 三 turned out to have. */
static bool t3_in_layout(const rd *st, int i)
{
    bool l19 = st->t3.single6 && !st->t3.split;
    return l19 ? rpt_app_rows[i].in_2019 : true;
}

/* The rows of table 三 that ran together, decided jointly by R1 and R2. */
static void t3_apply_decoded(rd *st)
{
    struct rd_t3row *rows = st->t3.dec;
    char where[200];
    if (!st->t3.decode || !rows)
        return;
    st->t3.decode = false;
    bool r2 = st->t3.seen[APP_HANDLED_TOTAL];
    for (int i = 0; i < APP_NROWS; i++) {
        struct rd_t3row *d = &rows[i];
        if (rpt_app_rows[i].outcome && t3_in_layout(st, i) && !st->t3.seen[i])
            r2 = false;
        if (d->decoded || !st->t3.seen[i])
            continue;
        d->nread = 1;   /* a row printed with separators: fixed, if whole */
        for (int c = 0; c < RPT_NCOLS; c++) {
            d->read[0].v[c] = st->r->app[i][c];
            if (rpt_is_null(d->read[0].v[c]))
                d->nread = 0;
        }
    }
    rd_solve_t3(rows, r2);
    for (int i = 0; i < APP_NROWS; i++) {
        struct rd_t3row *d = &rows[i];
        if (!d->decoded)
            continue;
        d->decoded = false;
        rd_app_where(i, where, sizeof where);
        if (d->chosen >= 0 && d->nread > 0) {
            buf b;
            buf_init(&b);
            reading_text(d->read[d->chosen].v, RPT_NCOLS, &b);
            memcpy(st->r->app[i], d->read[d->chosen].v, sizeof st->r->app[i]);
            rpt_add_problem(st->r, "READ", RPT_WARNING, where, "本行数字连在一起（%s），%s：%s", d->digits,
                            d->forced ? "只有一种拆分（但总计不等于各列之和）"
                            : d->joint ? "按表内勾稽关系（各列第一项加第二项等于第三项加第四项、"
                                         "办理结果总计等于各项之和）拆分为"
                            : d->nread == 1 ? "按本行总计等于各列之和拆分为" : "拆分为", b.data);
            buf_free(&b);
        } else if (d->nread > 1) {
            buf b;
            buf_init(&b);
            readings_text(d->read, d->nread, RPT_NCOLS, d->fitmask, d->nread, &b);
            rpt_add_problem(st->r, "READ", RPT_ERROR, where,
                            "本行数字连在一起（%s），符合勾稽关系的拆分不止一种，未读入：%s", d->digits, b.data);
            buf_free(&b);
        }
    }
    memset(rows, 0, sizeof *rows * APP_NROWS);
}

/* Blank cells the table's own totals prove to be 0 (counts are ≥ 0): a row
 * whose given columns already add up to its total (R3), a column whose given
 * outcomes already add up to 办理结果总计 (R2). */
static void t3_blank_zero(rd *st)
{
    double (*a)[RPT_NCOLS] = st->r->app;
    char where[200];
    for (int i = 0; i < APP_NROWS; i++) {
        if (!st->t3.seen[i] || rpt_is_null(a[i][COL_TOTAL]))
            continue;
        double sum = 0;
        int nul = 0;
        for (int c = 0; c < COL_TOTAL; c++)
            rpt_is_null(a[i][c]) ? (void)nul++ : (void)(sum += a[i][c]);
        if (nul == 0 || nul == COL_TOTAL || sum != a[i][COL_TOTAL])
            continue;
        for (int c = 0; c < COL_TOTAL; c++)
            if (rpt_is_null(a[i][c]))
                a[i][c] = 0;
        rpt_add_problem(st->r, "READ", RPT_WARNING, rd_app_where(i, where, sizeof where),
                        "%d个空白单元格按本行总计（已由其余各列凑足）计为0", nul);
    }
    if (!st->t3.seen[APP_HANDLED_TOTAL])
        return;
    for (int c = 0; c < RPT_NCOLS; c++) {
        double tot = a[APP_HANDLED_TOTAL][c], sum = 0;
        int nul = 0, seen = 0;
        if (rpt_is_null(tot))
            continue;
        for (int i = 0; i < APP_NROWS; i++) {
            if (!rpt_app_rows[i].outcome || !st->t3.seen[i])
                continue;
            seen++;
            rpt_is_null(a[i][c]) ? (void)nul++ : (void)(sum += a[i][c]);
        }
        if (nul == 0 || nul == seen || sum != tot)
            continue;
        for (int i = 0; i < APP_NROWS; i++)
            if (rpt_app_rows[i].outcome && st->t3.seen[i] && rpt_is_null(a[i][c]))
                a[i][c] = 0;
        snprintf(where, sizeof where, "三/%s", rpt_col_labels[c]);
        rpt_add_problem(st->r, "READ", RPT_WARNING, where,
                        "“%s”一列有%d个空白单元格，按办理结果总计（已由其余各项凑足）计为0", rpt_col_labels[c], nul);
    }
}

void rd_end_t3(rd *st, bool at_eof)
{
    t3_apply_decoded(st);
    if (st->t3.rows > 0 && !st->t3.blank_done) {
        st->t3.blank_done = true;
        t3_blank_zero(st);
    }
    if (st->t3.rows == 0 || st->t3.seen[APP_CARRIED_OUT])
        return;
    if (at_eof) {
        rpt_add_problem(st->r, "READ", RPT_ERROR, "三",
                        "表三在“%s”一行之后中断：输入在“%s”一行之前结束", rpt_app_rows[st->t3.last].label,
                        rpt_app_rows[APP_CARRIED_OUT].label);
        return;
    }
    bool l19 = st->t3.single6 && !st->t3.split;
    buf missing;
    buf_init(&missing);
    int nm = 0;
    for (int i = 0; i < APP_NROWS; i++) {
        if (st->t3.seen[i] || (l19 && !rpt_app_rows[i].in_2019) ||
            (!l19 && st->t3.single6 && i == APP_O_OTHER))
            continue;
        if (nm < 4)
            buf_printf(&missing, "%s“%s”", nm ? "、" : "", rpt_app_rows[i].label);
        nm++;
    }
    if (nm)
        rpt_add_problem(st->r, "READ", RPT_WARNING, "三", "表三缺少%d行：%s%s", nm, missing.data,
                        nm > 4 ? "等" : "");
    buf_free(&missing);
}

/* Table 四's numbers ran together: cut them into 15 cells by R4 (each
 * group's total is the sum of its four results). Cells on which every
 * reading agrees are kept; the others stay null with the readings listed. */
static void t4_decode(rd *st)
{
    enum { N = RL_NGROUPS * RL_NCOLS };
    struct rd_reading rd_[RD_T3_MAXREAD];
    int total = 0, nr = 0;
    char digits[96];
    tokens_text(st->t4.tok, st->t4.ntok, digits, sizeof digits);
    if (!st->t4.jumped && st->t4.ntok <= T4_MAXTOK)
        nr = rd_split(st->t4.tok, st->t4.ntok, N, RD_RULE_GROUPS5, rd_, RD_T3_MAXREAD, &total);
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            st->r->rl[g][c] = RPT_NULL;
    if (total <= 0 || nr == 0) {
        rpt_add_problem(st->r, "READ", RPT_ERROR, "四", "表四的数字连在一起（%s），%s，未读入", digits,
                        total < 0 ? "可能的拆分太多" : "没有一种拆分能使各组总计等于各项之和");
        return;
    }
    int agreed = 0;
    for (int k = 0; k < N; k++) {
        bool same = true;
        for (int i = 1; i < nr && same; i++)
            same = rd_[i].v[k] == rd_[0].v[k];
        if (same && total <= RD_T3_MAXREAD) {
            st->r->rl[k / RL_NCOLS][k % RL_NCOLS] = rd_[0].v[k];
            agreed++;
        }
    }
    buf b;
    buf_init(&b);
    if (total == 1) {
        reading_text(rd_[0].v, N, &b);
        rpt_add_problem(st->r, "READ", RPT_WARNING, "四", "表四的数字连在一起（%s），按各组总计等于各项之和拆分为：%s",
                        digits, b.data);
    } else {
        readings_text(rd_, nr, N, 0, total, &b);
        rpt_add_problem(st->r, "READ", RPT_ERROR, "四",
                        "表四的数字连在一起（%s），符合各组总计的拆分不止一种，%d个数值未读入：%s", digits, N - agreed,
                        b.data);
    }
    buf_free(&b);
}

void rd_end_t4(rd *st, bool at_eof)
{
    if (!st->t4.active)
        return;
    st->t4.active = false;
    if (st->t4.pos < RL_NGROUPS * RL_NCOLS && st->t4.run) {
        t4_decode(st);
        return;
    }
    if (st->t4.pos >= RL_NGROUPS * RL_NCOLS || (st->t4.pos == 0 && !st->t4.hdr))
        return;
    if (at_eof) {
        if (st->t4.pos == 0)
            rpt_add_problem(st->r, "READ", RPT_ERROR, "四", "表四在表头之后中断：输入在第一个数值之前结束");
        else
            rpt_add_problem(st->r, "READ", RPT_ERROR, "四",
                            "表四中断：输入在%d个数值之后结束（应为%d个：%s、%s、%s各%d个）", st->t4.pos,
                            RL_NGROUPS * RL_NCOLS, rpt_rl_group_labels[0], rpt_rl_group_labels[1],
                            rpt_rl_group_labels[2], RL_NCOLS);
        return;
    }
    if (st->t4.pos > 0)
        rpt_add_problem(st->r, "READ", RPT_ERROR, "四", "表四只有%d个数值（应为%d个）", st->t4.pos,
                        RL_NGROUPS * RL_NCOLS);
}

void rd_set_ctx(rd *st, int ctx)
{
    if (st->ctx == ctx)
        return;
    rd_close_row(st);
    if (st->ctx == CX_T3)
        rd_end_t3(st, false);
    if (st->ctx == CX_T4)
        rd_end_t4(st, false);
    st->ctx = ctx;
    if (ctx == CX_T2)
        st->t2.nh = 0, st->t2.yuan = false;
    if (ctx == CX_T3)
        st->t3.group = G_NONE;
    if (ctx == CX_T4) {
        st->t4.active = true;
        st->t4.hdr = false;
        st->t4.pending = -1;
        st->t4.ntok = 0;
        st->t4.pool_len = 0;
        st->t4.run = st->t4.jumped = false;
    }
}

void rd_t4_put(rd *st, double v, const char *ds, int dn)
{
    if (st->t4.pending >= 0) {
        int start = st->t4.pending * RL_NCOLS;
        if (st->t4.pos < start)
            st->t4.jumped = true;
        if (st->t4.pos <= start)
            st->t4.pos = start;
        st->t4.pending = -1;
    }
    if (st->t4.pos >= RL_NGROUPS * RL_NCOLS)
        return;
    if (st->t4.ntok < T4_MAXTOK) {
        struct rd_dtok *d = &st->t4.tok[st->t4.ntok++];
        d->s = NULL;
        d->n = 0;
        d->v = v;
        d->neg = false;
        if (ds && dn > 0) {
            d->s = st->t4.pool;
            if (dn <= ROW_POOL - st->t4.pool_len) {
                memcpy(st->t4.pool + st->t4.pool_len, ds, (size_t)dn);
                d->s = st->t4.pool + st->t4.pool_len;
                d->n = dn;
                st->t4.pool_len += dn;
            }
            if (dn > 1)
                st->t4.run = true;
        }
    } else {
        st->t4.jumped = true;
    }
    int g = st->t4.pos / RL_NCOLS, c = st->t4.pos % RL_NCOLS;
    if (rpt_is_null(st->r->rl[g][c]))
        st->r->rl[g][c] = v;
    st->t4.pos++;
}
