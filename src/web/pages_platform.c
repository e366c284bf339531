/* web — the platform's own pages (issue 13): the home of a platform serving
 * several agencies (the tree, the latest publications of all of them, search
 * with an agency filter), and the console page where an agency edits its
 * contact details, its 指南 and its 制度. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "platform/platform.h"
#include "publish/publish.h"
#include "web/web_internal.h"

/* ---- the platform home ---- */

static void tree_list(web_req *r, buf *b, const struct store_agency *v, size_t n)
{
    h_open(b, "ul", "class", "tree", H_END);
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        for (; depth < v[i].depth; depth++)
            h_open(b, "ul", H_END);
        for (; depth > v[i].depth; depth--) {
            h_close(b, "li");
            h_close(b, "ul");
        }
        if (i && v[i].depth <= v[i - 1].depth)
            h_close(b, "li");
        h_open(b, "li", H_END);
        h_link(b, web_agency_href(r, v[i].code, "/"), v[i].name);
    }
    for (; depth > 0; depth--) {
        h_close(b, "li");
        h_close(b, "ul");
    }
    if (n)
        h_close(b, "li");
    h_close(b, "ul");
}

/* The platform's search box: the words and the agency (indented by depth). */
static void platform_search(web_req *r, buf *b, const struct store_agency *v, size_t n)
{
    h_open(b, "form", "class", "search-box platform-search", "method", "get", "action", "/search", "role", "search",
           H_END);
    if (r->large)
        h_hidden(b, "size", "large");
    h_el_attr(b, "label", "检索政府信息", "for", "q", "class", "visually-hidden", H_END);
    h_void(b, "input", "type", "search", "id", "q", "name", "q", "placeholder", "检索全平台各机关公开的政府信息",
           "maxlength", "100", H_END);
    h_el_attr(b, "label", "机关", "for", "agency", "class", "visually-hidden", H_END);
    h_open(b, "select", "id", "agency", "name", "agency", H_END);
    h_option(b, "", "全部机关", false);
    for (size_t i = 0; i < n; i++)
        h_option(b, v[i].code, arena_printf(&r->a, "%s%s", v[i].depth ? (v[i].depth == 1 ? "　" : "　　") : "",
                                            v[i].name), false);
    h_close(b, "select");
    h_submit(b, "检索", NULL);
    h_close(b, "form");
}

int web_platform_home(web_req *r)
{
    struct store_agency *v = NULL;
    size_t n = 0;
    if (store_agency_tree(r->st, 0, &v, &n, NULL))
        return web_error(r, HTTP_INTERNAL, "无法读取机关目录。");
    const char *name = web_setting(r, "platform.name", "政府信息公开平台");
    buf b;
    buf_init(&b);
    h_el(&b, "h1", name);
    platform_search(r, &b, v, n);
    h_open(&b, "div", "class", "cards", H_END);
    h_open(&b, "section", "class", "card", "aria-labelledby", "agencies", H_END);
    h_elf(&b, "h2", "机关目录（%zu个）", n);
    tree_list(r, &b, v, n);
    h_close(&b, "section");
    h_close(&b, "div");
    web_home_latest(r, &b);
    free(v);
    web_page_public(r, HTTP_OK, "首页", "home", b.data);
    buf_free(&b);
    return HTTP_OK;
}

void web_platform_agency_options(web_req *r, buf *b, const char *cur)
{
    struct store_agency *v = NULL;
    size_t n = 0;
    if (store_agency_tree(r->st, 0, &v, &n, NULL))
        return;
    for (size_t i = 0; i < n; i++)
        h_option(b, v[i].code, v[i].name, cur && strcmp(cur, v[i].code) == 0);
    free(v);
}

int web_platform_doc(web_req *r)
{
    int64_t id;
    struct doc d;
    struct store_agency a;
    if (!web_param_id(r, 0, &id) || store_doc_get(r->st, 0, id, &d, NULL))
        return web_error(r, HTTP_NOT_FOUND, "没有找到该文件。");
    int64_t ag = d.agency_id;
    doc_clear(&d);
    if (store_agency_by_id(r->st, ag, &a, NULL))
        return web_error(r, HTTP_NOT_FOUND, "没有找到该文件。");
    char path[64];
    snprintf(path, sizeof path, "/doc/%lld", (long long)id);
    return web_redirect(r, web_href(r, web_agency_href(r, a.code, path)));
}

/* ---- the agency's own details (console) ----
 * The settings behind the portal's contact block, 指南 and 制度; each a
 * line of text (guide.scope: one item a line; the notes: one paragraph a
 * line). Limits in characters, as base/limits.c counts them. */
