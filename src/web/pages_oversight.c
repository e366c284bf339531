/* web — the supervising office's console (政务公开办, issue 13): across the
 * subtree of the agency it works on, open applications overdue and due soon,
 * documents waiting, publication rules broken (Art. 26: 20 working days;
 * interpretations), and the year's annual reports filed, missing, late (Art.
 * 49) or failing the check; a report sent back with comments; the summed
 * report of the area (report/sum.c). Every figure links to the records
 * behind it and every table exports as CSV or XLSX. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include <xlsxwriter.h>

#include "base/limits.h"
#include "calendar/calendar.h"
#include "publish/publish.h"
#include "report/report.h"
#include "web/web_internal.h"

/* "Due soon": within this many working days (the console's amber, pages_apps.c). */
#define SOON_WORKDAYS 3
/* A comment sent back with a report, in characters. */
#define RETURN_COMMENT_MAX 2000

struct ov_row {
    struct store_agency a;
    int64_t overdue, soon, drafts, review;   /* applications; documents */
    int64_t published, late_pub, no_interp;  /* documents published this year */
    enum rpt_pub_status rst;                 /* the report of the year */
    gk_day due;                              /* its Art. 49 deadline */
    char first_published[11];                /* "" when never */
    bool late;                               /* first published after the deadline */
    int version;
    long errors;                             /* rpt_check errors of the published report; -1 = none */
};

struct ov {
    int year;                                /* the reports' year */
    int pub_year;                            /* the documents' year (this year) */
    struct ov_row *rows;
    size_t n;
};

static int year_of(web_req *r)
{
    int ty, m, d;
    date_to_ymd(date_today(), &ty, &m, &d);
    const char *s = web_fq(r, "year");
    int64_t y;
    if (s && *s && parse_i64(s, strlen(s), &y) && y >= 2008 && y <= ty)
        return (int)y;
    return ty - 1;
}

/* Documents published this year, each counted against its agency's row.
 * The Art. 26 deadline is the same for every document written the same
 * day: computed once per day written. */
struct pub_count {
    const cal_t *cal;
    struct ov *o;
    struct ov_key *by;          /* rows by agency id */
    gk_day memo_written, memo_due;
    bool memo_ok;
};

struct ov_key { int64_t id; size_t i; };

static int key_cmp(const void *a, const void *b)
{
    int64_t x = ((const struct ov_key *)a)->id, y = ((const struct ov_key *)b)->id;
    return (x > y) - (x < y);
}

static int count_pub(const struct store_doc_brief *b, void *arg)
{
    struct pub_count *c = arg;
    struct ov_key k = {b->agency_id, 0};
    const struct ov_key *f = bsearch(&k, c->by, c->o->n, sizeof k, key_cmp);
    if (!f)
        return 0;
    struct ov_row *row = &c->o->rows[f->i];
    row->published++;
    if (b->written != c->memo_written || !c->memo_ok) {
        c->memo_written = b->written;
        c->memo_ok = doc_publish_due(c->cal, b->written, &c->memo_due, NULL) == 0;
        if (!c->memo_ok)
            c->memo_written = DOC_NODAY;
    }
    if (c->memo_ok && b->published > c->memo_due)
        row->late_pub++;
    if (b->normative && !b->interpreted)
        row->no_interp++;
    return 0;
}

/* The report of the year from what the store keeps (web_report_state's
 * status and deadline, the first publication, the check's errors). */
static void report_facts(struct ov_row *x, const struct store_oversight *so, int year, gk_day today)
{
    x->errors = -1;
    enum rpt_agency_kind kind;
    if (rpt_agency_kind_parse(so->a.kind, "agency.kind", &kind, NULL))
        return;
    struct rpt_pub_facts f = {.year = year, .today = today, .drafted = so->drafted,
                              .signed_off = so->drafted && so->signed_off, .version = so->version};
    x->rst = rpt_pub_status(&f, kind);
    x->due = rpt_due(year, kind);
    x->version = so->version;
    if (so->version > 0) {
        if (so->first_published[0]) {
            snprintf(x->first_published, sizeof x->first_published, "%.10s", so->first_published);
            gk_day d;
            x->late = date_parse(x->first_published, &d, NULL) == 0 && d > x->due;
        }
        rpt *rp;
        if (so->report_json && rpt_from_json(so->report_json, strlen(so->report_json), "", &rp, NULL) == 0) {
            rpt_check(rp);
            x->errors = (long)rpt_count_errors(rp);
            rpt_free(rp);
        }
    }
}

/* The report facts of one agency (a drill-down page). */
static void one_report(web_req *r, struct ov_row *x, int year)
{
    struct store_oversight so = {.a = x->a};
    struct store_report_pub p;
    if (store_report_get(r->st, x->a.id, year, &p, NULL) == 0) {
        so.drafted = true;
        so.signed_off = p.signed_json != NULL;
        so.version = p.version;
        so.report_json = p.report_json;
        p.report_json = NULL;
        store_report_pub_clear(&p);
    }
    struct store_report_version *v;
    size_t nv;
    if (so.version > 0 && store_report_versions(r->st, x->a.id, year, &v, &nv, NULL) == 0) {
        if (nv)
            snprintf(so.first_published, sizeof so.first_published, "%s", v[nv - 1].published_at);
        store_report_versions_free(v, nv);
    }
    report_facts(x, &so, year, date_today());
    free(so.report_json);
}

