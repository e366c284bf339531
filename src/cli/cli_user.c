/* cli — `gongkai agency` and `gongkai user`: setting up a real deployment
 * from the command line (the agency, its portal details, the first
 * administrator); the console's user management does the rest. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"
#include "web/web.h"

/* ---- agency ---- */

static const char *const agency_keys[] = {
    "agency.office", "agency.address", "agency.postcode", "agency.phone", "agency.fax", "agency.hours",
    "agency.email", "agency.supervisor", "agency.icp", "agency.police_record", "agency.site_code", "agency.url",
    NULL,
};
/* The limits the agency sets, whole numbers from 1 to max: against floods and
 * password guessing (read by the web server at start; docs/operations.md §8)
 * and on documents (read at every write; §11). */
static const struct { const char *key; int64_t max; } limit_keys[] = {
    {"web.applications_per_ip_hour", 99999999}, {"web.applications_per_phone_day", 99999999},
    {"web.applications_per_id_day", 99999999},  {"web.applications_surge_per_hour", 99999999},
    {"web.login_fail_max", 99999999},           {"doc.body_max_chars", 99999999},
    {"doc.attachment_max_mb", 64},            {NULL, 0},
};

static bool limit_value_ok(const char *v, int64_t max)
{
    int64_t x;
    return parse_i64(v, strlen(v), &x) && x > 0 && x <= max;
}

static int agency_add(cli_run *run, int argc, char **argv)
{
    err e = {0};
    int rc;
    const char *name = cli_opt(&argc, argv, "--name");
    const char *org = cli_opt(&argc, argv, "--org-code");
    const char *pat = cli_opt(&argc, argv, "--index-pattern");
    if ((rc = cli_reject_unknown(argc, argv, run->cmd)))
        return rc;
    if (argc != 1 || !name) {
        cli_error(run->cmd, "give the code and --name (see 'gongkai agency --help')");
        return 2;
    }
    struct store_agency a = {0};
    _Static_assert(sizeof a.name >= LIM_BYTES(LIM_AGENCY_NAME), "agency name holds its limit");
    if (lim_copy(LIM_F_AGENCY_NAME, a.name, sizeof a.name, name, &e) ||
        lim_copy(LIM_F_AGENCY_CODE, a.code, sizeof a.code, argv[0], &e) ||
        lim_copy(LIM_F_AGENCY_ORG_CODE, a.org_code, sizeof a.org_code, org, &e) ||
        lim_copy(LIM_F_AGENCY_INDEX_PATTERN, a.index_pattern, sizeof a.index_pattern, pat, &e))
        return cli_report_err(&e);
    if ((rc = cli_open_store(run)))
        return rc;
    int64_t id;
    rc = store_agency_add(run->store, &a, &id, &e);
    if (!rc)
        store_audit_add(run->store, id, "cli", "agency", id, "create", NULL, NULL, NULL);
    if (rc)
        return cli_report_err(&e);
    printf("agency %s (%s) added\n", a.code, a.name);
    return 0;
}

static int agency_list(cli_run *run, int argc, char **argv)
{
    (void)argc, (void)argv;
    struct store_agency *all;
    size_t n;
    err e = {0};
    if (store_agency_list(run->store, &all, &n, &e))
        return cli_report_err(&e);
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\n", all[i].code, all[i].name, all[i].org_code);
    free(all);
    return 0;
}

static int agency_set(cli_run *run, int argc, char **argv)
{
    if (argc != 2) {
        cli_error(run->cmd, "give KEY and VALUE");
        return 2;
    }
    bool known = false;
    for (int i = 0; agency_keys[i]; i++)
        known |= strcmp(agency_keys[i], argv[0]) == 0;
    for (int i = 0; limit_keys[i].key; i++)
        if (strcmp(limit_keys[i].key, argv[0]) == 0) {
            if (!limit_value_ok(argv[1], limit_keys[i].max)) {
                cli_error(argv[0], "'%s' is not a whole number from 1 to %lld", argv[1], (long long)limit_keys[i].max);
                return 2;
            }
            known = true;
        }
    for (int i = 0; !known && eng_rule_keys[i]; i++)   /* the registers of talking with the public */
        if (strcmp(eng_rule_keys[i], argv[0]) == 0) {
            struct eng_rules er;
            err e = {0};
            eng_rules_default(&er, 0);
            if (eng_rules_set(&er, argv[0], argv[1], &e))
                return cli_report_err(&e);
            known = true;
        }
    if (!known) {
        cli_error(run->cmd, "'%s' is not a portal detail (see 'gongkai agency --help')", argv[0]);
        return 2;
    }
    int rc = cli_open(run);
    if (rc)
        return rc;
    err e = {0};
    return store_setting_set(run->store, run->agency.id, argv[0], argv[1], &e) ? cli_report_err(&e) : 0;
}

/* import and tree (cli_agency_tree.c) open the store themselves */
static int agency_import(cli_run *run, int argc, char **argv)
{
    return cli_agency_import(run->ctx, argc, argv);
}

static int agency_tree(cli_run *run, int argc, char **argv)
{
    return cli_agency_tree(run->ctx, argc, argv);
}

