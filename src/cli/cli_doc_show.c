/*
 * cli — 'doc show', 'doc list' and 'doc search': reading the agency's
 * documents back (see cli_doc.c for the group and its table).
 */
#include "base/limits.h"
#include "cli/cli.h"
#include "cli/cli_doc_internal.h"
#include "calendar/calendar.h"
#include "files/files.h"
#include "publish/publish.h"
#include "report/report.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How the publication kept Art. 26 (20 working days from the date written). */
static void print_deadline(const cal_t *cal, const struct doc *d)
{
    gk_day due;
    err e = {0};
    char a[11];
    if (d->written == DOC_NODAY)
        return;
    if (doc_publish_due(cal, d->written, &due, &e)) {
        printf("发布期限  （日历无 %s 之后的工作日数据：无法计算第二十六条期限）\n", (cli_doc_day(d->written, a), a));
        return;
    }
    cli_doc_day(due, a);
    gk_day ref = d->published != DOC_NODAY ? d->published : date_today();
    int n = 0;
    if (d->published != DOC_NODAY) {
        if (ref <= due) {
            printf("发布期限  %s（第二十六条：成文后20个工作日内）按期发布\n", a);
        } else if (cal_count_workdays(cal, due, ref, &n, &e) == 0) {
            printf("发布期限  %s（第二十六条）逾期 %d 个工作日发布\n", a, n);
        }
    } else if (ref <= due) {
        if (cal_count_workdays(cal, ref, due, &n, &e) == 0)
            printf("发布期限  %s（第二十六条：成文后20个工作日内）尚余 %d 个工作日\n", a, n);
    } else if (cal_count_workdays(cal, due, ref, &n, &e) == 0) {
        printf("发布期限  %s（第二十六条）已逾期 %d 个工作日\n", a, n);
    }
}

/* What gongkai did with an attachment's text, said as it is: read and
 * screened, masked, or not read (and whether a reviewer confirmed it). */
static void attachment_state(const struct doc *d, const struct store_doc_attachment *a, buf *out)
{
    enum files_state fs = FILES_UNREAD;
    files_state_parse(a->text_state, &fs);
    bool unmasked_list = d->recipient_list && fs == FILES_READ;
    buf_printf(out, "%s  %s", a->kind[0] ? a->kind : "?",
               unmasked_list ? "已读取并筛查，但未脱敏（在文件标为名单公示之前添加；请重新添加）"
                             : files_state_label(fs));
    if (a->text_note[0])
        buf_printf(out, "（%s）", a->text_note);
    if (!unmasked_list && !files_state_needs_confirm(fs))
        return;
    if (a->confirmed_by[0])
        buf_printf(out, "；已由 %s 于 %s 确认发布", a->confirmed_by, a->confirmed_at);
    else
        buf_printf(out, "；发布前须审核人确认：gongkai doc publish %lld --confirm-unread '%s'", (long long)d->id,
                   a->name);
}

const char cli_doc_usage_show[] =
    "usage: gongkai doc show ID [--json] [--version N]\n\n"
    "--version N prints version N of a corrected document (its earlier text) instead.\n"
    "Prints the document: its fields, validity, the publication deadline (Art. 26), its\n"
    "interpretations (3-working-day rule), attachments, screening hits, comments, the audit\n"
    "trail and the body.\n";

const char cli_doc_usage_list[] =
    "usage: gongkai doc list [--state STATE] [--year Y] [--limit N] [--json]\n\n"
    "Lists documents newest first. STATE: draft, review1, review2, signoff, signed, published.\n";

const char cli_doc_usage_search[] =
    "usage: gongkai doc search QUERY [--json] [--limit N] [--offset N] [--sort relevance|date]\n"
    "                         [--year Y] [--category C] [--genre G] [--issuer I] [--item N]\n"
    "                         [--validity in_force|repealed|expired]\n\n"
    "Searches published documents: title, 文号 (in any written form) and text. Every term\n"
    "must occur (as typed: 低保 finds 最低保障标准 too); \"quote\" phrases with spaces.\n"
    "A term that is a form of the synonym dictionary ('gongkai doc synonyms') finds its\n"
    "other forms too (低保 finds 最低生活保障). Each result shows its validity; a query\n"
    "that finds nothing gets a suggestion from the titles (您是不是要找).\n"
    "--json prints {\"total\": N, \"results\": [{\"id\", \"title\", \"docno\", \"published\",\n"
    "\"validity\", \"validity_label\", \"snippet\"}, ...], \"suggestion\": null|\"...\"} with\n"
    "the exact total and the page asked for (snippets mark terms with <mark>).\n";