/* The figures of every agency of the subtree: a fixed number of queries
 * (store_oversight_tree, store_oversight_published_tree), not a set per
 * agency (bench/platform_bench.c measures it on 100 agencies). */
static int ov_collect(web_req *r, struct ov *o)
{
    memset(o, 0, sizeof *o);
    o->year = year_of(r);
    gk_day today = date_today(), soon = today;
    int ty, m, d;
    date_to_ymd(today, &ty, &m, &d);
    o->pub_year = ty;
    cal_add_workdays(r->cal, today, SOON_WORKDAYS, &soon, NULL);
    struct store_oversight *v;
    size_t n;
    if (store_oversight_tree(r->st, r->agency.id, today, soon, o->year, &v, &n, NULL))
        return -1;
    o->rows = xcalloc(n ? n : 1, sizeof *o->rows);
    o->n = n;
    struct ov_key *by = xmalloc((n ? n : 1) * sizeof *by);
    for (size_t i = 0; i < n; i++) {
        struct ov_row *x = &o->rows[i];
        x->a = v[i].a;
        x->overdue = v[i].overdue;
        x->soon = v[i].soon;
        x->drafts = v[i].drafts;
        x->review = v[i].review;
        report_facts(x, &v[i], o->year, today);
        by[i] = (struct ov_key){v[i].a.id, i};
    }
    store_oversight_free(v, n);
    qsort(by, n, sizeof *by, key_cmp);
    const char *normative = doc_genre_find("规范性文件", NULL);
    struct pub_count pc = {.cal = r->cal, .o = o, .by = by, .memo_written = DOC_NODAY};
    int rc = store_oversight_published_tree(r->st, r->agency.id, date_from_ymd(ty, 1, 1), today,
                                            normative ? normative : "", count_pub, &pc, NULL);
    free(by);
    if (rc) {
        free(o->rows);
        o->rows = NULL;
        return -1;
    }
    return 0;
}

/* ---- the tables: one definition serves the page, CSV and XLSX ---- */

enum ov_table { OV_APPS, OV_DOCS, OV_REPORTS, OV_NTABLES };
static const struct {
    const char *key, *caption;
    const char *cols[8];
} ov_tables[OV_NTABLES] = {
    [OV_APPS] = {"apps", "依申请公开：办理中的申请（《条例》第三十三条）", {"机关", "已逾期", "3个工作日内到期", NULL}},
    [OV_DOCS] = {"docs", "主动公开：待发布和时限（《条例》第二十六条）",
                 {"机关", "草稿", "审核中", "本年发布", "超过20个工作日发布", "规范性文件未见解读", NULL}},
    [OV_REPORTS] = {"reports", "年度报告（《条例》第四十九条、第五十条）",
                    {"机关", "公布期限", "状态", "首次发布", "按期", "校验错误", NULL}},
};

/* One cell: its text, and the drill-down link (NULL = none). */
struct cell { const char *text, *href; bool num; int64_t n; };

static const char *num(web_req *r, int64_t n) { return arena_printf(&r->a, "%lld", (long long)n); }

static const char *drill(web_req *r, const char *what, const char *code, const char *which, int year)
{
    return arena_printf(&r->a, "/console/oversight/%s?agency=%s&which=%s&year=%d", what, code, which, year);
}

static int row_cells(web_req *r, const struct ov *o, enum ov_table t, const struct ov_row *x, struct cell *c)
{
    const char *code = x->a.code;
    c[0] = (struct cell){x->a.name, web_agency_href(r, code, "/console"), false, 0};
    switch (t) {
    case OV_APPS:
        c[1] = (struct cell){num(r, x->overdue), drill(r, "apps", code, "overdue", o->year), true, x->overdue};
        c[2] = (struct cell){num(r, x->soon), drill(r, "apps", code, "soon", o->year), true, x->soon};
        return 3;
    case OV_DOCS:
        c[1] = (struct cell){num(r, x->drafts), drill(r, "docs", code, "drafts", o->year), true, x->drafts};
        c[2] = (struct cell){num(r, x->review), drill(r, "docs", code, "review", o->year), true, x->review};
        c[3] = (struct cell){num(r, x->published), drill(r, "docs", code, "published", o->year), true, x->published};
        c[4] = (struct cell){num(r, x->late_pub), drill(r, "docs", code, "late", o->year), true, x->late_pub};
        c[5] = (struct cell){num(r, x->no_interp), drill(r, "docs", code, "uninterpreted", o->year), true,
                             x->no_interp};
        return 6;
    case OV_REPORTS: {
        char due[11];
        date_format(x->due, due);
        const char *rep = drill(r, "reports", code, "report", o->year);
        c[1] = (struct cell){arena_strdup(&r->a, due), NULL, false, 0};
        c[2] = (struct cell){rpt_pub_status_label(x->rst), rep, false, 0};
        c[3] = (struct cell){x->first_published[0] ? arena_strdup(&r->a, x->first_published) : "—", rep, false, 0};
        c[4] = (struct cell){!x->version ? "—" : x->late ? "逾期发布" : "按期", rep, false, 0};
        c[5] = (struct cell){x->errors < 0 ? "—" : num(r, x->errors), rep, x->errors >= 0, x->errors < 0 ? 0 : x->errors};
        return 6;
    }
    case OV_NTABLES:
        break;
    }
    return 0;
}

