/* web — one document in the console: its state and register fields, the text
 * under review, the attachments and how each was read, the screening hits, the
 * reviewers' comments, the steps the person may take now, and the earlier
 * versions. The steps themselves are taken in pages_docs_console.c. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "files/files.h"
#include "publish/publish.h"
#include "web/docs_console.h"
#include "web/web_internal.h"

/* ---- one document in the console ---- */

struct cm_ctx {
    buf *b;
    int n;
    web_req *r;
};

/* A role's or an action's key as staff read it (一审, 审核通过); the key
 * itself only when the tables do not know it. */
static const char *role_words(const char *key)
{
    for (int i = 0; i < DOC_NROLES; i++)
        if (strcmp(doc_role_key((enum doc_role)i), key) == 0)
            return doc_role_label((enum doc_role)i);
    return key;
}

static const char *action_words(const char *key)
{
    for (int i = 0; i < DOC_NACTIONS; i++)
        if (strcmp(doc_action_key((enum doc_action)i), key) == 0)
            return doc_action_label((enum doc_action)i);
    return key;
}

/* Where a screening hit is: 正文, 标题, or the attachment's name. */
static void hit_place(buf *b, const char *source)
{
    if (strcmp(source, "body") == 0)
        h_text(b, "正文");
    else if (strcmp(source, "title") == 0)
        h_text(b, "标题");
    else {
        h_text(b, "附件“");
        h_text(b, source);
        h_text(b, "”");
    }
}

static int comment_row(const struct store_doc_comment *c, void *arg)
{
    struct cm_ctx *x = arg;
    char at[17];
    snprintf(at, sizeof at, "%.16s", c->at);
    if (at[10] == 'T')
        at[10] = ' ';
    h_open(x->b, "li", H_END);
    h_open(x->b, "span", "class", "date", H_END);
    h_text(x->b, at);
    h_close(x->b, "span");
    h_text(x->b, " ");
    h_open(x->b, "strong", H_END);
    /* the person's name, not the login (a login the store no longer knows as itself) */
    struct store_user u;
    if (store_user_by_login(x->r->st, c->actor, &u, NULL) == 0 && u.name[0])
        h_text(x->b, u.name);
    else
        h_text(x->b, c->actor);
    h_close(x->b, "strong");
    h_text(x->b, "（");
    h_text(x->b, role_words(c->role));
    h_text(x->b, "，");
    h_text(x->b, action_words(c->action));
    h_text(x->b, "）：");
    h_text(x->b, c->text ? c->text : "");
    h_close(x->b, "li");
    x->n++;
    return 0;
}

/* Whether publishing this attachment needs a reviewer's confirmation, and
 * what gongkai did with its text, in words (see src/files/files.h). */
static bool attachment_unread(const struct doc *d, const struct store_doc_attachment *a, const char **label)
{
    enum files_state fs = FILES_UNREAD;
    files_state_parse(a->text_state, &fs);
    bool unmasked_list = d->recipient_list && fs == FILES_READ;
    *label = unmasked_list ? "已读取并筛查，但未脱敏（在文件标为名单公示之前添加，请重新上传）" : files_state_label(fs);
    return unmasked_list || files_state_needs_confirm(fs);
}

/* The publish form's confirmations: one checkbox naming each attachment
 * whose text gongkai could not read (or, in a recipient list, mask). */
static void confirm_fields(web_req *r, buf *b, const struct doc *d)
{
    struct store_doc_attachment *at = NULL;
    size_t nat = 0;
    store_doc_attachments(r->st, d->id, &at, &nat, NULL);
    bool any = false;
    for (size_t i = 0; i < nat; i++) {
        const char *label;
        if (!attachment_unread(d, &at[i], &label) || at[i].confirmed_by[0])
            continue;
        if (!any) {
            h_open(b, "fieldset", H_END);
            h_el(b, "legend", "未经系统读取的附件（须逐个核对后确认）");
        }
        any = true;
        h_open(b, "label", "class", "inline", H_END);
        h_void(b, "input", "type", "checkbox", "name", "confirm_unread", "value", at[i].name, H_END);
        h_textf(b, " 我已逐页核对附件《%s》，确认其中没有不应公开的个人信息和涉密内容（%s）", at[i].name, label);
        h_close(b, "label");
    }
    if (any)
        h_close(b, "fieldset");
    free(at);
}

