/* web — repeated requests on the console (《条例》第四十四条, issue 16 item 7):
 * the applications of the last three years grouped by what they ask for
 * (disclosure/repeat.h), the groups asked for by enough applicants and
 * found disclosable proposed for proactive publication, and the form that
 * makes the draft document; the draft then goes through the review chain
 * like any other (pages_docs_console.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclosure/disclosure.h"
#include "disclosure/repeat.h"
#include "publish/publish.h"
#include "web/web_internal.h"

#define REPEAT_WINDOW_DAYS 1096   /* three years of applications */

struct rows {
    web_req *r;
    struct repeat_app *apps;
    struct store_repeat_row *rows;   /* strings in the request's arena */
    size_t n, cap;
};

static int take(const struct store_repeat_row *x, void *arg)
{
    struct rows *v = arg;
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 64;
        v->rows = xrealloc(v->rows, v->cap * sizeof *v->rows);
        v->apps = xrealloc(v->apps, v->cap * sizeof *v->apps);
    }
    struct store_repeat_row *c = &v->rows[v->n];
    *c = *x;
    c->app_no = arena_strdup(&v->r->a, x->app_no);
    c->request = arena_strdup(&v->r->a, x->request);
    c->who = arena_strdup(&v->r->a, x->who);
    c->outcome = arena_strdup(&v->r->a, x->outcome);
    c->released = arena_strdup(&v->r->a, x->released ? x->released : "");
    v->apps[v->n] = (struct repeat_app){x->id, c->request, c->who,
                                        strcmp(x->outcome, "granted") == 0 || strcmp(x->outcome, "partly_granted") == 0,
                                        c->released};
    v->n++;
    return 0;
}

/* The agency's rule (settings art44.*); a bad setting is named in *bad. */
static struct repeat_rule rule_of(web_req *r, char *bad, size_t badn)
{
    struct repeat_rule rule = REPEAT_RULE_DEFAULT;
    static const char *const keys[] = {"art44.min_applicants", "art44.similarity"};
    *bad = '\0';
    for (size_t i = 0; i < 2; i++) {
        const char *v = web_setting(r, keys[i], NULL);
        err e = {0};
        if (v && repeat_rule_set(&rule, keys[i], v, &e))
            snprintf(bad, badn, "%s", e.msg);
    }
    return rule;
}

/* The groups of the agency's applications; v's arrays are malloc'ed. */
static int load_groups(web_req *r, struct rows *v, const struct repeat_rule *rule, struct repeat_group **g,
                       size_t *ng, err *e)
{
    memset(v, 0, sizeof *v);
    v->r = r;
    int rc = store_repeat_rows(r->st, r->agency.id, date_today() - REPEAT_WINDOW_DAYS, REPEAT_APPS_MAX, take, v, e);
    if (!rc)
        rc = repeat_group_apps(v->apps, v->n, rule, g, ng, e);
    return rc;
}

static void rows_free(struct rows *v)
{
    free(v->rows);
    free(v->apps);
}

/* The draft's title offered: the shortest request of the group. */
static const char *title_offer(const struct rows *v, const struct repeat_group *g)
{
    const char *best = v->rows[g->members[0]].request;
    for (size_t i = 1; i < g->n; i++)
        if (strlen(v->rows[g->members[i]].request) < strlen(best))
            best = v->rows[g->members[i]].request;
    return best;
}

