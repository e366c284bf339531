/* gongkai — the command line's front door: global options and dispatch only.
 * Each command group lives in src/cli/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
    const char *name;
    int (*run)(cli_ctx *, int, char **);
    const char *summary;
} commands[] = {
    {"report", cli_report, "published annual reports: read, check, render, sum; generate this agency's"},
    {"calendar", cli_calendar, "working days on the Chinese calendar: add, count, import"},
    {"apply", cli_apply, "依申请公开: register and process applications"},
    {"due", cli_due, "applications overdue or due soon, most urgent first"},
    {"review", cli_review, "administrative review and litigation cases"},
    {"message", cli_message, "咨询、投诉、12345 work orders: register, answer, follow up"},
    {"suggestion", cli_suggestion, "deputies' suggestions and members' proposals (建议提案)"},
    {"consult", cli_consult, "public comment on drafts (意见征集) and the 采纳情况"},
    {"narrative", cli_narrative, "the annual report's sentences from the three registers above"},
    {"channel", cli_channel, "where published documents go besides the portal, and what was sent"},
    {"archive", cli_archive, "copies for the archive and the library: packages, delivery, overdue"},
    {"doc", cli_doc, "主动公开: documents, review workflow, search"},
    {"serve", cli_serve, "the public portal, the staff console and the JSON API"},
    {"demo", cli_demo, "a demo agency with a year of realistic records"},
    {"agency", cli_agency, "agencies in the database and their portal details"},
    {"user", cli_user, "staff accounts: add, list, passwd, disable, enable"},
    {"seal", cli_seal, "personal data sealed at rest: status, run, rotate the key"},
    {"audit", cli_audit, "the chained audit trail: verify, checkpoint"},
    {"retention", cli_retention, "erase personal data of applications closed past the period"},
    {"security", cli_security, "the deployment check: 三员分立, audit, sealing"},
    {"mail", cli_mail, "e-mail to applicants and staff: settings, the outbox, send"},
};

static void usage(FILE *f)
{
    fputs("usage: gongkai [--db PATH] [--agency CODE] COMMAND [ARGS...]\n\n"
          "gongkai runs an agency's government-information disclosure (政府信息公开) work.\n\n"
          "Commands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nThe database is --db PATH, else $GONGKAI_DB, else var/gongkai.db.\n"
          "Every command has --help. Exit status: 0 done, 1 findings or refused, 2 bad input.\n", f);
}

int main(int argc, char **argv)
{
    cli_ctx ctx = {0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            ctx.db_path = argv[++i];
        else if (strcmp(argv[i], "--agency") == 0 && i + 1 < argc)
            ctx.agency = argv[++i];
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            puts("gongkai 0.1.0");
            return 0;
        } else {
            cli_error("", "unknown option '%s' (see 'gongkai --help')", argv[i]);
            return 2;
        }
    }
    if (!ctx.db_path)
        ctx.db_path = getenv("GONGKAI_DB");
    if (!ctx.db_path || !*ctx.db_path)
        ctx.db_path = "var/gongkai.db";
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(argv[i], commands[k].name) == 0)
            return commands[k].run(&ctx, argc - i - 1, argv + i + 1);
    cli_error("", "unknown command '%s' (see 'gongkai --help')", argv[i]);
    return 2;
}