/* ---- 撤回, 更正, 公示期: what staff read about them ---- */

static int correction_li(const struct doc *c, void *arg)
{
    buf *b = arg;
    char href[48];
    snprintf(href, sizeof href, "/console/docs/%lld", (long long)c->id);
    h_open(b, "li", H_END);
    h_open(b, "a", "href", href, H_END);
    h_textf(b, "更正稿 %lld", (long long)c->id);
    h_close(b, "a");
    h_textf(b, "（%s）：", doc_state_label(c->state));
    h_text(b, c->correction_note);
    h_close(b, "li");
    return 0;
}

static void status_notes(web_req *r, buf *b, const struct doc *d, gk_day today)
{
    char a[11];
    if (d->withdrawn_on != DOC_NODAY) {
        date_format(d->withdrawn_on, a);
        h_open(b, "p", "class", "errors", "role", "note", H_END);
        h_textf(b, "已撤回：%s 由 ", a);
        h_text(b, d->withdrawn_by);
        h_text(b, " 撤回，理由：");
        h_text(b, d->withdrawn_reason);
        h_text(b, "。公开页面和附件已不再公开（答复 410）。");
        h_close(b, "p");
    }
    if (d->publicity_until != DOC_NODAY) {
        date_format(d->publicity_until, a);
        h_open(b, "p", "role", "note", H_END);
        h_textf(b, "公示期至 %s%s", a, d->publicity_until < today ? "，已期满，公开页面和附件不再公开。" : "，期满次日起自动不再公开。");
        h_close(b, "p");
    }
    if (d->corrects || d->corrected_on != DOC_NODAY) {
        h_open(b, "p", "role", "note", H_END);
        h_text(b, "更正说明");
        if (d->corrected_on != DOC_NODAY && !d->corrects) {
            date_format(d->corrected_on, a);
            h_textf(b, "（%s更正）", a);
        }
        h_text(b, "：");
        h_text(b, d->correction_note);
        h_close(b, "p");
    }
    if (!d->corrects && d->state == DOC_PUBLISHED) {
        buf lb;
        buf_init(&lb);
        struct store_doc_filter f = {.agency_id = d->agency_id, .state = -1, .corrects = d->id, .limit = 10};
        store_doc_list(r->st, &f, correction_li, &lb, NULL);
        if (lb.len) {
            h_el(b, "p", "审核中的更正（发布前原文照常公开）：");
            h_open(b, "ul", "class", "list", H_END);
            h_markup_add(b, H_MARKUP_BUF(&lb));
            h_close(b, "ul");
        }
        buf_free(&lb);
    }
}

struct ver_ctx { buf *b; int64_t doc_id; int n; };
static int version_li(const struct store_doc_version *v, void *arg)
{
    struct ver_ctx *c = arg;
    char href[80];
    snprintf(href, sizeof href, "/console/docs/%lld/versions/%lld", (long long)c->doc_id, (long long)v->version);
    h_open(c->b, "li", H_END);
    h_open(c->b, "a", "href", href, H_END);
    h_textf(c->b, "第 %lld 版", (long long)v->version);
    h_close(c->b, "a");
    h_text(c->b, " ");
    h_text(c->b, v->title);
    h_text(c->b, " ");
    h_open(c->b, "span", "class", "date", H_END);
    h_text(c->b, v->replaced_on);
    h_text(c->b, " 被更正替换");
    h_close(c->b, "span");
    h_close(c->b, "li");
    c->n++;
    return 0;
}

