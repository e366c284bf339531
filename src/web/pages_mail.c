/* web — e-mail in the console (issue 16, item 3): the agency's outbox, what
 * failed and why, and the time of its next try; "retry now" after the SMTP
 * server is back; a dashboard panel when mail is failing. The server's
 * worker (server.c) sends; these pages only show and nudge. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail/mail.h"
#include "web/web_internal.h"

static const char *kind_label(const char *k)
{
    static const char *const m[][2] = {{"receipt", "申请受理回执（申请人）"}, {"supplement", "补正告知书（申请人）"},
                                       {"reply", "答复告知书（申请人）"},   {"staff_new", "新申请提醒（工作人员）"},
                                       {"staff_due", "到期提醒（工作人员）"}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i][0], k) == 0)
            return m[i][1];
    return k;
}

struct mail_rows {
    web_req *r;
    buf *b;
    int n;
};

static int mail_row(const struct store_mail *m, void *arg)
{
    struct mail_rows *x = arg;
    buf *b = x->b;
    char app[32] = "";
    struct app *a = xmalloc(sizeof *a);
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)m->app_id);
    if (store_app_get(x->r->st, x->r->agency.id, idt, a, NULL) == 0)
        snprintf(app, sizeof app, "%s", a->no);
    free(a);
    bool sent = strcmp(m->state, "sent") == 0;
    char next[32] = "";
    if (!sent) {
        time_t t = (time_t)m->next_at;
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(next, sizeof next, "%Y-%m-%d %H:%M:%S", &tm);
    }
    h_open(b, "tr", "class", !sent && m->attempts ? "overdue" : H_OMIT, H_END);
    h_elf(b, "td", "%lld", (long long)m->id);
    h_el(b, "td", kind_label(m->kind));
    h_open(b, "td", H_END);
    h_link(b, arena_printf(&x->r->a, "/console/applications/%s", app), app);
    h_close(b, "td");
    h_open(b, "td", H_END);
    if (sent) {
        h_el_attr(b, "span", "已发送", "class", "tag ok", H_END);
        h_textf(b, " %s", m->sent_at);
    } else if (m->attempts) {
        h_el_attr(b, "span", "发送失败", "class", "tag bad", H_END);
        h_textf(b, " 已尝试%d次，下次重试 %s", m->attempts, next);
    } else {
        h_el_attr(b, "span", "待发送", "class", "tag warn", H_END);
        h_textf(b, " %s", next);
    }
    h_close(b, "td");
    h_open(b, "td", H_END);
    h_text(b, m->subject);
    h_close(b, "td");
    h_open(b, "td", H_END);
    h_text(b, m->last_error);
    h_close(b, "td");
    h_close(b, "tr");
    x->n++;
    return 0;
}

void web_dash_mail(web_req *r, buf *b)
{
    int64_t q = 0, f = 0, s = 0;
    if (!web_can(r, PERM_APP_VIEW) || store_mail_counts(r->st, r->agency.id, &q, &f, &s, NULL) || !f)
        return;
    h_open(b, "div", "class", "errors", "role", "alert", H_END);
    h_open(b, "p", H_END);
    h_textf(b, "有%lld封邮件发送失败，系统将自动重试。", (long long)f);
    h_link(b, "/console/mail", "查看邮件发送情况");
    h_close(b, "p");
    h_close(b, "div");
}

int h_console_mail(web_req *r)
{
    int64_t q = 0, f = 0, s = 0;
    store_mail_counts(r->st, r->agency.id, &q, &f, &s, NULL);
    buf b, hidden;
    buf_init(&b);
    buf_init(&hidden);
    web_form_hidden(r, &hidden);
    h_el(&b, "h1", "邮件发送");
    h_elf(&b, "p",
          "待发送 %lld 封（其中发送失败、等待重试 %lld 封），已发送 %lld 封。发送失败的邮件不会丢失，"
          "系统按退避时间自动重试；邮件服务器恢复后可立即重试。", (long long)q, (long long)f, (long long)s);
    if (f && web_can(r, PERM_APP_PROCESS)) {
        h_open(&b, "div", "class", "errors", "role", "alert", H_END);
        h_elf(&b, "p", "有%lld封邮件发送失败。", (long long)f);
        h_close(&b, "div");
        h_open(&b, "form", "method", "post", "action", "/console/mail/retry", H_END);
        h_markup_add(&b, H_MARKUP_BUF(&hidden));
        h_el_attr(&b, "button", "立即重试", "type", "submit", H_END);
        h_close(&b, "form");
    }
    h_table_start(&b, "邮件（最新的在前）");
    h_thead(&b, "序号", "类型", "申请", "状态", "主题", "错误", H_END);
    h_open(&b, "tbody", H_END);
    struct mail_rows x = {r, &b, 0};
    store_mail_list(r->st, r->agency.id, false, 300, mail_row, &x, NULL);
    if (!x.n) {
        h_empty_row(&b, 6, "没有邮件。未设置邮件服务器（mail.host）时不发送邮件。");
    }
    h_table_close(&b);
    web_page_console(r, HTTP_OK, "邮件发送", "mail", b.data);
    buf_free(&b);
    buf_free(&hidden);
    return HTTP_OK;
}

int h_console_mail_retry(web_req *r)
{
    int64_t n = 0;
    err e = {0};
    if (store_mail_retry_now(r->st, r->agency.id, (int64_t)time(NULL), &n, &e))
        return web_error(r, HTTP_INTERNAL, "无法安排重试。");
    web_mail_wake(r->app);
    return web_redirect(r, web_href(r, "/console/mail?msg=retry"));
}

/* ---- the worker ---- */

