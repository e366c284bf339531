/*
 * report — rendering: from a model to the printed shape of the national
 * formats (render_doc.h), and the entry points rpt_render / rpt_render_xlsx.
 *
 * Tables are built exactly as the official formats print them:
 *  - 2021 (国办公开办函〔2021〕30号): table 二 by items of Art. 20 ((一) 规章
 *    and 行政规范性文件, (五) 行政许可, (六) 行政处罚/行政强制, (八) 收费),
 *    table 三 with the two-level applicant header and the row groups of
 *    三、本年度办理结果, table 四 with 行政复议 / 行政诉讼 (未经复议直接起诉,
 *    复议后起诉);
 *  - 2019: its own table 二 (本年新制作/本年新公开/对外公开总数量, 上一年项目数量/
 *    本年增/减/处理决定数量, (九) 政府集中采购) and a single （六）其他处理 row;
 *  - 2008: the statistics table 统计指标 / 单位 / 统计数 (/ 历年累计);
 *  - narrative: a list of the counts taken from the text.
 * A field a report carries outside its layout's table (reports in the wild
 * mix the two) gets its own column, headed by its own header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/render_doc.h"

/* ---- cells -------------------------------------------------------------- */

static struct rtable *rt_new(int rows, int cols, const char *css, const char *sheet)
{
    struct rtable *t = xcalloc(1, sizeof *t);
    t->rows = rows, t->cols = cols, t->css = css, t->sheet = sheet;
    t->c = xcalloc((size_t)rows * (size_t)cols, sizeof *t->c);
    for (int i = 0; i < rows * cols; i++) {
        t->c[i].rowspan = t->c[i].colspan = 1;
        t->c[i].num = RPT_NULL;
    }
    return t;
}

static void rt_grow(struct rtable *t, int rows)
{
    if (rows <= t->rows)
        return;
    t->c = xrealloc(t->c, (size_t)rows * (size_t)t->cols * sizeof *t->c);
    for (int i = t->rows * t->cols; i < rows * t->cols; i++) {
        memset(&t->c[i], 0, sizeof t->c[i]);
        t->c[i].rowspan = t->c[i].colspan = 1;
        t->c[i].num = RPT_NULL;
    }
    t->rows = rows;
}

static void rt_free(struct rtable *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->rows * t->cols; i++)
        free(t->c[i].text);
    free(t->c);
    free(t);
}

static struct rcell *put(struct rtable *t, int r, int c, enum rcell_kind k, const char *text, int rs,
                         int cs)
{
    struct rcell *x = rt_at(t, r, c);
    x->kind = k;
    free(x->text);
    x->text = text ? xstrdup(text) : NULL;
    x->rowspan = rs, x->colspan = cs;
    for (int i = r; i < r + rs; i++)
        for (int j = c; j < c + cs; j++)
            if (i != r || j != c)
                rt_at(t, i, j)->kind = RC_COVERED;
    return x;
}

static void putnum(struct rtable *t, int r, int c, double v, bool amount, int cs)
{
    struct rcell *x = put(t, r, c, RC_NUM, NULL, 1, cs);
    x->num = v;
    x->amount = amount;
}

void rdoc_num(buf *b, double v, const char *null_text)
{
    if (rpt_is_null(v)) {
        if (null_text)
            buf_puts(b, null_text);
    } else if (v == (double)(long long)v && v > -1e15 && v < 1e15) {
        buf_printf(b, "%lld", (long long)v);
    } else {
        buf_printf(b, "%.15g", v);
    }
}

void rdoc_cell_text(const struct rcell *c, buf *b, const char *null_text)
{
    if (c->kind == RC_NUM)
        rdoc_num(b, c->num, null_text);
    else if (c->text)
        buf_puts(b, c->text);
}

/* ---- table 二 ------------------------------------------------------------ */

/* Blocks of table 二: the item of Art. 20 and the rows it holds. */
static const struct { const char *item; int rows[3]; } t2_blocks[] = {
    {"第二十条第（一）项", {0, 1, -1}},
    {"第二十条第（五）项", {2, 3, -1}},
    {"第二十条第（六）项", {4, 5, -1}},
    {"第二十条第（八）项", {6, -1, -1}},
    {"第二十条第（九）项", {7, -1, -1}},
};