static void versions_section(web_req *r, buf *b, int64_t id)
{
    buf lb;
    buf_init(&lb);
    struct ver_ctx c = {&lb, id, 0};
    store_doc_versions(r->st, id, version_li, &c, NULL);
    if (c.n) {
        h_open(b, "section", "aria-labelledby", "ver", H_END);
        h_el_attr(b, "h2", "历史版本", "id", "ver", H_END);
        h_open(b, "ul", "class", "list", H_END);
        h_markup_add(b, H_MARKUP_BUF(&lb));
        h_close(b, "ul");
        h_close(b, "section");
    }
    buf_free(&lb);
}

struct ver_one { web_req *r; int64_t want; buf *b; bool found; };
static int version_page(const struct store_doc_version *v, void *arg)
{
    struct ver_one *c = arg;
    if (v->version != c->want)
        return 0;
    c->found = true;
    buf *b = c->b;
    h_open(b, "h1", H_END);
    h_textf(b, "第 %lld 版：", (long long)v->version);
    h_text(b, v->title);
    h_close(b, "h1");
    h_open(b, "dl", "class", "meta", H_END);
    h_dt_dd(b, "文号", v->docno[0] ? v->docno : "—");
    h_dt_dd(b, "发布机构", v->issuer);
    h_dt_dd(b, "成文日期", v->written);
    h_dt_dd(b, "发布日期", v->published);
    if (v->corrected_on[0]) {
        h_dt_dd(b, "更正日期", v->corrected_on);
        h_dt_dd(b, "更正说明", v->correction_note);
    }
    h_el(b, "dt", "被替换");
    h_open(b, "dd", H_END);
    h_text(b, v->replaced_on);
    h_text(b, " ");
    h_text(b, v->replaced_by);
    h_close(b, "dd");
    h_dt_dd(b, "附件", v->attachments);
    h_close(b, "dl");
    h_open(b, "div", "class", "doc-body", H_END);
    const char *pp = v->body;
    while (*pp) {
        size_t n = strcspn(pp, "\n");
        if (n) {
            h_open(b, "p", H_END);
            h_text_n(b, pp, n);
            h_close(b, "p");
        }
        pp += n + (pp[n] != 0);
    }
    h_close(b, "div");
    return 1;
}

int h_console_doc_version(web_req *r)
{
    struct doc d;
    if (!wdoc_load(r, &d))
        return web_error(r, HTTP_NOT_FOUND, "没有这份文件。");
    int64_t n;
    buf b;
    buf_init(&b);
    struct ver_one c = {r, 0, &b, false};
    if (web_param_id(r, 1, &n)) {
        c.want = n;
        h_open(&b, "p", "class", "crumbs", H_END);
        h_open(&b, "a", "href", arena_printf(&r->a, "/console/docs/%lld", (long long)d.id), H_END);
        h_textf(&b, "返回文件 %lld（现行版本）", (long long)d.id);
        h_close(&b, "a");
        h_close(&b, "p");
        store_doc_versions(r->st, d.id, version_page, &c, NULL);
    }
    doc_clear(&d);
    int st = c.found ? (web_page_console(r, HTTP_OK, "历史版本", "docs", b.data), HTTP_OK)
                     : web_error(r, HTTP_NOT_FOUND, "没有这个历史版本。");
    buf_free(&b);
    return st;
}

