/*
 * web — the files a draft reply releases (issue 18 item 1): uploaded in the
 * console with the draft (multipart, POST /console/applications/:no/draft),
 * kept with the chain's draft (store_chain_save), each screened for
 * personal data and sensitive words before the approver decides
 * (files/files.h reads the text, publish/'s doc_screen finds ID numbers,
 * mobile numbers, bank cards and the agency's words). A file whose text
 * could not be read is shown as not screened, never as screened, and the
 * approval then needs the approver's confirmation that it was checked by
 * hand (as a file with hits does). Also the chain as the API gives it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/html.h"
#include "files/files.h"
#include "web/web_internal.h"

/* ---- screening ---- */

struct chain_screen {
    bool read;                 /* its whole text was read and screened */
    char note[600];            /* why not, when not read */
    int hits[DOC_NHITKINDS];
    int total;
};

static void screen_one(const struct store_chain_file *f, const doc_words *w, struct chain_screen *s)
{
    memset(s, 0, sizeof *s);
    buf text;
    buf_init(&text);
    struct files_info info;
    err e = {0};
    if (files_text(f->name, f->data ? f->data : "", f->len, &text, &info, &e)) {
        snprintf(s->note, sizeof s->note, "无法读取：%s", e.msg);
    } else if (info.state == FILES_UNREAD) {
        snprintf(s->note, sizeof s->note, "未能读取文字（%s）", info.note);
    } else {
        struct doc_hit *h = NULL;
        size_t n = 0;
        if (doc_screen(text.data ? text.data : "", text.len, w, &h, &n) == 0) {
            s->read = true;
            for (size_t i = 0; i < n; i++)
                s->hits[h[i].kind]++;
            s->total = (int)n;
        } else {
            snprintf(s->note, sizeof s->note, "筛查未完成");
        }
        free(h);
    }
    buf_free(&text);
}

/* The draft's files and their screening; *files and *sc malloc'ed (NULL, 0 when none). */
static int screen_files(web_req *r, const struct app *a, struct store_chain_file **files, size_t *n,
                        struct chain_screen **sc)
{
    *sc = NULL;
    err e = {0};
    if (store_chain_files(r->st, a, true, files, n, &e))
        return -1;
    doc_words *w = NULL;
    store_doc_words(r->st, r->agency.id, &w, NULL);   /* without the list: the patterns alone */
    *sc = xcalloc(*n ? *n : 1, sizeof **sc);
    for (size_t i = 0; i < *n; i++)
        screen_one(&(*files)[i], w, &(*sc)[i]);
    doc_words_free(w);
    return 0;
}

static void screen_label(buf *b, const struct chain_screen *s)
{
    if (!s->read) {
        h_el_attr(b, "span", "未筛查", "class", "tag warn", H_END);
        h_textf(b, " %s，须人工核对", s->note);
        return;
    }
    if (!s->total) {
        h_el_attr(b, "span", "已筛查", "class", "tag ok", H_END);
        h_text(b, " 未发现个人信息或敏感词");
        return;
    }
    h_open(b, "span", "class", "tag warn", H_END);
    h_textf(b, "已筛查，发现%d处", s->total);
    h_close(b, "span");
    h_text(b, " ");
    for (int k = 0, first = 1; k < DOC_NHITKINDS; k++)
        if (s->hits[k]) {
            h_textf(b, "%s%s%d处", first ? "" : "、", doc_hit_kind_label((enum doc_hit_kind)k), s->hits[k]);
            first = 0;
        }
}

