/* web — the annual report (政府信息公开工作年度报告): generated from the
 * records (tables 二 from the documents, 三 and 四 from the register), checked
 * against the consistency rules, previewed, downloaded (HTML, XLSX, JSON) and
 * published by the disclosure office with its narrative sections; on the
 * portal, each published year rendered by report/ with its downloads. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/limits.h"
#include "disclosure/disclosure.h"
#include "report/report.h"
#include "web/web_internal.h"

int web_report_generate(store_t *st, int64_t agency_id, const char *agency_name, int year, rpt **out, err *e)
{
    rpt *r = rpt_new();
    rpt_set_agency(r, agency_name);
    int rc = store_app_report(st, agency_id, year, r, e);
    if (!rc)
        rc = store_doc_table2(st, agency_id, year, r, e);
    if (rc) {
        rpt_free(r);
        return rc;
    }
    r->year = year;
    rpt_check(r);
    *out = r;
    return 0;
}

/* The narrative sections staff write: the console's labels. */
static const char *const narrative_labels[RPT_NNARR] = {
    "一、总体情况：概述", "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障",
    "五、存在的主要问题及改进情况", "六、其他需要报告的事项（如收取信息处理费情况）"};

/* A copy of r with the draft's or the published version's narrative and
 * document fields (nj) put in: every format prints them. */
static rpt *with_text(const rpt *r, json_t *nj)
{
    rpt *c = rpt_clone(r);
    char *t = json_dumps(nj, JSON_COMPACT);
    web_report_apply_text(c, t);
    free(t);
    return c;
}

/* The report's body (title, document head, narrative and the rendered
 * tables), for the portal frame: report/'s HTML page without its own head
 * and style. */
static int report_body(const rpt *r, json_t *nj, buf *out, err *e)
{
    (void)e;
    rpt *c = with_text(r, nj);
    h_open(out, "div", "class", "report-doc", H_END);
    rpt_render_html_page(c, out);
    h_close(out, "div");
    rpt_free(c);
    return 0;
}

/* The standalone HTML download: report/'s page with the narrative put in. */
static int report_standalone(const rpt *r, json_t *nj, buf *out, err *e)
{
    rpt *c = with_text(r, nj);
    int rc = rpt_render(c, RPT_FMT_HTML, out, e);
    rpt_free(c);
    return rc;
}

