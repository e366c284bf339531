/* web — the server core: libmicrohttpd with a thread pool over epoll,
 * requests judged on their headers before any body is read, bodies under the
 * route's limit and a cap on all bodies in memory, connections limited per
 * address and watched for a header deadline and a body rate, one store
 * connection per worker thread, a cache of public pages (keyed on the
 * normalised query) valid while the content is unchanged, the structured
 * access log, and graceful shutdown on SIGTERM/SIGINT. The limits and their
 * settings: docs/operations.md §2. */
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
#include "web/web_internal.h"

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

static struct page_cache *cache_new(void)
{
    struct page_cache *c = xcalloc(1, sizeof *c);
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        pthread_mutex_init(&c->s[i].mu, NULL);
    return c;
}

static void cache_free(struct page_cache *c)
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

static void close_store(void *p) { store_close(p); }

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
static void *watcher_main(void *arg)
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

/* ---- the connection watch: header deadline and body rate ------------------
 * libmicrohttpd's timeout restarts on every byte, so a client sending one
 * byte every few seconds keeps a connection forever. Every connection is
 * noted here when accepted; its request headers must be complete within
 * web.header_timeout_s (counted from the accept, or from the end of the
 * previous request on a kept-alive connection), and a body must arrive at
 * web.body_min_rate_bps on average once that much time has passed. The main
 * thread checks once a second and shuts down the socket of a connection over
 * its time; libmicrohttpd then sees the end of the stream and closes it. */

enum watch_state { W_HEADERS, W_BODY, W_BUSY };
struct conn_slot {
    struct conn_slot *prev, *next;
    int fd;
    enum watch_state state;
    time_t since;                /* the state's start */
    size_t body_bytes;
};
struct conn_watch {
    pthread_mutex_t mu;
    struct conn_slot head;       /* circular list */
    int header_s, min_rate;
    uint64_t cut_headers, cut_body;
};

static struct conn_watch *watch_new(int header_s, int min_rate)
{
    struct conn_watch *w = xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->mu, NULL);
    w->head.prev = w->head.next = &w->head;
    w->header_s = header_s;
    w->min_rate = min_rate;
    return w;
}

static void watch_free(struct conn_watch *w)
{
    if (!w)
        return;
    while (w->head.next != &w->head) {
        struct conn_slot *s = w->head.next;
        w->head.next = s->next;
        free(s);
    }
    pthread_mutex_destroy(&w->mu);
    free(w);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct conn_watch *w = ((web_app *)cls)->watch;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct conn_slot *s = xcalloc(1, sizeof *s);
        s->fd = ci ? ci->connect_fd : -1;
        s->state = W_HEADERS;
        s->since = time(NULL);
        pthread_mutex_lock(&w->mu);
        s->next = w->head.next;
        s->prev = &w->head;
        w->head.next->prev = s;
        w->head.next = s;
        pthread_mutex_unlock(&w->mu);
        *socket_context = s;
    } else if (*socket_context) {
        /* called before libmicrohttpd closes the socket: once unlinked under
         * the lock, the sweep cannot touch a descriptor that is being reused */
        struct conn_slot *s = *socket_context;
        pthread_mutex_lock(&w->mu);
        s->prev->next = s->next;
        s->next->prev = s->prev;
        pthread_mutex_unlock(&w->mu);
        free(s);
        *socket_context = NULL;
    }
}

static struct conn_slot *slot_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static void watch_set(web_app *app, struct MHD_Connection *c, enum watch_state st, size_t more_bytes)
{
    struct conn_slot *s = slot_of(c);
    if (!s)
        return;
    pthread_mutex_lock(&app->watch->mu);
    if (s->state != st) {
        s->state = st;
        s->since = time(NULL);
        s->body_bytes = 0;
    }
    s->body_bytes += more_bytes;
    pthread_mutex_unlock(&app->watch->mu);
}