/* A step's form: one button, and the fields the step needs. */
static void step_form(web_req *r, buf *b, const struct doc *d, enum doc_action a, const char *hidden)
{
    if (wdoc_role_for(r, d->state, a) < 0)
        return;
    if (d->withdrawn_on != DOC_NODAY && a != DOC_A_COMMENT)   /* only comments on a withdrawn document */
        return;
    h_open(b, "form", "class", "stack step", "method", "post", "action",
           arena_printf(&r->a, "/console/docs/%lld/step", (long long)d->id), H_END);
    h_markup_add(b, H_MARKUP(hidden));
    h_void(b, "input", "type", "hidden", "name", "action", "value", doc_action_key(a), H_END);
    char today[11];
    date_format(date_today(), today);
    switch (a) {
    case DOC_A_RETURN:
        h_el_attr(b, "label", "退回意见（必填）", "for", arena_printf(&r->a, "c-%s", doc_action_key(a)), H_END);
        h_el_attr(b, "textarea", NULL, "id", arena_printf(&r->a, "c-%s", doc_action_key(a)), "name", "comment",
                  "required", "", "maxlength", "2000", H_END);
        break;
    case DOC_A_APPROVE:
    case DOC_A_COMMENT:
        h_open(b, "label", "for", arena_printf(&r->a, "c-%s", doc_action_key(a)), H_END);
        h_textf(b, "意见%s", a == DOC_A_COMMENT ? "（必填）" : "（可选）");
        h_close(b, "label");
        h_el_attr(b, "textarea", NULL, "id", arena_printf(&r->a, "c-%s", doc_action_key(a)), "name", "comment",
                  "maxlength", "2000", "required", a == DOC_A_COMMENT ? "" : H_OMIT, H_END);
        break;
    case DOC_A_PUBLISH:
        h_el_attr(b, "label", "发布日期", "for", "pdate", H_END);
        h_void(b, "input", "type", "date", "id", "pdate", "name", "date", "value", today, "required", "", H_END);
        h_open(b, "fieldset", H_END);
        h_el(b, "legend", "发布渠道");
        for (int c = 0; c < DOC_NCHANNELS; c++) {
            h_open(b, "label", "class", "inline", H_END);
            h_void(b, "input", "type", "checkbox", "name", "channel", "value", doc_channels[c].key, "checked",
                   c == DOC_CH_WEBSITE ? "" : H_OMIT, H_END);
            h_textf(b, " %s", doc_channels[c].label);
            h_close(b, "label");
        }
        h_close(b, "fieldset");
        confirm_fields(r, b, d);
        break;
    case DOC_A_REPEAL:
        h_el_attr(b, "label", "废止日期", "for", "rdate", H_END);
        h_void(b, "input", "type", "date", "id", "rdate", "name", "date", "value", today, "required", "", H_END);
        h_el_attr(b, "label", "废止依据（文号，可选）", "for", "rby", H_END);
        h_void(b, "input", "type", "text", "id", "rby", "name", "by_docno", "maxlength", "60", H_END);
        break;
    case DOC_A_WITHDRAW:
        if (d->state == DOC_PUBLISHED) {
            h_el_attr(b, "label", "撤回理由（必填，记入审计记录；撤回后页面和附件即不再公开）", "for", "c-withdraw", H_END);
            h_el_attr(b, "textarea", NULL, "id", "c-withdraw", "name", "comment", "required", "", "maxlength", "500",
                      H_END);
        }
        break;
    case DOC_A_CORRECT:
        h_el_attr(b, "label", "更正说明（必填，更正发布后在公开页面显示）", "for", "c-correct", H_END);
        h_el_attr(b, "textarea", NULL, "id", "c-correct", "name", "comment", "required", "", "maxlength", "500", H_END);
        break;
    case DOC_A_EXPIRE:
        h_el_attr(b, "label", "失效日期（最后有效日）", "for", "xdate", H_END);
        h_void(b, "input", "type", "date", "id", "xdate", "name", "date", "value", today, "required", "", H_END);
        break;
    default:
        break;
    }
    h_el_attr(b, "button", doc_action_label(a), "type", "submit", "class",
              a == DOC_A_RETURN || a == DOC_A_WITHDRAW || a == DOC_A_REPEAL ? "secondary" : H_OMIT, H_END);
    h_close(b, "form");
}

/* The title, the state and what it corrects. */
static void doc_view_head(web_req *r, buf *b, const struct doc *d, gk_day today)
{
    h_open(b, "h1", H_END);
    h_text(b, d->title);
    h_close(b, "h1");
    h_open(b, "p", H_END);
    h_el_attr(b, "span", doc_status_label(d, today), "class", arena_printf(&r->a, "tag %s", wdoc_state_tag(d)), H_END);
    if (doc_public_status(d, today) == DOC_PUB_SHOWN) {
        h_text(b, " ");
        h_link(b, arena_printf(&r->a, "/doc/%lld", (long long)d->id), "在门户查看");
    }
    if (d->corrects) {
        h_text(b, " 更正对象：");
        h_open(b, "a", "href", arena_printf(&r->a, "/console/docs/%lld", (long long)d->corrects), H_END);
        h_textf(b, "文件 %lld", (long long)d->corrects);
        h_close(b, "a");
    }
    h_close(b, "p");
}

