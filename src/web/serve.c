/* web — the server's start, main loop and stop: the listening address, the
 * settings read once at start-up (limits, sessions, the address-hashing
 * key), libmicrohttpd's daemon with its thread pool, once a second the
 * connection watch and once a minute the housekeeping, and the graceful
 * shutdown on SIGTERM/SIGINT. The limits and their settings:
 * docs/operations.md §2. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "calendar/calendar.h"
#include "web/server_internal.h"

/* ---- listening address ---- */

static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len, bool *v6, err *e)
{
    memset(ss, 0, sizeof *ss);
    const char *colon = strrchr(s, ':');
    if (!colon)
        return err_set(e, GK_EINVAL, "--listen", "'%s' is not ADDR:PORT", s);
    int64_t port;
    if (!parse_i64(colon + 1, strlen(colon + 1), &port) || port < 0 || port > 65535)
        return err_set(e, GK_EINVAL, "--listen", "'%s' has no valid port", s);
    char host[128];
    size_t hl = (size_t)(colon - s);
    if (hl >= sizeof host)
        return err_set(e, GK_EINVAL, "--listen", "address too long");
    memcpy(host, s, hl);
    host[hl] = '\0';
    if (host[0] == '[' && hl >= 2 && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        memmove(host, host + 1, hl - 1);
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1)
            return err_set(e, GK_EINVAL, "--listen", "'%s' is not an IPv6 address", host);
        *len = sizeof *a6;
        *v6 = true;
        return 0;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    if (!host[0] || strcmp(host, "*") == 0)
        a4->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (strcmp(host, "localhost") == 0)
        a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
        return err_set(e, GK_EINVAL, "--listen", "'%s' is not an IPv4 address", host);
    *len = sizeof *a4;
    *v6 = false;
    return 0;
}

/* ---- housekeeping and settings ---- */

static int setting_int(store_t *st, int64_t agency, const char *key, int def)
{
    buf b;
    buf_init(&b);
    int v = def;
    int64_t x;
    if (store_setting_get(st, agency, key, &b, NULL) == 0 && b.data && parse_i64(b.data, b.len, &x) &&
        x > 0 && x < 100000000)
        v = (int)x;
    buf_free(&b);
    return v;
}

/* A setting from lo to hi (0 allowed when lo is 0), else def. */
static int setting_in(store_t *st, int64_t agency, const char *key, int def, int lo, int hi)
{
    buf b;
    buf_init(&b);
    int v = def;
    int64_t x;
    if (store_setting_get(st, agency, key, &b, NULL) == 0 && b.data && parse_i64(b.data, b.len, &x) &&
        x >= lo && x <= hi)
        v = (int)x;
    buf_free(&b);
    return v;
}

/* The connection limits (docs/operations.md lists them). */
struct conn_limits {
    unsigned max_conn, per_ip, idle_s;
    int header_s, min_rate;
};

static void conn_limits_read(web_app *app, store_t *st, struct conn_limits *l)
{
    int64_t ag = app->agency.id;
    l->max_conn = (unsigned)setting_in(st, ag, "web.max_connections", 4096, 16, 1000000);
    /* behind a proxy every connection comes from the proxy: no default limit */
    l->per_ip = (unsigned)setting_in(st, ag, "web.connections_per_ip", app->cfg.trust_proxy ? 0 : 64, 0, 1000000);
    l->idle_s = (unsigned)setting_in(st, ag, "web.idle_timeout_s", 30, 1, 3600);
    l->header_s = setting_in(st, ag, "web.header_timeout_s", 10, 1, 600);
    l->min_rate = setting_in(st, ag, "web.body_min_rate_bps", 1024, 0, 100000000);
    /* a connection is a descriptor: stay under the process's limit */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < l->max_conn + 64)
        l->max_conn = rl.rlim_cur > 128 ? (unsigned)rl.rlim_cur - 64 : 64;
    app->body_mem_max = (size_t)setting_in(st, ag, "web.body_memory_mb", 128, 1, 1000000) * 1024 * 1024;
    app->retry_after_s = 10;
}

static void audit_checkpoint(store_t *st)
{
    err e = {0};
    int n;
    const char *path = store_audit_checkpoint_path(st);
    if (path && *path && store_audit_checkpoint(st, path, &n, &e))
        fprintf(stderr, "gongkai: audit checkpoint: %s: %s\n", e.where, e.msg);
}

static void housekeeping(web_app *app, store_t *st)
{
    time_t now = time(NULL);
    err e = {0};
    store_session_purge(st, (int64_t)now - app->session_idle_s, (int64_t)now - app->session_max_s, &e);
    store_rate_purge(st, (int64_t)now - 86400, &e);
}

/* The default agency: --agency, or the only one; several and none named
 * make a platform (issue 13): "/" is the platform home and each agency is
 * served under /{code}/ (or its host name). */