void web_chain_files_html(web_req *r, buf *b, const struct app *a)
{
    struct store_chain_file *f = NULL;
    struct chain_screen *sc = NULL;
    size_t n = 0;
    if (screen_files(r, a, &f, &n, &sc) || !n) {
        store_chain_files_free(f, n);
        free(sc);
        return;
    }
    h_open(b, "div", "class", "table-wrap", "tabindex", "0", H_END);
    h_open(b, "table", H_END);
    h_elf(b, "caption", "拟提供的文件（%zu件，审批前筛查）", n);
    h_thead(b, "文件", "大小（字节）", "筛查", H_END);
    h_open(b, "tbody", H_END);
    for (size_t i = 0; i < n; i++) {
        h_open(b, "tr", H_END);
        h_el(b, "td", f[i].name);
        h_elf(b, "td", "%zu", f[i].len);
        h_open(b, "td", H_END);
        screen_label(b, &sc[i]);
        h_close(b, "td");
        h_close(b, "tr");
    }
    h_close(b, "tbody");
    h_close(b, "table");
    h_close(b, "div");
    store_chain_files_free(f, n);
    free(sc);
}

int web_chain_files_unchecked(web_req *r, const struct app *a, const char *confirm, char *msg, size_t msgn)
{
    struct store_chain_file *f = NULL;
    struct chain_screen *sc = NULL;
    size_t n = 0;
    if (screen_files(r, a, &f, &n, &sc))
        return snprintf(msg, msgn, "拟提供的文件未能读取，暂不能审批。"), HTTP_INTERNAL;
    int unread = 0, hits = 0;
    for (size_t i = 0; i < n; i++) {
        unread += !sc[i].read;
        hits += sc[i].total;
    }
    store_chain_files_free(f, n);
    free(sc);
    if (!unread && !hits)
        return 0;
    if (confirm && strcmp(confirm, "1") == 0)
        return 0;
    snprintf(msg, msgn, "拟提供的文件中有%d件未能筛查、发现%d处疑似个人信息或敏感词：请逐一核对，确认不含不应公开的内容后"
                        "勾选“已人工核对拟提供的文件”再审批。", unread, hits);
    return HTTP_CONFLICT;
}

/* ---- the upload ---- */

/* The files of the request (field "files"), checked: at most
 * APP_CHAIN_MAX_FILES, each at most APP_CHAIN_FILE_MAX_MB MiB, of a type
 * gongkai accepts for attachments, two never of one name. */
static int take_uploads(web_req *r, struct store_chain_file *out, size_t *n, char *msg, size_t msgn)
{
    *n = 0;
    for (size_t i = 0; i < r->nfiles; i++) {
        const web_upload *u = &r->files[i];
        if (strcmp(u->field, "files") != 0 || !u->filename || (!u->len && !*u->filename))
            continue;   /* an empty file input */
        if (*n == APP_CHAIN_MAX_FILES)
            return snprintf(msg, msgn, "一次答复最多提供%d个文件。", APP_CHAIN_MAX_FILES), HTTP_TOO_LARGE;
        if (u->len > (size_t)APP_CHAIN_FILE_MAX_MB * 1024 * 1024)
            return snprintf(msg, msgn, "文件“%s”有%zu字节，超过每个文件%d MiB的上限。", u->filename, u->len,
                            APP_CHAIN_FILE_MAX_MB), HTTP_TOO_LARGE;
        err why = {0};
        if (web_upload_check(u, &why))
            return snprintf(msg, msgn, "文件“%s”：%s", u->filename, why.msg), HTTP_UNSUPPORTED_TYPE;
        if (strlen(u->filename) >= sizeof out[0].name)
            return snprintf(msg, msgn, "文件名太长（最多%zu字节）。", sizeof out[0].name - 1), HTTP_UNPROCESSABLE;
        for (size_t k = 0; k < *n; k++)
            if (strcmp(out[k].name, u->filename) == 0)
                return snprintf(msg, msgn, "有两个文件都叫“%s”，请改名后再上传。", u->filename), HTTP_UNPROCESSABLE;
        memset(&out[*n], 0, sizeof out[*n]);
        snprintf(out[*n].name, sizeof out[*n].name, "%s", u->filename);
        out[*n].data = u->data;
        out[*n].len = u->len;
        (*n)++;
    }
    return 0;
}

