/*
 * report — the consistency rules (勾稽关系) of docs/domain.md §5, as data.
 *
 * rpt_rules[] lists every rule (id, severity, statement); check_steps[] says
 * which code walks which rule, and the equations themselves are tables too:
 * the outcome rows of table 三 come from rpt_app_rows[].outcome, the 2008
 * sums from legacy_sums[], the channels of L3 from legacy_channels[].
 *
 * Null values (RPT_NULL: the report does not give the figure):
 *  - an equation whose operands are all null is skipped;
 *  - tables 三 and 四 (R1–R4): when some operands are null, the equation is
 *    an error only when it is broken whatever the missing figures are (the
 *    side that is complete is smaller than the part of the other side that is
 *    given: counts cannot be negative); otherwise the report is incomplete,
 *    not wrong, and every such place is listed in ONE warning per rule
 *    (where = the table), so a table with only a 总计 column does not bury
 *    the reader in findings;
 *  - the 2008 statistics tables varied by province: a part the table does not
 *    give is a row the variant does not have, so the total must equal the sum
 *    of the parts it does give (a missing total skips the rule);
 *  - counts taken from narrative text (from_text) name only some parts, so
 *    the given parts must not exceed the total;
 *  - rows of table 三 that the 2019 layout does not print ((六) 1 and 2) are
 *    left out of its sums unless the report gives them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

const struct rpt_rule_info rpt_rules[] = {
    {"R1", RPT_ERROR, "表三每一列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理"},
    {"R2", RPT_ERROR, "表三每一列：办理结果总计 = （一）至（六）各项之和"},
    {"R3", RPT_ERROR, "表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他"},
    {"R4", RPT_ERROR, "表四：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结（行政复议及两类行政诉讼）"},
    {"R5", RPT_ERROR, "每个数量是非负整数；金额（万元）不为负"},
    {"R6", RPT_WARNING, "表二：现行有效件数不少于本年制发件数；有废止而现行有效为 0 须核对"},
    {"L1", RPT_ERROR, "2008 年版：收到申请数 = 当面 + 传真 + 网络 + 信函（或信函、传真）申请数"},
    {"L2", RPT_ERROR, "2008 年版：办结数 = 按时 + 延期；答复总数 = 各类答复之和；不同意公开 = 各项理由之和；"
                      "复议、诉讼数量 = 各结果之和；工作人员数 = 专职 + 兼职"},
    {"L3", RPT_WARNING, "2008 年版：各渠道公开数 ≤ 主动公开总数 ≤ 各渠道之和（同一信息多渠道公开计 1 条）"},
    {"X1", RPT_ERROR, "同一机关相邻年度：本年上年结转 = 上年结转下年度继续办理（每一列）"},
    {"X2", RPT_WARNING, "同一机关相邻年度：现行有效件数 = 上年现行有效 + 本年制发 − 本年废止"},
};
const int rpt_nrules = sizeof rpt_rules / sizeof rpt_rules[0];

static const struct rpt_rule_info *rule_info(const char *id)
{
    for (int i = 0; i < rpt_nrules; i++)
        if (strcmp(rpt_rules[i].id, id) == 0)
            return &rpt_rules[i];
    return NULL;
}

/* ---- formatting helpers ------------------------------------------------ */

static void put_val(buf *b, double v)
{
    if (rpt_is_null(v))
        buf_puts(b, "空");
    else if (v == (double)(long long)v && v > -1e15 && v < 1e15)
        buf_printf(b, "%lld", (long long)v);
    else
        buf_printf(b, "%.15g", v);
}

/* Short name of a row of table 三 for `where`: "（一）予以公开",
 * "不予公开 1.属于国家秘密", "其他处理 1.申请人无正当理由逾期不补正". */
void rpt_app_row_name(int row, buf *out)
{
    const struct rpt_app_row_def *d = &rpt_app_rows[row];
    if (d->group_label) {
        buf_puts(out, d->group_label);
        buf_putc(out, ' ');
    }
    buf_puts(out, d->number);
    const char *l = d->label;
    const char *cut = NULL;
    const char *p1 = strstr(l, "（"), *p2 = strstr(l, "、");
    cut = p1;
    if (p2 && (!cut || p2 < cut))
        cut = p2;
    if (cut)
        buf_append(out, l, (size_t)(cut - l));
    else
        buf_puts(out, l);
}

static const char *legacy_label(int i) { return rpt_legacy_defs[i].labels[0]; }

/* ---- a run of the checker --------------------------------------------- */

struct run {
    rpt *r;
    /* incomplete places per rule, gathered into one warning each */
    struct { const char *rule; const char *table; buf places; int n; } inc[8];
    int ninc;
};