static int serve_agency(web_app *app, store_t *st, err *e)
{
    struct store_agency *all = NULL;
    size_t n = 0;
    int rc = store_agency_list(st, &all, &n, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        app->hosts |= all[i].host[0] != '\0';
    free(all);
    if (!app->cfg.agency && n > 1) {
        app->platform = true;
        return 0;
    }
    return store_agency_resolve(st, app->cfg.agency, &app->agency, e);
}

/* The settings read once at start-up: the count-from rule, sessions, login
 * and application limits, body limits. */
static void serve_settings(web_app *app, store_t *st)
{
    int64_t ag = app->agency.id;
    buf v;
    buf_init(&v);
    if (store_setting_get(st, ag, "disclosure.count_from", &v, NULL) == 0 && v.data &&
        strcmp(v.data, "same_day") == 0)
        cal_set_count_from_same_day(app->cal, true);
    buf_free(&v);
    app->session_idle_s = setting_int(st, ag, "web.session_idle_minutes", 30) * 60;
    app->session_max_s = setting_int(st, ag, "web.session_max_hours", 12) * 3600;
    app->login_fail_max = setting_int(st, ag, "web.login_fail_max", 5);
    web_password_policy_load(st, ag);
    app->login_fail_window_s = setting_int(st, ag, "web.login_fail_window_minutes", 15) * 60;
    app->apply_per_ip_hour = setting_int(st, ag, "web.applications_per_ip_hour", 5);
    app->apply_per_phone_day = setting_int(st, ag, "web.applications_per_phone_day", 10);
    app->apply_per_id_day = setting_int(st, ag, "web.applications_per_id_day", 10);
    app->apply_surge_per_hour = setting_int(st, ag, "web.applications_surge_per_hour", 60);
    app->form_limit = (size_t)setting_int(st, ag, "web.form_limit_kb", 64) * 1024;
    app->upload_limit = (size_t)setting_int(st, ag, "web.upload_limit_mb", 20) * 1024 * 1024;
}

/* The key that hashes client addresses for the rate limits: one per
 * deployment, kept in the settings, so that limits survive a restart and
 * every node of a deployment counts alike. */
static void serve_secret(web_app *app, store_t *st)
{
    buf v;
    buf_init(&v);
    bool have = store_setting_get(st, 0, "web.secret", &v, NULL) == 0 && v.len == 64 &&
                sodium_hex2bin(app->secret, sizeof app->secret, v.data, 64, NULL, NULL, NULL) == 0;
    if (!have) {   /* nodes starting at once all keep the first one's key */
        char hex[65];
        randombytes_buf(app->secret, sizeof app->secret);
        sodium_bin2hex(hex, sizeof hex, app->secret, sizeof app->secret);
        buf_reset(&v);
        if (store_setting_init(st, 0, "web.secret", hex, &v, NULL) == 0 && v.len == 64)
            sodium_hex2bin(app->secret, sizeof app->secret, v.data, 64, NULL, NULL, NULL);
    }
    buf_free(&v);
}

/* Everything before the daemon: the store, the agency, the templates, the
 * calendar, the settings, the per-thread keys. */
static int serve_prepare(web_app *app, store_t **st, err *e)
{
    int rc;
    if ((rc = store_open(app->cfg.db_path, st, e)) || (rc = serve_agency(app, *st, e)))
        return rc;
    if ((rc = tpl_init(e)) || (rc = web_static_init(app, e)))
        return rc;
    /* The working-day calendar: what gongkai ships plus the years imported
     * into the store (a year imported while the server runs needs a restart). */
    if ((rc = store_calendar_for(*st, app->agency.id, &app->cal, e)))
        return rc;
    serve_settings(app, *st);
    serve_secret(app, *st);
    app->cache = server_cache_new();
    if (pthread_key_create(&app->store_key, server_close_store))
        return err_set(e, GK_EIO, "serve", "cannot create the per-thread store key");
    if (pthread_key_create(&app->replica_key, server_close_store)) {
        pthread_key_delete(app->store_key);
        return err_set(e, GK_EIO, "serve", "cannot create the per-thread store key");
    }
    return 0;
}

static int serve_open_log(web_app *app, err *e)
{
    const char *path = app->cfg.access_log;
    if (!path)
        return 0;
    if (strcmp(path, "-") == 0)
        app->log_fd = dup(2);
    else
        app->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (app->log_fd < 0)
        return err_set(e, GK_EIO, path, "cannot open the access log: %s", strerror(errno));
    return 0;
}

/* The listening address as the server announces it. */
struct serve_addr {
    struct sockaddr_storage ss;
    socklen_t len;
    bool v6;
};

static int serve_start_daemon(web_app *app, store_t *st, const struct serve_addr *a, err *e)
{
    const struct web_config *cfg = &app->cfg;
    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1)
        threads = 1;
    struct conn_limits lim;
    conn_limits_read(app, st, &lim);
    app->watch = watch_new(lim.header_s, lim.min_rate);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_TURBO |
                     MHD_USE_ERROR_LOG | (a->v6 ? MHD_USE_IPv6 : 0);
    app->d = MHD_start_daemon(flags, 0, NULL, NULL, server_on_request, app,
                              MHD_OPTION_EXTERNAL_LOGGER, server_mhd_log, NULL,
                              MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&a->ss,
                              MHD_OPTION_THREAD_POOL_SIZE, threads,
                              MHD_OPTION_CONNECTION_LIMIT, lim.max_conn,
                              MHD_OPTION_PER_IP_CONNECTION_LIMIT, lim.per_ip,
                              MHD_OPTION_CONNECTION_TIMEOUT, lim.idle_s,
                              MHD_OPTION_NOTIFY_CONNECTION, watch_on_connection, app,
                              MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
                              MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
                              MHD_OPTION_NOTIFY_COMPLETED, server_on_completed, app,
                              MHD_OPTION_END);
    if (!app->d)
        return err_set(e, GK_EIO, "--listen", "cannot listen on %s (in use, or not an address of this machine)",
                       cfg->listen ? cfg->listen : "127.0.0.1:8080");
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(app->d, MHD_DAEMON_INFO_BIND_PORT);
    app->port = di ? di->port : 0;
    return 0;
}

