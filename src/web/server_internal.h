/*
 * web — what the server's three files share, private to them: server.c (the
 * requests: headers, bodies, the page cache, the per-thread stores, the
 * access log), conn_watch.c (the header deadline and the body rate) and
 * serve.c (start-up from the settings, the main loop, shutdown).
 */
#ifndef GONGKAI_WEB_SERVER_INTERNAL_H
#define GONGKAI_WEB_SERVER_INTERNAL_H

#include <microhttpd.h>
#include <stdarg.h>

#include "web/web_internal.h"

/* ---- the connection watch (conn_watch.c) ---- */
enum watch_state { W_HEADERS, W_BODY, W_BUSY };
/* A watch with the header deadline and the minimum body rate (bytes/s, 0 =
 * none); free with watch_free (NULL is fine). */
struct conn_watch *watch_new(int header_s, int min_rate);
void watch_free(struct conn_watch *w);
/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback (cls: the web_app). */
void watch_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                         enum MHD_ConnectionNotificationCode code);
/* The connection enters state st (the clock restarts on a change) with
 * more_bytes more of its body. */
void watch_set(web_app *app, struct MHD_Connection *c, enum watch_state st, size_t more_bytes);
/* Once a second from the main thread: shuts down connections over their time. */
void watch_sweep(struct conn_watch *w);
/* Once a minute: what the watch cut, on stderr. */
void watch_report(struct conn_watch *w);

/* ---- requests (server.c) ---- */
/* The page cache; free with server_cache_free (NULL is fine). */
struct page_cache *server_cache_new(void);
void server_cache_free(struct page_cache *c);
/* pthread key destructor of the per-thread stores. */
void server_close_store(void *st);
/* The thread that hears other nodes' changes (arg: the web_app). */
void *server_watcher_main(void *arg);
/* libmicrohttpd's callbacks (cls: the web_app). */
enum MHD_Result server_on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls);
void server_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe);
void server_mhd_log(void *cls, const char *fmt, va_list ap);

#endif