static void incomplete(struct run *run, const char *rule, const char *table, const char *where)
{
    int i = 0;
    while (i < run->ninc && strcmp(run->inc[i].rule, rule) != 0)
        i++;
    if (i == run->ninc) {
        if (run->ninc == (int)(sizeof run->inc / sizeof run->inc[0]))
            return;
        run->ninc++;
        run->inc[i].rule = rule;
        run->inc[i].table = table;
        buf_init(&run->inc[i].places);
        run->inc[i].n = 0;
    }
    if (run->inc[i].n < 5) {
        if (run->inc[i].n)
            buf_puts(&run->inc[i].places, "、");
        buf_puts(&run->inc[i].places, where);
    }
    run->inc[i].n++;
}

static void flush_incomplete(struct run *run)
{
    for (int i = 0; i < run->ninc; i++) {
        const char *pl = run->inc[i].places.data ? run->inc[i].places.data : "";
        rpt_add_problem(run->r, run->inc[i].rule, RPT_WARNING, run->inc[i].table,
                        "不完整：%d 处只给出部分数字，无法核对 (%s%s)", run->inc[i].n, pl,
                        run->inc[i].n > 5 ? " 等" : "");
        buf_free(&run->inc[i].places);
    }
    run->ninc = 0;
}

/* How an equation treats null operands (see the comment at the top). */
enum nullmode { NM_STRICT, NM_PARTS_OPTIONAL, NM_PARTS_AT_MOST };
enum verdict { V_SKIP, V_OK, V_BAD, V_INCOMPLETE };

/* lhs[0..nl) summed against rhs[0..nr). For the two part modes lhs is the
 * total (nl == 1) and rhs the parts. */
static enum verdict balance(const double *lhs, int nl, const double *rhs, int nr,
                            enum nullmode mode, double *ls, double *rs)
{
    int lnull = 0, rnull = 0;
    double L = 0, R = 0;
    for (int i = 0; i < nl; i++)
        rpt_is_null(lhs[i]) ? lnull++ : (void)(L += lhs[i]);
    for (int i = 0; i < nr; i++)
        rpt_is_null(rhs[i]) ? rnull++ : (void)(R += rhs[i]);
    *ls = L, *rs = R;
    if (lnull == nl && rnull == nr)
        return V_SKIP;
    bool eq = fabs(L - R) < 1e-9;
    switch (mode) {
    case NM_STRICT:
        if (!lnull && !rnull)
            return eq ? V_OK : V_BAD;
        if (!lnull && R > L + 1e-9)
            return V_BAD;
        if (!rnull && L > R + 1e-9)
            return V_BAD;
        return V_INCOMPLETE;
    case NM_PARTS_OPTIONAL:
        if (lnull || rnull == nr)
            return V_SKIP;
        return eq ? V_OK : V_BAD;
    case NM_PARTS_AT_MOST:
        if (lnull || rnull == nr)
            return V_SKIP;
        return R > L + 1e-9 ? V_BAD : V_OK;
    }
    return V_SKIP;
}

static void emit(struct run *run, const char *rule, const char *where, const char *statement,
                 const buf *nums)
{
    const struct rpt_rule_info *ri = rule_info(rule);
    rpt_add_problem(run->r, rule, ri ? ri->severity : RPT_ERROR, where, "%s (%s)", statement,
                    nums->data ? nums->data : "");
}

/* Rows of table 三 that take part in this report's sums. */
static bool app_row_used(const rpt *r, int row)
{
    if (r->layout != RPT_LAYOUT_2019 || rpt_app_rows[row].in_2019)
        return true;
    for (int c = 0; c < RPT_NCOLS; c++)
        if (!rpt_is_null(r->app[row][c]))
            return true;
    return false;
}

/* ---- R1, R2: per column of table 三 ------------------------------------ */

static void check_r1(struct run *run)
{
    rpt *r = run->r;
    for (int c = 0; c < RPT_NCOLS; c++) {
        double l[2] = {r->app[APP_NEW][c], r->app[APP_CARRIED_IN][c]};
        double rr[2] = {r->app[APP_HANDLED_TOTAL][c], r->app[APP_CARRIED_OUT][c]};
        double L, R;
        char where[96];
        snprintf(where, sizeof where, "三/%s", rpt_col_labels[c]);
        enum verdict v = balance(l, 2, rr, 2, NM_STRICT, &L, &R);
        if (v == V_INCOMPLETE)
            incomplete(run, "R1", "三", where);
        if (v != V_BAD)
            continue;
        buf n;
        buf_init(&n);
        buf_puts(&n, "本年新收 ");
        put_val(&n, l[0]);
        buf_puts(&n, " + 上年结转 ");
        put_val(&n, l[1]);
        buf_puts(&n, " = ");
        put_val(&n, L);
        buf_puts(&n, " ≠ 办理结果总计 ");
        put_val(&n, rr[0]);
        buf_puts(&n, " + 结转下年度 ");
        put_val(&n, rr[1]);
        buf_puts(&n, " = ");
        put_val(&n, R);
        emit(run, "R1", where, "本年新收加上年结转应等于办理结果总计加结转下年度继续办理", &n);
        buf_free(&n);
    }
}

