/* cli — what an assessment (等保 2.0) checks, from the command line:
 * `gongkai seal` (personal data sealed at rest, key rotation), `gongkai
 * audit` (the chained audit trail: verify, checkpoint), `gongkai retention`
 * (personal data of long-closed applications erased) and `gongkai security
 * check` (三员分立). docs/operations.md §17 is the assessor's guide. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"

static int open_store(cli_ctx *ctx, store_t **st)
{
    err e = {0};
    if (store_open(ctx->db_path, st, &e))
        return cli_report_err(&e);
    return 0;
}

/* A whole number option from lo to hi; prints and returns 2 when bad. */
static int int_opt(const char *opt, const char *v, int64_t lo, int64_t hi, int64_t *out)
{
    if (!v)
        return 0;
    if (!parse_i64(v, strlen(v), out) || *out < lo || *out > hi) {
        cli_error(opt, "'%s' is not a whole number from %lld to %lld", v, (long long)lo, (long long)hi);
        return 2;
    }
    return 0;
}

/* A command group: its subcommands as rows (name, usage, handler on an open store). */
struct sub {
    const char *name, *usage;
    int (*run)(store_t *, cli_ctx *, int, char **);
};

static int run_group(cli_ctx *ctx, const char *group, const char *usage, const struct sub *subs, size_t n, int argc,
                     char **argv)
{
    if (argc == 0 || cli_wants_help(1, argv)) {
        fputs(usage, argc ? stdout : stderr);
        return argc ? 0 : 2;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(argv[0], subs[i].name) != 0)
            continue;
        if (cli_wants_help(argc - 1, argv + 1)) {
            fputs(subs[i].usage, stdout);
            return 0;
        }
        store_t *st;
        int rc = open_store(ctx, &st);
        if (rc)
            return rc;
        rc = subs[i].run(st, ctx, argc - 1, argv + 1);
        store_close(st);
        return rc;
    }
    cli_error(group, "unknown command '%s' (see 'gongkai %s --help')", argv[0], group);
    return 2;
}

/* ---- seal ---- */

static int seal_status(store_t *st, cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    int rc = cli_reject_unknown(argc, argv, "seal status");
    if (rc)
        return rc;
    err e = {0};
    struct store_seal_status ss;
    if (store_seal_count(st, &ss, &e))
        return cli_report_err(&e);
    printf("key file       %s\n", ss.key_file[0] ? ss.key_file : "(in memory)");
    printf("current key    %d\n", ss.current_key);
    printf("applications   %lld: %lld under the current key, %lld under older keys, %lld clear\n",
           (long long)ss.total, (long long)ss.current, (long long)ss.older, (long long)ss.clear);
    return ss.clear ? 1 : 0;
}

static int seal_run(store_t *st, bool rotate, int argc, char **argv)
{
    int64_t batch = 500;
    int rc = int_opt("--batch", cli_opt(&argc, argv, "--batch"), 1, STORE_SEAL_BATCH_MAX, &batch);
    if (rc || (rc = cli_reject_unknown(argc, argv, rotate ? "seal rotate" : "seal run")))
        return rc;
    err e = {0};
    struct store_seal_progress p;
    if (store_seal_run(st, (int)batch, rotate, &p, &e))
        return cli_report_err(&e);
    printf("key %d: %lld applications sealed in %lld batches of at most %lld, %.2f s; longest batch %.1f ms\n",
           p.new_key, (long long)p.rows, (long long)p.batches, (long long)batch, p.seconds, p.max_batch_ms);
    return 0;
}

static int seal_seal(store_t *st, cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    return seal_run(st, false, argc, argv);
}

static int seal_rotate(store_t *st, cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    return seal_run(st, true, argc, argv);
}

int cli_seal(cli_ctx *ctx, int argc, char **argv)
{
    static const struct sub subs[] = {
        {"status", "usage: gongkai seal status\n\nThe key file, the current key, and how many applications each key "
                   "sealed;\nexit 1 while any is still clear text.\n", seal_status},
        {"run", "usage: gongkai seal run [--batch N]\n\nSeals applications left in clear text and re-seals those of "
                "older keys with the\ncurrent key, N rows a transaction (default 500). The first start after an "
                "upgrade\ndoes the same by itself.\n", seal_seal},
        {"rotate", "usage: gongkai seal rotate [--batch N]\n\nAdds a new key to the key file and re-seals every "
                   "application with it, N rows a\ntransaction (default 500): the server keeps answering. Keep the "
                   "old keys for\nbackups made before the rotation.\n", seal_rotate},
    };
    static const char usage[] =
        "usage: gongkai [--db PATH] seal status|run|rotate [--batch N]\n\n"
        "Applicants' personal fields are sealed in the database under keys kept in the key\n"
        "file ($GONGKAI_KEY_FILE, else DATABASE.keys, var/gongkai.keys for PostgreSQL).\n";
    return run_group(ctx, "seal", usage, subs, sizeof subs / sizeof subs[0], argc, argv);
}

