/*
 * web — the register of documents and their disclosure attribute in the
 * console (issue 18 item 2; the command line's 'doc register', 'doc attr',
 * 'doc registry'): the register with its counts by attribute and filters,
 * the form that registers a document when it is drafted, and one document's
 * page with the reviewed change of its attribute (asked for by the author or
 * the office, decided by a reviewer or the signing leader, never by the one
 * who asked). publish/attr.c decides; store/doc_register.c keeps.
 *
 * Who may do what follows the command line's --role: the console role maps
 * to the workflow roles of publish/ (register_roles below), and the domain
 * refuses a step its table does not allow.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/html.h"
#include "publish/attr.h"
#include "web/web_internal.h"

/* The register's workflow roles of a console role: 信息员 writes (author),
 * 审核人 reviews, 分管领导 signs, 政务公开办 is the office. */
static const struct { enum web_role role; int request, decide; } register_roles[] = {   /* enum doc_role, -1 */
    {ROLE_OFFICER, DOC_R_AUTHOR, -1},
    {ROLE_OFFICE, DOC_R_OFFICE, -1},
    {ROLE_REVIEWER, -1, DOC_R_REVIEWER1},
    {ROLE_LEADER, -1, DOC_R_LEADER},
};

/* The role the user takes to ask (decide false) or to decide; -1 when none. */
static int register_role(web_req *r, bool decide)
{
    for (size_t i = 0; i < sizeof register_roles / sizeof register_roles[0]; i++)
        if (r->user && register_roles[i].role == r->user->role)
            return decide ? register_roles[i].decide : register_roles[i].request;
    return -1;
}


/* The attributes as select options (value, label pairs; "" first for "all"). */
static const char *const *attr_opts(web_req *r, bool with_all)
{
    const char **o = arena_alloc(&r->a, (2 * DOC_NATTRS + 3) * sizeof *o);
    size_t k = 0;
    if (with_all)
        o[k++] = "", o[k++] = "全部";
    for (int a = 1; a <= DOC_NATTRS; a++)
        o[k++] = doc_attrs[a].code, o[k++] = doc_attrs[a].label;
    o[k] = NULL;
    return o;
}

static const char *const *basis_opts(web_req *r)
{
    const char **o = arena_alloc(&r->a, (2 * (size_t)doc_nattr_bases + 3) * sizeof *o);
    size_t k = 0;
    o[k++] = "", o[k++] = "（主动公开不填）";
    for (int i = 0; i < doc_nattr_bases; i++) {
        const struct doc_attr_basis *x = &doc_attr_bases[i];
        o[k++] = x->code;
        o[k++] = arena_printf(&r->a, "%s %s：%s", doc_attrs[x->attr].label, x->article, x->text);
    }
    o[k] = NULL;
    return o;
}

static void reason_fields(web_req *r, buf *b)
{
    web_field(r, b, &(struct web_field){.name = "reason", .label = "理由", .type = "textarea",
                                        .hint = "依申请公开、不予公开必填", .maxlength = lim_fields[LIM_F_DOC_ATTR_REASON].max});
    web_field(r, b, &(struct web_field){.name = "basis", .label = "法律依据", .type = "select", .options = basis_opts(r)});
}

static void form_open(buf *b, const char *action, const char *hidden)
{
    h_open(b, "form", "class", "stack", "method", "post", "action", action, H_END);
    h_markup_add(b, H_MARKUP(hidden));
}

static void summary(buf *b, const char *text)
{
    h_open(b, "details", H_END);
    h_el(b, "summary", text);
}

static void submit(buf *b, const char *text)
{
    h_el_attr(b, "button", text, "type", "submit", H_END);
    h_close(b, "form");
}

struct reg_rows { buf *b; int n; bool pending_only; };