static bool pro_row_shown(const rpt *r, int row)
{
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].row == row && rpt_pro_field_shown(r, f))
            return true;
    return false;
}

static struct rtable *build_t2(const rpt *r)
{
    struct rtable *t = rt_new(0, 4, "t2", "二 主动公开");
    t->width_mm[0] = 52, t->width_mm[1] = 40, t->width_mm[2] = 40, t->width_mm[3] = 40;
    int row = 0;
    for (size_t b = 0; b < sizeof t2_blocks / sizeof t2_blocks[0]; b++) {
        int rows[3], nr = 0;
        for (int k = 0; k < 3 && t2_blocks[b].rows[k] >= 0; k++)
            if (pro_row_shown(r, t2_blocks[b].rows[k]))
                rows[nr++] = t2_blocks[b].rows[k];
        if (!nr)
            continue;
        /* the block's columns: every field shown in one of its rows, in
         * field order; fields with the same key (decisions of 行政许可 and
         * of 其他对外管理服务事项) share a column, headed by the first */
        const char *keys[6], *heads[6];
        int nh = 0;
        for (int f = 0; f < PRO_NFIELDS; f++) {
            bool in = false;
            for (int k = 0; k < nr; k++)
                in |= rpt_pro_fields[f].row == rows[k] && rpt_pro_field_shown(r, f);
            if (!in)
                continue;
            bool dup = false;
            for (int h = 0; h < nh; h++)
                dup |= strcmp(keys[h], rpt_pro_fields[f].key) == 0;
            if (!dup && nh < 3) {
                keys[nh] = rpt_pro_fields[f].key;
                heads[nh++] = rpt_pro_fields[f].header;
            }
        }
        rt_grow(t, row + 2 + nr);
        t->block_row[t->nblocks++] = row;
        put(t, row, 0, RC_BLOCK, t2_blocks[b].item, 1, 4);
        put(t, row + 1, 0, RC_HEAD, "信息内容", 1, 1);
        for (int h = 0; h < nh; h++)
            put(t, row + 1, 1 + h, RC_HEAD, heads[h], 1, h == nh - 1 ? 3 - h : 1);
        for (int k = 0; k < nr; k++) {
            int rr = row + 2 + k;
            const struct rpt_pro_row *pr = &rpt_pro_rows[rows[k]];
            put(t, rr, 0, RC_LABEL,
                r->layout == RPT_LAYOUT_2019 && pr->label_2019 ? pr->label_2019 : pr->label, 1, 1);
            for (int h = 0; h < nh; h++) {
                int cs = h == nh - 1 ? 3 - h : 1;
                int f = -1;
                for (int i = 0; i < PRO_NFIELDS; i++)
                    if (rpt_pro_fields[i].row == rows[k] && strcmp(rpt_pro_fields[i].key, keys[h]) == 0)
                        f = i;
                if (f >= 0 && rpt_pro_field_shown(r, f))
                    putnum(t, rr, 1 + h, r->pro[f], rpt_pro_fields[f].amount, cs);
                else
                    put(t, rr, 1 + h, RC_EMPTY, NULL, 1, cs);
            }
        }
        row += 2 + nr;
    }
    return t;
}

/* ---- table 三 ------------------------------------------------------------ */

#define T3_NOTE "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

/* Whether （六）其他处理 prints as three rows (2021) or one (2019). */
static bool t3_split_other(const rpt *r)
{
    if (r->layout != RPT_LAYOUT_2019)
        return true;
    for (int c = 0; c < RPT_NCOLS; c++)
        if (!rpt_is_null(r->app[APP_O_NO_SUPPLEMENT][c]) || !rpt_is_null(r->app[APP_O_FEE_UNPAID][c]))
            return true;
    return false;
}

/* Numbering of the groups of 三、本年度办理结果 */
static const struct { const char *group; const char *number; } t3_groups[] = {
    {"withheld", "（三）"}, {"unavailable", "（四）"}, {"not_processed", "（五）"}, {"other", "（六）"},
};