static void group_html(web_req *r, buf *b, const struct rows *v, const struct repeat_group *g, size_t k,
                       const char *hidden)
{
    int64_t doc = v->rows[g->members[0]].doc_id;
    bool all_linked = true;
    for (size_t i = 0; i < g->n; i++)
        all_linked &= v->rows[g->members[i]].doc_id != 0;
    buf_printf(b, "<section class=\"repeat-group\" aria-labelledby=\"rg%zu\"><h2 id=\"rg%zu\">第%zu组：%zu件申请，%d位申请人</h2>",
               k, k, k + 1, g->n, g->applicants);
    if (g->by_release)
        buf_puts(b, "<p class=\"muted\">归组依据包括答复中公开的相同文件或登记文件（申请表述不同，所要信息相同）。</p>");
    if (all_linked)
        buf_printf(b, "<p class=\"flash\">已拟稿主动公开：<a href=\"/console/docs/%lld\">文档 %lld</a>（按审核流程办理）</p>",
                   (long long)doc, (long long)doc);
    else if (g->proposed)
        buf_puts(b, "<p class=\"notice\"><span class=\"tag ok\">建议主动公开</span> 多个申请人申请公开相同政府信息，且已答复予以公开或部分公开："
                    "可依《条例》第四十四条纳入主动公开范围。</p>");
    else
        buf_printf(b, "<p class=\"muted\">不满足第四十四条的建议条件：%s</p>",
                   !g->disclosable ? "尚无予以公开或部分公开的答复" : "申请人数未达到设定的人数");
    buf_puts(b, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">申请编号</th><th scope=\"col\">收到日期</th>"
                "<th scope=\"col\">办理结果</th><th scope=\"col\">申请内容</th></tr></thead><tbody>");
    for (size_t i = 0; i < g->n; i++) {
        const struct store_repeat_row *x = &v->rows[g->members[i]];
        char day[11];
        date_format(x->received, day);
        const struct app_outcome *o = *x->outcome ? app_outcome_find(x->outcome) : NULL;
        buf_printf(b, "<tr><td><a href=\"/console/applications/%s\">%s</a></td><td>%s</td><td>%s</td><td>",
                   web_esc(r, x->app_no), web_esc(r, x->app_no), day, o ? o->label : "办理中");
        buf_html(b, x->request);
        buf_puts(b, "</td></tr>");
    }
    buf_puts(b, "</tbody></table></div>");
    if (g->proposed && !all_linked && web_can(r, PERM_DOC_DRAFT)) {
        buf ids;
        buf_init(&ids);
        for (size_t i = 0; i < g->n; i++)
            if (!v->rows[g->members[i]].doc_id)
                buf_printf(&ids, "%s%lld", ids.len ? "," : "", (long long)v->rows[g->members[i]].id);
        buf_printf(b, "<form class=\"stack\" method=\"post\" action=\"/console/repeats\">%s"
                      "<input type=\"hidden\" name=\"apps\" value=\"%s\">", hidden, ids.data);
        char tid[16], bid[16];
        snprintf(tid, sizeof tid, "title%zu", k);
        snprintf(bid, sizeof bid, "body%zu", k);
        buf_printf(b, "<div class=\"field\"><label for=\"%s\">拟公开信息的标题</label><input type=\"text\" id=\"%s\" "
                      "name=\"title\" maxlength=\"%d\" required value=\"", tid, tid, LIM_DOC_TITLE);
        buf_html(b, title_offer(v, g));
        buf_printf(b, "\"></div><div class=\"field\"><label for=\"%s\">正文（替换为公开的信息内容）</label><textarea id=\"%s\" "
                      "name=\"body\" rows=\"5\" required>根据《中华人民共和国政府信息公开条例》第四十四条，多个申请人就相同政府信息"
                      "提出公开申请，本机关将该政府信息纳入主动公开范围。\n\n</textarea></div>"
                      "<button type=\"submit\">拟稿并提交审核流程</button></form>", bid, bid);
        buf_free(&ids);
    }
    buf_puts(b, "</section>");
}

