/* web — the server core, the requests: libmicrohttpd's callbacks, requests
 * judged on their headers before any body is read, bodies under the route's
 * limit and a cap on all bodies in memory, one store connection per worker
 * thread (and one to the standby for public pages), a cache of public pages
 * (keyed on the normalised query) valid while the content is unchanged, and
 * the structured access log. The start, the main loop and the shutdown are
 * serve.c's; the header deadline and body rate, conn_watch.c's. The limits
 * and their settings: docs/operations.md §2. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
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

/* ---- the page cache ------------------------------------------------------ */

#define CACHE_SLOTS 2048
#define CACHE_MAX_AGE_S 60
#define CACHE_MAX_BODY (512 * 1024)

struct cslot {
    pthread_mutex_t mu;
    char *key;
    uint64_t gen;
    time_t at;
    struct MHD_Response *resp;
    size_t len;
};
struct page_cache {
    struct cslot s[CACHE_SLOTS];
};

struct page_cache *server_cache_new(void)
{
    struct page_cache *c = xcalloc(1, sizeof *c);
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        pthread_mutex_init(&c->s[i].mu, NULL);
    return c;
}

void server_cache_free(struct page_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        if (c->s[i].resp)
            MHD_destroy_response(c->s[i].resp);
        free(c->s[i].key);
        pthread_mutex_destroy(&c->s[i].mu);
    }
    free(c);
}

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Each thread remembers the store's data version it saw last: a change made
 * through another connection (another thread, the CLI) invalidates the cache. */
static __thread int64_t t_data_version = -1;
static __thread time_t t_checked;

static void check_external_change(web_app *app, store_t *st)
{
    /* Changes made through this server bump the generation themselves; this
     * check is for other processes (the CLI), so once a second is enough. */
    time_t now = time(NULL);
    if (now == t_checked)
        return;
    t_checked = now;
    int64_t v = store_data_version(st);
    if (t_data_version != -1 && v != t_data_version)
        web_content_changed(app);
    t_data_version = v;
}

void web_content_changed(web_app *app) { atomic_fetch_add(&app->gen, 1); }

/* ---- per-thread store ---- */

void server_close_store(void *p) { store_close(p); }

store_t *web_store(web_app *app, err *e)
{
    store_t *st = pthread_getspecific(app->store_key);
    if (st)
        return st;
    if (store_open(app->cfg.db_path, &st, e))
        return NULL;
    pthread_setspecific(app->store_key, st);
    return st;
}

/* The worker thread's store on the standby, for public pages; NULL (the
 * primary serves them) when none is set or it cannot be reached, tried
 * again every REPLICA_RETRY_S seconds. */
#define REPLICA_RETRY_S 5
static __thread time_t t_replica_retry;

static store_t *replica_store(web_app *app)
{
    store_t *st = pthread_getspecific(app->replica_key);
    if (st || !app->cfg.replica)
        return st;
    time_t now = time(NULL);
    if (now < t_replica_retry)
        return NULL;
    err e = {0};
    if (store_open_replica(app->cfg.replica, &st, &e)) {
        fprintf(stderr, "gongkai: serve: --replica: %s; public pages read the primary\n", e.msg);
        t_replica_retry = now + REPLICA_RETRY_S;
        return NULL;
    }
    pthread_setspecific(app->replica_key, st);
    return st;
}

/* After a failure on the standby: its connection is dropped, and opened
 * again (or the primary used) on the next public page. */
static void replica_drop(web_app *app)
{
    store_t *st = pthread_getspecific(app->replica_key);
    if (!st)
        return;
    store_close(st);
    pthread_setspecific(app->replica_key, NULL);
    t_replica_retry = time(NULL) + 1;
}

/* ---- other nodes' changes (PostgreSQL) ----
 * One thread listens on the primary (store_watch_*): whatever any node or
 * command commits to what public pages show drops this node's page cache,
 * within a second. While the connection is down the cache is dropped again
 * on every try, since changes may be missed. */
void *server_watcher_main(void *arg)
{
    web_app *app = arg;
    store_watch *w = NULL;
    bool told = false;
    while (!atomic_load(&app->stopping)) {
        err e = {0};
        if (!w) {
            int rc = store_watch_open(app->cfg.db_path, app->cfg.replica, &w, &e);
            if (rc == GK_ENOTFOUND)
                return NULL;   /* SQLite: store_data_version sees every change */
            web_content_changed(app);
            if (rc) {
                if (!told)
                    fprintf(stderr, "gongkai: serve: cannot hear other nodes' changes: %s\n", e.msg);
                told = true;
                sleep(1);
                continue;
            }
            told = false;
        }
        int rc = store_watch_wait(w, 250, &e);
        if (rc == 1) {
            web_content_changed(app);
        } else if (rc < 0) {
            fprintf(stderr, "gongkai: serve: %s\n", e.msg);
            store_watch_close(w);
            w = NULL;
        }
    }
    store_watch_close(w);
    return NULL;
}

