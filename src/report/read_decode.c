/*
 * report — decoding numbers that were printed without separators.
 *
 * Copying a table out of a web page or a PDF often drops the cell separators:
 * "530010357" stands for 53 | 0 | 0 | 1 | 0 | 3 | 57. The report's own
 * arithmetic tells the cells apart: every row of table 三 has a total equal to
 * the sum of its six applicant columns (R3), every column obeys R1 and R2,
 * every group of table 四 has a total equal to its four results (R4), and a
 * cumulative column (历年累计) is never below the year's figure.
 *
 * rd_split enumerates the readings of one row: each token (a run of digits)
 * is cut into one or more cells, no cell has a leading zero (a cell "0" is
 * fine), no cell is longer than RD_DEC_MAXDIGITS, and the row's own rule
 * holds. rd_solve_t3 then picks, jointly over table 三, the readings that make
 * R1 and R2 hold in every column. Nothing is guessed: a row with several
 * readings that fit stays ambiguous and the caller leaves its cells null.
 */
#include <stdlib.h>
#include <string.h>

#include "report/read_int.h"

#define RD_DEC_MAXDIGITS 9        /* a count of a year: below a thousand million */
#define RD_DEC_BUDGET 1000000     /* cuts tried per row before giving up */
#define RD_T3_BUDGET 400000       /* combinations of ambiguous rows tried per table */

struct split_ctx {
    const struct rd_dtok *toks;
    int ntoks, ncells;
    enum rd_rowrule rule;
    double cur[RD_DEC_MAXCELLS];
    struct rd_reading *out;
    int max, found;
    long budget;
    int rest[RD_DEC_MAXCELLS + 1];   /* digits (or 1 for a fixed cell) of tokens t.. */
    int maxlen;                      /* longest cell so far (RD_RULE_SUM_LAST) */
};

static bool rule_holds(enum rd_rowrule rule, const double *v, int n)
{
    switch (rule) {
    case RD_RULE_NONE:
        return true;
    case RD_RULE_SUM_LAST: {
        double s = 0;
        for (int i = 0; i < n - 1; i++)
            s += v[i];
        return s == v[n - 1];
    }
    case RD_RULE_GROUPS5:
        for (int g = 0; g + 5 <= n; g += 5)
            if (v[g] + v[g + 1] + v[g + 2] + v[g + 3] != v[g + 4])
                return false;
        return true;
    case RD_RULE_CUM:
        return n < 2 || v[1] >= v[0];
    }
    return true;
}

static double cell_value(const char *s, int n)
{
    double x = 0;
    for (int i = 0; i < n; i++)
        x = x * 10 + (s[i] - '0');
    return x;
}

/* Cuts token t from offset off on, the next cell being number pos. */
static void split_from(struct split_ctx *c, int t, int off, int pos)
{
    if (c->budget-- <= 0)
        return;
    if (t == c->ntoks) {
        if (pos == c->ncells && rule_holds(c->rule, c->cur, pos)) {
            if (c->found < c->max)
                memcpy(c->out[c->found].v, c->cur, sizeof(double) * (size_t)c->ncells);
            c->found++;
        }
        return;
    }
    const struct rd_dtok *k = &c->toks[t];
    if (pos >= c->ncells)
        return;
    /* what is left must fit the cells left: at most RD_DEC_MAXDIGITS digits a cell */
    int left_digits = (k->s ? k->n - off : 1) + c->rest[t + 1];
    if (left_digits > (c->ncells - pos) * RD_DEC_MAXDIGITS)
        return;
    if (!k->s) {   /* a fixed cell: blank, "-", a decimal */
        c->cur[pos] = k->v;
        split_from(c, t + 1, 0, pos + 1);
        return;
    }
    int left = k->n - off;
    /* the rest of the tokens need at least one cell each */
    int rest_tokens = c->ntoks - t - 1;
    if (pos + 1 + rest_tokens > c->ncells)
        return;
    int maxlen = k->s[off] == '0' ? 1 : (left < RD_DEC_MAXDIGITS ? left : RD_DEC_MAXDIGITS);
    for (int len = 1; len <= maxlen; len++) {
        c->cur[pos] = cell_value(k->s + off, len) * (off == 0 && k->neg ? -1 : 1);
        int saved = c->maxlen;
        if (c->rule == RD_RULE_SUM_LAST && pos < c->ncells - 1) {
            /* the total is the sum of the others: it has at least as many digits as
             * any of them, so what is left must leave it that many */
            if (len > c->maxlen)
                c->maxlen = len;
            int after = left_digits - len - (c->ncells - pos - 2);
            if (after < c->maxlen) {
                c->maxlen = saved;
                break;
            }
        }
        if (len == left)
            split_from(c, t + 1, 0, pos + 1);
        else
            split_from(c, t, off + len, pos + 1);
        c->maxlen = saved;
    }
}