/* Sends a report in a format: report.html, report.xlsx or report.json. */
static int send_report(web_req *r, const rpt *rp, json_t *nj, const char *file)
{
    err e = {0};
    char name[160];
    int year = rp->year;
    if (strcmp(file, "report.json") == 0) {
        buf b;
        buf_init(&b);
        rpt *c = with_text(rp, nj);
        rpt_to_json(c, &b, true);
        rpt_free(c);
        snprintf(name, sizeof name, "attachment; filename=\"report-%d.json\"", year);
        web_add_header(r, "Content-Disposition", name);
        web_text(r, HTTP_OK, "application/json; charset=utf-8", b.data, b.len);
        buf_free(&b);
        return HTTP_OK;
    }
    if (strcmp(file, "report.html") == 0) {
        buf b;
        buf_init(&b);
        if (report_standalone(rp, nj, &b, &e)) {
            buf_free(&b);
            return web_error(r, HTTP_INTERNAL, "报告生成失败。");
        }
        snprintf(name, sizeof name, "attachment; filename=\"report-%d.html\"", year);
        web_add_header(r, "Content-Disposition", name);
        /* the standalone page carries its own inline style for printing */
        web_add_header(r, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        web_text(r, HTTP_OK, "text/html; charset=utf-8", b.data, b.len);
        buf_free(&b);
        return HTTP_OK;
    }
    if (strcmp(file, "report.xlsx") == 0) {
        char path[] = "/tmp/gongkai-report-XXXXXX.xlsx";
        int fd = mkstemps(path, 5);
        if (fd < 0)
            return web_error(r, HTTP_INTERNAL, "无法生成表格文件。");
        close(fd);
        buf b;
        buf_init(&b);
        rpt *c = with_text(rp, nj);
        int rc = rpt_render_xlsx(c, path, &e);
        rpt_free(c);
        if (!rc)
            rc = file_read_all(path, 50 * 1024 * 1024, &b, &e);
        unlink(path);
        if (rc) {
            buf_free(&b);
            return web_error(r, HTTP_INTERNAL, "无法生成表格文件。");
        }
        snprintf(name, sizeof name, "attachment; filename=\"report-%d.xlsx\"", year);
        web_add_header(r, "Content-Disposition", name);
        web_text(r, HTTP_OK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.data, b.len);
        buf_free(&b);
        return HTTP_OK;
    }
    if (strcmp(file, "report.docx") == 0 || strcmp(file, "report.pdf") == 0) {
        bool pdf = strcmp(file, "report.pdf") == 0;
        buf b;
        buf_init(&b);
        rpt *c = with_text(rp, nj);
        int rc = rpt_render_gkd(c, pdf, &b, &e);
        rpt_free(c);
        if (rc) {
            buf_free(&b);
            return web_error(r, HTTP_INTERNAL, "无法生成公文格式的报告。");
        }
        snprintf(name, sizeof name, "attachment; filename=\"report-%d.%s\"", year, pdf ? "pdf" : "docx");
        web_add_header(r, "Content-Disposition", name);
        web_text(r, HTTP_OK, pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 b.data, b.len);
        buf_free(&b);
        return HTTP_OK;
    }
    return web_error(r, HTTP_NOT_FOUND, "没有这种格式。");
}

static bool year_param(web_req *r, int *year)
{
    int64_t y;
    const char *s = web_param(r, 0);
    if (!s || !parse_i64(s, strlen(s), &y) || !lim_year_ok(y, 2000))
        return false;
    *year = (int)y;
    return true;
}

/* ---- the portal ---- */

int h_reports(web_req *r)
{
    int *years = NULL;
    size_t n = 0;
    store_report_years(r->st, r->agency.id, &years, &n, NULL);
    buf b;
    buf_init(&b);
    enum rpt_agency_kind kind = RPT_AGENCY_DEPARTMENT;
    web_report_kind(r->st, r->agency.id, &kind, NULL);
    web_crumbs(r, &b, NULL, NULL, "政府信息公开年报");
    h_el(&b, "h1", "政府信息公开工作年度报告");
    h_elf(&b, "p", "依照《条例》第四十九条、第五十条，本机关每年%d月%d日前公布上一年度政府信息公开工作年度报告。"
                   "报告中的统计表由系统根据全年公开和办理记录生成，经勾稽关系校验并经签发后公布；更正的报告附更正说明。",
          rpt_deadline_rule(kind)->month, rpt_deadline_rule(kind)->day);
    h_open(&b, "p", H_END);
    h_text(&b, "依申请公开的每月件数、按期答复、答复用时和办理结果见");
    h_link(&b, web_href(r, "/stats"), "数据统计");
    h_text(&b, "。");
    h_close(&b, "p");
    if (!n) {
        h_el(&b, "p", "暂无已公布的年度报告。");
    } else {
        h_open(&b, "ul", "class", "list", H_END);
        for (size_t i = 0; i < n; i++) {
            char p[40], x[48];
            snprintf(p, sizeof p, "/reports/%d", years[i]);
            snprintf(x, sizeof x, "/reports/%d/report.xlsx", years[i]);
            h_open(&b, "li", H_END);
            h_link(&b, web_href(r, p), arena_printf(&r->a, "%s%d年政府信息公开工作年度报告", r->agency.name, years[i]));
            h_open(&b, "span", "class", "date", H_END);
            h_link(&b, x, "表格下载");
            h_close(&b, "span");
            h_close(&b, "li");
        }
        h_close(&b, "ul");
    }
    free(years);
    web_page_public(r, HTTP_OK, "政府信息公开年报", "reports", b.data);
    buf_free(&b);
    return HTTP_OK;
}

/* What the public sees of a year: the current (newest) version, and when it
 * corrects an earlier one, its 更正说明 and date and the first publication. */
struct published {
    int version;
    char at[11], first_at[11];
    char *note;               /* malloc'ed; "" for the first version */
};

/* Loads the current published version of the year: the model and the narrative. */
static int load_published(web_req *r, int year, rpt **out, json_t **nj, struct published *pubinfo)
{
    struct store_report_version *v;
    size_t n;
    if (store_report_versions(r->st, r->agency.id, year, &v, &n, NULL) || !n) {
        if (n)
            store_report_versions_free(v, n);
        else
            free(v);
        return GK_ENOTFOUND;
    }
    err e = {0};
    int rc = rpt_from_json(v[0].report_json, strlen(v[0].report_json), "published", out, &e);
    *nj = json_loads(v[0].narrative_json, 0, NULL);
    if (!*nj)
        *nj = json_object();
    if (pubinfo) {
        pubinfo->version = v[0].version;
        snprintf(pubinfo->at, sizeof pubinfo->at, "%.10s", v[0].published_at);
        snprintf(pubinfo->first_at, sizeof pubinfo->first_at, "%.10s", v[n - 1].published_at);
        pubinfo->note = xstrdup(v[0].correction_note);
    }
    store_report_versions_free(v, n);
    if (rc) {
        json_decref(*nj);
        if (pubinfo)
            free(pubinfo->note);
        return rc;
    }
    (*out)->year = year;
    return 0;
}

/* The 更正说明 box of a corrected report. */
static void correction_html(buf *b, const struct published *p)
{
    if (p->version < 2)
        return;
    h_open(b, "section", "class", "notice correction", "role", "note", H_END);
    h_el(b, "h2", "更正说明");
    h_el(b, "p", p->note);
    h_open(b, "p", "class", "muted", H_END);
    h_textf(b, "更正日期：%s（第%d版；首次发布：%s）", p->at, p->version, p->first_at);
    h_close(b, "p");
    h_close(b, "section");
}

/* The figures above the tables (pages_stats.c): this year's, and every
 * published year's for the comparison. */
static void year_figures(web_req *r, const rpt *cur, buf *b)
{
    int *years = NULL;
    size_t n = 0, k = 0;
    store_report_years(r->st, r->agency.id, &years, &n, NULL);
    rpt **reps = xcalloc(n ? n : 1, sizeof *reps);
    for (size_t i = 0; i < n; i++) {
        json_t *nj;
        if (load_published(r, years[i], &reps[k], &nj, NULL) == 0) {
            json_decref(nj);
            k++;
        }
    }
    web_report_figures(r, cur, reps, k, b);
    for (size_t i = 0; i < k; i++)
        rpt_free(reps[i]);
    free(reps);
    free(years);
}

/* A line of links to the report's files, " · " between them. */
static void file_links(buf *b, const char *base, int year, const char *const *names, const char *const *labels,
                       size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char href[80];
        snprintf(href, sizeof href, "%s/%d/report.%s", base, year, names[i]);
        if (i)
            h_text(b, " · ");
        h_link(b, href, labels[i]);
    }
}