static void check_r2(struct run *run)
{
    rpt *r = run->r;
    for (int c = 0; c < RPT_NCOLS; c++) {
        double parts[APP_NROWS];
        int rows[APP_NROWS], np = 0;
        for (int i = 0; i < APP_NROWS; i++)
            if (rpt_app_rows[i].outcome && app_row_used(r, i)) {
                rows[np] = i;
                parts[np++] = r->app[i][c];
            }
        double L, R;
        char where[96];
        snprintf(where, sizeof where, "三/%s", rpt_col_labels[c]);
        enum verdict v = balance(&r->app[APP_HANDLED_TOTAL][c], 1, parts, np, NM_STRICT, &L, &R);
        if (v == V_INCOMPLETE)
            incomplete(run, "R2", "三", where);
        if (v != V_BAD)
            continue;
        buf n;
        buf_init(&n);
        buf_puts(&n, "总计 ");
        put_val(&n, r->app[APP_HANDLED_TOTAL][c]);
        buf_puts(&n, " ≠ 各项之和 ");
        put_val(&n, R);
        /* name the rows that hold something, so the user finds them */
        int shown = 0;
        for (int k = 0; k < np; k++)
            if (!rpt_is_null(parts[k]) && parts[k] != 0) {
                buf_puts(&n, shown ? "，" : "：");
                if (shown++ == 4) {
                    buf_puts(&n, "…");
                    break;
                }
                rpt_app_row_name(rows[k], &n);
                buf_putc(&n, ' ');
                put_val(&n, parts[k]);
            }
        emit(run, "R2", where, "办理结果总计应等于（一）至（六）各项之和", &n);
        buf_free(&n);
    }
}

/* A finding that a row's total (cells[ntot]) is not the sum R of its cells
 * [0, ntot): "总计 T ≠ a + b + … = R". */
static void emit_total(struct run *run, const char *rule, const char *where, const char *what,
                       const double *cells, int ntot, double R)
{
    buf n;
    buf_init(&n);
    buf_puts(&n, "总计 ");
    put_val(&n, cells[ntot]);
    buf_puts(&n, " ≠ ");
    for (int c = 0; c < ntot; c++) {
        if (c)
            buf_puts(&n, " + ");
        put_val(&n, cells[c]);
    }
    buf_puts(&n, " = ");
    put_val(&n, R);
    emit(run, rule, where, what, &n);
    buf_free(&n);
}

/* ---- R3: per row of table 三 ------------------------------------------- */

static void check_r3(struct run *run)
{
    rpt *r = run->r;
    for (int i = 0; i < APP_NROWS; i++) {
        if (!app_row_used(r, i))
            continue;
        double L, R;
        enum verdict v = balance(&r->app[i][COL_TOTAL], 1, r->app[i], COL_TOTAL, NM_STRICT, &L, &R);
        if (v != V_INCOMPLETE && v != V_BAD)
            continue;
        buf where;
        buf_init(&where);
        buf_puts(&where, "三/");
        rpt_app_row_name(i, &where);
        if (v == V_INCOMPLETE)
            incomplete(run, "R3", "三", where.data);
        if (v == V_BAD) {
            emit_total(run, "R3", where.data, "总计应等于自然人与五类法人或其他组织之和",
                       r->app[i], COL_TOTAL, R);
        }
        buf_free(&where);
    }
}

/* ---- R4: table 四 ------------------------------------------------------- */

static void rl_where(int g, char *out, size_t n)
{
    snprintf(out, n, g == RL_REVIEW ? "四/%s" : "四/行政诉讼·%s", rpt_rl_group_labels[g]);
}

static void check_r4(struct run *run)
{
    rpt *r = run->r;
    for (int g = 0; g < RL_NGROUPS; g++) {
        double L, R;
        char where[96];
        rl_where(g, where, sizeof where);
        enum verdict v = balance(&r->rl[g][RL_TOTAL], 1, r->rl[g], RL_TOTAL, NM_STRICT, &L, &R);
        if (v == V_INCOMPLETE)
            incomplete(run, "R4", "四", where);
        if (v != V_BAD)
            continue;
        emit_total(run, "R4", where, "总计应等于结果维持、结果纠正、其他结果、尚未审结之和",
                   r->rl[g], RL_TOTAL, R);
    }
}

