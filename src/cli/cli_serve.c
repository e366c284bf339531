/* cli — `gongkai serve`: the public portal, the staff console and the JSON
 * API on libmicrohttpd, until SIGTERM or SIGINT. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "web/web.h"

static void ready(const char *url, void *arg)
{
    (void)arg;
    printf("gongkai: serving %s (SIGTERM or Ctrl-C stops)\n", url);
    fflush(stdout);
}

int cli_serve(cli_ctx *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        puts("usage: gongkai [--db PATH] [--agency CODE] serve [--listen ADDR:PORT] [--threads N]\n"
             "                [--access-log FILE|-] [--trust-proxy] [--secure-cookies] [--no-page-cache]\n\n"
             "Serves the public disclosure portal, the staff console (/console) and the JSON API\n"
             "(/api/v1/) until SIGTERM or Ctrl-C, then finishes the requests in flight. Every agency\n"
             "of the database is served under /{code}/ (and on its host name, if it has one); without\n"
             "--agency on a database of several agencies, / is the platform home (docs/operations.md §15).\n\n"
             "  --listen ADDR:PORT   where to listen (default 127.0.0.1:8080; port 0 picks a free one)\n"
             "  --threads N          worker threads (default: one per core)\n"
             "  --access-log FILE    one line per request (method, path, status, bytes, time); '-' = stderr\n"
             "  --trust-proxy        take the client address from X-Forwarded-For (behind nginx)\n"
             "  --secure-cookies     mark cookies Secure (when the proxy in front speaks HTTPS)\n"
             "  --no-page-cache      render every public page afresh (measuring, debugging)\n\n"
             "TLS and HTTP/2 belong to a reverse proxy in front: see docs/operations.md.");
        return 0;
    }
    struct web_config cfg = {0};
    cfg.db_path = ctx->db_path;
    cfg.agency = ctx->agency;
    cfg.listen = cli_opt(&argc, argv, "--listen");
    const char *threads = cli_opt(&argc, argv, "--threads");
    cfg.access_log = cli_opt(&argc, argv, "--access-log");
    cfg.trust_proxy = cli_flag(&argc, argv, "--trust-proxy");
    cfg.secure_cookies = cli_flag(&argc, argv, "--secure-cookies");
    cfg.no_page_cache = cli_flag(&argc, argv, "--no-page-cache");
    int rc = cli_reject_unknown(argc, argv, "serve");
    if (rc)
        return rc;
    if (argc > 0) {
        cli_error("serve", "unexpected argument '%s'", argv[0]);
        return 2;
    }
    if (threads) {
        int64_t n;
        if (!parse_i64(threads, strlen(threads), &n) || n < 1 || n > 256) {
            cli_error("serve: --threads", "'%s' is not a number from 1 to 256", threads);
            return 2;
        }
        cfg.threads = (int)n;
    }
    cfg.on_ready = ready;
    err e = {0};
    if (web_serve(&cfg, &e))
        return cli_report_err(&e);
    return 0;
}