/* Tells the caller (cfg.on_ready) the address the server answers on. */
static void serve_announce(web_app *app, const struct serve_addr *a)
{
    if (!app->cfg.on_ready)
        return;
    char host[80] = "127.0.0.1";
    if (a->v6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)&a->ss)->sin6_addr, host, sizeof host);
    else if (((const struct sockaddr_in *)&a->ss)->sin_addr.s_addr != htonl(INADDR_ANY))
        inet_ntop(AF_INET, &((const struct sockaddr_in *)&a->ss)->sin_addr, host, sizeof host);
    char url[160];
    snprintf(url, sizeof url, a->v6 ? "http://[%s]:%d/" : "http://%s:%d/", host, app->port);
    app->cfg.on_ready(url, app->cfg.on_ready_arg);
}

/* Until SIGTERM or SIGINT: once a second the connection watch, once a
 * minute the housekeeping, hourly the audit chain's heads to the
 * checkpoint file outside the database (docs/operations.md §17). */
static void serve_loop(web_app *app, store_t *st, const sigset_t *set)
{
    for (unsigned tick = 1;; tick++) {
        struct timespec ts = {1, 0};
        int sig = sigtimedwait(set, NULL, &ts);
        if (sig == SIGTERM || sig == SIGINT)
            break;
        watch_sweep(app->watch);
        if (tick % 60 == 0) {
            housekeeping(app, st);
            watch_report(app->watch);
        }
        if (tick % 3600 == 0)
            audit_checkpoint(st);
    }
}

/* Graceful: stop accepting, let what is in flight finish (5 s at most). */
static void serve_stop(web_app *app)
{
    MHD_socket ls = MHD_quiesce_daemon(app->d);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    for (int i = 0; i < 100; i++) {
        const union MHD_DaemonInfo *ci = MHD_get_daemon_info(app->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!ci || ci->num_connections == 0)
            break;
        struct timespec w = {0, 50 * 1000 * 1000};
        nanosleep(&w, NULL);
    }
    MHD_stop_daemon(app->d);
    atomic_store(&app->stopping, true);
    web_mail_stop(app);
    if (app->watching)
        pthread_join(app->watcher, NULL);
}

/* Runs the daemon with the signals blocked in every thread but this one
 * (workers inherit the mask), until a signal stops it. */
static int serve_run(web_app *app, store_t *st, const struct serve_addr *a, err *e)
{
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    signal(SIGPIPE, SIG_IGN);
    int rc = serve_start_daemon(app, st, a, e);
    if (rc == 0) {
        serve_announce(app, a);
        app->watching = pthread_create(&app->watcher, NULL, server_watcher_main, app) == 0;
        web_mail_start(app);
        serve_loop(app, st, &set);
        serve_stop(app);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

int web_serve(const struct web_config *cfg, err *e)
{
    if (sodium_init() < 0)
        return err_set(e, GK_EIO, "serve", "libsodium could not start");
    /* Requests allocate and free page-sized buffers all the time: keep freed
     * memory in the process instead of returning it to the kernel after each
     * request (which costs a TLB shootdown across the worker threads). */
    mallopt(M_MMAP_THRESHOLD, 8 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    web_app *app = xcalloc(1, sizeof *app);
    app->cfg = *cfg;
    app->log_fd = -1;
    store_t *st = NULL;
    struct serve_addr a = {.v6 = false};
    int rc = parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &a.ss, &a.len, &a.v6, e);
    bool keys = false;
    if (rc == 0 && (rc = serve_prepare(app, &st, e)) == 0) {
        keys = true;
        if ((rc = serve_open_log(app, e)) == 0)
            rc = serve_run(app, st, &a, e);
    }
    if (app->log_fd >= 0)
        close(app->log_fd);
    if (keys) {
        pthread_key_delete(app->replica_key);
        pthread_key_delete(app->store_key);
    }
    watch_free(app->watch);
    server_cache_free(app->cache);
    if (app->cal)
        cal_free(app->cal);
    tpl_free();
    store_close(st);
    free(app);
    return rc;
}
