/*
 * mail — e-mail to applicants and staff (issue 16, item 3): the messages
 * (Chinese, UTF-8, RFC 5322 headers with RFC 2047 encoded words, plain text
 * in base64), sending them through a real SMTP server (libcurl's SMTP:
 * STARTTLS and login optional), and the pass over the store's outbox that
 * composes, sends, marks sent or schedules the next try with backoff.
 * Composing is pure; mail_smtp_send and mail_send_due do I/O and return
 * GK_* errors with a message (they never print).
 */
#ifndef GONGKAI_MAIL_H
#define GONGKAI_MAIL_H

#include "base/base.h"
#include "store/store.h"

/* The settings, per agency or the deployment's (key, default, meaning). */
struct mail_setting_def {
    const char *key, *dflt, *help;
};
extern const struct mail_setting_def mail_settings[];   /* NULL-ended */

enum mail_tls { MAIL_TLS_NO = 0, MAIL_TLS_TRY, MAIL_TLS_YES };
#define MAIL_ADDR_MAX 254       /* RFC 5321 path limit */
#define MAIL_RCPT_MAX 20        /* staff addresses in mail.staff_to */
struct mail_cfg {
    char host[256];
    int port;                  /* 25 */
    char from[MAIL_ADDR_MAX + 1], from_name[256];
    int tls;                   /* enum mail_tls */
    char user[256], password[256];
    char staff_to[2048];       /* addresses separated by ',' */
    int retry_s;               /* first retry after this many seconds; doubles, at most MAIL_RETRY_MAX_S */
    int timeout_s;             /* one SMTP conversation */
    char portal[512];          /* the public site's address for links ("" = none) */
};
#define MAIL_RETRY_MAX_S 3600
/* Reads the agency's settings (with the deployment's as defaults) and checks
 * them: GK_ENOTFOUND when mail.host is not set, GK_EINVAL naming the key. */
int mail_cfg_load(store_t *s, int64_t agency_id, struct mail_cfg *out, err *e);
/* An address as SMTP and the headers take it: ASCII, one '@', no spaces,
 * controls or <>, at most MAIL_ADDR_MAX bytes. */
bool mail_addr_ok(const char *addr);

/* A message ready to send. */
struct mail_msg {
    char to[MAIL_RCPT_MAX][MAIL_ADDR_MAX + 1];
    int nto;
    buf subject;               /* UTF-8, as people read it */
    buf body;                  /* UTF-8 plain text */
    char message_id[160];
};
void mail_msg_init(struct mail_msg *m);
void mail_msg_free(struct mail_msg *m);
/* The RFC 5322 message: headers (From, To, Subject as encoded words, Date of
 * `when`, Message-ID, MIME) and the body in base64. out is reset. */
void mail_format(const struct mail_cfg *c, const struct mail_msg *m, int64_t when, buf *out);
/* RFC 2047: text as "=?UTF-8?B?...?=" words of at most 75 characters, cut
 * between characters, folded with CRLF SP; ASCII without specials as is. */
void mail_encode_words(const char *text, buf *out);

/* What one outbox row says, composed from the application (read through the
 * store by the caller) and the agency's name and settings. kind is a
 * store_mail_kinds[] code; GK_EINVAL for a kind it does not know, GK_ESTATE
 * when the application is not (or no longer) in the state the mail is for. */
struct mail_ctx {
    const char *agency;        /* name */
    const struct app_letter_ctx *letter;
    const cal_t *cal;
    gk_day today;
};
int mail_compose(const struct mail_cfg *c, const struct mail_ctx *x, const struct store_mail *row,
                 const struct app *a, struct mail_msg *m, err *e);

/* Sends m through the SMTP server of c. GK_EIO with curl's reason. */
int mail_smtp_send(const struct mail_cfg *c, const struct mail_msg *m, const char *data, size_t len, err *e);

/* One pass over the outbox: every row due at now is composed and sent, or
 * put back with its error and the next try (retry_s * 2^attempts, at most
 * MAIL_RETRY_MAX_S). A reply mailed to an applicant who asked for e-mail is
 * recorded as the delivery (送达) of the reply. Counts go to *p. */
struct mail_pass {
    int sent, failed;
    char last_error[512];
};
int mail_send_due(store_t *s, int64_t now, struct mail_pass *p, err *e);
/* Staff's reminders of replies due within `days` working days (3): one
 * outbox row per application and deadline. *n rows added. */
int mail_queue_due(store_t *s, int64_t agency_id, const cal_t *cal, gk_day today, int days, int64_t now, int *n,
                   err *e);
#define MAIL_DUE_SOON_DAYS 3

#endif