/* The register's fields and who handled it. */
static void doc_view_meta(buf *b, const struct doc *d)
{
    char w[11] = "—", p[11] = "—";
    if (d->written != DOC_NODAY)
        date_format(d->written, w);
    if (d->published != DOC_NODAY)
        date_format(d->published, p);
    h_open(b, "p", H_END);
    h_close(b, "p");
    h_open(b, "dl", "class", "meta", H_END);
    h_dt_dd(b, "索引号", d->index_no[0] ? d->index_no : "（发布时生成）");
    h_dt_dd(b, "文号", d->docno[0] ? d->docno : "—");
    h_dt_dd(b, "发布机构", d->issuer);
    h_dt_dd(b, "成文日期", w);
    h_dt_dd(b, "发布日期", p);
    h_el(b, "dt", "主题分类 / 体裁");
    h_open(b, "dd", H_END);
    h_text(b, d->category[0] ? d->category : "—");
    h_text(b, " / ");
    h_text(b, d->genre[0] ? d->genre : "—");
    h_close(b, "dd");
    h_dt_dd(b, "有效性", doc_validity_label(doc_validity_at(d, date_today())));
    h_el(b, "dt", "撰稿 · 一审 · 二审 · 签发");
    h_open(b, "dd", H_END);
    const char *chain[] = {d->author, d->reviewer1, d->reviewer2, d->signer};
    for (int i = 0; i < 4; i++) {
        if (i)
            h_text(b, " · ");
        h_text(b, chain[i][0] ? chain[i] : "—");
    }
    h_close(b, "dd");
    h_close(b, "dl");
}

/* The text under review, a paragraph a line. */
static void doc_view_body(buf *b, const struct doc *d)
{
    h_open(b, "section", "aria-labelledby", "body", H_END);
    h_el_attr(b, "h2", "正文", "id", "body", H_END);
    h_open(b, "div", "class", "doc-body", H_END);
    const char *pp = d->body ? d->body : "";
    while (*pp) {
        size_t n = strcspn(pp, "\n");
        if (n) {
            h_open(b, "p", H_END);
            h_text_n(b, pp, n);
            h_close(b, "p");
        }
        pp += n;
        if (*pp)
            pp++;
    }
    h_close(b, "div");
    h_close(b, "section");
}

