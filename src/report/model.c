/* report — the model: allocation, problems, and report JSON v1 output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

rpt *rpt_new(void)
{
    rpt *r = xcalloc(1, sizeof *r);
    for (int i = 0; i < PRO_NFIELDS; i++)
        r->pro[i] = RPT_NULL;
    for (int i = 0; i < APP_NROWS; i++)
        for (int c = 0; c < RPT_NCOLS; c++)
            r->app[i][c] = RPT_NULL;
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            r->rl[g][c] = RPT_NULL;
    r->legacy = xmalloc(sizeof(double) * (size_t)rpt_legacy_n);
    r->legacy_cum = xmalloc(sizeof(double) * (size_t)rpt_legacy_n);
    r->legacy_from_text = xcalloc((size_t)rpt_legacy_n, sizeof(bool));
    for (int i = 0; i < rpt_legacy_n; i++)
        r->legacy[i] = r->legacy_cum[i] = RPT_NULL;
    return r;
}

void rpt_clear_problems(rpt *r)
{
    for (size_t i = 0; i < r->nproblems; i++) {
        free(r->problems[i].rule);
        free(r->problems[i].where);
        free(r->problems[i].message);
    }
    free(r->problems);
    r->problems = NULL;
    r->nproblems = r->cap_problems = 0;
}

const char *const rpt_narr_keys[RPT_NNARR] = {"overview", "proactive", "requests", "management",
                                              "platform", "supervision", "problems", "other"};
const char *const rpt_narr_headings[RPT_NNARR] = {"一、总体情况", "（一）主动公开", "（二）依申请公开",
                                                  "（三）政府信息管理", "（四）平台建设", "（五）监督保障",
                                                  "五、存在的主要问题及改进情况", "六、其他需要报告的事项"};
const char *const rpt_docf_keys[RPT_NDOCF] = {"doc_no", "addressee", "introduction"};
const char *const rpt_docf_labels[RPT_NDOCF] = {"文号", "主送", "引言"};

static void pub_free(struct rpt_publication *p)
{
    free(p->published_at);
    free(p->first_published_at);
    free(p->correction_note);
    memset(p, 0, sizeof *p);
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

void rpt_free(rpt *r)
{
    if (!r)
        return;
    rpt_clear_problems(r);
    for (int i = 0; i < RPT_NNARR; i++)
        free(r->narrative[i]);
    for (int i = 0; i < RPT_NDOCF; i++)
        free(r->doc[i]);
    pub_free(&r->pub);
    free(r->source);
    free(r->agency);
    free(r->legacy);
    free(r->legacy_cum);
    free(r->legacy_from_text);
    free(r);
}

rpt *rpt_clone(const rpt *r)
{
    rpt *c = rpt_new();
    double *lg = c->legacy, *lc = c->legacy_cum;
    bool *lt = c->legacy_from_text;
    *c = *r;
    c->legacy = lg, c->legacy_cum = lc, c->legacy_from_text = lt;
    memcpy(lg, r->legacy, sizeof(double) * (size_t)rpt_legacy_n);
    memcpy(lc, r->legacy_cum, sizeof(double) * (size_t)rpt_legacy_n);
    memcpy(lt, r->legacy_from_text, sizeof(bool) * (size_t)rpt_legacy_n);
    c->source = r->source ? xstrdup(r->source) : NULL;
    c->agency = r->agency ? xstrdup(r->agency) : NULL;
    for (int i = 0; i < RPT_NNARR; i++)
        c->narrative[i] = dup_or_null(r->narrative[i]);
    for (int i = 0; i < RPT_NDOCF; i++)
        c->doc[i] = dup_or_null(r->doc[i]);
    c->pub.published_at = dup_or_null(r->pub.published_at);
    c->pub.first_published_at = dup_or_null(r->pub.first_published_at);
    c->pub.correction_note = dup_or_null(r->pub.correction_note);
    c->problems = NULL;
    c->nproblems = c->cap_problems = 0;
    for (size_t i = 0; i < r->nproblems; i++)
        rpt_add_problem(c, r->problems[i].rule, r->problems[i].severity, r->problems[i].where,
                        "%s", r->problems[i].message);
    return c;
}

void rpt_set_agency(rpt *r, const char *agency)
{
    free(r->agency);
    r->agency = agency ? xstrdup(agency) : NULL;
}

void rpt_set_source(rpt *r, const char *source)
{
    free(r->source);
    r->source = source ? xstrdup(source) : NULL;
}

void rpt_add_problem(rpt *r, const char *rule, enum rpt_severity sev, const char *where,
                     const char *fmt, ...)
{
    if (r->nproblems == r->cap_problems) {
        r->cap_problems = r->cap_problems ? r->cap_problems * 2 : 8;
        r->problems = xrealloc(r->problems, r->cap_problems * sizeof *r->problems);
    }
    buf b;
    buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    struct rpt_problem *p = &r->problems[r->nproblems++];
    p->rule = xstrdup(rule);
    p->severity = sev;
    p->where = xstrdup(where ? where : "");
    p->message = buf_detach(&b);
}

size_t rpt_count_errors(const rpt *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nproblems; i++)
        n += r->problems[i].severity == RPT_ERROR;
    return n;
}

/* ---- JSON output ---- */