/* ---- R5: whole non-negative numbers ------------------------------------ */

/* Table 二's 本年增/减 is a change: it may be negative, but stays whole. */
static bool may_be_negative(int f) { return strcmp(rpt_pro_fields[f].key, "items_change") == 0; }

/* Whether v breaks R5; the message when it does. */
static const char *r5_bad(double v, bool amount, bool signed_ok)
{
    if (rpt_is_null(v))
        return NULL;
    if (amount)
        return v < 0 ? "金额不能为负数" : NULL;
    if (v != floor(v))
        return "数量应为整数";
    if (!signed_ok && v < 0)
        return "数量不能为负数";
    return NULL;
}

static void r5_emit(struct run *run, const char *where, const char *what, double v)
{
    buf n;
    buf_init(&n);
    put_val(&n, v);
    emit(run, "R5", where, what, &n);
    buf_free(&n);
}

static void check_r5(struct run *run)
{
    rpt *r = run->r;
    char where[384];
    const char *bad;
    for (int f = 0; f < PRO_NFIELDS; f++) {
        if (!(bad = r5_bad(r->pro[f], rpt_pro_fields[f].amount, may_be_negative(f))))
            continue;
        const struct rpt_pro_row *row = &rpt_pro_rows[rpt_pro_fields[f].row];
        snprintf(where, sizeof where, "二/%s/%s",
                 r->layout == RPT_LAYOUT_2019 && row->label_2019 ? row->label_2019 : row->label,
                 rpt_pro_fields[f].header);
        r5_emit(run, where, bad, r->pro[f]);
    }
    for (int i = 0; i < APP_NROWS; i++)
        for (int c = 0; c < RPT_NCOLS; c++) {
            if (!(bad = r5_bad(r->app[i][c], false, false)))
                continue;
            buf w;
            buf_init(&w);
            buf_puts(&w, "三/");
            rpt_app_row_name(i, &w);
            buf_printf(&w, "/%s", rpt_col_labels[c]);
            r5_emit(run, w.data, bad, r->app[i][c]);
            buf_free(&w);
        }
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++) {
            if (!(bad = r5_bad(r->rl[g][c], false, false)))
                continue;
            char gw[96];
            rl_where(g, gw, sizeof gw);
            snprintf(where, sizeof where, "%s/%s", gw, rpt_rl_col_labels[c]);
            r5_emit(run, where, bad, r->rl[g][c]);
        }
    const char *tbl = r->layout == RPT_LAYOUT_2008 ? "统计表" : "正文";
    for (int i = 0; i < rpt_legacy_n; i++) {
        if ((bad = r5_bad(r->legacy[i], rpt_legacy_defs[i].amount, false))) {
            snprintf(where, sizeof where, "%s/%s", tbl, legacy_label(i));
            r5_emit(run, where, bad, r->legacy[i]);
        }
        if ((bad = r5_bad(r->legacy_cum[i], rpt_legacy_defs[i].amount, false))) {
            snprintf(where, sizeof where, "%s/历年累计/%s", tbl, legacy_label(i));
            r5_emit(run, where, bad, r->legacy_cum[i]);
        }
    }
}

/* ---- R6: table 二 plausibility ----------------------------------------- */

static const struct { int row, issued, repealed, in_force; } r6_rows[] = {
    {0, PRO_RULES_ISSUED, PRO_RULES_REPEALED, PRO_RULES_IN_FORCE},
    {1, PRO_NORM_ISSUED, PRO_NORM_REPEALED, PRO_NORM_IN_FORCE},
};
/* The 2019 layout's counterpart: 本年新公开 ≤ 对外公开总数量. */
static const struct { int row, published, public_total; } r6_rows_2019[] = {
    {0, PRO_RULES_PUBLISHED, PRO_RULES_PUBLIC_TOTAL},
    {1, PRO_NORM_PUBLISHED, PRO_NORM_PUBLIC_TOTAL},
};

static const char *pro_row_label(const rpt *r, int row)
{
    const struct rpt_pro_row *p = &rpt_pro_rows[row];
    return r->layout == RPT_LAYOUT_2019 && p->label_2019 ? p->label_2019 : p->label;
}

