/* web — the connection watch: header deadline and body rate.
 *
 * libmicrohttpd's timeout restarts on every byte, so a client sending one
 * byte every few seconds keeps a connection forever. Every connection is
 * noted here when accepted; its request headers must be complete within
 * web.header_timeout_s (counted from the accept, or from the end of the
 * previous request on a kept-alive connection), and a body must arrive at
 * web.body_min_rate_bps on average once that much time has passed. The main
 * thread checks once a second and shuts down the socket of a connection over
 * its time; libmicrohttpd then sees the end of the stream and closes it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "web/server_internal.h"


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

struct conn_watch *watch_new(int header_s, int min_rate)
{
    struct conn_watch *w = xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->mu, NULL);
    w->head.prev = w->head.next = &w->head;
    w->header_s = header_s;
    w->min_rate = min_rate;
    return w;
}

void watch_free(struct conn_watch *w)
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

void watch_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
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

void watch_set(web_app *app, struct MHD_Connection *c, enum watch_state st, size_t more_bytes)
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
void watch_sweep(struct conn_watch *w)
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
void watch_report(struct conn_watch *w)
{
    pthread_mutex_lock(&w->mu);
    uint64_t h = w->cut_headers, b = w->cut_body;
    w->cut_headers = w->cut_body = 0;
    pthread_mutex_unlock(&w->mu);
    if (h || b)
        fprintf(stderr, "gongkai: serve: cut %llu connections over the header deadline, %llu under the body rate\n",
                (unsigned long long)h, (unsigned long long)b);
}
