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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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


static void attr_options(buf *b, int chosen, bool with_all)
{
    if (with_all)
        buf_printf(b, "<option value=\"\"%s>全部</option>", chosen ? "" : " selected");
    for (int a = 1; a <= DOC_NATTRS; a++)
        buf_printf(b, "<option value=\"%s\"%s>%s</option>", doc_attrs[a].code, a == chosen ? " selected" : "",
                   doc_attrs[a].label);
}

static void basis_options(buf *b)
{
    buf_puts(b, "<option value=\"\">（主动公开不填）</option>");
    for (int i = 0; i < doc_nattr_bases; i++) {
        const struct doc_attr_basis *x = &doc_attr_bases[i];
        buf_printf(b, "<option value=\"%s\">%s %s：", x->code, doc_attrs[x->attr].label, x->article);
        buf_html(b, x->text);
        buf_puts(b, "</option>");
    }
}

/* The reason and basis fields (id prefix p: "r" on the register form, "c" on the change form). */
static void reason_fields(buf *b, const char *p)
{
    buf_printf(b, "<label for=\"%s-reason\">理由（依申请公开、不予公开必填）</label><textarea id=\"%s-reason\" "
                  "name=\"reason\" maxlength=\"%d\"></textarea><label for=\"%s-basis\">法律依据</label>"
                  "<select id=\"%s-basis\" name=\"basis\">", p, p, lim_fields[LIM_F_DOC_ATTR_REASON].max, p, p);
    basis_options(b);
    buf_puts(b, "</select>");
}

struct reg_rows { web_req *r; buf *b; int n; bool pending_only; };

static int reg_row(const struct doc_reg *d, void *arg)
{
    struct reg_rows *x = arg;
    if (x->pending_only && !d->pending_attr)
        return 0;
    const struct doc_attr_basis *bs = doc_attr_basis_find(d->basis);
    char day[11];
    date_format(d->registered_on, day);
    buf_printf(x->b, "<tr><td><a href=\"/console/register/%lld\">%lld</a></td><td>%s%s</td><td>", (long long)d->id,
               (long long)d->id, doc_attrs[d->attr].label, d->pending_attr ? "（更改待审核）" : "");
    buf_html(x->b, d->title);
    buf_puts(x->b, "</td><td>");
    buf_html(x->b, d->docno[0] ? d->docno : "—");
    buf_puts(x->b, "</td><td>");
    if (bs) {
        buf_printf(x->b, "%s：", bs->article);
        buf_html(x->b, d->reason);
    }
    buf_printf(x->b, "</td><td>%s</td></tr>", day);
    x->n++;
    return 0;
}

static void register_form(web_req *r, buf *b, const char *hidden)
{
    char today[11];
    date_format(date_today(), today);
    buf_printf(b, "<details><summary>登记文件</summary><form class=\"stack\" method=\"post\" action=\"/console/register\">%s"
                  "<label for=\"r-title\">标题</label><input type=\"text\" id=\"r-title\" name=\"title\" required "
                  "maxlength=\"%d\"><label for=\"r-attr\">公开属性</label><select id=\"r-attr\" name=\"attr\" required>",
               hidden, lim_fields[LIM_F_DOC_TITLE].max);
    attr_options(b, DOC_ATTR_ACTIVE, false);
    buf_printf(b, "</select><label for=\"r-docno\">文号</label><input type=\"text\" id=\"r-docno\" name=\"docno\" maxlength=\"60\">"
                  "<label for=\"r-issuer\">发文机关</label><input type=\"text\" id=\"r-issuer\" name=\"issuer\" maxlength=\"%d\">"
                  "<label for=\"r-written\">成文日期</label><input type=\"date\" id=\"r-written\" name=\"written\" max=\"%s\">",
               lim_fields[LIM_F_DOC_ISSUER].max, today);
    reason_fields(b, "r");
    buf_puts(b, "<label for=\"r-doc\">主动公开文件的编号（已在主动公开中拟稿时）</label>"
                "<input type=\"number\" id=\"r-doc\" name=\"doc\" min=\"1\"><button type=\"submit\">登记</button></form></details>");
    (void)r;
}