static void check_r6(struct run *run)
{
    rpt *r = run->r;
    char where[128];
    for (size_t k = 0; k < sizeof r6_rows / sizeof r6_rows[0]; k++) {
        double is = r->pro[r6_rows[k].issued], re = r->pro[r6_rows[k].repealed],
               in = r->pro[r6_rows[k].in_force];
        snprintf(where, sizeof where, "二/%s", pro_row_label(r, r6_rows[k].row));
        buf n;
        buf_init(&n);
        if (!rpt_is_null(is) && !rpt_is_null(in) && in < is) {
            buf_puts(&n, "现行有效 ");
            put_val(&n, in);
            buf_puts(&n, " < 本年制发 ");
            put_val(&n, is);
            emit(run, "R6", where, "现行有效件数少于本年制发件数（本年制发又废止的请核对）", &n);
        }
        buf_reset(&n);
        if (!rpt_is_null(re) && re > 0 && !rpt_is_null(in) && in == 0) {
            buf_puts(&n, "本年废止 ");
            put_val(&n, re);
            buf_puts(&n, "，现行有效 0");
            emit(run, "R6", where, "有废止而现行有效件数为 0，请核对现行有效件数", &n);
        }
        buf_free(&n);
    }
    for (size_t k = 0; k < sizeof r6_rows_2019 / sizeof r6_rows_2019[0]; k++) {
        double pu = r->pro[r6_rows_2019[k].published], to = r->pro[r6_rows_2019[k].public_total];
        if (rpt_is_null(pu) || rpt_is_null(to) || to >= pu)
            continue;
        snprintf(where, sizeof where, "二/%s", pro_row_label(r, r6_rows_2019[k].row));
        buf n;
        buf_init(&n);
        buf_puts(&n, "对外公开总数量 ");
        put_val(&n, to);
        buf_puts(&n, " < 本年新公开 ");
        put_val(&n, pu);
        emit(run, "R6", where, "对外公开总数量少于本年新公开数量", &n);
        buf_free(&n);
    }
}

/* ---- L1, L2: the 2008 sums --------------------------------------------- */

/* total = sum of parts; `alt` is a second way of listing the parts (L1:
 * 信函、传真 as one row). The rule holds when either list adds up. */
struct legacy_sum {
    const char *rule;
    const char *total;
    const char *parts[10];
    const char *alt[10];
};
static const struct legacy_sum legacy_sums[] = {
    {"L1", "applications.received",
     {"applications.in_person", "applications.fax", "applications.online", "applications.letter"},
     {"applications.in_person", "applications.online", "applications.letter_fax"}},
    {"L2", "applications.completed", {"applications.on_time", "applications.extended"}, {NULL}},
    {"L2", "replies.total",
     {"replies.already_public", "replies.granted", "replies.partly", "replies.refused",
      "replies.not_this_agency", "replies.not_exist", "replies.amend", "replies.other_route",
      "replies.other_types"}, {NULL}},
    {"L2", "replies.refused",
     {"replies.refused.state_secret", "replies.refused.commercial_secret", "replies.refused.privacy",
      "replies.refused.security", "replies.refused.not_gov_info", "replies.refused.other_law"}, {NULL}},
    {"L2", "review.total", {"review.upheld", "review.corrected", "review.other"}, {NULL}},
    {"L2", "litigation.total", {"litigation.upheld", "litigation.corrected", "litigation.other"}, {NULL}},
    {"L2", "staff.total", {"staff.full_time", "staff.part_time"}, {NULL}},
};

/* L3: the channels of proactive disclosure. */
static const char *const legacy_channels[] = {
    "proactive.gazette", "proactive.website", "proactive.weibo", "proactive.wechat", "proactive.other",
};

static int lidx(const char *key)
{
    int i = rpt_legacy_index(key);
    if (i < 0)
        abort();   /* the tables above name a key layout.c does not have */
    return i;
}

/* The null mode of a legacy equation: exact for a 2008 table, "parts at
 * most" as soon as one operand comes from the narrative text. */
static enum nullmode legacy_mode(const rpt *r, const double *vals, const int *idx, int n, bool cum)
{
    if (r->layout != RPT_LAYOUT_2008)
        return NM_PARTS_AT_MOST;
    for (int k = 0; k < n; k++)
        if (!cum && r->legacy_from_text[idx[k]] && !rpt_is_null(vals[k]))
            return NM_PARTS_AT_MOST;
    return NM_PARTS_OPTIONAL;
}

static void legacy_where(const rpt *r, bool cum, int key, char *out, size_t n)
{
    snprintf(out, n, "%s%s/%s", r->layout == RPT_LAYOUT_2008 ? "统计表" : "正文", cum ? "/历年累计" : "",
             legacy_label(key));
}