/* ---- show, list ---- */

/* Earlier versions (更正): a line each, as JSON objects, or (want) one in full. */
struct version_ctx { bool json; int n; int64_t want; bool found; json_t *arr; };
static int version_print(const struct store_doc_version *v, void *arg)
{
    struct version_ctx *c = arg;
    if (c->want) {
        if (v->version != c->want)
            return 0;
        c->found = true;
        printf("文件第 %lld 版（%s 由 %s 更正替换）\n标题      %s\n文号      %s\n发布日期  %s\n",
               (long long)v->version, v->replaced_on, v->replaced_by, v->title, v->docno[0] ? v->docno : "（无）",
               v->published);
        if (v->corrected_on[0])
            printf("更正说明  %s（%s）\n", v->correction_note, v->corrected_on);
        printf("附件      %s\n正文\n%s\n", v->attachments, v->body);
        return 1;
    }
    if (c->json) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s}", "version", (json_int_t)v->version, "title",
                              v->title, "published", v->published, "corrected_on",
                              v->corrected_on[0] ? json_string(v->corrected_on) : json_null(), "correction_note",
                              v->correction_note, "replaced_on", v->replaced_on, "replaced_by", v->replaced_by);
        json_t *att = json_loads(v->attachments, JSON_DECODE_ANY, NULL);   /* stored as JSON */
        json_object_set_new(o, "attachments", att ? att : json_null());
        json_array_append_new(c->arr, o);
    } else {
        if (!c->n)
            printf("历史版本（'gongkai doc show ID --version N' 查看全文）\n");
        printf("  第 %lld 版  %s  %s 替换（%s）\n", (long long)v->version, v->title, v->replaced_on, v->replaced_by);
    }
    c->n++;
    return 0;
}

static int correction_line(const struct doc *c, void *arg)
{
    (void)arg;
    printf("更正稿    %lld [%s]：%s\n", (long long)c->id, doc_state_label(c->state), c->correction_note);
    return 0;
}

static int comment_text(const struct store_doc_comment *c, void *arg)
{
    (void)arg;
    enum doc_role r;
    const char *action = c->action;
    for (int a = 0; a < DOC_NACTIONS; a++)
        if (strcmp(c->action, doc_action_key(a)) == 0)
            action = doc_action_label(a);
    printf("  %s %s（%s）%s：%s\n", c->at, c->actor,
           doc_role_parse(c->role, &r, NULL) == 0 ? doc_role_label(r) : c->role, action, c->text);
    return 0;
}

static int comment_json(const struct store_doc_comment *c, void *arg)
{
    json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:s, s:s}", "at", c->at, "actor", c->actor, "role",
                                         c->role, "action", c->action, "text", c->text));
    return 0;
}

static int audit_text(const struct store_audit_entry *a, void *arg)
{
    (void)arg;
    printf("  %s %s %s\n", a->at, a->actor, a->action);
    return 0;
}

/* before and after are kept as JSON text; they go in as values */
static json_t *json_or_null(const char *text)
{
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    return v ? v : json_null();
}

static int audit_json(const struct store_audit_entry *a, void *arg)
{
    json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:o, s:o}", "at", a->at, "actor", a->actor, "action",
                                         a->action, "before", json_or_null(a->before_json), "after",
                                         json_or_null(a->after_json)));
    return 0;
}

struct interp_list { store_t *s; const cal_t *cal; const struct doc *policy; json_t *arr; };

static int interp_cb(const struct doc *d, void *arg)
{
    struct interp_list *l = arg;
    enum doc_interp_timing t = DOC_INTERP_ON_TIME;
    int wd = 0;
    err e = {0};
    bool known = d->published != DOC_NODAY && l->policy->published != DOC_NODAY &&
                 doc_interp_timing(l->cal, l->policy->published, d->published, &t, &wd, &e) == 0;
    if (l->arr) {
        json_array_append_new(l->arr, json_pack("{s:I, s:o, s:o}", "id", (json_int_t)d->id, "workdays_after_policy",
                                                known ? json_integer(wd) : json_null(), "on_time",
                                                known ? json_boolean(t != DOC_INTERP_LATE) : json_null()));
        return 0;
    }
    printf("解读      %lld %s", (long long)d->id, d->title);
    if (!known)
        printf("（%s）\n", d->published == DOC_NODAY ? "未发布" : "无法计算工作日");
    else if (t == DOC_INTERP_LATE)
        printf("（政策发布后第 %d 个工作日发布：超过3个工作日）\n", wd);
    else if (t == DOC_INTERP_BEFORE_POLICY)
        printf("（先于政策 %d 个工作日发布）\n", -wd);
    else
        printf("（%s）\n", wd == 0 ? "与政策同日发布" : "政策发布后3个工作日内发布");
    return 0;
}