#define MAIL_TICK_S 2          /* how often the outbox is looked at */
#define MAIL_DUE_EVERY_S 3600  /* how often staff's reminders are queued */

struct web_mailer {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool kick, stop;
};

static void queue_reminders(store_t *st)
{
    int64_t *ids = NULL;
    size_t n = 0;
    err e = {0};
    if (store_mail_agencies(st, &ids, &n, &e)) {
        fprintf(stderr, "gongkai: serve: mail: %s\n", e.msg);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        cal_t *cal = NULL;
        int added = 0;
        if (store_calendar_for(st, ids[i], &cal, &e) ||
            mail_queue_due(st, ids[i], cal, date_today(), MAIL_DUE_SOON_DAYS, (int64_t)time(NULL), &added, &e))
            fprintf(stderr, "gongkai: serve: mail reminders: %s: %s\n", e.where, e.msg);
        if (cal)
            cal_free(cal);
    }
    free(ids);
}

static void *mailer_main(void *arg)
{
    web_app *app = arg;
    struct web_mailer *w = app->mailer;
    store_t *st = NULL;
    time_t next_due = 0;
    bool told = false;
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        pthread_mutex_unlock(&w->mu);
        err e = {0};
        if (!st && store_open(app->cfg.db_path, &st, &e)) {
            st = NULL;
            if (!told)
                fprintf(stderr, "gongkai: serve: mail: %s\n", e.msg);
            told = true;
        }
        if (st) {
            told = false;
            time_t now = time(NULL);
            if (now >= next_due) {
                queue_reminders(st);
                next_due = now + MAIL_DUE_EVERY_S;
            }
            struct mail_pass p;
            if (mail_send_due(st, (int64_t)now, &p, &e)) {
                fprintf(stderr, "gongkai: serve: mail: %s\n", e.msg);
                store_close(st);
                st = NULL;
            } else if (p.failed) {
                fprintf(stderr, "gongkai: serve: mail: %d failed, kept for a retry: %s\n", p.failed, p.last_error);
            }
        }
        pthread_mutex_lock(&w->mu);
        if (!w->stop && !w->kick) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += MAIL_TICK_S;
            pthread_cond_timedwait(&w->cv, &w->mu, &until);
        }
        w->kick = false;
    }
    pthread_mutex_unlock(&w->mu);
    if (st)
        store_close(st);
    return NULL;
}

void web_mail_start(web_app *app)
{
    struct web_mailer *w = xmalloc(sizeof *w);
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    app->mailer = w;
    if (pthread_create(&w->th, NULL, mailer_main, app) != 0) {
        fprintf(stderr, "gongkai: serve: mail: no worker thread; use 'gongkai mail send'\n");
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        free(w);
        app->mailer = NULL;
    }
}

void web_mail_wake(web_app *app)
{
    struct web_mailer *w = app->mailer;
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->kick = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void web_mail_stop(web_app *app)
{
    struct web_mailer *w = app->mailer;
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->th, NULL);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
    app->mailer = NULL;
}
