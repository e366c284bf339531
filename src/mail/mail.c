/* mail — the messages and the SMTP transport (see mail.h). The headers are
 * RFC 5322 with RFC 2047 encoded words for everything not plain ASCII; the
 * body is UTF-8 plain text in base64, so no line is too long for any relay
 * and no 8BITMIME is needed. libcurl speaks SMTP (STARTTLS, AUTH). */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "disclosure/disclosure.h"
#include "mail/mail.h"

const struct mail_setting_def mail_settings[] = {
    {"mail.host", "", "the SMTP server; unset = no e-mail at all"},
    {"mail.port", "25", "its port (587 for submission, 465 is not supported: use STARTTLS)"},
    {"mail.from", "", "the sender's address (required with mail.host)"},
    {"mail.from_name", "", "the sender's name (default: the agency's name)"},
    {"mail.starttls", "try", "no, try (when the server offers it) or yes (refuse to send without)"},
    {"mail.user", "", "login for SMTP AUTH (optional)"},
    {"mail.password", "", "its password"},
    {"mail.staff_to", "", "staff addresses for new applications and due-soon reminders, comma-separated"},
    {"mail.retry_s", "60", "first retry after a failure, in seconds; doubles each time, at most 3600"},
    {"mail.timeout_s", "30", "time allowed for one SMTP conversation"},
    {"mail.portal", "", "the public site's address for links, e.g. https://gk.example.gov.cn/zmdmzj"},
    {NULL, NULL, NULL},
};

bool mail_addr_ok(const char *a)
{
    size_t n = a ? strlen(a) : 0;
    if (n < 3 || n > MAIL_ADDR_MAX)
        return false;
    const char *at = strchr(a, '@');
    if (!at || at == a || !at[1] || strchr(at + 1, '@'))
        return false;
    for (const char *p = a; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || strchr("<>()[],;:\\\"", *p))
            return false;
    return true;
}

static int get_setting(store_t *s, int64_t agency_id, const struct mail_setting_def *d, buf *b, err *e)
{
    buf_reset(b);
    int rc = store_setting_get(s, agency_id, d->key, b, e);
    if (rc == GK_ENOTFOUND) {
        buf_puts(b, d->dflt);
        rc = 0;
    }
    if (!b->data)
        buf_puts(b, "");
    return rc;
}

static int int_setting(const char *key, const char *v, int lo, int hi, int *out, err *e)
{
    int64_t x;
    if (!parse_i64(v, strlen(v), &x) || x < lo || x > hi)
        return err_set(e, GK_EINVAL, key, "'%s' is not a number from %d to %d", v, lo, hi);
    *out = (int)x;
    return 0;
}

int mail_cfg_load(store_t *s, int64_t agency_id, struct mail_cfg *c, err *e)
{
    memset(c, 0, sizeof *c);
    buf v[11];
    int rc = 0;
    for (int i = 0; mail_settings[i].key; i++) {
        buf_init(&v[i]);
        if (!rc)
            rc = get_setting(s, agency_id, &mail_settings[i], &v[i], e);
    }
    if (!rc && !v[0].len)
        rc = err_set(e, GK_ENOTFOUND, "mail.host", "no SMTP server is set: e-mail is off");
    if (!rc) {
        snprintf(c->host, sizeof c->host, "%s", v[0].data);
        snprintf(c->from, sizeof c->from, "%s", v[2].data);
        snprintf(c->from_name, sizeof c->from_name, "%s", v[3].data);
        snprintf(c->user, sizeof c->user, "%s", v[5].data);
        snprintf(c->password, sizeof c->password, "%s", v[6].data);
        snprintf(c->staff_to, sizeof c->staff_to, "%s", v[7].data);
        snprintf(c->portal, sizeof c->portal, "%s", v[10].data);
        const char *tls = v[4].data;
        c->tls = strcmp(tls, "no") == 0 ? MAIL_TLS_NO : strcmp(tls, "yes") == 0 ? MAIL_TLS_YES : MAIL_TLS_TRY;
        if (strcmp(tls, "no") && strcmp(tls, "try") && strcmp(tls, "yes"))
            rc = err_set(e, GK_EINVAL, "mail.starttls", "'%s' is not no, try or yes", tls);
        else if (!mail_addr_ok(c->from))
            rc = err_set(e, GK_EINVAL, "mail.from", "'%s' is not an e-mail address", c->from);
        else if (strpbrk(c->host, " /\r\n@"))
            rc = err_set(e, GK_EINVAL, "mail.host", "'%s' is not a host name", c->host);
    }
    if (!rc)
        rc = int_setting("mail.port", v[1].data, 1, 65535, &c->port, e);
    if (!rc)
        rc = int_setting("mail.retry_s", v[8].data, 1, MAIL_RETRY_MAX_S, &c->retry_s, e);
    if (!rc)
        rc = int_setting("mail.timeout_s", v[9].data, 1, 600, &c->timeout_s, e);
    for (int i = 0; mail_settings[i].key; i++)
        buf_free(&v[i]);
    return rc;
}