/* What 'doc show' prints, loaded once for the text and the JSON. */
struct show_data {
    store_t *s;
    int64_t agency_id, id;
    struct doc d;
    cal_t *cal;
    gk_day today;
    enum doc_validity v;
    struct store_doc_hit *h;
    size_t nh;
    struct store_doc_attachment *att;
    size_t na;
    struct store_audit_filter af;
    struct store_doc_filter inf;   /* the documents interpreting this one */
};

/* doc_to_json's fields, then validity, deadline, attachments, hits,
 * interpretations, versions, comments and audit, through jansson. */
static int show_json(struct show_data *sd)
{
    const struct doc *d = &sd->d;
    buf j;
    buf_init(&j);
    doc_to_json(d, true, &j);
    json_t *o = json_loadb(j.data, j.len, 0, NULL);
    buf_free(&j);
    if (!o)
        return cli_json_print(NULL, 0);
    char a[11];
    gk_day due;
    json_object_set_new(o, "validity", json_string(doc_validity_key(sd->v)));
    json_object_set_new(o, "publish_due", doc_publish_due(sd->cal, d->written, &due, NULL) == 0
                                              ? (cli_doc_day(due, a), json_string(a)) : json_null());
    json_t *atts = json_array();
    for (size_t i = 0; i < sd->na; i++) {
        const struct store_doc_attachment *t = &sd->att[i];
        json_array_append_new(atts, json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "name", t->name, "sha256",
                                              t->sha256, "size", (json_int_t)t->size, "kind", t->kind, "text",
                                              t->text_state, "note", t->text_note, "confirmed_by",
                                              t->confirmed_by, "confirmed_at", t->confirmed_at));
    }
    json_object_set_new(o, "attachments", atts);
    json_t *hits = json_array();
    for (size_t i = 0; i < sd->nh; i++) {
        const struct store_doc_hit *h = &sd->h[i];
        json_t *x = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)h->id, "source", h->source,
                              "kind", doc_hit_kind_key(h->kind), "char_off", (json_int_t)h->char_off, "found",
                              h->found, "excerpt", h->excerpt, "status",
                              h->cleared ? "cleared" : h->fixed ? "fixed" : "open");
        if (h->cleared) {
            json_object_set_new(x, "cleared_by", json_string(h->cleared_by));
            json_object_set_new(x, "note", json_string(h->note));
        }
        json_array_append_new(hits, x);
    }
    json_object_set_new(o, "hits", hits);
    err e = {0};
    struct interp_list il = {sd->s, sd->cal, d, json_array()};
    store_doc_list(sd->s, &sd->inf, interp_cb, &il, &e);
    json_object_set_new(o, "interpretations", il.arr);
    struct version_ctx vc = {true, 0, 0, false, json_array()};
    store_doc_versions(sd->s, sd->id, version_print, &vc, &e);
    json_object_set_new(o, "versions", vc.arr);
    json_t *comments = json_array(), *audit = json_array();
    store_doc_comments(sd->s, sd->id, comment_json, comments, &e);
    json_object_set_new(o, "comments", comments);
    store_audit_list(sd->s, &sd->af, audit_json, audit, &e);
    json_object_set_new(o, "audit", audit);
    return cli_json_print(o, JSON_COMPACT);
}