typedef struct jw {
    buf *out;
    bool pretty;
    int depth;
    bool first;   /* no member written yet at this level */
} jw;

static void jw_nl(jw *w)
{
    if (!w->pretty)
        return;
    buf_putc(w->out, '\n');
    for (int i = 0; i < w->depth; i++)
        buf_puts(w->out, "  ");
}

static void jw_key(jw *w, const char *key)
{
    if (!w->first)
        buf_putc(w->out, ',');
    w->first = false;
    jw_nl(w);
    buf_json_str(w->out, key);
    buf_puts(w->out, w->pretty ? ": " : ":");
}

static void jw_open(jw *w, const char *key)
{
    if (key)
        jw_key(w, key);
    buf_putc(w->out, '{');
    w->depth++;
    w->first = true;
}

static void jw_close(jw *w)
{
    w->depth--;
    if (!w->first)
        jw_nl(w);
    buf_putc(w->out, '}');
    w->first = false;
}

static void put_num(buf *b, double v)
{
    if (rpt_is_null(v)) {
        buf_puts(b, "null");
    } else if (v == (double)(long long)v && v > -1e15 && v < 1e15) {
        buf_printf(b, "%lld", (long long)v);
    } else {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.15g", v);
        buf_puts(b, tmp);
    }
}

static void jw_num(jw *w, const char *key, double v)
{
    jw_key(w, key);
    put_num(w->out, v);
}

static void jw_row(jw *w, const char *key, const double *v)
{
    jw_key(w, key);
    buf_putc(w->out, '[');
    for (int c = 0; c < RPT_NCOLS; c++) {
        if (c)
            buf_puts(w->out, w->pretty ? ", " : ",");
        put_num(w->out, v[c]);
    }
    buf_putc(w->out, ']');
}

/* The layout whose key set table 二 follows: 2019 prints its own keys, every
 * other layout the 2021 ones. */
static unsigned pro_layout_bit(const rpt *r)
{
    return RPT_LAYOUT_BIT(r->layout == RPT_LAYOUT_2019 ? RPT_LAYOUT_2019 : RPT_LAYOUT_2021);
}

bool rpt_pro_row_shown(const rpt *r, int row)
{
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].row == row && rpt_pro_field_shown(r, f))
            return true;
    return false;
}

bool rpt_pro_field_shown(const rpt *r, int f)
{
    return (rpt_pro_fields[f].layouts & pro_layout_bit(r)) || !rpt_is_null(r->pro[f]);
}

/* The schema, agency, year and layout. */
static void json_head(jw *w, const rpt *r)
{
    jw_key(w, "schema");
    buf_json_str(w->out, "gongkai.report/1");
    jw_key(w, "agency");
    if (r->agency)
        buf_json_str(w->out, r->agency);
    else
        buf_puts(w->out, "null");
    jw_key(w, "year");
    if (r->year)
        buf_printf(w->out, "%d", r->year);
    else
        buf_puts(w->out, "null");
    jw_key(w, "layout");
    const char *ln = rpt_layout_name(r->layout);
    if (ln)
        buf_json_str(w->out, ln);
    else
        buf_puts(w->out, "null");
}

/* Table 二: each row's group of fields on one line. */
static void json_proactive(jw *w, const rpt *r)
{
    jw_open(w, "proactive");
    for (int row = 0; row < rpt_pro_nrows; row++) {
        if (!rpt_pro_row_shown(r, row))
            continue;
        jw_open(w, rpt_pro_rows[row].group);
        bool save = w->pretty;
        w->pretty = false;   /* a group fits on one line */
        for (int f = 0; f < PRO_NFIELDS; f++)
            if (rpt_pro_fields[f].row == row && rpt_pro_field_shown(r, f)) {
                if (!w->first)
                    buf_putc(w->out, ',');
                w->first = false;
                if (save)
                    buf_putc(w->out, ' ');
                buf_json_str(w->out, rpt_pro_fields[f].key);
                buf_puts(w->out, save ? ": " : ":");
                put_num(w->out, r->pro[f]);
            }
        w->pretty = save;
        w->depth--;
        if (save)
            buf_putc(w->out, ' ');
        buf_putc(w->out, '}');
        w->first = false;
    }
    jw_close(w);
}

/* Table 三: its columns, then each row (grouped as the model groups them). */
static void json_applications(jw *w, const rpt *r)
{
    jw_open(w, "applications");
    jw_key(w, "columns");
    buf_putc(w->out, '[');
    for (int c = 0; c < RPT_NCOLS; c++) {
        if (c)
            buf_puts(w->out, w->pretty ? ", " : ",");
        buf_json_str(w->out, rpt_col_keys[c]);
    }
    buf_putc(w->out, ']');
    const char *open_group = NULL;
    for (int i = 0; i < APP_NROWS; i++) {
        const struct rpt_app_row_def *d = &rpt_app_rows[i];
        if (open_group && (!d->group || strcmp(open_group, d->group) != 0)) {
            jw_close(w);
            open_group = NULL;
        }
        if (d->group && !open_group) {
            jw_open(w, d->group);
            open_group = d->group;
        }
        jw_row(w, d->key, r->app[i]);
    }
    if (open_group)
        jw_close(w);
    jw_close(w);
}