void mail_msg_init(struct mail_msg *m)
{
    memset(m, 0, sizeof *m);
    buf_init(&m->subject);
    buf_init(&m->body);
}

void mail_msg_free(struct mail_msg *m)
{
    buf_free(&m->subject);
    buf_free(&m->body);
}

/* ---- RFC 5322 / 2047 ---- */

static void base64(const unsigned char *p, size_t n, buf *out)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        char q[4] = {t[v >> 18 & 63], t[v >> 12 & 63], i + 1 < n ? t[v >> 6 & 63] : '=', i + 2 < n ? t[v & 63] : '='};
        buf_append(out, q, 4);
    }
}

static bool plain_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7f || *s == '=' || *s == '?')
            return false;
    return true;
}

void mail_encode_words(const char *text, buf *out)
{
    if (plain_ascii(text) && strlen(text) <= 60) {
        buf_puts(out, text);
        return;
    }
    /* 45 bytes of text make 60 of base64: "=?UTF-8?B?" + 60 + "?=" = 72 <= 75 */
    enum { CHUNK = 45 };
    size_t n = strlen(text), i = 0;
    bool first = true;
    while (i < n) {
        size_t k = n - i < CHUNK ? n - i : CHUNK;
        while (k < n - i && k > 0 && ((unsigned char)text[i + k] & 0xC0) == 0x80)
            k--;   /* never cut a character */
        if (!k)
            k = 1;
        if (!first)
            buf_puts(out, "\r\n ");
        buf_puts(out, "=?UTF-8?B?");
        base64((const unsigned char *)text + i, k, out);
        buf_puts(out, "?=");
        first = false;
        i += k;
    }
}