/* Status, withdrawal, correction, publicity, and the catalogue fields. */
static void text_head(struct show_data *sd)
{
    const struct doc d = sd->d;   /* a shallow copy for reading; sd keeps ownership */
    const gk_day today = sd->today;
    char a[11], b[11];
    printf("文件 %lld  [%s]\n", (long long)d.id, doc_status_label(&d, today));
    if (d.withdrawn_on != DOC_NODAY)
        printf("撤回      %s 由 %s 撤回：%s\n", (cli_doc_day(d.withdrawn_on, a), a), d.withdrawn_by,
               d.withdrawn_reason);
    if (d.corrects)
        printf("更正      本稿为文件 %lld 的更正稿；更正说明：%s\n", (long long)d.corrects, d.correction_note);
    else if (d.corrected_on != DOC_NODAY)
        printf("更正      %s 更正；更正说明：%s\n", (cli_doc_day(d.corrected_on, a), a), d.correction_note);
    if (d.publicity_until != DOC_NODAY)
        printf("公示期至  %s%s\n", (cli_doc_day(d.publicity_until, b), b),
               d.publicity_until < today ? "（已期满，不再公开）" : "");
    printf("索引号    %s\n", d.index_no[0] ? d.index_no : "（发布时生成）");
    printf("标题      %s\n", d.title);
    printf("文号      %s\n", d.docno[0] ? d.docno : "（无）");
    printf("发文机关  %s\n", d.issuer);
    printf("成文日期  %s\n", (cli_doc_day(d.written, a), a));
    printf("发布日期  %s\n", d.published != DOC_NODAY ? (cli_doc_day(d.published, b), b) : "（未发布）");
    print_deadline(sd->cal, &d);
    if (d.category[0])
        printf("主题分类  %s\n", d.category);
    if (d.genre[0])
        printf("体裁      %s\n", d.genre);
    if (d.item)
        printf("公开事项  第二十条%s %s\n", doc_item_label(d.item), doc_items[d.item - 1].text);
}

/* Validity and channels of a published document; a recipient list says so. */
static void text_validity(struct show_data *sd)
{
    const struct doc d = sd->d;
    char a[11];
    if (d.state == DOC_PUBLISHED) {
        printf("效力      %s", doc_validity_label(sd->v));
        if (d.repealed_on != DOC_NODAY) {
            printf("（%s 起废止", (cli_doc_day(d.repealed_on, a), a));
            if (d.repealed_by)
                printf("，废止文件 %lld", (long long)d.repealed_by);
            if (d.repealed_by_docno[0])
                printf(" %s", d.repealed_by_docno);
            printf("）");
        }
        if (d.expires_on != DOC_NODAY)
            printf("（有效期至 %s）", (cli_doc_day(d.expires_on, a), a));
        putchar('\n');
        buf ch;
        buf_init(&ch);
        doc_channels_format(d.channels, true, &ch);
        printf("发布渠道  %s\n", ch.data ? ch.data : "");
        buf_free(&ch);
    }
    if (d.recipient_list)
        printf("名单公示  是（正文的姓名、身份证号、电话、住址已按规定脱敏；附件逐个见“附件”）\n");
}

/* The policy it interprets, its interpretations, and who handled it. */
static void text_people(struct show_data *sd)
{
    const struct doc d = sd->d;
    struct interp_list il = {sd->s, sd->cal, &sd->d, NULL};
    err e = {0};
    if (d.interprets) {
        struct doc p;
        if (store_doc_get(sd->s, sd->agency_id, d.interprets, &p, &e) == 0) {
            printf("解读对象  %lld %s\n", (long long)p.id, p.title);
            doc_clear(&p);
        }
    }
    store_doc_list(sd->s, &sd->inf, interp_cb, &il, &e);
    printf("经办      撰稿 %s", d.author);
    if (d.reviewer1[0])
        printf(" · 一审 %s", d.reviewer1);
    if (d.reviewer2[0])
        printf(" · 二审 %s", d.reviewer2);
    if (d.signer[0])
        printf(" · 签发 %s", d.signer);
    if (d.publisher[0])
        printf(" · 发布 %s", d.publisher);
    putchar('\n');
}

/* Attachments with their text state, and the screening hits. */
static void text_files(struct show_data *sd)
{
    const struct doc d = sd->d;
    if (sd->na) {
        printf("附件\n");
        for (size_t i = 0; i < sd->na; i++) {
            buf st;
            buf_init(&st);
            attachment_state(&d, &sd->att[i], &st);
            printf("  %s  %lld 字节  sha256 %.16s…\n    %s\n", sd->att[i].name, (long long)sd->att[i].size,
                   sd->att[i].sha256, st.data);
            buf_free(&st);
        }
    }
    if (sd->nh) {
        printf("筛查\n");
        cli_doc_print_hits(sd->s, sd->id, false);
    }
}