static const char *t3_group_number(const char *group)
{
    for (size_t i = 0; i < sizeof t3_groups / sizeof t3_groups[0]; i++)
        if (strcmp(t3_groups[i].group, group) == 0)
            return t3_groups[i].number;
    return "";
}

static struct rtable *build_t3(const rpt *r)
{
    bool split = t3_split_other(r);
    int body = APP_NROWS - (split ? 0 : 2);
    struct rtable *t = rt_new(3 + body, 10, "t3", "三 依申请公开");
    t->head_rows = 3;
    static const int w[10] = {9, 17, 44, 15, 15, 15, 15, 15, 15, 15};
    memcpy(t->width_mm, w, sizeof w);
    put(t, 0, 0, RC_HEAD, T3_NOTE, 3, 3)->flat_skip = true;
    put(t, 0, 3, RC_HEAD, "申请人情况", 1, 7)->flat_skip = true;
    put(t, 1, 3, RC_HEAD, rpt_col_labels[COL_NATURAL], 2, 1);
    put(t, 1, 4, RC_HEAD, "法人或其他组织", 1, 5);
    put(t, 1, 9, RC_HEAD, rpt_col_labels[COL_TOTAL], 2, 1);
    for (int c = COL_COMMERCIAL; c <= COL_OTHER; c++)
        put(t, 2, 3 + c, RC_HEAD, rpt_col_labels[c], 1, 1);

    int outcome_rows = 0;
    for (int i = 0; i < APP_NROWS; i++)
        if (rpt_app_rows[i].outcome || i == APP_HANDLED_TOTAL)
            outcome_rows++;
    if (!split)
        outcome_rows -= 2;

    int row = 3;
    char lab[512];
    for (int i = 0; i < APP_NROWS; i++) {
        const struct rpt_app_row_def *d = &rpt_app_rows[i];
        if (!split && (i == APP_O_NO_SUPPLEMENT || i == APP_O_FEE_UNPAID))
            continue;
        if (i == APP_GRANTED)
            put(t, row, 0, RC_LABEL, "三、本年度办理结果", outcome_rows, 1);
        snprintf(lab, sizeof lab, "%s%s", d->number, d->label);
        if (!d->group && (i == APP_NEW || i == APP_CARRIED_IN || i == APP_CARRIED_OUT)) {
            put(t, row, 0, RC_LABEL, lab, 1, 3);
        } else if (!d->group) {
            put(t, row, 1, RC_LABEL, lab, 1, 2);
        } else if (!split && i == APP_O_OTHER) {
            snprintf(lab, sizeof lab, "%s%s", t3_group_number(d->group), d->group_label);
            put(t, row, 1, RC_LABEL, lab, 1, 2);
        } else {
            bool first = i == 0 || !rpt_app_rows[i - 1].group ||
                         strcmp(rpt_app_rows[i - 1].group, d->group) != 0;
            if (first) {
                int n = 0;
                for (int k = i; k < APP_NROWS && rpt_app_rows[k].group &&
                                strcmp(rpt_app_rows[k].group, d->group) == 0; k++)
                    n++;
                char g[128];
                snprintf(g, sizeof g, "%s%s", t3_group_number(d->group), d->group_label);
                put(t, row, 1, RC_LABEL, g, n, 1);
            }
            put(t, row, 2, RC_LABEL, lab, 1, 1);
        }
        for (int c = 0; c < RPT_NCOLS; c++)
            putnum(t, row, 3 + c, r->app[i][c], false, 1);
        row++;
    }
    return t;
}

/* ---- table 四 ------------------------------------------------------------ */

