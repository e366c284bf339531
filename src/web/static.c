/* web — static files (static/), compiled into the binary: served with an
 * ETag and long caching, since the pages link them with ?v=ETAG. */
#include <stdio.h>
#include <string.h>

#include "web/web_internal.h"

struct embedded_file { const char *name; const unsigned char *data; size_t len; };
extern const struct embedded_file web_static_files[];

#define MAX_STATIC 64
static char etags[MAX_STATIC][24];

static const char *ctype_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    static const struct { const char *ext, *type; } types[] = {
        {".css", "text/css; charset=utf-8"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}, {".woff2", "font/woff2"},
    };
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

int web_static_init(web_app *app, err *e)
{
    size_t i = 0;
    for (; web_static_files[i].name; i++) {
        if (i >= MAX_STATIC)
            return err_set(e, GK_EINVAL, "static", "more than %d static files", MAX_STATIC);
        char h[65];
        web_hash_hex(NULL, (const char *)web_static_files[i].data, web_static_files[i].len, h);
        snprintf(etags[i], sizeof etags[i], "%.16s", h);
        if (strcmp(web_static_files[i].name, "gongkai.css") == 0)
            snprintf(app->css_url, sizeof app->css_url, "/static/gongkai.css?v=%s", etags[i]);
    }
    if (!app->css_url[0])
        return err_set(e, GK_EINVAL, "static", "static/gongkai.css is missing from the build");
    return 0;
}

/* GET /static/NAME, /favicon.ico, /robots.txt */
int h_static(web_req *r)
{
    const char *name = web_param(r, 0);
    if (!name)
        name = strcmp(r->path, "/favicon.ico") == 0 ? "favicon.svg" : r->path + 1;
    for (size_t i = 0; web_static_files[i].name; i++) {
        if (strcmp(web_static_files[i].name, name) != 0)
            continue;
        char etag[32];
        snprintf(etag, sizeof etag, "\"%s\"", etags[i]);
        web_add_header(r, "ETag", etag);
        web_add_header(r, "Cache-Control", web_q(r, "v") ? "public, max-age=31536000, immutable"
                                                          : "public, max-age=3600");
        const char *inm = web_header(r, "If-None-Match");
        if (inm && strcmp(inm, etag) == 0) {
            r->ctype = NULL;
            return r->status = 304;
        }
        return web_text(r, 200, ctype_of(name), (const char *)web_static_files[i].data,
                        web_static_files[i].len);
    }
    return web_error(r, 404, "您访问的文件不存在。");
}
