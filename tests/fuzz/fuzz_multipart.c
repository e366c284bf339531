/*
 * libFuzzer target: multipart/form-data bodies (src/web/http.c:
 * web_parse_multipart), the uploads of the console and the API. The input is
 * the Content-Type header's value, a line feed, then the body. What is
 * accepted must be within the limit of parts, with valid UTF-8 names and
 * text fields, and every upload's bytes found in the body as sent; a
 * refusal must come with a message. Run: scripts/fuzz.sh SECONDS multipart.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_PARTS = 8, MAX_HEADER = 1024 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *nl = memchr(data, '\n', size < MAX_HEADER ? size : MAX_HEADER);
    if (!nl)
        return 0;
    size_t hl = (size_t)(nl - (const char *)data);
    char ctype[MAX_HEADER + 1];
    memcpy(ctype, data, hl);
    ctype[hl] = '\0';
    if (strlen(ctype) != hl)          /* a header value holds no NUL: MHD stops there */
        return 0;
    /* the body in a buffer of its own size, so that a read past it is caught */
    size_t n = size - hl - 1;
    char *body = malloc(n ? n : 1);
    memcpy(body, nl + 1, n);
    arena a = {0};
    kvlist l = {0};
    web_upload *files = NULL;
    size_t nfiles = 0;
    err e;
    err_clear(&e);
    int rc = web_parse_multipart(&a, ctype, body, n, &l, &files, &nfiles, MAX_PARTS, &e);
    if (rc != 0) {
        if (rc != GK_EINVAL || e.msg[0] == '\0' || e.where[0] == '\0')
            abort();
    } else {
        if (l.n + nfiles > MAX_PARTS)
            abort();
        for (size_t i = 0; i < l.n; i++)
            if (!utf8_valid(l.v[i].k, strlen(l.v[i].k), NULL) || memchr(l.v[i].v, 0, l.v[i].vlen) ||
                !utf8_valid(l.v[i].v, l.v[i].vlen, NULL) || !memmem(body, n, l.v[i].v, l.v[i].vlen))
                abort();
        for (size_t i = 0; i < nfiles; i++)
            if (!files[i].field || !files[i].filename || !files[i].ctype || files[i].len > n ||
                !utf8_valid(files[i].filename, strlen(files[i].filename), NULL) ||
                (files[i].len && !memmem(body, n, files[i].data, files[i].len)))
                abort();
    }
    arena_free(&a);
    free(body);
    return 0;
}
