/* web — importing a catalogue in the console (issue 16, item 11): a CSV
 * uploaded, checked whole (every bad row listed, nothing written), then
 * imported by a thread of its own with its own store connection, all rows or
 * none (store_doc_import), while a progress page that reloads itself every
 * second (meta refresh, no script) shows how far it has got, the rate and
 * the time left. Jobs live in this process's memory (the page must be asked
 * of the node that runs the import); a finished job is kept an hour. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/progress.h"
#include "publish/publish.h"
#include "web/web_internal.h"

#define IMPORT_JOBS 8              /* at most this many jobs at once (running or kept) */
#define IMPORT_KEEP_S 3600         /* a finished job's page answers this long */
#define IMPORT_FILE_MAX ((size_t)64 << 20)

enum job_state { JOB_RUNNING = 1, JOB_DONE, JOB_FAILED };
struct import_job {
    char id[33];                   /* random: the page's address */
    int64_t agency_id;
    char login[64], db_path[1024];
    bool publish;
    struct doc_import im;          /* owned by the job */
    /* progress, under jobs_mu */
    enum job_state state;
    char phase[64];
    int64_t done, total;
    struct timespec t0, phase_t0;
    time_t finished;
    double took;                   /* seconds, once finished */
    char msg[600];
    int nhits;
    int64_t first_id, last_id;
    web_app *app;
};

static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct import_job *jobs[IMPORT_JOBS];

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void job_progress(void *arg, const char *what, int64_t done, int64_t total)
{
    struct import_job *j = arg;
    pthread_mutex_lock(&jobs_mu);
    if (strcmp(j->phase, what) != 0) {
        snprintf(j->phase, sizeof j->phase, "%s", what);
        clock_gettime(CLOCK_MONOTONIC, &j->phase_t0);
    }
    j->done = done;
    j->total = total;
    pthread_mutex_unlock(&jobs_mu);
}

static void *job_main(void *arg)
{
    struct import_job *j = arg;
    store_t *st = NULL;
    err e = {0};
    int nhits = 0;
    struct gk_progress hook = {job_progress, j};
    j->im.progress = &hook;
    int rc = store_open(j->db_path, &st, &e);
    if (!rc)
        rc = store_doc_import(st, j->agency_id, &j->im, j->login, &nhits, &e);
    j->im.progress = NULL;
    if (st)
        store_close(st);
    pthread_mutex_lock(&jobs_mu);
    j->state = rc ? JOB_FAILED : JOB_DONE;
    j->nhits = nhits;
    j->finished = time(NULL);
    j->took = since(&j->t0);
    if (rc)
        snprintf(j->msg, sizeof j->msg, "%s", j->im.nerrors ? j->im.errors[0].msg : e.msg);
    else if (j->im.nrows) {
        j->first_id = j->im.rows[0].d.id;
        j->last_id = j->im.rows[j->im.nrows - 1].d.id;
    }
    pthread_mutex_unlock(&jobs_mu);
    if (!rc)
        web_content_changed(j->app);
    return NULL;
}

static void job_free(struct import_job *j)
{
    doc_import_free(&j->im);
    free(j);
}

/* A free slot (finished jobs past IMPORT_KEEP_S are dropped), under jobs_mu. */
static int free_slot(void)
{
    time_t now = time(NULL);
    for (int i = 0; i < IMPORT_JOBS; i++)
        if (jobs[i] && jobs[i]->state != JOB_RUNNING && now - jobs[i]->finished > IMPORT_KEEP_S) {
            job_free(jobs[i]);
            jobs[i] = NULL;
        }
    for (int i = 0; i < IMPORT_JOBS; i++)
        if (!jobs[i])
            return i;
    return -1;
}