/* The 合计 row of the figures a table sums. */
static int total_cells(web_req *r, const struct ov *o, enum ov_table t, struct cell *c)
{
    struct cell tmp[8];
    int64_t sum[8] = {0};
    int nc = 0;
    for (size_t i = 0; i < o->n; i++) {
        nc = row_cells(r, o, t, &o->rows[i], tmp);
        for (int k = 1; k < nc; k++)
            sum[k] += tmp[k].n;
    }
    if (!o->n)
        return 0;
    c[0] = (struct cell){"合计", NULL, false, 0};
    if (t == OV_REPORTS) {
        int64_t filed = 0, late = 0, missing = 0;
        for (size_t i = 0; i < o->n; i++) {
            filed += o->rows[i].version > 0;
            late += o->rows[i].late;
            missing += o->rows[i].rst == RPT_ST_LATE;
        }
        c[1] = (struct cell){"", NULL, false, 0};
        c[2] = (struct cell){arena_printf(&r->a, "已发布%lld个，逾期未发布%lld个", (long long)filed, (long long)missing),
                             NULL, false, 0};
        c[3] = (struct cell){"", NULL, false, 0};
        c[4] = (struct cell){arena_printf(&r->a, "逾期发布%lld个", (long long)late), NULL, false, 0};
        c[5] = (struct cell){num(r, sum[5]), NULL, true, sum[5]};
        return nc;
    }
    for (int k = 1; k < nc; k++)
        c[k] = tmp[k].num || t != OV_REPORTS ? (struct cell){num(r, sum[k]), NULL, true, sum[k]}
                                              : (struct cell){"", NULL, false, 0};
    return nc;
}

static void table_html(web_req *r, buf *b, const struct ov *o, enum ov_table t)
{
    h_open(b, "div", "class", "table-wrap", H_END);
    h_open(b, "table", "id", arena_printf(&r->a, "t-%s", ov_tables[t].key), H_END);
    h_open(b, "caption", H_END);
    h_text(b, ov_tables[t].caption);
    h_text(b, " ");
    h_link(b,
           arena_printf(&r->a, "/console/oversight/export?table=%s&year=%d&format=csv", ov_tables[t].key, o->year),
           "CSV");
    h_text(b, " · ");
    h_link(b,
           arena_printf(&r->a, "/console/oversight/export?table=%s&year=%d&format=xlsx", ov_tables[t].key, o->year),
           "Excel");
    h_close(b, "caption");
    h_open(b, "thead", H_END);
    h_open(b, "tr", H_END);
    for (int k = 0; ov_tables[t].cols[k]; k++)
        h_el_attr(b, "th", ov_tables[t].cols[k], "scope", "col", H_END);
    h_close(b, "tr");
    h_close(b, "thead");
    h_open(b, "tbody", H_END);
    struct cell c[8];
    for (size_t i = 0; i <= o->n; i++) {
        int nc = i < o->n ? row_cells(r, o, t, &o->rows[i], c) : total_cells(r, o, t, c);
        if (!nc)
            break;
        const struct ov_row *x = i < o->n ? &o->rows[i] : NULL;
        bool bad = x && ((t == OV_APPS && x->overdue) || (t == OV_REPORTS && (x->rst == RPT_ST_LATE || x->late ||
                                                                              x->errors > 0)) ||
                         (t == OV_DOCS && (x->late_pub || x->no_interp)));
        h_open(b, "tr", "class", bad ? "overdue" : i == o->n ? "total" : H_OMIT, H_END);
        for (int k = 0; k < nc; k++) {
            if (k)
                h_open(b, "td", H_END);
            else
                h_open(b, "th", "scope", "row", H_END);
            if (k == 0 && x)
                for (int dpt = 0; dpt < x->a.depth; dpt++)
                    h_text(b, "　");
            if (c[k].href) {
                h_open(b, "a", "href", c[k].href, H_END);
                h_text(b, c[k].text);
                h_close(b, "a");
            } else {
                h_text(b, c[k].text);
            }
            h_close(b, k ? "td" : "th");
        }
        h_close(b, "tr");
    }
    h_table_close(b);
}

/* Copies for the archive and the library past their period (issue 18), per
 * agency of the subtree, on the office's calendar. */