int h_console_repeats(web_req *r)
{
    char bad[600];
    struct repeat_rule rule = rule_of(r, bad, sizeof bad);
    struct rows v;
    struct repeat_group *g = NULL;
    size_t ng = 0;
    err e = {0};
    if (load_groups(r, &v, &rule, &g, &ng, &e)) {
        rows_free(&v);
        return web_error(r, 500, "无法读取申请。");
    }
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    size_t proposed = 0;
    for (size_t i = 0; i < ng; i++)
        proposed += g[i].proposed;
    buf_printf(&b, "<p class=\"crumbs\"><a href=\"/console/applications\">依申请公开</a> › 重复申请</p>"
                   "<h1>重复申请（《条例》第四十四条）</h1><p>近三年收到的%zu件申请中，申请内容相同或相近的%zu组；"
                   "其中%zu组由不少于%d位申请人申请且已答复予以公开或部分公开，建议纳入主动公开范围。"
                   "相近的判断：申请内容去掉标点和“申请公开”等套话后，两两比较字符二元组的重合度（杰卡德系数）不低于%.2f。"
                   "人数和重合度是本机关的设置（art44.min_applicants、art44.similarity）。</p>",
               v.n, ng, proposed, rule.min_applicants, rule.min_similarity);
    if (*bad)
        buf_printf(&b, "<p class=\"errors\">设置有误，已按默认值计算：%s</p>", web_esc(r, bad));
    if (!ng)
        buf_puts(&b, "<p>没有内容相同或相近的申请。</p>");
    for (size_t i = 0; i < ng; i++)
        group_html(r, &b, &v, &g[i], i, hidden.data);
    repeat_groups_free(g, ng);
    rows_free(&v);
    web_page_console(r, 200, "重复申请", "apps", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return 200;
}

/* The ids of the form ("12,13,14"): digits and commas, at most REPEAT_APPS_MAX. */
static int parse_ids(const char *s, int64_t **out, size_t *n, err *e)
{
    *out = NULL;
    *n = 0;
    if (!s || !*s)
        return err_field(e, GK_EINVAL, "apps", "no application given");
    size_t cap = 0;
    for (const char *p = s;;) {
        int64_t id;
        size_t len = strcspn(p, ",");
        if (!len || !parse_i64(p, len, &id) || id <= 0) {
            free(*out);
            *out = NULL;
            return err_field(e, GK_EINVAL, "apps", "item %zu is not an application id", *n + 1);
        }
        if (*n == REPEAT_APPS_MAX) {
            free(*out);
            *out = NULL;
            return err_field(e, GK_EINVAL, "apps", "more than %d applications", REPEAT_APPS_MAX);
        }
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = id;
        p += len;
        if (!*p)
            return 0;
        p++;
    }
}

/* Whether ids all lie in one proposed group, as the console computes it now. */
static bool one_proposed_group(const struct rows *v, const struct repeat_group *g, size_t ng, const int64_t *ids,
                               size_t n)
{
    for (size_t k = 0; k < ng; k++) {
        if (!g[k].proposed)
            continue;
        size_t found = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < g[k].n; j++)
                if (v->rows[g[k].members[j]].id == ids[i]) {
                    found++;
                    break;
                }
        if (found == n)
            return true;
    }
    return false;
}

int h_console_repeat_publish(web_req *r)
{
    int64_t *ids;
    size_t n;
    err e = {0};
    if (parse_ids(web_f(r, "apps"), &ids, &n, &e))
        return web_error(r, 422, e.msg);
    char bad[600];
    struct repeat_rule rule = rule_of(r, bad, sizeof bad);
    struct rows v;
    struct repeat_group *g = NULL;
    size_t ng = 0;
    int rc = load_groups(r, &v, &rule, &g, &ng, &e);
    bool ok = !rc && one_proposed_group(&v, g, ng, ids, n);
    repeat_groups_free(g, ng);
    rows_free(&v);
    if (rc) {
        free(ids);
        return web_error(r, 500, "无法读取申请。");
    }
    if (!ok) {
        free(ids);
        return web_error(r, 409, "这些申请不是同一组建议主动公开的申请（第四十四条）。");
    }
    struct doc *d = xmalloc(sizeof *d);
    rc = repeat_draft(r->agency.id, web_f(r, "title"), web_f(r, "body"), r->agency.name, date_today(), d, &e);
    if (!rc)
        rc = store_repeat_publish(r->st, r->agency.id, ids, n, d, r->user->login, &e);
    int64_t id = d->id;
    doc_clear(d);
    free(d);
    free(ids);
    if (rc)
        return web_error(r, gk_http_status(rc), e.msg[0] ? e.msg : "拟稿失败。");
    char loc[64];
    snprintf(loc, sizeof loc, "/console/docs/%lld?msg=created", (long long)id);
    return web_redirect(r, web_href(r, loc));
}