static int reg_row(const struct doc_reg *d, void *arg)
{
    struct reg_rows *x = arg;
    if (x->pending_only && !d->pending_attr)
        return 0;
    const struct doc_attr_basis *bs = doc_attr_basis_find(d->basis);
    char day[11], id[24], href[48];
    date_format(d->registered_on, day);
    snprintf(id, sizeof id, "%lld", (long long)d->id);
    snprintf(href, sizeof href, "/console/register/%lld", (long long)d->id);
    h_open(x->b, "tr", H_END);
    h_open(x->b, "td", H_END);
    h_link(x->b, href, id);
    h_close(x->b, "td");
    h_elf(x->b, "td", "%s%s", doc_attrs[d->attr].label, d->pending_attr ? "（更改待审核）" : "");
    h_el(x->b, "td", d->title);
    h_el(x->b, "td", d->docno[0] ? d->docno : "—");
    h_elf(x->b, "td", "%s%s%s", bs ? bs->article : "", bs ? "：" : "", bs ? d->reason : "");
    h_el(x->b, "td", day);
    h_close(x->b, "tr");
    x->n++;
    return 0;
}

static void register_form(web_req *r, buf *b, const char *hidden)
{
    summary(b, "登记文件");
    form_open(b, "/console/register", hidden);
    web_field(r, b, &(struct web_field){.name = "title", .label = "标题", .required = true,
                                        .maxlength = lim_fields[LIM_F_DOC_TITLE].max});
    web_field(r, b, &(struct web_field){.name = "attr", .label = "公开属性", .type = "select", .required = true,
                                        .options = attr_opts(r, false)});
    web_field(r, b, &(struct web_field){.name = "docno", .label = "文号", .maxlength = 60});
    web_field(r, b, &(struct web_field){.name = "issuer", .label = "发文机关",
                                        .maxlength = lim_fields[LIM_F_DOC_ISSUER].max});
    web_field(r, b, &(struct web_field){.name = "written", .label = "成文日期", .type = "date"});
    reason_fields(r, b);
    web_field(r, b, &(struct web_field){.name = "doc", .label = "主动公开文件的编号", .type = "number",
                                        .hint = "已在主动公开中拟稿时填写", .attrs = "min=\"1\""});
    submit(b, "登记");
    h_close(b, "details");
}

static void counts_line(buf *b, const int64_t counts[DOC_NATTRS + 1])
{
    h_open(b, "p", H_END);
    h_textf(b, "共%lld件：", (long long)(counts[1] + counts[2] + counts[3]));
    for (int a = 1; a <= DOC_NATTRS; a++) {
        h_textf(b, "%s%s", a > 1 ? "，" : "", doc_attrs[a].label);
        h_elf(b, "strong", "%lld", (long long)counts[a]);
        h_text(b, "件");
    }
    h_text(b, "。");
    h_close(b, "p");
}

static void filter_form(web_req *r, buf *b, const char *attr, bool pending)
{
    h_open(b, "form", "class", "filters", "method", "get", "action", "/console/register", H_END);
    web_field(r, b, &(struct web_field){.name = "attr", .label = "公开属性", .type = "select", .value = attr,
                                        .options = attr_opts(r, true)});
    h_open(b, "label", H_END);
    h_void(b, "input", "type", "checkbox", "name", "pending", "value", "1", "checked", pending ? "" : H_OMIT, H_END);
    h_text(b, " 只看属性更改待审核的");
    h_close(b, "label");
    submit(b, "筛选");
}