/* Where, and the year's files: the page, Excel, Word, PDF, the data. */
static void report_year_head(web_req *r, buf *b, int year, const char *at)
{
    static const char *const names[] = {"html", "xlsx", "docx", "pdf", "json"};
    static const char *const labels[] = {"网页版（可打印）", "Excel 表格", "Word", "PDF", "数据（JSON）"};
    web_crumbs(r, b, "/reports", "政府信息公开年报", arena_printf(&r->a, "%d年", year));
    h_open(b, "p", "class", "muted", H_END);
    h_textf(b, "发布日期：%s · 下载：", at);
    file_links(b, "/reports", year, names, labels, 5);
    h_close(b, "p");
}

int h_report_year(web_req *r)
{
    int year;
    rpt *rp;
    json_t *nj;
    struct published pi;
    if (!year_param(r, &year) || load_published(r, year, &rp, &nj, &pi))
        return web_error(r, HTTP_NOT_FOUND, "该年度的报告尚未公布。");
    const char *at = pi.at;
    buf b;
    buf_init(&b);
    err e = {0};
    report_year_head(r, &b, year, at);
    correction_html(&b, &pi);
    free(pi.note);
    year_figures(r, rp, &b);
    int rc = report_body(rp, nj, &b, &e);
    rpt_free(rp);
    json_decref(nj);
    if (rc) {
        buf_free(&b);
        return web_error(r, HTTP_INTERNAL, "报告暂时无法显示。");
    }
    char title[80];
    snprintf(title, sizeof title, "%d年政府信息公开工作年度报告", year);
    web_page_public(r, HTTP_OK, title, "reports", b.data);
    buf_free(&b);
    return HTTP_OK;
}

int h_report_file(web_req *r)
{
    int year;
    rpt *rp;
    json_t *nj;
    if (!year_param(r, &year) || load_published(r, year, &rp, &nj, NULL))
        return web_error(r, HTTP_NOT_FOUND, "该年度的报告尚未公布。");
    int st = send_report(r, rp, nj, web_param(r, 1));
    rpt_free(rp);
    json_decref(nj);
    return st;
}

int api_public_reports(web_req *r)
{
    int *years = NULL;
    size_t n = 0;
    store_report_years(r->st, r->agency.id, &years, &n, NULL);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(years[i]));
    free(years);
    return web_json(r, HTTP_OK, json_pack("{s:o}", "years", a));
}

int api_public_report(web_req *r)
{
    int year;
    rpt *rp;
    json_t *nj;
    struct published pi;
    if (!year_param(r, &year) || load_published(r, year, &rp, &nj, &pi))
        return web_api_error(r, HTTP_NOT_FOUND, "not_found", "no published report for this year");
    buf b;
    buf_init(&b);
    rpt *c = with_text(rp, nj);
    rpt_to_json(c, &b, false);
    rpt_free(c);
    json_t *j = json_loads(b.data, 0, NULL);
    buf_free(&b);
    rpt_free(rp);
    json_decref(nj);
    json_object_set_new(j, "publication", json_pack("{s:i,s:s,s:s,s:s}", "version", pi.version, "published_at", pi.at,
                                                    "first_published_at", pi.first_at, "correction_note", pi.note));
    free(pi.note);
    return web_json(r, HTTP_OK, j);
}

/* ---- the console ---- */

static int current_year(void)
{
    int y, m, d;
    date_to_ymd(date_today(), &y, &m, &d);
    return y;
}