/* ---- audit ---- */

static int audit_verify(store_t *st, cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    const char *file = cli_opt(&argc, argv, "--checkpoints");
    int rc = cli_reject_unknown(argc, argv, "audit verify");
    if (rc)
        return rc;
    if (!file)
        file = store_audit_checkpoint_path(st);
    err e = {0};
    struct store_audit_verdict v;
    if (store_audit_verify(st, file, &v, &e))
        return cli_report_err(&e);
    if (!v.ok) {
        printf("audit: NOT INTACT: %s\n", v.msg);
        return 1;
    }
    printf("audit: intact: %lld rows in %lld chains, %lld checkpoints (%s) match\n", (long long)v.rows,
           (long long)v.chains, (long long)v.checkpoints, file && *file ? file : "no checkpoint file");
    return 0;
}

static int audit_checkpoint(store_t *st, cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    const char *file = cli_opt(&argc, argv, "--checkpoints");
    int rc = cli_reject_unknown(argc, argv, "audit checkpoint");
    if (rc)
        return rc;
    if (!file)
        file = store_audit_checkpoint_path(st);
    err e = {0};
    int n;
    if (store_audit_checkpoint(st, file, &n, &e))
        return cli_report_err(&e);
    printf("audit: %d chain heads appended to %s\n", n, file);
    return 0;
}

int cli_audit(cli_ctx *ctx, int argc, char **argv)
{
    static const struct sub subs[] = {
        {"verify", "usage: gongkai audit verify [--checkpoints FILE]\n\nChecks every audit row's hash and its link "
                   "to the row before it, then the\ncheckpoints; names the first row that does not match (exit 1).\n",
         audit_verify},
        {"checkpoint", "usage: gongkai audit checkpoint [--checkpoints FILE]\n\nAppends the head of every chain to "
                       "the checkpoint file (run it from cron,\ne.g. hourly; keep the file on other storage).\n",
         audit_checkpoint},
    };
    static const char usage[] =
        "usage: gongkai [--db PATH] audit verify|checkpoint [--checkpoints FILE]\n\n"
        "The audit trail is a chain of keyed hashes per agency; checkpoints of its heads go to\n"
        "$GONGKAI_AUDIT_CHECKPOINTS, else DATABASE.checkpoints (var/gongkai.checkpoints for PostgreSQL).\n";
    return run_group(ctx, "audit", usage, subs, sizeof subs / sizeof subs[0], argc, argv);
}

/* ---- retention ---- */

/* The default keeps the personal data of a closed application for 10 years,
 * the shorter period (定期10年) of 《机关文书档案归档范围和文书档案保管期限规定》
 * (国家档案局令第8号, art. 10) an agency names for such files; the setting
 * retention.personal_years overrides it. */
#define RETENTION_DEFAULT_YEARS 10
#define RETENTION_MAX_YEARS 100

static int retention_years(store_t *st, int64_t agency_id, int64_t *years)
{
    buf b;
    buf_init(&b);
    *years = RETENTION_DEFAULT_YEARS;
    if (store_setting_get(st, agency_id, "retention.personal_years", &b, NULL) == 0 &&
        (!parse_i64(b.data, b.len, years) || *years < 1 || *years > RETENTION_MAX_YEARS))
        *years = RETENTION_DEFAULT_YEARS;
    buf_free(&b);
    return 0;
}