static void rfc5322_date(int64_t when, char out[64])
{
    time_t t = (time_t)when;
    struct tm tm;
    gmtime_r(&t, &tm);
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    snprintf(out, 64, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday], tm.tm_mday, mo[tm.tm_mon],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void mail_format(const struct mail_cfg *c, const struct mail_msg *m, int64_t when, buf *out)
{
    char date[64];
    rfc5322_date(when, date);
    buf_reset(out);
    buf_puts(out, "From: ");
    if (c->from_name[0]) {
        mail_encode_words(c->from_name, out);
        buf_putc(out, ' ');
    }
    buf_printf(out, "<%s>\r\nTo: ", c->from);
    for (int i = 0; i < m->nto; i++)
        buf_printf(out, "%s<%s>", i ? ",\r\n " : "", m->to[i]);
    buf_puts(out, "\r\nSubject: ");
    mail_encode_words(m->subject.data ? m->subject.data : "", out);
    buf_printf(out, "\r\nDate: %s\r\nMessage-ID: %s\r\nMIME-Version: 1.0\r\n"
                    "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n"
                    "Auto-Submitted: auto-generated\r\n\r\n", date, m->message_id);
    /* base64 in lines of 76 characters (57 bytes of text) */
    const unsigned char *p = (const unsigned char *)(m->body.data ? m->body.data : "");
    size_t n = m->body.len;
    for (size_t i = 0; i < n; i += 57) {
        base64(p + i, n - i < 57 ? n - i : 57, out);
        buf_puts(out, "\r\n");
    }
}

/* ---- the messages ---- */

static void day_cn(gk_day d, char out[32])
{
    int y, m, dd;
    if (!d) {
        snprintf(out, 32, "—");
        return;
    }
    date_to_ymd(d, &y, &m, &dd);
    snprintf(out, 32, "%d年%d月%d日", y, m, dd);
}

static void track_hint(const struct mail_cfg *c, const struct app *a, buf *b)
{
    buf_printf(b, "\n查询码：%s\n凭查询码和您填写的联系电话，可在网上查询办理进度", a->tracking);
    if (c->portal[0])
        buf_printf(b, "（%s/apply/track）", c->portal);
    buf_puts(b, "。\n");
}

static int to_staff(const struct mail_cfg *c, struct mail_msg *m, err *e)
{
    char list[sizeof c->staff_to];
    snprintf(list, sizeof list, "%s", c->staff_to);
    char *save = NULL;
    for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        size_t n = strlen(t);
        while (n && t[n - 1] == ' ')
            t[--n] = 0;
        if (!*t)
            continue;
        if (!mail_addr_ok(t))
            return err_set(e, GK_EINVAL, "mail.staff_to", "'%s' is not an e-mail address", t);
        if (m->nto == MAIL_RCPT_MAX)
            return err_set(e, GK_EINVAL, "mail.staff_to", "at most %d addresses", MAIL_RCPT_MAX);
        memcpy(m->to[m->nto++], t, strlen(t) + 1);   /* mail_addr_ok: at most MAIL_ADDR_MAX */
    }
    if (!m->nto)
        return err_set(e, GK_EINVAL, "mail.staff_to", "no staff address is set");
    return 0;
}

static int to_applicant(const struct app *a, struct mail_msg *m, err *e)
{
    if (!mail_addr_ok(a->email))
        return err_set(e, GK_EINVAL, "email", "application %s has no e-mail address to write to", a->no);
    memcpy(m->to[0], a->email, strlen(a->email) + 1);   /* mail_addr_ok: at most MAIL_ADDR_MAX */
    m->nto = 1;
    return 0;
}

static int compose_receipt(const struct mail_cfg *c, const struct mail_ctx *x, const struct app *a,
                           struct mail_msg *m, err *e)
{
    char rec[32], due[32];
    day_cn(a->received, rec);
    day_cn(a->reply_due, due);
    buf_printf(&m->subject, "%s：政府信息公开申请已收到（%s）", x->agency, a->no);
    buf_printf(&m->body, "%s：\n\n%s已收到您的政府信息公开申请。\n\n申请编号：%s\n收到申请日期：%s\n"
                         "答复期限：%s前（20个工作日；如需补正、征求意见或延期，将另行告知）\n所需信息：%s\n",
               a->name, x->agency, a->no, rec, due, a->request);
    track_hint(c, a, &m->body);
    return to_applicant(a, m, e);
}

static int compose_notice(const struct mail_cfg *c, const struct mail_ctx *x, const struct app *a, bool reply,
                          struct mail_msg *m, err *e)
{
    buf letter;
    buf_init(&letter);
    int rc = reply ? app_reply_letter(a, x->letter, false, &letter, e)
                   : app_notice_letter(a, APP_EV_SUPPLEMENT_REQUEST, x->letter, true, false, &letter, e);
    if (!rc) {
        buf_printf(&m->subject, "%s：%s（%s）", x->agency, reply ? "政府信息公开申请答复告知书" : "政府信息公开申请补正告知书",
                   a->no);
        buf_puts(&m->body, letter.data ? letter.data : "");
        track_hint(c, a, &m->body);
        if (reply)
            buf_puts(&m->body, "答复书和提供的文件也可凭查询码和联系电话在网上查阅。\n");
        rc = to_applicant(a, m, e);
    }
    buf_free(&letter);
    return rc;
}