int h_console_register(web_req *r)
{
    const char *av = web_q(r, "attr");
    int attr = av && *av ? doc_attr_from_code(av) : 0;
    if (attr < 0)
        return web_error(r, HTTP_BAD_REQUEST, "未知的公开属性。");
    bool pending = web_q(r, "pending") && strcmp(web_q(r, "pending"), "1") == 0;
    int64_t counts[DOC_NATTRS + 1] = {0};
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    err e = {0};
    int rc = store_doc_reg_counts(r->st, r->agency.id, counts, &e);
    h_el(&b, "h1", "文件登记");
    counts_line(&b, counts);
    filter_form(r, &b, attr ? doc_attrs[attr].code : "", pending);
    if (register_role(r, false) >= 0)
        register_form(r, &b, hidden.data);
    h_open(&b, "div", "class", "table-wrap", "tabindex", "0", H_END);
    h_open(&b, "table", H_END);
    h_el(&b, "caption", "登记的文件（不予公开、依申请公开的理由和依据仅本机关工作人员可见）");
    h_thead(&b, "编号", "公开属性", "标题", "文号", "理由", "登记日期", H_END);
    h_open(&b, "tbody", H_END);
    struct reg_rows x = {&b, 0, pending};
    if (!rc)
        rc = store_doc_reg_list(r->st, r->agency.id, attr, reg_row, &x, &e);
    if (!x.n) {
        h_open(&b, "tr", H_END);
        h_el_attr(&b, "td", "没有符合条件的登记。", "colspan", "6", H_END);
        h_close(&b, "tr");
    }
    h_close(&b, "tbody");
    h_close(&b, "table");
    h_close(&b, "div");
    int st = rc ? web_fail(r, &e, "文件登记未能读取。") : web_page_console(r, HTTP_OK, "文件登记", "register", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return st;
}

/* A text field within its limit, else its Chinese refusal in msg. */
static bool field_ok(enum lim_field f, const char *v, char *msg, size_t msgn)
{
    buf m;
    buf_init(&m);
    lim_msg_cn(f, v, &m);
    bool ok = m.data == NULL;
    if (!ok)
        snprintf(msg, msgn, "%s", m.data);
    buf_free(&m);
    return ok;
}

static int copy_text(char *dst, size_t cap, const char *v, const char *what, char *msg, size_t msgn)
{
    if (v && strlen(v) >= cap)
        return snprintf(msg, msgn, "%s太长（最多%zu字节）。", what, cap - 1), HTTP_UNPROCESSABLE;
    snprintf(dst, cap, "%s", v ? v : "");
    return 0;
}

static int reg_fill(web_req *r, struct doc_reg *d, char *msg, size_t msgn)
{
    const char *v;
    d->agency_id = r->agency.id;
    d->registered_on = date_today();
    if ((d->attr = doc_attr_from_code(web_f(r, "attr") ? web_f(r, "attr") : "")) <= 0)
        return snprintf(msg, msgn, "请选择公开属性。"), HTTP_UNPROCESSABLE;
    if (!field_ok(LIM_F_DOC_TITLE, web_f(r, "title"), msg, msgn) ||
        !field_ok(LIM_F_DOC_ISSUER, web_f(r, "issuer"), msg, msgn) ||
        !field_ok(LIM_F_DOC_ATTR_REASON, web_f(r, "reason"), msg, msgn))
        return HTTP_UNPROCESSABLE;
    int st;
    if ((st = copy_text(d->title, sizeof d->title, web_f(r, "title"), "标题", msg, msgn)) ||
        (st = copy_text(d->issuer, sizeof d->issuer, web_f(r, "issuer"), "发文机关", msg, msgn)) ||
        (st = copy_text(d->reason, sizeof d->reason, web_f(r, "reason"), "理由", msg, msgn)) ||
        (st = copy_text(d->docno, sizeof d->docno, web_f(r, "docno"), "文号", msg, msgn)) ||
        (st = copy_text(d->basis, sizeof d->basis, web_f(r, "basis"), "法律依据", msg, msgn)))
        return st;
    if ((v = web_f(r, "written")) && *v && date_parse(v, &d->written, NULL))
        return snprintf(msg, msgn, "成文日期格式应为 YYYY-MM-DD。"), HTTP_UNPROCESSABLE;
    if ((v = web_f(r, "doc")) && *v && (!parse_i64(v, strlen(v), &d->doc_id) || d->doc_id < 1))
        return snprintf(msg, msgn, "主动公开文件的编号应为正整数。"), HTTP_UNPROCESSABLE;
    return 0;
}

int h_console_register_create(web_req *r)
{
    if (register_role(r, false) < 0)
        return web_error(r, HTTP_FORBIDDEN, "只有信息员和政务公开办可以登记文件。");
    struct doc_reg *d = xcalloc(1, sizeof *d);
    char msg[1024];
    err e = {0};
    int st = reg_fill(r, d, msg, sizeof msg);
    if (!st && (doc_reg_check(d, date_today(), &e) || store_doc_reg_add(r->st, d, r->user->login, &e))) {
        st = e.code == GK_ENOTFOUND ? HTTP_UNPROCESSABLE : gk_http_status(e.code);
        snprintf(msg, sizeof msg, "登记未保存（%s）：%s", e.where, e.msg);
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/console/register/%lld?msg=saved", (long long)d->id);
    free(d);
    return st ? web_error(r, st, msg) : web_redirect(r, web_href(r, loc));
}

static void change_forms(web_req *r, buf *b, const struct doc_reg *d, const char *hidden)
{
    char act[64];
    snprintf(act, sizeof act, "/console/register/%lld/attr", (long long)d->id);
    if (!d->pending_attr && register_role(r, false) >= 0) {
        summary(b, "申请更改公开属性");
        form_open(b, act, hidden);
        h_void(b, "input", "type", "hidden", "name", "action", "value", "request", H_END);
        web_field(r, b, &(struct web_field){.name = "to", .label = "改为", .type = "select", .required = true,
                                            .value = doc_attrs[d->attr == DOC_ATTR_ACTIVE ? DOC_ATTR_ON_REQUEST
                                                                                          : DOC_ATTR_ACTIVE].code,
                                            .options = attr_opts(r, false)});
        reason_fields(r, b);
        submit(b, "提交审核");
        h_close(b, "details");
    }
    if (d->pending_attr && register_role(r, true) >= 0 && strcmp(d->requested_by, r->user->login) != 0) {
        form_open(b, act, hidden);
        h_void(b, "input", "type", "hidden", "name", "action", "value", "approve", H_END);
        submit(b, "同意更改");
        summary(b, "不同意");
        form_open(b, act, hidden);
        h_void(b, "input", "type", "hidden", "name", "action", "value", "reject", H_END);
        web_field(r, b, &(struct web_field){.name = "comment", .label = "不同意的理由", .type = "textarea",
                                            .required = true, .maxlength = lim_fields[LIM_F_CHAIN_COMMENT].max});
        submit(b, "不同意");
        h_close(b, "details");
    }
}

static void fact(buf *b, const char *term, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fact(buf *b, const char *term, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *v = NULL;
    if (vasprintf(&v, fmt, ap) < 0)
        v = NULL;
    va_end(ap);
    h_el(b, "dt", term);
    h_el(b, "dd", v ? v : "");
    free(v);
}

static void reg_detail(buf *b, const struct doc_reg *d)
{
    const struct doc_attr_basis *bs = doc_attr_basis_find(d->basis);
    char day[11];
    date_format(d->registered_on, day);
    h_open(b, "dl", "class", "facts", H_END);
    fact(b, "公开属性", "%s", doc_attrs[d->attr].label);
    fact(b, "文号", "%s", d->docno[0] ? d->docno : "—");
    fact(b, "发文机关", "%s", d->issuer[0] ? d->issuer : "—");
    if (bs) {
        fact(b, "法律依据", "《中华人民共和国政府信息公开条例》%s：%s", bs->article, bs->text);
        fact(b, "理由", "%s", d->reason);
    }
    fact(b, "登记", "%s %s", day, d->registered_by);
    fact(b, "已批准的属性更改", "%d次", d->changes);
    if (d->doc_id) {
        char href[48], id[24];
        snprintf(href, sizeof href, "/console/docs/%lld", (long long)d->doc_id);
        snprintf(id, sizeof id, "%lld", (long long)d->doc_id);
        h_el(b, "dt", "主动公开文件");
        h_open(b, "dd", H_END);
        h_link(b, href, id);
        h_close(b, "dd");
    }
    h_close(b, "dl");
    if (d->pending_attr) {
        h_open(b, "p", "class", "notice", H_END);
        h_el_attr(b, "span", "待审核", "class", "tag warn", H_END);
        h_textf(b, " %s 申请改为%s%s%s", d->requested_by, doc_attrs[d->pending_attr].label,
                d->pending_reason[0] ? "：" : "", d->pending_reason);
        h_close(b, "p");
    }
}

static bool load_reg(web_req *r, struct doc_reg *d)
{
    int64_t id;
    return web_param_id(r, 0, &id) && store_doc_reg_get(r->st, r->agency.id, id, d, NULL) == 0;
}

int h_console_register_doc(web_req *r)
{
    struct doc_reg *d = xmalloc(sizeof *d);
    if (!load_reg(r, d)) {
        free(d);
        return web_error(r, HTTP_NOT_FOUND, "没有这项登记。");
    }
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_open(&b, "p", H_END);
    h_link(&b, "/console/register", "返回文件登记");
    h_close(&b, "p");
    h_el(&b, "h1", d->title);
    reg_detail(&b, d);
    change_forms(r, &b, d, hidden.data);
    web_page_console(r, HTTP_OK, "文件登记", "register", b.data);
    buf_free(&b);
    buf_free(&hidden);
    free(d);
    return HTTP_OK;
}

/* One step of the attribute's reviewed change, as 'doc attr' takes it. */
static int attr_step(web_req *r, struct doc_reg *before, char *msg, size_t msgn)
{
    const char *act = web_f(r, "action") ? web_f(r, "action") : "";
    struct doc_reg_event ev = {.actor = r->user->login, .reason = web_f(r, "reason"), .basis = web_f(r, "basis"),
                               .comment = web_f(r, "comment")};
    ev.action = strcmp(act, "request") == 0 ? DOC_REG_REQUEST : strcmp(act, "approve") == 0 ? DOC_REG_APPROVE
              : strcmp(act, "reject") == 0 ? DOC_REG_REJECT : 0;
    if (!ev.action)
        return snprintf(msg, msgn, "未知的操作。"), HTTP_UNPROCESSABLE;
    int role = register_role(r, ev.action != DOC_REG_REQUEST);
    if (role < 0)
        return snprintf(msg, msgn, ev.action == DOC_REG_REQUEST ? "只有信息员和政务公开办可以申请更改公开属性。"
                                                                 : "只有审核人和分管领导可以审核公开属性的更改。"), HTTP_FORBIDDEN;
    ev.role = (enum doc_role)role;
    if (ev.action == DOC_REG_REQUEST && (ev.attr = doc_attr_from_code(web_f(r, "to") ? web_f(r, "to") : "")) <= 0)
        return snprintf(msg, msgn, "请选择要改为的公开属性。"), HTTP_UNPROCESSABLE;
    if (!field_ok(LIM_F_DOC_ATTR_REASON, ev.reason, msg, msgn) || !field_ok(LIM_F_CHAIN_COMMENT, ev.comment, msg, msgn))
        return HTTP_UNPROCESSABLE;
    err e = {0};
    struct doc_reg *after = xmalloc(sizeof *after);
    int st = 0;
    if (store_doc_reg_facts(r->st, before, &ev.doc_published, &e)) {
        st = HTTP_INTERNAL;
    } else {
        *after = *before;
        if (doc_reg_step(after, &ev, date_today(), &e) ||
            store_doc_reg_save(r->st, before, after, r->user->login, ev.action, &e))
            st = gk_http_status(e.code);
    }
    if (st)
        snprintf(msg, msgn, "未保存（%s）：%s", e.where, e.msg);
    free(after);
    return st;
}

int h_console_register_attr(web_req *r)
{
    struct doc_reg *d = xmalloc(sizeof *d);
    if (!load_reg(r, d)) {
        free(d);
        return web_error(r, HTTP_NOT_FOUND, "没有这项登记。");
    }
    char msg[1024], loc[64];
    int st = attr_step(r, d, msg, sizeof msg);
    snprintf(loc, sizeof loc, "/console/register/%lld?msg=saved", (long long)d->id);
    free(d);
    return st ? web_error(r, st, msg) : web_redirect(r, web_href(r, loc));
}