/* The year in the query (?year=), else last year. */
static bool console_year(web_req *r, int *year)
{
    const char *s = web_param(r, 0) ? web_param(r, 0) : web_q(r, "year");
    int64_t y = current_year() - 1;
    if (s && *s && (!parse_i64(s, strlen(s), &y) || y < 2019 || y > current_year()))
        return false;
    *year = (int)y;
    return true;
}

static void problems_html(buf *b, const rpt *rp)
{
    size_t errors = rpt_count_errors(rp);
    if (!rp->nproblems) {
        h_el_attr(b, "p", "勾稽关系校验通过：未发现问题。", "class", "flash", "role", "status", H_END);
        return;
    }
    h_open(b, "div", "class", errors ? "errors" : "notice", "role", "status", H_END);
    h_elf(b, "p", "勾稽关系校验：%zu 个错误，%zu 个提示。", errors, rp->nproblems - errors);
    h_open(b, "ul", "class", "problems", H_END);
    for (size_t i = 0; i < rp->nproblems; i++) {
        const struct rpt_problem *p = &rp->problems[i];
        h_open(b, "li", "class", p->severity == RPT_ERROR ? "error" : "warning", H_END);
        h_textf(b, "%s %s：", p->rule, p->where);
        h_text(b, p->message);
        h_close(b, "li");
    }
    h_close(b, "ul");
    h_close(b, "div");
}

/* A small form posting one action to the year's page, its button's text. */
static void action_form(buf *b, int year, const char *hidden, const char *action, const char *cls, const char *text)
{
    char path[48];
    snprintf(path, sizeof path, "/console/report/%d", year);
    h_open(b, "form", "class", "inline", "method", "post", "action", path, H_END);
    h_markup_add(b, H_MARKUP(hidden));
    h_el_attr(b, "button", text, "type", "submit", "name", "action", "value", action, "class", cls ? cls : H_OMIT,
              H_END);
    h_close(b, "form");
}

/* The facts of the publication box: category, dates, status, sign-off. */
static void publication_facts(web_req *r, buf *b, int year, const struct web_report_state *s)
{
    char from[11], due[11];
    date_format(rpt_publish_from(year), from);
    date_format(s->due, due);
    h_open(b, "dl", "class", "meta", H_END);
    h_dt_dd(b, "机关类别", rpt_deadline_rule(s->kind)->label);
    h_el(b, "dt", "可发布日期");
    h_elf(b, "dd", "%s起（第四十九条、第五十条：年度结束后发布）", from);
    h_el(b, "dt", "公布期限");
    h_elf(b, "dd", "%s（第四十九条）", due);
    h_el(b, "dt", "状态");
    h_open(b, "dd", "class", arena_printf(&r->a, "status-%s", rpt_pub_status_key(s->status)), H_END);
    h_text(b, rpt_pub_status_label(s->status));
    if (s->facts.version) {
        h_textf(b, "：第%d版，%.10s 由 %s 发布（", s->facts.version, s->pub.published_at, s->pub.published_by);
        h_link(b, arena_printf(&r->a, "/reports/%d", year), "查看");
        h_text(b, "）");
    }
    h_close(b, "dd");
    h_el(b, "dt", "签发");
    if (s->facts.signed_off)
        h_elf(b, "dd", "%.10s 由 %s（%s）签发当前稿", s->pub.signed_at, s->pub.signed_by,
              web_role_label(web_role_from_key(s->pub.signed_role)));
    else
        h_elf(b, "dd", "当前稿尚未经%s签发", s->signoff_label);
    h_close(b, "dl");
}

/* The publication box: Art. 49's deadline, the status, the sign-off, and
 * the sign-off and publish buttons when the step is allowed (the handler
 * checks again and refuses with the reason). */
static void publication_html(web_req *r, buf *b, int year, const struct web_report_state *s, const char *hidden)
{
    h_open(b, "section", "class", "report-publication", H_END);
    h_el(b, "h2", "发布");
    publication_facts(r, b, year, s);
    if (s->facts.today < rpt_publish_from(year)) {
        int y, m, d;
        date_to_ymd(rpt_publish_from(year), &y, &m, &d);
        h_open(b, "p", "class", "notice", H_END);
        h_textf(b, "%d年度报告须于%d年%d月%d日后发布：现在可以起草并保存文字，签发和发布自%d年%d月%d日起进行。", year, y, m, d,
                y, m, d);
        h_close(b, "p");
    } else {
        if (strcmp(web_role_key(r->user->role), s->signoff_role) == 0)
            action_form(b, year, hidden, "signoff", NULL, arena_printf(&r->a, "以%s身份签发当前稿", s->signoff_label));
        if (s->facts.signed_off)
            action_form(b, year, hidden, "publish", "secondary", s->facts.version ? "发布更正版" : "在门户发布已签发稿");
    }
    h_close(b, "section");
}

