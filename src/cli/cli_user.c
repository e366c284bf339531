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

static int open_store(cli_ctx *ctx, store_t **st)
{
    err e = {0};
    if (store_open(ctx->db_path, st, &e))
        return cli_report_err(&e);
    return 0;
}

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

int cli_agency(cli_ctx *ctx, int argc, char **argv)
{
    if (argc == 0 || cli_wants_help(argc, argv)) {
        puts("usage: gongkai [--db PATH] agency add CODE --name NAME [--org-code CODE] [--index-pattern P]\n"
             "       gongkai [--db PATH] agency list\n"
             "       gongkai [--db PATH] [--agency CODE] agency set KEY VALUE\n\n"
             "Agencies that share the database. 'set' stores the portal's contact details:");
        for (int i = 0; agency_keys[i]; i++)
            printf("  %s\n", agency_keys[i]);
        puts("and the limits (a whole number from 1; the server reads the web.* ones at start, the\n"
             "doc.* ones apply from the next write; doc.attachment_max_mb at most 64):");
        for (int i = 0; limit_keys[i].key; i++)
            printf("  %s\n", limit_keys[i].key);
        return argc == 0 ? 2 : 0;
    }
    const char *sub = argv[0];
    argc--, argv++;
    store_t *st;
    int rc;
    err e = {0};
    if (strcmp(sub, "add") == 0) {
        const char *name = cli_opt(&argc, argv, "--name");
        const char *org = cli_opt(&argc, argv, "--org-code");
        const char *pat = cli_opt(&argc, argv, "--index-pattern");
        if ((rc = cli_reject_unknown(argc, argv, "agency add")))
            return rc;
        if (argc != 1 || !name) {
            cli_error("agency add", "give the code and --name (see 'gongkai agency --help')");
            return 2;
        }
        struct store_agency a = {0};
        _Static_assert(sizeof a.name >= LIM_BYTES(LIM_AGENCY_NAME), "agency name holds its limit");
        if (lim_copy(LIM_F_AGENCY_NAME, a.name, sizeof a.name, name, &e) ||
            lim_copy(LIM_F_AGENCY_CODE, a.code, sizeof a.code, argv[0], &e) ||
            lim_copy(LIM_F_AGENCY_ORG_CODE, a.org_code, sizeof a.org_code, org, &e) ||
            lim_copy(LIM_F_AGENCY_INDEX_PATTERN, a.index_pattern, sizeof a.index_pattern, pat, &e))
            return cli_report_err(&e);
        if ((rc = open_store(ctx, &st)))
            return rc;
        int64_t id;
        rc = store_agency_add(st, &a, &id, &e);
        if (!rc)
            store_audit_add(st, id, "cli", "agency", id, "create", NULL, NULL, NULL);
        store_close(st);
        if (rc)
            return cli_report_err(&e);
        printf("agency %s (%s) added\n", a.code, a.name);
        return 0;
    }
    if (strcmp(sub, "list") == 0) {
        if ((rc = open_store(ctx, &st)))
            return rc;
        struct store_agency *all;
        size_t n;
        rc = store_agency_list(st, &all, &n, &e);
        store_close(st);
        if (rc)
            return cli_report_err(&e);
        for (size_t i = 0; i < n; i++)
            printf("%s\t%s\t%s\n", all[i].code, all[i].name, all[i].org_code);
        free(all);
        return 0;
    }
    if (strcmp(sub, "set") == 0) {
        if (argc != 2) {
            cli_error("agency set", "give KEY and VALUE");
            return 2;
        }
        bool known = false;
        for (int i = 0; agency_keys[i]; i++)
            known |= strcmp(agency_keys[i], argv[0]) == 0;
        for (int i = 0; limit_keys[i].key; i++)
            if (strcmp(limit_keys[i].key, argv[0]) == 0) {
                if (!limit_value_ok(argv[1], limit_keys[i].max)) {
                    cli_error(argv[0], "'%s' is not a whole number from 1 to %lld", argv[1],
                              (long long)limit_keys[i].max);
                    return 2;
                }
                known = true;
            }
        if (!known) {
            cli_error("agency set", "'%s' is not a portal detail (see 'gongkai agency --help')", argv[0]);
            return 2;
        }
        if ((rc = open_store(ctx, &st)))
            return rc;
        struct store_agency a;
        rc = store_agency_resolve(st, ctx->agency, &a, &e);
        if (!rc)
            rc = store_setting_set(st, a.id, argv[0], argv[1], &e);
        store_close(st);
        return rc ? cli_report_err(&e) : 0;
    }
    cli_error("agency", "unknown subcommand '%s' (add, list, set)", sub);
    return 2;
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

int cli_user(cli_ctx *ctx, int argc, char **argv)
{
    if (argc == 0 || cli_wants_help(argc, argv)) {
        puts("usage: gongkai [--db PATH] [--agency CODE] user add LOGIN --name NAME --role ROLE [--request-id ID]\n"
             "       gongkai [--db PATH] [--agency CODE] user list\n"
             "       gongkai [--db PATH] user passwd LOGIN\n"
             "       gongkai [--db PATH] user disable|enable LOGIN\n\n"
             "Staff accounts. Roles: officer (信息员), reviewer (审核人), leader (分管领导),\n"
             "office (政务公开办), admin (系统管理员). Passwords are read from standard input\n"
             "(one line) or $GONGKAI_PASSWORD: at least 8 characters with letters and digits.\n"
             "--request-id ID (1-100 visible ASCII): a retry with the same ID adds nothing and prints\n"
             "the account the first run added.");
        return argc == 0 ? 2 : 0;
    }
    if (sodium_init() < 0) {
        cli_error("user", "libsodium could not start");
        return 1;
    }
    const char *sub = argv[0];
    argc--, argv++;
    store_t *st;
    int rc;
    err e = {0};
    if (strcmp(sub, "add") == 0) {
        const char *name = cli_opt(&argc, argv, "--name");
        const char *role = cli_opt(&argc, argv, "--role");
        const char *request_id = cli_opt(&argc, argv, "--request-id");
        if ((rc = cli_reject_unknown(argc, argv, "user add")))
            return rc;
        char token[CLI_REQUEST_TOKEN_CAP];
        if (request_id && cli_request_token(request_id, token))
            return 2;
        if (argc != 1 || !name || !role) {
            cli_error("user add", "give LOGIN, --name and --role (see 'gongkai user --help')");
            return 2;
        }
        if (web_role_from_key(role) == ROLE_NONE) {
            cli_error("user add: --role", "'%s' is not a role (officer, reviewer, leader, office, admin)", role);
            return 2;
        }
        char pw[300];
        if ((rc = read_password(pw, sizeof pw)))
            return rc;
        struct store_user u = {0};
        if (web_password_hash(pw, u.pw_hash, &e)) {
            cli_error("user add: password", "at least 8 characters with letters and digits");
            return 2;
        }
        if ((rc = open_store(ctx, &st)))
            return rc;
        struct store_agency a;
        if ((rc = store_agency_resolve(st, ctx->agency, &a, &e))) {
            store_close(st);
            return cli_report_err(&e);
        }
        u.agency_id = a.id;
        if (lim_copy(LIM_F_USER_LOGIN, u.login, sizeof u.login, argv[0], &e) ||
            lim_copy(LIM_F_USER_NAME, u.name, sizeof u.name, name, &e)) {
            store_close(st);
            return cli_report_err(&e);
        }
        snprintf(u.role, sizeof u.role, "%s", role);
        u.active = true;
        int64_t id;
        /* a retry under the same --request-id: the first account, nothing added */
        int found = request_id ? cli_request_find(st, a.id, token, "user", &id) : 0;
        if (found > 0 && store_user_get(st, id, &u, &e))
            found = -cli_report_err(&e);
        if (found) {
            store_close(st);
            if (found < 0)
                return -found;
            fprintf(stderr, "gongkai: --request-id %s was used before: nothing added\n", request_id);
            printf("account %s (%s) added to %s\n", u.login, web_role_label(web_role_from_key(u.role)), a.name);
            return 0;
        }
        /* the account and the request id: both or neither */
        rc = store_begin(st, &e);
        if (!rc && !(rc = store_user_create(st, &u, "cli", NULL, &id, &e)) && request_id)
            rc = store_form_token_put(st, a.id, token, "user", id, &e);
        if (rc)
            store_rollback(st);
        else
            rc = store_commit(st, &e);
        store_close(st);
        if (rc)
            return cli_report_err(&e);
        printf("account %s (%s) added to %s\n", u.login, web_role_label(web_role_from_key(role)), a.name);
        return 0;
    }
    if (strcmp(sub, "list") == 0) {
        if ((rc = open_store(ctx, &st)))
            return rc;
        struct store_agency a;
        struct store_user *us = NULL;
        size_t n = 0;
        rc = store_agency_resolve(st, ctx->agency, &a, &e);
        if (!rc)
            rc = store_user_list(st, a.id, &us, &n, &e);
        store_close(st);
        if (rc)
            return cli_report_err(&e);
        for (size_t i = 0; i < n; i++)
            printf("%s\t%s\t%s\t%s\n", us[i].login, us[i].name, us[i].role, us[i].active ? "active" : "disabled");
        free(us);
        return 0;
    }
    if (strcmp(sub, "passwd") == 0 || strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
        if (argc != 1) {
            cli_error("user", "give the LOGIN");
            return 2;
        }
        char pw[300], hash[128];
        if (strcmp(sub, "passwd") == 0) {
            if ((rc = read_password(pw, sizeof pw)))
                return rc;
            if (web_password_hash(pw, hash, &e)) {
                cli_error("user passwd", "at least 8 characters with letters and digits");
                return 2;
            }
        }
        if ((rc = open_store(ctx, &st)))
            return rc;
        struct store_user u;
        rc = store_user_by_login(st, argv[0], &u, &e);
        if (!rc) {
            /* the change, the end of the account's sessions and the audit entry: all or none */
            bool passwd = strcmp(sub, "passwd") == 0;
            u.active = passwd ? u.active : strcmp(sub, "enable") == 0;
            struct store_user_change c = {.user_id = u.id, .set = passwd ? NULL : &u, .pw_hash = passwd ? hash : NULL,
                                          .end_sessions = true, .actor = "cli",
                                          .action = passwd ? "password_reset" : "update"};
            rc = store_user_change(st, &c, &e);
        }
        store_close(st);
        return rc ? cli_report_err(&e) : 0;
    }
    cli_error("user", "unknown subcommand '%s' (add, list, passwd, disable, enable)", sub);
    return 2;
}