static void archive_html(web_req *r, buf *b, const struct ov *o)
{
    h_open(b, "div", "class", "table-wrap", H_END);
    h_open(b, "table", "id", "t-archive", H_END);
    h_el(b, "caption", "档案馆、图书馆报送（按各机关规则，默认发布后20个工作日内）");
    h_thead(b, "机关", "待报送", "逾期未报送", H_END);
    h_open(b, "tbody", H_END);
    int64_t tp = 0, to = 0;
    for (size_t i = 0; i < o->n; i++) {
        int64_t p = 0, od = 0;
        if (web_archive_overdue(r->st, o->rows[i].a.id, r->cal, date_today(), &p, &od, NULL))
            continue;
        tp += p, to += od;
        h_open(b, "tr", "class", od ? "overdue" : H_OMIT, H_END);
        h_open(b, "th", "scope", "row", H_END);
        h_text(b, o->rows[i].a.name);
        h_close(b, "th");
        h_elf(b, "td", "%lld", (long long)p);
        h_elf(b, "td", "%lld", (long long)od);
        h_close(b, "tr");
    }
    h_open(b, "tr", "class", "total", H_END);
    h_el_attr(b, "th", "合计", "scope", "row", H_END);
    h_elf(b, "td", "%lld", (long long)tp);
    h_elf(b, "td", "%lld", (long long)to);
    h_close(b, "tr");
    h_table_close(b);
}

int h_oversight(web_req *r)
{
    struct ov o;
    if (ov_collect(r, &o))
        return web_error(r, HTTP_INTERNAL, "无法读取本地区的数据。");
    buf b;
    buf_init(&b);
    h_elf(&b, "h1", "政务公开监督：%s及所辖机关", r->agency.name);
    h_open(&b, "form", "class", "filters", "method", "get", "action", "/console/oversight", H_END);
    h_open(&b, "div", H_END);
    h_el_attr(&b, "label", "年度报告年度", "for", "year", H_END);
    h_void(&b, "input", "type", "number", "id", "year", "name", "year", "min", "2008", "value",
           arena_printf(&r->a, "%d", o.year), H_END);
    h_close(&b, "div");
    h_open(&b, "div", H_END);
    h_el_attr(&b, "button", "查看", "type", "submit", H_END);
    h_close(&b, "div");
    h_close(&b, "form");
    h_open(&b, "p", "class", "muted", H_END);
    h_textf(&b, "共%zu个机关。红色为已逾期、逾期发布、校验未通过或不符合主动公开时限的机关；点击数字查看对应记录。", o.n);
    h_close(&b, "p");
    for (int t = 0; t < OV_NTABLES; t++)
        table_html(r, &b, &o, (enum ov_table)t);
    archive_html(r, &b, &o);
    /* the summed report of the area */
    char *json = NULL, at[32] = "";
    bool have = store_area_report_get(r->st, r->agency.id, o.year, &json, NULL, at, NULL) == 0;
    free(json);
    h_elf(&b, "h2", "本地区%d年度政府信息公开工作年度报告汇总", o.year);
    if (have) {
        h_open(&b, "p", H_END);
        h_textf(&b, "已于%.10s发布：", at);
        h_link(&b, arena_printf(&r->a, "/reports/area/%d", o.year), "查看汇总年报");
        h_text(&b, "。");
        h_close(&b, "p");
    }
    h_open(&b, "form", "method", "post", "action", "/console/oversight/sum", H_END);
    h_void(&b, "input", "type", "hidden", "name", "year", "value", arena_printf(&r->a, "%d", o.year), H_END);
    web_form_hidden(r, &b);
    h_open(&b, "p", "class", "muted", H_END);
    h_textf(&b, "汇总本机关及所辖各机关已发布的%d年度报告（表二至表四逐项相加），未发布的机关列明在汇总年报中。", o.year);
    h_close(&b, "p");
    h_open(&b, "p", H_END);
    h_open(&b, "button", "type", "submit", H_END);
    h_textf(&b, "%s本地区汇总年报", have ? "重新发布" : "发布");
    h_close(&b, "button");
    h_close(&b, "p");
    h_close(&b, "form");
    free(o.rows);
    web_page_console(r, HTTP_OK, "政务公开监督", "oversight", b.data);
    buf_free(&b);
    return HTTP_OK;
}

/* ---- drill-down ---- */

/* The agency named by ?agency=, within the subtree of r->agency; 0, or the
 * status of the refusal made. */
static int target_agency(web_req *r, struct store_agency *out)
{
    const char *code = web_fq(r, "agency");
    bool in = false;
    if (!code || store_agency_get(r->st, code, out, NULL))
        return web_error(r, HTTP_NOT_FOUND, "没有这个机关。");
    if (store_agency_within(r->st, r->agency.id, out->id, &in, NULL) || !in)
        return web_error(r, HTTP_FORBIDDEN, "该机关不在本机关的监督范围内。");
    return 0;
}

struct app_list { web_req *r; buf *b; const char *code, *which; gk_day today; int n; };

static int app_item(const struct app *a, void *arg)
{
    struct app_list *x = arg;
    bool overdue = a->due < x->today;
    if ((strcmp(x->which, "overdue") == 0) != overdue)
        return 0;
    char rec[11], due[11];
    date_format(a->received, rec);
    date_format(a->due, due);
    h_open(x->b, "tr", "class", overdue ? "overdue" : H_OMIT, H_END);
    h_open(x->b, "td", H_END);
    h_link(x->b,
           web_esc(x->r, web_agency_href(x->r, x->code, arena_printf(&x->r->a, "/console/applications/%s", a->no))),
           a->no);
    h_close(x->b, "td");
    h_el(x->b, "td", rec);
    h_el(x->b, "td", due);
    h_el(x->b, "td", app_states[a->state].label);
    h_close(x->b, "tr");
    x->n++;
    return 0;
}