/* The table of published versions. */
static void history_table(web_req *r, buf *b, const struct store_report_version *v, size_t n)
{
    (void)r;
    h_el(b, "h2", "发布记录");
    h_open(b, "div", "class", "table-wrap", H_END);
    h_open(b, "table", H_END);
    h_open(b, "thead", H_END);
    h_open(b, "tr", H_END);
    h_el(b, "th", "版本");
    h_el(b, "th", "发布");
    h_el(b, "th", "签发");
    h_el(b, "th", "更正说明");
    h_close(b, "tr");
    h_close(b, "thead");
    h_open(b, "tbody", H_END);
    for (size_t i = 0; i < n; i++) {
        h_open(b, "tr", H_END);
        h_elf(b, "td", "第%d版%s", v[i].version, i == 0 ? "（公众可见）" : "");
        h_elf(b, "td", "%.10s %s", v[i].published_at, v[i].published_by);
        h_elf(b, "td", "%.10s %s", v[i].signed_at, v[i].signed_by);
        h_el(b, "td", v[i].correction_note);
        h_close(b, "tr");
    }
    h_table_close(b);
}

/* Every published version, newest first: what the public saw and when. */
static void history_html(web_req *r, buf *b, int year)
{
    struct store_report_version *v;
    size_t n;
    if (store_report_versions(r->st, r->agency.id, year, &v, &n, NULL))
        return;
    if (n) {
        history_table(r, b, v, n);
        for (size_t i = 1; i < n; i++) {
            rpt *old;
            err e = {0};
            if (rpt_from_json(v[i].report_json, strlen(v[i].report_json), "published", &old, &e))
                continue;
            old->year = year;
            json_t *nj = json_loads(v[i].narrative_json, 0, NULL);
            h_open(b, "details", "class", "version", H_END);
            h_elf(b, "summary", "第%d版（%.10s 发布，已被更正）", v[i].version, v[i].published_at);
            report_body(old, nj ? nj : json_object(), b, &e);
            h_close(b, "details");
            json_decref(nj);
            rpt_free(old);
        }
    }
    store_report_versions_free(v, n);
}

/* The console's year choice and the downloads of the report as it stands. */
static void console_report_head(buf *b, int year)
{
    h_elf(b, "h1", "%d年政府信息公开工作年度报告", year);
    h_open(b, "form", "class", "filters", "method", "get", "action", "/console/report", H_END);
    h_open(b, "div", H_END);
    h_el_attr(b, "label", "年度", "for", "year", H_END);
    h_open(b, "select", "id", "year", "name", "year", H_END);
    for (int y = current_year(); y >= 2019; y--) {
        char val[16], label[24];
        snprintf(val, sizeof val, "%d", y);
        snprintf(label, sizeof label, "%d年", y);
        h_option(b, val, label, y == year);
    }
    h_filter_form_end(b, "生成");
}

static void console_report_files(buf *b, int year)
{
    static const char *const names[] = {"html", "xlsx", "json", "docx", "pdf"};
    static const char *const labels[] = {"网页版", "Excel", "JSON", "Word", "PDF"};
    h_open(b, "p", H_END);
    h_text(b, "下载当前数据生成的报告：");
    file_links(b, "/console/report", year, names, labels, 5);
    h_close(b, "p");
}

/* The draft's fields: the document parts, the narrative, the correction
 * note once published; eng (section 一's figures) fills an empty 平台 part. */
static void draft_fields(web_req *r, buf *b, json_t *nj, const struct web_report_state *ps, const buf *eng)
{
    json_t *dj = json_object_get(nj, "document");
    for (int i = 0; i < RPT_NDOCF; i++) {
        static const char *const labels[RPT_NDOCF] = {"文号", "主送机关（上级主管部门）", "引言（依据、下载地址、联系方式）"};
        const char *v = json_string_value(json_object_get(dj, rpt_docf_keys[i]));
        web_field(r, b, &(struct web_field){.name = rpt_docf_keys[i], .label = labels[i],
                                            .type = i == RPT_DOC_INTRO ? "textarea" : "text", .value = v ? v : "",
                                            .maxlength = RPT_DOCF_MAX});
    }
    for (int i = 0; i < RPT_NNARR; i++) {
        const char *v = json_string_value(json_object_get(nj, rpt_narr_keys[i]));
        if (i == RPT_NARR_PLATFORM && (!v || !*v) && eng->len)
            v = eng->data;
        web_field(r, b, &(struct web_field){.name = rpt_narr_keys[i], .label = narrative_labels[i], .type = "textarea",
                                            .value = v ? v : "", .maxlength = WEB_NARRATIVE_MAX});
    }
    if (ps->facts.version)
        web_field(r, b, &(struct web_field){.name = "correction_note", .label = "更正说明（更正已发布的报告时必填，随更正版公布）",
                                            .type = "textarea", .value = ps->pub.correction_note ? ps->pub.correction_note : "",
                                            .maxlength = RPT_NOTE_MAX});
}

/* 文字部分（草稿）: section 一's figures from the registers of talking with
 * the public (offered in a box, and as the start of an empty 总体情况, for
 * the office to edit), then the draft form. */
