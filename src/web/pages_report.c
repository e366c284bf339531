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

/* The narrative sections staff write, with their headings. */
static const struct {
    const char *key, *heading, *label;
} narrative[] = {
    {"overview", "一、总体情况", "总体情况（主动公开、依申请公开、政府信息管理、平台建设、监督保障等）"},
    {"problems", "五、存在的主要问题及改进情况", "存在的主要问题及改进情况"},
    {"other", "六、其他需要报告的事项", "其他需要报告的事项（如收取信息处理费情况）"},
};
#define NNARR 3

static void narrative_html(buf *b, json_t *nj, int which)
{
    const char *t = json_string_value(json_object_get(nj, narrative[which].key));
    buf_printf(b, "<section class=\"narrative\"><h2>%s</h2>", narrative[which].heading);
    if (!t || !*t) {
        buf_puts(b, "<p>无。</p>");
    } else {
        const char *p = t;
        while (*p) {
            size_t n = strcspn(p, "\n");
            if (n) {
                buf_puts(b, "<p>");
                buf_html_n(b, p, n);
                buf_puts(b, "</p>");
            }
            p += n;
            if (*p)
                p++;
        }
    }
    buf_puts(b, "</section>");
}

/* The report's body (title, narrative and the rendered tables), for the
 * portal frame: report/'s HTML page without its own head and style. */
static int report_body(const rpt *r, json_t *nj, buf *out, err *e)
{
    buf full;
    buf_init(&full);
    int rc = rpt_render(r, RPT_FMT_HTML, &full, e);
    if (rc) {
        buf_free(&full);
        return rc;
    }
    const char *start = strstr(full.data, "<main class=\"page\">");
    const char *h1end = start ? strstr(start, "</h1>") : NULL;
    const char *end = start ? strstr(start, "</main>") : NULL;
    if (!start || !h1end || !end) {
        buf_free(&full);
        return err_set(e, GK_EIO, "report", "the rendered report has no page");
    }
    start += strlen("<main class=\"page\">");
    h1end += strlen("</h1>");
    buf_puts(out, "<div class=\"report-doc\">");
    buf_append(out, start, (size_t)(h1end - start));
    narrative_html(out, nj, 0);
    buf_append(out, h1end, (size_t)(end - h1end));
    narrative_html(out, nj, 1);
    narrative_html(out, nj, 2);
    buf_puts(out, "</div>");
    buf_free(&full);
    return 0;
}

