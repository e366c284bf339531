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
    buf full;
    buf_init(&full);
    rpt *c = with_text(r, nj);
    int rc = rpt_render(c, RPT_FMT_HTML, &full, e);
    rpt_free(c);
    if (rc) {
        buf_free(&full);
        return rc;
    }
    const char *start = strstr(full.data, "<main class=\"page\">");
    const char *end = start ? strstr(start, "</main>") : NULL;
    if (!start || !end) {
        buf_free(&full);
        return err_set(e, GK_EIO, "report", "the rendered report has no page");
    }
    start += strlen("<main class=\"page\">");
    buf_puts(out, "<div class=\"report-doc\">");
    buf_append(out, start, (size_t)(end - start));
    buf_puts(out, "</div>");
    buf_free(&full);
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
    if (!s || !parse_i64(s, strlen(s), &y) || y < 2000 || y > 2100)
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
    buf_printf(&b, "<p class=\"crumbs\">当前位置：<a href=\"%s\">首页</a> › 政府信息公开年报</p><h1>政府信息公开工作年度报告</h1>"
                   "<p>依照《条例》第四十九条、第五十条，本机关每年%d月%d日前公布上一年度政府信息公开工作年度报告。"
                   "报告中的统计表由系统根据全年公开和办理记录生成，经勾稽关系校验并经签发后公布；更正的报告附更正说明。</p>",
               web_esc(r, web_href(r, "/")), rpt_deadline_rule(kind)->month, rpt_deadline_rule(kind)->day);
    buf_printf(&b, "<p>依申请公开的每月件数、按期答复、答复用时和办理结果见<a href=\"%s\">数据统计</a>。</p>",
               web_esc(r, web_href(r, "/stats")));
    if (!n) {
        buf_puts(&b, "<p>暂无已公布的年度报告。</p>");
    } else {
        buf_puts(&b, "<ul class=\"list\">");
        for (size_t i = 0; i < n; i++) {
            char p[40];
            snprintf(p, sizeof p, "/reports/%d", years[i]);
            buf_printf(&b, "<li><a href=\"%s\">%s%d年政府信息公开工作年度报告</a>"
                           "<span class=\"date\"><a href=\"/reports/%d/report.xlsx\">表格下载</a></span></li>",
                       web_esc(r, web_href(r, p)), web_esc(r, r->agency.name), years[i], years[i]);
        }
        buf_puts(&b, "</ul>");
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
    buf_puts(b, "<section class=\"notice correction\" role=\"note\"><h2>更正说明</h2><p>");
    buf_html(b, p->note);
    buf_printf(b, "</p><p class=\"muted\">更正日期：%s（第%d版；首次发布：%s）</p></section>", p->at, p->version,
               p->first_at);
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
    buf_printf(&b, "<p class=\"crumbs\">当前位置：<a href=\"%s\">首页</a> › <a href=\"%s\">政府信息公开年报</a> › %d年</p>",
               web_esc(r, web_href(r, "/")), web_esc(r, web_href(r, "/reports")), year);
    buf_printf(&b, "<p class=\"muted\">发布日期：%s · 下载：<a href=\"/reports/%d/report.html\">网页版（可打印）</a> · "
                   "<a href=\"/reports/%d/report.xlsx\">Excel 表格</a> · <a href=\"/reports/%d/report.docx\">Word</a> · "
                   "<a href=\"/reports/%d/report.pdf\">PDF</a> · <a href=\"/reports/%d/report.json\">数据（JSON）</a></p>",
               at, year, year, year, year, year);
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

static void problems_html(web_req *r, buf *b, const rpt *rp)
{
    size_t errors = rpt_count_errors(rp);
    if (!rp->nproblems) {
        buf_puts(b, "<p class=\"flash\" role=\"status\">勾稽关系校验通过：未发现问题。</p>");
        return;
    }
    buf_printf(b, "<div class=\"%s\" role=\"status\"><p>勾稽关系校验：%zu 个错误，%zu 个提示。</p><ul class=\"problems\">",
               errors ? "errors" : "notice", errors, rp->nproblems - errors);
    for (size_t i = 0; i < rp->nproblems; i++) {
        const struct rpt_problem *p = &rp->problems[i];
        buf_printf(b, "<li class=\"%s\">%s %s：", p->severity == RPT_ERROR ? "error" : "warning", web_esc(r, p->rule),
                   web_esc(r, p->where));
        buf_html(b, p->message);
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul></div>");
}

/* The publication box: Art. 49's deadline, the status, the sign-off, and
 * the sign-off and publish buttons when the step is allowed (the handler
 * checks again and refuses with the reason). */
static void publication_html(web_req *r, buf *b, int year, const struct web_report_state *s, const char *hidden)
{
    char from[11], due[11];
    date_format(rpt_publish_from(year), from);
    date_format(s->due, due);
    const struct rpt_deadline_rule *dl = rpt_deadline_rule(s->kind);
    gk_day today = s->facts.today;
    buf_printf(b, "<section class=\"report-publication\"><h2>发布</h2><dl class=\"meta\">"
                  "<dt>机关类别</dt><dd>%s</dd><dt>可发布日期</dt><dd>%s起（第四十九条、第五十条：年度结束后发布）</dd>"
                  "<dt>公布期限</dt><dd>%s（第四十九条）</dd><dt>状态</dt><dd class=\"status-%s\">%s",
               dl->label, from, due, rpt_pub_status_key(s->status), rpt_pub_status_label(s->status));
    if (s->facts.version)
        buf_printf(b, "：第%d版，%.10s 由 %s 发布（<a href=\"/reports/%d\">查看</a>）", s->facts.version,
                   s->pub.published_at, web_esc(r, s->pub.published_by), year);
    buf_printf(b, "</dd><dt>签发</dt><dd>");
    if (s->facts.signed_off)
        buf_printf(b, "%.10s 由 %s（%s）签发当前稿", s->pub.signed_at, web_esc(r, s->pub.signed_by),
                   web_role_label(web_role_from_key(s->pub.signed_role)));
    else
        buf_printf(b, "当前稿尚未经%s签发", s->signoff_label);
    buf_puts(b, "</dd></dl>");
    if (today < rpt_publish_from(year)) {
        int y, m, d;
        date_to_ymd(rpt_publish_from(year), &y, &m, &d);
        buf_printf(b, "<p class=\"notice\">%d年度报告须于%d年%d月%d日后发布：现在可以起草并保存文字，"
                      "签发和发布自%d年%d月%d日起进行。</p>", year, y, m, d, y, m, d);
    } else {
        if (strcmp(web_role_key(r->user->role), s->signoff_role) == 0)
            buf_printf(b, "<form class=\"inline\" method=\"post\" action=\"/console/report/%d\">%s"
                          "<button type=\"submit\" name=\"action\" value=\"signoff\">以%s身份签发当前稿</button></form>",
                       year, hidden, s->signoff_label);
        if (s->facts.signed_off)
            buf_printf(b, "<form class=\"inline\" method=\"post\" action=\"/console/report/%d\">%s"
                          "<button type=\"submit\" name=\"action\" value=\"publish\" class=\"secondary\">%s</button></form>",
                       year, hidden, s->facts.version ? "发布更正版" : "在门户发布已签发稿");
    }
    buf_puts(b, "</section>");
}

/* Every published version, newest first: what the public saw and when. */
static void history_html(web_req *r, buf *b, int year)
{
    struct store_report_version *v;
    size_t n;
    if (store_report_versions(r->st, r->agency.id, year, &v, &n, NULL))
        return;
    if (n) {
        buf_puts(b, "<h2>发布记录</h2><div class=\"table-wrap\"><table><thead><tr><th>版本</th><th>发布</th>"
                    "<th>签发</th><th>更正说明</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            buf_printf(b, "<tr><td>第%d版%s</td><td>%.10s %s</td><td>%.10s %s</td><td>", v[i].version,
                       i == 0 ? "（公众可见）" : "", v[i].published_at, web_esc(r, v[i].published_by), v[i].signed_at,
                       web_esc(r, v[i].signed_by));
            buf_html(b, v[i].correction_note);
            buf_puts(b, "</td></tr>");
        }
        buf_puts(b, "</tbody></table></div>");
        for (size_t i = 1; i < n; i++) {
            rpt *old;
            err e = {0};
            if (rpt_from_json(v[i].report_json, strlen(v[i].report_json), "published", &old, &e))
                continue;
            old->year = year;
            json_t *nj = json_loads(v[i].narrative_json, 0, NULL);
            buf_printf(b, "<details class=\"version\"><summary>第%d版（%.10s 发布，已被更正）</summary>", v[i].version,
                       v[i].published_at);
            report_body(old, nj ? nj : json_object(), b, &e);
            buf_puts(b, "</details>");
            json_decref(nj);
            rpt_free(old);
        }
    }
    store_report_versions_free(v, n);
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
    buf_printf(&b, "<h1>%d年政府信息公开工作年度报告</h1>", year);
    buf_puts(&b, "<form class=\"filters\" method=\"get\" action=\"/console/report\"><div><label for=\"year\">年度</label>"
                 "<select id=\"year\" name=\"year\">");
    for (int y = current_year(); y >= 2019; y--)
        buf_printf(&b, "<option value=\"%d\"%s>%d年</option>", y, y == year ? " selected" : "", y);
    buf_puts(&b, "</select></div><div><button type=\"submit\">生成</button></div></form>");
    publication_html(r, &b, year, &ps, hidden.data);
    problems_html(r, &b, rp);
    buf_printf(&b, "<p>下载当前数据生成的报告：<a href=\"/console/report/%d/report.html\">网页版</a> · "
                   "<a href=\"/console/report/%d/report.xlsx\">Excel</a> · <a href=\"/console/report/%d/report.json\">JSON</a> · "
                   "<a href=\"/console/report/%d/report.docx\">Word</a> · <a href=\"/console/report/%d/report.pdf\">PDF</a></p>",
               year, year, year, year, year);
    /* section 一's figures from the registers of talking with the public: offered
     * in a box, and as the start of an empty 总体情况, for the office to edit */
    struct engage_year *ey = xmalloc(sizeof *ey);
    buf eng;
    buf_init(&eng);
    if (store_engage_year(r->st, r->agency.id, year, ey, NULL) == 0)
        engage_narrative(ey, &eng);
    free(ey);
    if (eng.len) {
        buf_puts(&b, "<section class=\"note\" aria-labelledby=\"engfig\"><h2 id=\"engfig\">可写入总体情况的数据"
                     "（来自咨询投诉留言、建议提案、意见征集登记）</h2>");
        buf_puts(&b, "<p class=\"pre\">");
        buf_html(&b, eng.data);
        buf_puts(&b, "</p></section>");
    }
    buf_printf(&b, "<h2>文字部分（草稿）</h2><form class=\"stack\" method=\"post\" action=\"/console/report/%d\">%s", year,
               hidden.data);
    json_t *dj = json_object_get(nj, "document");
    for (int i = 0; i < RPT_NDOCF; i++) {
        static const char *const labels[RPT_NDOCF] = {"文号", "主送机关（上级主管部门）", "引言（依据、下载地址、联系方式）"};
        const char *v = json_string_value(json_object_get(dj, rpt_docf_keys[i]));
        web_field(r, &b, &(struct web_field){.name = rpt_docf_keys[i], .label = labels[i],
                                             .type = i == RPT_DOC_INTRO ? "textarea" : "text", .value = v ? v : "",
                                             .maxlength = RPT_DOCF_MAX});
    }
    for (int i = 0; i < RPT_NNARR; i++) {
        const char *v = json_string_value(json_object_get(nj, rpt_narr_keys[i]));
        if (i == RPT_NARR_PLATFORM && (!v || !*v) && eng.len)
            v = eng.data;
        web_field(r, &b, &(struct web_field){.name = rpt_narr_keys[i], .label = narrative_labels[i], .type = "textarea",
                                             .value = v ? v : "", .maxlength = WEB_NARRATIVE_MAX});
    }
    if (ps.facts.version)
        web_field(r, &b, &(struct web_field){.name = "correction_note", .label = "更正说明（更正已发布的报告时必填，随更正版公布）",
                                             .type = "textarea", .value = ps.pub.correction_note ? ps.pub.correction_note : "",
                                             .maxlength = RPT_NOTE_MAX});
    buf_free(&eng);
    buf_printf(&b, "<button type=\"submit\" name=\"action\" value=\"compose\" class=\"secondary\">"
                   "根据记录起草总体情况（只填空白部分）</button>"
                   "<button type=\"submit\" name=\"action\" value=\"save\">保存草稿</button>"
                   "<p class=\"hint\">保存后须重新由%s签发；发布的是签发时的报告。</p>", ps.signoff_label);
    if (rpt_count_errors(rp))
        buf_puts(&b, "<p class=\"errors\">存在勾稽关系错误，修正数据后才能签发。</p>");
    buf_puts(&b, "</form>");
    history_html(r, &b, year);
    buf_puts(&b, "<h2>预览（当前数据）</h2>");
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
    buf_printf(b, "<li>%.10s %s退回第%d版：", x->at, x->by_name, x->version);
    buf_html(b, x->comment);
    buf_puts(b, "（更正后重新签发、发布，并附更正说明）</li>");
    return 0;
}

void web_dash_report(web_req *r, buf *b)
{
    if (!web_can(r, PERM_REPORT))
        return;
    gk_day today = date_today();
    int ty, m, d;
    date_to_ymd(today, &ty, &m, &d);
    buf_puts(b, "<h2>年度报告（《条例》第四十九条）</h2><div class=\"table-wrap\"><table class=\"report-deadlines\"><thead>"
                "<tr><th>年度</th><th>可发布日期</th><th>公布期限</th><th>剩余天数</th><th>状态</th></tr></thead><tbody>");
    for (int y = ty - 1; y <= ty - (m < 11); y++) {
        struct web_report_state s;
        if (web_report_state(r->st, r->agency.id, y, today, &s, NULL))
            continue;
        char from[11], due[11];
        date_format(rpt_publish_from(y), from);
        date_format(s.due, due);
        int left = (int)(s.due - today);
        buf_printf(b, "<tr><td><a href=\"/console/report?year=%d\">%d年度</a></td><td>%s</td><td>%s（%s）</td><td>", y, y,
                   from, due, rpt_deadline_rule(s.kind)->label);
        if (s.status == RPT_ST_PUBLISHED)
            buf_puts(b, "—");
        else if (left >= 0)
            buf_printf(b, "%d天", left);
        else
            buf_printf(b, "逾期%d天", -left);
        buf_printf(b, "</td><td class=\"status-%s\">%s</td></tr>", rpt_pub_status_key(s.status),
                   rpt_pub_status_label(s.status));
        web_report_state_clear(&s);
    }
    buf_puts(b, "</tbody></table></div>");
    /* what the supervising office sent back (pages_oversight.c) */
    size_t before = b->len;
    buf_puts(b, "<h3>政务公开办退回的年度报告</h3><ul class=\"returns\">");
    size_t head = b->len;
    store_report_returns(r->st, r->agency.id, ty - 1, dash_return, b, NULL);
    if (b->len == head)
        b->len = before, b->data[before] = '\0';
    else
        buf_puts(b, "</ul>");
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