static void draft_html(web_req *r, buf *b, int year, json_t *nj, const struct web_report_state *ps, const rpt *rp,
                       const char *hidden)
{
    struct engage_year *ey = xmalloc(sizeof *ey);
    buf eng;
    buf_init(&eng);
    if (store_engage_year(r->st, r->agency.id, year, ey, NULL) == 0)
        engage_narrative(ey, &eng);
    free(ey);
    if (eng.len) {
        h_open(b, "section", "class", "note", "aria-labelledby", "engfig", H_END);
        h_el_attr(b, "h2", "可写入总体情况的数据（来自咨询投诉留言、建议提案、意见征集登记）", "id", "engfig", H_END);
        h_el_attr(b, "p", eng.data, "class", "pre", H_END);
        h_close(b, "section");
    }
    h_el(b, "h2", "文字部分（草稿）");
    h_open(b, "form", "class", "stack", "method", "post", "action", arena_printf(&r->a, "/console/report/%d", year),
           H_END);
    h_markup_add(b, H_MARKUP(hidden));
    draft_fields(r, b, nj, ps, &eng);
    buf_free(&eng);
    h_el_attr(b, "button", "根据记录起草总体情况（只填空白部分）", "type", "submit", "name", "action", "value", "compose",
              "class", "secondary", H_END);
    h_el_attr(b, "button", "保存草稿", "type", "submit", "name", "action", "value", "save", H_END);
    h_el_attr(b, "p", arena_printf(&r->a, "保存后须重新由%s签发；发布的是签发时的报告。", ps->signoff_label), "class", "hint",
              H_END);
    if (rpt_count_errors(rp))
        h_el_attr(b, "p", "存在勾稽关系错误，修正数据后才能签发。", "class", "errors", H_END);
    h_close(b, "form");
}