/* One way of listing a 2008 sum's parts judged in one column (vals): the
 * total at ti against the parts; V_SKIP when this way lists none. *m is
 * the null mode used, *R the parts' sum. */
static enum verdict judge_way(const rpt *r, const double *vals, int ti, const char *const *parts, bool cum,
                              enum nullmode *m, double *R)
{
    if (!parts[0])
        return V_SKIP;
    double pv[11];
    int pi[11], np = 0;
    for (; np < 10 && parts[np]; np++) {
        pi[np] = lidx(parts[np]);
        pv[np] = vals[pi[np]];
    }
    pi[np] = ti;
    pv[np] = vals[ti];
    *m = legacy_mode(r, pv, pi, np + 1, cum);
    double L;
    return balance(&vals[ti], 1, pv, np, *m, &L, R);
}

static void check_legacy_sums(struct run *run, const char *rule)
{
    rpt *r = run->r;
    for (int cum = 0; cum < 2; cum++) {
        const double *vals = cum ? r->legacy_cum : r->legacy;
        for (size_t s = 0; s < sizeof legacy_sums / sizeof legacy_sums[0]; s++) {
            const struct legacy_sum *ls = &legacy_sums[s];
            if (strcmp(ls->rule, rule) != 0)
                continue;
            int ti = lidx(ls->total);
            bool ok = false, bad = false;
            const char *const *bad_parts = NULL;
            double badR = 0;
            enum nullmode bad_mode = NM_PARTS_OPTIONAL;
            for (int a = 0; a < 2 && !ok; a++) {
                const char *const *parts = a ? ls->alt : ls->parts;
                enum nullmode m = NM_PARTS_OPTIONAL;
                double R = 0;
                enum verdict v = judge_way(r, vals, ti, parts, cum, &m, &R);
                if (v == V_OK)
                    ok = true;
                else if (v == V_BAD && !bad) {
                    /* report the first way of listing the parts that fails */
                    bad = true;
                    bad_parts = parts, badR = R, bad_mode = m;
                }
            }
            if (ok || !bad)
                continue;
            char where[384];
            legacy_where(r, cum, ti, where, sizeof where);
            buf n;
            buf_init(&n);
            put_val(&n, vals[ti]);
            buf_puts(&n, " ≠ ");
            bool first = true;
            for (int k = 0; k < 10 && bad_parts[k]; k++) {
                int i = lidx(bad_parts[k]);
                if (rpt_is_null(vals[i]))
                    continue;
                if (!first)
                    buf_puts(&n, " + ");
                first = false;
                buf_printf(&n, "%s ", legacy_label(i));
                put_val(&n, vals[i]);
            }
            buf_puts(&n, " = ");
            put_val(&n, badR);
            bool at_most = bad_mode == NM_PARTS_AT_MOST;
            char stmt[512];
            snprintf(stmt, sizeof stmt, at_most ? "%s不应少于其各项之和" : "%s应等于其各项之和",
                     legacy_label(ti));
            emit(run, rule, where, stmt, &n);
            buf_free(&n);
        }
    }
}

static void check_l1(struct run *run) { check_legacy_sums(run, "L1"); }
static void check_l2(struct run *run) { check_legacy_sums(run, "L2"); }

static void check_l3(struct run *run)
{
    rpt *r = run->r;
    int ti = lidx("proactive.total");
    for (int cum = 0; cum < 2; cum++) {
        const double *vals = cum ? r->legacy_cum : r->legacy;
        double total = vals[ti];
        if (rpt_is_null(total))
            continue;
        char where[384];
        legacy_where(r, cum, ti, where, sizeof where);
        double sum = 0;
        int given = 0;
        const int nch = (int)(sizeof legacy_channels / sizeof legacy_channels[0]);
        for (int k = 0; k < nch; k++) {
            int i = lidx(legacy_channels[k]);
            if (rpt_is_null(vals[i]))
                continue;
            given++;
            sum += vals[i];
            if (vals[i] > total) {
                buf n;
                buf_init(&n);
                buf_printf(&n, "%s ", legacy_label(i));
                put_val(&n, vals[i]);
                buf_puts(&n, " > 主动公开总数 ");
                put_val(&n, total);
                emit(run, "L3", where, "某一渠道公开数大于主动公开政府信息总数", &n);
                buf_free(&n);
            }
        }
        /* The upper bound needs every channel the table lists: in narrative
         * text a channel that is not mentioned is not zero. */
        if (given && r->layout == RPT_LAYOUT_2008 && total > sum + 1e-9) {
            buf n;
            buf_init(&n);
            buf_puts(&n, "主动公开总数 ");
            put_val(&n, total);
            buf_puts(&n, " > 各渠道之和 ");
            put_val(&n, sum);
            emit(run, "L3", where, "主动公开政府信息总数大于各渠道公开数之和", &n);
            buf_free(&n);
        }
    }
}