int h_oversight_apps(web_req *r)
{
    struct store_agency a;
    int st = target_agency(r, &a);
    if (st)
        return st;
    const char *which = web_q(r, "which");
    if (!which || (strcmp(which, "overdue") != 0 && strcmp(which, "soon") != 0))
        which = "overdue";
    gk_day today = date_today(), until = today;
    if (strcmp(which, "soon") == 0)
        cal_add_workdays(r->cal, today, SOON_WORKDAYS, &until, NULL);
    else
        until = today - 1;
    buf b;
    buf_init(&b);
    h_open(&b, "p", "class", "crumbs", H_END);
    h_link(&b, "/console/oversight", "政务公开监督");
    h_textf(&b, " › %s", a.name);
    h_close(&b, "p");
    h_elf(&b, "h1", "%s：%s的申请", a.name, strcmp(which, "overdue") == 0 ? "已逾期" : "3个工作日内到期");
    h_table_start(&b, NULL);
    h_thead(&b, "编号", "收到日期", "期限", "状态", H_END);
    h_open(&b, "tbody", H_END);
    struct app_list x = {r, &b, a.code, which, today, 0};
    if (store_app_due(r->st, a.id, until, app_item, &x, NULL)) {
        buf_free(&b);
        return web_error(r, HTTP_INTERNAL, "无法读取申请。");
    }
    if (!x.n) {
        h_empty_row(&b, 4, "没有。");
    }
    h_table_close(&b);
    web_page_console(r, HTTP_OK, "政务公开监督", "oversight", b.data);
    buf_free(&b);
    return HTTP_OK;
}

struct doc_list { web_req *r; buf *b; const char *code, *which; const cal_t *cal; int n; };

static void doc_line(struct doc_list *x, int64_t id, const char *title, const char *state, const char *note)
{
    h_open(x->b, "tr", H_END);
    h_open(x->b, "td", H_END);
    h_open(x->b, "a", "href",
           web_esc(x->r, web_agency_href(x->r, x->code,
                                                    arena_printf(&x->r->a, "/console/docs/%lld", (long long)id))),
           H_END);
    h_text(x->b, title);
    h_close(x->b, "a");
    h_close(x->b, "td");
    h_el(x->b, "td", state);
    h_open(x->b, "td", H_END);
    h_text(x->b, note);
    h_close(x->b, "td");
    h_close(x->b, "tr");
    x->n++;
}

static int doc_item(const struct doc *d, void *arg)
{
    struct doc_list *x = arg;
    bool draft = d->state == DOC_DRAFT;
    if (d->state == DOC_PUBLISHED || draft != (strcmp(x->which, "drafts") == 0))
        return 0;
    doc_line(x, d->id, d->title, doc_state_label(d->state), d->updated_at);
    return 0;
}

static int pub_item(const struct store_doc_brief *b, void *arg)
{
    struct doc_list *x = arg;
    gk_day due = 0;
    bool late = doc_publish_due(x->cal, b->written, &due, NULL) == 0 && b->published > due;
    char w[11], p[11], dd[11];
    date_format(b->written, w);
    date_format(b->published, p);
    date_format(due, dd);
    if (strcmp(x->which, "late") == 0 && !late)
        return 0;
    if (strcmp(x->which, "uninterpreted") == 0 && !(b->normative && !b->interpreted))
        return 0;
    doc_line(x, b->id, b->title, "已发布",
             arena_printf(&x->r->a, "成文%s，发布%s（期限%s）%s", w, p, due ? dd : "—",
                          b->normative && !b->interpreted ? "；规范性文件，未见解读" : ""));
    return 0;
}

int h_oversight_docs(web_req *r)
{
    struct store_agency a;
    int st = target_agency(r, &a);
    if (st)
        return st;
    static const char *const whiches[][2] = {
        {"drafts", "草稿"}, {"review", "审核中"}, {"published", "本年发布"}, {"late", "超过20个工作日发布"},
        {"uninterpreted", "规范性文件未见解读"},
    };
    const char *which = web_q(r, "which"), *label = NULL;
    for (size_t i = 0; i < 5; i++)
        if (which && strcmp(which, whiches[i][0]) == 0)
            label = whiches[i][1];
    if (!label)
        return web_error(r, HTTP_BAD_REQUEST, "参数无效。");
    buf b;
    buf_init(&b);
    h_open(&b, "p", "class", "crumbs", H_END);
    h_link(&b, "/console/oversight", "政务公开监督");
    h_textf(&b, " › %s", a.name);
    h_close(&b, "p");
    h_elf(&b, "h1", "%s：%s", a.name, label);
    h_table_start(&b, NULL);
    h_thead(&b, "标题", "状态", "说明", H_END);
    h_open(&b, "tbody", H_END);
    struct doc_list x = {r, &b, a.code, which, r->cal, 0};
    int rc;
    if (strcmp(which, "drafts") == 0 || strcmp(which, "review") == 0) {
        struct store_doc_filter f = {.agency_id = a.id, .state = -1, .limit = 1000};
        rc = store_doc_list(r->st, &f, doc_item, &x, NULL);
    } else {
        int ty, m, d;
        date_to_ymd(date_today(), &ty, &m, &d);
        const char *normative = doc_genre_find("规范性文件", NULL);
        rc = store_oversight_published(r->st, a.id, date_from_ymd(ty, 1, 1), date_today(),
                                       normative ? normative : "", pub_item, &x, NULL);
    }
    if (rc) {
        buf_free(&b);
        return web_error(r, HTTP_INTERNAL, "无法读取文件。");
    }
    if (!x.n) {
        h_empty_row(&b, 3, "没有。");
    }
    h_table_close(&b);
    web_page_console(r, HTTP_OK, "政务公开监督", "oversight", b.data);
    buf_free(&b);
    return HTTP_OK;
}