int h_console_report(web_req *r)
{
    int year;
    if (!console_year(r, &year))
        return web_error(r, HTTP_BAD_REQUEST, "年度无效（2019年起）。");
    rpt *rp;
    err e = {0};
    if (web_report_generate(r->st, r->agency.id, r->agency.name, year, &rp, &e))
        return web_error(r, e.code == GK_ERANGE ? HTTP_UNAVAILABLE : HTTP_INTERNAL, "无法生成该年度报告：缺少数据或日历。");
    struct web_report_state ps;
    if (web_report_state(r->st, r->agency.id, year, date_today(), &ps, &e)) {
        rpt_free(rp);
        return web_error(r, HTTP_INTERNAL, "无法读取该年度报告的发布状态。");
    }
    json_t *nj = json_loads(ps.pub.narrative_json ? ps.pub.narrative_json : "{}", 0, NULL);
    if (!nj)
        nj = json_object();
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    const char *hid = hidden.data ? hidden.data : "";
    console_report_head(&b, year);
    publication_html(r, &b, year, &ps, hid);
    problems_html(&b, rp);
    console_report_files(&b, year);
    draft_html(r, &b, year, nj, &ps, rp, hid);
    history_html(r, &b, year);
    h_el(&b, "h2", "预览（当前数据）");
    report_body(rp, nj, &b, &e);
    web_report_state_clear(&ps);
    json_decref(nj);
    rpt_free(rp);
    web_page_console(r, HTTP_OK, "年度报告", "report", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return HTTP_OK;
}

static int report_status_of(int rc)
{
    return gk_http_status(rc);   /* GK_ERRORS in base.h */
}

/* One step of the console's form: save the draft, sign it off, publish it. */
static int report_step(web_req *r, int year, const char *action, json_t *nj, const char *note, err *e)
{
    if (strcmp(action, "save") == 0) {
        char *text = json_dumps(nj, JSON_COMPACT);
        int rc = web_report_draft(r->st, r->agency.id, year, text, note, r->user->login, e);
        free(text);
        return rc;
    }
    if (strcmp(action, "signoff") == 0)
        return web_report_signoff(r->st, r->agency.id, r->agency.name, year, date_today(), r->user->login,
                                  web_role_key(r->user->role), e);
    if (strcmp(action, "publish") == 0)
        return web_report_publish(r->st, r->agency.id, year, date_today(), r->user->login, NULL, e);
    return err_set(e, GK_EINVAL, "action", "'%s': save, signoff or publish", action);
}

int h_console_report_save(web_req *r)
{
    int year;
    if (!console_year(r, &year))
        return web_error(r, HTTP_BAD_REQUEST, "年度无效。");
    json_t *nj = json_object(), *dj = json_object();
    for (int i = 0; i < RPT_NNARR; i++) {
        const char *v = web_f(r, rpt_narr_keys[i]);
        json_object_set_new(nj, rpt_narr_keys[i], json_string(v ? v : ""));
    }
    for (int i = 0; i < RPT_NDOCF; i++) {
        const char *v = web_f(r, rpt_docf_keys[i]);
        json_object_set_new(dj, rpt_docf_keys[i], json_string(v ? v : ""));
    }
    json_object_set_new(nj, "document", dj);
    const char *action = web_f(r, "action");
    err e = {0};
    int rc = 0;
    if (action && strcmp(action, "compose") == 0) {
        /* what the office typed stays; the parts left empty are drafted from the records */
        char *text = json_dumps(nj, JSON_COMPACT), *out = NULL;
        rc = web_report_draft(r->st, r->agency.id, year, text, web_f(r, "correction_note"), r->user->login, &e);
        if (!rc)
            rc = web_report_compose(r->st, &r->agency, year, false, &out, &e);
        if (!rc)
            rc = web_report_draft(r->st, r->agency.id, year, out, web_f(r, "correction_note"), r->user->login, &e);
        free(text);
        free(out);
    } else {
        rc = report_step(r, year, action ? action : "save", nj, web_f(r, "correction_note"), &e);
    }
    json_decref(nj);
    if (rc)
        return web_error(r, report_status_of(rc), e.msg[0] ? e.msg : "操作失败。");
    char loc[80];
    snprintf(loc, sizeof loc, "/console/report?year=%d&msg=%s", year, action ? action : "save");
    return web_redirect(r, web_href(r, loc));
}

int h_console_report_file(web_req *r)
{
    int year;
    if (!console_year(r, &year))
        return web_error(r, HTTP_BAD_REQUEST, "年度无效。");
    rpt *rp;
    err e = {0};
    if (web_report_generate(r->st, r->agency.id, r->agency.name, year, &rp, &e))
        return web_error(r, HTTP_INTERNAL, "无法生成该年度报告。");
    struct store_report_pub pub;
    bool have = store_report_get(r->st, r->agency.id, year, &pub, NULL) == 0;
    json_t *nj = json_loads(have && pub.narrative_json ? pub.narrative_json : "{}", 0, NULL);
    if (have)
        store_report_pub_clear(&pub);
    if (!nj)
        nj = json_object();
    web_audit(r, "report", year, "downloaded", NULL, NULL);
    int st = send_report(r, rp, nj, web_param(r, 1));
    rpt_free(rp);
    json_decref(nj);
    return st;
}

/* ---- API ---- */

int api_report(web_req *r)
{
    int year;
    if (!console_year(r, &year))
        return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "the year must be 2019 or later and not in the future");
    rpt *rp;
    err e = {0};
    if (web_report_generate(r->st, r->agency.id, r->agency.name, year, &rp, &e))
        return web_api_error(r, e.code == GK_ERANGE ? HTTP_UNAVAILABLE : HTTP_INTERNAL, "internal", e.msg);
    buf b;
    buf_init(&b);
    rpt_to_json(rp, &b, false);
    json_t *j = json_loads(b.data, 0, NULL);
    buf_free(&b);
    json_object_set_new(j, "errors", json_integer((json_int_t)rpt_count_errors(rp)));
    rpt_free(rp);
    return web_json(r, HTTP_OK, j);
}

/* POST /api/v1/reports/:year/signoff and /publish: the same steps as the
 * console; the narrative is saved in the console or with `gongkai report
 * draft`, so a body that carries one is refused rather than ignored. */
static int api_report_step(web_req *r, const char *action)
{
    int year;
    if (!console_year(r, &year))
        return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "the year must be 2019 or later and not in the future");
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    bool has_narrative = json_object_get(j, "narrative") != NULL;
    json_decref(j);
    if (has_narrative)
        return web_api_error(r, HTTP_UNPROCESSABLE, "invalid",
                             "narrative: the draft is saved in the console (or `gongkai report draft`), signed off, then published");
    err e = {0};
    int version = 0, rc;
    if (strcmp(action, "publish") == 0)
        rc = web_report_publish(r->st, r->agency.id, year, date_today(), r->user->login, &version, &e);
    else
        rc = web_report_signoff(r->st, r->agency.id, r->agency.name, year, date_today(), r->user->login,
                                web_role_key(r->user->role), &e);
    if (rc) {
        int st = report_status_of(rc);
        return web_api_error(r, st, st == HTTP_CONFLICT ? "conflict" : st == HTTP_UNPROCESSABLE ? "invalid" : "internal", e.msg);
    }
    if (version)
        return web_json(r, HTTP_OK, json_pack("{s:i,s:b,s:i}", "year", year, "published", 1, "version", version));
    return web_json(r, HTTP_OK, json_pack("{s:i,s:b}", "year", year, "signed_off", 1));
}

int api_report_publish(web_req *r) { return api_report_step(r, "publish"); }

/* POST /api/v1/reports/:year/draft {"narrative": {...}, "correction_note": "..."}:
 * saves the draft (any time), withdrawing a sign-off. */