static int import_page(web_req *r, int status, const char *error, const struct doc_import *im)
{
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_el(&b, "h1", "批量导入文件目录");
    h_el(&b, "p",
         "上传CSV文件（UTF-8，首行为列名：标题、文号、发文机关、成文日期、发布日期、正文等，与命令 gongkai doc "
         "import 相同）。全部检查无误后才导入，导入时全部成功或全部不导入；导入过程中显示进度。");
    if (error) {
        h_open(&b, "div", "class", "errors", "role", "alert", H_END);
        h_el(&b, "p", error);
        if (im && im->nerrors) {
            h_open(&b, "ul", H_END);
            for (size_t i = 0; i < im->nerrors && i < 20; i++)
                h_elf(&b, "li", "第%d行：%s", im->errors[i].line, im->errors[i].msg);
            if (im->nerrors > 20)
                h_elf(&b, "li", "另有%zu处问题未列出", im->nerrors - 20);
            h_close(&b, "ul");
        }
        h_close(&b, "div");
    }
    h_open(&b, "form", "class", "stack", "method", "post", "action", "/console/docs/import", "enctype",
           "multipart/form-data", H_END);
    h_markup_add(&b, H_MARKUP_BUF(&hidden));
    h_el_attr(&b, "label", "CSV文件", "for", "f-file", H_END);
    h_void(&b, "input", "type", "file", "id", "f-file", "name", "file", "accept", ".csv,text/csv", "required", "",
           H_END);
    if (web_can(r, PERM_DOC_SIGNOFF)) {
        h_open(&b, "label", H_END);
        h_void(&b, "input", "type", "checkbox", "name", "publish", "value", "1", H_END);
        h_text(&b, " 作为已发布文件导入（每行须有发布日期）");
        h_close(&b, "label");
    }
    h_el_attr(&b, "button", "检查并导入", "type", "submit", H_END);
    h_close(&b, "form");
    web_page_console(r, status, "批量导入", "docs", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return status;
}

int h_console_import_form(web_req *r) { return import_page(r, HTTP_OK, NULL, NULL); }

int h_console_import(web_req *r)
{
    const web_upload *u = NULL;
    for (size_t i = 0; i < r->nfiles; i++)
        if (strcmp(r->files[i].field, "file") == 0)
            u = &r->files[i];
    if (!u || !u->len)
        return import_page(r, HTTP_UNPROCESSABLE, "请选择要导入的CSV文件。", NULL);
    if (u->len > IMPORT_FILE_MAX)
        return import_page(r, HTTP_TOO_LARGE, "文件过大（上限64 MiB）。", NULL);
    const char *pub = web_f(r, "publish");
    bool publish = pub && strcmp(pub, "1") == 0;
    if (publish && !web_can(r, PERM_DOC_SIGNOFF))
        return import_page(r, HTTP_FORBIDDEN, "您的角色不能直接导入已发布文件，请作为草稿导入。", NULL);
    struct import_job *j = xmalloc(sizeof *j);
    memset(j, 0, sizeof *j);
    doc_import_parse(u->data, u->len, DOC_IMPORT_CSV, publish, date_today(), &j->im);
    if (j->im.nerrors) {
        char msg[160];
        snprintf(msg, sizeof msg, "文件有%zu处问题，未导入任何内容：", j->im.nerrors);
        int st = import_page(r, HTTP_UNPROCESSABLE, msg, &j->im);
        job_free(j);
        return st;
    }
    web_random_hex(16, j->id);
    j->agency_id = r->agency.id;
    j->publish = publish;
    j->app = r->app;
    snprintf(j->login, sizeof j->login, "%s", r->user->login);
    snprintf(j->db_path, sizeof j->db_path, "%s", r->app->cfg.db_path);
    j->state = JOB_RUNNING;
    j->total = (int64_t)j->im.nrows;
    snprintf(j->phase, sizeof j->phase, "准备");
    clock_gettime(CLOCK_MONOTONIC, &j->t0);
    j->phase_t0 = j->t0;
    pthread_mutex_lock(&jobs_mu);
    int slot = free_slot();
    pthread_t th;
    bool started = slot >= 0 && pthread_create(&th, NULL, job_main, j) == 0;
    if (started) {
        jobs[slot] = j;
        pthread_detach(th);
    }
    pthread_mutex_unlock(&jobs_mu);
    if (!started) {
        job_free(j);
        return import_page(r, HTTP_UNAVAILABLE, "正在进行的导入过多，请稍后再试。", NULL);
    }
    char loc[80];
    snprintf(loc, sizeof loc, "/console/docs/import/%s", j->id);
    return web_redirect(r, web_href(r, loc));
}

int h_console_import_job(web_req *r)
{
    const char *id = web_param(r, 0);
    buf b;
    buf_init(&b);
    pthread_mutex_lock(&jobs_mu);
    struct import_job *j = NULL;
    for (int i = 0; i < IMPORT_JOBS && id; i++)
        if (jobs[i] && strcmp(jobs[i]->id, id) == 0 && jobs[i]->agency_id == r->agency.id)
            j = jobs[i];
    if (j) {
        h_el(&b, "h1", "批量导入文件目录");
        if (j->state == JOB_RUNNING) {
            double secs = since(&j->phase_t0);
            double rate = secs > 0.05 ? (double)j->done / secs : 0;
            h_open(&b, "p", "role", "status", H_END);
            h_textf(&b, "正在导入%s：", j->publish ? "（已发布）" : "（草稿）");
            h_el(&b, "strong", j->phase);
            if (j->total > 0) {
                h_textf(&b, " %lld/%lld（%.1f%%），每秒%.0f份", (long long)j->done, (long long)j->total,
                        100.0 * (double)j->done / (double)j->total, rate);
                if (rate > 0 && j->done < j->total)
                    h_textf(&b, "，剩余约%.0f秒", (double)(j->total - j->done) / rate + 0.5);
            }
            h_close(&b, "p");
            h_open(&b, "progress", "max", arena_printf(&r->a, "%lld", (long long)(j->total > 0 ? j->total : 1)),
                   "value", arena_printf(&r->a, "%lld", (long long)(j->total > 0 ? j->done : 0)), "aria-label", "导入进度",
                   H_END);
            h_textf(&b, "%lld/%lld", (long long)j->done, (long long)j->total);
            h_close(&b, "progress");
            h_el_attr(&b, "p", "本页每秒自动刷新；导入完成前不会写入任何内容，离开本页不影响导入。", "class", "muted", H_END);
            r->refresh_s = 1;
        } else if (j->state == JOB_DONE) {
            h_open(&b, "p", "class", "flash", "role", "status", H_END);
            h_textf(&b, "导入完成：已导入 %zu 份文件（%s，编号 %lld–%lld），用时%.1f秒。", j->im.nrows, j->publish ? "已发布" : "草稿",
                    (long long)j->first_id, (long long)j->last_id, j->took);
            if (j->nhits)
                h_textf(&b, "筛查提示 %d 处。", j->nhits);
            h_close(&b, "p");
            h_open(&b, "p", H_END);
            h_el_attr(&b, "a", "查看文件", "class", "button", "href", "/console/docs", H_END);
            h_close(&b, "p");
        } else {
            h_open(&b, "div", "class", "errors", "role", "alert", H_END);
            h_elf(&b, "p", "导入失败，未导入任何内容：%s", j->msg);
            h_close(&b, "div");
        }
    }
    pthread_mutex_unlock(&jobs_mu);
    if (!j) {
        buf_free(&b);
        return web_error(r, HTTP_NOT_FOUND, "没有这项导入（导入记录保留一小时）。");
    }
    web_page_console(r, HTTP_OK, "批量导入", "docs", b.data);
    buf_free(&b);
    return HTTP_OK;
}
