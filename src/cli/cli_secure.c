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
#include "web/web.h"

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

/* ---- seal ---- */

static int seal_status(cli_run *r, int argc, char **argv)
{
    store_t *st = r->store;
    int rc = cli_reject_unknown(argc, argv, "seal status");
    if (rc)
        return rc;
    err e = {0};
    struct store_seal_status ss;
    if (store_seal_count(st, &ss, &e))
        return cli_report_err(&e);
    printf("key file       %s\n", ss.key_file[0] ? ss.key_file : "(in memory)");
    printf("current key    %d (%s)\n", ss.current_key, ss.cipher);
    printf("applications   %lld: %lld under the current key, %lld under older keys, %lld clear\n",
           (long long)ss.total, (long long)ss.current, (long long)ss.older, (long long)ss.clear);
    printf("registers      %lld messages, suggestions and comments: %lld under the current key, %lld under older "
           "keys, %lld clear\n", (long long)ss.registers.total, (long long)ss.registers.current,
           (long long)ss.registers.older, (long long)ss.registers.clear);
    return ss.clear || ss.registers.clear ? 1 : 0;
}

static int seal_run(store_t *st, bool rotate, int argc, char **argv)
{
    int64_t batch = 500;
    const char *cipher = rotate ? cli_opt(&argc, argv, "--cipher") : NULL;
    int rc = int_opt("--batch", cli_opt(&argc, argv, "--batch"), 1, STORE_SEAL_BATCH_MAX, &batch);
    if (rc || (rc = cli_reject_unknown(argc, argv, rotate ? "seal rotate" : "seal run")))
        return rc;
    err e = {0};
    struct store_seal_progress p;
    if (rotate ? store_seal_rotate(st, (int)batch, cipher, &p, &e) : store_seal_run(st, (int)batch, false, &p, &e)) {
        if (e.code == GK_EINVAL && strcmp(e.where, "cipher") == 0)
            snprintf(e.where, sizeof e.where, "--cipher");
        return cli_report_err(&e);
    }
    printf("key %d: %lld applications and register rows sealed in %lld batches of at most %lld, %.2f s; longest batch %.1f ms\n",
           p.new_key, (long long)p.rows, (long long)p.batches, (long long)batch, p.seconds, p.max_batch_ms);
    return 0;
}

static int seal_seal(cli_run *r, int argc, char **argv)
{
    store_t *st = r->store;
    return seal_run(st, false, argc, argv);
}

static int seal_rotate(cli_run *r, int argc, char **argv)
{
    store_t *st = r->store;
    return seal_run(st, true, argc, argv);
}

int cli_seal(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        {"status", "usage: gongkai seal status\n\nThe key file, the current key, and how many applications each key "
                   "sealed;\nexit 1 while any is still clear text.\n", seal_status, CLI_NEEDS_STORE, 0},
        {"run", "usage: gongkai seal run [--batch N]\n\nSeals applications left in clear text and re-seals those of "
                "older keys with the\ncurrent key, N rows a transaction (default 500). The first start after an "
                "upgrade\ndoes the same by itself.\n", seal_seal, CLI_NEEDS_STORE, 0},
        {"rotate", "usage: gongkai seal rotate [--batch N] [--cipher xchacha20poly1305|sm4-gcm]\n\nAdds a new key "
                   "to the key file and re-seals every application and register row\nwith it, N rows a transaction "
                   "(default 500): the server keeps answering. Keep\nthe old keys for backups made before the "
                   "rotation. --cipher: the new key's cipher\n(default the current key's): sm4-gcm is SM4 "
                   "(GB/T 32907-2016) in GCM mode, by\nlibgcrypt; xchacha20poly1305 by libsodium. A rotation may go from\n"
                   "either cipher to the other.\n", seal_rotate, CLI_NEEDS_STORE, 0},
    };
    static const char usage[] =
        "usage: gongkai [--db PATH] seal status|run|rotate [--batch N]\n\n"
        "Applicants' personal fields are sealed in the database under keys kept in the key\n"
        "file ($GONGKAI_KEY_FILE, else DATABASE.keys, var/gongkai.keys for PostgreSQL).\n";
    static const struct cli_group g = {"seal", usage, subs, sizeof subs / sizeof subs[0], NULL};
    return cli_run_group(ctx, &g, argc, argv);
}