static int return_item(const struct store_report_returned *x, void *arg)
{
    buf *b = arg;
    h_open(b, "li", H_END);
    h_textf(b, "%.16s %s（%s，第%d版）：", x->at, x->by, x->by_name, x->version);
    h_text(b, x->comment);
    h_close(b, "li");
    return 0;
}

int h_oversight_reports(web_req *r)
{
    struct store_agency a;
    int st = target_agency(r, &a);
    if (st)
        return st;
    int year = year_of(r);
    struct ov_row x = {.a = a};
    one_report(r, &x, year);
    buf b;
    buf_init(&b);
    char due[11];
    date_format(x.due, due);
    h_open(&b, "p", "class", "crumbs", H_END);
    h_link(&b, arena_printf(&r->a, "/console/oversight?year=%d", year), "政务公开监督");
    h_textf(&b, " › %s", a.name);
    h_close(&b, "p");
    h_elf(&b, "h1", "%s %d年度报告", a.name, year);
    h_open(&b, "dl", "class", "meta", H_END);
    h_dt_dd(&b, "公布期限", due);
    h_dt_dd(&b, "状态", rpt_pub_status_label(x.rst));
    h_el(&b, "dt", "首次发布");
    h_elf(&b, "dd", "%s%s", x.first_published[0] ? x.first_published : "—", x.late ? "（逾期发布）" : "");
    h_close(&b, "dl");
    if (x.version > 0) {
        h_open(&b, "p", H_END);
        h_link(&b, web_agency_href(r, a.code, arena_printf(&r->a, "/reports/%d", year)), "查看已发布的年报");
        h_close(&b, "p");
        struct web_report_state s;
        if (web_report_state(r->st, a.id, year, date_today(), &s, NULL) == 0) {
            rpt *rp;
            if (s.pub.report_json && rpt_from_json(s.pub.report_json, strlen(s.pub.report_json), "", &rp, NULL) == 0) {
                rpt_check(rp);
                h_el(&b, "h2", "校验结果");
                h_elf(&b, "p", "错误%zu项。", rpt_count_errors(rp));
                h_open(&b, "ul", H_END);
                for (size_t i = 0; i < rp->nproblems; i++) {
                    h_open(&b, "li", H_END);
                    h_textf(&b, "%s ", rp->problems[i].severity == RPT_ERROR ? "错误" : "提示");
                    h_text(&b, rp->problems[i].where ? rp->problems[i].where : "");
                    h_text(&b, "：");
                    h_text(&b, rp->problems[i].message ? rp->problems[i].message : "");
                    h_close(&b, "li");
                }
                h_close(&b, "ul");
                rpt_free(rp);
            }
            web_report_state_clear(&s);
        }
        h_el(&b, "h2", "退回修改");
        h_open(&b, "form", "method", "post", "action", "/console/oversight/return", H_END);
        web_form_hidden(r, &b);
        h_void(&b, "input", "type", "hidden", "name", "agency", "value", a.code, H_END);
        h_void(&b, "input", "type", "hidden", "name", "year", "value", arena_printf(&r->a, "%d", year), H_END);
        web_field(r, &b, &(struct web_field){.name = "comment", .label = "退回意见", .type = "textarea", .required = true,
                                             .maxlength = RETURN_COMMENT_MAX,
                                             .hint = "说明需要更正的内容；该机关更正后发布新版本并附更正说明"});
        h_open(&b, "p", H_END);
        h_el_attr(&b, "button", "退回并附意见", "type", "submit", H_END);
        h_close(&b, "p");
        h_close(&b, "form");
    }
    h_el(&b, "h2", "退回记录");
    h_open(&b, "ul", H_END);
    size_t before = b.len;
    store_report_returns(r->st, a.id, year, return_item, &b, NULL);
    if (b.len == before)
        h_el(&b, "li", "没有。");
    h_close(&b, "ul");
    web_page_console(r, HTTP_OK, "政务公开监督", "oversight", b.data);
    buf_free(&b);
    return HTTP_OK;
}

