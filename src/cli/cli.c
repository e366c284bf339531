/* cli — shared helpers for the command groups. See cli.h. */
#include "cli/cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_error(const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gongkai: ", stderr);
    if (where && *where)
        fprintf(stderr, "%s: ", where);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

const char *cli_where(const err *e, char out[CLI_WHERE_CAP])
{
    if (!e->field || strncmp(e->where, "--", 2) == 0)
        return e->where;
    snprintf(out, CLI_WHERE_CAP, "--%s", e->where);
    for (char *p = out + 2; *p; p++)
        if (*p == '_')
            *p = '-';
    return out;
}

int cli_exit_status(const err *e)
{
    return e->code ? gk_exit_status(e->code) : 1;   /* a failure nobody classified */
}

int cli_report_err(const err *e)
{
    return cli_report_err_in(NULL, e);
}

int cli_report_err_in(const char *cmd, const err *e)
{
    char opt[CLI_WHERE_CAP];
    const char *where = cli_where(e, opt);
    cli_error(where[0] || !cmd ? where : cmd, "%s", e->code ? err_text(e) : e->msg[0] ? e->msg : "failed");
    return cli_exit_status(e);
}

static void drop(int *argc, char **argv, int i, int n)
{
    memmove(argv + i, argv + i + n, sizeof(char *) * (size_t)(*argc - i - n + 1));
    *argc -= n;
}

const char *cli_opt(int *argc, char **argv, const char *name)
{
    size_t l = strlen(name);
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strncmp(argv[i], name, l) == 0 && argv[i][l] == '=') {
            const char *v = argv[i] + l + 1;
            drop(argc, argv, i, 1);
            return v;
        }
        if (strcmp(argv[i], name) == 0 && i + 1 < *argc) {
            const char *v = argv[i + 1];
            drop(argc, argv, i, 2);
            return v;
        }
    }
    return NULL;
}

bool cli_flag(int *argc, char **argv, const char *name)
{
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], name) == 0) {
            drop(argc, argv, i, 1);
            return true;
        }
    }
    return false;
}

int cli_reject_unknown(int argc, char **argv, const char *cmd)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strncmp(argv[i], "--", 2) == 0) {
            cli_error(cmd, "unknown option '%s' (see '%s --help')", argv[i], cmd);
            return 2;
        }
    }
    return 0;
}

int cli_no_args(int argc, char **argv, const char *cmd)
{
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (!rc && argc) {
        cli_error(cmd, "unexpected argument '%s'", argv[0]);
        rc = 2;
    }
    return rc;
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

int cli_request_token(const char *id, char token[CLI_REQUEST_TOKEN_CAP])
{
    size_t n = strlen(id);
    for (size_t i = 0; i < n; i++)
        if (id[i] <= 0x20 || id[i] >= 0x7f) {
            cli_error("--request-id", "visible ASCII only (character %zu is not)", i + 1);
            return 2;
        }
    if (n == 0 || n > CLI_REQUEST_ID_MAX) {
        cli_error("--request-id", "1 to %d characters (this one has %zu)", CLI_REQUEST_ID_MAX, n);
        return 2;
    }
    snprintf(token, CLI_REQUEST_TOKEN_CAP, "cli:%s", id);
    return 0;
}

int cli_request_find(store_t *s, int64_t agency_id, const char *token, const char *kind, int64_t *id)
{
    char k[32];
    err e = {0};
    int rc = store_form_token_get(s, agency_id, token, k, id, &e);
    if (rc == GK_ENOTFOUND)
        return 0;
    if (rc)
        return -cli_report_err(&e);
    if (strcmp(k, kind) != 0) {
        cli_error("--request-id", "%s was used for a %s, not a %s", token + 4, k, kind);
        return -2;
    }
    return 1;
}

/* ---- the command runner ---- */

const char *cli_actor(int *argc, char **argv, const char *dflt)
{
    const char *a = NULL, *v;
    while ((v = cli_opt(argc, argv, "--actor")) != NULL || (v = cli_opt(argc, argv, "--as")) != NULL)
        a = v;   /* the last one given wins, whichever spelling */
    if (!a || !*a)
        a = getenv("GONGKAI_USER");
    if (!a || !*a)
        a = getenv("USER");
    return a && *a ? a : dflt;
}

int cli_open_store(cli_run *r)
{
    if (r->store)
        return 0;
    err e = {0};
    if (store_open(r->ctx->db_path, &r->store, &e)) {
        r->store = NULL;
        cli_error(r->ctx->db_path, "%s", err_text(&e));
        return 1;
    }
    return 0;
}

int cli_open(cli_run *r)
{
    int rc = cli_open_store(r);
    if (rc || r->have_agency)
        return rc;
    err e = {0};
    if (store_agency_resolve(r->store, r->ctx->agency, &r->agency, &e))
        return cli_report_err(&e);
    r->have_agency = true;
    return 0;
}

static bool is_help(const char *a)
{
    return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0 || strcmp(a, "help") == 0;
}

static int run_sub(cli_ctx *ctx, const struct cli_group *g, const struct cli_sub *sub, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(sub->usage ? sub->usage : g->usage, stdout);
        return 0;
    }
    cli_run r = {.ctx = ctx, .sub = sub, .arg = sub->arg};
    snprintf(r.cmd, sizeof r.cmd, "%s %s", g->name, sub->name);
    int rc = 0;
    cli_app_env env;
    if (sub->flags & CLI_APPS) {   /* takes --agency and --actor itself */
        if ((rc = cli_app_open(ctx, r.cmd, &argc, argv, &env)))
            return rc;
        r.app = &env;
        r.store = env.store;
        r.agency = env.agency;
        r.have_agency = true;
        r.actor = env.actor;
    } else {
        const char *agency = cli_opt(&argc, argv, "--agency");   /* may also follow the command */
        if (agency)
            ctx->agency = agency;
        if (sub->flags & CLI_WRITES)
            r.actor = cli_actor(&argc, argv, g->actor_default);
        if (sub->flags & CLI_NEEDS_AGENCY)
            rc = cli_open(&r);
        else if (sub->flags & CLI_NEEDS_STORE)
            rc = cli_open_store(&r);
    }
    if (!rc)
        rc = sub->run(&r, argc, argv);
    if (r.app)
        cli_app_close(r.app);
    else if (r.store)
        store_close(r.store);
    return rc;
}

int cli_run_group(cli_ctx *ctx, const struct cli_group *g, int argc, char **argv)
{
    if (argc == 0) {
        fputs(g->usage, stderr);
        return 2;
    }
    if (is_help(argv[0])) {
        fputs(g->usage, stdout);
        return 0;
    }
    for (size_t i = 0; i < g->nsubs; i++)
        if (strcmp(argv[0], g->subs[i].name) == 0)
            return run_sub(ctx, g, &g->subs[i], argc - 1, argv + 1);
    cli_error(g->name, "unknown command '%s' (see 'gongkai %s --help')", argv[0], g->name);
    return 2;
}

int cli_json_print(json_t *v, size_t flags)
{
    if (!v) {
        cli_error(NULL, "the JSON could not be built");
        return 1;
    }
    int rc = json_dumpf(v, stdout, flags);
    json_decref(v);
    if (rc)
        return 1;
    putchar('\n');
    return 0;
}