/* The attachments, how each was read, and the upload form. */
static void doc_view_attachments(web_req *r, buf *b, const struct doc *d, const char *hidden)
{
    struct store_doc_attachment *at = NULL;
    size_t nat = 0;
    store_doc_attachments(r->st, d->id, &at, &nat, NULL);
    h_open(b, "section", "aria-labelledby", "att", H_END);
    h_el_attr(b, "h2", "附件", "id", "att", H_END);
    if (nat) {
        h_open(b, "ul", "class", "list", H_END);
        for (size_t i = 0; i < nat; i++) {
            h_open(b, "li", H_END);
            h_open(b, "a", "href",
                   arena_printf(&r->a, "/console/docs/%lld/files/%lld", (long long)d->id, (long long)at[i].id), H_END);
            h_text(b, at[i].name);
            h_close(b, "a");
            h_text(b, " ");
            h_open(b, "span", "class", "date", H_END);
            h_textf(b, "%.1f KB", (double)at[i].size / 1024.0);
            h_close(b, "span");
            h_text(b, " ");
            const char *label;
            bool unread = attachment_unread(d, &at[i], &label);
            h_open(b, "span", "class", arena_printf(&r->a, "tag%s", unread ? " warn" : ""), H_END);
            h_text(b, label);
            h_close(b, "span");
            if (at[i].text_note[0]) {
                h_text(b, " ");
                h_open(b, "span", "class", "hint", H_END);
                h_text(b, at[i].text_note);
                h_close(b, "span");
            }
            if (unread && at[i].confirmed_by[0]) {
                h_text(b, " ");
                h_open(b, "span", "class", "hint", H_END);
                h_text(b, "已由 ");
                h_text(b, at[i].confirmed_by);
                h_text(b, " 确认发布");
                h_close(b, "span");
            } else if (unread) {
                h_text(b, " ");
                h_el_attr(b, "span", "发布前须审核人核对并确认", "class", "hint", H_END);
            }
            h_close(b, "li");
        }
        h_close(b, "ul");
    }
    free(at);
    if (d->state != DOC_PUBLISHED && wdoc_role_for(r, d->state, DOC_A_EDIT) >= 0) {
        h_open(b, "form", "class", "stack", "method", "post", "action",
               arena_printf(&r->a, "/console/docs/%lld/attachments?csrf=%s", (long long)d->id, r->csrf), "enctype",
               "multipart/form-data", H_END);
        h_markup_add(b, H_MARKUP(hidden));
        h_open(b, "label", "for", "file", H_END);
        h_text(b, "上传附件");
        h_el_attr(b, "span",
                  "PDF、Word（.docx）、Excel（.xlsx）、ODF（.odt/.ods）、CSV、HTML、PNG、JPEG 或纯文本，"
                  "单个不超过20MB。系统读取其文字并筛查；名单公示的 .xlsx、.docx、.csv、.txt 由系统制作脱敏副本；"
                  "图片、扫描件等无法读取的文件须审核人在发布时逐个确认", "class", "hint", H_END);
        h_close(b, "label");
        h_void(b, "input", "type", "file", "id", "file", "name", "file", "required", "", "accept",
               ".pdf,.docx,.xlsx,.odt,.ods,.csv,.html,.htm,.png,.jpg,.jpeg,.txt", H_END);
        h_el_attr(b, "button", "上传", "type", "submit", "class", "secondary", H_END);
        h_close(b, "form");
    }
    h_close(b, "section");
}

/* The screening hits, each with its state or the form that clears it. */
static void doc_view_hits(web_req *r, buf *b, const struct doc *d, const char *hidden)
{
    struct store_doc_hit *hits = NULL;
    size_t nh = 0;
    if (store_doc_hits(r->st, d->id, &hits, &nh, NULL) == 0 && nh) {
        int open = 0;
        for (size_t i = 0; i < nh; i++)
            open += !hits[i].cleared && !hits[i].fixed;
        h_open(b, "section", "aria-labelledby", "hits", H_END);
        h_open(b, "h2", "id", "hits", H_END);
        h_textf(b, "保密和个人信息审查（%d 处待处理）", open);
        h_close(b, "h2");
        if (open)
            h_el_attr(b, "p", "存在未处理的审查提示，处理前不能发布。请修改正文删除个人信息，或由审核人确认后标记为无需处理。", "class", "errors", H_END);
        h_table_start(b, NULL);
        h_thead(b, "类型", "位置", "内容", "状态", H_END);
        h_open(b, "tbody", H_END);
        bool can_clear = wdoc_role_for(r, d->state, DOC_A_CLEAR) >= 0;
        for (size_t i = 0; i < nh; i++) {
            h_open(b, "tr", H_END);
            h_el(b, "td", doc_hit_kind_label((enum doc_hit_kind)hits[i].kind));
            h_open(b, "td", H_END);
            hit_place(b, hits[i].source);
            h_textf(b, "第%lld字", (long long)hits[i].char_off + 1);
            h_close(b, "td");
            h_open(b, "td", H_END);
            h_text(b, hits[i].excerpt);
            h_close(b, "td");
            h_open(b, "td", H_END);
            if (hits[i].fixed)
                h_el_attr(b, "span", "已修改", "class", "tag ok", H_END);
            else if (hits[i].cleared) {
                h_el_attr(b, "span", "已确认无需处理", "class", "tag ok", H_END);
                h_text(b, " ");
                h_text(b, hits[i].cleared_by);
                h_text(b, "：");
                h_text(b, hits[i].note);
            } else if (can_clear) {
                h_open(b, "form", "method", "post", "action",
                       arena_printf(&r->a, "/console/docs/%lld/step", (long long)d->id), H_END);
                h_markup_add(b, H_MARKUP(hidden));
                h_void(b, "input", "type", "hidden", "name", "action", "value", "clear", H_END);
                h_void(b, "input", "type", "hidden", "name", "hit", "value",
                       arena_printf(&r->a, "%lld", (long long)hits[i].id), H_END);
                h_el_attr(b, "label", "说明", "for", arena_printf(&r->a, "n%lld", (long long)hits[i].id), "class",
                          "visually-hidden", H_END);
                h_void(b, "input", "type", "text", "id", arena_printf(&r->a, "n%lld", (long long)hits[i].id), "name",
                       "comment", "required", "", "maxlength", "300", "placeholder", "说明为何无需处理", H_END);
                h_el_attr(b, "button", "确认无需处理", "type", "submit", "class", "secondary", H_END);
                h_close(b, "form");
            } else {
                h_el_attr(b, "span", "待处理", "class", "tag bad", H_END);
            }
            h_close(b, "td");
            h_close(b, "tr");
        }
        h_table_close(b);
        h_close(b, "section");
    }
    free(hits);
}