/* Corrections, earlier versions, comments, the audit trail and the body. */
static void text_history(struct show_data *sd)
{
    store_t *s = sd->s;
    const struct doc d = sd->d;
    const int64_t id = sd->id;
    struct store_audit_filter af = sd->af;
    err e = {0};
    struct store_doc_filter cf = {.agency_id = sd->agency_id, .state = -1, .corrects = id, .limit = 10};
    store_doc_list(s, &cf, correction_line, NULL, &e);
    struct version_ctx vc = {false, 0, 0, false, NULL};
    store_doc_versions(s, id, version_print, &vc, &e);
    printf("批注\n");
    store_doc_comments(s, id, comment_text, NULL, &e);
    printf("审计记录（最新在前）\n");
    store_audit_list(s, &af, audit_text, NULL, &e);
    printf("正文\n%s\n", d.body && *d.body ? d.body : "（空）");
}

/* The sections of 'doc show' as text, in order. */
static void (*const text_sections[])(struct show_data *) = {
    text_head, text_validity, text_people, text_files, text_history,
};

static int show_text(struct show_data *sd)
{
    for (size_t i = 0; i < sizeof text_sections / sizeof text_sections[0]; i++)
        text_sections[i](sd);
    return 0;
}

int cli_doc_cmd_show(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc show";
    bool json = cli_flag(&argc, argv, "--json");
    const char *version = cli_opt(&argc, argv, "--version");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id, vno = 0;
    if (!cli_doc_only_id(cmd, argc, argv, &id))
        return 2;
    if (version && !cli_doc_parse_id(cmd, version, &vno))
        return 2;
    store_t *s;
    struct store_agency ag;
    if ((rc = cli_doc_open(run, &s, &ag)))
        return rc;
    struct show_data sd = {.s = s, .agency_id = ag.id, .id = id};
    err e = {0};
    if (store_doc_get(s, ag.id, id, &sd.d, &e))
        return cli_doc_err(cmd, &e);
    if (version) {
        struct version_ctx vc = {false, 0, vno, false, NULL};
        store_doc_versions(s, id, version_print, &vc, &e);
        doc_clear(&sd.d);
        if (!vc.found) {
            cli_error(cmd, "document %lld has no version %lld (see 'gongkai doc show %lld')", (long long)id,
                      (long long)vno, (long long)id);
            return 1;
        }
        return 0;
    }
    sd.cal = cli_doc_calendar(s);
    sd.today = date_today();
    sd.v = doc_validity_at(&sd.d, sd.today);
    store_doc_hits(s, id, &sd.h, &sd.nh, &e);
    store_doc_attachments(s, id, &sd.att, &sd.na, &e);
    sd.af = (struct store_audit_filter){.agency_id = ag.id, .entity = "document", .entity_id = id, .limit = 1000};
    sd.inf = (struct store_doc_filter){.agency_id = ag.id, .state = -1, .interprets = id, .limit = 100};
    rc = json ? show_json(&sd) : show_text(&sd);
    free(sd.h);
    free(sd.att);
    cal_free(sd.cal);
    doc_clear(&sd.d);
    return rc;
}

struct list_ctx { json_t *arr; int n; bool bad; };

static int list_cb(const struct doc *d, void *arg)
{
    struct list_ctx *l = arg;
    char p[11];
    cli_doc_day(d->published, p);
    if (l->arr) {
        buf b;
        buf_init(&b);
        doc_to_json(d, false, &b);
        json_t *o = json_loadb(b.data, b.len, 0, NULL);
        buf_free(&b);
        if (!o) {   /* doc_to_json wrote what jansson refuses: a bug of ours */
            l->bad = true;
            return 1;
        }
        json_array_append_new(l->arr, o);
    } else {
        printf("%-6lld %-12s %-10s %-32s %s\n", (long long)d->id, doc_status_label(d, date_today()), p[0] ? p : "-",
               d->index_no[0] ? d->index_no : "-", d->title);
    }
    l->n++;
    return 0;
}