/* The standalone HTML download: report/'s page with the narrative put in. */
static int report_standalone(const rpt *r, json_t *nj, buf *out, err *e)
{
    buf full;
    buf_init(&full);
    int rc = rpt_render(r, RPT_FMT_HTML, &full, e);
    if (rc) {
        buf_free(&full);
        return rc;
    }
    const char *h1end = strstr(full.data, "</h1>");
    const char *end = strstr(full.data, "</main>");
    if (!h1end || !end) {
        buf_append(out, full.data, full.len);
    } else {
        h1end += 5;
        buf_append(out, full.data, (size_t)(h1end - full.data));
        narrative_html(out, nj, 0);
        buf_append(out, h1end, (size_t)(end - h1end));
        narrative_html(out, nj, 1);
        narrative_html(out, nj, 2);
        buf_puts(out, end);
    }
    buf_free(&full);
    return 0;
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
        rpt_to_json(rp, &b, true);
        snprintf(name, sizeof name, "attachment; filename=\"report-%d.json\"", year);
        web_add_header(r, "Content-Disposition", name);
        web_text(r, 200, "application/json; charset=utf-8", b.data, b.len);
        buf_free(&b);
        return 200;
    }
    if (strcmp(file, "report.html") == 0) {
        buf b;
        buf_init(&b);
        if (report_standalone(rp, nj, &b, &e)) {
            buf_free(&b);
            return web_error(r, 500, "报告生成失败。");
        }
        snprintf(name, sizeof name, "attachment; filename=\"report-%d.html\"", year);
        web_add_header(r, "Content-Disposition", name);
        /* the standalone page carries its own inline style for printing */
        web_add_header(r, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        web_text(r, 200, "text/html; charset=utf-8", b.data, b.len);
        buf_free(&b);
        return 200;
    }
    if (strcmp(file, "report.xlsx") == 0) {
        char path[] = "/tmp/gongkai-report-XXXXXX.xlsx";
        int fd = mkstemps(path, 5);
        if (fd < 0)
            return web_error(r, 500, "无法生成表格文件。");
        close(fd);
        buf b;
        buf_init(&b);
        int rc = rpt_render_xlsx(rp, path, &e);
        if (!rc)
            rc = file_read_all(path, 50 * 1024 * 1024, &b, &e);
        unlink(path);
        if (rc) {
            buf_free(&b);
            return web_error(r, 500, "无法生成表格文件。");
        }
        snprintf(name, sizeof name, "attachment; filename=\"report-%d.xlsx\"", year);
        web_add_header(r, "Content-Disposition", name);
        web_text(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.data, b.len);
        buf_free(&b);
        return 200;
    }
    return web_error(r, 404, "没有这种格式。");
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
    store_report_years(r->st, r->app->agency.id, &years, &n, NULL);
    buf b;
    buf_init(&b);
    buf_printf(&b, "<p class=\"crumbs\">当前位置：<a href=\"%s\">首页</a> › 政府信息公开年报</p><h1>政府信息公开工作年度报告</h1>"
                   "<p>依照《条例》第四十九条、第五十条，本机关每年1月31日前公布上一年度政府信息公开工作年度报告。"
                   "报告中的统计表由系统根据全年公开和办理记录生成，并经勾稽关系校验。</p>",
               web_esc(r, web_href(r, "/")));
    if (!n) {
        buf_puts(&b, "<p>暂无已公布的年度报告。</p>");
    } else {
        buf_puts(&b, "<ul class=\"list\">");
        for (size_t i = 0; i < n; i++) {
            char p[40];
            snprintf(p, sizeof p, "/reports/%d", years[i]);
            buf_printf(&b, "<li><a href=\"%s\">%s%d年政府信息公开工作年度报告</a>"
                           "<span class=\"date\"><a href=\"/reports/%d/report.xlsx\">表格下载</a></span></li>",
                       web_esc(r, web_href(r, p)), web_esc(r, r->app->agency.name), years[i], years[i]);
        }
        buf_puts(&b, "</ul>");
    }
    free(years);
    web_page_public(r, 200, "政府信息公开年报", "reports", b.data);
    buf_free(&b);
    return 200;
}

/* Loads the published report of the year: the model and the narrative. */
static int load_published(web_req *r, int year, rpt **out, json_t **nj, char published_at[32])
{
    struct store_report_pub p;
    if (store_report_get(r->st, r->app->agency.id, year, &p, NULL) || !p.report_json) {
        if (p.narrative_json)
            store_report_pub_clear(&p);
        return GK_ENOTFOUND;
    }
    err e = {0};
    int rc = rpt_from_json(p.report_json, strlen(p.report_json), "published", out, &e);
    *nj = json_loads(p.narrative_json ? p.narrative_json : "{}", 0, NULL);
    if (!*nj)
        *nj = json_object();
    if (published_at)
        snprintf(published_at, 32, "%.10s", p.published_at);
    store_report_pub_clear(&p);
    if (rc) {
        json_decref(*nj);
        return rc;
    }
    (*out)->year = year;
    return 0;
}

int h_report_year(web_req *r)
{
    int year;
    rpt *rp;
    json_t *nj;
    char at[32];
    if (!year_param(r, &year) || load_published(r, year, &rp, &nj, at))
        return web_error(r, 404, "该年度的报告尚未公布。");
    buf b;
    buf_init(&b);
    err e = {0};
    buf_printf(&b, "<p class=\"crumbs\">当前位置：<a href=\"%s\">首页</a> › <a href=\"%s\">政府信息公开年报</a> › %d年</p>",
               web_esc(r, web_href(r, "/")), web_esc(r, web_href(r, "/reports")), year);
    buf_printf(&b, "<p class=\"muted\">发布日期：%s · 下载：<a href=\"/reports/%d/report.html\">网页版（可打印）</a> · "
                   "<a href=\"/reports/%d/report.xlsx\">Excel 表格</a> · <a href=\"/reports/%d/report.json\">数据（JSON）</a></p>",
               at, year, year, year);
    int rc = report_body(rp, nj, &b, &e);
    rpt_free(rp);
    json_decref(nj);
    if (rc) {
        buf_free(&b);
        return web_error(r, 500, "报告暂时无法显示。");
    }
    char title[80];
    snprintf(title, sizeof title, "%d年政府信息公开工作年度报告", year);
    web_page_public(r, 200, title, "reports", b.data);
    buf_free(&b);
    return 200;
}