int h_console_register(web_req *r)
{
    const char *av = web_q(r, "attr");
    int attr = av && *av ? doc_attr_from_code(av) : 0;
    if (attr < 0)
        return web_error(r, 400, "未知的公开属性。");
    bool pending = web_q(r, "pending") && strcmp(web_q(r, "pending"), "1") == 0;
    int64_t counts[DOC_NATTRS + 1] = {0};
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    err e = {0};
    store_doc_reg_counts(r->st, r->agency.id, counts, &e);
    buf_printf(&b, "<h1>文件登记</h1><p>共%lld件：", (long long)(counts[1] + counts[2] + counts[3]));
    for (int a = 1; a <= DOC_NATTRS; a++)
        buf_printf(&b, "%s%s<strong>%lld</strong>件", a > 1 ? "，" : "", doc_attrs[a].label, (long long)counts[a]);
    buf_puts(&b, "。</p><form class=\"filters\" method=\"get\" action=\"/console/register\"><label for=\"f-attr\">公开属性</label>"
                 "<select id=\"f-attr\" name=\"attr\">");
    attr_options(&b, attr, true);
    buf_printf(&b, "</select><label><input type=\"checkbox\" name=\"pending\" value=\"1\"%s> 只看属性更改待审核的</label>"
                   "<button type=\"submit\">筛选</button></form>", pending ? " checked" : "");
    if (register_role(r, false) >= 0)
        register_form(r, &b, hidden.data);
    buf_puts(&b, "<div class=\"table-wrap\" tabindex=\"0\"><table><caption>登记的文件（不予公开、依申请公开的理由和依据仅本机关工作人员可见）"
                 "</caption><thead><tr><th scope=\"col\">编号</th><th scope=\"col\">公开属性</th><th scope=\"col\">标题</th>"
                 "<th scope=\"col\">文号</th><th scope=\"col\">理由</th><th scope=\"col\">登记日期</th></tr></thead><tbody>");
    struct reg_rows x = {r, &b, 0, pending};
    int rc = store_doc_reg_list(r->st, r->agency.id, attr, reg_row, &x, &e);
    if (!x.n)
        buf_puts(&b, "<tr><td colspan=\"6\">没有符合条件的登记。</td></tr>");
    buf_puts(&b, "</tbody></table></div>");
    if (rc) {
        buf_free(&b);
        buf_free(&hidden);
        return web_error(r, 500, "文件登记未能读取。");
    }
    web_page_console(r, 200, "文件登记", "register", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return 200;
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
        return snprintf(msg, msgn, "%s太长（最多%zu字节）。", what, cap - 1), 422;
    snprintf(dst, cap, "%s", v ? v : "");
    return 0;
}

static int reg_fill(web_req *r, struct doc_reg *d, char *msg, size_t msgn)
{
    const char *v;
    d->agency_id = r->agency.id;
    d->registered_on = date_today();
    if ((d->attr = doc_attr_from_code(web_f(r, "attr") ? web_f(r, "attr") : "")) <= 0)
        return snprintf(msg, msgn, "请选择公开属性。"), 422;
    if (!field_ok(LIM_F_DOC_TITLE, web_f(r, "title"), msg, msgn) ||
        !field_ok(LIM_F_DOC_ISSUER, web_f(r, "issuer"), msg, msgn) ||
        !field_ok(LIM_F_DOC_ATTR_REASON, web_f(r, "reason"), msg, msgn))
        return 422;
    int st;
    if ((st = copy_text(d->title, sizeof d->title, web_f(r, "title"), "标题", msg, msgn)) ||
        (st = copy_text(d->issuer, sizeof d->issuer, web_f(r, "issuer"), "发文机关", msg, msgn)) ||
        (st = copy_text(d->reason, sizeof d->reason, web_f(r, "reason"), "理由", msg, msgn)) ||
        (st = copy_text(d->docno, sizeof d->docno, web_f(r, "docno"), "文号", msg, msgn)) ||
        (st = copy_text(d->basis, sizeof d->basis, web_f(r, "basis"), "法律依据", msg, msgn)))
        return st;
    if ((v = web_f(r, "written")) && *v && date_parse(v, &d->written, NULL))
        return snprintf(msg, msgn, "成文日期格式应为 YYYY-MM-DD。"), 422;
    if ((v = web_f(r, "doc")) && *v && (!parse_i64(v, strlen(v), &d->doc_id) || d->doc_id < 1))
        return snprintf(msg, msgn, "主动公开文件的编号应为正整数。"), 422;
    return 0;
}

int h_console_register_create(web_req *r)
{
    if (register_role(r, false) < 0)
        return web_error(r, 403, "只有信息员和政务公开办可以登记文件。");
    struct doc_reg *d = xcalloc(1, sizeof *d);
    char msg[1024];
    err e = {0};
    int st = reg_fill(r, d, msg, sizeof msg);
    if (!st && (doc_reg_check(d, date_today(), &e) || store_doc_reg_add(r->st, d, r->user->login, &e))) {
        st = e.code == GK_EINVAL || e.code == GK_ENOTFOUND ? 422 : e.code == GK_ESTATE ? 409 : 500;
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
        buf_printf(b, "<details><summary>申请更改公开属性</summary><form class=\"stack\" method=\"post\" action=\"%s\">%s"
                      "<input type=\"hidden\" name=\"action\" value=\"request\"><label for=\"c-to\">改为</label>"
                      "<select id=\"c-to\" name=\"to\" required>", act, hidden);
        attr_options(b, d->attr == DOC_ATTR_ACTIVE ? DOC_ATTR_ON_REQUEST : DOC_ATTR_ACTIVE, false);
        buf_puts(b, "</select>");
        reason_fields(b, "c");
        buf_puts(b, "<button type=\"submit\">提交审核</button></form></details>");
    }
    if (d->pending_attr && register_role(r, true) >= 0 && strcmp(d->requested_by, r->user->login) != 0) {
        buf_printf(b, "<form class=\"stack\" method=\"post\" action=\"%s\">%s<input type=\"hidden\" name=\"action\" "
                      "value=\"approve\"><button type=\"submit\">同意更改</button></form>", act, hidden);
        buf_printf(b, "<details><summary>不同意</summary><form class=\"stack\" method=\"post\" action=\"%s\">%s"
                      "<input type=\"hidden\" name=\"action\" value=\"reject\"><label for=\"c-comment\">不同意的理由</label>"
                      "<textarea id=\"c-comment\" name=\"comment\" required maxlength=\"500\"></textarea>"
                      "<button type=\"submit\">不同意</button></form></details>", act, hidden);
    }
}

static void reg_detail(buf *b, const struct doc_reg *d)
{
    const struct doc_attr_basis *bs = doc_attr_basis_find(d->basis);
    char day[11];
    date_format(d->registered_on, day);
    buf_printf(b, "<dl class=\"facts\"><dt>公开属性</dt><dd>%s</dd><dt>文号</dt><dd>", doc_attrs[d->attr].label);
    buf_html(b, d->docno[0] ? d->docno : "—");
    buf_puts(b, "</dd><dt>发文机关</dt><dd>");
    buf_html(b, d->issuer[0] ? d->issuer : "—");
    if (bs) {
        buf_printf(b, "</dd><dt>法律依据</dt><dd>《中华人民共和国政府信息公开条例》%s：", bs->article);
        buf_html(b, bs->text);
        buf_puts(b, "</dd><dt>理由</dt><dd>");
        buf_html(b, d->reason);
    }
    buf_printf(b, "</dd><dt>登记</dt><dd>%s ", day);
    buf_html(b, d->registered_by);
    buf_printf(b, "</dd><dt>已批准的属性更改</dt><dd>%d次</dd>", d->changes);
    if (d->doc_id)
        buf_printf(b, "<dt>主动公开文件</dt><dd><a href=\"/console/docs/%lld\">%lld</a></dd>", (long long)d->doc_id,
                   (long long)d->doc_id);
    buf_puts(b, "</dl>");
    if (d->pending_attr) {
        buf_printf(b, "<p class=\"notice\"><span class=\"tag warn\">待审核</span> ");
        buf_html(b, d->requested_by);
        buf_printf(b, " 申请改为%s", doc_attrs[d->pending_attr].label);
        if (d->pending_reason[0]) {
            buf_puts(b, "：");
            buf_html(b, d->pending_reason);
        }
        buf_puts(b, "</p>");
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
        return web_error(r, 404, "没有这项登记。");
    }
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    buf_puts(&b, "<p><a href=\"/console/register\">返回文件登记</a></p><h1>");
    buf_html(&b, d->title);
    buf_puts(&b, "</h1>");
    reg_detail(&b, d);
    change_forms(r, &b, d, hidden.data);
    web_page_console(r, 200, "文件登记", "register", b.data);
    buf_free(&b);
    buf_free(&hidden);
    free(d);
    return 200;
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
        return snprintf(msg, msgn, "未知的操作。"), 422;
    int role = register_role(r, ev.action != DOC_REG_REQUEST);
    if (role < 0)
        return snprintf(msg, msgn, ev.action == DOC_REG_REQUEST ? "只有信息员和政务公开办可以申请更改公开属性。"
                                                                 : "只有审核人和分管领导可以审核公开属性的更改。"), 403;
    ev.role = (enum doc_role)role;
    if (ev.action == DOC_REG_REQUEST && (ev.attr = doc_attr_from_code(web_f(r, "to") ? web_f(r, "to") : "")) <= 0)
        return snprintf(msg, msgn, "请选择要改为的公开属性。"), 422;
    if (!field_ok(LIM_F_DOC_ATTR_REASON, ev.reason, msg, msgn) || !field_ok(LIM_F_CHAIN_COMMENT, ev.comment, msg, msgn))
        return 422;
    err e = {0};
    struct doc_reg *after = xmalloc(sizeof *after);
    int st = 0;
    if (store_doc_reg_facts(r->st, before, &ev.doc_published, &e)) {
        st = 500;
    } else {
        *after = *before;
        if (doc_reg_step(after, &ev, date_today(), &e) ||
            store_doc_reg_save(r->st, before, after, r->user->login, ev.action, &e))
            st = e.code == GK_EINVAL ? 422 : e.code == GK_ESTATE ? 409 : 500;
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
        return web_error(r, 404, "没有这项登记。");
    }
    char msg[1024], loc[64];
    int st = attr_step(r, d, msg, sizeof msg);
    snprintf(loc, sizeof loc, "/console/register/%lld?msg=saved", (long long)d->id);
    free(d);
    return st ? web_error(r, st, msg) : web_redirect(r, web_href(r, loc));
}