static int retention_run(store_t *st, cli_ctx *ctx, int argc, char **argv)
{
    const char *set = cli_opt(&argc, argv, "--years");
    const char *actor = cli_opt(&argc, argv, "--actor");
    int rc = cli_reject_unknown(argc, argv, "retention run");
    int64_t years;
    if (rc || (rc = int_opt("--years", set, 1, RETENTION_MAX_YEARS, &years)))
        return rc;
    err e = {0};
    struct store_agency ag;
    if (store_agency_resolve(st, ctx->agency, &ag, &e))
        return cli_report_err(&e);
    if (!set)
        retention_years(st, ag.id, &years);
    int y, m, d;
    date_to_ymd(date_today(), &y, &m, &d);
    gk_day before = date_from_ymd(y - (int)years, m, d > 28 && m == 2 ? 28 : d);
    char cut[11];
    date_format(before, cut);
    int64_t n;
    if (store_app_retention(st, ag.id, before, actor ? actor : getenv("USER"), &n, &e))
        return cli_report_err(&e);
    printf("%s: personal data of %lld applications concluded before %s erased (kept %lld years)\n", ag.code,
           (long long)n, cut, (long long)years);
    return 0;
}

int cli_retention(cli_ctx *ctx, int argc, char **argv)
{
    static const struct sub subs[] = {
        {"run", "usage: gongkai [--agency CODE] retention run [--years N] [--actor NAME]\n\nErases the name, ID "
                "number, phone, e-mail and address of applications concluded\nmore than N years ago (the agency's "
                "setting retention.personal_years, default 10);\nthe annual report's figures stay. Audited.\n",
         retention_run},
    };
    static const char usage[] = "usage: gongkai [--db PATH] [--agency CODE] retention run [--years N]\n";
    return run_group(ctx, "retention", usage, subs, sizeof subs / sizeof subs[0], argc, argv);
}

/* ---- security check: 三员分立 ---- */

struct duty_scan {
    char name[128], role[32], login[64];
    int held[3];              /* admin, security, auditor: active accounts */
    int findings;
};

static int duty_index(const char *role)
{
    static const char *const duties[] = {"admin", "security", "auditor"};
    for (int i = 0; i < 3; i++)
        if (strcmp(role, duties[i]) == 0)
            return i;
    return -1;
}

static int duty_row(const char *login, const char *name, const char *role, void *arg)
{
    struct duty_scan *x = arg;
    int k = duty_index(role);
    if (k >= 0)
        x->held[k]++;
    /* rows come by name: the same person in two roles comes together */
    if (strcmp(x->name, name) == 0 && strcmp(x->role, role) != 0) {
        printf("FAIL  %s holds two of the three duties: %s (%s) and %s (%s)\n", name, x->role, x->login, role, login);
        x->findings++;
    }
    snprintf(x->name, sizeof x->name, "%s", name);
    snprintf(x->role, sizeof x->role, "%s", role);
    snprintf(x->login, sizeof x->login, "%s", login);
    return 0;
}

static int security_check(store_t *st, cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    int rc = cli_reject_unknown(argc, argv, "security check");
    if (rc)
        return rc;
    err e = {0};
    struct duty_scan x = {0};
    if (store_duty_holders(st, duty_row, &x, &e))
        return cli_report_err(&e);
    static const char *const labels[] = {"系统管理员 (admin)", "安全管理员 (security)", "审计管理员 (auditor)"};
    for (int i = 0; i < 3; i++) {
        if (x.held[i] == 0) {
            printf("FAIL  no active account holds %s\n", labels[i]);
            x.findings++;
        } else {
            printf("ok    %s: %d account(s)\n", labels[i], x.held[i]);
        }
    }
    puts("ok    one role per account (app_user.role holds one role)");
    struct store_audit_verdict v;
    if (store_audit_verify(st, store_audit_checkpoint_path(st), &v, &e))
        return cli_report_err(&e);
    printf("%s  audit trail: %s\n", v.ok ? "ok  " : "FAIL", v.ok ? "intact" : v.msg);
    x.findings += !v.ok;
    struct store_seal_status ss;
    if (store_seal_count(st, &ss, &e))
        return cli_report_err(&e);
    printf("%s  personal data: %lld of %lld applications in clear text\n", ss.clear ? "FAIL" : "ok  ",
           (long long)ss.clear, (long long)ss.total);
    x.findings += ss.clear > 0;
    return x.findings ? 1 : 0;
}

int cli_security(cli_ctx *ctx, int argc, char **argv)
{
    static const struct sub subs[] = {
        {"check", "usage: gongkai security check\n\nThe deployment check: each of the three administrators (三员分立) "
                  "held by an active\naccount, no person holding two of them, the audit trail intact, no personal "
                  "data in\nclear text. Exit 1 on any finding.\n",
         security_check},
    };
    static const char usage[] = "usage: gongkai [--db PATH] security check\n";
    return run_group(ctx, "security", usage, subs, sizeof subs / sizeof subs[0], argc, argv);
}