static int compose_staff(const struct mail_cfg *c, const struct mail_ctx *x, const struct store_mail *row,
                         const struct app *a, struct mail_msg *m, err *e)
{
    char rec[32], due[32];
    day_cn(a->received, rec);
    day_cn(a->reply_due, due);
    if (strcmp(row->kind, "staff_new") == 0) {
        buf_printf(&m->subject, "新的政府信息公开申请 %s", a->no);
        buf_printf(&m->body, "%s收到新的政府信息公开申请。\n\n申请编号：%s\n收到申请日期：%s\n答复期限：%s\n"
                             "申请人类型：%s\n所需信息：%s\n\n请登录工作台办理。\n",
                   x->agency, a->no, rec, due, rpt_col_labels[a->kind], a->request);
    } else {
        int left = 0;
        if (x->cal && a->due)
            app_days_left(x->cal, x->today, a->due, &left, NULL);
        char d[32];
        day_cn(a->due, d);
        buf_printf(&m->subject, "申请 %s 将于%s到期（%s）", a->no, d, app_due_labels[a->due_kind]);
        buf_printf(&m->body, "%s的政府信息公开申请 %s：%s为%s，%s。\n\n所需信息：%s\n\n请登录工作台办理。\n", x->agency, a->no,
                   app_due_labels[a->due_kind], d,
                   left < 0 ? "已逾期" : left == 0 ? "今天到期" : "3个工作日内到期", a->request);
    }
    if (c->portal[0])
        buf_printf(&m->body, "%s/console/applications/%s\n", c->portal, a->no);
    return to_staff(c, m, e);
}

int mail_compose(const struct mail_cfg *c, const struct mail_ctx *x, const struct store_mail *row,
                 const struct app *a, struct mail_msg *m, err *e)
{
    buf_reset(&m->subject);
    buf_reset(&m->body);
    m->nto = 0;
    if (strcmp(row->kind, "receipt") == 0)
        return compose_receipt(c, x, a, m, e);
    if (strcmp(row->kind, "supplement") == 0) {
        if (!a->sup_notice)
            return err_set(e, GK_ESTATE, a->no, "no supplementation notice was sent");
        return compose_notice(c, x, a, false, m, e);
    }
    if (strcmp(row->kind, "reply") == 0)
        return compose_notice(c, x, a, true, m, e);
    if (strcmp(row->kind, "staff_new") == 0 || strcmp(row->kind, "staff_due") == 0)
        return compose_staff(c, x, row, a, m, e);
    return err_set(e, GK_EINVAL, "kind", "unknown kind of mail '%s'", row->kind);
}

/* ---- SMTP through libcurl ---- */

struct upload {
    const char *p;
    size_t left;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
    struct upload *u = arg;
    size_t n = size * nmemb < u->left ? size * nmemb : u->left;
    memcpy(ptr, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_start(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

int mail_smtp_send(const struct mail_cfg *c, const struct mail_msg *m, const char *data, size_t len, err *e)
{
    pthread_once(&curl_once, curl_start);
    CURL *h = curl_easy_init();
    if (!h)
        return err_set(e, GK_EIO, "smtp", "libcurl could not start");
    char url[300], from[MAIL_ADDR_MAX + 3], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(url, sizeof url, "smtp://%s:%d", c->host, c->port);
    snprintf(from, sizeof from, "<%s>", c->from);
    struct curl_slist *rcpt = NULL;
    for (int i = 0; i < m->nto; i++) {
        char r[MAIL_ADDR_MAX + 3];
        snprintf(r, sizeof r, "<%s>", m->to[i]);
        rcpt = curl_slist_append(rcpt, r);
    }
    struct upload u = {data, len};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &u);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)c->timeout_s);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(c->timeout_s < 10 ? c->timeout_s : 10));
    curl_easy_setopt(h, CURLOPT_USE_SSL,
                     c->tls == MAIL_TLS_YES ? (long)CURLUSESSL_ALL : c->tls == MAIL_TLS_TRY ? (long)CURLUSESSL_TRY
                                                                                           : (long)CURLUSESSL_NONE);
    if (c->user[0]) {
        curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
    }
    CURLcode res = curl_easy_perform(h);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(h);
    if (res != CURLE_OK)
        return err_set(e, GK_EIO, "smtp", "%s:%d: %s", c->host, c->port, errbuf[0] ? errbuf : curl_easy_strerror(res));
    return 0;
}