static const struct cli_sub agency_subs[] = {
    {"add", NULL, agency_add, 0, 0},
    {"list", NULL, agency_list, CLI_NEEDS_STORE, 0},
    {"set", NULL, agency_set, 0, 0},
    {"import", NULL, agency_import, 0, 0},
    {"tree", NULL, agency_tree, 0, 0},
};

int cli_agency(cli_ctx *ctx, int argc, char **argv)
{
    static char usage[2048];   /* the keys come from the tables above */
    if (!usage[0]) {
        buf b;
        buf_init(&b);
        buf_puts(&b, "usage: gongkai [--db PATH] agency add CODE --name NAME [--org-code CODE] [--index-pattern P]\n"
                     "       gongkai [--db PATH] agency list\n"
                     "       gongkai [--db PATH] [--agency CODE] agency set KEY VALUE\n"
                     "       gongkai [--db PATH] agency import FILE.csv\n"
                     "       gongkai [--db PATH] [--agency CODE] agency tree\n\n"
                     "Agencies that share the database. 'import' creates agencies from a CSV (header row;\n"
                     "columns code, name, kind (government|department) required; parent, level\n"
                     "(province|city|county|township), org_code, region, host, office, address, postcode,\n"
                     "phone, email, hours, supervisor), all or nothing: every problem is listed with its line\n"
                     "and column; 'tree' shows the tree. 'set' stores the portal's contact details:\n");
        for (int i = 0; agency_keys[i]; i++)
            buf_printf(&b, "  %s\n", agency_keys[i]);
        buf_puts(&b, "the registers of talking with the public (see 'gongkai message --help'):\n");
        for (int i = 0; eng_rule_keys[i]; i++)
            buf_printf(&b, "  %s\n", eng_rule_keys[i]);
        buf_puts(&b, "and the limits (a whole number from 1; the server reads the web.* ones at start, the\n"
                     "doc.* ones apply from the next write; doc.attachment_max_mb at most 64):\n");
        for (int i = 0; limit_keys[i].key; i++)
            buf_printf(&b, "  %s\n", limit_keys[i].key);
        snprintf(usage, sizeof usage, "%s", b.data);
        buf_free(&b);
    }
    const struct cli_group g = {"agency", usage, agency_subs, sizeof agency_subs / sizeof agency_subs[0], "cli"};
    return cli_run_group(ctx, &g, argc, argv);
}

/* ---- user ---- */