/* POST /console/applications/:no/draft: the draft reply with its files. */
int h_console_app_draft(web_req *r)
{
    const char *no = web_param(r, 0);
    struct app *a = xmalloc(sizeof *a);
    if (!no || strlen(no) >= 24 || store_app_get(r->st, r->agency.id, no, a, NULL)) {
        free(a);
        return web_error(r, HTTP_NOT_FOUND, "没有这件申请。");
    }
    char msg[1024], loc[96];
    struct store_chain_file up[APP_CHAIN_MAX_FILES], *kept = NULL;
    size_t n = 0, nkept = 0;
    int st = take_uploads(r, up, &n, msg, sizeof msg);
    const char *keep = web_f(r, "keep_files");
    if (!st && !n && keep && strcmp(keep, "1") == 0 && store_chain_files(r->st, a, true, &kept, &nkept, NULL) == 0)
        st = web_chain_event_files(r, a, APP_CA_DRAFT, web_f, kept, nkept, msg, sizeof msg);
    else if (!st)
        st = web_chain_event_files(r, a, APP_CA_DRAFT, web_f, up, n, msg, sizeof msg);
    store_chain_files_free(kept, nkept);
    snprintf(loc, sizeof loc, "/console/applications/%s?msg=done", a->no);
    free(a);
    return st ? web_error(r, st, msg) : web_redirect(r, web_href(r, loc));
}

/* ---- the chain in the API ---- */

struct chain_steps { json_t *steps, *returns; };

static int chain_step(const struct store_app_step *s, void *arg)
{
    struct chain_steps *x = arg;
    int action = app_chain_action_from_code(s->event);
    if (action <= 0)
        return 0;
    const char *sum = s->summary ? s->summary : "";
    json_array_append_new(x->steps, json_pack("{s:s,s:s,s:s,s:s,s:s}", "action", s->event, "label",
                                              app_chain_actions[action].label, "on", s->on_date, "actor", s->actor,
                                              "summary", sum));
    if (action == APP_CA_RETURN) {
        static const char lead[] = "退回修改：";
        const char *comment = strncmp(sum, lead, sizeof lead - 1) == 0 ? sum + sizeof lead - 1 : sum;
        json_array_append_new(x->returns, json_pack("{s:s,s:s,s:s}", "on", s->on_date, "by", s->actor, "comment", comment));
    }
    return 0;
}

json_t *web_chain_json(web_req *r, const struct app *a)
{
    struct app_chain *c = xmalloc(sizeof *c);
    err e = {0};
    if (store_chain_get(r->st, a, c, &e)) {
        free(c);
        return json_null();
    }
    buf j;
    buf_init(&j);
    app_chain_to_json(c, &j);
    json_t *o = json_loads(j.data ? j.data : "{}", 0, NULL);
    buf_free(&j);
    if (!o)
        o = json_object();
    json_object_set_new(o, "state_label", json_string(app_chain_states[c->state].label));
    struct chain_steps x = {json_array(), json_array()};
    store_app_steps(r->st, a->id, chain_step, &x, NULL);
    json_object_set_new(o, "steps", x.steps);
    json_object_set_new(o, "return_comments", x.returns);
    struct store_chain_file *f = NULL;
    struct chain_screen *sc = NULL;
    size_t n = 0;
    json_t *files = json_array();
    if (screen_files(r, a, &f, &n, &sc) == 0)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(files, json_pack("{s:s,s:s,s:I,s:b,s:i,s:s}", "name", f[i].name, "sha256", f[i].sha256,
                                                   "bytes", (json_int_t)f[i].len, "screened", sc[i].read, "hits",
                                                   sc[i].total, "note", sc[i].note));
    json_object_set_new(o, "files", files);
    store_chain_files_free(f, n);
    free(sc);
    free(c);
    return o;
}