/* ---- responses ---- */

static const char CSP[] =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

static void add_standard_headers(struct MHD_Response *resp, web_req *r)
{
    /* A handler may set its own, stricter or (for a standalone download) looser, policy. */
    if (!kv_get(&r->hdrs, "Content-Security-Policy"))
        MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    if (r->ctype)
        MHD_add_response_header(resp, "Content-Type", r->ctype);
    bool has_cc = false;
    for (size_t i = 0; i < r->hdrs.n; i++) {
        MHD_add_response_header(resp, r->hdrs.v[i].k, r->hdrs.v[i].v);
        if (strcasecmp(r->hdrs.v[i].k, "Cache-Control") == 0)
            has_cc = true;
    }
    if (!has_cc) {
        if (r->cacheable)
            MHD_add_response_header(resp, "Cache-Control", "public, max-age=60");
        else
            MHD_add_response_header(resp, "Cache-Control", "no-store");
    }
}

static struct MHD_Response *make_response(web_req *r)
{
    struct MHD_Response *resp;
    web_prefix_links(r);
    r->sent_bytes = r->out.len;
    if (r->out.len) {
        size_t n = r->out.len;
        resp = MHD_create_response_from_buffer(n, buf_detach(&r->out), MHD_RESPMEM_MUST_FREE);
    } else {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (resp)
        add_standard_headers(resp, r);
    return resp;
}


/* ---- requests ---- */

static int method_of(const char *m)
{
    if (strcmp(m, "GET") == 0)
        return M_GET;
    if (strcmp(m, "POST") == 0)
        return M_POST;
    if (strcmp(m, "HEAD") == 0)
        return M_HEAD;
    if (strcmp(m, "PUT") == 0)
        return M_PUT;
    if (strcmp(m, "DELETE") == 0)
        return M_DELETE;
    return M_OTHER;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    web_req *r = cls;
    (void)kind;
    if (!key)
        return MHD_YES;
    const char *v = value ? value : "";
    if (r->query.n >= 64 || !utf8_valid(key, strlen(key), NULL) || !utf8_valid(v, strlen(v), NULL)) {
        r->body_bad = true;
        return MHD_NO;
    }
    kv_add(&r->a, &r->query, arena_strdup(&r->a, key), arena_strdup(&r->a, v), strlen(v));
    return MHD_YES;
}

static void client_ip(web_req *r)
{
    if (r->app->cfg.trust_proxy) {
        const char *xff = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Forwarded-For");
        if (xff && *xff) {
            const char *last = strrchr(xff, ',');
            last = last ? last + 1 : xff;
            while (*last == ' ')
                last++;
            snprintf(r->ip, sizeof r->ip, "%s", last);
            return;
        }
    }
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr) {
        snprintf(r->ip, sizeof r->ip, "-");
        return;
    }
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->ip, sizeof r->ip);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->ip, sizeof r->ip);
    else
        snprintf(r->ip, sizeof r->ip, "-");
}

static web_req *req_new(web_app *app, struct MHD_Connection *c, const char *url, const char *method)
{
    web_req *r = xcalloc(1, sizeof *r);
    clock_gettime(CLOCK_MONOTONIC, &r->t0);
    r->app = app;
    r->conn = c;
    r->method_s = arena_strdup(&r->a, method);
    r->method = method_of(method);
    r->path = arena_strdup(&r->a, url);
    r->agency = app->agency;
    r->prefix = "";
    r->cal = app->cal;
    r->status = HTTP_INTERNAL;
    buf_init(&r->out);
    buf_init(&r->body);
    client_ip(r);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, r);
    r->large = web_q(r, "size") && strcmp(web_q(r, "size"), "large") == 0;
    r->small = web_q(r, "size") && strcmp(web_q(r, "size"), "small") == 0;
    r->print = web_q(r, "print") && strcmp(web_q(r, "print"), "1") == 0;
    return r;
}

static void req_free(web_req *r)
{
    if (r->body_reserved)
        atomic_fetch_sub(&r->app->body_mem, r->body_reserved);
    buf_free(&r->out);
    buf_free(&r->body);
    cal_free(r->own_cal);
    arena_free(&r->a);
    free(r);
}