static struct rtable *build_t4(const rpt *r)
{
    struct rtable *t = rt_new(4, 15, "t4", "四 复议诉讼");
    t->head_rows = 3;
    for (int c = 0; c < 15; c++)
        t->width_mm[c] = 11;
    put(t, 0, 0, RC_HEAD, "行政复议", 1, 5);
    put(t, 0, 5, RC_HEAD, "行政诉讼", 1, 10);
    for (int c = 0; c < RL_NCOLS; c++)
        put(t, 1, c, RC_HEAD, rpt_rl_col_labels[c], 2, 1);
    put(t, 1, 5, RC_HEAD, rpt_rl_group_labels[RL_LIT_DIRECT], 1, 5);
    put(t, 1, 10, RC_HEAD, rpt_rl_group_labels[RL_LIT_AFTER_REVIEW], 1, 5);
    for (int g = RL_LIT_DIRECT; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            put(t, 2, 5 * g + c, RC_HEAD, rpt_rl_col_labels[c], 1, 1);
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            putnum(t, 3, 5 * g + c, r->rl[g][c], false, 1);
    return t;
}

/* ---- the 2008 statistics table ------------------------------------------ */

/* Sections of the statistics table: a heading row (with a figure when key
 * is set) and the legacy keys under it (by prefix). */
static const struct {
    const char *heading;
    const char *key;        /* the heading's own figure, or NULL */
    const char *prefix[3];
} stats_sections[] = {
    {"一、主动公开情况", NULL, {"proactive.", NULL}},
    {"二、回应解读情况", NULL, {"responses.", NULL}},
    {"三、依申请公开情况", NULL, {"applications.", "replies.", NULL}},
    {"四、行政复议数量", "review.total", {"review.", NULL}},
    {"五、行政诉讼数量", "litigation.total", {"litigation.", NULL}},
    {"六、举报投诉数量", "complaints", {NULL}},
    {"七、依申请公开信息收取的费用", "fees_10k_yuan", {NULL}},
    {"八、机构建设和保障经费情况", NULL, {"staff.", "budget_", NULL}},
    {"九、政府信息公开会议和培训情况", NULL, {"meetings", "trainings", "trainees"}},
};

static bool legacy_given(const rpt *r, int i)
{
    return !rpt_is_null(r->legacy[i]) || !rpt_is_null(r->legacy_cum[i]);
}

static bool has_cumulative(const rpt *r)
{
    for (int i = 0; i < rpt_legacy_n; i++)
        if (!rpt_is_null(r->legacy_cum[i]))
            return true;
    return false;
}

/* Appends keys[k] and, after it, the keys whose parent it is (recursively). */
static void stats_tree(const int *keys, int nk, int k, int d, int *order, int *depth, int *no)
{
    order[*no] = keys[k];
    depth[(*no)++] = d;
    for (int m = 0; m < nk; m++) {
        const char *par = rpt_legacy_defs[keys[m]].parent;
        if (par && strcmp(par, rpt_legacy_defs[keys[k]].key) == 0)
            stats_tree(keys, nk, m, d + 1, order, depth, no);
    }
}

static const char *const cn_num[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                     "十一", "十二", "十三", "十四", "十五"};

static struct rtable *build_stats(const rpt *r)
{
    bool cum = has_cumulative(r);
    int cols = cum ? 4 : 3;
    struct rtable *t = rt_new(1, cols, "stats", "统计表");
    t->head_rows = 1;
    t->width_mm[0] = cum ? 100 : 118, t->width_mm[1] = 18, t->width_mm[2] = 28, t->width_mm[3] = 28;
    put(t, 0, 0, RC_HEAD, "统计指标", 1, 1);
    put(t, 0, 1, RC_HEAD, "单位", 1, 1);
    put(t, 0, 2, RC_HEAD, "统计数", 1, 1);
    if (cum)
        put(t, 0, 3, RC_HEAD, "历年累计", 1, 1);
    bool done[256] = {0};
    int row = 1;
    char lab[512];
    for (size_t s = 0; s < sizeof stats_sections / sizeof stats_sections[0]; s++) {
        int sk = stats_sections[s].key ? rpt_legacy_index(stats_sections[s].key) : -1;
        /* the keys under this section that the report gives */
        int keys[128], nk = 0;
        for (int i = 0; i < rpt_legacy_n && i < 256; i++) {
            if (done[i] || i == sk || !legacy_given(r, i))
                continue;
            bool in = false;
            for (int p = 0; p < 3 && stats_sections[s].prefix[p]; p++)
                in |= strncmp(rpt_legacy_defs[i].key, stats_sections[s].prefix[p],
                              strlen(stats_sections[s].prefix[p])) == 0;
            if (in)
                keys[nk++] = i;
        }
        if (!nk && !(sk >= 0 && legacy_given(r, sk)))
            continue;
        rt_grow(t, row + 1 + nk);
        put(t, row, 0, RC_LABEL, stats_sections[s].heading, 1, 1)->strong = true;
        if (sk >= 0) {
            done[sk] = true;
            put(t, row, 1, RC_TEXT, rpt_legacy_unit(sk), 1, 1);
            putnum(t, row, 2, r->legacy[sk], rpt_legacy_defs[sk].amount, 1);
            if (cum)
                putnum(t, row, 3, r->legacy_cum[sk], rpt_legacy_defs[sk].amount, 1);
        } else {
            put(t, row, 1, RC_EMPTY, NULL, 1, cols - 1);
        }
        row++;
        /* parents first, each followed by its parts (tree order) */
        int order[128], depth[128], no = 0;
        for (int k = 0; k < nk; k++) {
            const char *par = rpt_legacy_defs[keys[k]].parent;
            bool parent_listed = false;   /* then it is printed under its parent */
            for (int m = 0; m < nk; m++)
                parent_listed |= par && strcmp(par, rpt_legacy_defs[keys[m]].key) == 0;
            if (parent_listed)
                continue;
            stats_tree(keys, nk, k, 0, order, depth, &no);
        }
        int n0 = 0, n1 = 0;
        for (int k = 0; k < no; k++, row++) {
            int i = order[k];
            done[i] = true;
            if (depth[k] == 0) {
                n1 = 0;
                snprintf(lab, sizeof lab, "（%s）%s", cn_num[n0 < 15 ? n0 : 14], rpt_legacy_defs[i].labels[0]);
                n0++;
            } else if (depth[k] == 1) {
                snprintf(lab, sizeof lab, "%d.%s", ++n1, rpt_legacy_defs[i].labels[0]);
            } else {
                snprintf(lab, sizeof lab, "其中：%s", rpt_legacy_defs[i].labels[0]);
            }
            struct rcell *x = put(t, row, 0, RC_LABEL, lab, 1, 1);
            x->indent = depth[k];
            put(t, row, 1, RC_TEXT, rpt_legacy_unit(i), 1, 1);
            putnum(t, row, 2, r->legacy[i], rpt_legacy_defs[i].amount, 1);
            if (cum)
                putnum(t, row, 3, r->legacy_cum[i], rpt_legacy_defs[i].amount, 1);
        }
    }
    return t;
}

/* ---- the narrative layout ------------------------------------------------- */

/* How the list of counts words the figures a report's narrative states:
 * the phrases published reports use ("收到政府信息公开申请141件", "当面申请82件"),
 * which is also how the reader (read_meta.c) finds them in a text. Other
 * counts print with their statistics-table label. */
static const struct { const char *key, *phrase; } narrative_phrases[] = {
    {"applications.received", "收到政府信息公开申请"},
    {"applications.in_person", "当面申请"},
    {"applications.fax", "传真申请"},
    {"applications.online", "网络申请"},
    {"applications.letter", "信函申请"},
    {"applications.letter_fax", "信函、传真申请"},
    {"review.total", "行政复议"},
    {"litigation.total", "行政诉讼"},
};

static const char *narrative_label(int i)
{
    for (size_t k = 0; k < sizeof narrative_phrases / sizeof narrative_phrases[0]; k++)
        if (strcmp(narrative_phrases[k].key, rpt_legacy_defs[i].key) == 0)
            return narrative_phrases[k].phrase;
    return rpt_legacy_defs[i].labels[0];
}

/* ---- the document --------------------------------------------------------- */

static char *title_of(const rpt *r)
{
    buf b;
    buf_init(&b);
    if (r->agency)
        buf_puts(&b, r->agency);
    if (r->year)
        buf_printf(&b, "%d年", r->year);
    buf_puts(&b, "政府信息公开工作年度报告");
    return buf_detach(&b);
}

static struct rsection *add_sec(struct rdoc *d, const char *heading)
{
    struct rsection *s = &d->sec[d->nsec++];
    memset(s, 0, sizeof *s);
    s->heading = xstrdup(heading);
    return s;
}

void rdoc_build(const rpt *r, struct rdoc *d)
{
    memset(d, 0, sizeof *d);
    d->r = r;
    d->title = title_of(r);
    if (r->layout == RPT_LAYOUT_2008) {
        struct rsection *s = add_sec(d, "政府信息公开情况统计表");
        s->centered = true;
        if (r->year) {
            char sub[32];
            snprintf(sub, sizeof sub, "（%d年度）", r->year);
            s->subheading = xstrdup(sub);
        }
        s->table = build_stats(r);
    } else if (r->layout == RPT_LAYOUT_NARRATIVE) {
        struct rsection *s = add_sec(d, "报告正文中的统计数字");
        s->note = xstrdup("本报告未附统计表，以下数字摘自报告正文。");
        s->items = xcalloc((size_t)rpt_legacy_n, sizeof *s->items);
        for (int i = 0; i < rpt_legacy_n; i++) {
            if (rpt_is_null(r->legacy[i]))
                continue;
            buf b;
            buf_init(&b);
            buf_printf(&b, "%s：", narrative_label(i));
            rdoc_num(&b, r->legacy[i], RDOC_NULL_TEXT);
            buf_puts(&b, rpt_legacy_unit(i));
            s->items[s->nitems++] = buf_detach(&b);
        }
    } else {
        add_sec(d, "二、主动公开政府信息情况")->table = build_t2(r);
        add_sec(d, "三、收到和处理政府信息公开申请情况")->table = build_t3(r);
        add_sec(d, "四、政府信息公开行政复议、行政诉讼情况")->table = build_t4(r);
    }
}

void rdoc_free(struct rdoc *d)
{
    free(d->title);
    for (int i = 0; i < d->nsec; i++) {
        free(d->sec[i].heading);
        free(d->sec[i].subheading);
        free(d->sec[i].note);
        rt_free(d->sec[i].table);
        for (int k = 0; k < d->sec[i].nitems; k++)
            free(d->sec[i].items[k]);
        free(d->sec[i].items);
    }
    memset(d, 0, sizeof *d);
}

/* ---- entry points --------------------------------------------------------- */

static const char *const fmt_names[] = {
    [RPT_FMT_TXT] = "txt", [RPT_FMT_MD] = "md", [RPT_FMT_HTML] = "html",
    [RPT_FMT_JSON] = "json", [RPT_FMT_XLSX] = "xlsx",
};

int rpt_format_from_name(const char *s, enum rpt_format *out)
{
    for (size_t i = 0; s && i < sizeof fmt_names / sizeof fmt_names[0]; i++)
        if (strcmp(s, fmt_names[i]) == 0) {
            *out = (enum rpt_format)i;
            return 0;
        }
    return GK_EINVAL;
}

int rpt_render(const rpt *r, enum rpt_format f, buf *out, err *e)
{
    if (f == RPT_FMT_JSON) {
        rpt_to_json(r, out, true);
        return 0;
    }
    if (f == RPT_FMT_XLSX)
        return err_set(e, GK_EINVAL, "render", "xlsx is a file format: use rpt_render_xlsx");
    struct rdoc d;
    rdoc_build(r, &d);
    if (f == RPT_FMT_TXT)
        rdoc_txt(&d, out);
    else if (f == RPT_FMT_MD)
        rdoc_md(&d, out);
    else
        rdoc_html(&d, out);
    rdoc_free(&d);
    return 0;
}

void rpt_render_html_page(const rpt *r, buf *out)
{
    struct rdoc d;
    rdoc_build(r, &d);
    rdoc_html_page(&d, out);
    rdoc_free(&d);
}

int rpt_render_xlsx(const rpt *r, const char *path, err *e)
{
    struct rdoc d;
    rdoc_build(r, &d);
    int rc = rdoc_xlsx(&d, path, e);
    rdoc_free(&d);
    return rc;
}