int cli_doc_cmd_list(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc list";
    bool json = cli_flag(&argc, argv, "--json");
    const char *state = cli_opt(&argc, argv, "--state");
    const char *year = cli_opt(&argc, argv, "--year");
    const char *limit = cli_opt(&argc, argv, "--limit");
    int rc = cli_no_args(argc, argv, cmd);
    if (rc)
        return rc;
    struct store_doc_filter f = {.state = -1, .limit = 100};
    enum doc_state st;
    if (state) {
        if (doc_state_parse(state, &st)) {
            cli_error(cmd, "--state: unknown state '%s' (draft, review1, review2, signoff, signed, published)", state);
            return 2;
        }
        f.state = st;
    }
    int64_t v;
    if (year) {
        if (!parse_i64(year, strlen(year), &v) || !lim_year_ok(v, LIM_YEAR_FIRST)) {
            cli_error(cmd, "--year: '%s' is not a year", year);
            return 2;
        }
        f.year = (int)v;
    }
    if (limit) {
        if (!parse_i64(limit, strlen(limit), &v) || v < 1 || v > 1000000) {
            cli_error(cmd, "--limit: '%s' is not a number from 1 to 1000000", limit);
            return 2;
        }
        f.limit = (int)v;
    }
    store_t *s;
    struct store_agency ag;
    if ((rc = cli_doc_open(run, &s, &ag)))
        return rc;
    f.agency_id = ag.id;
    struct list_ctx l = {json ? json_array() : NULL, 0, false};
    err e = {0};
    rc = store_doc_list(s, &f, list_cb, &l, &e);
    if (!rc && l.bad)
        rc = err_set(&e, GK_EIO, cmd, "a document could not be written as JSON");
    if (rc) {
        json_decref(l.arr);
        return cli_doc_err(cmd, &e);
    }
    return json ? cli_json_print(l.arr, JSON_COMPACT) : 0;
}

/* ---- search ---- */

/* Snippets carry <mark> and HTML escapes; on a terminal, 【】 and plain text. */
static void print_plain_snippet(const char *s)
{
    static const struct { const char *from, *to; } map[] = {
        {"<mark>", "【"}, {"</mark>", "】"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
        {"&#39;", "'"}, {"&amp;", "&"},
    };
    while (*s) {
        size_t k;
        for (k = 0; k < sizeof map / sizeof map[0]; k++) {
            size_t l = strlen(map[k].from);
            if (strncmp(s, map[k].from, l) == 0) {
                fputs(map[k].to, stdout);
                s += l;
                break;
            }
        }
        if (k == sizeof map / sizeof map[0])
            putchar(*s++ == '\n' ? ' ' : s[-1]);
    }
}

/* What 'doc search' was given besides the query. */
struct search_opts {
    const char *limit, *offset, *sort, *year, *category, *genre, *issuer, *item, *validity;
    bool json;
};

/* The query's words, from one or several arguments; refuses an empty one. */
static int search_text(const char *cmd, int argc, char **argv, buf *q)
{
    for (int i = 0; i < argc; i++)
        buf_printf(q, "%s%s", i ? " " : "", argv[i]);
    for (const char *p = q->data; p && *p; p++)
        if (*p != ' ' && *p != '"' && *p != '\t')
            return 0;
    cli_error(cmd, "the query is empty: give a word to search for");
    return 2;
}

/* The numbers: --limit, --offset, --year and --sort. */
static int search_numbers(const char *cmd, const struct search_opts *o, struct store_doc_query *sq)
{
    int64_t v;
    if (o->limit && (!parse_i64(o->limit, strlen(o->limit), &v) || v < 1 || v > 1000))
        cli_error(cmd, "--limit: '%s' is not a number from 1 to 1000", o->limit);
    else if (o->offset && (!parse_i64(o->offset, strlen(o->offset), &v) || v < 0 || v > 100000000))
        cli_error(cmd, "--offset: '%s' is not a number ≥ 0", o->offset);
    else if (o->sort && strcmp(o->sort, "date") != 0 && strcmp(o->sort, "relevance") != 0)
        cli_error(cmd, "--sort: '%s' is not date or relevance", o->sort);
    else if (o->year && (!parse_i64(o->year, strlen(o->year), &v) || !lim_year_ok(v, LIM_YEAR_FIRST)))
        cli_error(cmd, "--year: '%s' is not a year", o->year);
    else
        goto ok;
    return 2;
ok:
    if (o->limit)
        parse_i64(o->limit, strlen(o->limit), &v), sq->limit = (int)v;
    if (o->offset)
        parse_i64(o->offset, strlen(o->offset), &v), sq->offset = (int)v;
    if (o->year)
        parse_i64(o->year, strlen(o->year), &v), sq->year = (int)v;
    sq->by_date = o->sort && strcmp(o->sort, "date") == 0;
    return 0;
}

/* The filters from the vocabularies: category, genre, item, validity. */
static int search_filters(const char *cmd, const struct search_opts *o, struct store_doc_query *sq)
{
    err e = {0};
    if (o->category && !(sq->category = doc_category_find(o->category, &e)))
        return cli_doc_err(cmd, &e);
    if (o->genre && !(sq->genre = doc_genre_find(o->genre, &e)))
        return cli_doc_err(cmd, &e);
    if (o->item && doc_item_parse(o->item, &sq->item, &e))
        return cli_doc_err(cmd, &e);
    if (o->validity) {
        enum doc_validity dv;
        if (!*o->validity) {
            cli_error(cmd, "--validity: say in_force, repealed or expired");
            return 2;
        }
        if (doc_validity_parse(o->validity, &dv, &e))
            return cli_doc_err(cmd, &e);
        sq->validity = dv;
    }
    sq->issuer = o->issuer;
    return 0;
}

static int search_print_json(const struct store_doc_result *res, size_t n, int64_t total, const char *suggestion)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)res[i].id,
                                              "title", res[i].title, "docno", res[i].docno, "published",
                                              res[i].published, "validity",
                                              doc_validity_key((enum doc_validity)res[i].validity),
                                              "validity_label",
                                              doc_validity_label((enum doc_validity)res[i].validity), "snippet",
                                              res[i].snippet ? res[i].snippet : ""));
    return cli_json_print(json_pack("{s:I, s:o, s:s?}", "total", (json_int_t)total, "results", list, "suggestion",
                                    suggestion), 0);
}