int rd_split(const struct rd_dtok *toks, int ntoks, int ncells, enum rd_rowrule rule,
             struct rd_reading *out, int max, int *total)
{
    *total = 0;
    if (ncells <= 0 || ncells > RD_DEC_MAXCELLS || ntoks <= 0 || ntoks > ncells)
        return 0;
    for (int t = 0; t < ntoks; t++)
        if (toks[t].s && toks[t].n <= 0)
            return 0;
    struct split_ctx c = {.toks = toks, .ntoks = ntoks, .ncells = ncells, .rule = rule,
                          .out = out, .max = max, .budget = RD_DEC_BUDGET};
    for (int t = ntoks - 1; t >= 0; t--)
        c.rest[t] = c.rest[t + 1] + (toks[t].s ? toks[t].n : 1);
    split_from(&c, 0, 0, 0);
    *total = c.budget < 0 ? -1 : c.found;
    return c.found < max ? c.found : max;
}

/* ---- table 三, jointly ---------------------------------------------------- */

struct t3_ctx {
    struct rd_t3row *rows;
    bool r2;
    int amb[APP_NROWS], namb;
    int pick[APP_NROWS];
    uint64_t fits[APP_NROWS];    /* readings of each ambiguous row seen in a consistent whole */
    long combos, budget;
};

static const double *t3_val(const struct t3_ctx *c, int row)
{
    const struct rd_t3row *r = &c->rows[row];
    if (r->nread == 0)
        return NULL;
    return r->read[r->nread == 1 ? 0 : c->pick[row]].v;
}

static bool t3_consistent(const struct t3_ctx *c)
{
    const double *nw = t3_val(c, APP_NEW), *ci = t3_val(c, APP_CARRIED_IN);
    const double *ht = t3_val(c, APP_HANDLED_TOTAL), *co = t3_val(c, APP_CARRIED_OUT);
    for (int col = 0; col < RPT_NCOLS; col++) {
        if (nw && ci && ht && co && nw[col] + ci[col] != ht[col] + co[col])   /* R1 */
            return false;
        if (c->r2 && ht) {                                                    /* R2 */
            double s = 0;
            for (int i = 0; i < APP_NROWS; i++) {
                const double *v = rpt_app_rows[i].outcome ? t3_val(c, i) : NULL;
                if (v)
                    s += v[col];
            }
            if (s != ht[col])
                return false;
        }
    }
    return true;
}

static void t3_walk(struct t3_ctx *c, int k)
{
    if (c->budget-- <= 0)
        return;
    if (k == c->namb) {
        if (t3_consistent(c)) {
            c->combos++;
            for (int i = 0; i < c->namb; i++)
                c->fits[c->amb[i]] |= (uint64_t)1 << c->pick[c->amb[i]];
        }
        return;
    }
    int row = c->amb[k];
    for (int i = 0; i < c->rows[row].nread && i < 64; i++) {
        c->pick[row] = i;
        t3_walk(c, k + 1);
    }
}

int rd_solve_t3(struct rd_t3row *rows, bool r2)
{
    struct t3_ctx c;
    memset(&c, 0, sizeof c);
    c.rows = rows;
    c.r2 = r2;
    c.budget = RD_T3_BUDGET;
    for (int i = 0; i < APP_NROWS; i++) {
        rows[i].chosen = rows[i].nread == 1 ? 0 : -1;
        if (rows[i].nread > 1)
            c.amb[c.namb++] = i;
    }
    if (c.namb == 0)
        return 0;
    t3_walk(&c, 0);
    if (c.budget < 0 || c.combos == 0)
        return c.budget < 0 ? -1 : 0;   /* the table's arithmetic decides nothing */
    int decided = 0;
    for (int k = 0; k < c.namb; k++) {
        int row = c.amb[k];
        uint64_t f = c.fits[row];
        if (f && !(f & (f - 1))) {
            rows[row].chosen = __builtin_ctzll(f);
            rows[row].joint = true;
            decided++;
        } else {
            rows[row].fitmask = f;
        }
    }
    return decided;
}