static const struct {
    const char *key, *label, *type, *hint;
    int max;
} agency_fields[] = {
    {"agency.office", "政府信息公开工作机构", "text", "例如：办公室", 60},
    {"agency.address", "办公地址", "text", NULL, 200},
    {"agency.postcode", "邮政编码", "text", NULL, 10},
    {"agency.hours", "办公时间", "text", "例如：工作日上午9:00—12:00，下午13:30—17:00", 100},
    {"agency.phone", "咨询电话", "tel", NULL, 40},
    {"agency.fax", "传真", "tel", NULL, 40},
    {"agency.email", "电子邮箱", "email", NULL, 100},
    {"agency.supervisor", "监督机构", "text", "留空则按机关类型填写上一级主管部门", 200},
    {"guide.scope", "指南：主动公开范围（每行一项）", "textarea", "留空则使用按机关类型编写的默认条目", 4000},
    {"guide.notes", "指南：其他说明（每行一段）", "textarea", NULL, 4000},
    {"rules.notes", "制度：本机关补充规定（每行一段）", "textarea", NULL, 4000},
};
#define NFIELDS (sizeof agency_fields / sizeof agency_fields[0])

static int agency_page(web_req *r, int status, const char *bad_key, const char *bad_msg)
{
    struct plat_guide_facts f = {.government = strcmp(r->agency.kind, "government") == 0};
    plat_level_parse(r->agency.level, "level", &f.level, NULL);
    buf b;
    buf_init(&b);
    h_elf(&b, "h1", "机关信息：%s", r->agency.name);
    h_open(&b, "p", "class", "muted", H_END);
    h_text(&b, "这些内容显示在本机关门户的页脚、《政府信息公开指南》和《政府信息公开制度》中。");
    h_link(&b, "/guide", "查看指南");
    h_text(&b, " · ");
    h_link(&b, "/rules", "查看制度");
    h_close(&b, "p");
    h_open(&b, "form", "method", "post", "action", "/console/agency", H_END);
    web_form_hidden(r, &b);
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *cur = web_f(r, agency_fields[i].key);
        if (!cur)
            cur = web_setting(r, agency_fields[i].key, strcmp(agency_fields[i].key, "guide.scope") == 0
                                                           ? plat_guide_scope_default(&f) : "");
        web_field(r, &b, &(struct web_field){.name = agency_fields[i].key, .label = agency_fields[i].label,
                                             .type = agency_fields[i].type, .value = cur, .hint = agency_fields[i].hint,
                                             .error = bad_key && strcmp(bad_key, agency_fields[i].key) == 0 ? bad_msg : NULL,
                                             .maxlength = agency_fields[i].max});
    }
    h_open(&b, "p", H_END);
    h_submit(&b, "保存", NULL);
    h_close(&b, "p");
    h_close(&b, "form");
    web_page_console(r, status, "机关信息", "agency", b.data);
    buf_free(&b);
    return status;
}

int h_console_agency(web_req *r) { return agency_page(r, HTTP_OK, NULL, NULL); }

int h_console_agency_save(web_req *r)
{
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *v = web_f(r, agency_fields[i].key);
        if (!v)
            continue;
        size_t chars = utf8_len(v, strlen(v));
        if ((int)chars > agency_fields[i].max) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s不能超过%d个字（现为%zu个字）", agency_fields[i].label, agency_fields[i].max, chars);
            return agency_page(r, HTTP_UNPROCESSABLE, agency_fields[i].key, arena_strdup(&r->a, msg));
        }
    }
    err e = {0};
    if (store_begin(r->st, &e))
        return web_error(r, HTTP_INTERNAL, "保存失败，请稍后再试。");
    buf after;
    buf_init(&after);
    buf_putc(&after, '{');
    int rc = 0;
    for (size_t i = 0; i < NFIELDS && !rc; i++) {
        const char *v = web_f(r, agency_fields[i].key);
        if (!v)
            continue;
        rc = store_setting_set(r->st, r->agency.id, agency_fields[i].key, v, &e);
        if (after.len > 1)
            buf_putc(&after, ',');
        buf_json_str(&after, agency_fields[i].key);
        buf_putc(&after, ':');
        buf_json_str(&after, v);
    }
    buf_putc(&after, '}');
    if (!rc)
        rc = store_audit_add(r->st, r->agency.id, r->user->login, "agency", r->agency.id, "details_saved", NULL,
                             after.data, &e);
    buf_free(&after);
    if (rc || store_commit(r->st, &e)) {
        store_rollback(r->st);
        return web_error(r, HTTP_INTERNAL, "保存失败，请稍后再试。");
    }
    return web_redirect(r, "/console/agency?msg=saved");
}