/* ---- the 2008 rules as a test of a reading --------------------------------- */

/* Whether one 2008 sum holds in one column, as check_legacy_sums judges it
 * (either way of listing the parts); true when it cannot be judged. */
static bool sum_holds(const rpt *r, const double *vals, const struct legacy_sum *ls, bool cum)
{
    int ti = lidx(ls->total);
    bool judged = false;
    for (int a = 0; a < 2; a++) {
        enum nullmode m;
        double R = 0;
        enum verdict v = judge_way(r, vals, ti, a ? ls->alt : ls->parts, cum, &m, &R);
        if (v == V_OK)
            return true;
        judged |= v == V_BAD;
    }
    return !judged;
}

static bool sum_touches(const struct legacy_sum *ls, const bool *involved)
{
    if (involved[lidx(ls->total)])
        return true;
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < 10 && (a ? ls->alt : ls->parts)[k]; k++)
            if (involved[lidx((a ? ls->alt : ls->parts)[k])])
                return true;
    return false;
}

/* L3 in one column: each channel ≤ the total ≤ the channels' sum. */
static bool channels_hold(const rpt *r, const double *vals)
{
    double total = vals[lidx("proactive.total")], sum = 0;
    if (rpt_is_null(total))
        return true;
    int given = 0;
    for (size_t k = 0; k < sizeof legacy_channels / sizeof legacy_channels[0]; k++) {
        double v = vals[lidx(legacy_channels[k])];
        if (rpt_is_null(v))
            continue;
        if (v > total)
            return false;
        sum += v;
        given++;
    }
    return !(given && r->layout == RPT_LAYOUT_2008 && total > sum + 1e-9);
}

bool rpt_legacy_consistent(const rpt *r, const bool *involved)
{
    bool l3 = involved[lidx("proactive.total")];
    for (size_t k = 0; k < sizeof legacy_channels / sizeof legacy_channels[0]; k++)
        l3 |= involved[lidx(legacy_channels[k])];
    for (int cum = 0; cum < 2; cum++) {
        const double *vals = cum ? r->legacy_cum : r->legacy;
        for (size_t s = 0; s < sizeof legacy_sums / sizeof legacy_sums[0]; s++)
            if (sum_touches(&legacy_sums[s], involved) && !sum_holds(r, vals, &legacy_sums[s], cum))
                return false;
        if (l3 && !channels_hold(r, vals))
            return false;
    }
    return true;
}

/* ---- the walk ------------------------------------------------------------ */

static const struct {
    const char *rule;
    void (*run)(struct run *);
} check_steps[] = {
    {"R1", check_r1}, {"R2", check_r2}, {"R3", check_r3}, {"R4", check_r4}, {"R5", check_r5},
    {"R6", check_r6}, {"L1", check_l1}, {"L2", check_l2}, {"L3", check_l3},
};

/* Removes the findings of the given rules, so that checking twice (or
 * checking a report read back from JSON with its problems) does not repeat
 * them. */
static void drop_findings(rpt *r, bool cross)
{
    size_t k = 0;
    for (size_t i = 0; i < r->nproblems; i++) {
        const char *id = r->problems[i].rule;
        bool is_cross = id[0] == 'X';
        bool ours = rule_info(id) != NULL && is_cross == cross;
        if (ours) {
            free(r->problems[i].rule);
            free(r->problems[i].where);
            free(r->problems[i].message);
        } else {
            r->problems[k++] = r->problems[i];
        }
    }
    r->nproblems = k;
}

/* The table a problem's place is in: "三" of "三/科研机构"; the 2008 table
 * ("统计表") for a legacy key. */
static void table_of(const char *where, char *out, size_t cap)
{
    const char *slash = strchr(where, '/');
    if (strncmp(where, "二", 3) == 0 || strncmp(where, "三", 3) == 0 || strncmp(where, "四", 3) == 0)
        snprintf(out, cap, "%.*s", (int)(slash ? (size_t)(slash - where) : strlen(where)), where);
    else
        snprintf(out, cap, "统计表");
}

/* A finding in a table where the reader decoded numbers that ran together or
 * counted blank cells as 0 says so: it may rest on those figures (issue 12). */