int h_oversight_return(web_req *r)
{
    struct store_agency a;
    int st = target_agency(r, &a);
    if (st)
        return st;
    int year = year_of(r);
    const char *comment = web_f(r, "comment");
    if (!comment || !*comment)
        return web_error(r, HTTP_UNPROCESSABLE, "请填写退回意见。");
    if (utf8_len(comment, strlen(comment)) > RETURN_COMMENT_MAX)
        return web_error(r, HTTP_UNPROCESSABLE, "退回意见不能超过2000个字。");
    struct ov_row x = {.a = a};
    one_report(r, &x, year);
    if (x.version <= 0)
        return web_error(r, HTTP_CONFLICT, "该机关尚未发布该年度报告，无法退回。");
    err e = {0};
    if (store_report_return(r->st, a.id, year, x.version, r->agency.id, comment, r->user->login, &e))
        return web_error(r, HTTP_INTERNAL, "保存失败，请稍后再试。");
    return web_redirect(r, arena_printf(&r->a, "/console/oversight/reports?agency=%s&which=report&year=%d&msg=saved",
                                        a.code, year));
}

/* ---- the summed report of the area ---- */

int h_oversight_sum(web_req *r)
{
    int year = year_of(r);
    struct store_oversight *v;   /* every report of the subtree in one query */
    size_t n;
    gk_day today = date_today();
    if (store_oversight_tree(r->st, r->agency.id, today, today, year, &v, &n, NULL))
        return web_error(r, HTTP_INTERNAL, "无法读取本地区的机关。");
    rpt **reps = xcalloc(n ? n : 1, sizeof *reps);
    size_t nr = 0;
    buf agencies, missing;
    buf_init(&agencies);
    buf_init(&missing);
    buf_puts(&agencies, "{\"summed\":[");
    buf_puts(&missing, "\"missing\":[");
    for (size_t i = 0; i < n; i++) {
        const struct store_agency *a = &v[i].a;
        const char *json = v[i].report_json;
        rpt *rp = NULL;
        if (json && rpt_from_json(json, strlen(json), a->code, &rp, NULL) == 0) {
            rpt_set_agency(rp, a->name);   /* one agency once: rpt_sum refuses the same name twice */
            reps[nr++] = rp;
            if (agencies.len > 12)
                buf_putc(&agencies, ',');
            buf_json_str(&agencies, a->code);
        } else {
            if (missing.len > 11)
                buf_putc(&missing, ',');
            buf_json_str(&missing, a->code);
        }
    }
    buf_puts(&agencies, "],");
    buf_append(&agencies, missing.data, missing.len);
    buf_puts(&agencies, "]}");
    buf_free(&missing);
    int status = 0;
    err e = {0};
    rpt *sum = NULL;
    if (!nr)
        status = web_error(r, HTTP_CONFLICT, "本地区尚无机关发布该年度报告，无法汇总。");
    else if (rpt_sum(reps, nr, &sum, &e))
        status = web_error(r, HTTP_UNPROCESSABLE, arena_printf(&r->a, "无法汇总：%s", e.msg));
    if (!status) {
        rpt_set_agency(sum, arena_printf(&r->a, "%s及所辖机关（汇总）", r->agency.name));
        rpt_check(sum);
        buf j;
        buf_init(&j);
        rpt_to_json(sum, &j, false);
        if (store_area_report_publish(r->st, r->agency.id, year, j.data, agencies.data, r->user->login, &e))
            status = web_error(r, HTTP_INTERNAL, "发布失败，请稍后再试。");
        buf_free(&j);
        rpt_free(sum);
    }
    for (size_t i = 0; i < nr; i++)
        rpt_free(reps[i]);
    free(reps);
    store_oversight_free(v, n);
    buf_free(&agencies);
    if (status)
        return status;
    return web_redirect(r, arena_printf(&r->a, "/reports/area/%d", year));
}

/* "汇总：A、B；未发布：C" from the agencies_json kept with the report. */
static void area_names(web_req *r, buf *b, const char *agencies_json)
{
    json_t *j = json_loads(agencies_json, 0, NULL);
    static const char *const parts[][2] = {{"summed", "汇总范围"}, {"missing", "未发布年报、未计入"}};
    for (size_t p = 0; p < 2; p++) {
        json_t *v = json_object_get(j, parts[p][0]);
        size_t i;
        json_t *c;
        h_textf(b, "%s：", parts[p][1]);
        if (!json_array_size(v))
            h_text(b, "无");
        json_array_foreach(v, i, c) {
            struct store_agency a;
            const char *code = json_string_value(c);
            if (i)
                h_text(b, "、");
            h_text(b, code && store_agency_get(r->st, code, &a, NULL) == 0 ? a.name : code ? code : "");
        }
        h_text(b, p ? "。" : "；");
    }
    json_decref(j);
}