/* Once a second, from the main thread. */
static void watch_sweep(struct conn_watch *w)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&w->mu);
    for (struct conn_slot *s = w->head.next; s != &w->head; s = s->next) {
        time_t t = now - s->since;
        bool cut = false;
        if (s->state == W_HEADERS && t >= w->header_s) {
            cut = true;
            w->cut_headers++;
        } else if (s->state == W_BODY && t >= w->header_s && w->min_rate > 0 &&
                   s->body_bytes < (size_t)w->min_rate * (size_t)t) {
            cut = true;
            w->cut_body++;
        }
        if (cut && s->fd >= 0) {
            shutdown(s->fd, SHUT_RDWR);
            s->state = W_BUSY;   /* once */
            s->since = now;
        }
    }
    pthread_mutex_unlock(&w->mu);
}

/* Once a minute: what the watch cut, for the operator (stderr). */
static void watch_report(struct conn_watch *w)
{
    pthread_mutex_lock(&w->mu);
    uint64_t h = w->cut_headers, b = w->cut_body;
    w->cut_headers = w->cut_body = 0;
    pthread_mutex_unlock(&w->mu);
    if (h || b)
        fprintf(stderr, "gongkai: serve: cut %llu connections over the header deadline, %llu under the body rate\n",
                (unsigned long long)h, (unsigned long long)b);
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
    r->status = 500;
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
        r->status = 200;
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
        web_error(r, 413, "提交的内容超过了大小限制。");
        return send_response(r);
    }
    if (r->body_bad) {
        web_error(r, 400, "请求的网址参数无效。");
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
        web_error(r, 503, "服务暂时不可用，请稍后再试。");
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
    if (r->status >= 500 && app->cfg.replica && r->st == pthread_getspecific(app->replica_key))
        replica_drop(app);
    if (!get && r->status < 500)
        web_content_changed(app);
    if (key && r->cacheable && r->status == 200 && r->out.len <= CACHE_MAX_BODY)
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
    web_error(r, 503, "服务器正忙，请稍后再试。");
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
        web_error(r, 400, "请求的长度无效。");
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
        web_error(r, 503, "服务暂时不可用，请稍后再试。");
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
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

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
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

static void mhd_log(void *cls, const char *fmt, va_list ap)
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
    int rc = 0;
    store_t *st = NULL;
    struct sockaddr_storage ss;
    socklen_t sl;
    bool v6 = false;
    if ((rc = parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &ss, &sl, &v6, e)))
        goto out;
    if ((rc = store_open(cfg->db_path, &st, e)))
        goto out;
    if ((rc = serve_agency(app, st, e)))
        goto out;
    if ((rc = tpl_init(e)) || (rc = web_static_init(app, e)))
        goto out;
    /* The working-day calendar: what gongkai ships plus the years imported
     * into the store (a year imported while the server runs needs a restart). */
    if ((rc = store_calendar_for(st, app->agency.id, &app->cal, e)))
        goto out;
    {
        buf v;
        buf_init(&v);
        if (store_setting_get(st, app->agency.id, "disclosure.count_from", &v, NULL) == 0 && v.data &&
            strcmp(v.data, "same_day") == 0)
            cal_set_count_from_same_day(app->cal, true);
        buf_free(&v);
    }
    app->session_idle_s = setting_int(st, app->agency.id, "web.session_idle_minutes", 30) * 60;
    app->session_max_s = setting_int(st, app->agency.id, "web.session_max_hours", 12) * 3600;
    app->login_fail_max = setting_int(st, app->agency.id, "web.login_fail_max", 5);
    web_password_policy_load(st, app->agency.id);
    app->login_fail_window_s = setting_int(st, app->agency.id, "web.login_fail_window_minutes", 15) * 60;
    app->apply_per_ip_hour = setting_int(st, app->agency.id, "web.applications_per_ip_hour", 5);
    app->apply_per_phone_day = setting_int(st, app->agency.id, "web.applications_per_phone_day", 10);
    app->apply_per_id_day = setting_int(st, app->agency.id, "web.applications_per_id_day", 10);
    app->apply_surge_per_hour = setting_int(st, app->agency.id, "web.applications_surge_per_hour", 60);
    app->form_limit = (size_t)setting_int(st, app->agency.id, "web.form_limit_kb", 64) * 1024;
    app->upload_limit = (size_t)setting_int(st, app->agency.id, "web.upload_limit_mb", 20) * 1024 * 1024;
    /* The key that hashes client addresses for the rate limits: one per
     * deployment, kept in the settings, so that limits survive a restart and
     * every node of a deployment counts alike. */
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
    app->cache = cache_new();
    if (pthread_key_create(&app->store_key, close_store)) {
        rc = err_set(e, GK_EIO, "serve", "cannot create the per-thread store key");
        goto out;
    }
    if (pthread_key_create(&app->replica_key, close_store)) {
        pthread_key_delete(app->store_key);
        rc = err_set(e, GK_EIO, "serve", "cannot create the per-thread store key");
        goto out;
    }
    if (cfg->access_log) {
        if (strcmp(cfg->access_log, "-") == 0)
            app->log_fd = dup(2);
        else
            app->log_fd = open(cfg->access_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        if (app->log_fd < 0) {
            rc = err_set(e, GK_EIO, cfg->access_log, "cannot open the access log: %s", strerror(errno));
            goto out_key;
        }
    }

    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1)
        threads = 1;
    struct conn_limits lim;
    conn_limits_read(app, st, &lim);
    app->watch = watch_new(lim.header_s, lim.min_rate);

    /* Signals go to this thread only: workers inherit the blocked mask. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_TURBO |
                     MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0);
    app->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, app,
                              MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                              MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                              MHD_OPTION_THREAD_POOL_SIZE, threads,
                              MHD_OPTION_CONNECTION_LIMIT, lim.max_conn,
                              MHD_OPTION_PER_IP_CONNECTION_LIMIT, lim.per_ip,
                              MHD_OPTION_CONNECTION_TIMEOUT, lim.idle_s,
                              MHD_OPTION_NOTIFY_CONNECTION, on_connection, app,
                              MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
                              MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
                              MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
                              MHD_OPTION_END);
    if (!app->d) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rc = err_set(e, GK_EIO, "--listen", "cannot listen on %s (in use, or not an address of this machine)",
                     cfg->listen ? cfg->listen : "127.0.0.1:8080");
        goto out_log;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(app->d, MHD_DAEMON_INFO_BIND_PORT);
    app->port = di ? di->port : 0;
    if (cfg->on_ready) {
        char host[80] = "127.0.0.1";
        if (v6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
        else if (((struct sockaddr_in *)&ss)->sin_addr.s_addr != htonl(INADDR_ANY))
            inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
        char url[160];
        snprintf(url, sizeof url, v6 ? "http://[%s]:%d/" : "http://%s:%d/", host, app->port);
        cfg->on_ready(url, cfg->on_ready_arg);
    }

    app->watching = pthread_create(&app->watcher, NULL, watcher_main, app) == 0;
    web_mail_start(app);

    /* Once a second the connection watch, once a minute the housekeeping. */
    for (unsigned tick = 1;; tick++) {
        struct timespec ts = {1, 0};
        int sig = sigtimedwait(&set, NULL, &ts);
        if (sig == SIGTERM || sig == SIGINT)
            break;
        watch_sweep(app->watch);
        if (tick % 60 == 0) {
            housekeeping(app, st);
            watch_report(app->watch);
        }
        /* the audit chain's heads to the checkpoint file outside the
         * database, hourly (docs/operations.md §17) */
        if (tick % 3600 == 0)
            audit_checkpoint(st);
    }

    /* Graceful: stop accepting, let what is in flight finish (5 s at most). */
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
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    rc = 0;
out_log:
    if (app->log_fd >= 0)
        close(app->log_fd);
out_key:
    pthread_key_delete(app->replica_key);
    pthread_key_delete(app->store_key);
out:
    watch_free(app->watch);
    cache_free(app->cache);
    if (app->cal)
        cal_free(app->cal);
    tpl_free();
    store_close(st);
    free(app);
    return rc;
}