static void note_read_cells(rpt *r)
{
    char tables[4][16];
    int nt = 0;
    for (size_t i = 0; i < r->nproblems && nt < 4; i++) {
        const struct rpt_problem *p = &r->problems[i];
        if (strcmp(p->rule, "READ") || (!strstr(p->message, "连在一起") && !strstr(p->message, "计为0")))
            continue;
        char t[16];
        table_of(p->where, t, sizeof t);
        bool dup = false;
        for (int k = 0; k < nt; k++)
            dup |= strcmp(tables[k], t) == 0;
        if (!dup)
            snprintf(tables[nt++], sizeof tables[0], "%s", t);
    }
    for (size_t i = 0; i < r->nproblems && nt > 0; i++) {
        struct rpt_problem *p = &r->problems[i];
        if (strcmp(p->rule, "READ") == 0 || p->rule[0] == 'X')
            continue;
        char t[16];
        table_of(p->where, t, sizeof t);
        for (int k = 0; k < nt; k++)
            if (strcmp(tables[k], t) == 0) {
                buf b;
                buf_init(&b);
                buf_printf(&b, "%s（本表有数值系由连写的数字拆分或空白计为0得出，见READ说明）", p->message);
                free(p->message);
                p->message = buf_detach(&b);
                break;
            }
    }
}

void rpt_check(rpt *r)
{
    drop_findings(r, false);
    struct run run = {.r = r};
    for (size_t i = 0; i < sizeof check_steps / sizeof check_steps[0]; i++)
        check_steps[i].run(&run);
    flush_incomplete(&run);
    note_read_cells(r);
}

/* ---- X1, X2: consecutive years of one agency ------------------------------ */

static int by_year(const void *a, const void *b)
{
    const rpt *x = *(rpt *const *)a, *y = *(rpt *const *)b;
    return (x->year > y->year) - (x->year < y->year);
}

static const struct { int row, issued, repealed, in_force; } x2_rows[] = {
    {0, PRO_RULES_ISSUED, PRO_RULES_REPEALED, PRO_RULES_IN_FORCE},
    {1, PRO_NORM_ISSUED, PRO_NORM_REPEALED, PRO_NORM_IN_FORCE},
};

static void check_pair(rpt *prev, rpt *cur)
{
    struct run run = {.r = cur};
    for (int c = 0; c < RPT_NCOLS; c++) {
        double in = cur->app[APP_CARRIED_IN][c], out = prev->app[APP_CARRIED_OUT][c];
        if (rpt_is_null(in) || rpt_is_null(out) || fabs(in - out) < 1e-9)
            continue;
        char where[96];
        snprintf(where, sizeof where, "三/%s", rpt_col_labels[c]);
        buf n;
        buf_init(&n);
        buf_printf(&n, "%d年上年结转 ", cur->year);
        put_val(&n, in);
        buf_printf(&n, " ≠ %d年结转下年度继续办理 ", prev->year);
        put_val(&n, out);
        emit(&run, "X1", where, "上年结转应等于上一年度报告的结转下年度继续办理", &n);
        buf_free(&n);
    }
    for (size_t k = 0; k < sizeof x2_rows / sizeof x2_rows[0]; k++) {
        double was = prev->pro[x2_rows[k].in_force], is = cur->pro[x2_rows[k].in_force],
               iss = cur->pro[x2_rows[k].issued], rep = cur->pro[x2_rows[k].repealed];
        if (rpt_is_null(was) || rpt_is_null(is) || rpt_is_null(iss) || rpt_is_null(rep))
            continue;
        double want = was + iss - rep;
        if (fabs(want - is) < 1e-9)
            continue;
        char where[128];
        snprintf(where, sizeof where, "二/%s", pro_row_label(cur, x2_rows[k].row));
        buf n;
        buf_init(&n);
        buf_printf(&n, "%d年现行有效 ", cur->year);
        put_val(&n, is);
        buf_printf(&n, " ≠ %d年现行有效 ", prev->year);
        put_val(&n, was);
        buf_puts(&n, " + 本年制发 ");
        put_val(&n, iss);
        buf_puts(&n, " − 本年废止 ");
        put_val(&n, rep);
        buf_puts(&n, " = ");
        put_val(&n, want);
        emit(&run, "X2", where, "现行有效件数应等于上年现行有效加本年制发减本年废止", &n);
        buf_free(&n);
    }
}

void rpt_check_across(rpt **reps, size_t n)
{
    if (n == 0)
        return;
    rpt **v = xmalloc(n * sizeof *v);
    memcpy(v, reps, n * sizeof *v);
    qsort(v, n, sizeof *v, by_year);
    for (size_t i = 0; i < n; i++)
        drop_findings(v[i], true);
    for (size_t i = 1; i < n; i++) {
        if (!v[i]->year || v[i]->year != v[i - 1]->year + 1)
            continue;
        check_pair(v[i - 1], v[i]);
    }
    free(v);
}
