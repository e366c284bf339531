/*
 * web — the files released with a reply, online (issue 16): the follow-up
 * page lists them under the reply letter for the applicant who gave the
 * tracking code and phone; each downloads only as the masked and screened
 * copy of files/release.c, and a file gongkai cannot vouch for is listed
 * with the reason and where to ask for it, never served. Staff see the same
 * decision, with its detail, on the application's page.
 *
 * A download is POST /apply/track/file with either the code and phone again
 * (the follow-up's check and throttle) or the pass the follow-up page gave
 * this browser: a keyed hash of the agency, the application, an expiry and
 * the browser's anonymous CSRF token, so that the page's forms need not
 * carry the phone number and a copied pass is of no use elsewhere or later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "files/files.h"
#include "web/web_internal.h"

enum { TRACK_PASS_SECONDS = 3600 };   /* how long a page's download forms work */

static void pass_for(web_req *r, int64_t app_id, long long until, char out[65])
{
    const char *s = arena_printf(&r->a, "track-file|%lld|%lld|%lld|%s", (long long)r->agency.id, (long long)app_id,
                                 until, web_anon_csrf(r));
    web_hash_hex(r->app->secret, s, strlen(s), out);
}

/* A file name as the public sees it: ID and mobile numbers masked like the
 * text (a name chosen by staff could hold one). */
static const char *public_name(web_req *r, const char *name)
{
    buf m;
    buf_init(&m);
    struct doc_mask_stats st;
    memset(&st, 0, sizeof st);
    doc_mask_list(name, strlen(name), &m, &st);
    const char *out = arena_printf(&r->a, "%s", m.data ? m.data : "");
    buf_free(&m);
    return out;
}

static void hidden_field(buf *b, const char *name, const char *value)
{
    h_void(b, "input", "type", "hidden", "name", name, "value", value, H_END);
}

static void file_form(web_req *r, buf *b, const buf *hidden, const struct app *a, long long until, int i,
                      const struct files_release *fr, size_t len)
{
    char pass[65], id[24], till[24], f[16];
    pass_for(r, a->id, until, pass);
    snprintf(id, sizeof id, "%lld", (long long)a->id);
    snprintf(till, sizeof till, "%lld", until);
    snprintf(f, sizeof f, "%d", i + 1);
    h_open(b, "li", H_END);
    h_open(b, "form", "class", "inline", "method", "post", "action", web_href(r, "/apply/track/file"), H_END);
    h_markup_add(b, H_MARKUP_BUF(hidden));
    hidden_field(b, "app", id);
    hidden_field(b, "until", till);
    hidden_field(b, "pass", pass);
    hidden_field(b, "f", f);
    h_open(b, "button", "type", "submit", "class", "link", H_END);
    h_textf(b, "下载 %s", public_name(r, fr->name));
    h_close(b, "button");
    h_text(b, " ");
    h_open(b, "span", "class", "muted", H_END);
    h_textf(b, "（已去除个人信息的副本，%zu 字节）", len);
    h_close(b, "span");
    h_close(b, "form");
    h_close(b, "li");
}

/* The files a's reply released, with their bytes; false when none (or
 * the store failed: then nothing is offered). */
static bool released(web_req *r, const struct app *a, struct store_chain_file **f, size_t *n)
{
    *f = NULL;
    *n = 0;
    if (store_chain_files(r->st, a, true, f, n, NULL) == 0 && *n)
        return true;
    store_chain_files_free(*f, *n);
    return false;
}

void web_track_files(web_req *r, const struct app *a, buf *b)
{
    struct store_chain_file *f;
    size_t n;
    if (!released(r, a, &f, &n))
        return;
    buf hidden, copy;
    buf_init(&hidden);
    buf_init(&copy);
    web_form_hidden(r, &hidden);
    long long until = (long long)time(NULL) + TRACK_PASS_SECONDS;
    const char *contact = web_setting(r, "disclosure.contact", NULL);
    h_open(b, "section", "aria-labelledby", "released", H_END);
    h_el_attr(b, "h2", "随答复公开的文件", "id", "released", H_END);
    h_open(b, "ul", "class", "files", H_END);
    for (size_t i = 0; i < n; i++) {
        struct files_release fr;
        if (files_release_copy(f[i].name, f[i].data, f[i].len, &copy, &fr)) {
            file_form(r, b, &hidden, a, until, (int)i, &fr, copy.len);
            continue;
        }
        h_elf(b, "li", "%s：暂不能在网上提供（%s）。请联系%s获取。", public_name(r, f[i].name), fr.reason,
              contact && *contact ? contact : "本机关政府信息公开工作机构");
    }
    h_close(b, "ul");
    h_el_attr(b, "p", "为保护他人个人信息，网上提供的是去除身份证号码、电话号码等个人信息后的副本。下载链接在本页打开后1小时内有效。",
              "class", "muted", H_END);
    h_close(b, "section");
    buf_free(&hidden);
    buf_free(&copy);
    store_chain_files_free(f, n);
}