/* The password: $GONGKAI_PASSWORD, else the first line of standard input. */
static int read_password(char *out, size_t cap)
{
    const char *env = getenv("GONGKAI_PASSWORD");
    if (env && *env) {
        snprintf(out, cap, "%s", env);
        return 0;
    }
    if (!fgets(out, (int)cap, stdin)) {
        cli_error("user", "give the password on standard input (one line) or in $GONGKAI_PASSWORD");
        return 2;
    }
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

static const char usage_user[] =
    "usage: gongkai [--db PATH] [--agency CODE] user add LOGIN --name NAME --role ROLE [--request-id ID]\n"
    "       gongkai [--db PATH] [--agency CODE] user list\n"
    "       gongkai [--db PATH] user passwd LOGIN\n"
    "       gongkai [--db PATH] user disable|enable LOGIN\n\n"
    "Staff accounts. Roles: officer (信息员), reviewer (审核人), leader (分管领导),\n"
    "office (政务公开办), admin (系统管理员), security (安全管理员), auditor (审计管理员);\n"
    "the last three are separate duties (三员分立, 'gongkai security check'). Passwords are read from standard input\n"
    "(one line) or $GONGKAI_PASSWORD and follow the agency's policy ('gongkai security policy'):\n"
    "by default at least 8 characters with letters and digits, none of the account's last 5.\n"
    "'list' marks an account whose password is past security.password_max_days: its holder\n"
    "must change it at the next console login, or an administrator sets one with 'passwd'.\n"
    "--request-id ID (1-100 visible ASCII): a retry with the same ID adds nothing and prints\n"
    "the account the first run added.\n";

/* The password read (before the store is opened: a missing one is the
 * first thing said), checked against the agency's policy (and, for an
 * account that has one, its password history) and hashed into hash; the
 * clear password is wiped. Prints the error and returns the exit status. */
static int new_password(store_t *st, int64_t agency_id, int64_t user_id, const char *cmd, char pw[300],
                        char hash[128])
{
    err e = {0};
    web_password_policy_load(st, agency_id);
    int rc = web_password_set_hash(st, user_id, pw, hash, &e);
    sodium_memzero(pw, 300);
    if (rc == GK_EINVAL) {
        cli_error(cmd, "%s", e.msg);
        return 2;
    }
    return rc ? cli_report_err(&e) : 0;
}

static int get_password(char pw[300])
{
    if (sodium_init() < 0) {
        cli_error("user", "libsodium could not start");
        return 1;
    }
    return read_password(pw, 300);
}

/* The account and the request id: both or neither. */
static int user_create(cli_run *run, struct store_user *u, const char *request_id, const char *token)
{
    err e = {0};
    int64_t id;
    int rc = store_begin(run->store, &e);
    if (!rc && !(rc = store_user_create(run->store, u, "cli", NULL, &id, &e)) && request_id)
        rc = store_form_token_put(run->store, run->agency.id, token, "user", id, &e);
    if (rc)
        store_rollback(run->store);
    else
        rc = store_commit(run->store, &e);
    return rc ? cli_report_err(&e) : 0;
}

static int user_add(cli_run *run, int argc, char **argv)
{
    err e = {0};
    int rc;
    const char *name = cli_opt(&argc, argv, "--name");
    const char *role = cli_opt(&argc, argv, "--role");
    const char *request_id = cli_opt(&argc, argv, "--request-id");
    if ((rc = cli_reject_unknown(argc, argv, run->cmd)))
        return rc;
    char token[CLI_REQUEST_TOKEN_CAP];
    if (request_id && cli_request_token(request_id, token))
        return 2;
    if (argc != 1 || !name || !role) {
        cli_error(run->cmd, "give LOGIN, --name and --role (see 'gongkai user --help')");
        return 2;
    }
    if (web_role_from_key(role) == ROLE_NONE) {
        cli_error("user add: --role", "'%s' is not a role (officer, reviewer, leader, office, admin, security, auditor)", role);
        return 2;
    }
    struct store_user u = {0};
    char pw[300];
    if ((rc = get_password(pw)) || (rc = cli_open(run)) ||
        (rc = new_password(run->store, run->agency.id, 0, "user add: password", pw, u.pw_hash)))
        return rc;
    u.agency_id = run->agency.id;
    if (lim_copy(LIM_F_USER_LOGIN, u.login, sizeof u.login, argv[0], &e) ||
        lim_copy(LIM_F_USER_NAME, u.name, sizeof u.name, name, &e))
        return cli_report_err(&e);
    snprintf(u.role, sizeof u.role, "%s", role);
    u.active = true;
    int64_t id;
    /* a retry under the same --request-id: the first account, nothing added */
    int found = request_id ? cli_request_find(run->store, run->agency.id, token, "user", &id) : 0;
    if (found > 0 && store_user_get(run->store, id, &u, &e))
        found = -cli_report_err(&e);
    if (found < 0)
        return -found;
    if (found)
        fprintf(stderr, "gongkai: --request-id %s was used before: nothing added\n", request_id);
    else if ((rc = user_create(run, &u, request_id, token)))
        return rc;
    printf("account %s (%s) added to %s\n", u.login, web_role_label(web_role_from_key(u.role)), run->agency.name);
    return 0;
}

static int user_list(cli_run *run, int argc, char **argv)
{
    (void)argc, (void)argv;
    struct store_user *us = NULL;
    size_t n = 0;
    err e = {0};
    if (store_user_list(run->store, run->agency.id, &us, &n, &e))
        return cli_report_err(&e);
    web_password_policy_load(run->store, run->agency.id);
    struct web_pw_policy p = web_password_policy_get();
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\t%s%s\n", us[i].login, us[i].name, us[i].role, us[i].active ? "active" : "disabled",
               web_password_expired(us[i].pw_changed, p.max_days, date_today()) ? "\tpassword expired" : "");
    free(us);
    return 0;
}

/* passwd (arg 0), disable (1), enable (2): the change, the end of the
 * account's sessions and the audit entry, all or none. */
enum { USER_PASSWD, USER_DISABLE, USER_ENABLE };
static int user_change(cli_run *run, int argc, char **argv)
{
    if (argc != 1) {
        cli_error("user", "give the LOGIN");
        return 2;
    }
    char hash[128], pw[300];
    bool passwd = run->arg == USER_PASSWD;
    int rc;
    if ((passwd && (rc = get_password(pw))) || (rc = cli_open_store(run)))
        return rc;
    struct store_user u;
    err e = {0};
    if ((rc = store_user_by_login(run->store, argv[0], &u, &e)))
        return cli_report_err(&e);
    if (passwd && (rc = new_password(run->store, u.agency_id, u.id, "user passwd", pw, hash)))
        return rc;
    u.active = passwd ? u.active : run->arg == USER_ENABLE;
    struct store_user_change c = {.user_id = u.id, .set = passwd ? NULL : &u, .pw_hash = passwd ? hash : NULL,
                                  .end_sessions = true, .actor = "cli",
                                  .action = passwd ? "password_reset" : "update"};
    return store_user_change(run->store, &c, &e) ? cli_report_err(&e) : 0;
}

static const struct cli_sub user_subs[] = {
    {"add", NULL, user_add, 0, 0},
    {"list", NULL, user_list, CLI_NEEDS_AGENCY, 0},
    {"passwd", NULL, user_change, 0, USER_PASSWD},
    {"disable", NULL, user_change, 0, USER_DISABLE},
    {"enable", NULL, user_change, 0, USER_ENABLE},
};

int cli_user(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"user", usage_user, user_subs, sizeof user_subs / sizeof user_subs[0], "cli"};
    return cli_run_group(ctx, &g, argc, argv);
}