static enum MHD_Result send_response(web_req *r)
{
    struct MHD_Response *resp = make_response(r);
    if (!resp)
        return MHD_NO;
    enum MHD_Result rc = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* Serves from the cache when it can; true when it did. */
static bool cache_serve(web_req *r, const char *key, enum MHD_Result *rc)
{
    struct page_cache *c = r->app->cache;
    struct cslot *s = &c->s[fnv1a(key, strlen(key)) % CACHE_SLOTS];
    bool hit = false;
    pthread_mutex_lock(&s->mu);
    if (s->key && strcmp(s->key, key) == 0 && s->gen == atomic_load(&r->app->gen) &&
        time(NULL) - s->at < CACHE_MAX_AGE_S) {
        *rc = MHD_queue_response(r->conn, MHD_HTTP_OK, s->resp);
        r->status = HTTP_OK;
        r->sent_bytes = s->len;
        hit = true;
    }
    pthread_mutex_unlock(&s->mu);
    return hit;
}

static enum MHD_Result cache_store_and_send(web_req *r, const char *key, uint64_t gen)
{
    struct MHD_Response *resp = make_response(r);
    if (!resp)
        return MHD_NO;
    struct cslot *s = &r->app->cache->s[fnv1a(key, strlen(key)) % CACHE_SLOTS];
    pthread_mutex_lock(&s->mu);
    if (s->resp)
        MHD_destroy_response(s->resp);
    free(s->key);
    s->key = xstrdup(key);
    s->resp = resp;
    s->gen = gen;
    s->at = time(NULL);
    s->len = r->sent_bytes;
    enum MHD_Result rc = MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

static enum MHD_Result too_busy(web_req *r);

/* Everything that happens once the whole body has arrived. */
static enum MHD_Result process(web_req *r)
{
    web_app *app = r->app;
    err e = {0};
    if (r->body_overflow) {
        web_error(r, HTTP_TOO_LARGE, "提交的内容超过了大小限制。");
        return send_response(r);
    }
    if (r->body_bad) {
        web_error(r, HTTP_BAD_REQUEST, "请求的网址参数无效。");
        return send_response(r);
    }
    if (r->body_busy)
        return too_busy(r);
    bool get = r->method & (M_GET | M_HEAD);
    /* public pages from the standby when there is one (and it answers) */
    if (get && r->route && (r->route->flags & R_CACHE) && app->cfg.replica)
        r->st = replica_store(app);
    if (!r->st)
        r->st = web_store(app, &e);
    if (!r->st) {
        fprintf(stderr, "gongkai: serve: %s\n", e.msg);
        web_error(r, HTTP_UNAVAILABLE, "服务暂时不可用，请稍后再试。");
        return send_response(r);
    }
    check_external_change(app, r->st);
    const char *key = NULL;
    uint64_t gen = atomic_load(&app->gen);
    if (get && r->route && (r->route->flags & R_CACHE)) {
        /* normalised whether or not the cache is on: the page is the same */
        key = web_cache_key(r);
        enum MHD_Result rc;
        if (app->cfg.no_page_cache)
            key = NULL;
        else if (cache_serve(r, key, &rc))
            return rc;
    }
    web_dispatch(r);
    if (r->status >= HTTP_INTERNAL && app->cfg.replica && r->st == pthread_getspecific(app->replica_key))
        replica_drop(app);
    if (!get && r->status < HTTP_INTERNAL)
        web_content_changed(app);
    if (key && r->cacheable && r->status == HTTP_OK && r->out.len <= CACHE_MAX_BODY)
        return cache_store_and_send(r, key, gen);
    return send_response(r);
}

/* Counts n more bytes of bodies in memory; false when that would pass the
 * cap (web.body_memory_mb). */
static bool body_reserve(web_req *r, size_t n)
{
    web_app *app = r->app;
    size_t cur = atomic_load(&app->body_mem);
    do {
        if (cur + n > app->body_mem_max)
            return false;
    } while (!atomic_compare_exchange_weak(&app->body_mem, &cur, cur + n));
    r->body_reserved += n;
    return true;
}

static enum MHD_Result too_busy(web_req *r)
{
    char s[16];
    snprintf(s, sizeof s, "%d", r->app->retry_after_s);
    web_add_header(r, "Retry-After", s);
    web_error(r, HTTP_UNAVAILABLE, "服务器正忙，请稍后再试。");
    return send_response(r);
}

/* The first call, with the headers only: a request that carries a body is
 * judged here, before any of it is read, by the login, the permission, the
 * route's body limit and the memory left for bodies. */
static enum MHD_Result on_headers(web_req *r)
{
    web_app *app = r->app;
    struct MHD_Connection *c = r->conn;
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    int64_t len = 0;
    if (cl && (!parse_i64(cl, strlen(cl), &len) || len < 0)) {
        web_error(r, HTTP_BAD_REQUEST, "请求的长度无效。");
        return send_response(r);
    }
    if (len == 0 && !te) {
        /* Answer on the next call: answering before MHD has read the (empty)
         * body makes it close the connection instead of keeping it alive. */
        watch_set(app, c, W_BUSY, 0);
        return MHD_YES;
    }
    err e = {0};
    r->st = web_store(app, &e);
    if (!r->st) {
        fprintf(stderr, "gongkai: serve: %s\n", e.msg);
        web_error(r, HTTP_UNAVAILABLE, "服务暂时不可用，请稍后再试。");
        return send_response(r);
    }
    if (!web_gate(r))
        return send_response(r);
    size_t lim = r->route->body_max;
    r->body_limit = lim == WEB_BODY_UPLOAD ? app->upload_limit : lim == WEB_BODY_FORM ? app->form_limit : lim;
    if ((uint64_t)len > r->body_limit) {
        r->body_overflow = true;
        return process(r);
    }
    if (len > 0 && !body_reserve(r, (size_t)len))
        return too_busy(r);
    watch_set(app, c, W_BODY, 0);
    return MHD_YES;
}

enum MHD_Result server_on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    web_app *app = cls;
    web_req *r = *con_cls;
    if (!r) {
        r = req_new(app, c, url, method);
        *con_cls = r;
        int m = r->method == M_HEAD ? M_GET : r->method;
        web_agency_resolve(r);
        bool known = false;
        r->route = web_route_match(web_routes, m, r->path, r->params, &r->nparams, &r->a, &known);
        r->body_limit = app->form_limit;
        return on_headers(r);
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        watch_set(app, c, W_BODY, n);
        if (r->body_overflow)
            return MHD_YES;
        if (r->body.len + n > r->body_limit) {
            r->body_overflow = true;
            return MHD_YES;
        }
        /* chunked bodies (no Content-Length) are counted as they come */
        if (r->body_busy)
            return MHD_YES;
        if (r->body.len + n > r->body_reserved && !body_reserve(r, r->body.len + n - r->body_reserved)) {
            r->body_busy = true;   /* the rest is read and dropped; the answer is 503 */
            buf_free(&r->body);
            return MHD_YES;
        }
        buf_append(&r->body, upload, n);
        return MHD_YES;
    }
    watch_set(app, c, W_BUSY, 0);
    return process(r);
}

/* ---- access log ----
 * One line per request, key=value, the values that come from outside quoted
 * and escaped (web_log_escape): a %0a in a path cannot start a line of its
 * own. The path only: query strings and bodies may carry what people typed.
 * The audit trail, not this log, is the record of what staff did. */

#define LOG_PATH_MAX 400   /* bytes of the path kept in a line */

static const char *end_word(enum MHD_RequestTerminationCode toe)
{
    switch (toe) {
    case MHD_REQUEST_TERMINATED_COMPLETED_OK: return "ok";
    case MHD_REQUEST_TERMINATED_WITH_ERROR: return "error";
    case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED: return "timeout";
    case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN: return "shutdown";
    case MHD_REQUEST_TERMINATED_READ_ERROR: return "read_error";
    case MHD_REQUEST_TERMINATED_CLIENT_ABORT: return "client_abort";
    }
    return "other";
}

static void log_field(buf *b, const char *name, const char *v)
{
    buf_printf(b, " %s=\"", name);
    web_log_escape(b, v);
    buf_putc(b, '"');
}

static void access_log(web_app *app, web_req *r, enum MHD_RequestTerminationCode toe)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - r->t0.tv_sec) * 1e3 + (t1.tv_nsec - r->t0.tv_nsec) / 1e6;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", &tm);
    size_t pl = strlen(r->path);
    buf b;
    buf_init(&b);
    buf_printf(&b, "time=%s", when);
    log_field(&b, "ip", r->ip);
    log_field(&b, "method", r->method_s);
    log_field(&b, "path", pl > LOG_PATH_MAX ? arena_strndup(&r->a, r->path, LOG_PATH_MAX) : r->path);
    if (pl > LOG_PATH_MAX)
        buf_printf(&b, " path_bytes=%zu", pl);
    buf_printf(&b, " status=%d bytes=%zu ms=%.1f", r->status, r->sent_bytes, ms);
    log_field(&b, "user", r->user ? r->user->login : "-");
    buf_printf(&b, " end=%s\n", end_word(toe));
    ssize_t w = write(app->log_fd, b.data, b.len);
    (void)w;
    buf_free(&b);
}

void server_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    web_app *app = cls;
    web_req *r = *con_cls;
    if (!r)
        return;
    /* a kept-alive connection now waits for the next request's headers */
    watch_set(app, c, W_HEADERS, 0);
    if (app->log_fd >= 0)
        access_log(app, r, toe);
    req_free(r);
    *con_cls = NULL;
}

void server_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t l = strlen(msg);
    while (l && (msg[l - 1] == '\n' || msg[l - 1] == '\r'))
        msg[--l] = '\0';
    buf b;
    buf_init(&b);
    web_log_escape(&b, msg);
    fprintf(stderr, "gongkai: serve: %s\n", b.data ? b.data : "");
    buf_free(&b);
}