/* The public page of an area's summed report. */
int h_area_report(web_req *r)
{
    int64_t y;
    const char *s = web_param(r, 0);
    if (!s || !parse_i64(s, strlen(s), &y) || !lim_year_ok(y, 2008))
        return web_error(r, HTTP_NOT_FOUND, "没有这个年度的汇总年报。");
    char *json = NULL, *ags = NULL, at[32] = "";
    if (store_area_report_get(r->st, r->agency.id, (int)y, &json, &ags, at, NULL))
        return web_error(r, HTTP_NOT_FOUND, "没有这个年度的汇总年报。");
    rpt *rp;
    err e = {0};
    int rc = rpt_from_json(json, strlen(json), "area", &rp, &e);
    free(json);
    if (rc) {
        free(ags);
        return web_error(r, HTTP_INTERNAL, "汇总年报无法显示。");
    }
    buf b, t;
    buf_init(&b);
    buf_init(&t);
    if (web_report_body(rp, &t, &e))
        h_el(&t, "p", "汇总年报无法显示。");
    h_open(&b, "p", "class", "crumbs", H_END);
    h_text(&b, "当前位置：");
    h_link(&b, "/", "首页");
    h_text(&b, " › ");
    h_link(&b, "/reports", "政府信息公开年报");
    h_textf(&b, " › %lld年度汇总", (long long)y);
    h_close(&b, "p");
    h_open(&b, "p", "class", "muted", H_END);
    h_textf(&b, "%s于%.10s发布。", r->agency.name, at);
    area_names(r, &b, ags);
    h_close(&b, "p");
    h_markup_add(&b, H_MARKUP_BUF(&t));
    free(ags);
    rpt_free(rp);
    buf_free(&t);
    r->cacheable = true;
    web_page_public(r, HTTP_OK, "汇总年报", "reports", b.data);
    buf_free(&b);
    return HTTP_OK;
}

/* ---- export ---- */

static int export_xlsx(web_req *r, const struct ov *o, enum ov_table t, buf *out)
{
    char path[] = "/tmp/gongkai-oversight-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    if (fd < 0)
        return -1;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        unlink(path);
        return -1;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, ov_tables[t].key);
    worksheet_write_string(ws, 0, 0, ov_tables[t].caption, NULL);
    for (int k = 0; ov_tables[t].cols[k]; k++)
        worksheet_write_string(ws, 1, (lxw_col_t)k, ov_tables[t].cols[k], NULL);
    struct cell c[8];
    for (size_t i = 0; i <= o->n; i++) {
        int nc = i < o->n ? row_cells(r, o, t, &o->rows[i], c) : total_cells(r, o, t, c);
        for (int k = 0; k < nc; k++) {
            if (c[k].num)
                worksheet_write_number(ws, (lxw_row_t)(i + 2), (lxw_col_t)k, (double)c[k].n, NULL);
            else
                worksheet_write_string(ws, (lxw_row_t)(i + 2), (lxw_col_t)k, c[k].text, NULL);
        }
    }
    err e = {0};
    int rc = workbook_close(wb) == LXW_NO_ERROR ? file_read_all(path, 50 * 1024 * 1024, out, &e) : -1;
    unlink(path);
    return rc;
}

static void csv_field(buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

int h_oversight_export(web_req *r)
{
    const char *tk = web_q(r, "table"), *fmt = web_q(r, "format");
    int t = 0;
    while (t < OV_NTABLES && (!tk || strcmp(tk, ov_tables[t].key) != 0))
        t++;
    if (t == OV_NTABLES || !fmt || (strcmp(fmt, "csv") != 0 && strcmp(fmt, "xlsx") != 0))
        return web_error(r, HTTP_BAD_REQUEST, "参数无效：table 为 apps、docs 或 reports，format 为 csv 或 xlsx。");
    struct ov o;
    if (ov_collect(r, &o))
        return web_error(r, HTTP_INTERNAL, "无法读取本地区的数据。");
    buf out;
    buf_init(&out);
    int rc = 0;
    if (strcmp(fmt, "xlsx") == 0) {
        rc = export_xlsx(r, &o, (enum ov_table)t, &out);
    } else {
        buf_puts(&out, "\xEF\xBB\xBF");   /* a BOM: Excel reads UTF-8 */
        for (int k = 0; ov_tables[t].cols[k]; k++) {
            if (k)
                buf_putc(&out, ',');
            csv_field(&out, ov_tables[t].cols[k]);
        }
        buf_puts(&out, "\r\n");
        struct cell c[8];
        for (size_t i = 0; i <= o.n; i++) {
            int nc = i < o.n ? row_cells(r, &o, (enum ov_table)t, &o.rows[i], c)
                             : total_cells(r, &o, (enum ov_table)t, c);
            for (int k = 0; k < nc; k++) {
                if (k)
                    buf_putc(&out, ',');
                if (c[k].num)
                    buf_puts(&out, c[k].text);
                else
                    csv_field(&out, c[k].text);
            }
            if (nc)
                buf_puts(&out, "\r\n");
        }
    }
    free(o.rows);
    if (rc) {
        buf_free(&out);
        return web_error(r, HTTP_INTERNAL, "无法生成表格文件。");
    }
    web_add_header(r, "Content-Disposition", arena_printf(&r->a, "attachment; filename=\"oversight-%s-%s-%d.%s\"",
                                                          r->agency.code, ov_tables[t].key, o.year, fmt));
    web_text(r, HTTP_OK, strcmp(fmt, "csv") == 0 ? "text/csv; charset=utf-8"
                                             : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             out.data, out.len);
    buf_free(&out);
    return HTTP_OK;
}