void web_released_files_staff(web_req *r, const struct app *a, buf *b)
{
    struct store_chain_file *f;
    size_t n;
    if (!released(r, a, &f, &n))
        return;
    buf copy;
    buf_init(&copy);
    h_el(b, "h3", "随答复公开的文件（申请人可在进度查询中下载）");
    h_open(b, "ul", "class", "files", H_END);
    for (size_t i = 0; i < n; i++) {
        struct files_release fr;
        bool ok = files_release_copy(f[i].name, f[i].data, f[i].len, &copy, &fr);
        h_open(b, "li", H_END);
        h_textf(b, "%s：", f[i].name);
        h_el_attr(b, "span", ok ? "网上提供脱敏副本" : "不在网上提供", "class", ok ? "tag ok" : "tag warn", H_END);
        h_textf(b, " %s（%s）", ok ? fr.name : fr.reason, fr.detail);
        h_close(b, "li");
    }
    h_close(b, "ul");
    buf_free(&copy);
    store_chain_files_free(f, n);
}

/* The application this download asks for: by code and phone, or by a pass
 * of this browser still valid. NULL (and the throttle told) otherwise. */
static struct app *download_app(web_req *r, int *status, const char **msg)
{
    struct app *a = xmalloc(sizeof *a);
    const char *code = web_f(r, "code"), *pass = web_f(r, "pass"), *until_s = web_f(r, "until"),
               *app_s = web_f(r, "app");
    *msg = "没有找到与查询码和联系电话相符的申请，请核对后重试。";
    *status = 404;
    if (code) {
        struct store_app_public st;
        if ((*status = web_track_lookup(r, code, web_f(r, "phone"), &st, msg)) == 0 && st.agency_id == r->agency.id &&
            store_app_get(r->st, r->agency.id, st.no, a, NULL) == 0)
            return a;
        if (!*status)
            *status = 404;
        free(a);
        return NULL;
    }
    char want[65];
    long long until = until_s ? strtoll(until_s, NULL, 10) : 0, now = (long long)time(NULL);
    if (web_track_throttled(r)) {
        *status = 429;
        *msg = "查询失败次数过多，请一小时后再试。";
    } else if (pass && app_s && strlen(pass) == 64 && until >= now && until <= now + TRACK_PASS_SECONDS &&
               strspn(app_s, "0123456789") == strlen(app_s) && *app_s &&
               store_app_get(r->st, r->agency.id, app_s, a, NULL) == 0 &&
               (pass_for(r, a->id, until, want), sodium_memcmp(want, pass, 64) == 0)) {
        return a;
    } else {
        web_track_failed(r);
        *msg = "下载链接已失效，请重新查询后下载。";
    }
    free(a);
    return NULL;
}

/* POST /apply/track/file — one released file's public copy. */
int h_track_file(web_req *r)
{
    int status;
    const char *msg;
    struct app *a = download_app(r, &status, &msg);
    r->no_store = true;
    if (!a)
        return web_error(r, status, msg);
    const char *fs = web_f(r, "f");
    long idx = fs ? strtol(fs, NULL, 10) : 0;
    struct store_chain_file *f = NULL;
    size_t n = 0;
    status = 404;
    msg = "没有这份文件。";
    if (a->state == APP_S_ANSWERED && idx >= 1 && released(r, a, &f, &n) && (size_t)idx <= n) {
        buf copy, cd;
        buf_init(&copy);
        buf_init(&cd);
        struct files_release fr;
        if (files_release_copy(f[idx - 1].name, f[idx - 1].data, f[idx - 1].len, &copy, &fr)) {
            buf_puts(&cd, "attachment; filename=\"file\"; filename*=UTF-8''");
            web_url_encode(&cd, public_name(r, fr.name));
            web_add_header(r, "Content-Disposition", cd.data);
            status = web_text(r, 200, fr.mime, copy.data ? copy.data : "", copy.len);
            msg = NULL;
        } else {
            status = 404;
            msg = arena_printf(&r->a, "该文件暂不能在网上提供（%s），请联系本机关政府信息公开工作机构获取。", fr.reason);
        }
        buf_free(&copy);
        buf_free(&cd);
    }
    store_chain_files_free(f, n);
    free(a);
    return msg ? web_error(r, status, msg) : status;
}