/* ---- audit ---- */

static int audit_verify(cli_run *r, int argc, char **argv)
{
    store_t *st = r->store;
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

static int audit_checkpoint(cli_run *r, int argc, char **argv)
{
    store_t *st = r->store;
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

/* A CSV field: quoted, quotes doubled (RFC 4180). */
static void csv_field(const char *v, bool last)
{
    putchar('"');
    for (const char *p = v ? v : ""; *p; p++) {
        if (*p == '"')
            putchar('"');
        putchar(*p);
    }
    fputs(last ? "\"\r\n" : "\",", stdout);
}

static int audit_row_csv(const struct store_audit_entry *a, void *arg)
{
    (void)arg;
    char id[24], eid[24];
    snprintf(id, sizeof id, "%lld", (long long)a->id);
    snprintf(eid, sizeof eid, "%lld", (long long)a->entity_id);
    csv_field(id, false);
    csv_field(a->at, false);
    csv_field(a->actor, false);
    csv_field(a->entity, false);
    csv_field(eid, false);
    csv_field(a->action, false);
    csv_field(a->before_json, false);
    csv_field(a->after_json, true);
    return 0;
}

/* The auditor's export: the rows the filters pick, as CSV, newest first. */
static int audit_list(cli_run *r, int argc, char **argv)
{
    store_t *st = r->store;
    cli_ctx *ctx = r->ctx;
    struct store_audit_filter f = {0};
    f.entity = cli_opt(&argc, argv, "--entity");
    f.actor = cli_opt(&argc, argv, "--actor");
    f.since = cli_opt(&argc, argv, "--since");
    f.until = cli_opt(&argc, argv, "--until");
    int64_t limit = 1000;
    int rc = int_opt("--limit", cli_opt(&argc, argv, "--limit"), 1, 1000000, &limit);
    if (rc || (rc = cli_reject_unknown(argc, argv, "audit list")))
        return rc;
    const char *dates[2] = {f.since, f.until}, *names[2] = {"--since", "--until"};
    for (int i = 0; i < 2; i++) {
        gk_day d;
        if (dates[i] && date_parse(dates[i], &d, NULL) != 0) {
            cli_error(names[i], "'%s' is not a date YYYY-MM-DD", dates[i]);
            return 2;
        }
    }
    err e = {0};
    struct store_agency ag;
    if (ctx->agency && store_agency_resolve(st, ctx->agency, &ag, &e))
        return cli_report_err(&e);
    f.agency_id = ctx->agency ? ag.id : 0;
    f.limit = (int)limit;
    fputs("\xEF\xBB\xBFid,at,actor,entity,entity_id,action,before,after\r\n", stdout);
    if (store_audit_list(st, &f, audit_row_csv, NULL, &e))
        return cli_report_err(&e);
    return 0;
}

/* 等保 2.0 (GB/T 22239-2019, 8.1.4.3 c) and 网络安全法 art. 21: logs are kept
 * at least six months. */
#define AUDIT_KEEP_MONTHS_MIN 6
#define AUDIT_KEEP_MONTHS_DEFAULT 12

static int audit_rotate(cli_run *r, int argc, char **argv)
{
    store_t *st = r->store;
    const char *archive = cli_opt(&argc, argv, "--archive");
    int64_t keep = AUDIT_KEEP_MONTHS_DEFAULT;
    int rc = int_opt("--keep-months", cli_opt(&argc, argv, "--keep-months"), AUDIT_KEEP_MONTHS_MIN, 1200, &keep);
    if (rc || (rc = cli_reject_unknown(argc, argv, "audit rotate")))
        return rc;
    if (!archive) {
        cli_error("--archive", "name the file the rotated rows go to (keep it as long as the archive rules say)");
        return 2;
    }
    int y, m, d;
    date_to_ymd(date_today(), &y, &m, &d);
    int months = y * 12 + (m - 1) - (int)keep;
    char before[11];
    date_format(date_from_ymd(months / 12, months % 12 + 1, d > 28 ? 28 : d), before);
    err e = {0};
    int64_t n;
    if (store_audit_rotate(st, before, archive, &n, &e))
        return cli_report_err(&e);
    printf("audit: %lld rows recorded before %s moved to %s (kept %lld months)\n", (long long)n, before, archive,
           (long long)keep);
    return 0;
}

int cli_audit(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        {"verify", "usage: gongkai audit verify [--checkpoints FILE]\n\nChecks every audit row's hash and its link "
                   "to the row before it, then the\ncheckpoints; names the first row that does not match (exit 1).\n",
         audit_verify, CLI_NEEDS_STORE, 0},
        {"checkpoint", "usage: gongkai audit checkpoint [--checkpoints FILE]\n\nAppends the head of every chain to "
                       "the checkpoint file (run it from cron,\ne.g. hourly; keep the file on other storage).\n",
         audit_checkpoint, CLI_NEEDS_STORE, 0},
        {"list", "usage: gongkai [--agency CODE] audit list [--entity E] [--actor A] [--since D] [--until D] "
                 "[--limit N]\n\nThe audit rows the filters pick as CSV (UTF-8 with BOM, for Excel), newest "
                 "first:\nsecurity events are entity 'security' (policy changes), 'session' (logins and\nfailed "
                 "logins), 'personal_data' (refusals).\n", audit_list, CLI_NEEDS_STORE, 0},
        {"rotate", "usage: gongkai audit rotate --archive FILE [--keep-months N]\n\nMoves audit rows older than N "
                   "months (at least 6, default 12) to FILE (JSON\nlines with their hashes); verify goes on from "
                   "the last row moved.\n", audit_rotate, CLI_NEEDS_STORE, 0},
    };
    static const char usage[] =
        "usage: gongkai [--db PATH] audit verify|checkpoint [--checkpoints FILE]\n"
        "       gongkai [--db PATH] [--agency CODE] audit list [--entity E] [--since D] [--until D] [--limit N]\n"
        "       gongkai [--db PATH] audit rotate --archive FILE [--keep-months N]\n\n"
        "The audit trail is a chain of keyed hashes per agency; checkpoints of its heads go to\n"
        "$GONGKAI_AUDIT_CHECKPOINTS, else DATABASE.checkpoints (var/gongkai.checkpoints for PostgreSQL).\n";
    static const struct cli_group g = {"audit", usage, subs, sizeof subs / sizeof subs[0], NULL};
    return cli_run_group(ctx, &g, argc, argv);
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

static int retention_run(cli_run *r, int argc, char **argv)
{
    store_t *st = r->store;
    cli_ctx *ctx = r->ctx;
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
    int64_t n, reg[STORE_ENG_SEALED];
    if (store_app_retention(st, ag.id, before, actor ? actor : getenv("USER"), &n, &e) ||
        store_eng_retention(st, ag.id, before, actor ? actor : getenv("USER"), reg, &e))
        return cli_report_err(&e);
    printf("%s: personal data of %lld applications concluded before %s erased (kept %lld years)\n", ag.code,
           (long long)n, cut, (long long)years);
    printf("%s: and of %lld messages closed, %lld suggestions replied to and %lld comments received before %s\n",
           ag.code, (long long)reg[0], (long long)reg[1], (long long)reg[2], cut);
    return 0;
}

int cli_retention(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        {"run", "usage: gongkai [--agency CODE] retention run [--years N] [--actor NAME]\n\nErases the name, ID "
                "number, phone, e-mail and address of applications concluded\nmore than N years ago (the agency's "
                "setting retention.personal_years, default 10),\nand the name, phone, e-mail and contact of messages "
                "closed, suggestions replied to\nand comments received as long ago; the annual report's and the "
                "registers' figures\nstay. Audited.\n",
         retention_run, CLI_NEEDS_STORE, 0},
    };
    static const char usage[] = "usage: gongkai [--db PATH] [--agency CODE] retention run [--years N]\n";
    static const struct cli_group g = {"retention", usage, subs, sizeof subs / sizeof subs[0], NULL};
    return cli_run_group(ctx, &g, argc, argv);
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

static int security_check(cli_run *r, int argc, char **argv)
{
    store_t *st = r->store;
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
    printf("%s  personal data: %lld of %lld rows of the 互动交流 registers in clear text\n",
           ss.registers.clear ? "FAIL" : "ok  ", (long long)ss.registers.clear, (long long)ss.registers.total);
    x.findings += ss.clear > 0 || ss.registers.clear > 0;
    return x.findings ? 1 : 0;
}

/* The policy the security administrator sets: the rows of web_policy_keys
 * (web/auth.c, with the articles of 等保 2.0 they answer). */
static int security_policy(cli_run *r, int argc, char **argv)
{
    store_t *st = r->store;
    cli_ctx *ctx = r->ctx;
    const char *actor = cli_opt(&argc, argv, "--actor");
    int rc = cli_reject_unknown(argc, argv, "security policy");
    if (rc)
        return rc;
    err e = {0};
    struct store_agency ag;
    if (store_agency_resolve(st, ctx->agency, &ag, &e))
        return cli_report_err(&e);
    const struct web_policy_key *k = argc == 2 ? web_policy_key_find(argv[0]) : NULL;
    if (argc != 0 && (argc != 2 || !k)) {
        cli_error("security policy", argc == 2 ? "'%s' is not a policy key (see 'gongkai security policy')"
                                                : "give KEY VALUE, or nothing to list%s", argc == 2 ? argv[0] : "");
        return 2;
    }
    if (argc == 2) {
        int64_t v;
        if ((rc = int_opt(argv[0], argv[1], k->lo, k->hi, &v)))
            return rc;
        if (store_policy_set(st, ag.id, k->key, v, k->def, actor ? actor : getenv("USER"), &e))
            return cli_report_err(&e);
    }
    for (const struct web_policy_key *p = web_policy_keys; p->key; p++) {
        buf v;
        buf_init(&v);
        if (store_setting_get(st, ag.id, p->key, &v, NULL) != 0)
            buf_printf(&v, "%lld (default)", (long long)p->def);
        printf("%-30s %-13s %s\n", p->key, v.data, p->what);
        buf_free(&v);
    }
    return 0;
}

int cli_security(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_sub subs[] = {
        {"check", "usage: gongkai security check\n\nThe deployment check: each of the three administrators (三员分立) "
                  "held by an active\naccount, no person holding two of them, the audit trail intact, no personal "
                  "data in\nclear text. Exit 1 on any finding.\n",
         security_check, CLI_NEEDS_STORE, 0},
        {"policy", "usage: gongkai [--agency CODE] security policy [KEY VALUE] [--actor NAME]\n\nThe security "
                   "administrator's policy: password length, character classes, history\nand age, session limits, login "
                   "throttling. With KEY VALUE, sets one (audited as a\nsecurity event); the server reads the web.* "
                   "ones at start.\n", security_policy, CLI_NEEDS_STORE, 0},
    };
    static const char usage[] = "usage: gongkai [--db PATH] security check\n"
                                "       gongkai [--db PATH] [--agency CODE] security policy [KEY VALUE]\n";
    static const struct cli_group g = {"security", usage, subs, sizeof subs / sizeof subs[0], NULL};
    return cli_run_group(ctx, &g, argc, argv);
}