int h_report_file(web_req *r)
{
    int year;
    rpt *rp;
    json_t *nj;
    if (!year_param(r, &year) || load_published(r, year, &rp, &nj, NULL))
        return web_error(r, 404, "该年度的报告尚未公布。");
    int st = send_report(r, rp, nj, web_param(r, 1));
    rpt_free(rp);
    json_decref(nj);
    return st;
}

int api_public_reports(web_req *r)
{
    int *years = NULL;
    size_t n = 0;
    store_report_years(r->st, r->app->agency.id, &years, &n, NULL);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(years[i]));
    free(years);
    return web_json(r, 200, json_pack("{s:o}", "years", a));
}

int api_public_report(web_req *r)
{
    int year;
    rpt *rp;
    json_t *nj;
    if (!year_param(r, &year) || load_published(r, year, &rp, &nj, NULL))
        return web_api_error(r, 404, "not_found", "no published report for this year");
    buf b;
    buf_init(&b);
    rpt_to_json(rp, &b, false);
    json_t *j = json_loads(b.data, 0, NULL);
    buf_free(&b);
    rpt_free(rp);
    json_object_set_new(j, "narrative", nj);
    return web_json(r, 200, j);
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

int h_console_report(web_req *r)
{
    int year;
    if (!console_year(r, &year))
        return web_error(r, 400, "年度无效（2019年起）。");
    rpt *rp;
    err e = {0};
    if (web_report_generate(r->st, r->app->agency.id, r->app->agency.name, year, &rp, &e))
        return web_error(r, e.code == GK_ERANGE ? 503 : 500, "无法生成该年度报告：缺少数据或日历。");
    struct store_report_pub pub;
    bool have = store_report_get(r->st, r->app->agency.id, year, &pub, NULL) == 0;
    json_t *nj = json_loads(have && pub.narrative_json ? pub.narrative_json : "{}", 0, NULL);
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
    if (have && pub.report_json)
        buf_printf(&b, "<p class=\"flash\">已于 %.10s 由 %s 在门户公布（<a href=\"/reports/%d\">查看</a>）。重新公布将以当前数据替换。</p>",
                   pub.published_at, web_esc(r, pub.published_by), year);
    else
        buf_printf(&b, "<p class=\"notice\">尚未公布。部门应于%d年1月31日前公布。</p>", year + 1);
    problems_html(r, &b, rp);
    buf_printf(&b, "<p>下载当前数据生成的报告：<a href=\"/console/report/%d/report.html\">网页版</a> · "
                   "<a href=\"/console/report/%d/report.xlsx\">Excel</a> · <a href=\"/console/report/%d/report.json\">JSON</a></p>",
               year, year, year);
    buf_printf(&b, "<h2>文字部分</h2><form class=\"stack\" method=\"post\" action=\"/console/report/%d\">%s", year, hidden.data);
    for (int i = 0; i < NNARR; i++) {
        const char *v = json_string_value(json_object_get(nj, narrative[i].key));
        web_field(r, &b, &(struct web_field){.name = narrative[i].key, .label = narrative[i].label, .type = "textarea",
                                             .value = v ? v : "", .maxlength = 20000});
    }
    buf_puts(&b, "<button type=\"submit\" name=\"action\" value=\"save\">保存文字</button>");
    if (!rpt_count_errors(rp))
        buf_puts(&b, "<button type=\"submit\" name=\"action\" value=\"publish\" class=\"secondary\">保存并在门户公布</button>");
    else
        buf_puts(&b, "<p class=\"errors\">存在勾稽关系错误，修正数据后才能公布。</p>");
    buf_puts(&b, "</form><h2>预览</h2>");
    report_body(rp, nj, &b, &e);
    if (have)
        store_report_pub_clear(&pub);
    json_decref(nj);
    rpt_free(rp);
    web_page_console(r, 200, "年度报告", "report", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return 200;
}

/* Saves the narrative and, when asked and the report checks clean, publishes. */
static int save_and_publish(web_req *r, int year, json_t *nj, bool publish, char *msg, size_t msgn)
{
    for (int i = 0; i < NNARR; i++) {
        json_t *v = json_object_get(nj, narrative[i].key);
        if (v && (!json_is_string(v) || utf8_len(json_string_value(v), strlen(json_string_value(v))) > 20000))
            return snprintf(msg, msgn, "%s: text of at most 20000 characters", narrative[i].key), 422;
    }
    char *text = json_dumps(nj, JSON_COMPACT);
    err e = {0};
    int rc = store_report_save(r->st, r->app->agency.id, year, text, r->user->login, &e);
    free(text);
    if (rc)
        return snprintf(msg, msgn, "保存失败。"), 500;
    if (!publish)
        return 0;
    rpt *rp;
    if (web_report_generate(r->st, r->app->agency.id, r->app->agency.name, year, &rp, &e))
        return snprintf(msg, msgn, "无法生成报告。"), 500;
    if (rpt_count_errors(rp)) {
        rpt_free(rp);
        return snprintf(msg, msgn, "存在勾稽关系错误，不能公布。"), 409;
    }
    rpt_clear_problems(rp);
    buf j;
    buf_init(&j);
    rpt_to_json(rp, &j, false);
    rpt_free(rp);
    rc = store_report_publish(r->st, r->app->agency.id, year, j.data, r->user->login, &e);
    buf_free(&j);
    if (rc)
        return snprintf(msg, msgn, "公布失败。"), 500;
    return 0;
}

int h_console_report_save(web_req *r)
{
    int year;
    if (!console_year(r, &year))
        return web_error(r, 400, "年度无效。");
    json_t *nj = json_object();
    for (int i = 0; i < NNARR; i++) {
        const char *v = web_f(r, narrative[i].key);
        json_object_set_new(nj, narrative[i].key, json_string(v ? v : ""));
    }
    const char *action = web_f(r, "action");
    char msg[200];
    int st = save_and_publish(r, year, nj, action && strcmp(action, "publish") == 0, msg, sizeof msg);
    json_decref(nj);
    if (st)
        return web_error(r, st, msg);
    char loc[80];
    snprintf(loc, sizeof loc, "/console/report?year=%d&msg=%s", year,
             action && strcmp(action, "publish") == 0 ? "published" : "saved");
    return web_redirect(r, web_href(r, loc));
}

int h_console_report_file(web_req *r)
{
    int year;
    if (!console_year(r, &year))
        return web_error(r, 400, "年度无效。");
    rpt *rp;
    err e = {0};
    if (web_report_generate(r->st, r->app->agency.id, r->app->agency.name, year, &rp, &e))
        return web_error(r, 500, "无法生成该年度报告。");
    struct store_report_pub pub;
    bool have = store_report_get(r->st, r->app->agency.id, year, &pub, NULL) == 0;
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
        return web_api_error(r, 400, "bad_request", "the year must be 2019 or later and not in the future");
    rpt *rp;
    err e = {0};
    if (web_report_generate(r->st, r->app->agency.id, r->app->agency.name, year, &rp, &e))
        return web_api_error(r, e.code == GK_ERANGE ? 503 : 500, "internal", e.msg);
    buf b;
    buf_init(&b);
    rpt_to_json(rp, &b, false);
    json_t *j = json_loads(b.data, 0, NULL);
    buf_free(&b);
    json_object_set_new(j, "errors", json_integer((json_int_t)rpt_count_errors(rp)));
    rpt_free(rp);
    return web_json(r, 200, j);
}

int api_report_publish(web_req *r)
{
    int year;
    if (!console_year(r, &year))
        return web_api_error(r, 400, "bad_request", "the year must be 2019 or later and not in the future");
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    json_t *nj = json_object_get(j, "narrative");
    if (nj && !json_is_object(nj)) {
        json_decref(j);
        return web_api_error(r, 422, "invalid", "narrative must be an object");
    }
    char msg[200];
    json_t *empty = nj ? NULL : json_object();
    int st = save_and_publish(r, year, nj ? nj : empty, true, msg, sizeof msg);
    json_decref(empty);
    json_decref(j);
    if (st)
        return web_api_error(r, st, st == 409 ? "conflict" : st == 422 ? "invalid" : "internal", msg);
    return web_json(r, 200, json_pack("{s:i,s:b}", "year", year, "published", 1));
}