/* The reviewers' comments so far. */
static void doc_view_comments(web_req *r, buf *b, const struct doc *d)
{
    buf cm;
    buf_init(&cm);
    struct cm_ctx cc = {&cm, 0, r};
    store_doc_comments(r->st, d->id, comment_row, &cc, NULL);
    if (cc.n) {
        h_open(b, "section", "aria-labelledby", "cm", H_END);
        h_el_attr(b, "h2", "审核意见", "id", "cm", H_END);
        h_open(b, "ul", "class", "list results", H_END);
        h_markup_add(b, H_MARKUP_BUF(&cm));
        h_close(b, "ul");
        h_close(b, "section");
    }
    buf_free(&cm);
}

/* The steps this user may take now. */
static void doc_view_actions(web_req *r, buf *b, const struct doc *d, const char *hidden)
{
    static const enum doc_action actions[] = {DOC_A_SUBMIT, DOC_A_APPROVE, DOC_A_PUBLISH, DOC_A_RETURN,
                                              DOC_A_WITHDRAW, DOC_A_CORRECT, DOC_A_REPEAL, DOC_A_EXPIRE,
                                              DOC_A_COMMENT};
    buf acts;
    buf_init(&acts);
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        step_form(r, &acts, d, actions[i], hidden);
    if (wdoc_role_for(r, d->state, DOC_A_EDIT) >= 0) {
        h_open(&acts, "p", H_END);
        h_el_attr(&acts, "a", "修改内容", "class", "button secondary", "href",
                  arena_printf(&r->a, "/console/docs/%lld/edit", (long long)d->id), H_END);
        h_close(&acts, "p");
    }
    if (acts.len) {
        h_open(b, "section", "aria-labelledby", "acts", "class", "actions", H_END);
        h_el_attr(b, "h2", "办理", "id", "acts", H_END);
        h_markup_add(b, H_MARKUP_BUF(&acts));
        h_close(b, "section");
    }
    buf_free(&acts);
}

int h_console_doc(web_req *r)
{
    struct doc d;
    if (!wdoc_load(r, &d))
        return web_error(r, HTTP_NOT_FOUND, "没有这份文件。");
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    gk_day today = date_today();
    doc_view_head(r, &b, &d, today);
    status_notes(r, &b, &d, today);
    doc_view_meta(&b, &d);
    /* the text under review first (issue 16 item 8), then its attachments,
     * the screening hits, the comments so far, and the forms to act last */
    doc_view_body(&b, &d);
    doc_view_attachments(r, &b, &d, hidden.data);
    doc_view_hits(r, &b, &d, hidden.data);
    doc_view_comments(r, &b, &d);
    doc_view_actions(r, &b, &d, hidden.data);
    versions_section(r, &b, d.id);
    web_page_console(r, HTTP_OK, d.title, "docs", b.data);
    buf_free(&b);
    buf_free(&hidden);
    doc_clear(&d);
    return HTTP_OK;
}