/* Table 四. */
static void json_review_litigation(jw *w, const rpt *r)
{
    jw_open(w, "review_litigation");
    for (int g = 0; g < RL_NGROUPS; g++) {
        jw_key(w, rpt_rl_group_keys[g]);
        buf_putc(w->out, '{');
        for (int c = 0; c < RL_NCOLS; c++) {
            if (c)
                buf_puts(w->out, w->pretty ? ", " : ",");
            buf_json_str(w->out, rpt_rl_col_keys[c]);
            buf_puts(w->out, w->pretty ? ": " : ":");
            put_num(w->out, r->rl[g][c]);
        }
        buf_putc(w->out, '}');
    }
    jw_close(w);
}

/* The 2008 layout's figures, the year's and the cumulative, and which came from the text. */
static void json_legacy(jw *w, const rpt *r)
{
    jw_open(w, "legacy");
    for (int i = 0; i < rpt_legacy_n; i++)
        if (!rpt_is_null(r->legacy[i]))
            jw_num(w, rpt_legacy_defs[i].key, r->legacy[i]);
    jw_close(w);
    jw_open(w, "legacy_cumulative");
    for (int i = 0; i < rpt_legacy_n; i++)
        if (!rpt_is_null(r->legacy_cum[i]))
            jw_num(w, rpt_legacy_defs[i].key, r->legacy_cum[i]);
    jw_close(w);
    jw_key(w, "from_text");
    buf_putc(w->out, '[');
    bool first = true;
    for (int i = 0; i < rpt_legacy_n; i++)
        if (r->legacy_from_text[i]) {
            if (!first)
                buf_puts(w->out, w->pretty ? ", " : ",");
            first = false;
            buf_json_str(w->out, rpt_legacy_defs[i].key);
        }
    buf_putc(w->out, ']');
}

/* The consistency findings, one a line. */
static void json_problems(jw *w, const rpt *r)
{
    jw_key(w, "problems");
    buf_putc(w->out, '[');
    w->depth++;
    for (size_t i = 0; i < r->nproblems; i++) {
        const struct rpt_problem *p = &r->problems[i];
        if (i)
            buf_putc(w->out, ',');
        jw_nl(w);
        buf_puts(w->out, "{\"rule\":");
        buf_json_str(w->out, p->rule);
        buf_puts(w->out, ",\"severity\":");
        buf_json_str(w->out, p->severity == RPT_ERROR ? "error" : "warning");
        buf_puts(w->out, ",\"where\":");
        buf_json_str(w->out, p->where);
        buf_puts(w->out, ",\"message\":");
        buf_json_str(w->out, p->message);
        buf_putc(w->out, '}');
    }
    w->depth--;
    if (r->nproblems)
        jw_nl(w);
    buf_putc(w->out, ']');
    w->first = false;
}

/* The narrative, the document's fields and the publication, where the report has them. */
static void json_texts(jw *w, const rpt *r)
{
    if (r->has_narrative) {
        jw_open(w, "narrative");
        for (int i = 0; i < RPT_NNARR; i++)
            if (r->narrative[i]) {
                jw_key(w, rpt_narr_keys[i]);
                buf_json_str(w->out, r->narrative[i]);
            }
        jw_close(w);
    }
    if (r->has_document) {
        jw_open(w, "document");
        for (int i = 0; i < RPT_NDOCF; i++)
            if (r->doc[i]) {
                jw_key(w, rpt_docf_keys[i]);
                buf_json_str(w->out, r->doc[i]);
            }
        jw_close(w);
    }
    if (r->pub.version > 0) {
        jw_open(w, "publication");
        jw_key(w, "version");
        buf_printf(w->out, "%d", r->pub.version);
        const char *const pk[] = {"published_at", "first_published_at", "correction_note"};
        const char *const pv[] = {r->pub.published_at, r->pub.first_published_at, r->pub.correction_note};
        for (int i = 0; i < 3; i++) {
            jw_key(w, pk[i]);
            if (pv[i])
                buf_json_str(w->out, pv[i]);
            else
                buf_puts(w->out, "null");
        }
        jw_close(w);
    }
}

/* The sections of the report JSON (DESIGN: report JSON v1), in order. */
static void (*const json_sections[])(jw *, const rpt *) = {
    json_head, json_proactive, json_applications, json_review_litigation, json_legacy, json_problems, json_texts,
};

void rpt_to_json(const rpt *r, buf *out, bool pretty)
{
    jw w = {out, pretty, 0, true};
    jw_open(&w, NULL);
    for (size_t i = 0; i < sizeof json_sections / sizeof json_sections[0]; i++)
        json_sections[i](&w, r);
    jw_close(&w);
    if (pretty)
        buf_putc(out, '\n');
}