static void search_print_text(const struct store_doc_query *sq, const struct store_doc_result *res, size_t n,
                              int64_t total, const char *suggestion)
{
    printf("共 %lld 条", (long long)total);
    if (total > (int64_t)n)
        printf("（显示第 %d–%d 条）", sq->offset + 1, sq->offset + (int)n);
    printf("\n");
    if (suggestion)
        printf("您是不是要找：%s\n", suggestion);
    for (size_t i = 0; i < n; i++) {
        printf("%lld  %s  %s%s%s  [%s]\n    ", (long long)res[i].id, res[i].published, res[i].title,
               res[i].docno[0] ? "  " : "", res[i].docno, doc_validity_label((enum doc_validity)res[i].validity));
        print_plain_snippet(res[i].snippet ? res[i].snippet : "");
        printf("\n");
    }
}

/* Runs the query on the agency's documents and prints the page of results. */
static int search_run(cli_run *run, const char *cmd, struct store_doc_query *sq, bool json)
{
    store_t *s;
    struct store_agency ag;
    int rc = cli_doc_open(run, &s, &ag);
    if (rc)
        return rc;
    sq->agency_id = ag.id;
    struct store_doc_result *res = NULL;
    size_t n = 0;
    int64_t total = 0;
    char *suggestion = NULL;
    err e = {0};
    if (store_doc_search(s, sq, &res, &n, &total, &e) ||
        (total == 0 && store_doc_suggest(s, sq, &suggestion, &e)))
        rc = cli_doc_err(cmd, &e);
    else if (json)
        rc = search_print_json(res, n, total, suggestion);
    else
        search_print_text(sq, res, n, total, suggestion);
    free(suggestion);
    store_doc_results_free(res, n);
    return rc;
}

int cli_doc_cmd_search(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc search";
    struct search_opts o = {.json = cli_flag(&argc, argv, "--json")};
    o.limit = cli_opt(&argc, argv, "--limit");
    o.offset = cli_opt(&argc, argv, "--offset");
    o.sort = cli_opt(&argc, argv, "--sort");
    o.year = cli_opt(&argc, argv, "--year");
    o.category = cli_opt(&argc, argv, "--category");
    o.genre = cli_opt(&argc, argv, "--genre");
    o.issuer = cli_opt(&argc, argv, "--issuer");
    o.item = cli_opt(&argc, argv, "--item");
    o.validity = cli_opt(&argc, argv, "--validity");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc < 1) {
        cli_error(cmd, "expected a QUERY (see 'gongkai doc search --help')");
        return 2;
    }
    buf q;
    buf_init(&q);
    struct store_doc_query sq = {.validity = -1, .limit = 20};
    rc = search_text(cmd, argc, argv, &q);
    sq.text = q.data;
    if (!rc)
        rc = search_numbers(cmd, &o, &sq);
    if (!rc)
        rc = search_filters(cmd, &o, &sq);
    if (!rc)
        rc = search_run(run, cmd, &sq, o.json);
    buf_free(&q);
    return rc;
}