int api_report_draft(web_req *r)
{
    int year;
    if (!console_year(r, &year))
        return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "the year must be 2019 or later and not in the future");
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    json_t *nj = json_object_get(j, "narrative"), *note = json_object_get(j, "correction_note");
    err e = {0};
    int rc;
    if (!json_is_object(nj))
        rc = err_set(&e, GK_EINVAL, "narrative", "narrative: an object of text sections (overview, proactive, requests, management, "
                               "platform, supervision, problems, other)");
    else if (note && !json_is_string(note))
        rc = err_set(&e, GK_EINVAL, "correction_note", "correction_note: text");
    else {
        json_t *dj = json_object_get(j, "document");   /* the report as a document: 文号, 主送, 引言 */
        if (dj)
            json_object_set(nj, "document", dj);
        char *text = json_dumps(nj, JSON_COMPACT);
        rc = web_report_draft(r->st, r->agency.id, year, text, note ? json_string_value(note) : "",
                              r->user->login, &e);
        free(text);
    }
    json_decref(j);
    if (rc) {
        int st = report_status_of(rc);
        return web_api_error(r, st, st == HTTP_CONFLICT ? "conflict" : st == HTTP_UNPROCESSABLE ? "invalid" : "internal", e.msg);
    }
    return web_json(r, HTTP_OK, json_pack("{s:i,s:b}", "year", year, "saved", 1));
}
int api_report_signoff(web_req *r) { return api_report_step(r, "signoff"); }

/* ---- the dashboard: Art. 49's deadline of last year's report and, from
 * November on, of this year's ---- */

static int dash_return(const struct store_report_returned *x, void *arg)
{
    buf *b = arg;
    h_open(b, "li", H_END);
    h_textf(b, "%.10s %s退回第%d版：", x->at, x->by_name, x->version);
    h_text(b, x->comment);
    h_text(b, "（更正后重新签发、发布，并附更正说明）");
    h_close(b, "li");
    return 0;
}

/* One year's row of the dashboard's deadlines. */
static void dash_year(buf *b, int y, const struct web_report_state *s, gk_day today)
{
    char from[11], due[11], href[48];
    date_format(rpt_publish_from(y), from);
    date_format(s->due, due);
    snprintf(href, sizeof href, "/console/report?year=%d", y);
    int left = (int)(s->due - today);
    h_open(b, "tr", H_END);
    h_open(b, "td", H_END);
    char label[24];
    snprintf(label, sizeof label, "%d年度", y);
    h_link(b, href, label);
    h_close(b, "td");
    h_el(b, "td", from);
    h_elf(b, "td", "%s（%s）", due, rpt_deadline_rule(s->kind)->label);
    if (s->status == RPT_ST_PUBLISHED)
        h_el(b, "td", "—");
    else if (left >= 0)
        h_elf(b, "td", "%d天", left);
    else
        h_elf(b, "td", "逾期%d天", -left);
    char cls[48];
    snprintf(cls, sizeof cls, "status-%s", rpt_pub_status_key(s->status));
    h_el_attr(b, "td", rpt_pub_status_label(s->status), "class", cls, H_END);
    h_close(b, "tr");
}

void web_dash_report(web_req *r, buf *b)
{
    if (!web_can(r, PERM_REPORT))
        return;
    gk_day today = date_today();
    int ty, m, d;
    date_to_ymd(today, &ty, &m, &d);
    h_el(b, "h2", "年度报告（《条例》第四十九条）");
    h_open(b, "div", "class", "table-wrap", H_END);
    h_open(b, "table", "class", "report-deadlines", H_END);
    h_open(b, "thead", H_END);
    h_open(b, "tr", H_END);
    static const char *const heads[] = {"年度", "可发布日期", "公布期限", "剩余天数", "状态"};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        h_el(b, "th", heads[i]);
    h_close(b, "tr");
    h_close(b, "thead");
    h_open(b, "tbody", H_END);
    for (int y = ty - 1; y <= ty - (m < 11); y++) {
        struct web_report_state s;
        if (web_report_state(r->st, r->agency.id, y, today, &s, NULL))
            continue;
        dash_year(b, y, &s, today);
        web_report_state_clear(&s);
    }
    h_table_close(b);
    /* what the supervising office sent back (pages_oversight.c), when any */
    buf items;
    buf_init(&items);
    store_report_returns(r->st, r->agency.id, ty - 1, dash_return, &items, NULL);
    if (items.len) {
        h_el(b, "h3", "政务公开办退回的年度报告");
        h_open(b, "ul", "class", "returns", H_END);
        h_markup_add(b, H_MARKUP_BUF(&items));
        h_close(b, "ul");
    }
    buf_free(&items);
}

/* The report's tables for a page of the portal frame (the office's summed
 * report, pages_oversight.c): report_body without a narrative. */
int web_report_body(const rpt *r, buf *out, err *e)
{
    json_t *nj = json_object();
    int rc = report_body(r, nj, out, e);
    json_decref(nj);
    return rc;
}
