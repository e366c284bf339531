/*
 * cli — the 'mail' command group: e-mail to applicants and staff through a
 * real SMTP server (src/mail/). Steps that owe a mail write an outbox row
 * in their own transaction; `mail send` (or the server's worker) sends what
 * is due, retrying failures with backoff; `mail list` shows the outbox,
 * failures first in mind; `mail due` queues staff's reminders of replies due
 * within 3 working days. docs/operations.md §21.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "mail/mail.h"

static const char usage_main[] =
    "usage: gongkai mail COMMAND [ARGS...]\n\n"
    "E-mail through the agency's SMTP server: the applicant's receipt, supplementation notice\n"
    "and reply; staff's new-application notices and due-soon reminders.\n\n"
    "Commands:\n"
    "  settings [KEY VALUE]  show the agency's mail settings, or set one (\"\" to unset)\n"
    "  send                  send every mail due now (all agencies); failures are kept and\n"
    "                        retried later (exit 1 when one failed)\n"
    "  list [--pending]      the agency's outbox, newest first\n"
    "  due                   queue staff's reminders of replies due within 3 working days\n"
    "  retry                 make the agency's queued mails due now (after the server is back)\n\n"
    "Every command takes --agency CODE when the database serves several agencies.\n";

static const char usage_settings[] =
    "usage: gongkai mail settings [KEY VALUE]\n\n"
    "Keys (docs/operations.md §21):\n"
    "  mail.host mail.port mail.from mail.from_name mail.starttls (no|try|yes) mail.user\n"
    "  mail.password mail.staff_to mail.retry_s mail.timeout_s mail.portal\n";

static int cmd_settings(cli_run *run, int argc, char **argv)
{
    int rc = cli_reject_unknown(argc, argv, run->cmd);
    if (rc)
        return rc;
    err e = {0};
    if (argc == 2) {
        bool known = false;
        for (int i = 0; mail_settings[i].key; i++)
            known |= strcmp(mail_settings[i].key, argv[0]) == 0;
        if (!known) {
            cli_error(argv[0], "unknown setting (see 'gongkai mail settings --help')");
            return 2;
        }
        if (strlen(argv[1]) > 1000 || strpbrk(argv[1], "\r\n")) {
            cli_error(argv[0], "a setting is one line of at most 1000 bytes");
            return 2;
        }
        if ((rc = store_setting_set(run->store, run->agency.id, argv[0], argv[1], &e)))
            return cli_report_err(&e);
        struct mail_cfg c;
        if (argv[1][0] && mail_cfg_load(run->store, run->agency.id, &c, &e) && e.code != GK_ENOTFOUND)
            fprintf(stderr, "gongkai: warning: %s: %s\n", e.where, e.msg);
    } else if (argc) {
        cli_error(run->cmd, "expected KEY VALUE or nothing");
        return 2;
    }
    buf b;
    buf_init(&b);
    for (int i = 0; mail_settings[i].key; i++) {
        buf_reset(&b);
        int got = store_setting_get(run->store, run->agency.id, mail_settings[i].key, &b, &e);
        bool secret = strcmp(mail_settings[i].key, "mail.password") == 0;
        if (got == 0 && b.len)
            printf("%-16s %s\n", mail_settings[i].key, secret ? "(set)" : b.data);
        else
            printf("%-16s %s\n", mail_settings[i].key, mail_settings[i].dflt[0] ? mail_settings[i].dflt : "(not set)");
    }
    buf_free(&b);
    return 0;
}

static int cmd_send(cli_run *run, int argc, char **argv)
{
    int rc = cli_reject_unknown(argc, argv, run->cmd);
    if (rc)
        return rc;
    if (argc) {
        cli_error(run->cmd, "takes no arguments");
        return 2;
    }
    struct mail_pass p;
    err e = {0};
    if (mail_send_due(run->store, (int64_t)time(NULL), &p, &e))
        return cli_report_err(&e);
    printf("已发送 %d 封，失败 %d 封（失败的将按退避时间重试）\n", p.sent, p.failed);
    if (p.failed)
        fprintf(stderr, "gongkai: mail send: %s\n", p.last_error);
    return p.failed ? 1 : 0;
}

static int list_row(const struct store_mail *m, void *arg)
{
    (void)arg;
    char next[32] = "-";
    if (strcmp(m->state, "sent") != 0) {
        time_t t = (time_t)m->next_at;
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(next, sizeof next, "%Y-%m-%dT%H:%M:%S", &tm);
    }
    printf("%-6lld %-10s %-7s app=%-8lld attempts=%d %s %s%s%s\n", (long long)m->id, m->kind, m->state,
           (long long)m->app_id, m->attempts, strcmp(m->state, "sent") == 0 ? m->sent_at : next, m->subject,
           m->last_error[0] ? "  error: " : "", m->last_error);
    return 0;
}

static int cmd_list(cli_run *run, int argc, char **argv)
{
    bool pending = cli_flag(&argc, argv, "--pending");
    int rc = cli_reject_unknown(argc, argv, run->cmd);
    if (rc)
        return rc;
    err e = {0};
    if (store_mail_list(run->store, run->agency.id, pending, 500, list_row, NULL, &e))
        return cli_report_err(&e);
    int64_t q = 0, f = 0, s = 0;
    if (store_mail_counts(run->store, run->agency.id, &q, &f, &s, &e))
        return cli_report_err(&e);
    printf("待发送 %lld 封（其中发送失败待重试 %lld 封），已发送 %lld 封\n", (long long)q, (long long)f, (long long)s);
    return 0;
}

static int cmd_due(cli_run *run, int argc, char **argv)
{
    int rc = cli_reject_unknown(argc, argv, run->cmd);
    if (rc)
        return rc;
    err e = {0};
    cal_t *cal = NULL;
    int n = 0;
    if ((rc = store_calendar_for(run->store, run->agency.id, &cal, &e)) ||
        (rc = mail_queue_due(run->store, run->agency.id, cal, date_today(), MAIL_DUE_SOON_DAYS, (int64_t)time(NULL),
                             &n, &e))) {
        if (cal)
            cal_free(cal);
        return cli_report_err(&e);
    }
    cal_free(cal);
    printf("已排入 %d 封到期提醒（%d个工作日内到期的申请，每件每个期限一封）\n", n, MAIL_DUE_SOON_DAYS);
    return 0;
}

static int cmd_retry(cli_run *run, int argc, char **argv)
{
    int rc = cli_reject_unknown(argc, argv, run->cmd);
    if (rc)
        return rc;
    err e = {0};
    int64_t n = 0;
    if (store_mail_retry_now(run->store, run->agency.id, (int64_t)time(NULL), &n, &e))
        return cli_report_err(&e);
    printf("%lld 封待发送的邮件将在下次发送时立即重试\n", (long long)n);
    return 0;
}

static const struct cli_sub mail_subs[] = {
    {"settings", usage_settings, cmd_settings, CLI_NEEDS_AGENCY | CLI_WRITES, 0},
    {"send", NULL, cmd_send, CLI_NEEDS_STORE, 0},
    {"list", NULL, cmd_list, CLI_NEEDS_AGENCY, 0},
    {"due", NULL, cmd_due, CLI_NEEDS_AGENCY, 0},
    {"retry", NULL, cmd_retry, CLI_NEEDS_AGENCY, 0},
};

int cli_mail(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"mail", usage_main, mail_subs, sizeof mail_subs / sizeof mail_subs[0], "staff"};
    return cli_run_group(ctx, &g, argc, argv);
}
